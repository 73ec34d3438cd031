//! The encrypted store: one SQLCipher database file, opened by exactly one function.
//!
//! Architecture invariant: **[`open`] is the only way to get a connection.** It sets the key
//! first, proves the key by reading at once (SQLCipher accepts any key and only fails on the
//! first read), silences SQLCipher's own stderr logging, sets every pragma, and applies the
//! embedded, numbered migrations in one transaction.

use std::path::{Path, PathBuf};

pub use rusqlite::Connection;
use rusqlite::OpenFlags;

use crate::keys::DbKey;
use crate::{Error, Result};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "tryggplan.db";

/// The embedded migrations, applied in order; `PRAGMA user_version` counts the applied ones.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_foundation",
        include_str!("migrations/0001_foundation.sql"),
    ),
    (
        "0002_persons_actors_sip",
        include_str!("migrations/0002_persons_actors_sip.sql"),
    ),
    ("0003_consent", include_str!("migrations/0003_consent.sql")),
    (
        "0004_risk_report",
        include_str!("migrations/0004_risk_report.sql"),
    ),
    (
        "0005_protection",
        include_str!("migrations/0005_protection.sql"),
    ),
    ("0006_samrad", include_str!("migrations/0006_samrad.sql")),
    (
        "0007_followup",
        include_str!("migrations/0007_followup.sql"),
    ),
    (
        "0008_history_chain_gallring",
        include_str!("migrations/0008_history_chain_gallring.sql"),
    ),
    (
        "0009_consent_actor_categories",
        include_str!("migrations/0009_consent_actor_categories.sql"),
    ),
    (
        "0010_persons_organisations_in_consent",
        include_str!("migrations/0010_persons_organisations_in_consent.sql"),
    ),
    (
        "0011_samrad_consent_copies",
        include_str!("migrations/0011_samrad_consent_copies.sql"),
    ),
    (
        "0012_consent_change",
        include_str!("migrations/0012_consent_change.sql"),
    ),
];

/// The migration (by number) after whose SQL the case history written before it is chained in
/// Rust (SQL can't hash), in the same transaction.
const HISTORY_CHAIN_MIGRATION: usize = 8;

/// Whether [`open`] may create the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create a new, empty database. Fails if the file already exists.
    Create,
    /// Open an existing database; never creates a file.
    Existing,
}

/// All files SQLite may keep for a database at `path`.
pub fn database_files(path: &Path) -> [PathBuf; 3] {
    let s = path.as_os_str().to_owned();
    let with = |suffix: &str| {
        let mut p = s.clone();
        p.push(suffix);
        PathBuf::from(p)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Opens (or creates) the encrypted database at `path` with `key`. The one connection-init
/// function of the product.
pub fn open(path: &Path, key: &DbKey, mode: OpenMode) -> Result<Connection> {
    let io = |source| Error::Io {
        what: "databasfilen",
        source,
    };
    match mode {
        OpenMode::Create => {
            // A WAL without its database is still someone's data: never start over it.
            if database_files(path)[1].try_exists().map_err(io)? {
                return Err(Error::AlreadySetUp);
            }
            // Exclusive create: if the file exists (even if unreadable) this fails, so a new
            // database can never be opened over an old one, whatever happened since a check.
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(Error::AlreadySetUp)
                }
                Err(e) => return Err(io(e)),
            }
            // This call created the file, so on failure it removes what it created — and only
            // then: every earlier return above leaves the disk as it was.
            let result = init(path, key, mode);
            if result.is_err() {
                for p in database_files(path) {
                    let _ = std::fs::remove_file(p);
                }
            }
            result
        }
        OpenMode::Existing => {
            if !path.try_exists().map_err(io)? {
                return Err(Error::DamagedOrWrongKey);
            }
            init(path, key, mode)
        }
    }
}

/// Keys, verifies, configures and migrates a connection to an existing file.
fn init(path: &Path, key: &DbKey, mode: OpenMode) -> Result<Connection> {
    // Never SQLITE_OPEN_CREATE: the file exists by now.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    // Until the file is verified, closing must not checkpoint a WAL into it: a damaged or
    // foreign file is left exactly as it was.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;

    // SQLCipher otherwise writes codec errors (page numbers, HMAC failures) to stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;

    // The key first, as a raw 256-bit key (no SQLCipher KDF: ours is Argon2id). The buffer
    // is allocated at its final size so no reallocation leaves an unwiped copy behind.
    let literal = key.sqlcipher_literal();
    let mut stmt = zeroize::Zeroizing::new(String::with_capacity(16 + literal.len()));
    stmt.push_str("PRAGMA key = ");
    stmt.push_str(&literal);
    stmt.push(';');
    conn.execute_batch(&stmt)?;

    // A wrong key, or a damaged first page, shows only on the first read.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;

    if mode == OpenMode::Existing {
        // An existing database always carries our schema. An empty or truncated file would
        // otherwise open as a new, empty database — and look like all data was gone.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == 0 {
            return Err(Error::DamagedOrWrongKey);
        }
        // Every page's HMAC, now rather than when a damaged page happens to be read.
        let problems = cipher_integrity_problems(&conn)?;
        if problems > 0 {
            return Err(Error::DamagedOrWrongKey);
        }
    }

    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -16384;
         PRAGMA busy_timeout = 5000;",
    )?;
    migrate(&mut conn)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        false,
    )?;
    Ok(conn)
}

/// Number of problems `PRAGMA cipher_integrity_check` reports (0 = every page verified).
pub fn cipher_integrity_problems(conn: &Connection) -> Result<usize> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let rows = stmt.query_map([], |_| Ok(()))?;
    let mut n = 0;
    for r in rows {
        r?;
        n += 1;
    }
    Ok(n)
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > schema_version() {
        return Err(Error::InvalidInput(
            "Databasen har skapats av en nyare version av Tryggplan. Installera den nyare \
             versionen; databasen har inte ändrats."
                .into(),
        ));
    }
    if current == schema_version() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        if i + 1 == HISTORY_CHAIN_MIGRATION {
            crate::audit::chain_unchained(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", schema_version())?;
    tx.commit()?;
    Ok(())
}

/// Reads a setting; `None` if never set.
pub fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> DbKey {
        DbKey::from_bytes([b; 32])
    }

    #[test]
    fn round_trip_through_a_closed_and_reopened_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = open(&path, &key(1), OpenMode::Create).unwrap();
            set_setting(&conn, "organisation", "Socialtjänsten i Örebro").unwrap();
        }
        let conn = open(&path, &key(1), OpenMode::Existing).unwrap();
        assert_eq!(
            get_setting(&conn, "organisation").unwrap().as_deref(),
            Some("Socialtjänsten i Örebro")
        );
    }

    #[test]
    fn wrong_key_is_a_typed_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        drop(open(&path, &key(1), OpenMode::Create).unwrap());
        let err = open(&path, &key(2), OpenMode::Existing).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::DamagedOrWrongKey);
    }

    #[test]
    fn existing_mode_never_creates_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        assert!(open(&path, &key(1), OpenMode::Existing).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn a_refused_file_is_not_changed_by_a_pending_wal() {
        // A database whose last writer crashed: committed frames still only in the WAL.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let held = open(&path, &key(7), OpenMode::Create).unwrap();
        set_setting(&held, "x", &"y".repeat(5000)).unwrap();
        let wal = database_files(&path)[1].clone();
        let main_before = std::fs::read(&path).unwrap();
        let wal_before = std::fs::read(&wal).unwrap();
        assert!(!wal_before.is_empty());
        // Opened with another key while the WAL is pending: refused, and neither file changes.
        let copy = dir.path().join("kopia.db");
        std::fs::write(&copy, &main_before).unwrap();
        std::fs::write(database_files(&copy)[1].clone(), &wal_before).unwrap();
        drop(held);
        assert!(open(&copy, &key(8), OpenMode::Existing).is_err());
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            main_before,
            "the main file was checkpointed into"
        );
        assert_eq!(
            std::fs::read(database_files(&copy)[1].clone()).unwrap(),
            wal_before
        );
    }

    #[test]
    fn create_mode_refuses_a_leftover_wal_and_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let wal = database_files(&path)[1].clone();
        std::fs::write(&wal, b"frames of a database whose file went missing").unwrap();
        let err = open(&path, &key(9), OpenMode::Create).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::AlreadySetUp);
        assert!(!path.exists(), "no database was created next to the WAL");
        assert_eq!(
            std::fs::read(&wal).unwrap(),
            b"frames of a database whose file went missing"
        );
    }

    #[test]
    fn an_empty_or_schema_less_file_is_not_taken_for_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        std::fs::write(&path, b"").unwrap();
        let err = open(&path, &key(1), OpenMode::Existing).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::DamagedOrWrongKey);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"",
            "the file was written to"
        );
    }

    #[test]
    fn create_mode_never_opens_over_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        drop(open(&path, &key(1), OpenMode::Create).unwrap());
        let before = std::fs::read(&path).unwrap();
        let err = open(&path, &key(2), OpenMode::Create).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::AlreadySetUp);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn migrations_apply_cleanly_and_validate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let conn = open(&path, &key(3), OpenMode::Create).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let fk_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_problems, 0);
        // Each migration is valid SQL on its own against the previous ones, and the names are
        // numbered 0001, 0002, … without a gap: `user_version` counts positions, so a name must
        // say its position.
        let numbers: Vec<u32> = MIGRATIONS
            .iter()
            .map(|(name, _)| {
                assert_eq!(name.as_bytes().get(4), Some(&b'_'), "{name}");
                name[..4].parse().unwrap_or_else(|_| panic!("{name}"))
            })
            .collect();
        assert_eq!(
            numbers,
            (1..=MIGRATIONS.len() as u32).collect::<Vec<_>>(),
            "migration names must be numbered by position"
        );
        // Re-opening does not re-apply anything.
        drop(conn);
        let conn = open(&path, &key(3), OpenMode::Existing).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = open(&path, &key(4), OpenMode::Create).unwrap();
            conn.pragma_update(None, "user_version", 999).unwrap();
        }
        let err = open(&path, &key(4), OpenMode::Existing).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
    }

    #[test]
    fn pragmas_are_set_on_every_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        drop(open(&path, &key(5), OpenMode::Create).unwrap());
        let conn = open(&path, &key(5), OpenMode::Existing).unwrap();
        let q = |p: &str| -> String {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
        };
        assert_eq!(q("journal_mode"), "Text(\"wal\")");
        assert_eq!(q("foreign_keys"), "Integer(1)");
        assert_eq!(q("secure_delete"), "Integer(1)");
        assert_eq!(q("synchronous"), "Integer(2)");
        assert_eq!(q("temp_store"), "Integer(2)");
    }

    #[test]
    fn the_file_does_not_start_with_the_sqlite_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        drop(open(&path, &key(6), OpenMode::Create).unwrap());
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3\0"));
    }
}

#[cfg(test)]
mod migration_tests {
    use super::*;

    /// A database written by the Foundation release (schema 1) opens with this build: the
    /// persons table is rebuilt, names and protection levels are kept, and a number that
    /// 0001 stored unvalidated is kept as a note — never dropped, never trusted.
    #[test]
    fn a_foundation_database_migrates_without_losing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = DbKey::generate().unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            let mut stmt = String::from("PRAGMA key = ");
            stmt.push_str(&key.sqlcipher_literal());
            stmt.push(';');
            conn.execute_batch(&stmt).unwrap();
            conn.execute_batch(MIGRATIONS[0].1).unwrap();
            conn.execute_batch(
                "INSERT INTO cases(id, reference, created_at) VALUES (1, 'SIP-1', '2026-11-01T10:00:00Z');
                 INSERT INTO persons(case_id, name, identity_number, protection_level)
                      VALUES (1, 'Åsa Öberg', '850101-1234', 'skyddad_folkbokforing'),
                             (1, 'Lisa Öberg', NULL, 'ingen');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let mut conn = open(&path, &key, OpenMode::Existing).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let rows: Vec<(String, String, String, Option<String>)> = conn
            .prepare("SELECT name, protection_level, no_number_note, identity_number FROM persons ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, "Åsa Öberg");
        assert_eq!(rows[0].1, "skyddad_folkbokforing");
        assert!(rows[0].2.contains("850101-1234"), "{:?}", rows[0]);
        assert_eq!(
            rows[0].3, None,
            "an unvalidated number is not an identity number"
        );
        assert_eq!(rows[1].2, "");
        // And the case list works on the migrated data.
        // (a protected person: by her whole name)
        let list =
            crate::cases::list(&mut conn, &crate::testkit::ctx("2026-11-20"), "Öberg åsa").unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].display_name, "Å. Ö.");
    }

    /// A database of schema 4 opens with this build: 0005 rebuilds the relations table for the
    /// new relation kind (vistelseort_skyddad_mot) and keeps every relation as it was.
    #[test]
    fn issue6_relations_survive_the_rebuild_and_take_the_new_kind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = DbKey::generate().unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            let mut stmt = String::from("PRAGMA key = ");
            stmt.push_str(&key.sqlcipher_literal());
            stmt.push(';');
            conn.execute_batch(&stmt).unwrap();
            for (_, sql) in &MIGRATIONS[..4] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch(
                "INSERT INTO cases(id, reference, created_at) VALUES (1, 'SIP-1', '2026-11-01T10:00:00Z');
                 INSERT INTO persons(id, case_id, name, no_number_reason, protection_level) VALUES
                     (1, 1, 'Åsa Öberg', 'annat', 'skyddad_folkbokforing'),
                     (2, 1, 'Per Öberg', 'annat', 'ingen'), (3, 1, 'Lisa Öberg', 'annat', 'ingen');
                 INSERT INTO relations(case_id, from_person, to_person, kind, custody) VALUES
                     (1, 2, 1, 'utovare_mot', NULL), (1, 1, 3, 'vardnadshavare', 1);
                 PRAGMA user_version = 4;",
            )
            .unwrap();
            assert!(conn
                .execute(
                    "INSERT INTO relations(case_id, from_person, to_person, kind) VALUES (1, 3, 1, 'vistelseort_skyddad_mot')",
                    [],
                )
                .is_err());
        }
        let conn = open(&path, &key, OpenMode::Existing).unwrap();
        let rows: Vec<(i64, i64, String, Option<i64>)> = conn
            .prepare("SELECT from_person, to_person, kind, custody FROM relations ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (2, 1, "utovare_mot".to_owned(), None),
                (1, 3, "vardnadshavare".to_owned(), Some(1))
            ]
        );
        conn.execute(
            "INSERT INTO relations(case_id, from_person, to_person, kind) VALUES (1, 3, 1, 'vistelseort_skyddad_mot')",
            [],
        )
        .unwrap();
        // The constraints came along: custody only for a guardian.
        assert!(conn
            .execute(
                "INSERT INTO relations(case_id, from_person, to_person, kind, custody) VALUES (1, 2, 3, 'narstaende', 1)",
                [],
            )
            .is_err());
    }
}
