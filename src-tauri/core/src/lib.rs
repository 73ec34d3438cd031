//! Tryggplan's domain core.
//!
//! Rules, storage and key handling live here, as plain Rust that builds and tests without
//! Tauri or WebKit. The Tauri crate (`src-tauri`) is a thin shell over this crate.
//!
//! Architecture invariants (see `ARCHITECTURE.md`):
//! - this crate never depends on `tauri`;
//! - the database key never reaches the disk in the clear (see [`keys`]);
//! - every data operation goes through [`session::Vault::with_conn`], which fails with
//!   [`Error::Locked`] while the vault is locked.
#![deny(unsafe_code)]
#![warn(missing_debug_implementations)]

pub mod access;
pub mod actor;
pub mod audit;
pub mod backup;
pub mod case_ref;
pub mod cases;
pub mod catalog;
pub mod clock;
pub mod consent;
pub mod ctx;
pub mod document;
pub mod error;
pub mod files;
pub mod followup;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod history_log;
pub mod ids;
pub mod keys;
pub mod law;
pub mod person;
pub mod practice;
pub mod profile;
pub mod protection;
pub mod refusal;
pub mod retention;
pub mod risk;
pub mod rule_dates;
pub mod samrad;
pub mod search_budget;
pub mod session;
pub mod sip;
pub mod store;
pub mod text;
pub mod vocab;
pub mod worker;

#[cfg(any(test, feature = "testkit"))]
pub mod testkit;

pub use error::{Error, ErrorKind, IpcError, Result};
pub use refusal::{Refusal, RefusalKind};
