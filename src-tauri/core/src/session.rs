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

use crate::clock::Clock;
use crate::ids::CaseId;
use crate::keys::keyring::SecretStore;
use crate::keys::{self, DbKey, KdfParams};
use crate::store::{self, OpenMode};
use crate::{Error, Result};

/// The file with this profile's id (not secret: it names the keyring entry).
pub const PROFILE_ID_FILE: &str = "profil.id";
/// Default idle time before the vault locks itself.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
const AUTO_LOCK_SETTING: &str = "auto_lock_minutes";
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
}

/// The user's settings that the UI shows and changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    pub auto_lock_minutes: u32,
    /// Days after a SIP's need was discovered before "no meeting booked" warns.
    pub sip_warning_days: u32,
    /// The organisation's name in every document's header (empty until set).
    pub organisation_name: String,
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

/// Who acts and when: passed to every operation that writes the case history.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The user profile (its id's first 8 hex digits are shown in the history).
    pub profile: String,
    /// Now, in UTC (history timestamps).
    pub now: chrono::DateTime<chrono::Utc>,
    /// Today's date in Sweden (Europe/Stockholm): the date rules are checked against.
    pub today: chrono::NaiveDate,
    /// The protected records opened explicitly since the last unlock (see [`crate::access`]).
    /// Empty unless the vault gave it: a context made anywhere else opens nothing.
    pub opened: BTreeSet<CaseId>,
}

impl Ctx {
    /// `now` as stored: UTC, RFC 3339, whole seconds.
    pub fn timestamp(&self) -> String {
        self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    pub fn new(profile: impl Into<String>, now: chrono::DateTime<chrono::Utc>) -> Self {
        Ctx {
            profile: profile.into(),
            now,
            today: crate::clock::swedish_date(now),
            opened: BTreeSet::new(),
        }
    }
}

#[derive(Debug)]
pub struct Vault {
    dir: PathBuf,
    secrets: Box<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    kdf: KdfParams,
    conn: Option<Connection>,
    /// The open profile's id (set while unlocked); it names who made a change in the history.
    profile: Option<String>,
    failures: u32,
    retry_at: Option<Duration>,
    last_activity: Duration,
    auto_lock: Duration,
    /// The protected records opened explicitly in this unlocked session; every lock (manual,
    /// idle, or the one at the start of an unlock) forgets them.
    opened: BTreeSet<CaseId>,
}

impl Vault {
    /// A vault over the data directory `dir` (created on setup, owner-only on Unix).
    pub fn new(
        dir: impl Into<PathBuf>,
        secrets: Box<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let now = clock.now();
        Vault {
            dir: dir.into(),
            secrets,
            clock,
            kdf: KdfParams::DEFAULT,
            conn: None,
            profile: None,
            failures: 0,
            retry_at: None,
            last_activity: now,
            auto_lock: Duration::from_secs(60 * DEFAULT_AUTO_LOCK_MINUTES as u64),
            opened: BTreeSet::new(),
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
        }
    }

    /// Time left before another unlock attempt is allowed.
    pub fn retry_after(&self) -> Option<Duration> {
        let now = self.clock.now();
        self.retry_at.filter(|t| *t > now).map(|t| t - now)
    }

    fn account(profile_id: &str) -> String {
        format!("profil-{profile_id}")
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
    pub fn setup(&mut self, passphrase: &str, confirmation: &str) -> Result<SessionStatus> {
        if self.database_exists() {
            return Err(Error::AlreadySetUp);
        }
        let pass = keys::normalise_passphrase(passphrase);
        let confirm = keys::normalise_passphrase(confirmation);
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

        let result = self.create_files(&profile_id, &key);
        if result.is_err() {
            let _ = self.secrets.delete(&account);
        }
        let conn = result?;
        self.conn = Some(conn);
        self.profile = Some(profile_id);
        self.failures = 0;
        self.retry_at = None;
        self.last_activity = self.clock.now();
        Ok(self.status())
    }

    fn create_files(&self, profile_id: &str, key: &DbKey) -> Result<Connection> {
        create_private_dir(&self.dir)?;
        write_atomically(&self.dir.join(PROFILE_ID_FILE), profile_id.as_bytes())?;
        // The store removes the files it created if it fails; nothing else is touched.
        store::open(&self.db_path(), key, OpenMode::Create)
    }

    /// Unlocks with the passphrase: keyring read, Argon2id, unwrap, open and verify.
    pub fn unlock(&mut self, passphrase: &str) -> Result<SessionStatus> {
        // Never "unlock" without checking the passphrase: if the UI shows the lock screen while
        // the vault is open (a lost lock event, say), the vault locks and the passphrase is
        // verified like any other time.
        self.lock();
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
        let pass = keys::normalise_passphrase(passphrase);
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
        drop(key);
        let minutes = store::get_setting(&conn, AUTO_LOCK_SETTING)?
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|m| (1..=60).contains(m))
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
        self.auto_lock = Duration::from_secs(60 * minutes as u64);
        self.conn = Some(conn);
        self.profile = Some(profile_id);
        self.failures = 0;
        self.retry_at = None;
        self.last_activity = self.clock.now();
        Ok(self.status())
    }

    /// Locks: closes the database and drops all key material. Idempotent.
    pub fn lock(&mut self) -> SessionStatus {
        if let Some(conn) = self.conn.take() {
            // On a close error the connection is dropped anyway (rusqlite closes on drop).
            let _ = conn.close();
        }
        self.profile = None;
        self.opened.clear();
        self.status()
    }

    /// Records user activity (resets the idle timer). Fails with [`Error::Locked`] when
    /// locked, so a UI that missed the lock event finds out at its next activity report.
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

    /// Runs a data operation. Fails with [`Error::Locked`] while locked; counts as activity.
    pub fn with_conn<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        let conn = self.conn.as_mut().ok_or(Error::Locked)?;
        self.last_activity = now;
        f(conn)
    }

    /// Runs a data operation that changes or reads case data, with the acting profile and the
    /// current time. Fails with [`Error::Locked`] while locked; counts as activity.
    pub fn with_ctx<T>(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        f: impl FnOnce(&mut Connection, &Ctx) -> Result<T>,
    ) -> Result<T> {
        let profile = self.profile.clone().ok_or(Error::Locked)?;
        let mut ctx = Ctx::new(profile, now);
        ctx.opened = self.opened.clone();
        self.with_conn(|c| f(c, &ctx))
    }

    /// "Öppna akten": the explicit open of a case's record at `now`. For a case with a
    /// protected person the open is written to the case's access history (in its own
    /// transaction) and remembered until the vault locks; returns whether the case is
    /// protected. See [`crate::access`].
    pub fn open_record_at(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        case: CaseId,
    ) -> Result<bool> {
        let protected = self.with_ctx(now, |c, ctx| crate::access::record_open(c, ctx, case))?;
        if protected {
            self.opened.insert(case);
        }
        Ok(protected)
    }

    /// [`Vault::open_record_at`] at the current time.
    pub fn open_record(&mut self, case: CaseId) -> Result<bool> {
        self.open_record_at(chrono::Utc::now(), case)
    }

    /// [`Vault::with_ctx`] at the current time.
    pub fn with_now<T>(&mut self, f: impl FnOnce(&mut Connection, &Ctx) -> Result<T>) -> Result<T> {
        self.with_ctx(chrono::Utc::now(), f)
    }

    /// The settings; a data command (fails while locked).
    pub fn settings(&mut self) -> Result<Settings> {
        let minutes = self.auto_lock_minutes();
        self.with_conn(|c| {
            Ok(Settings {
                auto_lock_minutes: minutes,
                sip_warning_days: crate::sip::warning_days(c)?,
                organisation_name: crate::document::organisation(c)?,
            })
        })
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

/// Whole seconds, rounded up, so a countdown never ends before the wait does.
fn ceil_secs(d: Duration) -> u32 {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    s.clamp(1, u32::MAX as u64) as u32
}

fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        what: "datamappen",
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(
            |source| Error::Io {
                what: "datamappens behörigheter",
                source,
            },
        )?;
    }
    Ok(())
}

/// Writes a small file via a temporary name, fsync and rename, so it is never half-written.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |source| Error::Io {
        what: "profilens id",
        source,
    };
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

/// A secret the caller typed, e.g. from the UI: kept only as long as needed.
pub type Passphrase = SecretString;

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
            v.with_conn(|c| crate::cases::list(c, ""))
                .unwrap_err()
                .kind(),
            ErrorKind::Locked
        );
        assert_eq!(
            v.with_ctx(chrono::Utc::now(), |c, _| crate::cases::list(c, ""))
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
}
