//! Follow-up and statistics: the de-identified report for a period (on screen, as CSV for
//! Swedish Excel, as a PDF with its charts), the threshold for small numbers, deviations
//! (avvikelser) and the individual follow-up's "who used violence" questions of a case — thin
//! commands over `tryggplan_core::followup`.

use chrono::NaiveDate;
use tauri::{AppHandle, State};
use tryggplan_core::access;
use tryggplan_core::followup::report::Report;
use tryggplan_core::followup::{
    self, csv, Deviation, DeviationHit, DeviationInput, DeviationStatus, PerpetratorRelation,
    ViolenceAnswer,
};
use tryggplan_core::ids::{CaseId, PersonId};

use tryggplan_core::document::{self, Preview};

use super::documents::{export_file, export_prepared, CSV};
use super::{ipc, AppState, CmdResult};

/// The report for `from..=to` over everything in this laptop's database.
#[tauri::command]
pub async fn get_statistics(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Report> {
    state
        .vault()
        .with_conn(|c| followup::statistics(c, from, to))
        .map_err(ipc)
}

/// Sets the threshold for small numbers (3–20) and returns it.
#[tauri::command]
pub async fn set_statistics_threshold(
    state: State<'_, AppState>,
    threshold: u32,
) -> CmdResult<u32> {
    state
        .vault()
        .with_now(|c, ctx| followup::set_threshold(c, ctx, threshold))
        .map_err(ipc)
}

/// Exports the report as CSV (semicolon, UTF-8 with BOM, decimal comma) through the save
/// dialog; the file name saved, or None if cancelled. Recorded in the history.
#[tauri::command]
pub async fn export_statistics_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Option<String>> {
    export_file(
        &app,
        &state,
        CSV,
        |c, _| {
            let report = followup::statistics(c, from, to)?;
            Ok((format!("Statistik {}–{}.csv", report.from, report.to), ()))
        },
        |c, ctx, (), saver| {
            // What is written is computed again now: the same period, the data of now.
            let report = followup::statistics(c, from, to)?;
            let bytes = csv::to_csv(&report, ctx.kind);
            followup::record_export(
                c,
                ctx,
                &report,
                "CSV",
                || saver.write(&bytes),
                || saver.undo(),
            )
        },
    )
}

/// Every deviation, newest first.
#[tauri::command]
pub async fn list_deviations(state: State<'_, AppState>) -> CmdResult<Vec<Deviation>> {
    state
        .vault()
        .with_conn(|c| followup::list_deviations(c))
        .map_err(ipc)
}

/// The identifier scanner's hits in a deviation's description, before it is saved: the
/// patterns, the actor directory, and the cases this session has opened — nothing of a case
/// it has not (issue 18).
#[tauri::command]
pub async fn check_deviation(
    state: State<'_, AppState>,
    description: String,
    accepted: Vec<String>,
) -> CmdResult<Vec<DeviationHit>> {
    state
        .vault()
        .with_now(|c, ctx| followup::scan_description(c, ctx, &description, &accepted))
        .map_err(ipc)
}

/// Records a deviation (status öppen); returns the list.
#[tauri::command]
pub async fn record_deviation(
    state: State<'_, AppState>,
    deviation: DeviationInput,
) -> CmdResult<Vec<Deviation>> {
    state
        .vault()
        .with_now(|c, ctx| {
            followup::record_deviation(c, ctx, &deviation)?;
            followup::list_deviations(c)
        })
        .map_err(ipc)
}

/// Moves a deviation to another status; returns the list.
#[tauri::command]
pub async fn set_deviation_status(
    state: State<'_, AppState>,
    id: i64,
    status: DeviationStatus,
) -> CmdResult<Vec<Deviation>> {
    state
        .vault()
        .with_now(|c, ctx| {
            followup::set_deviation_status(c, ctx, id, status)?;
            followup::list_deviations(c)
        })
        .map_err(ipc)
}

/// The case's "who used violence" questions, answered and open.
#[tauri::command]
pub async fn get_violence_answers(
    state: State<'_, AppState>,
    case_id: CaseId,
) -> CmdResult<Vec<ViolenceAnswer>> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            followup::violence_answers(c, open)
        })
        .map_err(ipc)
}

/// Answers (or corrects) who used violence against a person of the case; returns the
/// case's questions.
#[tauri::command]
pub async fn answer_violence_by(
    state: State<'_, AppState>,
    case_id: CaseId,
    person: PersonId,
    perpetrator: Option<PersonId>,
    relation: PerpetratorRelation,
) -> CmdResult<Vec<ViolenceAnswer>> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            followup::answer_violence_by(c, ctx, open, person, perpetrator, relation)?;
            followup::violence_answers(c, open)
        })
        .map_err(ipc)
}

/// The report for `from..=to` as the PDF will print it (tables, charts, key figures).
#[tauri::command]
pub async fn preview_statistics_pdf(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Preview> {
    state
        .vault()
        .with_now(|c, ctx| {
            followup::check_period(from, to)?;
            document::statistics::prepare(c, ctx.today, from, to).map(|p| p.preview)
        })
        .map_err(ipc)
}

/// Exports the report as a PDF through the documents' one export path; the file name saved,
/// or None if cancelled.
#[tauri::command]
pub async fn export_statistics_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<Option<String>> {
    export_prepared(
        &app,
        &state,
        |c, ctx| {
            // The same checks of the period as the screen's report.
            followup::check_period(from, to)?;
            document::statistics::prepare(c, ctx.today, from, to)
        },
        |p, ctx| document::statistics::render(p, ctx.kind),
    )
}
