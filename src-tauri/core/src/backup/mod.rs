//! Encrypted backup and restore.
//!
//! Issue 8: "A backup is one file, encrypted with its own key, made with SQLCipher's export or
//! the online backup API (never a file copy of a live database), written to a temp name,
//! fsynced and renamed. Restore into a new profile; verify (`integrity_check`,
//! `cipher_integrity_check`, row counts) before the restored data is used. Progress is shown
//! for long backups. A reminder when the last backup is older than N days."
//!
//! ## The file
//! One file: a small header, then a complete SQLCipher database encrypted with the backup's
//! own random key `BK` (made with SQLite's online backup API from the open connection, so it is
//! a consistent snapshot and never a copy of the live file).
//!
//! ```text
//! "TPBACKUP" ‖ format (u16 LE) ‖ five fields, each u32 LE length ‖ bytes:
//!   profile id        the source profile's id (names the keyring entry; not secret)
//!   passphrase slot   the source's keyring blob: the database key DK wrapped by the
//!                     passphrase (Argon2id + XChaCha20-Poly1305, see `keys::wrap`)
//!   recovery slot     the source's recovery file: DK wrapped by the recovery key (or empty)
//!   key slot          BK sealed under a key derived from DK; associated data = every byte
//!                     before this field
//!   contents          JSON sealed under BK (created, schema version, database length, its
//!                     BLAKE2s hash, the row count of every table); associated data = every
//!                     byte before this field
//! ‖ the database (exactly the recorded length)
//! ```
//!
//! So the backup opens with the passphrase *that was valid when it was made*, or with the
//! recovery key of the sheet valid then — both work on a new computer without the keyring.
//! Every byte is authenticated: the header by the two AEAD seals (a changed profile id or slot
//! fails the key slot's tag), the database by the hash inside the sealed contents, the length
//! exactly. A flipped byte anywhere, a truncation or an extension is refused before anything
//! is written.
//!
//! ## Restore
//! Always into a new, empty profile directory, never over the current one. The database bytes
//! are written there, then opened read-only and checked — `PRAGMA integrity_check`,
//! `PRAGMA cipher_integrity_check`, and every table's row count against the authenticated
//! counts — before anything else happens. On any failure every file the restore made (and the
//! directory, if it made it) is removed again and the error says what happened. The restored
//! profile keeps BK as its database key, gets a new profile id, a keyring entry under the new
//! passphrase, and a new recovery key (returned once, for a new sheet).

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::keys::keyring::SecretStore;
use crate::keys::recovery::{self, RecoveryKey, RECOVERY_BLOB_LEN, RECOVERY_FILE};
use crate::keys::{self, open_sealed, seal, DbKey, KdfParams, KEY_LEN, NONCE_LEN, TAG_LEN};
use crate::store;
use crate::{Error, Result};

/// The first bytes of every backup file.
pub const MAGIC: &[u8; 8] = b"TPBACKUP";
/// The format this build writes and reads.
pub const FORMAT: u16 = 1;
/// The file name extension the app suggests.
pub const EXTENSION: &str = "tpbackup";
/// The setting: days after the last backup before the reminder shows.
pub const REMINDER_SETTING: &str = "backup_reminder_days";
/// The setting: when the last backup was made (UTC, RFC 3339).
pub const LAST_BACKUP_SETTING: &str = "last_backup_at";
pub const DEFAULT_REMINDER_DAYS: u32 = 7;
/// The longest sealed contents a reader accepts (a few hundred bytes in practice).
const MAX_CONTENTS: usize = 64 * 1024;
const PROFILE_ID_LEN: usize = 32;
const KEY_SLOT_LEN: usize = NONCE_LEN + KEY_LEN + TAG_LEN;
/// The longest header a reader reads before it knows anything.
pub const MAX_HEADER: usize = 8
    + 2
    + 5 * 4
    + PROFILE_ID_LEN
    + keys::WRAPPED_LEN
    + RECOVERY_BLOB_LEN
    + KEY_SLOT_LEN
    + MAX_CONTENTS;
/// Pages copied per step of the online backup (≈ 1 MiB with 4 KiB pages).
const PAGES_PER_STEP: i32 = 256;
const COPY_CHUNK: usize = 1 << 20;
const PAGE: u64 = 4096;

/// Progress of a backup or a restore, for a progress bar: database pages (4 KiB) done of total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Progress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// What a backup holds, from its authenticated contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    /// When the backup was made (UTC, RFC 3339).
    pub created_at: String,
    pub schema_version: i64,
    /// The file's size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Number of persons in the backup.
    #[ts(type = "number")]
    pub persons: i64,
    /// Number of cases in the backup.
    #[ts(type = "number")]
    pub cases: i64,
    /// Whether the backup can also be opened with the recovery key.
    pub opens_with_recovery_key: bool,
}

/// A finished backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupReceipt {
    pub info: BackupInfo,
    /// Database pages copied.
    #[ts(type = "number")]
    pub pages: u64,
}

/// Whether to remind the user to make a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupStatus {
    /// When the last backup was made (UTC, RFC 3339); none yet if empty.
    pub last_backup_at: Option<String>,
    pub reminder_days: u32,
    /// True when there is no backup yet or the last one is at least `reminder_days` old.
    pub due: bool,
}

/// What opens a backup.
#[derive(Debug, Clone, Copy)]
pub enum Secret<'a> {
    /// The passphrase that was valid when the backup was made.
    Passphrase(&'a str),
    /// The recovery key (as typed) of the sheet that was valid when the backup was made.
    RecoveryKey(&'a str),
}

/// The key material the vault hands to [`write`].
#[derive(Debug)]
pub struct Slots<'a> {
    pub profile_id: &'a str,
    /// The keyring entry's bytes (the database key wrapped by the passphrase).
    pub passphrase: &'a [u8],
    /// The recovery file's bytes, if the profile has one.
    pub recovery: Option<&'a [u8]>,
}

/// The authenticated contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Contents {
    format: u16,
    created_at: String,
    schema_version: i64,
    db_len: u64,
    db_blake2s: String,
    counts: BTreeMap<String, i64>,
}

/// A parsed (not yet authenticated) header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    profile_id: String,
    passphrase_slot: Vec<u8>,
    recovery_slot: Vec<u8>,
    key_slot: Vec<u8>,
    contents: Vec<u8>,
    /// Bytes before the key slot's length field: the key slot's associated data.
    key_aad_end: usize,
    /// Bytes before the contents' length field: the contents' associated data.
    contents_aad_end: usize,
    /// The header's length: the database starts here.
    len: usize,
}

const KEY_SLOT_LABEL: &str = "tryggplan-säkerhetskopia-nyckel-v1";
const CONTENTS_LABEL: &str = "tryggplan-säkerhetskopia-innehåll-v1";

fn aad(label: &str, prefix: &[u8]) -> Vec<u8> {
    let mut a = Vec::with_capacity(label.len() + 1 + prefix.len());
    a.extend_from_slice(label.as_bytes());
    a.push(0);
    a.extend_from_slice(prefix);
    a
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Parses a header from the first bytes of a file. Checks the shape only (lengths, magic,
/// format): nothing is trusted until [`open_header`]. Never panics on arbitrary bytes.
pub(crate) fn parse_header(b: &[u8]) -> Result<Header> {
    const NOT_OURS: Error = Error::BackupInvalid("det är inte en säkerhetskopia från Tryggplan");
    const SHORT: Error = Error::BackupInvalid("filen är avkortad eller skadad");
    if b.len() < 8 || &b[..8] != MAGIC {
        return Err(NOT_OURS);
    }
    if b.len() < 10 {
        return Err(SHORT);
    }
    let format = u16::from_le_bytes([b[8], b[9]]);
    if format != FORMAT {
        return Err(Error::BackupInvalid(
            "den är gjord av en nyare version av Tryggplan; installera den versionen och försök igen",
        ));
    }
    let mut at = 10usize;
    let next = |at: &mut usize, min: usize, max: usize| -> Result<Vec<u8>> {
        let len_bytes = b.get(*at..*at + 4).ok_or(SHORT)?;
        let len =
            u32::from_le_bytes([len_bytes[0], len_bytes[1], len_bytes[2], len_bytes[3]]) as usize;
        if len < min || len > max {
            return Err(SHORT);
        }
        let v = b.get(*at + 4..*at + 4 + len).ok_or(SHORT)?.to_vec();
        *at += 4 + len;
        Ok(v)
    };
    let profile_id = next(&mut at, PROFILE_ID_LEN, PROFILE_ID_LEN)?;
    let passphrase_slot = next(&mut at, keys::WRAPPED_LEN, keys::WRAPPED_LEN)?;
    let recovery_slot = next(&mut at, 0, RECOVERY_BLOB_LEN)?;
    let key_aad_end = at;
    let key_slot = next(&mut at, KEY_SLOT_LEN, KEY_SLOT_LEN)?;
    let contents_aad_end = at;
    let contents = next(&mut at, NONCE_LEN + TAG_LEN, MAX_CONTENTS)?;
    let len = at;
    if !recovery_slot.is_empty() && recovery_slot.len() != RECOVERY_BLOB_LEN {
        return Err(SHORT);
    }
    if !profile_id.iter().all(u8::is_ascii_hexdigit) {
        return Err(SHORT);
    }
    Ok(Header {
        profile_id: String::from_utf8(profile_id).map_err(|_| SHORT)?,
        passphrase_slot,
        recovery_slot,
        key_slot,
        contents,
        key_aad_end,
        contents_aad_end,
        len,
    })
}

/// Unlocks a parsed header with `secret` (the header's own bytes `raw` are the associated
/// data): the backup's key and its authenticated contents.
fn open_header(raw: &[u8], h: &Header, secret: Secret<'_>) -> Result<(DbKey, Contents)> {
    let dk = match secret {
        Secret::Passphrase(p) => {
            let pass = keys::typed_passphrase(p)?;
            keys::unwrap(&h.passphrase_slot, &pass, &h.profile_id).map_err(|e| match e {
                Error::WrongPassphrase | Error::KeyMissing => Error::BackupWrongSecret,
                e => e,
            })?
        }
        Secret::RecoveryKey(typed) => {
            let rk = RecoveryKey::parse(typed)?;
            if h.recovery_slot.is_empty() {
                return Err(Error::BackupInvalid(
                    "den gjordes innan det fanns en återställningsnyckel och öppnas bara med \
                     lösenfrasen som gällde då",
                ));
            }
            recovery::unwrap(&h.recovery_slot, &rk, &h.profile_id).map_err(|e| match e {
                Error::WrongRecoveryKey | Error::RecoveryMissing => Error::BackupWrongSecret,
                e => e,
            })?
        }
    };
    let tampered = Error::BackupInvalid("den har ändrats eller skadats efter att den gjordes");
    let kek = dk.derive(KEY_SLOT_LABEL);
    let bk = open_sealed(
        &kek,
        &aad(KEY_SLOT_LABEL, &raw[..h.key_aad_end]),
        &h.key_slot,
    )
    .map_err(|_| Error::BackupInvalid("den har ändrats eller skadats efter att den gjordes"))?;
    let bk = DbKey::from_slice(&bk)?;
    let ckey = bk.derive(CONTENTS_LABEL);
    let json = open_sealed(
        &ckey,
        &aad(CONTENTS_LABEL, &raw[..h.contents_aad_end]),
        &h.contents,
    )
    .map_err(|_| Error::BackupInvalid("den har ändrats eller skadats efter att den gjordes"))?;
    let contents: Contents = serde_json::from_slice(&json).map_err(|_| tampered)?;
    if contents.format != FORMAT || contents.db_blake2s.len() != 64 {
        return Err(Error::BackupInvalid(
            "den har ändrats eller skadats efter att den gjordes",
        ));
    }
    Ok((bk, contents))
}

fn info(c: &Contents, file_len: u64, h: &Header) -> BackupInfo {
    BackupInfo {
        created_at: c.created_at.clone(),
        schema_version: c.schema_version,
        bytes: file_len,
        persons: c.counts.get("persons").copied().unwrap_or(0),
        cases: c.counts.get("cases").copied().unwrap_or(0),
        opens_with_recovery_key: !h.recovery_slot.is_empty(),
    }
}

/// Reads and authenticates a whole backup held in memory: header, key, contents, length and
/// the database's hash. The fuzz target of the backup reader (see the tests): never panics.
pub fn verify_bytes(bytes: &[u8], secret: Secret<'_>) -> Result<BackupInfo> {
    let h = parse_header(&bytes[..bytes.len().min(MAX_HEADER)])?;
    let (_bk, c) = open_header(bytes, &h, secret)?;
    let db = &bytes[h.len..];
    if db.len() as u64 != c.db_len {
        return Err(Error::BackupInvalid("filen är avkortad eller förlängd"));
    }
    if hex::encode(Blake2s256::digest(db)) != c.db_blake2s {
        return Err(Error::BackupInvalid(
            "den har ändrats eller skadats efter att den gjordes",
        ));
    }
    Ok(info(&c, bytes.len() as u64, &h))
}

/// The passphrase of the fuzz target's sample backup (`fuzz/seeds/backup_reader/authentic`).
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) const FUZZ_PASSPHRASE: &str = "korrekt häst batteri";
/// The recovery key of the sample backup, as printed on its (test) sheet.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) const FUZZ_RECOVERY_KEY: &str = "5Y37-XXDZ-9TDV-PD08-44AH-QN72-HQ7V-X64M-EA2Z";
/// The BLAKE2s-256 of the sample backup: the one file the reader may accept.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) const FUZZ_SAMPLE_BLAKE2S: &str =
    "a0d67df9efc81931f5f851c5c63d9c3a47ff220982572585cce5319420435620";

/// The fuzz target `backup_reader` (see `crate::fuzzing`): the reader on arbitrary bytes.
/// Never panics. A header that parses stays within the reader's bounds (no field longer than
/// its limit, the sealed contents at most `MAX_CONTENTS`, the whole header within the
/// `MAX_HEADER` bytes a file reader reads) and parses the same from its own bytes. The whole
/// reader, with the sample's recovery key and passphrase, refuses everything as a refused
/// backup or a wrong secret, and accepts only the sample itself, byte for byte.
///
/// The passphrase is tried when the header does not parse (refused before any key
/// derivation) or when its wrapped key asks for the sample's cheap test costs: a header may
/// ask for up to `keys::unwrap`'s limits (1 GiB, 64 passes), which would make one input take
/// minutes; those limits are `keys`' own tests.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn fuzz_read(data: &[u8]) {
    use crate::ErrorKind;
    let head = &data[..data.len().min(MAX_HEADER)];
    let parsed = parse_header(head);
    if let Ok(h) = &parsed {
        assert!(
            h.len <= head.len() && h.len <= MAX_HEADER,
            "header past its bound"
        );
        assert!(
            h.contents.len() <= MAX_CONTENTS,
            "sealed contents past MAX_CONTENTS"
        );
        assert_eq!(h.profile_id.len(), PROFILE_ID_LEN);
        assert_eq!(h.passphrase_slot.len(), keys::WRAPPED_LEN);
        assert!(h.recovery_slot.is_empty() || h.recovery_slot.len() == RECOVERY_BLOB_LEN);
        assert_eq!(h.key_slot.len(), KEY_SLOT_LEN);
        assert!(h.key_aad_end < h.contents_aad_end && h.contents_aad_end < h.len);
        assert_eq!(parse_header(&data[..h.len]).as_ref().ok(), Some(h));
    }
    let check = |r: Result<BackupInfo>| match r {
        Ok(info) => {
            assert_eq!(
                hex::encode(Blake2s256::digest(data)),
                FUZZ_SAMPLE_BLAKE2S,
                "a file that is not the sample was accepted"
            );
            assert_eq!(info.bytes, data.len() as u64);
        }
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::BackupRefused | ErrorKind::WrongPassphrase
            ),
            "refused as {:?}: {e}",
            e.kind()
        ),
    };
    check(verify_bytes(data, Secret::RecoveryKey(FUZZ_RECOVERY_KEY)));
    let cheap = match &parsed {
        Err(_) => true,
        Ok(h) => {
            let word = |i: usize| {
                let b = &h.passphrase_slot[i..i + 4];
                u32::from_le_bytes([b[0], b[1], b[2], b[3]])
            };
            word(4) <= 64 && word(8) == 1 && word(12) == 1
        }
    };
    if cheap {
        check(verify_bytes(data, Secret::Passphrase(FUZZ_PASSPHRASE)));
    }
}

/// Opens a file that is to be a backup and reads its header.
fn read_file_header(path: &Path) -> Result<(std::fs::File, u64, Vec<u8>, Header)> {
    let io = |source| Error::Io {
        what: "säkerhetskopian",
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let file_len = f.metadata().map_err(io)?.len();
    let mut raw = Vec::new();
    (&mut f)
        .take(MAX_HEADER as u64)
        .read_to_end(&mut raw)
        .map_err(io)?;
    let h = parse_header(&raw)?;
    raw.truncate(h.len);
    Ok((f, file_len, raw, h))
}

/// What the app shows before a restore: reads the header and checks the secret, without
/// reading the database (quick). The full check happens during [`restore`].
pub fn inspect(path: &Path, secret: Secret<'_>) -> Result<BackupInfo> {
    let (_f, file_len, raw, h) = read_file_header(path)?;
    let (_bk, c) = open_header(&raw, &h, secret)?;
    if file_len != h.len as u64 + c.db_len {
        return Err(Error::BackupInvalid("filen är avkortad eller förlängd"));
    }
    Ok(info(&c, file_len, &h))
}

/// Removes the files a failed operation made (and a directory it created); disarmed on
/// success.
struct Cleanup {
    files: Vec<PathBuf>,
    dir: Option<PathBuf>,
    armed: bool,
}

impl Cleanup {
    fn new() -> Self {
        Cleanup {
            files: Vec::new(),
            dir: None,
            armed: true,
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        for f in &self.files {
            let _ = std::fs::remove_file(f);
        }
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn random_suffix() -> Result<String> {
    let mut r = [0u8; 8];
    getrandom::getrandom(&mut r).map_err(|_| Error::Internal("slumptalskälla"))?;
    Ok(hex::encode(r))
}

fn key_connection(conn: &Connection, key: &DbKey) -> Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let literal = key.sqlcipher_literal();
    let mut stmt = zeroize::Zeroizing::new(String::with_capacity(16 + literal.len()));
    stmt.push_str("PRAGMA key = ");
    stmt.push_str(&literal);
    stmt.push(';');
    conn.execute_batch(&stmt)?;
    Ok(())
}

/// Every table's row count (SQLite's internal tables excluded).
fn row_counts(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    for n in names {
        let q = format!("SELECT count(*) FROM \"{}\"", n.replace('"', "\"\""));
        let c: i64 = conn.query_row(&q, [], |r| r.get(0))?;
        out.insert(n, c);
    }
    Ok(out)
}

fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Blake2s256::new();
    let mut buf = vec![0u8; COPY_CHUNK];
    let mut n = 0u64;
    loop {
        let r = f.read(&mut buf)?;
        if r == 0 {
            break;
        }
        h.update(&buf[..r]);
        n += r as u64;
    }
    Ok((n, hex::encode(h.finalize())))
}

/// Writes a backup of `conn` (the open database, whose key is `key`) to `dest`: the online
/// backup API into a temporary database with a fresh key, then the header and that database
/// into a temporary file beside `dest`, fsync, rename over `dest`, fsync of the directory.
/// `progress` is called after every step of about 1 MiB. On failure `dest` is untouched and
/// the temporary files are removed.
pub fn write(
    conn: &mut Connection,
    key: &DbKey,
    slots: &Slots<'_>,
    dest: &Path,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<BackupReceipt> {
    let io = |source| Error::Io {
        what: "säkerhetskopian",
        source,
    };
    let exp = |source: std::io::Error| Error::Export(source.to_string());
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .ok_or_else(|| Error::Export("inget filnamn".into()))?
        .to_string_lossy()
        .into_owned();
    let suffix = random_suffix()?;
    let tmp_db = dir.join(format!(".{name}.{suffix}.db.tmp"));
    let tmp = dir.join(format!(".{name}.{suffix}.tmp"));
    let mut cleanup = Cleanup::new();
    cleanup.files = store::database_files(&tmp_db).to_vec();
    cleanup.files.push(tmp_db.with_extension("tmp-journal"));
    cleanup.files.push(tmp.clone());

    // 1. A consistent snapshot into a new database encrypted with the backup's own key.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp_db)
        .map_err(exp)?;
    let bk = DbKey::generate()?;
    let (pages, counts, schema_version) = {
        let mut dst = Connection::open_with_flags(
            &tmp_db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        key_connection(&dst, &bk)?;
        let pages = {
            let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
            loop {
                use rusqlite::backup::StepResult;
                let r = b.step(PAGES_PER_STEP)?;
                let p = b.progress();
                progress(Progress {
                    done: (p.pagecount - p.remaining).max(0) as u64,
                    total: p.pagecount.max(0) as u64,
                });
                match r {
                    StepResult::Done => break p.pagecount.max(0) as u64,
                    StepResult::More => {}
                    _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        };
        let counts = row_counts(&dst)?;
        let v: i64 = dst.pragma_query_value(None, "user_version", |r| r.get(0))?;
        dst.close().map_err(|(_, e)| Error::from(e))?;
        (pages, counts, v)
    };
    let (db_len, db_hash) = hash_file(&tmp_db).map_err(io)?;

    // 2. The header.
    let contents = Contents {
        format: FORMAT,
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        schema_version,
        db_len,
        db_blake2s: db_hash,
        counts,
    };
    let mut head = Vec::with_capacity(1024);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT.to_le_bytes());
    field(&mut head, slots.profile_id.as_bytes());
    field(&mut head, slots.passphrase);
    field(&mut head, slots.recovery.unwrap_or(&[]));
    let kek = key.derive(KEY_SLOT_LABEL);
    let key_slot = seal(&kek, &aad(KEY_SLOT_LABEL, &head), bk.bytes())?;
    field(&mut head, &key_slot);
    let json =
        serde_json::to_vec(&contents).map_err(|_| Error::Internal("säkerhetskopians innehåll"))?;
    let sealed = seal(
        &bk.derive(CONTENTS_LABEL),
        &aad(CONTENTS_LABEL, &head),
        &json,
    )?;
    field(&mut head, &sealed);
    // What we write must be what we read: a round trip through the parser.
    let parsed = parse_header(&head)?;
    debug_assert_eq!(parsed.len, head.len());

    // 3. Header and database into the temporary file, fsync, rename, fsync the directory.
    {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(exp)?;
        out.write_all(&head).map_err(exp)?;
        let mut src = std::fs::File::open(&tmp_db).map_err(io)?;
        std::io::copy(&mut src, &mut out).map_err(exp)?;
        out.sync_all().map_err(exp)?;
    }
    std::fs::rename(&tmp, dest).map_err(exp)?;
    crate::files::sync_dir(&dir).map_err(exp)?;
    // The renamed file is no longer ours to remove.
    cleanup.files.retain(|f| f != &tmp);
    drop(cleanup); // removes the temporary database
    let file_len = head.len() as u64 + db_len;
    Ok(BackupReceipt {
        info: info(&contents, file_len, &parsed),
        pages,
    })
}

/// The reminder's state at `now`.
pub fn status(conn: &Connection, now: DateTime<Utc>) -> Result<BackupStatus> {
    let days = reminder_days(conn)?;
    let last = store::get_setting(conn, LAST_BACKUP_SETTING)?;
    let due = match last.as_deref().map(DateTime::parse_from_rfc3339) {
        Some(Ok(t)) => {
            now.signed_duration_since(t.with_timezone(&Utc)) >= chrono::Duration::days(days.into())
        }
        // None yet, or a value we can't read: remind.
        _ => true,
    };
    Ok(BackupStatus {
        last_backup_at: last,
        reminder_days: days,
        due,
    })
}

/// Whether the backup reminder is due at `now` (no backup yet, or the last one is at least
/// the set number of days old).
pub fn reminder_due(conn: &Connection, now: DateTime<Utc>) -> Result<bool> {
    Ok(status(conn, now)?.due)
}

/// The backup reminder's bounds, in days.
pub const MIN_REMINDER_DAYS: u32 = 1;
pub const MAX_REMINDER_DAYS: u32 = 365;

pub fn reminder_days(conn: &Connection) -> Result<u32> {
    Ok(store::get_setting(conn, REMINDER_SETTING)?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|d| (MIN_REMINDER_DAYS..=MAX_REMINDER_DAYS).contains(d))
        .unwrap_or(DEFAULT_REMINDER_DAYS))
}

/// Sets the reminder's interval, 1–365 days.
pub fn set_reminder_days(conn: &Connection, days: u32) -> Result<u32> {
    if !(MIN_REMINDER_DAYS..=MAX_REMINDER_DAYS).contains(&days) {
        return Err(Error::InvalidInput(
            "Påminnelsen om säkerhetskopia ska komma efter 1–365 dagar.".into(),
        ));
    }
    store::set_setting(conn, REMINDER_SETTING, &days.to_string())?;
    Ok(days)
}

/// A finished restore.
#[derive(Debug)]
pub struct Restored {
    /// The new profile's directory (the one given).
    pub profile_dir: PathBuf,
    /// The new profile's recovery key: show it once and print the sheet.
    pub recovery_key: RecoveryKey,
    pub info: BackupInfo,
}

/// What a restore needs besides the backup.
#[derive(Debug, Clone, Copy)]
pub struct RestoreTarget<'a> {
    /// A directory that doesn't exist yet or is empty: the new profile.
    pub profile_dir: &'a Path,
    /// Where the new profile's wrapped key goes.
    pub secrets: &'a dyn SecretStore,
    pub kdf: KdfParams,
}

/// Restores `backup` into a new profile at `target.profile_dir` with a new passphrase. See the
/// module documentation for the checks; on any failure nothing of the new profile remains.
pub fn restore(
    backup: &Path,
    secret: Secret<'_>,
    new_passphrase: &str,
    confirmation: &str,
    target: RestoreTarget<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Restored> {
    let new_pass = keys::typed_passphrase(new_passphrase)?;
    keys::validate_new_passphrase(&new_pass, &keys::typed_passphrase(confirmation)?)?;
    if let Secret::Passphrase(p) = secret {
        keys::check_typed_length(p)?;
    }
    let dir = target.profile_dir;
    let dir_io = |source| Error::Io {
        what: "den nya profilens mapp",
        source,
    };
    let existed = dir.try_exists().map_err(dir_io)?;
    if existed && std::fs::read_dir(dir).map_err(dir_io)?.next().is_some() {
        return Err(Error::InvalidInput(
            "Återställningen görs alltid till en ny, tom profil. Den valda mappen är inte tom; \
             inget har ändrats."
                .into(),
        ));
    }

    // Everything about the backup is checked before the new profile's directory is made.
    let (mut f, file_len, raw, h) = read_file_header(backup)?;
    let (bk, c) = open_header(&raw, &h, secret)?;
    if file_len != h.len as u64 + c.db_len {
        return Err(Error::BackupInvalid("filen är avkortad eller förlängd"));
    }
    if c.schema_version > store::schema_version() {
        return Err(Error::BackupInvalid(
            "den är gjord av en nyare version av Tryggplan; installera den versionen och försök igen",
        ));
    }

    let mut cleanup = Cleanup::new();
    if !existed {
        cleanup.dir = Some(dir.to_path_buf());
    }
    crate::files::create_private_dir(dir)?;
    let db_path = dir.join(store::DB_FILE);
    cleanup.files.extend(store::database_files(&db_path));
    cleanup.files.push(dir.join(crate::files::PROFILE_ID_FILE));
    cleanup.files.push(dir.join(RECOVERY_FILE));

    // 1. The database bytes, hashed on the way.
    let io = |source| Error::Io {
        what: "säkerhetskopian",
        source,
    };
    f.seek(SeekFrom::Start(h.len as u64)).map_err(io)?;
    {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&db_path)
            .map_err(dir_io)?;
        let mut hasher = Blake2s256::new();
        let mut buf = vec![0u8; COPY_CHUNK];
        let mut done = 0u64;
        let total_pages = c.db_len.div_ceil(PAGE);
        loop {
            let r = f.read(&mut buf).map_err(io)?;
            if r == 0 {
                break;
            }
            hasher.update(&buf[..r]);
            out.write_all(&buf[..r]).map_err(dir_io)?;
            done += r as u64;
            progress(Progress {
                done: done.div_ceil(PAGE).min(total_pages),
                total: total_pages,
            });
        }
        if done != c.db_len || hex::encode(hasher.finalize()) != c.db_blake2s {
            return Err(Error::BackupInvalid(
                "den har ändrats eller skadats efter att den gjordes",
            ));
        }
        out.sync_all().map_err(dir_io)?;
    }

    // 2. Open read-only and check, before anything uses it.
    verify_restored(&db_path, &bk, &c)?;

    // 3. The new profile: id, recovery key, keyring entry.
    let mut raw_id = [0u8; 16];
    getrandom::getrandom(&mut raw_id).map_err(|_| Error::Internal("slumptalskälla"))?;
    let profile_id = hex::encode(raw_id);
    crate::files::write_private_atomically(
        &dir.join(crate::files::PROFILE_ID_FILE),
        profile_id.as_bytes(),
    )?;
    let rk = RecoveryKey::generate()?;
    crate::files::write_private_atomically(
        &dir.join(RECOVERY_FILE),
        &recovery::wrap(&bk, &rk, &profile_id)?,
    )?;
    let account = crate::keys::keyring::keyring_account(&profile_id);
    let wrapped = keys::wrap(&bk, &new_pass, target.kdf, &profile_id)?;
    target.secrets.set(&account, &wrapped)?;
    let stored = matches!(target.secrets.get(&account), Ok(Some(b)) if b == wrapped);
    let opened = if stored {
        // Migrations of an older backup run here, on the verified copy.
        store::open(&db_path, &bk, store::OpenMode::Existing).map(drop)
    } else {
        Err(Error::KeyringUnavailable {
            detail: "the stored key could not be read back".into(),
        })
    };
    if let Err(e) = opened {
        let _ = target.secrets.delete(&account);
        return Err(e);
    }
    crate::files::sync_dir(dir).map_err(dir_io)?;
    cleanup.armed = false;
    Ok(Restored {
        profile_dir: dir.to_path_buf(),
        recovery_key: rk,
        info: info(&c, file_len, &h),
    })
}

/// The checks of a restored database file, read-only: both integrity checks and every
/// table's row count against the backup's authenticated counts.
fn verify_restored(path: &Path, bk: &DbKey, c: &Contents) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| Error::RestoreFailed("databasen i kopian gick inte att öppna"))?;
    key_connection(&conn, bk)?;
    let damaged = |_| Error::RestoreFailed("databasen i kopian är skadad");
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(damaged)?;
    if store::cipher_integrity_problems(&conn)
        .map_err(|_| Error::RestoreFailed("databasen i kopian är skadad"))?
        > 0
    {
        return Err(Error::RestoreFailed("databasen i kopian är skadad"));
    }
    let results: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(damaged)?;
    if results != ["ok"] {
        return Err(Error::RestoreFailed("databasen i kopian är skadad"));
    }
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(damaged)?;
    if v != c.schema_version {
        return Err(Error::RestoreFailed(
            "databasen stämmer inte med kopians innehållsförteckning",
        ));
    }
    let counts =
        row_counts(&conn).map_err(|_| Error::RestoreFailed("databasen i kopian är skadad"))?;
    if counts != c.counts {
        return Err(Error::RestoreFailed(
            "antalet poster stämmer inte med kopians innehållsförteckning",
        ));
    }
    drop(conn);
    Ok(())
}
