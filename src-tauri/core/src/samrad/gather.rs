//! Gathering from the store: the de-identified summary of a case, and everything the database
//! knows by name or place ([`Known`]) so that the scanner finds it in the worker's text.
//!
//! `Known` holds only what the caller may read (issue 18): the case the text is about
//! ([`known_for_case`], with the same access check as reading the case) and the actor
//! directory, which is no case's data. It used to hold every case's words, so that a name of
//! another case (the father's new partner) was found too — but then the scan answered "is this
//! word stored anywhere?", and a script sending thousands of candidate words learnt a protected
//! person's name and meeting place without opening anything. A name of another case is now for
//! the worker's judgement, like any name Tryggplan does not hold. What counts:
//! - names: every person's name of the case, every contact person's name in the actor
//!   directory, and the witnesses of the case's oral consents, to a SIP or to samråd (often a
//!   relative);
//! - places: the case's stored addresses (a protected person's is never stored), every unit's
//!   name and area, the case's SIP meetings' places, the recipients of its orosanmälningar and
//!   of its disclosures without consent ("Socialtjänsten i Lindesberg", "Polisen i Örebro").
//!
//! Workplaces and schools have no field of their own in Tryggplan: a school or a workplace is
//! a unit of the directory when it takes part, and then its name counts.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::scanner::Known;
use super::summary::{summarize, Summary, SummaryInput};
use crate::ctx::Ctx;
use crate::ids::{CaseId, SipId};
use crate::person;
use crate::sip;
use crate::Result;

/// What [`summarize`] reads about a stored case on `today`: its persons, relations and SIPs.
pub(crate) fn summary_input(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
) -> Result<SummaryInput> {
    crate::case_ref::require(conn, case)?;
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    let ids: Vec<SipId> = conn
        .prepare_cached("SELECT id FROM sips WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let sips = ids
        .into_iter()
        .map(|id| sip::get_unchecked(conn, id, today))
        .collect::<Result<Vec<_>>>()?;
    Ok(SummaryInput::from_case(&persons, &relations, &sips))
}

/// The de-identified summary of a case on `today`, with the worker's question.
pub(crate) fn summary(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
    question: &str,
) -> Result<Summary> {
    let mut s = summarize(&summary_input(conn, case, today)?, today);
    s.question = question.trim().to_owned();
    Ok(s)
}

fn column(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    out: &mut Vec<String>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    for v in stmt.query_map(params, |r| r.get::<_, Option<String>>(0))? {
        if let Some(v) = v? {
            let v = v.trim();
            if !v.is_empty() {
                out.push(v.to_owned());
            }
        }
    }
    Ok(())
}

fn sorted(mut names: Vec<String>, mut places: Vec<String>) -> Known {
    for v in [&mut names, &mut places] {
        v.sort();
        v.dedup();
    }
    Known { names, places }
}

/// The names and places that are no case's data: the actor directory (every unit's name and
/// area, every contact person's name). Any session lists them (`actor::list`), so a hit on
/// one tells nothing about any case.
pub fn directory_known(conn: &Connection) -> Result<Known> {
    let (mut names, mut places) = (Vec::new(), Vec::new());
    directory_into(conn, &mut names, &mut places)?;
    Ok(sorted(names, places))
}

fn directory_into(
    conn: &Connection,
    names: &mut Vec<String>,
    places: &mut Vec<String>,
) -> Result<()> {
    column(conn, "SELECT name FROM actor_contacts", [], names)?;
    column(conn, "SELECT name FROM actor_units", [], places)?;
    column(conn, "SELECT area FROM actor_units", [], places)?;
    Ok(())
}

/// Adds the names and places stored in `case` (see the module docs for what counts).
fn case_into(
    conn: &Connection,
    case: CaseId,
    names: &mut Vec<String>,
    places: &mut Vec<String>,
) -> Result<()> {
    words_into(conn, "= ?1", [case], names, places)
}

/// The names and places stored in the cases that `cases` selects: `"= ?1"` with one case id,
/// or `"IN (subquery)"` for many at once (one statement per column, not per case).
fn words_into<P: rusqlite::Params + Copy>(
    conn: &Connection,
    cases: &str,
    params: P,
    names: &mut Vec<String>,
    places: &mut Vec<String>,
) -> Result<()> {
    for (sql, is_name) in WORDS {
        let out = if is_name { &mut *names } else { &mut *places };
        column(conn, &sql.replace("{cases}", cases), params, out)?;
    }
    Ok(())
}

/// Where a case's words are stored: the statement (`{cases}` selects the cases) and whether it
/// gives names (else places).
const WORDS: [(&str, bool); 7] = [
    ("SELECT name FROM persons WHERE case_id {cases}", true),
    (
        "SELECT c.doc_witness FROM consents c JOIN sips s ON s.id = c.sip_id
          WHERE s.case_id {cases}",
        true,
    ),
    (
        "SELECT doc_witness FROM samrad_consents WHERE case_id {cases}",
        true,
    ),
    ("SELECT address FROM persons WHERE case_id {cases}", false),
    (
        "SELECT m.place FROM sip_meetings m JOIN sips s ON s.id = m.sip_id
          WHERE s.case_id {cases}",
        false,
    ),
    (
        "SELECT reported_to FROM report_decisions WHERE case_id {cases}",
        false,
    ),
    (
        "SELECT o.recipient FROM consent_overrides o JOIN sips s ON s.id = o.sip_id
          WHERE s.case_id {cases}",
        false,
    ),
];

/// The cases in which no person has a protection level: open to every reader of the app.
const OPEN_TO_ALL: &str = "IN (SELECT id FROM cases c WHERE NOT EXISTS
    (SELECT 1 FROM persons p WHERE p.case_id = c.id AND p.protection_level <> 'ingen'))";

/// What the scanner looks for in a text about `case`: the names and places stored in this case
/// and the actor directory ([`directory_known`]) — never another case's. Issue 18: a scan that
/// knew every case's words answered "is this word stored anywhere?" for any word a script
/// sent, so it gave away a protected person's name and meeting place without an open. Refused
/// with [`crate::Error::NotOpened`] unless the session may read the case
/// ([`crate::access::require_case`]), exactly like the case itself.
pub(crate) fn known_for_case(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<Known> {
    crate::access::require_case(conn, ctx, case)?;
    let (mut names, mut places) = (Vec::new(), Vec::new());
    case_into(conn, case, &mut names, &mut places)?;
    directory_into(conn, &mut names, &mut places)?;
    Ok(sorted(names, places))
}

/// What the scanner looks for in a text that is about no one case (a deviation): the actor
/// directory, every case in which no person has a protection level (its names are on the
/// worker's screen without an open: the case list and the record show them in full), and the
/// protected cases this session has opened explicitly (`ctx.opened`, each checked again).
/// Nothing of a protected case the worker has not opened, so the answer can't confirm what is
/// stored there. (A case is protected only through a person's own level, which a child may
/// inherit from a parent in the same case: with no level in the case, no one is protected.)
pub fn known_for_session(conn: &Connection, ctx: &Ctx) -> Result<Known> {
    let (mut names, mut places) = (Vec::new(), Vec::new());
    directory_into(conn, &mut names, &mut places)?;
    words_into(conn, OPEN_TO_ALL, [], &mut names, &mut places)?;
    for &case in &ctx.opened {
        if crate::access::is_open(conn, ctx, case).unwrap_or(false) {
            case_into(conn, case, &mut names, &mut places)?;
        }
    }
    Ok(sorted(names, places))
}

/// Every name and place stored anywhere in the database. For tests only: answering a caller
/// with it is the oracle of issue 18.
#[cfg(test)]
pub fn known_everywhere(conn: &Connection) -> Result<Known> {
    let (mut names, mut places) = (Vec::new(), Vec::new());
    let cases: Vec<CaseId> = conn
        .prepare("SELECT id FROM cases")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for case in cases {
        case_into(conn, case, &mut names, &mut places)?;
    }
    directory_into(conn, &mut names, &mut places)?;
    Ok(sorted(names, places))
}
