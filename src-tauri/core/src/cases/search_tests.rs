//! Issue 18, finding 1 and the due field of finding 4: the case search can't be mined for a
//! protected person, every find of one is in the case's history, searches are rate limited,
//! and the list shows no date of an unopened protected case.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;

use super::*;
use crate::clock::FakeClock;
use crate::consent::{records, ConsentForm, Giver, InfoCategory, Scope};
use crate::keys::keyring::MemoryStore;
use crate::keys::KdfParams;
use crate::search_budget::*;
use crate::session::Vault;
use crate::sip::{MeetingInput, NewSip};
use crate::testkit::{self, ctx, date, person};
use crate::vocab::{ProtectionLevel, RequestedBy};
use crate::ErrorKind;

const TODAY: &str = "2026-11-20";
const NAME: &str = "Zelmira Åsa Quistberg";
const PLACE: &str = "Kvarngatan 7, mötesrum Ljuset";
const MEETING: &str = "2027-01-14";

fn number() -> String {
    testkit::pnr("1985-03-14", 123)
}

/// Every written form of a number: 12 digits with and without hyphen or space, 10 digits
/// with and without hyphen or space.
fn number_forms(canonical: &str) -> Vec<String> {
    let d: String = canonical.chars().filter(char::is_ascii_digit).collect();
    let (date12, tail) = d.split_at(8);
    let date10 = &date12[2..];
    vec![
        d.clone(),
        format!("{date12}-{tail}"),
        format!("{date12} {tail}"),
        d[2..].to_owned(),
        format!("{date10}-{tail}"),
        format!("{date10} {tail}"),
    ]
}

/// Test-side rule, written independently of the code under test: does `q` name `name` or
/// `canonical` whole?
fn is_whole(q: &str, name: &str, canonical: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let words = |s: &str| {
        let mut w: Vec<String> = s
            .nfc()
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .map(String::from)
            .collect();
        w.sort();
        w
    };
    let qd: String = q.chars().filter(char::is_ascii_digit).collect();
    let numeric = !qd.is_empty()
        && q.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '-' || c == '+');
    let d: String = canonical.chars().filter(char::is_ascii_digit).collect();
    (!words(q).is_empty() && words(q) == words(name)) || (numeric && (qd == d || qd == d[2..]))
}

/// A database with an unprotected case and a protected one (NAME, number()).
fn two_cases() -> (testkit::Db, CaseId, CaseId) {
    let mut db = testkit::db();
    let c = ctx(TODAY);
    let (open, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0001",
        person(
            "Eva Ek",
            Some(testkit::pnr("1990-05-05", 246).as_str()),
            ProtectionLevel::Ingen,
        ),
    );
    let (hidden, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0009",
        person(
            NAME,
            Some(number().as_str()),
            ProtectionLevel::SkyddadFolkbokforing,
        ),
    );
    (db, open, hidden)
}

fn found(db: &mut testkit::Db, q: &str) -> Vec<CaseId> {
    found_in(db, q)
}

fn found_in(db: &mut testkit::Db, q: &str) -> Vec<CaseId> {
    list(&mut db.conn, &ctx(TODAY), q)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn a_protected_person_is_found_by_her_whole_name_in_any_case_spacing_and_order() {
    let (mut db, _, hidden) = two_cases();
    for q in [
        "Zelmira Åsa Quistberg",
        "zelmira åsa quistberg",
        "ZELMIRA ÅSA QUISTBERG",
        "  zelmira   Åsa\tquistberg  ",
        "Quistberg Zelmira Åsa",
        // "Å" typed as A + combining ring (NFD): the same name.
        "Zelmira A\u{30a}sa Quistberg",
    ] {
        assert_eq!(found(&mut db, q), vec![hidden], "{q:?}");
    }
}

#[test]
fn a_protected_person_is_found_by_her_whole_number_in_any_written_form() {
    let (mut db, _, hidden) = two_cases();
    for q in number_forms(&number()) {
        assert_eq!(found(&mut db, &q), vec![hidden], "{q:?}");
    }
}

#[test]
fn a_protected_person_is_not_found_by_a_part_of_her_name_her_initials_or_a_part_of_her_number() {
    let (mut db, _, hidden) = two_cases();
    let digits: String = number().chars().filter(char::is_ascii_digit).collect();
    let mut queries: Vec<String> = [
        "zelmira",
        "quistberg",
        "Quist",
        "zel",
        "berg",
        "Zelmira Quistberg",
        "Åsa Quistberg",
        "Zelmira Åsa Quistberg Ek",
        "Zelmira Åsa Quistber",
        "Z. Å. Q.",
        "Z Å Q",
        "ZÅQ",
        "zelmira åsa quistberg 850314",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every prefix of the number, in its 12- and 10-digit forms (also the 10-digit prefix of
    // the 12-digit form), with and without hyphen.
    for n in 1..12 {
        queries.push(digits[..n].to_owned());
        if n >= 8 {
            queries.push(format!("{}-{}", &digits[..8], &digits[8..n]));
        }
    }
    for n in 1..10 {
        queries.push(digits[2..2 + n].to_owned());
    }
    // Any one digit wrong, in either form.
    for i in 0..12 {
        let mut wrong: Vec<u8> = digits.bytes().collect();
        wrong[i] = if wrong[i] == b'9' { b'0' } else { wrong[i] + 1 };
        let wrong = String::from_utf8(wrong).unwrap();
        queries.push(wrong.clone());
        if i >= 2 {
            queries.push(wrong[2..].to_owned());
        }
    }
    // A part of the number inside it (not a prefix).
    queries.push(digits[2..11].to_owned());
    queries.push(digits[4..].to_owned());
    for q in &queries {
        assert!(
            !found(&mut db, q).contains(&hidden),
            "{q:?} found the protected case"
        );
    }
}

#[test]
fn references_and_unprotected_persons_are_still_found_by_any_part() {
    let (mut db, open, hidden) = two_cases();
    assert_eq!(found(&mut db, "eva"), vec![open]);
    assert_eq!(found(&mut db, "EK"), vec![open]);
    assert_eq!(found(&mut db, "199005"), vec![open], "a part of her number");
    assert_eq!(
        found(&mut db, "0009"),
        vec![hidden],
        "a protected case's reference"
    );
    assert_eq!(found(&mut db, "vnr-2026").len(), 2);
    assert_eq!(found(&mut db, "").len(), 2);
}

#[test]
fn a_search_that_finds_a_protected_case_is_in_its_history_without_the_query() {
    let (mut db, open, hidden) = two_cases();
    let searches = |db: &testkit::Db, case| -> Vec<crate::audit::HistoryEntry> {
        crate::audit::list(&db.conn, Some(case))
            .unwrap()
            .into_iter()
            .filter(|e| e.action == SEARCH_ACTION)
            .collect()
    };
    // Misses, the whole list, the reference and the unprotected case write nothing.
    for q in ["zelmira", "8503", "", "0009", "eva ek"] {
        found(&mut db, q);
    }
    assert!(searches(&db, hidden).is_empty());
    assert!(searches(&db, open).is_empty());
    // Each find by the whole name or number is one entry, with no name and no number.
    found(&mut db, "zelmira åsa quistberg");
    found(&mut db, &number());
    let entries = searches(&db, hidden);
    assert_eq!(entries.len(), 2);
    for e in &entries {
        assert_eq!(e.summary, SEARCH_SUMMARY);
        for w in ["zelmira", "åsa", "quistberg", "8503", "1985"] {
            assert!(!e.summary.to_lowercase().contains(w), "{e:?}");
        }
    }
    // In the log, under "Öppnade akter".
    assert_eq!(
        crate::history_log::LogGroup::of(SEARCH_ACTION),
        crate::history_log::LogGroup::Atkomst
    );
    // An over-long query is refused before anything is read or written.
    let long = "a".repeat(MAX_QUERY + 1);
    let e = list(&mut db.conn, &ctx(TODAY), &long).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("högst 200 tecken"), "{e}");
    assert!(list(&mut db.conn, &ctx(TODAY), &"å".repeat(MAX_QUERY)).is_ok());
}

// ---- The due field ----------------------------------------------------------------------

/// Books a meeting (on `on`, at PLACE) in a new SIP of `person`, with a consent that covers it.
fn book_meeting(
    conn: &mut Connection,
    c: &Ctx,
    person: crate::ids::PersonId,
    on: &str,
    place: &str,
) {
    let sip = sip::create(
        conn,
        c,
        &NewSip {
            person_id: person,
            need_discovered_on: c.today,
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    let unit = crate::actor::save_unit(
        conn,
        c,
        &crate::actor::UnitInput {
            id: None,
            name: format!("Våldsteamet {}", person.0),
            actor_type: crate::vocab::ActorType::SocVald,
            principal: crate::vocab::Principal::Kommun,
            area: "Örebro".into(),
            phone: String::new(),
            email: String::new(),
            organisation_id: None,
        },
    )
    .unwrap();
    records::record(
        conn,
        c,
        sip.into(),
        &records::ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: vec![crate::consent::ActorRef {
                    unit,
                    contact: None,
                }],
                categories: InfoCategory::ALL
                    .iter()
                    .copied()
                    .filter(|c| *c != InfoCategory::Annat)
                    .collect(),
                ..Scope::default()
            },
            valid_from: c.today,
            valid_to: crate::consent::rules::max_valid_to(c.today),
        },
    )
    .unwrap();
    sip::save_meeting(
        conn,
        c,
        sip.into(),
        &MeetingInput {
            id: None,
            on_date: date(on),
            at_time: "10:00".into(),
            digital: false,
            place: place.into(),
            held: false,
            person_present: false,
            present: vec![],
            safety_checklist: None,
        },
    )
    .unwrap();
}

fn first_person(conn: &Connection, case: CaseId) -> crate::ids::PersonId {
    conn.query_row(
        "SELECT min(id) FROM persons WHERE case_id = ?1",
        [case],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_protected_cases_due_date_shows_and_sorts_only_after_the_open() {
    let (mut db, open, hidden) = two_cases();
    let c = ctx(TODAY);
    let (later, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0002",
        person("Per Holm", None, ProtectionLevel::Ingen),
    );
    let (none, _) = testkit::case_with(
        &mut db,
        &c,
        "VNR-2026-0003",
        person("Ola Berg", None, ProtectionLevel::Ingen),
    );
    let p = first_person(&db.conn, open);
    book_meeting(&mut db.conn, &c, p, "2026-12-01", "Stadshuset");
    let p = first_person(&db.conn, later);
    book_meeting(&mut db.conn, &c, p, "2027-03-01", "Stadshuset");
    let p = first_person(&db.conn, hidden);
    book_meeting(&mut db.conn, &c, p, MEETING, PLACE);

    let rows = list(&mut db.conn, &c, "").unwrap();
    let order: Vec<CaseId> = rows.iter().map(|r| r.id).collect();
    assert_eq!(
        order,
        vec![hidden, open, later, none],
        "hidden dues first, whatever their date"
    );
    let h = &rows[0];
    assert_eq!((h.due.as_ref(), h.due_hidden), (None, true));
    let json = serde_json::to_string(&rows).unwrap();
    assert!(!json.contains(MEETING), "{json}");
    assert!(!json.contains("2027-01"), "{json}");
    assert_eq!(rows[3].due, None);
    assert!(!rows[3].due_hidden, "nothing due is not hidden");

    // After the explicit open: the date shows, and the case sorts by it.
    crate::access::record_open(&mut db.conn, &c, hidden).unwrap();
    let mut opened = c.clone();
    opened.opened.insert(hidden);
    let rows = list(&mut db.conn, &opened, "").unwrap();
    let order: Vec<CaseId> = rows.iter().map(|r| r.id).collect();
    assert_eq!(order, vec![open, hidden, later, none]);
    assert_eq!(rows[1].due.as_ref().map(|d| d.on), Some(date(MEETING)));
    assert!(!rows[1].due_hidden);
}

// ---- The rate limit, through the vault ----------------------------------------------------

const PW: &str = "korrekt häst batteri";

fn vault(dir: &Path, store: &MemoryStore, clock: &FakeClock) -> Vault {
    Vault::new(dir, Box::new(store.clone()), Arc::new(clock.clone())).with_kdf(KdfParams::TEST)
}

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 11, 0, 0).unwrap()
}

fn limit_entries(v: &mut Vault) -> usize {
    v.with_conn(|c| crate::audit::list(c, None))
        .unwrap()
        .iter()
        .filter(|e| e.action == LIMIT_ACTION)
        .count()
}

#[test]
fn name_searches_beyond_the_limit_are_refused_with_when_to_try_again() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = (MemoryStore::default(), FakeClock::default());
    let mut v = vault(dir.path(), &s, &clock);
    v.setup(PW, PW).unwrap();
    for i in 0..NAME_BURST {
        crate::cases::search_at(&mut v, noon(), &format!("namn {i}")).unwrap();
    }
    let e = crate::cases::search_at(&mut v, noon(), "ett namn till").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SearchLimited);
    assert!(e.to_string().contains("sök igen om 1 sekund"), "{e}");
    // Searches that can reach no protected person still work.
    crate::cases::search_at(&mut v, noon(), "").unwrap();
    crate::cases::search_at(&mut v, noon(), "2026-002").unwrap();
    // One more per second.
    clock.advance(NAME_EVERY);
    crate::cases::search_at(&mut v, noon(), "ett namn till").unwrap();
    assert!(crate::cases::search_at(&mut v, noon(), "och ett").is_err());
    // The refusals are in the history, once per ten minutes, without the query.
    assert_eq!(limit_entries(&mut v), 1);
    clock.advance(LIMIT_ENTRY_EVERY);
    for i in 0..NAME_BURST {
        crate::cases::search_at(&mut v, noon(), &format!("namn {i}")).unwrap();
    }
    assert!(crate::cases::search_at(&mut v, noon(), "igen").is_err());
    assert!(crate::cases::search_at(&mut v, noon(), "igen").is_err());
    assert_eq!(limit_entries(&mut v), 2);
    let history = v.with_conn(|c| crate::audit::list(c, None)).unwrap();
    assert!(history.iter().all(|e| !e.summary.contains("igen")));
}

#[test]
fn number_searches_beyond_the_limit_are_refused_and_a_lock_does_not_refill_them() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = (MemoryStore::default(), FakeClock::default());
    let mut v = vault(dir.path(), &s, &clock);
    v.setup(PW, PW).unwrap();
    for i in 0..NUMBER_BURST {
        crate::cases::search_at(&mut v, noon(), &format!("850314-{:04}", i)).unwrap();
    }
    v.lock();
    v.unlock(PW).unwrap();
    let e = crate::cases::search_at(&mut v, noon(), "8503141230").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SearchLimited);
    assert!(e.to_string().contains("sök igen om 30 sekunder"), "{e}");
    // Names have their own budget.
    crate::cases::search_at(&mut v, noon(), "zelmira").unwrap();
    clock.advance(Duration::from_secs(10));
    let e = crate::cases::search_at(&mut v, noon(), "8503141230").unwrap_err();
    assert!(e.to_string().contains("20 sekunder"), "{e}");
    clock.advance(NUMBER_EVERY - Duration::from_secs(10));
    crate::cases::search_at(&mut v, noon(), "8503141230").unwrap();
    // An over-long query is refused before it counts or reads anything; locked, nothing counts.
    let long = "8".repeat(10 * MAX_QUERY);
    let e = crate::cases::search_at(&mut v, noon(), &long).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    v.lock();
    assert_eq!(
        crate::cases::search_at(&mut v, noon(), "zelmira")
            .unwrap_err()
            .kind(),
        ErrorKind::Locked
    );
}

/// A worker typing as the case list searches (one search per pause of 180 ms, the UI's
/// debounce, so at worst one per keystroke): ten names and six personnummer back to back, and
/// then a working day of one name a minute and a number every five — never refused.
#[test]
fn a_worker_typing_normally_is_never_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let (s, clock) = (MemoryStore::default(), FakeClock::default());
    let mut v = vault(dir.path(), &s, &clock);
    v.setup(PW, PW).unwrap();
    let keystroke = Duration::from_millis(180);
    let type_in = |v: &mut Vault, text: &str| {
        let mut typed = String::new();
        for ch in text.chars() {
            typed.push(ch);
            clock.advance(keystroke);
            crate::cases::search_at(v, noon(), &typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        }
    };
    let names = [
        "Anna-Karin Lindqvist",
        "Mohammed Al-Hassan",
        "Łukasz Nowakowski",
        "Sara Lind",
        "Nguyễn Thị Lan",
        "Per Olof Svensson",
        "Fatima Ahmed",
        "Åsa Öberg",
        "Zelmira Quistberg",
        "Eva Ek",
    ];
    for n in names {
        type_in(&mut v, n);
    }
    for i in 0..6 {
        type_in(&mut v, &format!("1985031{i}-1234"));
    }
    for minute in 0..480 {
        clock.advance(Duration::from_secs(60));
        type_in(&mut v, names[minute % names.len()]);
        if minute % 5 == 0 {
            type_in(&mut v, "19850314-1234");
        }
    }
}

// ---- Nothing of an unopened protected case in any answer (property) -----------------------

/// Two vaults that are the same up to the protected person: same profile, same key, same
/// unprotected case and the same history up to the protected case; then each gets a protected
/// case with the same shape (initials, level, a SIP with a meeting) but another name, number,
/// meeting place and meeting date.
struct Twins {
    _dirs: Vec<tempfile::TempDir>,
    clock: FakeClock,
    vaults: [Vault; 2],
    secrets: [Secret; 2],
    hidden: CaseId,
}

#[derive(Clone)]
struct Secret {
    name: &'static str,
    number: String,
    place: &'static str,
    meeting: &'static str,
}

fn secrets() -> [Secret; 2] {
    [
        Secret {
            name: "Zelmira Åsa Quistberg",
            number: testkit::pnr("1985-03-14", 123),
            place: "Kvarngatan 7, mötesrum Ljuset",
            meeting: "2027-01-14",
        },
        Secret {
            name: "Zofia Åsne Qvarnström",
            number: testkit::pnr("1979-08-02", 468),
            place: "Björkvägen 21, lokal Gläntan",
            meeting: "2027-02-23",
        },
    ]
}

fn twins() -> Twins {
    let clock = FakeClock::default();
    let store = MemoryStore::default();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut va = vault(a.path(), &store, &clock);
    va.setup(PW, PW).unwrap();
    va.with_ctx(noon(), |c, ctx| {
        let case = create(
            c,
            ctx,
            &NewCase {
                reference: "VNR-2026-0001".into(),
                person: person(
                    "Eva Ek",
                    Some(testkit::pnr("1990-05-05", 246).as_str()),
                    ProtectionLevel::Ingen,
                ),
            },
        )?;
        let p = first_person(c, case);
        book_meeting(c, ctx, p, "2026-12-01", "Stadshuset");
        Ok(())
    })
    .unwrap();
    va.lock();
    for f in std::fs::read_dir(a.path()).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), b.path().join(f.file_name())).unwrap();
    }
    let mut vb = vault(b.path(), &store, &clock);
    va.unlock(PW).unwrap();
    vb.unlock(PW).unwrap();
    let secrets = secrets();
    let mut vaults = [va, vb];
    let mut hidden = None;
    for (v, s) in vaults.iter_mut().zip(&secrets) {
        let case = v
            .with_ctx(noon(), |c, ctx| {
                let case = create(
                    c,
                    ctx,
                    &NewCase {
                        reference: "VNR-2026-0009".into(),
                        person: person(
                            s.name,
                            Some(s.number.as_str()),
                            ProtectionLevel::SkyddadFolkbokforing,
                        ),
                    },
                )?;
                let p = first_person(c, case);
                book_meeting(c, ctx, p, s.meeting, s.place);
                Ok(case)
            })
            .unwrap();
        assert!(hidden.is_none_or(|h| h == case));
        hidden = Some(case);
    }
    Twins {
        _dirs: vec![a, b],
        clock,
        vaults,
        secrets,
        hidden: hidden.unwrap(),
    }
}

/// What no answer may contain before the open (compared in lower case): the name, each of its
/// words, the number in every form, the meeting place and the meeting date.
fn forbidden(s: &Secret) -> Vec<String> {
    let mut out = vec![
        s.name.to_lowercase(),
        s.place.to_lowercase(),
        s.meeting.into(),
    ];
    out.extend(s.name.to_lowercase().split_whitespace().map(String::from));
    out.extend(number_forms(&s.number));
    out.push(s.number.clone());
    out
}

#[derive(Debug, Clone)]
enum Op {
    Search(String),
    /// Each twin searched by its own whole name (both find their protected case).
    WholeName,
    LogPage(crate::history_log::LogFilter),
    LogCsv(crate::history_log::LogFilter),
    Wait(u64),
}

/// One call as the commands make it; the answer as the page would get it (JSON or CSV text,
/// or the error's `{kind, message}`), the profile id left out (it is the same in both twins
/// anyway, but keep the comparison about the data).
fn call(t: &mut Twins, i: usize, op: &Op) -> String {
    let v = &mut t.vaults[i];
    let answer: crate::Result<String> = match op {
        Op::Search(q) => {
            crate::cases::search_at(v, noon(), q).map(|r| serde_json::to_string(&r).unwrap())
        }
        Op::WholeName => crate::cases::search_at(v, noon(), t.secrets[i].name)
            .map(|r| serde_json::to_string(&r).unwrap()),
        Op::LogPage(f) => v
            .with_ctx(noon(), |c, ctx| crate::history_log::page(c, ctx, f))
            .map(|r| serde_json::to_string(&r).unwrap()),
        Op::LogCsv(f) => v.with_ctx(noon(), |c, ctx| {
            let (bytes, _) = crate::history_log::to_csv(c, ctx, f)?;
            // The chain's end (the anchor) covers every entry; its hash is the same commitment
            // "Kontrollera loggen" returns, not compared here (see the report of issue 18).
            let text = String::from_utf8(bytes).unwrap();
            let mut lines: Vec<&str> = text.split("\r\n").collect();
            let anchor = lines
                .iter()
                .rposition(|l| l.contains("Kedjans slut"))
                .unwrap();
            let kept = lines[anchor].rsplit_once(';').unwrap().0.to_owned();
            let mut lines: Vec<String> = lines.drain(..).map(String::from).collect();
            lines[anchor] = kept;
            Ok(lines.join("\r\n"))
        }),
        Op::Wait(s) => {
            if i == 1 {
                t.clock.advance(Duration::from_secs(*s));
            }
            Ok(String::new())
        }
    };
    answer.unwrap_or_else(|e| serde_json::to_string(&e.to_ipc()).unwrap())
}

mod property {
    use super::*;
    use crate::history_log::{LogFilter, LogGroup};
    use proptest::prelude::*;

    /// Queries an attacker would try from what the screen shows (initials) and what she may
    /// know (a birth date): parts, words, initials and prefixes of both twins' names and
    /// numbers, one digit off, and random text.
    fn query() -> impl Strategy<Value = String> {
        let s = secrets();
        let names: Vec<String> = s.iter().map(|s| s.name.to_owned()).collect();
        let digits: Vec<String> = s
            .iter()
            .map(|s| s.number.chars().filter(char::is_ascii_digit).collect())
            .collect();
        let (n1, d1) = (names.clone(), digits.clone());
        prop_oneof![
            // A part of a name, in any case.
            (
                0..2usize,
                any::<prop::sample::Index>(),
                1..12usize,
                any::<bool>()
            )
                .prop_map(move |(t, start, len, upper)| {
                    let chars: Vec<char> = n1[t].chars().collect();
                    let a = start.index(chars.len());
                    let s: String = chars[a..(a + len).min(chars.len())].iter().collect();
                    if upper {
                        s.to_uppercase()
                    } else {
                        s
                    }
                }),
            // Some of a name's words (never all of them), in any order.
            (0..2usize, any::<prop::sample::Index>(), any::<bool>()).prop_map(
                move |(t, skip, rev)| {
                    let words: Vec<&str> = names[t].split_whitespace().collect();
                    let skip = skip.index(words.len());
                    let mut w: Vec<&str> = words
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != skip)
                        .map(|(_, w)| *w)
                        .collect();
                    if rev {
                        w.reverse();
                    }
                    w.join(" ")
                }
            ),
            // Initials, as shown and typed.
            prop_oneof![
                Just("Z. Å. Q.".to_owned()),
                Just("Z. Q.".to_owned()),
                Just("ZÅQ".to_owned()),
                Just("z q".to_owned()),
            ],
            // A prefix of a number (12- or 10-digit form), with or without hyphen.
            (0..2usize, any::<bool>(), 1..12usize, any::<bool>()).prop_map(
                move |(t, ten, n, hyphen)| {
                    let d = if ten { &d1[t][2..] } else { &d1[t][..] };
                    let p = &d[..n.min(d.len() - 1)];
                    if hyphen && p.len() > d.len() - 4 {
                        let cut = d.len() - 4;
                        format!("{}-{}", &p[..cut], &p[cut..])
                    } else {
                        p.to_owned()
                    }
                }
            ),
            // A number with one digit off.
            (0..2usize, any::<bool>(), 0..12usize, 1..10u8).prop_map(move |(t, ten, i, by)| {
                let mut d: Vec<u8> = digits[t].bytes().collect();
                d[i] = b'0' + (d[i] - b'0' + by) % 10;
                let d = String::from_utf8(d).unwrap();
                if ten {
                    d[2..].to_owned()
                } else {
                    d
                }
            }),
            "[a-zåäöA-Z0-9 .-]{0,14}",
        ]
    }

    fn filter() -> impl Strategy<Value = LogFilter> {
        let groups: Vec<Option<LogGroup>> = std::iter::once(None)
            .chain(LogGroup::ALL.iter().copied().map(Some))
            .collect();
        (
            prop::sample::select(groups),
            prop::option::of(Just(date("2026-11-20"))),
        )
            .prop_map(|(group, day)| LogFilter {
                from: day,
                to: day,
                group,
            })
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => query().prop_map(Op::Search),
            1 => Just(Op::WholeName),
            2 => filter().prop_map(Op::LogPage),
            2 => filter().prop_map(Op::LogCsv),
            1 => (1..120u64).prop_map(Op::Wait),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(testkit::fuzz_cases(24)))]

        /// Issue 18: "for any sequence of list/search/scan/log calls without an open, no
        /// response contains a protected person's name, personnummer or meeting place" — and
        /// no answer depends on them at all: the twins answer alike, byte for byte, unless a
        /// query names one of them whole (then it is skipped: that find is allowed and in the
        /// history, see the rule table).
        #[test]
        fn no_answer_without_an_open_tells_anything_of_the_protected_person(
            ops in prop::collection::vec(op(), 1..24)
        ) {
            let mut t = twins();
            let s = secrets();
            let bad: Vec<String> = s.iter().flat_map(forbidden).collect();
            for op in &ops {
                if let Op::Search(q) = op {
                    if s.iter().any(|s| is_whole(q, s.name, &s.number)) {
                        continue;
                    }
                }
                let a = call(&mut t, 0, op);
                let b = call(&mut t, 1, op);
                let lower = a.to_lowercase();
                for f in &bad {
                    prop_assert!(!lower.contains(f.as_str()), "{op:?}: {f:?} in {a}");
                }
                prop_assert_eq!(&a, &b, "{:?}: the answer depends on the protected person", op);
            }
        }
    }
}

/// The same calls after the explicit open: the protected case's meeting date now shows in the
/// list and the log (and differs between the twins), so the property above can fail.
#[test]
fn after_the_open_the_same_calls_show_the_protected_cases_dates() {
    use crate::history_log::LogFilter;
    let mut t = twins();
    let s = secrets();
    let ops = [
        Op::Search(String::new()),
        Op::LogPage(LogFilter::default()),
        Op::LogCsv(LogFilter::default()),
    ];
    let before: Vec<[String; 2]> = ops
        .iter()
        .map(|op| [call(&mut t, 0, op), call(&mut t, 1, op)])
        .collect();
    for (a, op) in before.iter().zip(&ops) {
        assert_eq!(a[0], a[1], "{op:?}");
    }
    for v in t.vaults.iter_mut() {
        assert!(crate::access::open_record_at(v, noon(), t.hidden).unwrap());
    }
    for op in &ops {
        let a = call(&mut t, 0, op);
        let b = call(&mut t, 1, op);
        assert!(a.contains(s[0].meeting), "{op:?}: {a}");
        assert!(b.contains(s[1].meeting), "{op:?}: {b}");
        assert_ne!(a, b, "{op:?}");
    }
}
