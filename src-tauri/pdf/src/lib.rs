//! Tryggplan's PDF engine: a [`Document`] of blocks, drawn on A4 pages with an embedded font
//! and finished into a deterministic file with no active content. The app's HTML preview is
//! drawn from the same model (its TypeScript types are generated from [`model`]).
//!
//! Invariant: this crate knows nothing of the domain — no case, person, consent or profile.
//! It depends on no Tryggplan crate (the core depends on it, never the other way, and cargo
//! refuses a cycle), and everything a page shows, a title and a marking included, comes in as
//! a parameter.
#![deny(unsafe_code)]
#![warn(missing_debug_implementations)]

pub mod chart;
pub mod error;
pub mod fonts;
pub mod model;
pub mod pdf;

#[cfg(test)]
mod fuzz_tests;

/// The PDF reader the finishing uses, for callers that read a file back
/// ([`pdf::active_content`] takes its document).
pub use lopdf;

pub use error::{Error, Result};
pub use fonts::fit_to_font;
pub use model::{Block, ChartSeries, Check, Column, Document, Field, Shown};
pub use pdf::{active_content, page_count, render, Marking};
