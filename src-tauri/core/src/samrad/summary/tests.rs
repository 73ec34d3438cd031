//! Tables for the age bands and relative time (every boundary), a worked case, the leak test
//! (a case full of identifying data, fed through the store's own types), and the property that
//! nothing a person or worker wrote ever reaches the summary.

use super::*;
use crate::consent::records::{BasisView, ConsentState};
use crate::ids::{CaseId, FollowUpId, MeetingId, ParticipantId, PlanVersionId, SipId, UnitId};
use crate::person::idnumber::IdKind;
use crate::sip::plan::{Intervention, OtherIntervention, PlanContent, PlanVersion};
use crate::sip::rules::MeetingWarning;
use crate::sip::{Due, FollowUp, Meeting, Participant, Preparation, Transition};
use crate::vocab::{ActorType, InterventionStatus, RequestedBy};
use chrono::Days;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-03-15";

fn today() -> NaiveDate {
    d(TODAY)
}

fn days_ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

/// The date `years` years before `today` (same month and day).
fn years_ago(years: u32) -> NaiveDate {
    today().checked_sub_months(Months::new(years * 12)).unwrap()
}

// ------------------------------------------------------------------------------ helpers ----

/// A stored person with every identifying field filled with `text` (and the name `name`).
#[allow(clippy::too_many_arguments)]
fn person(
    id: i64,
    name: &str,
    number: Option<&str>,
    birth: Option<NaiveDate>,
    sex: LegalSex,
    level: ProtectionLevel,
    roles: &[Role],
    forms: &[ViolenceForm],
    text: &str,
) -> Person {
    let age = birth.and_then(|b| age_in_years(b, today()));
    Person {
        id: PersonId(id),
        case_id: CaseId(1),
        name: name.into(),
        initials: crate::person::initials(name),
        id_kind: number.map(|_| IdKind::Personnummer),
        identity_number: number.map(Into::into),
        no_number_reason: None,
        no_number_note: text.into(),
        birth_date: birth,
        age,
        is_child: age.is_some_and(|a| a < ADULT_AGE),
        twelve_or_older: age.is_some_and(|a| (12..ADULT_AGE).contains(&a)),
        legal_sex: sex,
        language: text.into(),
        interpreter_needed: true,
        protection_level: level,
        is_protected: level.is_protected(),
        address: (!level.is_protected()).then(|| text.to_owned()),
        phone: (!level.is_protected()).then(|| text.to_owned()),
        contact_way: text.into(),
        roles: roles.to_vec(),
        violence_forms: forms.to_vec(),
    }
}

fn relation(id: i64, from: i64, to: i64, kind: RelationKind, custody: Option<bool>) -> Relation {
    Relation::new(
        crate::ids::RelationId(id),
        PersonId(from),
        PersonId(to),
        kind,
        custody,
    )
}

/// A stored SIP whose every text (preparation, units, contacts, place, plan, notes, closing
/// reason, messages) is `text`, and whose dates are the given ones.
#[allow(clippy::too_many_arguments)]
fn sip_detail(
    person: i64,
    state: SipState,
    need: NaiveDate,
    meetings: &[(NaiveDate, bool)],
    plan: bool,
    follow_ups: &[NaiveDate],
    closed: Option<NaiveDate>,
    text: &str,
) -> SipDetail {
    let t = || text.to_owned();
    SipDetail {
        id: SipId(7),
        case_id: CaseId(1),
        person_id: PersonId(person),
        state,
        need_discovered_on: need,
        preparation: Preparation {
            what_matters: t(),
            background: t(),
            questions: t(),
            initiated_by: t(),
            requested_by: RequestedBy::Personen,
            questions_categories: None,
        },
        closed_on: closed,
        closing_reason: closed.map(|_| t()),
        transitions: vec![Transition {
            from_state: None,
            to_state: SipState::BehovUpptackt,
            on_date: need,
        }],
        participants: vec![Participant {
            id: ParticipantId(1),
            unit_id: UnitId(1),
            unit_name: t(),
            actor_type: ActorType::Skola,
            contact_id: None,
            contact_name: Some(t()),
            contact_role: Some(t()),
            temporary: false,
            decision: None,
            consent_problem: Some(t()),
        }],
        person_participants: vec![],
        unit_choices: vec![crate::sip::UnitChoice {
            unit_id: UnitId(2),
            unit_open: true,
            contact_ids: vec![],
        }],
        person_choices: vec![crate::sip::guard::PersonChoice {
            person_id: PersonId(person + 1),
            name: t(),
            relation: t(),
        }],
        barred_persons: vec![crate::sip::guard::BarredPerson {
            person_id: PersonId(person + 2),
            name: t(),
            reason: t(),
        }],
        refused_steps: vec![crate::sip::rules::RefusedStep {
            to: SipState::Avslutad,
            reason: t(),
        }],
        protected: false,
        meetings: meetings
            .iter()
            .enumerate()
            .map(|(i, &(on, held))| Meeting {
                id: MeetingId(i as i64 + 1),
                on_date: on,
                at_time: "13:30".into(),
                digital: false,
                place: t(),
                held,
                person_present: true,
                present: vec![ParticipantId(1)],
                safety_checklist: None,
            })
            .collect(),
        plan_versions: if plan {
            vec![PlanVersion {
                id: PlanVersionId(1),
                version: 1,
                content: PlanContent {
                    needs: t(),
                    short_term_goals: t(),
                    long_term_goals: t(),
                    interventions: vec![Intervention {
                        key: t(),
                        what: t(),
                        unit_id: Some(UnitId(1)),
                        unit_name: t(),
                        from: Some(need),
                        to: Some(need),
                        status: InterventionStatus::Planerad,
                        categories: None,
                    }],
                    other_interventions: vec![OtherIntervention {
                        who: t(),
                        what: t(),
                        categories: None,
                    }],
                    own_actions: t(),
                    lead_unit_id: Some(UnitId(1)),
                    lead_unit_name: t(),
                    coordinator: t(),
                    contact_persons: t(),
                    follow_up_on: Some(need),
                    follow_up_form: None,
                    follow_up_caller: t(),
                    child_voice: t(),
                    section_categories: Default::default(),
                },
                saved_at: "2026-02-20T09:15:00Z".into(),
                frozen_on: Some(need),
                frozen_as: None,
            }]
        } else {
            vec![]
        },
        follow_ups: follow_ups
            .iter()
            .enumerate()
            .map(|(i, &on)| FollowUp {
                id: FollowUpId(i as i64 + 1),
                plan_version_id: PlanVersionId(1),
                plan_version: 1,
                on,
                note: t(),
                items: vec![],
            })
            .collect(),
        warning: Some(MeetingWarning {
            days: 1234,
            due_on: need,
            message: t(),
        }),
        step_offers: vec![],
        allowed_steps: vec![],
        composition_notice: Some(t()),
        consent: BasisView {
            state: ConsentState::Valid,
            label: t(),
            message: t(),
            child_own_only: false,
        },
        due: Some(Due {
            on: need,
            what: t(),
        }),
    }
}

/// The longest run of ASCII digits in `s`.
fn longest_digit_run(s: &str) -> usize {
    s.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// `YYYY-MM-DD` anywhere in `s`.
fn has_iso_date(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    let pattern = "dddd-dd-dd";
    c.windows(pattern.len()).any(|w| {
        w.iter().zip(pattern.chars()).all(|(&ch, p)| match p {
            'd' => ch.is_ascii_digit(),
            _ => ch == p,
        })
    })
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// What must hold for every summary whatever the input.
fn assert_no_dates(text: &str) {
    assert!(!has_iso_date(text), "ISO date in:\n{text}");
    assert!(longest_digit_run(text) <= 2, "digit run in:\n{text}");
    let lower = text.to_lowercase();
    for m in MONTHS {
        assert!(!lower.contains(m), "month name {m} in:\n{text}");
    }
}

// ------------------------------------------------------------------------- age bands ----

#[test]
fn age_bands_at_every_boundary() {
    // (completed years, band). Each row is checked on the birthday and the day before it.
    let table: &[(u32, &str)] = &[
        (0, "0–2 år"),
        (2, "0–2 år"),
        (3, "3–5 år"),
        (5, "3–5 år"),
        (6, "6–9 år"),
        (9, "6–9 år"),
        (10, "10–12 år"),
        (12, "10–12 år"),
        (13, "13–15 år"),
        (15, "13–15 år"),
        (16, "16–17 år"),
        (17, "16–17 år"),
        (18, "18–24 år"),
        (24, "18–24 år"),
        (25, "25–29 år"),
        (29, "25–29 år"),
        (30, "30–39 år"),
        (39, "30–39 år"),
        (40, "40–49 år"),
        (49, "40–49 år"),
        (50, "50–59 år"),
        (59, "50–59 år"),
        (60, "60–69 år"),
        (69, "60–69 år"),
        (70, "70–79 år"),
        (79, "70–79 år"),
        (80, "80 år eller äldre"),
        (104, "80 år eller äldre"),
    ];
    for &(age, label) in table {
        assert_eq!(AgeBand::for_age(age).label(), label, "age {age}");
        // Born exactly `age` years ago: the birthday is today.
        assert_eq!(
            AgeBand::of(Some(years_ago(age)), today()).label(),
            label,
            "birthday today, {age} years"
        );
        assert_eq!(AgeBand::for_age(age).is_child(), age < 18, "age {age}");
    }
    // The day before the birthday the person is still a year younger.
    for &(age, younger) in &[
        (3, "0–2 år"),
        (6, "3–5 år"),
        (10, "6–9 år"),
        (13, "10–12 år"),
        (16, "13–15 år"),
        (18, "16–17 år"),
        (25, "18–24 år"),
        (30, "25–29 år"),
        (80, "70–79 år"),
    ] {
        let birth = years_ago(age) + Days::new(1);
        assert_eq!(AgeBand::of(Some(birth), today()).label(), younger, "{age}");
    }
}

#[test]
fn born_today_unknown_and_future_births() {
    assert_eq!(AgeBand::of(Some(today()), today()).label(), "0–2 år");
    assert!(AgeBand::of(Some(today()), today()).is_child());
    assert_eq!(AgeBand::of(None, today()).label(), "ålder okänd");
    assert_eq!(AgeBand::of(None, today()), AgeBand::UNKNOWN);
    let tomorrow = today() + Days::new(1);
    assert_eq!(AgeBand::of(Some(tomorrow), today()), AgeBand::UNKNOWN);
    assert!(!AgeBand::UNKNOWN.is_child() && !AgeBand::UNKNOWN.is_known());
    assert_eq!(
        AgeBand::of(Some(NaiveDate::MIN), today()).label(),
        "80 år eller äldre"
    );
}

#[test]
fn a_birthday_on_29_february() {
    // Counted as everywhere else in the app (person::idnumber::age_in_years): the year is
    // completed on 1 March in a year without 29 February.
    let table = [
        ("2008-02-29", "2026-02-28", "16–17 år"),
        ("2008-02-29", "2026-03-01", "18–24 år"),
        ("2013-02-29", "2026-03-01", "ålder okänd"), // no such date: never built
        ("2012-02-29", "2025-02-28", "10–12 år"),
        ("2012-02-29", "2025-03-01", "13–15 år"),
        ("2012-02-29", "2024-02-29", "10–12 år"),
    ];
    for (birth, on, label) in table {
        let Ok(birth) = birth.parse::<NaiveDate>() else {
            assert_eq!(label, "ålder okänd");
            continue;
        };
        assert_eq!(
            AgeBand::of(Some(birth), d(on)).label(),
            label,
            "{birth} {on}"
        );
    }
}

// --------------------------------------------------------------------- relative time ----

#[test]
fn relative_time_at_every_boundary() {
    use RelativeTime::*;
    let table: &[(NaiveDate, RelativeTime, &str)] = &[
        (today(), LastWeek, "under den senaste veckan"),
        (days_ago(6), LastWeek, "under den senaste veckan"),
        (days_ago(7), Weeks(1), "för ungefär en vecka sedan"),
        (days_ago(13), Weeks(1), "för ungefär en vecka sedan"),
        (days_ago(14), Weeks(2), "för ungefär 2 veckor sedan"),
        (days_ago(21), Weeks(3), "för ungefär 3 veckor sedan"),
        (days_ago(55), Weeks(7), "för ungefär 7 veckor sedan"),
        (days_ago(56), Months(2), "för ungefär 2 månader sedan"),
        // 3 whole months, then 14 and 15 days more: rounded to the nearest month.
        (d("2025-12-15"), Months(3), "för ungefär 3 månader sedan"),
        (d("2025-12-01"), Months(3), "för ungefär 3 månader sedan"),
        (d("2025-11-30"), Months(4), "för ungefär 4 månader sedan"),
        // 11 whole months and 27 days: still "11", never "12 månader".
        (d("2025-03-16"), Months(11), "för ungefär 11 månader sedan"),
        (d("2025-04-15"), Months(11), "för ungefär 11 månader sedan"),
        (d("2025-03-15"), OverAYear, "för mer än ett år sedan"),
        (d("2019-07-01"), OverAYear, "för mer än ett år sedan"),
        (NaiveDate::MIN, OverAYear, "för mer än ett år sedan"),
        // Future dates: no panic, no date.
        (
            today() + Days::new(1),
            Future,
            "vid ett datum som ligger i framtiden",
        ),
        (
            NaiveDate::MAX,
            Future,
            "vid ett datum som ligger i framtiden",
        ),
    ];
    for &(on, expected, phrase) in table {
        let got = RelativeTime::between(on, today());
        assert_eq!(got, expected, "{on}");
        assert_eq!(got.phrase(), phrase, "{on}");
        assert_no_dates(&got.phrase());
    }
}

#[test]
fn months_across_short_months_and_leap_days() {
    // 31 January + 1 month is 28 February (clamped): the months are counted from there.
    assert_eq!(
        RelativeTime::between(d("2026-01-31"), d("2026-03-28")),
        RelativeTime::Months(2)
    );
    // One year after 29 February is 28 February (chrono's clamping): coarse either way.
    assert_eq!(
        RelativeTime::between(d("2024-02-29"), d("2025-02-27")),
        RelativeTime::Months(11)
    );
    assert_eq!(
        RelativeTime::between(d("2024-02-29"), d("2025-02-28")),
        RelativeTime::OverAYear
    );
}

// --------------------------------------------------------------------- a worked case ----

/// A mother (protected), the alleged perpetrator who is guardian of both children, two
/// children who witnessed violence.
fn family() -> (Vec<Person>, Vec<Relation>) {
    use ProtectionLevel::*;
    use Role::*;
    use ViolenceForm::*;
    let persons = vec![
        person(
            1,
            "Mamma",
            None,
            Some(d("1991-06-02")),
            LegalSex::Kvinna,
            SkyddadFolkbokforing,
            &[Valdsutsatt],
            &[Fysiskt, Psykiskt],
            "",
        ),
        person(
            2,
            "Pappa",
            None,
            Some(d("1981-01-20")),
            LegalSex::Man,
            Ingen,
            &[Valdsutovare],
            &[],
            "",
        ),
        person(
            3,
            "Barn A",
            None,
            Some(d("2018-09-09")),
            LegalSex::Kvinna,
            SkyddadFolkbokforing,
            &[BarnSomBevittnatVald],
            &[Psykiskt],
            "",
        ),
        person(
            4,
            "Barn B",
            None,
            Some(d("2021-12-24")),
            LegalSex::Man,
            SkyddadFolkbokforing,
            &[BarnSomBevittnatVald],
            &[Digitalt],
            "",
        ),
    ];
    let relations = vec![
        relation(1, 2, 1, RelationKind::UtovareMot, None),
        relation(2, 2, 3, RelationKind::Vardnadshavare, Some(true)),
        relation(3, 2, 4, RelationKind::Vardnadshavare, Some(true)),
        relation(4, 1, 3, RelationKind::Vardnadshavare, Some(true)),
        relation(5, 1, 4, RelationKind::Vardnadshavare, Some(true)),
        relation(6, 2, 3, RelationKind::Foralder, None),
    ];
    (persons, relations)
}

#[test]
fn a_worked_case() {
    let (persons, relations) = family();
    let sip = sip_detail(
        1,
        SipState::Uppfoljning,
        days_ago(90),
        &[(days_ago(60), true), (today() + Days::new(20), false)],
        true,
        &[days_ago(20)],
        None,
        "",
    );
    let input = SummaryInput::from_case(&persons, &relations, &[sip]);
    let s = summarize(&input, today());
    let expected = "\
Avidentifierat ärende för samråd
Underlaget beskriver ärendets karaktär, inte detaljer: inga namn, nummer, adresser, platser, \
arbetsplatser, skolor eller exakta datum.

Personer
- I ärendet finns två vuxna och två barn.
- Man 40–49 år, uppgiven våldsutövare mot kvinna 30–39 år, vårdnadshavare för barnen, förälder till barn 6–9 år
- Kvinna 30–39 år, våldsutsatt, vårdnadshavare för barnen
- Barn 6–9 år, har bevittnat våld
- Barn 3–5 år, har bevittnat våld

Våldet
- Fysiskt våld
- Psykiskt våld
- Digitalt våld

Skydd
- Skyddade personuppgifter finns i ärendet.
- Säg inga namn eller platser vid samrådet, inte heller vid digitala möten.

SIP
- SIP för kvinna 30–39 år. Steg: uppföljning.
- Behovet upptäcktes för ungefär 3 månader sedan.
- Ett SIP-möte har hållits för ungefär 2 månader sedan.
- Ett SIP-möte är bokat.
- En plan är upprättad.
- Planen följdes upp för ungefär 2 veckor sedan.

Frågeställning
";
    let text = s.to_text();
    assert_eq!(
        text,
        format!("{expected}{QUESTION_PLACEHOLDER}\n"),
        "{text}"
    );
    assert_no_dates(&text);

    let mut with_question = s.clone();
    with_question.question = "  Hur kan vi samordna skyddet?  ".into();
    assert!(with_question
        .to_text()
        .ends_with("Frågeställning\nHur kan vi samordna skyddet?\n"));

    // The sections in order, for the UI.
    let headings: Vec<_> = s.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ["Personer", "Våldet", "Skydd", "SIP"]);
}

#[test]
fn the_summary_is_json_for_the_ui() {
    let (persons, relations) = family();
    let s = summarize(&SummaryInput::from_case(&persons, &relations, &[]), today());
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["sections"][0]["heading"], "Personer");
    assert_eq!(json["question"], "");
    assert!(json["sections"][3]["lines"][0]
        .as_str()
        .unwrap()
        .contains("Ingen SIP"));
}

// ------------------------------------------------------------ small groups and roles ----

fn input(persons: Vec<Person>, relations: Vec<Relation>) -> SummaryInput {
    SummaryInput::from_case(&persons, &relations, &[])
}

fn lines(s: &Summary, heading: &str) -> Vec<String> {
    s.sections
        .iter()
        .find(|x| x.heading == heading)
        .unwrap()
        .lines
        .clone()
}

#[test]
fn identical_persons_become_a_count_and_targets_are_grouped() {
    use Role::*;
    let twin = |id| {
        person(
            id,
            "T",
            None,
            Some(years_ago(7)),
            LegalSex::Man,
            ProtectionLevel::Ingen,
            &[BarnSomBevittnatVald],
            &[],
            "",
        )
    };
    let older = person(
        5,
        "O",
        None,
        Some(years_ago(14)),
        LegalSex::Kvinna,
        ProtectionLevel::Ingen,
        &[Valdsutsatt],
        &[],
        "",
    );
    let mother = person(
        1,
        "M",
        None,
        Some(years_ago(35)),
        LegalSex::Kvinna,
        ProtectionLevel::Ingen,
        &[],
        &[],
        "",
    );
    // Guardian of the twins, not of the older child: the twins are named by band and count.
    let rel = vec![
        relation(1, 1, 3, RelationKind::Vardnadshavare, Some(true)),
        relation(2, 1, 4, RelationKind::Vardnadshavare, Some(false)),
        relation(3, 1, 3, RelationKind::Narstaende, None),
        relation(4, 1, 4, RelationKind::Narstaende, None),
        relation(5, 1, 5, RelationKind::Narstaende, None),
    ];
    let s = summarize(&input(vec![mother, twin(3), twin(4), older], rel), today());
    assert_eq!(
        lines(&s, "Personer"),
        [
            "I ärendet finns en vuxen och tre barn.",
            "Kvinna 30–39 år, vårdnadshavare för barn 6–9 år, förälder till barn 6–9 år \
             (har inte vårdnaden), närstående till barnen",
            "Barn 13–15 år, våldsutsatt",
            "Två barn 6–9 år, har bevittnat våld",
        ]
    );
}

#[test]
fn two_targets_of_the_same_band_are_counted() {
    let adult = |id, sex| {
        person(
            id,
            "X",
            None,
            Some(years_ago(45)),
            sex,
            ProtectionLevel::Ingen,
            &[],
            &[],
            "",
        )
    };
    let child = |id| {
        person(
            id,
            "X",
            None,
            Some(years_ago(4)),
            LegalSex::Okant,
            ProtectionLevel::Ingen,
            &[],
            &[],
            "",
        )
    };
    let rel = vec![
        relation(1, 1, 2, RelationKind::UtovareMot, None),
        relation(2, 1, 3, RelationKind::UtovareMot, None),
        relation(3, 1, 4, RelationKind::UtovareMot, None),
    ];
    let persons = vec![
        adult(1, LegalSex::Okant),
        adult(2, LegalSex::Kvinna),
        adult(3, LegalSex::Kvinna),
        child(4),
        child(5),
    ];
    let s = summarize(&input(persons, rel), today());
    assert_eq!(
        lines(&s, "Personer"),
        [
            "I ärendet finns tre vuxna och två barn.",
            "Två kvinnor 40–49 år",
            "Vuxen 40–49 år, uppgiven våldsutövare mot två kvinnor 40–49 år och barn 3–5 år",
            "Två barn 3–5 år",
        ]
    );
}

#[test]
fn unknown_ages_and_sexes_have_words_too() {
    let p = |id, sex, birth| {
        person(
            id,
            "X",
            None,
            birth,
            sex,
            ProtectionLevel::Ingen,
            &[Role::Valdsutovare],
            &[],
            "",
        )
    };
    let s = summarize(
        &input(
            vec![
                p(1, LegalSex::Okant, None),
                p(2, LegalSex::Kvinna, None),
                p(3, LegalSex::Man, Some(years_ago(90))),
            ],
            vec![relation(1, 1, 2, RelationKind::Foralder, None)],
        ),
        today(),
    );
    assert_eq!(
        lines(&s, "Personer"),
        [
            "I ärendet finns en vuxen och två personer med okänd ålder.",
            "Man 80 år eller äldre, uppgiven våldsutövare",
            "Kvinna (ålder okänd), uppgiven våldsutövare",
            "Person (ålder okänd), uppgiven våldsutövare, förälder till kvinna (ålder okänd)",
        ]
    );
}

#[test]
fn relations_to_unknown_persons_or_oneself_are_left_out() {
    let p = person(
        1,
        "X",
        None,
        Some(years_ago(30)),
        LegalSex::Kvinna,
        ProtectionLevel::Ingen,
        &[],
        &[],
        "",
    );
    let rel = vec![
        relation(1, 1, 1, RelationKind::Narstaende, None),
        relation(2, 1, 99, RelationKind::UtovareMot, None),
        relation(3, 98, 1, RelationKind::Vardnadshavare, Some(true)),
    ];
    let s = summarize(&input(vec![p.clone(), p], rel), today());
    assert_eq!(
        lines(&s, "Personer"),
        ["I ärendet finns en vuxen.", "Kvinna 30–39 år"]
    );
}

#[test]
fn an_empty_case() {
    let s = summarize(&SummaryInput::default(), today());
    assert_eq!(
        lines(&s, "Personer"),
        ["Inga personer är registrerade i ärendet."]
    );
    assert_eq!(
        lines(&s, "Våldet"),
        ["Inga våldsformer är registrerade i ärendet."]
    );
    assert_eq!(
        lines(&s, "Skydd"),
        ["Inga skyddade personuppgifter är registrerade i ärendet."]
    );
    assert_eq!(lines(&s, "SIP"), ["Ingen SIP finns i ärendet."]);
}

#[test]
fn the_protection_level_and_whom_it_concerns_are_not_said() {
    for &level in ProtectionLevel::ALL {
        let p = person(
            1,
            "X",
            None,
            Some(years_ago(30)),
            LegalSex::Kvinna,
            level,
            &[],
            &[],
            "",
        );
        let text = summarize(&input(vec![p], vec![]), today()).to_text();
        assert_eq!(
            text.contains("Skyddade personuppgifter finns i ärendet."),
            level.is_protected(),
            "{level:?}"
        );
        for other in ProtectionLevel::ALL.iter().filter(|l| l.is_protected()) {
            assert!(!text.contains(other.label()), "{level:?}: {text}");
        }
        assert!(!text.to_lowercase().contains("fingerade"));
        assert!(!text.to_lowercase().contains("sekretessmarkering"));
        assert!(!text.to_lowercase().contains("folkbokföring"));
    }
}

// --------------------------------------------------------------------------------- SIP ----

#[test]
fn sip_progress_in_relative_time() {
    let p = person(
        1,
        "X",
        None,
        Some(years_ago(16)),
        LegalSex::Man,
        ProtectionLevel::Ingen,
        &[],
        &[],
        "",
    );
    let fresh = sip_detail(
        1,
        SipState::BehovUpptackt,
        days_ago(3),
        &[],
        false,
        &[],
        None,
        "",
    );
    let booked = sip_detail(
        1,
        SipState::Kallad,
        days_ago(20),
        &[(today() + Days::new(5), false), (today(), false)],
        false,
        &[],
        None,
        "",
    );
    let closed = sip_detail(
        1,
        SipState::Avslutad,
        d("2024-01-10"),
        &[
            (d("2024-02-01"), true),
            (d("2024-03-01"), true),
            (d("2024-03-05"), false),
        ],
        true,
        &[d("2024-09-01"), d("2025-02-01"), d("2025-12-20")],
        Some(days_ago(40)),
        "",
    );
    let other = sip_detail(
        42,
        SipState::Forberedelse,
        today() + Days::new(3),
        &[(days_ago(2), false)],
        false,
        &[],
        None,
        "",
    );
    let s = summarize(
        &SummaryInput::from_case(&[p], &[], &[fresh, booked, closed, other]),
        today(),
    );
    assert_eq!(
        lines(&s, "SIP"),
        [
            "SIP för barn 16–17 år. Steg: behov upptäckt.",
            "Behovet upptäcktes under den senaste veckan.",
            "Inget SIP-möte är bokat.",
            "Ingen plan är upprättad ännu.",
            "SIP för barn 16–17 år. Steg: kallad.",
            "Behovet upptäcktes för ungefär 2 veckor sedan.",
            "Inget SIP-möte har hållits ännu.",
            "Två SIP-möten är bokade.",
            "Ingen plan är upprättad ännu.",
            "SIP för barn 16–17 år. Steg: avslutad.",
            "Behovet upptäcktes för mer än ett år sedan.",
            "Två SIP-möten har hållits, det senaste för mer än ett år sedan.",
            "En plan är upprättad.",
            "Planen har följts upp tre gånger, senast för ungefär 3 månader sedan.",
            "SIP:en avslutades för ungefär 5 veckor sedan.",
            "SIP för en person i ärendet. Steg: förberedelse.",
            "Behovet upptäcktes vid ett datum som ligger i framtiden.",
            "Inget SIP-möte har hållits ännu.",
            "Ingen plan är upprättad ännu.",
        ]
    );
}

// --------------------------------------------------------------------------- the leak ----

#[test]
fn nothing_identifying_reaches_the_summary() {
    use Role::*;
    const PNR_MOTHER: &str = "19890412-3286";
    const PNR_FATHER: &str = "198207155171";
    const PNR_CHILD: &str = "170903-2385";
    let secrets = "Bor på Storgatan 12, 702 10 Örebro, tel 070-123 45 67; kontakt via \
                   kvinnojouren Tellus, kodord Blåklocka; arbetar på Volvo CE i Arboga; \
                   går i Adolfsbergsskolan klass 3B; möte i Familjens hus, Rudbecksgatan 5, \
                   2026-03-20 kl. 13:30; tolk på tigrinja; handläggare Eva Strand, \
                   Vårdcentralen Nyhem; född 12 april 1989; skyddat boende i Hallsberg";
    let persons = vec![
        person(
            1,
            "Anna-Karin Öberg",
            Some(PNR_MOTHER),
            Some(d("1989-04-12")),
            LegalSex::Kvinna,
            ProtectionLevel::FingeradePersonuppgifter,
            &[Valdsutsatt],
            &[ViolenceForm::Fysiskt, ViolenceForm::Hedersrelaterat],
            secrets,
        ),
        person(
            2,
            "Łukasz Nguyễn",
            Some(PNR_FATHER),
            Some(d("1982-07-15")),
            LegalSex::Man,
            ProtectionLevel::Ingen,
            &[Valdsutovare],
            &[],
            secrets,
        ),
        person(
            3,
            "Mira Öberg Nguyễn",
            Some(PNR_CHILD),
            Some(d("2017-09-03")),
            LegalSex::Kvinna,
            ProtectionLevel::SkyddadFolkbokforing,
            &[BarnSomBevittnatVald],
            &[],
            secrets,
        ),
    ];
    let relations = vec![
        relation(1, 2, 1, RelationKind::UtovareMot, None),
        relation(2, 2, 3, RelationKind::UtovareMot, None),
        relation(3, 2, 3, RelationKind::Vardnadshavare, Some(true)),
        relation(4, 1, 3, RelationKind::Vardnadshavare, Some(true)),
    ];
    let sip = sip_detail(
        1,
        SipState::PlanUpprattad,
        d("2026-02-20"),
        &[(d("2026-03-02"), true), (d("2026-03-20"), false)],
        true,
        &[],
        None,
        secrets,
    );
    let s = summarize(
        &SummaryInput::from_case(&persons, &relations, &[sip]),
        today(),
    );
    let text = s.to_text();
    let json = serde_json::to_string(&s).unwrap();

    for out in [&text, &json] {
        let lower = out.to_lowercase();
        for secret in [
            "Łukasz",
            "Nguyễn",
            "Anna-Karin",
            "Öberg",
            "Mira",
            "A. Ö.",
            "Ł. N.",
            "Storgatan",
            "Örebro",
            "070",
            "Tellus",
            "Blåklocka",
            "Volvo",
            "Arboga",
            "Adolfsbergsskolan",
            "3B",
            "Familjens hus",
            "Rudbecksgatan",
            "13:30",
            "tigrinja",
            "tolk",
            "Eva Strand",
            "Nyhem",
            "Hallsberg",
            "skyddat boende",
            "Fingerade",
            "Skyddad folkbokföring",
            "skola",
            "1989",
            "1982",
            "2017",
        ] {
            assert!(
                !lower.contains(&secret.to_lowercase()),
                "{secret:?} leaks:\n{out}"
            );
        }
        // No four digits of any personnummer in a row (and, stronger, no three digits at all).
        for pnr in [PNR_MOTHER, PNR_FATHER, PNR_CHILD] {
            let digits: Vec<char> = pnr.chars().filter(char::is_ascii_digit).collect();
            for w in digits.windows(4) {
                let run: String = w.iter().collect();
                assert!(!out.contains(&run), "{run} of {pnr} leaks:\n{out}");
            }
        }
        assert_no_dates(out);
    }

    // What it does say.
    for expected in [
        "I ärendet finns två vuxna och ett barn.",
        "Man 40–49 år, uppgiven våldsutövare mot kvinna 30–39 år och barnet, vårdnadshavare \
         för barnet",
        "Kvinna 30–39 år, våldsutsatt, vårdnadshavare för barnet",
        "Barn 6–9 år, har bevittnat våld",
        "Fysiskt våld",
        "Hedersrelaterat våld och förtryck",
        "Skyddade personuppgifter finns i ärendet.",
        "SIP för kvinna 30–39 år. Steg: möte hållet / plan upprättad.",
        "Behovet upptäcktes för ungefär 3 veckor sedan.",
        "Ett SIP-möte har hållits för ungefär en vecka sedan.",
        "Ett SIP-möte är bokat.",
        "En plan är upprättad.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

// ---------------------------------------------------------------------------- property ----

/// Words of the form "Qx…": no Swedish word the summary uses contains "qx", so finding "qx"
/// in the output can only mean a name (or other free text) leaked.
fn qx_word() -> impl Strategy<Value = String> {
    "Qx[a-zåäöéłễ]{1,8}"
}

fn qx_text() -> impl Strategy<Value = String> {
    prop::collection::vec(qx_word(), 1..4).prop_map(|w| w.join(" "))
}

#[derive(Debug, Clone)]
struct GenPerson {
    name: String,
    junk: String,
    /// Days before today the person was born; negative: a birth date in the future (bad data).
    born_days_ago: Option<i64>,
    sex: LegalSex,
    level: ProtectionLevel,
    roles: Vec<Role>,
    forms: Vec<ViolenceForm>,
}

fn gen_person() -> impl Strategy<Value = GenPerson> {
    (
        qx_text(),
        prop_oneof![qx_text(), any::<String>()],
        prop::option::weighted(0.9, -400i64..=36_600),
        prop::sample::select(LegalSex::ALL.to_vec()),
        prop::sample::select(ProtectionLevel::ALL.to_vec()),
        prop::sample::subsequence(Role::ALL.to_vec(), 0..=Role::ALL.len()),
        prop::sample::subsequence(ViolenceForm::ALL.to_vec(), 0..=4),
    )
        .prop_map(
            |(name, junk, born_days_ago, sex, level, roles, forms)| GenPerson {
                name,
                junk,
                born_days_ago,
                sex,
                level,
                roles,
                forms,
            },
        )
}

#[derive(Debug, Clone)]
struct GenSip {
    person: usize,
    state: SipState,
    need_days_ago: i64,
    meetings: Vec<(i64, bool)>,
    plan: bool,
    follow_ups: Vec<i64>,
    closed_days_ago: Option<i64>,
}

fn gen_sip() -> impl Strategy<Value = GenSip> {
    (
        0usize..10,
        prop::sample::select(SipState::ALL.to_vec()),
        -30i64..2000,
        prop::collection::vec((-60i64..800, any::<bool>()), 0..4),
        any::<bool>(),
        prop::collection::vec(-10i64..800, 0..4),
        prop::option::of(-10i64..800),
    )
        .prop_map(
            |(person, state, need_days_ago, meetings, plan, follow_ups, closed_days_ago)| GenSip {
                person,
                state,
                need_days_ago,
                meetings,
                plan,
                follow_ups,
                closed_days_ago,
            },
        )
}

fn offset(days_ago: i64) -> NaiveDate {
    if days_ago >= 0 {
        today() - Days::new(days_ago as u64)
    } else {
        today() + Days::new(days_ago.unsigned_abs())
    }
}

/// The store's types for a generated case; every free-text field holds `text(p)`.
fn build(
    ps: &[GenPerson],
    rels: &[(usize, usize, RelationKind, Option<bool>)],
    sips: &[GenSip],
    text: impl Fn(&GenPerson) -> String,
) -> (Vec<Person>, Vec<Relation>, Vec<SipDetail>) {
    let persons = ps
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let t = text(g);
            person(
                i as i64 + 1,
                &g.name,
                Some(&t),
                g.born_days_ago.map(offset),
                g.sex,
                g.level,
                &g.roles,
                &g.forms,
                &t,
            )
        })
        .collect();
    let n = ps.len().max(1);
    let relations = rels
        .iter()
        .enumerate()
        .map(|(i, &(a, b, kind, custody))| {
            relation(
                i as i64,
                (a % n) as i64 + 1,
                (b % n) as i64 + 1,
                kind,
                custody,
            )
        })
        .collect();
    let sips = sips
        .iter()
        .map(|s| {
            let t = ps.get(s.person % n).map(&text).unwrap_or_default();
            let meetings: Vec<_> = s.meetings.iter().map(|&(o, h)| (offset(o), h)).collect();
            let follow: Vec<_> = s.follow_ups.iter().map(|&o| offset(o)).collect();
            sip_detail(
                (s.person % n) as i64 + 1,
                s.state,
                offset(s.need_days_ago),
                &meetings,
                s.plan,
                &follow,
                s.closed_days_ago.map(offset),
                &t,
            )
        })
        .collect();
    (persons, relations, sips)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_name_no_date_and_no_free_text_ever_reaches_the_summary(
        ps in prop::collection::vec(gen_person(), 0..8),
        rels in prop::collection::vec(
            (0usize..8, 0usize..8, prop::sample::select(RelationKind::ALL.to_vec()),
             prop::option::of(any::<bool>())),
            0..10,
        ),
        sips in prop::collection::vec(gen_sip(), 0..3),
    ) {
        // Every free-text field holds the person's name ("Qx…" words) …
        let (persons, relations, sip_details) = build(&ps, &rels, &sips, |g| g.name.clone());
        let named = summarize(&SummaryInput::from_case(&persons, &relations, &sip_details), today());
        let text = named.to_text();
        prop_assert!(!text.to_lowercase().contains("qx"), "a name leaks:\n{}", text);
        prop_assert!(!serde_json::to_string(&named).unwrap().to_lowercase().contains("qx"));
        assert_no_dates(&text);

        // … or arbitrary text, or nothing: the summary is the same.
        let (persons, relations, sip_details) = build(&ps, &rels, &sips, |g| g.junk.clone());
        let junk = summarize(&SummaryInput::from_case(&persons, &relations, &sip_details), today());
        let (persons, relations, sip_details) = build(&ps, &rels, &sips, |_| String::new());
        let blank = summarize(&SummaryInput::from_case(&persons, &relations, &sip_details), today());
        prop_assert_eq!(&named, &junk);
        prop_assert_eq!(&named, &blank);

        // The order persons and relations were entered in is not visible.
        let mut reversed = SummaryInput::from_case(&persons, &relations, &sip_details);
        reversed.persons.reverse();
        reversed.relations.reverse();
        prop_assert_eq!(&summarize(&reversed, today()), &blank);
    }

    #[test]
    fn relative_time_is_always_coarse(days in -100_000i64..100_000) {
        let on = offset(days);
        let t = RelativeTime::between(on, today());
        match t {
            RelativeTime::Future => prop_assert!(days < 0),
            RelativeTime::LastWeek => prop_assert!((0..7).contains(&days)),
            RelativeTime::Weeks(n) => prop_assert!((1..=7).contains(&n) && (7..56).contains(&days)),
            RelativeTime::Months(n) => prop_assert!((2..=11).contains(&n) && (56..366).contains(&days)),
            RelativeTime::OverAYear => prop_assert!(days >= 365),
        }
        assert_no_dates(&t.phrase());
        // Never goes backwards: a later date is never "longer ago".
        let later = RelativeTime::between(on + Days::new(1), today());
        let rank = |t: RelativeTime| match t {
            RelativeTime::Future => (0, 0),
            RelativeTime::LastWeek => (1, 0),
            RelativeTime::Weeks(n) => (2, n),
            RelativeTime::Months(n) => (3, n),
            RelativeTime::OverAYear => (4, 0),
        };
        prop_assert!(rank(later) <= rank(t));
    }
}
