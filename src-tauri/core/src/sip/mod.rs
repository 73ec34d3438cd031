//! The SIP (samordnad individuell plan) of a person: its lifecycle, preparation,
//! participants, meetings, plan versions and follow-ups.
//!
//! "A SIP is set up when a person needs interventions from **both** social services and health
//! care, the plan is needed for the needs to be met, and **the person consents**" (the law:
//! [`crate::law::SIP`]) [003 Del 4]. Consent is enforced through [`consent::gate`]:
//! adding a participant, the invitation (Kallad), booking a meeting and fixing the plan.

pub mod guard;
pub mod invite;
pub mod plan;
pub mod rules;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenSip;
use crate::consent::{self, ActorRef, InfoCategory};
use crate::ctx::Ctx;
use crate::ids::{
    CaseId, ContactId, FollowUpId, MeetingId, ParticipantId, PersonId, PlanVersionId, SipId, UnitId,
};
use crate::protection::{Candidate, MeetingSafetyChecklist};
use crate::text::{clean as text, MAX_COMMENT, MAX_PLAN, MAX_SHORT};
use crate::vocab::{ActorType, CarriedOut, FrozenAs, GoalMet, RequestedBy};
use crate::{Error, Refusal, Result};
use plan::{PlanContent, PlanVersion};
use rules::{MeetingFact, MeetingWarning, SipFacts};

pub use crate::vocab::SipState;

/// The setting: days after the need was discovered before the "no meeting booked" warning.
pub const WARNING_DAYS_SETTING: &str = "sip_warning_days";

pub fn warning_days(conn: &Connection) -> Result<u32> {
    Ok(crate::store::get_setting(conn, WARNING_DAYS_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|d| (rules::MIN_WARNING_DAYS..=rules::MAX_WARNING_DAYS).contains(d))
        .unwrap_or(rules::DEFAULT_WARNING_DAYS))
}

pub fn set_warning_days(conn: &mut Connection, ctx: &Ctx, days: u32) -> Result<u32> {
    if !(rules::MIN_WARNING_DAYS..=rules::MAX_WARNING_DAYS).contains(&days) {
        return Err(Error::InvalidInput(format!(
            "Antalet dagar ska vara mellan 1 och {}.",
            rules::MAX_WARNING_DAYS
        )));
    }
    let tx = conn.transaction()?;
    crate::store::set_setting(&tx, WARNING_DAYS_SETTING, &days.to_string())?;
    audit::record(
        &tx,
        ctx,
        None,
        "settings.sip_warning_days",
        &format!("Varning för SIP utan möte ändrad till {days} dagar"),
    )?;
    tx.commit()?;
    Ok(days)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewSip {
    pub person_id: PersonId,
    #[ts(type = "string")]
    pub need_discovered_on: NaiveDate,
    /// Who discovered the need and initiated the SIP (unit and/or worker, as text).
    pub initiated_by: String,
    pub requested_by: RequestedBy,
}

/// The preparation: in the person's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preparation {
    /// "Vad är viktigt för dig?" in the person's words.
    pub what_matters: String,
    /// Background and current situation.
    pub background: String,
    /// Questions for the meeting (frågeställningar), one per line.
    pub questions: String,
    pub initiated_by: String,
    pub requested_by: RequestedBy,
    /// The information categories of the questions (issue 17): an invitation carries them
    /// only to a recipient whose consent covers every one. None: not chosen, the default of a
    /// plan's free text ([`plan::default_categories`]`(None)`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub questions_categories: Option<Vec<crate::consent::InfoCategory>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParticipantInput {
    pub unit_id: UnitId,
    pub contact_id: Option<ContactId>,
    /// The written reason, when the protection rules ask for one (a trainee or temporary staff
    /// member in a protected person's SIP).
    #[serde(default)]
    pub decision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Participant {
    pub id: ParticipantId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub actor_type: ActorType,
    pub contact_id: Option<ContactId>,
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
    /// The contact is temporary staff or a trainee.
    pub temporary: bool,
    /// The decision recorded when the participant was added against a protection rule.
    pub decision: Option<guard::Decision>,
    /// Why the consent no longer covers this participant today (withdrawn, expired, or a newer
    /// consent excludes it). Nothing new may reach them; remove them or take a new consent.
    pub consent_problem: Option<String>,
}

/// A unit of the directory the SIP can still add as a participant, and what is still open at
/// it: the unit itself ("Ingen särskild person") and its active contact persons that are not
/// participants yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnitChoice {
    pub unit_id: UnitId,
    /// The unit without a named person is not a participant yet.
    pub unit_open: bool,
    /// Its active contact persons not yet participants, in the directory's order.
    pub contact_ids: Vec<ContactId>,
}

/// The units the participant list offers (issue 19: the unit just added was still offered):
/// every unit of the directory with something still open — the unit itself or one of its
/// active contacts — given the SIP's participants (unit, contact).
pub fn unit_choices(
    units: &[crate::actor::Unit],
    participants: &[(UnitId, Option<ContactId>)],
) -> Vec<UnitChoice> {
    units
        .iter()
        .map(|u| UnitChoice {
            unit_id: u.id,
            unit_open: !participants.contains(&(u.id, None)),
            contact_ids: u
                .contacts
                .iter()
                .filter(|c| c.active && !participants.contains(&(u.id, Some(c.id))))
                .map(|c| c.id)
                .collect(),
        })
        .filter(|c| c.unit_open || !c.contact_ids.is_empty())
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingInput {
    /// None: book a new meeting.
    pub id: Option<MeetingId>,
    #[ts(type = "string")]
    pub on_date: NaiveDate,
    /// "HH:MM", 24-hour.
    pub at_time: String,
    pub digital: bool,
    /// Required unless digital.
    pub place: String,
    pub held: bool,
    pub person_present: bool,
    pub present: Vec<ParticipantId>,
    /// The meeting-safety checklist (a protected person's meeting: required before it is
    /// marked held).
    #[serde(default)]
    pub safety_checklist: Option<MeetingSafetyChecklist>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Meeting {
    pub id: MeetingId,
    #[ts(type = "string")]
    pub on_date: NaiveDate,
    pub at_time: String,
    pub digital: bool,
    pub place: String,
    pub held: bool,
    pub person_present: bool,
    pub present: Vec<ParticipantId>,
    pub safety_checklist: Option<MeetingSafetyChecklist>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Transition {
    pub from_state: Option<SipState>,
    pub to_state: SipState,
    #[ts(type = "string")]
    pub on_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TransitionInput {
    pub to: SipState,
    #[ts(type = "string")]
    pub on: NaiveDate,
    pub closing_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpItem {
    pub intervention_key: String,
    pub carried_out: CarriedOut,
    pub goal_met: GoalMet,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpInput {
    #[ts(type = "string")]
    pub on: NaiveDate,
    pub note: String,
    pub items: Vec<FollowUpItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub plan_version_id: PlanVersionId,
    pub plan_version: u32,
    #[ts(type = "string")]
    pub on: NaiveDate,
    pub note: String,
    pub items: Vec<FollowUpItem>,
}

/// What is due next for a SIP (for the case list's sorting and its "due" column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Due {
    #[ts(type = "string")]
    pub on: NaiveDate,
    /// "Uppföljning", "SIP-möte", "Boka SIP-möte senast".
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SipSummary {
    pub id: SipId,
    pub person_id: PersonId,
    pub state: SipState,
    #[ts(type = "string")]
    pub need_discovered_on: NaiveDate,
    pub warning: Option<MeetingWarning>,
    pub due: Option<Due>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SipDetail {
    pub id: SipId,
    pub case_id: CaseId,
    pub person_id: PersonId,
    pub state: SipState,
    #[ts(type = "string")]
    pub need_discovered_on: NaiveDate,
    pub preparation: Preparation,
    #[ts(type = "string | null")]
    pub closed_on: Option<NaiveDate>,
    pub closing_reason: Option<String>,
    pub transitions: Vec<Transition>,
    pub participants: Vec<Participant>,
    /// Persons of the case invited (guardians, parents, närstående).
    pub person_participants: Vec<guard::PersonParticipant>,
    /// The units the participant list offers ([`unit_choices`]).
    pub unit_choices: Vec<UnitChoice>,
    /// The persons of the case the invitation list offers ([`guard::person_choices`]).
    pub person_choices: Vec<guard::PersonChoice>,
    /// The persons a recorded exception bars: not offered, with why.
    pub barred_persons: Vec<guard::BarredPerson>,
    /// The person the SIP is for is protected (own level, or a parent's or child's): the
    /// meeting-safety checklist applies and no trainees or temporary staff are invited.
    pub protected: bool,
    pub meetings: Vec<Meeting>,
    /// Oldest first; the last one is the current plan.
    pub plan_versions: Vec<PlanVersion>,
    pub follow_ups: Vec<FollowUp>,
    pub warning: Option<MeetingWarning>,
    /// The steps the UI may offer now (each still checked again when taken).
    pub allowed_steps: Vec<SipState>,
    /// Every other step, with why it can't be taken now ([`rules::step_choices`]).
    pub refused_steps: Vec<rules::RefusedStep>,
    /// The step offered at once after booking a meeting, holding it, saving or fixing the plan
    /// ([`rules::step_offers`]).
    pub step_offers: Vec<rules::StepOffer>,
    /// Set when the participants lack social services or health care (see
    /// [`composition_notice`]).
    pub composition_notice: Option<String>,
    /// Is there a valid consent today (see [`consent::records::overview`]).
    pub consent: consent::records::BasisView,
    pub due: Option<Due>,
}

/// Creates a SIP for a person in the case, in the step "Behov upptäckt".
pub fn create(conn: &mut Connection, ctx: &Ctx, new: &NewSip) -> Result<SipId> {
    if new.need_discovered_on > ctx.today {
        return Err(Error::InvalidInput(
            "Datumet då behovet upptäcktes ligger i framtiden. Ange dagens datum eller ett tidigare."
                .into(),
        ));
    }
    let initiated_by = text("Vem som initierade", &new.initiated_by, MAX_SHORT)?;
    if initiated_by.is_empty() {
        return Err(Error::InvalidInput(
            "Skriv vem som upptäckte behovet och initierade SIP:en (verksamhet eller namn).".into(),
        ));
    }
    let tx = conn.transaction()?;
    let case: CaseId = tx
        .query_row(
            "SELECT case_id FROM persons WHERE id = ?1",
            [new.person_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound("Personen"))?;
    tx.execute(
        "INSERT INTO sips(case_id, person_id, need_discovered_on, initiated_by, requested_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![case, new.person_id, new.need_discovered_on, initiated_by, new.requested_by, ctx.timestamp()],
    )?;
    let id = SipId(tx.last_insert_rowid());
    tx.execute(
        "INSERT INTO sip_transitions(sip_id, from_state, to_state, on_date, recorded_at) VALUES (?1, NULL, ?2, ?3, ?4)",
        params![id, SipState::BehovUpptackt, new.need_discovered_on, ctx.timestamp()],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "sip.create",
        &format!(
            "SIP skapad: behov upptäckt {} ({})",
            new.need_discovered_on,
            new.requested_by.label()
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

struct SipRow {
    case_id: CaseId,
    person_id: PersonId,
    state: SipState,
    need_discovered_on: NaiveDate,
    initiated_by: String,
    requested_by: RequestedBy,
    what_matters: String,
    background: String,
    questions: String,
    closed_on: Option<NaiveDate>,
    closing_reason: Option<String>,
}

fn row(conn: &Connection, id: SipId) -> Result<SipRow> {
    conn.query_row(
        "SELECT case_id, person_id, state, need_discovered_on, initiated_by, requested_by,
                what_matters, background, questions, closed_on, closing_reason
           FROM sips WHERE id = ?1",
        [id],
        |r| {
            Ok(SipRow {
                case_id: r.get(0)?,
                person_id: r.get(1)?,
                state: r.get(2)?,
                need_discovered_on: r.get(3)?,
                initiated_by: r.get(4)?,
                requested_by: r.get(5)?,
                what_matters: r.get(6)?,
                background: r.get(7)?,
                questions: r.get(8)?,
                closed_on: r.get(9)?,
                closing_reason: r.get(10)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound("SIP:en"))
}

/// The facts the lifecycle rules need.
pub(crate) fn facts(conn: &Connection, id: SipId) -> Result<SipFacts> {
    let r = row(conn, id)?;
    let last_step_on: Option<NaiveDate> = conn.query_row(
        "SELECT max(on_date) FROM sip_transitions WHERE sip_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let mut stmt =
        conn.prepare_cached("SELECT on_date, held FROM sip_meetings WHERE sip_id = ?1")?;
    let meetings = stmt
        .query_map([id], |r| {
            Ok(MeetingFact {
                on: r.get(0)?,
                held: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (has_plan, has_frozen_plan): (bool, bool) = conn.query_row(
        "SELECT count(*) > 0, count(frozen_on) > 0 FROM plan_versions WHERE sip_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(SipFacts {
        state: r.state,
        need_discovered_on: r.need_discovered_on,
        last_step_on: last_step_on.unwrap_or(r.need_discovered_on),
        meetings,
        has_plan,
        has_frozen_plan,
    })
}

/// Refuses any change to a closed SIP.
fn require_open(r: &SipRow) -> Result<()> {
    if r.state == SipState::Avslutad {
        return Err(Error::Refused(Refusal::SipClosed));
    }
    Ok(())
}

/// The questions' categories as stored (issue 17; NULL: not chosen).
fn questions_categories(
    conn: &Connection,
    id: SipId,
) -> Result<Option<Vec<crate::consent::InfoCategory>>> {
    let json: Option<String> = conn.query_row(
        "SELECT questions_categories FROM sips WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    json.map(|j| serde_json::from_str(&j).map_err(|_| Error::DamagedOrWrongKey))
        .transpose()
}

pub fn save_preparation(
    conn: &mut Connection,
    ctx: &Ctx,
    id: OpenSip,
    p: &Preparation,
) -> Result<()> {
    let id = id.id();
    let what_matters = text("”Vad är viktigt för dig?”", &p.what_matters, MAX_PLAN)?;
    let background = text("Bakgrund och nuläge", &p.background, MAX_PLAN)?;
    let questions = text("Frågeställningarna", &p.questions, MAX_PLAN)?;
    let initiated_by = text("Vem som initierade", &p.initiated_by, MAX_SHORT)?;
    if initiated_by.is_empty() {
        return Err(Error::InvalidInput(
            "Skriv vem som upptäckte behovet och initierade SIP:en.".into(),
        ));
    }
    let mut categories = p.questions_categories.clone();
    if let Some(c) = &mut categories {
        c.sort();
        c.dedup();
        if c.is_empty() {
            return Err(Error::InvalidInput(
                "Frågeställningarna hör inte till någon informationskategori. Välj minst en, så \
                 att kallelsen bara går till mottagare som samtycket omfattar."
                    .into(),
            ));
        }
    }
    let tx = conn.transaction()?;
    let r = row(&tx, id)?;
    require_open(&r)?;
    let old_categories = questions_categories(&tx, id)?;
    tx.execute(
        "UPDATE sips SET questions_categories = ?2 WHERE id = ?1",
        params![
            id,
            categories
                .as_ref()
                .map(|c| serde_json::to_string(c).unwrap_or_default())
        ],
    )?;
    tx.execute(
        "UPDATE sips SET what_matters = ?2, background = ?3, questions = ?4, initiated_by = ?5,
                requested_by = ?6 WHERE id = ?1",
        params![
            id,
            what_matters,
            background,
            questions,
            initiated_by,
            p.requested_by
        ],
    )?;
    let mut changed = Vec::new();
    if r.what_matters != what_matters {
        changed.push("vad som är viktigt för personen");
    }
    if r.background != background {
        changed.push("bakgrund och nuläge");
    }
    if r.questions != questions {
        changed.push("frågeställningar");
    }
    if old_categories != categories {
        changed.push("frågeställningarnas informationskategorier");
    }
    if r.initiated_by != initiated_by || r.requested_by != p.requested_by {
        changed.push("initiering");
    }
    if !changed.is_empty() {
        audit::record(
            &tx,
            ctx,
            Some(r.case_id),
            "sip.preparation",
            &format!("SIP-förberedelse ändrad: {}", changed.join(", ")),
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn participant_check(
    conn: &Connection,
    r: &SipRow,
    p: &ParticipantInput,
    today: NaiveDate,
) -> Result<guard::Checked> {
    let temporary: bool = match p.contact_id {
        Some(c) => conn
            .query_row(
                "SELECT temporary FROM actor_contacts WHERE id = ?1",
                [c],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false),
        None => false,
    };
    let facts = crate::protection::facts::case_facts(conn, r.case_id, r.person_id, today)?;
    Ok(guard::check(
        &facts,
        &Candidate {
            person: None,
            temporary,
        },
    ))
}

/// What the protection rules say before a participant is added (the UI shows the reason and
/// asks for the decision before calling [`add_participant`]).
pub(crate) fn check_participant(
    conn: &Connection,
    id: OpenSip,
    p: &ParticipantInput,
    today: NaiveDate,
) -> Result<crate::protection::InviteDecision> {
    let id = id.id();
    let r = row(conn, id)?;
    Ok(participant_check(conn, &r, p, today)?.decision)
}

/// Adds a participant from the directory (a unit, optionally one of its contact persons).
pub(crate) fn add_participant(
    conn: &mut Connection,
    ctx: &Ctx,
    id: OpenSip,
    p: &ParticipantInput,
) -> Result<ParticipantId> {
    let id = id.id();
    let tx = conn.transaction()?;
    let r = row(&tx, id)?;
    require_open(&r)?;
    require_unit(&tx, p.unit_id)?;
    if let Some(c) = p.contact_id {
        let contact: Option<(UnitId, bool)> = tx
            .query_row(
                "SELECT unit_id, active FROM actor_contacts WHERE id = ?1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match contact {
            Some((unit, _)) if unit != p.unit_id => {
                return Err(Error::InvalidInput(
                    "Kontaktpersonen hör inte till den valda enheten. Välj enheten igen.".into(),
                ))
            }
            None => return Err(Error::NotFound("Kontaktpersonen")),
            Some((_, false)) => return Err(Error::Refused(Refusal::ContactInactive)),
            Some(_) => {}
        }
    }
    let actor_type: ActorType = tx.query_row(
        "SELECT actor_type FROM actor_units WHERE id = ?1",
        [p.unit_id],
        |r| r.get(0),
    )?;
    let checked = participant_check(&tx, &r, p, ctx.today)?;
    // "Only actors the person consents to" [003 "Samtycke och sekretess i SIP" 3, 5].
    consent::gate::Gate::load(&tx, id, ctx.today)?.may_invite(
        ActorRef {
            unit: p.unit_id,
            contact: p.contact_id,
        },
        actor_type,
    )?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM sip_participants WHERE sip_id = ?1 AND unit_id = ?2 AND contact_id IS ?3)",
        params![id, p.unit_id, p.contact_id],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::InvalidInput(
            "Deltagaren finns redan med i SIP:en.".into(),
        ));
    }
    // P1: a trainee or temporary staff member in a protected person's SIP only with a
    // recorded reason (see `guard`).
    let decision = guard::record_decision(
        &tx,
        ctx,
        r.case_id,
        id,
        &checked,
        &guard::Invitee::Unit {
            unit: p.unit_id,
            contact: p.contact_id,
        },
        p.decision.as_deref(),
    )?;
    tx.execute(
        "INSERT INTO sip_participants(sip_id, unit_id, contact_id, decision_id) VALUES (?1, ?2, ?3, ?4)",
        params![id, p.unit_id, p.contact_id, decision],
    )?;
    let pid = ParticipantId(tx.last_insert_rowid());
    audit::record(
        &tx,
        ctx,
        Some(r.case_id),
        "sip.participant.add",
        // The actor's type, not its name: a unit's name (a shelter, say) can tell where a
        // protected person is, and the history is kept for good.
        &format!(
            "Deltagare tillagd: {} (enhet {})",
            actor_type.label(),
            p.unit_id
        ),
    )?;
    tx.commit()?;
    Ok(pid)
}

pub fn remove_participant(
    conn: &mut Connection,
    ctx: &Ctx,
    sip_id: OpenSip,
    id: ParticipantId,
) -> Result<()> {
    let sip_id = sip_id.id();
    let tx = conn.transaction()?;
    let (sip, actor_type, unit): (SipId, ActorType, UnitId) = tx
        .query_row(
            "SELECT p.sip_id, u.actor_type, u.id FROM sip_participants p JOIN actor_units u ON u.id = p.unit_id WHERE p.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Deltagaren"))?;
    if sip != sip_id {
        return Err(Error::NotFound("Deltagaren"));
    }
    let r = row(&tx, sip)?;
    require_open(&r)?;
    // Who was present at a held meeting is a fact of the record; removing the participant
    // would erase it (the attendance rows cascade).
    let attended: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM sip_meeting_present p JOIN sip_meetings m ON m.id = p.meeting_id
                        WHERE p.participant_id = ?1 AND m.held = 1)",
        [id],
        |r| r.get(0),
    )?;
    if attended {
        return Err(Error::Refused(Refusal::ParticipantWasAtHeldMeeting));
    }
    // The plan being written names its responsible and leading units among the participants
    // (checked when it is saved); removing one would send the plan to a unit that left.
    if let Some(draft) = plan::versions(&tx, sip)?
        .into_iter()
        .last()
        .filter(|v| v.frozen_on.is_none())
    {
        let c = &draft.content;
        let named =
            c.lead_unit_id == Some(unit) || c.interventions.iter().any(|i| i.unit_id == Some(unit));
        let other_at_unit: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM sip_participants WHERE sip_id = ?1 AND unit_id = ?2 AND id <> ?3)",
            params![sip, unit, id],
            |r| r.get(0),
        )?;
        if named && !other_at_unit {
            return Err(Error::Refused(Refusal::UnitResponsibleInPlan));
        }
    }
    tx.execute("DELETE FROM sip_participants WHERE id = ?1", [id])?;
    audit::record(
        &tx,
        ctx,
        Some(r.case_id),
        "sip.participant.remove",
        &format!("Deltagare borttagen: {} (enhet {unit})", actor_type.label()),
    )?;
    tx.commit()?;
    Ok(())
}

fn parse_time(s: &str) -> Result<String> {
    crate::text::check_len("Tid", s, crate::text::MAX_TIME)?;
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| {
            Error::InvalidInput(format!(
                "Tiden ”{}” går inte att läsa. Skriv den som TT:MM, till exempel 09:30.",
                s.trim()
            ))
        })
}

/// Books or changes a meeting.
pub fn save_meeting(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    m: &MeetingInput,
) -> Result<MeetingId> {
    let sip = sip.id();
    let at_time = parse_time(&m.at_time)?;
    let place = text("Platsen", &m.place, MAX_SHORT)?;
    if !m.digital && place.is_empty() {
        return Err(Error::InvalidInput(
            "Ange var mötet hålls, eller markera att det är digitalt.".into(),
        ));
    }
    if m.held && m.on_date > ctx.today {
        return Err(Error::InvalidInput(format!(
            "Mötet den {} kan inte markeras som hållet: datumet har inte varit ännu.",
            m.on_date
        )));
    }
    let tx = conn.transaction()?;
    let r = row(&tx, sip)?;
    require_open(&r)?;
    // P1–P5: "a meeting-safety checklist for protected persons' meetings … that must be gone
    // through before a meeting is marked held".
    let protected = crate::protection::facts::case_facts(&tx, r.case_id, r.person_id, ctx.today)?
        .is_protected(r.person_id);
    if m.held {
        crate::protection::may_mark_held(
            protected,
            &m.safety_checklist.unwrap_or_default(),
            m.digital,
        )?;
    }
    let checklist = match &m.safety_checklist {
        Some(c) if protected => Some(
            serde_json::to_string(c)
                .map_err(|_| Error::Internal("säkerhetspunkterna kunde inte sparas"))?,
        ),
        _ => None,
    };
    if m.on_date < r.need_discovered_on {
        return Err(Error::InvalidInput(format!(
            "Mötet ligger före datumet då behovet upptäcktes ({}). Kontrollera datumet.",
            r.need_discovered_on
        )));
    }
    if !m.held {
        // Booking a meeting invites the participants to it: each must be covered today and on
        // the day of the meeting.
        for on in [ctx.today, m.on_date.max(ctx.today)] {
            let gate = consent::gate::Gate::load(&tx, sip, on)?;
            gate.basis()?;
            consent::gate::check_participants(&tx, &gate, sip)?;
            guard::check_person_participants(&tx, &gate, sip, ctx.today)?;
        }
    }
    let id = match m.id {
        Some(id) => {
            let before: Option<(NaiveDate, bool)> = tx
                .query_row(
                    "SELECT on_date, held FROM sip_meetings WHERE id = ?1 AND sip_id = ?2",
                    params![id, sip],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (was_on, was_held) = before.ok_or(Error::NotFound("Mötet"))?;
            if was_held
                && matches!(r.state, SipState::PlanUpprattad | SipState::Uppfoljning)
                && (was_on != m.on_date || !m.held)
            {
                return Err(Error::Refused(Refusal::HeldMeetingLocked { on: was_on }));
            }
            let n = tx.execute(
                "UPDATE sip_meetings SET on_date = ?3, at_time = ?4, digital = ?5, place = ?6, held = ?7, person_present = ?8,
                                         safety_checklist = ?9
                  WHERE id = ?1 AND sip_id = ?2",
                params![id, sip, m.on_date, at_time, m.digital, place, m.held, m.person_present, checklist],
            )?;
            if n == 0 {
                return Err(Error::NotFound("Mötet"));
            }
            tx.execute(
                "DELETE FROM sip_meeting_present WHERE meeting_id = ?1",
                [id],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO sip_meetings(sip_id, on_date, at_time, digital, place, held, person_present, safety_checklist)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![sip, m.on_date, at_time, m.digital, place, m.held, m.person_present, checklist],
            )?;
            MeetingId(tx.last_insert_rowid())
        }
    };
    for p in &m.present {
        let ok: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM sip_participants WHERE id = ?1 AND sip_id = ?2)",
            params![p, sip],
            |r| r.get(0),
        )?;
        if !ok {
            return Err(Error::InvalidInput(
                "En närvarande deltagare hör inte till SIP:en. Uppdatera vyn och försök igen."
                    .into(),
            ));
        }
        tx.execute(
            "INSERT OR IGNORE INTO sip_meeting_present(meeting_id, participant_id) VALUES (?1, ?2)",
            params![id, p],
        )?;
    }
    audit::record(
        &tx,
        ctx,
        Some(r.case_id),
        if m.id.is_some() {
            "sip.meeting.update"
        } else {
            "sip.meeting.create"
        },
        &format!(
            "SIP-möte {} {}{}",
            if m.id.is_some() { "ändrat:" } else { "bokat:" },
            m.on_date,
            if m.held { " (hållet)" } else { "" }
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Takes a step in the lifecycle, checked by [`rules::check_transition`].
pub fn transition(
    conn: &mut Connection,
    ctx: &Ctx,
    id: OpenSip,
    t: &TransitionInput,
) -> Result<()> {
    let id = id.id();
    if t.to == SipState::Uppfoljning {
        // A follow-up is a step with content: it is taken by `record_follow_up`, with an answer
        // for every intervention, so the statistics never count an empty one.
        return Err(Error::Refused(Refusal::FollowUpOnItsTab));
    }
    let tx = conn.transaction()?;
    step(&tx, ctx, id, t)?;
    tx.commit()?;
    Ok(())
}

fn step(tx: &Connection, ctx: &Ctx, id: SipId, t: &TransitionInput) -> Result<()> {
    let r = row(tx, id)?;
    let f = facts(tx, id)?;
    if let Some(r) = &t.closing_reason {
        crate::text::check_len("Skälet", r, MAX_COMMENT)?;
    }
    let reason = t.closing_reason.as_deref().map(str::trim);
    rules::check_transition(&f, t.to, t.on, ctx.today, reason)?;
    if t.to == SipState::Kallad {
        // The invitation goes to every participant: each must be covered on that day and on
        // the day of every meeting not yet held.
        let mut days = vec![t.on];
        days.extend(
            f.meetings
                .iter()
                .filter(|m| !m.held && m.on > t.on)
                .map(|m| m.on),
        );
        for on in days {
            let gate = consent::gate::Gate::load(tx, id, on)?;
            gate.basis()?;
            consent::gate::check_participants(tx, &gate, id)?;
            guard::check_person_participants(tx, &gate, id, ctx.today)?;
        }
    }
    if t.to == SipState::Avslutad {
        let reason = text("Skälet", reason.unwrap_or(""), MAX_COMMENT)?;
        tx.execute(
            "UPDATE sips SET state = ?2, closed_on = ?3, closing_reason = ?4 WHERE id = ?1",
            params![id, t.to, t.on, reason],
        )?;
    } else {
        tx.execute(
            "UPDATE sips SET state = ?2 WHERE id = ?1",
            params![id, t.to],
        )?;
    }
    tx.execute(
        "INSERT INTO sip_transitions(sip_id, from_state, to_state, on_date, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, f.state, t.to, t.on, ctx.timestamp()],
    )?;
    audit::record(
        tx,
        ctx,
        Some(r.case_id),
        "sip.transition",
        &format!("SIP: {} → {} ({})", f.state.label(), t.to.label(), t.on),
    )?;
    Ok(())
}

/// Saves the plan (see [`plan`] for versioning). Returns the version saved.
pub fn save_plan(
    conn: &mut Connection,
    ctx: &Ctx,
    id: OpenSip,
    content: PlanContent,
) -> Result<PlanVersion> {
    let id = id.id();
    let mut content = plan::validate(content)?;
    let tx = conn.transaction()?;
    let r = row(&tx, id)?;
    require_open(&r)?;
    // Only the SIP's participants can be responsible for an intervention or be huvudansvarig
    // ("only actors the person consents to" [003 Del 4]); and the plan keeps their names as
    // they were, so a later rename in the directory never changes a signed plan.
    let name_of = |u: UnitId| -> Result<String> {
        let name: Option<String> = tx
            .query_row(
                "SELECT u.name FROM sip_participants p JOIN actor_units u ON u.id = p.unit_id
                  WHERE p.sip_id = ?1 AND p.unit_id = ?2 LIMIT 1",
                params![id, u],
                |r| r.get(0),
            )
            .optional()?;
        name.ok_or(Error::Refused(Refusal::UnitNotParticipant))
    };
    for iv in &mut content.interventions {
        iv.unit_name = match iv.unit_id {
            Some(u) => name_of(u)?,
            None => String::new(),
        };
    }
    content.lead_unit_name = match content.lead_unit_id {
        Some(u) => name_of(u)?,
        None => String::new(),
    };
    let (v, new) = plan::save(&tx, id, &content, &ctx.timestamp())?;
    audit::record(
        &tx,
        ctx,
        Some(r.case_id),
        "plan.save",
        &format!(
            "Plan {} version {} ({} insatser)",
            if new { "sparad som ny" } else { "sparad," },
            v.version,
            v.content.interventions.len()
        ),
    )?;
    tx.commit()?;
    Ok(v)
}

fn require_unit(conn: &Connection, u: UnitId) -> Result<()> {
    let ok: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM actor_units WHERE id = ?1)",
        [u],
        |r| r.get(0),
    )?;
    if ok {
        Ok(())
    } else {
        Err(Error::NotFound("Enheten"))
    }
}

/// Freezes a plan version: fastställd (or printed for signature). From then on it never
/// changes.
pub fn freeze_plan(
    conn: &mut Connection,
    ctx: &Ctx,
    sip_id: OpenSip,
    version: PlanVersionId,
    how: FrozenAs,
) -> Result<()> {
    let sip_id = sip_id.id();
    let tx = conn.transaction()?;
    let (sip, number, frozen): (SipId, u32, Option<NaiveDate>) = tx
        .query_row(
            "SELECT sip_id, version, frozen_on FROM plan_versions WHERE id = ?1",
            [version],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Planversionen"))?;
    if sip != sip_id {
        return Err(Error::NotFound("Planversionen"));
    }
    if frozen.is_some() {
        return Err(Error::Frozen);
    }
    let r = row(&tx, sip)?;
    require_open(&r)?;
    // A fixed plan is sent to the participants: each must be allowed to receive it.
    let gate = consent::gate::Gate::load(&tx, sip, ctx.today)?;
    gate.basis()?;
    consent::gate::check_participants_share(&tx, &gate, sip, InfoCategory::InsatserPlan)?;
    plan::freeze(&tx, version, ctx.today, how)?;
    audit::record(
        &tx,
        ctx,
        Some(r.case_id),
        "plan.freeze",
        &format!("Planens version {number}: {}", how.label().to_lowercase()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Records a follow-up of the latest frozen plan version: for each intervention, whether it
/// was carried out as planned and whether its goal was met. Takes the SIP to "Uppföljning" on
/// the same date (checked by the lifecycle rules) in the same transaction.
pub fn record_follow_up(
    conn: &mut Connection,
    ctx: &Ctx,
    id: OpenSip,
    input: &FollowUpInput,
) -> Result<FollowUpId> {
    let id = id.id();
    let note = text("Anteckningen", &input.note, MAX_PLAN)?;
    let tx = conn.transaction()?;
    let r = row(&tx, id)?;
    require_open(&r)?;
    let frozen = plan::versions(&tx, id)?
        .into_iter()
        .rev()
        .find(|v| v.frozen_on.is_some())
        .ok_or(Error::Refused(Refusal::PlanNotFrozen))?;
    let expected: std::collections::BTreeSet<&str> = frozen
        .content
        .interventions
        .iter()
        .map(|i| i.key.as_str())
        .collect();
    let given: std::collections::BTreeSet<&str> = input
        .items
        .iter()
        .map(|i| i.intervention_key.as_str())
        .collect();
    if expected != given || given.len() != input.items.len() {
        return Err(Error::InvalidInput(format!(
            "Uppföljningen ska ange ett svar för var och en av planens {} insatser (version {}). Fyll i alla rader.",
            expected.len(),
            frozen.version
        )));
    }
    step(
        &tx,
        ctx,
        id,
        &TransitionInput {
            to: SipState::Uppfoljning,
            on: input.on,
            closing_reason: None,
        },
    )?;
    tx.execute(
        "INSERT INTO followups(sip_id, plan_version_id, on_date, note) VALUES (?1, ?2, ?3, ?4)",
        params![id, frozen.id, input.on, note],
    )?;
    let fid = FollowUpId(tx.last_insert_rowid());
    for it in &input.items {
        tx.execute(
            "INSERT INTO followup_items(followup_id, intervention_key, carried_out, goal_met, comment) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![fid, it.intervention_key, it.carried_out, it.goal_met, text("Kommentaren", &it.comment, MAX_COMMENT)?],
        )?;
    }
    audit::record(
        &tx,
        ctx,
        Some(r.case_id),
        "sip.follow_up",
        &format!(
            "Uppföljning {} av planens version {}",
            input.on, frozen.version
        ),
    )?;
    tx.commit()?;
    Ok(fid)
}

/// What `due` needs to know about a SIP.
#[derive(Debug, Clone, Copy)]
pub struct DueFacts {
    pub state: SipState,
    pub need_discovered_on: NaiveDate,
    pub any_meeting: bool,
    /// The earliest meeting not yet held.
    pub unheld_meeting: Option<NaiveDate>,
    /// The newest plan version's follow-up date.
    pub follow_up_on: Option<NaiveDate>,
}

/// What is due next for a SIP. Pure.
pub fn due(f: &DueFacts, warning_days: u32) -> Option<Due> {
    use SipState::*;
    match f.state {
        Avslutad => None,
        PlanUpprattad | Uppfoljning => f.follow_up_on.map(|on| Due {
            on,
            what: "Uppföljning".into(),
        }),
        BehovUpptackt | Forberedelse | Kallad => match f.unheld_meeting {
            Some(on) => Some(Due {
                on,
                what: "SIP-möte".into(),
            }),
            None if !f.any_meeting => Some(Due {
                on: rules::warning_due(f.need_discovered_on, warning_days),
                what: "Boka SIP-möte senast".into(),
            }),
            None => None,
        },
    }
}

fn participants(conn: &Connection, id: SipId) -> Result<Vec<Participant>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.unit_id, u.name, u.actor_type, p.contact_id, c.name, c.role, coalesce(c.temporary, 0), p.decision_id
           FROM sip_participants p JOIN actor_units u ON u.id = p.unit_id
           LEFT JOIN actor_contacts c ON c.id = p.contact_id
          WHERE p.sip_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                Participant {
                    id: r.get(0)?,
                    unit_id: r.get(1)?,
                    unit_name: r.get(2)?,
                    actor_type: r.get(3)?,
                    contact_id: r.get(4)?,
                    contact_name: r.get(5)?,
                    contact_role: r.get(6)?,
                    temporary: r.get(7)?,
                    decision: None,
                    consent_problem: None,
                },
                r.get::<_, Option<crate::ids::DecisionId>>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut p, d)| {
            p.decision = guard::decision(conn, d)?;
            Ok(p)
        })
        .collect()
}

fn meetings(conn: &Connection, id: SipId) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare(
        "SELECT id, on_date, at_time, digital, place, held, person_present, safety_checklist FROM sip_meetings
          WHERE sip_id = ?1 ORDER BY on_date, at_time",
    )?;
    let mut out = stmt
        .query_map([id], |r| {
            Ok(Meeting {
                id: r.get(0)?,
                on_date: r.get(1)?,
                at_time: r.get(2)?,
                digital: r.get(3)?,
                place: r.get(4)?,
                held: r.get(5)?,
                person_present: r.get(6)?,
                present: Vec::new(),
                safety_checklist: r
                    .get::<_, Option<String>>(7)?
                    .and_then(|j| serde_json::from_str(&j).ok()),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached("SELECT participant_id FROM sip_meeting_present WHERE meeting_id = ?1 ORDER BY participant_id")?;
    for m in &mut out {
        m.present = stmt
            .query_map([m.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

fn follow_ups(conn: &Connection, id: SipId) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare(
        "SELECT f.id, f.plan_version_id, v.version, f.on_date, f.note FROM followups f
           JOIN plan_versions v ON v.id = f.plan_version_id WHERE f.sip_id = ?1 ORDER BY f.on_date, f.id",
    )?;
    let mut out = stmt
        .query_map([id], |r| {
            Ok(FollowUp {
                id: r.get(0)?,
                plan_version_id: r.get(1)?,
                plan_version: r.get(2)?,
                on: r.get(3)?,
                note: r.get(4)?,
                items: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT intervention_key, carried_out, goal_met, comment FROM followup_items WHERE followup_id = ?1",
    )?;
    for f in &mut out {
        f.items = stmt
            .query_map([f.id], |r| {
                Ok(FollowUpItem {
                    intervention_key: r.get(0)?,
                    carried_out: r.get(1)?,
                    goal_met: r.get(2)?,
                    comment: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

fn transitions(conn: &Connection, id: SipId) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare(
        "SELECT from_state, to_state, on_date FROM sip_transitions WHERE sip_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Transition {
            from_state: r.get(0)?,
            to_state: r.get(1)?,
            on_date: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn unheld_meeting(meetings: &[Meeting]) -> Option<NaiveDate> {
    meetings.iter().filter(|m| !m.held).map(|m| m.on_date).min()
}

pub fn get(conn: &Connection, id: OpenSip, today: NaiveDate) -> Result<SipDetail> {
    get_unchecked(conn, id.id(), today)
}

/// [`get`] for the core's own use, on a SIP its caller already reached through an open case.
pub(crate) fn get_unchecked(conn: &Connection, id: SipId, today: NaiveDate) -> Result<SipDetail> {
    let r = row(conn, id)?;
    let f = facts(conn, id)?;
    let (allowed_steps, refused_steps) = rules::step_choices(&f, today);
    let step_offers = rules::step_offers(&f, today);
    let days = warning_days(conn)?;
    let meetings = meetings(conn, id)?;
    let plan_versions = plan::versions(conn, id)?;
    let mut participants = participants(conn, id)?;
    let gate = consent::gate::Gate::load(conn, id, today)?;
    for p in &mut participants {
        let actor = ActorRef {
            unit: p.unit_id,
            contact: p.contact_id,
        };
        p.consent_problem = gate
            .may_invite(actor, p.actor_type)
            .err()
            .map(|e| e.to_string());
    }
    let consent = gate.view();
    let facts = crate::protection::facts::case_facts(conn, r.case_id, r.person_id, today)?;
    let person_participants = guard::person_participants(conn, id, &facts, &gate)?;
    let taken: Vec<(UnitId, Option<ContactId>)> = participants
        .iter()
        .map(|p| (p.unit_id, p.contact_id))
        .collect();
    let unit_choices = unit_choices(&crate::actor::list(conn)?, &taken);
    let invited: Vec<PersonId> = person_participants.iter().map(|p| p.person_id).collect();
    let (person_choices, barred_persons) =
        guard::person_choices(conn, r.case_id, &facts, &gate, &invited, today)?;
    let types: Vec<ActorType> = participants.iter().map(|p| p.actor_type).collect();
    let follow_up_on = plan_versions.last().and_then(|v| v.content.follow_up_on);
    Ok(SipDetail {
        id,
        case_id: r.case_id,
        person_id: r.person_id,
        state: r.state,
        need_discovered_on: r.need_discovered_on,
        preparation: Preparation {
            what_matters: r.what_matters,
            background: r.background,
            questions: r.questions,
            initiated_by: r.initiated_by,
            requested_by: r.requested_by,
            questions_categories: questions_categories(conn, id)?,
        },
        closed_on: r.closed_on,
        closing_reason: r.closing_reason,
        transitions: transitions(conn, id)?,
        composition_notice: composition_notice(&types),
        consent,
        participants,
        person_participants,
        unit_choices,
        person_choices,
        barred_persons,
        protected: facts.is_protected(r.person_id),
        warning: rules::meeting_warning(&f, today, days),
        allowed_steps,
        refused_steps,
        step_offers,
        due: due(
            &DueFacts {
                state: r.state,
                need_discovered_on: r.need_discovered_on,
                any_meeting: !meetings.is_empty(),
                unheld_meeting: unheld_meeting(&meetings),
                follow_up_on,
            },
            days,
        ),
        meetings,
        plan_versions,
        follow_ups: follow_ups(conn, id)?,
    })
}

/// "A SIP is set up when a person needs interventions from **both** social services and health
/// care" [003 Del 4]: a notice (not a refusal — the worker may still be choosing) when the
/// participants lack one of them.
pub fn composition_notice(types: &[ActorType]) -> Option<String> {
    let soc = types.iter().any(|t| t.is_social_services());
    let health = types.iter().any(|t| t.is_health_care());
    let missing = match (soc, health) {
        (true, true) => return None,
        (false, false) => "socialtjänsten eller hälso- och sjukvården",
        (false, true) => "socialtjänsten",
        (true, false) => "hälso- och sjukvården",
    };
    Some(format!(
        "En SIP förutsätter insatser från både socialtjänsten och hälso- och sjukvården. Ingen \
         deltagare från {missing} är vald ännu."
    ))
}

/// The SIPs of a case, as summaries.
pub(crate) fn list_for_case(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
) -> Result<Vec<SipSummary>> {
    let ids: Vec<SipId> = conn
        .prepare("SELECT id FROM sips WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let d = get_unchecked(conn, id, today)?;
            Ok(SipSummary {
                id,
                person_id: d.person_id,
                state: d.state,
                need_discovered_on: d.need_discovered_on,
                warning: d.warning,
                due: d.due,
            })
        })
        .collect()
}

/// The next due item of every case with an open SIP (for the case list). One pass over the
/// SIP tables.
pub fn due_by_case(conn: &Connection) -> Result<std::collections::HashMap<CaseId, Due>> {
    let days = warning_days(conn)?;
    let mut stmt = conn.prepare(
        "SELECT s.case_id, s.state, s.need_discovered_on,
                (SELECT count(*) FROM sip_meetings m WHERE m.sip_id = s.id),
                (SELECT min(on_date) FROM sip_meetings m WHERE m.sip_id = s.id AND m.held = 0),
                (SELECT follow_up_on FROM plan_versions v WHERE v.sip_id = s.id ORDER BY version DESC LIMIT 1)
           FROM sips s WHERE s.state <> 'avslutad'",
    )?;
    let mut out: std::collections::HashMap<CaseId, Due> = std::collections::HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, CaseId>(0)?,
            r.get::<_, SipState>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
            r.get::<_, Option<NaiveDate>>(5)?,
        ))
    })?;
    for row in rows {
        let (case, state, need, n_meetings, unheld, follow_up_on) = row?;
        let f = DueFacts {
            state,
            need_discovered_on: need,
            any_meeting: n_meetings > 0,
            unheld_meeting: unheld,
            follow_up_on,
        };
        if let Some(d) = due(&f, days) {
            match out.get(&case) {
                Some(existing) if existing.on <= d.on => {}
                _ => {
                    out.insert(case, d);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod composition_tests {
    use super::*;

    #[test]
    fn a_sip_needs_both_social_services_and_health_care() {
        use ActorType::*;
        assert!(composition_notice(&[])
            .unwrap()
            .contains("socialtjänsten eller hälso"));
        assert!(composition_notice(&[SocVald, Polis])
            .unwrap()
            .contains("från hälso- och sjukvården"));
        assert!(composition_notice(&[Bup])
            .unwrap()
            .contains("från socialtjänsten"));
        assert_eq!(composition_notice(&[SocBarnUnga, Bup, Skola]), None);
    }
}
