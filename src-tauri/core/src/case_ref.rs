//! A case, and the proof that this session may read and change it.
//!
//! Domain ground floor: every domain module that reads or writes a case's data takes one of the
//! tokens here, so none of them needs the application-level `cases` module, and none can be
//! called for a case nobody opened.
//!
//! Architecture invariant: **a function that reads or changes one case's data takes an
//! [`OpenCase`], [`OpenSip`] or [`OpenPerson`], and only [`crate::access`] makes them** — after
//! it checked that the record exists and may be shown in this session (not protected, or opened
//! explicitly). Outside this crate (the Tauri commands) they can't be made any other way, so a
//! command that forgets the check does not compile. Inside it, `tests/system/layers.rs` checks
//! that no other module calls the constructors.
//!
//! A command gets the token from `access` and passes it on:
//! ```
//! # use tryggplan_core::{access, ctx::Ctx, ids::CaseId, risk, store::Connection, Result};
//! fn risk_tab(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<risk::RiskOverview> {
//!     let open = access::open_case(conn, ctx, case)?;
//!     risk::list(conn, open, ctx.today)
//! }
//! ```
//! With the raw id it does not compile:
//! ```compile_fail,E0308
//! # use tryggplan_core::{access, ctx::Ctx, ids::CaseId, risk, store::Connection, Result};
//! fn risk_tab(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<risk::RiskOverview> {
//!     risk::list(conn, case, ctx.today)
//! }
//! ```
//! Nor can a token be made from an id outside this crate:
//! ```compile_fail,E0624
//! # use tryggplan_core::{case_ref::OpenCase, ids::CaseId};
//! fn forged(case: CaseId) -> OpenCase {
//!     OpenCase::checked(case)
//! }
//! ```

use rusqlite::Connection;

use crate::ids::{CaseId, PersonId, SipId};
use crate::{Error, Result};

/// Fails with NotFound unless the case exists.
pub fn require(conn: &Connection, case: CaseId) -> Result<()> {
    let ok: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM cases WHERE id = ?1)",
        [case],
        |r| r.get(0),
    )?;
    if ok {
        Ok(())
    } else {
        Err(Error::NotFound("Ärendet"))
    }
}

/// A case this session may read and change (see the module's invariant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpenCase(CaseId);

/// A SIP whose case this session may read and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpenSip(SipId);

/// A person whose case this session may read and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpenPerson(PersonId);

impl OpenCase {
    pub fn id(self) -> CaseId {
        self.0
    }
    /// Only `access` calls this, after its check.
    pub(crate) fn checked(id: CaseId) -> Self {
        OpenCase(id)
    }
}

impl OpenSip {
    pub fn id(self) -> SipId {
        self.0
    }
    /// Only `access` calls this, after its check.
    pub(crate) fn checked(id: SipId) -> Self {
        OpenSip(id)
    }
}

impl OpenPerson {
    pub fn id(self) -> PersonId {
        self.0
    }
    /// Only `access` calls this, after its check.
    pub(crate) fn checked(id: PersonId) -> Self {
        OpenPerson(id)
    }
}

/// Whose data a request for a document is about, for the check before it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Case(CaseId),
    Sip(SipId),
    /// About no case (the blank consent form).
    NoCase,
}

/// A request (a document, an underlag) that reads one case's data.
pub trait CaseScoped {
    /// The case or SIP it reads; NotFound when what it names doesn't exist.
    fn scope(&self, conn: &Connection) -> Result<Scope>;
}

/// A request whose case this session may read (see the module's invariant): only `access`
/// makes one, through `access::open_request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<R>(R);

impl<R> Opened<R> {
    pub fn get(&self) -> &R {
        &self.0
    }
    /// Only `access` calls this, after its check.
    pub(crate) fn checked(request: R) -> Self {
        Opened(request)
    }
}

// The core's own unit tests work on data they made themselves: an id converts straight into
// its token there. Nothing of this exists in a build the app or anything outside runs.
#[cfg(test)]
mod for_tests {
    use super::*;
    impl From<CaseId> for OpenCase {
        fn from(id: CaseId) -> Self {
            OpenCase(id)
        }
    }
    impl From<SipId> for OpenSip {
        fn from(id: SipId) -> Self {
            OpenSip(id)
        }
    }
    impl From<PersonId> for OpenPerson {
        fn from(id: PersonId) -> Self {
            OpenPerson(id)
        }
    }
    impl From<crate::document::DocumentRequest> for Opened<crate::document::DocumentRequest> {
        fn from(r: crate::document::DocumentRequest) -> Self {
            Opened(r)
        }
    }
    impl From<crate::document::samrad::SamradPdf> for Opened<crate::document::samrad::SamradPdf> {
        fn from(r: crate::document::samrad::SamradPdf) -> Self {
            Opened(r)
        }
    }
}
