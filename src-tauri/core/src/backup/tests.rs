//! Backup and restore end to end over real SQLCipher files; damage and tamper of the live
//! database; the backup reader's fuzz target (proptest with a large case count).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::cases::{self, NewCase};
use crate::clock::FakeClock;
use crate::keys::keyring::MemoryStore;
use crate::session::Vault;
use crate::testkit;
use crate::vocab::ProtectionLevel;
use crate::ErrorKind;

const PW: &str = "korrekt häst batteri";
const NEW_PW: &str = "en helt ny lösenfras";

fn vault(dir: &Path, store: &MemoryStore) -> Vault {
    Vault::new(dir, Box::new(store.clone()), Arc::new(FakeClock::default()))
        .with_kdf(KdfParams::TEST)
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap()
}

/// A profile with `n` cases (one person each, every fifth protected), unlocked; and its
/// recovery key.
fn profile_with_data(dir: &Path, store: &MemoryStore, n: usize) -> (Vault, RecoveryKey) {
    let mut v = vault(dir, store);
    let (_, rk) = v.create_profile(PW, PW).unwrap();
    v.with_ctx(now(), |c, ctx| {
        for i in 0..n {
            let level = if i % 5 == 0 {
                ProtectionLevel::SkyddadFolkbokforing
            } else {
                ProtectionLevel::Ingen
            };
            cases::create(
                c,
                ctx,
                &NewCase {
                    reference: format!("SIP-2026-{i:04}"),
                    person: testkit::person(&format!("Åsa Öberg {i}"), None, level),
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    (v, rk)
}

/// Everything a comparison needs: every table's rows as text, in id order.
fn dump(v: &mut Vault) -> BTreeMap<String, Vec<String>> {
    v.with_conn(|c| {
        let mut out = BTreeMap::new();
        for table in row_counts(c)?.keys() {
            let q = format!("SELECT * FROM \"{table}\" ORDER BY rowid");
            let mut stmt = c.prepare(&q)?;
            let cols = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let mut s = String::new();
                    for i in 0..cols {
                        s.push_str(&format!("{:?}|", r.get::<_, rusqlite::types::Value>(i)?));
                    }
                    Ok(s)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.insert(table.clone(), rows);
        }
        Ok(out)
    })
    .unwrap()
}

fn make_backup(v: &mut Vault, dest: &Path) -> BackupReceipt {
    v.backup_to(dest, now(), &mut |_| {}).unwrap()
}

fn target<'a>(dir: &'a Path, store: &'a MemoryStore) -> RestoreTarget<'a> {
    RestoreTarget {
        profile_dir: dir,
        secrets: store,
        kdf: KdfParams::TEST,
    }
}

fn hash(path: &Path) -> String {
    hex::encode(Blake2s256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn backup_and_restore_with_the_passphrase_and_with_the_recovery_key() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, rk) = profile_with_data(&tmp.path().join("a"), &store, 30);
    let original = dump(&mut v);
    let dest = tmp.path().join("kopia.tpbackup");
    // The newest rows are committed but still only in the WAL (not checkpointed): a copy of
    // the database file alone would miss them, the online backup API reads them.
    let wal = std::fs::metadata(&store::database_files(&v.db_path())[1]).map_or(0, |m| m.len());
    assert!(wal > 0, "the test needs un-checkpointed WAL frames");
    let receipt = make_backup(&mut v, &dest);
    assert_eq!(receipt.info.cases, 30);
    assert_eq!(receipt.info.persons, 30);
    assert!(receipt.info.opens_with_recovery_key);
    assert_eq!(receipt.info.bytes, std::fs::metadata(&dest).unwrap().len());
    // The backup itself was logged after it was made: not part of the backup.
    let mut after = dump(&mut v);
    assert_ne!(after, original);
    after.clear();

    // A new computer: an empty keyring. With the passphrase valid when the backup was made.
    let laptop = MemoryStore::default();
    let b_dir = tmp.path().join("b");
    let mut steps = Vec::new();
    let restored = restore(
        &dest,
        Secret::Passphrase(PW),
        NEW_PW,
        NEW_PW,
        target(&b_dir, &laptop),
        &mut |p| steps.push(p),
    )
    .unwrap();
    assert_eq!(restored.info.cases, 30);
    assert!(!steps.is_empty());
    let last = steps.last().unwrap();
    assert_eq!(last.done, last.total);
    let mut b = vault(&b_dir, &laptop);
    assert_eq!(b.unlock(PW).unwrap_err().kind(), ErrorKind::WrongPassphrase);
    b.unlock(NEW_PW).unwrap();
    assert_eq!(dump(&mut b), original);

    // With the recovery key (typed in lower case, with spaces).
    let typed = rk.display().to_lowercase().replace('-', " ");
    let c_dir = tmp.path().join("c");
    let restored = restore(
        &dest,
        Secret::RecoveryKey(&typed),
        NEW_PW,
        NEW_PW,
        target(&c_dir, &laptop),
        &mut |_| {},
    )
    .unwrap();
    let mut c = vault(&c_dir, &laptop);
    c.unlock(NEW_PW).unwrap();
    assert_eq!(dump(&mut c), original);
    // The restored profile has its own new recovery key, which opens it.
    c.lock();
    laptop.clear();
    c.recover(&restored.recovery_key.display(), PW, PW).unwrap();
    // The same data, and the recovery's own history entry (issue 18: written by the core).
    let mut after = dump(&mut c);
    let history = after.get_mut("case_history").unwrap();
    let last = history.pop().unwrap();
    assert!(last.contains("keys.recovered"), "{last}");
    if let Some(tip) = after.get_mut("case_history_tip") {
        *tip = original["case_history_tip"].clone();
    }
    assert_eq!(after, original);
    // And the restored profiles are separate profiles (own ids, own keyring entries).
    assert_ne!(
        std::fs::read(b_dir.join(crate::files::PROFILE_ID_FILE)).unwrap(),
        std::fs::read(c_dir.join(crate::files::PROFILE_ID_FILE)).unwrap()
    );
}

#[test]
fn the_backup_is_encrypted_with_its_own_key_and_holds_no_plain_text() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 3);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let bytes = std::fs::read(&dest).unwrap();
    assert!(bytes.starts_with(MAGIC));
    for needle in [
        &b"SQLite format 3"[..],
        "Öberg".as_bytes(),
        b"SIP-2026-0001",
    ] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    // Not a copy of the live file: the database part differs from the live file's bytes.
    let h = parse_header(&bytes).unwrap();
    let live = std::fs::read(v.db_path()).unwrap();
    assert_ne!(&bytes[h.len..h.len + 4096], &live[..4096.min(live.len())]);
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}"); // the profile dir and the backup
}

#[test]
fn a_failed_backup_leaves_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 1);
    let dest = tmp.path().join("saknas").join("kopia.tpbackup");
    assert!(v.backup_to(&dest, now(), &mut |_| {}).is_err());
    assert!(!dest.exists());
    assert!(backup_status(&mut v).due, "a failed backup isn't a backup");
    // Never into the data directory, and never over the live database.
    let live = v.db_path();
    let before = std::fs::read(&live).unwrap();
    for dest in [live.clone(), v.data_dir().join("kopia.tpbackup")] {
        let err = v.backup_to(&dest, now(), &mut |_| {}).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage, "{err}");
        assert!(err.to_string().contains("datamapp"), "{err}");
    }
    assert_eq!(std::fs::read(&live).unwrap(), before);
    assert!(!v.data_dir().join("kopia.tpbackup").exists());
}

/// Issue 8: "written to a temp name, fsynced and renamed". A backup that fails after its
/// temporary files exist (here the rename: the destination is a directory) leaves nothing
/// behind, and the destination is as it was.
#[test]
fn a_backup_that_fails_at_the_end_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 3);
    let out = tmp.path().join("ut");
    let dest = out.join("kopia.tpbackup");
    std::fs::create_dir_all(dest.join("upptagen")).unwrap();
    assert!(v.backup_to(&dest, now(), &mut |_| {}).is_err());
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["kopia.tpbackup"], "a partial file was left behind");
    assert!(dest.join("upptagen").is_dir());
    assert!(backup_status(&mut v).due, "a failed backup isn't a backup");
}

/// A new backup over an old one is written beside it and renamed into place: the old file is
/// never opened for writing, so a hard link to it (or a reader that has it open) still holds
/// the whole old backup. A backup written in place would truncate the old one first.
#[test]
fn a_new_backup_replaces_the_old_one_without_writing_into_it() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 3);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let old = std::fs::read(&dest).unwrap();
    let link = tmp.path().join("gammal.tpbackup");
    std::fs::hard_link(&dest, &link).unwrap();
    make_backup(&mut v, &dest);
    assert_eq!(
        std::fs::read(&link).unwrap(),
        old,
        "the old backup was written into"
    );
    assert_ne!(std::fs::read(&dest).unwrap(), old);
    assert!(verify_bytes(&std::fs::read(&dest).unwrap(), Secret::Passphrase(PW)).is_ok());
    assert!(verify_bytes(&old, Secret::Passphrase(PW)).is_ok());
}

fn backup_status(v: &mut Vault) -> BackupStatus {
    v.with_conn(|c| status(c, now())).unwrap()
}

#[test]
fn every_flipped_byte_is_refused_and_leaves_no_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, rk) = profile_with_data(&tmp.path().join("a"), &store, 5);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let good = std::fs::read(&dest).unwrap();
    let typed = rk.display();
    assert!(verify_bytes(&good, Secret::RecoveryKey(&typed)).is_ok());
    // Every byte of the header, and every 97th byte of the database part.
    let h = parse_header(&good).unwrap();
    let positions: Vec<usize> = (0..h.len)
        .chain((h.len..good.len()).step_by(97))
        .chain([good.len() - 1])
        .collect();
    for &pos in &positions {
        let mut bad = good.clone();
        bad[pos] ^= 0x01;
        assert!(
            verify_bytes(&bad, Secret::RecoveryKey(&typed)).is_err(),
            "flipped byte {pos} was accepted"
        );
    }
    // Through the real restore: a byte in the header, one in the database, the last one.
    for pos in [20, h.len + 5000, good.len() - 1] {
        let mut bad = good.clone();
        bad[pos] ^= 0x80;
        let file = tmp.path().join("skadad.tpbackup");
        std::fs::write(&file, &bad).unwrap();
        let new_dir = tmp.path().join("ny");
        let err = restore(
            &file,
            Secret::Passphrase(PW),
            NEW_PW,
            NEW_PW,
            target(&new_dir, &store),
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BackupRefused, "{pos}: {err}");
        assert!(err.to_string().contains("skada"), "{err}");
        assert!(
            !new_dir.exists(),
            "a refused restore left the new profile behind"
        );
    }
}

#[test]
fn a_truncated_or_extended_backup_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, rk) = profile_with_data(&tmp.path().join("a"), &store, 5);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let good = std::fs::read(&dest).unwrap();
    let typed = rk.display();
    for len in [
        0,
        7,
        10,
        100,
        300,
        good.len() / 2,
        good.len() - 4096,
        good.len() - 1,
    ] {
        assert!(
            verify_bytes(&good[..len], Secret::RecoveryKey(&typed)).is_err(),
            "{len}"
        );
    }
    let mut longer = good.clone();
    longer.extend_from_slice(&[0; 4096]);
    assert!(verify_bytes(&longer, Secret::RecoveryKey(&typed)).is_err());
    for bad in [&good[..good.len() - 4096], &longer[..]] {
        let file = tmp.path().join("avkortad.tpbackup");
        std::fs::write(&file, bad).unwrap();
        let new_dir = tmp.path().join("ny");
        let err = restore(
            &file,
            Secret::Passphrase(PW),
            NEW_PW,
            NEW_PW,
            target(&new_dir, &store),
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BackupRefused, "{err}");
        assert!(!new_dir.exists());
        assert!(inspect(&file, Secret::Passphrase(PW)).is_err());
    }
}

#[test]
fn wrong_secrets_and_bad_targets_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, rk) = profile_with_data(&tmp.path().join("a"), &store, 2);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let new_dir = tmp.path().join("ny");
    let attempt = |secret: Secret<'_>, dir: &Path| {
        restore(
            &dest,
            secret,
            NEW_PW,
            NEW_PW,
            target(dir, &store),
            &mut |_| {},
        )
        .unwrap_err()
    };
    assert_eq!(
        attempt(Secret::Passphrase("fel fel fel fel"), &new_dir).kind(),
        ErrorKind::WrongPassphrase
    );
    let other = RecoveryKey::generate().unwrap();
    assert_eq!(
        attempt(Secret::RecoveryKey(&other.display()), &new_dir).kind(),
        ErrorKind::WrongPassphrase
    );
    let mut typo = rk.display().to_string();
    typo.replace_range(0..1, if typo.starts_with('X') { "Y" } else { "X" });
    assert_eq!(
        attempt(Secret::RecoveryKey(&typo), &new_dir).kind(),
        ErrorKind::RecoveryKeyMistyped
    );
    assert!(!new_dir.exists());
    // Never over an existing profile, never into a directory that isn't empty.
    v.lock();
    let before = hash(&v.db_path());
    assert_eq!(
        v.restore_into(
            &dest,
            Secret::Passphrase(PW),
            NEW_PW,
            NEW_PW,
            v.data_dir(),
            &mut |_| {}
        )
        .unwrap_err()
        .kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        attempt(Secret::Passphrase(PW), v.data_dir()).kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(hash(&v.db_path()), before);
    // A new passphrase that breaks the rules: refused first.
    assert_eq!(
        restore(
            &dest,
            Secret::Passphrase(PW),
            "kort",
            "kort",
            target(&new_dir, &store),
            &mut |_| {}
        )
        .unwrap_err()
        .kind(),
        ErrorKind::PassphraseTooShort
    );
    // A file that isn't a backup at all.
    let err = inspect(&v.db_path(), Secret::Passphrase(PW)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BackupRefused);
    assert!(err.to_string().contains("inte en säkerhetskopia"), "{err}");
    // The right secret: inspect tells what is in it.
    let info = inspect(&dest, Secret::Passphrase(PW)).unwrap();
    assert_eq!((info.cases, info.persons), (2, 2));
    assert_eq!(info.created_at, "2026-11-29T12:00:00Z");
}

/// The restore's own checks, each on its own: a count that doesn't match and a damaged page
/// are refused even when the header authenticated.
#[test]
fn the_restored_database_is_checked_against_the_recorded_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 4);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let bytes = std::fs::read(&dest).unwrap();
    let h = parse_header(&bytes).unwrap();
    let (bk, c) = open_header(&bytes, &h, Secret::Passphrase(PW)).unwrap();
    let db = tmp.path().join("t.db");
    std::fs::write(&db, &bytes[h.len..]).unwrap();
    verify_restored(&db, &bk, &c).unwrap();
    let mut fewer = c.clone();
    *fewer.counts.get_mut("persons").unwrap() -= 1;
    let err = verify_restored(&db, &bk, &fewer).unwrap_err();
    assert!(err.to_string().contains("antalet poster"), "{err}");
    let mut missing = c.clone();
    missing.counts.insert("en_tabell_till".into(), 0);
    assert!(verify_restored(&db, &bk, &missing).is_err());
    let mut older = c.clone();
    older.schema_version -= 1;
    assert!(verify_restored(&db, &bk, &older).is_err());
    // A flipped byte in the last page: cipher_integrity_check finds it.
    let mut raw = std::fs::read(&db).unwrap();
    let n = raw.len();
    raw[n - 100] ^= 1;
    std::fs::write(&db, &raw).unwrap();
    let err = verify_restored(&db, &bk, &c).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BackupRefused);
    assert!(err.to_string().contains("skadad"), "{err}");
}

/// Re-seals a backup's contents around `db` with `c`'s counts, as only the backup's maker
/// could: an authentic backup (every hash and tag right) whose database is wrong in a way the
/// hash can't see. Only the restore's own checks stand between it and the new profile.
fn forge(bytes: &[u8], c: &Contents, db: &[u8]) -> Vec<u8> {
    let h = parse_header(bytes).unwrap();
    let (bk, _) = open_header(bytes, &h, Secret::Passphrase(PW)).unwrap();
    let mut c = c.clone();
    c.db_len = db.len() as u64;
    c.db_blake2s = hex::encode(Blake2s256::digest(db));
    let head = &bytes[..h.contents_aad_end];
    let json = serde_json::to_vec(&c).unwrap();
    let sealed = seal(
        &bk.derive(CONTENTS_LABEL),
        &aad(CONTENTS_LABEL, head),
        &json,
    )
    .unwrap();
    let mut out = head.to_vec();
    field(&mut out, &sealed);
    out.extend_from_slice(db);
    assert!(
        verify_bytes(&out, Secret::Passphrase(PW)).is_ok(),
        "authentic"
    );
    out
}

/// Restores `backup` into a new profile; it must be refused and leave nothing behind.
fn refused_restore(tmp: &Path, store: &MemoryStore, backup: &[u8]) -> Error {
    let file = tmp.join("forged.tpbackup");
    std::fs::write(&file, backup).unwrap();
    let new_dir = tmp.join("ny");
    let err = restore(
        &file,
        Secret::Passphrase(PW),
        NEW_PW,
        NEW_PW,
        target(&new_dir, store),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        !new_dir.exists(),
        "a refused restore left the new profile behind"
    );
    err
}

/// The same through [`restore`]: a backup whose authenticated counts disagree with its
/// (authentic, undamaged) database is refused before the data is used, and nothing of the new
/// profile remains.
#[test]
fn a_restore_checks_the_database_against_the_counts_before_using_it() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 4);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let bytes = std::fs::read(&dest).unwrap();
    let h = parse_header(&bytes).unwrap();
    let (_bk, mut c) = open_header(&bytes, &h, Secret::Passphrase(PW)).unwrap();
    *c.counts.get_mut("persons").unwrap() += 1;
    let err = refused_restore(tmp.path(), &store, &forge(&bytes, &c, &bytes[h.len..]));
    assert_eq!(err.kind(), ErrorKind::BackupRefused, "{err}");
    assert!(err.to_string().contains("antalet poster"), "{err}");
}

/// A database whose every page authenticates and whose row counts match, but whose index
/// disagrees with its table: only `PRAGMA integrity_check` sees it, and the restore refuses it.
#[test]
fn a_restore_runs_the_integrity_check_before_using_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 4);
    let dest = tmp.path().join("kopia.tpbackup");
    make_backup(&mut v, &dest);
    let bytes = std::fs::read(&dest).unwrap();
    let h = parse_header(&bytes).unwrap();
    let (bk, c) = open_header(&bytes, &h, Secret::Passphrase(PW)).unwrap();
    let db = tmp.path().join("t.db");
    std::fs::write(&db, &bytes[h.len..]).unwrap();
    {
        let conn = Connection::open(&db).unwrap();
        key_connection(&conn, &bk).unwrap();
        // The index now claims to be on another column than its entries are.
        conn.execute_batch(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = 'CREATE INDEX case_history_case ON case_history(at)'
              WHERE name = 'case_history_case';
             PRAGMA writable_schema = OFF;",
        )
        .unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let broken = std::fs::read(&db).unwrap();
    let err = refused_restore(tmp.path(), &store, &forge(&bytes, &c, &broken));
    assert_eq!(err.kind(), ErrorKind::BackupRefused, "{err}");
    assert!(err.to_string().contains("skadad"), "{err}");
}

#[test]
fn progress_counts_pages_up_to_the_total() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 300);
    let mut steps = Vec::new();
    let receipt = v
        .backup_to(&tmp.path().join("k.tpbackup"), now(), &mut |p| {
            steps.push(p)
        })
        .unwrap();
    assert!(!steps.is_empty());
    assert!(steps.windows(2).all(|w| w[0].done <= w[1].done));
    let last = steps.last().unwrap();
    assert_eq!((last.done, last.total), (receipt.pages, receipt.pages));
    assert!(receipt.pages > 1);
}

#[test]
fn the_reminder_is_due_without_a_backup_and_after_the_set_days() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let (mut v, _rk) = profile_with_data(&tmp.path().join("a"), &store, 1);
    let s = backup_status(&mut v);
    assert_eq!(
        (s.last_backup_at.clone(), s.reminder_days, s.due),
        (None, 7, true)
    );
    make_backup(&mut v, &tmp.path().join("k.tpbackup"));
    let mut at = |days: i64, hours: i64| {
        v.with_conn(|c| {
            reminder_due(
                c,
                now() + chrono::Duration::days(days) + chrono::Duration::hours(hours),
            )
        })
        .unwrap()
    };
    assert!(!at(0, 0));
    assert!(!at(6, 23));
    assert!(at(7, 0));
    v.with_conn(|c| set_reminder_days(c, 30)).unwrap();
    let mut v2 = v;
    assert!(!v2
        .with_conn(|c| reminder_due(c, now() + chrono::Duration::days(29)))
        .unwrap());
    assert!(v2
        .with_conn(|c| reminder_due(c, now() + chrono::Duration::days(30)))
        .unwrap());
    for bad in [0, 366] {
        assert_eq!(
            v2.with_conn(|c| set_reminder_days(c, bad))
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidInput
        );
    }
    assert_eq!(
        backup_status(&mut v2).last_backup_at.as_deref(),
        Some("2026-11-29T12:00:00Z")
    );
    // The backup is in the history.
    let n: i64 = v2
        .with_conn(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM case_history WHERE action = 'backup.create'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(n, 1);
}

// ---------------------------------------------------------------------------------------
// Damage and tamper of the live database.

/// Issue 8: "A damaged or tampered database is refused with a clear Swedish message that
/// offers restore from backup; the damaged file is kept, never overwritten, never replaced by
/// an empty database."
#[test]
fn a_damaged_database_is_refused_and_kept_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let dir = tmp.path().join("a");
    let (mut v, rk) = profile_with_data(&dir, &store, 40);
    v.lock();
    let path = v.db_path();
    let good = std::fs::read(&path).unwrap();
    assert!(good.len() > 3 * 4096);
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("byte in page 1", {
            let mut b = good.clone();
            b[100] ^= 0x01;
            b
        }),
        ("byte in a middle page", {
            let mut b = good.clone();
            b[2 * 4096 + 1234] ^= 0x40;
            b
        }),
        ("byte in the last page", {
            let mut b = good.clone();
            let n = b.len();
            b[n - 1] ^= 0x01;
            b
        }),
        ("truncated to a page", good[..4096].to_vec()),
        ("truncated mid-page", good[..good.len() - 1000].to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&path, &bytes).unwrap();
        let before = hash(&path);
        let err = v.unlock(PW).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DamagedOrWrongKey, "{what}: {err}");
        assert!(
            err.to_string().contains("Återställ från säkerhetskopia"),
            "{err}"
        );
        assert_eq!(hash(&path), before, "{what}: the damaged file was changed");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{what}");
        // And setting up again doesn't replace it with an empty database.
        assert_eq!(v.setup(PW, PW).unwrap_err().kind(), ErrorKind::AlreadySetUp);
        assert_eq!(hash(&path), before, "{what}");
        // Neither does the recovery path.
        assert_eq!(
            v.recover(&rk.display(), NEW_PW, NEW_PW).unwrap_err().kind(),
            ErrorKind::DamagedOrWrongKey,
            "{what}"
        );
        assert_eq!(hash(&path), before, "{what}");
    }
    // A wrong key (another profile's keyring entry under this one's name): refused, kept.
    std::fs::write(&path, &good).unwrap();
    let other_dir = tmp.path().join("b");
    let (mut other, _) = profile_with_data(&other_dir, &store, 1);
    other.lock();
    std::fs::copy(other.db_path(), &path).unwrap();
    let before = hash(&path);
    assert_eq!(
        v.unlock(PW).unwrap_err().kind(),
        ErrorKind::DamagedOrWrongKey
    );
    assert_eq!(hash(&path), before);
}

// ---------------------------------------------------------------------------------------
// The fuzz target: the backup reader never panics, and accepts nothing but the real file.

fn fuzz_cases(default: u32) -> u32 {
    std::env::var("TRYGGPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One real backup (made once per test process) and its recovery key.
fn sample() -> &'static (Vec<u8>, String) {
    static S: OnceLock<(Vec<u8>, String)> = OnceLock::new();
    S.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let store = MemoryStore::default();
        let (mut v, rk) = profile_with_data(&tmp.path().join("a"), &store, 2);
        let dest = tmp.path().join("k.tpbackup");
        make_backup(&mut v, &dest);
        (std::fs::read(&dest).unwrap(), rk.display().to_string())
    })
}

/// Bytes that get past the first checks more often than random ones: the magic and format,
/// then length fields that are sometimes right.
fn shaped_bytes() -> impl Strategy<Value = Vec<u8>> {
    let lens = [
        PROFILE_ID_LEN,
        keys::WRAPPED_LEN,
        RECOVERY_BLOB_LEN,
        KEY_SLOT_LEN,
        200,
    ];
    (
        proptest::collection::vec(any::<u8>(), 0..1200),
        proptest::collection::vec(any::<bool>(), 5),
    )
        .prop_map(move |(body, right)| {
            let mut out = MAGIC.to_vec();
            out.extend_from_slice(&FORMAT.to_le_bytes());
            let mut rest = body.as_slice();
            for (i, &len) in lens.iter().enumerate() {
                let l = if right[i] {
                    len as u32
                } else {
                    rest.first().copied().unwrap_or(0) as u32 * 977
                };
                out.extend_from_slice(&l.to_le_bytes());
                let take = (l as usize).min(rest.len());
                out.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
            }
            out.extend_from_slice(rest);
            out
        })
}

/// A real backup with a few random changes: overwritten bytes, a cut, inserted bytes.
fn mutated_backup() -> impl Strategy<Value = Vec<u8>> {
    let len = sample().0.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 1..4),
        prop_oneof![Just(None), (0..len).prop_map(Some)],
        proptest::collection::vec(any::<u8>(), 0..3),
    )
        .prop_map(|(edits, cut, insert)| {
            let mut b = sample().0.clone();
            // One change per position (two at one position could cancel out).
            let edits: BTreeMap<usize, u8> = edits.into_iter().collect();
            for (pos, val) in edits {
                // XOR with a non-zero value: always a change.
                b[pos] ^= val | 1;
            }
            if let Some(c) = cut {
                b.truncate(c);
            }
            b.extend_from_slice(&insert);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(20_000)))]

    #[test]
    fn the_backup_reader_never_panics_on_arbitrary_bytes(
        bytes in prop_oneof![proptest::collection::vec(any::<u8>(), 0..600), shaped_bytes()]
    ) {
        prop_assert!(verify_bytes(&bytes, Secret::RecoveryKey(&sample().1)).is_err());
        prop_assert!(verify_bytes(&bytes, Secret::Passphrase(PW)).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(3_000)))]

    #[test]
    fn a_changed_backup_is_never_accepted(bytes in mutated_backup()) {
        prop_assert!(verify_bytes(&bytes, Secret::RecoveryKey(&sample().1)).is_err());
        prop_assert!(verify_bytes(&bytes, Secret::Passphrase(PW)).is_err());
    }
}

/// The fuzz target's sample (`fuzz/seeds/backup_reader/authentic`) is a backup the reader
/// accepts with the key and passphrase the target uses: without it, the target could never
/// reach the end of the reader. It was made by [`write`] with the test costs, its database cut
/// to its first 256 bytes and its contents sealed again by [`forge`] so that it stays small.
#[test]
fn the_fuzz_sample_is_an_authentic_backup() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/backup_reader/authentic");
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(hex::encode(Blake2s256::digest(&bytes)), FUZZ_SAMPLE_BLAKE2S);
    let info = verify_bytes(&bytes, Secret::RecoveryKey(FUZZ_RECOVERY_KEY)).unwrap();
    assert_eq!(info.cases, 1);
    assert!(info.opens_with_recovery_key);
    verify_bytes(&bytes, Secret::Passphrase(FUZZ_PASSPHRASE)).unwrap();
    // One byte changed anywhere and it is refused by the same check.
    let mut bad = bytes.clone();
    bad[bytes.len() - 1] ^= 1;
    assert!(verify_bytes(&bad, Secret::RecoveryKey(FUZZ_RECOVERY_KEY)).is_err());
}
