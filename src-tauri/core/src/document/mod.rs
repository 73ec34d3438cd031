//! Documents: the consent form for signature (and a blank one), the invitation to a SIP
//! meeting, and the SIP plan, as PDFs.
//!
//! - [`build`]: pure functions from the data gathered for a document to a [`model::Document`];
//! - [`pdf`]: draws a document on A4 pages, deterministic given the time: the PDF engine
//!   (`tryggplan-pdf`, which knows nothing of the domain; [`model`] is its model), called
//!   with the open profile's kind;
//! - this module gathers the data from the store, asks the consent gate whether the recipient
//!   may be reached, and records every export in the case history.
//!
//! Architecture invariant: a document for a recipient goes through `consent::gate` — an
//! invitation needs `may_invite` (today and on the meeting's day), a plan needs `may_share` of
//! "Insatser och plan" — and through the protection rules: every field about a person passes
//! [`protection::visibility_in_case`] for the copy's reader before it is handed to the builder
//! ([`Redactor`]), and what was left out is listed in the preview ("Vad mottagaren ser"). No
//! document carries a person's address or phone (they are never handed to a builder at all);
//! the one phone number on paper is the worker's own at work ([`crate::worker`]), on the
//! consent form and the invitation.

pub mod build;
pub mod model;
pub mod pdf;
pub mod samrad;
pub mod statistics;
pub use tryggplan_pdf::fonts;

#[cfg(test)]
mod category_tests;
#[cfg(test)]
pub(crate) mod tests;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::{CaseScoped, OpenSip, Opened, Scope};
use crate::consent::gate::{ConsentReader, Gate};
use crate::consent::records::{self, ConsentState};
use crate::consent::{ActorRef, InfoCategory};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::ids::{CaseId, ConsentId, MeetingId, ParticipantId, PlanVersionId, SipId};
use crate::ids::{ContactId, PersonId, SamradConsentId, UnitId};
use crate::person::{self, Person};
use crate::protection::{self, CaseFacts, Field, Medium, Reader, Visibility};
use crate::sip::plan::{self as plan_mod, PlanContent, Section};
use crate::sip::{self, Participant, SipDetail};
use crate::store::Connection;
use crate::vocab::{ActorType, RelationKind};
use build::{Head, SubjectInfo};
use model::Document;

pub use crate::worker::{organisation, set_organisation, MAX_ORGANISATION, ORGANISATION_SETTING};

/// Who a copy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Recipient {
    /// The person the SIP is for.
    Person,
    /// One of the SIP's participants.
    #[serde(rename_all = "camelCase")]
    Participant { participant_id: ParticipantId },
    /// A person of the case: a custodial guardian (the consent form, the plan), or a person
    /// invited to the SIP.
    #[serde(rename_all = "camelCase")]
    CasePerson { person_id: PersonId },
}

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum DocumentRequest {
    #[serde(rename_all = "camelCase")]
    Consent {
        sip_id: SipId,
        consent_id: ConsentId,
        recipient: Recipient,
    },
    BlankConsent,
    #[serde(rename_all = "camelCase")]
    Invitation {
        sip_id: SipId,
        meeting_id: MeetingId,
        recipient: Recipient,
    },
    #[serde(rename_all = "camelCase")]
    Plan {
        sip_id: SipId,
        version_id: PlanVersionId,
        recipient: Recipient,
    },
    /// A copy of a SIP consent for one of the actors it accepts ("Kopia till <aktör>"): only
    /// that actor's own part. Recorded as sent when exported.
    #[serde(rename_all = "camelCase")]
    ConsentCopy {
        sip_id: SipId,
        consent_id: ConsentId,
        unit_id: UnitId,
        contact_id: Option<ContactId>,
    },
    /// A samråd consent (`samrad::consent`) for signature, to the person (or a child's
    /// guardians).
    #[serde(rename_all = "camelCase")]
    SamradConsent {
        case_id: CaseId,
        samrad_consent_id: SamradConsentId,
    },
}

/// What the app shows before export: the same model the PDF is drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preview {
    pub document: Document,
    pub pages: u32,
    /// Characters the font can't draw (shown as a replacement), and a missing organisation name.
    pub warnings: Vec<String>,
    /// The suggested file name: never a person's name or number.
    pub file_name: String,
    /// "Vad mottagaren ser": what the protection rules left out of this copy, and why.
    pub removed: Vec<Removal>,
    /// Something the worker fills in under Inställningar → Dina uppgifter is missing (the
    /// organisation's name, or the worker's own details this document names): it can't be
    /// exported until it is, and the app offers the way there.
    pub needs_details: bool,
}

/// One thing left out of a copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Removal {
    /// Whom it is about, in role words: "Barnet", "Vårdnadshavare", "Personen planen gäller".
    pub about: String,
    pub field: Field,
    /// What was left out: "Personnumret", "Tid och plats för mötet", …
    pub what: String,
    /// Why, in Swedish, from the protection rules or the consent.
    pub why: String,
    /// Set when the consent left it out: the category the recipient's consent does not cover
    /// (issue 17).
    pub category: Option<InfoCategory>,
}

impl Removal {
    /// A removal with the protection rules' `reason` ("Personnumret visas inte: <why>") as
    /// the preview states it: "<Why>".
    pub fn new(about: &str, field: Field, what: &str, reason: &str) -> Self {
        let why = reason.split_once(": ").map_or(reason, |(_, w)| w);
        let mut chars = why.chars();
        let why = match chars.next() {
            Some(f) => f.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        Removal {
            about: about.to_owned(),
            field,
            what: what.to_owned(),
            why,
            category: None,
        }
    }

    /// Left out because the recipient's consent does not cover `category` (issue 17).
    pub fn by_category(about: &str, field: Field, what: &str, category: InfoCategory) -> Self {
        Removal {
            about: about.to_owned(),
            field,
            what: what.to_owned(),
            why: category_why(category),
            category: Some(category),
        }
    }
}

/// "”Hälsa” ingår inte i samtycket för den här mottagaren".
pub fn category_why(category: InfoCategory) -> String {
    format!(
        "”{}” ingår inte i samtycket för den här mottagaren",
        category.label()
    )
}

/// The first of `categories` that may not reach the copy's reader, if any (issue 17).
fn uncovered(
    reaches: &dyn Fn(InfoCategory) -> bool,
    categories: &[InfoCategory],
) -> Option<InfoCategory> {
    categories.iter().copied().find(|&c| !reaches(c))
}

/// What the consent withheld from a copy of the plan.
#[derive(Debug, Default)]
pub(crate) struct PlanFilter {
    pub withheld_interventions: Vec<usize>,
    pub withheld_other_interventions: Vec<usize>,
    pub removed: Vec<Removal>,
}

/// Issue 17: a copy of the plan holds only the items whose every category the reader's
/// consent covers (`reaches`). A withheld section's text becomes [`build::WITHHELD`]; a
/// withheld intervention is emptied here (its text, unit, dates and categories), so nothing of
/// it reaches the builder, which draws [`build::WITHHELD`] in its row. A health-care unit's
/// name tells "Hälsa" ([`plan_mod::unit_name_categories`]): where that is not covered the name
/// is replaced too, except the reader's own unit (`own_unit`). Each removal is listed.
pub(crate) fn filter_plan(
    content: &mut PlanContent,
    unit_type: &dyn Fn(UnitId) -> Result<ActorType>,
    reaches: &dyn Fn(InfoCategory) -> bool,
    own_unit: Option<UnitId>,
    about: &str,
) -> Result<PlanFilter> {
    let mut f = PlanFilter::default();
    for sec in Section::ALL {
        if sec.text(content).trim().is_empty() {
            continue;
        }
        if let Some(c) = uncovered(reaches, &sec.categories(content)) {
            *sec.text_mut(content) = build::WITHHELD.to_owned();
            f.removed.push(Removal::by_category(
                about,
                Field::PlanContent,
                sec.label(),
                c,
            ));
        }
    }
    let unit_withheld = |u: Option<UnitId>| -> Result<Option<InfoCategory>> {
        Ok(match u {
            Some(u) if Some(u) != own_unit => {
                uncovered(reaches, &plan_mod::unit_name_categories(unit_type(u)?))
            }
            _ => None,
        })
    };
    for (i, iv) in content.interventions.iter_mut().enumerate() {
        let t = iv.unit_id.map(unit_type).transpose()?;
        if let Some(c) = uncovered(reaches, &plan_mod::intervention_categories(iv, t)) {
            iv.what.clear();
            iv.unit_id = None;
            iv.unit_name.clear();
            iv.from = None;
            iv.to = None;
            iv.categories = None;
            f.withheld_interventions.push(i);
            f.removed.push(Removal::by_category(
                about,
                Field::PlanContent,
                &format!("Insats {}", i + 1),
                c,
            ));
        } else if !iv.unit_name.is_empty() {
            if let Some(c) = unit_withheld(iv.unit_id)? {
                iv.unit_name = build::WITHHELD.to_owned();
                f.removed.push(Removal::by_category(
                    about,
                    Field::Units,
                    &format!("Ansvarig enhet för insats {}", i + 1),
                    c,
                ));
            }
        }
    }
    for (i, o) in content.other_interventions.iter_mut().enumerate() {
        let cats = o
            .categories
            .clone()
            .unwrap_or_else(|| plan_mod::default_categories(None));
        if let Some(c) = uncovered(reaches, &cats) {
            o.who.clear();
            o.what.clear();
            o.categories = None;
            f.withheld_other_interventions.push(i);
            f.removed.push(Removal::by_category(
                about,
                Field::PlanContent,
                &format!("Insats från andra {}", i + 1),
                c,
            ));
        }
    }
    if !content.lead_unit_name.is_empty() {
        if let Some(c) = unit_withheld(content.lead_unit_id)? {
            content.lead_unit_name = build::WITHHELD.to_owned();
            f.removed.push(Removal::by_category(
                about,
                Field::Units,
                "Huvudansvarig enhet",
                c,
            ));
        }
    }
    Ok(f)
}

/// Asks the protection rules about every field about a person before it goes into a copy, and
/// remembers what it left out.
#[derive(Debug)]
pub struct Redactor<'a> {
    facts: &'a CaseFacts,
    reader: Reader,
    removed: Vec<Removal>,
}

impl<'a> Redactor<'a> {
    pub fn new(facts: &'a CaseFacts, reader: Reader) -> Self {
        Redactor {
            facts,
            reader,
            removed: Vec::new(),
        }
    }

    /// May `field` about `about` (called `about_label` in the preview) go into this copy?
    pub fn shows(&mut self, about: PersonId, about_label: &str, field: Field, what: &str) -> bool {
        match protection::visibility_in_case(
            self.facts,
            about,
            &self.reader,
            Medium::Document,
            field,
        ) {
            Visibility::Shown => true,
            Visibility::Removed { reason } => {
                let r = Removal::new(about_label, field, what, &reason);
                if !self.removed.contains(&r) {
                    self.removed.push(r);
                }
                false
            }
        }
    }

    pub fn into_removed(self) -> Vec<Removal> {
        self.removed
    }
}

/// What a copy says instead of a name the protection rules withhold.
pub const NAME_WITHHELD: &str = "(namnet lämnas muntligt)";

/// A prepared document: the preview, and what the case history says when it is exported.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub preview: Preview,
    pub case: Option<CaseId>,
    /// "Kallelse till SIP-möte (SIP-2026-0042) för Vårdcentralen Tullhus".
    pub summary: String,
    /// A copy of a consent: recorded as sent to its actor when exported.
    pub copy: Option<CopySent>,
    /// A consent form for signature: the record whose paper it is, recorded as printed when
    /// exported (the documents list then says which printed copy is current).
    pub print: Option<ConsentId>,
    /// Set when the document names the worker and the worker's details are missing: why it is
    /// refused at export.
    pub details_refusal: Option<String>,
}

/// A consent copy to record as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopySent {
    pub consent: ConsentId,
    pub actor: ActorRef,
}

/// A document the SIP offers, for the documents list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Offer {
    pub group: String,
    pub label: String,
    pub request: DocumentRequest,
    /// Why it can't be made now (outside the consent, no organisation name …).
    pub blocked: Option<String>,
    /// Blocked (also) because something under Inställningar → Dina uppgifter is missing: the
    /// app offers the way there.
    pub needs_details: bool,
}

const MISSING_ORGANISATION: &str = "Organisationens namn saknas i dokumentens sidhuvud. \
     Fyll i det under Inställningar → Dina uppgifter innan du exporterar.";

/// Why a document that names the worker (the consent form, the invitation) can't be exported
/// yet: what is missing, and where to fill it in.
fn missing_details(details: &crate::worker::WorkerDetails) -> String {
    let missing: Vec<&str> = details
        .missing()
        .into_iter()
        .filter(|m| *m != "organisationens namn")
        .collect();
    format!(
        "Dokumentet ska ge ditt namn, din titel, din enhet och ditt telefonnummer i arbetet, men \
         {} saknas. Fyll i det under Inställningar → Dina uppgifter innan du exporterar.",
        match missing.split_last() {
            None => "något av dem".to_owned(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} och {last}", rest.join(", ")),
        }
    )
}

/// The SIP's number in file names and document ids: `SIP-2026-0042`.
fn sip_number(s: &SipDetail) -> String {
    format!("SIP-{}-{:04}", s.need_discovered_on.year(), s.id.0)
}

fn subject(p: &Person) -> SubjectInfo {
    SubjectInfo {
        name: p.name.clone(),
        number: p.identity_number.clone(),
        protection: p
            .is_protected
            .then(|| p.protection_level.label().to_owned()),
        is_child: p.is_child,
    }
}

fn participant_label(p: &Participant) -> String {
    let mut s = p.unit_name.clone();
    if let Some(c) = &p.contact_name {
        s.push_str(" – ");
        s.push_str(c);
        if let Some(r) = p.contact_role.as_deref().filter(|r| !r.trim().is_empty()) {
            s.push_str(&format!(", {r}"));
        }
    }
    s
}

fn actor(p: &Participant) -> ActorRef {
    ActorRef {
        unit: p.unit_id,
        contact: p.contact_id,
    }
}

/// The SIP's contact person: the plan's coordinator, else whoever initiated the SIP.
fn contact(s: &SipDetail) -> String {
    s.plan_versions
        .iter()
        .max_by_key(|v| v.version)
        .map(|v| v.content.coordinator.trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| s.preparation.initiated_by.trim().to_owned())
}

/// What a document about a SIP is made from: the SIP, its person, and the consent gate for
/// today (loaded once; every check of a copy asks this one).
struct Loaded {
    sip: SipDetail,
    person: Person,
    gate: Gate,
    /// The case's persons (no contact data is ever read from them here).
    persons: Vec<Person>,
    facts: CaseFacts,
}

fn load(conn: &Connection, sip_id: SipId, today: NaiveDate) -> Result<Loaded> {
    let sip = sip::get_unchecked(conn, sip_id, today)?;
    let person =
        person::get_unchecked(conn, sip.person_id, today)?.ok_or(Error::NotFound("Personen"))?;
    let gate = Gate::load(conn, sip_id, today)?;
    let persons = person::list_for_case(conn, sip.case_id, today)?;
    let facts = CaseFacts::from_case(
        sip.person_id,
        &persons,
        &person::relations_for_case(conn, sip.case_id)?,
    );
    Ok(Loaded {
        sip,
        person,
        gate,
        persons,
        facts,
    })
}

impl Loaded {
    fn case_person(&self, id: PersonId) -> Result<&Person> {
        self.persons
            .iter()
            .find(|p| p.id == id)
            .ok_or(Error::NotFound("Personen"))
    }

    /// A custodial guardian of the person the SIP is for.
    fn is_custodial_guardian(&self, id: PersonId) -> bool {
        self.facts.relations.iter().any(|r| {
            r.from_person == id
                && r.to_person == self.sip.person_id
                && r.kind == RelationKind::Vardnadshavare
                && r.custody == Some(true)
        })
    }

    /// May an invited person of the case be reached today ([`Gate::may_invite_person`]): her
    /// consent names them, no recorded exception bars them, and someone guarded against has
    /// the recorded decision.
    fn may_reach_person(&self, id: PersonId) -> Result<()> {
        self.may_reach_person_with(&self.gate, id)
    }

    fn may_reach_person_with(&self, gate: &Gate, id: PersonId) -> Result<()> {
        let decision = self
            .sip
            .person_participants
            .iter()
            .any(|p| p.person_id == id && p.decision.is_some());
        gate.may_invite_person(id, self.facts.is_guarded_against(id), decision)
    }

    fn is_invited_person(&self, id: PersonId) -> bool {
        self.sip
            .person_participants
            .iter()
            .any(|p| p.person_id == id)
    }

    /// The copy's reader, for the protection rules.
    fn reader(&self, r: Recipient) -> Result<Reader> {
        Ok(match r {
            Recipient::Person => Reader::Person {
                person: self.sip.person_id,
            },
            Recipient::CasePerson { person_id } => {
                self.case_person(person_id)?;
                Reader::Person { person: person_id }
            }
            Recipient::Participant { participant_id } => {
                let p = participant(&self.sip, participant_id)?;
                Reader::Actor {
                    care: p.actor_type.is_social_services() || p.actor_type.is_health_care(),
                    person: None,
                }
            }
        })
    }

    /// The copy's reader, for the consent (issue 17): the person and a custodial guardian give
    /// the consent; an actor is asked about by its unit, contact and type.
    fn consent_reader(&self, r: Recipient) -> Result<ConsentReader> {
        Ok(match r {
            Recipient::Person => ConsentReader::Giver,
            Recipient::CasePerson { person_id } if self.is_custodial_guardian(person_id) => {
                ConsentReader::Giver
            }
            Recipient::CasePerson { person_id } => {
                self.case_person(person_id)?;
                ConsentReader::CasePerson { person: person_id }
            }
            Recipient::Participant { participant_id } => {
                let p = participant(&self.sip, participant_id)?;
                ConsentReader::Actor {
                    actor: actor(p),
                    actor_type: p.actor_type,
                }
            }
        })
    }

    /// May information of `category` reach this copy's reader? The one consent question.
    fn reaches(&self, reader: &ConsentReader, category: InfoCategory) -> bool {
        self.gate.may_reach(reader, category).is_ok()
    }

    /// The unit a copy is for, if it is for an actor: it is always named to itself.
    fn own_unit(&self, r: Recipient) -> Option<UnitId> {
        match r {
            Recipient::Participant { participant_id } => participant(&self.sip, participant_id)
                .ok()
                .map(|p| p.unit_id),
            _ => None,
        }
    }

    /// How a person of the case is called in "Vad mottagaren ser".
    fn role_of(&self, id: PersonId) -> String {
        if id == self.sip.person_id {
            if self.person.is_child {
                "Barnet".into()
            } else {
                "Personen planen gäller".into()
            }
        } else if self.facts.relations.iter().any(|r| {
            r.from_person == id
                && r.to_person == self.sip.person_id
                && r.kind == RelationKind::Vardnadshavare
        }) {
            "Vårdnadshavare".into()
        } else {
            "Närstående".into()
        }
    }

    fn redactor(&self, r: Recipient) -> Result<Redactor<'_>> {
        Ok(Redactor::new(&self.facts, self.reader(r)?))
    }

    /// The person's name as this copy may carry it.
    fn name_of(&self, red: &mut Redactor, id: PersonId) -> Result<String> {
        let p = if id == self.sip.person_id {
            &self.person
        } else {
            self.case_person(id)?
        };
        Ok(if red.shows(id, &self.role_of(id), Field::Name, "Namnet") {
            p.name.clone()
        } else {
            NAME_WITHHELD.to_owned()
        })
    }

    /// The subject as this copy may describe them: the number only when the protection rules
    /// and the consent (for an actor: "Identitet och kontaktuppgifter") allow it.
    fn subject_for(&self, red: &mut Redactor, r: Recipient) -> Result<SubjectInfo> {
        let mut s = subject(&self.person);
        let me = self.sip.person_id;
        let role = self.role_of(me);
        s.name = self.name_of(red, me)?;
        if s.number.is_some() && !red.shows(me, &role, Field::IdentityNumber, "Personnumret") {
            s.number = None;
        }
        if !self.reaches(&self.consent_reader(r)?, InfoCategory::IdentitetKontakt) {
            s.number = None;
        }
        if s.protection.is_none() && self.facts.is_protected(me) {
            // A parent's or child's protection covers the person's data too.
            s.protection = Some("Skyddade personuppgifter i familjen".into());
        }
        let guarded_reader = match r {
            Recipient::CasePerson { person_id } => self.facts.is_guarded_against(person_id),
            _ => false,
        };
        if guarded_reader {
            // Not even that there is a protection (and the safety instructions that go with
            // it) is told to someone the person is protected from.
            s.protection = None;
        }
        Ok(s)
    }

    /// The participants and invited persons a copy names, with unit names only when the
    /// protection rules let this reader have them. A health-care participant is named (by
    /// its name or its type: "BUP" alone tells that the person is in psychiatric care) only
    /// to a reader whose consent covers "Hälsa" (issue 17); to anyone else one line says that
    /// something is not in this copy, and "Vad mottagaren ser" lists each (`removed`).
    fn invited(
        &self,
        red: &mut Redactor,
        r: Recipient,
        removed: &mut Vec<Removal>,
    ) -> Result<Vec<String>> {
        let me = self.sip.person_id;
        let role = self.role_of(me);
        let units = red.shows(
            me,
            &role,
            Field::Units,
            "Enheternas och kontaktpersonernas namn",
        );
        let reader = self.consent_reader(r)?;
        let own = self.own_unit(r);
        let mut out: Vec<String> = Vec::new();
        let mut withheld = false;
        for p in reachable(self) {
            if Some(p.unit_id) != own {
                if let Some(c) = uncovered(
                    &|c| self.reaches(&reader, c),
                    &plan_mod::unit_name_categories(p.actor_type),
                ) {
                    withheld = true;
                    removed.push(Removal::by_category(
                        &role,
                        Field::Units,
                        &format!("Deltagaren {}", participant_label(p)),
                        c,
                    ));
                    continue;
                }
            }
            out.push(if units {
                participant_label(p)
            } else {
                p.actor_type.label().to_owned()
            });
        }
        if withheld {
            out.push(build::WITHHELD.to_owned());
        }
        // Only the persons who may still take part: naming someone her consent no longer covers,
        // or a guardian an exception bars, would tell every recipient that they are involved.
        for pp in self
            .sip
            .person_participants
            .iter()
            .filter(|pp| self.may_reach_person(pp.person_id).is_ok())
        {
            out.push(format!(
                "{} ({})",
                self.name_of(red, pp.person_id)?,
                pp.relation.to_lowercase()
            ));
        }
        Ok(out)
    }
}

fn participant(s: &SipDetail, id: ParticipantId) -> Result<&Participant> {
    s.participants
        .iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound("Deltagaren"))
}

/// May this copy of an invitation reach its recipient? The gate today and on the meeting's
/// day; never a trainee or temporary staff member when the person is protected.
fn invitation_allowed(conn: &Connection, l: &Loaded, on: NaiveDate, r: Recipient) -> Result<()> {
    let participant_id = match r {
        Recipient::Person => return Ok(()),
        Recipient::CasePerson { person_id } => {
            l.case_person(person_id)?;
            // A recorded exception bars a guardian from every document about the meeting: the
            // refusal names it, whether or not he was invited before it was recorded.
            l.gate.barred(person_id)?;
            if !l.is_invited_person(person_id) {
                return Err(Error::Refused(
                    "Personen är inte inbjuden till SIP:en. Bjud in personen under Deltagare \
                     först, så att beslutet om inbjudan finns med."
                        .into(),
                ));
            }
            l.may_reach_person(person_id)?;
            if on > l.gate.on() {
                l.may_reach_person_with(&Gate::load(conn, l.sip.id, on)?, person_id)?;
            }
            return Ok(());
        }
        Recipient::Participant { participant_id } => participant_id,
    };
    let p = participant(&l.sip, participant_id)?;
    // P1: a trainee or temporary staff member of a protected person's SIP only with the
    // override recorded when they were added.
    if l.facts.is_protected(l.sip.person_id) && p.temporary && p.decision.is_none() {
        return Err(Error::Refused(format!(
            "{} är praktikant eller tillfälligt anställd, och personen har skyddade personuppgifter: \
             kalla inte praktikanter eller tillfälligt anställda utan ett registrerat beslut. Kalla en \
             ordinarie kontakt på enheten i stället, eller ta bort deltagaren och lägg till den igen \
             med skälet.",
            p.contact_name.as_deref().unwrap_or(&p.unit_name)
        ).into()));
    }
    l.gate.may_invite(actor(p), p.actor_type)?;
    if on > l.gate.on() {
        Gate::load(conn, l.sip.id, on)?.may_invite(actor(p), p.actor_type)?;
    }
    Ok(())
}

/// The protection rules' removals, then the consent's (issue 17), each once.
fn merged(mut removed: Vec<Removal>, by_consent: Vec<Removal>) -> Vec<Removal> {
    for r in by_consent {
        if !removed.contains(&r) {
            removed.push(r);
        }
    }
    removed
}

/// A unit's actor type: from the SIP's participants, else from the directory.
fn unit_type(conn: &Connection, l: &Loaded, u: UnitId) -> Result<ActorType> {
    match l.sip.participants.iter().find(|p| p.unit_id == u) {
        Some(p) => Ok(p.actor_type),
        None => crate::consent::gate::actor_type(conn, u),
    }
}

/// May this copy of the plan reach its recipient?
fn plan_allowed(l: &Loaded, r: Recipient) -> Result<()> {
    let participant_id = match r {
        Recipient::Person => return Ok(()),
        Recipient::CasePerson { person_id } => {
            l.case_person(person_id)?;
            // A recorded exception bars a guardian from every document about the meeting.
            l.gate.barred(person_id)?;
            if l.is_custodial_guardian(person_id) {
                return Ok(());
            }
            if !l.is_invited_person(person_id) {
                return Err(Error::Refused(
                    "Planen lämnas till personen själv, till ett barns vårdnadshavare och till \
                     dem som är inbjudna till SIP:en. Bjud in personen under Deltagare först."
                        .into(),
                ));
            }
            return l.may_reach_person(person_id);
        }
        Recipient::Participant { participant_id } => participant_id,
    };
    l.gate.may_reach(
        &l.consent_reader(Recipient::Participant { participant_id })?,
        InfoCategory::InsatserPlan,
    )
}

/// The participants a document may name as taking part: inside the consent today, and for a
/// protected person never a trainee or temporary staff member. Naming an actor the consent no
/// longer covers would tell every recipient that it is involved.
fn reachable(l: &Loaded) -> Vec<&Participant> {
    l.sip
        .participants
        .iter()
        .filter(|p| !(l.facts.is_protected(l.sip.person_id) && p.temporary && p.decision.is_none()))
        .filter(|p| l.gate.may_invite(actor(p), p.actor_type).is_ok())
        .collect()
}

/// For whom, as the case history says it: the actor type and the participant's number in the
/// document id, never a unit's or a person's name (a unit's name can tell where someone is).
fn recipient_for_history(l: &Loaded, r: Recipient) -> Result<String> {
    Ok(match r {
        Recipient::Person => "personen själv".into(),
        Recipient::Participant { participant_id } => {
            let p = participant(&l.sip, participant_id)?;
            format!("deltagare {} ({})", participant_id.0, p.actor_type.label())
        }
        Recipient::CasePerson { person_id } => {
            format!(
                "{} (person {})",
                l.role_of(person_id).to_lowercase(),
                person_id.0
            )
        }
    })
}

fn recipient_label(l: &Loaded, r: Recipient) -> Result<(String, String)> {
    Ok(match r {
        Recipient::Person => (
            format!("{} (personen planen gäller)", l.person.name),
            "enskild".into(),
        ),
        Recipient::Participant { participant_id } => {
            let p = participant(&l.sip, participant_id)?;
            (participant_label(p), format!("d{}", participant_id.0))
        }
        Recipient::CasePerson { person_id } => {
            let p = l.case_person(person_id)?;
            (
                format!("{} ({})", p.name, l.role_of(person_id).to_lowercase()),
                format!("p{}", person_id.0),
            )
        }
    })
}

pub(crate) fn finish(
    mut document: Document,
    organisation_missing: bool,
    file_stem: String,
    case: Option<CaseId>,
    summary: String,
    removed: Vec<Removal>,
) -> Prepared {
    let mut warnings = fonts::fit_to_font(&mut document);
    if organisation_missing {
        warnings.insert(0, MISSING_ORGANISATION.to_owned());
    }
    let pages = pdf::page_count(&document) as u32;
    Prepared {
        preview: Preview {
            document,
            pages,
            warnings,
            file_name: format!("{file_stem}.pdf"),
            removed,
            needs_details: organisation_missing,
        },
        case,
        summary,
        copy: None,
        print: None,
        details_refusal: None,
    }
}

/// A document that names the worker (the consent form, the invitation): without the worker's
/// details it is shown with the warning, and refused at export.
fn naming_worker(mut p: Prepared, details: &crate::worker::WorkerDetails) -> Prepared {
    if !details.complete {
        let why = missing_details(details);
        p.preview.warnings.push(why.clone());
        p.preview.needs_details = true;
        p.details_refusal = Some(why);
    }
    p
}

/// A consent is printed for signature only while it is the one in force (or about to be):
/// never a withdrawn, expired or superseded one, which would revive what no longer holds.
fn printable(state: ConsentState) -> bool {
    matches!(
        state,
        ConsentState::Valid | ConsentState::Expiring | ConsentState::NotYetValid
    )
}

/// Gathers the data for a document, asks the gate, and builds it.
pub fn prepare(
    conn: &Connection,
    today: NaiveDate,
    req: &Opened<DocumentRequest>,
) -> Result<Prepared> {
    let req = req.get();
    let organisation = organisation(conn)?;
    let details = crate::worker::get(conn)?;
    let org_missing = organisation.is_empty();
    let head = |document_id: &str| Head {
        organisation: organisation.clone(),
        document_id: document_id.to_owned(),
        date: today,
    };
    match *req {
        DocumentRequest::BlankConsent => {
            let id = "SIP-samtycke-blankett";
            Ok(finish(
                build::blank_consent_form(&head(id)),
                org_missing,
                id.into(),
                None,
                "Tom samtyckesblankett".into(),
                Vec::new(),
            ))
        }
        DocumentRequest::Consent {
            sip_id,
            consent_id,
            recipient,
        } => {
            let l = load(conn, sip_id, today)?;
            let overview = records::overview_unchecked(conn, sip_id, today)?;
            let mut record = overview
                .records
                .into_iter()
                .find(|r| r.id == consent_id)
                .ok_or(Error::NotFound("Samtycket"))?;
            if !printable(record.state) {
                return Err(Error::Refused(format!(
                    "Samtycket är {} och kan inte skrivas ut för underskrift: det är inte det som gäller. \
                     Skriv ut det samtycke som gäller, eller registrera ett nytt.",
                    record.state.label().to_lowercase()
                ).into()));
            }
            match recipient {
                Recipient::Person => {}
                // A guardian an exception bars gets no copy of the consent form either.
                Recipient::CasePerson { person_id } if l.is_custodial_guardian(person_id) => {
                    l.gate.barred(person_id)?
                }
                _ => {
                    return Err(Error::Refused(
                        "Samtycket skrivs ut för underskrift till personen själv, eller till ett \
                         barns vårdnadshavare. Välj någon av dem."
                            .into(),
                    ))
                }
            }
            let mut red = l.redactor(recipient)?;
            let me = l.sip.person_id;
            let role = l.role_of(me);
            let units = red.shows(
                me,
                &role,
                Field::Units,
                "Enheternas och kontaktpersonernas namn",
            );
            if !units {
                for a in &mut record.actors {
                    a.unit_name.clear();
                    a.contact_name = None;
                }
                // An organisation's name can tell where someone lives, as a unit's can.
                for o in &mut record.organisations {
                    o.name = "(organisationens namn lämnas inte ut)".into();
                }
            }
            // Persons of the case the consent names: each name only where this copy may have
            // it.
            for x in &mut record.persons {
                x.name = l.name_of(&mut red, x.person_id)?;
            }
            // Free text in the consent can name a school, a shelter or a town.
            let free = red.shows(me, &role, Field::Background, "Fritexten i samtycket");
            if !free {
                for t in [&mut record.other_text, &mut record.excluded_text] {
                    if !t.trim().is_empty() {
                        *t = build::WITHHELD.to_owned();
                    }
                }
            }
            // How an oral consent was given is free text too; who received it names a unit.
            if let Some(doc) = record.documentation.as_mut() {
                if !free {
                    doc.how.clear();
                }
                if !units {
                    doc.received_by.clear();
                }
                doc.witness.clear();
            }
            let sender = details
                .sender()
                .map(|s| if units { s } else { s.without_unit() });
            let (_, stem) = recipient_label(&l, recipient)?;
            let id = match recipient {
                Recipient::Person => format!("{}-samtycke-{}", sip_number(&l.sip), consent_id.0),
                _ => format!("{}-samtycke-{}-{stem}", sip_number(&l.sip), consent_id.0),
            };
            let guardians = overview
                .guardians
                .iter()
                .filter(|g| g.exception.is_none())
                .map(|g| l.name_of(&mut red, g.id))
                .collect::<Result<Vec<_>>>()?;
            let data = build::ConsentFormData {
                head: head(&id),
                person: l.subject_for(&mut red, recipient)?,
                guardians,
                age: overview.age,
                contact: contact(&l.sip),
                record,
                sender,
            };
            let mut p = naming_worker(
                finish(
                    build::consent_form(&data),
                    org_missing,
                    id.clone(),
                    Some(l.sip.case_id),
                    format!(
                        "Samtycke till SIP ({id}) för underskrift, för {}",
                        recipient_for_history(&l, recipient)?
                    ),
                    red.into_removed(),
                ),
                &details,
            );
            p.print = Some(consent_id);
            Ok(p)
        }
        DocumentRequest::ConsentCopy {
            sip_id,
            consent_id,
            unit_id,
            contact_id,
        } => {
            let actor = ActorRef {
                unit: unit_id,
                contact: contact_id,
            };
            consent_copy(conn, today, sip_id, consent_id, actor, &head, org_missing)
        }
        DocumentRequest::SamradConsent {
            case_id,
            samrad_consent_id,
        } => samrad_consent_form(conn, today, case_id, samrad_consent_id, &head, org_missing),
        DocumentRequest::Invitation {
            sip_id,
            meeting_id,
            recipient,
        } => {
            let l = load(conn, sip_id, today)?;
            let m = l
                .sip
                .meetings
                .iter()
                .find(|m| m.id == meeting_id)
                .ok_or(Error::NotFound("Mötet"))?;
            if m.held {
                return Err(Error::Refused(
                    "Mötet är redan hållet. Boka ett nytt möte för att skicka en kallelse.".into(),
                ));
            }
            invitation_allowed(conn, &l, m.on_date, recipient)?;
            let (to, stem) = recipient_label(&l, recipient)?;
            let mut red = l.redactor(recipient)?;
            let me = l.sip.person_id;
            let role = l.role_of(me);
            // A protected person's meeting has no trainees or temporary staff without a recorded
            // decision: they get no invitation (see `invitation_allowed`) and are not listed.
            let mut by_consent = Vec::new();
            let mut invited = l.invited(&mut red, recipient, &mut by_consent)?;
            invited.push(format!(
                "{} (personen planen gäller)",
                l.name_of(&mut red, me)?
            ));
            // The questions are case content: they carry their categories (by default those of
            // a plan's free text, issue 17) and reach only a reader whose consent covers them.
            let questions_uncovered = if l.sip.preparation.questions.trim().is_empty() {
                None
            } else {
                let reader = l.consent_reader(recipient)?;
                let categories = l
                    .sip
                    .preparation
                    .questions_categories
                    .clone()
                    .unwrap_or_else(|| plan_mod::default_categories(None));
                uncovered(&|c| l.reaches(&reader, c), &categories)
            };
            if let Some(c) = questions_uncovered {
                by_consent.push(Removal::by_category(
                    &role,
                    Field::Questions,
                    "Frågorna till mötet",
                    c,
                ));
            }
            let questions = (red.shows(me, &role, Field::Questions, "Frågorna till mötet")
                && questions_uncovered.is_none())
            .then(|| l.sip.preparation.questions.clone());
            // "Share … time and place of meetings orally, not in writing": unless the rules let
            // this reader have both, neither is handed to the document at all.
            let time = red.shows(me, &role, Field::MeetingTime, "Tiden för mötet");
            let place = red.shows(me, &role, Field::MeetingPlace, "Platsen för mötet");
            let units = red.shows(
                me,
                &role,
                Field::Units,
                "Enheternas och kontaktpersonernas namn",
            );
            let sender = details
                .sender()
                .map(|s| if units { s } else { s.without_unit() });
            let id = format!("{}-kallelse-m{}-{stem}", sip_number(&l.sip), meeting_id.0);
            let data = build::InvitationData {
                head: head(&id),
                person: l.subject_for(&mut red, recipient)?,
                recipient: to.clone(),
                invited,
                questions,
                meeting: (time && place).then(|| build::MeetingInfo {
                    on: m.on_date,
                    at_time: m.at_time.clone(),
                    place: m.place.clone(),
                    digital: m.digital,
                }),
                contact: contact(&l.sip),
                sender,
            };
            Ok(naming_worker(
                finish(
                    build::invitation(&data),
                    org_missing,
                    id.clone(),
                    Some(l.sip.case_id),
                    format!(
                        "Kallelse till SIP-möte ({id}) för {}",
                        recipient_for_history(&l, recipient)?
                    ),
                    merged(red.into_removed(), by_consent),
                ),
                &details,
            ))
        }
        DocumentRequest::Plan {
            sip_id,
            version_id,
            recipient,
        } => {
            let l = load(conn, sip_id, today)?;
            let v = l
                .sip
                .plan_versions
                .iter()
                .find(|v| v.id == version_id)
                .ok_or(Error::NotFound("Planversionen"))?;
            let (Some(frozen_on), Some(frozen_as)) = (v.frozen_on, v.frozen_as) else {
                return Err(Error::Refused(
                    "Planversionen är inte fastställd. Fastställ planen (eller markera den utskriven för underskrift) innan den skrivs ut, så att det utskrivna aldrig ändras.".into(),
                ));
            };
            plan_allowed(&l, recipient)?;
            let (to, stem) = recipient_label(&l, recipient)?;
            let mut red = l.redactor(recipient)?;
            let me = l.sip.person_id;
            let role = l.role_of(me);
            let overview = records::overview_unchecked(conn, sip_id, today)?;
            let signers = if l.person.is_child {
                let g: Vec<String> = overview
                    .guardians
                    .iter()
                    .filter(|g| g.exception.is_none())
                    .map(|g| Ok(format!("{} (vårdnadshavare)", l.name_of(&mut red, g.id)?)))
                    .collect::<Result<_>>()?;
                if g.is_empty() {
                    vec![l.name_of(&mut red, me)?]
                } else {
                    g
                }
            } else {
                vec![l.name_of(&mut red, me)?]
            };
            let withheld = build::PlanWithheld {
                what_matters: !red.shows(
                    me,
                    &role,
                    Field::WhatMatters,
                    "”Vad är viktigt för dig?”",
                ),
                content: !red.shows(me, &role, Field::PlanContent, "Planens innehåll"),
                units: !red.shows(
                    me,
                    &role,
                    Field::Units,
                    "Enheternas och kontaktpersonernas namn",
                ),
                follow_up_time: !red.shows(
                    me,
                    &role,
                    Field::MeetingTime,
                    "Tiden för uppföljningen",
                ),
            };
            let mut content = v.content.clone();
            if withheld.content {
                // Never handed to the builder: nothing of it can reach the paper.
                content = crate::sip::plan::PlanContent {
                    coordinator: content.coordinator,
                    follow_up_caller: content.follow_up_caller,
                    follow_up_form: content.follow_up_form,
                    ..Default::default()
                };
            }
            if withheld.units {
                content.lead_unit_name.clear();
                content.contact_persons.clear();
                for i in &mut content.interventions {
                    i.unit_name.clear();
                }
                for o in &mut content.other_interventions {
                    o.who.clear();
                }
            }
            if withheld.follow_up_time {
                content.follow_up_on = None;
            }
            // Issue 17: only what this reader's consent covers, item by item.
            let reader = l.consent_reader(recipient)?;
            let by_consent = filter_plan(
                &mut content,
                &|u| unit_type(conn, &l, u),
                &|c| l.reaches(&reader, c),
                l.own_unit(recipient),
                &role,
            )?;
            let mut removed_by_consent = by_consent.removed;
            let id = format!("{}-plan-v{}-{stem}", sip_number(&l.sip), v.version);
            let data = build::PlanData {
                head: head(&id),
                person: l.subject_for(&mut red, recipient)?,
                recipient: to.clone(),
                version: v.version,
                frozen_on,
                frozen_as,
                what_matters: if withheld.what_matters {
                    String::new()
                } else {
                    l.sip.preparation.what_matters.clone()
                },
                content,
                participants: l.invited(&mut red, recipient, &mut removed_by_consent)?,
                signers,
                withheld,
                withheld_interventions: by_consent.withheld_interventions,
                withheld_other_interventions: by_consent.withheld_other_interventions,
            };
            Ok(finish(
                build::plan(&data),
                org_missing,
                id.clone(),
                Some(l.sip.case_id),
                format!(
                    "Samordnad individuell plan, version {} ({id}) för {}",
                    v.version,
                    recipient_for_history(&l, recipient)?
                ),
                merged(red.into_removed(), removed_by_consent),
            ))
        }
    }
}

/// "Kopia till <aktör>": the copy of a SIP consent for one actor it accepts. Only the consent
/// in force; only an actor the record accepts and the gate lets be reached today. What it
/// shows is that actor's own part: the categories the gate lets it receive, the purpose, the
/// validity and how withdrawal works. The other actors, the excluded information and units are
/// never handed to the builder; the person's name and number pass the Redactor for this actor
/// (the number also needs "Identitet och kontaktuppgifter").
/// Whom a consent record may be given a copy to: the actors it accepts by name, then the SIP's
/// participants it covers through an organisation it accepts as a whole. The one list behind
/// the "Kopia till …" offers and the copy itself.
struct CopyRecipient {
    actor: ActorRef,
    actor_type: ActorType,
    unit_name: String,
    contact_name: Option<String>,
}

fn copy_recipients(
    conn: &Connection,
    l: &Loaded,
    record: &records::ConsentView,
) -> Result<Vec<CopyRecipient>> {
    let org_of = crate::consent::gate::unit_organisations(conn)?;
    let named = record
        .actors
        .iter()
        .filter(|a| a.accepted)
        .map(|a| CopyRecipient {
            actor: ActorRef {
                unit: a.unit_id,
                contact: a.contact_id,
            },
            actor_type: a.actor_type,
            unit_name: a.unit_name.clone(),
            contact_name: a.contact_name.clone(),
        });
    let through_organisation = l
        .sip
        .participants
        .iter()
        .filter(|p| {
            !record
                .actors
                .iter()
                .any(|a| a.accepted && a.unit_id == p.unit_id && a.contact_id == p.contact_id)
                && org_of
                    .get(&p.unit_id)
                    .is_some_and(|o| record.organisations.iter().any(|x| x.organisation_id == *o))
        })
        .map(|p| CopyRecipient {
            actor: actor(p),
            actor_type: p.actor_type,
            unit_name: p.unit_name.clone(),
            contact_name: p.contact_name.clone(),
        });
    Ok(named.chain(through_organisation).collect())
}

fn consent_copy(
    conn: &Connection,
    today: NaiveDate,
    sip_id: SipId,
    consent_id: ConsentId,
    actor: ActorRef,
    head: &dyn Fn(&str) -> Head,
    org_missing: bool,
) -> Result<Prepared> {
    let l = load(conn, sip_id, today)?;
    let overview = records::overview_unchecked(conn, sip_id, today)?;
    let record = overview
        .records
        .iter()
        .find(|r| r.id == consent_id)
        .ok_or(Error::NotFound("Samtycket"))?;
    if !matches!(record.state, ConsentState::Valid | ConsentState::Expiring) {
        return Err(Error::Refused(
            format!(
                "Samtycket är {}: en kopia ges bara av det samtycke som gäller i dag.",
                record.state.label().to_lowercase()
            )
            .into(),
        ));
    }
    let Some(CopyRecipient {
        actor_type: t,
        unit_name,
        contact_name,
        ..
    }) = copy_recipients(conn, &l, record)?
        .into_iter()
        .find(|r| r.actor == actor)
    else {
        return Err(Error::Refused(
            "Aktören är inte godkänd i samtycket. En kopia ges bara till de aktörer som \
             samtycket godkänner."
                .into(),
        ));
    };
    l.gate.may_invite(actor, t)?;
    // The one consent question, asked for this reader and each category the copy names.
    let reader = ConsentReader::Actor {
        actor,
        actor_type: t,
    };
    let mut red = Redactor::new(
        &l.facts,
        Reader::Actor {
            care: t.is_social_services() || t.is_health_care(),
            person: None,
        },
    );
    let me = l.sip.person_id;
    let role = l.role_of(me);
    let mut person = subject(&l.person);
    person.name = l.name_of(&mut red, me)?;
    if person.number.is_some()
        && (!red.shows(me, &role, Field::IdentityNumber, "Personnumret")
            || l.gate
                .may_reach(&reader, InfoCategory::IdentitetKontakt)
                .is_err())
    {
        person.number = None;
    }
    if person.protection.is_none() && l.facts.is_protected(me) {
        person.protection = Some("Skyddade personuppgifter i familjen".into());
    }
    let categories: Vec<InfoCategory> = record
        .categories
        .iter()
        .copied()
        .filter(|&c| l.gate.may_reach(&reader, c).is_ok())
        .collect();
    let other_text = (categories.contains(&InfoCategory::Annat)
        && red.shows(me, &role, Field::Background, "Fritexten i samtycket"))
    .then(|| record.other_text.clone());
    let recipient = match &contact_name {
        Some(c) => format!("{unit_name} – {c} ({})", t.label()),
        None => format!("{unit_name} ({})", t.label()),
    };
    let stem = match actor.contact {
        Some(c) => format!("a{}-k{}", actor.unit.0, c.0),
        None => format!("a{}", actor.unit.0),
    };
    let id = format!(
        "{}-samtycke-{}-kopia-{stem}",
        sip_number(&l.sip),
        consent_id.0
    );
    let data = build::ConsentCopyData {
        head: head(&id),
        person,
        recipient,
        categories,
        other_text,
        valid_from: record.valid_from,
        valid_to: record.valid_to,
        contact: contact(&l.sip),
    };
    let mut p = finish(
        build::consent_copy(&data),
        org_missing,
        id.clone(),
        Some(l.sip.case_id),
        format!(
            "Kopia av samtycke till SIP ({id}) för aktör ({}, enhet {})",
            t.label(),
            actor.unit.0
        ),
        red.into_removed(),
    );
    p.copy = Some(CopySent {
        consent: consent_id,
        actor,
    });
    Ok(p)
}

/// "Samtycke till samråd" for signature: to the person, or for a child to the guardian who
/// gives it; every field about a person passes the Redactor for that reader.
fn samrad_consent_form(
    conn: &Connection,
    today: NaiveDate,
    case: CaseId,
    id: SamradConsentId,
    head: &dyn Fn(&str) -> Head,
    org_missing: bool,
) -> Result<Prepared> {
    let o = crate::samrad::consent::overview(conn, case, today)?;
    let mut record = o
        .records
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::NotFound("Samtycket till samråd"))?;
    if !printable(record.state) {
        return Err(Error::Refused(
            format!(
            "Samtycket till samråd är {} och kan inte skrivas ut för underskrift: det är inte det \
             som gäller. Skriv ut det som gäller, eller registrera ett nytt.",
            record.state.label().to_lowercase()
        )
            .into(),
        ));
    }
    let persons = person::list_for_case(conn, case, today)?;
    let me = record.person_id;
    let facts = CaseFacts::from_case(me, &persons, &person::relations_for_case(conn, case)?);
    let person = persons
        .iter()
        .find(|p| p.id == me)
        .ok_or(Error::NotFound("Personen"))?;
    let reader_id = match record.giver {
        crate::consent::Giver::Guardian { guardian } => guardian,
        _ => me,
    };
    let mut red = Redactor::new(&facts, Reader::Person { person: reader_id });
    let role = if person.is_child {
        "Barnet"
    } else {
        "Personen samtycket gäller"
    };
    let mut info = subject(person);
    if !red.shows(me, role, Field::Name, "Namnet") {
        info.name = NAME_WITHHELD.to_owned();
    }
    if info.number.is_some() && !red.shows(me, role, Field::IdentityNumber, "Personnumret") {
        info.number = None;
    }
    if info.protection.is_none() && facts.is_protected(me) {
        info.protection = Some("Skyddade personuppgifter i familjen".into());
    }
    if !red.shows(
        me,
        role,
        Field::Units,
        "Enheternas och kontaktpersonernas namn",
    ) {
        for a in &mut record.actors {
            a.unit_name.clear();
            a.contact_name = None;
        }
    }
    if !red.shows(me, role, Field::Background, "Fritexten i samtycket") {
        for t in [&mut record.other_text, &mut record.excluded_text] {
            if !t.trim().is_empty() {
                *t = build::WITHHELD.to_owned();
            }
        }
    }
    let guardians = match record.giver {
        crate::consent::Giver::Guardian { guardian } => {
            let g = persons
                .iter()
                .find(|p| p.id == guardian)
                .ok_or(Error::NotFound("Vårdnadshavaren"))?;
            vec![
                if red.shows(guardian, "Vårdnadshavare", Field::Name, "Namnet") {
                    g.name.clone()
                } else {
                    NAME_WITHHELD.to_owned()
                },
            ]
        }
        _ => Vec::new(),
    };
    let doc_id = format!("Samråd-samtycke-{}", id.0);
    Ok(finish(
        build::samrad_consent_form(&build::SamradConsentFormData {
            head: head(&doc_id),
            person: info,
            record,
            guardians,
        }),
        org_missing,
        format!("samrad-samtycke-{}", id.0),
        Some(case),
        format!("Samtycke till samråd ({doc_id}) för underskrift"),
        red.into_removed(),
    ))
}

/// The PDF of a report that belongs to no moment (the samråd underlag, the statistics report):
/// its metadata time is the document's own day at midnight (UTC), not the moment of export, so
/// the same document made again is the same file.
pub fn render_on_its_day(p: &Prepared, kind: crate::profile::ProfileKind) -> Result<Vec<u8>> {
    let day = p.preview.document.date.and_hms_opt(0, 0, 0);
    render(
        p,
        day.map_or(DateTime::<Utc>::UNIX_EPOCH, |t| t.and_utc()),
        kind,
    )
}

/// The PDF bytes of a prepared document. Refused without the organisation's name.
/// `kind` is the open profile's (from the vault's [`Ctx`]): in the practice profile every
/// page carries [`crate::profile::PRACTICE_MARK`].
pub fn render(
    p: &Prepared,
    now: DateTime<Utc>,
    kind: crate::profile::ProfileKind,
) -> Result<Vec<u8>> {
    if p.preview.document.organisation.trim().is_empty() {
        return Err(Error::Refused(MISSING_ORGANISATION.into()));
    }
    if let Some(why) = &p.details_refusal {
        return Err(Error::Refused(why.clone().into()));
    }
    pdf::render(&p.preview.document, now, kind)
}

/// Records the export in the case history and calls `write` inside the same transaction:
/// if the file can't be written nothing is recorded, and if the record can't be committed the
/// caller's `undo` removes the file.
pub fn record_export(
    conn: &mut Connection,
    ctx: &Ctx,
    p: &Prepared,
    write: impl FnOnce() -> Result<()>,
    undo: impl FnOnce(),
) -> Result<()> {
    let summary = format!("{} exporterad som PDF", p.summary);
    if p.print.is_none() && p.copy.is_none() {
        return audit::record_file_write(
            conn,
            ctx,
            p.case,
            "document.export",
            &summary,
            write,
            undo,
        );
    }
    // A consent form for signature (which record the paper belongs to) or a consent copy
    // (recorded as sent): the export and that record in one transaction.
    let tx = conn.transaction()?;
    audit::record(&tx, ctx, p.case, "document.export", &summary)?;
    if let Some(consent) = p.print {
        crate::consent::records::record_print(&tx, ctx, consent)?;
    }
    if let Some(copy) = p.copy {
        crate::consent::copies::record_sent(&tx, ctx, copy.consent, copy.actor)?;
    }
    write()?;
    if let Err(e) = tx.commit() {
        undo();
        return Err(e.into());
    }
    Ok(())
}

/// The documents a SIP offers now, each with why it is blocked, if it is.
pub fn offers(conn: &Connection, sip_id: OpenSip, today: NaiveDate) -> Result<Vec<Offer>> {
    let sip_id = sip_id.id();
    let l = load(conn, sip_id, today)?;
    let org_missing = organisation(conn)?.is_empty();
    let details = crate::worker::get(conn)?;
    // Why an offer is blocked, and whether by something under Inställningar → Dina uppgifter.
    let block = |r: Result<()>| -> (Option<String>, bool) {
        match r {
            Err(e) => (Some(e.to_string()), false),
            Ok(()) if org_missing => (Some(MISSING_ORGANISATION.into()), true),
            Ok(()) => (None, false),
        }
    };
    // The consent form and the invitation name the worker: without the details they wait.
    let block_naming = |r: Result<()>| -> (Option<String>, bool) {
        match block(r) {
            (None, _) if !details.complete => (Some(missing_details(&details)), true),
            b => b,
        }
    };
    let offer =
        |group: &str, label: String, request: DocumentRequest, b: (Option<String>, bool)| Offer {
            group: group.into(),
            label,
            request,
            blocked: b.0,
            needs_details: b.1,
        };
    let mut out = Vec::new();
    let overview = records::overview_unchecked(conn, sip_id, today)?;
    // A child's custodial guardians each get their own copy (one of them may be someone the
    // rules withhold things from).
    let guardians: Vec<PersonId> = l
        .persons
        .iter()
        .map(|p| p.id)
        .filter(|&p| l.is_custodial_guardian(p))
        .collect();
    for r in overview.records.iter().filter(|r| printable(r.state)) {
        out.push(offer(
            "Samtycke",
            format!(
                "Samtycke för underskrift – {}, {} – {}",
                r.giver_label, r.valid_from, r.valid_to
            ),
            DocumentRequest::Consent {
                sip_id,
                consent_id: r.id,
                recipient: Recipient::Person,
            },
            block_naming(Ok(())),
        ));
        for &g in &guardians {
            let recipient = Recipient::CasePerson { person_id: g };
            let (to, _) = recipient_label(&l, recipient)?;
            out.push(offer(
                "Samtycke",
                format!(
                    "Samtycke för underskrift, {} – {}, exemplar till {to}",
                    r.valid_from, r.valid_to
                ),
                DocumentRequest::Consent {
                    sip_id,
                    consent_id: r.id,
                    recipient,
                },
                block_naming(l.gate.barred(g)),
            ));
        }
    }
    // "Kopia till <aktör>": each actor the consent in force accepts may be given a copy.
    for r in overview
        .records
        .iter()
        .filter(|r| matches!(r.state, ConsentState::Valid | ConsentState::Expiring))
    {
        for CopyRecipient {
            actor,
            actor_type,
            unit_name,
            contact_name,
        } in copy_recipients(conn, &l, r)?
        {
            let ActorRef {
                unit: unit_id,
                contact: contact_id,
            } = actor;
            let to = match &contact_name {
                Some(c) => format!("{unit_name} – {c}"),
                None => unit_name.clone(),
            };
            let sent = r
                .copies
                .iter()
                .filter(|c| c.unit_id == unit_id && c.contact_id == contact_id)
                .map(|c| c.sent_on)
                .max();
            out.push(offer(
                "Samtycke",
                match sent {
                    Some(on) => format!("Kopia till {to} (skickad {on})"),
                    None => format!("Kopia till {to}"),
                },
                DocumentRequest::ConsentCopy {
                    sip_id,
                    consent_id: r.id,
                    unit_id,
                    contact_id,
                },
                block(l.gate.may_invite(actor, actor_type)),
            ));
        }
    }
    out.push(offer(
        "Samtycke",
        "Tom samtyckesblankett att fylla i för hand".into(),
        DocumentRequest::BlankConsent,
        block(Ok(())),
    ));
    let mut case_persons: Vec<PersonId> = guardians.clone();
    for pp in &l.sip.person_participants {
        if !case_persons.contains(&pp.person_id) {
            case_persons.push(pp.person_id);
        }
    }
    let recipients: Vec<Recipient> = std::iter::once(Recipient::Person)
        .chain(l.sip.participants.iter().map(|p| Recipient::Participant {
            participant_id: p.id,
        }))
        .chain(
            case_persons
                .iter()
                .map(|&person_id| Recipient::CasePerson { person_id }),
        )
        .collect();
    for m in l.sip.meetings.iter().filter(|m| !m.held) {
        for &r in &recipients {
            let (to, _) = recipient_label(&l, r)?;
            out.push(offer(
                "Kallelser",
                // The list is on screen only, but a protected person's meeting date stays off it.
                if l.facts.is_protected(l.sip.person_id) {
                    format!("Kallelse till {to}")
                } else {
                    format!("Kallelse {} till {to}", m.on_date)
                },
                DocumentRequest::Invitation {
                    sip_id,
                    meeting_id: m.id,
                    recipient: r,
                },
                block_naming(invitation_allowed(conn, &l, m.on_date, r)),
            ));
        }
    }
    for v in l.sip.plan_versions.iter().filter(|v| v.frozen_on.is_some()) {
        for &r in &recipients {
            let (to, _) = recipient_label(&l, r)?;
            out.push(offer(
                "Plan",
                format!("Plan version {} till {to}", v.version),
                DocumentRequest::Plan {
                    sip_id,
                    version_id: v.id,
                    recipient: r,
                },
                block(plan_allowed(&l, r)),
            ));
        }
    }
    Ok(out)
}

/// The recovery sheet for `key` as PDF bytes, made at `now` (its date is the Swedish date).
/// See [`build::recovery_sheet`]. The bytes contain the key: hand them straight to the file the
/// user chose (or the printer), never to a log or a temporary folder.
pub fn recovery_sheet_pdf(
    key: &crate::keys::recovery::RecoveryKey,
    now: DateTime<Utc>,
    kind: crate::profile::ProfileKind,
) -> Result<Vec<u8>> {
    let groups = key.groups();
    let mut doc = build::recovery_sheet(&groups, crate::clock::swedish_date(now));
    let warnings = fonts::fit_to_font(&mut doc);
    if !warnings.is_empty() {
        return Err(Error::Document("återställningsbladets tecken".into()));
    }
    pdf::render(&doc, now, kind)
}

impl CaseScoped for DocumentRequest {
    /// The SIP a document of a SIP reads; the case of a samråd consent; nothing for the blank
    /// form.
    fn scope(&self, _conn: &Connection) -> Result<Scope> {
        Ok(match *self {
            DocumentRequest::BlankConsent => Scope::NoCase,
            DocumentRequest::Consent { sip_id, .. }
            | DocumentRequest::Invitation { sip_id, .. }
            | DocumentRequest::Plan { sip_id, .. }
            | DocumentRequest::ConsentCopy { sip_id, .. } => Scope::Sip(sip_id),
            DocumentRequest::SamradConsent { case_id, .. } => Scope::Case(case_id),
        })
    }
}
