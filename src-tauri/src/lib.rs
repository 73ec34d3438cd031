//! Tryggplan's Tauri shell: window, security settings and the IPC commands. Thin by design —
//! every rule lives in `tryggplan-core`.

mod clean_page;
pub mod cli;
mod clipboard;
mod commands;
mod hardening;
mod lean;
mod navigation;
mod platform_lock;
mod timing;
mod window_size;

use std::sync::Arc;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};
use tryggplan_core::clock::SystemClock;
use tryggplan_core::keys::keyring::OsKeyring;
use tryggplan_core::profile;
use tryggplan_core::session::Vault;

use commands::AppState;

/// The label of the one window.
const MAIN: &str = "main";

fn automation_requested() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true")
}

/// The window title for the page's `document.title`: "Tryggplan" or "Tryggplan – <screen>",
/// one line, at most 80 characters. Anything else the page might set (a bug, or injected
/// text) gives the plain "Tryggplan".
fn window_title(page: &str) -> String {
    const APP: &str = "Tryggplan";
    let ok =
        page.starts_with(APP) && page.chars().count() <= 80 && !page.chars().any(char::is_control);
    if ok {
        page.to_owned()
    } else {
        APP.to_owned()
    }
}

pub fn run() {
    timing::mark("main");
    hardening::apply();
    // Before any other thread exists (see `lean::before_webkit`); not under WebDriver, for the
    // reason given at `lean::apply` below.
    if !automation_requested() {
        lean::before_webkit();
    }

    let app = tauri::Builder::default()
        // Must be the first plugin: a second start only focuses the running window.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window(MAIN) {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        // The native save dialog, for exports. Used from Rust only: the capability grants no
        // dialog permission, so the web page can't open dialogs itself.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            timing::mark("setup");
            // The local (not roaming) data dir: on Windows, roaming AppData may be synced or
            // redirected to a network share, where SQLite's WAL is not safe.
            // The profile: the first one ("data"), or the newest restored from a backup.
            let base = app.path().app_local_data_dir()?;
            let dir = profile::active_dir(&base);
            let vault = Vault::new(dir, Box::new(OsKeyring), Arc::new(SystemClock::default()));
            app.manage(AppState::new(vault, base));
            app.manage(clean_page::Handover::default());
            app.manage(clean_page::InputSeen::default());

            // The size the worker last gave the window, or one that fits a 1366×768 screen.
            let size = window_size::initial(app.handle());
            let min = window_size::MIN;
            let window = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
                .title("Tryggplan")
                .inner_size(size.width.into(), size.height.into())
                .min_inner_size(min.width.into(), min.height.into())
                .center()
                // Ephemeral web storage: WebKit writes no cache, cookies or local storage to
                // disk. Exception: under WebDriver (tauri-driver sets this variable) wry's
                // ephemeral context refuses automation, so the e2e tests run with WebKit's
                // normal, persistent store — a stricter setting for their on-disk scans.
                .incognito(!automation_requested())
                .on_navigation(navigation::is_allowed)
                // No pop-ups: window.open and target=_blank never create a window.
                .on_new_window(|_, _| tauri::webview::NewWindowResponse::Deny)
                // The page's title is the window's (taskbar, window switcher, a shared
                // screen): the UI names the screen, never a person (see `window_title`).
                .on_document_title_changed(|w, title| {
                    let _ = w.set_title(&window_title(&title));
                })
                .on_page_load(|_, payload| {
                    timing::mark(match payload.event() {
                        tauri::webview::PageLoadEvent::Started => "page-load-started",
                        tauri::webview::PageLoadEvent::Finished => "page-load-finished",
                    })
                })
                .build()?;
            timing::mark("window-built");
            window_size::remember(&window);
            // What the worker sees, drawn with less memory (issue 21, see `lean`). Not under
            // WebDriver: without compositing, WebKitWebDriver's click waits for a repaint of
            // the window that a modal save dialog holds back, so every export would hang the
            // e2e tests (as with `incognito` above, the automated app keeps WebKit's default).
            if !automation_requested() {
                lean::apply(&window);
            }
            // Only the shell's own input events keep the app unlocked (issue 18).
            clean_page::watch_input(&window);

            commands::session::spawn_idle_watch(app.handle().clone());
            let handle = app.handle().clone();
            platform_lock::spawn(move |_reason| commands::session::lock_for_system(&handle));
            let handle = app.handle().clone();
            platform_lock::exit_on_termination(move || handle.exit(0));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::session_status,
            commands::session::setup_passphrase,
            commands::session::unlock,
            commands::session::lock,
            commands::session::hand_over_drafts,
            commands::session::lock_notice,
            commands::session::take_drafts,
            commands::session::get_settings,
            commands::session::set_auto_lock_minutes,
            commands::session::report_first_paint,
            commands::session::copy_text,
            commands::cases::list_cases,
            commands::cases::get_vocabulary,
            commands::cases::get_rule_dates,
            commands::cases::check_new_case,
            commands::cases::create_case,
            commands::cases::get_case,
            commands::cases::open_case_record,
            commands::cases::save_person,
            commands::cases::add_relation,
            commands::cases::remove_relation,
            commands::cases::get_history,
            commands::actors::list_actors,
            commands::actors::save_unit,
            commands::actors::save_contact,
            commands::actors::list_organisations,
            commands::actors::save_organisation,
            commands::sip::create_sip,
            commands::sip::get_sip,
            commands::sip::save_preparation,
            commands::sip::add_participant,
            commands::sip::remove_participant,
            commands::sip::check_participant,
            commands::sip::check_person_participant,
            commands::sip::add_person_participant,
            commands::sip::remove_person_participant,
            commands::sip::save_meeting,
            commands::sip::transition_sip,
            commands::sip::save_plan,
            commands::sip::freeze_plan,
            commands::sip::record_follow_up,
            commands::sip::set_sip_warning_days,
            commands::consent::get_consent,
            commands::consent::record_consent,
            commands::consent::withdraw_consent,
            commands::consent::tick_consent_notice,
            commands::consent::save_child_consent,
            commands::consent::add_child_exception,
            commands::consent::record_consent_override,
            commands::risk::get_risk,
            commands::risk::save_risk,
            commands::risk::record_report,
            commands::samrad::get_samrad,
            commands::samrad::check_samrad_summary,
            commands::samrad::record_samrad,
            commands::samrad::preview_samrad_pdf,
            commands::samrad::export_samrad_pdf,
            commands::samrad::record_samrad_consent,
            commands::samrad::withdraw_samrad_consent,
            commands::samrad::tick_samrad_consent_notice,
            commands::statistics::get_statistics,
            commands::statistics::set_statistics_threshold,
            commands::statistics::export_statistics_csv,
            commands::statistics::preview_statistics_pdf,
            commands::statistics::export_statistics_pdf,
            commands::statistics::list_deviations,
            commands::statistics::check_deviation,
            commands::statistics::record_deviation,
            commands::statistics::set_deviation_status,
            commands::statistics::get_violence_answers,
            commands::statistics::answer_violence_by,
            commands::records::verify_history,
            commands::records::search_log,
            commands::records::export_log_csv,
            commands::records::get_retention,
            commands::records::set_retention_years,
            commands::records::gallra_case,
            commands::keys::export_recovery_sheet,
            commands::keys::new_recovery_key,
            commands::keys::change_passphrase,
            commands::keys::recover_with_key,
            commands::keys::backup_status,
            commands::keys::set_backup_reminder_days,
            commands::keys::create_backup,
            commands::keys::choose_backup_file,
            commands::keys::restore_backup,
            commands::session::enter_practice,
            commands::session::leave_practice,
            commands::session::reset_practice,
            commands::documents::list_documents,
            commands::documents::preview_document,
            commands::documents::export_document,
            commands::documents::set_organisation_name,
            commands::documents::check_worker_details,
            commands::documents::save_worker_details,
        ])
        .build(tauri::generate_context!());

    match app {
        // However the app ends — its window closed, or logout and shutdown (see
        // `platform_lock::exit_on_termination`) — it locks first: the key is dropped, the
        // database closed and the history's checkpoint kept (`Vault::lock`).
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                commands::session::lock_at_exit(handle);
            }
        }),
        Err(e) => {
            eprintln!("Tryggplan kunde inte starta: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::window_title;

    #[test]
    fn the_window_title_is_the_apps_or_plain() {
        assert_eq!(window_title("Tryggplan – Ärenden"), "Tryggplan – Ärenden");
        assert_eq!(window_title("Tryggplan"), "Tryggplan");
        for bad in [
            "Sara Lind",
            "",
            "Tryggplan\nSara",
            &format!("Tryggplan – {}", "x".repeat(80)),
        ] {
            assert_eq!(window_title(bad), "Tryggplan", "{bad:?}");
        }
    }
}
