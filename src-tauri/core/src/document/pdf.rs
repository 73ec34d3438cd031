//! The PDF engine (`tryggplan_pdf::pdf`) as the core calls it: the same functions, except that
//! [`render`] takes the open profile's [`ProfileKind`] — never a marking chosen by hand — so no
//! PDF is made anywhere in the core or the shell without the profile's choice (issue 19).

use chrono::{DateTime, Utc};

pub use tryggplan_pdf::lopdf;
pub use tryggplan_pdf::pdf::{active_content, page_count, FORBIDDEN_KEYS, PAGE_H, PAGE_W};

use super::model::Document;
use crate::error::Result;
use crate::profile::{ProfileKind, PRACTICE_MARK};

/// The PDF bytes of a document (whose text has been fitted to the font, see
/// `fonts::fit_to_font`). `created` is the document's creation time in its metadata.
///
/// `kind` is the open profile's (issue 19): in the practice profile every page carries
/// [`PRACTICE_MARK`] at its top and its foot, and the file's title begins with it.
pub fn render(doc: &Document, created: DateTime<Utc>, kind: ProfileKind) -> Result<Vec<u8>> {
    let marking = match kind {
        ProfileKind::Practice => tryggplan_pdf::Marking::Practice(PRACTICE_MARK),
        ProfileKind::Real => tryggplan_pdf::Marking::None,
    };
    Ok(tryggplan_pdf::render(doc, created, marking)?)
}
