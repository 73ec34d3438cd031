//! The case history (historik): every change is recorded — what, when, by which user profile
//! — in the same transaction as the change. One place, so the hardening issue can make it
//! tamper-evident (hash chain) without touching the callers.
//!
//! Architecture invariant: **a summary never contains contact data or the identity number**
//! of a person; it names fields and states ("Person ändrad: namn, skyddsnivå"), not values
//! that could reveal where someone lives.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use crate::ids::CaseId;
use crate::session::Ctx;
use crate::Result;

/// One entry of the history, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// UTC, RFC 3339; the UI shows it in Swedish time.
    pub at: String,
    /// Short form of the profile id that made the change.
    pub profile: String,
    pub action: String,
    pub summary: String,
}

/// Records one change. Call inside the transaction of the change itself.
pub fn record(
    conn: &Connection,
    ctx: &Ctx,
    case: Option<CaseId>,
    action: &str,
    summary: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO case_history(case_id, at, profile, action, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            case,
            ctx.timestamp(),
            ctx.profile,
            action,
            summary
        ],
    )?;
    Ok(())
}

/// The history of a case (newest first), or of the actor directory (`None`).
pub fn list(conn: &Connection, case: Option<CaseId>) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, profile, action, summary FROM case_history
          WHERE case_id IS ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([case], |r| {
        let profile: String = r.get(2)?;
        Ok(HistoryEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            profile: profile.chars().take(8).collect(),
            action: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
