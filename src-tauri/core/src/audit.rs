//! The case history (historik): every change is recorded — what, when, by which user profile
//! — in the same transaction as the change. One place, so the history is tamper-evident
//! without touching the callers.
//!
//! Architecture invariant: **a summary never contains contact data or the identity number**
//! of a person; it names fields and states ("Person ändrad: namn, skyddsnivå"), not values
//! that could reveal where someone lives.
//!
//! ## The hash chain (issue 8: "append-only … hash-chained (each entry covers the previous
//! entry's hash). A verify command reports the first broken link.")
//!
//! Each entry stores
//! - `digest` = SHA-256 of its content: `at`, `profile`, `action`, `summary`, each as an
//!   8-byte big-endian length followed by its UTF-8 bytes, after a version label;
//! - `hash` = SHA-256(previous entry's `hash` ‖ id (8 bytes BE) ‖ case (0, or 1 and 8 bytes BE)
//!   ‖ `digest`), with [`GENESIS`] before the first entry.
//!
//! The content is hashed separately so gallring can empty an entry (see
//! [`crate::retention`]) and the chain still verifies: id, case, digest and hash stay.
//! `case_history_tip` holds the number of entries and the newest hash, written with each
//! entry, so cutting off the newest entries shows.
//!
//! What this protects against, honestly: the database is encrypted, so nobody without the key
//! can read or change an entry at all (SQLCipher's page HMACs refuse a changed page). The
//! chain and the tip catch changes made with the key but without recomputing the chain —
//! a row edited, deleted, swapped or cut off with SQL after dropping the triggers. Someone with
//! the key who recomputes every hash from the change onwards, tip included, is **not** caught
//! by the database alone: that needs a copy of the chain's [`Anchor`] kept somewhere they
//! can't rewind (an exported or printed history, another machine) — [`verify_against`]
//! checks a database against such an anchor. Rolling the whole file back to an older copy
//! (or deleting the `-wal` file) rewinds the tip with it, and is likewise only caught against
//! an anchor kept outside the file.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::ctx::Ctx;
use crate::ids::CaseId;
use crate::Result;

/// One entry of the history, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// UTC, RFC 3339; the UI shows it in Swedish time.
    pub at: String,
    /// Short form of the profile id that made the change (the id is part of the chain).
    pub profile: String,
    /// Who made the change, as a person reads it: "Den här datorns profil", or another
    /// profile's short id ([`profile_label`]).
    pub profile_label: String,
    pub action: String,
    pub summary: String,
}

/// How a history entry names the profile that made it (issue 19: the history showed only a hex
/// id): "Den här datorns profil" for the profile in use, "En annan profil (1a2b3c4d)" for one
/// before it (a restore from a backup makes a new profile), "Okänd profil" when none was
/// recorded. `current` is the profile in use, if known.
pub fn profile_label(profile: &str, current: Option<&str>) -> String {
    if profile.is_empty() {
        "Okänd profil".into()
    } else if current == Some(profile) {
        "Den här datorns profil".into()
    } else {
        format!("En annan profil ({})", short_profile(profile))
    }
}

/// The short form of a profile id shown beside the label and in the exported log.
pub fn short_profile(profile: &str) -> String {
    profile.chars().take(8).collect()
}

/// Records one change. Call inside the transaction of the change itself. The entry is
/// chained to the newest one (see the module doc) and the tip moves with it.
pub(crate) fn record(
    conn: &Connection,
    ctx: &Ctx,
    case: Option<CaseId>,
    action: &str,
    summary: &str,
) -> Result<()> {
    let tip = tip(conn)?;
    let id = tip.last_id.unwrap_or(0) + 1;
    let at = ctx.timestamp();
    let digest = content_digest(&at, &ctx.profile, action, summary);
    let hash = link(&tip.last_hash_bytes()?, id, case.map(|c| c.0), &digest);
    conn.execute(
        "INSERT INTO case_history(id, case_id, at, profile, action, summary, digest, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            case,
            at,
            ctx.profile,
            action,
            summary,
            hex::encode(digest),
            hex::encode(hash)
        ],
    )?;
    set_tip(conn, tip.entries + 1, Some(id), &hash)?;
    Ok(())
}

/// [`record_file_write`] for a file that belongs to no case (the recovery sheet): the shell's
/// way to record what it writes, with no case id to name.
pub fn record_file_write_of_no_case(
    conn: &mut Connection,
    ctx: &Ctx,
    action: &str,
    summary: &str,
    write: impl FnOnce() -> Result<()>,
    undo: impl FnOnce(),
) -> Result<()> {
    record_file_write(conn, ctx, None, action, summary, write, undo)
}

/// Records an export (or any file written for the user) in the same transaction as the write:
/// if the write fails nothing is recorded; if the commit fails the file is removed (`undo`).
/// The one place every export path records itself.
pub(crate) fn record_file_write(
    conn: &mut Connection,
    ctx: &Ctx,
    case: Option<CaseId>,
    action: &str,
    summary: &str,
    write: impl FnOnce() -> Result<()>,
    undo: impl FnOnce(),
) -> Result<()> {
    let tx = conn.transaction()?;
    record(&tx, ctx, case, action, summary)?;
    write()?;
    if let Err(e) = tx.commit() {
        undo();
        return Err(e.into());
    }
    Ok(())
}

/// The history of a case (newest first), or of the actor directory (`None`), each entry's
/// profile named as this session's user reads it ([`profile_label`]).
pub(crate) fn list_for(
    conn: &Connection,
    ctx: &Ctx,
    case: Option<CaseId>,
) -> Result<Vec<HistoryEntry>> {
    entries(conn, case, Some(&ctx.profile))
}

/// [`list_for`] without a session: profiles named by their short id.
#[cfg(test)]
pub(crate) fn list(conn: &Connection, case: Option<CaseId>) -> Result<Vec<HistoryEntry>> {
    entries(conn, case, None)
}

fn entries(
    conn: &Connection,
    case: Option<CaseId>,
    current: Option<&str>,
) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, profile, action, summary FROM case_history
          WHERE case_id IS ?1 AND emptied = 0 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([case], |r| {
        let profile: String = r.get(2)?;
        Ok(HistoryEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            profile_label: profile_label(&profile, current),
            profile: short_profile(&profile),
            action: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The hash before the first entry: SHA-256 of a fixed label.
pub const GENESIS_LABEL: &[u8] = b"tryggplan case_history genesis v1";

/// The hash "before" the first entry.
pub fn genesis() -> [u8; 32] {
    Sha256::digest(GENESIS_LABEL).into()
}

/// SHA-256 of an entry's content (at, profile, action, summary), length-prefixed so no two
/// different contents encode alike.
pub fn content_digest(at: &str, profile: &str, action: &str, summary: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"tryggplan case_history content v1");
    for field in [at, profile, action, summary] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// One link: SHA-256(previous hash ‖ id ‖ case ‖ content digest).
pub fn link(prev: &[u8; 32], id: i64, case: Option<i64>, digest: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(id.to_be_bytes());
    match case {
        None => h.update([0u8]),
        Some(c) => {
            h.update([1u8]);
            h.update(c.to_be_bytes());
        }
    }
    h.update(digest);
    h.finalize().into()
}

/// Where the chain ends: the number of entries and the newest entry's id and hash. Kept in
/// the database (`case_history_tip`) and, to catch a rewound file, anywhere outside it
/// (see [`verify_against`]). Holds no content: hashes and counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Anchor {
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number | null")]
    pub last_id: Option<i64>,
    /// Hex SHA-256.
    pub last_hash: String,
}

impl Anchor {
    fn last_hash_bytes(&self) -> Result<[u8; 32]> {
        parse_hash(&self.last_hash).ok_or(crate::Error::Internal("historikens kedja"))
    }
}

fn parse_hash(s: &str) -> Option<[u8; 32]> {
    let v = hex::decode(s).ok()?;
    v.try_into().ok()
}

fn tip(conn: &Connection) -> Result<Anchor> {
    Ok(conn
        .query_row(
            "SELECT entries, last_id, last_hash FROM case_history_tip WHERE only = 1",
            [],
            |r| {
                Ok(Anchor {
                    entries: r.get::<_, i64>(0)? as u64,
                    last_id: r.get(1)?,
                    last_hash: r.get(2)?,
                })
            },
        )
        .optional()?
        .unwrap_or_else(|| Anchor {
            entries: 0,
            last_id: None,
            last_hash: hex::encode(genesis()),
        }))
}

fn set_tip(conn: &Connection, entries: u64, last_id: Option<i64>, hash: &[u8; 32]) -> Result<()> {
    conn.execute(
        "INSERT INTO case_history_tip(only, entries, last_id, last_hash) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT(only) DO UPDATE SET entries = excluded.entries, last_id = excluded.last_id,
                                         last_hash = excluded.last_hash",
        params![entries as i64, last_id, hex::encode(hash)],
    )?;
    Ok(())
}

/// The chain's anchor as the database holds it now. Keep a copy outside the database (with an
/// exported history, on paper) and check later with [`verify_against`].
pub fn anchor(conn: &Connection) -> Result<Anchor> {
    tip(conn)
}

/// Migration 0008's Rust step: chains the entries written before it (in id order, content
/// unchanged) and sets the tip. Runs inside the migration's transaction (store::migrate).
pub(crate) fn chain_unchained(conn: &Connection) -> Result<()> {
    let rows = read_rows(conn)?;
    let mut prev = genesis();
    let mut last = None;
    for r in &rows {
        let digest = content_digest(&r.at, &r.profile, &r.action, &r.summary);
        let hash = link(&prev, r.id, r.case_id, &digest);
        conn.execute(
            "UPDATE case_history SET digest = ?2, hash = ?3 WHERE id = ?1 AND hash IS NULL",
            params![r.id, hex::encode(digest), hex::encode(hash)],
        )?;
        prev = hash;
        last = Some(r.id);
    }
    set_tip(conn, rows.len() as u64, last, &prev)
}

struct Row {
    id: i64,
    case_id: Option<i64>,
    at: String,
    profile: String,
    action: String,
    summary: String,
    digest: Option<String>,
    hash: Option<String>,
    emptied: bool,
}

fn read_rows(conn: &Connection) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(
        "SELECT id, case_id, at, profile, action, summary, digest, hash, emptied
           FROM case_history ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            case_id: r.get(1)?,
            at: r.get(2)?,
            profile: r.get(3)?,
            action: r.get(4)?,
            summary: r.get(5)?,
            digest: r.get(6)?,
            hash: r.get(7)?,
            emptied: r.get::<_, i64>(8)? != 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What is wrong at the first broken link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BreakKind {
    /// The entry's content or hash is not what was written.
    Changed,
    /// The entry is gone (the ids skip it).
    Missing,
    /// The entry is one written at another place in the chain.
    Reordered,
    /// The newest entries are gone: fewer entries than the tip or the anchor says.
    Truncated,
}

/// The first broken link: the id of the first entry that does not verify (for `Missing` and
/// `Truncated`, the id of the first entry that is gone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChainBreak {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: BreakKind,
    /// Swedish, for the user: what is wrong and what to do.
    pub message: String,
}

/// The result of checking the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChainCheck {
    /// Entries read and checked (also those emptied by gallring).
    #[ts(type = "number")]
    pub entries: u64,
    /// Of which emptied by gallring (their links checked, their content gone by design).
    #[ts(type = "number")]
    pub emptied: u64,
    /// `None` when every link holds.
    pub broken: Option<ChainBreak>,
    /// The chain's end as verified: keep it to check this database later.
    pub anchor: Anchor,
}

impl ChainCheck {
    pub fn ok(&self) -> bool {
        self.broken.is_none()
    }
}

fn broken(id: i64, kind: BreakKind) -> ChainBreak {
    let message = match kind {
        BreakKind::Changed => format!(
            "Historiken har ändrats: post {id} är inte som den skrevs. Spara databasen som den \
             är och återställ från en säkerhetskopia."
        ),
        BreakKind::Missing => format!(
            "Historiken saknar post {id}: den har tagits bort. Spara databasen som den är och \
             återställ från en säkerhetskopia."
        ),
        BreakKind::Reordered => format!(
            "Historiken har kastats om: post {id} står på en annan plats än där den skrevs. \
             Spara databasen som den är och återställ från en säkerhetskopia."
        ),
        BreakKind::Truncated => format!(
            "Historiken har kortats: posterna från och med {id} saknas. Databasen kan ha \
             återställts till en äldre kopia. Kontakta den som ansvarar för informationssäkerheten."
        ),
    };
    ChainBreak { id, kind, message }
}

/// Checks every link of the history and the tip; reports the first broken link.
pub fn verify(conn: &Connection) -> Result<ChainCheck> {
    let tip = tip(conn)?;
    let mut check = verify_rows(conn)?;
    if check.broken.is_none() {
        // The rows hold together; do they end where the tip says?
        let n = check.entries;
        if tip.entries > n || (tip.entries == n && tip.last_hash != check.anchor.last_hash) {
            let first_gone = check.anchor.last_id.unwrap_or(0) + 1;
            check.broken = Some(if tip.entries > n {
                broken(first_gone, BreakKind::Truncated)
            } else {
                broken(check.anchor.last_id.unwrap_or(1), BreakKind::Changed)
            });
        } else if tip.entries < n {
            // Entries after the tip were written past record() (which moves the tip).
            broken_after(&mut check, tip.last_id);
        }
    }
    Ok(check)
}

fn broken_after(check: &mut ChainCheck, last_id: Option<i64>) {
    check.broken = Some(broken(last_id.unwrap_or(0) + 1, BreakKind::Changed));
}

/// The quick check at every unlock: the history still holds the anchor `kept` that was taken
/// at the last lock and stored outside the database (in the OS keyring, see
/// `session::Vault::lock`) — at least as many entries, and the entry it names with the same
/// hash. Each hash covers every entry before it, so a rewritten, removed or reordered entry up
/// to that point, or a database rewound to an older copy, fails here; the full walk is
/// [`verify_against`] (the log's "Kontrollera").
pub fn holds(conn: &Connection, kept: &Anchor) -> Result<bool> {
    if tip(conn)?.entries < kept.entries {
        return Ok(false);
    }
    let Some(id) = kept.last_id else {
        return Ok(true);
    };
    let hash: Option<Option<String>> = conn
        .query_row("SELECT hash FROM case_history WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(hash.flatten().as_deref() == Some(kept.last_hash.as_str()))
}

/// [`verify`], and the chain must still contain `kept` (an anchor taken earlier and kept
/// outside the database): the entry it names, with its hash, and at least as many entries.
/// Catches a database rewound to an older copy or cut off with its tip rewritten.
pub fn verify_against(conn: &Connection, kept: &Anchor) -> Result<ChainCheck> {
    let mut check = verify(conn)?;
    if check.broken.is_some() {
        return Ok(check);
    }
    if kept.entries > check.entries {
        check.broken = Some(broken(
            check.anchor.last_id.unwrap_or(0) + 1,
            BreakKind::Truncated,
        ));
        return Ok(check);
    }
    if let Some(id) = kept.last_id {
        let hash: Option<Option<String>> = conn
            .query_row("SELECT hash FROM case_history WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if hash.flatten().as_deref() != Some(kept.last_hash.as_str()) {
            check.broken = Some(broken(id, BreakKind::Changed));
        }
    }
    Ok(check)
}

fn verify_rows(conn: &Connection) -> Result<ChainCheck> {
    let rows = read_rows(conn)?;
    let gallrade: std::collections::BTreeSet<i64> = rows
        .iter()
        .filter(|r| r.action == GALLRING_ACTION && !r.emptied)
        .filter_map(|r| r.case_id)
        .collect();
    let stored: Vec<Option<[u8; 32]>> = rows
        .iter()
        .map(|r| r.hash.as_deref().and_then(parse_hash))
        .collect();
    let digests: Vec<Option<[u8; 32]>> = rows
        .iter()
        .map(|r| r.digest.as_deref().and_then(parse_hash))
        .collect();
    let mut prev = genesis();
    let mut first_break = None;
    let mut emptied = 0;
    for (i, r) in rows.iter().enumerate() {
        let expected_id = i as i64 + 1;
        if r.id != expected_id {
            first_break = Some(broken(expected_id, BreakKind::Missing));
            break;
        }
        let (Some(digest), Some(hash)) = (digests[i], stored[i]) else {
            first_break = Some(broken(r.id, BreakKind::Changed));
            break;
        };
        if r.emptied {
            emptied += 1;
            // Emptied only by gallring of its own case: the case is gone and its gallring
            // entry is in the history.
            let ok = r.case_id.is_some_and(|c| gallrade.contains(&c))
                && r.at.is_empty()
                && r.profile.is_empty()
                && r.action.is_empty()
                && r.summary.is_empty();
            if !ok {
                first_break = Some(broken(r.id, BreakKind::Changed));
                break;
            }
        } else if content_digest(&r.at, &r.profile, &r.action, &r.summary) != digest {
            first_break = Some(broken(r.id, BreakKind::Changed));
            break;
        }
        if link(&prev, r.id, r.case_id, &digest) != hash {
            let kind = if moved_here(&rows, &stored, &digests, i) {
                BreakKind::Reordered
            } else {
                BreakKind::Changed
            };
            first_break = Some(broken(r.id, kind));
            break;
        }
        prev = hash;
    }
    let last_id = rows.last().map(|r| r.id);
    Ok(ChainCheck {
        entries: rows.len() as u64,
        emptied,
        broken: first_break,
        anchor: Anchor {
            entries: rows.len() as u64,
            last_id,
            last_hash: hex::encode(prev),
        },
    })
}

/// Whether the (self-consistent) entry at position `k` was written at another position: its
/// hash is the link of its own case and digest at another id, after one of the stored hashes.
/// Only positions whose own link fails are candidates (a moved entry breaks both places), so
/// this stays cheap.
fn moved_here(
    rows: &[Row],
    stored: &[Option<[u8; 32]>],
    digests: &[Option<[u8; 32]>],
    k: usize,
) -> bool {
    let (Some(digest), Some(hash)) = (digests[k], stored[k]) else {
        return false;
    };
    let prev_of = |i: usize| {
        if i == 0 {
            Some(genesis())
        } else {
            stored[i - 1]
        }
    };
    let locally_broken: Vec<usize> = (0..rows.len())
        .filter(|&i| match (prev_of(i), digests[i], stored[i]) {
            (Some(p), Some(d), Some(h)) => link(&p, rows[i].id, rows[i].case_id, &d) != h,
            _ => true,
        })
        .take(64)
        .collect();
    let mut prevs: Vec<[u8; 32]> = vec![genesis()];
    for &i in &locally_broken {
        prevs.extend(stored[i]);
        if i > 0 {
            prevs.extend(stored[i - 1]);
        }
    }
    locally_broken.iter().filter(|&&j| j != k).any(|&j| {
        prevs
            .iter()
            .any(|p| link(p, rows[j].id, rows[k].case_id, &digest) == hash)
    })
}

/// The action of the one entry gallring writes (see [`crate::retention`]).
pub const GALLRING_ACTION: &str = "case.gallring";

#[cfg(test)]
mod tests;
