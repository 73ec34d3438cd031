//! Lock when the computer's screen locks or the computer is about to sleep.
//!
//! Issue 8: "Lock also on screen lock / suspend where the platform signals it".
//!
//! On Linux the desktop says so on D-Bus:
//! - the screen saver / screen lock on the **session** bus: `ActiveChanged(true)` of
//!   `org.freedesktop.ScreenSaver` (KDE, Xfce and others), `org.gnome.ScreenSaver`,
//!   `org.mate.ScreenSaver` and `org.cinnamon.ScreenSaver`;
//! - logind on the **system** bus: `Lock` of `org.freedesktop.login1.Session` (`loginctl
//!   lock-session`, the lock key) and `PrepareForSleep(true)` of
//!   `org.freedesktop.login1.Manager` (suspend and hibernate).
//!
//! Any of these locks the vault and tells the UI (`LockReason::System`), which drops what it
//! showed. A signal is not checked for its sender: anyone on the user's bus who sends one can
//! only make the app lock, which is the safe direction. A bus that isn't there (no logind in a
//! container, no desktop session) is tried again every minute; nothing is printed.
//!
//! Other platforms: not implemented here (Windows needs `WTSRegisterSessionNotification` /
//! `WM_POWERBROADCAST` on the window, macOS the workspace notifications). There the idle lock
//! still applies, and time spent asleep counts as idle time (`clock::SystemClock`), so a laptop
//! that wakes after the idle time opens locked.

use std::time::Duration;

/// Why the platform asks for a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    ScreenLocked,
    Suspending,
}

/// The screen-saver interfaces whose `ActiveChanged(true)` means the screen locked.
const SCREEN_SAVERS: [&str; 4] = [
    "org.freedesktop.ScreenSaver",
    "org.gnome.ScreenSaver",
    "org.mate.ScreenSaver",
    "org.cinnamon.ScreenSaver",
];
const LOGIN_SESSION: &str = "org.freedesktop.login1.Session";
const LOGIN_MANAGER: &str = "org.freedesktop.login1.Manager";

/// Reads a signal: a reason to lock, or None. `first_bool` is the signal's first argument if
/// it is a boolean.
pub fn classify(interface: &str, member: &str, first_bool: Option<bool>) -> Option<Reason> {
    match (interface, member, first_bool) {
        (i, "ActiveChanged", Some(true)) if SCREEN_SAVERS.contains(&i) => {
            Some(Reason::ScreenLocked)
        }
        (LOGIN_SESSION, "Lock", _) => Some(Reason::ScreenLocked),
        (LOGIN_MANAGER, "PrepareForSleep", Some(true)) => Some(Reason::Suspending),
        _ => None,
    }
}

/// Watches both buses for the rest of the app's life; `on_lock` runs (on a watcher thread) for
/// every signal that asks for a lock.
#[cfg(target_os = "linux")]
pub fn spawn(on_lock: impl Fn(Reason) + Send + Sync + 'static) {
    use std::sync::Arc;
    let on_lock = Arc::new(on_lock);
    for bus in [Bus::Session, Bus::System] {
        let on_lock = Arc::clone(&on_lock);
        let _ = std::thread::Builder::new()
            .name(format!("lock-signals-{bus:?}"))
            .spawn(move || loop {
                // Returns only when the bus can't be reached or is lost.
                let _ = watch(bus, &*on_lock);
                std::thread::sleep(Duration::from_secs(60));
            });
    }
}

/// Logout, shutdown and Ctrl+C in a terminal end a program with SIGTERM, SIGHUP or SIGINT,
/// whose default is to die on the spot — unlocked, with the history's checkpoint of the last
/// lock. These signals instead end the app as if its window was closed (`on_signal` asks the
/// app to exit; the app locks as it exits). The handler runs on the main loop (GLib's signal
/// source), not in the signal handler.
#[cfg(target_os = "linux")]
pub fn exit_on_termination(on_signal: impl Fn() + Send + Sync + Clone + 'static) {
    use gtk::glib;
    // SIGHUP, SIGINT, SIGTERM: the same numbers on every Linux architecture.
    for signal in [1, 2, 15] {
        let on_signal = on_signal.clone();
        glib::unix_signal_add(signal, move || {
            on_signal();
            glib::ControlFlow::Continue
        });
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exit_on_termination(_on_signal: impl Fn() + Send + Sync + Clone + 'static) {}

#[cfg(not(target_os = "linux"))]
pub fn spawn(_on_lock: impl Fn(Reason) + Send + Sync + 'static) {}

#[cfg(target_os = "linux")]
#[derive(Debug, Clone, Copy)]
enum Bus {
    Session,
    System,
}

#[cfg(target_os = "linux")]
fn watch(bus: Bus, on_lock: &(dyn Fn(Reason) + Send + Sync)) -> Result<(), dbus::Error> {
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    use dbus::Message;
    use std::sync::Arc;

    let conn = match bus {
        Bus::Session => Connection::new_session()?,
        Bus::System => Connection::new_system()?,
    };
    let rules: Vec<(&str, &str)> = match bus {
        Bus::Session => SCREEN_SAVERS
            .iter()
            .map(|i| (*i, "ActiveChanged"))
            .collect(),
        Bus::System => vec![(LOGIN_SESSION, "Lock"), (LOGIN_MANAGER, "PrepareForSleep")],
    };
    // The callbacks must be 'static: they get the reason back over a channel.
    let (tx, rx) = std::sync::mpsc::channel::<Reason>();
    let tx = Arc::new(std::sync::Mutex::new(tx));
    for (interface, member) in rules {
        let rule = MatchRule::new_signal(interface, member);
        let tx = Arc::clone(&tx);
        conn.add_match(rule, move |(): (), _, msg: &Message| {
            let iface = msg.interface().map(|i| i.to_string()).unwrap_or_default();
            let member = msg.member().map(|m| m.to_string()).unwrap_or_default();
            let first = msg.get1::<bool>();
            if let Some(reason) = classify(&iface, &member, first) {
                if let Ok(tx) = tx.lock() {
                    let _ = tx.send(reason);
                }
            }
            true
        })?;
    }
    loop {
        conn.process(Duration::from_millis(500))?;
        while let Ok(reason) = rx.try_recv() {
            on_lock(reason);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_lock_and_suspend_signals_lock_and_nothing_else_does() {
        use Reason::*;
        let table: [(&str, &str, Option<bool>, Option<Reason>); 14] = [
            (
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                Some(true),
                Some(ScreenLocked),
            ),
            (
                "org.gnome.ScreenSaver",
                "ActiveChanged",
                Some(true),
                Some(ScreenLocked),
            ),
            (
                "org.mate.ScreenSaver",
                "ActiveChanged",
                Some(true),
                Some(ScreenLocked),
            ),
            (
                "org.cinnamon.ScreenSaver",
                "ActiveChanged",
                Some(true),
                Some(ScreenLocked),
            ),
            (
                "org.freedesktop.login1.Session",
                "Lock",
                None,
                Some(ScreenLocked),
            ),
            (
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                Some(true),
                Some(Suspending),
            ),
            // The screen unlocking or the computer waking never does anything.
            (
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                Some(false),
                None,
            ),
            ("org.gnome.ScreenSaver", "ActiveChanged", Some(false), None),
            ("org.freedesktop.login1.Session", "Unlock", None, None),
            (
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                Some(false),
                None,
            ),
            // A malformed signal or another interface's member of the same name.
            ("org.freedesktop.ScreenSaver", "ActiveChanged", None, None),
            (
                "org.freedesktop.login1.Manager",
                "PrepareForShutdown",
                Some(true),
                None,
            ),
            ("org.example.Other", "ActiveChanged", Some(true), None),
            ("org.example.Other", "Lock", None, None),
        ];
        for (interface, member, arg, want) in table {
            assert_eq!(
                classify(interface, member, arg),
                want,
                "{interface}.{member}({arg:?})"
            );
        }
    }
}
