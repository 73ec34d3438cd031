//! The records' safekeeping (issue 8): the history as a log (viewed, filtered, verified,
//! exported for an audit) and gallring — thin commands over `tryggplan_core::audit` and
//! `tryggplan_core::retention`.

use tauri::{AppHandle, State};
use tryggplan_core::access;
use tryggplan_core::audit::{self, ChainCheck};
use tryggplan_core::history_log as log;
use tryggplan_core::ids::CaseId;
use tryggplan_core::retention::{self, Gallrat, RetentionOverview};

use super::documents::{export_file, CSV};
use super::{ipc, AppState, CmdResult};

/// Checks every link of the history's hash chain; the first broken one, if any.
#[tauri::command]
pub async fn verify_history(state: State<'_, AppState>) -> CmdResult<ChainCheck> {
    state.vault().with_conn(|c| audit::verify(c)).map_err(ipc)
}

/// The newest entries of the log that pass the filter; a protected case's rows masked until
/// its record is opened (issue 18).
#[tauri::command]
pub async fn search_log(
    state: State<'_, AppState>,
    filter: log::LogFilter,
) -> CmdResult<log::LogPage> {
    state
        .vault()
        .with_now(|c, ctx| log::page(c, ctx, &filter))
        .map_err(ipc)
}

/// Exports every entry of the filter as CSV through the save dialog (refused when the chain
/// is broken); the file name saved, or None if cancelled. Recorded in the history.
#[tauri::command]
pub async fn export_log_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: log::LogFilter,
) -> CmdResult<Option<String>> {
    // Checked before the dialog (a broken chain is refused at once) and built again after it.
    export_file(
        &app,
        &state,
        CSV,
        |c, ctx| log::to_csv(c, ctx, &filter).map(|_| ("Logg.csv".to_owned(), ())),
        |c, ctx, (), saver| {
            let (bytes, rows) = log::to_csv(c, ctx, &filter)?;
            log::record_export(c, ctx, rows, || saver.write(&bytes), || saver.undo())
        },
    )
}

/// The retention period and the closed cases past it.
#[tauri::command]
pub async fn get_retention(state: State<'_, AppState>) -> CmdResult<RetentionOverview> {
    state
        .vault()
        .with_now(|c, ctx| retention::overview(c, ctx.today))
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_retention_years(
    state: State<'_, AppState>,
    years: u32,
) -> CmdResult<RetentionOverview> {
    state
        .vault()
        .with_now(|c, ctx| {
            retention::set_years(c, ctx, years)?;
            retention::overview(c, ctx.today)
        })
        .map_err(ipc)
}

/// Deletes a due case for good ("gallra"); `confirm` is its reference, typed by the worker.
/// A protected case's record must have been opened (and that open is in the history).
#[tauri::command]
pub async fn gallra_case(
    state: State<'_, AppState>,
    case_id: CaseId,
    confirm: String,
) -> CmdResult<Gallrat> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            retention::delete_case(c, ctx, open, &confirm)
        })
        .map_err(ipc)
}
