//! Declares the app's own commands so that capabilities can allow exactly these and nothing
//! else (Tauri generates one `allow-<command>` permission per name).
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "session_status",
            "setup_passphrase",
            "unlock",
            "lock",
            "touch_activity",
            "list_cases",
            "get_settings",
            "set_auto_lock_minutes",
            "report_first_paint",
        ]),
    ))
    .expect("tauri-build failed");
}
