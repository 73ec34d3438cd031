//! Consent (samtycke) to a SIP: the record and the rules engine.
//!
//! - [`rules`]: the rules engine, pure functions of the records, the subject and a date;
//! - [`gate`]: the one door to an actor. Every path that reaches an actor (adding a
//!   participant, inviting to the SIP or a meeting, fixing the plan that is sent out, and every
//!   document or export for a recipient) loads a [`gate::Gate`] and asks it;
//! - [`records`]: storage of the records, withdrawals with their notification checklists, the
//!   child's part, and disclosures on a legal ground without consent.
//!
//! Architecture invariant: **no code outside `gate` decides whether an actor may be reached.**

pub mod copies;
pub mod gate;
pub mod load;
pub mod records;
pub mod rules;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{ContactId, OrganisationId, PersonId, UnitId};
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

/// "Purpose is limited to this SIP": shown on screen and on the form. "Transfer is limited to
/// what the parties need to plan and carry out their interventions **within the SIP**. The
/// consent does not allow any other exchange of information." [003 4]
pub const PURPOSE: &str = "Samtycket gäller bara den här samordnade individuella planen (SIP): \
     att de uppräknade aktörerna får lämna de uppräknade uppgifterna till varandra för att planera \
     och genomföra insatserna i planen. Det ger inte rätt till något annat utbyte av uppgifter.";

vocabulary! {
    /// The legal ground of a disclosure without consent (a deliberate override).
    pub enum LegalGround {
        Orosanmalan = "orosanmalan" => "Orosanmälan (anmälningsplikt enligt socialtjänstlagen)",
        Polisanmalan = "polisanmalan" => "Polisanmälan eller uppgift till polisen (sekretessbrytande bestämmelse)",
        Uppgiftsskyldighet = "uppgiftsskyldighet" => "Uppgiftsskyldighet enligt lag",
        AnnatLagstod = "annat_lagstod" => "Annat lagstöd",
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

impl Documentation {
    /// "2026-11-01: Muntligt i telefon. Mottaget av Lisa Berg, vittne Per Ek." — for the screen,
    /// joined by [`crate::text::sentences`].
    pub fn text(&self) -> String {
        let by = match self.witness.trim() {
            "" => format!("Mottaget av {}", self.received_by.trim()),
            w => format!("Mottaget av {}, vittne {w}", self.received_by.trim()),
        };
        format!(
            "{}: {}",
            self.on,
            crate::text::sentences(&[self.how.as_str(), &by])
        )
    }
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
    /// Organisations accepted as a whole: every unit of the organisation, also one added to the
    /// directory later, except the units and contacts in `excluded_actors` (the exclusion
    /// always wins).
    #[serde(default)]
    pub organisations: Vec<OrganisationId>,
    /// Persons of the case (a närstående, a parent, a relative) the person wants to take part:
    /// only they may be invited or given a document [003 "Delaktighet"]. Never the person
    /// herself; a child's custodial guardians are governed by the child rules.
    #[serde(default)]
    pub persons: Vec<PersonId>,
    /// Persons of the case the person does not want to take part.
    #[serde(default)]
    pub excluded_persons: Vec<PersonId>,
    /// Category scope per actor (issue 17), where the person wants it: an accepted actor named
    /// here gets only these categories (a subset of `categories`). Empty: the same for all.
    #[serde(default)]
    pub actor_categories: Vec<ActorCategories>,
}

/// One accepted actor's own categories ("health information between the vårdcentral and
/// social services, not to the school").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActorCategories {
    pub actor: ActorRef,
    pub categories: Vec<InfoCategory>,
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

impl Withdrawal {
    /// "Ringde och återkallade. Mottaget av Lisa Berg." (after "Återkallat <date>:" on the
    /// screen), joined by [`crate::text::sentences`].
    pub fn text(&self) -> String {
        crate::text::sentences(&[
            self.how.as_str(),
            &format!("Mottaget av {}", self.received_by.trim()),
        ])
    }
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

#[cfg(test)]
mod tests;

#[cfg(test)]
mod persons_tests;
