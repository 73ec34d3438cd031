//! Risk assessments and the duty to report through storage: the functions the commands call,
//! against a real SQLCipher file.

use super::rules::tests::input;
use super::*;
use crate::person::{self, IdentityInput, PersonInput, RelationInput};
use crate::testkit::{self, case_with, ctx, date, person, pnr};
use crate::vocab::{ProtectionLevel, RelationKind};
use crate::ErrorKind;

struct World {
    db: testkit::Db,
    case: CaseId,
    mother: PersonId,
    child: PersonId,
}

const SECRET: &str = "Hemlighetsgatan 7 i Lindesberg";

/// A protected mother (a victim) and her son of 7 who witnessed violence, in case A-1.
fn world(today: &str) -> World {
    let mut db = testkit::db();
    let c = ctx(today);
    let mut m = person(
        "Sara Lind",
        Some(&pnr("1985-03-14", 123)),
        ProtectionLevel::SkyddadFolkbokforing,
    );
    m.roles = vec![Role::Valdsutsatt];
    let (case, mother) = case_with(&mut db, &c, "A-1", m);
    let mut k = person(
        "Olle Lind",
        Some(&pnr("2019-06-01", 242)),
        ProtectionLevel::SkyddadFolkbokforing,
    );
    k.roles = vec![Role::BarnSomBevittnatVald];
    let child = person::create(&mut db.conn, &c, case.into(), &k).unwrap();
    person::add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &RelationInput {
            from_person: mother,
            to_person: child,
            kind: RelationKind::Vardnadshavare,
            custody: Some(true),
        },
    )
    .unwrap();
    World {
        db,
        case,
        mother,
        child,
    }
}

fn risk_for(p: PersonId) -> RiskInput {
    let mut i = input();
    i.person_id = p;
    i.scenarios = format!("Han kan söka upp henne på {SECRET}");
    i.protective_measures = "Skyddat boende i Kumla, larmtelefon".into();
    i.sources = "Samtal med Sara Lind".into();
    i
}

fn history(w: &World) -> Vec<(String, String)> {
    crate::audit::list(&w.db.conn, Some(w.case))
        .unwrap()
        .into_iter()
        .map(|h| (h.action, h.summary))
        .collect()
}

fn assert_history_has_no_names_or_free_text(w: &World) {
    for (_, s) in history(w) {
        for word in [
            "Sara",
            "Lind",
            "Olle",
            "Hemlighetsgatan",
            "Lindesberg",
            "Kumla",
            "larmtelefon",
            "Anna Berg",
            "B-SAFER",
            "Förhöjd",
            "Örebro",
            "Barn och unga",
            "Skolan",
            "fel datum",
        ] {
            assert!(!s.contains(word), "{s:?} contains {word:?}");
        }
    }
}

#[test]
fn an_assessment_is_recorded_listed_and_reminded() {
    let c = ctx("2026-11-20");
    let mut w = world("2026-11-20");
    let id = save(&mut w.db.conn, &c, w.case.into(), &risk_for(w.mother), None).unwrap();
    let o = list(&w.db.conn, w.case.into(), date("2026-11-29")).unwrap();
    assert_eq!(o.assessments.len(), 1);
    let a = &o.assessments[0];
    assert_eq!(a.id, id);
    assert_eq!(
        a.summary,
        "Hög risk – bedömd 2026-11-20 med FREDA farlighetsbedömning"
    );
    assert_eq!(a.next_text, "Ny bedömning senast 2026-12-20 (om 21 dagar)");
    assert!(a.is_latest);
    assert_eq!(
        a.input.scenarios,
        format!("Han kan söka upp henne på {SECRET}")
    );
    assert_eq!(o.reminders.len(), 1);
    assert_eq!(o.reminders[0].state, ReminderState::Planned);
    // On 2026-12-10 it is due, after 2026-12-20 overdue — on the case screen too.
    let detail = crate::cases::get(&w.db.conn, w.case, date("2026-12-10")).unwrap();
    assert_eq!(detail.risk_reminders[0].state, ReminderState::DueSoon);
    let detail = crate::cases::get(&w.db.conn, w.case, date("2026-12-21")).unwrap();
    assert_eq!(detail.risk_reminders[0].state, ReminderState::Overdue);
    assert!(detail.risk_reminders[0].message.contains("1 dag försenad"));
    let h = history(&w);
    assert_eq!(h[0].0, "risk.record");
    assert!(h[0].1.contains("FREDA farlighetsbedömning, hög risk, bedömd 2026-11-20, ny bedömning senast 2026-12-20"), "{}", h[0].1);
    assert!(
        h[0].1
            .contains("polisens bedömning inhämtad: ja, med samtycke; lämnad till polisen: nej"),
        "{}",
        h[0].1
    );
    assert_history_has_no_names_or_free_text(&w);
}

#[test]
fn refusals_come_from_the_rules_and_nothing_is_written() {
    let c = ctx("2026-11-20");
    let mut w = world("2026-11-20");
    let other = world("2026-11-20");
    let before = history(&w).len();
    let mut i = risk_for(w.mother);
    i.assessed_on = date("2026-11-21");
    let e = save(&mut w.db.conn, &c, w.case.into(), &i, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    // A person of another case (ids are per database: a person id that is not in this case).
    let mut i = risk_for(PersonId(other.child.0 + 100));
    i.assessed_on = date("2026-11-20");
    let e = save(&mut w.db.conn, &c, w.case.into(), &i, None).unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::PersonNotInCase)),
        "{e:?}"
    );
    // A case that does not exist.
    let e = save(
        &mut w.db.conn,
        &c,
        (CaseId(999)).into(),
        &risk_for(w.mother),
        None,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(history(&w).len(), before);
    assert!(list(&w.db.conn, w.case.into(), c.today)
        .unwrap()
        .assessments
        .is_empty());
}

#[test]
fn a_correction_is_a_new_version_and_the_old_one_stays() {
    let c = ctx("2026-11-20");
    let mut w = world("2026-11-20");
    let first = save(&mut w.db.conn, &c, w.case.into(), &risk_for(w.mother), None).unwrap();
    let mut fixed = risk_for(w.mother);
    fixed.level = RiskLevel::Medel;
    fixed.next_reassessment_on = date("2027-01-20");
    // A reason is required.
    let e = save(
        &mut w.db.conn,
        &c,
        w.case.into(),
        &fixed,
        Some(&Correction {
            corrects: first,
            reason: " ".into(),
        }),
    )
    .unwrap_err();
    assert!(e.to_string().contains("Skriv varför"), "{e}");
    // Nothing changed: refused.
    let e = save(
        &mut w.db.conn,
        &c,
        w.case.into(),
        &risk_for(w.mother),
        Some(&Correction {
            corrects: first,
            reason: "fel datum".into(),
        }),
    )
    .unwrap_err();
    assert!(e.to_string().contains("Inget har ändrats"), "{e}");
    let second = save(
        &mut w.db.conn,
        &c,
        w.case.into(),
        &fixed,
        Some(&Correction {
            corrects: first,
            reason: "Fel nivå registrerades, fel datum".into(),
        }),
    )
    .unwrap();
    let o = list(&w.db.conn, w.case.into(), c.today).unwrap();
    assert_eq!(
        o.assessments.len(),
        1,
        "the corrected version replaces the old in the list"
    );
    let a = &o.assessments[0];
    assert_eq!(a.id, second);
    assert_eq!(a.input.level, RiskLevel::Medel);
    assert_eq!(a.correction_reason, "Fel nivå registrerades, fel datum");
    assert_eq!(a.earlier.len(), 1);
    assert_eq!(a.earlier[0].id, first);
    assert_eq!(a.earlier[0].input.level, RiskLevel::Hog);
    assert_eq!(o.reminders[0].on, date("2027-01-20"));
    // The old version can't be corrected again (the chain never forks) …
    let e = save(
        &mut w.db.conn,
        &c,
        w.case.into(),
        &fixed,
        Some(&Correction {
            corrects: first,
            reason: "igen".into(),
        }),
    )
    .unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::VersionAlreadyCorrected)),
        "{e:?}"
    );
    // … and nothing changes or deletes a row, whatever the code above does.
    for sql in [
        "UPDATE risk_assessments SET level = 'lag'",
        "DELETE FROM risk_assessments",
        "UPDATE report_decisions SET reported_to = 'x'",
        "DELETE FROM report_decisions",
    ] {
        match w.db.conn.execute(sql, []) {
            Ok(0) => {} // no rows yet in that table
            Ok(n) => panic!("{sql} changed {n} rows"),
            Err(e) => assert_eq!(Error::from(e).kind(), ErrorKind::Frozen, "{sql}"),
        }
    }
    let e: Error =
        w.db.conn
            .execute("UPDATE risk_assessments SET level = 'lag'", [])
            .unwrap_err()
            .into();
    assert!(e.to_string().contains("rättad version"), "{e}");
    let h = history(&w);
    assert_eq!(h[0].0, "risk.correct");
    assert!(
        h[0].1.contains("ändrat: risknivå, nästa bedömning"),
        "{}",
        h[0].1
    );
    assert_history_has_no_names_or_free_text(&w);
}

#[test]
fn an_assessment_of_another_case_can_not_be_corrected_from_this_one() {
    let c = ctx("2026-11-20");
    let mut w = world("2026-11-20");
    let first = save(&mut w.db.conn, &c, w.case.into(), &risk_for(w.mother), None).unwrap();
    let mut p = person("Eva Ek", None, ProtectionLevel::Ingen);
    p.identity = IdentityInput::None {
        reason: crate::vocab::NoNumberReason::Okant,
        note: String::new(),
        birth_date: None,
    };
    let (case2, eva) = case_with(&mut w.db, &c, "B-2", p);
    let e = save(
        &mut w.db.conn,
        &c,
        case2.into(),
        &risk_for(eva),
        Some(&Correction {
            corrects: first,
            reason: "fel".into(),
        }),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[test]
fn the_case_list_sorts_by_the_reassessment_too() {
    let c = ctx("2026-11-20");
    let mut w = world("2026-11-20");
    let p = PersonInput {
        name: "Åsa Berg".into(),
        ..person("Åsa Berg", None, ProtectionLevel::Ingen)
    };
    let (case2, asa) = case_with(&mut w.db, &c, "B-2", p);
    // A-1's orosanmälan is registered, so only B-2 has something due.
    let made = ReportDecision::Gjord {
        reported_on: c.today,
        reported_to: "Barn och unga".into(),
    };
    record_report(&mut w.db.conn, &c, w.case.into(), w.child, &made).unwrap();
    let mut i = risk_for(asa);
    i.next_reassessment_on = date("2026-12-01");
    save(&mut w.db.conn, &c, case2.into(), &i, None).unwrap();
    let list = crate::cases::list(&mut w.db.conn, &c, "").unwrap();
    assert_eq!(list[0].reference, "B-2");
    let due = list[0].due.as_ref().unwrap();
    assert_eq!((due.on, due.what.as_str()), (date("2026-12-01"), DUE_WHAT));
    assert_eq!(list[1].due, None);
    // A newer assessment moves the date.
    let mut j = risk_for(asa);
    j.assessed_on = date("2026-11-20");
    j.next_reassessment_on = date("2027-02-01");
    save(&mut w.db.conn, &c, case2.into(), &j, None).unwrap();
    let list = crate::cases::list(&mut w.db.conn, &c, "").unwrap();
    assert_eq!(list[0].due.as_ref().unwrap().on, date("2027-02-01"));
}

#[test]
fn the_duty_to_report_shows_until_a_decision_is_recorded() {
    let c = ctx("2026-11-29");
    let mut w = world("2026-11-29");
    let detail = crate::cases::get(&w.db.conn, w.case, c.today).unwrap();
    assert_eq!(detail.reports.duties.len(), 1);
    let duty = &detail.reports.duties[0];
    assert_eq!(duty.person_id, w.child);
    assert!(
        duty.message.starts_with(
            "Anmälningsplikt: Olle Lind (7 år) är registrerad som barn som bevittnat våld."
        ),
        "{}",
        duty.message
    );
    // The act in force (issue 19), not the one it replaced.
    assert!(
        duty.message
            .contains("Enligt socialtjänstlagen (2025:400) ska personal inom socialtjänsten"),
        "{}",
        duty.message
    );
    assert!(!duty.message.contains("SoL") && !duty.message.contains("2001:453"));

    // The mother is an adult: refused.
    let made = ReportDecision::Gjord {
        reported_on: date("2026-11-29"),
        reported_to: "Socialtjänsten Barn och unga, Örebro".into(),
    };
    let e = record_report(&mut w.db.conn, &c, w.case.into(), w.mother, &made).unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::NotAChild { .. })),
        "{e:?}"
    );
    // In the future: refused, nothing written.
    let future = ReportDecision::Gjord {
        reported_on: date("2026-11-30"),
        reported_to: "Barn och unga".into(),
    };
    assert!(record_report(&mut w.db.conn, &c, w.case.into(), w.child, &future).is_err());
    assert_eq!(
        crate::cases::get(&w.db.conn, w.case, c.today)
            .unwrap()
            .reports
            .duties
            .len(),
        1
    );

    // Until then, the case list puts the case first: the report is due at once (shown once the
    // protected record is opened).
    let mut c = c.clone();
    c.opened.insert(w.case);
    let due = crate::cases::list(&mut w.db.conn, &c, "").unwrap()[0]
        .due
        .clone()
        .unwrap();
    assert_eq!((due.on, due.what.as_str()), (c.today, REPORT_DUE_WHAT));
    record_report(&mut w.db.conn, &c, w.case.into(), w.child, &made).unwrap();
    assert_eq!(
        crate::cases::list(&mut w.db.conn, &c, "").unwrap()[0].due,
        None
    );
    let r = crate::cases::get(&w.db.conn, w.case, c.today)
        .unwrap()
        .reports;
    assert!(r.duties.is_empty());
    assert_eq!(r.decisions.len(), 1);
    assert_eq!(
        r.decisions[0].text,
        "Orosanmälan gjord 2026-11-29 till Socialtjänsten Barn och unga, Örebro"
    );
    let h = history(&w);
    assert_eq!(h[0].0, "report.record");
    assert!(h[0].1.contains("gjord 2026-11-29"), "{}", h[0].1);
    assert_history_has_no_names_or_free_text(&w);
    // The decision stays as entered.
    let e: Error =
        w.db.conn
            .execute("DELETE FROM report_decisions", [])
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), ErrorKind::Frozen);
}

#[test]
fn no_report_needs_a_reason_and_a_second_child_keeps_its_own_duty() {
    let c = ctx("2026-11-29");
    let mut w = world("2026-11-29");
    let mut k = person(
        "Kim Lind",
        Some(&pnr("2013-02-10", 111)),
        ProtectionLevel::Ingen,
    );
    k.roles = vec![Role::Valdsutsatt];
    let kim = person::create(&mut w.db.conn, &c, w.case.into(), &k).unwrap();
    let r = report_overview(&w.db.conn, w.case, c.today).unwrap();
    assert_eq!(
        r.duties.iter().map(|d| d.person_id).collect::<Vec<_>>(),
        vec![w.child, kim]
    );
    let e = record_report(
        &mut w.db.conn,
        &c,
        w.case.into(),
        kim,
        &ReportDecision::Ingen {
            reason: NoReportReason::RedanAnmald,
            reason_text: "Skolan".into(),
            earlier_on: None,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("när den andra anmälan"), "{e}");
    record_report(
        &mut w.db.conn,
        &c,
        w.case.into(),
        kim,
        &ReportDecision::Ingen {
            reason: NoReportReason::RedanAnmald,
            reason_text: "Skolan".into(),
            earlier_on: Some(date("2026-11-18")),
        },
    )
    .unwrap();
    let r = report_overview(&w.db.conn, w.case, c.today).unwrap();
    assert_eq!(
        r.duties.iter().map(|d| d.person_id).collect::<Vec<_>>(),
        vec![w.child]
    );
    assert_eq!(
        r.decisions[0].text,
        "Ingen orosanmälan: redan anmält av någon annan 2026-11-18 – Skolan"
    );
    let h = history(&w);
    assert!(
        h[0].1
            .contains("ingen orosanmälan – redan anmält av någon annan"),
        "{}",
        h[0].1
    );
    assert_history_has_no_names_or_free_text(&w);
    // Removing the child's role removes the duty too.
    let mut olle = person::get(&w.db.conn, w.child.into(), c.today)
        .unwrap()
        .unwrap();
    olle.roles.clear();
    let input = PersonInput {
        name: olle.name.clone(),
        identity: IdentityInput::Number {
            number: olle.identity_number.clone().unwrap(),
        },
        legal_sex: olle.legal_sex,
        language: olle.language.clone(),
        interpreter_needed: olle.interpreter_needed,
        protection_level: olle.protection_level,
        address: String::new(),
        phone: String::new(),
        contact_way: olle.contact_way.clone(),
        roles: vec![],
        violence_forms: vec![],
    };
    person::update(&mut w.db.conn, &c, w.child.into(), &input).unwrap();
    assert!(report_overview(&w.db.conn, w.case, c.today)
        .unwrap()
        .duties
        .is_empty());
}
