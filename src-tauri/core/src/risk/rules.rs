//! The rules of risk assessments and of the duty to report, as pure functions of the facts
//! and a date (Architecture invariant: rules are functions of data and a date). Storage
//! ([`super`]) gathers the facts, asks these functions and writes.
//!
//! Sources:
//! - "In an investigation about an adult or child victim, social services assess the risk of
//!   further violence; re-assess when needed; a standardised method should be part of it. With
//!   the person's consent, social services take part of the police's risk assessment, and
//!   share their own with police unless secrecy prevents it." [003 Del 4]
//! - "(law: [`crate::law::REPORT_DUTY`]) Staff in social services and health care must
//!   report concern (orosanmälan) immediately when a child is or may be exposed to violence or
//!   witnesses violence against a close person" [003 "Anmälningsplikt"]

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{PersonId, RiskId};
use crate::person::{idnumber, ADULT_AGE};
use crate::text::{clean, required};
use crate::vocab::{NoReportReason, PoliceObtained, PoliceShared, RiskInstrument, RiskLevel, Role};
use crate::{Error, Refusal, Result};

/// The latest next reassessment, in months after the assessment.
///
/// Our judgement (the sources say only "re-assess when needed"): a risk assessment is a
/// snapshot of a situation that changes quickly — a separation, a release from custody, a court
/// date, a move. Six months is the longest a recorded assessment may stand without a planned
/// new look; the form suggests 30 days, and the worker chooses earlier whenever the situation
/// calls for it. A required date, never open-ended, so no assessment is forgotten.
pub const MAX_REASSESSMENT_MONTHS: u32 = 6;
/// The reassessment is "due" (a warning on the case) this many days before its date.
pub const DUE_SOON_DAYS: i64 = 14;
/// What the form proposes for the next reassessment, in days after the assessment.
pub const SUGGESTED_REASSESSMENT_DAYS: i64 = 30;

pub(crate) const MAX_SHORT: usize = crate::text::MAX_SHORT;
pub(crate) const MAX_LONG: usize = crate::text::MAX_LONG;

/// What the risk assessment form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskInput {
    /// The person assessed (a person of the case).
    pub person_id: PersonId,
    pub instrument: RiskInstrument,
    /// The method's name, when the instrument is "annan".
    pub instrument_other: String,
    #[ts(type = "string")]
    pub assessed_on: NaiveDate,
    /// Who made the assessment (name and title).
    pub assessor: String,
    /// The sources used (interviews, records, the police's assessment, …).
    pub sources: String,
    pub level: RiskLevel,
    /// The level in the instrument's own words, when the level is "egen".
    pub level_own: String,
    /// Risk scenarios: what could happen, how, when.
    pub scenarios: String,
    /// Protective measures and the safety plan.
    pub protective_measures: String,
    pub police_obtained: PoliceObtained,
    /// The legal ground, when obtained on one.
    pub police_obtained_ground: String,
    pub police_shared: PoliceShared,
    /// The legal ground, when shared on one.
    pub police_shared_ground: String,
    #[ts(type = "string")]
    pub next_reassessment_on: NaiveDate,
}

/// The suggested next reassessment of an assessment made on `assessed_on`.
pub fn suggested_reassessment(assessed_on: NaiveDate) -> NaiveDate {
    let days = u64::try_from(SUGGESTED_REASSESSMENT_DAYS).unwrap_or(0);
    assessed_on
        .checked_add_days(chrono::Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The latest allowed date for the next reassessment of an assessment made on `assessed_on`.
pub fn latest_reassessment(assessed_on: NaiveDate) -> NaiveDate {
    assessed_on
        .checked_add_months(Months::new(MAX_REASSESSMENT_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Checks a risk assessment and returns it with its texts cleaned (trimmed, bounded, and the
/// texts that don't apply emptied). `case_persons` are the persons of the case.
pub fn validate(
    input: &RiskInput,
    case_persons: &[PersonId],
    today: NaiveDate,
) -> Result<RiskInput> {
    if !case_persons.contains(&input.person_id) {
        return Err(Error::Refused(Refusal::PersonNotInCase));
    }
    if input.assessed_on > today {
        return Err(Error::InvalidInput(format!(
            "Bedömningsdatumet {} ligger i framtiden. Ange dagen då bedömningen gjordes – i dag \
             eller tidigare.",
            input.assessed_on
        )));
    }
    let assessor = clean("Bedömd av", &input.assessor, MAX_SHORT)?;
    if assessor.is_empty() {
        return Err(Error::InvalidInput(
            "Ange vem som gjorde bedömningen (namn och titel) i fältet ”Bedömd av”.".into(),
        ));
    }
    let instrument_other = if input.instrument == RiskInstrument::Annan {
        let name = clean("Vilken metod", &input.instrument_other, MAX_SHORT)?;
        if name.is_empty() {
            return Err(Error::InvalidInput(
                "Du valde ”Annan metod”. Skriv vilken metod som användes.".into(),
            ));
        }
        name
    } else {
        String::new()
    };
    let level_own = if input.level == RiskLevel::Egen {
        let own = clean("Nivå enligt instrumentet", &input.level_own, MAX_SHORT)?;
        if own.is_empty() {
            return Err(Error::InvalidInput(
                "Skriv nivån med instrumentets egna ord, eller välj låg, medelhög eller hög risk."
                    .into(),
            ));
        }
        own
    } else {
        String::new()
    };
    let police_obtained_ground = if input.police_obtained == PoliceObtained::JaLagstod {
        required(
            "Lagstöd för att inhämta polisens bedömning",
            &input.police_obtained_ground,
            MAX_LONG,
        )
        .map_err(|_| {
            Error::InvalidInput(
                "Ange vilket lagstöd polisens riskbedömning inhämtades på, eller välj ”med \
                 personens samtycke”."
                    .into(),
            )
        })?
    } else {
        String::new()
    };
    let police_shared_ground = if input.police_shared == PoliceShared::JaLagstod {
        required(
            "Lagstöd för att lämna bedömningen till polisen",
            &input.police_shared_ground,
            MAX_LONG,
        )
        .map_err(|_| {
            Error::InvalidInput(
                "Ange på vilket lagstöd bedömningen lämnades till polisen (till exempel en \
                 sekretessbrytande bestämmelse), eller välj ”med personens samtycke”."
                    .into(),
            )
        })?
    } else {
        String::new()
    };
    if input.next_reassessment_on <= input.assessed_on {
        return Err(Error::InvalidInput(format!(
            "Datumet för ny bedömning ska ligga efter bedömningsdatumet ({}). Välj ett senare datum.",
            input.assessed_on
        )));
    }
    let latest = latest_reassessment(input.assessed_on);
    if input.next_reassessment_on > latest {
        return Err(Error::InvalidInput(format!(
            "En ny bedömning ska göras senast {MAX_REASSESSMENT_MONTHS} månader efter \
             bedömningen, alltså senast {latest}. Välj ett tidigare datum – risken kan förändras \
             snabbt."
        )));
    }
    Ok(RiskInput {
        person_id: input.person_id,
        instrument: input.instrument,
        instrument_other,
        assessed_on: input.assessed_on,
        assessor,
        sources: clean("Källor", &input.sources, MAX_LONG)?,
        level: input.level,
        level_own,
        scenarios: clean("Scenarier", &input.scenarios, MAX_LONG)?,
        protective_measures: clean(
            "Skyddsåtgärder och säkerhetsplan",
            &input.protective_measures,
            MAX_LONG,
        )?,
        police_obtained: input.police_obtained,
        police_obtained_ground,
        police_shared: input.police_shared,
        police_shared_ground,
        next_reassessment_on: input.next_reassessment_on,
    })
}

/// "Hög risk" or the instrument's own wording.
pub fn level_text(r: &RiskInput) -> String {
    if r.level == RiskLevel::Egen {
        r.level_own.clone()
    } else {
        r.level.label().to_owned()
    }
}

/// "FREDA farlighetsbedömning" or the other method's name.
pub fn instrument_text(r: &RiskInput) -> String {
    if r.instrument == RiskInstrument::Annan {
        r.instrument_other.clone()
    } else {
        r.instrument.label().to_owned()
    }
}

/// "Hög risk – bedömd 2026-11-20 med FREDA farlighetsbedömning".
pub fn summary(r: &RiskInput) -> String {
    format!(
        "{} – bedömd {} med {}",
        level_text(r),
        r.assessed_on,
        instrument_text(r)
    )
}

/// Where a reassessment stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ReminderState {
    /// Later than [`DUE_SOON_DAYS`] days ahead.
    Planned,
    /// Within [`DUE_SOON_DAYS`] days, or today.
    DueSoon,
    /// The date has passed.
    Overdue,
}

/// The state of a reassessment planned for `next`, on `today`.
pub fn reminder_state(next: NaiveDate, today: NaiveDate) -> ReminderState {
    let days = (next - today).num_days();
    if days < 0 {
        ReminderState::Overdue
    } else if days <= DUE_SOON_DAYS {
        ReminderState::DueSoon
    } else {
        ReminderState::Planned
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 dag".into()
    } else {
        format!("{n} dagar")
    }
}

/// The reassessment in words: "Ny bedömning senast 2026-12-20 (om 21 dagar)", or overdue.
pub fn reminder_text(next: NaiveDate, today: NaiveDate) -> String {
    let n = (next - today).num_days();
    match n {
        n if n < 0 => format!(
            "Ny bedömning skulle ha gjorts senast {next} – {} försenad. Gör en ny riskbedömning.",
            days(-n)
        ),
        0 => format!("Ny bedömning senast {next} (i dag)"),
        n => format!("Ny bedömning senast {next} (om {})", days(n)),
    }
}

/// The facts of one assessment in force (a version nobody corrected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentFact {
    pub id: RiskId,
    pub person: PersonId,
    pub assessed_on: NaiveDate,
    pub next: NaiveDate,
}

/// One person's next reassessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskReminder {
    pub person_id: PersonId,
    /// The assessment whose reassessment this is (the person's latest).
    pub assessment_id: RiskId,
    #[ts(type = "string")]
    pub on: NaiveDate,
    pub state: ReminderState,
    pub message: String,
}

/// What is due for a case on `today`: per person, the reassessment of their latest assessment
/// (the latest by assessment date; among the same date, the one entered last). An older
/// assessment's date no longer counts once a newer one exists. Sorted by date.
pub fn reminders(current: &[AssessmentFact], today: NaiveDate) -> Vec<RiskReminder> {
    let mut latest: Vec<AssessmentFact> = Vec::new();
    for f in current {
        match latest.iter_mut().find(|l| l.person == f.person) {
            Some(l) => {
                if (f.assessed_on, f.id) > (l.assessed_on, l.id) {
                    *l = *f;
                }
            }
            None => latest.push(*f),
        }
    }
    let mut out: Vec<RiskReminder> = latest
        .into_iter()
        .map(|f| RiskReminder {
            person_id: f.person,
            assessment_id: f.id,
            on: f.next,
            state: reminder_state(f.next, today),
            message: reminder_text(f.next, today),
        })
        .collect();
    out.sort_by_key(|r| (r.on, r.person_id));
    out
}

// ---- The duty to report (orosanmälan) ----

/// The roles that make a child's situation one to report: exposed to violence, or witnessing
/// violence against a close person.
pub const REPORT_ROLES: [Role; 2] = [Role::Valdsutsatt, Role::BarnSomBevittnatVald];

/// What the duty to report needs to know about a person of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFacts {
    pub person: PersonId,
    pub birth_date: Option<NaiveDate>,
    pub roles: Vec<Role>,
    /// A guardian with custody is registered (only a child has one).
    pub has_custodial_guardian: bool,
}

/// Under 18 on `on`. With no known birth date, a person is taken to be a child when the case
/// says so otherwise: the role "barn som bevittnat våld" or a guardian with custody — the
/// careful reading, since a missed report is the worse error.
pub fn is_child_on(f: &ChildFacts, on: NaiveDate) -> bool {
    match f.birth_date {
        Some(b) => idnumber::age_in_years(b, on).is_some_and(|a| a < ADULT_AGE),
        None => f.has_custodial_guardian || f.roles.contains(&Role::BarnSomBevittnatVald),
    }
}

/// The persons for whom the case shows the duty to report on `on`: children with a role of
/// [`REPORT_ROLES`] for whom no decision (a report made, or why none) is recorded. In the order
/// given.
pub fn report_duties(persons: &[ChildFacts], decided: &[PersonId], on: NaiveDate) -> Vec<PersonId> {
    persons
        .iter()
        .filter(|f| f.roles.iter().any(|r| REPORT_ROLES.contains(r)))
        .filter(|f| is_child_on(f, on))
        .filter(|f| !decided.contains(&f.person))
        .map(|f| f.person)
        .collect()
}

/// What the worker records about the duty to report for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum ReportDecision {
    /// An orosanmälan was made.
    #[serde(rename_all = "camelCase")]
    Gjord {
        #[ts(type = "string")]
        reported_on: NaiveDate,
        /// To which social services (the unit or municipality).
        reported_to: String,
    },
    /// No report is made, and why.
    #[serde(rename_all = "camelCase")]
    Ingen {
        reason: NoReportReason,
        /// Required for "annat"; a note otherwise.
        reason_text: String,
        /// When someone else reported (required for "redan anmält").
        #[ts(type = "string | null")]
        earlier_on: Option<NaiveDate>,
    },
}

/// Checks a decision and returns it cleaned.
pub fn validate_report(d: &ReportDecision, today: NaiveDate) -> Result<ReportDecision> {
    match d {
        ReportDecision::Gjord {
            reported_on,
            reported_to,
        } => {
            if *reported_on > today {
                return Err(Error::InvalidInput(format!(
                    "Datumet för orosanmälan ({reported_on}) ligger i framtiden. Registrera \
                     anmälan när den är gjord, med dagens eller ett tidigare datum."
                )));
            }
            let to = clean("Till vem", reported_to, MAX_SHORT)?;
            if to.is_empty() {
                return Err(Error::InvalidInput(
                    "Ange vilken socialtjänst anmälan gjordes till (enhet eller kommun).".into(),
                ));
            }
            Ok(ReportDecision::Gjord {
                reported_on: *reported_on,
                reported_to: to,
            })
        }
        ReportDecision::Ingen {
            reason,
            reason_text,
            earlier_on,
        } => {
            let text = clean("Skäl", reason_text, MAX_LONG)?;
            let earlier_on = match reason {
                NoReportReason::RedanAnmald => match earlier_on {
                    None => {
                        return Err(Error::InvalidInput(
                            "Ange när den andra anmälan gjordes.".into(),
                        ))
                    }
                    Some(on) if *on > today => {
                        return Err(Error::InvalidInput(format!(
                            "Datumet för den andra anmälan ({on}) ligger i framtiden. Ange när \
                             den gjordes."
                        )))
                    }
                    Some(on) => Some(*on),
                },
                _ => None,
            };
            if *reason == NoReportReason::Annat && text.is_empty() {
                return Err(Error::InvalidInput(
                    "Skriv varför ingen orosanmälan görs.".into(),
                ));
            }
            Ok(ReportDecision::Ingen {
                reason: *reason,
                reason_text: text,
                earlier_on,
            })
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
