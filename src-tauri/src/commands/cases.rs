//! Cases, persons and relations, the vocabularies and the case history.

use tauri::State;
use tryggplan_core::access;
use tryggplan_core::audit::HistoryEntry;
use tryggplan_core::cases::{self, CaseDetail, CaseSummary, NewCase, NewCaseCheck};
use tryggplan_core::catalog::{self, Vocabulary};
use tryggplan_core::ids::{CaseId, PersonId, RelationId};
use tryggplan_core::person::{self, PersonInput, RelationInput};
use tryggplan_core::rule_dates::{self, RuleDates};
use tryggplan_core::Error;

use super::{ipc, AppState, CmdResult};

/// The case list's search as you type. The core refuses an over-long query, finds a protected
/// case only by a whole name or number (and writes each such find to its history), and limits
/// how often a name or number can be searched (issue 18; see `Vault::search_cases`).
#[tauri::command]
pub fn list_cases(state: State<'_, AppState>, query: String) -> CmdResult<Vec<CaseSummary>> {
    tryggplan_core::cases::search(&mut state.vault(), &query).map_err(ipc)
}

/// The vocabularies with their Swedish labels. Not secret, but still only while unlocked.
#[tauri::command]
pub fn get_vocabulary(state: State<'_, AppState>) -> CmdResult<Vocabulary> {
    state.vault().with_conn(|_| Ok(catalog::all())).map_err(ipc)
}

/// The dates the rules give from a date the worker typed: a consent's default (and latest)
/// end date, the next risk reassessment's suggestion and bounds (issue 20: the UI computes no
/// rule). Only while unlocked; reads nothing.
#[tauri::command]
pub fn get_rule_dates(state: State<'_, AppState>, from: String) -> CmdResult<RuleDates> {
    state
        .vault()
        .with_conn(|_| rule_dates::parse(&from))
        .map_err(ipc)
}

/// The new-case form as typed: every problem for its field ("Skapa ärende" shows them all at
/// once, beside the fields). The same checks as `create_case`; nothing is written.
#[tauri::command]
pub async fn check_new_case(state: State<'_, AppState>, new: NewCase) -> CmdResult<NewCaseCheck> {
    state
        .vault()
        .with_now(|c, ctx| cases::check_new(c, ctx, &new))
        .map_err(ipc)
}

#[tauri::command]
pub async fn create_case(state: State<'_, AppState>, new: NewCase) -> CmdResult<CaseId> {
    state
        .vault()
        .with_now(|c, ctx| cases::create(c, ctx, &new))
        .map_err(ipc)
}

/// The case as this session may see it: masked (initials and protection level) for a case
/// with a protected person until its record is opened with [`open_case_record`].
#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, case_id: CaseId) -> CmdResult<CaseDetail> {
    state
        .vault()
        .with_now(|c, ctx| cases::get_for(c, ctx, case_id))
        .map_err(ipc)
}

/// "Öppna akten": records the open in the case's access history and shows the full record
/// until the app locks.
#[tauri::command]
pub async fn open_case_record(
    state: State<'_, AppState>,
    case_id: CaseId,
) -> CmdResult<CaseDetail> {
    let mut v = state.vault();
    tryggplan_core::access::open_record(&mut v, case_id).map_err(ipc)?;
    v.with_now(|c, ctx| cases::get_for(c, ctx, case_id))
        .map_err(ipc)
}

/// Adds (no `person_id`) or changes a person; returns the case as it is now.
#[tauri::command]
pub async fn save_person(
    state: State<'_, AppState>,
    case_id: CaseId,
    person_id: Option<PersonId>,
    person: PersonInput,
) -> CmdResult<CaseDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            match person_id {
                Some(id) => {
                    let id = access::open_person(c, ctx, id)?;
                    let owner =
                        person::get(c, id, ctx.today)?.ok_or(Error::NotFound("Personen"))?;
                    if owner.case_id != case_id {
                        return Err(Error::NotFound("Personen"));
                    }
                    person::update(c, ctx, id, &person)?
                }
                None => {
                    person::create(c, ctx, open, &person)?;
                }
            }
            cases::get_for(c, ctx, case_id)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn add_relation(
    state: State<'_, AppState>,
    case_id: CaseId,
    relation: RelationInput,
) -> CmdResult<CaseDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            person::add_relation(c, ctx, open, &relation)?;
            cases::get_for(c, ctx, case_id)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn remove_relation(
    state: State<'_, AppState>,
    case_id: CaseId,
    relation_id: RelationId,
) -> CmdResult<CaseDetail> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_case(c, ctx, case_id)?;
            person::remove_relation(c, ctx, open, relation_id)?;
            cases::get_for(c, ctx, case_id)
        })
        .map_err(ipc)
}

/// The history of a case (changes and, for a protected case, every open of its record), or
/// of the actor directory and settings (`case_id` null).
#[tauri::command]
pub async fn get_history(
    state: State<'_, AppState>,
    case_id: Option<CaseId>,
) -> CmdResult<Vec<HistoryEntry>> {
    state
        .vault()
        .with_now(|c, ctx| {
            let case = case_id
                .map(|case| access::open_case(c, ctx, case))
                .transpose()?;
            cases::history(c, ctx, case)
        })
        .map_err(ipc)
}
