//! Gallring (retention): closed cases past the retention period are listed for deletion, and
//! deleted only when the worker asks for one case and confirms it.
//!
//! Issue 8: "Closed cases past a configurable retention period (default: 5 years after the
//! last entry) are listed for deletion; deletion is explicit, logged (without the deleted
//! content), done with `secure_delete` and followed by a VACUUM; a test proves the deleted
//! canary is gone from the file."
//!
//! - **Closed**: no SIP of the case is open (every SIP is avslutad; a case without a SIP has
//!   nothing open either).
//! - **The last entry**: the newest entry of the case's history that records a change. Reading
//!   the record (`access.open`) and exporting a document are not entries in it: looking at a
//!   case must not keep it for five more years.
//! - **The period** is a setting in whole years ([`MIN_YEARS`]..=[`MAX_YEARS`], default
//!   [`DEFAULT_YEARS`]); a change is in the history.
//!
//! Deletion ([`delete_case`]) removes every row of the case — persons, relations, SIPs, plans,
//! follow-ups, consents, risk assessments, report decisions, protection decisions, samråd —
//! including the records that are otherwise never deleted: their triggers let a row go only
//! while a `gallring_in_progress` row names its own case, which exists only inside the
//! deletion's transaction (migration 0008). `PRAGMA secure_delete` (on for every connection,
//! checked again here) overwrites the freed space; a VACUUM then rebuilds the file without free
//! pages, and a TRUNCATE checkpoint empties the WAL.
//!
//! **The history of a deleted case.** History entries are never deleted: the chain
//! ([`crate::audit`]) must keep verifying. The case's entries are *emptied* instead: time,
//! profile, action and summary become empty; id, case number, content digest and hash stay, so
//! every link still checks (an emptied entry is accepted only for a case with a gallring
//! entry). Summaries hold no contact data by invariant, but they do hold dates, protection
//! levels, staff names (who decided an override) and counts of the deleted records — deleted
//! content, so they go too. The deletion itself is one entry, [`crate::audit::GALLRING_ACTION`],
//! on the case's (now meaningless) internal number: how many entries were emptied and the
//! period in force. **Not the case's reference**: the worker chose it freely (it may hold
//! initials or a diarienummer that points to the person in another system), so it is deleted
//! content as well.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenCase;
use crate::ctx::Ctx;
use crate::ids::CaseId;
use crate::{Error, Refusal, Result};

/// The setting: years after the last entry before a closed case is due for gallring.
pub const YEARS_SETTING: &str = "retention_years";
pub const DEFAULT_YEARS: u32 = 5;
pub const MIN_YEARS: u32 = 1;
pub const MAX_YEARS: u32 = 30;

/// History actions that read a case rather than change it: they don't move the last entry.
const READS: [&str; 2] = [crate::access::OPEN_ACTION, "document.export"];

/// Tables whose rows of a case gallring deletes, children before parents (the triggers of the
/// never-deleted records follow the path to the case through the parents).
pub const DELETES: &[(&str, &str)] = &[
    ("samrad_consent_basis", "samrad_id IN (SELECT id FROM samrad WHERE case_id = ?1)"),
    ("samrad_accepted_hits", "samrad_id IN (SELECT id FROM samrad WHERE case_id = ?1)"),
    ("samrad_participants", "samrad_id IN (SELECT id FROM samrad WHERE case_id = ?1)"),
    ("samrad", "case_id = ?1"),
    ("samrad_consent_actors", "consent_id IN (SELECT id FROM samrad_consents WHERE case_id = ?1)"),
    ("samrad_consent_categories", "consent_id IN (SELECT id FROM samrad_consents WHERE case_id = ?1)"),
    ("samrad_consent_notices", "consent_id IN (SELECT id FROM samrad_consents WHERE case_id = ?1)"),
    ("samrad_consents", "case_id = ?1"),
    ("consent_prints", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_copies", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_actors", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_actor_categories", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_persons", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_organisations", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_categories", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consent_notices", "consent_id IN (SELECT c.id FROM consents c JOIN sips s ON s.id = c.sip_id WHERE s.case_id = ?1)"),
    ("consents", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("child_consent", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("child_exceptions", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("consent_overrides", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("followup_items", "followup_id IN (SELECT f.id FROM followups f JOIN sips s ON s.id = f.sip_id WHERE s.case_id = ?1)"),
    ("followups", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("plan_versions", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("sip_meeting_present", "meeting_id IN (SELECT m.id FROM sip_meetings m JOIN sips s ON s.id = m.sip_id WHERE s.case_id = ?1)"),
    ("sip_meetings", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("sip_participants", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("sip_person_participants", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("sip_transitions", "sip_id IN (SELECT id FROM sips WHERE case_id = ?1)"),
    ("protection_decisions", "case_id = ?1"),
    ("risk_assessments", "case_id = ?1"),
    ("report_decisions", "case_id = ?1"),
    ("followup_violence_by", "person_id IN (SELECT id FROM persons WHERE case_id = ?1)"),
    ("person_roles", "person_id IN (SELECT id FROM persons WHERE case_id = ?1)"),
    ("person_violence_forms", "person_id IN (SELECT id FROM persons WHERE case_id = ?1)"),
    ("relations", "case_id = ?1"),
    ("sips", "case_id = ?1"),
    ("persons", "case_id = ?1"),
    ("cases", "id = ?1"),
];

/// Tables that hold no case's content, and so are not touched by gallring: the settings, the
/// actor directory, deviations (not tied to a case; their text has passed the identifier
/// scanner), the history (emptied, not deleted — see the module doc) and its tip, and the
/// marker itself.
pub const NOT_CASE_DATA: &[&str] = &[
    "settings",
    "actor_units",
    "actor_contacts",
    "actor_organisations",
    "deviations",
    "deviation_parties",
    "deviation_status_changes",
    "case_history",
    "case_history_tip",
    "gallring_in_progress",
];

/// The retention period in years (the setting, or the default).
pub fn years(conn: &Connection) -> Result<u32> {
    Ok(crate::store::get_setting(conn, YEARS_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|y| (MIN_YEARS..=MAX_YEARS).contains(y))
        .unwrap_or(DEFAULT_YEARS))
}

/// Sets the retention period; the change is in the history.
pub fn set_years(conn: &mut Connection, ctx: &Ctx, years: u32) -> Result<u32> {
    if !(MIN_YEARS..=MAX_YEARS).contains(&years) {
        return Err(Error::InvalidInput(format!(
            "Gallringsfristen ska vara mellan {MIN_YEARS} och {MAX_YEARS} år."
        )));
    }
    let tx = conn.transaction()?;
    crate::store::set_setting(&tx, YEARS_SETTING, &years.to_string())?;
    audit::record(
        &tx,
        ctx,
        None,
        "settings.retention_years",
        &format!("Gallringsfristen ändrad till {years} år efter sista anteckningen"),
    )?;
    tx.commit()?;
    Ok(years)
}

/// The Gallring section: the period and the cases due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionOverview {
    pub years: u32,
    pub due: Vec<DueCase>,
}

pub fn overview(conn: &Connection, today: NaiveDate) -> Result<RetentionOverview> {
    Ok(RetentionOverview {
        years: years(conn)?,
        due: due(conn, today)?,
    })
}

/// A closed case past the retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DueCase {
    pub case: CaseId,
    /// What the worker types to confirm the deletion.
    pub reference: String,
    /// The Swedish date of the newest change in the case's history.
    #[ts(type = "string")]
    pub last_entry_on: NaiveDate,
    /// The day the period ran out.
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    /// How many SIPs the case had (all closed).
    pub sips: u32,
}

/// Closed cases whose period has run out on `today`, oldest first.
pub fn due(conn: &Connection, today: NaiveDate) -> Result<Vec<DueCase>> {
    let years = years(conn)?;
    let mut stmt = conn.prepare(
        "SELECT c.id, c.reference, c.created_at,
                (SELECT max(at) FROM case_history h
                  WHERE h.case_id = c.id AND h.emptied = 0 AND h.action NOT IN (?1, ?2)),
                (SELECT count(*) FROM sips s WHERE s.case_id = c.id),
                (SELECT count(*) FROM sips s WHERE s.case_id = c.id AND s.state <> 'avslutad')
           FROM cases c ORDER BY c.id",
    )?;
    let rows = stmt.query_map(params![READS[0], READS[1]], |r| {
        Ok((
            CaseId(r.get(0)?),
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (case, reference, created, last, sips, open) = row?;
        if open > 0 {
            continue;
        }
        let last_entry_on = swedish_day(last.as_deref().unwrap_or(&created))?;
        let due_on = last_entry_on
            .checked_add_months(Months::new(12 * years))
            .ok_or(Error::Internal("gallringsfristens datum"))?;
        if due_on <= today {
            out.push(DueCase {
                case,
                reference,
                last_entry_on,
                due_on,
                sips: sips as u32,
            });
        }
    }
    out.sort_by_key(|d| (d.due_on, d.case));
    Ok(out)
}

fn swedish_day(rfc3339: &str) -> Result<NaiveDate> {
    let t = DateTime::parse_from_rfc3339(rfc3339)
        .map_err(|_| Error::Internal("historikens tidpunkt"))?
        .with_timezone(&Utc);
    Ok(crate::clock::swedish_date(t))
}

/// What a gallring did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Gallrat {
    /// Rows deleted, all tables together.
    pub rows_deleted: u32,
    /// History entries of the case emptied (the chain keeps them).
    pub history_emptied: u32,
}

/// Deletes one due case for good. `confirm` must be the case's reference, typed by the worker.
/// One history entry records it, without the deleted content (see the module doc). After the
/// commit the file is vacuumed and the WAL emptied, so no freed page keeps the content.
pub fn delete_case(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    confirm: &str,
) -> Result<Gallrat> {
    let case = case.id();
    let reference: String = conn
        .query_row("SELECT reference FROM cases WHERE id = ?1", [case], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("ärendet"))?;
    if !due(conn, ctx.today)?.iter().any(|d| d.case == case) {
        return Err(Error::Refused(Refusal::CaseNotDueForRemoval));
    }
    if confirm.trim() != reference {
        return Err(Error::Refused(Refusal::RemovalNotConfirmed));
    }
    let secure: i64 = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
    if secure != 1 {
        return Err(Error::Internal("secure_delete är inte på"));
    }
    let years = years(conn)?;

    let tx = conn.transaction()?;
    // Foreign keys are checked at the commit: the order below follows the triggers' paths.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
    tx.execute(
        "INSERT INTO gallring_in_progress(case_id) VALUES (?1)",
        [case],
    )?;
    let mut rows_deleted = 0;
    for (table, filter) in DELETES {
        rows_deleted += tx.execute(&format!("DELETE FROM {table} WHERE {filter}"), [case])?;
    }
    let history_emptied = tx.execute(
        "UPDATE case_history SET at = '', profile = '', action = '', summary = '', emptied = 1
          WHERE case_id = ?1 AND emptied = 0",
        [case],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        audit::GALLRING_ACTION,
        &format!(
            "Ärende gallrat: {history_emptied} historikposter tömda; gallringsfrist {years} år \
             efter sista anteckningen"
        ),
    )?;
    tx.execute("DELETE FROM gallring_in_progress", [])?;
    tx.commit()?;

    // Outside the transaction: rebuild the file without free pages, then empty the WAL.
    conn.execute_batch("VACUUM;")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(Gallrat {
        rows_deleted: rows_deleted as u32,
        history_emptied: history_emptied as u32,
    })
}

#[cfg(test)]
mod tests;
