//! Copies of a SIP consent given to its accepted actors ("Consent is spread to the actors as
//! soon as it is obtained (also before the first meeting)" [003 6]). A copy is a document
//! (`document::DocumentRequest::ConsentCopy`, only the actor's own part); exporting it records
//! it here as sent, in the same transaction as the export's history entry. The withdrawal
//! checklist (`records::withdraw`) lists the actors that got one.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::ActorRef;
use crate::audit;
use crate::ids::{CaseId, ConsentCopyId, ConsentId, ContactId, UnitId};
use crate::session::Ctx;
use crate::vocab::ActorType;
use crate::{Error, Result};

/// A copy recorded as sent, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CopyView {
    pub id: ConsentCopyId,
    pub unit_id: UnitId,
    pub contact_id: Option<ContactId>,
    pub unit_name: String,
    pub contact_name: Option<String>,
    #[ts(type = "string")]
    pub sent_on: NaiveDate,
}

/// Records that `actor` was given a copy of `consent` today (inside the caller's transaction),
/// with its entry in the case history.
pub fn record_sent(
    conn: &Connection,
    ctx: &Ctx,
    consent: ConsentId,
    actor: ActorRef,
) -> Result<ConsentCopyId> {
    let (case, actor_type): (CaseId, ActorType) = conn
        .query_row(
            "SELECT s.case_id, u.actor_type FROM consents c JOIN sips s ON s.id = c.sip_id,
                    actor_units u
              WHERE c.id = ?1 AND u.id = ?2",
            params![consent, actor.unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound("Samtycket"),
            e => e.into(),
        })?;
    conn.execute(
        "INSERT INTO consent_copies(consent_id, unit_id, contact_id, sent_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            consent,
            actor.unit,
            actor.contact,
            ctx.today,
            ctx.timestamp()
        ],
    )?;
    let id = ConsentCopyId(conn.last_insert_rowid());
    audit::record(
        conn,
        ctx,
        Some(case),
        "consent.copy",
        &format!(
            "Kopia av samtycke {consent} skickad {} till aktör ({}, enhet {})",
            ctx.today,
            actor_type.label(),
            actor.unit
        ),
    )?;
    Ok(id)
}

/// The actors that got a copy of `consent` (each once, the first copy).
pub fn actors_sent(conn: &Connection, consent: ConsentId) -> Result<Vec<ActorRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT unit_id, contact_id FROM consent_copies WHERE consent_id = ?1",
    )?;
    let rows = stmt
        .query_map([consent], |r| {
            Ok(ActorRef {
                unit: r.get(0)?,
                contact: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The copies of `consent` recorded as sent, oldest first.
pub fn list(conn: &Connection, consent: ConsentId) -> Result<Vec<CopyView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.unit_id, k.contact_id, u.name, c.name, k.sent_on FROM consent_copies k
           JOIN actor_units u ON u.id = k.unit_id
           LEFT JOIN actor_contacts c ON c.id = k.contact_id
          WHERE k.consent_id = ?1 ORDER BY k.id",
    )?;
    let rows = stmt
        .query_map([consent], |r| {
            Ok(CopyView {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                contact_id: r.get(2)?,
                unit_name: r.get(3)?,
                contact_name: r.get(4)?,
                sent_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
