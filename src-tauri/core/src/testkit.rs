//! The test kit: fixtures for the core's unit tests and, behind the `testkit` feature, for the
//! tests and benchmarks outside the crate. A real SQLCipher database in a temporary directory
//! (never the OS keyring: the key is random and lives only in the test), contexts at any date,
//! cases with persons, units, the worker's details, consents, and the open-case tokens for data
//! a test made itself.
//!
//! The app never enables the feature (`tests/system/layers.rs` checks its manifest), so nothing
//! here exists in the binary a social worker runs.

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

use crate::case_ref::{OpenCase, OpenPerson, OpenSip, Opened};
use crate::cases::{self, NewCase};
use crate::ctx::Ctx;
use crate::ids::{CaseId, PersonId, SipId};
use crate::keys::DbKey;
use crate::person::{IdentityInput, PersonInput};
use crate::store::{self, OpenMode};
use crate::vocab::{LegalSex, NoNumberReason, ProtectionLevel};

/// A case a test made itself, as if the worker had opened it (see [`crate::case_ref`]).
pub fn opened(case: CaseId) -> OpenCase {
    OpenCase::checked(case)
}

/// [`opened`] for a SIP.
pub fn opened_sip(sip: SipId) -> OpenSip {
    OpenSip::checked(sip)
}

/// [`opened`] for a person.
pub fn opened_person(person: PersonId) -> OpenPerson {
    OpenPerson::checked(person)
}

/// [`opened`] for a request for a document of data a test made itself.
pub fn opened_request<R: crate::case_ref::CaseScoped>(request: R) -> Opened<R> {
    Opened::checked(request)
}

/// `ctx` with `cases` opened explicitly, as the vault gives it after "Öppna akten".
pub fn with_opened(mut ctx: Ctx, cases: impl IntoIterator<Item = CaseId>) -> Ctx {
    ctx.opened.extend(cases);
    ctx
}

#[derive(Debug)]
pub struct Db {
    pub conn: Connection,
    _dir: tempfile::TempDir,
}

impl Db {
    /// A database opened by the test itself (which needs its path and key).
    pub fn from_parts(conn: Connection, dir: tempfile::TempDir) -> Db {
        Db { conn, _dir: dir }
    }
}

pub fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate().unwrap();
    let conn = store::open(&dir.path().join("t.db"), &key, OpenMode::Create).unwrap();
    Db { conn, _dir: dir }
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A context acting at noon (Swedish time) on `today`.
pub fn ctx(today: &str) -> Ctx {
    ctx_on(date(today))
}

/// A context acting at noon (Swedish time) on `d`.
pub fn ctx_on(d: NaiveDate) -> Ctx {
    let now = Utc.from_utc_datetime(&d.and_hms_opt(11, 0, 0).unwrap());
    let c = Ctx::new("0123456789abcdef0123456789abcdef", now);
    assert_eq!(c.today, d);
    c
}

pub fn person(name: &str, number: Option<&str>, level: ProtectionLevel) -> PersonInput {
    PersonInput {
        name: name.into(),
        identity: match number {
            Some(n) => IdentityInput::Number { number: n.into() },
            None => IdentityInput::None {
                reason: NoNumberReason::Okant,
                note: String::new(),
                birth_date: None,
            },
        },
        legal_sex: LegalSex::Okant,
        language: String::new(),
        interpreter_needed: false,
        protection_level: level,
        address: String::new(),
        phone: String::new(),
        contact_way: String::new(),
        roles: Vec::new(),
        violence_forms: Vec::new(),
    }
}

/// A case with one person; returns both ids.
pub fn case_with(db: &mut Db, ctx: &Ctx, reference: &str, p: PersonInput) -> (CaseId, PersonId) {
    let case = cases::create(
        &mut db.conn,
        ctx,
        &NewCase {
            reference: reference.into(),
            person: p,
        },
    )
    .unwrap();
    let pid = db
        .conn
        .query_row(
            "SELECT min(id) FROM persons WHERE case_id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    (case, pid)
}

/// A valid personnummer (canonical form) for a birth date and serial.
pub fn pnr(birth: &str, serial: u16) -> String {
    crate::person::idnumber::IdentityNumber::from_parts(
        crate::person::idnumber::IdKind::Personnummer,
        date(birth),
        serial,
    )
    .unwrap()
    .canonical()
}

/// Records a written consent from the person (an adult) to the SIP, valid one year from
/// `from`, naming `units` and every information category except "Annat".
pub fn consent(
    db: &mut Db,
    ctx: &Ctx,
    sip: crate::ids::SipId,
    units: &[crate::ids::UnitId],
    from: &str,
) -> crate::ids::ConsentId {
    use crate::consent::{records, ActorRef, ConsentForm, Giver, InfoCategory, Scope};
    let from = date(from);
    records::record(
        &mut db.conn,
        ctx,
        opened_sip(sip),
        &records::ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: units
                    .iter()
                    .map(|u| ActorRef {
                        unit: *u,
                        contact: None,
                    })
                    .collect(),
                categories: InfoCategory::ALL
                    .iter()
                    .copied()
                    .filter(|c| *c != InfoCategory::Annat)
                    .collect(),
                ..Scope::default()
            },
            valid_from: from,
            valid_to: crate::consent::rules::max_valid_to(from),
        },
    )
    .unwrap()
}

/// A unit of type `t` (kommun, Örebro) in the actor directory.
pub fn unit(db: &mut Db, c: &Ctx, name: &str, t: crate::vocab::ActorType) -> crate::ids::UnitId {
    crate::actor::save_unit(
        &mut db.conn,
        c,
        &crate::actor::UnitInput {
            id: None,
            name: name.into(),
            actor_type: t,
            principal: crate::vocab::Principal::Kommun,
            area: "Örebro".into(),
            phone: String::new(),
            email: String::new(),
            organisation_id: None,
        },
    )
    .unwrap()
}

/// The worker's details (Inställningar → Dina uppgifter) under the organisation already set:
/// Anna Berg, socialsekreterare, phone [`WORKER_PHONE`], at `unit` of the directory. From now
/// on every new consent must name that unit (or say why not).
pub fn worker(db: &mut Db, c: &Ctx, unit: crate::ids::UnitId) {
    let organisation = crate::document::organisation(&db.conn).unwrap();
    let (unit_name, unit_type) = db
        .conn
        .query_row(
            "SELECT name, actor_type FROM actor_units WHERE id = ?1",
            [unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let d = crate::worker::save(
        &mut db.conn,
        c,
        &crate::worker::WorkerDetailsInput {
            organisation,
            unit_name,
            unit_type,
            name: "Anna Berg".into(),
            title: "Socialsekreterare".into(),
            phone: WORKER_PHONE.into(),
        },
    )
    .unwrap();
    assert_eq!(d.unit_id, Some(unit));
}

/// The phone of [`worker`].
pub const WORKER_PHONE: &str = "019-16 40 00";

/// The number of cases for a fuzz target (a proptest with a large case count: `cargo fuzz`
/// needs nightly). `default` is what CI runs; `TRYGGPLAN_FUZZ_CASES=<n>` sets every fuzz
/// target to `n` cases for a longer local run (run one target at a time with a test-name
/// filter, e.g. `TRYGGPLAN_FUZZ_CASES=1000000 cargo test -p tryggplan-core fuzz_idnumber`).
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("TRYGGPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
