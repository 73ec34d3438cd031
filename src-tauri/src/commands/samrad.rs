//! Samråd (consultation meetings): the log, the de-identified summary with the identifier scan,
//! and its PDF — thin commands over `tryggplan_core::samrad`. The PDF goes out through the
//! documents' one export path (`documents::export_prepared`).

use tauri::{AppHandle, State};
use tryggplan_core::access;
use tryggplan_core::consent::Withdrawal;
use tryggplan_core::document::samrad::{self as samrad_pdf, SamradPdf};
use tryggplan_core::document::Preview;
use tryggplan_core::ids::{CaseId, SamradConsentId, SamradNoticeId};
use tryggplan_core::samrad::consent::{self as samrad_consent, SamradConsentInput};
use tryggplan_core::samrad::gate::Acceptance;
use tryggplan_core::samrad::log::{
    self, SamradCorrection, SamradInput, SamradOverview, SamradSummaryCheck,
};

use super::documents::export_prepared;
use super::{ipc, AppState, CmdResult};

/// The case's samråd log (newest first) and the consent records it may link to.
#[tauri::command]
pub async fn get_samrad(state: State<'_, AppState>, case_id: CaseId) -> CmdResult<SamradOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            log::list(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// The de-identified summary of the case today with the worker's question, and every hit of
/// the identifier scanner in both its parts (with the worker's acceptances marked).
#[tauri::command]
pub async fn check_samrad_summary(
    state: State<'_, AppState>,
    case_id: CaseId,
    question: String,
    accepted: Vec<Acceptance>,
) -> CmdResult<SamradSummaryCheck> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            log::check_summary(c, ctx, open, &question, &accepted)
        })
        .map_err(ipc)
}

/// Records a consultation, or (with `correction`) a corrected version of one; returns the tab.
#[tauri::command]
pub async fn record_samrad(
    state: State<'_, AppState>,
    case_id: CaseId,
    samrad: SamradInput,
    correction: Option<SamradCorrection>,
) -> CmdResult<SamradOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            log::record(c, ctx, open, &samrad, correction.as_ref())?;
            log::list(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// "Avidentifierat ärende för samråd" as it will be printed (refused while a hit is open).
#[tauri::command]
pub async fn preview_samrad_pdf(
    state: State<'_, AppState>,
    request: SamradPdf,
) -> CmdResult<Preview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let request = access::open_request(c, ctx, request.clone())?;
            samrad_pdf::prepare(c, ctx, &request).map(|p| p.preview)
        })
        .map_err(ipc)
}

/// Exports the underlag through the save dialog; the file name saved, or None if cancelled.
#[tauri::command]
pub async fn export_samrad_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    request: SamradPdf,
) -> CmdResult<Option<String>> {
    export_prepared(
        &app,
        &state,
        |c, ctx| {
            let request = access::open_request(c, ctx, request.clone())?;
            samrad_pdf::prepare(c, ctx, &request)
        },
        |p, ctx| samrad_pdf::render(p, ctx.kind),
    )
}

/// Runs a change to the case's samråd consents and returns the tab afterwards.
fn consent_change(
    state: &AppState,
    case_id: CaseId,
    f: impl FnOnce(
        &mut tryggplan_core::store::Connection,
        &tryggplan_core::ctx::Ctx,
        tryggplan_core::case_ref::OpenCase,
    ) -> tryggplan_core::Result<()>,
) -> CmdResult<SamradOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            f(c, ctx, open)?;
            log::list(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// Records a person's own consent to samråd; returns the tab.
#[tauri::command]
pub async fn record_samrad_consent(
    state: State<'_, AppState>,
    case_id: CaseId,
    consent: SamradConsentInput,
) -> CmdResult<SamradOverview> {
    consent_change(&state, case_id, |c, ctx, open| {
        samrad_consent::record(c, ctx, open, &consent).map(|_| ())
    })
}

/// Withdraws a samråd consent; returns the tab (with the checklist of whom to tell).
#[tauri::command]
pub async fn withdraw_samrad_consent(
    state: State<'_, AppState>,
    case_id: CaseId,
    consent_id: SamradConsentId,
    withdrawal: Withdrawal,
) -> CmdResult<SamradOverview> {
    consent_change(&state, case_id, |c, ctx, open| {
        samrad_consent::withdraw(c, ctx, open, consent_id, &withdrawal)
    })
}

/// Ticks one organisation on a samråd consent's withdrawal checklist as told.
#[tauri::command]
pub async fn tick_samrad_consent_notice(
    state: State<'_, AppState>,
    case_id: CaseId,
    notice_id: SamradNoticeId,
    told_on: String,
) -> CmdResult<SamradOverview> {
    consent_change(&state, case_id, |c, ctx, open| {
        let on = told_on.parse().map_err(|_| {
            tryggplan_core::Error::InvalidInput("Ange datumet som ÅÅÅÅ-MM-DD.".into())
        })?;
        samrad_consent::tick_notice(c, ctx, open, notice_id, on)
    })
}
