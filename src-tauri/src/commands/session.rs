//! Setup, unlock, lock and the idle timer.

use tauri::{AppHandle, Emitter, State};
use tryggplan_core::session::{
    LockReason, LockedEvent, ProfileCreated, RecoveryKeyView, SessionStatus, Settings,
};
use zeroize::Zeroizing;

use super::{ipc, AppState, CmdResult};

/// The event the UI listens to, to drop everything it shows when the vault locks.
pub const LOCKED_EVENT: &str = "session-locked";

#[tauri::command]
pub fn session_status(state: State<'_, AppState>) -> SessionStatus {
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

#[tauri::command]
pub fn lock(app: AppHandle, state: State<'_, AppState>) -> SessionStatus {
    let status = state.vault().lock();
    crate::clipboard::clear(&app);
    let _ = app.emit(
        LOCKED_EVENT,
        LockedEvent {
            reason: LockReason::Manual,
        },
    );
    status
}

#[tauri::command]
pub fn touch_activity(state: State<'_, AppState>) -> CmdResult<()> {
    state.vault().touch().map_err(ipc)
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    state.vault().settings().map_err(ipc)
}

#[tauri::command]
pub fn set_auto_lock_minutes(state: State<'_, AppState>, minutes: u32) -> CmdResult<Settings> {
    let mut v = state.vault();
    v.set_auto_lock_minutes(minutes).map_err(ipc)?;
    v.settings().map_err(ipc)
}

/// The UI calls this once, after its first screen has painted. With `TRYGGPLAN_TIMING=1` the
/// wall-clock time is printed for the start-up benchmark; nothing else is ever printed.
#[tauri::command]
pub fn report_first_paint() {
    if std::env::var_os("TRYGGPLAN_TIMING").is_some() {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        eprintln!("tryggplan-timing first-paint-epoch-ms={ms}");
    }
}

/// Locks the vault after the configured idle time and tells the UI. Runs for the app's life.
pub fn spawn_idle_watch(app: AppHandle) {
    use tauri::Manager;
    std::thread::Builder::new()
        .name("idle-lock".into())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let state = app.state::<AppState>();
            let locked = state.vault().tick();
            if locked {
                crate::clipboard::clear(&app);
                let _ = app.emit(
                    LOCKED_EVENT,
                    LockedEvent {
                        reason: LockReason::Idle,
                    },
                );
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
    crate::clipboard::clear(app);
    if was_open {
        let _ = app.emit(
            LOCKED_EVENT,
            LockedEvent {
                reason: LockReason::System,
            },
        );
    }
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
