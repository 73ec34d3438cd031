//! Newtype ids: a `PersonId` can never be passed where a `SipId` is meant.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! ids {
    ($($(#[$m:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        /// Serialised as the bare number (serde writes a newtype struct as its content).
        #[ts(export, type = "number")]
        pub struct $name(pub i64);

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(v).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

ids! {
    /// An ärende.
    CaseId,
    PersonId,
    RelationId,
    /// A unit (organisation or part of one) in the actor directory.
    UnitId,
    /// A contact person at a unit.
    ContactId,
    SipId,
    ParticipantId,
    MeetingId,
    PlanVersionId,
    FollowUpId,
    /// A consent record (samtycke).
    ConsentId,
    /// One line of a withdrawal's notification checklist.
    NoticeId,
    /// A consent to samråd (the person's own, for consultations only).
    SamradConsentId,
    /// One line of a samråd consent's withdrawal checklist.
    SamradNoticeId,
    /// A copy of a SIP consent given to one of its accepted actors.
    ConsentCopyId,
    /// A disclosure without consent on a legal ground.
    OverrideId,
    /// One version of a risk assessment (riskbedömning).
    RiskId,
    /// A recorded decision on the duty to report concern for a child (orosanmälan).
    ReportDecisionId,
    /// A person of the case invited to a SIP (a guardian, a parent, a närstående).
    PersonParticipantId,
    /// A decision recorded before inviting someone (protection: P1, G1).
    DecisionId,
    /// One version of a consultation (samråd) in the case's samråd log.
    SamradId,
    /// An organisation in the actor directory (e.g. a region) that units belong to.
    OrganisationId,
}
