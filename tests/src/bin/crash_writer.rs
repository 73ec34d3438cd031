//! The crash harness's writer (tests/system/crash.rs): opens the store of a profile directory
//! and writes numbered cases through the product's functions (`cases::create`: a case, its
//! person and a chained history entry in one transaction), printing each number only after
//! its commit returned. The harness kills it with SIGKILL at a random moment.
//!
//! `crash_writer <dir>`: `<dir>/key.bin` is the database key wrapped under
//! [`PASS`] for profile [`PROFILE`]; `<dir>/tryggplan.db` exists. Numbers continue after the
//! cases already in the database. Exit 0 only after `limit` writes (never reached in the harness).

use std::io::Write;
use std::path::PathBuf;

use tryggplan_core::cases::{self, NewCase};
use tryggplan_core::ctx::Ctx;
use tryggplan_core::keys;
use tryggplan_core::person::{IdentityInput, PersonInput};
use tryggplan_core::store::{self, OpenMode};
use tryggplan_core::vocab::{LegalSex, NoNumberReason, ProtectionLevel};

const PASS: &str = "krasch i skogen 2026";
const PROFILE: &str = "krasch0123456789abcdef0123456789";

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: crash_writer <dir>"));
    let blob = std::fs::read(dir.join("key.bin")).expect("key.bin");
    let key = keys::unwrap(&blob, &keys::normalise_passphrase(PASS), PROFILE).expect("key");
    let mut conn = store::open(&dir.join(store::DB_FILE), &key, OpenMode::Existing).expect("open");
    let mut n: i64 = conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("count");
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for _ in 0..100_000 {
        n += 1;
        let ctx = Ctx::new(PROFILE, chrono::Utc::now());
        let new = NewCase {
            reference: format!("K-{n}"),
            person: PersonInput {
                name: format!("Krasch Person {n}"),
                identity: IdentityInput::None {
                    reason: NoNumberReason::Okant,
                    note: String::new(),
                    birth_date: None,
                },
                legal_sex: LegalSex::Okant,
                language: String::new(),
                interpreter_needed: false,
                protection_level: ProtectionLevel::Ingen,
                address: String::new(),
                phone: String::new(),
                contact_way: String::new(),
                roles: Vec::new(),
                violence_forms: Vec::new(),
            },
        };
        cases::create(&mut conn, &ctx, &new).expect("write");
        // Only now: the commit returned.
        writeln!(out, "{n}").expect("stdout");
        out.flush().expect("stdout");
    }
}
