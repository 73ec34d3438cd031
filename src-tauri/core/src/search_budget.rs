//! The rate limit of case searches that could reach a protected person (issue 18), kept by
//! the vault for the app's whole run.
//!
//! Vault layer: the vault holds the budget and spends it before any search runs
//! (`cases::search_at`); what a query could reach ([`Reach`]) is decided here, once.

use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Can't be a whole name or a whole number: an empty search, or digits that are not 10 or
    /// 12 (a reference like "2026-002").
    Nothing,
    /// Could be a whole name (anything with a character that isn't a digit or separator).
    Name,
    /// 10 or 12 digits, with separators at most: could be a whole number.
    Number,
}

impl Reach {
    pub fn of(query: &str) -> Reach {
        let compact: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            Reach::Nothing
        } else if looks_numeric(&compact) {
            match compact.chars().filter(char::is_ascii_digit).count() {
                10 | 12 => Reach::Number,
                _ => Reach::Nothing,
            }
        } else if compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
        {
            Reach::Nothing
        } else {
            Reach::Name
        }
    }
}

pub(crate) fn looks_numeric(compact: &str) -> bool {
    compact.chars().any(|c| c.is_ascii_digit())
        && compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
}

/// The rate limit of searches that could reach a protected person (issue 18: "Rate limits or a
/// cost per query where it helps"). Kept by the vault for the app's whole run (a lock doesn't
/// refill it), counted on its monotonic clock.
///
/// Two token buckets, by what a query could reach ([`Reach`]):
/// - whole numbers (10 or 12 digits): [`NUMBER_BURST`] at once, then one every
///   [`NUMBER_EVERY`]. A personnummer with a known birth date has about 1,000 candidates (500
///   when the sex is known): at two a minute that is 4–8 hours of searching, in an unlocked
///   app, every refusal in the history. A worker typing a number makes one or two such
///   searches (at 10 and 12 digits);
/// - names (anything with a letter): [`NAME_BURST`] at once, then one a second
///   ([`NAME_EVERY`]). Typing as you search makes at most one search per keystroke (after a
///   pause of 180 ms), so ten names typed back to back at that pace (about 140 searches in
///   25 seconds) still aren't stopped; guessing a whole name from its initials (thousands of
///   first names times thousands of surnames) at 60 a minute takes months.
///
/// Searches that can reach no protected person (empty, a reference's digits) are not counted.
#[derive(Debug, Clone)]
pub struct SearchBudget {
    names: Bucket,
    numbers: Bucket,
    /// When a refusal was last written to the history (at most one entry per
    /// [`LIMIT_ENTRY_EVERY`]).
    last_entry: Option<std::time::Duration>,
}

/// Name searches allowed at once.
pub const NAME_BURST: u32 = 150;
/// One more name search allowed per this time.
pub const NAME_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// Whole-number searches allowed at once.
pub const NUMBER_BURST: u32 = 12;
/// One more whole-number search allowed per this time.
pub const NUMBER_EVERY: std::time::Duration = std::time::Duration::from_secs(30);
/// A refusal is written to the history at most this often.
pub const LIMIT_ENTRY_EVERY: std::time::Duration = std::time::Duration::from_secs(600);
/// The history action of a refused search (no case, no query).
pub const LIMIT_ACTION: &str = "access.search_limited";
pub const LIMIT_SUMMARY: &str =
    "Sökningar i ärendelistan stoppades tillfälligt: för många sökningar på namn eller personnummer på kort tid";

#[derive(Debug, Clone)]
struct Bucket {
    burst: u32,
    every: std::time::Duration,
    tokens: u32,
    since: std::time::Duration,
}

impl Bucket {
    fn new(burst: u32, every: std::time::Duration) -> Self {
        Bucket {
            burst,
            every,
            tokens: burst,
            since: std::time::Duration::ZERO,
        }
    }

    /// Takes one search, or says how long until the next is allowed.
    fn take(&mut self, now: std::time::Duration) -> std::result::Result<(), std::time::Duration> {
        let elapsed = now.saturating_sub(self.since);
        let back = (elapsed.as_millis() / self.every.as_millis().max(1)) as u64;
        if back > 0 {
            let tokens = (self.tokens as u64 + back).min(self.burst as u64) as u32;
            self.since += self.every * back.min(u32::MAX as u64) as u32;
            self.tokens = tokens;
        }
        if self.tokens == self.burst {
            // Full: the time to the next one starts with this search.
            self.since = now;
        }
        if self.tokens == 0 {
            return Err(self.every.saturating_sub(now.saturating_sub(self.since)));
        }
        self.tokens -= 1;
        Ok(())
    }
}

impl Default for SearchBudget {
    fn default() -> Self {
        SearchBudget {
            names: Bucket::new(NAME_BURST, NAME_EVERY),
            numbers: Bucket::new(NUMBER_BURST, NUMBER_EVERY),
            last_entry: None,
        }
    }
}

/// A refused search: how long to wait, and whether to write the refusal to the history now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub wait: std::time::Duration,
    pub record: bool,
}

impl Refusal {
    pub fn error(&self) -> Error {
        let ms = self.wait.as_millis();
        Error::TooManySearches {
            seconds: (ms.div_ceil(1000)).max(1) as u32,
        }
    }
}

impl SearchBudget {
    /// Counts a search of `query` at `now` (the vault's clock), or refuses it.
    pub fn spend(
        &mut self,
        query: &str,
        now: std::time::Duration,
    ) -> std::result::Result<(), Refusal> {
        let bucket = match Reach::of(query) {
            Reach::Nothing => return Ok(()),
            Reach::Name => &mut self.names,
            Reach::Number => &mut self.numbers,
        };
        bucket.take(now).map_err(|wait| {
            let record = self
                .last_entry
                .is_none_or(|t| now.saturating_sub(t) >= LIMIT_ENTRY_EVERY);
            if record {
                self.last_entry = Some(now);
            }
            Refusal { wait, record }
        })
    }
}
