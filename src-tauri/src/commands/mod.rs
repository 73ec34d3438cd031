//! The IPC commands. Each one parses its input, calls the core, and maps the error to the
//! typed `{ kind, message }` the UI receives — never a bare string.

pub mod actors;
pub mod cases;
pub mod consent;
pub mod documents;
pub mod risk;
pub mod samrad;
pub mod session;
pub mod sip;

use std::sync::{Mutex, MutexGuard};

use tryggplan_core::session::Vault;
use tryggplan_core::IpcError;

pub type CmdResult<T> = std::result::Result<T, IpcError>;

/// Everything the commands share.
pub struct AppState {
    vault: Mutex<Vault>,
}

impl AppState {
    pub fn new(vault: Vault) -> Self {
        AppState {
            vault: Mutex::new(vault),
        }
    }

    /// The vault. A command that panicked while holding it leaves it usable: the vault's
    /// state is only changed by complete operations.
    pub fn vault(&self) -> MutexGuard<'_, Vault> {
        self.vault
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Maps a core error for the UI (and never logs its content).
pub fn ipc(e: tryggplan_core::Error) -> IpcError {
    e.to_ipc()
}
