//! The keys and the backups (issue 8): the recovery key (shown once, printed as a sheet,
//! replaced on request, used when the passphrase or the keyring is lost), the passphrase
//! change, and the encrypted backup with its progress and reminder — thin commands over
//! `tryggplan_core::session::Vault`, `keys::recovery` and `backup`.

use tauri::{AppHandle, Emitter, State};
use tryggplan_core::backup::{self, BackupReceipt, BackupStatus, Progress};
use tryggplan_core::keys::recovery::RecoveryKey;
use tryggplan_core::session::{ProfileCreated, RecoveryKeyView, SessionStatus};
use tryggplan_core::{audit, document};
use zeroize::Zeroizing;

use super::documents::{choose_path, export_file, PDF};
use super::{ipc, AppState, CmdResult};

/// The event that carries a backup's progress (`Progress`: pages done of total).
pub const BACKUP_PROGRESS_EVENT: &str = "backup-progress";
/// The event that carries a restore's progress (`Progress`).
pub const RESTORE_PROGRESS_EVENT: &str = "restore-progress";
/// The backup file's extension (and the older one the core documents).
const BACKUP_EXTENSIONS: [&str; 2] = ["tpbak", "tpbackup"];

/// Saves the recovery sheet (PDF) of the key the screen shows, through the save dialog. The
/// key is read back as typed (its check group must hold). Recorded in the history, without
/// the key.
#[tauri::command]
pub async fn export_recovery_sheet(
    app: AppHandle,
    state: State<'_, AppState>,
    recovery_key: String,
) -> CmdResult<Option<String>> {
    let typed = Zeroizing::new(recovery_key);
    export_file(
        &app,
        &state,
        PDF,
        // Only in an unlocked session (the sheet is made right after the key is shown):
        // checked before anything else, the key's check group before the dialog.
        |_, ctx| {
            RecoveryKey::parse(&typed)?;
            Ok(("aterstallningsnyckel.pdf".to_owned(), ctx.kind))
        },
        |c, ctx, kind, saver| {
            let key = RecoveryKey::parse(&typed)?;
            let bytes = Zeroizing::new(document::recovery_sheet_pdf(&key, ctx.now, kind)?);
            audit::record_file_write_of_no_case(
                c,
                ctx,
                "keys.recovery_sheet",
                "Återställningsbladet sparat som PDF",
                || saver.write(&bytes),
                || saver.undo(),
            )
        },
    )
}

/// A new recovery key (the passphrase confirms it is the user); the old sheet stops working.
/// Refused while locked; the history entry is written by the core in the same transaction as
/// the new recovery file (`Vault::new_recovery_key`).
#[tauri::command]
pub async fn new_recovery_key(
    state: State<'_, AppState>,
    passphrase: String,
) -> CmdResult<RecoveryKeyView> {
    let p = Zeroizing::new(passphrase);
    let key = state.vault().new_recovery_key(&p).map_err(ipc)?;
    Ok(RecoveryKeyView::from(&key))
}

/// Changes the passphrase (the key is wrapped again; the database is not re-encrypted).
/// Refused while locked; the history entry is written by the core in the same transaction as
/// the keyring change (`Vault::change_passphrase`).
#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    old: String,
    new: String,
    confirmation: String,
) -> CmdResult<()> {
    let (o, n, c) = (
        Zeroizing::new(old),
        Zeroizing::new(new),
        Zeroizing::new(confirmation),
    );
    state.vault().change_passphrase(&o, &n, &c).map_err(ipc)
}

/// "Glömt lösenfrasen": opens the data with the recovery key and sets a new passphrase. A
/// lock-screen command; the history entry is written by the core with the keyring change
/// (`Vault::recover`).
#[tauri::command]
pub async fn recover_with_key(
    state: State<'_, AppState>,
    recovery_key: String,
    passphrase: String,
    confirmation: String,
) -> CmdResult<SessionStatus> {
    let (k, p, c) = (
        Zeroizing::new(recovery_key),
        Zeroizing::new(passphrase),
        Zeroizing::new(confirmation),
    );
    state.vault().recover(&k, &p, &c).map_err(ipc)
}

/// When the last backup was made, and whether to remind.
#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> CmdResult<BackupStatus> {
    state
        .vault()
        .with_now(|c, ctx| backup::status(c, ctx.now))
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_backup_reminder_days(
    state: State<'_, AppState>,
    days: u32,
) -> CmdResult<BackupStatus> {
    state
        .vault()
        .with_now(|c, ctx| {
            backup::set_reminder_days(c, days)?;
            backup::status(c, ctx.now)
        })
        .map_err(ipc)
}

/// Makes an encrypted backup where the user chooses (never in the data folder), reporting
/// progress as `backup-progress` events. None if the dialog was cancelled.
#[tauri::command]
pub async fn create_backup(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<BackupReceipt>> {
    state.vault().with_conn(|_| Ok(())).map_err(ipc)?;
    let today = tryggplan_core::clock::swedish_date(chrono::Utc::now());
    let name = format!("tryggplan-sakerhetskopia-{today}.tpbak");
    let Some(path) = choose_path(
        &app,
        &name,
        "Tryggplan-säkerhetskopia",
        BACKUP_EXTENSIONS[0],
    )?
    else {
        return Ok(None);
    };
    let mut progress = |p: Progress| {
        let _ = app.emit(BACKUP_PROGRESS_EVENT, p);
    };
    let receipt = state
        .vault()
        .backup_to(&path, chrono::Utc::now(), &mut progress)
        .map_err(ipc)?;
    Ok(Some(receipt))
}

/// "Återställ från säkerhetskopia", step 1: the native open dialog. The chosen file is kept
/// in the app (the page never names a path); its file name is returned to be shown, or None
/// if the dialog was cancelled.
#[tauri::command]
pub async fn choose_backup_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<String>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Välj säkerhetskopia")
        .add_filter("Tryggplan-säkerhetskopia", &BACKUP_EXTENSIONS);
    if let Some(w) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&w);
    }
    let Some(chosen) = dialog.blocking_pick_file() else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|_| {
        ipc(tryggplan_core::Error::InvalidInput(
            "Filen gick inte att välja. Välj säkerhetskopian igen.".into(),
        ))
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    *state.chosen_backup() = Some(path);
    Ok(Some(name))
}

/// "Återställ från säkerhetskopia", step 2: restores the chosen backup into a new profile
/// (verified before use; the current profile is locked and kept as it is) and opens it with
/// the new passphrase. The backup opens with the passphrase that was valid when it was made,
/// or with that time's recovery key. Progress as `restore-progress` events. Returns the new
/// profile's recovery key, shown once.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    with_recovery_key: bool,
    secret: String,
    new_passphrase: String,
    confirmation: String,
) -> CmdResult<ProfileCreated> {
    let (secret, p, c) = (
        Zeroizing::new(secret),
        Zeroizing::new(new_passphrase),
        Zeroizing::new(confirmation),
    );
    let Some(path) = state.chosen_backup().clone() else {
        return Err(ipc(tryggplan_core::Error::InvalidInput(
            "Ingen säkerhetskopia är vald. Välj filen med ”Välj säkerhetskopia…” och försök igen."
                .into(),
        )));
    };
    let secret = if with_recovery_key {
        backup::Secret::RecoveryKey(&secret)
    } else {
        backup::Secret::Passphrase(&secret)
    };
    let mut progress = |p: Progress| {
        let _ = app.emit(RESTORE_PROGRESS_EVENT, p);
    };
    let (status, key) = state
        .vault()
        .restore_and_switch(
            state.base(),
            &path,
            secret,
            &p,
            &c,
            chrono::Utc::now(),
            &mut progress,
        )
        .map_err(ipc)?;
    *state.chosen_backup() = None;
    Ok(ProfileCreated {
        status,
        recovery_key: RecoveryKeyView::from(&key),
    })
}
