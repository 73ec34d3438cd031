//! Which profile the app opens: the data directory of the first start, or the newest profile
//! a backup was restored into.
//!
//! Issue 8: "Restore into a new profile; verify (`integrity_check`, `cipher_integrity_check`,
//! row counts) before the restored data is used." and "A damaged or tampered database is
//! refused with a clear Swedish message that offers restore from backup; the damaged file is
//! kept, never overwritten, never replaced by an empty database."
//!
//! So a restore never writes into the profile it replaces: it makes a new directory beside
//! it, and only after the restore has been verified does the pointer file [`ACTIVE_FILE`] name
//! that directory. The old directory — a damaged database, or one whose passphrase is lost —
//! stays exactly as it was, for IT support or a later look.
//!
//! ```text
//! <app data>/data/                   the first profile (the default when no pointer exists)
//! <app data>/profil-20261129-154612/ a profile restored from a backup
//! <app data>/aktiv-profil            one line: the name of the directory to open
//! ```
//!
//! The pointer holds a directory *name*, never a path: it can't point outside the app's data
//! directory. A pointer that is unreadable or names something odd is not trusted; the app
//! then opens the default and says nothing is lost (the other directories are untouched).

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::{Error, Result};

/// The first profile's directory name.
pub const DEFAULT_DIR: &str = "data";
/// The pointer file in the app's data directory.
pub const ACTIVE_FILE: &str = "aktiv-profil";

/// A profile directory name this module made or accepts: `data`, or `profil-` followed by
/// digits and dashes (at most 40 characters in all). Nothing with a separator, a dot or a
/// letter that could escape the base directory.
pub fn is_profile_name(name: &str) -> bool {
    name == DEFAULT_DIR
        || (name.len() <= 40
            && name.strip_prefix("profil-").is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            }))
}

/// The directory of the profile to open under `base` (the app's local data directory).
pub fn active_dir(base: &Path) -> PathBuf {
    let name = std::fs::read_to_string(base.join(ACTIVE_FILE))
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| is_profile_name(s))
        .unwrap_or_else(|| DEFAULT_DIR.to_owned());
    base.join(name)
}

/// A new, not yet existing profile directory under `base`, named by the time (UTC), with a
/// counter when that name is taken.
pub fn new_dir(base: &Path, now: DateTime<Utc>) -> PathBuf {
    let stem = format!("profil-{}", now.format("%Y%m%d-%H%M%S"));
    let mut candidate = base.join(&stem);
    let mut n = 2;
    while candidate.exists() {
        candidate = base.join(format!("{stem}-{n}"));
        n += 1;
    }
    candidate
}

/// Makes `dir` (a directory directly under `base`, with a profile name) the one the app opens
/// from now on: the pointer is written under a temporary name, fsynced and renamed.
pub fn activate(base: &Path, dir: &Path) -> Result<()> {
    let name = dir
        .strip_prefix(base)
        .ok()
        .and_then(|rest| rest.to_str())
        .filter(|name| is_profile_name(name))
        .ok_or(Error::Internal(
            "profilens mapp ligger inte i Tryggplans datamapp",
        ))?;
    crate::files::write_private_atomically_as(
        &base.join(ACTIVE_FILE),
        name.as_bytes(),
        "valet av profil",
    )
}

/// The practice profile's directory name (issue 19): beside the real profiles, never a name
/// [`is_profile_name`] accepts, so the pointer can never name it, [`activate`] refuses it and
/// a restore can't go into it.
pub const PRACTICE_DIR: &str = "ovning";

/// The mark on every screen and every printed page while the practice profile is open.
pub const PRACTICE_MARK: &str = "ÖVNING – inte verkliga uppgifter";

/// The practice profile's passphrase: fixed and shown on its screens. The practice profile
/// holds only invented data; its database key is its own random key in its own keyring entry
/// (named by its own random profile id), so this phrase opens nothing but the practice
/// database.
pub const PRACTICE_PASSPHRASE: &str = "övning utan riktiga uppgifter";

/// Which kind of profile a vault has open: the worker's real one, or the practice profile.
/// A fact of the core (the directory the vault was made over), never a flag the UI sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProfileKind {
    Real,
    Practice,
}

impl ProfileKind {
    /// The kind of the profile in `dir`: practice exactly when its last component is
    /// [`PRACTICE_DIR`].
    pub fn of_dir(dir: &Path) -> Self {
        if dir.file_name().and_then(|n| n.to_str()) == Some(PRACTICE_DIR) {
            ProfileKind::Practice
        } else {
            ProfileKind::Real
        }
    }

    pub fn is_practice(self) -> bool {
        self == ProfileKind::Practice
    }
}

/// The practice profile's directory under `base` (the app's local data directory).
pub fn practice_dir(base: &Path) -> PathBuf {
    base.join(PRACTICE_DIR)
}
