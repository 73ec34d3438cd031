//! Store benchmarks for `tests/bench/run.sh` (writes docs/BENCHMARKS.md). Measurements only:
//! nothing here asserts a speed.
//!
//! `bench_store <work-dir> [all|kdf|unlock|search|documents|statistics|backup|sqlcipher|workloads|scan] [--reps N] [--runs N]`
//!
//! Prints one JSON object with every raw sample (milliseconds) on stdout; progress on stderr.
//! `unlock` (and `all`) needs a Secret Service (run inside a dbus session with gnome-keyring).
//! Everything is written below `<work-dir>`, which must be an empty temporary directory.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use tryggplan_core::clock::SystemClock;
use tryggplan_core::keys::keyring::OsKeyring;
use tryggplan_core::keys::{self, DbKey, KdfParams};
use tryggplan_core::session::Vault;
use tryggplan_core::store::{self, OpenMode};

/// A throwaway benchmark passphrase (protects nothing; never printed).
const BENCH_PASSPHRASE: &str = "mätning av upplåsningstid 2026";
/// A throwaway raw key for the hand-made encrypted connections of the tuning table. The
/// product's own connections use a fresh `DbKey::generate()`.
const BENCH_KEY_HEX: &str = "6d6174742d6b616e2d67656e6f6d2d62656e63686d61726b2d6e79636b656c21";

const ROWS: usize = 10_000;
const ROW_BYTES: usize = 2_000;
const READS: usize = 1_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(work) = args.get(1).map(PathBuf::from) else {
        eprintln!(
            "usage: bench_store <work-dir> [all|kdf|unlock|search|documents|statistics|backup|sqlcipher|workloads|scan] [--reps N] [--runs N]"
        );
        std::process::exit(64);
    };
    let what = args.get(2).map(String::as_str).unwrap_or("all");
    let flag = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let reps = flag("--reps", 5);
    let runs = flag("--runs", 15);
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("bench_store: cannot create {}: {e}", work.display());
        std::process::exit(1);
    }

    let mut out = serde_json::Map::new();
    let result = (|| -> Result<(), String> {
        if matches!(what, "all" | "kdf") {
            out.insert("kdf".into(), bench_kdf(runs)?);
        }
        if matches!(what, "all" | "unlock") {
            out.insert("unlock".into(), bench_unlock(&work.join("vault"), runs)?);
        }
        if matches!(what, "all" | "search") {
            out.insert("search".into(), bench_search(&work.join("search"), runs)?);
        }
        if matches!(what, "all" | "documents") {
            out.insert(
                "documents".into(),
                bench_documents(&work.join("documents"), runs)?,
            );
        }
        if matches!(what, "all" | "statistics") {
            out.insert(
                "statistics".into(),
                bench_statistics(&work.join("statistics"), runs)?,
            );
        }
        if matches!(what, "all" | "scan") {
            out.insert("scan".into(), bench_scan(&work.join("scan"), runs)?);
        }
        if matches!(what, "all" | "backup") {
            out.insert("backup".into(), bench_backup(&work.join("backup"), reps)?);
        }
        if matches!(what, "all" | "workloads") {
            out.insert(
                "workloads".into(),
                bench_workloads(&work.join("workloads"), runs)?,
            );
        }
        if matches!(what, "all" | "sqlcipher") {
            out.insert(
                "sqlcipher".into(),
                bench_sqlcipher(&work.join("sql"), reps)?,
            );
        }
        Ok(())
    })();
    match result {
        Ok(()) => println!("{}", Value::Object(out)),
        Err(e) => {
            eprintln!("bench_store: {e}");
            std::process::exit(1);
        }
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn err(what: &str) -> impl Fn(String) -> String + '_ {
    move |e| format!("{what}: {e}")
}

fn core_err(e: tryggplan_core::Error) -> String {
    format!("{:?}: {e}", e.kind())
}

// ---------------------------------------------------------------------------------------
// Argon2id alone, and the whole unlock.

fn bench_kdf(runs: usize) -> Result<Value, String> {
    eprintln!("bench_store: Argon2id wrap/unwrap × {runs}");
    let p = KdfParams::DEFAULT;
    let pass = keys::normalise_passphrase(BENCH_PASSPHRASE);
    let key = DbKey::generate().map_err(core_err)?;
    let profile = "0123456789abcdef0123456789abcdef";
    let (mut wrap_ms, mut unwrap_ms) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let blob = keys::wrap(&key, &pass, p, profile).map_err(core_err)?;
        wrap_ms.push(ms(t));
        let t = Instant::now();
        let back = keys::unwrap(&blob, &pass, profile).map_err(core_err)?;
        unwrap_ms.push(ms(t));
        black_box(back);
    }
    Ok(json!({
        "params": { "memory_kib": p.memory_kib, "iterations": p.iterations, "parallelism": p.parallelism },
        "wrap_ms": wrap_ms,
        "unwrap_ms": unwrap_ms,
    }))
}

fn bench_unlock(dir: &Path, runs: usize) -> Result<Value, String> {
    eprintln!("bench_store: Vault::unlock with the OS keyring × {runs}");
    let mut vault = Vault::new(dir, Box::new(OsKeyring), Arc::new(SystemClock::default()));
    let t = Instant::now();
    vault
        .setup(BENCH_PASSPHRASE, BENCH_PASSPHRASE)
        .map_err(core_err)?;
    let setup_ms = ms(t);
    let mut unlock_ms = Vec::new();
    for _ in 0..runs {
        vault.lock();
        let t = Instant::now();
        vault.unlock(BENCH_PASSPHRASE).map_err(core_err)?;
        unlock_ms.push(ms(t));
    }
    vault.lock();
    Ok(json!({ "setup_ms": setup_ms, "unlock_ms": unlock_ms }))
}

// ---------------------------------------------------------------------------------------
// SQLCipher against plain SQLite (the same bundled library, opened without a key).

/// The product's pragmas after the key (store::open), copied for the hand-made connections.
const PRODUCT_PRAGMAS: &[(&str, &str)] = &[
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("secure_delete", "ON"),
    ("temp_store", "MEMORY"),
    ("cache_size", "-16384"),
    ("busy_timeout", "5000"),
];

/// How a hand-made connection differs from the product's settings.
#[derive(Debug, Clone, Default)]
struct Knobs {
    /// `cipher_*` pragmas set right after the key (encrypted connections only).
    cipher: Vec<(&'static str, &'static str)>,
    /// Page size for a new file (`cipher_page_size` encrypted, `page_size` plain).
    page_size: Option<u32>,
    /// Overrides of [`PRODUCT_PRAGMAS`] (both kinds of connection).
    pragmas: Vec<(&'static str, &'static str)>,
    /// A different workload (rows, bytes per row) instead of a different setting.
    workload: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Copy)]
enum Conn<'a> {
    /// Exactly the product: `store::open`.
    Product(&'a DbKey),
    /// Hand-made encrypted connection with [`BENCH_KEY_HEX`] and the given knobs.
    Encrypted(&'a Knobs),
    /// The same library without a key: plain SQLite, same pragmas and knobs.
    Plain(&'a Knobs),
}

fn open_conn(kind: Conn<'_>, path: &Path, create: bool) -> Result<Connection, String> {
    let knobs = match kind {
        Conn::Product(key) => {
            let mode = if create {
                OpenMode::Create
            } else {
                OpenMode::Existing
            };
            return store::open(path, key, mode).map_err(core_err);
        }
        Conn::Encrypted(k) | Conn::Plain(k) => k,
    };
    let e = err("open");
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = Connection::open_with_flags(path, flags).map_err(|x| e(x.to_string()))?;
    if let Conn::Encrypted(_) = kind {
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")
            .map_err(|x| e(x.to_string()))?;
        conn.execute_batch(&format!("PRAGMA key = \"x'{BENCH_KEY_HEX}'\";"))
            .map_err(|x| e(x.to_string()))?;
        if let Some(ps) = knobs.page_size {
            conn.execute_batch(&format!("PRAGMA cipher_page_size = {ps};"))
                .map_err(|x| e(x.to_string()))?;
        }
        for (k, v) in &knobs.cipher {
            conn.execute_batch(&format!("PRAGMA {k} = {v};"))
                .map_err(|x| e(x.to_string()))?;
        }
    } else if let (Some(ps), true) = (knobs.page_size, create) {
        conn.execute_batch(&format!("PRAGMA page_size = {ps};"))
            .map_err(|x| e(x.to_string()))?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|x| e(x.to_string()))?;
    for (k, v) in PRODUCT_PRAGMAS {
        let v = knobs
            .pragmas
            .iter()
            .find(|(ok, _)| ok == k)
            .map(|(_, ov)| *ov)
            .unwrap_or(v);
        conn.execute_batch(&format!("PRAGMA {k} = {v};"))
            .map_err(|x| e(x.to_string()))?;
    }
    if create {
        // The product's schema too, so both files hold the same tables.
        let tx = conn.transaction().map_err(|x| e(x.to_string()))?;
        for (_, sql) in store::MIGRATIONS {
            tx.execute_batch(sql).map_err(|x| e(x.to_string()))?;
        }
        tx.pragma_update(None, "user_version", store::schema_version())
            .map_err(|x| e(x.to_string()))?;
        tx.commit().map_err(|x| e(x.to_string()))?;
    }
    Ok(conn)
}

/// A small deterministic generator (xorshift64*), so every run writes the same bytes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn make_rows(count: usize, bytes: usize) -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz aaeeiioo";
    let mut rng = Rng(0x5eed_0000_2026_0001);
    (0..count)
        .map(|_| {
            (0..bytes)
                .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize] as char)
                .collect()
        })
        .collect()
}

fn read_ids(rows: usize) -> Vec<i64> {
    let mut rng = Rng(0x0bad_cafe_2026_0002);
    (0..READS)
        .map(|_| (rng.next() % rows as u64) as i64 + 1)
        .collect()
}

#[derive(Debug, Default)]
struct Sample {
    insert_ms: f64,
    close_ms: f64,
    open_ms: f64,
    read_ms: f64,
    integrity_ms: Option<f64>,
    page_count: i64,
    page_size: i64,
    file_bytes: u64,
}

fn run_once(kind: Conn<'_>, dir: &Path, rows: &[String], ids: &[i64]) -> Result<Sample, String> {
    let e = err("workload");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|x| e(x.to_string()))?;
    let path = dir.join("bench.db");
    let mut s = Sample::default();

    let mut conn = open_conn(kind, &path, true)?;
    conn.execute_batch("CREATE TABLE bench(id INTEGER PRIMARY KEY, body TEXT NOT NULL);")
        .map_err(|x| e(x.to_string()))?;
    let t = Instant::now();
    {
        let tx = conn.transaction().map_err(|x| e(x.to_string()))?;
        {
            let mut ins = tx
                .prepare("INSERT INTO bench(body) VALUES (?1)")
                .map_err(|x| e(x.to_string()))?;
            for r in rows {
                ins.execute([r]).map_err(|x| e(x.to_string()))?;
            }
        }
        tx.commit().map_err(|x| e(x.to_string()))?;
    }
    s.insert_ms = ms(t);
    // Closing the last connection checkpoints the WAL into the database file.
    let t = Instant::now();
    conn.close().map_err(|(_, x)| e(x.to_string()))?;
    s.close_ms = ms(t);

    // A freshly opened connection: SQLite's page cache is empty (the OS cache is not).
    let t = Instant::now();
    let conn = open_conn(kind, &path, false)?;
    s.open_ms = ms(t);
    let t = Instant::now();
    {
        let mut sel = conn
            .prepare("SELECT body FROM bench WHERE id = ?1")
            .map_err(|x| e(x.to_string()))?;
        let mut total = 0usize;
        for id in ids {
            let body: String = sel
                .query_row([id], |r| r.get(0))
                .map_err(|x| e(x.to_string()))?;
            total += body.len();
        }
        black_box(total);
    }
    s.read_ms = ms(t);
    if let Conn::Product(_) = kind {
        // The check store::open runs on every existing file, timed on its own.
        let t = Instant::now();
        let problems = store::cipher_integrity_problems(&conn).map_err(core_err)?;
        s.integrity_ms = Some(ms(t));
        if problems != 0 {
            return Err(format!(
                "cipher_integrity_check reported {problems} problems"
            ));
        }
    }
    // SQLCipher answers `page_size` as text on an encrypted connection.
    s.page_count = text_pragma(&conn, "page_count").parse().unwrap_or(-1);
    s.page_size = text_pragma(&conn, "page_size").parse().unwrap_or(-1);
    drop(conn);
    s.file_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(dir);
    Ok(s)
}

fn samples_json(v: &[Sample]) -> Value {
    let col = |f: &dyn Fn(&Sample) -> f64| v.iter().map(f).collect::<Vec<f64>>();
    let integrity: Vec<f64> = v.iter().filter_map(|s| s.integrity_ms).collect();
    json!({
        "insert_ms": col(&|s| s.insert_ms),
        "close_ms": col(&|s| s.close_ms),
        "open_ms": col(&|s| s.open_ms),
        "read_ms": col(&|s| s.read_ms),
        "integrity_ms": if integrity.is_empty() { Value::Null } else { json!(integrity) },
        "page_count": v.last().map(|s| s.page_count),
        "page_size": v.last().map(|s| s.page_size),
        "file_bytes": v.last().map(|s| s.file_bytes),
    })
}

fn text_pragma(conn: &Connection, p: &str) -> String {
    conn.query_row(&format!("PRAGMA {p}"), [], |r| {
        r.get::<_, rusqlite::types::Value>(0)
    })
    .map(|v| match v {
        rusqlite::types::Value::Text(t) => t,
        rusqlite::types::Value::Integer(i) => i.to_string(),
        other => format!("{other:?}"),
    })
    .unwrap_or_else(|_| "?".into())
}

/// The tuning table's variants. `plain_too`: the knob also applies to plain SQLite, so it is
/// compared with a plain connection that has the same knob. `cipher_memory_security` can only
/// be switched on (process-wide), so it comes last.
fn variants() -> Vec<(&'static str, Knobs, bool)> {
    let k = Knobs::default;
    vec![
        (
            "product settings, hand-made connection (reference)",
            k(),
            false,
        ),
        (
            "cipher_page_size = 8192",
            Knobs {
                page_size: Some(8192),
                ..k()
            },
            true,
        ),
        (
            "cipher_page_size = 16384",
            Knobs {
                page_size: Some(16384),
                ..k()
            },
            true,
        ),
        (
            "cache_size = -65536 (64 MiB)",
            Knobs {
                pragmas: vec![("cache_size", "-65536")],
                ..k()
            },
            true,
        ),
        (
            "synchronous = NORMAL",
            Knobs {
                pragmas: vec![("synchronous", "NORMAL")],
                ..k()
            },
            true,
        ),
        (
            "cipher_hmac_algorithm = HMAC_SHA256",
            Knobs {
                cipher: vec![("cipher_hmac_algorithm", "HMAC_SHA256")],
                ..k()
            },
            false,
        ),
        (
            "cipher_page_size = 8192 + cipher_hmac_algorithm = HMAC_SHA256",
            Knobs {
                page_size: Some(8192),
                cipher: vec![("cipher_hmac_algorithm", "HMAC_SHA256")],
                ..k()
            },
            false,
        ),
        (
            "workload, not a knob: 20,000 rows of 1,000 bytes (same 20 MB)",
            Knobs {
                workload: Some((20_000, 1_000)),
                ..k()
            },
            true,
        ),
        (
            "cipher_use_hmac = OFF (reference only: no tamper detection)",
            Knobs {
                cipher: vec![("cipher_use_hmac", "OFF")],
                ..k()
            },
            false,
        ),
        (
            "cipher_memory_security = ON",
            Knobs {
                cipher: vec![("cipher_memory_security", "ON")],
                ..k()
            },
            false,
        ),
    ]
}

fn bench_sqlcipher(dir: &Path, reps: usize) -> Result<Value, String> {
    let rows = make_rows(ROWS, ROW_BYTES);
    let ids = read_ids(ROWS);

    // What library this is, and its defaults (before any knob is touched).
    let engine = {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let enc = Connection::open(dir.join("engine.db")).map_err(|e| e.to_string())?;
        enc.execute_batch(&format!("PRAGMA key = \"x'{BENCH_KEY_HEX}'\";"))
            .map_err(|e| e.to_string())?;
        enc.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| e.to_string())?;
        let sqlite: String = enc
            .query_row("SELECT sqlite_version()", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        json!({
            "sqlite_version": sqlite,
            "cipher_version": text_pragma(&enc, "cipher_version"),
            "cipher_provider": text_pragma(&enc, "cipher_provider"),
            "cipher_provider_version": text_pragma(&enc, "cipher_provider_version"),
            "cipher_default_page_size": text_pragma(&enc, "cipher_default_page_size"),
            "cipher_hmac_algorithm": text_pragma(&enc, "cipher_hmac_algorithm"),
            "cipher_memory_security": text_pragma(&enc, "cipher_memory_security"),
        })
    };

    // The headline: the product's connection against plain SQLite with the same pragmas.
    eprintln!("bench_store: SQLCipher (store::open) vs plain SQLite × {reps}");
    let key = DbKey::generate().map_err(core_err)?;
    let base = Knobs::default();
    let (mut plain, mut product) = (Vec::new(), Vec::new());
    // One unrecorded warm-up of each, then alternate so drift hits both alike.
    run_once(Conn::Plain(&base), &dir.join("warm"), &rows, &ids)?;
    run_once(Conn::Product(&key), &dir.join("warm"), &rows, &ids)?;
    for _ in 0..reps {
        plain.push(run_once(
            Conn::Plain(&base),
            &dir.join("plain"),
            &rows,
            &ids,
        )?);
        product.push(run_once(
            Conn::Product(&key),
            &dir.join("product"),
            &rows,
            &ids,
        )?);
    }

    // What moves the ratio.
    let mut tuning = Vec::new();
    for (name, knobs, plain_too) in variants() {
        eprintln!("bench_store: tuning: {name} × {reps}");
        let other = knobs.workload.map(|(n, b)| (make_rows(n, b), read_ids(n)));
        let (rows, ids) = other.as_ref().map_or((&rows, &ids), |(r, i)| (r, i));
        let (mut enc, mut pl) = (Vec::new(), Vec::new());
        for _ in 0..reps {
            enc.push(run_once(
                Conn::Encrypted(&knobs),
                &dir.join("enc"),
                rows,
                ids,
            )?);
            if plain_too {
                pl.push(run_once(
                    Conn::Plain(&knobs),
                    &dir.join("plain"),
                    rows,
                    ids,
                )?);
            }
        }
        tuning.push(json!({
            "name": name,
            "encrypted": samples_json(&enc),
            "plain_same_knob": if plain_too { samples_json(&pl) } else { Value::Null },
        }));
    }

    Ok(json!({
        "workload": {
            "rows": ROWS, "row_bytes": ROW_BYTES, "reads": READS, "reps": reps,
            "pragmas": PRODUCT_PRAGMAS.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        },
        "engine": engine,
        "plain": samples_json(&plain),
        "product": samples_json(&product),
        "tuning": tuning,
    }))
}

// ---------------------------------------------------------------------------------------
// Search as you type over 10,000 persons (the case list: `cases::list`).

/// Persons in the search benchmark, two per case.
const SEARCH_PERSONS: usize = 10_000;

/// The `i`th fictitious person of a benchmark database: a valid, distinct personnummer (birth
/// dates spread over 1940–2019, serial from `i`) and a Swedish or Latin Extended name.
fn numbered_person(
    i: usize,
    level: tryggplan_core::vocab::ProtectionLevel,
    roles: Vec<tryggplan_core::vocab::Role>,
) -> Result<tryggplan_core::person::PersonInput, String> {
    use tryggplan_core::person::{self, IdentityInput, PersonInput};
    const FIRST: [&str; 10] = [
        "Anna", "Åsa", "Sara", "Lisa", "Maria", "Fatima", "Łukasz", "Nguyễn", "Per", "Ola",
    ];
    const LAST: [&str; 10] = [
        "Berg", "Öberg", "Lind", "Svensson", "Karlsson", "Nilsson", "Ahmed", "Şükrü", "Ek", "Holm",
    ];
    let birth = chrono::NaiveDate::from_ymd_opt(
        1940 + (i % 80) as i32,
        1 + (i % 12) as u32,
        1 + (i % 28) as u32,
    )
    .ok_or("date")?;
    let n = person::idnumber::IdentityNumber::from_parts(
        person::idnumber::IdKind::Personnummer,
        birth,
        (i % 1000) as u16,
    )
    .map_err(|e| e.to_string())?;
    Ok(PersonInput {
        name: format!("{} {} {i}", FIRST[i % 10], LAST[(i / 10) % 10]),
        identity: IdentityInput::Number {
            number: n.canonical(),
        },
        legal_sex: tryggplan_core::vocab::LegalSex::Okant,
        language: String::new(),
        interpreter_needed: false,
        protection_level: level,
        address: String::new(),
        phone: String::new(),
        contact_way: String::new(),
        roles,
        violence_forms: Vec::new(),
    })
}

fn bench_search(dir: &Path, runs: usize) -> Result<Value, String> {
    use tryggplan_core::cases::{self, NewCase};
    use tryggplan_core::ctx::Ctx;
    use tryggplan_core::person::{self, IdentityInput};
    use tryggplan_core::sip::{self, NewSip};
    use tryggplan_core::vocab::{ProtectionLevel, RequestedBy};

    eprintln!("bench_store: search as you type over {SEARCH_PERSONS} persons × {runs}");
    std::fs::create_dir_all(dir).map_err(|e| format!("search dir: {e}"))?;
    let key = DbKey::generate().map_err(core_err)?;
    let mut conn = store::open(&dir.join("search.db"), &key, OpenMode::Create).map_err(core_err)?;
    let ctx = Ctx::new("bench", chrono::Utc::now());
    let t = Instant::now();
    let mut probe_number = String::new();
    for c in 0..SEARCH_PERSONS / 2 {
        let level = if c % 10 == 0 {
            ProtectionLevel::SkyddadFolkbokforing
        } else {
            ProtectionLevel::Ingen
        };
        let main = numbered_person(2 * c, level, Vec::new())?;
        if c == 2_345 {
            if let IdentityInput::Number { number } = &main.identity {
                probe_number = number.clone();
            }
        }
        let case = cases::create(
            &mut conn,
            &ctx,
            &NewCase {
                reference: format!("VNR-2026-{c:05}"),
                person: main,
            },
        )
        .map_err(core_err)?;
        let child = person::create(
            &mut conn,
            &ctx,
            tryggplan_core::testkit::opened(case),
            &numbered_person(2 * c + 1, ProtectionLevel::Ingen, Vec::new())?,
        )
        .map_err(core_err)?;
        if c % 3 == 0 {
            sip::create(
                &mut conn,
                &ctx,
                &NewSip {
                    person_id: child,
                    need_discovered_on: ctx.today - chrono::Days::new((c % 40) as u64),
                    initiated_by: "Våldsteamet".into(),
                    requested_by: RequestedBy::Ingen,
                },
            )
            .map_err(core_err)?;
        }
    }
    let fill_ms = ms(t);
    let queries: Vec<(&str, String)> = vec![
        ("empty query (whole list)", String::new()),
        ("one letter", "a".into()),
        ("surname", "öberg".into()),
        ("first and last name", "åsa öberg 23".into()),
        ("full personnummer", probe_number.clone()),
        ("case reference", "VNR-2026-04711".into()),
        ("no match", "xyzzy".into()),
    ];
    let mut results = Vec::new();
    for (name, q) in &queries {
        let mut samples = Vec::new();
        let mut hits = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let found = cases::list(&mut conn, &ctx, q).map_err(core_err)?;
            samples.push(ms(t));
            hits = found.len();
            black_box(found);
        }
        results.push(json!({ "query": name, "hits": hits, "ms": samples }));
    }
    Ok(
        json!({ "persons": SEARCH_PERSONS, "cases": SEARCH_PERSONS / 2, "fill_ms": fill_ms, "queries": results }),
    )
}

// ---------------------------------------------------------------------------------------
// The app's own workloads, plain SQLite against SQLCipher, each on one long-lived connection
// (as the app keeps one from unlock to lock).

/// Persons in the workload databases (two per case, a SIP in every third case).
const WORK_PERSONS: usize = 4_000;

/// Fills a database through the product's own functions; the same data for both kinds.
fn fill_workload(
    conn: &mut Connection,
    ctx: &tryggplan_core::ctx::Ctx,
) -> Result<
    Vec<(
        tryggplan_core::ids::CaseId,
        Option<tryggplan_core::ids::SipId>,
    )>,
    String,
> {
    use tryggplan_core::cases::{self, NewCase};
    use tryggplan_core::person;
    use tryggplan_core::sip::{self, NewSip};
    use tryggplan_core::vocab::{ProtectionLevel, RequestedBy, Role};
    let mut out = Vec::new();
    for c in 0..WORK_PERSONS / 2 {
        let level = if c % 10 == 0 {
            ProtectionLevel::SkyddadFolkbokforing
        } else {
            ProtectionLevel::Ingen
        };
        let case = cases::create(
            conn,
            ctx,
            &NewCase {
                reference: format!("ARB-2026-{c:05}"),
                person: numbered_person(2 * c, level, vec![Role::Valdsutsatt])?,
            },
        )
        .map_err(core_err)?;
        let child = person::create(
            conn,
            ctx,
            tryggplan_core::testkit::opened(case),
            &numbered_person(
                2 * c + 1,
                ProtectionLevel::Ingen,
                vec![Role::BarnSomBevittnatVald],
            )?,
        )
        .map_err(core_err)?;
        let sip = if c % 3 == 0 {
            Some(
                sip::create(
                    conn,
                    ctx,
                    &NewSip {
                        person_id: child,
                        need_discovered_on: ctx.today - chrono::Days::new((c % 40) as u64),
                        initiated_by: "Våldsteamet".into(),
                        requested_by: RequestedBy::Ingen,
                    },
                )
                .map_err(core_err)?,
            )
        } else {
            None
        };
        out.push((case, sip));
    }
    Ok(out)
}

/// The app's workloads on a plain and an encrypted database with the same data, alternating
/// plain and encrypted run by run: the case list search, opening a case, saving a plan version,
/// the yearly report and gallring (deleting a due case, with its VACUUM). Every workload on the
/// one connection that is opened once, as the app does between unlock and lock.
fn bench_workloads(dir: &Path, runs: usize) -> Result<Value, String> {
    use tryggplan_core::ctx::Ctx;
    use tryggplan_core::{cases, followup, retention, sip};

    eprintln!("bench_store: app workloads, plain vs SQLCipher, {WORK_PERSONS} persons × {runs}");
    std::fs::create_dir_all(dir).map_err(|e| format!("workloads dir: {e}"))?;
    let key = DbKey::generate().map_err(core_err)?;
    let plain_knobs = Knobs::default();
    let now = chrono::Utc::now();
    let ctx = Ctx::new("bench", now);
    let mut conns = Vec::new();
    let mut fill = Vec::new();
    let mut data = Vec::new();
    for (name, kind) in [
        ("plain", Conn::Plain(&plain_knobs)),
        ("encrypted", Conn::Product(&key)),
    ] {
        let mut conn = open_conn(kind, &dir.join(format!("{name}.db")), true)?;
        let t = Instant::now();
        data.push(fill_workload(&mut conn, &ctx)?);
        fill.push(ms(t));
        conns.push(conn);
    }
    let cases_list: Vec<_> = data[0].iter().map(|(c, _)| *c).collect();
    let sips: Vec<_> = data[0].iter().filter_map(|(_, s)| *s).collect();
    // Gallring: cases without a SIP are due once the retention time has passed since their last
    // change; a context 6 years on (the default time is 5 years) sees them due.
    let later = Ctx::new("bench", now + chrono::Duration::days(6 * 366));
    let due: Vec<_> = data[0]
        .iter()
        .filter(|(_, s)| s.is_none())
        .map(|(c, _)| *c)
        .collect();
    let reference = |conn: &Connection, c| -> Result<String, String> {
        conn.query_row("SELECT reference FROM cases WHERE id = ?1", [c], |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())
    };
    let year_to = ctx.today;
    let year_from = year_to - chrono::Days::new(364);
    type Work<'a> = Box<dyn Fn(&mut Connection, usize) -> Result<(), String> + 'a>;
    let workloads: Vec<(&str, &str, Work<'_>)> = vec![
        (
            "search",
            "case list search (`cases::list`, \"öberg\")",
            Box::new(|c: &mut Connection, _| {
                black_box(cases::list(c, &ctx, "öberg").map_err(core_err)?);
                Ok(())
            }),
        ),
        (
            "open_case",
            "opening a case (`cases::get_for`, a different case each run)",
            Box::new(|c: &mut Connection, i| {
                let case = cases_list[(i * 37) % cases_list.len()];
                black_box(cases::get_for(c, &ctx, case).map_err(core_err)?);
                Ok(())
            }),
        ),
        (
            "save_plan",
            "saving a plan version (`sip::save_plan`, a different SIP each run)",
            Box::new(|c: &mut Connection, i| {
                let id = sips[(i * 7) % sips.len()];
                let content = sip::plan::PlanContent {
                    needs: format!("Behov nummer {i}: trygg bostad, stöd i kontakten med skolan."),
                    short_term_goals: "Skyddat boende inom en vecka.".into(),
                    own_actions: "Håller kontakt med sin handläggare.".into(),
                    ..Default::default()
                };
                black_box(
                    sip::save_plan(c, &ctx, tryggplan_core::testkit::opened_sip(id), content)
                        .map_err(core_err)?,
                );
                Ok(())
            }),
        ),
        (
            "report",
            "the yearly report (`followup::gather` + report + CSV)",
            Box::new(|c: &mut Connection, _| {
                let input = followup::gather(c).map_err(core_err)?;
                let rep = followup::report::report(&input, year_from, year_to, 5);
                black_box(followup::csv::to_csv(
                    &rep,
                    tryggplan_core::profile::ProfileKind::Real,
                ));
                Ok(())
            }),
        ),
        (
            "gallring",
            "gallring of one due case (`retention::delete_case`, with its VACUUM and checkpoint)",
            Box::new(|c: &mut Connection, i| {
                let case = due[i % due.len()];
                let r = reference(c, case)?;
                black_box(
                    retention::delete_case(c, &later, tryggplan_core::testkit::opened(case), &r)
                        .map_err(core_err)?,
                );
                Ok(())
            }),
        ),
    ];
    let mut results = Vec::new();
    for (id, label, work) in &workloads {
        // One unrecorded warm-up run each (the page cache of each connection is warm after it).
        let (mut plain, mut enc) = (Vec::new(), Vec::new());
        for i in 0..=runs {
            for (k, samples) in [(0, &mut plain), (1, &mut enc)] {
                let t = Instant::now();
                work(&mut conns[k], i)?;
                if i > 0 {
                    samples.push(ms(t));
                }
            }
        }
        results.push(json!({ "id": id, "label": label, "plain_ms": plain, "encrypted_ms": enc }));
    }
    let pages = |c: &Connection| -> i64 {
        c.pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap_or(0)
    };
    Ok(json!({
        "persons": WORK_PERSONS,
        "cases": WORK_PERSONS / 2,
        "fill_ms": { "plain": fill[0], "encrypted": fill[1] },
        "pages": { "plain": pages(&conns[0]), "encrypted": pages(&conns[1]) },
        "cache_size": text_pragma(&conns[1], "cache_size"),
        "workloads": results,
    }))
}

// ---------------------------------------------------------------------------------------
// Documents: prepare (read, gate, build, font check, paginate) + render to PDF bytes.

/// Interventions in the benchmark's plan.
const DOC_INTERVENTIONS: usize = 40;
/// Characters of "Vad är viktigt för dig?" in the benchmark's SIP.
const DOC_WHAT_MATTERS: usize = 3_000;

/// The SIP of `document/tests.rs`'s `scene(ProtectionLevel::Ingen)`, made through the public
/// API: a case with one adult person (address and phone given), two units inside a written
/// consent (one with a named contact, plus a temporary one), a 3 000-character "what matters",
/// a booked meeting and a fixed plan with 40 interventions. Returns the four requests.
fn document_scene(
    conn: &mut Connection,
    c: &tryggplan_core::ctx::Ctx,
) -> Result<
    Vec<(
        &'static str,
        &'static str,
        tryggplan_core::document::DocumentRequest,
    )>,
    String,
> {
    use tryggplan_core::actor::{self, ContactInput, UnitInput};
    use tryggplan_core::cases::{self, NewCase};
    use tryggplan_core::consent::records::{self, ConsentInput};
    use tryggplan_core::consent::{rules, ActorRef, ConsentForm, Giver, InfoCategory, Scope};
    use tryggplan_core::document::{self, DocumentRequest, Recipient};
    use tryggplan_core::person::{self, IdentityInput, PersonInput};
    use tryggplan_core::sip::plan::{Intervention, OtherIntervention, PlanContent};
    use tryggplan_core::sip::{self, MeetingInput, NewSip, ParticipantInput, Preparation};
    use tryggplan_core::vocab::{
        ActorType, FollowUpForm, FrozenAs, InterventionStatus, LegalSex, Principal,
        ProtectionLevel, RequestedBy,
    };

    let date = |s: &str| {
        s.parse::<chrono::NaiveDate>()
            .map_err(|e| format!("{s}: {e}"))
    };
    let number = person::idnumber::IdentityNumber::from_parts(
        person::idnumber::IdKind::Personnummer,
        date("1985-03-14")?,
        123,
    )
    .map_err(|e| e.to_string())?
    .canonical();
    let case = cases::create(
        conn,
        c,
        &NewCase {
            reference: "A-1".into(),
            person: PersonInput {
                name: "Łukasz Şükrü Nguyễn".into(),
                identity: IdentityInput::Number { number },
                legal_sex: LegalSex::Okant,
                language: String::new(),
                interpreter_needed: false,
                protection_level: ProtectionLevel::Ingen,
                address: "Storgatan 12, 702 10 Örebro".into(),
                phone: "070-123 45 67".into(),
                contact_way: String::new(),
                roles: Vec::new(),
                violence_forms: Vec::new(),
            },
        },
    )
    .map_err(core_err)?;
    let person_id = conn
        .query_row(
            "SELECT min(id) FROM persons WHERE case_id = ?1",
            [case],
            |r| r.get(0),
        )
        .map_err(|e| format!("person id: {e}"))?;
    document::set_organisation(conn, c, "Örebro kommun, Socialförvaltningen").map_err(core_err)?;
    let mut unit = |name: &str, actor_type: ActorType| {
        actor::save_unit(
            conn,
            c,
            &UnitInput {
                id: None,
                name: name.into(),
                actor_type,
                principal: Principal::Kommun,
                area: "Örebro".into(),
                phone: String::new(),
                email: String::new(),
                organisation_id: None,
            },
        )
        .map_err(core_err)
    };
    let soc = unit("Våldsteamet Örebro", ActorType::SocVald)?;
    let vc = unit("Vårdcentralen Tullhus", ActorType::Vardcentral)?;
    let mut contact = |unit_id, name: &str, role: &str, temporary: bool| {
        actor::save_contact(
            conn,
            c,
            &ContactInput {
                id: None,
                unit_id,
                name: name.into(),
                role: role.into(),
                phone: String::new(),
                email: String::new(),
                temporary,
                active: true,
            },
        )
        .map_err(core_err)
    };
    let eva = contact(vc, "Eva Ek", "Distriktssköterska", false)?;
    let vik = contact(soc, "Vera Vikarie", "Vikarierande socialsekreterare", true)?;
    let sip_id = sip::create(
        conn,
        c,
        &NewSip {
            person_id,
            need_discovered_on: date("2026-11-02")?,
            initiated_by: "Anna Berg, Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .map_err(core_err)?;
    let from = date("2026-11-20")?;
    let consent_id = records::record(
        conn,
        c,
        tryggplan_core::testkit::opened_sip(sip_id),
        &ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: [soc, vc]
                    .iter()
                    .map(|u| ActorRef {
                        unit: *u,
                        contact: None,
                    })
                    .collect(),
                categories: InfoCategory::ALL
                    .iter()
                    .copied()
                    .filter(|x| *x != InfoCategory::Annat)
                    .collect(),
                ..Scope::default()
            },
            valid_from: from,
            valid_to: rules::max_valid_to(from),
        },
    )
    .map_err(core_err)?;
    let what_matters: String = {
        let s = "Att jag och barnen får bo kvar i tryggt boende, att jag får hjälp med ekonomin \
                 och att ingen lämnar ut var vi bor. ";
        s.repeat(DOC_WHAT_MATTERS / s.chars().count() + 1)
            .chars()
            .take(DOC_WHAT_MATTERS)
            .collect()
    };
    sip::save_preparation(
        conn,
        c,
        tryggplan_core::testkit::opened_sip(sip_id),
        &Preparation {
            what_matters,
            background: String::new(),
            questions: "Tryggt boende för familjen\nSkolgång för barnen\nVård efter misshandeln"
                .into(),
            initiated_by: "Anna Berg, Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
            questions_categories: None,
        },
    )
    .map_err(core_err)?;
    let mut participants = Vec::new();
    for (unit_id, contact_id) in [(soc, None), (vc, Some(eva)), (soc, Some(vik))] {
        participants.push(
            match sip::invite::invite(
                conn,
                c,
                tryggplan_core::testkit::opened_sip(sip_id),
                sip::invite::Invitee::Actor(&ParticipantInput {
                    unit_id,
                    contact_id,
                    decision: None,
                }),
            )
            .map_err(core_err)?
            {
                sip::invite::Invited::Actor(id) => id,
                sip::invite::Invited::Person(_) => return Err("an actor was invited".into()),
            },
        );
    }
    let meeting_id = sip::save_meeting(
        conn,
        c,
        tryggplan_core::testkit::opened_sip(sip_id),
        &MeetingInput {
            id: None,
            on_date: date("2026-12-03")?,
            at_time: "13:45".into(),
            digital: false,
            place: "Hemlighetsgatan 7, Lindesberg".into(),
            held: false,
            person_present: false,
            present: vec![],
            safety_checklist: None,
        },
    )
    .map_err(core_err)?;
    let statuses = [
        InterventionStatus::Planerad,
        InterventionStatus::Pagaende,
        InterventionStatus::EjPaborjad,
    ];
    let whats = [
        "Stödsamtal varje vecka",
        "Hjälp att söka ekonomiskt bistånd och ordna stadigvarande boende",
        "Hälsokontroll",
    ];
    let mut interventions = Vec::new();
    for i in 0..DOC_INTERVENTIONS {
        interventions.push(Intervention {
            key: String::new(),
            what: format!("Insats {}: {}", i + 1, whats[i % 3]),
            unit_id: Some(if i % 2 == 0 { soc } else { vc }),
            unit_name: String::new(),
            from: Some(date("2026-12-01")?),
            to: if i % 4 == 0 {
                Some(date("2027-03-01")?)
            } else {
                None
            },
            status: statuses[i % 3],
            categories: None,
        });
    }
    let content = PlanContent {
        needs: "Skydd och säkerhet, ekonomiskt stöd, vård.".into(),
        short_term_goals: "Tryggt boende inom en månad.".into(),
        long_term_goals: "Eget stadigvarande boende.".into(),
        interventions,
        other_interventions: vec![OtherIntervention {
            who: "Syster".into(),
            what: "Hämtar barnen på fredagar".into(),
            categories: None,
        }],
        own_actions: "Jag går på samtalen och hör av mig om något ändras.".into(),
        lead_unit_id: Some(soc),
        lead_unit_name: String::new(),
        coordinator: "Anna Berg, Våldsteamet".into(),
        contact_persons: "Anna Berg\nEva Ek".into(),
        follow_up_on: Some(date("2027-02-15")?),
        follow_up_form: Some(FollowUpForm::Mote),
        follow_up_caller: "Anna Berg".into(),
        child_voice: String::new(),
        section_categories: Default::default(),
    };
    let version = sip::save_plan(
        conn,
        c,
        tryggplan_core::testkit::opened_sip(sip_id),
        content,
    )
    .map_err(core_err)?;
    sip::freeze_plan(
        conn,
        c,
        tryggplan_core::testkit::opened_sip(sip_id),
        version.id,
        FrozenAs::Faststalld,
    )
    .map_err(core_err)?;
    // The worker's details, which the consent form and the kallelse name (issue 19); set after
    // the consent, which was recorded before the worker had an own unit.
    tryggplan_core::worker::save(
        conn,
        c,
        &tryggplan_core::worker::WorkerDetailsInput {
            organisation: "Örebro kommun, Socialförvaltningen".into(),
            unit_name: "Vuxenenheten Örebro".into(),
            unit_type: ActorType::SocVald,
            name: "Anna Berg".into(),
            title: "Socialsekreterare".into(),
            phone: "019-16 40 00".into(),
        },
    )
    .map_err(core_err)?;
    // Copies for Vårdcentralen Tullhus – Eva Ek: through the consent gate.
    let to = Recipient::Participant {
        participant_id: participants[1],
    };
    Ok(vec![
        (
            "consent",
            "Samtycke till SIP, ifyllt från samtycket",
            DocumentRequest::Consent {
                sip_id,
                consent_id,
                recipient: tryggplan_core::document::Recipient::Person,
            },
        ),
        (
            "blank_consent",
            "Samtycke till SIP, tom blankett",
            DocumentRequest::BlankConsent,
        ),
        (
            "invitation",
            "Kallelse till SIP-möte, till en deltagare",
            DocumentRequest::Invitation {
                sip_id,
                meeting_id,
                recipient: to,
            },
        ),
        (
            "plan",
            "Samordnad individuell plan, 40 insatser och 3 000 tecken ”Vad är viktigt för dig?”",
            DocumentRequest::Plan {
                sip_id,
                version_id: version.id,
                recipient: to,
            },
        ),
    ])
}

fn bench_documents(dir: &Path, runs: usize) -> Result<Value, String> {
    use chrono::TimeZone;
    use tryggplan_core::ctx::Ctx;
    use tryggplan_core::document;

    eprintln!("bench_store: documents, prepare + render to PDF × {runs}");
    std::fs::create_dir_all(dir).map_err(|e| format!("documents dir: {e}"))?;
    let key = DbKey::generate().map_err(core_err)?;
    let mut conn =
        store::open(&dir.join("documents.db"), &key, OpenMode::Create).map_err(core_err)?;
    // A fixed day, as in the core's document tests: the same bytes on every run.
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 11, 25, 11, 0, 0)
        .single()
        .ok_or("time")?;
    let ctx = Ctx::new("0123456789abcdef0123456789abcdef", now);
    let t = Instant::now();
    let requests = document_scene(&mut conn, &ctx)?;
    let fill_ms = ms(t);

    let make = |req: &document::DocumentRequest| -> Result<(document::Prepared, Vec<u8>), String> {
        let p = document::prepare(
            &conn,
            ctx.today,
            &tryggplan_core::testkit::opened_request(*req),
        )
        .map_err(core_err)?;
        let bytes = document::render(&p, now, tryggplan_core::profile::ProfileKind::Real)
            .map_err(core_err)?;
        Ok((p, bytes))
    };
    let mut kinds = Vec::new();
    for (i, (kind, label, req)) in requests.iter().enumerate() {
        // The first run of each kind is the warm-up, reported as `cold_ms`; only the very
        // first one in the process also parses the font.
        let t = Instant::now();
        let (first, first_bytes) = make(req)?;
        let cold_ms = ms(t);
        if !first_bytes.starts_with(b"%PDF-") {
            return Err(format!("{kind}: the output is not a PDF"));
        }
        std::fs::write(dir.join(format!("{kind}.pdf")), &first_bytes)
            .map_err(|e| format!("{kind}.pdf: {e}"))?;
        let mut samples = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let (p, bytes) = make(req)?;
            samples.push(ms(t));
            if bytes != first_bytes {
                return Err(format!("{kind}: two runs gave different bytes"));
            }
            black_box((p, bytes));
        }
        kinds.push(json!({
            "kind": kind,
            "label": label,
            "title": first.preview.document.title,
            "file_name": first.preview.file_name,
            "pages": first.preview.pages,
            "bytes": first_bytes.len(),
            "warnings": first.preview.warnings,
            "cold_ms": cold_ms,
            "cold_includes_font_parse": i == 0,
            "ms": samples,
        }));
    }
    Ok(json!({
        "interventions": DOC_INTERVENTIONS,
        "what_matters_chars": DOC_WHAT_MATTERS,
        "fill_ms": fill_ms,
        "kinds": kinds,
    }))
}

// ---------------------------------------------------------------------------------------
// Statistics (issue 7): the yearly report at 10 000 persons.

const STAT_PERSONS: usize = 10_000;

/// A fresh encrypted database with 10 000 persons (two per case: a våldsutsatt adult with two
/// forms of violence and a child who witnessed it, the adult's perpetrator a registered person
/// of the case in every other case), a SIP for every second case, filled through the product's
/// own functions. Measures `followup::gather` (reading every fact), `followup::report::report`
/// (counting and suppression) and `followup::csv::to_csv`, each run `runs` times.
fn bench_statistics(dir: &Path, runs: usize) -> Result<Value, String> {
    use tryggplan_core::cases::{self, NewCase};
    use tryggplan_core::ctx::Ctx;
    use tryggplan_core::followup;
    use tryggplan_core::person::{self, IdentityInput, PersonInput, RelationInput};
    use tryggplan_core::sip::{self, NewSip};
    use tryggplan_core::vocab::{
        LegalSex, NoNumberReason, ProtectionLevel, RelationKind, RequestedBy, Role, ViolenceForm,
    };

    eprintln!("bench_store: statistics report over {STAT_PERSONS} persons × {runs}");
    std::fs::create_dir_all(dir).map_err(|e| format!("statistics dir: {e}"))?;
    let key = DbKey::generate().map_err(core_err)?;
    let mut conn =
        store::open(&dir.join("statistics.db"), &key, OpenMode::Create).map_err(core_err)?;
    let ctx = Ctx::new("bench", chrono::Utc::now());
    let sexes = [
        LegalSex::Kvinna,
        LegalSex::Kvinna,
        LegalSex::Man,
        LegalSex::Okant,
    ];
    let person = |i: usize, roles: Vec<Role>| -> Result<PersonInput, String> {
        let birth = chrono::NaiveDate::from_ymd_opt(
            1940 + (i % 80) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        )
        .ok_or("date")?;
        Ok(PersonInput {
            name: format!("Person {i}"),
            identity: IdentityInput::None {
                reason: NoNumberReason::Okant,
                note: String::new(),
                birth_date: Some(birth),
            },
            legal_sex: sexes[i % sexes.len()],
            language: String::new(),
            interpreter_needed: false,
            protection_level: ProtectionLevel::Ingen,
            address: String::new(),
            phone: String::new(),
            contact_way: String::new(),
            roles,
            violence_forms: vec![
                ViolenceForm::ALL[i % ViolenceForm::ALL.len()],
                ViolenceForm::ALL[(i / 7) % ViolenceForm::ALL.len()],
            ],
        })
    };
    let t = Instant::now();
    for c in 0..STAT_PERSONS / 2 {
        let case = cases::create(
            &mut conn,
            &ctx,
            &NewCase {
                reference: format!("STAT-2026-{c:05}"),
                person: person(2 * c, vec![Role::Valdsutsatt])?,
            },
        )
        .map_err(core_err)?;
        let adult: tryggplan_core::ids::PersonId = conn
            .query_row(
                "SELECT min(id) FROM persons WHERE case_id = ?1",
                [case],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        let second = person::create(
            &mut conn,
            &ctx,
            tryggplan_core::testkit::opened(case),
            &person(
                2 * c + 1,
                if c % 2 == 0 {
                    vec![Role::Valdsutovare]
                } else {
                    vec![Role::BarnSomBevittnatVald]
                },
            )?,
        )
        .map_err(core_err)?;
        if c % 2 == 0 {
            person::add_relation(
                &mut conn,
                &ctx,
                tryggplan_core::testkit::opened(case),
                &RelationInput {
                    from_person: second,
                    to_person: adult,
                    kind: RelationKind::UtovareMot,
                    custody: None,
                },
            )
            .map_err(core_err)?;
            sip::create(
                &mut conn,
                &ctx,
                &NewSip {
                    person_id: adult,
                    need_discovered_on: ctx.today - chrono::Days::new((c % 300) as u64),
                    initiated_by: "Våldsteamet".into(),
                    requested_by: RequestedBy::Ingen,
                },
            )
            .map_err(core_err)?;
        }
    }
    let fill_ms = ms(t);
    let to = ctx.today;
    let from = to - chrono::Days::new(364);
    let (mut gather, mut report, mut csv, mut pdf) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut csv_bytes, mut pdf_bytes, mut pdf_pages) = (0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let input = followup::gather(&conn).map_err(core_err)?;
        gather.push(ms(t));
        let t = Instant::now();
        let rep = followup::report::report(&input, from, to, 5);
        report.push(ms(t));
        let t = Instant::now();
        let bytes = followup::csv::to_csv(&rep, tryggplan_core::profile::ProfileKind::Real);
        csv.push(ms(t));
        csv_bytes = bytes.len();
        // The PDF with its charts: the document built from the report, then drawn.
        let t = Instant::now();
        let prepared = tryggplan_core::document::statistics::prepare_report(&rep, "Mätningen", to);
        let drawn = tryggplan_core::document::statistics::render(
            &prepared,
            tryggplan_core::profile::ProfileKind::Real,
        )
        .map_err(core_err)?;
        pdf.push(ms(t));
        pdf_bytes = drawn.len();
        pdf_pages = prepared.preview.pages;
        black_box((input.persons.len(), bytes, drawn));
    }
    Ok(json!({
        "persons": STAT_PERSONS, "cases": STAT_PERSONS / 2, "fill_ms": fill_ms,
        "gather_ms": gather, "report_ms": report, "csv_ms": csv, "csv_bytes": csv_bytes,
        "pdf_ms": pdf, "pdf_bytes": pdf_bytes, "pdf_pages": pdf_pages,
    }))
}

// ---------------------------------------------------------------------------------------
// Backup and restore of 10 000 persons.

const BACKUP_PERSONS: usize = 10_000;

/// A keyring in memory: the benchmark measures the backup, not the OS keyring.
#[derive(Debug, Default)]
struct BenchKeyring(std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>);

impl tryggplan_core::keys::keyring::SecretStore for BenchKeyring {
    fn get(&self, account: &str) -> tryggplan_core::Result<Option<Vec<u8>>> {
        Ok(self
            .0
            .lock()
            .map_err(|_| tryggplan_core::Error::Internal("lås"))?
            .get(account)
            .cloned())
    }
    fn set(&self, account: &str, secret: &[u8]) -> tryggplan_core::Result<()> {
        self.0
            .lock()
            .map_err(|_| tryggplan_core::Error::Internal("lås"))?
            .insert(account.into(), secret.to_vec());
        Ok(())
    }
    fn delete(&self, account: &str) -> tryggplan_core::Result<()> {
        self.0
            .lock()
            .map_err(|_| tryggplan_core::Error::Internal("lås"))?
            .remove(account);
        Ok(())
    }
}

/// A fresh encrypted database with 10 000 persons (5 000 cases of two persons, filled through
/// the product's functions); then `runs` times: `backup::write` (online backup API into a new
/// key, header, fsync, rename) and `backup::restore` into a new profile (hash, both integrity
/// checks, row counts, a keyring entry under Argon2id with the default cost, open).
fn bench_backup(dir: &Path, runs: usize) -> Result<Value, String> {
    use tryggplan_core::backup;
    use tryggplan_core::cases::{self, NewCase};
    use tryggplan_core::ctx::Ctx;
    use tryggplan_core::person::{self, IdentityInput, PersonInput};
    use tryggplan_core::vocab::{LegalSex, NoNumberReason, ProtectionLevel};

    eprintln!("bench_store: backup + restore of {BACKUP_PERSONS} persons × {runs}");
    std::fs::create_dir_all(dir).map_err(|e| format!("backup dir: {e}"))?;
    let key = DbKey::generate().map_err(core_err)?;
    let mut conn = store::open(&dir.join("live.db"), &key, OpenMode::Create).map_err(core_err)?;
    let ctx = Ctx::new("bench", chrono::Utc::now());
    let person = |i: usize| PersonInput {
        name: format!("Person {i} Åberg-Östlund"),
        identity: IdentityInput::None {
            reason: NoNumberReason::Okant,
            note: "Uppgift saknas vid första kontakten".into(),
            birth_date: None,
        },
        legal_sex: LegalSex::Okant,
        language: "svenska".into(),
        interpreter_needed: false,
        protection_level: ProtectionLevel::Ingen,
        address: format!("Storgatan {i}, 702 10 Örebro"),
        phone: format!("070-{i:07}"),
        contact_way: "Ring efter kl. 10".into(),
        roles: Vec::new(),
        violence_forms: Vec::new(),
    };
    let t = Instant::now();
    for c in 0..BACKUP_PERSONS / 2 {
        let case = cases::create(
            &mut conn,
            &ctx,
            &NewCase {
                reference: format!("BACK-2026-{c:05}"),
                person: person(2 * c),
            },
        )
        .map_err(core_err)?;
        person::create(
            &mut conn,
            &ctx,
            tryggplan_core::testkit::opened(case),
            &person(2 * c + 1),
        )
        .map_err(core_err)?;
    }
    let fill_ms = ms(t);
    let pass = keys::normalise_passphrase(BENCH_PASSPHRASE);
    let profile = "0123456789abcdef0123456789abcdef";
    let slot = keys::wrap(&key, &pass, KdfParams::DEFAULT, profile).map_err(core_err)?;
    let keyring = BenchKeyring::default();
    let (mut backup_ms, mut restore_ms) = (Vec::new(), Vec::new());
    let (mut bytes, mut pages, mut db_bytes) = (0u64, 0u64, 0u64);
    for run in 0..runs {
        let file = dir.join(format!("kopia-{run}.tpbackup"));
        let t = Instant::now();
        let receipt = backup::write(
            &mut conn,
            &key,
            &backup::Slots {
                profile_id: profile,
                passphrase: &slot,
                recovery: None,
            },
            &file,
            chrono::Utc::now(),
            &mut |_| {},
        )
        .map_err(core_err)?;
        backup_ms.push(ms(t));
        bytes = receipt.info.bytes;
        pages = receipt.pages;
        let target = dir.join(format!("profil-{run}"));
        let t = Instant::now();
        let restored = backup::restore(
            &file,
            backup::Secret::Passphrase(BENCH_PASSPHRASE),
            BENCH_PASSPHRASE,
            BENCH_PASSPHRASE,
            backup::RestoreTarget {
                profile_dir: &target,
                secrets: &keyring,
                kdf: KdfParams::DEFAULT,
            },
            &mut |_| {},
        )
        .map_err(core_err)?;
        restore_ms.push(ms(t));
        if restored.info.persons != BACKUP_PERSONS as i64 {
            return Err(format!("restored {} persons", restored.info.persons));
        }
        db_bytes = std::fs::metadata(target.join(store::DB_FILE))
            .map(|m| m.len())
            .unwrap_or(0);
        let _ = std::fs::remove_dir_all(&target);
        let _ = std::fs::remove_file(&file);
    }
    Ok(json!({
        "persons": BACKUP_PERSONS, "cases": BACKUP_PERSONS / 2, "fill_ms": fill_ms,
        "backup_bytes": bytes, "pages": pages, "restored_db_bytes": db_bytes,
        "backup_ms": backup_ms, "restore_ms": restore_ms,
    }))
}

// ---------------------------------------------------------------------------------------
// Issue 18: the identifier scanner's commands on their largest allowed input, and the
// refusal of an oversized one.

/// Cases in the scanner benchmark's database (two persons each, every tenth protected).
const SCAN_CASES: usize = 1_000;
/// Units in the actor directory (two contact persons each).
const SCAN_UNITS: usize = 200;
/// Protected cases the worker has opened in the session (their words are in a deviation's check).
const SCAN_OPENED: usize = 20;

/// What each scanner/check command runs while it holds the vault (the closure it gives
/// `Vault::with_now`), timed on the largest inputs the core accepts, and the refusal of a
/// 5 MB input. The IPC's own deserialisation of the argument is not included (it runs before
/// the vault is taken).
fn bench_scan(dir: &Path, runs: usize) -> Result<Value, String> {
    use tryggplan_core::access;
    use tryggplan_core::actor::{self, ContactInput, UnitInput};
    use tryggplan_core::cases::{self, NewCase};
    use tryggplan_core::ctx::Ctx;
    use tryggplan_core::document::samrad::{self as samrad_pdf, SamradPdf};
    use tryggplan_core::followup::{self, DeviationInput, DeviationKind};
    use tryggplan_core::person::{self, IdentityInput, PersonInput};
    use tryggplan_core::samrad::gate::{Acceptance, Part};
    use tryggplan_core::samrad::log;
    use tryggplan_core::samrad::scanner::HitKind;
    use tryggplan_core::sip::{self, NewSip};
    use tryggplan_core::text::{MAX_ACCEPTED, MAX_LONG, MAX_SHORT};
    use tryggplan_core::vocab::{
        ActorType, LegalSex, NoNumberReason, Principal, ProtectionLevel, RequestedBy,
    };

    eprintln!("bench_store: scanner commands on their largest input × {runs}");
    std::fs::create_dir_all(dir).map_err(|e| format!("scan dir: {e}"))?;
    let key = DbKey::generate().map_err(core_err)?;
    let mut conn = store::open(&dir.join("scan.db"), &key, OpenMode::Create).map_err(core_err)?;
    let ctx = Ctx::new("bench", chrono::Utc::now());
    let t = Instant::now();
    let mut units = Vec::new();
    for u in 0..SCAN_UNITS {
        let unit = actor::save_unit(
            &mut conn,
            &ctx,
            &UnitInput {
                id: None,
                name: format!("Enhet Björkdal{u} Vårdcentralen"),
                actor_type: ActorType::ALL[u % ActorType::ALL.len()],
                principal: Principal::Kommun,
                area: format!("Område{u}"),
                phone: String::new(),
                email: String::new(),
                organisation_id: None,
            },
        )
        .map_err(core_err)?;
        for k in 0..2 {
            actor::save_contact(
                &mut conn,
                &ctx,
                &ContactInput {
                    id: None,
                    unit_id: unit,
                    name: format!("Kontakt{u} Efternamn{k}"),
                    role: "Handläggare".into(),
                    phone: String::new(),
                    email: String::new(),
                    temporary: false,
                    active: true,
                },
            )
            .map_err(core_err)?;
        }
        units.push(unit);
    }
    let person = |i: usize, level: ProtectionLevel| PersonInput {
        name: format!("Förnamn{i} Mellannamn{i} Efternamnsson{i}"),
        identity: IdentityInput::None {
            reason: NoNumberReason::Okant,
            note: String::new(),
            birth_date: None,
        },
        legal_sex: LegalSex::Kvinna,
        language: String::new(),
        interpreter_needed: false,
        protection_level: level,
        address: if level.is_protected() {
            String::new()
        } else {
            format!("Gata{i}vägen {i}, 702 10 Örebro")
        },
        phone: String::new(),
        contact_way: String::new(),
        roles: Vec::new(),
        violence_forms: Vec::new(),
    };
    let mut target = None;
    let mut opened = Vec::new();
    for c in 0..SCAN_CASES {
        let level = if c % 10 == 0 {
            ProtectionLevel::SkyddadFolkbokforing
        } else {
            ProtectionLevel::Ingen
        };
        let case = cases::create(
            &mut conn,
            &ctx,
            &NewCase {
                reference: format!("SCAN-{c:05}"),
                person: person(2 * c, level),
            },
        )
        .map_err(core_err)?;
        let first: tryggplan_core::ids::PersonId = conn
            .query_row(
                "SELECT min(id) FROM persons WHERE case_id = ?1",
                [case],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        person::create(
            &mut conn,
            &ctx,
            tryggplan_core::testkit::opened(case),
            &person(2 * c + 1, level),
        )
        .map_err(core_err)?;
        let sip = sip::create(
            &mut conn,
            &ctx,
            &NewSip {
                person_id: first,
                need_discovered_on: ctx.today,
                initiated_by: "Socialtjänsten".into(),
                requested_by: RequestedBy::Personen,
            },
        )
        .map_err(core_err)?;
        // The meeting's place, as the meeting form stores it (the bench has no consents).
        conn.execute(
            "INSERT INTO sip_meetings(sip_id, on_date, at_time, digital, place)
             VALUES (?1, ?2, '10:00', 0, ?3)",
            rusqlite::params![
                sip,
                (ctx.today + chrono::Days::new(7)).to_string(),
                format!("Mötesplatsen Lindgården{c}")
            ],
        )
        .map_err(|e| format!("meeting: {e}"))?;
        if level.is_protected() && opened.len() < SCAN_OPENED {
            opened.push(case);
        }
        if c == SCAN_CASES / 2 + 1 {
            target = Some(case);
        }
    }
    let fill_ms = ms(t);
    let case = target.ok_or("no target case")?;
    let ctx = tryggplan_core::testkit::with_opened(ctx, opened.iter().copied());

    // The largest allowed texts, each built to make the scanner work hard: MAX_LONG characters
    // of (a) short capitalised words that look like names, (b) the directory's and the case's
    // words, inflected, (c) phone numbers, dates and personnummer-like digits.
    let fill = |unit: &str| -> String {
        let mut s = String::new();
        while s.chars().count() + unit.chars().count() <= MAX_LONG {
            s.push_str(unit);
        }
        s
    };
    let texts = [
        ("name-like words", fill("Ab Cde Fghi Jkå Lmnö Pqrs. ")),
        (
            "stored words",
            fill("Förnamn1003s Efternamnsson1003 Björkdal17s Lindgården501 Område3 Kontakt9 "),
        ),
        (
            "numbers and dates",
            fill("070-123 45 67, 19850314-1234, 3 mars 2026, 702 10 Örebro. "),
        ),
    ];
    let accepted_dev: Vec<String> = (0..MAX_ACCEPTED)
        .map(|i| format!("{i}{}", "x".repeat(MAX_SHORT - 5)))
        .collect();
    let accepted_samrad: Vec<Acceptance> = (0..MAX_ACCEPTED)
        .map(|i| Acceptance {
            part: Part::Fragestallning,
            kind: HitKind::Namn,
            text: format!("{i}{}", "x".repeat(MAX_SHORT - 5)),
            occurrence: 0,
        })
        .collect();

    // (b) The time each command's vault-holding closure takes on each text; the slowest text
    // per command is reported.
    type Cmd<'a> = Box<dyn Fn(&mut Connection, &Ctx, &str) -> Result<(), String> + 'a>;
    let commands: Vec<(&str, Cmd)> = vec![
        (
            "check_deviation",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                followup::scan_description(c, ctx, text, &accepted_dev)
                    .map(|h| {
                        black_box(h);
                    })
                    .map_err(core_err)
            }),
        ),
        (
            "record_deviation (refused by the scan)",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                let r = followup::record_deviation(
                    c,
                    ctx,
                    &DeviationInput {
                        occurred_on: ctx.today,
                        kind: DeviationKind::Annat,
                        parties: vec![units[0]],
                        description: text.into(),
                        accepted: accepted_dev.clone(),
                    },
                );
                black_box(&r);
                followup::list_deviations(c).map_err(core_err)?;
                Ok(())
            }),
        ),
        (
            "check_samrad_summary",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                access::open_case(c, ctx, case).map_err(core_err)?;
                log::check_summary(
                    c,
                    ctx,
                    tryggplan_core::testkit::opened(case),
                    text,
                    &accepted_samrad,
                )
                .map(|r| {
                    black_box(r);
                })
                .map_err(core_err)
            }),
        ),
        (
            "preview_samrad_pdf (refused by the gate)",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                let req = SamradPdf::Current {
                    case_id: case,
                    question: text.into(),
                    accepted: accepted_samrad.clone(),
                };
                let req = tryggplan_core::access::open_request(c, ctx, req).map_err(core_err)?;
                let _ = black_box(samrad_pdf::prepare(c, ctx, &req).map(|p| p.preview.pages));
                Ok(())
            }),
        ),
    ];
    let mut hold = Vec::new();
    for (name, cmd) in &commands {
        let mut worst: Option<(String, Vec<f64>, f64)> = None;
        for (label, text) in &texts {
            cmd(&mut conn, &ctx, text)?; // warm-up (statement cache)
            let mut v = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                cmd(&mut conn, &ctx, text)?;
                v.push(ms(t));
            }
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let median = sorted[sorted.len() / 2];
            if worst.as_ref().is_none_or(|w| median > w.2) {
                worst = Some(((*label).to_owned(), v, median));
            }
        }
        let (input, v, _) = worst.ok_or("no input")?;
        hold.push(json!({ "command": name, "input": input, "ms": v }));
    }

    // (a) A 5 MB text (the size once stored): refused, and how fast.
    let huge = "Solveig Häggström ".repeat(5 * 1024 * 1024 / 18);
    let refusals: Vec<(&str, Cmd)> = vec![
        (
            "check_deviation",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                refused(followup::scan_description(c, ctx, text, &[]))
            }),
        ),
        (
            "record_deviation",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                refused(followup::record_deviation(
                    c,
                    ctx,
                    &DeviationInput {
                        occurred_on: ctx.today,
                        kind: DeviationKind::Annat,
                        parties: vec![units[0]],
                        description: text.into(),
                        accepted: vec![],
                    },
                ))
            }),
        ),
        (
            "check_samrad_summary",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                refused(log::check_summary(
                    c,
                    ctx,
                    tryggplan_core::testkit::opened(case),
                    text,
                    &[],
                ))
            }),
        ),
        (
            "save_person (name)",
            Box::new(|c: &mut Connection, ctx: &Ctx, text: &str| {
                let mut p = person(1, ProtectionLevel::Ingen);
                p.name = text.into();
                refused(person::create(
                    c,
                    ctx,
                    tryggplan_core::testkit::opened(case),
                    &p,
                ))
            }),
        ),
    ];
    let mut refuse = Vec::new();
    for (name, cmd) in &refusals {
        let mut v = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            cmd(&mut conn, &ctx, &huge)?;
            v.push(ms(t));
        }
        refuse.push(json!({ "command": name, "ms": v }));
    }
    Ok(json!({
        "cases": SCAN_CASES, "units": SCAN_UNITS, "opened": SCAN_OPENED, "fill_ms": fill_ms,
        "max_chars": MAX_LONG, "accepted": MAX_ACCEPTED, "oversized_bytes": huge.len(),
        "hold": hold, "refuse": refuse,
    }))
}

/// Ok when the core refused the input as invalid (the oversized case), an error otherwise.
fn refused<T>(r: tryggplan_core::Result<T>) -> Result<(), String> {
    match r {
        Err(e) if e.kind() == tryggplan_core::ErrorKind::InvalidInput => Ok(()),
        Err(e) => Err(format!("oversized input: {}", core_err(e))),
        Ok(_) => Err("oversized input was accepted".into()),
    }
}
