//! The SIP lifecycle: every command returns the SIP as it is afterwards.

use tauri::State;
use tryggplan_core::access;
use tryggplan_core::catalog::Settings;
use tryggplan_core::ids::{ParticipantId, PersonId, PersonParticipantId, PlanVersionId, SipId};
use tryggplan_core::protection::InviteDecision;
use tryggplan_core::sip::guard::{self, PersonParticipantInput};
use tryggplan_core::sip::invite::{self, Candidate, Invitee};
use tryggplan_core::sip::plan::PlanContent;
use tryggplan_core::sip::{
    self, FollowUpInput, MeetingInput, NewSip, ParticipantInput, Preparation, SipDetail,
    TransitionInput,
};
use tryggplan_core::vocab::FrozenAs;

use super::{ipc, AppState, CmdResult};

#[tauri::command]
pub async fn create_sip(state: State<'_, AppState>, new: NewSip) -> CmdResult<SipDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            access::open_person(c, ctx, new.person_id)?;
            let id = sip::create(c, ctx, &new)?;
            sip::get(c, access::open_sip(c, ctx, id)?, ctx.today)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn get_sip(state: State<'_, AppState>, sip_id: SipId) -> CmdResult<SipDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, sip_id)?;
            sip::get(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// Runs a change and returns the SIP afterwards.
fn change(
    state: &AppState,
    id: SipId,
    f: impl FnOnce(
        &mut tryggplan_core::store::Connection,
        &tryggplan_core::ctx::Ctx,
        tryggplan_core::case_ref::OpenSip,
    ) -> tryggplan_core::Result<()>,
) -> CmdResult<SipDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, id)?;
            f(c, ctx, open)?;
            sip::get(c, open, ctx.today)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn save_preparation(
    state: State<'_, AppState>,
    sip_id: SipId,
    preparation: Preparation,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::save_preparation(c, ctx, open, &preparation)
    })
}

#[tauri::command]
pub async fn add_participant(
    state: State<'_, AppState>,
    sip_id: SipId,
    participant: ParticipantInput,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        invite::invite(c, ctx, open, Invitee::Actor(&participant)).map(|_| ())
    })
}

#[tauri::command]
pub async fn remove_participant(
    state: State<'_, AppState>,
    sip_id: SipId,
    participant_id: ParticipantId,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::remove_participant(c, ctx, open, participant_id)
    })
}

#[tauri::command]
pub async fn save_meeting(
    state: State<'_, AppState>,
    sip_id: SipId,
    meeting: MeetingInput,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::save_meeting(c, ctx, open, &meeting).map(|_| ())
    })
}

#[tauri::command]
pub async fn transition_sip(
    state: State<'_, AppState>,
    sip_id: SipId,
    transition: TransitionInput,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::transition(c, ctx, open, &transition)
    })
}

#[tauri::command]
pub async fn save_plan(
    state: State<'_, AppState>,
    sip_id: SipId,
    plan: PlanContent,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::save_plan(c, ctx, open, plan).map(|_| ())
    })
}

#[tauri::command]
pub async fn freeze_plan(
    state: State<'_, AppState>,
    sip_id: SipId,
    version_id: PlanVersionId,
    how: FrozenAs,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::freeze_plan(c, ctx, open, version_id, how)
    })
}

#[tauri::command]
pub async fn record_follow_up(
    state: State<'_, AppState>,
    sip_id: SipId,
    follow_up: FollowUpInput,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        sip::record_follow_up(c, ctx, open, &follow_up).map(|_| ())
    })
}

#[tauri::command]
pub async fn set_sip_warning_days(state: State<'_, AppState>, days: u32) -> CmdResult<Settings> {
    let mut v = state.vault();
    v.with_now(|c, ctx| sip::set_warning_days(c, ctx, days))
        .map_err(ipc)?;
    tryggplan_core::catalog::settings(&mut v).map_err(ipc)
}

/// What the protection rules say before a participant is added: the UI shows the warning or
/// refusal and asks for the written decision.
#[tauri::command]
pub async fn check_participant(
    state: State<'_, AppState>,
    sip_id: SipId,
    participant: ParticipantInput,
) -> CmdResult<InviteDecision> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, sip_id)?;
            invite::check(c, open, Candidate::Actor(&participant), ctx.today)
        })
        .map_err(ipc)
}

/// The same for a person of the case (a guardian, a närstående).
#[tauri::command]
pub async fn check_person_participant(
    state: State<'_, AppState>,
    sip_id: SipId,
    person_id: PersonId,
) -> CmdResult<InviteDecision> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, sip_id)?;
            invite::check(c, open, Candidate::Person(person_id), ctx.today)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn add_person_participant(
    state: State<'_, AppState>,
    sip_id: SipId,
    input: PersonParticipantInput,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        invite::invite(c, ctx, open, Invitee::Person(&input)).map(|_| ())
    })
}

#[tauri::command]
pub async fn remove_person_participant(
    state: State<'_, AppState>,
    sip_id: SipId,
    id: PersonParticipantId,
) -> CmdResult<SipDetail> {
    change(&state, sip_id, |c, ctx, open| {
        guard::remove_person(c, ctx, open, id)
    })
}
