use super::*;
use crate::testkit::{self, ctx};
use crate::vocab::ProtectionLevel;

#[test]
fn the_log_filters_by_kind_and_day_and_masks_a_protected_cases_reference() {
    let mut db = testkit::db();
    let c = ctx("2026-11-20");
    let (open, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0001",
        testkit::person("Eva Ek", None, ProtectionLevel::Ingen),
    );
    let (hidden, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0002",
        testkit::person("Mira Ek", None, ProtectionLevel::SkyddadFolkbokforing),
    );
    crate::access::record_open(&mut db.conn, &ctx("2026-11-21"), hidden).unwrap();
    let all = search(&db.conn, &c, &LogFilter::default()).unwrap();
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let opens = search(
        &db.conn,
        &c,
        &LogFilter {
            group: Some(LogGroup::Atkomst),
            ..LogFilter::default()
        },
    )
    .unwrap();
    assert_eq!(opens.len(), 1);
    assert_eq!(opens[0].case, Some(hidden));
    assert_eq!(
        opens[0].case_label,
        format!("Skyddat ärende nr {}", hidden.0)
    );
    assert!(all
        .iter()
        .all(|r| !r.case_label.contains("0002") && !r.summary.contains("Mira")));
    assert!(all
        .iter()
        .any(|r| r.case == Some(open) && r.case_label == "VNR-2026-0001"));
    // By day (Swedish time): the 20th holds the creations, the 21st the open.
    let day = |d: &str| LogFilter {
        from: Some(testkit::date(d)),
        to: Some(testkit::date(d)),
        group: None,
    };
    let on_21 = search(&db.conn, &c, &day("2026-11-21")).unwrap();
    assert_eq!(on_21.len(), 1);
    assert_eq!(on_21[0].group, LogGroup::Atkomst);
    assert_eq!(
        search(&db.conn, &c, &day("2026-11-20")).unwrap().len(),
        all.len() - 1
    );
}

#[test]
fn the_export_ends_with_the_verified_anchor_and_is_refused_for_a_broken_chain() {
    let mut db = testkit::db();
    let c = ctx("2026-11-20");
    testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0003",
        testkit::person("Eva Ek", None, ProtectionLevel::Ingen),
    );
    let (bytes, n) = to_csv(&db.conn, &c, &LogFilter::default()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let recs = crate::followup::csv::parse(&text);
    assert_eq!(recs[0][0], "id");
    assert_eq!(recs.iter().filter(|r| r.len() == 8).count(), n + 2);
    let anchor = crate::audit::anchor(&db.conn).unwrap();
    let last = recs.iter().rev().find(|r| r.len() == 8).unwrap();
    assert_eq!(last[4], "Kedjans slut");
    assert_eq!(last[7], anchor.last_hash);
    // Oldest first, each with its chain hash.
    assert_eq!(recs[1][0], "1");
    assert_eq!(recs[1][7].len(), 64);

    record_export(&mut db.conn, &c, n, || Ok(()), || {}).unwrap();
    assert!(search(&db.conn, &c, &LogFilter::default()).unwrap()[0]
        .summary
        .starts_with("Loggen exporterad"));

    // An attacker with the key edits an entry: the export refuses to certify it.
    db.conn
        .execute_batch(
            "DROP TRIGGER case_history_append_only_update;
             UPDATE case_history SET summary = 'Ingenting hände' WHERE id = 1;",
        )
        .unwrap();
    let e = to_csv(&db.conn, &c, &LogFilter::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("Loggen exporteras inte"), "{e}");
}

#[test]
fn every_action_the_app_writes_has_its_group() {
    for (action, group) in [
        ("access.open", LogGroup::Atkomst),
        ("access.search", LogGroup::Atkomst),
        ("access.search_limited", LogGroup::Atkomst),
        ("document.export", LogGroup::Export),
        ("statistics.export", LogGroup::Export),
        ("audit.export", LogGroup::Export),
        ("consent.record", LogGroup::Samtycke),
        ("consent.withdraw", LogGroup::Samtycke),
        ("consent.override", LogGroup::Skydd),
        ("protection.decision", LogGroup::Skydd),
        ("case.gallring", LogGroup::Gallring),
        ("keys.passphrase", LogGroup::Nycklar),
        ("keys.recovery_new", LogGroup::Nycklar),
        ("backup.create", LogGroup::Nycklar),
        ("settings.retention_years", LogGroup::Installningar),
        ("person.update", LogGroup::Ovrigt),
    ] {
        assert_eq!(LogGroup::of(action), group, "{action}");
    }
}

/// Issue 18, finding 4: the log listed a protected case's whole history unopened.
#[test]
fn an_unopened_protected_cases_rows_show_only_their_kind_and_date_until_opened() {
    let mut db = testkit::db();
    let c = ctx("2026-11-20");
    let (open, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0001",
        testkit::person("Eva Ek", None, ProtectionLevel::Ingen),
    );
    let (hidden, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0002",
        testkit::person("Mira Ek", None, ProtectionLevel::SkyddadFolkbokforing),
    );
    crate::person::create(
        &mut db.conn,
        &c,
        hidden.into(),
        &testkit::person("Olle Ek", None, ProtectionLevel::Ingen),
    )
    .unwrap();
    crate::person::create(
        &mut db.conn,
        &c,
        open.into(),
        &testkit::person("Per Ek", None, ProtectionLevel::Ingen),
    )
    .unwrap();
    let real: Vec<HistoryEntryText> = crate::audit::list(&db.conn, Some(hidden))
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.summary))
        .collect();
    assert!(real
        .iter()
        .any(|(_, s)| s.contains("Skyddad folkbokföring")));

    let rows = search(&db.conn, &c, &LogFilter::default()).unwrap();
    let first_masked = real.iter().map(|(id, _)| *id).min().unwrap();
    for r in &rows {
        if r.case == Some(hidden) {
            assert_eq!(r.summary, MASKED_SUMMARY, "{r:?}");
            assert_eq!(r.case_label, format!("Skyddat ärende nr {}", hidden.0));
            assert!(
                !r.action.is_empty() && !r.at.is_empty(),
                "kind and time stay"
            );
        } else {
            assert_ne!(r.summary, MASKED_SUMMARY, "{r:?}");
        }
        // No hash from the first masked row on: it would let a masked summary be guessed.
        assert_eq!(r.hash.is_empty(), r.id >= first_masked, "{r:?}");
    }
    let json = serde_json::to_string(&page(&db.conn, &c, &LogFilter::default()).unwrap()).unwrap();
    assert!(!json.contains("Skyddad folkbokföring"), "{json}");

    // Opened: every row as written, with its hash.
    crate::access::record_open(&mut db.conn, &c, hidden).unwrap();
    let mut opened = c.clone();
    opened.opened.insert(hidden);
    let rows = search(&db.conn, &opened, &LogFilter::default()).unwrap();
    for (id, s) in &real {
        let r = rows.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(&r.summary, s);
    }
    assert!(rows.iter().all(|r| r.hash.len() == 64));
    // Still named by number, not by reference.
    assert!(rows.iter().all(|r| !r.case_label.contains("0002")));
}

type HistoryEntryText = (i64, String);

#[test]
fn the_csv_export_carries_no_more_than_the_screen() {
    let mut db = testkit::db();
    let c = ctx("2026-11-20");
    let (hidden, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0002",
        testkit::person("Mira Ek", None, ProtectionLevel::SkyddadFolkbokforing),
    );
    let real = crate::audit::list(&db.conn, Some(hidden)).unwrap()[0]
        .summary
        .clone();
    let (bytes, n) = to_csv(&db.conn, &c, &LogFilter::default()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(n, 1);
    assert!(!text.contains(&real), "{text}");
    assert!(text.contains(MASKED_SUMMARY));
    let recs = crate::followup::csv::parse(&text);
    assert_eq!(recs[1][7], "", "no hash of a masked row");

    crate::access::record_open(&mut db.conn, &c, hidden).unwrap();
    let mut opened = c.clone();
    opened.opened.insert(hidden);
    let (bytes, _) = to_csv(&db.conn, &opened, &LogFilter::default()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(&real), "{text}");
}
