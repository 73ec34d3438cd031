//! The vault: the app's one handle on the encrypted database, and the lock around it.
//!
//! Architecture invariant: **every data operation goes through [`Vault::with_conn`]**, which
//! fails with [`Error::Locked`] while locked. Locking closes the connection (SQLCipher wipes
//! its key schedule on close) and drops every piece of key material we hold; our own copies
//! live in [`zeroize::Zeroizing`] buffers and are wiped on drop.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;
use secrecy::SecretString;
use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::files::{
    create_private_dir, sync_dir, write_private_atomically, write_private_atomically_as,
    PROFILE_ID_FILE,
};
use crate::ids::CaseId;
use crate::keys::keyring::SecretStore;
use crate::keys::keyring::{history_anchor_account, keyring_account};
use crate::keys::recovery::{self, RecoveryKey, RECOVERY_FILE};
use crate::keys::{self, DbKey, KdfParams};
use crate::store::{self, OpenMode};
use crate::{Error, Result};

/// Default idle time before the vault locks itself.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
const AUTO_LOCK_SETTING: &str = "auto_lock_minutes";
/// Set in the practice profile's database when it is made (issue 19).
const PRACTICE_SETTING: &str = "practice_profile";
/// Failed attempts allowed before a waiting time is imposed.
pub const FREE_ATTEMPTS: u32 = 3;
/// Longest waiting time between attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SessionState {
    /// No database yet: the user chooses a passphrase.
    NeedsSetup,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionStatus {
    pub state: SessionState,
    /// Seconds until the next unlock attempt is allowed, after repeated failures.
    pub retry_after_seconds: Option<u32>,
    pub auto_lock_minutes: u32,
    pub min_passphrase_length: u32,
    /// Set (while unlocked) when the history no longer holds the checkpoint kept at the last
    /// lock: what happened and what to do, in Swedish.
    pub history_warning: Option<String>,
    /// Which profile this is (issue 19): the practice profile's screens carry its mark.
    pub profile: crate::profile::ProfileKind,
}

/// A recovery key as the screen shows it once: its nine groups (the last is the check group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecoveryKeyView {
    pub groups: Vec<String>,
}

impl From<&RecoveryKey> for RecoveryKeyView {
    fn from(k: &RecoveryKey) -> Self {
        RecoveryKeyView {
            groups: k.groups().to_vec(),
        }
    }
}

/// First start done: the unlocked session, and the recovery key to show and print once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileCreated {
    pub status: SessionStatus,
    pub recovery_key: RecoveryKeyView,
}

/// Why the vault locked; sent to the UI with the lock event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum LockReason {
    Manual,
    Idle,
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LockedEvent {
    pub reason: LockReason,
}

/// Waiting time after `failures` consecutive wrong passphrases: none for the first
/// [`FREE_ATTEMPTS`], then 5 s, doubling, at most [`MAX_BACKOFF`].
pub fn backoff(failures: u32) -> Duration {
    if failures < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let exp = (failures - FREE_ATTEMPTS).min(16);
    Duration::from_secs(5u64 << exp).min(MAX_BACKOFF)
}

#[derive(Debug)]
pub struct Vault {
    dir: PathBuf,
    /// Real or practice: from the directory (see [`crate::profile::ProfileKind::of_dir`]), or
    /// practice when the open database says it is one.
    kind: crate::profile::ProfileKind,
    secrets: Box<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    kdf: KdfParams,
    conn: Option<Connection>,
    /// The database key while unlocked (SQLCipher holds it too while the connection is open);
    /// dropped, and so wiped, by every lock. Used to wrap a backup's key.
    key: Option<DbKey>,
    /// The open profile's id (set while unlocked); it names who made a change in the history.
    profile: Option<String>,
    failures: u32,
    retry_at: Option<Duration>,
    last_activity: Duration,
    auto_lock: Duration,
    /// The protected records opened explicitly in this unlocked session; every lock (manual,
    /// idle, or the one at the start of an unlock) forgets them.
    opened: BTreeSet<CaseId>,
    /// The history-checkpoint warning of this unlock (see [`Vault::check_history_anchor`]).
    history_warning: Option<String>,
    /// Issue 18: the rate limit of case searches (see [`crate::search_budget::SearchBudget`]). Not
    /// reset by a lock.
    search_budget: crate::search_budget::SearchBudget,
}

impl Vault {
    /// A vault over the data directory `dir` (created on setup, owner-only on Unix).
    pub fn new(
        dir: impl Into<PathBuf>,
        secrets: Box<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let now = clock.now();
        let dir: PathBuf = dir.into();
        Vault {
            kind: crate::profile::ProfileKind::of_dir(&dir),
            dir,
            secrets,
            clock,
            kdf: KdfParams::DEFAULT,
            conn: None,
            key: None,
            profile: None,
            failures: 0,
            retry_at: None,
            last_activity: now,
            auto_lock: Duration::from_secs(60 * DEFAULT_AUTO_LOCK_MINUTES as u64),
            opened: BTreeSet::new(),
            history_warning: None,
            search_budget: crate::search_budget::SearchBudget::default(),
        }
    }

    /// Overrides the Argon2id cost (tests use cheap parameters).
    pub fn with_kdf(mut self, kdf: KdfParams) -> Self {
        self.kdf = kdf;
        self
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join(store::DB_FILE)
    }

    fn database_exists(&self) -> bool {
        store::database_files(&self.db_path())
            .iter()
            .take(2) // the file or its WAL: either means data may exist
            // An unreadable path (permissions, I/O error) counts as existing: never offer to
            // create a new database where one may be.
            .any(|p| p.try_exists().unwrap_or(true))
    }

    pub fn is_unlocked(&self) -> bool {
        self.conn.is_some()
    }

    pub fn state(&self) -> SessionState {
        if self.conn.is_some() {
            SessionState::Unlocked
        } else if self.database_exists() {
            SessionState::Locked
        } else {
            SessionState::NeedsSetup
        }
    }

    pub fn status(&self) -> SessionStatus {
        SessionStatus {
            state: self.state(),
            retry_after_seconds: self.retry_after().map(ceil_secs),
            auto_lock_minutes: (self.auto_lock.as_secs() / 60) as u32,
            min_passphrase_length: keys::MIN_PASSPHRASE_CHARS as u32,
            history_warning: self.conn.as_ref().and(self.history_warning.clone()),
            profile: self.kind,
        }
    }

    /// Time left before another unlock attempt is allowed.
    pub fn retry_after(&self) -> Option<Duration> {
        let now = self.clock.now();
        self.retry_at.filter(|t| *t > now).map(|t| t - now)
    }

    fn account(profile_id: &str) -> String {
        keyring_account(profile_id)
    }

    /// Restores a backup into a new profile at `profile_dir` (never this vault's own directory),
    /// with this vault's keyring. See [`crate::backup::restore`]. The app then switches to the
    /// new profile (a vault over `profile_dir`, unlocked with the new passphrase).
    pub fn restore_into(
        &self,
        backup: &Path,
        secret: crate::backup::Secret<'_>,
        new_passphrase: &str,
        confirmation: &str,
        profile_dir: &Path,
        progress: &mut dyn FnMut(crate::backup::Progress),
    ) -> Result<crate::backup::Restored> {
        self.refuse_in_practice("återställa säkerhetskopior")?;
        if crate::profile::ProfileKind::of_dir(profile_dir).is_practice() {
            return Err(Error::Refused(
                "En säkerhetskopia kan inte återställas till övningsprofilen. Inget har ändrats."
                    .into(),
            ));
        }
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if same(profile_dir, &self.dir) {
            return Err(Error::InvalidInput(
                "En säkerhetskopia återställs alltid till en ny profil, aldrig över den nuvarande. \
                 Inget har ändrats."
                    .into(),
            ));
        }
        crate::backup::restore(
            backup,
            secret,
            new_passphrase,
            confirmation,
            crate::backup::RestoreTarget {
                profile_dir,
                secrets: self.secrets.as_ref(),
                kdf: self.kdf,
            },
            progress,
        )
    }

    /// Restores `backup` into a new profile directory under `base` (the app's data directory,
    /// see [`crate::profile`]) and switches this vault to it, unlocked with the new passphrase.
    ///
    /// Issue 8: "Restore into a new profile; verify (`integrity_check`,
    /// `cipher_integrity_check`, row counts) before the restored data is used." and "the
    /// damaged file is kept, never overwritten, never replaced by an empty database."
    ///
    /// A lock-screen operation (the unlock and first-start screens offer it): allowed while
    /// locked, and it locks an unlocked vault first. The current profile is never written to:
    /// its directory (a damaged database, or one whose passphrase is lost) stays as it was.
    ///
    /// Issue 18: the restore's history entry (`backup.restored`: when the backup was made,
    /// never what it holds) is the new profile's first entry, committed before the pointer
    /// names the new directory. In order, and what each failure leaves:
    /// 1. The restore itself ([`crate::backup::restore`]) fails: it removed what it made.
    /// 2. The new profile doesn't unlock, its history entry can't be written, or the pointer
    ///    can't be moved: the vault locks and goes back to the old directory, the new profile
    ///    (its directory and its keyring entry) is removed, the pointer still names the old
    ///    one. Nothing of the restore remains; the old profile is as it was.
    ///
    /// Returns the new profile's recovery key, to be shown once and printed.
    #[allow(clippy::too_many_arguments)]
    pub fn restore_and_switch(
        &mut self,
        base: &Path,
        backup: &Path,
        secret: crate::backup::Secret<'_>,
        new_passphrase: &str,
        confirmation: &str,
        now: chrono::DateTime<chrono::Utc>,
        progress: &mut dyn FnMut(crate::backup::Progress),
    ) -> Result<(SessionStatus, RecoveryKey)> {
        self.lock();
        self.refuse_in_practice("återställa säkerhetskopior")?;
        let dir = crate::profile::new_dir(base, now);
        let restored =
            self.restore_into(backup, secret, new_passphrase, confirmation, &dir, progress)?;
        let created = chrono::DateTime::parse_from_rfc3339(&restored.info.created_at)
            .map(|t| {
                t.with_timezone(&chrono_tz::Europe::Stockholm)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| "vid okänd tid".into());
        let old_dir = std::mem::replace(&mut self.dir, dir.clone());
        let (failures, retry_at) = (self.failures, self.retry_at);
        self.failures = 0;
        self.retry_at = None;
        let switched = self.unlock(new_passphrase).and_then(|status| {
            self.with_ctx(now, |c, ctx| {
                let tx = c.transaction()?;
                crate::audit::record(
                    &tx,
                    ctx,
                    None,
                    "backup.restored",
                    &format!(
                        "Uppgifterna återställda till en ny profil från en säkerhetskopia gjord \
                         {created}"
                    ),
                )?;
                tx.commit()?;
                Ok(())
            })?;
            crate::profile::activate(base, &dir)?;
            Ok(status)
        });
        match switched {
            Ok(status) => Ok((status, restored.recovery_key)),
            Err(e) => {
                let new_profile = self.read_profile_id().ok().flatten();
                self.lock();
                self.dir = old_dir;
                self.failures = failures;
                self.retry_at = retry_at;
                if let Some(id) = new_profile {
                    let _ = self.secrets.delete(&Self::account(&id));
                    let _ = self.secrets.delete(&history_anchor_account(&id));
                }
                let _ = std::fs::remove_dir_all(&dir);
                Err(e)
            }
        }
    }

    fn read_profile_id(&self) -> Result<Option<String>> {
        match std::fs::read_to_string(self.dir.join(PROFILE_ID_FILE)) {
            Ok(s) => {
                let id = s.trim().to_owned();
                if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(Some(id))
                } else {
                    Ok(None)
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io {
                what: "profilens id",
                source,
            }),
        }
    }

    /// First start: creates the key, stores it wrapped in the OS keyring, creates the
    /// database. If the keyring can't be used nothing is created. Never touches an existing
    /// database.
    ///
    /// Makes no recovery key: the app uses [`Vault::create_profile`]; this remains for tools
    /// and tests that don't need one.
    pub fn setup(&mut self, passphrase: &str, confirmation: &str) -> Result<SessionStatus> {
        self.setup_inner(passphrase, confirmation, None)
    }

    /// First start, with a recovery key: like [`Vault::setup`], and the database key is also
    /// wrapped under a fresh recovery key in [`RECOVERY_FILE`] beside the database. The key is
    /// returned once, to be shown and printed (the recovery sheet); it is kept nowhere else.
    ///
    /// Issue 8: "At first start (and on request) the app produces a recovery key and a
    /// printable recovery sheet (PDF) to keep in a safe".
    pub fn create_profile(
        &mut self,
        passphrase: &str,
        confirmation: &str,
    ) -> Result<(SessionStatus, RecoveryKey)> {
        let rk = RecoveryKey::generate()?;
        let status = self.setup_inner(passphrase, confirmation, Some(&rk))?;
        Ok((status, rk))
    }

    fn setup_inner(
        &mut self,
        passphrase: &str,
        confirmation: &str,
        recovery_key: Option<&RecoveryKey>,
    ) -> Result<SessionStatus> {
        if self.database_exists() {
            return Err(Error::AlreadySetUp);
        }
        let pass = keys::typed_passphrase(passphrase)?;
        let confirm = keys::typed_passphrase(confirmation)?;
        keys::validate_new_passphrase(&pass, &confirm)?;

        let mut raw = [0u8; 16];
        getrandom::getrandom(&mut raw).map_err(|_| Error::Internal("slumptalskälla"))?;
        let profile_id = hex::encode(raw);
        let account = Self::account(&profile_id);

        let key = DbKey::generate()?;
        let wrapped = keys::wrap(&key, &pass, self.kdf, &profile_id)?;
        self.secrets.set(&account, &wrapped)?;
        // Read it back: a keyring that accepts but doesn't keep is no keyring.
        match self.secrets.get(&account)? {
            Some(back) if back == wrapped => {}
            _ => {
                let _ = self.secrets.delete(&account);
                return Err(Error::KeyringUnavailable {
                    detail: "the stored key could not be read back".into(),
                });
            }
        }

        let recovery_blob = match recovery_key {
            Some(rk) => Some(recovery::wrap(&key, rk, &profile_id)?),
            None => None,
        };
        let result = self.create_files(&profile_id, &key, recovery_blob.as_deref());
        if result.is_err() {
            let _ = self.secrets.delete(&account);
        }
        let conn = result?;
        self.conn = Some(conn);
        self.key = Some(key);
        self.profile = Some(profile_id);
        self.failures = 0;
        self.retry_at = None;
        self.last_activity = self.clock.now();
        Ok(self.status())
    }

    fn create_files(
        &self,
        profile_id: &str,
        key: &DbKey,
        recovery_blob: Option<&[u8]>,
    ) -> Result<Connection> {
        create_private_dir(&self.dir)?;
        write_private_atomically_as(
            &self.dir.join(PROFILE_ID_FILE),
            profile_id.as_bytes(),
            "profilens id",
        )?;
        if let Some(blob) = recovery_blob {
            write_private_atomically(&self.dir.join(RECOVERY_FILE), blob)?;
        }
        // The store removes the files it created if it fails; nothing else is touched.
        let result = store::open(&self.db_path(), key, OpenMode::Create);
        if result.is_err() && recovery_blob.is_some() {
            let _ = std::fs::remove_file(self.dir.join(RECOVERY_FILE));
        }
        result
    }

    /// Whether this profile has a recovery file (a recovery key was made for it).
    pub fn has_recovery_key(&self) -> bool {
        self.dir.join(RECOVERY_FILE).exists()
    }

    /// Unwraps the database key from the keyring with `passphrase`, counting a wrong one
    /// towards the waiting time like an unlock does. Returns the key and the wrapped blob as
    /// it was read (to put back if a change has to be undone).
    fn key_from_keyring(
        &mut self,
        profile_id: &str,
        passphrase: &SecretString,
    ) -> Result<(DbKey, Zeroizing<Vec<u8>>)> {
        if let Some(wait) = self.retry_after() {
            return Err(Error::TooManyAttempts {
                seconds: ceil_secs(wait),
            });
        }
        let wrapped = Zeroizing::new(
            self.secrets
                .get(&Self::account(profile_id))?
                .ok_or(Error::KeyMissing)?,
        );
        match keys::unwrap(&wrapped, passphrase, profile_id) {
            Ok(k) => Ok((k, wrapped)),
            Err(Error::WrongPassphrase) => {
                self.count_failure();
                Err(Error::WrongPassphrase)
            }
            Err(e) => Err(e),
        }
    }

    /// The open profile's id while unlocked, else [`Error::Locked`]. The first thing every key
    /// operation of an unlocked session does, before it reads the keyring or any file.
    fn unlocked_profile(&self) -> Result<String> {
        match (&self.conn, &self.key, &self.profile) {
            (Some(_), Some(_), Some(p)) => Ok(p.clone()),
            _ => Err(Error::Locked),
        }
    }

    /// The key from the keyring must be the key of the open database: a keyring entry that
    /// holds another key is never re-wrapped or copied into a recovery file.
    fn same_as_open_key(&self, key: &DbKey) -> Result<()> {
        match &self.key {
            Some(open) if open.bytes() == key.bytes() => Ok(()),
            _ => Err(Error::Internal(
                "nyckeln i nyckelringen hör inte till databasen",
            )),
        }
    }

    fn count_failure(&mut self) {
        self.failures += 1;
        let wait = backoff(self.failures);
        if !wait.is_zero() {
            self.retry_at = Some(self.clock.now() + wait);
        }
    }

    /// Changes the passphrase: the database key is unwrapped with the old passphrase and
    /// wrapped again under the new one. The database file is not re-encrypted.
    ///
    /// Issue 8: "Passphrase change re-wraps the key without re-encrypting the database."
    /// Issue 18: only while unlocked, and the history entry (`keys.passphrase`) is in the same
    /// transaction as the change.
    ///
    /// In order, and what each failure leaves:
    /// 1. Locked → [`Error::Locked`]; nothing read (no keyring, no file).
    /// 2. Any of the three inputs longer than [`keys::MAX_PASSPHRASE_BYTES`] →
    ///    [`Error::PassphraseTooLong`], before any hashing; a new passphrase too short, too long
    ///    or unconfirmed → its error. Nothing read.
    /// 3. The keyring entry is read and unwrapped with `old` (Argon2id); a wrong one counts
    ///    towards the waiting time. The unwrapped key must be the open database's key. Nothing
    ///    written.
    /// 4. The new blob is made (Argon2id under `new`); the old blob stays in memory
    ///    (zeroized on drop).
    /// 5. From here see [`record_outside_write`]: the history entry is written in a
    ///    transaction; the keyring entry is replaced and read back; the transaction commits.
    ///    A failed history write changes nothing; a failed keyring write or commit puts the
    ///    old blob back (read back to be sure) and rolls back, so the old passphrase still
    ///    opens and there is no entry. Only when the old blob can't be put back either is the
    ///    result [`Error::KeyChangeUncertain`], with a `keys.passphrase_uncertain` entry when
    ///    the database takes one: the old or the new passphrase opens.
    pub fn change_passphrase(&mut self, old: &str, new: &str, confirmation: &str) -> Result<()> {
        let profile_id = self.unlocked_profile()?;
        self.refuse_in_practice("byta lösenfras")?;
        let old = keys::typed_passphrase(old)?;
        let new_pass = keys::typed_passphrase(new)?;
        keys::validate_new_passphrase(&new_pass, &keys::typed_passphrase(confirmation)?)?;
        let (key, old_blob) = self.key_from_keyring(&profile_id, &old)?;
        self.failures = 0;
        self.retry_at = None;
        self.same_as_open_key(&key)?;
        let new_blob = Zeroizing::new(keys::wrap(&key, &new_pass, self.kdf, &profile_id)?);
        let account = Self::account(&profile_id);
        let ctx = Ctx::new(profile_id, chrono::Utc::now());
        let secrets = self.secrets.as_ref();
        let conn = self.conn.as_mut().ok_or(Error::Locked)?;
        record_outside_write(
            conn,
            &ctx,
            &PASSPHRASE_CHANGE,
            || put_keyring_entry(secrets, &account, Some(&new_blob)),
            || put_keyring_entry(secrets, &account, Some(&old_blob)),
        )
    }

    /// Makes a new recovery key (the passphrase confirms it is the user), replacing the old
    /// one: the old sheet stops working. Returned once, to show and print.
    ///
    /// Issue 18: only while unlocked, and the history entry (`keys.recovery_new`) is in the
    /// same transaction as the new recovery file.
    ///
    /// In order, and what each failure leaves:
    /// 1. Locked → [`Error::Locked`]; nothing read.
    /// 2. `passphrase` longer than [`keys::MAX_PASSPHRASE_BYTES`] → [`Error::PassphraseTooLong`]
    ///    before any hashing.
    /// 3. The keyring entry is unwrapped with it (a wrong one counts towards the waiting
    ///    time); the key must be the open database's. Nothing written.
    /// 4. The old recovery file (if any) is read into memory (zeroized on drop); the new key
    ///    and its file contents are made.
    /// 5. See [`record_outside_write`]: the history entry in a transaction; the new file
    ///    written atomically (temporary file, fsync, rename, directory fsync); commit. A failed
    ///    history write changes nothing; a failed file write or commit puts the old file back
    ///    byte for byte (or removes the new one if there was none) and rolls back, so the
    ///    printed sheet still opens and there is no entry. Only when the old file can't be put
    ///    back either is the result [`Error::KeyChangeUncertain`] (with a
    ///    `keys.recovery_new_uncertain` entry when the database takes one): make a new key again.
    pub fn new_recovery_key(&mut self, passphrase: &str) -> Result<RecoveryKey> {
        let profile_id = self.unlocked_profile()?;
        self.refuse_in_practice("göra en återställningsnyckel")?;
        let pass = keys::typed_passphrase(passphrase)?;
        let (key, _) = self.key_from_keyring(&profile_id, &pass)?;
        self.failures = 0;
        self.retry_at = None;
        self.same_as_open_key(&key)?;
        let path = self.dir.join(RECOVERY_FILE);
        let old_file = match std::fs::read(&path) {
            Ok(b) => Some(Zeroizing::new(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(Error::Io {
                    what: "återställningsfilen",
                    source,
                })
            }
        };
        let rk = RecoveryKey::generate()?;
        let blob = recovery::wrap(&key, &rk, &profile_id)?;
        let ctx = Ctx::new(profile_id, chrono::Utc::now());
        let conn = self.conn.as_mut().ok_or(Error::Locked)?;
        record_outside_write(
            conn,
            &ctx,
            &RECOVERY_KEY_CHANGE,
            || write_private_atomically(&path, &blob),
            || put_recovery_file(&path, old_file.as_deref().map(|b| b.as_slice())),
        )?;
        Ok(rk)
    }

    /// Opens the data with the recovery key when the passphrase is forgotten or the keyring
    /// entry is gone, and at once sets a new passphrase (a new keyring entry). Nothing is
    /// changed unless the key opens the database and the new passphrase is valid.
    ///
    /// A lock-screen operation ("Glömt lösenfrasen"): allowed while locked, and it locks an
    /// unlocked vault first, like [`Vault::unlock`]. Inputs are capped before anything is
    /// hashed ([`keys::MAX_PASSPHRASE_BYTES`], [`recovery::MAX_TYPED_BYTES`]). The history
    /// entry (`keys.recovered`) is written in the same transaction as the new keyring entry,
    /// as in [`record_outside_write`]: if the history write fails nothing is changed; if the
    /// keyring write or the commit fails the keyring gets back what it held (the old entry,
    /// or none) and the vault stays locked.
    ///
    /// Issue 8: "with it the data can be opened when the passphrase is forgotten or the OS
    /// keyring is lost (new laptop, reinstalled Windows)".
    pub fn recover(
        &mut self,
        recovery_key: &str,
        new_passphrase: &str,
        confirmation: &str,
    ) -> Result<SessionStatus> {
        self.lock();
        self.refuse_in_practice("använda en återställningsnyckel")?;
        if let Some(wait) = self.retry_after() {
            return Err(Error::TooManyAttempts {
                seconds: ceil_secs(wait),
            });
        }
        if !self.database_exists() {
            return Err(Error::InvalidInput(
                "Det finns ingen databas att öppna här. Återställ från en säkerhetskopia i stället."
                    .into(),
            ));
        }
        let new_pass = keys::typed_passphrase(new_passphrase)?;
        keys::validate_new_passphrase(&new_pass, &keys::typed_passphrase(confirmation)?)?;
        let rk = RecoveryKey::parse(recovery_key)?;
        let profile_id = self.read_profile_id()?.ok_or(Error::RecoveryMissing)?;
        let blob = match std::fs::read(self.dir.join(RECOVERY_FILE)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::RecoveryMissing)
            }
            Err(source) => {
                return Err(Error::Io {
                    what: "återställningsfilen",
                    source,
                })
            }
        };
        let key = match recovery::unwrap(&blob, &rk, &profile_id) {
            Ok(k) => k,
            Err(Error::WrongRecoveryKey) => {
                self.count_failure();
                return Err(Error::WrongRecoveryKey);
            }
            Err(e) => return Err(e),
        };
        // The database must open before the keyring is changed.
        let mut conn = store::open(&self.db_path(), &key, OpenMode::Existing)?;
        let account = Self::account(&profile_id);
        // What the keyring holds now (nothing, if it was lost): put back if the change fails.
        let old_blob = self.secrets.get(&account)?.map(Zeroizing::new);
        let new_blob = Zeroizing::new(keys::wrap(&key, &new_pass, self.kdf, &profile_id)?);
        let ctx = Ctx::new(profile_id.clone(), chrono::Utc::now());
        let secrets = self.secrets.as_ref();
        record_outside_write(
            &mut conn,
            &ctx,
            &RECOVERED,
            || put_keyring_entry(secrets, &account, Some(&new_blob)),
            || put_keyring_entry(secrets, &account, old_blob.as_deref().map(|b| b.as_slice())),
        )?;
        self.finish_unlock(conn, key, profile_id)
    }

    fn finish_unlock(
        &mut self,
        conn: Connection,
        key: DbKey,
        profile_id: String,
    ) -> Result<SessionStatus> {
        let minutes = store::get_setting(&conn, AUTO_LOCK_SETTING)?
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|m| (1..=60).contains(m))
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
        self.auto_lock = Duration::from_secs(60 * minutes as u64);
        // A database made as the practice profile stays one wherever its files are.
        if store::get_setting(&conn, PRACTICE_SETTING)?.is_some() {
            self.kind = crate::profile::ProfileKind::Practice;
        }
        self.conn = Some(conn);
        self.key = Some(key);
        self.profile = Some(profile_id);
        self.failures = 0;
        self.retry_at = None;
        self.last_activity = self.clock.now();
        self.history_warning = None;
        // The data is open now: a check that can't be made warns, it never undoes the unlock.
        if self.check_history_anchor().is_err() {
            self.history_warning = Some(
                "Historiken kunde inte jämföras med kontrollpunkten från den senaste låsningen. \
                 Kontrollera loggen under Inställningar; kvarstår felet, kontakta IT-stöd."
                    .into(),
            );
        }
        Ok(self.status())
    }

    /// Writes an encrypted backup of the open database to `dest` (see [`crate::backup`]) and
    /// records its time as the last backup. `progress` gets (pages done, pages total).
    pub fn backup_to(
        &mut self,
        dest: &Path,
        now: chrono::DateTime<chrono::Utc>,
        progress: &mut dyn FnMut(crate::backup::Progress),
    ) -> Result<crate::backup::BackupReceipt> {
        let profile_id = self.profile.clone().ok_or(Error::Locked)?;
        self.refuse_in_practice("göra säkerhetskopior")?;
        // Never into the data directory: a backup beside the data is lost with it, and a
        // chosen name like the database's would replace the live file.
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let inside = match (parent.canonicalize(), self.dir.canonicalize()) {
            (Ok(p), Ok(d)) => p.starts_with(&d),
            _ => parent.starts_with(&self.dir),
        };
        if inside {
            return Err(Error::Export(
                "säkerhetskopian kan inte sparas i Tryggplans egen datamapp".into(),
            ));
        }
        let passphrase_slot = self
            .secrets
            .get(&Self::account(&profile_id))?
            .ok_or(Error::KeyMissing)?;
        let recovery_slot = match std::fs::read(self.dir.join(RECOVERY_FILE)) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(Error::Io {
                    what: "återställningsfilen",
                    source,
                })
            }
        };
        let key = self.key.as_ref().ok_or(Error::Locked)?;
        let slots = crate::backup::Slots {
            profile_id: &profile_id,
            passphrase: &passphrase_slot,
            recovery: recovery_slot.as_deref(),
        };
        let conn = self.conn.as_mut().ok_or(Error::Locked)?;
        let receipt = crate::backup::write(conn, key, &slots, dest, now, progress)?;
        // No backup without its history entry: if the entry can't be written, the file just
        // written is removed again (a file the user chose to replace is then gone too; the
        // error says nothing was saved).
        if let Err(e) = record_backup(conn, &Ctx::new(profile_id.clone(), now)) {
            let _ = std::fs::remove_file(dest);
            let _ = sync_dir(parent);
            return Err(e);
        }
        self.last_activity = self.clock.now();
        Ok(receipt)
    }

    /// Unlocks with the passphrase: keyring read, Argon2id, unwrap, open and verify.
    pub fn unlock(&mut self, passphrase: &str) -> Result<SessionStatus> {
        // Never "unlock" without checking the passphrase: if the UI shows the lock screen while
        // the vault is open (a lost lock event, say), the vault locks and the passphrase is
        // verified like any other time.
        self.lock();
        // Refused before the keyring is read or anything is hashed.
        let pass = keys::typed_passphrase(passphrase)?;
        if let Some(wait) = self.retry_after() {
            return Err(Error::TooManyAttempts {
                seconds: ceil_secs(wait),
            });
        }
        if !self.database_exists() {
            return Err(Error::InvalidInput(
                "Det finns ingen databas att låsa upp ännu. Välj en lösenfras för att skapa den."
                    .into(),
            ));
        }
        let profile_id = self.read_profile_id()?.ok_or(Error::KeyMissing)?;
        let wrapped = self
            .secrets
            .get(&Self::account(&profile_id))?
            .ok_or(Error::KeyMissing)?;
        let key = match keys::unwrap(&wrapped, &pass, &profile_id) {
            Ok(k) => k,
            Err(Error::WrongPassphrase) => {
                self.failures += 1;
                let wait = backoff(self.failures);
                if !wait.is_zero() {
                    self.retry_at = Some(self.clock.now() + wait);
                }
                return Err(Error::WrongPassphrase);
            }
            Err(e) => return Err(e),
        };
        let conn = store::open(&self.db_path(), &key, OpenMode::Existing)?;
        self.finish_unlock(conn, key, profile_id)
    }

    /// Locks: closes the database and drops all key material. Idempotent.
    pub fn lock(&mut self) -> SessionStatus {
        if let Some(conn) = self.conn.take() {
            if let Some(profile) = &self.profile {
                self.keep_history_anchor(&conn, profile);
            }
            // On a close error the connection is dropped anyway (rusqlite closes on drop).
            let _ = conn.close();
        }
        self.key = None;
        self.profile = None;
        self.opened.clear();
        self.history_warning = None;
        self.status()
    }

    /// Issue 8: the access history is "hash-chained (each entry covers the previous entry's
    /// hash)". The chain shows a changed entry, but not a history cut off at the end with its
    /// tip rewritten, or a whole database rewound to an older copy, by someone who has the
    /// key. So at every lock the chain's head (entries, last id, its hash) is kept outside the
    /// file, in the OS keyring beside the wrapped key, and the next unlock checks the history
    /// still holds it ([`Vault::check_history_anchor`]). Best effort: a lock never fails.
    fn keep_history_anchor(&self, conn: &Connection, profile: &str) {
        if let Ok(anchor) = crate::audit::anchor(conn) {
            if let Ok(bytes) = serde_json::to_vec(&anchor) {
                let _ = self.secrets.set(&history_anchor_account(profile), &bytes);
            }
        }
    }

    /// At unlock: does the history still hold the checkpoint of the last lock? If not, the
    /// data still opens (nothing is refused or changed), the mismatch is written to the
    /// history, and the status carries a warning for the screen.
    fn check_history_anchor(&mut self) -> Result<()> {
        let (Some(conn), Some(profile)) = (self.conn.as_ref(), self.profile.as_ref()) else {
            return Ok(());
        };
        let Ok(Some(bytes)) = self.secrets.get(&history_anchor_account(profile)) else {
            // None kept yet (a new or restored profile, a new keyring): nothing to compare.
            return Ok(());
        };
        let holds = match serde_json::from_slice::<crate::audit::Anchor>(&bytes) {
            Ok(kept) => crate::audit::holds(conn, &kept)?,
            Err(_) => false,
        };
        if !holds {
            crate::audit::record(
                conn,
                &Ctx::new(profile.clone(), chrono::Utc::now()),
                None,
                "history.anchor_mismatch",
                "Varning: historiken stämde inte med kontrollpunkten från den senaste låsningen",
            )?;
            self.history_warning = Some(
                "Historiken stämmer inte med kontrollpunkten som sparades när Tryggplan senast \
                 låstes: poster kan ha tagits bort eller ändrats, eller databasen kan ha bytts \
                 mot en äldre kopia. Tryggplan har inte ändrat något. Kontrollera loggen under \
                 Inställningar och kontakta IT-stöd och dataskyddsombudet."
                    .into(),
            );
        }
        Ok(())
    }

    /// Records user activity (resets the idle timer): called by the shell for the keyboard and
    /// pointer input it saw, never by a command. Fails with [`Error::Locked`] when locked.
    pub fn touch(&mut self) -> Result<()> {
        if self.conn.is_none() {
            return Err(Error::Locked);
        }
        self.last_activity = self.clock.now();
        Ok(())
    }

    /// Called periodically: locks when idle longer than the auto-lock time. Returns true if
    /// it locked now.
    pub fn tick(&mut self) -> bool {
        if self.conn.is_some()
            && self.clock.now().saturating_sub(self.last_activity) >= self.auto_lock
        {
            self.lock();
            return true;
        }
        false
    }

    /// Runs a data operation. Fails with [`Error::Locked`] while locked. Not activity (issue
    /// 18): any script in the page can call a command, so only input the shell saw counts
    /// ([`Vault::touch`]); a command every few seconds can't keep the vault open.
    pub fn with_conn<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let conn = self.conn.as_mut().ok_or(Error::Locked)?;
        f(conn)
    }

    /// Runs a data operation that changes or reads case data, with the acting profile and the
    /// current time. Fails with [`Error::Locked`] while locked; not activity (see
    /// [`Vault::with_conn`]).
    pub fn with_ctx<T>(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        f: impl FnOnce(&mut Connection, &Ctx) -> Result<T>,
    ) -> Result<T> {
        let profile = self.profile.clone().ok_or(Error::Locked)?;
        let mut ctx = Ctx::new(profile, now);
        ctx.opened = self.opened.clone();
        ctx.kind = self.kind;
        self.with_conn(|c| f(c, &ctx))
    }

    /// Remembers an explicit open until the vault locks: only `access::open_record_at`, after
    /// it wrote the open to the case's history, calls this.
    pub(crate) fn remember_open(&mut self, case: CaseId) {
        self.opened.insert(case);
    }

    /// [`Vault::with_ctx`] at the current time.
    pub fn with_now<T>(&mut self, f: impl FnOnce(&mut Connection, &Ctx) -> Result<T>) -> Result<T> {
        self.with_ctx(chrono::Utc::now(), f)
    }

    pub fn auto_lock_minutes(&self) -> u32 {
        (self.auto_lock.as_secs() / 60) as u32
    }

    /// Sets and stores the idle time before auto-lock (1–60 minutes).
    pub fn set_auto_lock_minutes(&mut self, minutes: u32) -> Result<u32> {
        if self.conn.is_none() {
            return Err(Error::Locked);
        }
        if !(1..=60).contains(&minutes) {
            return Err(Error::InvalidInput(
                "Tiden för automatisk låsning ska vara mellan 1 och 60 minuter.".into(),
            ));
        }
        self.with_conn(|c| store::set_setting(c, AUTO_LOCK_SETTING, &minutes.to_string()))?;
        self.auto_lock = Duration::from_secs(60 * minutes as u64);
        Ok(minutes)
    }
}

// ---- Issue 18: the case search's rate limit, kept by the vault (see `cases::search_at`). ----
impl Vault {
    /// Spends the search budget for `query` on the vault's clock; refuses while locked. A
    /// refusal that is to be written to the history is written here, without the query.
    pub(crate) fn spend_search(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        query: &str,
    ) -> Result<()> {
        if self.conn.is_none() {
            return Err(Error::Locked);
        }
        let at = self.clock.now();
        if let Err(refusal) = self.search_budget.spend(query, at) {
            if refusal.record {
                self.with_ctx(now, |c, ctx| {
                    let tx = c.transaction()?;
                    crate::audit::record(
                        &tx,
                        ctx,
                        None,
                        crate::search_budget::LIMIT_ACTION,
                        crate::search_budget::LIMIT_SUMMARY,
                    )?;
                    tx.commit()?;
                    Ok(())
                })?;
            }
            return Err(refusal.error());
        }
        Ok(())
    }
}

/// Whole seconds, rounded up, so a countdown never ends before the wait does.
fn ceil_secs(d: Duration) -> u32 {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    s.clamp(1, u32::MAX as u64) as u32
}

/// A key change made outside the database, as the history names it.
struct OutsideChange {
    /// The history action of the change.
    action: &'static str,
    /// The history summary of the change.
    summary: &'static str,
    /// The action and summary written when the change could neither be completed nor undone.
    uncertain_action: &'static str,
    uncertain_summary: &'static str,
    /// What the user is told then ([`Error::KeyChangeUncertain`]).
    uncertain: &'static str,
}

const PASSPHRASE_CHANGE: OutsideChange = OutsideChange {
    action: "keys.passphrase",
    summary: "Lösenfrasen bytt",
    uncertain_action: "keys.passphrase_uncertain",
    uncertain_summary: "Byte av lösenfras avbrutet; nyckelringen kunde inte återställas, så den \
                        gamla eller den nya lösenfrasen gäller",
    uncertain: "nyckelringen svarade inte när den gamla lösenfrasen skulle läggas tillbaka, så \
                antingen den gamla eller den nya lösenfrasen gäller. Lås Tryggplan och lås upp \
                med den gamla lösenfrasen; går det inte, använd den nya",
};

const RECOVERY_KEY_CHANGE: OutsideChange = OutsideChange {
    action: "keys.recovery_new",
    summary: "Ny återställningsnyckel skapad; den förra gäller inte längre",
    uncertain_action: "keys.recovery_new_uncertain",
    uncertain_summary: "Ny återställningsnyckel avbruten; återställningsfilen kunde inte \
                        återställas, så det förra återställningsbladet gäller kanske inte",
    uncertain: "återställningsfilen kunde inte skrivas tillbaka, så det är oklart om ditt \
                återställningsblad fortfarande gäller. Skapa en ny återställningsnyckel och \
                skriv ut det nya bladet",
};

const RECOVERED: OutsideChange = OutsideChange {
    action: "keys.recovered",
    summary: "Öppnad med återställningsnyckeln; ny lösenfras satt",
    uncertain_action: "keys.recovered_uncertain",
    uncertain_summary: "Öppning med återställningsnyckeln avbruten; nyckelringen kunde inte \
                        återställas, så den gamla eller den nya lösenfrasen gäller",
    uncertain: "nyckelringen svarade inte när den gamla posten skulle läggas tillbaka, så \
                antingen den gamla eller den nya lösenfrasen gäller. Prova att låsa upp med \
                den nya lösenfrasen; går det inte, använd återställningsnyckeln igen",
};

/// Makes a change outside the database (`apply`: the keyring entry, the recovery file) with
/// its history entry in one transaction, so there is never a change without its entry, nor an
/// entry without its change. `undo` puts back what was there before `apply` (and checks it
/// did); it must be safe to run whether `apply` wrote anything or not.
///
/// Every failure point:
/// 1. The transaction can't begin, or the history entry can't be written: the error, nothing
///    was changed (the transaction rolls back).
/// 2. `apply` fails (it may have written partly, or all of it and then failed the read-back):
///    the transaction rolls back, `undo` runs, and `apply`'s error is returned — nothing was
///    changed and there is no entry.
/// 3. The commit fails after `apply`: `undo` runs, and the commit's error is returned —
///    nothing changed, no entry.
/// 4. In 2 or 3, `undo` fails too: the outside state is either the old or the new one and
///    can't be known. An entry saying so (`uncertain_action`) is written in a transaction of
///    its own (if the database takes it), and [`Error::KeyChangeUncertain`] tells the user
///    what holds and what to do. Never a silent change.
fn record_outside_write(
    conn: &mut Connection,
    ctx: &Ctx,
    change: &OutsideChange,
    apply: impl FnOnce() -> Result<()>,
    undo: impl FnOnce() -> Result<()>,
) -> Result<()> {
    let failure = {
        let tx = conn.transaction()?;
        crate::audit::record(&tx, ctx, None, change.action, change.summary)?;
        match apply() {
            // The transaction is dropped (rolled back) at the end of this block.
            Err(e) => e,
            Ok(()) => match tx.commit() {
                Ok(()) => return Ok(()),
                Err(e) => Error::from(e),
            },
        }
    };
    if undo().is_ok() {
        return Err(failure);
    }
    let _ = (|| -> Result<()> {
        let tx = conn.transaction()?;
        crate::audit::record(
            &tx,
            ctx,
            None,
            change.uncertain_action,
            change.uncertain_summary,
        )?;
        tx.commit()?;
        Ok(())
    })();
    Err(Error::KeyChangeUncertain {
        what: change.uncertain,
    })
}

/// Makes the keyring entry `account` hold `blob` (or no entry, for `None`) and reads it back.
/// Used both for a change and for putting the old entry back.
fn put_keyring_entry(secrets: &dyn SecretStore, account: &str, blob: Option<&[u8]>) -> Result<()> {
    let back = secrets.get(account)?.map(Zeroizing::new);
    if back.as_deref().map(|b| b.as_slice()) == blob {
        return Ok(());
    }
    match blob {
        Some(b) => secrets.set(account, b)?,
        None => secrets.delete(account)?,
    }
    let back = secrets.get(account)?.map(Zeroizing::new);
    if back.as_deref().map(|b| b.as_slice()) == blob {
        Ok(())
    } else {
        Err(Error::KeyringUnavailable {
            detail: "the stored key could not be read back".into(),
        })
    }
}

/// Makes the recovery file at `path` hold `old` again (written atomically), or removes it if
/// there was none; removes a temporary file a failed write left; reads it back.
fn put_recovery_file(path: &Path, old: Option<&[u8]>) -> Result<()> {
    let _ = std::fs::remove_file(path.with_extension("tmp"));
    let io = |source| Error::Io {
        what: "återställningsfilen",
        source,
    };
    let now = match std::fs::read(path) {
        Ok(b) => Some(Zeroizing::new(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if now.as_deref().map(|b| b.as_slice()) == old {
        return Ok(());
    }
    match old {
        Some(b) => write_private_atomically(path, b)?,
        None => {
            std::fs::remove_file(path).map_err(io)?;
            sync_dir(path.parent().unwrap_or(Path::new("."))).map_err(io)?;
        }
    }
    let back = std::fs::read(path).map(Zeroizing::new);
    match (&back, old) {
        (Ok(b), Some(o)) if b.as_slice() == o => Ok(()),
        (Err(e), None) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        _ => Err(Error::Internal(
            "återställningsfilen kunde inte läggas tillbaka",
        )),
    }
}

/// Records a finished backup: the time (for the reminder) and an entry in the history.
fn record_backup(conn: &mut Connection, ctx: &Ctx) -> Result<()> {
    let tx = conn.transaction()?;
    store::set_setting(&tx, crate::backup::LAST_BACKUP_SETTING, &ctx.timestamp())?;
    crate::audit::record(&tx, ctx, None, "backup.create", "Säkerhetskopia gjord")?;
    tx.commit()?;
    Ok(())
}

/// A secret the caller typed, e.g. from the UI: kept only as long as needed.
pub type Passphrase = SecretString;

// ---- Issue 19: the practice profile ("Övning"). ----
impl Vault {
    /// Which profile this vault has open (or will open): real or practice.
    pub fn kind(&self) -> crate::profile::ProfileKind {
        self.kind
    }

    /// What the practice profile never does (backups, restores, recovery keys, a passphrase
    /// of its own): refused with why and what to do instead.
    fn refuse_in_practice(&self, what: &str) -> Result<()> {
        if self.kind.is_practice() {
            return Err(Error::Refused(
                format!(
                "I övningsprofilen går det inte att {what}. Övningsprofilen har bara påhittade \
                 uppgifter och kan återställas under Inställningar. Gå tillbaka till din egen \
                 profil för att {what} där."
            )
                .into(),
            ));
        }
        Ok(())
    }

    /// Switches this vault to the profile in `dir` (the practice profile, or back to the real
    /// one): locks first, so nothing of the open profile stays open; the next profile opens
    /// through its own unlock. The count of wrong passphrases is kept: switching never
    /// shortens a waiting time.
    pub fn switch_dir(&mut self, dir: PathBuf) {
        self.lock();
        self.kind = crate::profile::ProfileKind::of_dir(&dir);
        self.dir = dir;
        self.auto_lock = Duration::from_secs(60 * DEFAULT_AUTO_LOCK_MINUTES as u64);
    }

    /// Opens the practice profile this vault is over: unlocks it with the fixed practice
    /// passphrase, or — when it doesn't exist yet — makes it (its own key, its own keyring
    /// entry, no recovery key), marks its database as practice and fills it with `fill`
    /// (the invented cases; see [`crate::practice`]). A vault over a real profile refuses.
    pub fn open_practice(
        &mut self,
        fill: impl FnOnce(&mut Connection, &Ctx) -> Result<()>,
    ) -> Result<SessionStatus> {
        if !self.kind.is_practice() {
            return Err(Error::Internal(
                "övningsprofilen öppnas bara i sin egen mapp",
            ));
        }
        // The waiting time after wrong passphrases of the real profile stays: opening the
        // practice profile (whose passphrase is known) must not reset it.
        let (failures, retry_at) = (self.failures, self.retry_at);
        let result = self.open_practice_inner(fill);
        self.failures = failures;
        self.retry_at = retry_at;
        result
    }

    fn open_practice_inner(
        &mut self,
        fill: impl FnOnce(&mut Connection, &Ctx) -> Result<()>,
    ) -> Result<SessionStatus> {
        if self.state() != SessionState::NeedsSetup {
            self.lock();
            let pass = keys::typed_passphrase(crate::profile::PRACTICE_PASSPHRASE)?;
            let profile_id = self.read_profile_id()?.ok_or(Error::KeyMissing)?;
            let wrapped = Zeroizing::new(
                self.secrets
                    .get(&Self::account(&profile_id))?
                    .ok_or(Error::KeyMissing)?,
            );
            let key = keys::unwrap(&wrapped, &pass, &profile_id)?;
            let conn = store::open(&self.db_path(), &key, OpenMode::Existing)?;
            return self.finish_unlock(conn, key, profile_id);
        }
        let pass = crate::profile::PRACTICE_PASSPHRASE;
        self.setup_inner(pass, pass, None)?;
        let filled = self.with_conn(|c| store::set_setting(c, PRACTICE_SETTING, "1"));
        let filled = filled.and_then(|()| self.with_now(fill));
        if let Err(e) = filled {
            // A half-made practice profile is removed: the next try starts afresh.
            let _ = self.remove_practice();
            return Err(e);
        }
        Ok(self.status())
    }

    /// Removes the practice profile this vault is over: locks, deletes its keyring entries
    /// and its directory. Only ever the practice directory: a vault over a real profile
    /// refuses and touches nothing.
    pub fn remove_practice(&mut self) -> Result<()> {
        if !crate::profile::ProfileKind::of_dir(&self.dir).is_practice() {
            return Err(Error::Internal("bara övningsprofilen kan tas bort"));
        }
        self.lock();
        if let Ok(Some(id)) = self.read_profile_id() {
            self.secrets.delete(&Self::account(&id))?;
            let _ = self.secrets.delete(&history_anchor_account(&id));
        }
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Io {
                what: "övningsprofilens mapp",
                source,
            }),
        }
    }

    /// "Återställ övningsprofilen": removes it and makes it anew, filled with `fill`.
    pub fn reset_practice(
        &mut self,
        fill: impl FnOnce(&mut Connection, &Ctx) -> Result<()>,
    ) -> Result<SessionStatus> {
        self.remove_practice()?;
        self.open_practice(fill)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FakeClock;
    use crate::keys::keyring::MemoryStore;
    use crate::ErrorKind;

    const PW: &str = "korrekt häst batteri";

    /// A new vault over a fresh temporary directory, with its keyring and clock.
    fn fresh() -> (tempfile::TempDir, MemoryStore, FakeClock, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let (s, c) = (MemoryStore::default(), FakeClock::default());
        let v = vault(dir.path(), &s, &c);
        (dir, s, c, v)
    }

    fn vault(dir: &Path, store: &MemoryStore, clock: &FakeClock) -> Vault {
        Vault::new(dir, Box::new(store.clone()), Arc::new(clock.clone())).with_kdf(KdfParams::TEST)
    }

    #[test]
    fn first_start_needs_setup_then_unlocked_then_locked() {
        let (_dir, _s, _c, mut v) = fresh();
        assert_eq!(v.state(), SessionState::NeedsSetup);
        assert_eq!(v.setup(PW, PW).unwrap().state, SessionState::Unlocked);
        assert_eq!(v.lock().state, SessionState::Locked);
        assert_eq!(v.unlock(PW).unwrap().state, SessionState::Unlocked);
    }

    #[test]
    fn a_restarted_process_unlocks_the_same_data() {
        let (dir, s, c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        v.set_auto_lock_minutes(17).unwrap();
        drop(v);
        let mut v = vault(dir.path(), &s, &c);
        assert_eq!(v.state(), SessionState::Locked);
        v.unlock(PW).unwrap();
        assert_eq!(v.auto_lock_minutes(), 17);
    }

    #[test]
    fn lock_blocks_every_data_command() {
        let (_dir, _s, _c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        assert!(v.with_conn(|_| Ok(())).is_ok());
        v.lock();
        assert!(!v.is_unlocked());
        assert_eq!(
            v.with_conn(|_| Ok(())).unwrap_err().kind(),
            ErrorKind::Locked
        );
        assert_eq!(
            v.set_auto_lock_minutes(10).unwrap_err().kind(),
            ErrorKind::Locked
        );
        assert_eq!(
            crate::cases::search(&mut v, "").unwrap_err().kind(),
            ErrorKind::Locked
        );
        assert_eq!(
            v.with_ctx(chrono::Utc::now(), |c, ctx| crate::cases::list(c, ctx, ""))
                .unwrap_err()
                .kind(),
            ErrorKind::Locked
        );
    }

    #[test]
    fn idle_time_locks_and_activity_postpones_it() {
        let (_dir, _s, c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        c.advance(Duration::from_secs(4 * 60 + 59));
        assert!(!v.tick());
        v.touch().unwrap();
        c.advance(Duration::from_secs(4 * 60 + 59));
        assert!(!v.tick(), "activity resets the idle timer");
        c.advance(Duration::from_secs(1));
        assert!(v.tick(), "five idle minutes lock");
        assert_eq!(v.state(), SessionState::Locked);
        assert_eq!(
            v.with_conn(|_| Ok(())).unwrap_err().kind(),
            ErrorKind::Locked
        );
        assert!(!v.tick(), "already locked");
    }

    /// Issue 18: a script calling a command every 20 s kept a one-minute auto-lock from
    /// firing. Commands are not activity; only the shell's `touch` (real input) is.
    #[test]
    fn a_command_every_20_seconds_does_not_keep_the_vault_unlocked() {
        let (_dir, _s, c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        v.set_auto_lock_minutes(1).unwrap();
        for _ in 0..2 {
            c.advance(Duration::from_secs(20));
            v.with_conn(|_| Ok(())).unwrap();
            v.with_ctx(chrono::Utc::now(), |c, ctx| crate::cases::list(c, ctx, ""))
                .unwrap();
            crate::cases::search(&mut v, "Anna").unwrap();
            crate::catalog::settings(&mut v).unwrap();
            assert!(!v.tick());
        }
        c.advance(Duration::from_secs(20));
        assert!(v.tick(), "one idle minute locks, whatever the commands");
        assert_eq!(v.state(), SessionState::Locked);
    }

    #[test]
    fn configured_idle_time_is_used() {
        let (_dir, _s, c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        v.set_auto_lock_minutes(1).unwrap();
        c.advance(Duration::from_secs(60));
        assert!(v.tick());
        assert_eq!(
            v.set_auto_lock_minutes(0).unwrap_err().kind(),
            ErrorKind::Locked
        );
        v.unlock(PW).unwrap();
        assert_eq!(
            v.set_auto_lock_minutes(0).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        assert_eq!(
            v.set_auto_lock_minutes(61).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn wrong_passphrases_back_off_and_a_right_one_resets() {
        let (_dir, _s, c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        v.lock();
        for _ in 0..FREE_ATTEMPTS - 1 {
            assert_eq!(
                v.unlock("fel fel fel fel").unwrap_err().kind(),
                ErrorKind::WrongPassphrase
            );
            assert_eq!(v.retry_after(), None);
        }
        assert_eq!(
            v.unlock("fel fel fel fel").unwrap_err().kind(),
            ErrorKind::WrongPassphrase
        );
        assert_eq!(v.retry_after(), Some(Duration::from_secs(5)));
        // Even the right passphrase waits.
        assert_eq!(v.unlock(PW).unwrap_err().kind(), ErrorKind::TooManyAttempts);
        assert_eq!(v.status().retry_after_seconds, Some(5));
        c.advance(Duration::from_secs(5));
        assert_eq!(
            v.unlock("fel fel fel fel").unwrap_err().kind(),
            ErrorKind::WrongPassphrase
        );
        assert_eq!(v.retry_after(), Some(Duration::from_secs(10)));
        c.advance(Duration::from_secs(10));
        v.unlock(PW).unwrap();
        v.lock();
        assert_eq!(
            v.unlock("fel fel fel fel").unwrap_err().kind(),
            ErrorKind::WrongPassphrase
        );
        assert_eq!(
            v.retry_after(),
            None,
            "a successful unlock resets the count"
        );
    }

    #[test]
    fn unlocking_an_open_vault_still_checks_the_passphrase() {
        let (_dir, _s, _c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        assert_eq!(
            v.unlock("fel fel fel fel").unwrap_err().kind(),
            ErrorKind::WrongPassphrase
        );
        assert_eq!(
            v.state(),
            SessionState::Locked,
            "a wrong passphrase leaves it locked"
        );
        assert_eq!(
            v.with_conn(|_| Ok(())).unwrap_err().kind(),
            ErrorKind::Locked
        );
    }

    #[test]
    fn activity_reports_fail_when_locked() {
        let (_dir, _s, _c, mut v) = fresh();
        assert_eq!(v.touch().unwrap_err().kind(), ErrorKind::Locked);
        v.setup(PW, PW).unwrap();
        assert!(v.touch().is_ok());
        v.lock();
        assert_eq!(v.touch().unwrap_err().kind(), ErrorKind::Locked);
    }

    #[test]
    fn retry_after_rounds_up_and_speaks_swedish() {
        assert_eq!(ceil_secs(Duration::from_millis(4001)), 5);
        assert_eq!(ceil_secs(Duration::from_millis(1)), 1);
        assert_eq!(ceil_secs(Duration::from_secs(5)), 5);
        let one = Error::TooManyAttempts { seconds: 1 }.to_string();
        assert!(one.contains("Vänta 1 sekund innan"), "{one}");
        let many = Error::TooManyAttempts { seconds: 10 }.to_string();
        assert!(many.contains("Vänta 10 sekunder innan"), "{many}");
    }

    #[test]
    fn setup_never_removes_a_database_that_appeared_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let (s, c) = (MemoryStore::default(), FakeClock::default());
        let mut first = vault(dir.path(), &s, &c);
        first.setup(PW, PW).unwrap();
        first.lock();
        let before = std::fs::read(first.db_path()).unwrap();
        // Another vault over the same directory (a second window, a race): refused, kept.
        let mut second = vault(dir.path(), &s, &c);
        assert_eq!(
            second.setup(PW, PW).unwrap_err().kind(),
            ErrorKind::AlreadySetUp
        );
        assert_eq!(std::fs::read(first.db_path()).unwrap(), before);
        first.unlock(PW).unwrap();
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(0), Duration::ZERO);
        assert_eq!(backoff(2), Duration::ZERO);
        assert_eq!(backoff(3), Duration::from_secs(5));
        assert_eq!(backoff(4), Duration::from_secs(10));
        assert_eq!(backoff(9), MAX_BACKOFF);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn no_keyring_means_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let (s, c) = (MemoryStore::default(), FakeClock::default());
        s.set_unavailable(true);
        let data = dir.path().join("data");
        let mut v = vault(&data, &s, &c);
        assert_eq!(
            v.setup(PW, PW).unwrap_err().kind(),
            ErrorKind::KeyringUnavailable
        );
        assert!(
            !data.exists(),
            "no data directory, no database, no key file"
        );
        assert_eq!(v.state(), SessionState::NeedsSetup);
    }

    #[test]
    fn a_lost_keyring_entry_refuses_and_keeps_the_database() {
        let (_dir, s, _c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        v.lock();
        let before = std::fs::read(v.db_path()).unwrap();
        s.clear();
        assert_eq!(v.unlock(PW).unwrap_err().kind(), ErrorKind::KeyMissing);
        assert_eq!(v.setup(PW, PW).unwrap_err().kind(), ErrorKind::AlreadySetUp);
        assert_eq!(std::fs::read(v.db_path()).unwrap(), before);
    }

    #[test]
    fn keyring_unavailable_at_unlock_is_reported_not_hidden() {
        let (_dir, s, _c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        v.lock();
        s.set_unavailable(true);
        assert_eq!(
            v.unlock(PW).unwrap_err().kind(),
            ErrorKind::KeyringUnavailable
        );
        assert_eq!(v.state(), SessionState::Locked);
    }

    #[test]
    fn setup_refuses_bad_passphrases_without_creating_anything() {
        let dir = tempfile::tempdir().unwrap();
        let (s, c) = (MemoryStore::default(), FakeClock::default());
        let data = dir.path().join("data");
        let mut v = vault(&data, &s, &c);
        assert_eq!(
            v.setup("kort", "kort").unwrap_err().kind(),
            ErrorKind::PassphraseTooShort
        );
        assert_eq!(
            v.setup(PW, "annan fras helt").unwrap_err().kind(),
            ErrorKind::PassphraseMismatch
        );
        assert!(!data.exists());
    }

    fn file_hash(p: &Path) -> Vec<u8> {
        use blake2::{Blake2s256, Digest};
        Blake2s256::digest(std::fs::read(p).unwrap()).to_vec()
    }

    #[test]
    fn a_profile_made_with_a_recovery_key_opens_with_it_after_the_keyring_is_lost() {
        let (_dir, s, _c, mut v) = fresh();
        let (status, rk) = v.create_profile(PW, PW).unwrap();
        assert_eq!(status.state, SessionState::Unlocked);
        assert!(v.has_recovery_key());
        v.set_auto_lock_minutes(17).unwrap();
        v.lock();
        // New laptop / reinstalled OS: the keyring entry is gone.
        s.clear();
        assert_eq!(v.unlock(PW).unwrap_err().kind(), ErrorKind::KeyMissing);
        let new = "en ny lösenfras efter återställning";
        assert_eq!(
            v.recover(&rk.display(), new, new).unwrap().state,
            SessionState::Unlocked
        );
        assert_eq!(v.auto_lock_minutes(), 17, "the same data");
        v.lock();
        // The new passphrase is now the one: a new keyring entry.
        assert_eq!(v.unlock(PW).unwrap_err().kind(), ErrorKind::WrongPassphrase);
        v.unlock(new).unwrap();
    }

    #[test]
    fn a_forgotten_passphrase_is_replaced_through_the_recovery_key() {
        let (_dir, _s, _c, mut v) = fresh();
        let (_, rk) = v.create_profile(PW, PW).unwrap();
        v.lock();
        let new = "jag glömde den gamla frasen";
        // Typed carelessly: lower case, spaces, O for 0.
        let typed = rk
            .display()
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o");
        v.recover(&typed, new, new).unwrap();
        v.lock();
        assert!(v.unlock(PW).is_err());
        v.unlock(new).unwrap();
    }

    #[test]
    fn recovery_refuses_a_typo_a_wrong_key_and_a_weak_new_passphrase_without_changing_anything() {
        let (_dir, s, _c, mut v) = fresh();
        let (_, rk) = v.create_profile(PW, PW).unwrap();
        v.lock();
        let account = Vault::account(&v.read_profile_id().unwrap().unwrap());
        let entry = s.get(&account).unwrap();
        let db = file_hash(&v.db_path());
        let new = "en ny lösenfras efter återställning";
        let mut typo = rk.display().to_string();
        let first = if typo.starts_with('A') { "B" } else { "A" };
        typo.replace_range(0..1, first);
        assert_eq!(
            v.recover(&typo, new, new).unwrap_err().kind(),
            ErrorKind::RecoveryKeyMistyped
        );
        let other = RecoveryKey::generate().unwrap();
        assert_eq!(
            v.recover(&other.display(), new, new).unwrap_err().kind(),
            ErrorKind::WrongRecoveryKey
        );
        assert_eq!(
            v.recover(&rk.display(), "kort", "kort").unwrap_err().kind(),
            ErrorKind::PassphraseTooShort
        );
        assert_eq!(v.state(), SessionState::Locked);
        assert_eq!(
            s.get(&account).unwrap(),
            entry,
            "the keyring entry is unchanged"
        );
        assert_eq!(file_hash(&v.db_path()), db);
        v.unlock(PW).unwrap();
    }

    #[test]
    fn a_profile_without_a_recovery_file_says_so() {
        let (_dir, _s, _c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        assert!(!v.has_recovery_key());
        let rk = RecoveryKey::generate().unwrap();
        let new = "en ny lösenfras efter återställning";
        let err = v.recover(&rk.display(), new, new).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeyMissing);
        assert!(
            err.to_string().contains("ingen återställningsnyckel"),
            "{err}"
        );
    }

    #[test]
    fn a_new_recovery_key_replaces_the_old_one_and_needs_the_passphrase() {
        let (_dir, s, _c, mut v) = fresh();
        let (_, old) = v.create_profile(PW, PW).unwrap();
        assert_eq!(
            v.new_recovery_key("fel fel fel fel").unwrap_err().kind(),
            ErrorKind::WrongPassphrase
        );
        let new_key = v.new_recovery_key(PW).unwrap();
        assert_ne!(*new_key.display(), *old.display());
        v.lock();
        s.clear();
        let new = "en ny lösenfras efter återställning";
        assert_eq!(
            v.recover(&old.display(), new, new).unwrap_err().kind(),
            ErrorKind::WrongRecoveryKey,
            "the old sheet no longer opens this computer's data"
        );
        v.recover(&new_key.display(), new, new).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_recovery_file_is_private_and_holds_no_key() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, _s, _c, mut v) = fresh();
        v.create_profile(PW, PW).unwrap();
        let path = dir.path().join(RECOVERY_FILE);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            std::fs::read(&path).unwrap().len(),
            recovery::RECOVERY_BLOB_LEN
        );
        assert!(!dir.path().join("aterstallning.tmp").exists());
        v.new_recovery_key(PW).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    /// The pages of two copies of a database file that differ (SQLCipher's default page size).
    fn changed_pages(a: &[u8], b: &[u8]) -> usize {
        let differing = a
            .chunks(4096)
            .zip(b.chunks(4096))
            .filter(|(x, y)| x != y)
            .count();
        differing + a.len().abs_diff(b.len()).div_ceil(4096)
    }

    #[test]
    fn changing_the_passphrase_rewraps_without_touching_the_database() {
        let (_dir, s, _c, mut v) = fresh();
        v.create_profile(PW, PW).unwrap();
        v.set_auto_lock_minutes(23).unwrap();
        for i in 0..40 {
            v.with_now(|c, ctx| crate::audit::record(c, ctx, None, "test.entry", &format!("{i}")))
                .unwrap();
        }
        v.lock();
        let path = v.db_path();
        let before = std::fs::read(&path).unwrap();
        v.unlock(PW).unwrap();
        let key_before = *v.key.as_ref().unwrap().bytes();
        let account = Vault::account(&v.read_profile_id().unwrap().unwrap());
        let entry = s.get(&account).unwrap().unwrap();
        let new = "en annan lång lösenfras";
        assert_eq!(
            v.change_passphrase("fel fel fel fel", new, new)
                .unwrap_err()
                .kind(),
            ErrorKind::WrongPassphrase
        );
        assert_eq!(
            v.change_passphrase(PW, new, "en annan lång lösenfraz")
                .unwrap_err()
                .kind(),
            ErrorKind::PassphraseMismatch
        );
        assert_eq!(s.get(&account).unwrap().unwrap(), entry);
        v.change_passphrase(PW, new, new).unwrap();
        assert_ne!(s.get(&account).unwrap().unwrap(), entry, "re-wrapped");
        v.lock();
        // The same key, and only the pages of the history entry written (a re-encryption
        // writes every page anew).
        let after = std::fs::read(&path).unwrap();
        let changed = changed_pages(&before, &after);
        assert!(
            before.len() / 4096 >= 20 && changed <= 6,
            "{changed} of {} pages changed: the database was re-encrypted",
            before.len() / 4096
        );
        assert_eq!(v.unlock(PW).unwrap_err().kind(), ErrorKind::WrongPassphrase);
        v.unlock(new).unwrap();
        assert_eq!(*v.key.as_ref().unwrap().bytes(), key_before);
        assert_eq!(v.auto_lock_minutes(), 23);
    }

    #[test]
    fn passphrase_change_attempts_count_towards_the_waiting_time() {
        let (_dir, _s, _c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        let new = "en annan lång lösenfras";
        for _ in 0..FREE_ATTEMPTS {
            assert_eq!(
                v.change_passphrase("fel fel fel fel", new, new)
                    .unwrap_err()
                    .kind(),
                ErrorKind::WrongPassphrase
            );
        }
        assert_eq!(
            v.change_passphrase(PW, new, new).unwrap_err().kind(),
            ErrorKind::TooManyAttempts
        );
    }

    #[test]
    fn the_key_is_dropped_on_lock() {
        let (_dir, _s, _c, mut v) = fresh();
        v.create_profile(PW, PW).unwrap();
        assert!(v.key.is_some());
        v.lock();
        assert!(v.key.is_none());
        v.unlock(PW).unwrap();
        assert!(v.key.is_some());
    }

    #[cfg(unix)]
    #[test]
    fn the_data_directory_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (s, c) = (MemoryStore::default(), FakeClock::default());
        let data = dir.path().join("data");
        vault(&data, &s, &c).setup(PW, PW).unwrap();
        let mode = std::fs::metadata(&data).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    /// Issue 8 (tamper-evident history): a database rewound to an older copy of itself, by
    /// someone with the key, still has a whole chain — only the checkpoint kept in the
    /// keyring at the last lock shows it. The data opens; the mismatch is shown and recorded.
    #[test]
    fn a_database_rewound_to_an_older_copy_is_caught_by_the_checkpoint_of_the_last_lock() {
        let (dir, s, c, mut v) = fresh();
        v.setup(PW, PW).unwrap();
        let record = |v: &mut Vault, what: &str| {
            v.with_now(|c, ctx| crate::audit::record(c, ctx, None, "test.entry", what))
                .unwrap()
        };
        record(&mut v, "första");
        v.lock();
        let db = v.db_path();
        let files = store::database_files(&db);
        let older: Vec<Option<Vec<u8>>> = files.iter().map(|f| std::fs::read(f).ok()).collect();

        // An ordinary unlock and lock: no warning.
        let status = v.unlock(PW).unwrap();
        assert_eq!(status.history_warning, None);
        record(&mut v, "andra, som sedan försvinner");
        v.lock();

        // The file is swapped for the older copy while the app is closed.
        drop(v);
        for (f, bytes) in files.iter().zip(&older) {
            match bytes {
                Some(b) => std::fs::write(f, b).unwrap(),
                None => {
                    let _ = std::fs::remove_file(f);
                }
            }
        }
        let mut v = vault(dir.path(), &s, &c);
        let status = v.unlock(PW).unwrap();
        let warning = status
            .history_warning
            .expect("no warning for a rewound database");
        assert!(warning.contains("kontrollpunkten"), "{warning}");
        // The older copy's own chain is whole: only the checkpoint could tell.
        let check = v.with_conn(|c| crate::audit::verify(c)).unwrap();
        assert!(check.broken.is_none(), "{check:?}");
        let last: String = v
            .with_conn(|c| {
                Ok(c.query_row(
                    "SELECT summary FROM case_history ORDER BY id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert!(last.contains("kontrollpunkten"), "{last}");

        // The warning belongs to that unlock; the next checkpoint is the current history.
        v.lock();
        assert_eq!(v.unlock(PW).unwrap().history_warning, None);
    }

    // ---- Issue 18: key operations only while unlocked, each with its history entry ----

    /// Every keyring entry, and the bytes of each file (None: absent).
    type Snapshot = (
        std::collections::BTreeMap<String, Vec<u8>>,
        Vec<Option<Vec<u8>>>,
    );

    /// Everything a key operation could change: every keyring entry, the recovery file, the
    /// profile id and the database files, byte for byte.
    fn on_disk_and_in_keyring(v: &Vault, s: &MemoryStore) -> Snapshot {
        let mut files: Vec<PathBuf> = vec![
            v.dir.join(RECOVERY_FILE),
            v.dir.join(PROFILE_ID_FILE),
            v.dir.join("aterstallning.tmp"),
        ];
        files.extend(store::database_files(&v.db_path()).iter().cloned());
        (
            s.snapshot(),
            files.iter().map(|f| std::fs::read(f).ok()).collect(),
        )
    }

    /// The history's actions, oldest first (unlocks with `pass` if locked, leaves it unlocked).
    fn actions(v: &mut Vault, pass: &str) -> Vec<String> {
        if !v.is_unlocked() {
            v.unlock(pass).unwrap();
        }
        v.with_conn(|c| {
            let mut st = c.prepare("SELECT action FROM case_history ORDER BY id")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
    }

    fn count(actions: &[String], action: &str) -> usize {
        actions.iter().filter(|a| *a == action).count()
    }

    /// Makes the next history entry on `conn` fail to be written.
    fn history_write_fails(conn: &Connection) {
        conn.execute_batch(
            "CREATE TEMP TRIGGER test_no_history BEFORE INSERT ON case_history
             BEGIN SELECT RAISE(ABORT, 'testfel'); END;",
        )
        .unwrap();
    }

    /// Makes the next commit on `conn` that writes a history entry fail (a deferred foreign
    /// key that is violated at COMMIT), after everything before it succeeded.
    fn commit_fails(conn: &Connection) {
        conn.execute_batch(
            "CREATE TEMP TABLE test_parent(id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE test_child(p INTEGER REFERENCES test_parent(id)
                                          DEFERRABLE INITIALLY DEFERRED);
             CREATE TEMP TRIGGER test_no_commit AFTER INSERT ON case_history
             BEGIN INSERT INTO test_child VALUES (1); END;",
        )
        .unwrap();
    }

    fn clear_faults(conn: &Connection) {
        conn.execute_batch(
            "DROP TRIGGER IF EXISTS temp.test_no_history;
             DROP TRIGGER IF EXISTS temp.test_no_commit;",
        )
        .unwrap();
    }

    fn conn(v: &Vault) -> &Connection {
        v.conn.as_ref().unwrap()
    }

    /// Issue 18, finding 3: a script that captured the passphrase called these while locked,
    /// and the keyring entry and recovery file were rewritten with no history entry.
    #[test]
    fn every_key_operation_of_an_unlocked_session_is_refused_while_locked_and_changes_nothing() {
        let (_dir, s, c, mut v) = fresh();
        let (_, rk) = v.create_profile(PW, PW).unwrap();
        v.lock();
        let before = on_disk_and_in_keyring(&v, &s);
        let new = "en lösenfras som en angripare valt";
        let elsewhere = tempfile::tempdir().unwrap();
        let dest = elsewhere.path().join("kopia-medan-last.tpbak");
        for keyring_reachable in [true, false] {
            // With the keyring unreachable the answer is still "locked": nothing was read.
            s.set_unavailable(!keyring_reachable);
            assert_eq!(
                v.change_passphrase(PW, new, new).unwrap_err().kind(),
                ErrorKind::Locked
            );
            assert_eq!(
                v.new_recovery_key(PW).unwrap_err().kind(),
                ErrorKind::Locked
            );
            assert_eq!(
                v.backup_to(&dest, chrono::Utc::now(), &mut |_| {})
                    .unwrap_err()
                    .kind(),
                ErrorKind::Locked
            );
            // Wrong guesses while locked are not even tried (no waiting time grows).
            for _ in 0..FREE_ATTEMPTS + 1 {
                assert_eq!(
                    v.change_passphrase("fel fel fel fel", new, new)
                        .unwrap_err()
                        .kind(),
                    ErrorKind::Locked
                );
            }
            assert_eq!(v.retry_after(), None);
        }
        s.set_unavailable(false);
        assert!(!dest.exists(), "no backup made while locked");
        assert_eq!(v.state(), SessionState::Locked);
        assert!(
            on_disk_and_in_keyring(&v, &s) == before,
            "the keyring, the recovery file or the database changed while locked"
        );
        // The same after an idle lock.
        v.unlock(PW).unwrap();
        c.advance(Duration::from_secs(60 * 60));
        assert!(v.tick());
        let before = on_disk_and_in_keyring(&v, &s);
        assert_eq!(
            v.change_passphrase(PW, new, new).unwrap_err().kind(),
            ErrorKind::Locked
        );
        assert_eq!(
            v.new_recovery_key(PW).unwrap_err().kind(),
            ErrorKind::Locked
        );
        assert!(on_disk_and_in_keyring(&v, &s) == before);
        // The passphrase and the printed sheet still open, and nothing was recorded.
        let acts = actions(&mut v, PW);
        assert_eq!(count(&acts, "keys.passphrase"), 0, "{acts:?}");
        assert_eq!(count(&acts, "keys.recovery_new"), 0, "{acts:?}");
        v.lock();
        s.clear();
        v.recover(&rk.display(), new, new).unwrap();
    }

    #[test]
    fn each_key_change_is_in_the_history_with_the_change() {
        let (_dir, s, _c, mut v) = fresh();
        let (_, rk) = v.create_profile(PW, PW).unwrap();
        let new = "en annan lång lösenfras";
        v.change_passphrase(PW, new, new).unwrap();
        let rk2 = v.new_recovery_key(new).unwrap();
        v.lock();
        s.clear();
        let third = "en tredje lång lösenfras";
        assert_eq!(
            v.recover(&rk.display(), third, third).unwrap_err().kind(),
            ErrorKind::WrongRecoveryKey
        );
        v.recover(&rk2.display(), third, third).unwrap();
        let acts = actions(&mut v, third);
        assert_eq!(count(&acts, "keys.passphrase"), 1, "{acts:?}");
        assert_eq!(count(&acts, "keys.recovery_new"), 1, "{acts:?}");
        assert_eq!(count(&acts, "keys.recovered"), 1, "{acts:?}");
        let check = v.with_conn(|c| crate::audit::verify(c)).unwrap();
        assert!(check.broken.is_none(), "{check:?}");
    }

    /// Every failure point of a passphrase change: either the new passphrase and its history
    /// entry, or neither — the old passphrase still opens.
    #[test]
    fn a_passphrase_change_that_fails_at_any_point_leaves_the_old_passphrase_and_no_entry() {
        use crate::keys::keyring::WriteFault;
        let new = "en annan lång lösenfras";
        type Fault = fn(&Vault, &MemoryStore);
        let faults: [(&str, Fault); 4] = [
            ("history write", |v, _| history_write_fails(conn(v))),
            ("keyring refuses the write", |_, s| {
                s.set_write_fault(WriteFault::Refused)
            }),
            ("keyring stores, then fails", |_, s| {
                s.set_write_fault(WriteFault::StoredThenFailsOnce)
            }),
            ("commit", |v, _| commit_fails(conn(v))),
        ];
        for (point, fault) in faults {
            let (_dir, s, _c, mut v) = fresh();
            v.create_profile(PW, PW).unwrap();
            v.lock();
            v.unlock(PW).unwrap();
            let before = on_disk_and_in_keyring(&v, &s);
            fault(&v, &s);
            assert!(v.change_passphrase(PW, new, new).is_err(), "{point}");
            s.set_write_fault(WriteFault::None);
            assert!(
                s.snapshot() == before.0,
                "{point}: the keyring entry changed"
            );
            clear_faults(conn(&v));
            let acts = actions(&mut v, PW);
            assert_eq!(count(&acts, "keys.passphrase"), 0, "{point}: {acts:?}");
            v.lock();
            assert_eq!(
                v.unlock(new).unwrap_err().kind(),
                ErrorKind::WrongPassphrase,
                "{point}"
            );
            v.unlock(PW).unwrap();
            // And it works once the fault is gone.
            v.change_passphrase(PW, new, new).unwrap();
            assert_eq!(count(&actions(&mut v, PW), "keys.passphrase"), 1);
        }
    }

    /// The one case nothing can undo: the keyring stored the new entry and then went away.
    /// Never a silent change: the history says so and the user is told which passphrase holds.
    #[test]
    fn a_keyring_that_dies_mid_change_is_recorded_and_reported_not_hidden() {
        use crate::keys::keyring::WriteFault;
        let (_dir, s, _c, mut v) = fresh();
        v.create_profile(PW, PW).unwrap();
        let new = "en annan lång lösenfras";
        s.set_write_fault(WriteFault::StoredThenGone);
        let err = v.change_passphrase(PW, new, new).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage);
        assert!(err.to_string().contains("den gamla eller den nya"), "{err}");
        s.set_write_fault(WriteFault::None);
        s.set_unavailable(false);
        let acts = actions(&mut v, PW);
        assert_eq!(count(&acts, "keys.passphrase"), 0, "{acts:?}");
        assert_eq!(count(&acts, "keys.passphrase_uncertain"), 1, "{acts:?}");
        v.lock();
        v.unlock(new).unwrap();
    }

    /// Every failure point of a new recovery key: the printed sheet keeps working and there is
    /// no entry, or the new key and its entry both exist.
    #[test]
    fn a_new_recovery_key_that_fails_at_any_point_leaves_the_printed_sheet_working_and_no_entry() {
        type Fault = fn(&Vault);
        let faults: [(&str, Fault); 3] = [
            ("history write", |v| history_write_fails(conn(v))),
            ("file write", |v| {
                std::fs::create_dir(v.dir.join("aterstallning.tmp")).unwrap()
            }),
            ("commit", |v| commit_fails(conn(v))),
        ];
        for (point, fault) in faults {
            let (_dir, s, _c, mut v) = fresh();
            let (_, printed) = v.create_profile(PW, PW).unwrap();
            let file = v.dir.join(RECOVERY_FILE);
            let before = std::fs::read(&file).unwrap();
            fault(&v);
            assert!(v.new_recovery_key(PW).is_err(), "{point}");
            assert_eq!(
                std::fs::read(&file).unwrap(),
                before,
                "{point}: the recovery file changed"
            );
            let _ = std::fs::remove_dir(v.dir.join("aterstallning.tmp"));
            clear_faults(conn(&v));
            assert_eq!(
                count(&actions(&mut v, PW), "keys.recovery_new"),
                0,
                "{point}"
            );
            v.lock();
            s.clear();
            let next = "en ny lösenfras efter återställning";
            v.recover(&printed.display(), next, next)
                .unwrap_or_else(|e| panic!("{point}: the printed sheet no longer opens: {e}"));
        }
    }

    /// A recovery (lock screen) whose history entry, keyring write or commit fails: the vault
    /// stays locked and the keyring holds what it held.
    #[test]
    fn a_recovery_that_fails_at_any_point_changes_nothing_and_stays_locked() {
        use crate::keys::keyring::WriteFault;
        let new = "en ny lösenfras efter återställning";
        // Persistent triggers: the recovery opens its own connection.
        let no_history = "CREATE TRIGGER test_no_history BEFORE INSERT ON case_history
                          BEGIN SELECT RAISE(ABORT, 'testfel'); END;";
        let no_commit = "CREATE TABLE test_parent(id INTEGER PRIMARY KEY);
                         CREATE TABLE test_child(p INTEGER REFERENCES test_parent(id)
                                                 DEFERRABLE INITIALLY DEFERRED);
                         CREATE TRIGGER test_no_commit AFTER INSERT ON case_history
                         BEGIN INSERT INTO test_child VALUES (1); END;";
        for (point, sql, fault) in [
            ("history write", no_history, WriteFault::None),
            ("keyring write", "", WriteFault::Refused),
            (
                "keyring stores, then fails",
                "",
                WriteFault::StoredThenFailsOnce,
            ),
            ("commit", no_commit, WriteFault::None),
        ] {
            let (_dir, s, _c, mut v) = fresh();
            let (_, rk) = v.create_profile(PW, PW).unwrap();
            conn(&v).execute_batch(sql).unwrap();
            v.lock();
            let before = s.snapshot();
            s.set_write_fault(fault);
            assert!(v.recover(&rk.display(), new, new).is_err(), "{point}");
            s.set_write_fault(WriteFault::None);
            assert_eq!(v.state(), SessionState::Locked, "{point}");
            assert!(s.snapshot() == before, "{point}: the keyring changed");
            v.unlock(PW).unwrap();
            conn(&v)
                .execute_batch(
                    "DROP TRIGGER IF EXISTS test_no_history;
                     DROP TRIGGER IF EXISTS test_no_commit;",
                )
                .unwrap();
            assert_eq!(count(&actions(&mut v, PW), "keys.recovered"), 0, "{point}");
        }
    }

    /// Issue 18, finding 6 for secrets: a 5 MB passphrase or recovery key is refused at once
    /// with a typed Swedish error, before the keyring is read or Argon2 runs.
    #[test]
    fn an_oversized_passphrase_or_recovery_key_is_refused_before_anything_is_hashed() {
        let (dir, s, _c, mut v) = fresh();
        let (_, rk) = v.create_profile(PW, PW).unwrap();
        let huge = "å".repeat(5 * 1024 * 1024 / 2);
        // The keyring unreachable: an answer other than "too long" means it was read.
        s.set_unavailable(true);
        let mut slowest = Duration::ZERO;
        let mut timed = |f: &mut dyn FnMut() -> Error| {
            let started = std::time::Instant::now();
            let e = f();
            slowest = slowest.max(started.elapsed());
            e
        };
        let mut errors = vec![
            timed(&mut || {
                v.change_passphrase(&huge, "en annan lång lösenfras", "en annan lång lösenfras")
                    .unwrap_err()
            }),
            timed(&mut || v.change_passphrase(PW, &huge, &huge).unwrap_err()),
            timed(&mut || v.new_recovery_key(&huge).unwrap_err()),
        ];
        // The lock screen's (the lock itself, closing the database, is not timed).
        v.lock();
        errors.push(timed(&mut || v.unlock(&huge).unwrap_err()));
        errors.push(timed(&mut || {
            v.recover(&rk.display(), &huge, &huge).unwrap_err()
        }));
        for e in &errors {
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
            assert!(e.to_string().contains("för lång"), "{e}");
            assert!(e.to_string().contains("256 tecken"), "{e}");
        }
        assert_eq!(
            v.recover(&huge, PW, PW).unwrap_err().kind(),
            ErrorKind::RecoveryKeyMistyped
        );
        let restored = dir.path().join("ny-profil");
        assert_eq!(
            v.restore_into(
                &dir.path().join("finns-inte.tpbak"),
                crate::backup::Secret::Passphrase(&huge),
                PW,
                PW,
                &restored,
                &mut |_| {},
            )
            .unwrap_err()
            .kind(),
            ErrorKind::InvalidInput
        );
        assert!(
            slowest <= Duration::from_millis(10),
            "a refusal took {slowest:?}"
        );
        assert_eq!(v.retry_after(), None, "no guess was counted");
        s.set_unavailable(false);
        // A new passphrase: 256 characters are fine, 257 are not.
        v.unlock(PW).unwrap();
        let longest = "ö".repeat(keys::MAX_PASSPHRASE_CHARS);
        let longer = "ö".repeat(keys::MAX_PASSPHRASE_CHARS + 1);
        assert_eq!(
            v.change_passphrase(PW, &longer, &longer)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidInput
        );
        v.change_passphrase(PW, &longest, &longest).unwrap();
        v.lock();
        v.unlock(&longest).unwrap();
    }
}
