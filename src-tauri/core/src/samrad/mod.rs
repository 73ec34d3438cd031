//! Samråd — consultation meetings of police, region and municipalities [001 §5, §11, §12, §14].
//!
//! "A case is brought with the person's consent (use the agreed consent form) or
//! de-identified: the official who brings it must make sure no sensitive personal data is
//! revealed — talk about the character of the case, not details."
//!
//! - [`summary`]: the de-identified case summary (role words, age bands, relative time);
//! - [`scanner`]: the identifier scanner for any free text the worker adds to it.

pub mod scanner;
pub mod summary;
