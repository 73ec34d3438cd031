//! The SIP lifecycle as pure functions of the facts and a date.
//!
//! "Process steps shown in the source: **Upptäck behov → Förbered → Kalla till SIP-möte →
//! SIP-möte → plan → uppföljning** (and closing)" [003 Del 4]. "Whoever discovers the need
//! … shall, with consent, **initiate** a SIP" — and the law says *utan dröjsmål*
//! ([`crate::law::SIP`]), hence the warning when no meeting is booked N days after the need was
//! discovered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::SipState;
use crate::refusal::Refusal;

/// Default for the warning: no meeting booked this many days after the need was discovered.
pub const DEFAULT_WARNING_DAYS: u32 = 14;
/// The fewest days the warning may be set to.
pub const MIN_WARNING_DAYS: u32 = 1;
pub const MAX_WARNING_DAYS: u32 = 90;

/// What the transition rules need to know about a SIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipFacts {
    pub state: SipState,
    pub need_discovered_on: NaiveDate,
    /// The date of the latest transition (or the need's date if none).
    pub last_step_on: NaiveDate,
    /// Every booked meeting.
    pub meetings: Vec<MeetingFact>,
    /// A plan version exists.
    pub has_plan: bool,
    /// A plan version has been frozen (fastställd or printed for signature).
    pub has_frozen_plan: bool,
}

/// A booked meeting, as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingFact {
    pub on: NaiveDate,
    /// Marked by the worker as held.
    pub held: bool,
}

/// The step that normally follows `state` (Uppföljning may repeat).
pub fn next_step(state: SipState) -> Option<SipState> {
    use SipState::*;
    match state {
        BehovUpptackt => Some(Forberedelse),
        Forberedelse => Some(Kallad),
        Kallad => Some(PlanUpprattad),
        PlanUpprattad => Some(Uppfoljning),
        Uppfoljning => Some(Uppfoljning),
        Avslutad => None,
    }
}

fn order(s: SipState) -> u8 {
    use SipState::*;
    match s {
        BehovUpptackt => 0,
        Forberedelse => 1,
        Kallad => 2,
        PlanUpprattad => 3,
        Uppfoljning => 4,
        Avslutad => 5,
    }
}

/// Checks a transition to `to` dated `on`, recorded on `today`. `Ok(())` or the [`Refusal`]
/// (whose message also says what to do instead).
pub fn check_transition(
    f: &SipFacts,
    to: SipState,
    on: NaiveDate,
    today: NaiveDate,
    closing_reason: Option<&str>,
) -> Result<(), Refusal> {
    use SipState::*;
    if f.state == Avslutad {
        return Err(Refusal::SipClosed);
    }
    if on > today {
        return Err(Refusal::StepInFuture { on, today });
    }
    if on < f.last_step_on {
        return Err(Refusal::StepBeforePrevious {
            on,
            previous: f.last_step_on,
        });
    }
    if to == Avslutad {
        return match closing_reason.map(str::trim) {
            Some(r) if !r.is_empty() => Ok(()),
            _ => Err(Refusal::ClosingReasonBlank),
        };
    }
    if to == f.state && to != Uppfoljning {
        return Err(Refusal::AlreadyInStep { step: to.label() });
    }
    if order(to) < order(f.state) {
        return Err(Refusal::StepBackwards {
            from: f.state.label(),
            to: to.label(),
        });
    }
    let expected = next_step(f.state);
    if expected != Some(to) {
        return Err(Refusal::StepOutOfOrder {
            to: to.label(),
            next: expected.map(|s| s.label()).unwrap_or(""),
        });
    }
    match to {
        Kallad if f.meetings.is_empty() => Err(Refusal::MeetingNotBooked),
        PlanUpprattad => match f.meetings.iter().map(|m| m.on).min() {
            None => Err(Refusal::NoMeeting),
            Some(first) if first > on => Err(Refusal::MeetingNotYetHeld { first }),
            Some(_) if !f.meetings.iter().any(|m| m.held && m.on <= on) => {
                Err(Refusal::NoMeetingHeld)
            }
            Some(_) if !f.has_plan => Err(Refusal::PlanNotWritten),
            Some(_) => Ok(()),
        },
        Uppfoljning if !f.has_frozen_plan => Err(Refusal::PlanNotFrozen),
        _ => Ok(()),
    }
}

/// The step form's answer for a step to `to` dated `on`: [`check_transition`]'s, and a
/// follow-up — which the rules may allow — is refused with where it is taken instead
/// ([`Refusal::FollowUpOnItsTab`]).
pub fn check_step(
    f: &SipFacts,
    to: SipState,
    on: NaiveDate,
    today: NaiveDate,
    closing_reason: Option<&str>,
) -> Result<(), Refusal> {
    check_transition(f, to, on, today, closing_reason)?;
    if to == SipState::Uppfoljning {
        return Err(Refusal::FollowUpOnItsTab);
    }
    Ok(())
}

/// A step the step form can't take today, and why (in Swedish, with what to do instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedStep {
    pub to: SipState,
    pub reason: String,
}

/// Every step, as the step form offers it today: the ones it may take, and every other one
/// with the reason [`check_step`] gives (issue 19: "Steget ”Uppföljning” kan inte tas ännu."
/// with no reason — the UI guessed reasons, and had none for a step the core kept to another
/// tab). Together they are all the steps, each once.
pub fn step_choices(f: &SipFacts, today: NaiveDate) -> (Vec<SipState>, Vec<RefusedStep>) {
    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for &to in SipState::ALL {
        match check_step(f, to, today, today, Some("skäl")) {
            Ok(()) => allowed.push(to),
            Err(r) => refused.push(RefusedStep {
                to,
                reason: r.to_string(),
            }),
        }
    }
    (allowed, refused)
}

/// What the worker just did on another tab that moves the SIP along (issue 19: booking a
/// meeting, holding it and fixing the plan did not move the steps; the worker carried them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SipEvent {
    /// A meeting was booked (or changed, not held).
    MeetingBooked,
    /// A meeting was marked as held.
    MeetingHeld,
    /// A plan version was saved.
    PlanSaved,
    /// A plan version was fixed (fastställd).
    PlanFixed,
}

impl SipEvent {
    pub const ALL: &'static [SipEvent] = &[
        SipEvent::MeetingBooked,
        SipEvent::MeetingHeld,
        SipEvent::PlanSaved,
        SipEvent::PlanFixed,
    ];

    /// The step the event stands for: a booked meeting means the SIP is called (Kallad); a
    /// held meeting or a written plan means "Möte hållet / plan upprättad".
    pub fn target(self) -> SipState {
        match self {
            SipEvent::MeetingBooked => SipState::Kallad,
            SipEvent::MeetingHeld | SipEvent::PlanSaved | SipEvent::PlanFixed => {
                SipState::PlanUpprattad
            }
        }
    }
}

/// The step to offer after `event`, dated `today`: `None` when the SIP is already at (or past)
/// the event's step, or closed — nothing to offer; else the next step on the way there (a SIP
/// still at "Behov upptäckt" when the meeting is booked is offered "Förberedelse" first, then
/// "Kallad"), `Ok` when [`check_step`] allows it today, `Err` with its reason when not. Never
/// a step backwards, never "Uppföljning" (taken on its tab) and never "Avslutad".
pub fn next_step_after(
    event: SipEvent,
    f: &SipFacts,
    today: NaiveDate,
) -> Option<Result<SipState, RefusedStep>> {
    if f.state == SipState::Avslutad || order(f.state) >= order(event.target()) {
        return None;
    }
    let to = next_step(f.state)?;
    Some(match check_step(f, to, today, today, None) {
        Ok(()) => Ok(to),
        Err(r) => Err(RefusedStep {
            to,
            reason: r.to_string(),
        }),
    })
}

/// The step the app offers at once after an event, as the UI shows it: one button that takes
/// `to` dated `on`, or — when `refused` is set — the core's reason beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StepOffer {
    pub after: SipEvent,
    pub to: SipState,
    #[ts(type = "string")]
    pub on: NaiveDate,
    /// Why `to` can't be taken now (a whole Swedish sentence saying what to do), or `None`.
    pub refused: Option<String>,
}

/// [`next_step_after`] for every event that has an offer today.
pub fn step_offers(f: &SipFacts, today: NaiveDate) -> Vec<StepOffer> {
    SipEvent::ALL
        .iter()
        .filter_map(|&after| {
            next_step_after(after, f, today).map(|r| match r {
                Ok(to) => StepOffer {
                    after,
                    to,
                    on: today,
                    refused: None,
                },
                Err(RefusedStep { to, reason }) => StepOffer {
                    after,
                    to,
                    on: today,
                    refused: Some(reason),
                },
            })
        })
        .collect()
}

/// Every transition that [`check_transition`] allows from these facts on `today` (closing
/// with a reason included).
pub fn allowed_steps(f: &SipFacts, today: NaiveDate) -> Vec<SipState> {
    SipState::ALL
        .iter()
        .copied()
        .filter(|&to| check_transition(f, to, today, today, Some("skäl")).is_ok())
        .collect()
}

/// "No meeting booked N days after the need was discovered" (the law: *utan dröjsmål*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingWarning {
    /// Days since the need was discovered.
    #[ts(type = "number")]
    pub days: i64,
    /// The date by which a meeting should have been booked.
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    pub message: String,
}

/// The date `warning_days` after the need was discovered (saturating at the calendar's end).
pub fn warning_due(need_discovered_on: NaiveDate, warning_days: u32) -> NaiveDate {
    need_discovered_on
        .checked_add_days(chrono::Days::new(warning_days.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// The warning, if one applies on `today`, for a SIP whose meeting has not been held:
/// - no meeting booked `warning_days` or more days after the need was discovered; or
/// - the first meeting is booked later than that (the law says *utan dröjsmål*, so a meeting
///   booked months ahead is no answer either).
pub fn meeting_warning(
    f: &SipFacts,
    today: NaiveDate,
    warning_days: u32,
) -> Option<MeetingWarning> {
    use SipState::*;
    if !matches!(f.state, BehovUpptackt | Forberedelse | Kallad)
        || f.meetings.iter().any(|m| m.held)
    {
        return None;
    }
    let due_on = warning_due(f.need_discovered_on, warning_days);
    match f.meetings.iter().map(|m| m.on).min() {
        None if today >= due_on => {
            let days = (today - f.need_discovered_on).num_days();
            Some(MeetingWarning {
                days,
                due_on,
                message: format!(
                    "Inget SIP-möte är bokat {days} dagar efter att behovet upptäcktes ({}). \
                     Lagen säger att SIP ska upprättas utan dröjsmål – boka ett möte.",
                    f.need_discovered_on
                ),
            })
        }
        Some(first) if first > due_on => {
            let days = (first - f.need_discovered_on).num_days();
            Some(MeetingWarning {
                days,
                due_on,
                message: format!(
                    "SIP-mötet är bokat först {first}, {days} dagar efter att behovet \
                     upptäcktes ({}). Lagen säger att SIP ska upprättas utan dröjsmål – se om \
                     mötet kan hållas tidigare (senast {due_on}).",
                    f.need_discovered_on
                ),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refusal::RefusalKind;
    use proptest::prelude::*;
    use SipState::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(state: SipState) -> SipFacts {
        SipFacts {
            state,
            need_discovered_on: d("2026-10-01"),
            last_step_on: d("2026-10-05"),
            meetings: vec![MeetingFact {
                on: d("2026-10-20"),
                held: true,
            }],
            has_plan: true,
            has_frozen_plan: true,
        }
    }

    const TODAY: &str = "2026-11-25";

    /// The whole table: from every state to every state, with all preconditions met.
    #[test]
    fn every_transition_is_allowed_or_refused_as_specified() {
        // (from, to, allowed)
        let allowed: &[(SipState, SipState)] = &[
            (BehovUpptackt, Forberedelse),
            (Forberedelse, Kallad),
            (Kallad, PlanUpprattad),
            (PlanUpprattad, Uppfoljning),
            (Uppfoljning, Uppfoljning),
            (BehovUpptackt, Avslutad),
            (Forberedelse, Avslutad),
            (Kallad, Avslutad),
            (PlanUpprattad, Avslutad),
            (Uppfoljning, Avslutad),
        ];
        let today = d(TODAY);
        for &from in SipState::ALL {
            for &to in SipState::ALL {
                let r = check_transition(&facts(from), to, today, today, Some("Målen uppnådda"));
                let expect = allowed.contains(&(from, to));
                assert_eq!(r.is_ok(), expect, "{from:?} → {to:?}: {r:?}");
                if let Err(r) = r {
                    assert!(r.to_string().ends_with('.'), "a full Swedish sentence: {r}");
                }
            }
        }
    }

    #[test]
    fn preconditions_refuse_with_a_reason() {
        let today = d(TODAY);
        let mut f = facts(Forberedelse);
        f.meetings.clear();
        let e = check_transition(&f, Kallad, today, today, None).unwrap_err();
        assert_eq!(e, Refusal::MeetingNotBooked);

        let mut f = facts(Kallad);
        f.meetings = vec![MeetingFact {
            on: d("2026-12-01"),
            held: true,
        }];
        let e = check_transition(&f, PlanUpprattad, today, today, None).unwrap_err();
        assert_eq!(
            e,
            Refusal::MeetingNotYetHeld {
                first: d("2026-12-01")
            }
        );
        // Same meeting, dated on the meeting day: fine.
        assert!(
            check_transition(&f, PlanUpprattad, d("2026-12-01"), d("2026-12-01"), None).is_ok()
        );
        // A meeting in the past that is not marked held is not enough.
        f.meetings = vec![MeetingFact {
            on: d("2026-11-01"),
            held: false,
        }];
        let e = check_transition(&f, PlanUpprattad, today, today, None).unwrap_err();
        assert_eq!(e, Refusal::NoMeetingHeld);

        let mut f = facts(Kallad);
        f.has_plan = false;
        assert_eq!(
            check_transition(&f, PlanUpprattad, today, today, None),
            Err(Refusal::PlanNotWritten)
        );

        let mut f = facts(PlanUpprattad);
        f.has_frozen_plan = false;
        assert_eq!(
            check_transition(&f, Uppfoljning, today, today, None),
            Err(Refusal::PlanNotFrozen)
        );

        // Closing needs a reason.
        for reason in [None, Some(""), Some("   ")] {
            assert_eq!(
                check_transition(&facts(Kallad), Avslutad, today, today, reason),
                Err(Refusal::ClosingReasonBlank)
            );
        }
    }

    #[test]
    fn dates_must_be_in_order_and_not_in_the_future() {
        let today = d(TODAY);
        let f = facts(BehovUpptackt);
        let e = check_transition(&f, Forberedelse, d("2026-11-26"), today, None).unwrap_err();
        assert_eq!(e.kind(), RefusalKind::StepInFuture);
        let e = check_transition(&f, Forberedelse, d("2026-10-04"), today, None).unwrap_err();
        assert_eq!(
            e,
            Refusal::StepBeforePrevious {
                on: d("2026-10-04"),
                previous: d("2026-10-05")
            }
        );
        assert!(check_transition(&f, Forberedelse, d("2026-10-05"), today, None).is_ok());
    }

    #[test]
    fn the_warning_clock() {
        let mut f = facts(BehovUpptackt);
        f.meetings.clear();
        // Need discovered 2026-10-01; 14 days → due 2026-10-15.
        assert_eq!(meeting_warning(&f, d("2026-10-14"), 14), None);
        let w = meeting_warning(&f, d("2026-10-15"), 14).unwrap();
        assert_eq!(w.days, 14);
        assert_eq!(w.due_on, d("2026-10-15"));
        assert!(w.message.contains("14 dagar"));
        // Configurable.
        assert_eq!(meeting_warning(&f, d("2026-10-15"), 30), None);
        assert!(meeting_warning(&f, d("2026-10-31"), 30).is_some());
        // A meeting booked in time silences it …
        f.meetings = vec![MeetingFact {
            on: d("2026-10-15"),
            held: false,
        }];
        assert_eq!(meeting_warning(&f, d("2026-11-25"), 14), None);
        // … one booked late does not (utan dröjsmål), until it is held.
        f.meetings = vec![MeetingFact {
            on: d("2026-12-24"),
            held: false,
        }];
        let w = meeting_warning(&f, d("2026-11-25"), 14).unwrap();
        assert!(
            w.message.contains("bokat först 2026-12-24"),
            "{}",
            w.message
        );
        assert_eq!(w.days, 84);
        f.state = Kallad;
        assert!(meeting_warning(&f, d("2026-11-25"), 14).is_some());
        f.meetings = vec![MeetingFact {
            on: d("2026-11-20"),
            held: true,
        }];
        assert_eq!(meeting_warning(&f, d("2026-11-25"), 14), None);
        f.meetings.clear();
        for s in [PlanUpprattad, Uppfoljning, Avslutad] {
            f.state = s;
            assert_eq!(meeting_warning(&f, d("2026-11-25"), 14), None);
        }
        f.state = Forberedelse;
        assert!(meeting_warning(&f, d("2026-11-25"), 14).is_some());
    }

    /// Issue 19: a refused step showed no reason. From every state, with and without each
    /// precondition, every step the form can't take has a reason — a whole Swedish sentence —
    /// and the allowed and refused steps are all the steps, each once.
    #[test]
    fn every_refused_step_has_its_reason() {
        let today = d(TODAY);
        for &from in SipState::ALL {
            for (meetings, has_plan, has_frozen_plan) in [
                (vec![], false, false),
                (vec![(d("2026-12-01"), false)], false, false),
                (vec![(d("2026-11-01"), false)], true, false),
                (vec![(d("2026-10-20"), true)], true, false),
                (vec![(d("2026-10-20"), true)], true, true),
            ] {
                let f = SipFacts {
                    meetings: meetings
                        .iter()
                        .map(|&(on, held)| MeetingFact { on, held })
                        .collect(),
                    has_plan,
                    has_frozen_plan,
                    ..facts(from)
                };
                let (allowed, refused) = step_choices(&f, today);
                let mut all: Vec<SipState> = allowed.clone();
                all.extend(refused.iter().map(|r| r.to));
                all.sort_by_key(|s| order(*s));
                assert_eq!(all, SipState::ALL.to_vec(), "{from:?}");
                for r in &refused {
                    assert!(
                        r.reason.len() > 20 && r.reason.ends_with('.'),
                        "{from:?} → {:?}: {:?}",
                        r.to,
                        r.reason
                    );
                    assert_eq!(
                        check_step(&f, r.to, today, today, Some("skäl")).map_err(|e| e.to_string()),
                        Err(r.reason.clone())
                    );
                }
                assert!(!allowed.contains(&Uppfoljning), "a bare follow-up step");
            }
        }
        // The case of the issue: the plan is fixed, the form still can't take the follow-up,
        // and says where it is taken.
        let (_, refused) = step_choices(&facts(PlanUpprattad), today);
        let why = refused.iter().find(|r| r.to == Uppfoljning).unwrap();
        assert!(why.reason.contains("fliken Uppföljning"), "{}", why.reason);
    }

    /// Issue 19: the step offered after booking a meeting, holding it, saving or fixing the
    /// plan — from every state, with the facts the event leaves behind.
    #[test]
    fn the_step_offered_after_each_event() {
        use SipEvent::*;
        let today = d(TODAY);
        let booked = vec![MeetingFact {
            on: d("2026-12-01"),
            held: false,
        }];
        let held = vec![MeetingFact {
            on: d("2026-11-20"),
            held: true,
        }];
        // (event, from, meetings, has_plan, frozen, expected: None | Some(Ok(to)) | Some(Err((to, part of the reason))))
        type Want = Option<Result<SipState, (SipState, &'static str)>>;
        let table: Vec<(SipEvent, SipState, Vec<MeetingFact>, bool, bool, Want)> = vec![
            (
                MeetingBooked,
                Forberedelse,
                booked.clone(),
                false,
                false,
                Some(Ok(Kallad)),
            ),
            // Not yet in Förberedelse: that step first, then Kallad.
            (
                MeetingBooked,
                BehovUpptackt,
                booked.clone(),
                false,
                false,
                Some(Ok(Forberedelse)),
            ),
            (MeetingBooked, Kallad, booked.clone(), false, false, None),
            (
                MeetingBooked,
                PlanUpprattad,
                booked.clone(),
                true,
                true,
                None,
            ),
            (MeetingBooked, Uppfoljning, booked.clone(), true, true, None),
            (MeetingBooked, Avslutad, booked.clone(), true, true, None),
            (
                MeetingHeld,
                Kallad,
                held.clone(),
                true,
                false,
                Some(Ok(PlanUpprattad)),
            ),
            // Held, but no plan yet: offered with the reason.
            (
                MeetingHeld,
                Kallad,
                held.clone(),
                false,
                false,
                Some(Err((PlanUpprattad, "Skriv planen"))),
            ),
            (
                MeetingHeld,
                Forberedelse,
                held.clone(),
                false,
                false,
                Some(Ok(Kallad)),
            ),
            (MeetingHeld, PlanUpprattad, held.clone(), true, false, None),
            (MeetingHeld, Avslutad, held.clone(), true, false, None),
            // Plan saved before the meeting was held: the reason says to mark it held.
            (
                PlanSaved,
                Kallad,
                vec![MeetingFact {
                    on: d("2026-11-20"),
                    held: false,
                }],
                true,
                false,
                Some(Err((PlanUpprattad, "markerat som hållet"))),
            ),
            (
                PlanSaved,
                Kallad,
                booked.clone(),
                true,
                false,
                Some(Err((PlanUpprattad, "2026-12-01"))),
            ),
            (
                PlanSaved,
                Kallad,
                held.clone(),
                true,
                false,
                Some(Ok(PlanUpprattad)),
            ),
            (
                PlanFixed,
                Kallad,
                held.clone(),
                true,
                true,
                Some(Ok(PlanUpprattad)),
            ),
            // Fixed after the step: the follow-up is taken on its tab, nothing to offer.
            (PlanFixed, PlanUpprattad, held.clone(), true, true, None),
            (PlanFixed, Uppfoljning, held.clone(), true, true, None),
            (PlanFixed, Avslutad, held.clone(), true, true, None),
        ];
        for (event, from, meetings, has_plan, has_frozen_plan, want) in table {
            let f = SipFacts {
                meetings,
                has_plan,
                has_frozen_plan,
                ..facts(from)
            };
            let got = next_step_after(event, &f, today);
            match (&got, want) {
                (None, None) => {}
                (Some(Ok(to)), Some(Ok(w))) => {
                    assert_eq!(*to, w, "{event:?} from {from:?}");
                    // An offer is a step the step form may take today.
                    assert_eq!(check_step(&f, *to, today, today, None), Ok(()));
                }
                (Some(Err(r)), Some(Err((w, part)))) => {
                    assert_eq!(r.to, w, "{event:?} from {from:?}");
                    assert!(
                        r.reason.contains(part),
                        "{event:?} from {from:?}: {}",
                        r.reason
                    );
                    assert!(r.reason.ends_with('.'), "{}", r.reason);
                }
                _ => panic!("{event:?} from {from:?}: got {got:?}, want {want:?}"),
            }
            // The UI's list agrees, dated today.
            let offer = step_offers(&f, today)
                .into_iter()
                .find(|o| o.after == event);
            assert_eq!(offer.is_some(), got.is_some(), "{event:?} from {from:?}");
            if let (Some(o), Some(g)) = (offer, got) {
                assert_eq!(o.on, today);
                match g {
                    Ok(to) => assert_eq!((o.to, o.refused), (to, None)),
                    Err(r) => assert_eq!((o.to, o.refused), (r.to, Some(r.reason))),
                }
            }
        }
    }

    fn any_state() -> impl Strategy<Value = SipState> {
        prop::sample::select(SipState::ALL.to_vec())
    }

    proptest! {
        /// Nothing ever leaves Avslutad; nothing goes backwards; allowed_steps agrees with
        /// check_transition.
        #[test]
        fn no_path_leaves_closed_or_goes_back(
            from in any_state(), to in any_state(),
            meetings in prop::collection::vec((0u32..120, any::<bool>()), 0..3),
            has_plan: bool, frozen: bool, offset in 0u32..60,
        ) {
            let base = d("2026-09-01");
            let f = SipFacts {
                state: from,
                need_discovered_on: base,
                last_step_on: base + chrono::Days::new(offset.into()),
                meetings: meetings
                    .iter()
                    .map(|(m, held)| MeetingFact { on: base + chrono::Days::new((*m).into()), held: *held })
                    .collect(),
                has_plan,
                has_frozen_plan: frozen && has_plan,
            };
            let today = d(TODAY);
            let r = check_transition(&f, to, today, today, Some("skäl"));
            if from == Avslutad { prop_assert!(r.is_err()); }
            if order(to) < order(from) && to != Avslutad { prop_assert!(r.is_err()); }
            prop_assert_eq!(allowed_steps(&f, today).contains(&to), r.is_ok());
        }

        /// An offer is only ever the step that normally follows, never backwards, never a
        /// follow-up or closing, and offered as takeable exactly when the step form may take it.
        #[test]
        fn an_offer_is_the_next_step_and_honest(
            from in any_state(),
            meetings in prop::collection::vec((0u32..120, any::<bool>()), 0..3),
            has_plan: bool, frozen: bool,
        ) {
            let base = d("2026-09-01");
            let f = SipFacts {
                state: from,
                need_discovered_on: base,
                last_step_on: base,
                meetings: meetings
                    .iter()
                    .map(|(m, held)| MeetingFact { on: base + chrono::Days::new((*m).into()), held: *held })
                    .collect(),
                has_plan,
                has_frozen_plan: frozen && has_plan,
            };
            let today = d(TODAY);
            for &event in SipEvent::ALL {
                if let Some(r) = next_step_after(event, &f, today) {
                    let to = match &r { Ok(to) => *to, Err(refused) => refused.to };
                    prop_assert_eq!(Some(to), next_step(from));
                    prop_assert!(order(to) <= order(event.target()));
                    prop_assert!(!matches!(to, Uppfoljning | Avslutad));
                    prop_assert_eq!(r.is_ok(), check_step(&f, to, today, today, None).is_ok());
                }
            }
        }
    }
}
