//! Issue 18: nothing that ran in the page before a lock survives it, and only real input keeps
//! the app open.
//!
//! - **A new page at every lock.** After `Vault::lock` the shell loads the app's start page
//!   again ([`replace_page`]): the document, every script and listener in it, every global are
//!   gone, and the page that loads shows the lock screen. A script planted before the lock
//!   can't watch the passphrase typed after it.
//! - **Unsaved input is handed to the shell, not kept in the page.** The page's drafts (and
//!   the route, ids only) cross to Rust with the lock ([`Handover`]), are kept here in memory
//!   while locked (zeroized when replaced or taken) and are given back only to an unlocked
//!   page. A lock the page asks for carries them in the same call. A lock the shell forces
//!   (idle, screen lock, suspend) locks first, then gives the page [`HANDOVER_WAIT`] to hand
//!   them over, then replaces the page whatever it did: a page that doesn't answer in time
//!   (hung, or hostile) loses its drafts — the accepted loss; it can't hold the lock open.
//! - **Only the shell's own input events count as activity** ([`watch_input`]): key, button,
//!   scroll and touch events GTK delivers to the web view widget. No IPC command resets the
//!   idle timer, so a script can't keep the app unlocked.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::{AppHandle, Manager, Url};
use tryggplan_core::session::LockReason;
use zeroize::Zeroizing;

/// How long a forced lock waits for the page to hand its drafts over before replacing it.
pub const HANDOVER_WAIT: Duration = Duration::from_millis(1500);

/// The most a page may hand over (its JSON): far more than every form's text together, small
/// enough that a script can't fill the shell's memory.
pub const MAX_HANDOVER_BYTES: usize = 4 * 1024 * 1024;

/// What the lock screen may know about the last lock: why it came, and whether unsaved input
/// is waiting (not what it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockNotice {
    pub reason: Option<LockReason>,
    pub drafts_waiting: bool,
}

#[derive(Default)]
struct Kept {
    reason: Option<LockReason>,
    drafts: Option<Zeroizing<String>>,
    /// Between a forced lock and the page's replacement: the page may still hand over.
    open: bool,
}

/// The drafts between a lock and the next unlock (see the module doc).
#[derive(Default)]
pub struct Handover {
    kept: Mutex<Kept>,
    arrived: Condvar,
}

impl Handover {
    fn kept(&self) -> MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A lock began. `drafts`: what the page handed over with it (a lock it asked for).
    /// `forced`: the shell locked on its own, and the page may still hand its drafts over
    /// ([`Handover::hand_over`]) until [`Handover::wait`] ends.
    pub fn begin(&self, reason: LockReason, drafts: Option<Zeroizing<String>>, forced: bool) {
        let mut k = self.kept();
        k.reason = Some(reason);
        k.open = forced && drafts.is_none();
        k.drafts = drafts;
    }

    /// The page's drafts after a forced lock. Refused outside the short window after one.
    pub fn hand_over(&self, drafts: Zeroizing<String>) -> tryggplan_core::Result<()> {
        check_size(&drafts)?;
        let mut k = self.kept();
        if !k.open {
            return Err(tryggplan_core::Error::Refused(
                "Osparade ändringar kan bara lämnas över när Tryggplan låses. Lås upp och \
                 fortsätt i formuläret."
                    .into(),
            ));
        }
        k.drafts = Some(drafts);
        k.open = false;
        self.arrived.notify_all();
        Ok(())
    }

    /// Waits until the page handed its drafts over, or `timeout` passed; closes the window.
    pub fn wait(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let mut k = self.kept();
        while k.open {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            k = self
                .arrived
                .wait_timeout(k, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        k.open = false;
    }

    pub fn notice(&self) -> LockNotice {
        let k = self.kept();
        LockNotice {
            reason: k.reason,
            drafts_waiting: k.drafts.as_deref().is_some_and(|d| holds_drafts(d)),
        }
    }

    /// The kept drafts, once (the caller checks that the vault is unlocked).
    pub fn take(&self) -> Option<Zeroizing<String>> {
        let mut k = self.kept();
        k.reason = None;
        k.drafts.take()
    }
}

/// Whether a handover holds at least one draft (it always carries the route): the lock
/// screen says "unsaved changes are waiting" only then.
fn holds_drafts(handover: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(handover)
        .ok()
        .and_then(|v| v.get("drafts")?.as_array().map(|a| !a.is_empty()))
        .unwrap_or(false)
}

pub fn check_size(drafts: &str) -> tryggplan_core::Result<()> {
    if drafts.len() > MAX_HANDOVER_BYTES {
        return Err(tryggplan_core::Error::InvalidInput(
            "De osparade ändringarna är för stora för att sparas över låsningen. Spara eller \
             korta texten i formuläret."
                .into(),
        ));
    }
    Ok(())
}

/// The app's start page on the origin the window shows (the navigation guard allows only
/// the app's own), whatever path, query or fragment the page may have set.
pub fn start_url(current: Option<Url>) -> Url {
    #[cfg(windows)]
    const FALLBACK: &str = "http://tauri.localhost/index.html";
    #[cfg(not(windows))]
    const FALLBACK: &str = "tauri://localhost/index.html";
    match current.filter(crate::navigation::is_allowed) {
        Some(mut url) => {
            url.set_path("/index.html");
            url.set_query(None);
            url.set_fragment(None);
            url
        }
        None => Url::parse(FALLBACK).expect("the start URL parses"),
    }
}

/// Replaces the page: loads the start page anew. Every script, listener and global of the
/// old document goes with it.
pub fn replace_page(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(crate::MAIN) {
        let url = start_url(w.url().ok());
        let _ = w.navigate(url);
    }
}

/// Set by the shell's input handlers, read (and cleared) by the idle watch once a second.
#[derive(Default)]
pub struct InputSeen(AtomicBool);

impl InputSeen {
    pub fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// True once per batch of input since the last call.
    pub fn take(&self) -> bool {
        self.0.swap(false, Ordering::Relaxed)
    }
}

/// Linux: the GTK events of the web view widget count as activity (key, button, scroll,
/// touch — as the UI counted keydown, pointerdown and wheel). The handlers only set a flag:
/// the idle watch touches the vault, so the GTK thread never waits for the vault's lock.
/// The same widget: no native script dialogs (alert, confirm, prompt — the app uses none, and
/// a planted script could fake a passphrase prompt with them), and a `beforeunload` handler
/// can't keep the old page when the shell replaces it.
#[cfg(target_os = "linux")]
pub fn watch_input(window: &tauri::WebviewWindow) {
    let app = window.app_handle().clone();
    let _ = window.with_webview(move |platform| {
        use gtk::prelude::WidgetExt;
        use webkit2gtk::{ScriptDialogType, SettingsExt, WebViewExt};
        let view = platform.inner();
        // No copy of an old page to go back to (the mouse's back button goes back in WebKit).
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
        }
        view.connect_script_dialog(|_, dialog| {
            if dialog.dialog_type() == ScriptDialogType::BeforeUnloadConfirm {
                dialog.confirm_set_confirmed(true);
            }
            true
        });
        let seen = move || app.state::<InputSeen>().mark();
        let s = seen.clone();
        view.connect_key_press_event(move |_, _| {
            s();
            gtk::glib::Propagation::Proceed
        });
        let s = seen.clone();
        view.connect_button_press_event(move |_, _| {
            s();
            gtk::glib::Propagation::Proceed
        });
        let s = seen.clone();
        view.connect_scroll_event(move |_, _| {
            s();
            gtk::glib::Propagation::Proceed
        });
        view.connect_touch_event(move |_, _| {
            seen();
            gtk::glib::Propagation::Proceed
        });
    });
}

/// Other desktops (not tested): no input is seen, so the app locks after the configured idle
/// time however it is used — never later than configured. See docs/SECURITY.md.
#[cfg(not(target_os = "linux"))]
pub fn watch_input(_window: &tauri::WebviewWindow) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_page_is_the_apps_own_whatever_the_page_set() {
        let url = |s: &str| Some(Url::parse(s).unwrap());
        let start = start_url(url("tauri://localhost/index.html"));
        assert_eq!(start.as_str(), "tauri://localhost/index.html");
        assert_eq!(
            start_url(url("tauri://localhost/x/y?a=1#frag")),
            start,
            "a path, query or fragment the page set is dropped"
        );
        assert_eq!(start_url(url("https://example.org/")), start);
        assert_eq!(start_url(None), start);
        assert!(crate::navigation::is_allowed(&start));
    }

    #[test]
    fn drafts_handed_over_after_a_forced_lock_come_back_once() {
        let h = Handover::default();
        h.begin(LockReason::Idle, None, true);
        assert_eq!(
            h.notice(),
            LockNotice {
                reason: Some(LockReason::Idle),
                drafts_waiting: false
            }
        );
        let kept = r#"{"drafts":[["plan:4",{"text":"osparat"}]],"route":{"name":"cases"}}"#;
        h.hand_over(Zeroizing::new(kept.into())).unwrap();
        assert!(h.notice().drafts_waiting);
        // The window closes with the first hand-over: a second one (a script) is refused.
        assert!(h.hand_over(Zeroizing::new("{}".into())).is_err());
        assert_eq!(h.take().as_deref().map(String::as_str), Some(kept));
        assert!(h.take().is_none());
        assert_eq!(h.notice().reason, None);
    }

    #[test]
    fn a_forced_lock_waits_for_the_page_only_so_long() {
        let h = Handover::default();
        h.begin(LockReason::System, None, true);
        let t = Instant::now();
        h.wait(Duration::from_millis(200));
        let waited = t.elapsed();
        assert!(waited >= Duration::from_millis(200) && waited < Duration::from_secs(2));
        // Too late: the page was replaced without its drafts.
        assert!(h.hand_over(Zeroizing::new("{}".into())).is_err());
        assert!(!h.notice().drafts_waiting);
    }

    #[test]
    fn a_lock_the_page_asked_for_keeps_what_it_handed_over_and_nothing_later() {
        let h = Handover::default();
        let route_only = r#"{"drafts":[],"route":{"name":"settings"}}"#;
        h.begin(
            LockReason::Manual,
            Some(Zeroizing::new(route_only.into())),
            false,
        );
        assert!(h.hand_over(Zeroizing::new("{}".into())).is_err());
        // Only the route: nothing unsaved to announce on the lock screen; the route comes back.
        assert!(!h.notice().drafts_waiting);
        assert_eq!(h.take().as_deref().map(String::as_str), Some(route_only));
    }

    #[test]
    fn an_oversized_handover_is_refused() {
        let h = Handover::default();
        h.begin(LockReason::Idle, None, true);
        let big = Zeroizing::new("x".repeat(MAX_HANDOVER_BYTES + 1));
        assert!(h.hand_over(big).is_err());
        assert!(!h.notice().drafts_waiting);
    }
}
