//! Nothing readable on disk: no file the app writes contains a person's data in the clear.

use tryggplan_systest::{files_containing, Desktop, Keyring};

use crate::{CANARY_NAME, CANARY_PNR, PASS};

fn assert_no_canary(desk: &Desktop, when: &str) {
    // The number as stored (canonical), as searched (12 digits), and the name as searched
    // (lower case) — every form the app writes.
    let lower = CANARY_NAME.to_lowercase();
    let digits: String = CANARY_PNR.chars().filter(char::is_ascii_digit).collect();
    for canary in [
        CANARY_NAME,
        lower.as_str(),
        CANARY_PNR,
        digits.as_str(),
        PASS,
    ] {
        let hits = files_containing(desk.root.path(), canary);
        assert!(
            hits.is_empty(),
            "{when}: {canary:?} found in the clear in {hits:#?}"
        );
    }
}

#[test]
fn no_file_in_the_data_directory_holds_the_canary_in_the_clear() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    desk.probe(
        Keyring::GnomeKeyring,
        &["add-cases", PASS, "300", CANARY_NAME, CANARY_PNR],
    )
    .ok();

    // The data is really there (so the scan below is not vacuous)…
    let found = desk.probe(Keyring::GnomeKeyring, &["list", PASS, CANARY_NAME]);
    assert_eq!(found.ok().as_array().map(Vec::len), Some(300));
    let by_number = desk.probe(Keyring::GnomeKeyring, &["list", PASS, CANARY_PNR]);
    assert_eq!(by_number.ok().as_array().map(Vec::len), Some(300));

    // …and nowhere in the clear: not in the database, its WAL/SHM, the keyring file, the
    // profile id, or anything else below this desktop's HOME and XDG directories.
    assert_no_canary(&desk, "after close");
    let db = std::fs::read(desk.data_dir().join("tryggplan.db")).unwrap();
    assert!(
        db.len() >= 8 * 4096,
        "300 cases should fill several pages, got {} bytes",
        db.len()
    );
    assert!(
        !db.starts_with(b"SQLite format 3\0"),
        "the file starts with the SQLite header"
    );
}

#[test]
fn while_the_database_is_open_its_wal_holds_nothing_in_the_clear() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    let mut child = desk.spawn_probe(
        Keyring::GnomeKeyring,
        &["hold", PASS, CANARY_NAME, CANARY_PNR],
    );
    let mut stdout = child.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    use std::io::Read;
    while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    assert_eq!(
        String::from_utf8_lossy(&line),
        "klar",
        "probe did not write"
    );
    let wal = desk.data_dir().join("tryggplan.db-wal");
    assert!(
        wal.exists(),
        "the write should be in the WAL while the database is open"
    );
    assert_no_canary(&desk, "while open");
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    assert_no_canary(&desk, "after close");
}
