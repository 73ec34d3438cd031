//! The protection facts of a case, read from the database: the persons and relations the
//! pure rules in [`super`] decide on (no names).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::CaseFacts;
use crate::ids::{CaseId, PersonId, SipId};
use crate::person;
use crate::{Error, Result};

/// The protection facts of the case a SIP belongs to (persons, relations; no names).
pub(crate) fn case_facts(
    conn: &Connection,
    case: CaseId,
    subject: PersonId,
    today: NaiveDate,
) -> Result<CaseFacts> {
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    Ok(CaseFacts::from_case(subject, &persons, &relations))
}

/// [`case_facts`] for a SIP.
pub(crate) fn sip_facts(conn: &Connection, sip: SipId, today: NaiveDate) -> Result<CaseFacts> {
    let (case, subject): (CaseId, PersonId) = conn
        .query_row(
            "SELECT case_id, person_id FROM sips WHERE id = ?1",
            [sip],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("SIP:en"))?;
    case_facts(conn, case, subject, today)
}
