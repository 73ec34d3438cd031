//! Why a rule of the domain says no (issue 20). A refusal is a variant with its data (plain
//! strings, numbers and dates: this module knows nothing of the domain), and its Swedish
//! message is made here and nowhere else, in the one `impl Display` below. [`RefusalKind`] is
//! the variant's stable machine name: it crosses the IPC boundary as `IpcError.reason`, so the
//! UI can switch on the reason instead of on the wording.
//!
//! Malformed input (a blank required field) is not a refusal: the few variants a rule reports
//! for it ([`Refusal::is_malformed_input`]) become [`crate::Error::InvalidInput`] when they
//! turn into an error, so a blank reason is the same kind of error wherever it is caught.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

/// Declares [`Refusal`], its fieldless twin [`RefusalKind`] and `Refusal::kind`, from one list.
macro_rules! refusals {
    ($(
        $(#[$doc:meta])*
        $name:ident $({ $($field:ident : $ty:ty),* $(,)? })?
    ),* $(,)?) => {
        /// A rule's refusal, with the data its message needs.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Refusal {
            $( $(#[$doc])* $name $({ $($field: $ty),* })? ),*
        }

        /// The stable machine name of a [`Refusal`], shared with the UI (generated TypeScript).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
        #[serde(rename_all = "camelCase")]
        #[ts(export)]
        pub enum RefusalKind {
            $( $name ),*
        }

        impl RefusalKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [RefusalKind] = &[ $( RefusalKind::$name ),* ];
        }

        impl Refusal {
            pub fn kind(&self) -> RefusalKind {
                match self {
                    $( Refusal::$name { .. } => RefusalKind::$name ),*
                }
            }
        }
    };
}

refusals! {
    // --- The SIP's lifecycle (sip::rules::check_transition) ---
    /// Any change to a closed SIP.
    SipClosed,
    /// A step dated after today.
    StepInFuture { on: NaiveDate, today: NaiveDate },
    /// A step dated before the previous one.
    StepBeforePrevious { on: NaiveDate, previous: NaiveDate },
    /// Closing a SIP without a reason (malformed input).
    ClosingReasonBlank,
    /// A step to the state the SIP is already in.
    AlreadyInStep { step: &'static str },
    /// A step back in the lifecycle.
    StepBackwards { from: &'static str, to: &'static str },
    /// A step that skips the next one.
    StepOutOfOrder { to: &'static str, next: &'static str },
    /// "Kallad" before a meeting is booked.
    MeetingNotBooked,
    /// "Plan upprättad" without any meeting.
    NoMeeting,
    /// "Plan upprättad" dated before the first meeting.
    MeetingNotYetHeld { first: NaiveDate },
    /// "Plan upprättad" before a meeting is marked held.
    NoMeetingHeld,
    /// "Plan upprättad" before a plan is saved.
    PlanNotWritten,
    /// A follow-up of a plan that isn't frozen.
    PlanNotFrozen,
    /// The step form never takes "Uppföljning".
    FollowUpOnItsTab,

    // --- The SIP's participants, meetings and plan (sip) ---
    /// A contact person marked inactive in the directory.
    ContactInactive,
    /// A named contact person marked inactive, in a consent's approved actors.
    ContactInactiveNamed { name: String },
    /// Removing a participant who was at a held meeting.
    ParticipantWasAtHeldMeeting,
    /// Removing a participant the plan being written names as responsible.
    UnitResponsibleInPlan,
    /// Moving or un-holding a held meeting after the plan was made.
    HeldMeetingLocked { on: NaiveDate },
    /// A unit in the plan that isn't a participant.
    UnitNotParticipant,
    /// Inviting someone to a closed SIP.
    SipClosedForInvite,
    /// An invitation to a protected person's SIP that needs a written decision or reason
    /// (malformed input: the reason is missing or too short). `warning` is the check's own
    /// warning, `what` what to write.
    InviteReasonMissing { warning: String, what: &'static str },
    /// The written decision or reason is too long (malformed input).
    InviteReasonTooLong { warning: String, max: usize },
    /// A protected person's meeting marked held before the safety checklist is gone through;
    /// `missing` are the points left, in lower case.
    SafetyChecklistIncomplete { missing: Vec<String> },
    /// A person invited to the SIP whom the consent no longer covers.
    InvitedPersonNotCovered { name: String, why: Box<Refusal> },

    // --- Consent (consent) ---
    /// No valid consent for the SIP on a day.
    NoValidConsent { on: NaiveDate, why: Box<Refusal> },
    /// A participant (by name) whom the consent doesn't cover.
    ParticipantNotCovered { name: String, why: Box<Refusal> },
    /// Withdrawing a consent twice.
    ConsentAlreadyWithdrawn { on: NaiveDate },
    /// Withdrawing a consent after it ended; `after` says what may no longer happen under it.
    ConsentExpiredBeforeWithdrawal { valid_to: NaiveDate, after: String },
    /// Withdrawing a consent a newer one replaced.
    WithdrawSuperseded,
    /// Withdrawing a consent before its first day.
    WithdrawNotYetValid,
    /// Withdrawing a consent that has ended.
    WithdrawExpired,
    /// Withdrawing a withdrawn consent.
    WithdrawWithdrawn,
    /// Withdrawing when there is no consent.
    WithdrawMissing,
    /// Changing the consent of a closed SIP.
    ConsentOfClosedSip,
    /// An actor marked as told of a withdrawal a second time.
    ActorAlreadyTold { on: NaiveDate },
    /// The child's views in a SIP for an adult.
    ChildViewsOnlyForChild,
    /// An exception for a guardian in a SIP for an adult.
    GuardianExceptionOnlyForChild,
    /// An exception for someone who isn't a custodial guardian.
    NotCustodialGuardian,
    /// A second exception for the same guardian.
    GuardianExceptionExists,

    // --- Consent rules (consent::rules) ---
    /// No consent from `who` ("personen", "en vårdnadshavare").
    ConsentMissingFrom { who: &'static str },
    /// `who` withdrew the consent on `on`.
    ConsentWithdrawnBy { who: &'static str, on: NaiveDate },
    /// The consent from `who` ended on `on`.
    ConsentExpiredFrom { who: &'static str, on: NaiveDate },
    /// The consent from `who` starts on `from`.
    ConsentNotYetFrom { who: &'static str, from: NaiveDate },
    /// A child's SIP without a registered custodial guardian.
    NoCustodialGuardian,
    /// Every guardian of the child is exempted.
    AllGuardiansExempt,
    /// The custodial guardians (`both`: two of them) must consent; why each missing one
    /// doesn't hold.
    GuardiansMustConsent { both: bool, missing: Vec<Refusal> },
    /// A consent that ends before it starts (malformed input).
    ConsentEndsBeforeStart { from: NaiveDate, to: NaiveDate },
    /// A consent valid for more than a year; `max` its last possible day.
    ConsentLongerThanAYear { from: NaiveDate, max: NaiveDate },
    /// A consent registered before it was given.
    ConsentInFuture { from: NaiveDate },
    /// A consent naming no actor (never general).
    ConsentWithoutActors,
    /// A consent naming no information (never general).
    ConsentWithoutCategories,
    /// "Annat" chosen without saying what (malformed input).
    OtherCategoryBlank,
    /// A category both accepted and excluded.
    CategoryAcceptedAndExcluded { category: &'static str },
    /// An actor both accepted and excluded.
    ActorAcceptedAndExcluded,
    /// A person of the case both accepted and excluded.
    PersonAcceptedAndExcluded,
    /// The documentation of a consent not given in writing dated outside its days.
    DocumentationDateOutOfRange,
    /// A consent not given in writing without its documentation; `form` in lower case.
    ConsentUndocumented { form: String },
    /// A child's consent registered as given by "the person".
    GuardiansGiveChildConsent,
    /// A guardian's consent from someone without custody.
    GiverNotCustodialGuardian,
    /// A guardian's consent for an adult.
    AdultGivesOwnConsent,
    /// A child's own consent below the age for it.
    ChildTooYoungForOwnConsent { min_age: u32, age: Option<u32> },
    /// A per-actor scope for an actor not accepted.
    ActorCategoriesNotAccepted,
    /// Two per-actor scopes for one actor.
    ActorCategoriesTwice,
    /// A per-actor scope with no category.
    ActorCategoriesEmpty,
    /// A per-actor category the consent doesn't accept.
    ActorCategoryNotInConsent { category: &'static str },
    /// A withdrawal dated before the consent's first day or after today.
    WithdrawalDateOutOfRange { from: NaiveDate },
    /// A withdrawal without how it was made (malformed input).
    WithdrawalHowBlank,
    /// A withdrawal without who received it (malformed input).
    WithdrawalReceiverBlank,
    /// Changing a consent that isn't the one in force.
    ChangeOnlyConsentInForce,
    /// A change by someone other than the one who gave the consent.
    ChangeBySameGiver,
    /// A change dated before the consent it changes.
    ChangeBeforeConsent { from: NaiveDate },
    /// The worker's own unit left out of a new consent without a reason (malformed input).
    OwnUnitLeftOutWithoutReason { name: String },
    /// The child's own consent covers only the social services.
    ChildOwnConsentSocialServicesOnly,
    /// The actor is excluded in the consent from `from`.
    ActorExcluded { from: NaiveDate },
    /// Someone at the unit is excluded, so the unit as a whole can't be invited.
    PersonAtUnitExcluded { from: NaiveDate },
    /// The actor isn't in the consent from `from`.
    ActorNotInConsent { from: NaiveDate },
    /// The category is outside the person's choice for this recipient.
    CategoryNotForRecipient { category: &'static str, from: NaiveDate },
    /// The category is excluded in the consent.
    CategoryExcluded { category: &'static str, from: NaiveDate },
    /// The category isn't in the consent.
    CategoryNotInConsent { category: &'static str, from: NaiveDate },
    /// A guardian not invited by a recorded exception; `reason` is the recorded reason.
    GuardianNotInvited { reason: String },
    /// A guardian the board decided without; `decision` is the recorded decision.
    BoardDecidedWithoutGuardian { decision: String },
    /// A person of the case when there is no valid consent.
    PersonWithoutConsent { why: Box<Refusal> },
    /// The child's own consent doesn't reach other persons of the case.
    ChildOwnConsentOtherPersons,
    /// The person is excluded in the consent.
    PersonExcluded { from: NaiveDate },
    /// The person isn't named in the consent.
    PersonNotInConsent { from: NaiveDate },
    /// Someone guarded against is invited without a recorded decision.
    GuardedPersonNeedsDecision,

    // --- Risk and the duty to report (risk) ---
    /// A risk assessment for someone not of the case.
    PersonNotInCase,
    /// A decision on the duty to report for someone not among the case's children.
    PersonNotChildOfCase,
    /// The duty to report is about children; `law` names the act.
    NotAChild { law: &'static str },
    /// Correcting a version (of a risk assessment, a consultation) already corrected.
    VersionAlreadyCorrected,

    // --- Persons and relations (person) ---
    /// An address or phone number for a person with protected personal data.
    ProtectedContactNotStored,
    /// A guardian registered for someone who is `age` and no child.
    GuardianOnlyForChild { age: u32 },
    /// A minor registered as guardian with custody.
    GuardianIsMinor,
    /// A third custodial guardian.
    TwoCustodiansAlready,
    /// A relation that already exists.
    RelationExists,

    // --- Samråd (samrad) ---
    /// The anonymised basis of a consultation that took the case up with consent.
    NoAnonymisedBasis,
    /// Registering a consultation not yet held.
    SamradNotYetHeld { on: NaiveDate },
    /// An organisation marked as told of a withdrawal a second time.
    OrganisationAlreadyTold { on: NaiveDate },

    // --- The directory, follow-up and retention ---
    /// Moving a contact person to another unit.
    ContactCannotMove,
    /// A deviation set to the status it has; `status` in lower case.
    DeviationAlreadyInStatus { status: String },
    /// Removing (gallra) a case that isn't due.
    CaseNotDueForRemoval,
    /// The typed confirmation doesn't match the case's reference.
    RemovalNotConfirmed,

    /// A refusal not yet given its own variant: its message as it was written where it was
    /// made. Left only in the files still to be converted (see the report of issue 20).
    Other { message: String },
}

impl Refusal {
    /// Variants that stand for malformed input rather than a rule: they become
    /// [`crate::Error::InvalidInput`].
    pub fn is_malformed_input(&self) -> bool {
        matches!(
            self,
            Refusal::ClosingReasonBlank
                | Refusal::ConsentEndsBeforeStart { .. }
                | Refusal::OtherCategoryBlank
                | Refusal::WithdrawalHowBlank
                | Refusal::WithdrawalReceiverBlank
                | Refusal::OwnUnitLeftOutWithoutReason { .. }
                | Refusal::InviteReasonMissing { .. }
                | Refusal::InviteReasonTooLong { .. }
        )
    }

    /// The reason at the bottom of a refusal that names whom it is about ("BUP Norr: …"):
    /// the wrapped refusal's kind, or the wrapper's own when what it wraps is still a
    /// [`Refusal::Other`].
    pub fn root(&self) -> RefusalKind {
        match self {
            Refusal::InvitedPersonNotCovered { why, .. }
            | Refusal::NoValidConsent { why, .. }
            | Refusal::ParticipantNotCovered { why, .. }
            | Refusal::PersonWithoutConsent { why }
                if why.kind() != RefusalKind::Other =>
            {
                why.root()
            }
            r => r.kind(),
        }
    }

    /// A refusal still made from a written message (see [`Refusal::Other`]).
    pub fn other(message: impl Into<String>) -> Self {
        Refusal::Other {
            message: message.into(),
        }
    }
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Refusal::Other { message }
    }
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Self {
        Refusal::other(message)
    }
}

/// Joins a warning and what to do, as the invitation's refusals read.
fn after_warning(
    f: &mut fmt::Formatter<'_>,
    warning: &str,
    rest: fmt::Arguments<'_>,
) -> fmt::Result {
    let warning = warning.trim();
    if warning.is_empty() {
        write!(f, "{rest}")
    } else {
        write!(f, "{warning} {rest}")
    }
}

/// Every refusal's Swedish message: what happened and what to do next.
impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Refusal::*;
        match self {
            SipClosed => f.write_str(
                "SIP:en är avslutad och kan inte ändras. Starta en ny SIP om personen behöver en \
                 igen.",
            ),
            StepInFuture { on, today } => write!(
                f,
                "Datumet {on} ligger i framtiden. Ett steg registreras när det har skett – ange \
                 dagens datum ({today}) eller ett tidigare."
            ),
            StepBeforePrevious { on, previous } => write!(
                f,
                "Datumet {on} är före föregående steg ({previous}). Ange ett datum från och med \
                 {previous}."
            ),
            ClosingReasonBlank => f.write_str(
                "Skriv varför SIP:en avslutas (till exempel ”målen uppnådda” eller ”personen \
                 återkallade sitt samtycke”).",
            ),
            AlreadyInStep { step } => write!(f, "SIP:en är redan i steget ”{step}”."),
            StepBackwards { from, to } => write!(
                f,
                "En SIP går inte tillbaka från ”{from}” till ”{to}”. Ska planen ändras, spara en \
                 ny version av planen; ska mötet flyttas, ändra mötet."
            ),
            StepOutOfOrder { to, next } => write!(
                f,
                "Steget ”{to}” kommer efter ”{next}”. Gå vidare till ”{next}” först."
            ),
            MeetingNotBooked => f.write_str(
                "Boka SIP-mötet (datum, tid och plats eller digitalt) innan SIP:en markeras som \
                 kallad.",
            ),
            NoMeeting => f.write_str("Det finns inget SIP-möte. Boka och håll mötet först."),
            MeetingNotYetHeld { first } => write!(
                f,
                "SIP-mötet har inte hållits ännu: det första mötet är {first}. Registrera planen \
                 när mötet har hållits."
            ),
            NoMeetingHeld => f.write_str(
                "Inget SIP-möte är markerat som hållet. Markera mötet som hållet under fliken \
                 Möten först.",
            ),
            PlanNotWritten => f.write_str(
                "Skriv planen (behov, mål och insatser) och spara den innan SIP:en markeras som \
                 ”Plan upprättad”.",
            ),
            PlanNotFrozen => f.write_str(
                "Planen är inte fastställd. Fastställ planen (eller skriv ut den för underskrift) \
                 innan den följs upp.",
            ),
            FollowUpOnItsTab => f.write_str(
                "Uppföljning registreras under fliken Uppföljning, med ett svar för varje insats.",
            ),
            ContactInactive => f.write_str(
                "Kontaktpersonen är markerad som inaktiv i samverkanskontakterna. Välj en annan \
                 kontaktperson eller bara enheten.",
            ),
            ContactInactiveNamed { name } => write!(
                f,
                "{name} är markerad som inaktiv i samverkanskontakterna och kan inte godkännas. \
                 Välj hela enheten eller en annan kontaktperson."
            ),
            ParticipantWasAtHeldMeeting => f.write_str(
                "Deltagaren var med på ett hållet SIP-möte och kan inte tas bort, så att det \
                 framgår vilka som deltog. Bjud inte in deltagaren till kommande möten.",
            ),
            UnitResponsibleInPlan => f.write_str(
                "Planen som skrivs nämner enheten som ansvarig. Ta först bort enheten ur planen \
                 och spara den, och ta sedan bort deltagaren.",
            ),
            HeldMeetingLocked { on } => write!(
                f,
                "Mötet {on} är registrerat som hållet och planen är upprättad efter det, så \
                 datumet och att mötet hölls kan inte ändras. Boka ett nytt möte i stället."
            ),
            UnitNotParticipant => f.write_str(
                "En enhet i planen är inte deltagare i SIP:en. Lägg till enheten under fliken \
                 Deltagare först, eller välj en annan.",
            ),
            SipClosedForInvite => {
                f.write_str("SIP:en är avslutad. Öppna en ny SIP för att bjuda in någon.")
            }
            InviteReasonMissing { warning, what } => after_warning(
                f,
                warning,
                format_args!("Skriv {what}. Det sparas i ärendets historik."),
            ),
            InviteReasonTooLong { warning, max } => after_warning(
                f,
                warning,
                format_args!("Skälet är för långt (högst {max} tecken). Korta ner det."),
            ),
            SafetyChecklistIncomplete { missing } => write!(
                f,
                "Mötet kan inte markeras som hållet förrän säkerhetspunkterna för skyddade \
                 personuppgifter är genomgångna. Kvar: {}.",
                missing.join("; ")
            ),
            InvitedPersonNotCovered { name, why } => write!(
                f,
                "{name}: {why} Ta bort personen under Deltagare, eller ändra samtycket."
            ),
            NoValidConsent { on, why } => {
                write!(
                    f,
                    "Det finns inget giltigt samtycke för SIP:en den {on}. {why}"
                )
            }
            ParticipantNotCovered { name, why } => write!(f, "{name}: {why}"),
            ConsentAlreadyWithdrawn { on } => write!(f, "Samtycket återkallades redan {on}."),
            ConsentExpiredBeforeWithdrawal { valid_to, after } => {
                let after = after.trim();
                if after.is_empty() {
                    write!(
                        f,
                        "Samtycket gick ut {valid_to} och behöver inte återkallas."
                    )
                } else {
                    write!(
                        f,
                        "Samtycket gick ut {valid_to} och behöver inte återkallas. {after}"
                    )
                }
            }
            WithdrawSuperseded => f.write_str(
                "Samtycket är ersatt av ett nyare samtycke från samma person och gäller inte \
                 längre. Återkalla det samtycke som gäller i stället.",
            ),
            WithdrawNotYetValid => f.write_str(
                "Samtycket gäller inte ännu och kan återkallas först från sin första dag. Vill \
                 personen inte att det ska börja gälla, registrera ett nytt samtycke som ersätter \
                 det.",
            ),
            WithdrawExpired => f.write_str("Samtycket har gått ut och behöver inte återkallas."),
            WithdrawWithdrawn => f.write_str("Samtycket är redan återkallat."),
            WithdrawMissing => f.write_str("Det finns inget samtycke att återkalla."),
            ConsentOfClosedSip => {
                f.write_str("SIP:en är avslutad. Samtycket visas men kan inte ändras.")
            }
            ActorAlreadyTold { on } => write!(f, "Aktören är redan markerad som meddelad {on}."),
            ChildViewsOnlyForChild => f.write_str(
                "Barnets synpunkter och mognadsbedömning gäller bara en SIP för ett barn.",
            ),
            GuardianExceptionOnlyForChild => {
                f.write_str("Undantag för vårdnadshavare gäller bara en SIP för ett barn.")
            }
            NotCustodialGuardian => f.write_str(
                "Personen är inte registrerad som vårdnadshavare med vårdnad om barnet.",
            ),
            GuardianExceptionExists => f.write_str(
                "Ett undantag är redan registrerat för den vårdnadshavaren i den här SIP:en.",
            ),
            ConsentMissingFrom { who } => write!(f, "Samtycke saknas från {who}."),
            ConsentWithdrawnBy { who, on } => {
                let mut c = who.chars();
                let who: String = c
                    .next()
                    .map(|first| first.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                write!(
                    f,
                    "{who} återkallade samtycket {on}. Inget nytt får lämnas ut efter det."
                )
            }
            ConsentExpiredFrom { who, on } => write!(
                f,
                "Samtycket från {who} gick ut {on}. Ta ett nytt samtycke tillsammans med personen."
            ),
            ConsentNotYetFrom { who, from } => {
                write!(f, "Samtycket från {who} gäller först från {from}.")
            }
            NoCustodialGuardian => f.write_str(
                "Ingen vårdnadshavare med vårdnad är registrerad för barnet. Registrera \
                 vårdnadshavarna under Personer och relationer.",
            ),
            AllGuardiansExempt => f.write_str(
                "Alla vårdnadshavare är undantagna. Minst en vårdnadshavares samtycke, eller \
                 barnets eget från 12 år för öppna insatser, behövs.",
            ),
            GuardiansMustConsent { both, missing } => {
                f.write_str(if *both {
                    "Båda vårdnadshavarna med vårdnad måste samtycka till barnets SIP."
                } else {
                    "Vårdnadshavaren måste samtycka till barnets SIP."
                })?;
                for why in missing {
                    write!(f, " {why}")?;
                }
                Ok(())
            }
            ConsentEndsBeforeStart { from, to } => write!(
                f,
                "Samtycket slutar ({to}) före det börjar ({from}). Rätta datumen."
            ),
            ConsentLongerThanAYear { from, max } => write!(
                f,
                "Ett samtycke gäller högst ett år. Från {from} kan det gälla till och med {max}. \
                 Ett nytt samtycke tas när det gått ut."
            ),
            ConsentInFuture { from } => write!(
                f,
                "Samtycket kan inte registreras innan det har lämnats ({from} ligger i framtiden)."
            ),
            ConsentWithoutActors => f.write_str(
                "Ett samtycke kan aldrig vara generellt: ange vilka aktörer (enheter eller \
                 personer) som får delta.",
            ),
            ConsentWithoutCategories => f.write_str(
                "Ett samtycke kan aldrig vara generellt: ange vilka uppgifter som får lämnas.",
            ),
            OtherCategoryBlank => {
                f.write_str("Beskriv vad ”Annat” gäller, eller ta bort det valet.")
            }
            CategoryAcceptedAndExcluded { category } => write!(
                f,
                "”{category}” är både godkänt och undantaget. Välj ett av dem."
            ),
            ActorAcceptedAndExcluded => {
                f.write_str("En aktör är både godkänd och undantagen. Välj ett av dem.")
            }
            PersonAcceptedAndExcluded => f.write_str(
                "En person i ärendet är både godkänd och undantagen. Välj ett av dem.",
            ),
            DocumentationDateOutOfRange => f.write_str(
                "Dokumentationen ska vara daterad den dag samtycket lämnades eller senare, och \
                 inte i framtiden.",
            ),
            ConsentUndocumented { form } => write!(
                f,
                "Ett samtycke som lämnats {form} ska dokumenteras: datum, hur det uttrycktes och \
                 vem som tog emot det."
            ),
            GuardiansGiveChildConsent => f.write_str(
                "För ett barn lämnar vårdnadshavarna samtycket (en post per vårdnadshavare), eller \
                 barnet självt från 12 år för öppna insatser.",
            ),
            GiverNotCustodialGuardian => f.write_str(
                "Personen är inte registrerad som vårdnadshavare med vårdnad om barnet. Registrera \
                 relationen under Personer och relationer först.",
            ),
            AdultGivesOwnConsent => {
                f.write_str("Personen är vuxen och lämnar själv sitt samtycke.")
            }
            ChildTooYoungForOwnConsent { min_age, age } => write!(
                f,
                "Ett barn kan själv samtycka till öppna insatser från {min_age} års ålder. Barnets \
                 ålder är {}.",
                age.map(|a| format!("{a} år"))
                    .unwrap_or_else(|| "inte känd".into())
            ),
            ActorCategoriesNotAccepted => f.write_str(
                "En aktör har egna uppgifter i samtycket men är inte godkänd. Godkänn aktören \
                 först, eller välj ”Samma för alla” för den.",
            ),
            ActorCategoriesTwice => f.write_str(
                "En aktör har två rader med egna uppgifter. Välj aktörens uppgifter igen.",
            ),
            ActorCategoriesEmpty => f.write_str(
                "En aktör med egna uppgifter måste få minst en av dem. Välj minst en, eller ta \
                 bort aktören ur samtycket.",
            ),
            ActorCategoryNotInConsent { category } => write!(
                f,
                "”{category}” är valt för en enskild aktör men inte godkänt i samtycket. Godkänn \
                 det för samtycket, eller ta bort det för aktören."
            ),
            WithdrawalDateOutOfRange { from } => write!(
                f,
                "Återkallelsen ska vara daterad från samtyckets första dag ({from}) till i dag."
            ),
            WithdrawalHowBlank => f.write_str(
                "Skriv hur personen återkallade samtycket (till exempel muntligt vid besök).",
            ),
            WithdrawalReceiverBlank => f.write_str("Skriv vem som tog emot återkallelsen."),
            ChangeOnlyConsentInForce => f.write_str(
                "Bara det samtycke som gäller i dag kan ändras. Registrera ett nytt samtycke i \
                 stället.",
            ),
            ChangeBySameGiver => f.write_str(
                "En ändring lämnas av samma person som lämnade samtycket. Registrera ett nytt \
                 samtycke för den andra personen i stället.",
            ),
            ChangeBeforeConsent { from } => write!(
                f,
                "Ändringen kan inte börja gälla före samtycket den ändrar ({from}). Rätta datumet."
            ),
            OwnUnitLeftOutWithoutReason { name } => write!(
                f,
                "Din egen enhet, {name}, är med i varje nytt samtycke. Vill personen inte att den \
                 deltar, skriv varför under ”Skäl att ta bort din egen enhet”; skälet skrivs i \
                 ärendets historik. Annars: markera enheten ”Får delta”."
            ),
            ChildOwnConsentSocialServicesOnly => f.write_str(
                "Barnets eget samtycke gäller bara öppna insatser från socialtjänsten. Andra \
                 aktörer kräver vårdnadshavarnas samtycke.",
            ),
            ActorExcluded { from } => write!(
                f,
                "Aktören är undantagen i samtycket från {from}. Ändra samtycket tillsammans med \
                 personen om det ska ändras."
            ),
            PersonAtUnitExcluded { from } => write!(
                f,
                "En person på enheten är undantagen i samtycket från {from}. Välj en namngiven \
                 kontaktperson som samtycket omfattar i stället för hela enheten."
            ),
            ActorNotInConsent { from } => write!(
                f,
                "Aktören finns inte med i samtycket från {from}. Bara de aktörer som personen har \
                 samtyckt till får bjudas in."
            ),
            CategoryNotForRecipient { category, from } => write!(
                f,
                "”{category}” ingår inte i samtycket för den här mottagaren: i samtycket från \
                 {from} har personen valt vilka uppgifter aktören får, och det här är inte ett av \
                 dem."
            ),
            CategoryExcluded { category, from } => write!(
                f,
                "”{category}” är undantaget i samtycket från {from}: personen vill inte att det \
                 lämnas ut."
            ),
            CategoryNotInConsent { category, from } => write!(
                f,
                "”{category}” ingår inte i samtycket från {from}. Bara de uppgifter som samtycket \
                 nämner får lämnas ut."
            ),
            GuardianNotInvited { reason } => write!(
                f,
                "Vårdnadshavaren bjuds inte in enligt det registrerade undantaget (skäl: \
                 ”{reason}”). Vårdnadshavaren kan inte delta och får ingen kallelse, plan eller \
                 samtyckesblankett om mötet. Rätten till information om vilka insatser som \
                 planeras ges på annat sätt, utan tid och plats."
            ),
            BoardDecidedWithoutGuardian { decision } => write!(
                f,
                "Nämnden har beslutat om insatserna utan den här vårdnadshavarens samtycke \
                 (beslut: ”{decision}”). Vårdnadshavaren kan inte delta och får ingen kallelse, \
                 plan eller samtyckesblankett om mötet."
            ),
            PersonWithoutConsent { why } => write!(
                f,
                "En närstående eller annan person i ärendet bjuds in bara när personens giltiga \
                 samtycke nämner dem. {why}"
            ),
            ChildOwnConsentOtherPersons => f.write_str(
                "Barnets eget samtycke gäller bara öppna insatser från socialtjänsten. Andra \
                 personer i ärendet kräver vårdnadshavarnas samtycke.",
            ),
            PersonExcluded { from } => write!(
                f,
                "Personen är undantagen i samtycket från {from}: hen ska inte delta. Ändra \
                 samtycket tillsammans med personen om det ska ändras."
            ),
            PersonNotInConsent { from } => write!(
                f,
                "Personen finns inte med i samtycket från {from}. En närstående eller annan \
                 person i ärendet deltar bara om personen vill det: lägg till hen i ett nytt \
                 samtycke först."
            ),
            GuardedPersonNeedsDecision => f.write_str(
                "Personen är registrerad som uppgiven våldsutövare i ärendet, eller vistelseorten \
                 är skyddad mot hen. Hen bjuds in bara med personens samtycke och ett registrerat \
                 beslut med skäl.",
            ),
            PersonNotInCase => {
                f.write_str("Personen hör inte till det här ärendet. Välj en av ärendets personer.")
            }
            PersonNotChildOfCase => {
                f.write_str("Personen hör inte till det här ärendet. Välj ett av ärendets barn.")
            }
            NotAChild { law } => write!(
                f,
                "Personen är inte under 18 år. Anmälningsplikten enligt {law} gäller barn under 18 \
                 år. Välj ett av ärendets barn."
            ),
            VersionAlreadyCorrected => f.write_str(
                "Den här versionen har redan rättats. Uppdatera vyn och rätta den senaste \
                 versionen.",
            ),
            ProtectedContactNotStored => f.write_str(
                "Adress och telefonnummer sparas inte för personer med skyddade personuppgifter: \
                 uppgifterna får inte finnas i Tryggplan, så att de aldrig kan hamna i en kallelse \
                 eller ett dokument. Töm fälten och skriv i stället hur personen vill bli \
                 kontaktad.",
            ),
            GuardianOnlyForChild { age } => write!(
                f,
                "Personen är {age} år. Vårdnadshavare finns bara för barn under 18 år."
            ),
            GuardianIsMinor => f.write_str(
                "Den som anges som vårdnadshavare är under 18 år och kan inte ha vårdnaden. Ange \
                 den särskilt förordnade vårdnadshavaren i stället.",
            ),
            TwoCustodiansAlready => f.write_str(
                "Barnet har redan två vårdnadshavare med vårdnad. Ta bort en av dem först om \
                 uppgiften är fel.",
            ),
            RelationExists => {
                f.write_str("Relationen finns redan. Ta bort den först om den ska ändras.")
            }
            NoAnonymisedBasis => f.write_str(
                "Ärendet togs upp med samtycke på det här samrådet. Det finns inget avidentifierat \
                 underlag att skriva ut.",
            ),
            SamradNotYetHeld { on } => write!(
                f,
                "Samrådet den {on} har inte hållits ännu. Registrera det när det har hållits; \
                 underlaget kan du förhandsgranska och exportera före mötet."
            ),
            OrganisationAlreadyTold { on } => {
                write!(f, "Organisationen är redan markerad som meddelad {on}.")
            }
            ContactCannotMove => f.write_str(
                "En kontaktperson kan inte flyttas till en annan enhet. Markera personen som \
                 inaktiv här och lägg till henne eller honom vid den nya enheten.",
            ),
            DeviationAlreadyInStatus { status } => {
                write!(f, "Avvikelsen har redan status {status}.")
            }
            CaseNotDueForRemoval => f.write_str(
                "Ärendet kan inte gallras: det har en öppen SIP eller gallringsfristen har inte \
                 gått ut. Inget har tagits bort.",
            ),
            RemovalNotConfirmed => f.write_str(
                "Bekräftelsen stämmer inte: skriv ärendets referens exakt som den står för att \
                 gallra det. Inget har tagits bort.",
            ),
            Other { message } => f.write_str(message),
        }
    }
}

#[cfg(test)]
mod tests;
