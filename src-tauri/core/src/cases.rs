//! The case register (ärenden): creating a case with its first person, the case list with
//! search as you type (masked for protected persons, sorted by what is due next) and the
//! case screen's data.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenCase;
use crate::ctx::Ctx;
use crate::ids::CaseId;
use crate::person::{self, Person, PersonInput, Relation};
use crate::search_budget::{looks_numeric, Reach};
use crate::session::Vault;
use crate::sip::{self, Due, SipSummary};
use crate::vocab::ProtectionLevel;
use crate::{Error, Result};

pub use crate::person::initials;

/// One row of the "Ärenden" list. A case with any protected person is masked (initials and
/// the protection level) until opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub display_name: String,
    pub is_protected: bool,
    /// The strongest protection level among the case's persons, when protected.
    pub protection: Option<ProtectionLevel>,
    pub person_count: u32,
    /// What is due next (uppföljning, SIP-möte, boka möte, riskbedömning att förnya), for
    /// sorting and display. None for a protected case not opened in this session.
    pub due: Option<Due>,
    /// Something is due on a protected case not opened in this session: what and when show
    /// only after "Öppna akten".
    pub due_hidden: bool,
}

/// The case screen. For a protected case not yet opened in this session ([`get_for`]) it is
/// masked: `masked` is true, the persons carry initials and protection level only, and the
/// relations, SIPs, reports and reminders are empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseDetail {
    pub id: CaseId,
    pub reference: String,
    pub created_at: String,
    pub is_protected: bool,
    pub protection: Option<ProtectionLevel>,
    /// The record is masked until opened explicitly ("Öppna akten", see `access`).
    pub masked: bool,
    pub persons: Vec<Person>,
    pub relations: Vec<Relation>,
    pub sips: Vec<SipSummary>,
    /// The duty to report concern for the case's children (orosanmälan).
    pub reports: crate::risk::ReportOverview,
    /// Per assessed person, the next risk reassessment (due soon or overdue ones are warnings).
    pub risk_reminders: Vec<crate::risk::RiskReminder>,
}

/// A new case with its first person (so protection applies from the first moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewCase {
    /// The organisation's case reference (diarienummer or similar).
    pub reference: String,
    pub person: PersonInput,
}

pub const MAX_REFERENCE: usize = 60;

fn protection_rank(l: ProtectionLevel) -> u8 {
    match l {
        ProtectionLevel::Ingen => 0,
        ProtectionLevel::Sekretessmarkering => 1,
        ProtectionLevel::SkyddadFolkbokforing => 2,
        ProtectionLevel::FingeradePersonuppgifter => 3,
    }
}

fn strongest(levels: impl IntoIterator<Item = ProtectionLevel>) -> Option<ProtectionLevel> {
    levels
        .into_iter()
        .filter(|l| l.is_protected())
        .max_by_key(|l| protection_rank(*l))
}

/// The reference as it will be saved, or why not: required, short, one line, not taken.
fn checked_reference<'a>(conn: &Connection, reference: &'a str) -> Result<&'a str> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::InvalidInput(
            "Ärendet behöver en referens (till exempel diarienumret). Fyll i den och spara igen."
                .into(),
        ));
    }
    if reference.chars().count() > MAX_REFERENCE || reference.chars().any(char::is_control) {
        return Err(Error::InvalidInput(format!(
            "Ärendereferensen får vara högst {MAX_REFERENCE} tecken utan radbrytningar."
        )));
    }
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM cases WHERE reference = ?1)",
        [reference],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::InvalidInput(format!(
            "Det finns redan ett ärende med referensen ”{reference}”. Sök fram det i listan, eller välj en annan referens."
        )));
    }
    Ok(reference)
}

/// What the new-case form's check found: every problem at once, each for its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewCaseCheck {
    /// The reference's problem, if any.
    pub reference: Option<String>,
    /// The first person's problems, in the form's order.
    pub person: Vec<person::PersonProblem>,
}

/// Every problem of the new-case form at once, each for its field (issue 19: errors at their
/// cause, all of them when the worker presses "Skapa ärende"). The same checks as [`create`]:
/// nothing is written.
pub fn check_new(conn: &Connection, ctx: &Ctx, new: &NewCase) -> Result<NewCaseCheck> {
    let reference = match checked_reference(conn, &new.reference) {
        Ok(_) => None,
        Err(Error::InvalidInput(why)) => Some(why),
        Err(e) => return Err(e),
    };
    Ok(NewCaseCheck {
        reference,
        person: person::problems(&new.person, ctx.today),
    })
}

pub fn create(conn: &mut Connection, ctx: &Ctx, new: &NewCase) -> Result<CaseId> {
    let p = person::validate(&new.person, ctx.today);
    let tx = conn.transaction()?;
    let reference = checked_reference(&tx, &new.reference)?;
    let p = p?;
    tx.execute(
        "INSERT INTO cases(reference, created_at) VALUES (?1, ?2)",
        params![reference, ctx.timestamp()],
    )?;
    let id = CaseId(tx.last_insert_rowid());
    person::insert(&tx, id, &p)?;
    audit::record(
        &tx,
        ctx,
        Some(id),
        "case.create",
        &format!(
            "Ärende skapat med en person ({})",
            p.protection_level.label()
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

pub(crate) fn get(conn: &Connection, case: CaseId, today: NaiveDate) -> Result<CaseDetail> {
    let (reference, created_at): (String, String) = conn
        .query_row(
            "SELECT reference, created_at FROM cases WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Ärendet"))?;
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    let protection = strongest(persons.iter().map(|p| p.protection_level));
    Ok(CaseDetail {
        id: case,
        reference,
        created_at,
        is_protected: crate::access::persons_protected(&persons, &relations),
        protection,
        masked: false,
        relations,
        sips: sip::list_for_case(conn, case, today)?,
        reports: crate::risk::report_overview(conn, case, today)?,
        risk_reminders: crate::risk::reminders(conn, case, today)?,
        persons,
    })
}

/// The case screen as this session may see it: the full record for a case without protected
/// persons or one opened explicitly ([`crate::access`]); otherwise masked — the reference, the
/// protection level and each person's initials and level, nothing else. What the masked view
/// leaves out is not read into it at all, so no later field can slip through.
pub fn get_for(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<CaseDetail> {
    if crate::access::is_open(conn, ctx, case)? {
        return get(conn, case, ctx.today);
    }
    let (reference, created_at): (String, String) = conn
        .query_row(
            "SELECT reference, created_at FROM cases WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Ärendet"))?;
    let persons: Vec<Person> = person::list_for_case(conn, case, ctx.today)?
        .iter()
        .map(crate::access::masked_person)
        .collect();
    Ok(CaseDetail {
        id: case,
        reference,
        created_at,
        is_protected: true,
        protection: strongest(persons.iter().map(|p| p.protection_level)),
        masked: true,
        persons,
        relations: Vec::new(),
        sips: Vec::new(),
        reports: crate::risk::ReportOverview {
            duties: Vec::new(),
            decisions: Vec::new(),
        },
        risk_reminders: Vec::new(),
    })
}

/// The search terms: lower-case words, each with the alternatives that count as a match. A
/// word that looks like a number also matches by its digits only, so "850101-1234",
/// "8501011234" and "19850101 1234" all find the same person (and "2026-002" still finds the
/// reference "VNR-2026-002"). Used for references and for the persons of unprotected cases.
fn terms(query: &str) -> Vec<Vec<String>> {
    let q = query.trim().to_lowercase();
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    if looks_numeric(&compact) {
        let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
        let mut alts = vec![digits];
        // As typed, without spaces (a reference like "2026-002").
        if compact != alts[0] {
            alts.push(compact);
        }
        return vec![alts];
    }
    q.split_whitespace().map(|w| vec![w.to_owned()]).collect()
}

/// The longest search accepted, in characters: a whole name may be this long.
pub const MAX_QUERY: usize = person::MAX_NAME;

/// Refuses a search longer than [`MAX_QUERY`] before any work is done.
pub fn check_query(query: &str) -> Result<()> {
    // A byte length within the limit is within it in characters too; only longer ones count.
    if query.len() > MAX_QUERY && query.chars().count() > MAX_QUERY {
        return Err(Error::InvalidInput(format!(
            "Sökningen är för lång. Skriv högst {MAX_QUERY} tecken."
        )));
    }
    Ok(())
}

/// What a search could reach of a protected person (issue 18: "a protected person matches only
/// on the whole name or the whole personnummer").
///
/// The persons of a case with any protected person (the whole case is masked in the list: her
/// children's and the other persons' names would lead to her) are found only by
/// - **the whole name**: every word of the stored name, no more and no fewer, in any order,
///   compared in Unicode lower case (NFC) with any spacing — "anna  SVENSSON" and
///   "Svensson Anna" find Anna Svensson; "anna", "svens", "A. S." and "Anna Maria Svensson" do
///   not. Word order is free because lists often put the surname first, and it makes a guess
///   no cheaper: a whole name must still be known;
/// - **the whole number**: all 12 digits, or the last 10, in any written form (hyphen, plus,
///   spaces) — never a prefix, a part, or a number with any digit wrong.
///
/// References and the persons of unprotected cases are still found by any part (the reference
/// is shown in the list anyway).
/// A name as the whole-name rule compares it: its words in Unicode lower case (NFC), sorted.
fn name_key(name: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let normal: String = name.nfc().collect::<String>().to_lowercase();
    let mut words: Vec<String> = normal.split_whitespace().map(str::to_owned).collect();
    words.sort();
    words
}

/// Does `query` (of reach `reach`) name this person whole: all her name, or all her number?
fn whole_match(reach: Reach, query: &str, name: &str, number_digits: Option<&str>) -> bool {
    match reach {
        Reach::Nothing => false,
        Reach::Name => {
            let q = name_key(query);
            !q.is_empty() && q == name_key(name)
        }
        Reach::Number => {
            let q: String = query.chars().filter(char::is_ascii_digit).collect();
            number_digits
                .is_some_and(|d| d.len() == 12 && (q == d || (q.len() == 10 && q == d[2..])))
        }
    }
}

/// The history action of a search that found a protected case (by a whole name or number).
pub const SEARCH_ACTION: &str = "access.search";
/// What the case's history says for it: never the query.
pub const SEARCH_SUMMARY: &str =
    "Sökning i ärendelistan träffade ärendet (hela namnet eller personnumret)";

/// The case list for this session: the cases matching `query` (an empty query lists all),
/// sorted by what is due next, then by reference. Refuses a query over [`MAX_QUERY`] first.
///
/// A case with a protected person is found by its reference (any part) or by one of its
/// persons' whole name or whole number only (see [`Reach`]); every search that finds a
/// protected case that way is written to that case's history ([`SEARCH_ACTION`]: when, which
/// profile; never the query), in the same transaction — no answer without the entry.
///
/// What is due on a protected case not opened in this session is not shown: no date and no
/// kind, only that something is due (`due_hidden`), and such cases sort before every dated
/// one (by reference), so the order tells nothing of the date either.
///
/// An orosanmälan not yet registered for a child is due at once ("genast", the duty to report
/// of [`crate::law::REPORT_DUTY`]). The rate limit of searches is the vault's ([`SearchBudget`]).
pub fn list(conn: &mut Connection, ctx: &Ctx, query: &str) -> Result<Vec<CaseSummary>> {
    check_query(query)?;
    let tx = conn.transaction()?;
    let (out, hits) = find(&tx, ctx, query)?;
    for case in hits {
        audit::record(&tx, ctx, Some(case), SEARCH_ACTION, SEARCH_SUMMARY)?;
    }
    tx.commit()?;
    Ok(out)
}

/// The list and the protected cases found by a whole name or number.
fn find(conn: &Connection, ctx: &Ctx, query: &str) -> Result<(Vec<CaseSummary>, Vec<CaseId>)> {
    let today = ctx.today;
    let terms = terms(query);
    let reach = Reach::of(query);
    struct Who {
        name: String,
        digits: Option<String>,
    }
    struct Acc {
        reference: String,
        persons_text: String,
        who: Vec<Who>,
        first_name: Option<String>,
        levels: Vec<ProtectionLevel>,
        persons: u32,
    }
    let mut cases: Vec<(CaseId, Acc)> = Vec::new();
    let mut index: HashMap<CaseId, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT id, reference FROM cases ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, CaseId>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, reference) = row?;
            index.insert(id, cases.len());
            cases.push((
                id,
                Acc {
                    reference,
                    persons_text: String::new(),
                    who: Vec::new(),
                    first_name: None,
                    levels: Vec::new(),
                    persons: 0,
                },
            ));
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, name, identity_number, protection_level FROM persons ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, CaseId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, ProtectionLevel>(3)?,
            ))
        })?;
        for row in rows {
            let (case, name, number, level) = row?;
            if let Some(&i) = index.get(&case) {
                let acc = &mut cases[i].1;
                // Searched by part (unprotected cases only): the name in Unicode lower case
                // (SQLite's lower() knows only ASCII) and the number's 12 digits, so any written
                // form of it matches.
                let digits: Option<String> =
                    number.map(|n| n.chars().filter(char::is_ascii_digit).collect());
                acc.persons_text.push('\n');
                acc.persons_text.push_str(&name.to_lowercase());
                if let Some(d) = &digits {
                    acc.persons_text.push(' ');
                    acc.persons_text.push_str(d);
                }
                acc.first_name.get_or_insert_with(|| name.clone());
                acc.who.push(Who { name, digits });
                acc.levels.push(level);
                acc.persons += 1;
            }
        }
    }
    // What is due next: the earliest of the SIPs' dates and the risk reassessments.
    let mut due = sip::due_by_case(conn)?;
    let mut risk_due = crate::risk::due_by_case(conn)?;
    risk_due.extend(crate::risk::report_due_by_case(conn, today)?);
    for (case, d) in risk_due {
        match due.get(&case) {
            Some(existing) if existing.on <= d.on => {}
            _ => {
                due.insert(case, d);
            }
        }
    }
    let mut hits = Vec::new();
    let mut out = Vec::new();
    for (id, acc) in cases {
        let protection = strongest(acc.levels.iter().copied());
        let by_part = |haystack: &str| {
            terms
                .iter()
                .all(|alts| alts.iter().any(|t| haystack.contains(t.as_str())))
        };
        let reference = acc.reference.to_lowercase();
        let found = if protection.is_some() {
            let whole = acc
                .who
                .iter()
                .any(|w| whole_match(reach, query, &w.name, w.digits.as_deref()));
            if whole {
                hits.push(id);
            }
            whole || by_part(&reference)
        } else {
            by_part(&format!("{reference}{}", acc.persons_text))
        };
        if !found {
            continue;
        }
        let name = acc.first_name.unwrap_or_default();
        let hidden = protection.is_some() && !ctx.opened.contains(&id);
        let due = due.get(&id).cloned();
        out.push(CaseSummary {
            id,
            reference: acc.reference,
            display_name: if protection.is_some() {
                initials(&name)
            } else {
                name
            },
            is_protected: protection.is_some(),
            protection,
            person_count: acc.persons,
            due_hidden: hidden && due.is_some(),
            due: if hidden { None } else { due },
        });
    }
    out.sort_by(|a, b| {
        // Hidden dues first (their date is not known here), then by date, then nothing due.
        let key = |c: &CaseSummary| (!c.due_hidden, c.due.is_none(), c.due.as_ref().map(|d| d.on));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.reference.cmp(&b.reference))
    });
    Ok((out, hits))
}

/// The history: of one case (opened, see [`crate::case_ref`]), or with `None` of everything
/// that belongs to no case. Newest first, the profiles named as the worker reads them.
pub fn history(
    conn: &Connection,
    ctx: &Ctx,
    case: Option<OpenCase>,
) -> Result<Vec<audit::HistoryEntry>> {
    audit::list_for(conn, ctx, case.map(OpenCase::id))
}

/// The case list's search at `now` (history time), as the `list_cases` command runs it:
/// refuses an over-long query first (nothing else done), then while locked, then a search
/// beyond the rate limit ([`crate::search_budget::SearchBudget`], on the vault's clock; the first
/// refusal in ten minutes is written to the history, without the query); then
/// [`list`].
pub fn search_at(
    vault: &mut Vault,
    now: chrono::DateTime<chrono::Utc>,
    query: &str,
) -> Result<Vec<CaseSummary>> {
    check_query(query)?;
    vault.spend_search(now, query)?;
    vault.with_ctx(now, |c, ctx| list(c, ctx, query))
}

/// [`search_at`] at the current time.
pub fn search(vault: &mut Vault, query: &str) -> Result<Vec<CaseSummary>> {
    search_at(vault, chrono::Utc::now(), query)
}

#[cfg(test)]
mod search_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19: "Skapa ärende" shows every problem of the form at once, each for its field;
    /// the check writes nothing and refuses what `create` refuses.
    #[test]
    fn the_new_case_check_finds_every_problem_and_writes_nothing() {
        use crate::testkit::{self, ctx, person};
        let mut db = testkit::db();
        let c = ctx("2026-11-25");
        testkit::case_with(
            &mut db,
            &c,
            "A-1",
            person("Sara Lind", None, ProtectionLevel::Ingen),
        );
        let bad = NewCase {
            reference: " A-1 ".into(),
            person: person("", Some("811218-9875"), ProtectionLevel::Ingen),
        };
        let found = check_new(&db.conn, &c, &bad).unwrap();
        assert!(
            found.reference.as_deref().unwrap().contains("redan"),
            "{found:?}"
        );
        let fields: Vec<_> = found.person.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                crate::person::PersonField::Name,
                crate::person::PersonField::Number
            ]
        );
        let refused = create(&mut db.conn, &c, &bad).unwrap_err();
        assert_eq!(Some(refused.to_string()), found.reference);

        let good = NewCase {
            reference: "A-2".into(),
            person: person("Bo Ek", Some("811218-9876"), ProtectionLevel::Ingen),
        };
        let clean = check_new(&db.conn, &c, &good).unwrap();
        assert_eq!(
            clean,
            NewCaseCheck {
                reference: None,
                person: vec![]
            }
        );
        let cases: i64 = db
            .conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cases, 1, "the check wrote nothing");
        create(&mut db.conn, &c, &good).unwrap();
    }

    #[test]
    fn search_terms() {
        let t = |q: &str| terms(q);
        assert!(t("  ").is_empty());
        assert!(t("-").is_empty() || t("-") == vec![vec!["-".to_owned()]]);
        assert_eq!(t("Åsa  BERG"), vec![vec!["åsa"], vec!["berg"]]);
        assert_eq!(t("850101-1234"), vec![vec!["8501011234", "850101-1234"]]);
        assert_eq!(t("19850101 1234"), vec![vec!["198501011234"]]);
        assert_eq!(t("121212+1212"), vec![vec!["1212121212", "121212+1212"]]);
        assert_eq!(t("VNR-2026"), vec![vec!["vnr-2026"]]);
    }

    #[test]
    fn a_search_reaches_a_name_a_number_or_nothing() {
        assert_eq!(Reach::of("  "), Reach::Nothing);
        assert_eq!(Reach::of("2026-002"), Reach::Nothing);
        assert_eq!(Reach::of("85010112"), Reach::Nothing);
        assert_eq!(Reach::of("850101-1234"), Reach::Number);
        assert_eq!(Reach::of("19850101 1234"), Reach::Number);
        assert_eq!(Reach::of("a"), Reach::Name);
        assert_eq!(Reach::of("VNR-2026"), Reach::Name);
    }

    #[test]
    fn initials_mask_names() {
        assert_eq!(initials("Anna Maria Svensson"), "A. M. S.");
        assert_eq!(initials("  łukasz  nguyễn "), "Ł. N.");
        assert_eq!(initials(""), "");
    }
}
