//! The engine's one error type. A message never carries a document's text: it names the step
//! that failed (the caller wraps it in its own Swedish sentence for the user).

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The creation time can't be written as a PDF date.
    #[error("ogiltig tidpunkt")]
    Time,
    /// The document could not be serialised for its /ID.
    #[error("dokumentets id")]
    Id,
    /// The finished file holds a key or action that would make it act (see
    /// [`crate::pdf::FORBIDDEN_KEYS`]): it is refused, never written.
    #[error("otillåtet innehåll /{0}")]
    ActiveContent(String),
    /// The bytes could not be written.
    #[error("PDF-filen kunde inte skrivas")]
    Write,
}

pub type Result<T> = std::result::Result<T, Error>;
