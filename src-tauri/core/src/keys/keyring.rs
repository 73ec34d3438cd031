//! Where the wrapped database key lives: the OS keyring.
//!
//! Real backends only (Windows Credential Manager, macOS Keychain, Linux Secret Service —
//! selected per target in Cargo.toml). The in-memory store below exists for unit tests only.

use crate::{Error, Result};

/// A place that keeps small secrets under an account name.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// `Ok(None)` when there is no entry for `account`.
    fn get(&self, account: &str) -> Result<Option<Vec<u8>>>;
    fn set(&self, account: &str, secret: &[u8]) -> Result<()>;
    fn delete(&self, account: &str) -> Result<()>;
}

/// The service name under which Tryggplan's entries are stored in the OS keyring.
pub const SERVICE: &str = "se.tryggplan.databasnyckel";

/// The operating system's keyring.
#[derive(Debug, Default)]
pub struct OsKeyring;

fn unavailable(e: keyring::Error) -> Error {
    Error::KeyringUnavailable {
        detail: e.to_string(),
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, account: &str) -> Result<Option<Vec<u8>>> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(unavailable)?;
        match entry.get_secret() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn set(&self, account: &str, secret: &[u8]) -> Result<()> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(unavailable)?;
        entry.set_secret(secret).map_err(unavailable)
    }

    fn delete(&self, account: &str) -> Result<()> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(unavailable)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// An in-memory keyring for unit tests, with switchable failure.
#[cfg(test)]
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    entries: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>>,
    unavailable: std::sync::Arc<std::sync::atomic::AtomicBool>,
    write_fault: std::sync::Arc<std::sync::Mutex<WriteFault>>,
}

/// How the test keyring's next writes (`set`, `delete`) fail.
#[cfg(test)]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum WriteFault {
    #[default]
    None,
    /// The write is refused and nothing is stored (reads still work).
    Refused,
    /// The first write is stored, then reported as failed; later writes work.
    StoredThenFailsOnce,
    /// The first write is stored and reported as failed, and from then on the whole keyring
    /// is unreachable (a daemon that died mid-write).
    StoredThenGone,
}

#[cfg(test)]
impl MemoryStore {
    pub fn set_unavailable(&self, yes: bool) {
        self.unavailable
            .store(yes, std::sync::atomic::Ordering::SeqCst);
    }
    pub fn clear(&self) {
        self.entries.lock().unwrap().clear();
    }
    pub fn set_write_fault(&self, fault: WriteFault) {
        *self.write_fault.lock().unwrap() = fault;
    }
    /// Every entry as it is now (to compare byte for byte later).
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.entries
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
    /// Applies the write fault to a write that `write` makes.
    fn write(
        &self,
        write: impl FnOnce(&mut std::collections::HashMap<String, Vec<u8>>),
    ) -> Result<()> {
        self.check()?;
        let mut fault = self.write_fault.lock().unwrap();
        let failed = Err(Error::KeyringUnavailable {
            detail: "testfel vid skrivning".into(),
        });
        match *fault {
            WriteFault::None => {
                write(&mut self.entries.lock().unwrap());
                Ok(())
            }
            WriteFault::Refused => failed,
            WriteFault::StoredThenFailsOnce => {
                write(&mut self.entries.lock().unwrap());
                *fault = WriteFault::None;
                failed
            }
            WriteFault::StoredThenGone => {
                write(&mut self.entries.lock().unwrap());
                self.set_unavailable(true);
                failed
            }
        }
    }
    fn check(&self) -> Result<()> {
        if self.unavailable.load(std::sync::atomic::Ordering::SeqCst) {
            Err(Error::KeyringUnavailable {
                detail: "testfel".into(),
            })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Vec<u8>>> {
        self.check()?;
        Ok(self.entries.lock().unwrap().get(account).cloned())
    }
    fn set(&self, account: &str, secret: &[u8]) -> Result<()> {
        self.write(|e| {
            e.insert(account.to_owned(), secret.to_vec());
        })
    }
    fn delete(&self, account: &str) -> Result<()> {
        self.write(|e| {
            e.remove(account);
        })
    }
}

/// The keyring account name of a profile.
pub(crate) fn keyring_account(profile_id: &str) -> String {
    format!("profil-{profile_id}")
}

/// The keyring account of a profile's history checkpoint (not secret; kept outside the file).
pub(crate) fn history_anchor_account(profile_id: &str) -> String {
    format!("historik-{profile_id}")
}
