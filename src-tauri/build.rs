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
            "get_vocabulary",
            "create_case",
            "get_case",
            "save_person",
            "add_relation",
            "remove_relation",
            "get_history",
            "list_actors",
            "save_unit",
            "save_contact",
            "create_sip",
            "get_sip",
            "save_preparation",
            "add_participant",
            "remove_participant",
            "save_meeting",
            "transition_sip",
            "save_plan",
            "freeze_plan",
            "record_follow_up",
            "set_sip_warning_days",
        ]),
    ))
    .expect("tauri-build failed");
}
