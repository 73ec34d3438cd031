//! The one check that a case id names a case.
//!
//! Domain ground floor: every domain module that reads or writes a case's data asks this first,
//! so none of them needs the application-level `cases` module.

use rusqlite::Connection;

use crate::ids::CaseId;
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
