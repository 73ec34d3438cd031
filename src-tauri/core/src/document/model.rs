//! The document model is the PDF engine's (`tryggplan_pdf::model`): what a document says, in
//! blocks, drawn both as the PDF and as the app's HTML preview. What is Tryggplan's stays here:
//! the kinds of document and their titles.

pub use tryggplan_pdf::model::*;

use serde::Serialize;
use ts_rs::TS;

/// The kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DocumentKind {
    /// "Samtycke till SIP", filled in from a consent record, for signature.
    Consent,
    /// The same form, blank, to fill in by hand.
    BlankConsent,
    /// "Kallelse till SIP-möte", one per recipient.
    Invitation,
    /// "Samordnad individuell plan", one fixed version.
    Plan,
    /// "Avidentifierat ärende för samråd": the de-identified case summary (`document::samrad`).
    Samrad,
    /// "Statistikrapport": the de-identified report for a period (`document::statistics`).
    Statistics,
    /// "Återställningsnyckel för Tryggplan": the recovery sheet (`keys::recovery`).
    RecoverySheet,
    /// "Samtycke till samråd", filled in from a samråd consent record, for signature.
    SamradConsent,
    /// "Kopia av samtycke till SIP": the copy one accepted actor is given.
    ConsentCopy,
}

impl DocumentKind {
    /// The title: the document's [`Document::title`], also the PDF's metadata title, so it
    /// never holds a person's name.
    pub fn title(self) -> &'static str {
        match self {
            DocumentKind::Consent => "Samtycke till SIP",
            DocumentKind::BlankConsent => "Samtycke till SIP (blankett)",
            DocumentKind::Invitation => "Kallelse till SIP-möte",
            DocumentKind::Plan => "Samordnad individuell plan",
            DocumentKind::Samrad => crate::samrad::summary::TITLE,
            DocumentKind::Statistics => "Statistikrapport",
            DocumentKind::RecoverySheet => "Återställningsnyckel för Tryggplan",
            DocumentKind::SamradConsent => "Samtycke till samråd",
            DocumentKind::ConsentCopy => "Kopia av samtycke till SIP",
        }
    }
}
