//! Tryggplan's system tests: the real SQLCipher file on disk, the real OS keyring (a
//! gnome-keyring Secret Service in a private D-Bus session, started by the tests), and the
//! app's real configuration. One test binary, ripgrep-style; modules by concern.

mod architecture;
mod config;
mod crash;
mod keyring;
mod layers;
mod locked_keys;
mod network;
mod plaintext;
mod practice;
mod tamper;
mod ui_rules;

/// A passphrase used throughout (≥ 12 characters, with Swedish letters).
pub const PASS: &str = "blåbär i skogen 2026";
/// A canary person: if these strings are ever found in a file, data leaked in the clear.
pub const CANARY_NAME: &str = "Kanarieförsök Łukasz Nguyễn";
pub const CANARY_PNR: &str = "19121212-1212";

/// A private desktop whose processes run the keyprobe binary of this build.
pub fn desktop() -> tryggplan_systest::Desktop {
    tryggplan_systest::Desktop::new(env!("CARGO_BIN_EXE_keyprobe"))
}
