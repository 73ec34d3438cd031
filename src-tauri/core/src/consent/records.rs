//! Storage of consent: the records (never changed once entered; a changed scope is a new
//! record), withdrawals with their notification checklists, the child's part (views, maturity,
//! exceptions) and disclosures without consent on a legal ground. Every change is in the case
//! history, in the same transaction.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use super::load::{add_actors_and_categories, record_from_row, RECORD_COLUMNS};
pub(crate) use super::load::{load_exceptions, load_records, subject};
pub use super::load::{BasisView, ConsentState, Stored};
use super::rules::{self, Status};
use super::{
    ActorCategories, ActorRef, ChildException, ConsentForm, ConsentRecord, Documentation, Giver,
    InfoCategory, LegalGround, Scope, Subject, Withdrawal, PURPOSE,
};
use crate::audit;
use crate::case_ref::OpenSip;
use crate::ctx::Ctx;
use crate::ids::{
    CaseId, ConsentId, ContactId, NoticeId, OrganisationId, OverrideId, PersonId, SipId, UnitId,
};
use crate::text::{clean, required, MAX_LONG, MAX_SHORT};
use crate::vocab::ActorType;
use crate::vocab::SipState;
use crate::{Error, Refusal, Result};

/// What the user enters when recording a consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentInput {
    pub giver: Giver,
    pub form: ConsentForm,
    pub documentation: Option<Documentation>,
    pub scope: Scope,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    #[ts(type = "string")]
    pub valid_to: NaiveDate,
}

/// The child's part of a child's SIP: "The child shall be given influence and participation
/// according to **age and maturity** (record the assessment)."
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChildInput {
    /// The child's own views, in the child's words where possible.
    pub views: String,
    /// The assessment of the child's age and maturity.
    pub maturity: String,
}

/// A disclosure without consent on a legal ground.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OverrideInput {
    /// The recipient from the directory, or
    pub unit_id: Option<UnitId>,
    /// a recipient outside it ("Polisen i Örebro").
    pub recipient: String,
    pub legal_ground: LegalGround,
    /// The provision or the decision relied on.
    pub provision: String,
    /// What was given.
    pub what: String,
    /// Who decided (name and title).
    pub decided_by: String,
    #[ts(type = "string")]
    pub decided_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScopeActor {
    pub unit_id: UnitId,
    pub contact_id: Option<ContactId>,
    pub unit_name: String,
    pub contact_name: Option<String>,
    pub actor_type: ActorType,
    /// Accepted (✓) or excluded (✗).
    pub accepted: bool,
}

/// A person of the case named in a consent (accepted ✓ or excluded ✗).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScopePerson {
    pub person_id: PersonId,
    pub name: String,
    pub accepted: bool,
}

/// An organisation a consent accepts as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScopeOrganisation {
    pub organisation_id: OrganisationId,
    pub name: String,
}

/// A person of the case the consent flow offers (never the person the SIP is for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CasePersonChoice {
    pub person_id: PersonId,
    pub name: String,
    /// "Vårdnadshavare", "Förälder", "Närstående".
    pub relation: String,
    /// A child's custodial guardian: governed by the child rules, not named in the consent.
    pub custodial_guardian: bool,
    /// Registered as using violence, or the whereabouts are protected from them.
    pub guarded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoticeView {
    pub id: NoticeId,
    pub unit_name: String,
    pub contact_name: Option<String>,
    #[ts(type = "string | null")]
    pub told_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentView {
    pub id: ConsentId,
    pub giver: Giver,
    /// "Personen själv", "Vårdnadshavare: Anna Berg", "Barnet självt".
    pub giver_label: String,
    pub form: ConsentForm,
    pub documentation: Option<Documentation>,
    pub actors: Vec<ScopeActor>,
    pub categories: Vec<InfoCategory>,
    pub excluded_categories: Vec<InfoCategory>,
    pub other_text: String,
    pub excluded_text: String,
    /// The category scope per actor (issue 17); empty: the same for all.
    pub actor_categories: Vec<ActorCategories>,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    #[ts(type = "string")]
    pub valid_to: NaiveDate,
    pub state: ConsentState,
    pub state_label: String,
    /// The record may be withdrawn today ([`ConsentState::can_withdraw`]): the UI offers
    /// "Återkalla" only then.
    pub can_withdraw: bool,
    /// How an oral consent was documented, in sentences ([`Documentation::text`]).
    pub documentation_text: Option<String>,
    pub withdrawal: Option<Withdrawal>,
    /// The withdrawal in sentences ([`Withdrawal::text`]).
    pub withdrawal_text: Option<String>,
    /// After a withdrawal: the actors to tell.
    pub notices: Vec<NoticeView>,
    pub recorded_at: String,
    /// Persons of the case named in the consent.
    pub persons: Vec<ScopePerson>,
    /// Organisations accepted as a whole.
    pub organisations: Vec<ScopeOrganisation>,
    /// The copies of the consent given to accepted actors ("Kopia till <aktör>").
    pub copies: Vec<super::copies::CopyView>,
    /// Entered by "Ändra samtycke": the record it replaced.
    pub supersedes: Option<ConsentId>,
    /// The record that replaced this one by "Ändra samtycke".
    pub superseded_by: Option<ConsentId>,
    /// The record is the one in force and the SIP is open: the UI offers "Ändra samtycke"
    /// ([`rules::check_change`] decides when it is saved).
    pub can_change: bool,
    /// The consent forms printed for signature from this record, oldest first, each with
    /// whether it is the current paper.
    pub prints: Vec<PrintView>,
}

/// A consent form printed (exported) for signature, for the documents list: which paper is
/// current and which one is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintView {
    pub consent_id: ConsentId,
    #[ts(type = "string")]
    pub printed_on: NaiveDate,
    /// The paper belongs to the record in force (or about to be).
    pub current: bool,
    /// "Gäller: samtyckesblankett utskriven 2026-12-07", or "Ersatt av samtycke från
    /// 2026-12-08 – skriv ut den nya".
    pub text: String,
}

/// What a printed consent form from a record in `state` is worth now ([`PrintView`]):
/// `successor` is the record that replaced it by "Ändra samtycke" (its first day, and whether
/// its own form is printed).
pub fn print_status(
    state: ConsentState,
    printed_on: NaiveDate,
    successor: Option<(NaiveDate, bool)>,
) -> (bool, String) {
    match (state, successor) {
        (ConsentState::Valid | ConsentState::Expiring | ConsentState::NotYetValid, _) => (
            true,
            format!("Gäller: samtyckesblankett utskriven {printed_on}"),
        ),
        (ConsentState::Superseded, Some((from, false))) => (
            false,
            format!(
                "Ersatt av samtycke från {from} – skriv ut den nya (blanketten utskriven \
                 {printed_on} gäller inte längre)"
            ),
        ),
        (ConsentState::Superseded, Some((from, true))) => (
            false,
            format!(
                "Ersatt av samtycke från {from} (blanketten utskriven {printed_on} gäller inte \
                 längre)"
            ),
        ),
        (ConsentState::Superseded, None) => (
            false,
            format!(
                "Ersatt av ett nyare samtycke – skriv ut det som gäller (blanketten utskriven \
                 {printed_on} gäller inte längre)"
            ),
        ),
        (other, _) => (
            false,
            format!(
                "{}: blanketten utskriven {printed_on} gäller inte längre",
                other.label()
            ),
        ),
    }
}

/// Records that the consent form of `consent` was printed (exported) for signature today,
/// inside the caller's transaction (the export's own history entry says what was printed).
pub fn record_print(conn: &Connection, ctx: &Ctx, consent: ConsentId) -> Result<()> {
    conn.execute(
        "INSERT INTO consent_prints(consent_id, printed_on, recorded_at) VALUES (?1, ?2, ?3)",
        params![consent, ctx.today, ctx.timestamp()],
    )?;
    Ok(())
}

fn printed_on(conn: &Connection, consent: ConsentId) -> Result<Vec<NaiveDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT printed_on FROM consent_prints WHERE consent_id = ?1 ORDER BY id",
    )?;
    let out = stmt
        .query_map([consent], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<NaiveDate>>>()?;
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GuardianView {
    pub id: PersonId,
    pub name: String,
    /// A valid consent from this guardian is in force today.
    pub consented: bool,
    pub exception: Option<ChildException>,
    /// Set when the guardian is not invited: their remaining right to information.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OverrideView {
    pub id: OverrideId,
    pub unit_name: Option<String>,
    pub recipient: String,
    pub legal_ground: LegalGround,
    pub provision: String,
    pub what: String,
    pub decided_by: String,
    #[ts(type = "string")]
    pub decided_on: NaiveDate,
    /// "Provision. What. Beslutat av Name." ([`crate::text::sentences`]).
    pub text: String,
}

/// Everything the consent view shows for one SIP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentOverview {
    pub sip_id: SipId,
    pub purpose: String,
    pub basis: BasisView,
    pub expiry_warning: Option<String>,
    /// Newest first.
    pub records: Vec<ConsentView>,
    pub is_child: bool,
    pub age: Option<u32>,
    pub guardians: Vec<GuardianView>,
    pub child: ChildInput,
    pub overrides: Vec<OverrideView>,
    /// The latest end date for a consent starting today ("default one year"): the consent
    /// form's default end date.
    #[ts(type = "string")]
    pub default_valid_to: NaiveDate,
    /// The child's own consent as the form offers it among the givers ("Barnet självt (från 12
    /// år; …)"), or None when the child is not old enough (or the SIP is not a child's).
    pub child_own_giver: Option<String>,
    /// The SIP is closed: nothing can be recorded.
    pub closed: bool,
    /// The persons of the case the consent flow offers (never the person the SIP is for).
    pub case_persons: Vec<CasePersonChoice>,
    /// The worker's own unit: in every new consent, left out only with a reason that goes
    /// into the case history. None until the worker's details name it.
    pub own_unit: Option<OwnUnit>,
    /// Who received an oral consent, as a new one suggests it: the worker ("Anna Berg,
    /// socialsekreterare, Vuxenenheten Örebro"); empty until the details are filled in.
    pub received_by: String,
}

/// The worker's own unit in the consent flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OwnUnit {
    pub unit_id: UnitId,
    pub name: String,
}

/// "If guardians are not invited …, the guardians still have the right to information about
/// which interventions are planned." [003 "Samtycke och sekretess för barn i SIP"]
pub const GUARDIAN_RIGHT_TO_INFORMATION: &str = "Vårdnadshavaren bjuds inte in, men har \
     fortfarande rätt till information om vilka insatser som planeras för barnet.";

/// The stored form of who gave a consent: `giver_kind` and `guardian_id`.
pub(crate) fn giver_columns(g: Giver) -> (&'static str, Option<PersonId>) {
    match g {
        Giver::Person => ("person", None),
        Giver::Guardian { guardian } => ("guardian", Some(guardian)),
        Giver::ChildOwn => ("child_own", None),
    }
}

/// Writes the accepted and excluded actors and categories of `scope` for consent `id` into its
/// scope tables (the SIP's or samråd's own), inside the caller's transaction.
pub(crate) fn insert_actors_and_categories(
    conn: &Connection,
    tables: (&str, &str),
    id: i64,
    scope: &Scope,
) -> Result<()> {
    let mut ins = conn.prepare_cached(&format!(
        "INSERT INTO {}(consent_id, unit_id, contact_id, accepted) VALUES (?1, ?2, ?3, ?4)",
        tables.0
    ))?;
    for (list, accepted) in [(&scope.actors, true), (&scope.excluded_actors, false)] {
        for a in list {
            ins.execute(params![id, a.unit, a.contact, accepted])?;
        }
    }
    let mut ins = conn.prepare_cached(&format!(
        "INSERT INTO {}(consent_id, category, accepted) VALUES (?1, ?2, ?3)",
        tables.1
    ))?;
    for (list, accepted) in [
        (&scope.categories, true),
        (&scope.excluded_categories, false),
    ] {
        for c in list {
            ins.execute(params![id, c, accepted])?;
        }
    }
    Ok(())
}

/// Inserts a consent record's own row into `table` (the SIP's `consents` or samråd's
/// `samrad_consents`) after the table's leading columns `lead` (names) and `lead_values`, with
/// the record's columns and `recorded_at`; returns the new row's id.
pub(crate) fn insert_record(
    conn: &Connection,
    table: &str,
    lead: &str,
    lead_values: &[&dyn rusqlite::ToSql],
    rec: &ConsentRecord,
    recorded_at: &str,
) -> Result<i64> {
    let (kind, guardian) = giver_columns(rec.giver);
    let doc = rec.documentation.as_ref();
    let how = doc.map(|d| d.how.as_str()).unwrap_or("");
    let received_by = doc.map(|d| d.received_by.as_str()).unwrap_or("");
    let witness = doc.map(|d| d.witness.as_str()).unwrap_or("");
    let doc_on = doc.map(|d| d.on);
    let own: [&dyn rusqlite::ToSql; 12] = [
        &kind,
        &guardian,
        &rec.form,
        &doc_on,
        &how,
        &received_by,
        &witness,
        &rec.scope.other_text,
        &rec.scope.excluded_text,
        &rec.valid_from,
        &rec.valid_to,
        &recorded_at,
    ];
    let values: Vec<&dyn rusqlite::ToSql> = lead_values.iter().chain(&own).copied().collect();
    let marks = (1..=values.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.execute(
        &format!(
            "INSERT INTO {table}({lead}, giver_kind, guardian_id, form, doc_on, doc_how,
                    doc_received_by, doc_witness, other_text, excluded_text, valid_from, valid_to,
                    recorded_at)
             VALUES ({marks})"
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(conn.last_insert_rowid())
}

/// A withdrawal of `rec` as entered, cleaned and checked: not twice, not after the consent
/// ended (`after` says what may no longer happen under it), dated and received as the rules
/// say ([`rules::check_withdrawal`]).
pub(crate) fn checked_withdrawal(
    all: &[ConsentRecord],
    index: usize,
    w: &Withdrawal,
    today: NaiveDate,
    after: &str,
) -> Result<Withdrawal> {
    let rec = &all[index];
    let w = Withdrawal {
        on: w.on,
        how: clean("Hur samtycket återkallades", &w.how, MAX_LONG)?,
        received_by: clean("Vem som tog emot återkallelsen", &w.received_by, MAX_SHORT)?,
    };
    if let Some(old) = &rec.withdrawal {
        return Err(Error::Refused(Refusal::ConsentAlreadyWithdrawn {
            on: old.on,
        }));
    }
    if w.on > rec.valid_to {
        return Err(Error::Refused(Refusal::ConsentExpiredBeforeWithdrawal {
            valid_to: rec.valid_to,
            after: after.to_owned(),
        }));
    }
    rules::check_withdrawal(rec, &w, today).map_err(Error::from)?;
    // A record a newer one had already replaced on the withdrawal date held nothing then.
    let state = state_of(rec, all, w.on);
    if let (false, Some(why)) = (state.can_withdraw(), state.why_not_withdrawn()) {
        return Err(Error::Refused(why));
    }
    Ok(w)
}

/// The SIP's case, person and state; refuses a closed SIP when `open` is asked for.
fn sip_of(conn: &Connection, sip: SipId, open: bool) -> Result<(CaseId, PersonId, SipState)> {
    let (case, person, state): (CaseId, PersonId, SipState) = conn
        .query_row(
            "SELECT case_id, person_id, state FROM sips WHERE id = ?1",
            [sip],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("SIP:en"))?;
    if open && state == SipState::Avslutad {
        return Err(Error::Refused(Refusal::ConsentOfClosedSip));
    }
    Ok((case, person, state))
}

pub(crate) fn giver_audit(g: Giver) -> String {
    match g {
        Giver::Person => "personen".into(),
        Giver::Guardian { guardian } => format!("vårdnadshavare (person {guardian})"),
        Giver::ChildOwn => "barnet självt".into(),
    }
}

pub(crate) fn clean_documentation(d: &Documentation) -> Result<Documentation> {
    Ok(Documentation {
        on: d.on,
        how: clean("Hur samtycket uttrycktes", &d.how, MAX_LONG)?,
        received_by: clean("Vem som tog emot samtycket", &d.received_by, MAX_SHORT)?,
        witness: clean("Vittne", &d.witness, MAX_SHORT)?,
    })
}

/// Checks that every named actor is in the directory, a contact belongs to its unit, and an
/// accepted contact is active. Returns the actors sorted and without repeats.
pub(crate) fn check_actors(
    conn: &Connection,
    actors: &[ActorRef],
    accepted: bool,
) -> Result<Vec<ActorRef>> {
    let mut out = actors.to_vec();
    out.sort();
    out.dedup();
    for a in &out {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM actor_units WHERE id = ?1)",
            [a.unit],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound("En enhet i samtycket"));
        }
        if let Some(c) = a.contact {
            let row: Option<(UnitId, bool, String)> = conn
                .query_row(
                    "SELECT unit_id, active, name FROM actor_contacts WHERE id = ?1",
                    [c],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match row {
                None => return Err(Error::NotFound("En kontaktperson i samtycket")),
                Some((unit, _, _)) if unit != a.unit => {
                    return Err(Error::InvalidInput(
                        "En kontaktperson hör inte till den valda enheten. Välj aktörerna igen."
                            .into(),
                    ))
                }
                Some((_, false, name)) if accepted => {
                    return Err(Error::Refused(Refusal::ContactInactiveNamed { name }))
                }
                Some(_) => {}
            }
        }
    }
    Ok(out)
}

/// Checks that every named person is a person of the SIP's case and never the person the SIP
/// is for (she is always part of her SIP). Returns them sorted and without repeats.
fn check_persons(
    conn: &Connection,
    case: CaseId,
    subject: PersonId,
    persons: &[PersonId],
) -> Result<Vec<PersonId>> {
    let mut out = persons.to_vec();
    out.sort();
    out.dedup();
    for p in &out {
        if *p == subject {
            return Err(Error::InvalidInput(
                "Personen som planen gäller är alltid med i sin SIP och nämns inte bland \
                 personerna i ärendet. Ta bort henne ur listan."
                    .into(),
            ));
        }
        let in_case: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM persons WHERE id = ?1 AND case_id = ?2)",
            params![p, case],
            |r| r.get(0),
        )?;
        if !in_case {
            return Err(Error::NotFound("En person i samtycket"));
        }
    }
    Ok(out)
}

/// Checks that every organisation is in the directory. Sorted, without repeats.
fn check_organisations(
    conn: &Connection,
    organisations: &[OrganisationId],
) -> Result<Vec<OrganisationId>> {
    let mut out = organisations.to_vec();
    out.sort();
    out.dedup();
    for o in &out {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM actor_organisations WHERE id = ?1)",
            [o],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound("En organisation i samtycket"));
        }
    }
    Ok(out)
}

/// The category scope per actor as stored: sorted, each list without repeats. Two rows for one
/// actor stay two rows, for the rules to refuse.
fn clean_actor_categories(list: &[ActorCategories]) -> Vec<ActorCategories> {
    let mut out: Vec<ActorCategories> = list
        .iter()
        .map(|ac| {
            let mut categories = ac.categories.clone();
            categories.sort();
            categories.dedup();
            ActorCategories {
                actor: ac.actor,
                categories,
            }
        })
        .collect();
    out.sort_by_key(|ac| ac.actor);
    out
}

/// Records a consent for the SIP. The rules ([`rules::check_record`]) decide what is accepted.
/// The worker's own unit must be in it (see [`record_with_reason`]).
pub fn record(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    input: &ConsentInput,
) -> Result<ConsentId> {
    record_with_reason(conn, ctx, sip, input, None)
}

/// [`record`], where the worker's own unit (Inställningar → Dina uppgifter) may be left out
/// of the consent with `own_unit_reason`: the reason goes into the case history with it.
/// Without a reason a consent that leaves the own unit out is refused
/// ([`rules::own_unit_left_out`]).
pub fn record_with_reason(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    input: &ConsentInput,
    own_unit_reason: Option<&str>,
) -> Result<ConsentId> {
    let sip = sip.id();
    enter(conn, ctx, sip, input, own_unit_reason, None)
}

/// "Ändra samtycke" (issue 19): enters `input` as a new record that supersedes `old`, the
/// record in force, and names it ([`rules::check_change`]); the change is in the case history
/// in the same transaction. The old record stays as it was entered, superseded and linked to
/// the new one; its printed form is then "Ersatt".
pub fn change(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    old: ConsentId,
    input: &ConsentInput,
    own_unit_reason: Option<&str>,
) -> Result<ConsentId> {
    let sip = sip.id();
    enter(conn, ctx, sip, input, own_unit_reason, Some(old))
}

/// A new record, or with `supersedes` a change of the record in force.
fn enter(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: SipId,
    input: &ConsentInput,
    own_unit_reason: Option<&str>,
    supersedes: Option<ConsentId>,
) -> Result<ConsentId> {
    let own_unit_reason = own_unit_reason
        .map(|r| clean("Skäl att ta bort din egen enhet", r, MAX_LONG))
        .transpose()?;
    let documentation = input
        .documentation
        .as_ref()
        .map(clean_documentation)
        .transpose()?;
    let mut categories = input.scope.categories.clone();
    categories.sort();
    categories.dedup();
    let mut excluded_categories = input.scope.excluded_categories.clone();
    excluded_categories.sort();
    excluded_categories.dedup();
    let other_text = clean("Annat", &input.scope.other_text, MAX_LONG)?;
    let excluded_text = clean("Undantagna uppgifter", &input.scope.excluded_text, MAX_LONG)?;

    let tx = conn.transaction()?;
    let (case, person, _) = sip_of(&tx, sip, true)?;
    let scope = Scope {
        actors: check_actors(&tx, &input.scope.actors, true)?,
        excluded_actors: check_actors(&tx, &input.scope.excluded_actors, false)?,
        categories,
        excluded_categories,
        other_text: if input.scope.categories.contains(&InfoCategory::Annat) {
            other_text
        } else {
            String::new()
        },
        excluded_text,
        organisations: check_organisations(&tx, &input.scope.organisations)?,
        persons: check_persons(&tx, case, person, &input.scope.persons)?,
        excluded_persons: check_persons(&tx, case, person, &input.scope.excluded_persons)?,
        actor_categories: clean_actor_categories(&input.scope.actor_categories),
    };
    let rec = ConsentRecord {
        giver: input.giver,
        form: input.form,
        documentation,
        scope,
        valid_from: input.valid_from,
        valid_to: input.valid_to,
        withdrawal: None,
    };
    let subj = subject(&tx, person, ctx.today)?;
    rules::check_record(&rec, &subj, ctx.today)?;
    let changed = match supersedes {
        None => None,
        Some(old) => {
            let all = load_records(&tx, sip)?;
            let i = all
                .iter()
                .position(|s| s.id == old)
                .ok_or(Error::NotFound("Samtycket som ska ändras"))?;
            let records: Vec<ConsentRecord> = all.iter().map(|s| s.record.clone()).collect();
            rules::check_change(&records, i, &rec, ctx.today).map_err(Error::from)?;
            Some((old, records[i].valid_from))
        }
    };
    let own = crate::worker::get(&tx)?;
    let own_org = match own.unit_id {
        Some(u) => super::gate::unit_organisations(&tx)?.get(&u).copied(),
        None => None,
    };
    let left_out = rules::own_unit_left_out(
        &rec.scope,
        own.unit_id.map(|u| (u, own_org, own.unit_name.as_str())),
        own_unit_reason.as_deref(),
    )
    .map_err(Error::from)?;
    let id = ConsentId(insert_record(
        &tx,
        "consents",
        "sip_id, supersedes",
        &[&sip, &supersedes],
        &rec,
        &ctx.timestamp(),
    )?);
    {
        insert_actors_and_categories(
            &tx,
            ("consent_actors", "consent_categories"),
            id.0,
            &rec.scope,
        )?;
        let mut ins = tx.prepare_cached(
            "INSERT INTO consent_persons(consent_id, person_id, accepted) VALUES (?1, ?2, ?3)",
        )?;
        for (list, accepted) in [
            (&rec.scope.persons, true),
            (&rec.scope.excluded_persons, false),
        ] {
            for p in list {
                ins.execute(params![id, p, accepted])?;
            }
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO consent_organisations(consent_id, organisation_id) VALUES (?1, ?2)",
        )?;
        for o in &rec.scope.organisations {
            ins.execute(params![id, o])?;
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO consent_actor_categories(consent_id, unit_id, contact_id, category)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for ac in &rec.scope.actor_categories {
            for c in &ac.categories {
                ins.execute(params![id, ac.actor.unit, ac.actor.contact, c])?;
            }
        }
    }
    let (action, what) = match changed {
        None => ("consent.record", "Samtycke registrerat".to_owned()),
        Some((old, from)) => (
            "consent.change",
            format!("Samtycke ändrat (ersätter samtycke {old} från {from})"),
        ),
    };
    audit::record(
        &tx,
        ctx,
        Some(case),
        action,
        &format!(
            "{what} från {}: {}, gäller {} till och med {}; {} aktörer godkända, {} \
             undantagna; {} organisationer; {} personer i ärendet godkända, {} undantagna; {} \
             uppgiftsslag godkända, {} undantagna; {} aktörer med egna uppgifter",
            giver_audit(rec.giver),
            rec.form.label().to_lowercase(),
            rec.valid_from,
            rec.valid_to,
            rec.scope.actors.len(),
            rec.scope.excluded_actors.len(),
            rec.scope.organisations.len(),
            rec.scope.persons.len(),
            rec.scope.excluded_persons.len(),
            rec.scope.categories.len(),
            rec.scope.excluded_categories.len() + usize::from(!rec.scope.excluded_text.is_empty()),
            rec.scope.actor_categories.len(),
        ),
    )?;
    if let Some(reason) = left_out {
        // Every new consent names the worker's own unit; leaving it out is a decision with its
        // reason, in the case history.
        audit::record(
            &tx,
            ctx,
            Some(case),
            "consent.own_unit_left_out",
            &format!(
                "Din egen enhet är inte med i samtycket ({}). Skäl: {reason}",
                giver_audit(rec.giver)
            ),
        )?;
    }
    tx.commit()?;
    Ok(id)
}

/// Withdraws a consent: "may be **withdrawn at any time**". From the withdrawal date nothing
/// new may be shared under it; every actor that received something under it goes on a
/// checklist to be told: each actor that was given a copy of the consent
/// ([`super::copies`]), and each of the SIP's participants it covered (they got the
/// invitations and the plan). An accepted actor that got neither is not on it: nothing of the
/// person reached it.
pub fn withdraw(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    id: ConsentId,
    w: &Withdrawal,
) -> Result<()> {
    let sip = sip.id();
    let tx = conn.transaction()?;
    let (case, _, _) = sip_of(&tx, sip, false)?;
    let loaded = load_records(&tx, sip)?;
    let index = loaded
        .iter()
        .position(|s| s.id == id)
        .ok_or(Error::NotFound("Samtycket"))?;
    let all: Vec<ConsentRecord> = loaded.into_iter().map(|s| s.record).collect();
    let rec = &all[index];
    let w = checked_withdrawal(&all, index, w, ctx.today, "Inget får lämnas ut under det.")?;
    tx.execute(
        "UPDATE consents SET withdrawn_on = ?2, withdrawal_how = ?3, withdrawal_received_by = ?4
          WHERE id = ?1",
        params![id, w.on, w.how, w.received_by],
    )?;
    // Who must be told: the actors that got a copy of the consent ([003 6]), and every
    // participant the consent covered — also one covered through an organisation accepted as
    // a whole.
    let mut tell: Vec<ActorRef> = super::copies::actors_sent(&tx, id)?;
    let organisations = super::gate::unit_organisations(&tx)?;
    {
        let mut stmt = tx
            .prepare_cached("SELECT unit_id, contact_id FROM sip_participants WHERE sip_id = ?1")?;
        for p in stmt.query_map([sip], |r| {
            Ok(ActorRef {
                unit: r.get(0)?,
                contact: r.get(1)?,
            })
        })? {
            let p = p?;
            if rules::accepts_in(rec, p, organisations.get(&p.unit).copied()) {
                tell.push(p);
            }
        }
    }
    tell.sort();
    tell.dedup();
    let whole: Vec<UnitId> = tell
        .iter()
        .filter(|a| a.contact.is_none())
        .map(|a| a.unit)
        .collect();
    tell.retain(|a| a.contact.is_none() || !whole.contains(&a.unit));
    for a in &tell {
        tx.execute(
            "INSERT INTO consent_notices(consent_id, unit_id, contact_id) VALUES (?1, ?2, ?3)",
            params![id, a.unit, a.contact],
        )?;
    }
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.withdraw",
        &format!(
            "Samtycke från {} (gällde från {}) återkallat {}; {} aktörer ska meddelas",
            giver_audit(rec.giver),
            rec.valid_from,
            w.on,
            tell.len()
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Ticks one actor on a withdrawal's checklist as told, on `told_on`.
pub fn tick_notice(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    notice: NoticeId,
    told_on: NaiveDate,
) -> Result<()> {
    let sip = sip.id();
    let tx = conn.transaction()?;
    let (case, _, _) = sip_of(&tx, sip, false)?;
    let (withdrawn_on, actor_type, unit, already): (
        NaiveDate,
        ActorType,
        UnitId,
        Option<NaiveDate>,
    ) = tx
        .query_row(
            "SELECT c.withdrawn_on, u.actor_type, u.id, n.told_on FROM consent_notices n
               JOIN consents c ON c.id = n.consent_id
               JOIN actor_units u ON u.id = n.unit_id
              WHERE n.id = ?1 AND c.sip_id = ?2",
            params![notice, sip],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Raden i checklistan"))?;
    if let Some(on) = already {
        return Err(Error::Refused(Refusal::ActorAlreadyTold { on }));
    }
    if told_on < withdrawn_on || told_on > ctx.today {
        return Err(Error::InvalidInput(format!(
            "Datumet då aktören meddelades ska ligga mellan återkallelsen ({withdrawn_on}) och i dag."
        )));
    }
    tx.execute(
        "UPDATE consent_notices SET told_on = ?2 WHERE id = ?1",
        params![notice, told_on],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.notice",
        &format!(
            "Återkallat samtycke meddelat {}: {} (enhet {unit})",
            told_on,
            actor_type.label()
        ),
    )?;
    tx.commit()?;
    Ok(())
}

fn child_of(conn: &Connection, sip: SipId) -> Result<ChildInput> {
    Ok(conn
        .query_row(
            "SELECT views, maturity FROM child_consent WHERE sip_id = ?1",
            [sip],
            |r| {
                Ok(ChildInput {
                    views: r.get(0)?,
                    maturity: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

/// Saves the child's views and the maturity assessment.
pub fn save_child(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    input: &ChildInput,
) -> Result<()> {
    let sip = sip.id();
    let views = clean("Barnets synpunkter", &input.views, MAX_LONG)?;
    let maturity = clean("Bedömning av ålder och mognad", &input.maturity, MAX_LONG)?;
    let tx = conn.transaction()?;
    let (case, person, _) = sip_of(&tx, sip, true)?;
    if !subject(&tx, person, ctx.today)?.is_child {
        return Err(Error::Refused(Refusal::ChildViewsOnlyForChild));
    }
    let old = child_of(&tx, sip)?;
    tx.execute(
        "INSERT INTO child_consent(sip_id, views, maturity) VALUES (?1, ?2, ?3)
         ON CONFLICT(sip_id) DO UPDATE SET views = excluded.views, maturity = excluded.maturity",
        params![sip, views, maturity],
    )?;
    let mut changed = Vec::new();
    if old.views != views {
        changed.push("barnets synpunkter");
    }
    if old.maturity != maturity {
        changed.push("bedömning av ålder och mognad");
    }
    if !changed.is_empty() {
        audit::record(
            &tx,
            ctx,
            Some(case),
            "consent.child",
            &format!("Barnets del ändrad: {}", changed.join(", ")),
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Records which exception applies when a guardian with custody does not consent.
pub fn add_exception(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    e: &ChildException,
) -> Result<()> {
    let sip = sip.id();
    let (guardian, kind, reason, what) = match e {
        ChildException::BoardDecided { guardian, decision } => (
            *guardian,
            "board_decided",
            required("Nämndens beslut", decision, MAX_LONG)?,
            "nämnden beslutade utan vårdnadshavarens samtycke",
        ),
        ChildException::GuardianNotInvited { guardian, reason } => (
            *guardian,
            "guardian_not_invited",
            required("Skälet", reason, MAX_LONG)?,
            "vårdnadshavaren bjuds inte in",
        ),
    };
    let tx = conn.transaction()?;
    let (case, person, _) = sip_of(&tx, sip, true)?;
    let subj = subject(&tx, person, ctx.today)?;
    if !subj.is_child {
        return Err(Error::Refused(Refusal::GuardianExceptionOnlyForChild));
    }
    if !subj.custodial_guardians.contains(&guardian) {
        return Err(Error::Refused(Refusal::NotCustodialGuardian));
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM child_exceptions WHERE sip_id = ?1 AND guardian_id = ?2)",
        params![sip, guardian],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::Refused(Refusal::GuardianExceptionExists));
    }
    tx.execute(
        "INSERT INTO child_exceptions(sip_id, guardian_id, kind, reason, recorded_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![sip, guardian, kind, reason, ctx.today],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.exception",
        &format!("Undantag registrerat för vårdnadshavare (person {guardian}): {what}"),
    )?;
    tx.commit()?;
    Ok(())
}

/// Records a disclosure without consent on a legal ground: a deliberate override, visible in
/// the case history with its ground and who decided.
pub fn record_override(
    conn: &mut Connection,
    ctx: &Ctx,
    sip: OpenSip,
    o: &OverrideInput,
) -> Result<OverrideId> {
    let sip = sip.id();
    let recipient = clean("Mottagare", &o.recipient, MAX_SHORT)?;
    let provision = required("Lagstöd eller beslut", &o.provision, MAX_LONG)?;
    let what = required("Vilka uppgifter som lämnades", &o.what, MAX_LONG)?;
    let decided_by = required("Vem som beslutade", &o.decided_by, MAX_SHORT)?;
    if o.unit_id.is_none() && recipient.is_empty() {
        return Err(Error::InvalidInput(
            "Välj mottagaren i samverkanskontakterna eller skriv vem som fick uppgifterna.".into(),
        ));
    }
    if o.decided_on > ctx.today {
        return Err(Error::InvalidInput(
            "Beslutsdatumet ligger i framtiden. Registrera utlämnandet när det har skett.".into(),
        ));
    }
    let tx = conn.transaction()?;
    let (case, _, _) = sip_of(&tx, sip, false)?;
    let to = match o.unit_id {
        Some(u) => super::gate::actor_type(&tx, u)?.label().to_owned(),
        None => "mottagare utanför samverkanskontakterna".to_owned(),
    };
    tx.execute(
        "INSERT INTO consent_overrides(sip_id, unit_id, recipient, legal_ground, provision, what,
                decided_by, decided_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            sip,
            o.unit_id,
            recipient,
            o.legal_ground,
            provision,
            what,
            decided_by,
            o.decided_on,
            ctx.timestamp()
        ],
    )?;
    let id = OverrideId(tx.last_insert_rowid());
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.override",
        // The decision-maker is staff; the recipient is named by type only.
        &format!(
            "Utlämnande utan samtycke {}: {}; beslutat av {decided_by}; till {to}",
            o.decided_on,
            o.legal_ground.label()
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

pub(crate) fn state_of(rec: &ConsentRecord, all: &[ConsentRecord], on: NaiveDate) -> ConsentState {
    match rules::status_on(rec, on) {
        Status::NotYetValid => ConsentState::NotYetValid,
        Status::Expired => ConsentState::Expired,
        Status::Withdrawn => ConsentState::Withdrawn,
        s => {
            let newest = rules::newest_started(all, rec.giver, on);
            if newest.is_some_and(|n| !std::ptr::eq(n, rec)) {
                ConsentState::Superseded
            } else if matches!(s, Status::Expiring { .. }) {
                ConsentState::Expiring
            } else {
                ConsentState::Valid
            }
        }
    }
}

/// Everything the consent view shows, on `today`.
pub fn overview(conn: &Connection, sip: OpenSip, today: NaiveDate) -> Result<ConsentOverview> {
    overview_unchecked(conn, sip.id(), today)
}

/// [`overview`] for the core's own use, on a SIP its caller already reached through an open case.
pub(crate) fn overview_unchecked(
    conn: &Connection,
    sip: SipId,
    today: NaiveDate,
) -> Result<ConsentOverview> {
    let (_, person, state) = sip_of(conn, sip, false)?;
    let sip_open = state != SipState::Avslutad;
    let loaded = load_records(conn, sip)?;
    let gate = super::gate::Gate::new(
        loaded.iter().map(|s| s.record.clone()).collect(),
        subject(conn, person, today)?,
        load_exceptions(conn, sip)?,
        today,
    );
    let (all, subj, exceptions) = (gate.records(), gate.subject(), gate.exceptions());

    let name_of = |p: PersonId| -> Result<String> {
        Ok(conn
            .query_row("SELECT name FROM persons WHERE id = ?1", [p], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| "(borttagen person)".into()))
    };
    let mut unit_stmt = conn.prepare_cached(
        "SELECT u.name, u.actor_type, c.name FROM actor_units u
           LEFT JOIN actor_contacts c ON c.id = ?2 WHERE u.id = ?1",
    )?;
    let mut actor_names = |a: ActorRef| -> Result<(String, ActorType, Option<String>)> {
        Ok(unit_stmt.query_row(params![a.unit, a.contact], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?)
    };

    let mut notices_stmt = conn.prepare_cached(
        "SELECT n.id, u.name, c.name, n.told_on FROM consent_notices n
           JOIN actor_units u ON u.id = n.unit_id
           LEFT JOIN actor_contacts c ON c.id = n.contact_id
          WHERE n.consent_id = ?1 ORDER BY n.id",
    )?;
    let mut records = Vec::new();
    for (
        i,
        Stored {
            id,
            record: rec,
            recorded_at,
            ..
        },
    ) in loaded.iter().enumerate()
    {
        let state = state_of(&all[i], all, today);
        let successor = loaded.iter().find(|s| s.supersedes == Some(*id));
        let successor_printed = match successor {
            Some(s) => Some((s.record.valid_from, !printed_on(conn, s.id)?.is_empty())),
            None => None,
        };
        let prints = printed_on(conn, *id)?
            .into_iter()
            .map(|on| {
                let (current, text) = print_status(state, on, successor_printed);
                PrintView {
                    consent_id: *id,
                    printed_on: on,
                    current,
                    text,
                }
            })
            .collect();
        let mut actors = Vec::new();
        for (list, accepted) in [
            (&rec.scope.actors, true),
            (&rec.scope.excluded_actors, false),
        ] {
            for a in list {
                let (unit_name, actor_type, contact_name) = actor_names(*a)?;
                actors.push(ScopeActor {
                    unit_id: a.unit,
                    contact_id: a.contact,
                    unit_name,
                    contact_name,
                    actor_type,
                    accepted,
                });
            }
        }
        let notices = notices_stmt
            .query_map([*id], |r| {
                Ok(NoticeView {
                    id: r.get(0)?,
                    unit_name: r.get(1)?,
                    contact_name: r.get(2)?,
                    told_on: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        records.push(ConsentView {
            id: *id,
            giver: rec.giver,
            giver_label: match rec.giver {
                Giver::Person => "Personen själv".into(),
                Giver::Guardian { guardian } => format!("Vårdnadshavare: {}", name_of(guardian)?),
                Giver::ChildOwn => "Barnet självt".into(),
            },
            form: rec.form,
            documentation: rec.documentation.clone(),
            actors,
            categories: rec.scope.categories.clone(),
            excluded_categories: rec.scope.excluded_categories.clone(),
            other_text: rec.scope.other_text.clone(),
            excluded_text: rec.scope.excluded_text.clone(),
            actor_categories: rec.scope.actor_categories.clone(),
            valid_from: rec.valid_from,
            valid_to: rec.valid_to,
            state,
            state_label: state.label().into(),
            can_withdraw: rec.withdrawal.is_none() && state.can_withdraw(),
            documentation_text: rec.documentation.as_ref().map(Documentation::text),
            withdrawal: rec.withdrawal.clone(),
            withdrawal_text: rec.withdrawal.as_ref().map(Withdrawal::text),
            notices,
            recorded_at: recorded_at.clone(),
            persons: rec
                .scope
                .persons
                .iter()
                .map(|&p| (p, true))
                .chain(rec.scope.excluded_persons.iter().map(|&p| (p, false)))
                .map(|(person_id, accepted)| {
                    Ok(ScopePerson {
                        person_id,
                        name: name_of(person_id)?,
                        accepted,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            organisations: rec
                .scope
                .organisations
                .iter()
                .map(|&organisation_id| {
                    Ok(ScopeOrganisation {
                        organisation_id,
                        name: conn.query_row(
                            "SELECT name FROM actor_organisations WHERE id = ?1",
                            [organisation_id],
                            |r| r.get(0),
                        )?,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            copies: super::copies::list(conn, *id)?,
            supersedes: loaded[i].supersedes,
            superseded_by: successor.map(|s| s.id),
            can_change: sip_open && rec.withdrawal.is_none() && state.can_withdraw(),
            prints,
        });
    }
    records.reverse();

    let mut guardians = Vec::new();
    for g in &subj.custodial_guardians {
        let exception = exceptions
            .iter()
            .find(|e| match e {
                ChildException::BoardDecided { guardian, .. }
                | ChildException::GuardianNotInvited { guardian, .. } => guardian == g,
            })
            .cloned();
        guardians.push(GuardianView {
            id: *g,
            name: name_of(*g)?,
            consented: rules::latest_valid(all, Giver::Guardian { guardian: *g }, today).is_some(),
            note: matches!(exception, Some(ChildException::GuardianNotInvited { .. }))
                .then(|| GUARDIAN_RIGHT_TO_INFORMATION.to_owned()),
            exception,
        });
    }
    let child = child_of(conn, sip)?;
    let mut overrides = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT o.id, u.name, o.recipient, o.legal_ground, o.provision, o.what, o.decided_by,
                    o.decided_on
               FROM consent_overrides o LEFT JOIN actor_units u ON u.id = o.unit_id
              WHERE o.sip_id = ?1 ORDER BY o.id DESC",
        )?;
        for row in stmt.query_map([sip], |r| {
            let (provision, what, decided_by): (String, String, String) =
                (r.get(4)?, r.get(5)?, r.get(6)?);
            Ok(OverrideView {
                id: r.get(0)?,
                unit_name: r.get(1)?,
                recipient: r.get(2)?,
                legal_ground: r.get(3)?,
                text: crate::text::sentences(&[
                    provision.as_str(),
                    &what,
                    &format!("Beslutat av {}", decided_by.trim()),
                ]),
                provision,
                what,
                decided_by,
                decided_on: r.get(7)?,
            })
        })? {
            overrides.push(row?);
        }
    }
    let details = crate::worker::get(conn)?;
    Ok(ConsentOverview {
        sip_id: sip,
        purpose: PURPOSE.into(),
        expiry_warning: gate.expiry_warning(),
        basis: gate.view(),
        records,
        is_child: subj.is_child,
        age: subj.age,
        guardians,
        child,
        overrides,
        default_valid_to: rules::max_valid_to(today),
        child_own_giver: rules::child_own_giver(subj),
        closed: state == SipState::Avslutad,
        case_persons: case_person_choices(conn, sip, person, subj, today)?,
        own_unit: details.unit_id.map(|unit_id| OwnUnit {
            unit_id,
            name: details.unit_name.clone(),
        }),
        received_by: details.sender().map(|s| s.who()).unwrap_or_default(),
    })
}

/// The persons of the SIP's case the consent flow offers: everyone but the person the SIP is
/// for, with how they relate to her and whether the protection rules guard against them.
fn case_person_choices(
    conn: &Connection,
    sip: SipId,
    subject_person: PersonId,
    subj: &Subject,
    today: NaiveDate,
) -> Result<Vec<CasePersonChoice>> {
    let facts = crate::protection::facts::sip_facts(conn, sip, today)?;
    let (case,): (CaseId,) =
        conn.query_row("SELECT case_id FROM sips WHERE id = ?1", [sip], |r| {
            Ok((r.get(0)?,))
        })?;
    Ok(crate::person::list_for_case(conn, case, today)?
        .into_iter()
        .filter(|p| p.id != subject_person)
        .map(|p| CasePersonChoice {
            person_id: p.id,
            relation: crate::protection::relation_to_subject(&facts, p.id),
            custodial_guardian: subj.is_child && subj.custodial_guardians.contains(&p.id),
            guarded: facts.is_guarded_against(p.id),
            name: p.name,
        })
        .collect())
}
