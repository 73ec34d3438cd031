//! The one door to an actor. Whatever reaches an actor — a participant, an invitation, a
//! meeting booked with the participants, the plan that is sent out, any document or export for
//! a recipient — loads a [`Gate`] for the SIP and the date inside the same transaction as the
//! change, and asks it. The gate only reads; the answers come from [`super::rules`].

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::load::{load_exceptions, load_records, subject, BasisView, ConsentState};
use super::rules::{self, Basis, Status};
use super::{ActorRef, ChildException, ConsentRecord, InfoCategory, Subject};
use crate::ids::{OrganisationId, PersonId, SipId, UnitId};
use crate::vocab::ActorType;
use crate::{Error, Refusal, Result};

/// Who a copy of a document is for, as far as the consent is concerned (issue 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentReader {
    /// An actor: a unit, or one person at a unit.
    Actor {
        actor: ActorRef,
        actor_type: ActorType,
    },
    /// The person the SIP is for, or a custodial guardian of a child: the consent is theirs,
    /// and what it is about is theirs to read.
    Giver,
    /// Another person of the case (a närstående, a guardian without custody).
    CasePerson { person: PersonId },
}

/// Everything the rules need about one SIP's consent, read at one moment.
#[derive(Debug, Clone)]
pub struct Gate {
    records: Vec<ConsentRecord>,
    subject: Subject,
    exceptions: Vec<ChildException>,
    on: NaiveDate,
    /// The organisation each unit of the directory belongs to (units without one are absent).
    organisations: HashMap<UnitId, OrganisationId>,
}

impl Gate {
    /// Reads the SIP's consent records, its subject (age, custodial guardians) and the child
    /// exceptions, to answer for the date `on`.
    pub fn load(conn: &Connection, sip: SipId, on: NaiveDate) -> Result<Gate> {
        let person: crate::ids::PersonId = conn
            .query_row("SELECT person_id FROM sips WHERE id = ?1", [sip], |r| {
                r.get(0)
            })
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Error::NotFound("SIP:en"),
                e => e.into(),
            })?;
        Ok(Gate::new(
            load_records(conn, sip)?
                .into_iter()
                .map(|s| s.record)
                .collect(),
            subject(conn, person, on)?,
            load_exceptions(conn, sip)?,
            on,
        )
        .with_organisations(unit_organisations(conn)?))
    }

    /// A gate over what the caller has already read (`records` in the order entered).
    pub fn new(
        records: Vec<ConsentRecord>,
        subject: Subject,
        exceptions: Vec<ChildException>,
        on: NaiveDate,
    ) -> Gate {
        Gate {
            records,
            subject,
            exceptions,
            on,
            organisations: HashMap::new(),
        }
    }

    /// The gate with the directory's units → organisations (for organisations in a consent).
    pub fn with_organisations(mut self, organisations: HashMap<UnitId, OrganisationId>) -> Gate {
        self.organisations = organisations;
        self
    }

    /// The organisation the actor's unit belongs to, if any.
    pub fn organisation_of(&self, unit: UnitId) -> Option<OrganisationId> {
        self.organisations.get(&unit).copied()
    }

    pub fn records(&self) -> &[ConsentRecord] {
        &self.records
    }

    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    pub fn exceptions(&self) -> &[ChildException] {
        &self.exceptions
    }

    pub fn on(&self) -> NaiveDate {
        self.on
    }

    /// The consent the SIP rests on, or why there is none (a refusal in Swedish).
    pub fn basis(&self) -> Result<Basis<'_>> {
        rules::basis_on(&self.records, &self.subject, &self.exceptions, self.on).map_err(|why| {
            Error::Refused(Refusal::NoValidConsent {
                on: self.on,
                why: Box::new(why),
            })
        })
    }

    /// May the actor be invited or take part?
    pub fn may_invite(&self, actor: ActorRef, actor_type: ActorType) -> Result<()> {
        let basis = self.basis()?;
        rules::may_invite_in(&basis, actor, actor_type, self.organisation_of(actor.unit))
            .map_err(Error::from)
    }

    /// May information of `category` be given to the actor?
    pub fn may_share(
        &self,
        actor: ActorRef,
        actor_type: ActorType,
        category: InfoCategory,
    ) -> Result<()> {
        let basis = self.basis()?;
        rules::may_share_in(
            &basis,
            actor,
            actor_type,
            self.organisation_of(actor.unit),
            category,
        )
        .map_err(Error::from)
    }

    /// Is the person barred by a recorded exception ([`rules::barred_by_exception`])? Asked
    /// for every person of the case a document is for, guardians included.
    pub fn barred(&self, person: PersonId) -> Result<()> {
        match rules::barred_by_exception(&self.exceptions, person) {
            Some(why) => Err(why.into()),
            None => Ok(()),
        }
    }

    /// May a person of the case be invited to the SIP, or be given a document about it
    /// ([`rules::may_invite_person`])? `guarded` and `decision_recorded` come from the
    /// protection facts and the recorded decision ([`crate::sip::guard`]).
    pub fn may_invite_person(
        &self,
        person: PersonId,
        guarded: bool,
        decision_recorded: bool,
    ) -> Result<()> {
        let basis = rules::basis_on(&self.records, &self.subject, &self.exceptions, self.on);
        rules::may_invite_person(
            basis.as_ref(),
            &self.subject,
            &self.exceptions,
            rules::CasePerson {
                person,
                guarded,
                decision_recorded,
            },
        )
        .map_err(Error::from)
    }

    /// The one question every document path asks (issue 17): may information of `category`
    /// reach `reader`? The person and a custodial guardian always; an actor as
    /// [`Gate::may_share`] answers (its own category scope included); another person of the
    /// case as [`Gate::case_person_may_reach`] answers.
    pub fn may_reach(&self, reader: &ConsentReader, category: InfoCategory) -> Result<()> {
        match *reader {
            ConsentReader::Giver => Ok(()),
            ConsentReader::Actor { actor, actor_type } => {
                self.may_share(actor, actor_type, category)
            }
            ConsentReader::CasePerson { person } => self.case_person_may_reach(person, category),
        }
    }

    /// A person of the case other than a custodial guardian: only when no recorded exception
    /// bars them and every consent in force names them ([`rules::may_invite_person`]; whether
    /// someone guarded against has the recorded decision is asked at the door, where it is
    /// known), and then only what the consent accepts for everyone (the general categories).
    pub fn case_person_may_reach(&self, person: PersonId, category: InfoCategory) -> Result<()> {
        let basis = self.basis()?;
        rules::may_invite_person(
            Ok(&basis),
            &self.subject,
            &self.exceptions,
            rules::CasePerson {
                person,
                guarded: false,
                decision_recorded: true,
            },
        )
        .map_err(Error::from)?;
        rules::may_share_generally(&basis, category).map_err(Error::from)
    }

    /// Is there a valid consent on the gate's date, and why (not): for the UI.
    pub fn view(&self) -> BasisView {
        let (state, message, child_own_only) = match self.basis() {
            Ok(b) => {
                let to = b
                    .records
                    .iter()
                    .map(|r| r.valid_to)
                    .min()
                    .unwrap_or(self.on);
                let state = if rules::expiry_warning(&b, self.on).is_some() {
                    ConsentState::Expiring
                } else {
                    ConsentState::Valid
                };
                let message = if b.child_own_only {
                    format!(
                        "Barnets eget samtycke gäller till och med {to}. Det omfattar bara öppna \
                         insatser från socialtjänsten."
                    )
                } else {
                    format!("Giltigt samtycke till och med {to}.")
                };
                (state, message, b.child_own_only)
            }
            Err(e) => {
                let state = match self.records.last().map(|r| rules::status_on(r, self.on)) {
                    Some(Status::Withdrawn) => ConsentState::Withdrawn,
                    Some(Status::Expired) => ConsentState::Expired,
                    Some(Status::NotYetValid) => ConsentState::NotYetValid,
                    _ => ConsentState::Missing,
                };
                (state, e.to_string(), false)
            }
        };
        BasisView {
            state,
            label: state.label().to_owned(),
            message,
            child_own_only,
        }
    }

    /// The expiry warning for the basis, if one applies.
    pub fn expiry_warning(&self) -> Option<String> {
        self.basis()
            .ok()
            .and_then(|b| rules::expiry_warning(&b, self.on))
    }
}

/// The organisation of every unit that belongs to one.
pub fn unit_organisations(conn: &Connection) -> Result<HashMap<UnitId, OrganisationId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, organisation_id FROM actor_units WHERE organisation_id IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// The actor type of a unit (for the child's-own-consent rule).
pub fn actor_type(conn: &Connection, unit: UnitId) -> Result<ActorType> {
    conn.query_row(
        "SELECT actor_type FROM actor_units WHERE id = ?1",
        [unit],
        |r| r.get(0),
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound("Enheten"),
        e => e.into(),
    })
}

/// Every participant of the SIP may still be invited on the gate's date; the first refusal
/// names the unit so the user knows whom to remove.
pub(crate) fn check_participants(conn: &Connection, gate: &Gate, sip: SipId) -> Result<()> {
    for (actor, t, name) in participants(conn, sip)? {
        gate.may_invite(actor, t).map_err(|e| match e {
            Error::Refused(why) => Error::Refused(Refusal::ParticipantNotCovered {
                name: name.clone(),
                why: Box::new(why),
            }),
            e => e,
        })?;
    }
    Ok(())
}

/// Every participant may receive information of `category` on the gate's date.
pub(crate) fn check_participants_share(
    conn: &Connection,
    gate: &Gate,
    sip: SipId,
    category: InfoCategory,
) -> Result<()> {
    for (actor, t, name) in participants(conn, sip)? {
        gate.may_share(actor, t, category).map_err(|e| match e {
            Error::Refused(why) => Error::Refused(Refusal::ParticipantNotCovered {
                name: name.clone(),
                why: Box::new(why),
            }),
            e => e,
        })?;
    }
    Ok(())
}

fn participants(conn: &Connection, sip: SipId) -> Result<Vec<(ActorRef, ActorType, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.unit_id, p.contact_id, u.actor_type, u.name FROM sip_participants p
           JOIN actor_units u ON u.id = p.unit_id WHERE p.sip_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([sip], |r| {
            Ok((
                ActorRef {
                    unit: r.get(0)?,
                    contact: r.get(1)?,
                },
                r.get(2)?,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
