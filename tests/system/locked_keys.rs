//! Issue 18, finding 3: the key operations of an unlocked session (changing the passphrase,
//! a new recovery key), called while the app is locked — as a script in the window that had
//! captured the passphrase did — are refused, and the real OS keyring entry, the recovery file
//! and the database stay byte for byte as they were.

use std::path::Path;

use tryggplan_systest::{files_below, Keyring};

use crate::PASS;

/// Every file of the data directory, with its bytes.
fn data_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap_or_default();
            (f.display().to_string(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn key_operations_while_locked_are_refused_and_the_real_keyring_and_files_are_unchanged() {
    let desk = crate::desktop();
    let gk = Keyring::GnomeKeyring;
    let made = desk.probe(gk, &["create-profile", PASS]);
    assert_eq!(made.ok()["state"], "unlocked");
    let printed = made.ok()["recoveryKey"].as_str().unwrap().to_owned();
    let entry = desk.probe(gk, &["keyring-entry", ""]).ok()["entry"].clone();
    assert!(entry.is_string(), "no keyring entry: {entry}");
    let files = data_files(&desk.data_dir());
    assert!(
        files
            .iter()
            .any(|(f, _)| f.ends_with("aterstallning.nyckel")),
        "{:?}",
        files.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    let new = "en lösenfras som ett skript valt";

    // A fresh process has not been unlocked: locked.
    let r = desk.probe(gk, &["change-passphrase", PASS, new]);
    assert_eq!(r.err_kind(), "locked", "{r:#?}");
    assert!(r.err_message().contains("låst"), "{}", r.err_message());
    let r = desk.probe(gk, &["new-recovery-key", PASS]);
    assert_eq!(r.err_kind(), "locked", "{r:#?}");
    // Unlocked and locked again in the same process.
    let r = desk.probe(gk, &["key-ops-after-lock", PASS, new]);
    assert_eq!(r.ok()["changePassphrase"], "locked");
    assert_eq!(r.ok()["newRecoveryKey"], "locked");

    assert_eq!(
        desk.probe(gk, &["keyring-entry", ""]).ok()["entry"],
        entry,
        "the keyring entry changed while locked"
    );
    // The unlock in key-ops-after-lock only reads; the lock keeps the history checkpoint in
    // the keyring, not in the data directory.
    assert!(
        data_files(&desk.data_dir()) == files,
        "a file in the data directory changed while locked"
    );

    // The passphrase still opens, nothing was recorded, and the printed sheet still works.
    let history = desk.probe(gk, &["history", PASS]);
    let actions: Vec<String> = history.ok()["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_str().map(str::to_owned))
        .collect();
    assert!(
        !actions.iter().any(|a| a.starts_with("keys.")),
        "{actions:?}"
    );
    let r = desk.probe(gk, &["unlock", new]);
    assert_eq!(r.err_kind(), "wrongPassphrase");
    let r = desk.probe(
        gk,
        &["recover", &printed, "en ny lösenfras efter återställning"],
    );
    assert_eq!(
        r.ok()["state"],
        "unlocked",
        "the printed sheet stopped working"
    );
    let history = desk.probe(gk, &["history", "en ny lösenfras efter återställning"]);
    let actions = history.ok()["actions"].to_string();
    assert!(actions.contains("keys.recovered"), "{actions}");
}
