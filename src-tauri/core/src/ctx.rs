//! Who acts and when: the context every operation that reads or writes a case is given.
//!
//! It sits below the vault so that the history (`audit`) and the storage can take it without
//! reaching up: only [`crate::session::Vault`] fills in the opened records and the profile's
//! kind; a context made anywhere else has opened nothing and is a real profile's.

use std::collections::BTreeSet;

use crate::ids::CaseId;

/// Who acts and when: passed to every operation that writes the case history.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The user profile (its id's first 8 hex digits are shown in the history).
    pub profile: String,
    /// Now, in UTC (history timestamps).
    pub now: chrono::DateTime<chrono::Utc>,
    /// Today's date in Sweden (Europe/Stockholm): the date rules are checked against.
    pub today: chrono::NaiveDate,
    /// The protected records opened explicitly since the last unlock (see [`crate::access`]).
    /// Empty unless the vault gave it: a context made anywhere else opens nothing.
    pub(crate) opened: BTreeSet<CaseId>,
    /// The kind of the open profile (issue 19): every PDF made in the practice profile is
    /// marked from this. Real unless the vault gave it.
    pub kind: crate::profile::ProfileKind,
}

impl Ctx {
    /// `now` as stored: UTC, RFC 3339, whole seconds.
    pub fn timestamp(&self) -> String {
        self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    pub fn new(profile: impl Into<String>, now: chrono::DateTime<chrono::Utc>) -> Self {
        Ctx {
            profile: profile.into(),
            now,
            today: crate::clock::swedish_date(now),
            opened: BTreeSet::new(),
            kind: crate::profile::ProfileKind::Real,
        }
    }
}
