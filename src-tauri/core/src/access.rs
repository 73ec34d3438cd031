//! The explicit open of a protected person's record ("Öppna akten") and its access history.
//!
//! Issue 6: "Screens: protected persons are masked in lists and in the window title; the full
//! record shows only after an explicit open; every open of a protected person's record is
//! written to the access history."
//!
//! Architecture invariant: **a case with a protected person shows its record only after an
//! explicit open in this unlocked session, and every open is in its history.** The check is
//! here, in the core, behind the IPC commands — not in the UI:
//! - [`record_open`] writes the access entry (when, which profile, which case; never a name)
//!   in its own transaction; the [`crate::session::Vault`] then remembers the case as opened
//!   until it locks (manual lock, idle lock, or the lock every unlock begins with).
//! - Every command that returns or changes a case's personal data calls one of the `require_*`
//!   helpers first ([`require_case`], [`require_sip`], [`require_person`],
//!   [`require_document`], [`require_samrad_pdf`]), which refuse with [`Error::NotOpened`], or asks
//!   [`crate::cases::get_for`], which gives the masked case (initials and protection level
//!   only) until the record is opened.
//! - A context ([`Ctx`]) made anywhere but the vault has opened nothing: it fails closed.
//!
//! Whether a case is protected is decided by the protection rules
//! ([`CaseFacts::is_protected`], which counts parents and children): a case is protected when
//! any of its persons is.

use rusqlite::{Connection, OptionalExtension};

use crate::audit::{self, HistoryEntry};
use crate::document::DocumentRequest;
use crate::ids::{CaseId, PersonId, SipId};
use crate::person::{self, Person, Relation};
use crate::protection::CaseFacts;
use crate::session::Ctx;
use crate::vocab::LegalSex;
use crate::{Error, Result};

/// The history action of an explicit open. The history screen lists these under "Åtkomst".
pub const OPEN_ACTION: &str = "access.open";
/// What the access history says for an open: no name, number or other personal data.
pub const OPEN_SUMMARY: &str = "Akten öppnad (skyddade personuppgifter)";

/// Is any person of the case protected (counting parents and children, as the protection
/// rules do)?
pub fn persons_protected(persons: &[Person], relations: &[Relation]) -> bool {
    let Some(first) = persons.first() else {
        return false;
    };
    let facts = CaseFacts::from_case(first.id, persons, relations);
    persons.iter().any(|p| facts.is_protected(p.id))
}

/// Is the case protected? Fails with NotFound for a case that does not exist.
pub fn is_protected(conn: &Connection, case: CaseId) -> Result<bool> {
    crate::cases::require(conn, case)?;
    // The date only sets ages, which the protection rules don't read.
    let today = crate::clock::swedish_date(chrono::Utc::now());
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    Ok(persons_protected(&persons, &relations))
}

/// May the case's full record be shown in this session: not protected, or opened explicitly.
pub fn is_open(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<bool> {
    Ok(ctx.opened.contains(&case) || !is_protected(conn, case)?)
}

/// Refuses ([`Error::NotOpened`]) unless the case's record may be shown in this session.
pub fn require_case(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<()> {
    if is_open(conn, ctx, case)? {
        Ok(())
    } else {
        Err(Error::NotOpened)
    }
}

/// [`require_case`] for the case a SIP belongs to.
pub fn require_sip(conn: &Connection, ctx: &Ctx, sip: SipId) -> Result<()> {
    let case: CaseId = conn
        .query_row("SELECT case_id FROM sips WHERE id = ?1", [sip], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("SIP:en"))?;
    require_case(conn, ctx, case)
}

/// [`require_case`] for the case a person belongs to.
pub fn require_person(conn: &Connection, ctx: &Ctx, person: PersonId) -> Result<()> {
    let case: CaseId = conn
        .query_row("SELECT case_id FROM persons WHERE id = ?1", [person], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("Personen"))?;
    require_case(conn, ctx, case)
}

/// [`require_sip`] for a document of a SIP (the blank consent form belongs to no case).
pub fn require_document(conn: &Connection, ctx: &Ctx, request: &DocumentRequest) -> Result<()> {
    match *request {
        DocumentRequest::BlankConsent => Ok(()),
        DocumentRequest::Consent { sip_id, .. }
        | DocumentRequest::Invitation { sip_id, .. }
        | DocumentRequest::Plan { sip_id, .. }
        | DocumentRequest::ConsentCopy { sip_id, .. } => require_sip(conn, ctx, sip_id),
        DocumentRequest::SamradConsent { case_id, .. } => require_case(conn, ctx, case_id),
    }
}

/// [`require_case`] for the samråd underlag of a case (now, or as a recorded consultation
/// brought it).
pub fn require_samrad_pdf(
    conn: &Connection,
    ctx: &Ctx,
    request: &crate::samrad::document::SamradPdf,
) -> Result<()> {
    use crate::samrad::document::SamradPdf;
    let case = match request {
        SamradPdf::Current { case_id, .. } => *case_id,
        SamradPdf::Recorded { samrad_id } => crate::samrad::log::brought(conn, *samrad_id)?.0,
    };
    require_case(conn, ctx, case)
}

/// The explicit open: for a protected case, writes the access entry (when, profile, which
/// case) in one transaction and returns true; the caller (the vault) remembers the open. An
/// unprotected case needs no open: nothing is written, false is returned. Every open is
/// written, also a repeated one in the same session.
pub fn record_open(conn: &mut Connection, ctx: &Ctx, case: CaseId) -> Result<bool> {
    let tx = conn.transaction()?;
    if !is_protected(&tx, case)? {
        return Ok(false);
    }
    audit::record(&tx, ctx, Some(case), OPEN_ACTION, OPEN_SUMMARY)?;
    tx.commit()?;
    Ok(true)
}

/// A person as the masked case shows them: the initials and the protection level, nothing
/// else — no name, identity number, birth date or age, address, phone, way of contact,
/// language or free text. Written out field by field (no `..`), so a field added to
/// [`Person`] must be decided on here.
pub fn masked_person(p: &Person) -> Person {
    Person {
        id: p.id,
        case_id: p.case_id,
        name: p.initials.clone(),
        initials: p.initials.clone(),
        id_kind: None,
        identity_number: None,
        no_number_reason: None,
        no_number_note: String::new(),
        birth_date: None,
        age: None,
        is_child: false,
        twelve_or_older: false,
        legal_sex: LegalSex::Okant,
        language: String::new(),
        interpreter_needed: false,
        protection_level: p.protection_level,
        is_protected: p.is_protected,
        address: None,
        phone: None,
        contact_way: String::new(),
        roles: Vec::new(),
        violence_forms: Vec::new(),
    }
}

/// The case's access history: every explicit open, newest first.
pub fn history(conn: &Connection, case: CaseId) -> Result<Vec<HistoryEntry>> {
    Ok(audit::list(conn, Some(case))?
        .into_iter()
        .filter(|e| e.action == OPEN_ACTION)
        .collect())
}

#[cfg(test)]
mod tests;
