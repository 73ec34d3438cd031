//! Gathering from the store: the de-identified summary of a case, and everything the database
//! knows by name or place ([`Known`]) so that the scanner finds it in the worker's text.
//!
//! `Known` is built from **every** case, not only this one: a worker bringing one case may name
//! a person of another (the father's new partner, a relative in another case), and the
//! scanner can't tell which case a name belongs to. What counts:
//! - names: every person's name, every contact person's name in the actor directory, and the
//!   witnesses of oral consents (often a relative);
//! - places: every stored address (a protected person's is never stored), every unit's name
//!   and area, every SIP meeting's place, the recipients of orosanmälningar and of disclosures
//!   without consent ("Socialtjänsten i Lindesberg", "Polisen i Örebro").
//!
//! Workplaces and schools have no field of their own in Tryggplan: a school or a workplace is
//! a unit of the directory when it takes part, and then its name counts.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::scanner::Known;
use super::summary::{summarize, Summary, SummaryInput};
use crate::ids::{CaseId, SipId};
use crate::person;
use crate::sip;
use crate::Result;

/// What [`summarize`] reads about a stored case on `today`: its persons, relations and SIPs.
pub fn summary_input(conn: &Connection, case: CaseId, today: NaiveDate) -> Result<SummaryInput> {
    crate::cases::require(conn, case)?;
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    let ids: Vec<SipId> = conn
        .prepare_cached("SELECT id FROM sips WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let sips = ids
        .into_iter()
        .map(|id| sip::get(conn, id, today))
        .collect::<Result<Vec<_>>>()?;
    Ok(SummaryInput::from_case(&persons, &relations, &sips))
}

/// The de-identified summary of a case on `today`, with the worker's question.
pub fn summary(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
    question: &str,
) -> Result<Summary> {
    let mut s = summarize(&summary_input(conn, case, today)?, today);
    s.question = question.trim().to_owned();
    Ok(s)
}

fn column(conn: &Connection, sql: &str, out: &mut Vec<String>) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    for v in stmt.query_map([], |r| r.get::<_, Option<String>>(0))? {
        if let Some(v) = v? {
            let v = v.trim();
            if !v.is_empty() {
                out.push(v.to_owned());
            }
        }
    }
    Ok(())
}

/// Every name and place stored anywhere in the database (see the module docs).
pub fn known(conn: &Connection) -> Result<Known> {
    let mut names = Vec::new();
    column(conn, "SELECT name FROM persons", &mut names)?;
    column(conn, "SELECT name FROM actor_contacts", &mut names)?;
    column(conn, "SELECT doc_witness FROM consents", &mut names)?;
    let mut places = Vec::new();
    column(conn, "SELECT address FROM persons", &mut places)?;
    column(conn, "SELECT name FROM actor_units", &mut places)?;
    column(conn, "SELECT area FROM actor_units", &mut places)?;
    column(conn, "SELECT place FROM sip_meetings", &mut places)?;
    column(
        conn,
        "SELECT reported_to FROM report_decisions",
        &mut places,
    )?;
    column(conn, "SELECT recipient FROM consent_overrides", &mut places)?;
    for v in [&mut names, &mut places] {
        v.sort();
        v.dedup();
    }
    Ok(Known { names, places })
}
