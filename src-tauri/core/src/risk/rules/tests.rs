//! The rule tables of risk assessments and of the duty to report (each row names the rule it
//! checks), and the properties of the reminder.
#![allow(clippy::type_complexity)] // the tables read better inline

use super::*;
use crate::ids::{PersonId, RiskId};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const MOTHER: PersonId = PersonId(1);
const CHILD: PersonId = PersonId(2);
const OTHER_CASE: PersonId = PersonId(99);
const TODAY: &str = "2026-11-29";

pub(crate) fn input() -> RiskInput {
    RiskInput {
        person_id: MOTHER,
        instrument: RiskInstrument::FredaFarlighet,
        instrument_other: String::new(),
        assessed_on: d("2026-11-20"),
        assessor: "Anna Berg, socialsekreterare".into(),
        sources: "Samtal med personen, polisens anmälan".into(),
        level: RiskLevel::Hog,
        level_own: String::new(),
        scenarios: "Ny misshandel vid överlämning av barnen".into(),
        protective_measures: "Skyddat boende, larmtelefon".into(),
        police_obtained: PoliceObtained::JaSamtycke,
        police_obtained_ground: String::new(),
        police_shared: PoliceShared::Nej,
        police_shared_ground: String::new(),
        next_reassessment_on: d("2026-12-20"),
    }
}

/// The validation table: (what the rule is, the change, Ok or a fragment of the refusal).
#[test]
fn the_validation_table() {
    type Change = fn(&mut RiskInput);
    let rows: &[(&str, Change, Result<(), &str>)] = &[
        ("a complete assessment is accepted", |_| {}, Ok(())),
        (
            "assessed today is fine",
            |i| i.assessed_on = d(TODAY),
            Ok(()),
        ),
        (
            "the assessment date is not in the future",
            |i| i.assessed_on = d("2026-11-30"),
            Err("ligger i framtiden"),
        ),
        (
            "the assessor is required",
            |i| i.assessor = "   ".into(),
            Err("vem som gjorde bedömningen"),
        ),
        (
            "the assessor is bounded",
            |i| i.assessor = "x".repeat(201),
            Err("högst 200"),
        ),
        (
            "\"annan\" needs the method's name",
            |i| i.instrument = RiskInstrument::Annan,
            Err("Skriv vilken metod"),
        ),
        (
            "\"annan\" with its name",
            |i| {
                i.instrument = RiskInstrument::Annan;
                i.instrument_other = "B-SAFER".into()
            },
            Ok(()),
        ),
        (
            "the instrument's own level needs its words",
            |i| i.level = RiskLevel::Egen,
            Err("instrumentets egna ord"),
        ),
        (
            "the instrument's own level with its words",
            |i| {
                i.level = RiskLevel::Egen;
                i.level_own = "Förhöjd".into()
            },
            Ok(()),
        ),
        (
            "police's assessment on a legal ground needs the ground",
            |i| i.police_obtained = PoliceObtained::JaLagstod,
            Err("vilket lagstöd"),
        ),
        (
            "shared with police on a legal ground needs the ground",
            |i| i.police_shared = PoliceShared::JaLagstod,
            Err("på vilket lagstöd"),
        ),
        (
            "shared with police with the ground written",
            |i| {
                i.police_shared = PoliceShared::JaLagstod;
                i.police_shared_ground = "10 kap. 21 § OSL".into()
            },
            Ok(()),
        ),
        (
            "shared with consent needs no ground",
            |i| i.police_shared = PoliceShared::JaSamtycke,
            Ok(()),
        ),
        (
            "the next reassessment is after the assessment",
            |i| i.next_reassessment_on = d("2026-11-20"),
            Err("efter bedömningsdatumet"),
        ),
        (
            "the next reassessment is not before it",
            |i| i.next_reassessment_on = d("2026-11-01"),
            Err("efter bedömningsdatumet"),
        ),
        (
            "six months is the longest",
            |i| i.next_reassessment_on = d("2027-05-20"),
            Ok(()),
        ),
        (
            "a day more is refused",
            |i| i.next_reassessment_on = d("2027-05-21"),
            Err("senast 6 månader"),
        ),
        (
            "an old assessment with a passed reassessment date is recorded (and shows overdue)",
            |i| {
                i.assessed_on = d("2026-01-10");
                i.next_reassessment_on = d("2026-02-10")
            },
            Ok(()),
        ),
        (
            "only a person of the case",
            |i| i.person_id = OTHER_CASE,
            Err("hör inte till det här ärendet"),
        ),
        (
            "no control characters in the texts",
            |i| i.scenarios = "a\u{1b}[31m".into(),
            Err("otillåtna tecken"),
        ),
    ];
    for (rule, change, want) in rows {
        let mut i = input();
        change(&mut i);
        let got = validate(&i, &[MOTHER, CHILD], d(TODAY));
        match (want, got) {
            (Ok(()), Ok(_)) => {}
            (Err(fragment), Err(e)) => {
                assert!(e.to_string().contains(fragment), "{rule}: {e}");
                // Every refusal says what to do.
                assert!(e.to_string().len() > 20, "{rule}: {e}");
            }
            (want, got) => panic!("{rule}: wanted {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn texts_that_do_not_apply_are_dropped_and_the_rest_trimmed() {
    let mut i = input();
    i.instrument_other = "kvar från ett tidigare val".into();
    i.level_own = "kvar".into();
    i.police_shared_ground = "kvar".into();
    i.assessor = "  Anna Berg  ".into();
    let v = validate(&i, &[MOTHER], d(TODAY)).unwrap();
    assert_eq!(v.instrument_other, "");
    assert_eq!(v.level_own, "");
    assert_eq!(v.police_shared_ground, "");
    assert_eq!(v.assessor, "Anna Berg");
}

#[test]
fn the_summary_reads_as_a_sentence() {
    let i = input();
    assert_eq!(
        summary(&i),
        "Hög risk – bedömd 2026-11-20 med FREDA farlighetsbedömning"
    );
    let mut o = input();
    o.instrument = RiskInstrument::Annan;
    o.instrument_other = "B-SAFER".into();
    o.level = RiskLevel::Egen;
    o.level_own = "Förhöjd risk".into();
    assert_eq!(summary(&o), "Förhöjd risk – bedömd 2026-11-20 med B-SAFER");
}

#[test]
fn the_six_months_end_on_the_last_day_of_a_short_month() {
    assert_eq!(latest_reassessment(d("2026-08-31")), d("2027-02-28"));
    assert_eq!(latest_reassessment(d("2027-08-31")), d("2028-02-29"));
}

fn fact(id: i64, person: PersonId, on: &str, next: &str) -> AssessmentFact {
    AssessmentFact {
        id: RiskId(id),
        person,
        assessed_on: d(on),
        next: d(next),
    }
}

/// The reminder table: what is due for a case on a date.
#[test]
fn the_reminder_table() {
    let today = d(TODAY);
    // (what, facts, expected (person, date, state) per person, sorted by date)
    let rows: Vec<(
        &str,
        Vec<AssessmentFact>,
        Vec<(PersonId, &str, ReminderState)>,
    )> = vec![
        ("nothing assessed, nothing due", vec![], vec![]),
        (
            "planned far ahead",
            vec![fact(1, MOTHER, "2026-11-20", "2027-01-20")],
            vec![(MOTHER, "2027-01-20", ReminderState::Planned)],
        ),
        (
            "due within 14 days",
            vec![fact(1, MOTHER, "2026-11-20", "2026-12-13")],
            vec![(MOTHER, "2026-12-13", ReminderState::DueSoon)],
        ),
        (
            "15 days ahead is still planned",
            vec![fact(1, MOTHER, "2026-11-20", "2026-12-14")],
            vec![(MOTHER, "2026-12-14", ReminderState::Planned)],
        ),
        (
            "due today",
            vec![fact(1, MOTHER, "2026-11-01", TODAY)],
            vec![(MOTHER, TODAY, ReminderState::DueSoon)],
        ),
        (
            "yesterday is overdue",
            vec![fact(1, MOTHER, "2026-11-01", "2026-11-28")],
            vec![(MOTHER, "2026-11-28", ReminderState::Overdue)],
        ),
        (
            "a newer assessment replaces the older one's date",
            vec![
                fact(1, MOTHER, "2026-09-01", "2026-10-01"),
                fact(2, MOTHER, "2026-11-20", "2027-01-20"),
            ],
            vec![(MOTHER, "2027-01-20", ReminderState::Planned)],
        ),
        (
            "the latest by assessment date, even if entered first",
            vec![
                fact(5, MOTHER, "2026-11-20", "2027-01-20"),
                fact(6, MOTHER, "2026-09-01", "2026-10-01"),
            ],
            vec![(MOTHER, "2027-01-20", ReminderState::Planned)],
        ),
        (
            "each person has their own reminder, earliest first",
            vec![
                fact(1, MOTHER, "2026-11-20", "2027-01-20"),
                fact(2, CHILD, "2026-10-01", "2026-11-15"),
            ],
            vec![
                (CHILD, "2026-11-15", ReminderState::Overdue),
                (MOTHER, "2027-01-20", ReminderState::Planned),
            ],
        ),
    ];
    for (what, facts, want) in rows {
        let got: Vec<(PersonId, NaiveDate, ReminderState)> = reminders(&facts, today)
            .into_iter()
            .map(|r| (r.person_id, r.on, r.state))
            .collect();
        let want: Vec<(PersonId, NaiveDate, ReminderState)> =
            want.into_iter().map(|(p, on, s)| (p, d(on), s)).collect();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn the_reminder_says_it_in_words() {
    let today = d(TODAY);
    assert_eq!(
        reminder_text(d("2026-12-20"), today),
        "Ny bedömning senast 2026-12-20 (om 21 dagar)"
    );
    assert_eq!(
        reminder_text(d("2026-11-30"), today),
        "Ny bedömning senast 2026-11-30 (om 1 dag)"
    );
    assert_eq!(
        reminder_text(today, today),
        "Ny bedömning senast 2026-11-29 (i dag)"
    );
    let late = reminder_text(d("2026-11-26"), today);
    assert!(
        late.contains("3 dagar försenad") && late.contains("Gör en ny"),
        "{late}"
    );
}

fn arb_facts() -> impl Strategy<Value = Vec<AssessmentFact>> {
    prop::collection::vec((1i64..4, 0i64..400, 1i64..200), 0..8).prop_map(|v| {
        let base = d("2026-01-01");
        v.into_iter()
            .enumerate()
            .map(|(i, (p, on, next))| AssessmentFact {
                id: RiskId(i as i64 + 1),
                person: PersonId(p),
                assessed_on: base + chrono::Duration::days(on),
                next: base + chrono::Duration::days(on + next),
            })
            .collect()
    })
}

proptest! {
    /// A reminder is never overdue before its date and never due more than 14 days ahead;
    /// every assessed person has exactly one, for their latest assessment — so an overdue
    /// reassessment is never missed.
    #[test]
    fn the_reminder_is_never_early_and_never_misses_an_overdue_one(facts in arb_facts(), t in 0i64..800) {
        let today = d("2026-01-01") + chrono::Duration::days(t);
        let got = reminders(&facts, today);
        for r in &got {
            match r.state {
                ReminderState::Overdue => prop_assert!(r.on < today),
                ReminderState::DueSoon => prop_assert!(r.on >= today && (r.on - today).num_days() <= DUE_SOON_DAYS),
                ReminderState::Planned => prop_assert!((r.on - today).num_days() > DUE_SOON_DAYS),
            }
        }
        let persons: std::collections::BTreeSet<PersonId> = facts.iter().map(|f| f.person).collect();
        prop_assert_eq!(got.len(), persons.len());
        for p in persons {
            let latest = facts.iter().filter(|f| f.person == p).max_by_key(|f| (f.assessed_on, f.id)).unwrap();
            let r = got.iter().find(|r| r.person_id == p).unwrap();
            prop_assert_eq!(r.assessment_id, latest.id);
            prop_assert_eq!(r.on, latest.next);
            prop_assert_eq!(r.state == ReminderState::Overdue, latest.next < today);
        }
        prop_assert!(got.windows(2).all(|w| w[0].on <= w[1].on));
    }
}

// ---- The duty to report ----

fn person(id: i64, birth: Option<&str>, roles: &[Role]) -> ChildFacts {
    ChildFacts {
        person: PersonId(id),
        birth_date: birth.map(d),
        roles: roles.to_vec(),
        has_custodial_guardian: false,
    }
}

/// "(law: [`crate::law::REPORT_DUTY`]) Staff in social services and health care must
/// report concern (orosanmälan) immediately when a child is or may be exposed to violence or
/// witnesses violence against a close person" [003 "Anmälningsplikt"]
#[test]
fn the_duty_to_report_table() {
    use Role::*;
    let mother = person(1, Some("1985-03-14"), &[Valdsutsatt]);
    let witness7 = person(2, Some("2019-06-01"), &[BarnSomBevittnatVald]);
    let exposed15 = person(3, Some("2011-02-10"), &[Valdsutsatt]);
    let turns18 = person(4, Some("2008-11-29"), &[Valdsutsatt]);
    let turns18_tomorrow = person(5, Some("2008-11-30"), &[Valdsutsatt]);
    let child_no_role = person(6, Some("2019-06-01"), &[]);
    let child_perpetrator = person(7, Some("2010-01-01"), &[Valdsutovare]);
    let unknown_age_witness = person(8, None, &[BarnSomBevittnatVald]);
    let unknown_age_victim = person(9, None, &[Valdsutsatt]);
    let mut unknown_with_guardian = person(10, None, &[Valdsutsatt]);
    unknown_with_guardian.has_custodial_guardian = true;
    let on = d(TODAY);
    let ids = |v: &[i64]| v.iter().map(|&i| PersonId(i)).collect::<Vec<_>>();
    let rows: Vec<(&str, Vec<ChildFacts>, Vec<i64>, Vec<i64>)> = vec![
        (
            "an adult victim: no duty",
            vec![mother.clone()],
            vec![],
            vec![],
        ),
        (
            "a child of 7 who witnessed violence",
            vec![mother.clone(), witness7.clone()],
            vec![],
            vec![2],
        ),
        (
            "a child exposed to violence",
            vec![exposed15.clone()],
            vec![],
            vec![3],
        ),
        (
            "several children, each shown",
            vec![witness7.clone(), exposed15.clone()],
            vec![],
            vec![2, 3],
        ),
        (
            "a record for one child only clears that child",
            vec![witness7.clone(), exposed15.clone()],
            vec![2],
            vec![3],
        ),
        (
            "records for both clear both",
            vec![witness7.clone(), exposed15.clone()],
            vec![2, 3],
            vec![],
        ),
        (
            "turning 18 today: an adult",
            vec![turns18.clone()],
            vec![],
            vec![],
        ),
        (
            "turning 18 tomorrow: still a child",
            vec![turns18_tomorrow.clone()],
            vec![],
            vec![5],
        ),
        (
            "a child without a role of violence: no duty shown",
            vec![child_no_role.clone()],
            vec![],
            vec![],
        ),
        (
            "a child registered only as using violence: no duty shown",
            vec![child_perpetrator.clone()],
            vec![],
            vec![],
        ),
        (
            "age unknown, a witnessing child by role",
            vec![unknown_age_witness.clone()],
            vec![],
            vec![8],
        ),
        (
            "age unknown, a victim without guardian: not taken as a child",
            vec![unknown_age_victim.clone()],
            vec![],
            vec![],
        ),
        (
            "age unknown, a victim with a custodial guardian: a child",
            vec![unknown_with_guardian.clone()],
            vec![],
            vec![10],
        ),
    ];
    for (what, persons, decided, want) in rows {
        assert_eq!(
            report_duties(&persons, &ids(&decided), on),
            ids(&want),
            "{what}"
        );
    }
    // The role removed: the duty is gone.
    let mut w = witness7.clone();
    w.roles.clear();
    assert!(report_duties(&[w], &[], on).is_empty(), "role removed");
    // The same child, a day before turning 18 and on the birthday.
    assert_eq!(
        report_duties(std::slice::from_ref(&turns18), &[], d("2026-11-28")),
        ids(&[4])
    );
}

#[test]
fn the_report_decision_table() {
    let today = d(TODAY);
    let rows: Vec<(&str, ReportDecision, Result<(), &str>)> = vec![
        (
            "made today, to a unit",
            ReportDecision::Gjord {
                reported_on: today,
                reported_to: "Socialtjänsten barn och unga".into(),
            },
            Ok(()),
        ),
        (
            "made in the future",
            ReportDecision::Gjord {
                reported_on: d("2026-11-30"),
                reported_to: "Barn och unga".into(),
            },
            Err("ligger i framtiden"),
        ),
        (
            "made, to nobody",
            ReportDecision::Gjord {
                reported_on: today,
                reported_to: " ".into(),
            },
            Err("vilken socialtjänst"),
        ),
        (
            "already reported, with the date",
            ReportDecision::Ingen {
                reason: NoReportReason::RedanAnmald,
                reason_text: String::new(),
                earlier_on: Some(d("2026-11-18")),
            },
            Ok(()),
        ),
        (
            "already reported, no date",
            ReportDecision::Ingen {
                reason: NoReportReason::RedanAnmald,
                reason_text: "Skolan".into(),
                earlier_on: None,
            },
            Err("när den andra anmälan"),
        ),
        (
            "already reported, in the future",
            ReportDecision::Ingen {
                reason: NoReportReason::RedanAnmald,
                reason_text: String::new(),
                earlier_on: Some(d("2026-12-01")),
            },
            Err("framtiden"),
        ),
        (
            "investigated by us",
            ReportDecision::Ingen {
                reason: NoReportReason::UtredsRedan,
                reason_text: String::new(),
                earlier_on: None,
            },
            Ok(()),
        ),
        (
            "another reason, written",
            ReportDecision::Ingen {
                reason: NoReportReason::Annat,
                reason_text: "Barnet bor inte längre i Sverige".into(),
                earlier_on: None,
            },
            Ok(()),
        ),
        (
            "another reason, not written",
            ReportDecision::Ingen {
                reason: NoReportReason::Annat,
                reason_text: "  ".into(),
                earlier_on: None,
            },
            Err("Skriv varför"),
        ),
    ];
    for (what, decision, want) in rows {
        match (want, validate_report(&decision, today)) {
            (Ok(()), Ok(_)) => {}
            (Err(f), Err(e)) => assert!(e.to_string().contains(f), "{what}: {e}"),
            (want, got) => panic!("{what}: wanted {want:?}, got {got:?}"),
        }
    }
    // A date given for a reason that does not use it is dropped.
    let v = validate_report(
        &ReportDecision::Ingen {
            reason: NoReportReason::UtredsRedan,
            reason_text: String::new(),
            earlier_on: Some(today),
        },
        today,
    )
    .unwrap();
    assert!(matches!(
        v,
        ReportDecision::Ingen {
            earlier_on: None,
            ..
        }
    ));
}
