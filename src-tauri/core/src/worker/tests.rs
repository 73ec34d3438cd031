//! The worker's details: every rule with its Swedish message beside its field, the unit in the
//! directory, and the history.

use super::*;
use crate::testkit::{self, ctx};

fn input() -> WorkerDetailsInput {
    WorkerDetailsInput {
        organisation: "Örebro kommun, Socialförvaltningen".into(),
        unit_name: "Vuxenenheten Örebro".into(),
        unit_type: ActorType::SocVald,
        name: "Anna Berg".into(),
        title: "Socialsekreterare".into(),
        phone: "019-16 40 00".into(),
    }
}

fn fields(i: &WorkerDetailsInput) -> Vec<DetailsField> {
    problems(i).into_iter().map(|p| p.field).collect()
}

#[test]
fn good_details_have_no_problem_and_preview_what_the_documents_say() {
    let c = check(&input());
    assert_eq!(c.problems, vec![]);
    assert_eq!(c.preview.organisation, "Örebro kommun, Socialförvaltningen");
    assert_eq!(
        c.preview.contact,
        "Anna Berg, socialsekreterare, Vuxenenheten Örebro"
    );
    assert!(
        c.preview.withdraw.starts_with(
            "Du kan när som helst återkalla samtycket. Ring Anna Berg på 019-16 40 00."
        ),
        "{}",
        c.preview.withdraw
    );
    for phone in [
        "+46 19 16 40 00",
        "(019) 16 40 00",
        "0701234567",
        "019-164000",
    ] {
        let mut i = input();
        i.phone = phone.into();
        assert_eq!(fields(&i), vec![], "{phone}");
    }
}

#[test]
fn the_preview_of_empty_details_shows_where_the_words_go_never_a_gap() {
    let mut i = input();
    i.name = " ".into();
    i.phone = String::new();
    let c = check(&i);
    assert!(
        c.preview.withdraw.starts_with(
            "Du kan när som helst återkalla samtycket. Ring [ditt namn] på [ditt telefonnummer]."
        ),
        "{}",
        c.preview.withdraw
    );
    assert_eq!(
        c.preview.contact,
        "[ditt namn], socialsekreterare, Vuxenenheten Örebro"
    );
    assert_eq!(c.preview.phone, "[ditt telefonnummer]");
    for text in [&c.preview.withdraw, &c.preview.contact] {
        assert!(!text.contains("  ") && !text.contains(" ."), "{text}");
    }
}

#[test]
fn each_field_is_refused_beside_itself_with_a_swedish_reason() {
    let long = "x".repeat(121);
    type Set = fn(&mut WorkerDetailsInput, &str);
    let cases: Vec<(Set, &str, DetailsField, &str)> = vec![
        (
            |i, v| i.organisation = v.into(),
            "  ",
            DetailsField::Organisation,
            "Skriv organisationens namn",
        ),
        (
            |i, v| i.organisation = v.into(),
            "Örebro kommun\nSocialförvaltningen",
            DetailsField::Organisation,
            "på en rad",
        ),
        (
            |i, v| i.unit_name = v.into(),
            "",
            DetailsField::UnitName,
            "Skriv namnet på din enhet",
        ),
        (
            |i, v| i.name = v.into(),
            "",
            DetailsField::Name,
            "Skriv ditt namn",
        ),
        (
            |i, v| i.name = v.into(),
            "Anna\u{7}Berg",
            DetailsField::Name,
            "otillåtna tecken",
        ),
        (
            |i, v| i.title = v.into(),
            "",
            DetailsField::Title,
            "Skriv din titel",
        ),
        (
            |i, v| i.phone = v.into(),
            "",
            DetailsField::Phone,
            "telefonnummer i arbetet",
        ),
        (
            |i, v| i.phone = v.into(),
            "019-16 40 00 ank. 12",
            DetailsField::Phone,
            "bara innehålla siffror",
        ),
        (
            |i, v| i.phone = v.into(),
            "019+164000",
            DetailsField::Phone,
            "Plustecknet kan bara stå först",
        ),
        (
            |i, v| i.phone = v.into(),
            "12 34",
            DetailsField::Phone,
            "6–20 siffror. Det du skrev har 4",
        ),
        (
            |i, v| i.phone = v.into(),
            "012345678901234567890",
            DetailsField::Phone,
            "har 21",
        ),
    ];
    for (set, value, field, says) in cases {
        let mut i = input();
        set(&mut i, value);
        let p = problems(&i);
        assert_eq!(p.len(), 1, "{value:?}: {p:?}");
        assert_eq!(p[0].field, field, "{value:?}");
        assert!(p[0].message.contains(says), "{value:?}: {}", p[0].message);
    }
    for f in [
        |i: &mut WorkerDetailsInput, v: &str| i.name = v.into(),
        |i: &mut WorkerDetailsInput, v: &str| i.title = v.into(),
        |i: &mut WorkerDetailsInput, v: &str| i.unit_name = v.into(),
        |i: &mut WorkerDetailsInput, v: &str| i.organisation = v.into(),
    ] {
        let mut i = input();
        f(&mut i, &long);
        let p = problems(&i);
        assert!(
            p[0].message
                .contains("högst 120 tecken. Det du skrev har 121"),
            "{p:?}"
        );
        f(&mut i, &long[1..]);
        assert_eq!(problems(&i), vec![]);
    }
}

#[test]
fn saving_adds_the_own_unit_to_the_directory_once_and_is_in_the_history() {
    let mut db = testkit::db();
    let c = ctx("2026-12-07");
    let before = get(&db.conn).unwrap();
    assert!(!before.complete && before.unit_id.is_none());
    assert_eq!(before.unit_type, DEFAULT_UNIT_TYPE);
    assert_eq!(before.sender(), None);

    // Refused as a whole: nothing saved, no unit added.
    let mut bad = input();
    bad.phone = "ring mig".into();
    let e = save(&mut db.conn, &c, &bad).unwrap_err();
    assert!(e.to_string().contains("Telefonnumret"), "{e}");
    assert!(crate::actor::list(&db.conn).unwrap().is_empty());
    assert_eq!(get(&db.conn).unwrap(), before);

    let d = save(&mut db.conn, &c, &input()).unwrap();
    assert!(d.complete);
    let units = crate::actor::list(&db.conn).unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].name, "Vuxenenheten Örebro");
    assert_eq!(units[0].actor_type, ActorType::SocVald);
    assert_eq!(units[0].principal, Principal::Kommun);
    assert_eq!(d.unit_id, Some(units[0].id));
    assert_eq!(
        crate::document::organisation(&db.conn).unwrap(),
        "Örebro kommun, Socialförvaltningen"
    );
    assert_eq!(
        d.sender().unwrap().who(),
        "Anna Berg, socialsekreterare, Vuxenenheten Örebro"
    );

    // Saved again with a new phone: the same unit; a new unit name: that unit is found or added.
    let mut again = input();
    again.phone = "019-16 40 01".into();
    assert_eq!(save(&mut db.conn, &c, &again).unwrap().unit_id, d.unit_id);
    assert_eq!(crate::actor::list(&db.conn).unwrap().len(), 1);
    again.unit_name = "Barn och unga".into();
    again.unit_type = ActorType::SocBarnUnga;
    let moved = save(&mut db.conn, &c, &again).unwrap();
    assert_ne!(moved.unit_id, d.unit_id);
    assert_eq!(moved.unit_name, "Barn och unga");
    assert_eq!(crate::actor::list(&db.conn).unwrap().len(), 2);

    // The history says that they changed, never what they are.
    let history: Vec<String> = crate::audit::list(&db.conn, None)
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.summary))
        .collect();
    assert_eq!(
        history
            .iter()
            .filter(|h| h.starts_with("settings.worker"))
            .count(),
        3,
        "{history:?}"
    );
    assert!(history.iter().any(|h| h.contains("din egen enhet")));
    for h in &history {
        assert!(!h.contains("Anna Berg") && !h.contains("019-16"), "{h}");
    }
}

#[test]
fn a_title_reads_in_lower_case_inside_a_sentence_unless_it_is_an_abbreviation() {
    use crate::document::build::in_sentence;
    assert_eq!(in_sentence("Socialsekreterare"), "socialsekreterare");
    assert_eq!(in_sentence(" Vid personligt möte "), "vid personligt möte");
    assert_eq!(in_sentence("BUP-kurator"), "BUP-kurator");
    assert_eq!(in_sentence("socialsekreterare"), "socialsekreterare");
    assert_eq!(in_sentence("Å"), "Å");
}

/// Issue 19: the worker's own unit is in every new consent; leaving it out takes a stated
/// reason, which goes into the case history. Accepted through a contact of the unit or through
/// its organisation counts as in; excluding the unit as a whole counts as out.
#[test]
fn a_new_consent_names_the_own_unit_or_says_why_not_in_the_case_history() {
    use crate::consent::records::{self, ConsentInput};
    use crate::consent::{ActorRef, ConsentForm, Giver, InfoCategory, Scope};
    use crate::sip::{self, NewSip};
    use crate::testkit::{case_with, date, person, pnr, unit};
    use crate::vocab::{ProtectionLevel, RequestedBy};

    let mut db = testkit::db();
    let c = ctx("2026-12-07");
    let (case, pid) = case_with(
        &mut db,
        &c,
        "E-19",
        person(
            "Sara Lind",
            Some(&pnr("1985-03-14", 123)),
            ProtectionLevel::Ingen,
        ),
    );
    let sip = sip::create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: pid,
            need_discovered_on: date("2026-12-01"),
            initiated_by: "Anna Berg".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    let vc = unit(&mut db, &c, "Vårdcentralen Tullhus", ActorType::Vardcentral);
    let input_for = |actors: Vec<ActorRef>, excluded: Vec<ActorRef>, orgs| ConsentInput {
        giver: Giver::Person,
        form: ConsentForm::Skriftligt,
        documentation: None,
        scope: Scope {
            actors,
            excluded_actors: excluded,
            organisations: orgs,
            categories: vec![InfoCategory::InsatserPlan],
            ..Scope::default()
        },
        valid_from: date("2026-12-07"),
        valid_to: date("2027-12-06"),
    };
    let at = |unit| ActorRef {
        unit,
        contact: None,
    };
    // Before the worker has named a unit, nothing is asked.
    records::record(
        &mut db.conn,
        &c,
        sip.into(),
        &input_for(vec![at(vc)], vec![], vec![]),
    )
    .unwrap();

    crate::document::set_organisation(&mut db.conn, &c, "Örebro kommun").unwrap();
    let region = crate::actor::save_organisation(&mut db.conn, &c, None, "Örebro kommun").unwrap();
    let d = save(&mut db.conn, &c, &input()).unwrap();
    let own = d.unit_id.unwrap();
    let o = records::overview(&db.conn, sip.into(), c.today).unwrap();
    assert_eq!(
        o.own_unit.as_ref().map(|u| (u.unit_id, u.name.as_str())),
        Some((own, "Vuxenenheten Örebro"))
    );
    assert_eq!(
        o.received_by,
        "Anna Berg, socialsekreterare, Vuxenenheten Örebro"
    );

    let history = |db: &testkit::Db| -> Vec<String> {
        crate::audit::list(&db.conn, Some(case))
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "consent.own_unit_left_out")
            .map(|e| e.summary)
            .collect()
    };
    // Left out without a reason (or a blank one): refused, nothing recorded.
    let without = input_for(vec![at(vc)], vec![], vec![]);
    let before = records::overview(&db.conn, sip.into(), c.today)
        .unwrap()
        .records
        .len();
    for reason in [None, Some("  \n ")] {
        let e = records::record_with_reason(&mut db.conn, &c, sip.into(), &without, reason)
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("Din egen enhet, Vuxenenheten Örebro, är med i varje nytt samtycke"),
            "{e}"
        );
    }
    // Excluded as a whole, even when its organisation is accepted: out.
    let mut excluded = input_for(vec![at(vc)], vec![at(own)], vec![region]);
    // (the unit is not in the organisation yet: accepting the organisation adds nothing)
    let refused = |db: &mut testkit::Db, i: &ConsentInput| {
        let e = records::record(&mut db.conn, &c, sip.into(), i).unwrap_err();
        assert!(e.to_string().contains("Din egen enhet"), "{e}");
    };
    refused(&mut db, &excluded);
    let unit_row = crate::actor::list(&db.conn)
        .unwrap()
        .into_iter()
        .find(|u| u.id == own)
        .unwrap();
    crate::actor::save_unit(
        &mut db.conn,
        &c,
        &crate::actor::UnitInput {
            id: Some(own),
            name: unit_row.name,
            actor_type: unit_row.actor_type,
            principal: unit_row.principal,
            area: unit_row.area,
            phone: unit_row.phone,
            email: unit_row.email,
            organisation_id: Some(region),
        },
    )
    .unwrap();
    refused(&mut db, &excluded);
    assert_eq!(
        records::overview(&db.conn, sip.into(), c.today)
            .unwrap()
            .records
            .len(),
        before
    );
    assert_eq!(history(&db), Vec::<String>::new());

    // With a reason: recorded, and the reason is in the case history.
    records::record_with_reason(
        &mut db.conn,
        &c,
        sip.into(),
        &without,
        Some("Personen vill inte att\nvuxenenheten deltar."),
    )
    .unwrap();
    assert_eq!(
        history(&db),
        vec![
            "Din egen enhet är inte med i samtycket (personen). Skäl: Personen vill inte att \
             vuxenenheten deltar."
                .to_owned()
        ]
    );

    // In: named, through one of its contacts, or through its organisation — no reason asked,
    // and none recorded even when one is sent along.
    let contact = crate::actor::save_contact(
        &mut db.conn,
        &c,
        &crate::actor::ContactInput {
            id: None,
            unit_id: own,
            name: "Anna Berg".into(),
            role: "Socialsekreterare".into(),
            phone: String::new(),
            email: String::new(),
            temporary: false,
            active: true,
        },
    )
    .unwrap();
    for ok in [
        input_for(vec![at(vc), at(own)], vec![], vec![]),
        input_for(
            vec![
                at(vc),
                ActorRef {
                    unit: own,
                    contact: Some(contact),
                },
            ],
            vec![],
            vec![],
        ),
        input_for(vec![at(vc)], vec![], vec![region]),
    ] {
        records::record_with_reason(&mut db.conn, &c, sip.into(), &ok, Some("onödigt")).unwrap();
    }
    assert_eq!(history(&db).len(), 1);
    excluded.scope.excluded_actors = vec![ActorRef {
        unit: own,
        contact: Some(contact),
    }];
    // Only one person of the unit excluded: the unit is still in.
    records::record(&mut db.conn, &c, sip.into(), &excluded).unwrap();
}
