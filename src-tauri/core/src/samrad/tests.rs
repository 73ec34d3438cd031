//! The samråd log, the summary gatherer, the gate and the PDF against a real database: the
//! consent link (a table), the identifier gate (blocked until each hit is removed or accepted,
//! the acceptance recorded by kind only), the records that never change, and the leak matrix —
//! a realistic case (a protected mother of 34, her daughter of 7, the father registered as
//! alleged perpetrator with an address and a phone, a shelter, a school, a police unit) whose
//! summary and PDF (bytes and `pdftotext`) carry no name, number, address, phone, unit name or
//! date of the case.

use std::path::Path;
use std::process::Command;

use super::consent::{self as sconsent, SamradConsentInput};
use super::gate::{self, Acceptance, Part};
use super::gather;
use super::log::{self, ModeInput, SamradCorrection, SamradInput};
use super::scanner::{scan, HitKind};
use crate::actor::{self, ContactInput};
use crate::audit;
use crate::consent::{records, ActorRef, ConsentForm, Giver, InfoCategory, Scope, Withdrawal};
use crate::ctx::Ctx;
use crate::document::samrad::{self as sdoc, SamradPdf};
use crate::ids::{CaseId, ConsentId, PersonId, SamradConsentId, SipId, UnitId};
use crate::person::{self, PersonInput, RelationInput};
use crate::sip::{self, MeetingInput, NewSip, ParticipantInput};
use crate::testkit::{self, case_with, ctx, date, person, pnr, unit, Db};
use crate::vocab::{
    ActorType, LegalSex, ProtectionLevel, RelationKind, RequestedBy, Role, SamradKind, SamradMode,
    ViolenceForm,
};
use crate::{Error, ErrorKind};

const TODAY: &str = "2026-03-15";
const MOTHER: &str = "Anna-Karin Öberg";
const MOTHER_BIRTH: &str = "1991-06-02";
const DAUGHTER: &str = "Mira Öberg Lindqvist";
const DAUGHTER_BIRTH: &str = "2018-09-09";
const FATHER: &str = "Jonas Lindqvist";
const FATHER_BIRTH: &str = "1982-07-15";
const FATHER_ADDRESS: &str = "Rudbecksgatan 14, 702 10 Örebro";
const FATHER_PHONE: &str = "070-123 45 67";
/// The mother's address and phone when she has no protection (the matrix's "ingen" row).
const MOTHER_ADDRESS: &str = "Hemlighetsgatan 7, 711 30 Lindesberg";
const MOTHER_PHONE: &str = "0581-123 45";
const SHELTER: &str = "Kvinnojouren Tellus";
const SCHOOL: &str = "Adolfsbergsskolan";
const POLICE: &str = "Polisen Bergslagen";
const CLINIC: &str = "Vårdcentralen Tullhus";
const TEAM: &str = "Våldsteamet Nyhem";
const NURSE: &str = "Eva Strand";
const MEETING_PLACE: &str = "Familjens hus, Skolgatan 5";
const NEED_ON: &str = "2026-02-20";
const MEETING_ON: &str = "2026-03-20";
const CONSENT_FROM: &str = "2026-02-25";
const ORGANISATION: &str = "Socialförvaltningen";

struct Scene {
    db: Db,
    c: Ctx,
    case: CaseId,
    sip: SipId,
    consent: ConsentId,
    mother: PersonId,
    team: UnitId,
    police: UnitId,
    shelter: UnitId,
    school: UnitId,
    clinic: UnitId,
}

/// Every category but "Annat".
fn all_categories() -> Vec<InfoCategory> {
    InfoCategory::ALL
        .iter()
        .copied()
        .filter(|c| *c != InfoCategory::Annat)
        .collect()
}

/// Records the mother's own written consent to samråd, from `from` for a year, naming `units`
/// and `categories`.
fn samrad_consent(
    s: &mut Scene,
    units: &[UnitId],
    categories: Vec<InfoCategory>,
    from: &str,
) -> SamradConsentId {
    let from = date(from);
    sconsent::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &SamradConsentInput {
            person_id: s.mother,
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: units
                    .iter()
                    .map(|&unit| ActorRef {
                        unit,
                        contact: None,
                    })
                    .collect(),
                categories,
                ..Scope::default()
            },
            valid_from: from,
            valid_to: crate::consent::rules::max_valid_to(from),
        },
    )
    .unwrap()
}

/// The notes a consultation with consent carries: they name the mother.
fn notes() -> String {
    format!("{MOTHER} vill att polisen gör en ny riskbedömning innan umgänget.")
}

/// Brought with consent: the mother named, with [`notes`], bringing `categories`.
fn named(mother: PersonId, categories: Vec<InfoCategory>) -> ModeInput {
    ModeInput::WithConsent {
        person_id: mother,
        notes: notes(),
        categories,
    }
}

fn input(
    name: &str,
    birth: &str,
    serial: u16,
    level: ProtectionLevel,
    sex: LegalSex,
    roles: &[Role],
) -> PersonInput {
    let mut p = person(name, Some(&pnr(birth, serial)), level);
    p.legal_sex = sex;
    p.roles = roles.to_vec();
    p.language = "tigrinja".into();
    p.contact_way = format!("Via {SHELTER}, kodord Blåklocka");
    p
}

fn relate(db: &mut Db, c: &Ctx, case: CaseId, from: PersonId, to: PersonId, kind: RelationKind) {
    person::add_relation(
        &mut db.conn,
        c,
        case.into(),
        &RelationInput {
            from_person: from,
            to_person: to,
            kind,
            custody: (kind == RelationKind::Vardnadshavare).then_some(true),
        },
    )
    .unwrap();
}

/// The realistic case, with the mother and the daughter at `level`.
fn scene_at(level: ProtectionLevel) -> Scene {
    let mut c = ctx(TODAY);
    let mut db = testkit::db();
    let mut mother = input(
        MOTHER,
        MOTHER_BIRTH,
        123,
        level,
        LegalSex::Kvinna,
        &[Role::Valdsutsatt],
    );
    mother.violence_forms = vec![ViolenceForm::Fysiskt, ViolenceForm::Psykiskt];
    if !level.is_protected() {
        mother.address = MOTHER_ADDRESS.into();
        mother.phone = MOTHER_PHONE.into();
    }
    let (case, mother) = case_with(&mut db, &c, "VNR-2026-0042", mother);
    let daughter = person::create(
        &mut db.conn,
        &c,
        case.into(),
        &input(
            DAUGHTER,
            DAUGHTER_BIRTH,
            242,
            level,
            LegalSex::Kvinna,
            &[Role::BarnSomBevittnatVald],
        ),
    )
    .unwrap();
    let mut father = input(
        FATHER,
        FATHER_BIRTH,
        517,
        ProtectionLevel::Ingen,
        LegalSex::Man,
        &[Role::Valdsutovare],
    );
    father.address = FATHER_ADDRESS.into();
    father.phone = FATHER_PHONE.into();
    let father = person::create(&mut db.conn, &c, case.into(), &father).unwrap();
    relate(&mut db, &c, case, father, mother, RelationKind::UtovareMot);
    relate(
        &mut db,
        &c,
        case,
        father,
        daughter,
        RelationKind::UtovareMot,
    );
    relate(
        &mut db,
        &c,
        case,
        father,
        daughter,
        RelationKind::Vardnadshavare,
    );
    relate(
        &mut db,
        &c,
        case,
        mother,
        daughter,
        RelationKind::Vardnadshavare,
    );
    // Another case: its names are not this case's, and the scan of this case never knows them.
    case_with(
        &mut db,
        &c,
        "VNR-2026-0043",
        person("Lena Berg", None, ProtectionLevel::Ingen),
    );

    crate::document::set_organisation(&mut db.conn, &c, ORGANISATION).unwrap();
    let police = unit(&mut db, &c, POLICE, ActorType::Polis);
    let shelter = unit(&mut db, &c, SHELTER, ActorType::Kvinnojour);
    let school = unit(&mut db, &c, SCHOOL, ActorType::Skola);
    let clinic = unit(&mut db, &c, CLINIC, ActorType::Vardcentral);
    let team = unit(&mut db, &c, TEAM, ActorType::SocVald);
    actor::save_contact(
        &mut db.conn,
        &c,
        &ContactInput {
            id: None,
            unit_id: clinic,
            name: NURSE.into(),
            role: "Distriktssköterska".into(),
            phone: "019-602 10 00".into(),
            email: "eva.strand@region.example".into(),
            temporary: false,
            active: true,
        },
    )
    .unwrap();
    let sip = sip::create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: mother,
            need_discovered_on: date(NEED_ON),
            initiated_by: format!("{NURSE}, {CLINIC}"),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    let consent = testkit::consent(&mut db, &c, sip, &[team, clinic, police], CONSENT_FROM);
    let mut present = Vec::new();
    for u in [team, clinic] {
        present.push(
            sip::add_participant(
                &mut db.conn,
                &c,
                sip.into(),
                &ParticipantInput {
                    unit_id: u,
                    contact_id: None,
                    decision: None,
                },
            )
            .unwrap(),
        );
    }
    sip::save_meeting(
        &mut db.conn,
        &c,
        sip.into(),
        &MeetingInput {
            id: None,
            on_date: date(MEETING_ON),
            at_time: "13:45".into(),
            digital: false,
            place: MEETING_PLACE.into(),
            held: false,
            person_present: true,
            present,
            safety_checklist: None,
        },
    )
    .unwrap();
    // The worker has opened the record, as the screen must before a protected case's samråd.
    c.opened.insert(case);
    Scene {
        db,
        c,
        case,
        sip,
        consent,
        mother,
        team,
        police,
        shelter,
        school,
        clinic,
    }
}

fn scene() -> Scene {
    scene_at(ProtectionLevel::SkyddadFolkbokforing)
}

fn consult(on: &str, units: &[UnitId], mode: ModeInput) -> SamradInput {
    SamradInput {
        held_on: date(on),
        kind: SamradKind::Konsulterande,
        units: units.to_vec(),
        mode,
    }
}

fn deidentified(question: &str, accepted: Vec<Acceptance>) -> ModeInput {
    ModeInput::Deidentified {
        question: question.into(),
        accepted,
    }
}

fn refused(r: crate::Result<impl std::fmt::Debug>, wanted: &[&str]) -> String {
    let e = r.unwrap_err();
    let msg = e.to_string();
    for w in wanted {
        assert!(msg.contains(w), "{w:?} not in {msg:?}");
    }
    msg
}

fn history(s: &Scene) -> Vec<String> {
    audit::list(&s.db.conn, Some(s.case))
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("samrad") || e.action == "document.export")
        .map(|e| e.summary)
        .collect()
}

// --------------------------------------------------------------------- the consent link ----

#[test]
fn a_samrad_names_the_person_only_under_its_own_consent_on_its_day() {
    type Setup = fn(&mut Scene) -> (Vec<UnitId>, Vec<InfoCategory>);
    /// What, the consultation's date, the setup, and `Ok` or the words the refusal must hold.
    type Row = (
        &'static str,
        &'static str,
        Setup,
        Result<(), &'static [&'static str]>,
    );
    fn given(s: &mut Scene) -> (Vec<UnitId>, Vec<InfoCategory>) {
        samrad_consent(
            s,
            &[s.team, s.clinic, s.police],
            all_categories(),
            CONSENT_FROM,
        );
        (
            vec![s.police, s.clinic],
            vec![InfoCategory::Valdssituationen, InfoCategory::Riskbedomning],
        )
    }
    let cases: &[Row] = &[
        (
            "valid, every organisation and category named",
            "2026-03-10",
            given,
            Ok(()),
        ),
        (
            "only the SIP consent (valid, naming every organisation)",
            "2026-03-10",
            |s| {
                (
                    vec![s.police, s.clinic],
                    vec![InfoCategory::Valdssituationen],
                )
            },
            Err(&[
                "inget giltigt samtycke till samråd den 2026-03-10",
                "Samtycket till SIP:en räcker inte",
                "avidentifierat",
            ]),
        ),
        (
            "no consent of any kind",
            "2026-03-10",
            |s| {
                records::withdraw(
                    &mut s.db.conn,
                    &s.c,
                    s.sip.into(),
                    s.consent,
                    &Withdrawal {
                        on: date("2026-03-01"),
                        how: "Muntligt".into(),
                        received_by: "Handläggare Lisa Berg".into(),
                    },
                )
                .unwrap();
                (vec![s.police], vec![InfoCategory::Valdssituationen])
            },
            Err(&["Samtycke saknas från personen", "avidentifierat"]),
        ),
        (
            "before the consent was given",
            "2026-02-24",
            given,
            Err(&["gäller först från 2026-02-25", "avidentifierat"]),
        ),
        (
            "a newer consent that expired",
            "2026-03-10",
            |s| {
                given(s);
                samrad_consent(s, &[s.police], all_categories(), "2025-03-01");
                (vec![s.police], vec![InfoCategory::Valdssituationen])
            },
            Err(&["gick ut 2026-03-01"]),
        ),
        (
            "withdrawn before the consultation",
            "2026-03-10",
            |s| {
                let r = given(s);
                let id = sconsent::overview(&s.db.conn, s.case, s.c.today)
                    .unwrap()
                    .records[0]
                    .id;
                sconsent::withdraw(
                    &mut s.db.conn,
                    &s.c,
                    s.case.into(),
                    id,
                    &Withdrawal {
                        on: date("2026-03-05"),
                        how: "Ringde och sade att hon inte vill längre".into(),
                        received_by: "Handläggare Lisa Berg".into(),
                    },
                )
                .unwrap();
                r
            },
            Err(&["återkallade samtycket 2026-03-05", "avidentifierat"]),
        ),
        (
            "withdrawn only after the consultation",
            "2026-03-04",
            |s| {
                let r = given(s);
                let id = sconsent::overview(&s.db.conn, s.case, s.c.today)
                    .unwrap()
                    .records[0]
                    .id;
                sconsent::withdraw(
                    &mut s.db.conn,
                    &s.c,
                    s.case.into(),
                    id,
                    &Withdrawal {
                        on: date("2026-03-05"),
                        how: "Muntligt vid besök".into(),
                        received_by: "Handläggare Lisa Berg".into(),
                    },
                )
                .unwrap();
                r
            },
            Ok(()),
        ),
        (
            "not covering one organisation",
            "2026-03-10",
            |s| {
                given(s);
                (
                    vec![s.police, s.shelter],
                    vec![InfoCategory::Valdssituationen],
                )
            },
            Err(&[
                "Samtycket till samråd omfattar inte allt",
                SHELTER,
                "finns inte med i samtycket",
            ]),
        ),
        (
            "not covering two organisations",
            "2026-03-10",
            |s| {
                given(s);
                (
                    vec![s.school, s.police, s.shelter],
                    vec![InfoCategory::Valdssituationen],
                )
            },
            Err(&[SHELTER, SCHOOL]),
        ),
        (
            "a category the consent does not name",
            "2026-03-10",
            |s| {
                samrad_consent(
                    s,
                    &[s.police],
                    vec![InfoCategory::Valdssituationen],
                    CONSENT_FROM,
                );
                (
                    vec![s.police],
                    vec![InfoCategory::Valdssituationen, InfoCategory::Halsa],
                )
            },
            Err(&["”Hälsa” ingår inte i samtycket"]),
        ),
        (
            "no category brought",
            "2026-03-10",
            |s| {
                given(s);
                (vec![s.police], vec![])
            },
            Err(&["Ange vilka uppgifter"]),
        ),
        (
            "replaced by a newer consent naming only the police",
            "2026-03-10",
            |s| {
                given(s);
                samrad_consent(s, &[s.police], all_categories(), "2026-03-01");
                (
                    vec![s.police, s.clinic],
                    vec![InfoCategory::Valdssituationen],
                )
            },
            Err(&[CLINIC, "finns inte med i samtycket från 2026-03-01"]),
        ),
        (
            "a consultation in the future",
            "2026-03-16",
            given,
            Err(&["har inte hållits ännu"]),
        ),
    ];
    for (what, on, setup, expected) in cases {
        let mut s = scene();
        let (units, categories) = setup(&mut s);
        let before = history(&s).len();
        let r = log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult(on, &units, named(s.mother, categories.clone())),
            None,
        );
        match expected {
            Ok(()) => {
                r.unwrap_or_else(|e| panic!("{what}: {e}"));
                let o = log::list(&s.db.conn, s.case.into(), s.c.today).unwrap();
                let v = &o.consultations[0];
                assert_eq!(v.mode, SamradMode::Samtycke, "{what}");
                assert_eq!(v.person_id, Some(s.mother));
                assert_eq!(v.person_name.as_deref(), Some(MOTHER));
                assert_eq!(v.notes, notes());
                assert_eq!(v.categories, categories);
                assert_eq!(v.consent_id, None, "never a SIP consent");
                assert_eq!(v.samrad_consent_ids.len(), 1);
                assert!(v.summary.is_none() && v.accepted.is_empty());
                assert!(v
                    .consent_label
                    .as_deref()
                    .unwrap()
                    .starts_with("Samtycke till samråd: Personen själv"));
                // The history names no one.
                let h = history(&s);
                assert!(h[0].contains("med samtycke till samråd"), "{}", h[0]);
                assert!(!h.iter().any(|e| e.contains("Öberg")), "{h:?}");
            }
            Err(wanted) => {
                let e = r.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Refused, "{what}: {e}");
                for w in *wanted {
                    assert!(e.to_string().contains(w), "{what}: {w:?} not in {e}");
                }
                // Nothing was written, not even to the history.
                assert!(log::list(&s.db.conn, s.case.into(), s.c.today)
                    .unwrap()
                    .consultations
                    .is_empty());
                assert_eq!(history(&s).len(), before, "{what}");
            }
        }
    }
}

#[test]
fn without_a_samrad_consent_no_field_may_name_the_person() {
    let mut s = scene();
    // The SIP consent is valid and names the police and the clinic: it still does not count.
    let units = [s.police, s.clinic];
    let cats = vec![InfoCategory::Valdssituationen];
    refused(
        log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-10", &units, named(s.mother, cats.clone())),
            None,
        ),
        &["Samtycket till SIP:en räcker inte"],
    );
    // De-identified, the person's name in the question is refused by the identifier gate.
    refused(
        log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-10", &units, deidentified(&notes(), vec![])),
            None,
        ),
        &["Underlaget kan inte sparas", "namn «Anna-Karin Öberg»"],
    );
    // With her own consent to samråd, the same consultation may name her.
    let id = {
        let units = [s.police, s.clinic];
        samrad_consent(&mut s, &units, all_categories(), "2026-03-01")
    };
    log::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &consult("2026-03-10", &units, named(s.mother, cats.clone())),
        None,
    )
    .unwrap();
    // Withdrawn: from that day no consultation names her again; the organisations that took
    // part under it are on the checklist.
    sconsent::withdraw(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        id,
        &Withdrawal {
            on: date("2026-03-12"),
            how: "Muntligt vid besök".into(),
            received_by: "Handläggare Lisa Berg".into(),
        },
    )
    .unwrap();
    refused(
        log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-13", &units, named(s.mother, cats.clone())),
            None,
        ),
        &["återkallade samtycket 2026-03-12"],
    );
    let o = log::list(&s.db.conn, s.case.into(), s.c.today).unwrap();
    let rec = &o.samrad_consents.records[0];
    assert_eq!(rec.state, records::ConsentState::Withdrawn);
    let mut told: Vec<&str> = rec.notices.iter().map(|n| n.unit_name.as_str()).collect();
    told.sort_unstable();
    assert_eq!(told, [POLICE, CLINIC]);
    let me = o
        .samrad_consents
        .persons
        .iter()
        .find(|p| p.person_id == s.mother)
        .unwrap();
    assert_eq!(me.state, records::ConsentState::Withdrawn);
    assert!(me.message.contains("avidentifierat"), "{}", me.message);
    // A person of another case is not this case's to name.
    let other = case_with(
        &mut s.db,
        &s.c,
        "VNR-2026-0099",
        person("Någon Annan", None, ProtectionLevel::Ingen),
    )
    .1;
    let mut input = consult("2026-03-10", &units, named(s.mother, cats));
    if let ModeInput::WithConsent { person_id, .. } = &mut input.mode {
        *person_id = other;
    }
    assert_eq!(
        log::record(&mut s.db.conn, &s.c, s.case.into(), &input, None)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn the_store_refuses_a_borrowed_sip_consent_and_a_named_deidentified_consultation() {
    let s = scene();
    let borrowed = s.db.conn.execute(
        "INSERT INTO samrad(case_id, held_on, kind, mode, consent_id, recorded_at)
         VALUES (?1, '2026-03-10', 'konsulterande', 'samtycke', ?2, 'x')",
        rusqlite::params![s.case, s.consent],
    );
    assert!(
        borrowed.is_err(),
        "a new consultation borrowed a SIP consent"
    );
    let named = s.db.conn.execute(
        "INSERT INTO samrad(case_id, held_on, kind, mode, summary, built_on, recorded_at,
                person_id, notes)
         VALUES (?1, '2026-03-10', 'konsulterande', 'avidentifierat', '{}', '2026-03-10', 'x',
                 ?2, 'namn')",
        rusqlite::params![s.case, s.mother],
    );
    assert!(
        named.is_err(),
        "a de-identified consultation named the person"
    );
}

#[test]
fn a_samrad_consent_follows_the_consent_rules_and_needs_no_sip() {
    let mut s = scene();
    // The daughter has no SIP: her guardians' consent to samråd is what counts, as for a SIP.
    let daughter: PersonId =
        s.db.conn
            .query_row(
                "SELECT id FROM persons WHERE case_id = ?1 AND name = ?2",
                rusqlite::params![s.case, DAUGHTER],
                |r| r.get(0),
            )
            .unwrap();
    let input = |giver, from: &str, to: &str, units: Vec<UnitId>| SamradConsentInput {
        person_id: daughter,
        giver,
        form: ConsentForm::Skriftligt,
        documentation: None,
        scope: Scope {
            actors: units
                .into_iter()
                .map(|unit| ActorRef {
                    unit,
                    contact: None,
                })
                .collect(),
            categories: vec![InfoCategory::Barn],
            ..Scope::default()
        },
        valid_from: date(from),
        valid_to: date(to),
    };
    // The same rules: never general, at most one year, a child's by the guardians.
    refused(
        sconsent::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &input(Giver::Person, "2026-03-01", "2027-03-01", vec![s.police]),
        ),
        &["vårdnadshavarna"],
    );
    refused(
        sconsent::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &input(Giver::Person, "2026-03-01", "2027-03-02", vec![s.police]),
        ),
        &["högst ett år"],
    );
    refused(
        sconsent::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &input(Giver::Person, "2026-03-01", "2027-03-01", vec![]),
        ),
        &["aldrig vara generellt"],
    );
    let o = log::list(&s.db.conn, s.case.into(), s.c.today).unwrap();
    assert!(o.samrad_consents.records.is_empty());
    assert_eq!(o.samrad_consents.purpose, sconsent::PURPOSE);
    assert!(sconsent::PURPOSE.contains("bara samråd"));
    assert!(sconsent::PURPOSE.contains("gäller inte SIP"));
}

// ----------------------------------------------------------------------- the gate, stored ----

#[test]
fn a_deidentified_consultation_is_blocked_until_each_hit_is_removed_or_accepted() {
    let mut s = scene();
    let question = format!(
        "Jonas hotade henne utanför {SCHOOL} i Lund. Hur samordnar vi skyddet när pappan har \
         umgänge? Ring mig på 070-765 43 21."
    );
    let units = [s.police, s.shelter];
    let r = log::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &consult("2026-03-10", &units, deidentified(&question, vec![])),
        None,
    );
    let why = refused(
        r,
        &[
            "Underlaget kan inte sparas eller exporteras ännu: 4 träffar",
            "namn «Jonas»",
            &format!("plats «{SCHOOL}»"),
            "telefonnummer «070-765 43 21»",
            // No database stores "Lund": the gazetteer of Swedish places knows it.
            "ortnamn «Lund»",
        ],
    );

    // The same answer from the check the screen shows, with the positions to cut.
    let c = log::check_summary(&s.db.conn, &s.c, s.case.into(), &question, &[]).unwrap();
    assert_eq!(c.check.hits.len(), 4);
    assert!(c.check.hits.iter().all(|h| h.part == Part::Fragestallning));
    assert_eq!(c.check.blocked.as_deref(), Some(why.as_str()));

    // Remove the phone number and the school (as the UI does: cut [from, to)); accept the name.
    let cut = |text: &str, from: u32, to: u32| -> String {
        let u: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&[&u[..from as usize], &u[to as usize..]].concat()).unwrap()
    };
    let mut q = question.clone();
    for h in c
        .check
        .hits
        .iter()
        .rev()
        .filter(|h| h.kind != HitKind::Namn)
    {
        q = cut(&q, h.from, h.to);
    }
    let name = c.check.hits[0].acceptance();
    assert_eq!(name.kind, HitKind::Namn);
    // Without the acceptance, the name still blocks.
    refused(
        log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-10", &units, deidentified(&q, vec![])),
            None,
        ),
        &["1 träff är varken borttagen eller godkänd", "namn «Jonas»"],
    );
    let id = log::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &consult("2026-03-10", &units, deidentified(&q, vec![name])),
        None,
    )
    .unwrap();

    let o = log::list(&s.db.conn, s.case.into(), s.c.today).unwrap();
    let v = &o.consultations[0];
    assert_eq!((v.id, v.mode), (id, SamradMode::Avidentifierat));
    assert_eq!(v.accepted.len(), 1);
    assert_eq!(v.accepted[0].label, "1 namn i frågeställningen");
    let text = v.summary_text.as_deref().unwrap();
    assert!(text.contains("Hur samordnar vi skyddet"), "{text}");
    assert!(
        !text.contains("070-765") && !text.contains(SCHOOL),
        "{text}"
    );
    assert_eq!(v.built_on, Some(s.c.today));
    let units_shown: Vec<&str> = v.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(units_shown, [SHELTER, POLICE]);

    // The history: kind, date, how many organisations of which types, the accepted hits by
    // kind; never the hit, a name, a unit or the question.
    let h = history(&s);
    assert_eq!(h.len(), 1);
    assert_eq!(
        h[0],
        "Samråd registrerat: Konsulterande samråd 2026-03-10, 2 organisationer \
         (Kvinnojour/Tjejjour, Polismyndigheten), avidentifierat; godkända träffar: 1 namn i \
         frågeställningen"
    );
    for secret in ["Jonas", SHELTER, POLICE, SCHOOL, "samordnar", "070"] {
        assert!(!h[0].contains(secret), "{secret} in the history: {}", h[0]);
    }
    // The stored accepted hits hold no text either.
    let rows: Vec<(String, String, u32)> =
        s.db.conn
            .prepare("SELECT part, kind, count FROM samrad_accepted_hits")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    assert_eq!(rows, [("fragestallning".into(), "namn".into(), 1)]);
}

/// A town no database stores blocks the summary; accepted, it is logged as a place (the log's
/// table allows the kinds of migration 0006), never as its text.
#[test]
fn a_town_in_the_question_blocks_until_accepted_and_is_logged_as_a_place() {
    let mut s = scene();
    let question = "Hon bor nu i Hudiksvall. Hur samordnar vi skyddet?";
    let units = [s.police, s.shelter];
    refused(
        log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-10", &units, deidentified(question, vec![])),
            None,
        ),
        &[
            "1 träff är varken borttagen eller godkänd",
            "ortnamn «Hudiksvall»",
        ],
    );
    let c = log::check_summary(&s.db.conn, &s.c, s.case.into(), question, &[]).unwrap();
    let town: Vec<Acceptance> = c.check.hits.iter().map(|h| h.acceptance()).collect();
    assert_eq!(town.len(), 1);
    assert_eq!(town[0].kind, HitKind::Ort);
    log::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &consult("2026-03-10", &units, deidentified(question, town)),
        None,
    )
    .unwrap();
    let rows: Vec<(String, String, u32)> =
        s.db.conn
            .prepare("SELECT part, kind, count FROM samrad_accepted_hits")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    assert_eq!(rows, [("fragestallning".into(), "plats".into(), 1)]);
    let h = history(&s);
    assert!(!h[0].contains("Hudiksvall"), "{}", h[0]);
    assert!(h[0].contains("1 plats i frågeställningen"), "{}", h[0]);
}

#[test]
fn the_generated_part_of_a_realistic_case_gives_no_hit() {
    for level in ProtectionLevel::ALL {
        let s = scene_at(*level);
        let c = log::check_summary(&s.db.conn, &s.c, s.case.into(), "", &[]).unwrap();
        assert_eq!(c.check.hits, vec![], "{level:?}:\n{}", c.text);
        assert!(c.check.is_clear());
        // And with an ordinary question.
        let c = log::check_summary(
            &s.db.conn,
            &s.c,
            s.case.into(),
            "Hur kan vi samordna skyddet för mamman och barnet inför umgänget?",
            &[],
        )
        .unwrap();
        assert_eq!(c.check.hits, vec![], "{level:?}");
    }
}

#[test]
fn the_scan_of_a_case_knows_every_name_and_place_of_that_case_and_of_the_directory() {
    let s = scene();
    let k = gather::known_for_case(&s.db.conn, &s.c, s.case).unwrap();
    for name in [MOTHER, DAUGHTER, FATHER, NURSE] {
        assert!(
            k.names.iter().any(|n| n == name),
            "{name} not in {:?}",
            k.names
        );
    }
    for place in [
        FATHER_ADDRESS,
        SHELTER,
        SCHOOL,
        POLICE,
        CLINIC,
        TEAM,
        MEETING_PLACE,
        "Örebro",
    ] {
        assert!(
            k.places.iter().any(|p| p == place),
            "{place} not in {:?}",
            k.places
        );
    }
    // Every one of them is found in a worker's text, also inflected.
    for text in [
        "Anna-Karins pappa",
        "Lindqvists advokat",
        "hos Tellus",
        "på Adolfsbergsskolans gård",
        "Rudbecksgatan 14",
        "från Nyhem",
        "Strand har ringt",
    ] {
        assert!(!scan(text, &k).is_empty(), "nothing found in {text:?}");
    }
}

/// Issue 18, the scanner oracle: the samråd check of one case answered for every case's words.
#[test]
fn the_samrad_scan_of_a_case_never_flags_a_word_stored_only_in_another_case() {
    // This case is not protected; another one is, with a meeting place of its own.
    let (s, other) = oracle_scene();
    // Words of this case are found; the other cases' (protected or not) never are.
    let question = "Jonas, Solveig Häggström, Häggströms syster, Solrosen, Lena Berg";
    for c in [&s.c, &{
        let mut opened = s.c.clone();
        opened.opened.insert(other);
        opened
    }] {
        let check = log::check_summary(&s.db.conn, c, s.case.into(), question, &[]).unwrap();
        // "Berg" is also a municipality: a gazetteer hit answers the same for every database,
        // so it tells nothing of what is stored.
        let texts: Vec<&str> = check
            .check
            .hits
            .iter()
            .filter(|h| h.kind != HitKind::Ort)
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(texts, ["Jonas"], "{texts:?}");
    }
    // The other cases' words are in the database (the test would prove nothing otherwise).
    let everything = gather::known_everywhere(&s.db.conn).unwrap();
    let hits = scan(question, &everything);
    assert!(hits.len() >= 4, "{hits:?}");
}

/// Issue 18: the scan needs the same access as reading the case.
#[test]
fn a_protected_cases_samrad_scan_is_refused_until_the_record_is_opened() {
    let mut s = scene();
    s.c.opened.remove(&s.case);
    let e = log::check_summary(&s.db.conn, &s.c, s.case.into(), "Jonas", &[]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotOpened);
    let e = gather::known_for_case(&s.db.conn, &s.c, s.case).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotOpened);
    let e = sdoc::prepare(
        &s.db.conn,
        &s.c,
        &(SamradPdf::Current {
            case_id: s.case,
            question: "Jonas".into(),
            accepted: vec![],
        })
        .clone()
        .into(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotOpened);
    // After the open, the same call works and finds the name.
    s.c.opened.insert(s.case);
    let check = log::check_summary(&s.db.conn, &s.c, s.case.into(), "Jonas", &[]).unwrap();
    assert_eq!(check.check.hits.len(), 1);
    assert_eq!(check.check.hits[0].text, "Jonas");
}

#[test]
fn the_protection_rules_never_let_a_field_into_the_samrad_summary() {
    let never = log::never_included();
    assert_eq!(
        never.len(),
        crate::protection::Field::ALL.len(),
        "{never:?}"
    );
    assert!(never.iter().any(|f| f == "Namnet"));
    assert!(never.iter().any(|f| f == "Personnumret"));
    let s = scene();
    let c = log::check_summary(&s.db.conn, &s.c, s.case.into(), "", &[]).unwrap();
    assert_eq!(c.never_included, never);
}

// ------------------------------------------------------------------ records and versions ----

#[test]
fn a_consultation_never_changes_and_a_correction_is_a_new_version() {
    let mut s = scene();
    let units = [s.police];
    let first = log::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &consult(
            "2026-03-10",
            &units,
            deidentified("Hur går vi vidare?", vec![]),
        ),
        None,
    )
    .unwrap();
    let brought = log::list(&s.db.conn, s.case.into(), s.c.today)
        .unwrap()
        .consultations[0]
        .summary_text
        .clone()
        .unwrap();
    for sql in [
        "UPDATE samrad SET held_on = '2026-03-11'",
        "DELETE FROM samrad",
        "UPDATE samrad_participants SET unit_id = unit_id",
        "DELETE FROM samrad_participants",
        "INSERT INTO samrad_participants(samrad_id, unit_id) SELECT 999, id FROM actor_units LIMIT 1",
    ] {
        let e: Error = s.db.conn.execute(sql, []).unwrap_err().into();
        assert!(
            matches!(e, Error::SamradFrozen | Error::Storage(_)),
            "{sql}: {e:?}"
        );
        if !sql.contains("999") {
            assert!(matches!(e, Error::SamradFrozen), "{sql}: {e:?}");
        }
    }
    let mut later = s.c.clone();
    later.today = date("2026-04-20");
    later.now += chrono::Duration::days(36);

    // Nothing changed, no reason: refused.
    let fix = |reason: &str| SamradCorrection {
        corrects: first,
        reason: reason.into(),
    };
    refused(
        log::record(
            &mut s.db.conn,
            &later,
            s.case.into(),
            &consult("2026-03-10", &units, deidentified("", vec![])),
            Some(&fix("Fel datum")),
        ),
        &["Inget har ändrats"],
    );
    refused(
        log::record(
            &mut s.db.conn,
            &later,
            s.case.into(),
            &consult("2026-03-09", &units, deidentified("", vec![])),
            Some(&fix("  ")),
        ),
        &["Skriv varför samrådet rättas"],
    );
    // The date and the organisations corrected: the summary that was brought stays as it was,
    // even though the case's summary is built another day now.
    let second = log::record(
        &mut s.db.conn,
        &later,
        s.case.into(),
        &consult(
            "2026-03-09",
            &[s.police, s.clinic],
            deidentified("Ny fråga som inte tas med", vec![]),
        ),
        Some(&fix("Fel datum och en organisation saknades")),
    )
    .unwrap();
    let o = log::list(&s.db.conn, s.case.into(), later.today).unwrap();
    assert_eq!(o.consultations.len(), 1);
    let v = &o.consultations[0];
    assert_eq!(v.id, second);
    assert_eq!(v.summary_text.as_deref(), Some(brought.as_str()));
    assert_eq!(v.built_on, Some(date(TODAY)));
    assert_eq!(
        v.correction_reason,
        "Fel datum och en organisation saknades"
    );
    assert_eq!(v.earlier.len(), 1);
    assert_eq!(v.earlier[0].id, first);
    assert!(v.earlier[0]
        .line
        .starts_with("Konsulterande samråd 2026-03-10"));
    // A version is corrected only once.
    refused(
        log::record(
            &mut s.db.conn,
            &later,
            s.case.into(),
            &consult("2026-03-08", &units, deidentified("", vec![])),
            Some(&fix("Igen")),
        ),
        &["redan rättats"],
    );
    // The correction may also bring the case with consent instead (then the gate decides).
    {
        let units = [s.police, s.clinic];
        samrad_consent(&mut s, &units, all_categories(), CONSENT_FROM)
    };
    let mode = named(s.mother, vec![InfoCategory::Valdssituationen]);
    let third = log::record(
        &mut s.db.conn,
        &later,
        s.case.into(),
        &consult("2026-03-09", &[s.police, s.clinic], mode),
        Some(&SamradCorrection {
            corrects: second,
            reason: "Ärendet togs upp med samtycke".into(),
        }),
    )
    .unwrap();
    let o = log::list(&s.db.conn, s.case.into(), later.today).unwrap();
    assert_eq!(o.consultations[0].id, third);
    assert_eq!(o.consultations[0].mode, SamradMode::Samtycke);
    assert_eq!(o.consultations[0].earlier.len(), 2);
    let h = history(&s);
    assert_eq!(h.len(), 3);
    assert!(h[0].starts_with(&format!(
        "Samråd {second} rättat genom en ny version ({third}); ändrat: sätt att ta upp ärendet"
    )));
    assert!(h[1].contains("ändrat: datum, organisationer"), "{}", h[1]);
}

// ------------------------------------------------------------------------------- the PDF ----

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for the PDF tests: {e}"));
    assert!(
        o.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The PDF as a reader gets it: the bytes with every stream uncompressed, and the text.
fn read_pdf(dir: &Path, bytes: &[u8]) -> (String, String) {
    let p = dir.join("samrad.pdf");
    std::fs::write(&p, bytes).unwrap();
    let q = dir.join("samrad.qdf.pdf");
    let o = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&p)
        .arg(&q)
        .output()
        .expect("qpdf is needed for the PDF tests");
    assert!(
        o.status.success() || o.status.code() == Some(3),
        "qpdf failed"
    );
    (
        String::from_utf8_lossy(&std::fs::read(&q).unwrap()).into_owned(),
        tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"]),
    )
}

/// Everything of the case that must not reach the samråd, in the forms it could take.
fn forbidden() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in [MOTHER, DAUGHTER, FATHER, "Lena Berg", NURSE] {
        out.push(name.into());
        out.extend(name.split([' ', '-']).map(String::from));
    }
    for (birth, serial) in [
        (MOTHER_BIRTH, 123),
        (DAUGHTER_BIRTH, 242),
        (FATHER_BIRTH, 517),
    ] {
        let full = pnr(birth, serial); // YYYYMMDD-NNNC
        let digits: String = full.chars().filter(char::is_ascii_digit).collect();
        out.push(full.clone());
        out.push(full[2..].to_owned()); // YYMMDD-NNNC
        out.push(digits.clone()); // YYYYMMDDNNNC
        out.push(digits[2..].to_owned()); // YYMMDDNNNC
        out.push(digits[8..].to_owned()); // the last four
        out.push(birth.into());
        out.push(digits[..8].to_owned()); // YYYYMMDD
        out.push(birth[..4].to_owned()); // the year of birth
    }
    for t in [
        FATHER_ADDRESS,
        "Rudbecksgatan",
        "702 10",
        "Örebro",
        FATHER_PHONE,
        "070",
        MOTHER_ADDRESS,
        "Hemlighetsgatan",
        "Lindesberg",
        MOTHER_PHONE,
        "0581",
        SHELTER,
        "Tellus",
        SCHOOL,
        "Adolfsberg",
        POLICE,
        "Bergslagen",
        CLINIC,
        "Tullhus",
        TEAM,
        "Nyhem",
        MEETING_PLACE,
        "Familjens hus",
        "Skolgatan",
        "13:45",
        "019-602",
        "eva.strand",
        "tigrinja",
        "Blåklocka",
        "VNR-2026",
        "Skyddad folkbokföring",
        "Sekretessmarkering",
        "Fingerade",
        NEED_ON,
        MEETING_ON,
        CONSENT_FROM,
        "2027-02-25",
        "20 mars",
        "20/3",
    ] {
        out.push(t.into());
    }
    out
}

fn absent(what: &str, haystack: &str, secrets: &[String]) -> usize {
    let lower = haystack.to_lowercase();
    for s in secrets {
        assert!(
            !lower.contains(&s.to_lowercase()),
            "{s:?} leaks into the {what}:\n{}",
            &haystack[..haystack.len().min(4000)]
        );
    }
    secrets.len()
}

/// The leak matrix: each protection level of the mother and the daughter × each output of the
/// samråd (the summary as text and as JSON for the screen, the PDF's uncompressed bytes and its
/// extracted text, of a summary made now and of a recorded one) × each forbidden item. The
/// only date the PDF carries is the day the underlag was drawn up, in the footer.
#[test]
fn leak_matrix_of_the_samrad_summary_and_its_pdf() {
    let secrets = forbidden();
    // In the raw bytes, short numbers (a year, the last four digits, "070") also occur as
    // coordinates and widths; there the text is glyph ids anyway. Names, places, full numbers
    // and dates are checked there too.
    let raw_secrets: Vec<String> = secrets
        .iter()
        .filter(|s| {
            s.chars().any(char::is_alphabetic)
                || s.chars().filter(char::is_ascii_digit).count() >= 8
        })
        .cloned()
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for level in ProtectionLevel::ALL {
        let mut s = scene_at(*level);
        let question = "Hur samordnar vi skyddet för mamman och barnet när pappan vill ha umgänge?";
        let c = log::check_summary(&s.db.conn, &s.c, s.case.into(), question, &[]).unwrap();
        assert!(c.check.is_clear(), "{level:?}: {:?}", c.check.blocked);
        let json = serde_json::to_string(&c.summary).unwrap();
        checked += absent("summary text", &c.text, &secrets);
        checked += absent("summary JSON", &json, &secrets);
        // What it does say.
        for line in [
            "Kvinna 30–39 år, våldsutsatt, vårdnadshavare för barnet",
            "Barn 6–9 år, har bevittnat våld",
            "Man 40–49 år, uppgiven våldsutövare mot kvinna 30–39 år och barnet",
        ] {
            assert!(
                c.text.contains(line),
                "{level:?}: {line:?} missing:\n{}",
                c.text
            );
        }

        // The PDF of the summary now, and of the one recorded.
        let now = SamradPdf::Current {
            case_id: s.case,
            question: question.into(),
            accepted: vec![],
        };
        let id = log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-10", &[s.police], deidentified(question, vec![])),
            None,
        )
        .unwrap();
        for req in [now, SamradPdf::Recorded { samrad_id: id }] {
            let p = sdoc::prepare(&s.db.conn, &s.c, &req.clone().into()).unwrap();
            assert!(p.preview.warnings.is_empty(), "{:?}", p.preview.warnings);
            let bytes = sdoc::render(&p, crate::profile::ProfileKind::Real).unwrap();
            // Deterministic, and the metadata time is the day, not the moment.
            assert_eq!(
                bytes,
                sdoc::render(&p, crate::profile::ProfileKind::Real).unwrap()
            );
            let (raw, text) = read_pdf(dir.path(), &bytes);
            checked += absent("PDF bytes", &raw, &raw_secrets);
            checked += absent("PDF text", &text, &secrets);
            checked += absent("file name", &p.preview.file_name, &secrets);
            assert!(text.contains("Avidentifierat ärende för samråd"));
            assert!(text.contains("Hur samordnar vi skyddet"));
            assert!(
                raw.contains("D:20260315000000"),
                "the metadata time is the day"
            );
            // The scanner over what a reader extracts, with everything the database knows:
            // the one hit is the footer's date.
            let known = gather::known_everywhere(&s.db.conn).unwrap();
            let hits: Vec<(HitKind, String)> = scan(&text, &known)
                .into_iter()
                .map(|h| (h.kind, h.text))
                .collect();
            assert_eq!(
                hits,
                [(HitKind::Datum, TODAY.to_owned())],
                "{level:?}:\n{text}"
            );
        }
    }
    let per_level = 2 * secrets.len() + 2 * (2 * secrets.len() + raw_secrets.len());
    println!(
        "läckmatris: {checked} kontroller = {} skyddsnivåer × (2 sammanfattningsformer + 2 PDF:er × \
         (text, filnamn, bytes)) × {} förbjudna uppgifter ({} i bytes)",
        ProtectionLevel::ALL.len(),
        secrets.len(),
        raw_secrets.len()
    );
    assert_eq!(checked, ProtectionLevel::ALL.len() * per_level);
}

#[test]
fn the_pdf_is_refused_until_the_gate_is_clear_and_for_a_consultation_with_consent() {
    let mut s = scene();
    let e = sdoc::prepare(
        &s.db.conn,
        &s.c,
        &(SamradPdf::Current {
            case_id: s.case,
            question: format!("Hon bor hos {SHELTER}."),
            accepted: vec![],
        })
        .clone()
        .into(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused);
    assert!(e.to_string().contains(&format!("plats «{SHELTER}»")), "{e}");
    {
        let units = [s.police];
        samrad_consent(&mut s, &units, all_categories(), CONSENT_FROM)
    };
    let mode = named(s.mother, vec![InfoCategory::Valdssituationen]);
    let id = log::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &consult("2026-03-10", &[s.police], mode),
        None,
    )
    .unwrap();
    refused(
        sdoc::prepare(
            &s.db.conn,
            &s.c,
            &(SamradPdf::Recorded { samrad_id: id }).clone().into(),
        ),
        &["med samtycke"],
    );
    // The document's furniture names nothing of the case.
    let p = sdoc::prepare(
        &s.db.conn,
        &s.c,
        &(SamradPdf::Current {
            case_id: s.case,
            question: String::new(),
            accepted: vec![],
        })
        .clone()
        .into(),
    )
    .unwrap();
    let d = &p.preview.document;
    assert_eq!(d.title, "Avidentifierat ärende för samråd");
    assert_eq!(d.document_id, "Samråd-underlag");
    assert_eq!(p.preview.file_name, "samrad-avidentifierat-underlag.pdf");
    assert_eq!(d.legend.as_deref(), Some(sdoc::LEGEND));
    assert_eq!(p.summary, "Avidentifierat underlag för samråd");
    // The export is recorded by the documents' own path, without names.
    crate::document::record_export(&mut s.db.conn, &s.c, &p, || Ok(()), || {}).unwrap();
    assert_eq!(
        history(&s)[0],
        "Avidentifierat underlag för samråd exporterad som PDF"
    );
}

#[test]
fn acceptances_name_part_kind_text_and_occurrence() {
    let a = Acceptance {
        part: Part::Fragestallning,
        kind: HitKind::Namn,
        text: "Jonas".into(),
        occurrence: 0,
    };
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"part": "fragestallning", "kind": "namn", "text": "Jonas", "occurrence": 0})
    );
    assert_eq!(gate::kind_label(HitKind::Epost), "e-postadress");
}

// ------------------------------------------------------------------ input sizes (issue 18) ----

/// `max + 1` characters (two bytes each).
fn over(max: usize) -> String {
    "å".repeat(max + 1)
}

/// Refused as invalid input, with a Swedish sentence naming the field (`names`) and its limit.
fn too_long<T: std::fmt::Debug>(r: crate::Result<T>, names: &str, max: usize) {
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{names}: {e}");
    let m = e.to_string();
    assert!(m.contains(names), "{names}: {m}");
    assert!(m.contains(&max.to_string()), "{names}: {m}");
}

/// Issue 18, finding 6: every free text a command takes has a maximum, checked in the core
/// before anything else, refused with the typed kind, naming the field and the maximum.
#[test]
fn every_free_text_longer_than_its_field_is_refused_naming_the_field_and_its_maximum() {
    use crate::text::{MAX_COMMENT, MAX_LANGUAGE, MAX_LONG, MAX_PHONE, MAX_PLAN, MAX_SHORT};
    let mut s = scene_at(ProtectionLevel::Ingen);
    let today = s.c.today;

    // Persons.
    let base = person("Kim Ek", None, ProtectionLevel::Ingen);
    let cases: Vec<(PersonInput, &str, usize)> = vec![
        (
            PersonInput {
                name: over(MAX_SHORT),
                ..base.clone()
            },
            "Namnet",
            MAX_SHORT,
        ),
        (
            PersonInput {
                address: over(MAX_SHORT),
                ..base.clone()
            },
            "Adressen",
            MAX_SHORT,
        ),
        (
            PersonInput {
                phone: over(MAX_PHONE),
                ..base.clone()
            },
            "Telefonnumret",
            MAX_PHONE,
        ),
        (
            PersonInput {
                language: over(MAX_LANGUAGE),
                ..base.clone()
            },
            "Språket",
            MAX_LANGUAGE,
        ),
        (
            PersonInput {
                contact_way: over(MAX_LONG),
                ..base.clone()
            },
            "Kontaktsättet",
            MAX_LONG,
        ),
        (
            PersonInput {
                identity: person::IdentityInput::Number {
                    number: "1".repeat(MAX_SHORT + 1),
                },
                ..base.clone()
            },
            "Personnummer",
            MAX_SHORT,
        ),
    ];
    for (p, field, max) in cases {
        too_long(person::validate(&p, today), field, max);
        too_long(
            person::create(&mut s.db.conn, &s.c, s.case.into(), &p),
            field,
            max,
        );
    }

    // The actor directory.
    let unit_input = actor::UnitInput {
        id: None,
        name: over(MAX_SHORT),
        actor_type: ActorType::Skola,
        principal: crate::vocab::Principal::Kommun,
        area: String::new(),
        phone: String::new(),
        email: String::new(),
        organisation_id: None,
    };
    too_long(
        actor::save_unit(&mut s.db.conn, &s.c, &unit_input),
        "Namn på enhet",
        MAX_SHORT,
    );
    let contact = ContactInput {
        id: None,
        unit_id: s.school,
        name: "Ola Rektor".into(),
        role: over(MAX_SHORT),
        phone: String::new(),
        email: String::new(),
        temporary: false,
        active: true,
    };
    too_long(
        actor::save_contact(&mut s.db.conn, &s.c, &contact),
        "Roll",
        MAX_SHORT,
    );

    // The SIP: preparation, meeting, plan, closing, follow-up.
    let prep = sip::Preparation {
        what_matters: over(MAX_PLAN),
        background: String::new(),
        questions: String::new(),
        initiated_by: String::new(),
        requested_by: RequestedBy::Personen,
        questions_categories: None,
    };
    too_long(
        sip::save_preparation(&mut s.db.conn, &s.c, s.sip.into(), &prep),
        "Vad är viktigt",
        MAX_PLAN,
    );
    let meeting = |place: String, at_time: String| MeetingInput {
        id: None,
        on_date: date(MEETING_ON),
        at_time,
        digital: false,
        place,
        held: false,
        person_present: true,
        present: vec![],
        safety_checklist: None,
    };
    too_long(
        sip::save_meeting(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &meeting(over(MAX_SHORT), "10:00".into()),
        ),
        "Platsen",
        MAX_SHORT,
    );
    let huge_time = "1".repeat(1 << 20);
    too_long(
        sip::save_meeting(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &meeting(String::new(), huge_time),
        ),
        "Tid",
        crate::text::MAX_TIME,
    );
    let plan = crate::sip::plan::PlanContent::default;
    for (content, field, max) in [
        (
            crate::sip::plan::PlanContent {
                needs: over(MAX_PLAN),
                ..plan()
            },
            "Behov",
            MAX_PLAN,
        ),
        (
            crate::sip::plan::PlanContent {
                lead_unit_name: over(MAX_SHORT),
                ..plan()
            },
            "Samordnande enhet",
            MAX_SHORT,
        ),
        (
            crate::sip::plan::PlanContent {
                other_interventions: vec![crate::sip::plan::OtherIntervention {
                    who: "Mormor".into(),
                    what: over(MAX_COMMENT),
                    categories: None,
                }],
                ..plan()
            },
            "Annan insats: vad",
            MAX_COMMENT,
        ),
    ] {
        too_long(
            sip::save_plan(&mut s.db.conn, &s.c, s.sip.into(), content),
            field,
            max,
        );
    }
    too_long(
        sip::transition(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &sip::TransitionInput {
                to: sip::SipState::Avslutad,
                on: today,
                closing_reason: Some(over(MAX_COMMENT)),
            },
        ),
        "Skälet",
        MAX_COMMENT,
    );
    too_long(
        sip::record_follow_up(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &sip::FollowUpInput {
                on: today,
                note: over(MAX_PLAN),
                items: vec![],
            },
        ),
        "Anteckningen",
        MAX_PLAN,
    );

    // Consent.
    too_long(
        records::withdraw(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            s.consent,
            &Withdrawal {
                on: today,
                how: over(MAX_LONG),
                received_by: String::new(),
            },
        ),
        "Hur samtycket återkallades",
        MAX_LONG,
    );
    too_long(
        records::record_override(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &records::OverrideInput {
                unit_id: None,
                recipient: "Polisen i Örebro".into(),
                legal_ground: crate::consent::LegalGround::ALL[0],
                provision: "10 kap. 2 § OSL".into(),
                what: over(MAX_LONG),
                decided_by: "Chef".into(),
                decided_on: today,
            },
        ),
        "Vilka uppgifter som lämnades",
        MAX_LONG,
    );

    // Risk: the report decision.
    too_long(
        crate::risk::rules::validate_report(
            &crate::risk::rules::ReportDecision::Gjord {
                reported_on: today,
                reported_to: over(MAX_SHORT),
            },
            today,
        ),
        "Till vem",
        MAX_SHORT,
    );

    // Samråd: the question, the acceptances, a correction's reason.
    too_long(
        log::check_summary(&s.db.conn, &s.c, s.case.into(), &over(MAX_LONG), &[]),
        "Frågeställning",
        MAX_LONG,
    );
    let acceptance = Acceptance {
        part: Part::Fragestallning,
        kind: HitKind::Namn,
        text: over(MAX_SHORT),
        occurrence: 0,
    };
    too_long(
        log::check_summary(
            &s.db.conn,
            &s.c,
            s.case.into(),
            "",
            std::slice::from_ref(&acceptance),
        ),
        "Godkänd träff",
        MAX_SHORT,
    );
    let many = vec![
        Acceptance {
            text: "Jonas".into(),
            ..acceptance.clone()
        };
        crate::text::MAX_ACCEPTED + 1
    ];
    too_long(
        log::check_summary(&s.db.conn, &s.c, s.case.into(), "", &many),
        "godkända träffar",
        crate::text::MAX_ACCEPTED,
    );
    too_long(
        log::record(
            &mut s.db.conn,
            &s.c,
            s.case.into(),
            &consult("2026-03-10", &[s.police], deidentified("", vec![])),
            Some(&SamradCorrection {
                corrects: crate::ids::SamradId(1),
                reason: over(MAX_LONG),
            }),
        ),
        "Varför rättas samrådet",
        MAX_LONG,
    );

    // The organisation's name on every document.
    too_long(
        crate::document::set_organisation(
            &mut s.db.conn,
            &s.c,
            &over(crate::document::MAX_ORGANISATION),
        ),
        "organisationens namn",
        crate::document::MAX_ORGANISATION,
    );
}

// ------------------------------------------------------------------ the scanner oracle ----

/// The protected person's name words and meeting place of [`oracle_scene`].
const PROTECTED_WORDS: [&str; 4] = ["Solveig", "Häggström", "Bygdegården", "Solrosen"];

/// The realistic case without protection (case A, readable without an open), and a protected
/// case (not opened) whose person is "Solveig Häggström" and whose SIP meets at "Bygdegården
/// Solrosen".
fn oracle_scene() -> (Scene, CaseId) {
    let mut s = scene_at(ProtectionLevel::Ingen);
    let (other, mother) = case_with(
        &mut s.db,
        &s.c,
        "VNR-2026-0099",
        person(
            "Solveig Häggström",
            None,
            ProtectionLevel::SkyddadFolkbokforing,
        ),
    );
    let sip = sip::create(
        &mut s.db.conn,
        &s.c,
        &NewSip {
            person_id: mother,
            need_discovered_on: date(NEED_ON),
            initiated_by: "Socialtjänsten".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    // Its SIP meets at a place of its own (stored as the meeting form stores it).
    s.db.conn
        .execute(
            "INSERT INTO sip_meetings(sip_id, on_date, at_time, digital, place) \
             VALUES (?1, '2026-03-20', '10:00', 0, 'Bygdegården Solrosen')",
            [sip],
        )
        .unwrap();
    s.c.opened.clear();
    (s, other)
}

/// What an answer of a scanner entry point says about the text: the hits' texts, the gate's
/// refusal, an error's sentence (never the echo of the caller's own question).
fn said<T>(
    r: crate::Result<T>,
    hits: impl FnOnce(T) -> Vec<String>,
) -> (Option<ErrorKind>, String) {
    match r {
        Ok(v) => (None, hits(v).join("\n")),
        Err(e) => (Some(e.kind()), e.to_string()),
    }
}

/// Issue 18, the property: random candidate word lists with the protected person's name
/// words and meeting place mixed into hundreds of random words, sent in random order to
/// every scanner entry point without an open — no answer names any of the protected words.
#[test]
fn no_scanner_answer_names_a_word_of_an_unopened_protected_case() {
    use crate::followup::{self, DeviationInput, DeviationKind};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::RefCell;

    let (scene, protected) = oracle_scene();
    let case_a = scene.case;
    let police = scene.police;
    let cell = RefCell::new(scene);
    // The words are in the database: the whole-database scan (the old oracle) finds them.
    {
        let s = cell.borrow();
        let all = gather::known_everywhere(&s.db.conn).unwrap();
        assert!(scan(&PROTECTED_WORDS.join(" "), &all).len() >= 2);
    }

    let strategy = (
        prop::collection::vec("[A-ZÅÄÖa-zåäö][a-zåäö]{2,9}", 50..900),
        prop::collection::vec(
            (0..300usize, 0..PROTECTED_WORDS.len(), any::<bool>()),
            1..10,
        ),
        prop::collection::vec(0..6u8, 1..8),
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: testkit::fuzz_cases(24),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |(mut words, inserts, calls, oversize)| {
            for (at, w, genitive) in inserts {
                let word = if genitive {
                    format!("{}s", PROTECTED_WORDS[w])
                } else {
                    PROTECTED_WORDS[w].to_owned()
                };
                words.insert(at.min(words.len()), word);
            }
            let mut text = words.join(" ");
            if oversize {
                while text.chars().count() <= crate::text::MAX_LONG {
                    text.push_str(" solrosen häggström");
                }
            } else {
                let cut: String = text.chars().take(crate::text::MAX_LONG).collect();
                text = cut;
            }
            let mut s = cell.borrow_mut();
            let c = s.c.clone();
            for call in calls {
                let (kind, answer) = match call {
                    0 => said(
                        followup::scan_description(&s.db.conn, &c, &text, &[]),
                        |h| h.into_iter().map(|h| h.text).collect(),
                    ),
                    1 => said(
                        followup::record_deviation(
                            &mut s.db.conn,
                            &c,
                            &DeviationInput {
                                occurred_on: c.today,
                                kind: DeviationKind::Annat,
                                parties: vec![police],
                                description: text.clone(),
                                accepted: vec![],
                            },
                        ),
                        |_| vec![],
                    ),
                    2 => said(
                        log::check_summary(&s.db.conn, &c, case_a.into(), &text, &[]),
                        |r| {
                            let mut v: Vec<String> =
                                r.check.hits.into_iter().map(|h| h.text).collect();
                            v.extend(r.check.blocked);
                            v
                        },
                    ),
                    3 => {
                        let r = log::check_summary(&s.db.conn, &c, protected.into(), &text, &[]);
                        let kind = r.as_ref().err().map(crate::Error::kind);
                        let want = if oversize {
                            ErrorKind::InvalidInput
                        } else {
                            ErrorKind::NotOpened
                        };
                        prop_assert_eq!(kind, Some(want));
                        said(r, |_| vec![])
                    }
                    4 => said(
                        sdoc::prepare(
                            &s.db.conn,
                            &c,
                            &(SamradPdf::Current {
                                case_id: case_a,
                                question: text.clone(),
                                accepted: vec![],
                            })
                            .clone()
                            .into(),
                        ),
                        |_| vec![],
                    ),
                    _ => said(
                        log::record(
                            &mut s.db.conn,
                            &c,
                            case_a.into(),
                            &consult("2026-03-10", &[police], deidentified(&text, vec![])),
                            None,
                        ),
                        |_| vec![],
                    ),
                };
                if oversize {
                    prop_assert_eq!(kind, Some(ErrorKind::InvalidInput), "{}", answer);
                }
                let lower = answer.to_lowercase();
                for w in PROTECTED_WORDS {
                    prop_assert!(
                        !lower.contains(&w.to_lowercase()),
                        "call {} named {:?}: {}",
                        call,
                        w,
                        answer
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A consultation recorded before migration 0011 under a borrowed SIP consent keeps its link
/// (a record never changes), is shown as such, and no new one can be written.
#[test]
fn a_consultation_that_borrowed_a_sip_consent_keeps_it_through_migration_0011() {
    use crate::store::MIGRATIONS;
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let at = MIGRATIONS
        .iter()
        .position(|(n, _)| *n == "0011_samrad_consent_copies")
        .unwrap();
    for (_, sql) in &MIGRATIONS[..at] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "INSERT INTO cases(id, reference, created_at) VALUES (1, 'VNR-2025-0001', 'x');
         INSERT INTO persons(id, case_id, name, no_number_reason) VALUES (1, 1, 'Anna Berg', 'annat');
         INSERT INTO actor_units(id, name, actor_type, principal) VALUES (1, 'Polisen', 'polis', 'stat');
         INSERT INTO sips(id, case_id, person_id, need_discovered_on, initiated_by, created_at)
             VALUES (1, 1, 1, '2025-01-01', 'Lisa', 'x');
         INSERT INTO consents(id, sip_id, giver_kind, form, valid_from, valid_to, recorded_at)
             VALUES (1, 1, 'person', 'skriftligt', '2025-01-01', '2025-12-31', 'x');
         INSERT INTO consent_actors(consent_id, unit_id, accepted) VALUES (1, 1, 1);
         INSERT INTO samrad(id, case_id, held_on, kind, mode, consent_id, recorded_at)
             VALUES (1, 1, '2025-02-01', 'konsulterande', 'samtycke', 1, 'x');
         INSERT INTO samrad_participants(samrad_id, unit_id) VALUES (1, 1);",
    )
    .unwrap();
    for (_, sql) in &MIGRATIONS[at..] {
        conn.execute_batch(sql).unwrap();
    }
    let o = log::list(&conn, (CaseId(1)).into(), date("2026-03-15")).unwrap();
    let v = &o.consultations[0];
    assert_eq!(
        (v.mode, v.consent_id),
        (SamradMode::Samtycke, Some(ConsentId(1)))
    );
    assert_eq!(v.units.len(), 1);
    assert!(v.person_id.is_none() && v.samrad_consent_ids.is_empty());
    assert!(
        v.consent_label
            .as_deref()
            .unwrap()
            .contains("räcker inte för nya samråd"),
        "{:?}",
        v.consent_label
    );
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // The record still never changes, and no new consultation borrows a SIP consent.
    assert!(conn
        .execute("UPDATE samrad SET held_on = '2025-02-02' WHERE id = 1", [])
        .is_err());
    assert!(conn
        .execute(
            "INSERT INTO samrad(case_id, held_on, kind, mode, consent_id, recorded_at)
             VALUES (1, '2025-03-01', 'konsulterande', 'samtycke', 1, 'x')",
            [],
        )
        .is_err());
}

#[test]
fn the_samrad_consent_form_says_it_covers_samrad_only_and_follows_the_protection_rules() {
    let mut s = scene();
    let id = {
        let units = [s.police, s.clinic];
        samrad_consent(&mut s, &units, all_categories(), CONSENT_FROM)
    };
    let req = crate::document::DocumentRequest::SamradConsent {
        case_id: s.case,
        samrad_consent_id: id,
    };
    let p = crate::document::prepare(&s.db.conn, s.c.today, &req.into()).unwrap();
    let bytes =
        crate::document::render(&p, chrono::Utc::now(), crate::profile::ProfileKind::Real).unwrap();
    let (_, text) = crate::document::tests::check_pdf("samrad-samtycke", &bytes);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Samtycke till samråd",
        "Samtycket gäller bara samråd",
        "Det gäller inte SIP",
        "inte ett samtycke till SIP",
        POLICE,
        "2026-02-25",
        "återkalla samtycket",
        "Underskrift",
    ] {
        assert!(flat.contains(want), "{want:?} not in the form:\n{flat}");
    }
    // The protected mother reads her own form: her name is on it; the father, whom she is
    // protected from, is on no form of hers, and the file name names no one.
    assert!(flat.contains(MOTHER), "{flat}");
    assert!(!flat.contains(FATHER) && !flat.contains(FATHER_ADDRESS));
    assert!(!p.preview.file_name.contains("Öberg"));
    assert_eq!(p.preview.file_name, format!("samrad-samtycke-{id}.pdf"));
    // A withdrawn consent is not printed for signature.
    sconsent::withdraw(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        id,
        &Withdrawal {
            on: s.c.today,
            how: "Muntligt".into(),
            received_by: "Handläggare Lisa Berg".into(),
        },
    )
    .unwrap();
    refused(
        crate::document::prepare(&s.db.conn, s.c.today, &req.into()),
        &["återkallat", "kan inte skrivas ut"],
    );
}

#[test]
fn the_witness_of_an_oral_samrad_consent_is_a_name_the_scanner_knows() {
    let mut s = scene();
    let from = date("2026-03-01");
    sconsent::record(
        &mut s.db.conn,
        &s.c,
        s.case.into(),
        &SamradConsentInput {
            person_id: s.mother,
            giver: Giver::Person,
            form: ConsentForm::Muntligt,
            documentation: Some(crate::consent::Documentation {
                on: from,
                how: "Sade ja vid besöket".into(),
                received_by: "Handläggare Lisa Berg".into(),
                witness: "Fatima Haddad".into(),
            }),
            scope: Scope {
                actors: vec![ActorRef {
                    unit: s.police,
                    contact: None,
                }],
                categories: vec![InfoCategory::Valdssituationen],
                ..Scope::default()
            },
            valid_from: from,
            valid_to: crate::consent::rules::max_valid_to(from),
        },
    )
    .unwrap();
    let c = log::check_summary(
        &s.db.conn,
        &s.c,
        s.case.into(),
        "Fatima Haddad följde med till mötet.",
        &[],
    )
    .unwrap();
    assert!(
        c.check
            .hits
            .iter()
            .any(|h| h.kind == HitKind::Namn && h.text == "Fatima Haddad"),
        "{:?}",
        c.check.hits
    );
}
