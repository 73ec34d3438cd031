//! The fuzz targets' checks (issue 20). Each function takes the raw bytes libFuzzer makes,
//! calls the public function the app calls on untrusted input, and panics when an invariant
//! fails. The cargo-fuzz crate in `fuzz/` calls them (`cargo +nightly fuzz run <target>`, see
//! docs/FUZZING.md), and the test below replays every committed seed in `fuzz/seeds/<target>/`
//! through them on stable, so CI checks the same property on the same inputs.
//!
//! Built only with the `fuzzing` feature (and in the core's own tests): not part of the app.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};

use crate::document::model::{Block, Check, Column, Document, DocumentKind, Field};
use crate::document::pdf::{self, lopdf};
use crate::document::{build, fonts};
use crate::followup::csv;
use crate::person::idnumber::IdentityNumber;

/// The day the seeds were written: `today` of an input without a date line.
const SEED_DAY: (i32, u32, u32) = (2026, 12, 7);

fn seed_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(SEED_DAY.0, SEED_DAY.1, SEED_DAY.2).expect("a real date")
}

/// `today` and the typed text of an identity-number input. The first line is `today` when it
/// is a date (`2026-12-07`, also chrono's extremes written with a sign); another first line
/// picks a day in 1800..=9999 from its bytes; an input without a line break is all text, read
/// on the day the seeds were written.
fn date_and_text(data: &[u8]) -> (NaiveDate, String) {
    let Some(nl) = data.iter().position(|&b| b == b'\n') else {
        return (seed_day(), String::from_utf8_lossy(data).into_owned());
    };
    let (first, rest) = (&data[..nl], &data[nl + 1..]);
    let text = String::from_utf8_lossy(rest).into_owned();
    if let Some(d) = std::str::from_utf8(first)
        .ok()
        .and_then(|s| s.parse::<NaiveDate>().ok())
    {
        return (d, text);
    }
    let start = NaiveDate::from_ymd_opt(1800, 1, 1).expect("a real date");
    let end = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a real date");
    let span = (end - start).num_days() as u64 + 1;
    let pick = first.iter().fold(0u64, |acc, &b| {
        acc.wrapping_mul(257).wrapping_add(u64::from(b))
    });
    (start + chrono::Days::new(pick % span), text)
}

/// Target `idnumber`: [`IdentityNumber::parse`] on any text and any `today`. Never panics;
/// a number that parses is the one written (its last ten digits, all twelve when twelve
/// were written), is born no later than `today`, and reads back as itself from its stored
/// form, its twelve digits and (within 199 years) its short form; a refusal is a Swedish
/// sentence that never repeats the number.
pub fn idnumber(data: &[u8]) {
    let (today, input) = date_and_text(data);
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    match IdentityNumber::parse(&input, today) {
        Ok(n) => {
            assert!(
                digits.len() == 10 || digits.len() == 12,
                "{input:?} parsed from {} digits",
                digits.len()
            );
            assert!(n.digits().ends_with(&digits), "{input:?} → {n:?}");
            assert!(n.birth_date() <= today, "{input:?}: born after {today}");
            assert_eq!(IdentityNumber::parse(&n.canonical(), today), Ok(n));
            assert_eq!(IdentityNumber::parse(&n.digits(), today), Ok(n));
            if today.year() - n.birth_date().year() <= 199 {
                let short = n.short_form(today);
                assert_eq!(IdentityNumber::parse(&short, today), Ok(n), "{short}");
            }
            assert!(n.age_on(today).is_some(), "{n:?} has no age on {today}");
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.ends_with('.'), "{msg}");
            if digits.len() >= 10 {
                assert!(!msg.contains(&digits[digits.len() - 10..]), "{msg}");
            }
        }
    }
}

/// Target `backup_reader`: see [`crate::backup::fuzz_read`].
pub fn backup_reader(data: &[u8]) {
    crate::backup::fuzz_read(data);
}

/// The byte between two files of a `csv_merge` input (ASCII "file separator").
pub const FILE_SEPARATOR: u8 = 0x1c;

/// Target `csv_merge`: [`csv::merge`] on the input cut into files at [`FILE_SEPARATOR`].
/// Never panics; a merge that succeeds is UTF-8 CSV with the byte order mark, the merged
/// header once and first, ten fields a row, no more rows than went in, numbers that add up (a cell's
/// lower bound is at least its exact sum, which is shown only when nothing was hidden), and
/// is itself refused as an input (a merged file can't be merged again and counted twice).
pub fn csv_merge(data: &[u8]) {
    let files: Vec<Vec<u8>> = data
        .split(|&b| b == FILE_SEPARATOR)
        .map(<[u8]>::to_vec)
        .collect();
    let Ok(out) = csv::merge(&files) else {
        return;
    };
    let text = std::str::from_utf8(&out).expect("the merged CSV is UTF-8");
    assert!(text.starts_with(csv::BOM), "no byte order mark");
    assert!(text.ends_with("\r\n"), "the last line is not ended");
    let recs = csv::parse(text);
    let (head, rows) = recs.split_first().expect("a header");
    assert!(head.iter().map(String::as_str).eq(csv::MERGED_HEADER));
    let input_rows: usize = files
        .iter()
        .map(|f| csv::parse(std::str::from_utf8(f).expect("merged, so UTF-8")).len())
        .sum();
    assert!(rows.len() <= input_rows, "more cells than input rows");
    for r in rows {
        assert_eq!(r.len(), csv::MERGED_HEADER.len(), "{r:?}");
        assert!(
            !r.iter().map(String::as_str).eq(csv::MERGED_HEADER),
            "a second header"
        );
        let minimum: u64 = r[7].parse().expect("the lower bound is a number");
        let hidden: u64 = r[8].parse().expect("the hidden count is a number");
        let files_n: u64 = r[9].parse().expect("the file count is a number");
        assert!(files_n >= 1 && hidden <= files_n, "{r:?}");
        if hidden == 0 {
            let exact: u64 = r[6]
                .parse()
                .expect("nothing hidden: the exact sum is shown");
            assert_eq!(exact, minimum, "{r:?}");
        } else {
            assert!(
                r[6].is_empty(),
                "a sum shown although a part was hidden: {r:?}"
            );
        }
    }
    assert!(
        csv::merge(std::slice::from_ref(&out)).is_err(),
        "a merged file was taken as a laptop's file"
    );
}

/// The character between two texts of a `pdf_text` input (ASCII "unit separator").
pub const TEXT_SEPARATOR: char = '\u{1f}';

/// A document whose every user-written text comes from `data`: the organisation, then one
/// block per further text, cycling through the kinds of block.
fn document_from(data: &[u8]) -> Document {
    let text = String::from_utf8_lossy(data);
    let mut pieces = text.split(TEXT_SEPARATOR).map(str::to_owned);
    let organisation = pieces.next().unwrap_or_default();
    let blocks = pieces
        .take(32)
        .enumerate()
        .map(|(i, t)| match i % 9 {
            0 => Block::Heading { text: t },
            1 => Block::Paragraph { text: t },
            2 => Block::Fields {
                fields: vec![Field {
                    label: "Namn".into(),
                    value: t,
                }],
            },
            3 => Block::Table {
                columns: vec![
                    Column {
                        title: "Insats".into(),
                        width: 40,
                    },
                    Column {
                        title: "Ansvarig".into(),
                        width: 60,
                    },
                ],
                rows: vec![vec![t.clone(), t]],
            },
            4 => Block::Bullets { items: vec![t] },
            5 => Block::Checks {
                items: vec![Check {
                    checked: true,
                    text: t,
                }],
            },
            6 => Block::Notice {
                title: "Säkerhet".into(),
                items: vec![t],
            },
            7 => Block::Subheading { text: t },
            _ => Block::Signatures {
                statement: "Jag samtycker.".into(),
                parties: vec![t],
            },
        })
        .collect();
    Document {
        title: DocumentKind::Plan.title().into(),
        organisation,
        document_id: "SIP-2026-0042-plan-1".into(),
        version: "Version 1, fastställd 2026-12-07".into(),
        date: seed_day(),
        legend: Some(build::CONFIDENTIAL.into()),
        blocks,
    }
}

/// Target `pdf_text`: any text through the path every document takes to the file
/// ([`fonts::fit_to_font`], then [`pdf::render`]). Never panics and never fails; the bytes
/// are a whole PDF (`%PDF-` first, `%%EOF` last) that reads back with as many pages as the
/// preview said, and holds no active content (JavaScript, an open action, a launch, a link)
/// whatever the text.
pub fn pdf_text(data: &[u8]) {
    let mut doc = document_from(data);
    fonts::fit_to_font(&mut doc);
    let pages = pdf::page_count(&doc);
    let created = Utc
        .with_ymd_and_hms(2026, 12, 7, 12, 0, 0)
        .single()
        .expect("a real time");
    // Both kinds of profile: the practice mark on every page must not move the text.
    let kind = if data.first().is_some_and(|b| b & 1 == 1) {
        crate::profile::ProfileKind::Practice
    } else {
        crate::profile::ProfileKind::Real
    };
    let bytes = pdf::render(&doc, created, kind).expect("any text renders");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        bytes.trim_ascii_end().ends_with(b"%%EOF"),
        "the PDF does not end"
    );
    let lo = lopdf::Document::load_mem(&bytes).expect("the PDF reads back");
    assert_eq!(
        lo.get_pages().len(),
        pages,
        "pages previewed and printed differ"
    );
    assert_eq!(pdf::active_content(&lo), None, "active content");
}

#[cfg(test)]
mod replay {
    //! The committed seeds replayed through the targets' checks: an ordinary test, on stable.
    use std::path::{Path, PathBuf};

    fn seeds(target: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/seeds")
            .join(target)
    }

    /// Every file of `fuzz/seeds/<target>/` through `check`; fails when there are none (a
    /// moved or emptied directory must not pass by testing nothing) and names a failing file.
    fn replay(target: &str, check: fn(&[u8])) {
        let dir = seeds(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the seeds of `{target}` ({}): {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(
            !files.is_empty(),
            "no seeds for `{target}` in {}",
            dir.display()
        );
        for f in &files {
            let data = std::fs::read(f).expect("a seed file");
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("fuzz/seeds/{target}/{name} fails the `{target}` check: {why}");
            }
        }
    }

    #[test]
    fn every_idnumber_seed_passes_the_fuzz_check() {
        replay("idnumber", super::idnumber);
    }

    #[test]
    fn every_backup_reader_seed_passes_the_fuzz_check() {
        replay("backup_reader", super::backup_reader);
    }

    #[test]
    fn every_csv_merge_seed_passes_the_fuzz_check() {
        replay("csv_merge", super::csv_merge);
    }

    #[test]
    fn every_pdf_text_seed_passes_the_fuzz_check() {
        replay("pdf_text", super::pdf_text);
    }
}
