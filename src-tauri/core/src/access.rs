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
//! - The case's data functions take an open-case token ([`crate::case_ref`]), and the doors
//!   here are the only ones that make them: [`open_case`], [`open_sip`], [`open_person`] and
//!   [`open_request`] (a document or underlag), which refuse with [`Error::NotOpened`]. A
//!   command that forgets to ask can't call the data functions: it does not compile. The case
//!   itself is read through [`crate::cases::get_for`], which gives the masked case (initials and
//!   protection level only) until the record is opened.
//! - A context ([`Ctx`]) made anywhere but the vault has opened nothing: it fails closed.
//!
//! Whether a case is protected is decided by the protection rules
//! ([`CaseFacts::is_protected`], which counts parents and children): a case is protected when
//! any of its persons is.

use rusqlite::{Connection, OptionalExtension};

use crate::audit;
use crate::case_ref::{CaseScoped, OpenCase, OpenPerson, OpenSip, Opened, Scope};
use crate::ctx::Ctx;
use crate::ids::{CaseId, PersonId, SipId};
use crate::person::{self, Person, Relation};
use crate::protection::CaseFacts;
use crate::session::Vault;
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
pub(crate) fn is_protected(conn: &Connection, case: CaseId) -> Result<bool> {
    crate::case_ref::require(conn, case)?;
    // The date only sets ages, which the protection rules don't read.
    let today = crate::clock::swedish_date(chrono::Utc::now());
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    Ok(persons_protected(&persons, &relations))
}

/// May the case's full record be shown in this session: not protected, or opened explicitly.
pub(crate) fn is_open(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<bool> {
    Ok(ctx.opened.contains(&case) || !is_protected(conn, case)?)
}

/// Refuses ([`Error::NotOpened`]) unless the case's record may be shown in this session.
pub(crate) fn require_case(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<()> {
    open_case(conn, ctx, case).map(|_| ())
}

/// The door to one case's data: the case, if it exists ([`Error::NotFound`]) and its record may
/// be shown in this session ([`Error::NotOpened`] otherwise).
pub fn open_case(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<OpenCase> {
    if is_open(conn, ctx, case)? {
        Ok(OpenCase::checked(case))
    } else {
        Err(Error::NotOpened)
    }
}

/// A case the core itself has just made in this transaction (the practice profile's invented
/// cases): there is nothing to open, its maker is the one filling it in. Not for anything the
/// worker asked for.
pub(crate) fn made_here(case: CaseId) -> OpenCase {
    OpenCase::checked(case)
}

/// [`made_here`] for a SIP the core itself has just made.
pub(crate) fn made_here_sip(sip: SipId) -> OpenSip {
    OpenSip::checked(sip)
}

/// [`open_case`] for what a request reads: a document of a SIP or of a case, the samråd
/// underlag. A request about no case (the blank form) passes.
pub fn open_request<R: CaseScoped>(conn: &Connection, ctx: &Ctx, request: R) -> Result<Opened<R>> {
    match request.scope(conn)? {
        Scope::Case(case) => require_case(conn, ctx, case)?,
        Scope::Sip(sip) => require_sip(conn, ctx, sip)?,
        Scope::NoCase => {}
    }
    Ok(Opened::checked(request))
}

/// [`open_case`] for the case a SIP belongs to.
pub fn open_sip(conn: &Connection, ctx: &Ctx, sip: SipId) -> Result<OpenSip> {
    require_sip(conn, ctx, sip)?;
    Ok(OpenSip::checked(sip))
}

/// [`open_case`] for the case a person belongs to.
pub fn open_person(conn: &Connection, ctx: &Ctx, person: PersonId) -> Result<OpenPerson> {
    require_person(conn, ctx, person)?;
    Ok(OpenPerson::checked(person))
}

/// [`require_case`] for the case a SIP belongs to.
pub(crate) fn require_sip(conn: &Connection, ctx: &Ctx, sip: SipId) -> Result<()> {
    let case: CaseId = conn
        .query_row("SELECT case_id FROM sips WHERE id = ?1", [sip], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("SIP:en"))?;
    require_case(conn, ctx, case)
}

/// [`require_case`] for the case a person belongs to.
pub(crate) fn require_person(conn: &Connection, ctx: &Ctx, person: PersonId) -> Result<()> {
    let case: CaseId = conn
        .query_row("SELECT case_id FROM persons WHERE id = ?1", [person], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("Personen"))?;
    require_case(conn, ctx, case)
}

/// The explicit open: for a protected case, writes the access entry (when, profile, which
/// case) in one transaction and returns true; the caller (the vault) remembers the open. An
/// unprotected case needs no open: nothing is written, false is returned. Every open is
/// written, also a repeated one in the same session.
pub(crate) fn record_open(conn: &mut Connection, ctx: &Ctx, case: CaseId) -> Result<bool> {
    let tx = conn.transaction()?;
    if !is_protected(&tx, case)? {
        return Ok(false);
    }
    audit::record(&tx, ctx, Some(case), OPEN_ACTION, OPEN_SUMMARY)?;
    tx.commit()?;
    Ok(true)
}

/// "Öppna akten": the explicit open of a case's record at `now`. For a case with a
/// protected person the open is written to the case's access history (in its own
/// transaction) and remembered until the vault locks; returns whether the case is
/// protected.
pub fn open_record_at(
    vault: &mut Vault,
    now: chrono::DateTime<chrono::Utc>,
    case: CaseId,
) -> Result<bool> {
    let protected = vault.with_ctx(now, |c, ctx| record_open(c, ctx, case))?;
    if protected {
        vault.remember_open(case);
    }
    Ok(protected)
}

/// [`open_record_at`] at the current time.
pub fn open_record(vault: &mut Vault, case: CaseId) -> Result<bool> {
    open_record_at(vault, chrono::Utc::now(), case)
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
#[cfg(test)]
pub(crate) fn history(conn: &Connection, case: CaseId) -> Result<Vec<audit::HistoryEntry>> {
    Ok(audit::list(conn, Some(case))?
        .into_iter()
        .filter(|e| e.action == OPEN_ACTION)
        .collect())
}

#[cfg(test)]
mod tests;
