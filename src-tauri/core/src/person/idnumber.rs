//! Swedish identity numbers: *personnummer* and *samordningsnummer*.
//!
//! Parsing, validation and formatting of the numbers that identify a person in
//! Swedish registers. All user-facing error messages are in Swedish and say
//! both what is wrong and what the user should do next.
//!
//! # Rules implemented (and where they come from)
//!
//! Folkbokföringslagen (1991:481) 18 § (personnummer):
//!
//! > "Personnumret innehåller födelsetid, födelsenummer och kontrollsiffra.
//! > Födelsetiden anges med sex siffror, två för året, två för månaden och två
//! > för dagen i nu nämnd ordning. Födelsenumret består av tre siffror och är
//! > udda för män och jämnt för kvinnor. Mellan födelsetiden och födelsenumret
//! > sätts ett bindestreck som byts mot ett plustecken det år en person fyller
//! > 100 år."
//!
//! > "Om det inte är obehövligt ska födelsetiden i personnumret lagras med åtta
//! > siffror i register som förs med hjälp av automatisk databehandling; fyra
//! > för året, två för månaden och två för dagen."
//!
//! Folkbokföringslagen 18 a § (samordningsnummer):
//!
//! > "Numret ska anges med två siffror för vardera år, månad och dag i nu nämnd
//! > ordning. Siffrorna för dag ska adderas med 60. Därefter anges ett
//! > tresiffrigt individnummer, som är udda för män och jämnt för kvinnor, samt
//! > en kontrollsiffra."
//!
//! Skatteverket on the check digit: "Kontrollsiffran bestäms enligt den s.k.
//! modulus-10-metoden med vikterna 1 och 2" — multiply the nine digits
//! YYMMDDNNN alternately by 2 and 1, add the *digits* of the products
//! (12 counts as 1 + 2), subtract the last digit of the sum from 10; a result
//! of 10 gives check digit 0. See [`luhn_check_digit`].
//!
//! Skatteverket on the plus sign: "Från och med det år en person fyller 100 år
//! ändras bindestrecket till ett plustecken."
//!
//! Concretely, after trimming surrounding whitespace, [`IdentityNumber::parse`]
//! accepts exactly these forms (a single space may stand in for `-`):
//!
//! | form            | century                                                |
//! |-----------------|--------------------------------------------------------|
//! | `YYYYMMDDNNNC`  | given                                                  |
//! | `YYYYMMDD-NNNC` | given; any age                                         |
//! | `YYYYMMDD+NNNC` | given; only if `today.year - YYYY >= 100`              |
//! | `YYMMDDNNNC`    | the year in `[today.year - 99, today.year]` ending YY  |
//! | `YYMMDD-NNNC`   | the year in `[today.year - 99, today.year]` ending YY  |
//! | `YYMMDD+NNNC`   | the year in `[today.year - 199, today.year - 100]`     |
//!
//! * The date must be a real calendar date (29 February only in leap years)
//!   and must not be after `today`.
//! * Day 01–31 means personnummer; day 61–91 means samordningsnummer, and the
//!   day minus 60 must give a real date. Anything else is rejected.
//! * The year must be in 1800..=9999 (Skatteverket: "Siffran för århundrade kan
//!   vara 18, 19 eller 20"; 9999 is the largest year with four digits).
//!
//! Known simplifications: födelsenummer 000 is accepted although Skatteverket
//! assigns only 001–999, and samordningsnummer with an incomplete birth date
//! (unknown month or day) are not supported. Note also that 18 § allows
//! Skatteverket to use "en närliggande dag i månaden" when a date runs out of
//! födelsenummer, so [`IdentityNumber::birth_date`] is the date *in the
//! number*, which in rare cases differs from the real birth date.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Earliest birth year that can be represented (century digits 18).
const MIN_YEAR: i32 = 1800;
/// Latest birth year that fits in the four-digit year of the 12-digit form.
const MAX_YEAR: i32 = 9999;
/// Added to the day of month in a samordningsnummer (18 a §).
const COORDINATION_DAY_OFFSET: u32 = 60;

/// Which kind of identity number it is. Detected from the day of month:
/// 01–31 is a personnummer, 61–91 a samordningsnummer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum IdKind {
    /// Personnummer (folkbokföringslagen 18 §).
    Personnummer,
    /// Samordningsnummer (folkbokföringslagen 18 a §): day of month + 60.
    Samordningsnummer,
}

/// The legal sex recorded in the number (18 §: födelsenumret "är udda för män
/// och jämnt för kvinnor").
///
/// This is only what the number says. It is a register fact, not a person's
/// gender identity, and it must not be shown or used as if it were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LegalSexHint {
    /// Even third digit of the födelsenummer.
    Kvinna,
    /// Odd third digit of the födelsenummer.
    Man,
}

/// Why an identity number was rejected. Every `Display` message is Swedish,
/// says what is wrong and what to do next, and never repeats the whole number
/// (so it is safe to show; it still may contain a date or a character).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Nothing but whitespace was entered.
    #[error(
        "Inget nummer har skrivits in. Skriv personnumret eller samordningsnumret, till exempel ÅÅÅÅMMDD-NNNN."
    )]
    Empty,

    /// A character that never belongs in an identity number.
    #[error(
        "Numret innehåller {}, som inte får finnas i ett personnummer. Skriv bara siffrorna 0–9, och om du vill ett bindestreck (-) eller plustecken (+) före de fyra sista siffrorna.",
        describe_char(*.character)
    )]
    InvalidCharacter {
        /// The first offending character.
        character: char,
    },

    /// A digit from another script (for example Arabic-Indic or full-width
    /// digits). Only ASCII 0–9 are accepted so that what is stored is exactly
    /// what is printed on the ID card.
    #[error(
        "Numret innehåller {}, som inte är en vanlig siffra 0–9. Skriv numret med siffrorna 0–9 från tangentbordet och försök igen.",
        describe_char(*.character)
    )]
    NonAsciiDigit {
        /// The first non-ASCII digit.
        character: char,
    },

    /// A dash that only looks like a hyphen (en dash, minus sign …), typically
    /// from copying the number out of a document.
    #[error(
        "Numret innehåller {} i stället för ett vanligt bindestreck. Ta bort tecknet och skriv ett bindestreck (-) med tangentbordet, eller skriv numret utan skiljetecken.",
        describe_char(*.character)
    )]
    DashLookalike {
        /// The dash-like character.
        character: char,
    },

    /// More than one of `-`, `+` or space between the digits.
    #[error(
        "Numret har mer än ett skiljetecken. Använd högst ett bindestreck (-), plustecken (+) eller mellanslag, och sätt det före de fyra sista siffrorna."
    )]
    TooManySeparators,

    /// The separator is not directly before the last four digits.
    #[error(
        "Skiljetecknet står på fel plats. Sätt bindestrecket (-) eller plustecknet (+) direkt före de fyra sista siffrorna, till exempel ÅÅMMDD-NNNN."
    )]
    MisplacedSeparator,

    /// Neither 10 nor 12 digits.
    #[error(
        "Numret har {found} siffror men ska ha 10 (ÅÅMMDD-NNNN) eller 12 (ÅÅÅÅMMDD-NNNN). Kontrollera att ingen siffra saknas eller har skrivits två gånger och skriv numret igen."
    )]
    WrongDigitCount {
        /// How many ASCII digits the input contained.
        found: usize,
    },

    /// Month outside 01–12.
    #[error(
        "Månaden {month:02} finns inte; den ska vara 01–12. Kontrollera siffrorna för födelsedatumet och skriv numret igen."
    )]
    InvalidMonth {
        /// The two month digits as written.
        month: u32,
    },

    /// Day field outside 01–31 (personnummer) and 61–91 (samordningsnummer).
    #[error(
        "Dagen {day:02} är inte giltig; den ska vara 01–31 i ett personnummer eller 61–91 i ett samordningsnummer. Kontrollera siffrorna för födelsedatumet och skriv numret igen."
    )]
    InvalidDay {
        /// The two day digits as written.
        day: u32,
    },

    /// Month and day are in range but the date does not exist (30 February,
    /// 31 April, 29 February in a non-leap year …). For a samordningsnummer
    /// `day` is the real day, i.e. the written day minus 60.
    #[error("{}", nonexistent_date_message(*.kind, *.year, *.month, *.day))]
    NonexistentDate {
        /// Kind of number the day field indicated.
        kind: IdKind,
        /// Birth year (after century resolution).
        year: i32,
        /// Month 1–12.
        month: u32,
        /// Real day of month 1–31.
        day: u32,
    },

    /// Birth year outside 1800..=9999.
    #[error(
        "Födelseåret {year} kan inte hanteras; det måste vara mellan 1800 och 9999. Kontrollera årtalet och skriv numret igen."
    )]
    YearOutOfRange {
        /// The offending year.
        year: i32,
    },

    /// The birth date is after the date the number is interpreted on.
    #[error(
        "Födelsedatumet {date} ligger efter dagens datum. Kontrollera årtalet och skriv gärna numret med 12 siffror (ÅÅÅÅMMDD-NNNN) så att århundradet blir tydligt."
    )]
    FutureDate {
        /// The birth date the number was read as.
        date: NaiveDate,
    },

    /// A 12-digit number written with `+` for someone who does not turn 100
    /// or more this year.
    #[error(
        "Plustecknet (+) betyder att personen fyller 100 år eller mer i år, men födelseåret är {birth_year}. Byt plustecknet mot ett bindestreck (-), eller kontrollera årtalet, och skriv numret igen."
    )]
    PlusSignButUnder100 {
        /// The four-digit birth year that was written.
        birth_year: i32,
    },

    /// The Luhn check digit does not match the other nine digits.
    #[error(
        "Kontrollsiffran stämmer inte. Jämför siffrorna med legitimationen och skriv numret igen."
    )]
    WrongCheckDigit,

    /// `from_parts` was given a födelsenummer above 999.
    #[error(
        "Födelsenumret {serial} är för stort; det ska vara tre siffror, 000–999. Kontrollera de tre siffrorna efter födelsedatumet och försök igen."
    )]
    SerialOutOfRange {
        /// The rejected serial.
        serial: u16,
    },
}

/// Shows a character in an error message: visible characters in quotes,
/// invisible ones (control, whitespace, zero-width) by code point.
fn describe_char(c: char) -> String {
    let invisible = c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
        );
    if invisible {
        format!("ett osynligt tecken (U+{:04X})", u32::from(c))
    } else {
        format!("tecknet ”{c}” (U+{:04X})", u32::from(c))
    }
}

fn nonexistent_date_message(kind: IdKind, year: i32, month: u32, day: u32) -> String {
    match kind {
        IdKind::Personnummer => format!(
            "Datumet {year:04}-{month:02}-{day:02} finns inte i kalendern (29 februari finns bara under skottår). Kontrollera födelsedatumet och skriv numret igen."
        ),
        IdKind::Samordningsnummer => format!(
            "Samordningsnumret ger datumet {year:04}-{month:02}-{day:02} (dagen minus 60), som inte finns i kalendern. Kontrollera födelsedatumet och skriv numret igen."
        ),
    }
}

/// Characters that look like a hyphen but are not U+002D.
fn is_dash_lookalike(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{2043}'
    )
}

/// Computes the check digit (kontrollsiffra) for the nine digits `YYMMDDNNN`.
///
/// Skatteverket's modulus-10 method with weights 2, 1, 2, 1, … (Luhn):
/// multiply each digit by its weight, add the *digits* of the products,
/// and the check digit is `(10 - sum % 10) % 10`.
///
/// Each element must be a digit value 0–9; other values give a meaningless
/// result but never panic.
pub fn luhn_check_digit(nine_digits: &[u8; 9]) -> u8 {
    let sum: u32 = nine_digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let weight = if i % 2 == 0 { 2 } else { 1 };
            let product = u32::from(d) * weight;
            product / 10 + product % 10
        })
        .sum();
    // Always < 10, so the narrowing cannot lose anything.
    ((10 - sum % 10) % 10) as u8
}

/// Age in completed years on `on` for someone born on `birth`; `None` if `on`
/// is before `birth`.
///
/// Someone born on 29 February turns a year older on **1 March** in non-leap
/// years (on 28 February they have not yet completed the year). This is a
/// choice made for this app — Swedish law has no general rule for it — and it
/// matches a plain comparison of (month, day).
pub fn age_in_years(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The separator written between date and födelsenummer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// None, `-` or a space: under 100 (10-digit forms), any age (12 digits).
    Hyphen,
    /// `+`: turns 100 or more in today's year.
    Plus,
}

/// A validated Swedish personnummer or samordningsnummer.
///
/// Equality and hashing are by value: the same number parsed from any of its
/// accepted forms compares equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdentityNumber {
    kind: IdKind,
    /// The real date (for a samordningsnummer: the written day minus 60).
    birth_date: NaiveDate,
    /// Födelsenummer / individnummer, 0..=999.
    serial: u16,
    /// Kontrollsiffra, 0..=9.
    check: u8,
}

impl IdentityNumber {
    /// Parses user input. `today` is the date the number is interpreted on
    /// (decides the century of 10-digit forms and whether a date is in the
    /// future).
    ///
    /// Accepted forms are listed in the module documentation. The
    /// checks run in this order, and the first failing one is reported:
    /// characters → separators → number of digits → separator position →
    /// year range → month → day → calendar date → check digit → future date →
    /// plus sign on a 12-digit form.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, IdNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(IdNumberError::Empty);
        }

        // Only the first 12 digits are kept; the count goes on so that an
        // overlong input is reported with its real length.
        let mut digits = [0u8; 12];
        let mut digit_count = 0usize;
        let mut separator: Option<(usize, Separator)> = None;
        let mut separator_count = 0usize;
        for c in trimmed.chars() {
            match c {
                '0'..='9' => {
                    if let Some(slot) = digits.get_mut(digit_count) {
                        *slot = c as u8 - b'0';
                    }
                    digit_count += 1;
                }
                '-' | ' ' | '+' => {
                    separator_count += 1;
                    let kind = if c == '+' {
                        Separator::Plus
                    } else {
                        Separator::Hyphen
                    };
                    separator.get_or_insert((digit_count, kind));
                }
                _ if is_dash_lookalike(c) => {
                    return Err(IdNumberError::DashLookalike { character: c });
                }
                _ if c.is_numeric() => {
                    return Err(IdNumberError::NonAsciiDigit { character: c });
                }
                _ => return Err(IdNumberError::InvalidCharacter { character: c }),
            }
        }
        if separator_count > 1 {
            return Err(IdNumberError::TooManySeparators);
        }
        if digit_count != 10 && digit_count != 12 {
            return Err(IdNumberError::WrongDigitCount { found: digit_count });
        }
        let separator = match separator {
            Some((position, _)) if position != digit_count - 4 => {
                return Err(IdNumberError::MisplacedSeparator);
            }
            Some((_, kind)) => kind,
            None => Separator::Hyphen,
        };

        let number = |ds: &[u8]| ds.iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d));
        // The last ten digits are always YYMMDDNNNC.
        let ten = &digits[digit_count - 10..digit_count];
        let yy = number(&ten[0..2]);
        let year = if digit_count == 12 {
            // At most 9999, so the conversion is lossless.
            number(&digits[0..4]) as i32
        } else {
            resolve_century(yy, separator, today.year())
        };
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(IdNumberError::YearOutOfRange { year });
        }
        let month = number(&ten[2..4]);
        if !(1..=12).contains(&month) {
            return Err(IdNumberError::InvalidMonth { month });
        }
        let day_field = number(&ten[4..6]);
        let (kind, day) = match day_field {
            1..=31 => (IdKind::Personnummer, day_field),
            61..=91 => (
                IdKind::Samordningsnummer,
                day_field - COORDINATION_DAY_OFFSET,
            ),
            _ => return Err(IdNumberError::InvalidDay { day: day_field }),
        };
        let birth_date =
            NaiveDate::from_ymd_opt(year, month, day).ok_or(IdNumberError::NonexistentDate {
                kind,
                year,
                month,
                day,
            })?;

        let mut nine = [0u8; 9];
        nine.copy_from_slice(&ten[0..9]);
        let check = ten[9];
        if luhn_check_digit(&nine) != check {
            return Err(IdNumberError::WrongCheckDigit);
        }
        if birth_date > today {
            return Err(IdNumberError::FutureDate { date: birth_date });
        }
        if digit_count == 12 && separator == Separator::Plus && today.year() - year < 100 {
            return Err(IdNumberError::PlusSignButUnder100 { birth_year: year });
        }

        // Three digits, so at most 999.
        let serial = number(&ten[6..9]) as u16;
        Ok(Self {
            kind,
            birth_date,
            serial,
            check,
        })
    }

    /// Builds from parts (computes the check digit). Err if the date is out of
    /// 1800..=9999 range or serial > 999.
    ///
    /// `birth_date` is the real date; for a samordningsnummer the 60 is added
    /// when the number is written out.
    pub fn from_parts(
        kind: IdKind,
        birth_date: NaiveDate,
        serial: u16,
    ) -> Result<Self, IdNumberError> {
        let year = birth_date.year();
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(IdNumberError::YearOutOfRange { year });
        }
        if serial > 999 {
            return Err(IdNumberError::SerialOutOfRange { serial });
        }
        let mut number = Self {
            kind,
            birth_date,
            serial,
            check: 0,
        };
        number.check = luhn_check_digit(&number.nine_digits());
        Ok(number)
    }

    /// Personnummer or samordningsnummer.
    pub fn kind(&self) -> IdKind {
        self.kind
    }

    /// The real date (samordningsnummer: day minus 60).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// `"YYYYMMDD-NNNC"`: 12 digits with a hyphen, whatever the age (a
    /// samordningsnummer shows day + 60). This is the form that is stored.
    pub fn canonical(&self) -> String {
        format!(
            "{:04}{:02}{:02}-{:03}{}",
            self.birth_date.year(),
            self.birth_date.month(),
            self.written_day(),
            self.serial,
            self.check
        )
    }

    /// `"YYYYMMDDNNNC"`: 12 digits without separator, for search.
    pub fn digits(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:03}{}",
            self.birth_date.year(),
            self.birth_date.month(),
            self.written_day(),
            self.serial,
            self.check
        )
    }

    /// `"YYMMDD-NNNC"`, or `"YYMMDD+NNNC"` from the year the person turns 100
    /// (that is, when `today.year - birth year >= 100`, even before the
    /// birthday itself).
    ///
    /// Parsing the result with the same `today` gives back this number as long
    /// as the person is born in `[today.year - 199, today]`; a 10-digit form
    /// cannot tell someone of 200 from someone of 100.
    pub fn short_form(&self, today: NaiveDate) -> String {
        let year = self.birth_date.year();
        let separator = if today.year() - year >= 100 { '+' } else { '-' };
        format!(
            "{:02}{:02}{:02}{}{:03}{}",
            year.rem_euclid(100),
            self.birth_date.month(),
            self.written_day(),
            separator,
            self.serial,
            self.check
        )
    }

    /// Legal sex recorded in the number: the third serial digit (9th digit of
    /// the 10-digit form) odd = man, even = kvinna.
    pub fn legal_sex_hint(&self) -> LegalSexHint {
        if self.serial % 2 == 1 {
            LegalSexHint::Man
        } else {
            LegalSexHint::Kvinna
        }
    }

    /// Age in completed years on `date`; `None` if `date` is before the birth
    /// date. See [`age_in_years`] for 29 February.
    pub fn age_on(&self, date: NaiveDate) -> Option<u32> {
        age_in_years(self.birth_date, date)
    }

    /// The day of month as written in the number (+60 for samordningsnummer).
    fn written_day(&self) -> u32 {
        match self.kind {
            IdKind::Personnummer => self.birth_date.day(),
            IdKind::Samordningsnummer => self.birth_date.day() + COORDINATION_DAY_OFFSET,
        }
    }

    /// The nine digits YYMMDDNNN the check digit is computed from.
    fn nine_digits(&self) -> [u8; 9] {
        let yy = self.birth_date.year().rem_euclid(100) as u32;
        let mm = self.birth_date.month();
        let dd = self.written_day();
        let nnn = u32::from(self.serial);
        // Every value below is a single decimal digit.
        [
            (yy / 10) as u8,
            (yy % 10) as u8,
            (mm / 10) as u8,
            (mm % 10) as u8,
            (dd / 10) as u8,
            (dd % 10) as u8,
            (nnn / 100) as u8,
            (nnn / 10 % 10) as u8,
            (nnn % 10) as u8,
        ]
    }
}

/// The birth year of a 10-digit form: with `-` (or no separator / a space) the
/// year in `[today_year - 99, today_year]` that ends in `yy`; with `+` the one
/// in `[today_year - 199, today_year - 100]`.
fn resolve_century(yy: u32, separator: Separator, today_year: i32) -> i32 {
    // yy < 100, so the conversion is lossless.
    let yy = yy as i32;
    let under_100 = today_year - (today_year - yy).rem_euclid(100);
    match separator {
        Separator::Hyphen => under_100,
        Separator::Plus => under_100 - 100,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// The "today" used by the table test.
    fn today() -> NaiveDate {
        date(2026, 11, 25)
    }

    use IdKind::{Personnummer as P, Samordningsnummer as S};
    use IdNumberError as E;

    enum Expect {
        /// Valid: kind and canonical form.
        Ok(IdKind, &'static str),
        /// Invalid: exactly this error.
        Err(IdNumberError),
    }

    /// Check digits in the comments were computed by hand: each of the nine
    /// digits YYMMDDNNN times 2,1,2,1,2,1,2,1,2, digit sums of the products
    /// added, C = (10 - sum % 10) % 10.
    #[rustfmt::skip]
    fn table() -> Vec<(String, Expect)> {
        use Expect::{Err, Ok};
        let rows: Vec<(&str, Expect)> = vec![
            // --- valid personnummer --------------------------------------------------
            // 8*2=16→7,1,1*2=2,2,1*2=2,8,9*2=18→9,8,7*2=14→5: sum 44, C=6. Well-known test number.
            ("811218-9876", Ok(P, "19811218-9876")),
            // Same number, 12 digits with hyphen.
            ("19811218-9876", Ok(P, "19811218-9876")),
            // Same number, 12 digits without separator.
            ("198112189876", Ok(P, "19811218-9876")),
            // Same number, 10 digits without separator.
            ("8112189876", Ok(P, "19811218-9876")),
            // A space instead of the hyphen.
            ("811218 9876", Ok(P, "19811218-9876")),
            // 12 digits with a space.
            ("19811218 9876", Ok(P, "19811218-9876")),
            // Surrounding whitespace (tab, newline, non-breaking space) is trimmed.
            ("  811218-9876\t\n", Ok(P, "19811218-9876")),
            ("\u{00A0}811218-9876\u{00A0}", Ok(P, "19811218-9876")),
            // Skatteverket's classic test number: 2,2,2,2,2,2,2,2,2 sum 18, C=2. 12 digits, age 113, hyphen is fine.
            ("19121212-1212", Ok(P, "19121212-1212")),
            // 12 digits with plus for someone turning 113 this year: allowed.
            ("19121212+1212", Ok(P, "19121212-1212")),
            // Plus in a 10-digit form: 1912, not 2012.
            ("121212+1212", Ok(P, "19121212-1212")),
            // Hyphen in the 10-digit form: 2012.
            ("121212-1212", Ok(P, "20121212-1212")),
            // No separator in the 10-digit form: like hyphen, 2012.
            ("1212121212", Ok(P, "20121212-1212")),
            // 12 digits, born 2012.
            ("201212121212", Ok(P, "20121212-1212")),
            // 8*2=16→7,5,0,1,0,1,1*2=2,2,3*2=6: sum 24, C=6.
            ("850101-1236", Ok(P, "19850101-1236")),
            // Born today: 4,6,2,1,4,5,4,3,8 sum 37, C=3.
            ("261125-2343", Ok(P, "20261125-2343")),
            // Hyphen: 1927-11-26 is the earliest year of the hyphen window (2026-99). 4,7,2,1,4,6,4,3,8 sum 39, C=1.
            ("271126-2341", Ok(P, "19271126-2341")),
            // Plus: 1926-11-26, turns 100 tomorrow but this year, so plus. 4,6,2,1,4,6,4,3,8 sum 38, C=2.
            ("261126+2342", Ok(P, "19261126-2342")),
            // 1926-01-01 via 12 digits with plus (2026-1926 = 100). 4,6,0,1,0,1,4,3,8 sum 27, C=3.
            ("19260101+2343", Ok(P, "19260101-2343")),
            // Same digits with hyphen in 10-digit form: 2026-01-01, already past.
            ("260101-2343", Ok(P, "20260101-2343")),
            // Same digits with plus in 10-digit form: 1926-01-01.
            ("260101+2343", Ok(P, "19260101-2343")),
            // Earliest supported century: 1800-01-01 in 12 digits. 0,0,0,1,0,1,2,2,6 sum 12, C=8.
            ("18000101-1238", Ok(P, "18000101-1238")),
            // Serial 000 is accepted (see module docs). 7,5,0,1,0,1,0,0,0 sum 14, C=6.
            ("850101-0006", Ok(P, "19850101-0006")),
            // Check digit 0: 4,6,2,2,0,1,4,3,8 sum 30, C=0. As 10 digits it would be 2026-12-01 (future), so 12 digits for 1926.
            ("19261201-2340", Ok(P, "19261201-2340")),
            // --- 29 February ----------------------------------------------------------
            // 2000 is a leap year (divisible by 400). 0,0,0,2,4,9,2,2,6 sum 25, C=5.
            ("20000229-1235", Ok(P, "20000229-1235")),
            // 10-digit with hyphen resolves 00 to 2000: valid.
            ("000229-1235", Ok(P, "20000229-1235")),
            // 1900 is not a leap year (divisible by 100, not 400): same digits, 12 digits.
            ("19000229-1235", Err(E::NonexistentDate { kind: P, year: 1900, month: 2, day: 29 })),
            // 10-digit with plus resolves 00 to 1900: not a leap year.
            ("000229+1235", Err(E::NonexistentDate { kind: P, year: 1900, month: 2, day: 29 })),
            // 2024 is a leap year. 4,4,0,2,4,9,9,8,5 sum 45, C=5.
            ("240229-9875", Ok(P, "20240229-9875")),
            // 2023 is not. 4,3,0,2,4,9,9,8,5 sum 44, C=6 (check digit correct, date wrong).
            ("230229-9876", Err(E::NonexistentDate { kind: P, year: 2023, month: 2, day: 29 })),
            // 1904 is a leap year; plus form → 1904. 0,4,0,2,4,9,9,8,5 sum 41, C=9.
            ("040229+9879", Ok(P, "19040229-9879")),
            // --- samordningsnummer ----------------------------------------------------
            // Skatteverket's example: born 1970-10-03, individnummer 239. 5,0,2,0,3,3,4,3,9 sum 29, C=1.
            ("701063-2391", Ok(S, "19701063-2391")),
            ("19701063-2391", Ok(S, "19701063-2391")),
            // Day 91 = 31st. 7,5,0,1,9,1,2,2,6 sum 33, C=7.
            ("850191-1237", Ok(S, "19850191-1237")),
            // Day 61 = 1st, year 00 → 2000. 0,0,0,1,3,1,8,5,3 sum 21, C=9.
            ("000161-4569", Ok(S, "20000161-4569")),
            // Samordningsnummer on 29 February 2024 (day 89). 4,4,0,2,7,9,0,0,2 sum 28, C=2.
            ("240289-0012", Ok(S, "20240289-0012")),
            // Samordningsnummer on 29 February 2023: no such date. 4,3,0,2,7,9,0,0,2 sum 27, C=3.
            ("230289-0013", Err(E::NonexistentDate { kind: S, year: 2023, month: 2, day: 29 })),
            // Day 90 in February = 30 February.
            ("850290-1234", Err(E::NonexistentDate { kind: S, year: 1985, month: 2, day: 30 })),
            // Day 91 in April = 31 April.
            ("850491-1234", Err(E::NonexistentDate { kind: S, year: 1985, month: 4, day: 31 })),
            // Wrong check digit in a samordningsnummer.
            ("701063-2392", Err(E::WrongCheckDigit)),
            // --- dates that are wrong -------------------------------------------------
            // 31 April.
            ("850431-1234", Err(E::NonexistentDate { kind: P, year: 1985, month: 4, day: 31 })),
            // Month 13.
            ("851301-1234", Err(E::InvalidMonth { month: 13 })),
            // Month 00.
            ("850001-1234", Err(E::InvalidMonth { month: 0 })),
            // All zeros: month 00 comes first.
            ("0000000000", Err(E::InvalidMonth { month: 0 })),
            // Day 00.
            ("850100-1234", Err(E::InvalidDay { day: 0 })),
            // Day 32: neither personnummer nor samordningsnummer.
            ("850132-1234", Err(E::InvalidDay { day: 32 })),
            // Day 60: would be day 0 of a samordningsnummer.
            ("850160-1234", Err(E::InvalidDay { day: 60 })),
            // Day 92.
            ("850192-1234", Err(E::InvalidDay { day: 92 })),
            // Year before 1800 in a 12-digit form.
            ("17991231-1234", Err(E::YearOutOfRange { year: 1799 })),
            // --- future dates ---------------------------------------------------------
            // Hyphen window puts 26 in 2026; 2026-12-01 is after today. Check digit 0 is right (see 19261201 above).
            ("261201-2340", Err(E::FutureDate { date: date(2026, 12, 1) })),
            // Tomorrow. 4,6,2,1,4,6,4,3,8 sum 38, C=2.
            ("261126-2342", Err(E::FutureDate { date: date(2026, 11, 26) })),
            // Same as a 12-digit form.
            ("20261201-2340", Err(E::FutureDate { date: date(2026, 12, 1) })),
            // Year 2030 in 12 digits. 6,0,0,1,0,1,2,2,6 sum 18, C=2.
            ("20300101-1232", Err(E::FutureDate { date: date(2030, 1, 1) })),
            // --- plus sign on someone under 100 ---------------------------------------
            // 12 digits with plus, born 1981.
            ("19811218+9876", Err(E::PlusSignButUnder100 { birth_year: 1981 })),
            // Turns 99 this year: still too young for plus. 4,7,0,1,0,1,4,3,8 sum 28, C=2.
            ("19270101+2342", Err(E::PlusSignButUnder100 { birth_year: 1927 })),
            // --- wrong check digit ----------------------------------------------------
            ("811218-9875", Err(E::WrongCheckDigit)),
            ("19121212-1213", Err(E::WrongCheckDigit)),
            ("850101-1234", Err(E::WrongCheckDigit)),
            // Two swapped digits in the serial (9876 → 9786).
            ("811218-9786", Err(E::WrongCheckDigit)),
            // --- garbage --------------------------------------------------------------
            // Empty.
            ("", Err(E::Empty)),
            // Only whitespace.
            (" ", Err(E::Empty)),
            ("\t\n  ", Err(E::Empty)),
            // Letters.
            ("abc", Err(E::InvalidCharacter { character: 'a' })),
            // 13 digits.
            ("19850101-12345", Err(E::WrongDigitCount { found: 13 })),
            // Two hyphens.
            ("850101--1234", Err(E::TooManySeparators)),
            // Hyphen and plus.
            ("850101+-1234", Err(E::TooManySeparators)),
            // Spaces between every group.
            ("85 01 01 1234", Err(E::TooManySeparators)),
            // Space plus hyphen.
            ("850101 -1234", Err(E::TooManySeparators)),
            // Arabic-Indic digits for 8501011234.
            ("٨٥٠١٠١١٢٣٤", Err(E::NonAsciiDigit { character: '٨' })),
            // Full-width digits.
            ("８５０１０１-１２３４", Err(E::NonAsciiDigit { character: '８' })),
            // A letter in place of the check digit.
            ("850101-123X", Err(E::InvalidCharacter { character: 'X' })),
            // Emoji.
            ("850101-1234😀", Err(E::InvalidCharacter { character: '😀' })),
            // NUL byte inside.
            ("850101\0-1234", Err(E::InvalidCharacter { character: '\0' })),
            // Zero-width space inside.
            ("850101\u{200B}-1234", Err(E::InvalidCharacter { character: '\u{200B}' })),
            // Underscore as separator.
            ("850101_1234", Err(E::InvalidCharacter { character: '_' })),
            // En dash pasted from a document.
            ("811218–9876", Err(E::DashLookalike { character: '–' })),
            // Unicode minus sign.
            ("811218−9876", Err(E::DashLookalike { character: '−' })),
            // Hyphen one position too early.
            ("81121-89876", Err(E::MisplacedSeparator)),
            // Hyphen at the start.
            ("-8112189876", Err(E::MisplacedSeparator)),
            // Hyphen at the end.
            ("8112189876-", Err(E::MisplacedSeparator)),
            // 12 digits with hyphen after six digits.
            ("811218-189876", Err(E::MisplacedSeparator)),
            // 10 digits with hyphen after eight digits.
            ("19811218-98", Err(E::MisplacedSeparator)),
            // Too few digits.
            ("850101-12", Err(E::WrongDigitCount { found: 8 })),
            ("123456789", Err(E::WrongDigitCount { found: 9 })),
            // Eleven digits.
            ("12345678901", Err(E::WrongDigitCount { found: 11 })),
            // Only a separator.
            ("+", Err(E::WrongDigitCount { found: 0 })),
        ];
        let mut rows: Vec<(String, Expect)> =
            rows.into_iter().map(|(s, e)| (s.to_owned(), e)).collect();
        // A very long string of digits.
        rows.push(("1".repeat(10_000), Err(E::WrongDigitCount { found: 10_000 })));
        // A very long string of letters.
        rows.push(("x".repeat(100_000), Err(E::InvalidCharacter { character: 'x' })));
        rows
    }

    #[test]
    fn table_of_inputs() {
        let rows = table();
        assert!(rows.len() >= 80, "table has {} rows", rows.len());
        for (input, expect) in rows {
            let shown: String = input.chars().take(40).collect();
            let got = IdentityNumber::parse(&input, today());
            match expect {
                Expect::Ok(kind, canonical) => {
                    let n = got.unwrap_or_else(|e| panic!("{shown:?} should parse, got {e:?}"));
                    assert_eq!(n.kind(), kind, "kind of {shown:?}");
                    assert_eq!(n.canonical(), canonical, "canonical of {shown:?}");
                }
                Expect::Err(expected) => {
                    assert_eq!(got, Err(expected), "result for {shown:?}");
                }
            }
        }
    }

    #[test]
    fn check_digits_of_known_numbers() {
        assert_eq!(luhn_check_digit(&[8, 1, 1, 2, 1, 8, 9, 8, 7]), 6);
        assert_eq!(luhn_check_digit(&[1, 2, 1, 2, 1, 2, 1, 2, 1]), 2);
        assert_eq!(luhn_check_digit(&[7, 0, 1, 0, 6, 3, 2, 3, 9]), 1);
        assert_eq!(luhn_check_digit(&[2, 6, 1, 2, 0, 1, 2, 3, 4]), 0);
        assert_eq!(luhn_check_digit(&[0; 9]), 0);
        // Out-of-range input does not panic.
        let _ = luhn_check_digit(&[255; 9]);
    }

    #[test]
    fn accessors_of_a_parsed_number() {
        let n = IdentityNumber::parse("811218-9876", today()).unwrap();
        assert_eq!(n.kind(), P);
        assert_eq!(n.birth_date(), date(1981, 12, 18));
        assert_eq!(n.canonical(), "19811218-9876");
        assert_eq!(n.digits(), "198112189876");
        assert_eq!(n.short_form(today()), "811218-9876");
        // Serial 987: third digit 7 is odd.
        assert_eq!(n.legal_sex_hint(), LegalSexHint::Man);
        assert_eq!(n.age_on(today()), Some(44));
        assert_eq!(n.age_on(date(1981, 12, 17)), None);

        let s = IdentityNumber::parse("701063-2391", today()).unwrap();
        assert_eq!(s.kind(), S);
        assert_eq!(s.birth_date(), date(1970, 10, 3));
        assert_eq!(s.digits(), "197010632391");
        assert_eq!(s.short_form(today()), "701063-2391");
        assert_eq!(s.legal_sex_hint(), LegalSexHint::Man);

        // Serial 121: odd → man; serial 000 and 234 → kvinna.
        let old = IdentityNumber::parse("121212+1212", today()).unwrap();
        assert_eq!(old.legal_sex_hint(), LegalSexHint::Man);
        assert_eq!(old.short_form(today()), "121212+1212");
        assert_eq!(old.age_on(today()), Some(113));
        let f = IdentityNumber::parse("850101-0006", today()).unwrap();
        assert_eq!(f.legal_sex_hint(), LegalSexHint::Kvinna);
        let f = IdentityNumber::parse("261125-2343", today()).unwrap();
        assert_eq!(f.legal_sex_hint(), LegalSexHint::Kvinna);
        assert_eq!(f.age_on(today()), Some(0));
    }

    #[test]
    fn from_parts_computes_the_check_digit() {
        let n = IdentityNumber::from_parts(P, date(1981, 12, 18), 987).unwrap();
        assert_eq!(n.canonical(), "19811218-9876");
        assert_eq!(n, IdentityNumber::parse("811218-9876", today()).unwrap());
        let s = IdentityNumber::from_parts(S, date(1970, 10, 3), 239).unwrap();
        assert_eq!(s.canonical(), "19701063-2391");
        let z = IdentityNumber::from_parts(P, date(1985, 1, 1), 0).unwrap();
        assert_eq!(z.canonical(), "19850101-0006");
    }

    #[test]
    fn from_parts_rejects_out_of_range() {
        assert_eq!(
            IdentityNumber::from_parts(P, date(1799, 12, 31), 1),
            Err(E::YearOutOfRange { year: 1799 })
        );
        assert_eq!(
            IdentityNumber::from_parts(P, date(10_000, 1, 1), 1),
            Err(E::YearOutOfRange { year: 10_000 })
        );
        assert_eq!(
            IdentityNumber::from_parts(S, date(1985, 1, 1), 1000),
            Err(E::SerialOutOfRange { serial: 1000 })
        );
        assert!(IdentityNumber::from_parts(P, date(1800, 1, 1), 999).is_ok());
        assert!(IdentityNumber::from_parts(P, date(9999, 12, 31), 0).is_ok());
    }

    #[test]
    fn short_form_switches_to_plus_in_the_year_of_the_100th_birthday() {
        let n = IdentityNumber::from_parts(P, date(1926, 12, 31), 234).unwrap();
        // 2025: turns 99 → hyphen.
        assert!(n.short_form(date(2025, 12, 31)).contains('-'));
        // 1 January 2026: not yet 100, but turns 100 this year → plus.
        assert!(n.short_form(date(2026, 1, 1)).contains('+'));
        assert_eq!(n.age_on(date(2026, 1, 1)), Some(99));
    }

    /// Documents the limit of the 10-digit form: at 200 years and more the
    /// short form reads as someone 100 years younger.
    #[test]
    fn short_form_is_ambiguous_from_200_years() {
        let n = IdentityNumber::from_parts(P, date(1826, 1, 1), 234).unwrap();
        let short = n.short_form(today());
        assert!(short.contains('+'));
        let back = IdentityNumber::parse(&short, today()).unwrap();
        assert_eq!(back.birth_date(), date(1926, 1, 1));
        // The 12-digit form is unambiguous.
        assert_eq!(IdentityNumber::parse(&n.canonical(), today()), Ok(n));
    }

    #[test]
    fn century_window_boundaries() {
        // today.year - 99 = 1927: "27" with hyphen is 1927, with plus 1827.
        let t = today();
        assert_eq!(resolve_century(27, Separator::Hyphen, 2026), 1927);
        assert_eq!(resolve_century(26, Separator::Hyphen, 2026), 2026);
        assert_eq!(resolve_century(0, Separator::Hyphen, 2026), 2000);
        assert_eq!(resolve_century(27, Separator::Plus, 2026), 1827);
        assert_eq!(resolve_century(26, Separator::Plus, 2026), 1926);
        assert_eq!(resolve_century(99, Separator::Hyphen, 2000), 1999);
        assert_eq!(resolve_century(0, Separator::Hyphen, 2000), 2000);
        assert_eq!(resolve_century(1, Separator::Hyphen, 2000), 1901);
        let n = IdentityNumber::parse("271126+2341", t).unwrap();
        assert_eq!(n.birth_date(), date(1827, 11, 26));
    }

    #[test]
    fn parse_does_not_panic_on_extreme_today() {
        for t in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            date(1, 1, 1),
            date(1800, 1, 1),
        ] {
            for s in ["811218-9876", "121212+1212", "19121212+1212", "000229+1235"] {
                let _ = IdentityNumber::parse(s, t);
            }
        }
        // Before 1900 a plus-form 10-digit number can fall before 1800.
        assert_eq!(
            IdentityNumber::parse("121212+1212", date(1850, 1, 1)),
            Err(E::YearOutOfRange { year: 1712 })
        );
    }

    #[test]
    fn age_in_years_cases() {
        let b = date(1985, 6, 15);
        assert_eq!(age_in_years(b, date(1985, 6, 14)), None);
        assert_eq!(age_in_years(b, b), Some(0));
        assert_eq!(age_in_years(b, date(2026, 6, 14)), Some(40)); // day before
        assert_eq!(age_in_years(b, date(2026, 6, 15)), Some(41)); // birthday
        assert_eq!(age_in_years(b, date(2026, 6, 16)), Some(41)); // day after

        // Born 29 February 2000 (leap year).
        let leap = date(2000, 2, 29);
        assert_eq!(age_in_years(leap, date(2000, 2, 28)), None);
        assert_eq!(age_in_years(leap, leap), Some(0));
        assert_eq!(age_in_years(leap, date(2001, 2, 28)), Some(0)); // not yet
        assert_eq!(age_in_years(leap, date(2001, 3, 1)), Some(1)); // 1 March in a non-leap year
        assert_eq!(age_in_years(leap, date(2003, 2, 28)), Some(2));
        assert_eq!(age_in_years(leap, date(2003, 3, 1)), Some(3));
        assert_eq!(age_in_years(leap, date(2004, 2, 28)), Some(3)); // day before, leap year
        assert_eq!(age_in_years(leap, date(2004, 2, 29)), Some(4)); // the real birthday
        assert_eq!(age_in_years(leap, date(2004, 3, 1)), Some(4));
        assert_eq!(age_in_years(leap, date(2018, 3, 1)), Some(18)); // legal age in a non-leap year

        // Born 1 March: 29 February in a leap year is still the day before.
        let march = date(2001, 3, 1);
        assert_eq!(age_in_years(march, date(2004, 2, 29)), Some(2));
        assert_eq!(age_in_years(march, date(2004, 3, 1)), Some(3));
        // Born 28 February: birthday is 28 February in every year.
        let feb28 = date(2001, 2, 28);
        assert_eq!(age_in_years(feb28, date(2004, 2, 28)), Some(3));
        assert_eq!(age_in_years(feb28, date(2004, 2, 27)), Some(2));

        // Year end.
        let dec31 = date(1999, 12, 31);
        assert_eq!(age_in_years(dec31, date(2000, 12, 30)), Some(0));
        assert_eq!(age_in_years(dec31, date(2000, 12, 31)), Some(1));

        // Extremes do not panic.
        assert_eq!(age_in_years(NaiveDate::MAX, NaiveDate::MIN), None);
        assert!(age_in_years(NaiveDate::MIN, NaiveDate::MAX).is_some());
    }

    #[test]
    fn every_error_message_is_swedish_and_actionable() {
        let errors = [
            E::Empty,
            E::InvalidCharacter { character: 'X' },
            E::InvalidCharacter { character: '\0' },
            E::NonAsciiDigit { character: '٨' },
            E::DashLookalike { character: '–' },
            E::TooManySeparators,
            E::MisplacedSeparator,
            E::WrongDigitCount { found: 13 },
            E::InvalidMonth { month: 13 },
            E::InvalidDay { day: 32 },
            E::NonexistentDate {
                kind: P,
                year: 2023,
                month: 2,
                day: 29,
            },
            E::NonexistentDate {
                kind: S,
                year: 2023,
                month: 2,
                day: 29,
            },
            E::YearOutOfRange { year: 1799 },
            E::FutureDate {
                date: date(2026, 12, 1),
            },
            E::PlusSignButUnder100 { birth_year: 1981 },
            E::WrongCheckDigit,
            E::SerialOutOfRange { serial: 1000 },
        ];
        let next_step = [
            "Skriv",
            "skriv",
            "Kontrollera",
            "Byt",
            "Ta bort",
            "Använd",
            "Sätt",
            "Jämför",
        ];
        for e in errors {
            let msg = e.to_string();
            assert!(msg.ends_with('.'), "{msg}");
            assert!(!msg.contains('\0'), "{msg:?}");
            assert!(
                next_step.iter().any(|w| msg.contains(w)),
                "no next step: {msg}"
            );
        }
        assert_eq!(
            E::WrongCheckDigit.to_string(),
            "Kontrollsiffran stämmer inte. Jämför siffrorna med legitimationen och skriv numret igen."
        );
        let nul = E::InvalidCharacter { character: '\0' }.to_string();
        assert!(nul.contains("U+0000"), "{nul}");
        let future = E::FutureDate {
            date: date(2026, 12, 1),
        }
        .to_string();
        assert!(future.contains("2026-12-01"), "{future}");
    }

    /// Days from 1880-01-01 to the table's today.
    fn days_1880_to_today() -> u64 {
        u64::try_from((today() - date(1880, 1, 1)).num_days()).unwrap()
    }

    fn any_kind() -> impl Strategy<Value = IdKind> {
        prop_oneof![Just(P), Just(S)]
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_any_string(s in any::<String>()) {
            let _ = IdentityNumber::parse(&s, today());
        }

        #[test]
        fn parse_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            let s = String::from_utf8_lossy(&bytes);
            let _ = IdentityNumber::parse(&s, today());
        }

        #[test]
        fn parse_never_panics_on_number_like_strings(s in "[0-9+\\- ]{0,16}") {
            if let Ok(n) = IdentityNumber::parse(&s, today()) {
                // Whatever parses is self-consistent.
                prop_assert_eq!(IdentityNumber::parse(&n.canonical(), today()), Ok(n));
            }
        }

        /// Born 1880-01-01..=today with today = 2026-11-25, so at most 146
        /// years old: every person is in the hyphen window ([1927, 2026]) or
        /// the plus window ([1827, 1926]) of the 10-digit form and the short
        /// form is unambiguous. From 200 years on it cannot be (see
        /// `short_form_is_ambiguous_from_200_years`).
        #[test]
        fn valid_numbers_round_trip(
            kind in any_kind(),
            offset in 0..=days_1880_to_today(),
            serial in 0u16..=999,
        ) {
            let birth = date(1880, 1, 1) + chrono::Days::new(offset);
            let n = IdentityNumber::from_parts(kind, birth, serial).unwrap();
            prop_assert_eq!(n.kind(), kind);
            prop_assert_eq!(n.birth_date(), birth);
            prop_assert_eq!(IdentityNumber::parse(&n.canonical(), today()), Ok(n));
            prop_assert_eq!(IdentityNumber::parse(&n.digits(), today()), Ok(n));
            prop_assert_eq!(IdentityNumber::parse(&n.short_form(today()), today()), Ok(n));
            prop_assert_eq!(n.digits().len(), 12);
            prop_assert_eq!(n.canonical().replace('-', ""), n.digits());
        }

        /// The same round trip with `today` varying too. Births are limited to
        /// [today.year - 199 (1 January), today], the widest range in which
        /// the 10-digit form is unambiguous: up to 99 years of difference in
        /// calendar years use `-`, 100–199 use `+`, 200 would again end in
        /// the same two digits as 100.
        #[test]
        fn valid_numbers_round_trip_for_any_today(
            kind in any_kind(),
            today_offset in 0u64..=58_000,
            birth_pick in any::<u64>(),
            serial in 0u16..=999,
        ) {
            let today = date(1990, 1, 1) + chrono::Days::new(today_offset);
            let earliest = date((today.year() - 199).max(MIN_YEAR), 1, 1);
            let span = u64::try_from((today - earliest).num_days()).unwrap();
            let birth = earliest + chrono::Days::new(birth_pick % (span + 1));
            let n = IdentityNumber::from_parts(kind, birth, serial).unwrap();
            prop_assert_eq!(IdentityNumber::parse(&n.canonical(), today), Ok(n));
            prop_assert_eq!(IdentityNumber::parse(&n.digits(), today), Ok(n));
            prop_assert_eq!(IdentityNumber::parse(&n.short_form(today), today), Ok(n));
        }

        /// Changing any single digit of a valid number never yields another
        /// valid number with the same date and serial (Luhn catches every
        /// single-digit error).
        #[test]
        fn single_digit_errors_are_caught(
            offset in 0..=days_1880_to_today(),
            serial in 0u16..=999,
            position in 0usize..12,
            bump in 1u8..=9,
        ) {
            let birth = date(1880, 1, 1) + chrono::Days::new(offset);
            let n = IdentityNumber::from_parts(P, birth, serial).unwrap();
            let mut bytes = n.digits().into_bytes();
            bytes[position] = b'0' + (bytes[position] - b'0' + bump) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            // Only the century digits are outside the check digit.
            if let Ok(m) = IdentityNumber::parse(&changed, today()) {
                prop_assert!(position < 2 && m != n);
            }
        }

        #[test]
        fn age_is_consistent_with_adding_years(
            offset in 0..=days_1880_to_today(),
            later in 0u64..40_000,
        ) {
            let birth = date(1880, 1, 1) + chrono::Days::new(offset);
            let on = birth + chrono::Days::new(later);
            let age = age_in_years(birth, on).unwrap();
            // The age-th birthday is on or before `on`, the next one after it
            // (birthdays on 29 February fall on 1 March in other years).
            let birthday = |years: u32| {
                let y = birth.year() + i32::try_from(years).unwrap();
                NaiveDate::from_ymd_opt(y, birth.month(), birth.day())
                    .unwrap_or_else(|| date(y, 3, 1))
            };
            prop_assert!(birthday(age) <= on);
            prop_assert!(birthday(age + 1) > on);
        }
    }

    // -----------------------------------------------------------------------------------
    // Fuzz targets (issue 8): proptest with a large case count, `cargo fuzz` needing
    // nightly. CI runs the default counts; `TRYGGPLAN_FUZZ_CASES=<n>` runs more locally.

    /// Characters an identity-number field meets: ASCII digits and the accepted separators
    /// most often, then look-alikes (dashes, digits of other scripts, invisible and control
    /// characters, a combining mark) and anything at all.
    fn id_char() -> impl Strategy<Value = char> {
        prop_oneof![
            8 => proptest::char::range('0', '9'),
            3 => proptest::sample::select(vec!['-', '+', ' ']),
            2 => proptest::sample::select(vec![
                '\u{2010}', '\u{2013}', '\u{2212}', '\u{FF0D}', '\u{0663}', '\u{FF17}',
                '\u{00A0}', '\u{200B}', '\u{FEFF}', '\u{0301}', '\t', '\n', '\r', '\0', '.',
                '/', ':', 'e', 'x', 'Å',
            ]),
            1 => any::<char>(),
        ]
    }

    /// Arbitrary Unicode, number-like strings (short and up to 5 000 characters), and
    /// well-shaped numbers with any digits and surrounding whitespace.
    fn fuzz_input() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => any::<String>(),
            6 => proptest::collection::vec(id_char(), 0..20)
                .prop_map(|v| v.into_iter().collect::<String>()),
            1 => proptest::collection::vec(id_char(), 0..5_000)
                .prop_map(|v| v.into_iter().collect::<String>()),
            6 => "[ \t\n]{0,2}(18|19|20)?[0-9]{2}[0-1][0-9][0-9]{2}[-+ ]?[0-9]{4}[ \t\n]{0,2}",
        ]
    }

    /// `today` from the table's date, across 1800..=9999, and at chrono's extremes.
    fn fuzz_today() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            4 => Just(today()),
            4 => (0u64..=days_1800_to_9999()).prop_map(|d| date(1800, 1, 1) + chrono::Days::new(d)),
            1 => proptest::sample::select(vec![NaiveDate::MIN, NaiveDate::MAX, date(1, 1, 1)]),
        ]
    }

    fn days_1800_to_9999() -> u64 {
        u64::try_from((date(9999, 12, 31) - date(1800, 1, 1)).num_days()).unwrap()
    }

    /// A valid number, and a `today` it can be written in every form for: the birth is in
    /// `[max(1800, today.year - 199)-01-01, today]` (see `short_form`).
    fn fuzz_number() -> impl Strategy<Value = (IdentityNumber, NaiveDate)> {
        (
            any_kind(),
            0u64..=days_1800_to_9999(),
            any::<u64>(),
            0u16..=999,
        )
            .prop_map(|(kind, today_offset, birth_pick, serial)| {
                let today = date(1800, 1, 1) + chrono::Days::new(today_offset);
                let earliest = date((today.year() - 199).max(MIN_YEAR), 1, 1);
                let span = u64::try_from((today - earliest).num_days()).unwrap();
                let birth = earliest + chrono::Days::new(birth_pick % (span + 1));
                let n = IdentityNumber::from_parts(kind, birth, serial).unwrap();
                (n, today)
            })
    }

    fn ascii_digits(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testkit::fuzz_cases(20_000)))]

        /// Never panics; what parses is the number that was written (its last ten digits,
        /// all twelve when twelve were written) and reads back from its stored form; what
        /// is refused gets a Swedish sentence that never repeats the whole number.
        #[test]
        fn fuzz_idnumber_parse_never_panics(input in fuzz_input(), today in fuzz_today()) {
            let digits = ascii_digits(&input);
            match IdentityNumber::parse(&input, today) {
                Ok(n) => {
                    prop_assert!(digits.len() == 10 || digits.len() == 12);
                    prop_assert!(n.digits().ends_with(&digits), "{input:?} → {n:?}");
                    prop_assert_eq!(IdentityNumber::parse(&n.canonical(), today), Ok(n));
                    prop_assert!(n.birth_date() <= today);
                }
                Err(e) => {
                    let msg = e.to_string();
                    prop_assert!(msg.ends_with('.'), "{msg}");
                    if digits.len() >= 10 {
                        prop_assert!(!msg.contains(&digits[digits.len() - 10..]), "{msg}");
                    }
                }
            }
        }

        /// Every valid number, written in every accepted form, reads back as itself.
        #[test]
        fn fuzz_idnumber_every_form_round_trips((n, today) in fuzz_number(), pad in "[ \t\n]{0,2}") {
            let short = n.short_form(today);
            let mut forms = vec![n.canonical(), n.digits(), n.canonical().replace('-', " ")];
            if today.year() - n.birth_date().year() < 100 {
                forms.push(short.replace('-', ""));
                forms.push(short.replace('-', " "));
            } else {
                // From the year of the 100th birthday: `+`, in both lengths.
                prop_assert!(short.contains('+'));
                forms.push(n.canonical().replace('-', "+"));
            }
            forms.push(short);
            for form in forms {
                let padded = format!("{pad}{form}{pad}");
                prop_assert_eq!(IdentityNumber::parse(&padded, today), Ok(n), "{:?}", padded);
            }
        }

        /// One changed digit. The check digit (Luhn) covers the last ten digits: a change
        /// there is always refused, and whenever the changed digits are otherwise a valid
        /// number the refusal is the check digit's. The two century digits of the 12-digit
        /// form are not covered: a change there is either refused by the year rules or is
        /// another valid number (another century, the same last ten digits).
        #[test]
        fn fuzz_idnumber_one_changed_digit(
            (n, today) in fuzz_number(),
            short in any::<bool>(),
            position in 0usize..12,
            bump in 1u8..=9,
        ) {
            let written = if short { n.short_form(today) } else { n.canonical() };
            let at: Vec<usize> = written
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            let k = position % at.len();
            let mut bytes = written.clone().into_bytes();
            bytes[at[k]] = b'0' + (bytes[at[k]] - b'0' + bump) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            let covered = k >= at.len() - 10;
            match IdentityNumber::parse(&changed, today) {
                Ok(m) => {
                    prop_assert!(!covered, "{written} → {changed} accepted");
                    prop_assert_ne!(m, n);
                    prop_assert_eq!(&m.digits()[2..], &n.digits()[2..]);
                }
                Err(e) if covered => {
                    // The same digits with the check digit computed again.
                    let ds: Vec<u8> = ascii_digits(&changed).bytes().map(|b| b - b'0').collect();
                    let ten = &ds[ds.len() - 10..];
                    let mut nine = [0u8; 9];
                    nine.copy_from_slice(&ten[..9]);
                    let mut fixed = changed.clone().into_bytes();
                    fixed[at[at.len() - 1]] = b'0' + luhn_check_digit(&nine);
                    let fixed = String::from_utf8(fixed).unwrap();
                    if IdentityNumber::parse(&fixed, today).is_ok() {
                        prop_assert_eq!(e, IdNumberError::WrongCheckDigit, "{}", changed);
                    }
                }
                Err(e) => {
                    prop_assert!(
                        matches!(e, IdNumberError::YearOutOfRange { .. } | IdNumberError::FutureDate { .. } | IdNumberError::NonexistentDate { .. }),
                        "{changed}: {e:?}"
                    );
                }
            }
        }
    }
}
