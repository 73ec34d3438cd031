//! The wrapped key lives in the real OS keyring (Secret Service via gnome-keyring) and
//! survives restarts of both the app and the keyring daemon. Without a keyring the app
//! refuses clearly and creates nothing.

use tryggplan_systest::{files_below, Keyring};

use crate::{CANARY_NAME, CANARY_PNR, PASS};

#[test]
fn key_survives_a_restart_of_the_process_and_the_keyring_daemon() {
    let desk = crate::desktop();
    // Process 1 (with its own gnome-keyring daemon): first start.
    let st = desk.probe(Keyring::GnomeKeyring, &["setup", PASS]);
    assert_eq!(st.ok()["state"], "unlocked");
    // The wrapped key is in gnome-keyring's own file, not in our data directory.
    let keyring_files = files_below(&desk.path("data/keyrings"));
    assert!(
        !keyring_files.is_empty(),
        "gnome-keyring wrote no keyring file"
    );

    // Process 2, new daemon: writes. Process 3, new daemon: unlocks and reads it back.
    desk.probe(
        Keyring::GnomeKeyring,
        &["add-cases", PASS, "1", CANARY_NAME, CANARY_PNR],
    )
    .ok();
    let list = desk.probe(Keyring::GnomeKeyring, &["list", PASS, ""]);
    let rows = list.ok().as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 1);
    // Protected persons are masked in lists.
    assert_eq!(rows[0]["displayName"], "K. Ł. N.");
    assert_eq!(rows[0]["isProtected"], true);

    let wrong = desk.probe(Keyring::GnomeKeyring, &["unlock", "blåbär i skogen 2025"]);
    assert_eq!(wrong.err_kind(), "wrongPassphrase");
    assert!(wrong.err_message().starts_with("Fel lösenfras"));
}

#[test]
fn without_any_secret_service_setup_is_refused_and_nothing_is_created() {
    for keyring in [Keyring::NoBus, Keyring::SessionWithoutSecretService] {
        let desk = crate::desktop();
        let r = desk.probe(keyring, &["setup", PASS]);
        assert_eq!(r.err_kind(), "keyringUnavailable", "{keyring:?}: {r:#?}");
        assert!(
            r.err_message().contains("nyckelring"),
            "{}",
            r.err_message()
        );
        assert!(r.err_message().contains("Inga uppgifter har skapats"));
        assert!(
            !desk.data_dir().exists(),
            "{keyring:?}: a data directory was created without a keyring"
        );
    }
}

#[test]
fn an_existing_database_whose_keyring_is_gone_is_refused_and_kept() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    let path = desk.data_dir().join("tryggplan.db");
    let before = std::fs::read(&path).unwrap();

    // A keyring that is unreachable: clear refusal, file untouched.
    let r = desk.probe(Keyring::NoBus, &["unlock", PASS]);
    assert_eq!(r.err_kind(), "keyringUnavailable");
    // A keyring that is reachable but lost our entry (reinstalled OS, new keyring file).
    std::fs::remove_dir_all(desk.path("data/keyrings")).unwrap();
    let r = desk.probe(Keyring::GnomeKeyring, &["unlock", PASS]);
    assert_eq!(r.err_kind(), "keyMissing");
    assert!(r.err_message().contains("skapa inte en ny databas"));
    let r = desk.probe(Keyring::GnomeKeyring, &["setup", PASS]);
    assert_eq!(r.err_kind(), "alreadySetUp");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the database was touched"
    );
}
