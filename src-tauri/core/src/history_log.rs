//! The whole history as a log: viewed and filtered in the app, and exported for an audit.
//!
//! Issue 8: "Every open of a person's record, every change, export, print, consent change,
//! override and deletion is written … The history can be viewed and filtered in the app and
//! exported for an audit (as PDF/CSV)."
//!
//! A log row names its case by number (and by reference only when no one in the case is
//! protected: a typed reference can identify, and the log is read on a screen others may see).
//! The export carries the entries' chain hashes and ends with the verified anchor, so an
//! auditor can later check a database against this paper or file (`verify_against`).
//!
//! Issue 18: **the log masks what the case masks.** A row of a protected case whose record is
//! not opened in this session ([`Ctx::opened`]) shows only "Skyddat ärende nr N", the kind of
//! event (its group and action), when, and by which profile — its summary is replaced by
//! [`MASKED_SUMMARY`] (no relations, risk levels, meeting dates, consent scopes, reports).
//! Nor does it, or any row after it, carry its chain hash: a hash is SHA-256 over the entry's
//! content and the hash before it, so with the hashes around it a masked summary with few
//! candidates (a date, a level) could be found by trying them. The CSV export is built from the
//! same rows, so it never carries more than the screen; opening the case unmasks its rows in
//! both.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ctx::Ctx;
use crate::ids::CaseId;
use crate::Result;

crate::vocab::vocabulary! {
    /// Kinds of entries the log can be filtered by (by the action's prefix).
    pub enum LogGroup {
        Atkomst = "atkomst" => "Öppnade akter",
        Export = "export" => "Exporter och utskrifter",
        Samtycke = "samtycke" => "Samtycken",
        Skydd = "skydd" => "Skyddsbeslut och överprövningar",
        Gallring = "gallring" => "Gallring",
        Nycklar = "nycklar" => "Lösenfras, nycklar och säkerhetskopior",
        Installningar = "installningar" => "Inställningar",
        Ovrigt = "ovrigt" => "Övriga ändringar",
    }
}

impl LogGroup {
    /// The group an action belongs to.
    pub fn of(action: &str) -> LogGroup {
        let prefix = |p: &str| action.starts_with(p);
        if prefix("access.") {
            LogGroup::Atkomst
        } else if action.ends_with(".export") || prefix("document.") {
            LogGroup::Export
        } else if action == "consent.override" || prefix("protection.") {
            LogGroup::Skydd
        } else if prefix("consent.") {
            LogGroup::Samtycke
        } else if prefix("keys.") || prefix("backup.") {
            LogGroup::Nycklar
        } else if action == crate::audit::GALLRING_ACTION {
            LogGroup::Gallring
        } else if prefix("settings.") {
            LogGroup::Installningar
        } else {
            LogGroup::Ovrigt
        }
    }
}

/// What the log shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LogFilter {
    /// First day (Swedish date of the entry), included.
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// Last day, included.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub group: Option<LogGroup>,
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LogRow {
    #[ts(type = "number")]
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// The short profile id (exported: it is part of the chain).
    pub profile: String,
    /// The profile as a person reads it ([`crate::audit::profile_label`]).
    pub profile_label: String,
    pub case: Option<CaseId>,
    /// "VNR-2026-0042", "Skyddat ärende nr 7", or empty for the actor directory and settings.
    pub case_label: String,
    pub group: LogGroup,
    pub action: String,
    pub summary: String,
    /// Hex SHA-256 of the chain at this entry; empty from the first masked row on (see the
    /// module doc).
    pub hash: String,
}

/// At most this many rows are shown on screen (the newest); the export has every row.
pub const SHOWN: usize = 500;

/// What the log screen shows: the newest rows of the filter, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LogPage {
    pub rows: Vec<LogRow>,
    pub total: u32,
}

/// What a masked row says instead of its summary.
pub const MASKED_SUMMARY: &str = "Skyddade uppgifter: öppna akten för att se vad som hände";

/// The newest [`SHOWN`] rows of the filter, masked for this session ([`search`]).
pub fn page(conn: &Connection, ctx: &Ctx, filter: &LogFilter) -> Result<LogPage> {
    let mut rows = search(conn, ctx, filter)?;
    let total = rows.len() as u32;
    rows.truncate(SHOWN);
    Ok(LogPage { rows, total })
}

fn swedish_day(at: &str) -> Option<NaiveDate> {
    let t = chrono::DateTime::parse_from_rfc3339(at).ok()?;
    Some(t.with_timezone(&chrono_tz::Europe::Stockholm).date_naive())
}

/// The entries that pass `filter`, newest first, as this session may see them (see the module
/// doc: a protected case's rows are masked until its record is opened). Entries emptied by
/// gallring are left out.
pub fn search(conn: &Connection, ctx: &Ctx, filter: &LogFilter) -> Result<Vec<LogRow>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, h.at, h.profile, h.case_id, c.reference, h.action, h.summary, h.hash
           FROM case_history h LEFT JOIN cases c ON c.id = h.case_id
          WHERE h.emptied = 0 ORDER BY h.id DESC",
    )?;
    let raw = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<CaseId>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut protected: std::collections::HashMap<CaseId, bool> = Default::default();
    let mut is_protected = |c: CaseId| -> Result<bool> {
        if let Some(p) = protected.get(&c) {
            return Ok(*p);
        }
        let p = crate::access::is_protected(conn, c)?;
        protected.insert(c, p);
        Ok(p)
    };
    // Masked: an existing protected case not opened in this session. The first (oldest) such
    // entry: from it on no hash is shown.
    let mut masked = Vec::with_capacity(raw.len());
    for (_, _, _, case, reference, ..) in &raw {
        masked.push(match (case, reference) {
            (Some(c), Some(_)) => is_protected(*c)? && !ctx.opened.contains(c),
            _ => false,
        });
    }
    let first_masked = raw
        .iter()
        .zip(&masked)
        .filter(|(_, m)| **m)
        .map(|(r, _)| r.0)
        .min();
    let mut out = Vec::new();
    for ((id, at, profile, case, reference, action, summary, hash), masked) in
        raw.into_iter().zip(masked)
    {
        let day = swedish_day(&at);
        if filter.from.is_some_and(|f| day.is_none_or(|d| d < f))
            || filter.to.is_some_and(|t| day.is_none_or(|d| d > t))
        {
            continue;
        }
        let group = LogGroup::of(&action);
        if filter.group.is_some_and(|g| g != group) {
            continue;
        }
        let case_label = match (case, reference) {
            (Some(c), Some(r)) => {
                if is_protected(c)? {
                    format!("Skyddat ärende nr {}", c.0)
                } else {
                    r
                }
            }
            (Some(c), None) => format!("Ärende nr {}", c.0),
            (None, _) => String::new(),
        };
        out.push(LogRow {
            id,
            at,
            profile_label: crate::audit::profile_label(&profile, Some(&ctx.profile)),
            profile: crate::audit::short_profile(&profile),
            case,
            case_label,
            group,
            action,
            summary: if masked {
                MASKED_SUMMARY.to_owned()
            } else {
                summary
            },
            hash: if first_masked.is_some_and(|m| id >= m) {
                String::new()
            } else {
                hash
            },
        });
    }
    Ok(out)
}

/// The log as CSV for Swedish Excel (UTF-8 with BOM, `;`, CRLF), every row of the filter,
/// oldest first, masked as the screen is ([`search`]), ending with the chain's verified end —
/// or refused when the chain is broken, since an audit copy of a tampered history would
/// certify it.
pub fn to_csv(conn: &Connection, ctx: &Ctx, filter: &LogFilter) -> Result<(Vec<u8>, usize)> {
    use crate::followup::csv::field;
    let check = crate::audit::verify(conn)?;
    if let Some(b) = &check.broken {
        return Err(crate::Error::Refused(
            format!(
                "Loggen exporteras inte: kontrollen av historiken hittade ett fel. {}",
                b.message
            )
            .into(),
        ));
    }
    let mut rows = search(conn, ctx, filter)?;
    rows.reverse();
    let mut out = String::from(crate::followup::csv::BOM);
    let mut line = |fields: &[&str]| {
        let v: Vec<String> = fields.iter().map(|f| field(f)).collect();
        out.push_str(&v.join(";"));
        out.push_str("\r\n");
    };
    // Issue 19: the practice profile's log says so on its first line.
    if ctx.kind.is_practice() {
        line(&[crate::profile::PRACTICE_MARK]);
    }
    line(&[
        "id",
        "tidpunkt_utc",
        "profil",
        "arende",
        "slag",
        "handelse",
        "sammanfattning",
        "kedjans_hash",
    ]);
    for r in &rows {
        line(&[
            &r.id.to_string(),
            &r.at,
            &r.profile,
            &r.case_label,
            r.group.label(),
            &r.action,
            &r.summary,
            &r.hash,
        ]);
    }
    let a = &check.anchor;
    line(&[
        "",
        "",
        "",
        "",
        "Kedjans slut",
        "verifierad",
        &format!(
            "{} poster, senaste id {}",
            a.entries,
            a.last_id.map_or_else(|| "–".into(), |i| i.to_string())
        ),
        &a.last_hash,
    ]);
    Ok((out.into_bytes(), rows.len()))
}

/// Records the export in the history, in the same transaction as the write.
pub fn record_export(
    conn: &mut Connection,
    ctx: &Ctx,
    rows: usize,
    write: impl FnOnce() -> Result<()>,
    undo: impl FnOnce(),
) -> Result<()> {
    crate::audit::record_file_write(
        conn,
        ctx,
        None,
        "audit.export",
        &format!("Loggen exporterad som CSV ({rows} poster)"),
        write,
        undo,
    )
}

#[cfg(test)]
mod tests;
