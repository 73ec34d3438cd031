//! Risk assessments and the duty to report (orosanmälan): thin commands over `tryggplan_core::risk`.

use tauri::State;
use tryggplan_core::access;
use tryggplan_core::cases::{self, CaseDetail};
use tryggplan_core::ids::{CaseId, PersonId};
use tryggplan_core::risk::{self, Correction, ReportDecision, RiskInput, RiskOverview};

use super::{ipc, AppState, CmdResult};

#[tauri::command]
pub async fn get_risk(state: State<'_, AppState>, case_id: CaseId) -> CmdResult<RiskOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            risk::list(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// Records a risk assessment, or (with `correction`) a corrected version of one; returns the
/// tab as it is afterwards.
#[tauri::command]
pub async fn save_risk(
    state: State<'_, AppState>,
    case_id: CaseId,
    risk: RiskInput,
    correction: Option<Correction>,
) -> CmdResult<RiskOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            risk::save(c, ctx, open, &risk, correction.as_ref())?;
            risk::list(c, open, ctx.today)
        })
        .map_err(ipc)
}

/// Records that an orosanmälan was made for a child, or why none is made; returns the case.
#[tauri::command]
pub async fn record_report(
    state: State<'_, AppState>,
    case_id: CaseId,
    child_id: PersonId,
    decision: ReportDecision,
) -> CmdResult<CaseDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            risk::record_report(c, ctx, open, child_id, &decision)?;
            cases::get_for(c, ctx, case_id)
        })
        .map_err(ipc)
}
