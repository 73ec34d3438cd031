//! A damaged or tampered file is refused clearly, left exactly as it was, and nothing panics.

use tryggplan_systest::Keyring;

use crate::{CANARY_NAME, CANARY_PNR, PASS};

#[test]
fn flipped_bytes_in_the_middle_are_reported_and_the_file_is_left_unchanged() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    desk.probe(
        Keyring::GnomeKeyring,
        &["add-cases", PASS, "200", CANARY_NAME, CANARY_PNR],
    )
    .ok();
    let path = desk.data_dir().join("tryggplan.db");
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 16] {
        *b ^= 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let before = bytes.clone();

    let r = desk.probe(Keyring::GnomeKeyring, &["unlock", PASS]);
    assert_eq!(r.err_kind(), "damagedOrWrongKey");
    assert!(r.err_message().contains("skadad"), "{}", r.err_message());
    assert!(
        r.err_message().contains("inte ändrats"),
        "{}",
        r.err_message()
    );
    // SQLCipher's own logging (page numbers, HMAC failures) is silenced.
    assert!(!r.stderr.contains("hmac"), "stderr: {}", r.stderr);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the damaged file was modified"
    );

    // Asking again changes nothing either, and never creates a new database.
    let again = desk.probe(Keyring::GnomeKeyring, &["setup", PASS]);
    assert_eq!(again.err_kind(), "alreadySetUp");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn damage_in_the_first_page_is_reported_like_a_wrong_key() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    let path = desk.data_dir().join("tryggplan.db");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[100] ^= 0xFF;
    std::fs::write(&path, &bytes).unwrap();
    let r = desk.probe(Keyring::GnomeKeyring, &["unlock", PASS]);
    assert_eq!(r.err_kind(), "damagedOrWrongKey");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_truncated_or_garbage_file_is_refused_without_panic() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    let path = desk.data_dir().join("tryggplan.db");
    for content in [
        Vec::new(),
        b"SQLite format 3\0 but not really".to_vec(),
        vec![0u8; 4096 * 3],
    ] {
        std::fs::write(&path, &content).unwrap();
        let r = desk.probe(Keyring::GnomeKeyring, &["unlock", PASS]);
        // Never "storage" (whose message says "try again"), never a new empty database.
        assert_eq!(r.err_kind(), "damagedOrWrongKey", "{r:#?}");
        assert_eq!(std::fs::read(&path).unwrap(), content);
    }
}
