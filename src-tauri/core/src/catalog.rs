//! What the UI asks the core for: every vocabulary, and every limit and default of the rules.
//!
//! Application layer: it gathers the terms each domain module owns (`vocab`, `consent`, `sip`,
//! `followup`, `protection`, …) into one answer, so that no lower module has to know them all.
//! The UI shows these, never computes them (`tests/system/ui_rules.rs`).

use serde::Serialize;
use ts_rs::TS;

use crate::session::Vault;
use crate::vocab::*;
use crate::Result;

/// Every vocabulary, for the UI.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Vocabulary {
    pub protection_levels: Vec<Term>,
    pub legal_sexes: Vec<Term>,
    pub roles: Vec<Term>,
    pub violence_forms: Vec<Term>,
    pub no_number_reasons: Vec<Term>,
    pub relation_kinds: Vec<Term>,
    pub principals: Vec<Term>,
    pub actor_types: Vec<Term>,
    /// Each actor type's default huvudman: the unit form starts from it, never from "Kommun"
    /// for every type.
    pub actor_type_principals: Vec<ActorTypePrincipal>,
    pub requested_by: Vec<Term>,
    pub sip_states: Vec<Term>,
    pub intervention_statuses: Vec<Term>,
    pub carried_out: Vec<Term>,
    pub goal_met: Vec<Term>,
    pub follow_up_forms: Vec<Term>,
    pub frozen_as: Vec<Term>,
    pub consent_forms: Vec<Term>,
    pub info_categories: Vec<Term>,
    pub legal_grounds: Vec<Term>,
    pub risk_instruments: Vec<Term>,
    pub risk_levels: Vec<Term>,
    pub police_obtained: Vec<Term>,
    pub police_shared: Vec<Term>,
    pub no_report_reasons: Vec<Term>,
    pub samrad_kinds: Vec<Term>,
    pub samrad_modes: Vec<Term>,
    pub perpetrator_relations: Vec<Term>,
    pub deviation_kinds: Vec<Term>,
    pub deviation_statuses: Vec<Term>,
    pub log_groups: Vec<Term>,
    /// The meeting-safety checklist's points (P1–P5), in the order the meeting form shows them:
    /// for a meeting in person, and for a digital or hybrid one (two more points).
    pub meeting_checklist_in_person: Vec<crate::protection::ChecklistItem>,
    pub meeting_checklist_digital: Vec<crate::protection::ChecklistItem>,
    /// The longest text each kind of field takes (the core refuses longer; the UI sets
    /// `maxlength` from these).
    pub text_limits: crate::text::TextLimits,
    /// The limits and defaults of the rules the forms show (issue 20: the UI hard-codes none).
    pub rule_limits: RuleLimits,
    /// The information categories a plan item has when the worker has not chosen (issue 17),
    /// from [`crate::sip::plan::default_categories`]: the UI shows them, never computes them.
    pub plan_category_defaults: crate::sip::plan::CategoryDefaults,
}

/// The limits and defaults of the rules, for the forms that show them or set `min`/`max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleLimits {
    /// The age from which a child may consent to open interventions herself (the person
    /// list's badge "12 år eller äldre").
    pub child_own_consent_age: u32,
    /// Days without a booked SIP meeting before the warning: the default and the bounds.
    pub sip_warning_days_default: u32,
    pub sip_warning_days_min: u32,
    pub sip_warning_days_max: u32,
    /// The statistics' small-number limit: the default and the bounds.
    pub small_number_default: u32,
    pub small_number_min: u32,
    pub small_number_max: u32,
    /// The backup reminder's bounds, in days.
    pub backup_reminder_days_min: u32,
    pub backup_reminder_days_max: u32,
    /// The retention period in years: the default and the bounds.
    pub retention_years_default: u32,
    pub retention_years_min: u32,
    pub retention_years_max: u32,
}

/// The rules' limits and defaults, from the constants the core checks against.
pub fn rule_limits() -> RuleLimits {
    RuleLimits {
        child_own_consent_age: crate::person::CHILD_OWN_CONSENT_AGE,
        sip_warning_days_default: crate::sip::rules::DEFAULT_WARNING_DAYS,
        sip_warning_days_min: crate::sip::rules::MIN_WARNING_DAYS,
        sip_warning_days_max: crate::sip::rules::MAX_WARNING_DAYS,
        small_number_default: crate::followup::suppress::DEFAULT_THRESHOLD,
        small_number_min: crate::followup::suppress::MIN_THRESHOLD,
        small_number_max: crate::followup::MAX_THRESHOLD,
        backup_reminder_days_min: crate::backup::MIN_REMINDER_DAYS,
        backup_reminder_days_max: crate::backup::MAX_REMINDER_DAYS,
        retention_years_default: crate::retention::DEFAULT_YEARS,
        retention_years_min: crate::retention::MIN_YEARS,
        retention_years_max: crate::retention::MAX_YEARS,
    }
}

pub fn all() -> Vocabulary {
    Vocabulary {
        protection_levels: ProtectionLevel::terms(),
        legal_sexes: LegalSex::terms(),
        roles: Role::terms(),
        violence_forms: ViolenceForm::terms(),
        no_number_reasons: NoNumberReason::terms(),
        relation_kinds: RelationKind::terms(),
        principals: Principal::terms(),
        actor_types: ActorType::terms(),
        actor_type_principals: ActorType::ALL
            .iter()
            .map(|&actor_type| ActorTypePrincipal {
                actor_type,
                principal: actor_type.default_principal(),
            })
            .collect(),
        requested_by: RequestedBy::terms(),
        sip_states: crate::sip::SipState::terms(),
        intervention_statuses: InterventionStatus::terms(),
        carried_out: CarriedOut::terms(),
        goal_met: GoalMet::terms(),
        follow_up_forms: FollowUpForm::terms(),
        frozen_as: FrozenAs::terms(),
        consent_forms: crate::consent::ConsentForm::terms(),
        info_categories: crate::consent::InfoCategory::terms(),
        legal_grounds: crate::consent::LegalGround::terms(),
        risk_instruments: RiskInstrument::terms(),
        risk_levels: RiskLevel::terms(),
        police_obtained: PoliceObtained::terms(),
        police_shared: PoliceShared::terms(),
        no_report_reasons: NoReportReason::terms(),
        samrad_kinds: SamradKind::terms(),
        samrad_modes: SamradMode::terms(),
        perpetrator_relations: crate::followup::PerpetratorRelation::terms(),
        deviation_kinds: crate::followup::DeviationKind::terms(),
        deviation_statuses: crate::followup::DeviationStatus::terms(),
        log_groups: crate::history_log::LogGroup::terms(),
        meeting_checklist_in_person: crate::protection::checklist_items(
            &crate::protection::MeetingSafetyChecklist::default(),
            false,
        )
        .into_iter()
        .filter(|i| i.required)
        .collect(),
        meeting_checklist_digital: crate::protection::checklist_items(
            &crate::protection::MeetingSafetyChecklist::default(),
            true,
        ),
        text_limits: crate::text::limits(),
        rule_limits: rule_limits(),
        plan_category_defaults: crate::sip::plan::category_defaults(),
    }
}

/// The user's settings that the UI shows and changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    pub auto_lock_minutes: u32,
    /// Days after a SIP's need was discovered before "no meeting booked" warns.
    pub sip_warning_days: u32,
    /// The organisation's name in every document's header (empty until set).
    pub organisation_name: String,
    /// The worker's own details for the documents (Inställningar → Dina uppgifter).
    pub details: crate::worker::WorkerDetails,
}

/// The settings; a data command (fails while locked).
pub fn settings(vault: &mut Vault) -> Result<Settings> {
    let minutes = vault.auto_lock_minutes();
    vault.with_conn(|c| {
        Ok(Settings {
            auto_lock_minutes: minutes,
            sip_warning_days: crate::sip::warning_days(c)?,
            organisation_name: crate::document::organisation(c)?,
            details: crate::worker::get(c)?,
        })
    })
}
