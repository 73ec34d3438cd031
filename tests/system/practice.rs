//! Issue 19: "The practice profile: its files are separate from the real profile's, every PDF
//! carries the mark, and no real-profile canary appears in it." With the real SQLCipher files
//! and the real OS keyring (gnome-keyring), across processes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tryggplan_systest::{files_below, files_containing, Keyring};

use crate::{CANARY_NAME, CANARY_PNR, PASS};

const MARK: &str = "ÖVNING – inte verkliga uppgifter";

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e} (installed by .ci/setup)"));
    assert!(o.status.success(), "{cmd} {args:?}");
    String::from_utf8(o.stdout).unwrap()
}

/// The text of each page (`pdftotext -f N -l N`), whitespace folded.
fn pages(pdf: &Path) -> Vec<String> {
    let p = pdf.to_str().unwrap();
    let count: usize = run("pdfinfo", &[p])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    (1..=count)
        .map(|n| {
            let n = n.to_string();
            run("pdftotext", &["-f", &n, "-l", &n, "-layout", p, "-"])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn the_practice_profile_is_separate_marked_on_every_page_and_never_holds_the_real_canary() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    desk.probe(
        Keyring::GnomeKeyring,
        &["add-cases", PASS, "1", CANARY_NAME, CANARY_PNR],
    )
    .ok();
    let real_dir = desk.data_dir();
    let real_before = snapshot(&real_dir);
    let real_entry = desk
        .probe(Keyring::GnomeKeyring, &["keyring-entry", PASS])
        .ok()["entry"]
        .clone();
    assert!(real_entry.is_string());

    let out = tempfile::tempdir().unwrap();
    let made = desk.probe(
        Keyring::GnomeKeyring,
        &["practice-pdfs", PASS, out.path().to_str().unwrap()],
    );
    let made = made.ok().clone();
    assert_eq!(made["kind"], "practice");
    let practice_dir = PathBuf::from(made["dir"].as_str().unwrap());
    let practice_db = PathBuf::from(made["db"].as_str().unwrap());

    // Its own directory beside the real one, its own database file, its own keyring entry.
    assert_ne!(practice_dir, real_dir);
    assert!(!practice_dir.starts_with(&real_dir) && !real_dir.starts_with(&practice_dir));
    assert!(practice_db.starts_with(&practice_dir) && practice_db.exists());
    assert_ne!(practice_db, real_dir.join("tryggplan.db"));
    let practice_entry = desk
        .probe(Keyring::GnomeKeyring, &["practice-keyring-entry", PASS])
        .ok()["entry"]
        .clone();
    assert!(practice_entry.is_string());
    assert_ne!(practice_entry, real_entry);
    // The real profile's files were not touched by practice.
    assert_eq!(snapshot(&real_dir), real_before, "the real profile changed");

    // The canary (name, number) is in no file of the practice profile, nor in any PDF.
    for needle in [CANARY_NAME, CANARY_PNR, "Kanarieförsök"] {
        let hits = files_containing(&practice_dir, needle);
        assert!(hits.is_empty(), "{needle} in {hits:?}");
        let hits = files_containing(out.path(), needle);
        assert!(hits.is_empty(), "{needle} in {hits:?}");
    }

    // Every page of every PDF made in practice says so.
    let pdfs = files_below(out.path());
    assert_eq!(pdfs.len() as u64, made["pdfs"].as_u64().unwrap());
    assert!(pdfs.len() >= 4, "{pdfs:?}");
    for pdf in &pdfs {
        let texts = pages(pdf);
        assert!(!texts.is_empty());
        for (n, t) in texts.iter().enumerate() {
            assert!(t.contains(MARK), "{pdf:?} page {}: {t}", n + 1);
            assert!(!t.contains("Kanarieförsök"), "{pdf:?} page {}", n + 1);
        }
    }

    // The practice passphrase is not the real one's: the real profile still opens with its own.
    let r = desk.probe(
        Keyring::GnomeKeyring,
        &["unlock", tryggplan_core::profile::PRACTICE_PASSPHRASE],
    );
    assert_eq!(r.err_kind(), "wrongPassphrase");
}

#[test]
fn resetting_practice_leaves_the_real_profile_byte_identical() {
    let desk = crate::desktop();
    desk.probe(Keyring::GnomeKeyring, &["setup", PASS]).ok();
    desk.probe(
        Keyring::GnomeKeyring,
        &["add-cases", PASS, "1", CANARY_NAME, CANARY_PNR],
    )
    .ok();
    let out = tempfile::tempdir().unwrap();
    desk.probe(
        Keyring::GnomeKeyring,
        &["practice-pdfs", PASS, out.path().to_str().unwrap()],
    )
    .ok();
    let before_entry = desk
        .probe(Keyring::GnomeKeyring, &["practice-keyring-entry", PASS])
        .ok()
        .clone();
    let real_before = snapshot(&desk.data_dir());
    let real_entry = desk
        .probe(Keyring::GnomeKeyring, &["keyring-entry", PASS])
        .ok()["entry"]
        .clone();

    desk.probe(Keyring::GnomeKeyring, &["practice-reset", PASS])
        .ok();

    let after_entry = desk
        .probe(Keyring::GnomeKeyring, &["practice-keyring-entry", PASS])
        .ok()
        .clone();
    assert_ne!(before_entry["id"], after_entry["id"], "made anew");
    assert_eq!(snapshot(&desk.data_dir()), real_before);
    assert_eq!(
        desk.probe(Keyring::GnomeKeyring, &["keyring-entry", PASS])
            .ok()["entry"],
        real_entry
    );
    let rows = desk.probe(Keyring::GnomeKeyring, &["list", PASS, ""]);
    assert_eq!(rows.ok().as_array().map(Vec::len), Some(1));
}
