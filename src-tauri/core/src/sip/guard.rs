//! The protection rules at the SIP's doors: who may be invited, and when a protected person's
//! meeting may be marked held. The rules themselves are [`crate::protection`]'s pure functions;
//! this module gathers the case's facts, asks them, and records the decisions.
//!
//! - P1 [003 "Skyddade personuppgifter i SIP"]: "Consider carefully **who is invited**; e.g. do
//!   **not** include trainees (*praktikanter*) or temporary staff." — refused unless overridden
//!   with a recorded reason.
//! - G1 (issue 6): "when a guardian or any invited person is registered as alleged perpetrator
//!   against the person (or the person's whereabouts are protected from them), the app …
//!   **warns before they are invited, and records the decision**."
//! - P1–P5: the meeting-safety checklist "must be gone through before a meeting is marked
//!   held".
//!
//! Architecture invariant: every way into a SIP's participants (`add_participant`,
//! [`add_person`]) asks [`protection::invite_check`] inside the transaction that adds, and a
//! decision that needed a reason is stored (append-only) before the participant is.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenSip;
use crate::consent::gate::Gate;
use crate::ctx::Ctx;
use crate::ids::{CaseId, ContactId, DecisionId, PersonId, PersonParticipantId, SipId, UnitId};
use crate::person;
use crate::protection::{self, Candidate, CaseFacts, InviteDecision};
use crate::{Error, Refusal, Result};

/// A decision recorded before someone was invited, as the SIP shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Decision {
    pub id: DecisionId,
    /// "Praktikant eller tillfälligt anställd", "Uppgiven våldsutövare", or both.
    pub kind_label: String,
    /// The warning the worker was shown.
    pub warning: String,
    /// What the worker wrote.
    pub reason: String,
    #[ts(type = "string")]
    pub decided_on: NaiveDate,
}

fn kind_key(decision: &InviteDecision, temporary: bool, guarded: bool) -> Option<&'static str> {
    match decision {
        InviteDecision::Allowed => None,
        _ => Some(match (temporary, guarded) {
            (true, true) => "bada",
            (true, false) => "tillfallig",
            _ => "utovare",
        }),
    }
}

fn kind_label(key: &str) -> &'static str {
    match key {
        "tillfallig" => "Praktikant eller tillfälligt anställd",
        "utovare" => "Uppgiven våldsutövare",
        _ => "Praktikant eller tillfälligt anställd, och uppgiven våldsutövare",
    }
}

pub(crate) fn decision(conn: &Connection, id: Option<DecisionId>) -> Result<Option<Decision>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .query_row(
            "SELECT kind, warning, reason, decided_on FROM protection_decisions WHERE id = ?1",
            [id],
            |r| {
                let kind: String = r.get(0)?;
                Ok(Decision {
                    id,
                    kind_label: kind_label(&kind).to_owned(),
                    warning: r.get(1)?,
                    reason: r.get(2)?,
                    decided_on: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Whom a decision is about.
pub(crate) enum Invitee {
    Unit {
        unit: UnitId,
        contact: Option<ContactId>,
    },
    Person(PersonId),
}

/// What the rules say about a candidate, with the facts that made them say it.
pub(crate) struct Checked {
    pub decision: InviteDecision,
    temporary: bool,
    guarded: bool,
}

pub(crate) fn check(facts: &CaseFacts, candidate: &Candidate) -> Checked {
    let own = candidate.person == Some(facts.subject);
    Checked {
        decision: protection::invite_check(facts, candidate),
        temporary: candidate.temporary && facts.is_protected(facts.subject),
        guarded: !own
            && candidate
                .person
                .is_some_and(|p| facts.is_guarded_against(p)),
    }
}

/// Stores the decision the invitation needs (none when allowed), after
/// [`protection::may_proceed`] has accepted the written reason.
pub(crate) fn record_decision(
    tx: &Connection,
    ctx: &Ctx,
    case: CaseId,
    sip: SipId,
    checked: &Checked,
    who: &Invitee,
    reason: Option<&str>,
) -> Result<Option<DecisionId>> {
    let reason = reason.map(str::trim).unwrap_or("");
    crate::text::check_len("Skälet", reason, crate::text::MAX_LONG)?;
    protection::may_proceed(&checked.decision, reason)?;
    let Some(kind) = kind_key(&checked.decision, checked.temporary, checked.guarded) else {
        return Ok(None);
    };
    let warning = match &checked.decision {
        InviteDecision::Warn { reason } | InviteDecision::RefusedUnlessOverridden { reason } => {
            reason.clone()
        }
        InviteDecision::Allowed => String::new(),
    };
    let (unit, contact, person) = match who {
        Invitee::Unit { unit, contact } => (Some(*unit), *contact, None),
        Invitee::Person(p) => (None, None, Some(*p)),
    };
    tx.execute(
        "INSERT INTO protection_decisions(case_id, sip_id, kind, unit_id, contact_id, person_id,
                                          warning, reason, decided_on, recorded_at, profile)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            case,
            sip,
            kind,
            unit,
            contact,
            person,
            warning,
            reason,
            ctx.today,
            ctx.timestamp(),
            ctx.profile
        ],
    )?;
    let id = DecisionId(tx.last_insert_rowid());
    // The history names the kind of decision, never the reason (it may name people or places).
    audit::record(
        tx,
        ctx,
        Some(case),
        "protection.decision",
        &format!(
            "Beslut om inbjudan registrerat ({}), beslut {}",
            kind_label(kind).to_lowercase(),
            id.0
        ),
    )?;
    Ok(Some(id))
}

// ---------------------------------------------------------------------------------------------
// Persons of the case as participants
// ---------------------------------------------------------------------------------------------

/// A person of the case invited to the SIP: a guardian, a parent, a närstående.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonParticipant {
    pub id: PersonParticipantId,
    pub person_id: PersonId,
    pub name: String,
    /// How the person relates to the one the SIP is for: "Vårdnadshavare", "Förälder", …
    pub relation: String,
    /// Registered as alleged perpetrator in the case (or the whereabouts are protected from
    /// them): nothing locating ever reaches them.
    pub guarded: bool,
    pub decision: Option<Decision>,
    /// Why the person may not take part today (her consent does not name them, a recorded
    /// exception bars them, …): nothing new may reach them; remove them or take a new consent.
    pub consent_problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonParticipantInput {
    pub person_id: PersonId,
    /// The written decision, when the rules ask for one.
    pub decision: Option<String>,
}

/// How `person` relates to the person the SIP is for: "Vårdnadshavare", "Förälder",
/// "Förälder (har inte vårdnaden)" or "Närstående" — the words of the case screen
/// ([`person::relation_phrase`]).
/// The persons of the case invited to the SIP.
pub(crate) fn person_participants(
    conn: &Connection,
    sip: SipId,
    facts: &CaseFacts,
    gate: &Gate,
) -> Result<Vec<PersonParticipant>> {
    let mut stmt = conn.prepare(
        "SELECT pp.id, pp.person_id, p.name, pp.decision_id FROM sip_person_participants pp
           JOIN persons p ON p.id = pp.person_id WHERE pp.sip_id = ?1 ORDER BY pp.id",
    )?;
    let rows = stmt
        .query_map([sip], |r| {
            Ok((
                r.get::<_, PersonParticipantId>(0)?,
                r.get::<_, PersonId>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<DecisionId>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, person_id, name, decision_id)| {
            let guarded = facts.is_guarded_against(person_id);
            Ok(PersonParticipant {
                id,
                person_id,
                name,
                relation: crate::protection::relation_to_subject(facts, person_id),
                guarded,
                consent_problem: gate
                    .may_invite_person(person_id, guarded, decision_id.is_some())
                    .err()
                    .map(|e| e.to_string()),
                decision: decision(conn, decision_id)?,
            })
        })
        .collect()
}

/// A person of the case the SIP's invitation list offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonChoice {
    pub person_id: PersonId,
    pub name: String,
    /// "Vårdnadshavare", "Förälder", … ([`crate::protection::relation_to_subject`]).
    pub relation: String,
}

/// A person of the case a recorded exception bars from the SIP: not offered, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BarredPerson {
    pub person_id: PersonId,
    pub name: String,
    /// The refusal naming the recorded exception ([`Gate::barred`]).
    pub reason: String,
}

/// The persons of the case the invitation list offers, and the ones it leaves out because a
/// recorded exception bars them ([`Gate::barred`]: no decision lifts it, so offering them only
/// led to a refusal — issue 19). Never offered either: the person the SIP is for (she is always
/// part of it) and one already invited. Someone her consent does not name yet is offered: the
/// refusal says what to do.
pub(crate) fn person_choices(
    conn: &Connection,
    case: CaseId,
    facts: &CaseFacts,
    gate: &Gate,
    invited: &[PersonId],
    today: NaiveDate,
) -> Result<(Vec<PersonChoice>, Vec<BarredPerson>)> {
    let mut offered = Vec::new();
    let mut barred = Vec::new();
    for p in person::list_for_case(conn, case, today)? {
        if p.id == facts.subject || invited.contains(&p.id) {
            continue;
        }
        match gate.barred(p.id) {
            Err(why) => barred.push(BarredPerson {
                person_id: p.id,
                name: p.name,
                reason: why.to_string(),
            }),
            Ok(()) => offered.push(PersonChoice {
                person_id: p.id,
                relation: crate::protection::relation_to_subject(facts, p.id),
                name: p.name,
            }),
        }
    }
    Ok((offered, barred))
}

/// What the rules say before a person of the case is invited (the UI shows the warning and
/// asks for the decision before calling [`add_person`]). Refused at once when no decision
/// could help: her consent does not name them, or a recorded exception bars them.
pub(crate) fn check_person(
    conn: &Connection,
    sip: OpenSip,
    person: PersonId,
    today: NaiveDate,
) -> Result<InviteDecision> {
    let sip = sip.id();
    let facts = crate::protection::facts::sip_facts(conn, sip, today)?;
    let checked = check(
        &facts,
        &Candidate {
            person: Some(person),
            temporary: false,
        },
    );
    Gate::load(conn, sip, today)?.may_invite_person(person, checked.guarded, true)?;
    Ok(checked.decision)
}

/// Invites a person of the case (not the person the SIP is for: they are always part of it).
pub(crate) fn add_person(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    input: &PersonParticipantInput,
) -> Result<PersonParticipantId> {
    let sip = sip.id();
    let tx = conn.transaction()?;
    let (case, subject, state): (CaseId, PersonId, super::SipState) = tx
        .query_row(
            "SELECT case_id, person_id, state FROM sips WHERE id = ?1",
            [sip],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("SIP:en"))?;
    if state == super::SipState::Avslutad {
        return Err(Error::Refused(Refusal::SipClosedForInvite));
    }
    if input.person_id == subject {
        return Err(Error::InvalidInput(
            "Personen som planen gäller är alltid med i sin SIP och bjuds inte in särskilt.".into(),
        ));
    }
    let in_case: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM persons WHERE id = ?1 AND case_id = ?2)",
        params![input.person_id, case],
        |r| r.get(0),
    )?;
    if !in_case {
        return Err(Error::NotFound("Personen"));
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM sip_person_participants WHERE sip_id = ?1 AND person_id = ?2)",
        params![sip, input.person_id],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::InvalidInput(
            "Personen är redan inbjuden till SIP:en.".into(),
        ));
    }
    let facts = crate::protection::facts::case_facts(&tx, case, subject, ctx.today)?;
    let checked = check(
        &facts,
        &Candidate {
            person: Some(input.person_id),
            temporary: false,
        },
    );
    // The consent and the recorded exceptions first (a decision can't replace her consent),
    // then the decision the protection rules ask for, then the rule as a whole with what is
    // now recorded.
    let gate = Gate::load(&tx, sip, ctx.today)?;
    gate.may_invite_person(input.person_id, checked.guarded, true)?;
    let decision = record_decision(
        &tx,
        ctx,
        case,
        sip,
        &checked,
        &Invitee::Person(input.person_id),
        input.decision.as_deref(),
    )?;
    gate.may_invite_person(input.person_id, checked.guarded, decision.is_some())?;
    tx.execute(
        "INSERT INTO sip_person_participants(sip_id, person_id, decision_id) VALUES (?1, ?2, ?3)",
        params![sip, input.person_id, decision],
    )?;
    let id = PersonParticipantId(tx.last_insert_rowid());
    audit::record(
        &tx,
        ctx,
        Some(case),
        "sip.person.add",
        &format!(
            "{} inbjuden till SIP:en (person {})",
            crate::protection::relation_to_subject(&facts, input.person_id),
            input.person_id.0
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Every person of the case invited to the SIP may still be invited on the gate's date (her
/// consent names them, no recorded exception bars them, a decision is recorded for someone
/// guarded against): asked when a meeting is booked and when the SIP is called. The first
/// refusal names the person so the worker knows whom to remove.
pub(crate) fn check_person_participants(
    conn: &Connection,
    gate: &Gate,
    sip: SipId,
    today: NaiveDate,
) -> Result<()> {
    let facts = crate::protection::facts::sip_facts(conn, sip, today)?;
    let mut stmt = conn.prepare_cached(
        "SELECT pp.person_id, pp.decision_id IS NOT NULL, p.name FROM sip_person_participants pp
           JOIN persons p ON p.id = pp.person_id WHERE pp.sip_id = ?1 ORDER BY pp.id",
    )?;
    let rows = stmt
        .query_map([sip], |r| {
            Ok((
                r.get::<_, PersonId>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (person, decision, name) in rows {
        gate.may_invite_person(person, facts.is_guarded_against(person), decision)
            .map_err(|e| match e {
                Error::Refused(why) => Error::Refused(Refusal::InvitedPersonNotCovered {
                    name,
                    why: Box::new(why),
                }),
                e => e,
            })?;
    }
    Ok(())
}

/// Removes an invited person (the decision stays in the record).
pub fn remove_person(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    id: PersonParticipantId,
) -> Result<()> {
    let sip = sip.id();
    let tx = conn.transaction()?;
    let (case, person): (CaseId, PersonId) = tx
        .query_row(
            "SELECT s.case_id, pp.person_id FROM sip_person_participants pp JOIN sips s ON s.id = pp.sip_id
              WHERE pp.id = ?1 AND pp.sip_id = ?2",
            params![id, sip],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Den inbjudna personen"))?;
    tx.execute("DELETE FROM sip_person_participants WHERE id = ?1", [id])?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "sip.person.remove",
        &format!("Inbjuden person borttagen ur SIP:en (person {})", person.0),
    )?;
    tx.commit()?;
    Ok(())
}
