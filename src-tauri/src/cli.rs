//! The app's one command-line command, for a coordinator who collects the statistics of
//! several laptops:
//!
//! ```text
//! tryggplan statistik-sammanfoga --ut samlad.csv dator1.csv dator2.csv …
//! ```
//!
//! It merges CSV reports of the same period (`followup::csv::merge`, format in
//! `docs/STATISTIK-CSV.md`). It needs no database, no passphrase and no window: the files hold
//! only suppressed counts. The output is written like every export — a hidden part file in the
//! target folder, fsynced and renamed — and never over an existing file.

use std::ffi::OsString;
use std::path::PathBuf;

use tryggplan_core::followup::csv;
use tryggplan_core::{Error, Result};

/// The subcommand's name (the first argument).
pub const MERGE: &str = "statistik-sammanfoga";

const USAGE: &str = "Så här används kommandot:\n  tryggplan statistik-sammanfoga --ut SAMLAD.csv FIL1.csv FIL2.csv …";

/// Runs the merge with the arguments after the subcommand; the exit code.
pub fn merge_statistics(args: &[OsString]) -> i32 {
    match merge(args) {
        Ok((out, n)) => {
            println!("{n} filer sammanfogade till {}.", out.display());
            0
        }
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            2
        }
    }
}

/// The merge itself: `--ut OUT` and at least one input file. Returns the output path and the
/// number of files merged.
pub fn merge(args: &[OsString]) -> Result<(PathBuf, usize)> {
    let mut out: Option<PathBuf> = None;
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--ut" {
            let p = it.next().ok_or_else(|| {
                Error::InvalidInput("Ange filen som ska skapas efter --ut.".into())
            })?;
            out = Some(PathBuf::from(p));
        } else {
            inputs.push(PathBuf::from(a));
        }
    }
    let out = out.ok_or_else(|| {
        Error::InvalidInput(
            "Ange med --ut vilken fil den sammanfogade statistiken ska sparas i.".into(),
        )
    })?;
    if inputs.is_empty() {
        return Err(Error::InvalidInput(
            "Ange minst en CSV-fil med statistik att slå ihop.".into(),
        ));
    }
    if out.exists() {
        return Err(Error::InvalidInput(format!(
            "Filen {} finns redan och skrivs inte över. Välj ett annat namn.",
            out.display()
        )));
    }
    let mut files = Vec::with_capacity(inputs.len());
    for p in &inputs {
        let bytes = std::fs::read(p).map_err(|_| {
            Error::InvalidInput(format!(
                "Filen {} gick inte att läsa. Kontrollera namnet och att du får läsa den.",
                p.display()
            ))
        })?;
        files.push(bytes);
    }
    let merged = csv::merge(&files)?;
    crate::commands::documents::write_private_file(&out, &merged)?;
    Ok((out, inputs.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tryggplan_core::followup::report::{report, ReportInput};

    fn csv_of_an_empty_year() -> Vec<u8> {
        let d = |s: &str| s.parse().unwrap();
        csv::to_csv(
            &report(&ReportInput::default(), d("2026-01-01"), d("2026-12-31"), 5),
            tryggplan_core::profile::ProfileKind::Real,
        )
    }

    #[test]
    fn merges_two_laptops_into_a_new_file_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, csv_of_an_empty_year()).unwrap();
        std::fs::write(&b, csv_of_an_empty_year()).unwrap();
        let out = dir.path().join("samlad.csv");
        let args: Vec<OsString> = vec![
            "--ut".into(),
            out.clone().into(),
            a.into(),
            b.clone().into(),
        ];
        assert_eq!(merge(&args).unwrap().1, 2);
        let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
        let recs = csv::parse(&text);
        assert_eq!(recs[0], csv::MERGED_HEADER);
        let total = recs
            .iter()
            .find(|r| r[2] == "malgrupp_valdsutsatt" && r[4] == "Totalt" && r[5] == "Totalt")
            .expect("the grand total of a table");
        assert_eq!((total[6].as_str(), total[9].as_str()), ("0", "2"));
        // Again: the file exists and is kept as it is.
        let before = std::fs::read(&out).unwrap();
        let e = merge(&args).unwrap_err().to_string();
        assert!(e.contains("finns redan"), "{e}");
        assert_eq!(std::fs::read(&out).unwrap(), before);
        // No --ut, no input, an unreadable or foreign file: refused in Swedish, nothing written.
        assert!(merge(&[b.clone().into()])
            .unwrap_err()
            .to_string()
            .contains("--ut"));
        let out2 = dir.path().join("ny.csv");
        assert!(merge(&["--ut".into(), out2.clone().into()]).is_err());
        std::fs::write(dir.path().join("x.csv"), "inte;statistik\r\n").unwrap();
        let e = merge(&[
            "--ut".into(),
            out2.clone().into(),
            dir.path().join("x.csv").into(),
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("kolumnerna"), "{e}");
        assert!(!out2.exists());
    }
}
