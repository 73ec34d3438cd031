use std::path::Path;

use super::*;
use crate::consent::{records, ConsentForm, Giver, InfoCategory, Scope};
use crate::ids::{PersonId, SipId, UnitId};
use crate::keys::DbKey;
use crate::sip::{self, NewSip, Preparation, SipState, TransitionInput};
use crate::store::{self, OpenMode};
use crate::testkit::{self, ctx, date, person};
use crate::vocab::RequestedBy;
use crate::vocab::{ActorType, ProtectionLevel};
use crate::ErrorKind;

/// One canary per kind of record; each must be gone from the file after gallring.
const CANARIES: &[(&str, &str)] = &[
    ("person", "Zorbella Kanariesson"),
    ("anteckning", "kanarieanteckning qxw"),
    ("samtycke", "kanariesamtycke pvz"),
    ("riskbedömning", "kanarierisk jyk"),
    ("samråd", "kanariesamrad fgh"),
    ("referens", "GALLRA-KANARIE-1"),
];

fn canary(kind: &str) -> &'static str {
    CANARIES.iter().find(|(k, _)| *k == kind).unwrap().1
}

struct World {
    db: testkit::Db,
    path: std::path::PathBuf,
    key: DbKey,
    gone: CaseId,
    kept: CaseId,
    kept_sip: SipId,
}

fn new_sip(db: &mut testkit::Db, c: &Ctx, p: PersonId) -> SipId {
    sip::create(
        &mut db.conn,
        c,
        &NewSip {
            person_id: p,
            need_discovered_on: date("2020-02-20"),
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap()
}

fn consent_with(db: &mut testkit::Db, c: &Ctx, s: SipId, units: &[UnitId], excluded: &str) {
    records::record(
        &mut db.conn,
        c,
        s.into(),
        &records::ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: units
                    .iter()
                    .map(|u| crate::consent::ActorRef {
                        unit: *u,
                        contact: None,
                    })
                    .collect(),
                categories: vec![InfoCategory::InsatserPlan],
                excluded_text: excluded.into(),
                ..Scope::default()
            },
            valid_from: date("2020-03-01"),
            valid_to: date("2021-02-28"),
        },
    )
    .unwrap();
}

/// Case GALLRA-KANARIE-1 (closed in March 2020) holds a canary in every kind of record; case
/// BEHÅLL-1 has an open SIP and the same kinds of records.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let key = DbKey::generate().unwrap();
    let conn = store::open(&path, &key, OpenMode::Create).unwrap();
    let mut db = testkit::Db::from_parts(conn, dir);
    let c = ctx("2020-03-01");
    let soc = testkit::unit(&mut db, &c, "Våldsteamet", ActorType::SocVald);
    let police = testkit::unit(&mut db, &c, "Polisen Örebro", ActorType::Polis);

    let mut ids = Vec::new();
    for (reference, name, gallras) in [
        (canary("referens"), canary("person"), true),
        ("BEHÅLL-1", "Bevarad Bengtsson", false),
    ] {
        // The kept case's texts: the same kinds of records, other words.
        let text = |kind: &str| {
            if gallras {
                canary(kind).to_owned()
            } else {
                format!("behållen {kind}")
            }
        };
        let (case, p) = testkit::case_with(
            &mut db,
            &c,
            reference,
            person(name, None, ProtectionLevel::Ingen),
        );
        let s = new_sip(&mut db, &c, p);
        let note = text("anteckning");
        sip::save_preparation(
            &mut db.conn,
            &c,
            s.into(),
            &Preparation {
                what_matters: note,
                // Long enough for overflow pages: the gallrad case frees whole pages, which
                // only the VACUUM takes out of the file.
                background: if gallras {
                    "utfyllnad ".repeat(790)
                } else {
                    String::new()
                },
                questions: String::new(),
                initiated_by: "Våldsteamet".into(),
                requested_by: RequestedBy::Personen,
                questions_categories: None,
            },
        )
        .unwrap();
        consent_with(&mut db, &c, s, &[soc, police], &text("samtycke"));
        let mut r = crate::risk::rules::tests::input();
        r.person_id = p;
        r.assessed_on = date("2020-03-01");
        r.next_reassessment_on = date("2020-04-01");
        r.scenarios = text("riskbedömning");
        crate::risk::save(&mut db.conn, &c, case.into(), &r, None).unwrap();
        crate::samrad::log::record(
            &mut db.conn,
            &c,
            case.into(),
            &crate::samrad::log::SamradInput {
                held_on: date("2020-03-01"),
                kind: crate::vocab::SamradKind::Konsulterande,
                units: vec![police],
                mode: crate::samrad::log::ModeInput::Deidentified {
                    question: format!("Hur går vi vidare, {}?", text("samråd")),
                    accepted: vec![],
                },
            },
            None,
        )
        .unwrap();
        ids.push((case, s));
    }
    sip::transition(
        &mut db.conn,
        &c,
        (ids[0].1).into(),
        &TransitionInput {
            to: SipState::Avslutad,
            on: date("2020-03-01"),
            closing_reason: Some("Insatserna är klara".into()),
        },
    )
    .unwrap();
    World {
        db,
        path,
        key,
        gone: ids[0].0,
        kept: ids[1].0,
        kept_sip: ids[1].1,
    }
}

/// Every page of the database file and of its WAL, decrypted with the key as SQLCipher 4
/// stores it (4096-byte pages; the last 80 bytes of each are IV and HMAC; page 1 starts with
/// the 16-byte salt; AES-256-CBC, the raw key). Free pages and the unused space inside pages
/// are included: this is what someone with the key could recover from the file.
fn decrypted_pages(path: &Path, key: &DbKey) -> Vec<u8> {
    use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
    const PAGE: usize = 4096;
    const RESERVE: usize = 80;
    let k: [u8; 32] = hex::decode(
        key.sqlcipher_literal()
            .trim_start_matches("\"x'")
            .trim_end_matches("'\""),
    )
    .unwrap()
    .try_into()
    .unwrap();
    let decrypt = |page: &[u8], first: bool, out: &mut Vec<u8>| {
        let start = if first { 16 } else { 0 };
        let iv: [u8; 16] = page[PAGE - RESERVE..PAGE - RESERVE + 16]
            .try_into()
            .unwrap();
        let mut body = page[start..PAGE - RESERVE].to_vec();
        cbc::Decryptor::<aes::Aes256>::new(&k.into(), &iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut body)
            .unwrap();
        out.extend_from_slice(&body);
    };
    let mut out = Vec::new();
    let main = std::fs::read(path).unwrap();
    assert_eq!(main.len() % PAGE, 0);
    for (i, page) in main.chunks(PAGE).enumerate() {
        decrypt(page, i == 0, &mut out);
    }
    // The sanity check that the decryption is right: page 1's plaintext carries the page size
    // (4096 = 0x10 0x00) where a SQLite header has it (offset 16, here 0 after the salt).
    assert_eq!(&out[0..2], &[0x10, 0x00], "page 1 did not decrypt");
    let wal = std::fs::read(&store::database_files(path)[1]).unwrap_or_default();
    if wal.len() > 32 {
        for frame in wal[32..].chunks(24 + PAGE) {
            if frame.len() == 24 + PAGE {
                let pgno = u32::from_be_bytes(frame[0..4].try_into().unwrap());
                decrypt(&frame[24..], pgno == 1, &mut out);
            }
        }
    }
    out
}

fn found(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn leaks(w: &World) -> Vec<&'static str> {
    let bytes = decrypted_pages(&w.path, &w.key);
    CANARIES
        .iter()
        .filter(|(_, c)| found(&bytes, c))
        .map(|(k, _)| *k)
        .collect()
}

#[test]
fn a_gallrad_case_is_gone_from_the_file_and_the_wal() {
    let mut w = world();
    // The control of the control: before gallring every canary is in the decrypted file.
    let kinds: Vec<&str> = CANARIES.iter().map(|(k, _)| *k).collect();
    assert_eq!(leaks(&w), kinds, "the scan finds what is there");

    let today = ctx("2026-11-29");
    let done = delete_case(&mut w.db.conn, &today, w.gone.into(), canary("referens")).unwrap();
    assert!(done.rows_deleted > 10, "{done:?}");
    assert!(done.history_emptied >= 6, "{done:?}");

    // The file: no free page, nothing in the WAL, no canary on any page.
    let free: i64 =
        w.db.conn
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))
            .unwrap();
    assert_eq!(free, 0);
    let wal = std::fs::metadata(&store::database_files(&w.path)[1]).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the WAL still holds frames");
    assert_eq!(leaks(&w), Vec::<&str>::new());
    // Also after the connection is closed and the file reopened.
    drop(std::mem::replace(
        &mut w.db.conn,
        rusqlite::Connection::open_in_memory().unwrap(),
    ));
    assert_eq!(leaks(&w), Vec::<&str>::new());
    w.db.conn = store::open(&w.path, &w.key, OpenMode::Existing).unwrap();

    // The database is whole, the other case untouched, the history chain holds.
    let ok: String =
        w.db.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(store::cipher_integrity_problems(&w.db.conn).unwrap(), 0);
    let fk: i64 =
        w.db.conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
    assert_eq!(fk, 0);
    let kept = crate::cases::get(&w.db.conn, w.kept, today.today).unwrap();
    assert_eq!(kept.persons.len(), 1);
    assert_eq!(
        crate::risk::list(&w.db.conn, w.kept.into(), today.today)
            .unwrap()
            .assessments
            .len(),
        1
    );
    assert_eq!(
        records::load_records(&w.db.conn, w.kept_sip).unwrap().len(),
        1
    );
    assert!(crate::cases::get(&w.db.conn, w.gone, today.today).is_err());

    let check = audit::verify(&w.db.conn).unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.emptied, u64::from(done.history_emptied));
    let left = audit::list(&w.db.conn, Some(w.gone)).unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].action, audit::GALLRING_ACTION);
    assert!(
        !left[0].summary.contains("KANARIE"),
        "the reference is deleted content"
    );
    assert_eq!(
        left[0].summary,
        format!(
            "Ärende gallrat: {} historikposter tömda; gallringsfrist 5 år efter sista anteckningen",
            done.history_emptied
        )
    );
}

/// `secure_delete` on its own, without the VACUUM that gallring runs after it: on every
/// connection a deleted row's bytes are overwritten at once, so nothing waits in the free
/// space of a page for a VACUUM that may not come.
#[test]
fn a_deleted_row_is_overwritten_in_the_file_without_a_vacuum() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(store::DB_FILE);
    let key = DbKey::generate().unwrap();
    let conn = store::open(&path, &key, OpenMode::Create).unwrap();
    let canary = "raderad-kanarie-secure-delete";
    let checkpoint = |conn: &Connection| {
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap()
    };
    store::set_setting(&conn, "kanarie", canary).unwrap();
    store::set_setting(&conn, "granne", "stannar kvar").unwrap();
    checkpoint(&conn);
    assert!(
        found(&decrypted_pages(&path, &key), canary),
        "the scan finds it"
    );
    conn.execute("DELETE FROM settings WHERE key = 'kanarie'", [])
        .unwrap();
    checkpoint(&conn);
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        free, 0,
        "the row's page is still in use: only secure_delete clears it"
    );
    assert!(!found(&decrypted_pages(&path, &key), canary));
}

#[test]
fn due_lists_closed_cases_after_the_period_from_the_last_change() {
    let mut w = world();
    let due_on = |conn: &Connection, d: &str| -> Vec<CaseId> {
        due(conn, date(d)).unwrap().iter().map(|d| d.case).collect()
    };
    assert_eq!(due_on(&w.db.conn, "2025-02-28"), vec![]);
    assert_eq!(due_on(&w.db.conn, "2025-03-01"), vec![w.gone]);
    let d = &due(&w.db.conn, date("2026-11-29")).unwrap()[0];
    assert_eq!(d.reference, canary("referens"));
    assert_eq!(d.last_entry_on, date("2020-03-01"));
    assert_eq!(d.due_on, date("2025-03-01"));
    assert_eq!(d.sips, 1);

    // Reading the record or exporting a document does not move the last entry; a change does.
    let later = ctx("2022-06-01");
    audit::record(
        &w.db.conn,
        &later,
        Some(w.gone),
        crate::access::OPEN_ACTION,
        "x",
    )
    .unwrap();
    audit::record(&w.db.conn, &later, Some(w.gone), "document.export", "x").unwrap();
    assert_eq!(due_on(&w.db.conn, "2025-03-01"), vec![w.gone]);
    audit::record(&w.db.conn, &later, Some(w.gone), "person.update", "x").unwrap();
    assert_eq!(due_on(&w.db.conn, "2025-03-01"), vec![]);
    assert_eq!(due_on(&w.db.conn, "2027-06-01"), vec![w.gone]);

    // The period is a setting, bounded, and its change is in the history.
    let c = ctx("2026-11-29");
    assert_eq!(years(&w.db.conn).unwrap(), DEFAULT_YEARS);
    for bad in [0, MAX_YEARS + 1] {
        assert_eq!(
            set_years(&mut w.db.conn, &c, bad).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
    set_years(&mut w.db.conn, &c, 10).unwrap();
    assert_eq!(due_on(&w.db.conn, "2027-06-01"), vec![]);
    assert_eq!(due_on(&w.db.conn, "2032-06-01"), vec![w.gone]);
    let h = audit::list(&w.db.conn, None).unwrap();
    assert_eq!(h[0].action, "settings.retention_years");
    assert!(h[0].summary.contains("10 år"));
}

#[test]
fn gallring_is_refused_unless_due_and_confirmed_and_then_nothing_is_deleted() {
    let mut w = world();
    let count = |conn: &Connection| -> i64 {
        conn.query_row(
            "SELECT (SELECT count(*) FROM persons) + (SELECT count(*) FROM consents)
                  + (SELECT count(*) FROM risk_assessments) + (SELECT count(*) FROM samrad)
                  + (SELECT count(*) FROM case_history WHERE emptied = 0)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = count(&w.db.conn);
    let today = ctx("2026-11-29");
    // Not yet due.
    let e = delete_case(
        &mut w.db.conn,
        &ctx("2024-01-01"),
        w.gone.into(),
        canary("referens"),
    );
    assert_eq!(e.unwrap_err().kind(), ErrorKind::Refused);
    // An open SIP.
    let e = delete_case(&mut w.db.conn, &today, w.kept.into(), "BEHÅLL-1");
    assert_eq!(e.unwrap_err().kind(), ErrorKind::Refused);
    // A wrong confirmation.
    for wrong in ["", "gallra-kanarie-1", "GALLRA-KANARIE-", "ja"] {
        let e = delete_case(&mut w.db.conn, &today, w.gone.into(), wrong);
        assert_eq!(e.unwrap_err().kind(), ErrorKind::Refused, "{wrong:?}");
    }
    // No such case.
    let e = delete_case(&mut w.db.conn, &today, (CaseId(999)).into(), "x");
    assert_eq!(e.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(count(&w.db.conn), before);
    assert!(audit::verify(&w.db.conn).unwrap().ok());
}

/// Outside gallring the records stay undeletable; a gallring marker for one case lets only
/// that case's records go; the history is emptied, never deleted.
#[test]
fn the_never_deleted_records_stay_so_outside_gallring_of_their_own_case() {
    let w = world();
    let guarded = [
        "DELETE FROM consents",
        "DELETE FROM consent_actors",
        "DELETE FROM consent_categories",
        "DELETE FROM risk_assessments",
        "DELETE FROM samrad",
        "DELETE FROM samrad_participants",
        "DELETE FROM plan_versions",
        "DELETE FROM report_decisions",
        "DELETE FROM protection_decisions",
        "DELETE FROM case_history",
    ];
    let conn = &w.db.conn;
    let try_all = |conn: &Connection| -> Vec<String> {
        guarded
            .iter()
            .filter(|sql| {
                conn.execute_batch(&format!("SAVEPOINT t; {sql}; RELEASE t;"))
                    .map_err(|_| conn.execute_batch("ROLLBACK TO t; RELEASE t;").unwrap())
                    .is_ok()
            })
            .map(|s| s.to_string())
            .collect()
    };
    // Tables with no rows in this world are deleted "successfully" (nothing to refuse), so
    // only tables with rows are asserted on.
    let with_rows = |conn: &Connection| -> Vec<String> {
        guarded
            .iter()
            .filter(|sql| {
                let table = sql.trim_start_matches("DELETE FROM ");
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .unwrap()
                    > 0
            })
            .map(|s| s.to_string())
            .collect()
    };
    let populated = with_rows(conn);
    assert!(populated.len() >= 6, "{populated:?}");
    let allowed: Vec<String> = try_all(conn)
        .into_iter()
        .filter(|s| populated.contains(s))
        .collect();
    assert_eq!(allowed, Vec::<String>::new());

    // A marker for the other case: this case's rows are still refused.
    conn.execute(
        "INSERT INTO gallring_in_progress(case_id) VALUES (?1)",
        [w.kept],
    )
    .unwrap();
    for (table, filter) in DELETES {
        let r = conn.execute_batch(&format!(
            "SAVEPOINT t; DELETE FROM {table} WHERE {}; RELEASE t;",
            filter.replace("?1", &w.gone.0.to_string())
        ));
        if r.is_err() {
            conn.execute_batch("ROLLBACK TO t; RELEASE t;").unwrap();
        }
        let left: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE {}",
                    filter.replace("?1", &w.gone.0.to_string())
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let guarded_table = guarded.contains(&format!("DELETE FROM {table}").as_str());
        if guarded_table && populated.contains(&format!("DELETE FROM {table}")) {
            assert!(
                left > 0,
                "{table} of another case went under a foreign marker"
            );
        }
    }
    // Emptying the history of a case not being gallrad is refused too.
    let e = conn.execute(
        "UPDATE case_history SET at = '', profile = '', action = '', summary = '', emptied = 1
          WHERE case_id = ?1",
        [w.gone],
    );
    assert!(e.is_err());
}

/// Every table of the schema is decided on: deleted by gallring, or holding no case content.
/// A new table fails this test until it is put in one of the two lists.
#[test]
fn every_table_is_either_gallrad_or_holds_no_case_content() {
    let db = testkit::db();
    let tables: Vec<String> = db
        .conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut decided: Vec<String> = DELETES
        .iter()
        .map(|(t, _)| t.to_string())
        .chain(NOT_CASE_DATA.iter().map(|t| t.to_string()))
        .collect();
    decided.sort();
    let before = decided.len();
    decided.dedup();
    assert_eq!(decided.len(), before, "a table is in both lists");
    assert_eq!(tables, decided);
}

/// Emptying a history entry outside gallring (an attacker with the key who drops the trigger)
/// is a broken link, not an accepted emptied entry.
#[test]
fn an_entry_emptied_without_gallring_breaks_the_chain() {
    let w = world();
    w.db.conn
        .execute_batch("DROP TRIGGER case_history_append_only_update;")
        .unwrap();
    let id: i64 =
        w.db.conn
            .query_row(
                "SELECT min(id) FROM case_history WHERE case_id = ?1",
                [w.kept],
                |r| r.get(0),
            )
            .unwrap();
    w.db.conn
        .execute(
            "UPDATE case_history SET at = '', profile = '', action = '', summary = '', emptied = 1
              WHERE id = ?1",
            [id],
        )
        .unwrap();
    let b = audit::verify(&w.db.conn).unwrap().broken.unwrap();
    assert_eq!((b.id, b.kind), (id, audit::BreakKind::Changed));
}
