use chrono::TimeZone;

use super::*;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, h, m, s).unwrap()
}

#[test]
fn without_a_pointer_the_first_profile_opens() {
    let base = tempfile::tempdir().unwrap();
    assert_eq!(active_dir(base.path()), base.path().join("data"));
}

#[test]
fn an_activated_profile_opens_from_then_on_and_the_old_one_is_untouched() {
    let base = tempfile::tempdir().unwrap();
    let old = base.path().join("data");
    std::fs::create_dir(&old).unwrap();
    std::fs::write(old.join("tryggplan.db"), b"damaged bytes").unwrap();

    let new = new_dir(base.path(), at(15, 46, 12));
    assert_eq!(new, base.path().join("profil-20261129-154612"));
    std::fs::create_dir(&new).unwrap();
    activate(base.path(), &new).unwrap();
    assert_eq!(active_dir(base.path()), new);
    assert_eq!(
        std::fs::read(old.join("tryggplan.db")).unwrap(),
        b"damaged bytes"
    );

    // A second restore in the same second gets its own directory.
    let again = new_dir(base.path(), at(15, 46, 12));
    assert_eq!(again, base.path().join("profil-20261129-154612-2"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(base.path().join(ACTIVE_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the pointer is owner-only");
    }
}

#[test]
fn a_pointer_that_names_anything_but_a_profile_is_not_followed() {
    let base = tempfile::tempdir().unwrap();
    for bad in [
        "../../home/user",
        "/etc",
        "profil-",
        "profil-2026/../../x",
        "profil-abc",
        ".",
        "",
        "data/..",
        "profil-20261129-154612\n/x",
    ] {
        std::fs::write(base.path().join(ACTIVE_FILE), bad).unwrap();
        assert_eq!(active_dir(base.path()), base.path().join("data"), "{bad:?}");
    }
    // Only a directory directly under the base can be activated.
    assert!(activate(base.path(), Path::new("/tmp/profil-1")).is_err());
    assert!(activate(base.path(), &base.path().join("x/profil-1")).is_err());
    assert!(activate(base.path(), &base.path().join("other")).is_err());
}

/// Issue 8: the damaged database is refused, a backup restores into a new profile that the
/// app opens from then on, and the damaged file is kept byte for byte.
#[test]
fn a_damaged_profile_is_replaced_by_a_restored_one_and_kept_as_it_was() {
    use std::sync::Arc;

    use crate::backup::Secret;
    use crate::cases::{self, NewCase};
    use crate::clock::FakeClock;
    use crate::keys::keyring::MemoryStore;
    use crate::keys::KdfParams;
    use crate::session::{SessionState, Vault};
    use crate::vocab::ProtectionLevel;
    use crate::ErrorKind;

    const PW: &str = "korrekt häst batteri";
    const NEW_PW: &str = "en helt ny lösenfras";
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let vault = |dir: PathBuf| {
        Vault::new(dir, Box::new(store.clone()), Arc::new(FakeClock::default()))
            .with_kdf(KdfParams::TEST)
    };
    let mut v = vault(active_dir(base.path()));
    v.create_profile(PW, PW).unwrap();
    v.with_ctx(at(12, 0, 0), |c, ctx| {
        cases::create(
            c,
            ctx,
            &NewCase {
                reference: "VNR-2026-0001".into(),
                person: crate::testkit::person("Åsa Öberg", None, ProtectionLevel::Ingen),
            },
        )
    })
    .unwrap();
    // Beside the data, never in it (a backup inside the app's data directory is refused).
    let elsewhere = tempfile::tempdir().unwrap();
    let backup = elsewhere.path().join("kopia.tpbackup");
    v.backup_to(&backup, at(12, 1, 0), &mut |_| {}).unwrap();
    v.lock();

    // The file is damaged while the app is closed.
    let db = v.db_path();
    let mut bytes = std::fs::read(&db).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    let mut v = vault(active_dir(base.path()));
    assert_eq!(
        v.unlock(PW).unwrap_err().kind(),
        ErrorKind::DamagedOrWrongKey
    );

    // A wrong secret for the backup changes nothing: no new profile, the pointer unchanged.
    assert!(v
        .restore_and_switch(
            base.path(),
            &backup,
            Secret::Passphrase("inte den rätta frasen"),
            NEW_PW,
            NEW_PW,
            at(13, 0, 0),
            &mut |_| {},
        )
        .is_err());
    assert_eq!(active_dir(base.path()), base.path().join(DEFAULT_DIR));
    assert!(!base.path().join("profil-20261129-130000").exists());
    assert_eq!(v.state(), SessionState::Locked);

    let (status, _key) = v
        .restore_and_switch(
            base.path(),
            &backup,
            Secret::Passphrase(PW),
            NEW_PW,
            NEW_PW,
            at(13, 0, 0),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(status.state, SessionState::Unlocked);
    let restored_dir = base.path().join("profil-20261129-130000");
    assert_eq!(v.data_dir(), restored_dir);
    let (refs, entry) = v
        .with_conn(|c| {
            let refs: Vec<String> = c
                .prepare("SELECT reference FROM cases")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let entry: String = c.query_row(
                "SELECT summary FROM case_history ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            Ok((refs, entry))
        })
        .unwrap();
    assert_eq!(refs, ["VNR-2026-0001"]);
    assert!(entry.contains("återställda"), "{entry}");
    assert!(!entry.contains("Åsa"), "{entry}");

    // The damaged file is kept exactly; the next start opens the restored profile.
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    v.lock();
    let mut next = vault(active_dir(base.path()));
    assert_eq!(next.data_dir(), restored_dir);
    next.unlock(NEW_PW).unwrap();
}

/// Issue 18: the restore's history entry is the new profile's first, and it is committed
/// before the pointer moves. If it can't be written, nothing of the restore remains: no new
/// directory, no keyring entry for it, the pointer unchanged, the old profile as it was.
#[test]
fn a_restore_whose_history_entry_fails_leaves_no_new_profile_and_the_pointer_unchanged() {
    use std::sync::Arc;

    use crate::backup::Secret;
    use crate::clock::FakeClock;
    use crate::keys::keyring::MemoryStore;
    use crate::keys::KdfParams;
    use crate::session::{SessionState, Vault};

    const PW: &str = "korrekt häst batteri";
    const NEW_PW: &str = "en helt ny lösenfras";
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let mut v = Vault::new(
        active_dir(base.path()),
        Box::new(store.clone()),
        Arc::new(FakeClock::default()),
    )
    .with_kdf(KdfParams::TEST);
    v.create_profile(PW, PW).unwrap();
    // The backed-up database refuses exactly the restore's entry.
    v.with_conn(|c| {
        c.execute_batch(
            "CREATE TRIGGER test_no_restore_entry BEFORE INSERT ON case_history
             WHEN NEW.action = 'backup.restored' BEGIN SELECT RAISE(ABORT, 'testfel'); END;",
        )?;
        Ok(())
    })
    .unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let backup = elsewhere.path().join("kopia.tpbak");
    v.backup_to(&backup, at(12, 1, 0), &mut |_| {}).unwrap();
    v.lock();
    let keyring = store.snapshot();
    let old_db = std::fs::read(v.db_path()).unwrap();

    assert!(v
        .restore_and_switch(
            base.path(),
            &backup,
            Secret::Passphrase(PW),
            NEW_PW,
            NEW_PW,
            at(13, 0, 0),
            &mut |_| {},
        )
        .is_err());
    assert_eq!(v.state(), SessionState::Locked);
    assert_eq!(v.data_dir(), base.path().join(DEFAULT_DIR));
    assert_eq!(active_dir(base.path()), base.path().join(DEFAULT_DIR));
    assert!(!base.path().join(ACTIVE_FILE).exists());
    assert!(
        !base.path().join("profil-20261129-130000").exists(),
        "the restored profile was left behind without its history entry"
    );
    assert!(
        store.snapshot() == keyring,
        "a keyring entry was left behind"
    );
    assert_eq!(std::fs::read(v.db_path()).unwrap(), old_db);
    v.unlock(PW).unwrap();
}
