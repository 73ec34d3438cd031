//! Consent (samtycke) to a SIP: the record and the rules engine.
//!
//! This module is the Consent issue's foundation: the record's data and the pure rules
//! ([`rules`]). Storage, commands, the UI and the enforcement in every path that reaches an
//! actor build on it (not wired yet: see ARCHITECTURE.md).

pub mod rules;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{ContactId, PersonId, UnitId};
use crate::vocab::vocabulary;

vocabulary! {
    /// "Consent may be **written, oral, or shown in another way**" [003 "Samtycke och
    /// sekretess i SIP" 2].
    pub enum ConsentForm {
        Skriftligt = "skriftligt" => "Skriftligt",
        Muntligt = "muntligt" => "Muntligt",
        PaAnnatSatt = "pa_annat_satt" => "På annat sätt",
    }
}

vocabulary! {
    /// The categories of information a consent names ("It names … **which information** may be
    /// shared" [003 3]).
    pub enum InfoCategory {
        IdentitetKontakt = "identitet_kontakt" => "Identitet och kontaktuppgifter",
        Valdssituationen = "valdssituationen" => "Våldssituationen",
        Halsa = "halsa" => "Hälsa",
        SocialSituationBoende = "social_situation_boende" => "Social situation och boende",
        Barn = "barn" => "Barn",
        Riskbedomning = "riskbedomning" => "Riskbedömning",
        InsatserPlan = "insatser_plan" => "Insatser och plan",
        Polisarende = "polisarende" => "Polisärende",
        Annat = "annat" => "Annat (fritext)",
    }
}

/// An actor in a consent: a unit, or one person at a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActorRef {
    pub unit: UnitId,
    pub contact: Option<ContactId>,
}

/// Who gives the consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Giver {
    /// The person the SIP is for.
    Person,
    /// One custodial guardian of a child (one record per guardian).
    Guardian { guardian: PersonId },
    /// The child's own consent (12 years or older), to open interventions by the social
    /// services only.
    ChildOwn,
}

/// How an oral consent, or one shown in another way, was documented ("Oral consent must be
/// documented" [003 2]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Documentation {
    #[ts(type = "string")]
    pub on: NaiveDate,
    /// How the consent was expressed.
    pub how: String,
    /// Who received it.
    pub received_by: String,
    /// A witness, if any.
    pub witness: String,
}

/// What the consent covers — never general.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Scope {
    /// The named actors that may take part.
    pub actors: Vec<ActorRef>,
    /// The categories of information that may be shared.
    pub categories: Vec<InfoCategory>,
    /// What "annat" means, when chosen.
    pub other_text: String,
    /// Information the person does not want shared.
    pub excluded_categories: Vec<InfoCategory>,
    pub excluded_text: String,
    /// Persons or units the person does not accept.
    pub excluded_actors: Vec<ActorRef>,
}

/// A withdrawal ("may be **withdrawn at any time**" [003 7]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Withdrawal {
    #[ts(type = "string")]
    pub on: NaiveDate,
    pub how: String,
    pub received_by: String,
}

/// One consent record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentRecord {
    pub giver: Giver,
    pub form: ConsentForm,
    pub documentation: Option<Documentation>,
    pub scope: Scope,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    #[ts(type = "string")]
    pub valid_to: NaiveDate,
    pub withdrawal: Option<Withdrawal>,
}

/// When not every custodial guardian consents to a child's SIP, the exception that applies
/// [003 "Samtycke och sekretess för barn i SIP"].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum ChildException {
    /// "The board may in some cases decide on interventions when **one** guardian does not
    /// consent."
    BoardDecided {
        guardian: PersonId,
        decision: String,
    },
    /// "If guardians are **not invited** (for safety reasons, or by the child's own will
    /// considering age and maturity), the guardians still have the right to information about
    /// which interventions are planned. Record the reason."
    GuardianNotInvited { guardian: PersonId, reason: String },
}

/// The subject of the SIP, as far as consent is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Age on the date asked about (None: unknown, treated as an adult only if not a child).
    pub is_child: bool,
    pub age: Option<u32>,
    /// The guardians with custody (from the person's relations).
    pub custodial_guardians: Vec<PersonId>,
}
