//! Documents: the list a SIP offers, the preview (the same model the PDF is drawn from), and
//! the export through the native save dialog. The PDF is written in the folder the user chose
//! (never a temporary directory: a hidden part file there, moved into place), readable by the
//! user only, and the export is recorded in the case history in the same step.

use std::io::Write;
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tryggplan_core::access;
use tryggplan_core::catalog::Settings;
use tryggplan_core::ctx::Ctx;
use tryggplan_core::document::{self, DocumentRequest, Offer, Prepared, Preview};
use tryggplan_core::ids::SipId;
use tryggplan_core::store::Connection;
use tryggplan_core::worker::{self, DetailsCheck, WorkerDetailsInput};
use tryggplan_core::{Error, Result};

use super::{ipc, AppState, CmdResult};

#[tauri::command]
pub async fn list_documents(state: State<'_, AppState>, sip_id: SipId) -> CmdResult<Vec<Offer>> {
    state
        .vault()
        .with_now(|c, ctx| {
            let open = access::open_sip(c, ctx, sip_id)?;
            document::offers(c, open, ctx.today)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn preview_document(
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> CmdResult<Preview> {
    state
        .vault()
        .with_now(|c, ctx| {
            let request = access::open_request(c, ctx, request)?;
            document::prepare(c, ctx.today, &request).map(|p| p.preview)
        })
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_organisation_name(
    state: State<'_, AppState>,
    name: String,
) -> CmdResult<Settings> {
    let mut v = state.vault();
    v.with_now(|c, ctx| document::set_organisation(c, ctx, &name))
        .map_err(ipc)?;
    tryggplan_core::catalog::settings(&mut v).map_err(ipc)
}

/// The worker's details as typed: each problem for its field, and what the documents will say
/// (the core's rules and the documents' own wording; nothing is read or stored).
#[tauri::command]
pub async fn check_worker_details(
    state: State<'_, AppState>,
    details: WorkerDetailsInput,
) -> CmdResult<DetailsCheck> {
    state
        .vault()
        .with_conn(|_| Ok(worker::check(&details)))
        .map_err(ipc)
}

/// Saves the worker's details (Inställningar → Dina uppgifter, or the first start) and adds
/// the worker's own unit to the directory; returns the settings afterwards.
#[tauri::command]
pub async fn save_worker_details(
    state: State<'_, AppState>,
    details: WorkerDetailsInput,
) -> CmdResult<Settings> {
    let mut v = state.vault();
    v.with_now(|c, ctx| worker::save(c, ctx, &details))
        .map_err(ipc)?;
    tryggplan_core::catalog::settings(&mut v).map_err(ipc)
}

/// A Swedish description of why a file could not be written.
fn why(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => "du får inte spara i den mappen".into(),
        K::NotFound => "mappen finns inte".into(),
        K::StorageFull | K::QuotaExceeded => "disken är full".into(),
        K::AlreadyExists => "det finns redan en fil med det namnet".into(),
        _ => "filen gick inte att skriva".into(),
    }
}

/// Writes the bytes next to `path` and moves them into place: a failed write leaves neither a
/// partial file nor a damaged earlier one. The file is readable by its owner only.
pub(crate) fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| Error::Export(why(&e));
    let dir = path
        .parent()
        .ok_or_else(|| Error::Export("mappen finns inte".into()))?;
    let name = path
        .file_name()
        .ok_or_else(|| Error::Export("filnamnet saknas".into()))?;
    let mut part_name = std::ffi::OsString::from(".");
    part_name.push(name);
    part_name.push(".tryggplan-del");
    let part = dir.join(part_name);
    let result = (|| -> std::io::Result<()> {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&part)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&part, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&part);
        return Err(fail(e));
    }
    Ok(())
}

/// The native save dialog ("Spara dokument"), with `file_name` suggested and the extension
/// added when the user left it out. None when the user cancelled.
///
/// The dialog blocks this (async command) thread, not the main thread, and the vault must not
/// be held while it is open: the idle lock keeps working.
pub(crate) fn choose_path(
    app: &AppHandle,
    file_name: &str,
    filter: &str,
    ext: &str,
) -> CmdResult<Option<PathBuf>> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Spara dokument")
        .set_file_name(file_name)
        .add_filter(filter, &[ext]);
    if let Some(w) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&w);
    }
    let Some(chosen) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let mut path: PathBuf = chosen
        .into_path()
        .map_err(|_| ipc(Error::Export("ogiltig sökväg".into())))?;
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case(ext))
    {
        path.as_mut_os_string().push(".");
        path.as_mut_os_string().push(ext);
    }
    Ok(Some(path))
}

/// Exports a document: builds it, asks where to save it (the suggested name never holds a
/// person's name or number), writes it and records the export. Returns the file name saved,
/// or None when the user cancelled (then nothing is written or recorded).
#[tauri::command]
pub async fn export_document(
    app: AppHandle,
    state: State<'_, AppState>,
    request: DocumentRequest,
) -> CmdResult<Option<String>> {
    export_prepared(
        &app,
        &state,
        // Asked before the dialog and again after it: the app may have locked (and forgotten
        // the open) while the dialog was open.
        |c, ctx| {
            let request = access::open_request(c, ctx, request)?;
            document::prepare(c, ctx.today, &request)
        },
        |p, ctx| document::render(p, ctx.now, ctx.kind),
    )
}

/// The kind of file an export writes: the save dialog's filter and the extension it adds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileKind {
    pub filter: &'static str,
    pub ext: &'static str,
}

pub(crate) const PDF: FileKind = FileKind {
    filter: "PDF",
    ext: "pdf",
};
pub(crate) const CSV: FileKind = FileKind {
    filter: "CSV",
    ext: "csv",
};

/// The one export path of every file the app writes for the user (the SIP's documents, the
/// samråd underlag, the statistics and log CSVs, the recovery sheet):
/// 1. `before` checks in the vault what is asked (access, a broken history, a lock) and
///    returns the suggested file name — never a person's name or number — and what it checked;
/// 2. the native save dialog asks where, with the vault not held (the idle lock keeps working);
///    None when the user cancels, and then nothing is written or recorded;
/// 3. `write` runs in the vault again: it makes the bytes anew and hands them, with the record
///    of the export, to `save`, which writes a hidden part file in the chosen folder
///    (owner-only, fsynced) and renames it into place inside the transaction that records the
///    export; a commit that fails removes the file again.
///
/// Returns the file name saved.
pub(crate) fn export_file<T>(
    app: &AppHandle,
    state: &AppState,
    kind: FileKind,
    before: impl FnOnce(&mut Connection, &Ctx) -> Result<(String, T)>,
    write: impl FnOnce(&mut Connection, &Ctx, T, &Saver) -> Result<()>,
) -> CmdResult<Option<String>> {
    let (name, checked) = state.vault().with_now(before).map_err(ipc)?;
    let Some(path) = choose_path(app, &name, kind.filter, kind.ext)? else {
        return Ok(None);
    };
    let saver = Saver { path: path.clone() };
    state
        .vault()
        .with_now(|c, ctx| write(c, ctx, checked, &saver))
        .map_err(ipc)?;
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// Where an export's bytes go: the path the user chose, written only through [`export_file`].
pub(crate) struct Saver {
    path: PathBuf,
}

impl Saver {
    /// Writes `bytes` privately and atomically (for the record's write step).
    pub(crate) fn write(&self, bytes: &[u8]) -> Result<()> {
        write_private_file(&self.path, bytes)
    }
    /// Removes what [`Saver::write`] wrote (the record's undo step, when its commit fails).
    pub(crate) fn undo(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// [`export_file`] for a PDF document: `prepare` checks access to the case's record, gathers
/// and checks the document (called again after the dialog: if the data or the consent changed
/// while the dialog was open, nothing is written), `render` draws it.
pub(crate) fn export_prepared(
    app: &AppHandle,
    state: &AppState,
    prepare: impl Fn(&mut Connection, &Ctx) -> Result<Prepared>,
    render: impl Fn(&Prepared, &Ctx) -> Result<Vec<u8>>,
) -> CmdResult<Option<String>> {
    export_file(
        app,
        state,
        PDF,
        |c, ctx| {
            let p = prepare(c, ctx)?;
            let bytes = render(&p, ctx)?;
            Ok((p.preview.file_name.clone(), (p, bytes)))
        },
        |c, ctx, (prepared, bytes), saver| {
            let again = prepare(c, ctx)?;
            if again.preview.document != prepared.preview.document {
                return Err(Error::Refused(
                    "Uppgifterna i dokumentet ändrades medan du valde var det skulle sparas. Inget har sparats. Förhandsgranska och exportera igen.".into(),
                ));
            }
            document::record_export(c, ctx, &prepared, || saver.write(&bytes), || saver.undo())
        },
    )
}
