//! A minimal client of the core with the real OS keyring, for system tests that must restart
//! the process (and the keyring daemon) between steps.
//!
//! `keyprobe <data-dir> <command> <passphrase> [args…]`; prints JSON; exit 0 on success,
//! 2 with `{"kind","message"}` on a core error, 64 on a usage error. Never panics on input.

use std::io::Read;
use std::sync::Arc;

use tryggplan_core::cases::{self, NewCase};
use tryggplan_core::clock::SystemClock;
use tryggplan_core::keys::keyring::OsKeyring;
use tryggplan_core::person::{IdentityInput, PersonInput};
use tryggplan_core::session::Vault;
use tryggplan_core::vocab::{LegalSex, ProtectionLevel};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!(
            "usage: keyprobe <data-dir> <setup|unlock|add-cases|hold|list|create-profile|change-passphrase|new-recovery-key|key-ops-after-lock|recover|keyring-entry|history|practice-pdfs|practice-reset|practice-keyring-entry> <passphrase> [args]"
        );
        std::process::exit(64);
    }
    let mut vault = Vault::new(
        &args[1],
        Box::new(OsKeyring),
        Arc::new(SystemClock::default()),
    );
    let result = run(&mut vault, &args[2], &args[3], &args[4..]);
    match result {
        Ok(v) => println!("{v}"),
        Err(e) => {
            println!("{}", serde_json::to_string(&e.to_ipc()).unwrap_or_default());
            std::process::exit(2);
        }
    }
}

/// The practice profile's directory beside `vault`'s.
fn practice_dir(vault: &Vault) -> std::path::PathBuf {
    let base = vault
        .data_dir()
        .parent()
        .unwrap_or(std::path::Path::new("."));
    tryggplan_core::profile::practice_dir(base)
}

fn run(
    vault: &mut Vault,
    cmd: &str,
    pass: &str,
    rest: &[String],
) -> tryggplan_core::Result<serde_json::Value> {
    let arg = |i: usize| rest.get(i).map(String::as_str).unwrap_or("");
    match cmd {
        "setup" => Ok(serde_json::to_value(vault.setup(pass, pass)?).unwrap_or_default()),
        "unlock" => Ok(serde_json::to_value(vault.unlock(pass)?).unwrap_or_default()),
        "add-cases" => {
            vault.unlock(pass)?;
            let n: usize = arg(0).parse().unwrap_or(1);
            for i in 0..n {
                let new = new_case(
                    &format!("SIP-2026-{i:04}"),
                    arg(1),
                    arg(2),
                    ProtectionLevel::SkyddadFolkbokforing,
                );
                vault.with_now(|c, ctx| cases::create(c, ctx, &new))?;
            }
            Ok(serde_json::json!({ "added": n }))
        }
        "hold" => {
            vault.unlock(pass)?;
            let new = new_case("SIP-2026-HOLD", arg(0), arg(1), ProtectionLevel::Ingen);
            vault.with_now(|c, ctx| cases::create(c, ctx, &new))?;
            println!("klar");
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            vault.lock();
            Ok(serde_json::json!({ "held": true }))
        }
        "create-profile" => {
            let (status, key) = vault.create_profile(pass, pass)?;
            Ok(serde_json::json!({
                "state": serde_json::to_value(status.state).unwrap_or_default(),
                "recoveryKey": key.display().as_str(),
            }))
        }
        // The key operations of an unlocked session, called the way a script in the window
        // could: without unlocking first (a fresh process is locked) …
        "change-passphrase" => {
            vault.change_passphrase(pass, arg(0), arg(0))?;
            Ok(serde_json::json!({ "changed": true }))
        }
        "new-recovery-key" => {
            let key = vault.new_recovery_key(pass)?;
            Ok(serde_json::json!({ "recoveryKey": key.display().as_str() }))
        }
        // … or after an unlock and a lock in the same process. Prints each one's error kind.
        "key-ops-after-lock" => {
            vault.unlock(pass)?;
            vault.lock();
            let kind = |r: tryggplan_core::Result<()>| match r {
                Ok(()) => "ok".to_owned(),
                Err(e) => serde_json::to_value(e.kind())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            };
            let change = kind(vault.change_passphrase(pass, arg(0), arg(0)));
            let recovery = kind(vault.new_recovery_key(pass).map(|_| ()));
            Ok(serde_json::json!({ "changePassphrase": change, "newRecoveryKey": recovery }))
        }
        "recover" => {
            // `pass` is the recovery key here; arg 0 the new passphrase.
            Ok(serde_json::to_value(vault.recover(pass, arg(0), arg(0))?).unwrap_or_default())
        }
        // The wrapped key as the OS keyring holds it (hex), to compare byte for byte.
        "keyring-entry" => {
            use tryggplan_core::keys::keyring::SecretStore;
            let dir = vault.data_dir().to_path_buf();
            let id = std::fs::read_to_string(dir.join(tryggplan_core::files::PROFILE_ID_FILE))
                .map_err(|source| tryggplan_core::Error::Io {
                    what: "profilens id",
                    source,
                })?;
            let entry = OsKeyring.get(&format!("profil-{}", id.trim()))?;
            Ok(serde_json::json!({ "entry": entry.map(hex_of) }))
        }
        "history" => {
            vault.unlock(pass)?;
            let actions = vault.with_conn(|c| {
                let mut st = c.prepare("SELECT action FROM case_history ORDER BY id")?;
                let rows = st.query_map([], |r| r.get::<_, String>(0))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })?;
            Ok(serde_json::json!({ "actions": actions }))
        }
        // Issue 19: the practice profile beside this data directory (`<parent>/ovning`):
        // opened (made and filled the first time), every kind of PDF written to arg 0.
        "practice-pdfs" => {
            let dir = practice_dir(vault);
            vault.switch_dir(dir.clone());
            vault.open_practice(tryggplan_core::practice::fill)?;
            let out = std::path::PathBuf::from(arg(0));
            let pdfs = vault.with_now(|c, ctx| {
                use tryggplan_core::document::{self, DocumentRequest};
                use tryggplan_core::{access, testkit};
                let mut made: Vec<Vec<u8>> = Vec::new();
                let sips: Vec<tryggplan_core::ids::SipId> = c
                    .prepare("SELECT id FROM sips")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for sip in sips {
                    for offer in document::offers(c, testkit::opened_sip(sip), ctx.today)? {
                        if offer.blocked.is_none() {
                            let p = document::prepare(
                                c,
                                ctx.today,
                                &testkit::opened_request(offer.request),
                            )?;
                            made.push(document::render(&p, ctx.now, ctx.kind)?);
                        }
                    }
                }
                let blank = document::prepare(
                    c,
                    ctx.today,
                    &access::open_request(c, ctx, DocumentRequest::BlankConsent)?,
                )?;
                made.push(document::render(&blank, ctx.now, ctx.kind)?);
                let from = ctx.today - chrono::Duration::days(365);
                let stats =
                    tryggplan_core::document::statistics::prepare(c, ctx.today, from, ctx.today)?;
                made.push(tryggplan_core::document::statistics::render(
                    &stats, ctx.kind,
                )?);
                let rk = tryggplan_core::keys::recovery::RecoveryKey::generate()?;
                made.push(document::recovery_sheet_pdf(&rk, ctx.now, ctx.kind)?);
                Ok(made)
            })?;
            for (i, bytes) in pdfs.iter().enumerate() {
                std::fs::write(out.join(format!("{i}.pdf")), bytes).map_err(|source| {
                    tryggplan_core::Error::Io {
                        what: "övningens pdf",
                        source,
                    }
                })?;
            }
            Ok(serde_json::json!({
                "dir": dir.to_string_lossy(),
                "db": vault.db_path().to_string_lossy(),
                "kind": serde_json::to_value(vault.kind()).unwrap_or_default(),
                "pdfs": pdfs.len(),
            }))
        }
        // Issue 19: "Återställ övningsprofilen".
        "practice-reset" => {
            vault.switch_dir(practice_dir(vault));
            vault.open_practice(tryggplan_core::practice::fill)?;
            vault.reset_practice(tryggplan_core::practice::fill)?;
            Ok(serde_json::json!({ "reset": true }))
        }
        // The practice profile's keyring entry (hex), beside the real one's.
        "practice-keyring-entry" => {
            use tryggplan_core::keys::keyring::SecretStore;
            let id = std::fs::read_to_string(
                practice_dir(vault).join(tryggplan_core::files::PROFILE_ID_FILE),
            )
            .map_err(|source| tryggplan_core::Error::Io {
                what: "profilens id",
                source,
            })?;
            let entry = OsKeyring.get(&format!("profil-{}", id.trim()))?;
            Ok(serde_json::json!({ "entry": entry.map(hex_of), "id": id.trim() }))
        }
        "list" => {
            vault.unlock(pass)?;
            let found = tryggplan_core::cases::search(vault, arg(0))?;
            Ok(serde_json::to_value(found).unwrap_or_default())
        }
        _ => Err(tryggplan_core::Error::InvalidInput(format!(
            "okänt kommando {cmd}"
        ))),
    }
}

fn hex_of(bytes: Vec<u8>) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A case with one person identified by `number` (a valid personnummer).
fn new_case(reference: &str, name: &str, number: &str, level: ProtectionLevel) -> NewCase {
    NewCase {
        reference: reference.into(),
        person: PersonInput {
            name: name.into(),
            identity: IdentityInput::Number {
                number: number.into(),
            },
            legal_sex: LegalSex::Okant,
            language: String::new(),
            interpreter_needed: false,
            protection_level: level,
            address: String::new(),
            phone: String::new(),
            contact_way: String::new(),
            roles: Vec::new(),
            violence_forms: Vec::new(),
        },
    }
}
