//! Reading a SIP's consent from the database: the records as stored, the child's exceptions,
//! the subject on a date, and the states the UI shows. The gate ([`super::gate`]) and the
//! changes ([`super::records`]) both read through here, so neither needs the other to read.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::*;
use crate::ids::*;
use crate::person::{idnumber, ADULT_AGE};
use crate::{Error, Refusal, Result};

/// The columns of a consent record as [`record_from_row`] reads them; the same in the SIP's
/// `consents` and samråd's `samrad_consents`.
pub(crate) const RECORD_COLUMNS: &str = "giver_kind, guardian_id, form, doc_on, doc_how, \
     doc_received_by, doc_witness, other_text, excluded_text, valid_from, valid_to, withdrawn_on, \
     withdrawal_how, withdrawal_received_by";

/// A consent record from [`RECORD_COLUMNS`] starting at column `at`; its scope holds the texts
/// only (the rows of its scope tables are read by [`add_actors_and_categories`]).
pub(crate) fn record_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ConsentRecord> {
    let kind: String = r.get(at)?;
    let guardian: Option<PersonId> = r.get(at + 1)?;
    let giver = match (kind.as_str(), guardian) {
        ("guardian", Some(guardian)) => Giver::Guardian { guardian },
        ("child_own", _) => Giver::ChildOwn,
        _ => Giver::Person,
    };
    let doc_on: Option<NaiveDate> = r.get(at + 3)?;
    let withdrawn_on: Option<NaiveDate> = r.get(at + 11)?;
    Ok(ConsentRecord {
        giver,
        form: r.get(at + 2)?,
        documentation: match doc_on {
            Some(on) => Some(Documentation {
                on,
                how: r.get(at + 4)?,
                received_by: r.get(at + 5)?,
                witness: r.get(at + 6)?,
            }),
            None => None,
        },
        scope: Scope {
            other_text: r.get(at + 7)?,
            excluded_text: r.get(at + 8)?,
            ..Scope::default()
        },
        valid_from: r.get(at + 9)?,
        valid_to: r.get(at + 10)?,
        withdrawal: match withdrawn_on {
            Some(on) => Some(Withdrawal {
                on,
                how: r.get(at + 12)?,
                received_by: r.get(at + 13)?,
            }),
            None => None,
        },
    })
}

/// A consent's state for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConsentState {
    Valid,
    Expiring,
    Missing,
    Expired,
    Withdrawn,
    NotYetValid,
    /// Valid, but a newer record from the same giver is in force.
    Superseded,
}

impl ConsentState {
    /// Can a record in this state be withdrawn today? Only the one in force: a superseded
    /// record no longer holds ([`rules::latest_valid`]: withdrawing the newer one never brings
    /// it back), an expired or withdrawn one needs nothing more, and one not yet valid can't
    /// have a withdrawal dated from its first day up to today.
    pub fn can_withdraw(self) -> bool {
        match self {
            ConsentState::Valid | ConsentState::Expiring => true,
            ConsentState::Missing
            | ConsentState::Expired
            | ConsentState::Withdrawn
            | ConsentState::NotYetValid
            | ConsentState::Superseded => false,
        }
    }

    /// Why a record in this state can't be withdrawn ([`ConsentState::can_withdraw`]).
    pub fn why_not_withdrawn(self) -> Option<Refusal> {
        match self {
            ConsentState::Valid | ConsentState::Expiring => None,
            ConsentState::Superseded => Some(Refusal::WithdrawSuperseded),
            ConsentState::NotYetValid => Some(Refusal::WithdrawNotYetValid),
            ConsentState::Expired => Some(Refusal::WithdrawExpired),
            ConsentState::Withdrawn => Some(Refusal::WithdrawWithdrawn),
            ConsentState::Missing => Some(Refusal::WithdrawMissing),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentState::Valid => "Giltigt",
            ConsentState::Expiring => "Går snart ut",
            ConsentState::Missing => "Saknas",
            ConsentState::Expired => "Utgånget",
            ConsentState::Withdrawn => "Återkallat",
            ConsentState::NotYetValid => "Gäller inte ännu",
            ConsentState::Superseded => "Ersatt av ett nyare samtycke",
        }
    }
}

/// Is there a valid consent for the SIP today, and why (not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BasisView {
    pub state: ConsentState,
    pub label: String,
    pub message: String,
    /// Only the child's own consent: open interventions by the social services only.
    pub child_own_only: bool,
}

/// The subject of a SIP on a date: age from the birth date, the guardians with custody from
/// the relations. A person whose age is unknown is treated as a child when a guardian with
/// custody is registered (only a child has one).
pub(crate) fn subject(conn: &Connection, person: PersonId, on: NaiveDate) -> Result<Subject> {
    let birth: Option<NaiveDate> = conn
        .query_row(
            "SELECT birth_date FROM persons WHERE id = ?1",
            [person],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound("Personen"))?;
    let age = birth.and_then(|b| idnumber::age_in_years(b, on));
    let mut stmt = conn.prepare_cached(
        "SELECT from_person FROM relations
          WHERE to_person = ?1 AND kind = 'vardnadshavare' AND custody = 1 ORDER BY id",
    )?;
    let custodial_guardians = stmt
        .query_map([person], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<PersonId>>>()?;
    Ok(Subject {
        is_child: age.map_or(!custodial_guardians.is_empty(), |a| a < ADULT_AGE),
        age,
        custodial_guardians,
    })
}

/// A consent record as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: ConsentId,
    pub record: ConsentRecord,
    pub recorded_at: String,
    /// Entered by "Ändra samtycke": the record it replaced.
    pub supersedes: Option<ConsentId>,
}

/// The SIP's consent records in the order they were entered.
pub(crate) fn load_records(conn: &Connection, sip: SipId) -> Result<Vec<Stored>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, {RECORD_COLUMNS}, recorded_at, supersedes FROM consents WHERE sip_id = ?1
          ORDER BY id"
    ))?;
    let mut out = stmt
        .query_map([sip], |r| {
            Ok(Stored {
                id: ConsentId(r.get(0)?),
                record: record_from_row(r, 1)?,
                recorded_at: r.get(15)?,
                supersedes: r.get::<_, Option<i64>>(16)?.map(ConsentId),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut persons = conn.prepare_cached(
        "SELECT person_id, accepted FROM consent_persons WHERE consent_id = ?1 ORDER BY person_id",
    )?;
    let mut organisations = conn.prepare_cached(
        "SELECT organisation_id FROM consent_organisations WHERE consent_id = ?1
          ORDER BY organisation_id",
    )?;
    let mut actor_categories = conn.prepare_cached(
        "SELECT unit_id, contact_id, category FROM consent_actor_categories WHERE consent_id = ?1
          ORDER BY unit_id, ifnull(contact_id, 0), category",
    )?;
    for Stored {
        id, record: rec, ..
    } in &mut out
    {
        add_actors_and_categories(
            conn,
            ("consent_actors", "consent_categories"),
            id.0,
            &mut rec.scope,
        )?;
        for row in persons.query_map([*id], |r| {
            Ok((r.get::<_, PersonId>(0)?, r.get::<_, bool>(1)?))
        })? {
            let (p, accepted) = row?;
            if accepted {
                rec.scope.persons.push(p);
            } else {
                rec.scope.excluded_persons.push(p);
            }
        }
        for row in organisations.query_map([*id], |r| r.get::<_, OrganisationId>(0))? {
            rec.scope.organisations.push(row?);
        }
        for row in actor_categories.query_map([*id], |r| {
            Ok((
                ActorRef {
                    unit: r.get(0)?,
                    contact: r.get(1)?,
                },
                r.get::<_, InfoCategory>(2)?,
            ))
        })? {
            let (actor, c) = row?;
            match rec
                .scope
                .actor_categories
                .iter_mut()
                .find(|ac| ac.actor == actor)
            {
                Some(ac) => ac.categories.push(c),
                None => rec.scope.actor_categories.push(ActorCategories {
                    actor,
                    categories: vec![c],
                }),
            }
        }
    }
    Ok(out)
}

pub(crate) fn load_exceptions(conn: &Connection, sip: SipId) -> Result<Vec<ChildException>> {
    let mut stmt = conn.prepare_cached(
        "SELECT guardian_id, kind, reason FROM child_exceptions WHERE sip_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([sip], |r| {
            let guardian: PersonId = r.get(0)?;
            let kind: String = r.get(1)?;
            let reason: String = r.get(2)?;
            Ok(if kind == "board_decided" {
                ChildException::BoardDecided {
                    guardian,
                    decision: reason,
                }
            } else {
                ChildException::GuardianNotInvited { guardian, reason }
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Adds the accepted and excluded actors and categories of consent `id` from its scope tables
/// (`consent_actors`/`consent_categories`, or samråd's own) to `scope`, categories sorted.
pub(crate) fn add_actors_and_categories(
    conn: &Connection,
    tables: (&str, &str),
    id: i64,
    scope: &mut Scope,
) -> Result<()> {
    let mut actors = conn.prepare_cached(&format!(
        "SELECT unit_id, contact_id, accepted FROM {} WHERE consent_id = ?1
          ORDER BY unit_id, ifnull(contact_id, 0)",
        tables.0
    ))?;
    for row in actors.query_map([id], |r| {
        Ok((
            ActorRef {
                unit: r.get(0)?,
                contact: r.get(1)?,
            },
            r.get::<_, bool>(2)?,
        ))
    })? {
        let (a, accepted) = row?;
        if accepted {
            scope.actors.push(a);
        } else {
            scope.excluded_actors.push(a);
        }
    }
    let mut categories = conn.prepare_cached(&format!(
        "SELECT category, accepted FROM {} WHERE consent_id = ?1",
        tables.1
    ))?;
    for row in categories.query_map([id], |r| {
        Ok((r.get::<_, InfoCategory>(0)?, r.get::<_, bool>(1)?))
    })? {
        let (c, accepted) = row?;
        if accepted {
            scope.categories.push(c);
        } else {
            scope.excluded_categories.push(c);
        }
    }
    scope.categories.sort();
    scope.excluded_categories.sort();
    Ok(())
}
