//! Issue 19: "The practice profile: its files are separate from the real profile's, every PDF
//! carries the mark, and no real-profile canary appears in it."

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::clock::FakeClock;
use crate::document::tests::{out_dir, tool};
use crate::document::{self, DocumentRequest};
use crate::keys::keyring::MemoryStore;
use crate::keys::KdfParams;
use crate::person::idnumber::IdentityNumber;
use crate::profile::{self, ProfileKind, PRACTICE_MARK, PRACTICE_PASSPHRASE};
use crate::session::{SessionState, Vault};

/// A name saved only in the real profile: it must never turn up in the practice profile.
const CANARY: &str = "Kanariefågel Verkligsson";
const REAL_PASS: &str = "den riktiga lösenfrasen";

fn vault(dir: PathBuf, store: &MemoryStore) -> Vault {
    Vault::new(dir, Box::new(store.clone()), Arc::new(FakeClock::default()))
        .with_kdf(KdfParams::TEST)
}

/// The real profile (in `data`) with one case whose person is the canary, locked again.
fn real_profile(base: &Path, store: &MemoryStore) -> Vault {
    let mut v = vault(base.join(profile::DEFAULT_DIR), store);
    v.setup(REAL_PASS, REAL_PASS).unwrap();
    v.with_now(|c, ctx| {
        crate::cases::create(
            c,
            ctx,
            &NewCase {
                reference: "VERKLIG-1".into(),
                person: crate::testkit::person(CANARY, None, ProtectionLevel::Ingen),
            },
        )
        .map(|_| ())
    })
    .unwrap();
    v.lock();
    v
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn every_practice_number_is_a_skatteverket_test_number_the_parser_accepts() {
    for n in TEST_NUMBERS {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let parsed = IdentityNumber::parse(n, today).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(parsed.canonical().replace('-', ""), n, "{n}");
        // Skatteverket's test series uses the birth numbers 980–999 and 238/239 in the
        // years used here; a number outside them could be a real person's.
        let serial = &n[8..11];
        assert!(
            matches!(serial, "238" | "239") || serial.starts_with("98") || serial.starts_with("99"),
            "{n}"
        );
    }
    assert_eq!(NAMES.len(), TEST_NUMBERS.len());
}

#[test]
fn the_practice_profile_has_its_own_directory_database_and_key_and_never_the_real_data() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let real = real_profile(base.path(), &store);
    let real_files = files(real.data_dir());

    let mut p = vault(profile::practice_dir(base.path()), &store);
    assert_eq!(p.kind(), ProfileKind::Practice);
    assert_eq!(p.state(), SessionState::NeedsSetup);
    let status = p.open_practice(fill).unwrap();
    assert_eq!(status.state, SessionState::Unlocked);
    assert_eq!(status.profile, ProfileKind::Practice);

    // Its own directory and database file, beside the real one.
    assert_ne!(p.data_dir(), real.data_dir());
    assert_ne!(p.db_path(), real.db_path());
    assert!(p.db_path().starts_with(base.path().join("ovning")));
    // Its own profile id, so its own keyring entry.
    let id = |dir: &Path| std::fs::read_to_string(dir.join("profil.id")).unwrap();
    assert_ne!(id(p.data_dir()), id(real.data_dir()));
    // The real profile's files are as they were.
    assert_eq!(files(real.data_dir()), real_files);

    // The invented cases are there, the canary is not: not in its list, not in any file.
    let listed = p.with_now(|c, ctx| crate::cases::list(c, ctx, "")).unwrap();
    assert_eq!(listed.len(), 3, "{listed:?}");
    let canary_hits = p
        .with_now(|c, ctx| crate::cases::list(c, ctx, "Kanariefågel"))
        .unwrap();
    assert!(canary_hits.is_empty());
    p.lock();
    for (path, bytes) in files(p.data_dir()) {
        assert!(!contains(&bytes, CANARY), "{path:?}");
        assert!(!contains(&bytes, "Kanarief"), "{path:?}");
    }

    // The pointer can't name it, and the practice passphrase opens nothing of the real one.
    assert!(!profile::is_profile_name(profile::PRACTICE_DIR));
    std::fs::write(base.path().join(profile::ACTIVE_FILE), "ovning").unwrap();
    assert_eq!(
        profile::active_dir(base.path()),
        base.path().join(profile::DEFAULT_DIR)
    );
    assert!(profile::activate(base.path(), p.data_dir()).is_err());
    let mut real = real;
    assert!(real.unlock(PRACTICE_PASSPHRASE).is_err());
    assert_eq!(real.kind(), ProfileKind::Real);
}

#[test]
fn the_practice_profile_makes_no_backup_and_takes_no_restore() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let mut p = vault(profile::practice_dir(base.path()), &store);
    p.open_practice(fill).unwrap();
    let dest = base.path().join("ut").join("kopia.tpbak");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let err = p
        .backup_to(&dest, chrono::Utc::now(), &mut |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("övningsprofilen"), "{err}");
    assert!(!dest.exists());
    assert!(p.new_recovery_key(PRACTICE_PASSPHRASE).is_err());
    assert!(p
        .change_passphrase(
            PRACTICE_PASSPHRASE,
            "en helt annan fras",
            "en helt annan fras"
        )
        .is_err());
}

#[test]
fn a_wrong_real_passphrase_still_waits_after_a_visit_to_practice() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let mut v = real_profile(base.path(), &store);
    for _ in 0..crate::session::FREE_ATTEMPTS {
        assert!(v.unlock("fel lösenfras här").is_err());
    }
    let before = v.retry_after();
    assert!(before.is_some());
    v.switch_dir(profile::practice_dir(base.path()));
    v.open_practice(fill).unwrap();
    v.switch_dir(base.path().join(profile::DEFAULT_DIR));
    assert_eq!(v.kind(), ProfileKind::Real);
    assert!(!v.is_unlocked());
    assert!(v.retry_after().is_some(), "the waiting time was reset");
}

#[test]
fn reset_makes_the_practice_profile_anew_and_leaves_the_real_one_byte_identical() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let real = real_profile(base.path(), &store);
    let real_files = files(real.data_dir());
    let mut p = vault(profile::practice_dir(base.path()), &store);
    p.open_practice(fill).unwrap();
    let old_id = std::fs::read_to_string(p.data_dir().join("profil.id")).unwrap();
    // Something the worker tried in practice.
    p.with_now(|c, ctx| {
        crate::cases::create(
            c,
            ctx,
            &NewCase {
                reference: "PROV".into(),
                person: crate::testkit::person("Prova Provsson", None, ProtectionLevel::Ingen),
            },
        )
        .map(|_| ())
    })
    .unwrap();
    let status = p.reset_practice(fill).unwrap();
    assert_eq!(status.state, SessionState::Unlocked);
    let new_id = std::fs::read_to_string(p.data_dir().join("profil.id")).unwrap();
    assert_ne!(old_id, new_id, "a new profile, a new key entry");
    let listed = p.with_now(|c, ctx| crate::cases::list(c, ctx, "")).unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(files(real.data_dir()), real_files);
    // The real profile still opens with its own passphrase, and holds its canary.
    let mut real = real;
    real.unlock(REAL_PASS).unwrap();
    let hits = real
        .with_now(|c, ctx| crate::cases::list(c, ctx, "Kanariefågel"))
        .unwrap();
    assert_eq!(hits.len(), 1);
    // A vault over the real profile can never remove it.
    assert!(real.remove_practice().is_err());
    assert!(real.db_path().exists());
}

/// The text of each page of `pdf` (`pdftotext -f N -l N`).
fn pages(name: &str, bytes: &[u8]) -> Vec<String> {
    let path = out_dir().join(format!("ovning-{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    let count: usize = tool("pdfinfo", &[p])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    (1..=count)
        .map(|n| {
            let n = n.to_string();
            tool("pdftotext", &["-f", &n, "-l", &n, "-layout", p, "-"])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Every kind of PDF the app makes, made in the practice profile the way the shell makes them
/// (the context from the vault): every page says it is practice, no page names the canary.
#[test]
fn every_pdf_made_in_practice_carries_the_mark_on_every_page() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let _real = real_profile(base.path(), &store);
    let mut p = vault(profile::practice_dir(base.path()), &store);
    p.open_practice(fill).unwrap();

    let mut made: Vec<(String, Vec<u8>)> = Vec::new();
    p.with_now(|c, ctx| {
        let sips: Vec<crate::ids::SipId> = c
            .prepare("SELECT id FROM sips")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        for sip in sips {
            for offer in document::offers(c, sip.into(), ctx.today)? {
                if offer.blocked.is_some() {
                    continue;
                }
                let prepared = document::prepare(c, ctx.today, &offer.request.into())?;
                let bytes = document::render(&prepared, ctx.now, ctx.kind)?;
                made.push((offer.label.clone(), bytes));
            }
        }
        let blank = document::prepare(c, ctx.today, &(DocumentRequest::BlankConsent).into())?;
        made.push((
            "blankett".into(),
            document::render(&blank, ctx.now, ctx.kind)?,
        ));
        let from = ctx.today.checked_sub_days(Days::new(365)).unwrap();
        let stats = crate::document::statistics::prepare(c, ctx.today, from, ctx.today)?;
        made.push((
            "statistik".into(),
            crate::document::statistics::render(&stats, ctx.kind)?,
        ));
        let rk = crate::keys::recovery::RecoveryKey::generate()?;
        made.push((
            "aterstallningsblad".into(),
            document::recovery_sheet_pdf(&rk, ctx.now, ctx.kind)?,
        ));
        Ok(())
    })
    .unwrap();
    assert!(
        made.iter()
            .any(|(l, _)| l.to_lowercase().contains("samtycke")),
        "a consent form among {:?}",
        made.iter().map(|(l, _)| l).collect::<Vec<_>>()
    );
    for (i, (label, bytes)) in made.iter().enumerate() {
        let texts = pages(&format!("{i}"), bytes);
        assert!(!texts.is_empty(), "{label}");
        for (n, t) in texts.iter().enumerate() {
            assert!(
                t.matches(PRACTICE_MARK).count() >= 2,
                "{label}, page {}: the mark at top and foot\n{t}",
                n + 1
            );
            assert!(!t.contains("Kanariefågel"), "{label}, page {}", n + 1);
        }
        assert!(!contains(bytes, CANARY), "{label}");
    }

    // The same document in the real profile carries no mark.
    let mut real = vault(base.path().join(profile::DEFAULT_DIR), &store);
    real.unlock(REAL_PASS).unwrap();
    let bytes = real
        .with_now(|c, ctx| {
            crate::document::set_organisation(c, ctx, "Verkliga kommunen")?;
            let blank = document::prepare(c, ctx.today, &(DocumentRequest::BlankConsent).into())?;
            document::render(&blank, ctx.now, ctx.kind)
        })
        .unwrap();
    for t in pages("verklig", &bytes) {
        assert!(!t.contains("ÖVNING"), "{t}");
    }
}

/// A practice database keeps its mark wherever its files are: opened from a directory that
/// doesn't say practice, its PDFs still say it.
#[test]
fn a_practice_database_moved_elsewhere_still_marks_its_papers() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let mut p = vault(profile::practice_dir(base.path()), &store);
    p.open_practice(fill).unwrap();
    p.lock();
    let moved = base.path().join("profil-20990101-000000");
    std::fs::rename(profile::practice_dir(base.path()), &moved).unwrap();
    let mut v = vault(moved, &store);
    assert_eq!(v.kind(), ProfileKind::Real);
    v.unlock(PRACTICE_PASSPHRASE).unwrap();
    assert_eq!(v.kind(), ProfileKind::Practice);
    let bytes = v
        .with_now(|c, ctx| {
            let blank = document::prepare(c, ctx.today, &(DocumentRequest::BlankConsent).into())?;
            document::render(&blank, ctx.now, ctx.kind)
        })
        .unwrap();
    for t in pages("flyttad", &bytes) {
        assert!(t.contains(PRACTICE_MARK), "{t}");
    }
}

/// The statistics CSV made in practice says so on its first line, and a coordinator's merge
/// refuses it: invented figures never join real statistics.
#[test]
fn a_practice_statistics_csv_is_marked_and_never_merged() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let mut p = vault(profile::practice_dir(base.path()), &store);
    p.open_practice(fill).unwrap();
    let (practice_csv, real_csv) = p
        .with_now(|c, ctx| {
            let from = ctx.today.checked_sub_days(Days::new(365)).unwrap();
            let rep = crate::followup::statistics(c, from, ctx.today)?;
            Ok((
                crate::followup::csv::to_csv(&rep, ctx.kind),
                crate::followup::csv::to_csv(&rep, ProfileKind::Real),
            ))
        })
        .unwrap();
    let text = String::from_utf8(practice_csv.clone()).unwrap();
    let first = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(first, PRACTICE_MARK);
    let err = crate::followup::csv::merge(&[real_csv.clone(), practice_csv])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Fil 2") && err.contains("övningsprofilen"),
        "{err}"
    );
    assert!(crate::followup::csv::merge(&[real_csv]).is_ok());
}

/// The history log exported in practice says so on its first line.
#[test]
fn the_practice_log_csv_is_marked() {
    let base = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let mut p = vault(profile::practice_dir(base.path()), &store);
    p.open_practice(fill).unwrap();
    let (bytes, rows) = p
        .with_now(|c, ctx| {
            crate::history_log::to_csv(c, ctx, &crate::history_log::LogFilter::default())
        })
        .unwrap();
    assert!(rows > 0);
    let text = String::from_utf8(bytes).unwrap();
    let first = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(first, PRACTICE_MARK);
}
