//! Samråd — consultation meetings of police, region and municipalities [001 §5, §11, §12, §14].
//!
//! "A case is brought with the person's consent (use the agreed consent form) or
//! de-identified: the official who brings it must make sure no sensitive personal data is
//! revealed — talk about the character of the case, not details."
//!
//! - [`summary`]: the de-identified case summary (role words, age bands, relative time);
//! - [`scanner`]: the identifier scanner for any free text the worker adds to it;
//! - [`gate`]: the summary may be saved or exported only when every hit is removed or accepted;
//! - [`gather`]: the summary of a stored case, and [`scanner::Known`] from the whole database;
//! - [`consent`]: samråd's own consent (a SIP consent never counts for samråd);
//! - [`log`]: the samråd log (storage): consultations with consent or de-identified;
//! - [`document`]: "Avidentifierat ärende för samråd" as a PDF.

pub mod consent;
pub mod gate;
pub mod gather;
pub mod log;
pub mod scanner;
pub mod summary;

#[cfg(test)]
mod tests;
