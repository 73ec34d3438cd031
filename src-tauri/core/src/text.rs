//! Free text from forms: trimmed, bounded, without control characters. One place, so every
//! field is checked the same way and refused with the same Swedish sentence.
//!
//! Issue 18: every free text a command takes has a maximum length, checked here in the core
//! before any other work (a 5 MB deviation once held the vault for 15 s). The limits are named
//! by kind of field below; the UI reads them through the vocabulary ([`limits`]) for its
//! `maxlength`, so no number is written twice.

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

/// Names, places, who did something, recipients, units, contacts, e-mail addresses.
pub const MAX_SHORT: usize = 200;
/// The worker's name, title and unit name (characters, one line).
pub const MAX_DETAIL: usize = 120;
/// Phone numbers.
pub const MAX_PHONE: usize = 40;
/// A language.
pub const MAX_LANGUAGE: usize = 80;
/// A comment or a short reason (a follow-up item, a closing reason, an intervention).
pub const MAX_COMMENT: usize = 2000;
/// Descriptions, reasons and questions: consent and risk texts, the samråd question, a
/// deviation's description, a protection decision's written reason.
pub const MAX_LONG: usize = 4000;
/// The plan's and the preparation's long fields, a follow-up's note.
pub const MAX_PLAN: usize = 8000;
/// A time of day (`09:30`).
pub const MAX_TIME: usize = 8;
/// How many hits one scan may carry as accepted (each no longer than [`MAX_SHORT`], the
/// longest name or place).
pub const MAX_ACCEPTED: usize = 1000;
/// How many rows of other interventions a plan may have.
pub const MAX_OTHER_INTERVENTIONS: usize = 100;

/// The limits, for the UI (part of the vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TextLimits {
    pub short: u32,
    /// The worker's name, title and unit name.
    pub detail: u32,
    pub phone: u32,
    pub language: u32,
    pub comment: u32,
    pub long: u32,
    pub plan: u32,
}

/// The limits above, for the UI.
pub fn limits() -> TextLimits {
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    TextLimits {
        short: n(MAX_SHORT),
        detail: n(MAX_DETAIL),
        phone: n(MAX_PHONE),
        language: n(MAX_LANGUAGE),
        comment: n(MAX_COMMENT),
        long: n(MAX_LONG),
        plan: n(MAX_PLAN),
    }
}

/// Refused when `value`, trimmed, is longer than `max` characters. Counts at most `max + 1`
/// characters, so an oversized input is refused in time that does not grow with its size.
pub fn check_len(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().chars().nth(max).is_some() {
        return Err(too_long(field, max));
    }
    Ok(())
}

fn too_long(field: &str, max: usize) -> Error {
    Error::InvalidInput(format!(
        "Fältet ”{field}” är för långt. Skriv högst {max} tecken."
    ))
}

/// Refused when a list the worker sends has more than `max` entries.
pub fn check_count<T>(what: &str, list: &[T], max: usize) -> Result<()> {
    if list.len() > max {
        return Err(Error::InvalidInput(format!(
            "För många {what}: högst {max} går att skicka på en gång. Ladda om sidan och \
             försök igen."
        )));
    }
    Ok(())
}

/// `value` trimmed. Refused when longer than `max` characters or when it holds control
/// characters other than line breaks and tabs (pasted binary, NUL, escape sequences).
pub fn clean(field: &str, value: &str, max: usize) -> Result<String> {
    check_len(field, value, max)?;
    let v = value.trim();
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::InvalidInput(format!(
            "Fältet ”{field}” innehåller otillåtna tecken. Skriv om texten utan kontrolltecken."
        )));
    }
    Ok(v.to_owned())
}

/// Like [`clean`], and refused when empty.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = clean(field, value, max)?;
    if v.is_empty() {
        return Err(Error::InvalidInput(format!("Fyll i fältet ”{field}”.")));
    }
    Ok(v)
}

/// Sentences built from parts, some typed by the user ("Muntligt i telefon till polisen.",
/// "Mottaget av Lisa Berg"): each non-empty part trimmed and ended with exactly one full stop
/// (none added after one the user typed, or after "!", "?", "…"), joined by a space. The one
/// place a text is joined from sentences, so no join makes "polisen.. Mottaget av".
pub fn sentences<S: AsRef<str>>(parts: &[S]) -> String {
    parts
        .iter()
        .map(|p| p.as_ref().trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.ends_with(['.', '!', '?', '…']) {
                p.to_owned()
            } else {
                format!("{p}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The legend on every page of a document about a person.
pub const CONFIDENTIAL: &str = "Innehåller sekretessbelagda uppgifter";

/// A title or a phrase as it reads inside a sentence: "Socialsekreterare" becomes
/// "socialsekreterare", "Vid personligt möte" "vid personligt möte"; a word in capitals
/// ("BUP-kurator", "IT") stays as it is.
pub fn in_sentence(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(f), Some(n)) if f.is_uppercase() && n.is_lowercase() => {
            f.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Issue 19: "…polisen.. Mottaget av": a part the user ended with a full stop got one more
    /// at the join.
    #[test]
    fn sentences_end_each_part_with_one_full_stop() {
        assert_eq!(
            sentences(&["Muntligt i telefon till polisen.", "Mottaget av Lisa Berg"]),
            "Muntligt i telefon till polisen. Mottaget av Lisa Berg."
        );
        assert_eq!(
            sentences(&["Muntligt vid besök", "Mottaget av Lisa Berg."]),
            "Muntligt vid besök. Mottaget av Lisa Berg."
        );
        assert_eq!(
            sentences(&["  Ringde!  ", "", "  ", "Sa nej?"]),
            "Ringde! Sa nej?"
        );
        assert_eq!(sentences(&[" polisen. "]), "polisen.");
        assert_eq!(sentences::<&str>(&[]), "");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testkit::fuzz_cases(256)))]

        /// Whatever the parts end with (full stop, spaces, line breaks), no join doubles a
        /// full stop, and every part's words are kept.
        #[test]
        fn fuzz_sentences_never_double_a_full_stop(
            parts in proptest::collection::vec("[a-zåäö ]{0,12}(\\.)?[ \n]{0,2}", 0..5)
        ) {
            let out = sentences(&parts);
            prop_assert!(!out.contains(".."), "{out:?} from {parts:?}");
            for p in &parts {
                let words = p.trim().trim_end_matches('.').trim();
                prop_assert!(out.contains(words), "{words:?} lost in {out:?}");
            }
        }
    }

    #[test]
    fn text_is_trimmed_bounded_and_printable() {
        assert_eq!(clean("Namn", "  Åsa \n", 10).unwrap(), "Åsa");
        assert_eq!(clean("Rad", "a\nb\tc", 10).unwrap(), "a\nb\tc");
        assert!(clean("Namn", &"å".repeat(11), 10)
            .unwrap_err()
            .to_string()
            .contains("högst 10"));
        assert!(clean("Namn", "a\0b", 10)
            .unwrap_err()
            .to_string()
            .contains("otillåtna"));
        assert!(clean("Namn", "a\u{1b}[31mb", 10).is_err());
        assert!(required("Namn", "   ", 10)
            .unwrap_err()
            .to_string()
            .contains("Fyll i"));
        assert_eq!(clean("Namn", "", 10).unwrap(), "");
    }
}
