use proptest::prelude::*;

use super::*;
use crate::testkit::{self, ctx};

/// An attacker with the key: drops the triggers that guard the history, as raw SQL would.
fn attacker(conn: &Connection) {
    conn.execute_batch(
        "DROP TRIGGER case_history_append_only_update;
         DROP TRIGGER case_history_append_only_delete;",
    )
    .unwrap();
}

fn write(conn: &Connection, n: usize) {
    let c = ctx("2026-11-20");
    for i in 0..n {
        let case = if i % 3 == 0 {
            None
        } else {
            Some(CaseId(i as i64 % 4))
        };
        record(conn, &c, case, "test.entry", &format!("Post nummer {i}")).unwrap();
    }
}

fn first_break(conn: &Connection) -> Option<(i64, BreakKind)> {
    verify(conn).unwrap().broken.map(|b| (b.id, b.kind))
}

/// Issue 19: the history named the profile by its hex id only. A person reads "Den här datorns
/// profil", or which other profile (one before a restore); the short id stays for the export
/// and the chain, and the chain still verifies.
#[test]
fn the_history_names_the_profile_in_words() {
    let db = testkit::db();
    let mine = ctx("2026-11-20");
    let mut before = ctx("2026-11-19");
    before.profile = "fedcba9876543210fedcba9876543210".into();
    record(
        &db.conn,
        &before,
        None,
        "test.entry",
        "Före återställningen",
    )
    .unwrap();
    record(&db.conn, &mine, None, "test.entry", "Efter").unwrap();
    let seen: Vec<(String, String)> = list_for(&db.conn, &mine, None)
        .unwrap()
        .into_iter()
        .map(|e| (e.profile_label, e.profile))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("Den här datorns profil".to_owned(), "01234567".to_owned()),
            (
                "En annan profil (fedcba98)".to_owned(),
                "fedcba98".to_owned()
            ),
        ]
    );
    assert_eq!(profile_label("", Some("01234567")), "Okänd profil");
    // The log screen says it the same way, and the exported log keeps the id.
    let rows =
        crate::history_log::search(&db.conn, &mine, &crate::history_log::LogFilter::default())
            .unwrap();
    assert_eq!(rows[0].profile_label, "Den här datorns profil");
    assert_eq!(rows[0].profile, "01234567");
    assert!(verify(&db.conn).unwrap().ok());
}

#[test]
fn an_untouched_history_verifies_and_counts_every_entry() {
    let db = testkit::db();
    write(&db.conn, 12);
    let check = verify(&db.conn).unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.entries, 12);
    assert_eq!(check.anchor, anchor(&db.conn).unwrap());
    assert_eq!(check.anchor.last_id, Some(12));
    // An empty history verifies too.
    let empty = testkit::db();
    let check = verify(&empty.conn).unwrap();
    assert!(check.ok());
    assert_eq!(check.entries, 0);
    assert_eq!(check.anchor.last_hash, hex::encode(genesis()));
}

#[test]
fn each_entry_covers_the_previous_hash_and_its_own_fields() {
    let db = testkit::db();
    write(&db.conn, 2);
    let rows = read_rows(&db.conn).unwrap();
    let d0 = content_digest(
        &rows[0].at,
        &rows[0].profile,
        &rows[0].action,
        &rows[0].summary,
    );
    let h0 = link(&genesis(), 1, None, &d0);
    assert_eq!(rows[0].hash.as_deref(), Some(hex::encode(h0).as_str()));
    let d1 = content_digest(
        &rows[1].at,
        &rows[1].profile,
        &rows[1].action,
        &rows[1].summary,
    );
    assert_eq!(
        rows[1].hash.as_deref(),
        Some(hex::encode(link(&h0, 2, Some(1), &d1)).as_str())
    );
    // The length prefix keeps field boundaries: moving text from one field to the next
    // changes the digest.
    assert_ne!(
        content_digest("a", "bc", "d", "e"),
        content_digest("ab", "c", "d", "e")
    );
}

#[test]
fn the_triggers_refuse_change_delete_and_unchained_inserts() {
    let db = testkit::db();
    write(&db.conn, 3);
    for sql in [
        "UPDATE case_history SET summary = 'x' WHERE id = 2",
        "UPDATE case_history SET hash = hash WHERE id = 2",
        "UPDATE case_history SET at = '', profile = '', action = '', summary = '', emptied = 1 WHERE id = 2",
        "DELETE FROM case_history WHERE id = 3",
        "INSERT INTO case_history(case_id, at, profile, action, summary) VALUES (1, 'a', 'b', 'c', 'd')",
    ] {
        let err = db.conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("case_history_append_only"), "{sql}: {err}");
    }
    assert!(verify(&db.conn).unwrap().ok());
}

#[test]
fn a_changed_entry_is_the_first_broken_link() {
    let db = testkit::db();
    write(&db.conn, 8);
    attacker(&db.conn);
    db.conn
        .execute(
            "UPDATE case_history SET summary = 'Person ändrad: ingenting' WHERE id = 5",
            [],
        )
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((5, BreakKind::Changed)));
}

#[test]
fn a_changed_entry_with_its_digest_recomputed_still_breaks_its_link() {
    let db = testkit::db();
    write(&db.conn, 6);
    attacker(&db.conn);
    let d = content_digest("2026-01-01T00:00:00Z", "x", "test.entry", "annat");
    db.conn
        .execute(
            "UPDATE case_history SET at = '2026-01-01T00:00:00Z', profile = 'x', summary = 'annat',
                    digest = ?1 WHERE id = 3",
            [hex::encode(d)],
        )
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((3, BreakKind::Changed)));
    // Moving an entry to another case is a change too.
    let db = testkit::db();
    write(&db.conn, 6);
    attacker(&db.conn);
    db.conn
        .execute("UPDATE case_history SET case_id = 99 WHERE id = 4", [])
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((4, BreakKind::Changed)));
}

#[test]
fn a_deleted_middle_entry_is_reported_missing() {
    let db = testkit::db();
    write(&db.conn, 8);
    attacker(&db.conn);
    db.conn
        .execute("DELETE FROM case_history WHERE id = 4", [])
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((4, BreakKind::Missing)));
    db.conn
        .execute("DELETE FROM case_history WHERE id = 1", [])
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((1, BreakKind::Missing)));
}

fn swap(conn: &Connection, a: i64, b: i64) {
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE t AS SELECT * FROM case_history WHERE id IN ({a}, {b});
         UPDATE case_history SET (case_id, at, profile, action, summary, digest, hash) =
             (SELECT case_id, at, profile, action, summary, digest, hash FROM t
               WHERE t.id = {a} + {b} - case_history.id)
          WHERE id IN ({a}, {b});
         DROP TABLE t;"
    ))
    .unwrap();
}

#[test]
fn two_swapped_entries_are_reported_reordered() {
    for (a, b) in [(3, 6), (4, 5), (1, 8)] {
        let db = testkit::db();
        write(&db.conn, 8);
        attacker(&db.conn);
        swap(&db.conn, a, b);
        assert_eq!(
            first_break(&db.conn),
            Some((a, BreakKind::Reordered)),
            "{a} ↔ {b}"
        );
    }
}

#[test]
fn cutting_off_the_newest_entries_is_reported_truncated() {
    let db = testkit::db();
    write(&db.conn, 8);
    attacker(&db.conn);
    db.conn
        .execute("DELETE FROM case_history WHERE id > 5", [])
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((6, BreakKind::Truncated)));
    // All of it.
    db.conn.execute("DELETE FROM case_history", []).unwrap();
    assert_eq!(first_break(&db.conn), Some((1, BreakKind::Truncated)));
}

#[test]
fn an_entry_written_past_record_is_reported() {
    let db = testkit::db();
    write(&db.conn, 3);
    // Chained correctly, but the tip did not move: not written by record().
    let prev = parse_hash(&anchor(&db.conn).unwrap().last_hash).unwrap();
    let d = content_digest("t", "p", "a", "s");
    db.conn
        .execute(
            "INSERT INTO case_history(id, case_id, at, profile, action, summary, digest, hash)
             VALUES (4, NULL, 't', 'p', 'a', 's', ?1, ?2)",
            [hex::encode(d), hex::encode(link(&prev, 4, None, &d))],
        )
        .unwrap();
    assert_eq!(first_break(&db.conn), Some((4, BreakKind::Changed)));
}

/// A database rewound to an older copy (file copied back, or the newest entries cut off with
/// the tip rewritten by someone with the key) verifies on its own; against an anchor kept
/// outside the file it does not.
#[test]
fn an_anchor_kept_outside_catches_a_rewound_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let key = crate::keys::DbKey::from_bytes([4; 32]);
    let old_copy;
    let kept;
    {
        let conn = crate::store::open(&path, &key, crate::store::OpenMode::Create).unwrap();
        write(&conn, 4);
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        old_copy = std::fs::read(&path).unwrap();
        write(&conn, 3);
        kept = anchor(&conn).unwrap();
        assert!(verify_against(&conn, &kept).unwrap().ok());
    }
    for p in crate::store::database_files(&path) {
        let _ = std::fs::remove_file(p);
    }
    std::fs::write(&path, old_copy).unwrap();
    let conn = crate::store::open(&path, &key, crate::store::OpenMode::Existing).unwrap();
    assert!(
        verify(&conn).unwrap().ok(),
        "the old copy is consistent in itself"
    );
    let check = verify_against(&conn, &kept).unwrap();
    assert_eq!(
        check.broken.map(|b| (b.id, b.kind)),
        Some((5, BreakKind::Truncated))
    );
    // A same-length chain with another end: the kept entry's hash differs.
    let mut forged = kept.clone();
    forged.entries = 4;
    forged.last_id = Some(4);
    forged.last_hash = hex::encode([7u8; 32]);
    assert_eq!(
        verify_against(&conn, &forged)
            .unwrap()
            .broken
            .map(|b| b.kind),
        Some(BreakKind::Changed)
    );
}

/// Every history write in the crate goes through `record`: no other file names the table in
/// an INSERT or UPDATE (tests excepted, which play the attacker).
#[test]
fn only_record_and_gallring_write_the_history() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut writers = Vec::new();
    for f in files {
        let name = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if name.ends_with("tests.rs") || name.contains("/tests/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for w in ["INSERT INTO case_history", "UPDATE case_history"] {
            if squeezed.contains(w) {
                writers.push(format!("{name}: {w}"));
            }
        }
    }
    writers.sort();
    assert_eq!(
        writers,
        vec![
            "audit.rs: INSERT INTO case_history",
            "audit.rs: UPDATE case_history",
            "retention.rs: UPDATE case_history",
        ]
    );
}

/// A database of schema 7 with history: migration 0008 chains what was there, content
/// unchanged, and new entries continue the chain.
#[test]
fn history_written_before_the_chain_is_chained_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let key = crate::keys::DbKey::generate().unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        let mut stmt = String::from("PRAGMA key = ");
        stmt.push_str(&key.sqlcipher_literal());
        stmt.push(';');
        conn.execute_batch(&stmt).unwrap();
        for (_, sql) in &crate::store::MIGRATIONS[..7] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO case_history(case_id, at, profile, action, summary) VALUES
                 (1, '2026-01-01T10:00:00Z', 'aaaa', 'case.create', 'Ärende skapat'),
                 (NULL, '2026-01-02T10:00:00Z', 'aaaa', 'actor.unit.create', 'Enhet tillagd'),
                 (1, '2026-01-03T10:00:00Z', 'bbbb', 'access.open', 'Akten öppnad');
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let conn = crate::store::open(&path, &key, crate::store::OpenMode::Existing).unwrap();
    let check = verify(&conn).unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.entries, 3);
    let rows = read_rows(&conn).unwrap();
    assert_eq!(rows[2].summary, "Akten öppnad");
    assert!(rows.iter().all(|r| r.hash.is_some() && r.digest.is_some()));
    record(&conn, &ctx("2026-11-20"), Some(CaseId(1)), "x", "y").unwrap();
    let check = verify(&conn).unwrap();
    assert!(check.ok());
    assert_eq!(check.entries, 4);
    // The one-time chaining exemption is spent: every entry has its hash now.
    assert!(conn
        .execute("UPDATE case_history SET summary = 'z' WHERE id = 1", [])
        .is_err());
}

#[derive(Debug, Clone)]
enum Tamper {
    Field { k: usize, column: usize },
    Delete { k: usize },
    Swap { a: usize, b: usize },
    Truncate { keep: usize },
}

fn tamper() -> impl Strategy<Value = (Vec<(Option<i64>, String, String)>, Tamper)> {
    proptest::collection::vec(
        (
            proptest::option::of(0i64..4),
            "[a-zåäö.]{1,8}",
            "[ -~åäöÅÄÖ]{0,24}",
        ),
        2..24,
    )
    .prop_flat_map(|entries| {
        let n = entries.len();
        let t = prop_oneof![
            (0..n, 0usize..5).prop_map(|(k, column)| Tamper::Field { k, column }),
            (0..n).prop_map(|k| Tamper::Delete { k }),
            (0..n, 0..n)
                .prop_filter("two entries", |(a, b)| a != b)
                .prop_map(|(a, b)| Tamper::Swap {
                    a: a.min(b),
                    b: a.max(b)
                }),
            (0..n).prop_map(|keep| Tamper::Truncate { keep }),
        ];
        (Just(entries), t)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any sequence of entries verifies; one tampering of any kind is reported at the right
    /// first broken id.
    #[test]
    fn one_tampering_is_found_at_its_first_broken_id((entries, t) in tamper()) {
        let db = testkit::db();
        let c = ctx("2026-11-20");
        for (case, action, summary) in &entries {
            record(&db.conn, &c, case.map(CaseId), action, summary).unwrap();
        }
        prop_assert!(verify(&db.conn).unwrap().ok());
        attacker(&db.conn);
        let n = entries.len() as i64;
        let expected = match t {
            Tamper::Field { k, column } => {
                let id = k as i64 + 1;
                let sql = match column {
                    0 => "UPDATE case_history SET case_id = ifnull(case_id, 0) + 100 WHERE id = ?1",
                    1 => "UPDATE case_history SET at = at || 'x' WHERE id = ?1",
                    2 => "UPDATE case_history SET profile = profile || 'x' WHERE id = ?1",
                    3 => "UPDATE case_history SET action = action || 'x' WHERE id = ?1",
                    _ => "UPDATE case_history SET summary = summary || 'x' WHERE id = ?1",
                };
                db.conn.execute(sql, [id]).unwrap();
                (id, BreakKind::Changed)
            }
            Tamper::Delete { k } => {
                let id = k as i64 + 1;
                db.conn.execute("DELETE FROM case_history WHERE id = ?1", [id]).unwrap();
                (id, if id == n { BreakKind::Truncated } else { BreakKind::Missing })
            }
            Tamper::Swap { a, b } => {
                swap(&db.conn, a as i64 + 1, b as i64 + 1);
                (a as i64 + 1, BreakKind::Reordered)
            }
            Tamper::Truncate { keep } => {
                db.conn.execute("DELETE FROM case_history WHERE id > ?1", [keep as i64]).unwrap();
                (keep as i64 + 1, BreakKind::Truncated)
            }
        };
        prop_assert_eq!(first_break(&db.conn), Some(expected));
    }
}
