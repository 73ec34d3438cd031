//! Consent: every command returns the consent overview as it is afterwards.

use tauri::State;
use tryggplan_core::access;
use tryggplan_core::consent::records::{
    self, ChildInput, ConsentInput, ConsentOverview, OverrideInput,
};
use tryggplan_core::consent::{ChildException, Withdrawal};
use tryggplan_core::ids::{ConsentId, NoticeId, SipId};

use super::{ipc, AppState, CmdResult};

/// Runs a change and returns the overview afterwards.
fn change(
    state: &AppState,
    sip: SipId,
    f: impl FnOnce(
        &mut tryggplan_core::store::Connection,
        &tryggplan_core::ctx::Ctx,
        tryggplan_core::case_ref::OpenSip,
    ) -> tryggplan_core::Result<()>,
) -> CmdResult<ConsentOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, sip)?;
            f(c, ctx, open)?;
            records::overview(c, open, ctx.today)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn get_consent(state: State<'_, AppState>, sip_id: SipId) -> CmdResult<ConsentOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, sip_id)?;
            records::overview(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// Records a consent. The worker's own unit is in every new consent: `own_unit_reason` is why
/// it is left out of this one (the core refuses without it, and writes it in the case history).
/// With `supersedes` ("Ändra samtycke") the new record replaces that one, the record in force.
#[tauri::command]
pub async fn record_consent(
    state: State<'_, AppState>,
    sip_id: SipId,
    consent: ConsentInput,
    own_unit_reason: Option<String>,
    supersedes: Option<ConsentId>,
) -> CmdResult<ConsentOverview> {
    change(&state, sip_id, |c, ctx, open| {
        match supersedes {
            None => records::record_with_reason(c, ctx, open, &consent, own_unit_reason.as_deref()),
            Some(old) => records::change(c, ctx, open, old, &consent, own_unit_reason.as_deref()),
        }
        .map(|_| ())
    })
}

#[tauri::command]
pub async fn withdraw_consent(
    state: State<'_, AppState>,
    sip_id: SipId,
    consent_id: ConsentId,
    withdrawal: Withdrawal,
) -> CmdResult<ConsentOverview> {
    change(&state, sip_id, |c, ctx, open| {
        records::withdraw(c, ctx, open, consent_id, &withdrawal)
    })
}

#[tauri::command]
pub async fn tick_consent_notice(
    state: State<'_, AppState>,
    sip_id: SipId,
    notice_id: NoticeId,
    told_on: String,
) -> CmdResult<ConsentOverview> {
    let told_on = told_on.parse().map_err(|_| {
        ipc(tryggplan_core::Error::InvalidInput(
            "Datumet kunde inte läsas. Skriv det som ÅÅÅÅ-MM-DD.".into(),
        ))
    })?;
    change(&state, sip_id, |c, ctx, open| {
        records::tick_notice(c, ctx, open, notice_id, told_on)
    })
}

#[tauri::command]
pub async fn save_child_consent(
    state: State<'_, AppState>,
    sip_id: SipId,
    child: ChildInput,
) -> CmdResult<ConsentOverview> {
    change(&state, sip_id, |c, ctx, open| {
        records::save_child(c, ctx, open, &child)
    })
}

#[tauri::command]
pub async fn add_child_exception(
    state: State<'_, AppState>,
    sip_id: SipId,
    exception: ChildException,
) -> CmdResult<ConsentOverview> {
    change(&state, sip_id, |c, ctx, open| {
        records::add_exception(c, ctx, open, &exception)
    })
}

#[tauri::command]
pub async fn record_consent_override(
    state: State<'_, AppState>,
    sip_id: SipId,
    disclosure: OverrideInput,
) -> CmdResult<ConsentOverview> {
    change(&state, sip_id, |c, ctx, open| {
        records::record_override(c, ctx, open, &disclosure).map(|_| ())
    })
}
