//! The consent rules engine: pure functions of consent records, the subject and a date. Every
//! refusal is a Swedish sentence that says why and what to do instead.
//!
//! Sources ([003] = the regional agreement's "Samtycke och sekretess i SIP", summarised in
//! docs/DOMAIN.md, "Consent in a SIP"):
//! 1. "the person consents to the SIP meeting, the plan and every transfer of information";
//! 2. "Consent may be written, oral, or shown in another way. Oral consent must be documented";
//! 3. "Consent can **never be general**. It names **which actors** take part and **which
//!    information** may be shared";
//! 4. "Transfer is limited to what the parties need … **within the SIP**";
//! 5. "The person may **exclude information** … and **exclude persons or units**";
//! 7. "Consent is **time-limited: valid at most one year**, and may be **withdrawn at any time**".
//!
//! Children [003 "Samtycke och sekretess för barn i SIP"]: "**If there are two guardians with
//! custody, both must consent.**"; "From **12 years**, the social welfare board may decide on
//! open interventions without the guardians' consent, provided the child consents"; "The board
//! may in some cases decide on interventions when **one** guardian does not consent"; guardians
//! not invited "for safety reasons, or by the child's own will" — "Record the reason".

use chrono::{Months, NaiveDate};

use super::{
    ActorRef, ChildException, ConsentForm, ConsentRecord, Giver, InfoCategory, Scope, Subject,
    Withdrawal,
};
use crate::ids::{OrganisationId, PersonId, UnitId};
use crate::person::CHILD_OWN_CONSENT_AGE;
use crate::refusal::Refusal;
use crate::vocab::ActorType;

/// Days before the end of validity when the app warns.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// The last day a consent given from `from` may be valid: one year ("valid at most one year").
pub fn max_valid_to(from: NaiveDate) -> NaiveDate {
    from.checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// The child's own consent as a giver the consent form offers, with its Swedish label: only
/// to a child of [`CHILD_OWN_CONSENT_AGE`] or older.
pub fn child_own_giver(subject: &Subject) -> Option<String> {
    (subject.is_child && subject.age.is_some_and(|a| a >= CHILD_OWN_CONSENT_AGE)).then(|| {
        format!(
            "Barnet självt (från {CHILD_OWN_CONSENT_AGE} år; gäller bara öppna insatser från \
             socialtjänsten)"
        )
    })
}

/// Checks a record when it is entered (or changed). `Ok(())` or the [`Refusal`].
pub fn check_record(r: &ConsentRecord, subject: &Subject, today: NaiveDate) -> Result<(), Refusal> {
    if r.valid_to < r.valid_from {
        return Err(Refusal::ConsentEndsBeforeStart {
            from: r.valid_from,
            to: r.valid_to,
        });
    }
    let max = max_valid_to(r.valid_from);
    if r.valid_to > max {
        return Err(Refusal::ConsentLongerThanAYear {
            from: r.valid_from,
            max,
        });
    }
    if r.valid_from > today {
        return Err(Refusal::ConsentInFuture { from: r.valid_from });
    }
    if r.scope.actors.is_empty() && r.scope.organisations.is_empty() {
        return Err(Refusal::ConsentWithoutActors);
    }
    if r.scope.categories.is_empty() {
        return Err(Refusal::ConsentWithoutCategories);
    }
    if r.scope.categories.contains(&InfoCategory::Annat) && r.scope.other_text.trim().is_empty() {
        return Err(Refusal::OtherCategoryBlank);
    }
    if let Some(c) = r
        .scope
        .categories
        .iter()
        .find(|c| r.scope.excluded_categories.contains(c))
    {
        return Err(Refusal::CategoryAcceptedAndExcluded {
            category: c.label(),
        });
    }
    if r.scope
        .actors
        .iter()
        .any(|a| r.scope.excluded_actors.contains(a))
    {
        return Err(Refusal::ActorAcceptedAndExcluded);
    }
    check_actor_categories(r)?;
    if r.scope
        .persons
        .iter()
        .any(|p| r.scope.excluded_persons.contains(p))
    {
        return Err(Refusal::PersonAcceptedAndExcluded);
    }
    if r.form != ConsentForm::Skriftligt {
        match &r.documentation {
            Some(d) if !d.how.trim().is_empty() && !d.received_by.trim().is_empty() => {
                if d.on < r.valid_from || d.on > today {
                    return Err(Refusal::DocumentationDateOutOfRange);
                }
            }
            _ => {
                return Err(Refusal::ConsentUndocumented {
                    form: r.form.label().to_lowercase(),
                })
            }
        }
    }
    match r.giver {
        Giver::Person if subject.is_child => Err(Refusal::GuardiansGiveChildConsent),
        Giver::Guardian { guardian } if !subject.custodial_guardians.contains(&guardian) => {
            Err(Refusal::GiverNotCustodialGuardian)
        }
        Giver::Guardian { .. } if !subject.is_child => Err(Refusal::AdultGivesOwnConsent),
        Giver::ChildOwn
            if !subject.is_child || subject.age.is_none_or(|a| a < CHILD_OWN_CONSENT_AGE) =>
        {
            Err(Refusal::ChildTooYoungForOwnConsent {
                min_age: CHILD_OWN_CONSENT_AGE,
                age: subject.age,
            })
        }
        _ => Ok(()),
    }?;
    match &r.withdrawal {
        Some(w) => check_withdrawal(r, w, today),
        None => Ok(()),
    }
}

/// The category scope per actor (issue 17): each row names an accepted actor once, and only
/// categories the consent accepts; at least one.
pub fn check_actor_categories(r: &ConsentRecord) -> Result<(), Refusal> {
    let mut seen: Vec<ActorRef> = Vec::new();
    for ac in &r.scope.actor_categories {
        if !r.scope.actors.contains(&ac.actor) {
            return Err(Refusal::ActorCategoriesNotAccepted);
        }
        if seen.contains(&ac.actor) {
            return Err(Refusal::ActorCategoriesTwice);
        }
        seen.push(ac.actor);
        if ac.categories.is_empty() {
            return Err(Refusal::ActorCategoriesEmpty);
        }
        if let Some(c) = ac
            .categories
            .iter()
            .find(|c| !r.scope.categories.contains(c))
        {
            return Err(Refusal::ActorCategoryNotInConsent {
                category: c.label(),
            });
        }
    }
    Ok(())
}

/// Checks a withdrawal of `r` ("may be **withdrawn at any time**"): dated from the consent's
/// first day to today, and who received it.
pub fn check_withdrawal(
    r: &ConsentRecord,
    w: &Withdrawal,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if w.on < r.valid_from || w.on > today {
        return Err(Refusal::WithdrawalDateOutOfRange { from: r.valid_from });
    }
    if w.how.trim().is_empty() {
        return Err(Refusal::WithdrawalHowBlank);
    }
    if w.received_by.trim().is_empty() {
        return Err(Refusal::WithdrawalReceiverBlank);
    }
    Ok(())
}

/// A record's state on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotYetValid,
    Valid,
    /// Valid, ending within [`EXPIRY_WARNING_DAYS`]; days left including the last day.
    Expiring {
        days_left: i64,
    },
    Expired,
    Withdrawn,
}

impl Status {
    pub fn is_valid(self) -> bool {
        matches!(self, Status::Valid | Status::Expiring { .. })
    }
}

/// "After expiry or withdrawal nothing new may be shared."
pub fn status_on(r: &ConsentRecord, on: NaiveDate) -> Status {
    if r.withdrawal.as_ref().is_some_and(|w| w.on <= on) {
        return Status::Withdrawn;
    }
    if on < r.valid_from {
        return Status::NotYetValid;
    }
    if on > r.valid_to {
        return Status::Expired;
    }
    let days_left = (r.valid_to - on).num_days() + 1;
    if days_left <= EXPIRY_WARNING_DAYS {
        Status::Expiring { days_left }
    } else {
        Status::Valid
    }
}

/// The consent the SIP rests on, on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis<'a> {
    /// Every record in force: all of them must allow an actor or a category.
    pub records: Vec<&'a ConsentRecord>,
    /// Only the child's own consent: open interventions by the social services only.
    pub child_own_only: bool,
}

/// The record from `giver` that is in force on `on`: the one entered **last** among those that
/// have started by then (`records` are in the order they were entered), if it is valid. A
/// newer record replaces the older ones from the same giver for good: withdrawing it, or its
/// ending sooner, never brings an older, broader consent back.
pub fn latest_valid(
    records: &[ConsentRecord],
    giver: Giver,
    on: NaiveDate,
) -> Option<&ConsentRecord> {
    newest_started(records, giver, on).filter(|r| status_on(r, on).is_valid())
}

/// The record from `giver` entered last among those that have started by `on`.
pub fn newest_started(
    records: &[ConsentRecord],
    giver: Giver,
    on: NaiveDate,
) -> Option<&ConsentRecord> {
    records
        .iter()
        .rev()
        .find(|r| r.giver == giver && r.valid_from <= on)
}

/// "Ändra samtycke" (issue 19): may `new` be entered as a change of `all[old]` on `today`?
/// Only the record in force today may be changed (a superseded, expired, withdrawn or not yet
/// valid one holds nothing to change), only by the one who gave it, and the change can't start
/// before the consent it changes. The new record is entered last, so it is the one in force
/// ([`latest_valid`]) and the old one is superseded for good. `Ok(())` or the Swedish reason.
pub fn check_change(
    all: &[ConsentRecord],
    old: usize,
    new: &ConsentRecord,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let rec = &all[old];
    let in_force = latest_valid(all, rec.giver, today).is_some_and(|r| std::ptr::eq(r, rec));
    if !in_force {
        return Err(Refusal::ChangeOnlyConsentInForce);
    }
    if new.giver != rec.giver {
        return Err(Refusal::ChangeBySameGiver);
    }
    if new.valid_from < rec.valid_from {
        return Err(Refusal::ChangeBeforeConsent {
            from: rec.valid_from,
        });
    }
    Ok(())
}

/// Is there a valid consent for the SIP on `on`? The records in force, or why not.
pub fn basis_on<'a>(
    records: &'a [ConsentRecord],
    subject: &Subject,
    exceptions: &[ChildException],
    on: NaiveDate,
) -> Result<Basis<'a>, Refusal> {
    let why_not = |giver: Giver, who: &'static str| -> Refusal {
        let latest = newest_started(records, giver, on)
            .or_else(|| records.iter().rev().find(|r| r.giver == giver));
        match latest.map(|r| (r, status_on(r, on))) {
            None => Refusal::ConsentMissingFrom { who },
            Some((r, Status::Withdrawn)) => Refusal::ConsentWithdrawnBy {
                who,
                on: r.withdrawal.as_ref().map(|w| w.on).unwrap_or(r.valid_from),
            },
            Some((r, Status::Expired)) => Refusal::ConsentExpiredFrom {
                who,
                on: r.valid_to,
            },
            Some((r, Status::NotYetValid)) => Refusal::ConsentNotYetFrom {
                who,
                from: r.valid_from,
            },
            Some(_) => Refusal::ConsentMissingFrom { who },
        }
    };
    if !subject.is_child {
        return latest_valid(records, Giver::Person, on)
            .map(|r| Basis {
                records: vec![r],
                child_own_only: false,
            })
            .ok_or_else(|| why_not(Giver::Person, "personen"));
    }
    // A child: every guardian with custody consents, except one an exception covers.
    let exempt: Vec<_> = exceptions
        .iter()
        .map(|e| match e {
            ChildException::BoardDecided { guardian, .. }
            | ChildException::GuardianNotInvited { guardian, .. } => *guardian,
        })
        .collect();
    let required: Vec<_> = subject
        .custodial_guardians
        .iter()
        .copied()
        .filter(|g| !exempt.contains(g))
        .collect();
    let mut in_force = Vec::new();
    let mut missing = Vec::new();
    for g in &required {
        match latest_valid(records, Giver::Guardian { guardian: *g }, on) {
            Some(r) => in_force.push(r),
            None => missing.push(why_not(
                Giver::Guardian { guardian: *g },
                "en vårdnadshavare",
            )),
        }
    }
    if !required.is_empty() && missing.is_empty() {
        return Ok(Basis {
            records: in_force,
            child_own_only: false,
        });
    }
    // The child's own consent (12+) covers open interventions by the social services.
    if let Some(r) = latest_valid(records, Giver::ChildOwn, on)
        .filter(|_| subject.age.is_some_and(|a| a >= CHILD_OWN_CONSENT_AGE))
    {
        return Ok(Basis {
            records: vec![r],
            child_own_only: true,
        });
    }
    if subject.custodial_guardians.is_empty() {
        return Err(Refusal::NoCustodialGuardian);
    }
    if required.is_empty() {
        return Err(Refusal::AllGuardiansExempt);
    }
    Err(Refusal::GuardiansMustConsent {
        both: subject.custodial_guardians.len() >= 2,
        missing,
    })
}

/// Does `scope` take the unit `unit` (of the organisation `org`) in: named, as a unit or by
/// one of its contacts, or through its organisation — and not excluded as a whole?
pub fn takes_in_unit(scope: &Scope, unit: UnitId, org: Option<OrganisationId>) -> bool {
    let named = scope.actors.iter().any(|a| a.unit == unit);
    let by_organisation = org.is_some_and(|o| scope.organisations.contains(&o));
    let excluded = scope
        .excluded_actors
        .iter()
        .any(|x| x.unit == unit && x.contact.is_none());
    (named || by_organisation) && !excluded
}

/// The worker's own unit is in every new consent; it is left out only with a stated reason.
/// `own`: the own unit, its organisation and its name (None: the worker has named none).
/// `Ok(Some(reason))` when it is left out with a reason (for the case history), `Ok(None)`
/// when it is in, or the Swedish refusal.
pub fn own_unit_left_out(
    scope: &Scope,
    own: Option<(UnitId, Option<OrganisationId>, &str)>,
    reason: Option<&str>,
) -> Result<Option<String>, Refusal> {
    let Some((unit, org, name)) = own else {
        return Ok(None);
    };
    if takes_in_unit(scope, unit, org) {
        return Ok(None);
    }
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Ok(Some(r.split_whitespace().collect::<Vec<_>>().join(" "))),
        None => Err(Refusal::OwnUnitLeftOutWithoutReason {
            name: name.to_owned(),
        }),
    }
}

/// Is `a` excluded by `r` (its unit as a whole, or the named contact)? An exclusion always wins
/// over an acceptance, whether the actor is named or accepted through its organisation.
pub fn excludes(r: &ConsentRecord, a: ActorRef) -> bool {
    r.scope
        .excluded_actors
        .iter()
        .any(|x| x.unit == a.unit && (x.contact.is_none() || x.contact == a.contact))
}

/// Does `r` accept `a` (named, directly or by its unit, and not excluded)?
pub fn accepts(r: &ConsentRecord, a: ActorRef) -> bool {
    accepts_in(r, a, None)
}

/// Does `r` accept `a`, whose unit belongs to the organisation `org` (None: to none)? Named
/// directly or by its unit, or its unit belongs to an organisation the consent accepts as a
/// whole — and in every case not excluded: the exclusion always wins, also for a unit added
/// to the organisation after the consent was given.
pub fn accepts_in(r: &ConsentRecord, a: ActorRef, org: Option<OrganisationId>) -> bool {
    let named = r
        .scope
        .actors
        .iter()
        .any(|x| x.unit == a.unit && (x.contact.is_none() || x.contact == a.contact));
    let by_organisation = org.is_some_and(|o| r.scope.organisations.contains(&o));
    (named || by_organisation) && !excludes(r, a)
}

/// May `actor` (of type `actor_type`) be invited, or added as a participant, on the basis?
/// "Other actors … may be invited when the person needs them — only actors the person
/// consents to"; "exclude persons or units".
pub fn may_invite(
    basis: &Basis<'_>,
    actor: ActorRef,
    actor_type: ActorType,
) -> Result<(), Refusal> {
    may_invite_in(basis, actor, actor_type, None)
}

/// [`may_invite`] for an actor whose unit belongs to the organisation `org` (the gate knows it
/// from the directory; the rule stays a pure function of what it is given).
pub fn may_invite_in(
    basis: &Basis<'_>,
    actor: ActorRef,
    actor_type: ActorType,
    org: Option<OrganisationId>,
) -> Result<(), Refusal> {
    if basis.child_own_only && !actor_type.is_social_services() {
        return Err(Refusal::ChildOwnConsentSocialServicesOnly);
    }
    for r in &basis.records {
        if excludes(r, actor) {
            return Err(Refusal::ActorExcluded { from: r.valid_from });
        }
        // A whole unit can't be invited when the person excluded someone at it: the invitation
        // would reach that person too.
        if actor.contact.is_none()
            && r.scope
                .excluded_actors
                .iter()
                .any(|x| x.unit == actor.unit && x.contact.is_some())
        {
            return Err(Refusal::PersonAtUnitExcluded { from: r.valid_from });
        }
        if !accepts_in(r, actor, org) {
            return Err(Refusal::ActorNotInConsent { from: r.valid_from });
        }
    }
    Ok(())
}

/// Does a per-actor scope entry for `entry` govern what `actor` gets? An entry for a unit
/// governs every contact at it; an entry for one contact governs that contact and a copy for
/// the whole unit (which reaches that contact too).
pub fn governs(entry: ActorRef, actor: ActorRef) -> bool {
    entry.unit == actor.unit
        && (entry.contact.is_none() || actor.contact.is_none() || entry.contact == actor.contact)
}

/// May information of `category` be shared with `actor` on the basis? The actor must be
/// inside every record in force, the category accepted and not excluded in each, and — where
/// the person chose a category scope for the actor (issue 17) — inside that scope too.
pub fn may_share(
    basis: &Basis<'_>,
    actor: ActorRef,
    actor_type: ActorType,
    category: InfoCategory,
) -> Result<(), Refusal> {
    may_share_in(basis, actor, actor_type, None, category)
}

/// [`may_share`] for an actor whose unit belongs to the organisation `org`.
pub fn may_share_in(
    basis: &Basis<'_>,
    actor: ActorRef,
    actor_type: ActorType,
    org: Option<OrganisationId>,
    category: InfoCategory,
) -> Result<(), Refusal> {
    may_invite_in(basis, actor, actor_type, org)?;
    may_share_generally(basis, category)?;
    for r in &basis.records {
        if r.scope
            .actor_categories
            .iter()
            .any(|ac| governs(ac.actor, actor) && !ac.categories.contains(&category))
        {
            return Err(Refusal::CategoryNotForRecipient {
                category: category.label(),
                from: r.valid_from,
            });
        }
    }
    Ok(())
}

/// Is `category` inside every record in force (accepted and not excluded), whoever reads?
pub fn may_share_generally(basis: &Basis<'_>, category: InfoCategory) -> Result<(), Refusal> {
    for r in &basis.records {
        if r.scope.excluded_categories.contains(&category) {
            return Err(Refusal::CategoryExcluded {
                category: category.label(),
                from: r.valid_from,
            });
        }
        if !r.scope.categories.contains(&category) {
            return Err(Refusal::CategoryNotInConsent {
                category: category.label(),
                from: r.valid_from,
            });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Persons of the case, and the recorded exceptions
// ---------------------------------------------------------------------------------------------

/// A person of the case (a närstående, a parent, a guardian) as the rules see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CasePerson {
    pub person: PersonId,
    /// Registered as using violence against someone in the case, or the whereabouts are
    /// protected from them ([`crate::protection::CaseFacts::is_guarded_against`]).
    pub guarded: bool,
    /// The decision to invite them anyway is recorded ([`crate::sip::guard`]).
    pub decision_recorded: bool,
}

/// THE check of the recorded exceptions, asked by every path that reaches a person (added as a
/// participant, sent an invitation, the plan or a copy of the consent form): is `person` barred
/// by one, and which? A guardian who is not invited [003 "Samtycke och sekretess för barn i
/// SIP"] — "for safety reasons, or by the child's own will" — and a guardian the board decided
/// without take no part in the meeting and get no document about it. The refusal names the
/// recorded decision. Every exception kind is matched here by name: a new kind can't be added
/// without deciding what it bars.
pub fn barred_by_exception(exceptions: &[ChildException], person: PersonId) -> Option<Refusal> {
    exceptions.iter().find_map(|e| match e {
        ChildException::GuardianNotInvited { guardian, reason } if *guardian == person => {
            Some(Refusal::GuardianNotInvited {
                reason: reason.trim().to_owned(),
            })
        }
        ChildException::BoardDecided { guardian, decision } if *guardian == person => {
            Some(Refusal::BoardDecidedWithoutGuardian {
                decision: decision.trim().to_owned(),
            })
        }
        ChildException::GuardianNotInvited { .. } | ChildException::BoardDecided { .. } => None,
    })
}

/// May a person of the case be invited to the SIP, or be given a document about it? On the
/// basis (or why there is none), the subject and the recorded exceptions:
/// 1. never someone a recorded exception bars ([`barred_by_exception`]);
/// 2. a child's custodial guardian is governed by the child rules (the guardians give the
///    consent); anyone else — a närstående, a parent without custody, a relative — only when
///    every consent in force names them and none excludes them: relatives take part only when
///    the person wants it [003 "Delaktighet"];
/// 3. someone registered as using violence, or whom the whereabouts are protected from, also
///    needs the recorded decision: a warning and a consent are not enough on their own.
pub fn may_invite_person(
    basis: Result<&Basis<'_>, &Refusal>,
    subject: &Subject,
    exceptions: &[ChildException],
    p: CasePerson,
) -> Result<(), Refusal> {
    if let Some(why) = barred_by_exception(exceptions, p.person) {
        return Err(why);
    }
    let custodial = subject.is_child && subject.custodial_guardians.contains(&p.person);
    if !custodial {
        let basis = basis.map_err(|why| Refusal::PersonWithoutConsent {
            why: Box::new(why.clone()),
        })?;
        if basis.child_own_only {
            return Err(Refusal::ChildOwnConsentOtherPersons);
        }
        for r in &basis.records {
            if r.scope.excluded_persons.contains(&p.person) {
                return Err(Refusal::PersonExcluded { from: r.valid_from });
            }
            if !r.scope.persons.contains(&p.person) {
                return Err(Refusal::PersonNotInConsent { from: r.valid_from });
            }
        }
    }
    if p.guarded && !p.decision_recorded {
        return Err(Refusal::GuardedPersonNeedsDecision);
    }
    Ok(())
}

/// "Expiry: warnings 30 days before."
pub fn expiry_warning(basis: &Basis<'_>, on: NaiveDate) -> Option<String> {
    basis
        .records
        .iter()
        .filter_map(|r| match status_on(r, on) {
            Status::Expiring { days_left } => Some((r.valid_to, days_left)),
            _ => None,
        })
        .min()
        .map(|(to, days)| {
            format!(
                "Samtycket gäller till och med {to} ({} kvar). Förnya det tillsammans med \
                 personen i god tid.",
                if days == 1 {
                    "1 dag".to_owned()
                } else {
                    format!("{days} dagar")
                }
            )
        })
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod persons_tests;
