use super::*;
use crate::testkit::{self, case_with, ctx, date, person};
use crate::vocab::ProtectionLevel::*;

const TODAY: &str = "2026-11-25";

#[test]
fn a_protected_person_can_not_have_an_address_or_phone_stored() {
    let mut p = person("Sara Lind", Some("811218-9876"), SkyddadFolkbokforing);
    p.address = "Storgatan 1, Örebro".into();
    // A rule says no (issue 20): the address is well-formed, the person's protection forbids it.
    let e = validate(&p, date(TODAY)).unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::ProtectedContactNotStored)),
        "{e:?}"
    );
    p.address.clear();
    p.phone = "070-123 45 67".into();
    assert!(matches!(
        validate(&p, date(TODAY)),
        Err(Error::Refused(Refusal::ProtectedContactNotStored))
    ));
    // Every protection level, not only skyddad folkbokföring.
    for level in [Sekretessmarkering, FingeradePersonuppgifter] {
        p.protection_level = level;
        assert!(validate(&p, date(TODAY)).is_err());
    }
    p.protection_level = Ingen;
    assert!(validate(&p, date(TODAY)).is_ok());
}

#[test]
fn the_database_itself_refuses_contact_data_for_a_protected_person() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (_, pid) = case_with(
        &mut db,
        &c,
        "A-1",
        person("Sara Lind", None, SkyddadFolkbokforing),
    );
    let e = db
        .conn
        .execute(
            "UPDATE persons SET address = 'Storgatan 1' WHERE id = ?1",
            [pid],
        )
        .unwrap_err();
    assert!(e.to_string().contains("CHECK"), "{e}");
}

#[test]
fn raising_the_protection_level_erases_address_and_phone_and_the_history_never_holds_them() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let mut p = person("Sara Lind", Some("811218-9876"), Ingen);
    p.address = "Kanariegatan 17".into();
    p.phone = "070-555 01 02".into();
    let (case, pid) = case_with(&mut db, &c, "A-1", p.clone());
    // The form must be emptied first: the core refuses a protected person with an address.
    p.protection_level = SkyddadFolkbokforing;
    assert!(update(&mut db.conn, &c, pid.into(), &p).is_err());
    let still = get(&db.conn, pid.into(), c.today).unwrap().unwrap();
    assert_eq!(
        still.address.as_deref(),
        Some("Kanariegatan 17"),
        "nothing changed on refusal"
    );
    p.address.clear();
    p.phone.clear();
    p.contact_way = "Via kvinnojouren, aldrig brev hem".into();
    update(&mut db.conn, &c, pid.into(), &p).unwrap();
    let after = get(&db.conn, pid.into(), c.today).unwrap().unwrap();
    assert_eq!((after.address, after.phone), (None, None));
    assert!(after.is_protected);
    let history = crate::audit::list(&db.conn, Some(case)).unwrap();
    let all: String = history
        .iter()
        .map(|h| h.summary.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all.contains("skyddsnivå (Inga skyddade personuppgifter → Skyddad folkbokföring)"),
        "{all}"
    );
    assert!(all.contains("adress"), "{all}");
    for secret in ["Kanariegatan", "555", "9876", "kvinnojouren"] {
        assert!(!all.contains(secret), "history leaks {secret}: {all}");
    }
}

#[test]
fn the_number_gives_birth_date_sex_and_age_on_a_given_date() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    // A child born 2014-11-26: 11 on 2026-11-25, 12 the day after.
    let n = idnumber::IdentityNumber::from_parts(IdKind::Personnummer, date("2014-11-26"), 242)
        .unwrap();
    let (_, pid) = case_with(
        &mut db,
        &c,
        "A-1",
        person("Lisa Lind", Some(&n.canonical()), Ingen),
    );
    let p = get(&db.conn, pid.into(), date("2026-11-25"))
        .unwrap()
        .unwrap();
    assert_eq!(p.birth_date, Some(date("2014-11-26")));
    assert_eq!(p.age, Some(11));
    assert!(p.is_child && !p.twelve_or_older);
    assert_eq!(
        p.legal_sex,
        LegalSex::Kvinna,
        "serial 242: third digit even"
    );
    let p = get(&db.conn, pid.into(), date("2026-11-26"))
        .unwrap()
        .unwrap();
    assert_eq!(p.age, Some(12));
    assert!(p.is_child && p.twelve_or_older);
    let p = get(&db.conn, pid.into(), date("2032-11-26"))
        .unwrap()
        .unwrap();
    assert!(!p.is_child && !p.twelve_or_older);
}

#[test]
fn a_person_without_number_needs_a_reason_and_a_sane_birth_date() {
    let today = date(TODAY);
    let mut p = person("Okänd", None, Ingen);
    p.identity = IdentityInput::None {
        reason: NoNumberReason::Reservnummer,
        note: "R 123".into(),
        birth_date: Some(date("2030-01-01")),
    };
    assert!(validate(&p, today)
        .unwrap_err()
        .to_string()
        .contains("framtiden"));
    p.identity = IdentityInput::None {
        reason: NoNumberReason::Reservnummer,
        note: "R 123".into(),
        birth_date: Some(date("1990-05-05")),
    };
    let v = validate(&p, today).unwrap();
    assert_eq!(v.birth_date, Some(date("1990-05-05")));
    assert_eq!(v.number, None);
}

#[test]
fn garbage_numbers_are_refused_in_swedish_without_panic() {
    for bad in [
        "",
        "abc",
        "811218-9875",
        "19850229-1234",
        "😀",
        "\0",
        &"9".repeat(10_000),
    ] {
        let p = person("X", Some(bad), Ingen);
        let e = validate(&p, date(TODAY)).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{bad:?}");
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn relations_are_checked() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (case, mother) = case_with(
        &mut db,
        &c,
        "A-1",
        person("Sara Lind", Some("811218-9876"), Ingen),
    );
    let child = create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Lisa Lind", Some(&testkit::pnr("2014-11-26", 242)), Ingen),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let father = create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Per Lind", None, Ingen),
    )
    .unwrap();
    let rel = |from, to, kind, custody| RelationInput {
        from_person: from,
        to_person: to,
        kind,
        custody,
    };

    // Guardian needs the custody answer.
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(mother, child, RelationKind::Vardnadshavare, None)
    )
    .is_err());
    add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(mother, child, RelationKind::Vardnadshavare, Some(true)),
    )
    .unwrap();
    add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(father, child, RelationKind::Vardnadshavare, Some(true)),
    )
    .unwrap();
    add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(father, mother, RelationKind::UtovareMot, None),
    )
    .unwrap();
    // Duplicate, self, and guardian of an adult are refused.
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(father, mother, RelationKind::UtovareMot, None)
    )
    .is_err());
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(mother, mother, RelationKind::Narstaende, None)
    )
    .is_err());
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(child, mother, RelationKind::Vardnadshavare, Some(true))
    )
    .is_err());
    // Another case's person, or this case's persons under another case's id.
    let (case2, other) = case_with(&mut db, &c, "A-2", person("Ola", None, Ingen));
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(other, mother, RelationKind::Narstaende, None)
    )
    .is_err());
    assert!(
        add_relation(
            &mut db.conn,
            &c,
            case2.into(),
            &rel(mother, father, RelationKind::Narstaende, None)
        )
        .is_err(),
        "ids of another case"
    );
    // A third custodial guardian, and a child as guardian, are refused.
    let third = create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Tredje", None, Ingen),
    )
    .unwrap();
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(third, child, RelationKind::Vardnadshavare, Some(true))
    )
    .is_err());
    add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(third, child, RelationKind::Vardnadshavare, Some(false)),
    )
    .unwrap();
    let sibling = create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Syskon", Some(&testkit::pnr("2016-03-03", 111)), Ingen),
    )
    .unwrap();
    assert!(add_relation(
        &mut db.conn,
        &c,
        case.into(),
        &rel(child, sibling, RelationKind::Vardnadshavare, Some(true))
    )
    .is_err());

    let rels = relations_for_case(&db.conn, case).unwrap();
    assert_eq!(rels.len(), 4);
    assert!(rels.iter().any(|r| r.kind == RelationKind::UtovareMot
        && r.from_person == father
        && r.to_person == mother));
    assert!(
        remove_relation(&mut db.conn, &c, (CaseId(case.0 + 1)).into(), rels[0].id).is_err(),
        "another case's id"
    );
    remove_relation(&mut db.conn, &c, case.into(), rels[0].id).unwrap();
    assert_eq!(relations_for_case(&db.conn, case).unwrap().len(), 3);
    let history = crate::audit::list(&db.conn, Some(case)).unwrap();
    assert!(history
        .iter()
        .all(|h| !h.summary.contains("S. L.") && !h.summary.contains("Sara")));
}

/// Issue 19: "X är vårdnadshavare för Y" followed by "Vårdnad: Nej, har inte vårdnaden" read as
/// a contradiction. Custody is said once: a vårdnadshavare has it; a parent recorded without it
/// "är förälder till" the child "(har inte vårdnaden)" — on the case screen, in the history and
/// in the SIP's words alike.
#[test]
fn a_relation_says_the_custody_once_and_never_contradicts_itself() {
    for kind in RelationKind::ALL.iter().copied() {
        for custody in [None, Some(true), Some(false)] {
            let (phrase, note) = relation_phrase(kind, custody);
            let text = format!("{phrase} {note}");
            assert!(
                !(text.contains("vårdnadshavare") && text.contains("inte vårdnaden")),
                "{kind:?} {custody:?}: {text}"
            );
            assert!(!phrase.is_empty(), "{kind:?}");
        }
    }
    assert_eq!(
        relation_phrase(RelationKind::Vardnadshavare, Some(true)),
        ("är vårdnadshavare för", "")
    );
    assert_eq!(
        relation_phrase(RelationKind::Vardnadshavare, Some(false)),
        ("är förälder till", "(har inte vårdnaden)")
    );

    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (case, mother) = case_with(
        &mut db,
        &c,
        "A-1",
        person("Sara Lind", Some("811218-9876"), Ingen),
    );
    let child = create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Lisa Lind", Some(&testkit::pnr("2014-11-26", 242)), Ingen),
    )
    .unwrap();
    let father = create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Per Lind", None, Ingen),
    )
    .unwrap();
    for (from, custody) in [(mother, true), (father, false)] {
        add_relation(
            &mut db.conn,
            &c,
            case.into(),
            &RelationInput {
                from_person: from,
                to_person: child,
                kind: RelationKind::Vardnadshavare,
                custody: Some(custody),
            },
        )
        .unwrap();
    }
    let words: Vec<(String, String)> = relations_for_case(&db.conn, case)
        .unwrap()
        .into_iter()
        .map(|r| (r.phrase, r.custody_note))
        .collect();
    assert_eq!(
        words,
        vec![
            ("är vårdnadshavare för".to_owned(), String::new()),
            (
                "är förälder till".to_owned(),
                "(har inte vårdnaden)".to_owned()
            ),
        ]
    );
    let history: Vec<String> = crate::audit::list(&db.conn, Some(case))
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .filter(|s| s.starts_with("Relation"))
        .collect();
    assert!(
        history
            .iter()
            .any(|s| s.contains("är förälder till person") && s.ends_with("(har inte vårdnaden)")),
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .all(|s| !(s.contains("vårdnadshavare") && s.contains("inte vårdnaden"))),
        "{history:?}"
    );
    // The SIP's participants say it the same way.
    let facts = crate::protection::CaseFacts::from_case(
        child,
        &list_for_case(&db.conn, case, c.today).unwrap(),
        &relations_for_case(&db.conn, case).unwrap(),
    );
    assert_eq!(
        crate::protection::relation_to_subject(&facts, mother),
        "Vårdnadshavare"
    );
    assert_eq!(
        crate::protection::relation_to_subject(&facts, father),
        "Förälder (har inte vårdnaden)"
    );
}

#[test]
fn search_finds_names_numbers_and_references_and_masks_protected_cases() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    case_with(
        &mut db,
        &c,
        "VNR-2026-001",
        person("Åsa Öberg", Some("811218-9876"), Ingen),
    );
    let (case, _) = case_with(
        &mut db,
        &c,
        "VNR-2026-002",
        person("Sara Lind", None, Ingen),
    );
    create(
        &mut db.conn,
        &c,
        case.into(),
        &person(
            "Lisa Lind",
            Some(&testkit::pnr("2014-11-26", 242)),
            SkyddadFolkbokforing,
        ),
    )
    .unwrap();

    let mut names = |q: &str| -> Vec<String> {
        crate::cases::list(&mut db.conn, &c, q)
            .unwrap()
            .into_iter()
            .map(|c| c.display_name)
            .collect()
    };
    assert_eq!(names("åsa"), vec!["Åsa Öberg"]);
    assert_eq!(names("ÖBERG"), vec!["Åsa Öberg"]);
    assert_eq!(names("811218-9876"), vec!["Åsa Öberg"]);
    assert_eq!(names("19811218 9876"), vec!["Åsa Öberg"]);
    assert_eq!(names("198112189876"), vec!["Åsa Öberg"]);
    assert_eq!(
        names("2026-002"),
        vec!["S. L."],
        "reference; masked (a child is protected)"
    );
    assert!(
        names("lisa").is_empty(),
        "a protected case is not found by a part of a name"
    );
    assert!(
        names("lind").is_empty(),
        "nor by a part of its unprotected person's name"
    );
    assert_eq!(
        names("lisa lind"),
        vec!["S. L."],
        "found by the protected child's whole name, still masked"
    );
    assert_eq!(names("lind sara"), vec!["S. L."], "a whole name, any order");
    assert!(names("lind åsa").is_empty(), "every word must match");
    assert_eq!(names("").len(), 2);
    let rows = crate::cases::list(&mut db.conn, &c, "Lisa Lind").unwrap();
    assert_eq!(rows[0].protection, Some(SkyddadFolkbokforing));
    assert_eq!(rows[0].person_count, 2);
}

/// Issue 19: the new-case form shows every problem at once, each beside its field. The check
/// finds what `validate` refuses (its first problem is `validate`'s message), for the field
/// that caused it, and every other problem of the same form too.
#[test]
fn every_problem_of_a_person_form_is_found_for_its_field() {
    let today = date(TODAY);
    let mut p = person("", Some("811218-9875"), Ingen);
    p.phone = "7".repeat(10_000);
    let found = problems(&p, today);
    let fields: Vec<_> = found.iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [PersonField::Name, PersonField::Number, PersonField::Phone]
    );
    assert!(found[1].message.contains("Kontrollsiffran"), "{found:?}");
    assert_eq!(
        found[0].message,
        validate(&p, today).unwrap_err().to_string()
    );

    // A person without a number: the birth date and the note are the fields.
    let mut q = person("Barn 1", None, SkyddadFolkbokforing);
    q.identity = IdentityInput::None {
        reason: NoNumberReason::Okant,
        note: "\u{7}".into(),
        birth_date: Some(date("2030-01-01")),
    };
    q.address = "Storgatan 1".into();
    let fields: Vec<_> = problems(&q, today).iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            PersonField::BirthDate,
            PersonField::NoNumberNote,
            PersonField::Address
        ]
    );

    // Whatever validate refuses, the check finds, with the same first message; what it
    // accepts, the check accepts.
    for number in ["", "abc", "811218-9875", "19850229-1234", "811218-9876"] {
        let p = person("X", Some(number), Ingen);
        match (validate(&p, today), problems(&p, today).first()) {
            (Ok(_), None) => {}
            (Err(e), Some(first)) => {
                assert_eq!(first.field, PersonField::Number, "{number:?}");
                assert_eq!(first.message, e.to_string(), "{number:?}");
            }
            (v, f) => panic!("{number:?}: validate {:?}, check {f:?}", v.is_ok()),
        }
    }
}
