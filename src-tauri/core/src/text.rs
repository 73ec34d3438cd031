//! Free text from forms: trimmed, bounded, without control characters. One place, so every
//! field is checked the same way and refused with the same Swedish sentence.

use crate::{Error, Result};

/// `value` trimmed. Refused when longer than `max` characters or when it holds control
/// characters other than line breaks and tabs (pasted binary, NUL, escape sequences).
pub fn clean(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Error::InvalidInput(format!(
            "Fältet ”{field}” är för långt. Skriv högst {max} tecken."
        )));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
