//! The actor directory (samverkanskontakter).

use tauri::State;
use tryggplan_core::actor::{self, ContactInput, Organisation, Unit, UnitInput};
use tryggplan_core::ids::OrganisationId;

use super::{ipc, AppState, CmdResult};

#[tauri::command]
pub async fn list_actors(state: State<'_, AppState>) -> CmdResult<Vec<Unit>> {
    state.vault().with_conn(|c| actor::list(c)).map_err(ipc)
}

#[tauri::command]
pub async fn save_unit(state: State<'_, AppState>, unit: UnitInput) -> CmdResult<Vec<Unit>> {
    state
        .vault()
        .with_now(|c, ctx| {
            actor::save_unit(c, ctx, &unit)?;
            actor::list(c)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn save_contact(
    state: State<'_, AppState>,
    contact: ContactInput,
) -> CmdResult<Vec<Unit>> {
    state
        .vault()
        .with_now(|c, ctx| {
            actor::save_contact(c, ctx, &contact)?;
            actor::list(c)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn list_organisations(state: State<'_, AppState>) -> CmdResult<Vec<Organisation>> {
    state
        .vault()
        .with_conn(|c| actor::organisations(c))
        .map_err(ipc)
}

#[tauri::command]
pub async fn save_organisation(
    state: State<'_, AppState>,
    id: Option<OrganisationId>,
    name: String,
) -> CmdResult<Vec<Organisation>> {
    state
        .vault()
        .with_now(|c, ctx| {
            actor::save_organisation(c, ctx, id, &name)?;
            actor::organisations(c)
        })
        .map_err(ipc)
}
