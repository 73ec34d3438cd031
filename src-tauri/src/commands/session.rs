//! Setup, unlock, lock and the idle timer.

use tauri::{AppHandle, Emitter, State};
use tryggplan_core::catalog::Settings;
use tryggplan_core::session::{
    LockReason, LockedEvent, ProfileCreated, RecoveryKeyView, SessionStatus,
};

use crate::clean_page::LockNotice;
use tryggplan_core::profile;
use zeroize::Zeroizing;

use super::{ipc, AppState, CmdResult};

/// The event the UI listens to, to drop everything it shows when the vault locks.
pub const LOCKED_EVENT: &str = "session-locked";

#[tauri::command]
pub fn session_status(state: State<'_, AppState>) -> SessionStatus {
    crate::timing::mark("status-asked");
    state.vault().status()
}

#[tauri::command]
pub async fn setup_passphrase(
    state: State<'_, AppState>,
    passphrase: String,
    confirmation: String,
) -> CmdResult<ProfileCreated> {
    let (p, c) = (Zeroizing::new(passphrase), Zeroizing::new(confirmation));
    // First start makes the recovery key too; it is shown (and printed) once.
    let (status, key) = state.vault().create_profile(&p, &c).map_err(ipc)?;
    Ok(ProfileCreated {
        status,
        recovery_key: RecoveryKeyView::from(&key),
    })
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, passphrase: String) -> CmdResult<SessionStatus> {
    let p = Zeroizing::new(passphrase);
    state.vault().unlock(&p).map_err(ipc)
}

/// The lock the page asks for (the Lås button, Ctrl+L). `handover`: the page's unsaved input
/// and route (JSON, see `ui/src/lib/drafts.svelte.ts`), kept by the shell until the next
/// unlock; the page is replaced right after (see `clean_page`). Never fails: an oversized
/// handover is dropped, the lock still happens.
#[tauri::command]
pub fn lock(app: AppHandle, state: State<'_, AppState>, handover: Option<String>) -> SessionStatus {
    let drafts = handover
        .map(Zeroizing::new)
        .filter(|d| crate::clean_page::check_size(d).is_ok());
    let mut vault = state.vault();
    let was_open = vault.is_unlocked();
    let status = vault.lock();
    drop(vault);
    after_lock(&app, LockReason::Manual, was_open, drafts);
    status
}

/// What happens after every lock (issue 18): the clipboard is cleared; if the vault was
/// open, the page is told (it drops its screens and, after a forced lock, hands its drafts
/// over within `HANDOVER_WAIT`) and is then replaced by a fresh start page, so nothing that
/// ran in it before survives. A forced lock (idle, system) waits for the handover here, off
/// the main thread; a lock the page asked for carried its drafts and doesn't wait.
fn after_lock(
    app: &AppHandle,
    reason: LockReason,
    was_open: bool,
    drafts: Option<Zeroizing<String>>,
) {
    use tauri::Manager;
    crate::clipboard::clear(app);
    let forced = reason != LockReason::Manual;
    if !was_open {
        // Nothing was shown: the page is the lock screen already (every lock and every start
        // loads it fresh). A manual lock still tells the page, as before.
        if !forced {
            let _ = app.emit(LOCKED_EVENT, LockedEvent { reason });
        }
        return;
    }
    let handover = app.state::<crate::clean_page::Handover>();
    handover.begin(reason, drafts, forced);
    let _ = app.emit(LOCKED_EVENT, LockedEvent { reason });
    if forced {
        handover.wait(crate::clean_page::HANDOVER_WAIT);
    }
    crate::clean_page::replace_page(app);
}

/// After a lock the shell forced (idle, screen lock, suspend): the page's unsaved input and
/// route, accepted only in the short window before the page is replaced.
#[tauri::command]
pub fn hand_over_drafts(
    handover: State<'_, crate::clean_page::Handover>,
    drafts: String,
) -> CmdResult<()> {
    handover.hand_over(Zeroizing::new(drafts)).map_err(ipc)
}

/// For the lock screen: why the last lock came and whether unsaved input is waiting.
#[tauri::command]
pub fn lock_notice(handover: State<'_, crate::clean_page::Handover>) -> LockNotice {
    crate::timing::mark("lock-notice-asked");
    handover.notice()
}

/// After an unlock: the unsaved input and route the page handed over at the lock, once.
/// Refused while locked (the lock screen never sees them).
#[tauri::command]
pub fn take_drafts(
    state: State<'_, AppState>,
    handover: State<'_, crate::clean_page::Handover>,
) -> CmdResult<Option<String>> {
    if !state.vault().is_unlocked() {
        return Err(ipc(tryggplan_core::Error::Locked));
    }
    Ok(handover.take().map(|d| d.as_str().to_owned()))
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    tryggplan_core::catalog::settings(&mut state.vault()).map_err(ipc)
}

#[tauri::command]
pub fn set_auto_lock_minutes(state: State<'_, AppState>, minutes: u32) -> CmdResult<Settings> {
    let mut v = state.vault();
    v.set_auto_lock_minutes(minutes).map_err(ipc)?;
    tryggplan_core::catalog::settings(&mut v).map_err(ipc)
}

/// The UI calls this once, after its first screen has painted, with its own marks (epoch ms:
/// its bundle began to run, the status came back, the screen was in the DOM). With
/// `TRYGGPLAN_TIMING=1` the times are printed for the start-up benchmark; nothing else is ever
/// printed.
#[tauri::command]
pub fn report_first_paint(script: f64, status: f64, rendered: f64) {
    crate::timing::mark_at("ui-script", script);
    crate::timing::mark_at("ui-status", status);
    crate::timing::mark_at("ui-rendered", rendered);
    crate::timing::mark("first-paint");
}

/// Locks the vault after the configured idle time and tells the UI. Runs for the app's life.
/// Activity is only what the shell saw: key, button, scroll and touch events on the web view
/// (`clean_page::watch_input`), counted here at most once a second. No command counts.
pub fn spawn_idle_watch(app: AppHandle) {
    use tauri::Manager;
    std::thread::Builder::new()
        .name("idle-lock".into())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let input = app.state::<crate::clean_page::InputSeen>().take();
            let state = app.state::<AppState>();
            let mut vault = state.vault();
            if input {
                // Fails only while locked: nothing to keep open then.
                let _ = vault.touch();
            }
            let locked = vault.tick();
            drop(vault);
            if locked {
                after_lock(&app, LockReason::Idle, true, None);
            }
        })
        .expect("idle-lock thread");
}

/// The computer's screen locked or it is about to sleep (see `platform_lock`): lock, and tell
/// the UI if the vault was open.
pub fn lock_for_system(app: &AppHandle) {
    use tauri::Manager;
    let state = app.state::<AppState>();
    let mut vault = state.vault();
    let was_open = vault.is_unlocked();
    vault.lock();
    drop(vault);
    after_lock(app, LockReason::System, was_open, None);
}

/// The app is ending: lock, so that the history's checkpoint covers the whole session (an
/// unlocked app that was simply closed would leave the last lock's checkpoint, and a database
/// rewound to a copy from between the two would pass unnoticed). The clipboard needs nothing:
/// what the app offered goes with the app (`clipboard`).
pub fn lock_at_exit(app: &AppHandle) {
    use tauri::Manager;
    app.state::<AppState>().vault().lock();
}

/// A copy out of the app (Ctrl+C, the context menu): the text goes on the clipboard and is
/// cleared after 30 s, or at the next lock, if nothing else was copied meanwhile (see
/// `clipboard`). Never stored or logged.
#[tauri::command]
pub fn copy_text(app: AppHandle, text: String) -> CmdResult<()> {
    crate::clipboard::copy(&app, text).map_err(|_| {
        ipc(tryggplan_core::Error::Internal(
            "urklippet kunde inte användas",
        ))
    })
}

/// Issue 19: "Prova i en övningsprofil" (the first-start and lock screens, Inställningar).
/// The open profile is locked first and, if it was open, the page is replaced: nothing of the
/// real profile stays open or on screen. Its unsaved input waiting for its unlock is parked
/// (never shown in practice) until the worker goes back. The practice profile (its own
/// directory, key and keyring entry) is made and filled with invented cases the first time;
/// it opens with its fixed passphrase. If it can't be opened, the vault goes back to the real
/// profile, locked.
#[tauri::command]
pub async fn enter_practice(
    app: AppHandle,
    state: State<'_, AppState>,
    handover: Option<String>,
) -> CmdResult<SessionStatus> {
    use tauri::Manager;
    // The page's unsaved input (when it asks from an open profile), as a lock takes it.
    let from_page = handover
        .map(Zeroizing::new)
        .filter(|d| crate::clean_page::check_size(d).is_ok());
    let handover = app.state::<crate::clean_page::Handover>();
    let mut vault = state.vault();
    let was_open = vault.is_unlocked();
    let kept = handover.take();
    if !vault.kind().is_practice() {
        // Practice drafts (the other branch) are simply dropped.
        if let Some(d) = from_page.or(kept) {
            *state.parked_drafts() = Some(d);
        }
    }
    vault.switch_dir(profile::practice_dir(state.base()));
    let result = vault.open_practice(tryggplan_core::practice::fill);
    if result.is_err() {
        vault.switch_dir(profile::active_dir(state.base()));
    }
    drop(vault);
    crate::clipboard::clear(&app);
    if was_open {
        crate::clean_page::replace_page(&app);
    }
    if result.is_err() {
        give_back_parked(&state, &handover);
    }
    result.map_err(ipc)
}

/// Issue 19: "Tillbaka till min profil": locks and closes the practice profile (the page is
/// replaced if it was open) and makes the vault the real profile's, locked: it opens through
/// its own unlock (or its first start). Its parked drafts wait for that unlock again.
#[tauri::command]
pub async fn leave_practice(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<SessionStatus> {
    use tauri::Manager;
    let handover = app.state::<crate::clean_page::Handover>();
    let mut vault = state.vault();
    if !vault.kind().is_practice() {
        return Ok(vault.status());
    }
    let was_open = vault.is_unlocked();
    vault.switch_dir(profile::active_dir(state.base()));
    let status = vault.status();
    drop(vault);
    drop(handover.take());
    give_back_parked(&state, &handover);
    crate::clipboard::clear(&app);
    if was_open {
        crate::clean_page::replace_page(&app);
    }
    Ok(status)
}

/// Issue 19: "Återställ övningsprofilen" (Inställningar, in practice only): removes the
/// practice directory and its keyring entries and makes it anew with the invented cases.
/// Refused outside practice; the real profile is never touched.
#[tauri::command]
pub async fn reset_practice(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<SessionStatus> {
    let mut vault = state.vault();
    if !vault.kind().is_practice() {
        return Err(ipc(tryggplan_core::Error::Refused(
            "Bara övningsprofilen kan återställas, och bara när den är öppen. Öppna \
             övningsprofilen under Inställningar först."
                .into(),
        )));
    }
    let was_open = vault.is_unlocked();
    let result = vault.reset_practice(tryggplan_core::practice::fill);
    drop(vault);
    crate::clipboard::clear(&app);
    if was_open {
        crate::clean_page::replace_page(&app);
    }
    result.map_err(ipc)
}

/// The real profile's parked drafts back in the handover, for its next unlock.
fn give_back_parked(state: &AppState, handover: &crate::clean_page::Handover) {
    if let Some(d) = state.parked_drafts().take() {
        handover.begin(LockReason::Manual, Some(d), false);
    }
}
