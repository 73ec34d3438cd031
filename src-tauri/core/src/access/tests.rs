//! The explicit open: what a masked case carries (nothing that identifies or locates anyone),
//! that an open is recorded and unmasks, and that every lock forgets it.

use crate::document::DocumentRequest;
use std::sync::Arc;

use super::*;
use crate::cases::{self, CaseDetail, NewCase};
use crate::clock::FakeClock;
use crate::ids::SipId;
use crate::keys::keyring::MemoryStore;
use crate::keys::KdfParams;
use crate::person::{IdentityInput, RelationInput};
use crate::session::Vault;
use crate::sip::{self, NewSip, Preparation};
use crate::testkit::{self, case_with, ctx, date, person, pnr};
use crate::vocab::{ProtectionLevel, RelationKind, RequestedBy, Role};

const TODAY: &str = "2026-11-20";

/// Everything that identifies or locates the persons of the test case. None of it may be in
/// a masked case; each is searched for as typed and in lower case.
const MOTHER: &str = "Karin Holmqvist";
const CHILD: &str = "Nils Holmqvist";
const FATHER: &str = "Jonas Ekberg";
const SECRETS: &[&str] = &[
    "Karin",
    "Holmqvist",
    "Nils",
    "Jonas",
    "Ekberg",
    "Via kvinnojouren Tranan",
    "Lärkvägen 12, Hallsberg",
    "070-123 45 67",
    "Ringer från dolt nummer",
    "persiska",
    "Att Nils får gå kvar på Ekängsskolan",
    "Flydde till systern i Kumla",
];

/// The mother (skyddad folkbokföring), her son of 9 (no own protection), and the father
/// (no protection, with address and phone), related as parents; a SIP for the mother with
/// her own words in the preparation.
fn protected_case(db: &mut testkit::Db, c: &Ctx) -> (CaseId, Vec<PersonId>, SipId) {
    let mut mother = person(
        MOTHER,
        Some(&pnr("1986-04-02", 123)),
        ProtectionLevel::SkyddadFolkbokforing,
    );
    mother.contact_way = "Via kvinnojouren Tranan".into();
    mother.language = "persiska".into();
    mother.roles = vec![Role::Valdsutsatt];
    let (case, m) = case_with(db, c, "AKT-2026-0101", mother);
    let child = person::create(
        &mut db.conn,
        c,
        case.into(),
        &person(CHILD, Some(&pnr("2017-06-15", 242)), ProtectionLevel::Ingen),
    )
    .unwrap();
    let mut father = person(FATHER, None, ProtectionLevel::Ingen);
    father.identity = IdentityInput::None {
        reason: crate::vocab::NoNumberReason::Okant,
        note: "Ringer från dolt nummer".into(),
        birth_date: Some(date("1980-02-29")),
    };
    father.address = "Lärkvägen 12, Hallsberg".into();
    father.phone = "070-123 45 67".into();
    let f = person::create(&mut db.conn, c, case.into(), &father).unwrap();
    for parent in [m, f] {
        person::add_relation(
            &mut db.conn,
            c,
            case.into(),
            &RelationInput {
                from_person: parent,
                to_person: child,
                kind: RelationKind::Foralder,
                custody: None,
            },
        )
        .unwrap();
    }
    person::add_relation(
        &mut db.conn,
        c,
        case.into(),
        &RelationInput {
            from_person: f,
            to_person: m,
            kind: RelationKind::UtovareMot,
            custody: None,
        },
    )
    .unwrap();
    let s = sip::create(
        &mut db.conn,
        c,
        &NewSip {
            person_id: m,
            need_discovered_on: c.today,
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Ingen,
        },
    )
    .unwrap();
    sip::save_preparation(
        &mut db.conn,
        c,
        s.into(),
        &Preparation {
            what_matters: "Att Nils får gå kvar på Ekängsskolan".into(),
            background: "Flydde till systern i Kumla".into(),
            questions: String::new(),
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Ingen,
            questions_categories: None,
        },
    )
    .unwrap();
    (case, vec![m, child, f], s)
}

fn numbers(db: &testkit::Db, case: CaseId) -> Vec<String> {
    let full = cases::get(&db.conn, case, date(TODAY)).unwrap();
    let mut out = Vec::new();
    for p in &full.persons {
        if let Some(n) = &p.identity_number {
            let digits: String = n.chars().filter(char::is_ascii_digit).collect();
            out.push(n.clone()); // 19860402-1234
            out.push(digits[2..].to_owned()); // 8604021234
            out.push(n[2..].to_owned()); // 860402-1234
            out.push(digits[..8].to_owned()); // 19860402 (the birth date)
        }
        if let Some(b) = p.birth_date {
            out.push(b.to_string());
            out.push(b.format("%Y%m%d").to_string());
        }
    }
    assert!(out.len() >= 10, "the fixture lost its numbers: {out:?}");
    out
}

/// Fails naming every secret the serialised case carries.
fn assert_masked(detail: &CaseDetail, numbers: &[String]) {
    let json = serde_json::to_string(detail).unwrap();
    let lower = json.to_lowercase();
    let leaks: Vec<&str> = SECRETS
        .iter()
        .copied()
        .chain(numbers.iter().map(String::as_str))
        .filter(|s| json.contains(s) || lower.contains(&s.to_lowercase()))
        .collect();
    assert!(
        leaks.is_empty(),
        "the masked case carries {leaks:?}:\n{json}"
    );
    assert!(detail.masked && detail.is_protected);
    assert_eq!(
        detail.protection,
        Some(ProtectionLevel::SkyddadFolkbokforing)
    );
}

#[test]
fn a_masked_case_carries_no_name_number_address_phone_or_free_text_of_anyone() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (case, ids, _) = protected_case(&mut db, &c);
    let numbers = numbers(&db, case);

    let masked = cases::get_for(&db.conn, &c, case).unwrap();
    assert_masked(&masked, &numbers);
    // What the masked view shows: the reference, and each person's initials and level.
    assert_eq!(masked.reference, "AKT-2026-0101");
    let shown: Vec<(&str, ProtectionLevel)> = masked
        .persons
        .iter()
        .map(|p| (p.name.as_str(), p.protection_level))
        .collect();
    assert_eq!(
        shown,
        [
            ("K. H.", ProtectionLevel::SkyddadFolkbokforing),
            ("N. H.", ProtectionLevel::Ingen),
            ("J. E.", ProtectionLevel::Ingen),
        ]
    );
    assert_eq!(masked.persons.iter().map(|p| p.id).collect::<Vec<_>>(), ids);

    // The same case, opened: everything is there (the search above is not vacuous).
    let mut opened = c.clone();
    opened.opened.insert(case);
    let full = cases::get_for(&db.conn, &opened, case).unwrap();
    let json = serde_json::to_string(&full).unwrap();
    assert!(!full.masked);
    for s in [
        MOTHER,
        CHILD,
        FATHER,
        "Via kvinnojouren Tranan",
        "Lärkvägen 12, Hallsberg",
        "070-123 45 67",
        "persiska",
    ] {
        assert!(json.contains(s), "the opened case lacks {s}");
    }
    assert!(json.contains(&numbers[0]));
    assert_eq!(full.relations.len(), 3);
    assert_eq!(full.sips.len(), 1);
}

#[test]
fn a_child_is_protected_through_its_mother_and_the_whole_case_is_masked() {
    // Only the child's relation to a protected mother makes the case protected: the protection
    // rules count parents and children.
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (case, _) = case_with(
        &mut db,
        &c,
        "AKT-1",
        person("Olle Berg", None, ProtectionLevel::Ingen),
    );
    assert!(!is_protected(&db.conn, case).unwrap());
    assert!(!cases::get_for(&db.conn, &c, case).unwrap().masked);
    person::create(
        &mut db.conn,
        &c,
        case.into(),
        &person("Maja Berg", None, ProtectionLevel::Sekretessmarkering),
    )
    .unwrap();
    assert!(is_protected(&db.conn, case).unwrap());
    let masked = cases::get_for(&db.conn, &c, case).unwrap();
    assert!(masked.masked);
    assert!(!serde_json::to_string(&masked).unwrap().contains("Berg"));
}

#[test]
fn an_unopened_protected_case_refuses_every_door_to_its_data() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (case, ids, s) = protected_case(&mut db, &c);
    let not_opened = |r: Result<()>| matches!(r, Err(Error::NotOpened));
    assert!(not_opened(require_case(&db.conn, &c, case)));
    assert!(not_opened(require_sip(&db.conn, &c, s)));
    for p in &ids {
        assert!(not_opened(require_person(&db.conn, &c, *p)));
    }
    let plan = DocumentRequest::Consent {
        sip_id: s,
        consent_id: crate::ids::ConsentId(1),
        recipient: crate::document::Recipient::Person,
    };
    assert!(not_opened(open_request(&db.conn, &c, plan).map(|_| ())));
    // The samråd underlag of the case, though de-identified, is built from its record.
    assert!(not_opened(
        open_request(
            &db.conn,
            &c,
            crate::document::samrad::SamradPdf::Current {
                case_id: case,
                question: String::new(),
                accepted: vec![],
            }
        )
        .map(|_| ())
    ));
    // The blank consent form belongs to no case.
    assert!(open_request(&db.conn, &c, DocumentRequest::BlankConsent).is_ok());
    // The refusal says what to do, in Swedish.
    assert!(Error::NotOpened.to_string().contains("Öppna akten"));
    assert_eq!(Error::NotOpened.kind(), crate::ErrorKind::NotOpened);

    // Opened in this context: every door opens.
    let mut opened = c.clone();
    opened.opened.insert(case);
    require_case(&db.conn, &opened, case).unwrap();
    require_sip(&db.conn, &opened, s).unwrap();
    require_person(&db.conn, &opened, ids[2]).unwrap();
    open_request(&db.conn, &opened, plan).unwrap();

    // Another case's open does not count; a missing case or SIP is "not found", not "open".
    let (other, _) = case_with(
        &mut db,
        &c,
        "AKT-2",
        person("Ada Lund", None, ProtectionLevel::SkyddadFolkbokforing),
    );
    assert!(not_opened(require_case(&db.conn, &opened, other)));
    assert!(matches!(
        require_case(&db.conn, &c, CaseId(999)),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        require_sip(&db.conn, &c, SipId(999)),
        Err(Error::NotFound(_))
    ));
    // An unprotected case needs no open.
    let (plain, _) = case_with(
        &mut db,
        &c,
        "AKT-3",
        person("Per Ek", None, ProtectionLevel::Ingen),
    );
    require_case(&db.conn, &c, plain).unwrap();
}

#[test]
fn every_open_is_recorded_newest_first_without_personal_data() {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (case, _, _) = protected_case(&mut db, &c);
    assert!(history(&db.conn, case).unwrap().is_empty());
    let first = testkit::ctx("2026-11-21");
    let second = testkit::ctx("2026-11-22");
    assert!(record_open(&mut db.conn, &first, case).unwrap());
    assert!(record_open(&mut db.conn, &second, case).unwrap());
    let entries = history(&db.conn, case).unwrap();
    assert_eq!(entries.len(), 2, "a repeated open is recorded too");
    assert_eq!(entries[0].at, second.timestamp(), "newest first");
    assert_eq!(entries[1].at, first.timestamp());
    for e in &entries {
        assert_eq!(e.profile, "01234567");
        assert_eq!(e.action, OPEN_ACTION);
        assert_eq!(e.summary, OPEN_SUMMARY);
    }
    // The opens are in the case's history (one history, append-only by trigger) and nowhere
    // else; changes are not listed as opens.
    let all = audit::list(&db.conn, Some(case)).unwrap();
    assert_eq!(all.iter().filter(|e| e.action == OPEN_ACTION).count(), 2);
    assert!(all.len() > 2);
    let json = serde_json::to_string(&all).unwrap();
    for s in SECRETS.iter().chain([MOTHER, CHILD, FATHER].iter()) {
        assert!(!json.contains(s), "the history holds {s}");
    }
    assert!(db
        .conn
        .execute("DELETE FROM case_history WHERE action = ?1", [OPEN_ACTION])
        .is_err());

    // An unprotected case is not "opened": nothing is recorded.
    let (plain, _) = case_with(
        &mut db,
        &c,
        "AKT-3",
        person("Per Ek", None, ProtectionLevel::Ingen),
    );
    assert!(!record_open(&mut db.conn, &c, plain).unwrap());
    assert!(history(&db.conn, plain).unwrap().is_empty());
    assert!(matches!(
        record_open(&mut db.conn, &c, CaseId(999)),
        Err(Error::NotFound(_))
    ));
}

const PW: &str = "korrekt häst batteri";

fn vault() -> (tempfile::TempDir, FakeClock, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let clock = FakeClock::default();
    let mut v = Vault::new(
        dir.path(),
        Box::new(MemoryStore::default()),
        Arc::new(clock.clone()),
    )
    .with_kdf(KdfParams::TEST);
    v.setup(PW, PW).unwrap();
    (dir, clock, v)
}

fn case_in(v: &mut Vault) -> CaseId {
    v.with_now(|c, ctx| {
        let mut p = person(
            MOTHER,
            Some(&pnr("1986-04-02", 123)),
            ProtectionLevel::FingeradePersonuppgifter,
        );
        p.contact_way = "Via kvinnojouren Tranan".into();
        cases::create(
            c,
            ctx,
            &NewCase {
                reference: "AKT-2026-0102".into(),
                person: p,
            },
        )
    })
    .unwrap()
}

fn shown(v: &mut Vault, case: CaseId) -> CaseDetail {
    v.with_now(|c, ctx| cases::get_for(c, ctx, case)).unwrap()
}

#[test]
fn the_vault_unmasks_after_an_open_and_forgets_it_at_every_lock() {
    let (_dir, clock, mut v) = vault();
    let case = case_in(&mut v);
    assert!(shown(&mut v, case).masked);
    assert!(matches!(
        v.with_now(|c, ctx| require_case(c, ctx, case)),
        Err(Error::NotOpened)
    ));

    assert!(crate::access::open_record(&mut v, case).unwrap());
    let full = shown(&mut v, case);
    assert!(!full.masked);
    assert_eq!(full.persons[0].name, MOTHER);
    assert_eq!(full.persons[0].contact_way, "Via kvinnojouren Tranan");
    v.with_now(|c, ctx| require_case(c, ctx, case)).unwrap();

    // A manual lock forgets the open.
    v.lock();
    v.unlock(PW).unwrap();
    assert!(shown(&mut v, case).masked);
    assert!(matches!(
        v.with_now(|c, ctx| require_case(c, ctx, case)),
        Err(Error::NotOpened)
    ));

    // So does the idle lock.
    crate::access::open_record(&mut v, case).unwrap();
    assert!(!shown(&mut v, case).masked);
    clock.advance(std::time::Duration::from_secs(60 * 60));
    assert!(v.tick());
    assert!(matches!(
        crate::access::open_record(&mut v, case),
        Err(Error::Locked)
    ));
    v.unlock(PW).unwrap();
    assert!(shown(&mut v, case).masked);

    // And so does an unlock of an open vault (it locks first).
    crate::access::open_record(&mut v, case).unwrap();
    v.unlock(PW).unwrap();
    assert!(shown(&mut v, case).masked);

    // Every open is in the access history: three so far.
    let entries = v.with_conn(|c| history(c, case)).unwrap();
    assert_eq!(entries.len(), 3);
}
