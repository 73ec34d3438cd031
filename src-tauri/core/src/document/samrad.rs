//! "Avidentifierat ärende för samråd" as a document: the de-identified summary drawn with the
//! documents' own model and PDF writer (`document::model`, `document::pdf`), so it gets the same
//! header, footer, font check, deterministic bytes and refusal of active content.
//!
//! What it never carries: a name, an identity number, an address, a phone number, a unit's
//! name, a place, or a date of the case — the summary has none (see `summary`), the worker's
//! question has passed the identifier gate (`gate`), and the furniture is fixed text:
//! - the title (also the PDF's metadata title) is [`crate::samrad::summary::TITLE`];
//! - the document id and the file name name no case, person or SIP: `Samråd-underlag` for one
//!   made now, `Samråd-12` for the one recorded as consultation 12 (the log's own number);
//! - the only date is the day the underlag was drawn up, in the footer (its relative times —
//!   "för ungefär 3 veckor sedan" — count from that day, so a reader needs it); the PDF's
//!   metadata time is that day at midnight (UTC), not the moment of export.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::case_ref::{CaseScoped, Opened, Scope};
use crate::ctx::Ctx;
use crate::document::model::{Block, Document, DocumentKind};
use crate::document::{self, Prepared};
use crate::ids::{CaseId, SamradId};
use crate::samrad::gate::Acceptance;
use crate::samrad::log;
use crate::samrad::summary::{Summary, QUESTION_HEADING};
use crate::Result;

/// In every page's header: what the paper is.
pub const LEGEND: &str = "Avidentifierat underlag – inga personuppgifter";
/// The footer's version field.
pub const VERSION: &str = "Underlag för samråd";
/// When the worker wrote no question.
pub const NO_QUESTION: &str = "Ingen frågeställning har skrivits.";
/// In the case history when exported.
pub const HISTORY: &str = "Avidentifierat underlag för samråd";

/// Which underlag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum SamradPdf {
    /// The case's summary now, with the worker's question and the hits they accepted.
    #[serde(rename_all = "camelCase")]
    Current {
        case_id: CaseId,
        question: String,
        accepted: Vec<Acceptance>,
    },
    /// The summary a recorded de-identified consultation brought.
    #[serde(rename_all = "camelCase")]
    Recorded { samrad_id: SamradId },
}

/// The document of a summary: pure.
pub fn document(
    summary: &Summary,
    organisation: &str,
    document_id: &str,
    date: NaiveDate,
) -> Document {
    let mut blocks = vec![
        Block::Heading {
            text: summary.title.clone(),
        },
        Block::Paragraph {
            text: summary.intro.clone(),
        },
    ];
    for s in &summary.sections {
        blocks.push(Block::Subheading {
            text: s.heading.clone(),
        });
        blocks.push(Block::Bullets {
            items: s.lines.clone(),
        });
    }
    blocks.push(Block::Subheading {
        text: QUESTION_HEADING.into(),
    });
    let q = summary.question.trim();
    blocks.push(Block::Paragraph {
        text: if q.is_empty() {
            NO_QUESTION.into()
        } else {
            q.to_owned()
        },
    });
    Document {
        title: DocumentKind::Samrad.title().to_owned(),
        organisation: organisation.to_owned(),
        document_id: document_id.to_owned(),
        version: VERSION.into(),
        date,
        legend: Some(LEGEND.into()),
        blocks,
    }
}

/// The id in the footer and the file name's stem: never a case, person or SIP.
fn document_id(recorded: Option<SamradId>) -> String {
    match recorded {
        None => "Samråd-underlag".into(),
        Some(id) => format!("Samråd-{id}"),
    }
}

/// The file name's stem (".pdf" is added).
fn file_stem(recorded: Option<SamradId>) -> String {
    match recorded {
        None => "samrad-avidentifierat-underlag".into(),
        Some(id) => format!("samrad-{id}-avidentifierat-underlag"),
    }
}

/// Gathers (and, for the current summary, gates) the underlag and builds its document.
pub fn prepare(conn: &Connection, ctx: &Ctx, req: &Opened<SamradPdf>) -> Result<Prepared> {
    let req = req.get();
    let today = ctx.today;
    let organisation = document::organisation(conn)?;
    let (case, summary, date, recorded) = match req {
        SamradPdf::Current {
            case_id,
            question,
            accepted,
        } => {
            let open = crate::access::open_case(conn, ctx, *case_id)?;
            let (s, _) = log::cleared_summary(conn, ctx, open, question, accepted)?;
            (*case_id, s, today, None)
        }
        SamradPdf::Recorded { samrad_id } => {
            let (case, s, on) = log::brought(conn, *samrad_id)?;
            (case, s, on, Some(*samrad_id))
        }
    };
    let id = document_id(recorded);
    Ok(document::finish(
        document(&summary, &organisation, &id, date),
        organisation.is_empty(),
        file_stem(recorded),
        Some(case),
        match recorded {
            None => HISTORY.to_owned(),
            Some(id) => format!("{HISTORY} (samråd {id})"),
        },
        samrad_removals(),
    ))
}

/// "Vad mottagaren ser" for the samråd: S1 removes every field about every person of the case
/// (the summary is built from role words, age bands and relative time instead).
fn samrad_removals() -> Vec<document::Removal> {
    use crate::protection::{visibility, Audience, Field, Medium, Visibility};
    Field::ALL
        .iter()
        .filter_map(|&field| {
            match visibility(
                crate::vocab::ProtectionLevel::Ingen,
                &Audience::Samrad,
                Medium::Summary,
                field,
            ) {
                Visibility::Shown => None,
                Visibility::Removed { reason } => Some(document::Removal::new(
                    "Alla personer i ärendet",
                    field,
                    field.label(),
                    &reason,
                )),
            }
        })
        .collect()
}

/// The PDF bytes, dated by the document's own day (see [`document::render_on_its_day`]).
pub use document::render_on_its_day as render;

impl CaseScoped for SamradPdf {
    /// The case whose summary it is: now, or as a recorded consultation brought it.
    fn scope(&self, conn: &rusqlite::Connection) -> Result<Scope> {
        Ok(Scope::Case(match self {
            SamradPdf::Current { case_id, .. } => *case_id,
            SamradPdf::Recorded { samrad_id } => log::brought(conn, *samrad_id)?.0,
        }))
    }
}
