//! Copies out of the app: the clipboard is emptied again after 30 seconds and at every lock.
//!
//! Issue 8: "clipboard copies of sensitive fields are cleared after 30 s".
//!
//! Every copy (Ctrl+C or the context menu, in any field or selected text) goes through here:
//! the page stops WebKit's own copy and hands the selected text to the `copy_text` command.
//! Which copied text is sensitive can't be known reliably (a name, a personnummer, a note
//! that names a shelter), so every copy is treated as sensitive.
//!
//! On Linux the text is offered through GTK with a clear function: the app knows whether it
//! still owns the clipboard. After [`CLEAR_AFTER`] — or at once when the app locks — the
//! clipboard is cleared **only if it still holds the app's copy**: a later copy from another
//! program is never touched. The offer also carries `x-kde-passwordManagerHint = secret`,
//! which tells KDE's clipboard history (Klipper) not to keep it. The app never asks the desktop
//! to keep the clipboard after it exits (`gtk_clipboard_set_can_store` is not called).
//!
//! Other platforms: not implemented; there the page lets WebKit copy as usual (no clearing).
//! A clipboard history that ignores the hint (e.g. Windows' Win+V) is a residual risk
//! (docs/THREAT-MODEL.md).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::AppHandle;
use zeroize::Zeroizing;

/// How long a copy stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// The newest copy's number: a timer clears only if no newer copy has been made since.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Puts `text` on the clipboard and clears it after [`CLEAR_AFTER`] unless something else
/// has been copied meanwhile.
pub fn copy(app: &AppHandle, text: String) -> tauri::Result<()> {
    let generation = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    let text = Zeroizing::new(text);
    app.run_on_main_thread(move || imp::offer(text))?;
    let app = app.clone();
    let _ = std::thread::Builder::new()
        .name("clipboard-clear".into())
        .spawn(move || {
            std::thread::sleep(CLEAR_AFTER);
            if GENERATION.load(Ordering::SeqCst) == generation {
                clear(&app);
            }
        });
    Ok(())
}

/// Clears the clipboard if it still holds the app's copy (called at every lock).
pub fn clear(app: &AppHandle) {
    let _ = app.run_on_main_thread(imp::clear_if_ours);
}

#[cfg(target_os = "linux")]
mod imp {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use gtk::{Clipboard, TargetEntry, TargetFlags};
    use zeroize::Zeroizing;

    /// KDE's "don't keep this in the history" target.
    const HINT: &str = "x-kde-passwordManagerHint";
    const HINT_INFO: u32 = 1;

    thread_local! {
        /// Set while the clipboard holds the app's copy: GTK drops the offer (and so this
        /// flag's guard) when another program takes the clipboard or the app clears it.
        static OURS: RefCell<Option<Rc<Cell<bool>>>> = const { RefCell::new(None) };
    }

    /// Marks the offer gone when GTK drops it.
    struct Owned(Rc<Cell<bool>>);
    impl Drop for Owned {
        fn drop(&mut self) {
            self.0.set(false);
        }
    }

    fn clipboard() -> Clipboard {
        Clipboard::get(&gdk::SELECTION_CLIPBOARD)
    }

    pub fn offer(text: Zeroizing<String>) {
        let alive = Rc::new(Cell::new(true));
        let owned = Owned(Rc::clone(&alive));
        let targets = [
            TargetEntry::new("UTF8_STRING", TargetFlags::empty(), 0),
            TargetEntry::new("text/plain;charset=utf-8", TargetFlags::empty(), 0),
            TargetEntry::new("STRING", TargetFlags::empty(), 0),
            TargetEntry::new("TEXT", TargetFlags::empty(), 0),
            TargetEntry::new("text/plain", TargetFlags::empty(), 0),
            TargetEntry::new(HINT, TargetFlags::empty(), HINT_INFO),
        ];
        let ok = clipboard().set_with_data(&targets, move |_, selection, info| {
            let _keep = &owned;
            if info == HINT_INFO {
                selection.set(&gdk::Atom::intern(HINT), 8, b"secret");
            } else {
                selection.set_text(&text);
            }
        });
        OURS.with(|o| *o.borrow_mut() = ok.then_some(alive));
    }

    pub fn clear_if_ours() {
        let ours = OURS.with(|o| o.borrow_mut().take());
        if ours.is_some_and(|alive| alive.get()) {
            clipboard().clear();
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use zeroize::Zeroizing;
    pub fn offer(_text: Zeroizing<String>) {}
    pub fn clear_if_ours() {}
}
