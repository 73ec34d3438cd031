//! The case list.

use tauri::State;
use tryggplan_core::cases::{self, CaseSummary};

use super::{ipc, AppState, CmdResult};

#[tauri::command]
pub fn list_cases(state: State<'_, AppState>, query: String) -> CmdResult<Vec<CaseSummary>> {
    if query.chars().count() > 200 {
        return Err(ipc(tryggplan_core::Error::InvalidInput(
            "Sökningen är för lång. Skriv högst 200 tecken.".into(),
        )));
    }
    cases::list(&mut state.vault(), &query).map_err(ipc)
}
