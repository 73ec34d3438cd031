//! The report as CSV for Swedish Excel, and the coordinator's merge of several laptops' CSVs.
//! The format is documented for users in `docs/STATISTIK-CSV.md`.
//!
//! - UTF-8 with a byte-order mark (Excel otherwise reads it as Windows-1252), `;` between
//!   fields (Swedish Excel's list separator), CRLF line ends, decimal comma (`12,5`).
//! - Long format, one published number per line: `period_fran;period_till;grans;tabell;
//!   rubrik;rad;kolumn;varde`. Totals have `rad` or `kolumn` = `Totalt`. `varde` is a whole
//!   number, `<5` (hidden, 1–4), `..` (hidden to protect another number) or, for the key
//!   figures (`tabell` = `nyckeltal`), a decimal with a comma or empty when not shown.
//! - Only suppressed numbers are ever written: this module takes a [`Report`], never raw
//!   counts.
//!
//! # Merging
//!
//! A coordinator collects one CSV per laptop (municipality, unit) for the same period and
//! wants the region's numbers. Hidden numbers can't be summed: the merge gives, per cell, the
//! exact sum when every laptop showed a number, and otherwise a **lower bound** (`minst`): the
//! shown numbers, plus 1 for every `<t` and `t` for every `..` — together with how many parts
//! were hidden. The merge never sees a raw count, so it can't reveal one; the raw counts never
//! leave a laptop (asking each laptop to export unsuppressed counts "for merging" would create
//! exactly the identifiable file the suppression exists to prevent).

use std::collections::BTreeMap;

use super::report::Report;
use super::suppress::Shown;
use crate::{Error, Result};

pub const BOM: &str = "\u{feff}";
pub const HEADER: [&str; 8] = [
    "period_fran",
    "period_till",
    "grans",
    "tabell",
    "rubrik",
    "rad",
    "kolumn",
    "varde",
];
pub const MERGED_HEADER: [&str; 10] = [
    "period_fran",
    "period_till",
    "tabell",
    "rubrik",
    "rad",
    "kolumn",
    "varde",
    "minst",
    "dolda_delar",
    "filer",
];
pub const TOTAL: &str = "Totalt";
pub const KEY_FIGURES: &str = "nyckeltal";
pub const MEDIAN_ROW: &str = "Median antal dagar från upptäckt behov till första SIP-möte";
pub const MEDIAN_N_ROW: &str = "Antal SIP som medianen bygger på";
pub const INDICATOR_ROW: &str = "SIP används i våldsärenden (andel aktiva våldsärenden med SIP, %)";

/// A field for the CSV: quoted when it holds `;`, `"` or a line break; a text that Excel
/// would read as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn line(out: &mut String, fields: &[&str]) {
    let v: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&v.join(";"));
    out.push_str("\r\n");
}

/// A decimal with a comma: `12,5`, `7`.
pub fn decimal(v: f64) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    s.replace('.', ",")
}

/// The report as CSV bytes. `kind` is the open profile's (issue 19): in the practice profile
/// the first line is [`crate::profile::PRACTICE_MARK`] alone, so the file can't be taken for
/// real figures and [`merge`] refuses it.
pub fn to_csv(report: &Report, kind: crate::profile::ProfileKind) -> Vec<u8> {
    let mut out = String::from(BOM);
    if kind.is_practice() {
        line(&mut out, &[crate::profile::PRACTICE_MARK]);
    }
    line(&mut out, &HEADER);
    let from = report.from.to_string();
    let to = report.to.to_string();
    let t = report.threshold.to_string();
    let th = report.threshold;
    for table in &report.tables {
        let d = &table.data;
        let mut put = |row: &str, col: &str, v: Shown| {
            if v != Shown::None {
                line(
                    &mut out,
                    &[
                        &from,
                        &to,
                        &t,
                        &table.key,
                        &table.title,
                        row,
                        col,
                        &v.text(th),
                    ],
                );
            }
        };
        for (r, row) in table.rows.iter().enumerate() {
            for (c, col) in table.cols.iter().enumerate() {
                put(row, col, d.cells[r][c]);
            }
            put(row, TOTAL, d.row_totals[r]);
        }
        for (c, col) in table.cols.iter().enumerate() {
            put(TOTAL, col, d.col_totals[c]);
        }
        put(TOTAL, TOTAL, d.grand_total);
    }
    let m = &report.median_days_to_first_meeting;
    let figures = [
        (MEDIAN_ROW, m.days.map(decimal).unwrap_or_default()),
        (
            MEDIAN_N_ROW,
            m.sips
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("<{th}")),
        ),
        (
            INDICATOR_ROW,
            report
                .sip_indicator
                .percent
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ),
    ];
    for (row, v) in figures {
        line(
            &mut out,
            &[&from, &to, &t, KEY_FIGURES, "Nyckeltal", row, "", &v],
        );
    }
    out.into_bytes()
}

/// Splits CSV text (`;`, quotes doubled, CRLF or LF) into records. Never panics.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut records = Vec::new();
    let mut rec = Vec::new();
    let mut f = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            if ch == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    f.push('"');
                } else {
                    quoted = false;
                }
            } else {
                f.push(ch);
            }
            continue;
        }
        match ch {
            '"' if f.is_empty() => quoted = true,
            ';' => rec.push(std::mem::take(&mut f)),
            '\r' => {}
            '\n' => {
                rec.push(std::mem::take(&mut f));
                records.push(std::mem::take(&mut rec));
            }
            _ => f.push(ch),
        }
    }
    if !f.is_empty() || !rec.is_empty() {
        rec.push(f);
        records.push(rec);
    }
    records
}

/// One number of a laptop's CSV as the merge reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Exact(u64),
    /// `<t`: between 1 and t − 1.
    Small,
    /// `..`: at least t.
    Complement(u64),
}

#[derive(Debug, Default)]
struct Acc {
    title: String,
    exact: u64,
    minimum: u64,
    hidden: u64,
    files: u64,
}

/// Merges laptops' CSVs of the same period into one CSV (the header [`MERGED_HEADER`]).
/// Key figures (median, share) can't be merged and are left out. Refuses files of different
/// periods or in another format, saying which file.
pub fn merge(files: &[Vec<u8>]) -> Result<Vec<u8>> {
    if files.is_empty() {
        return Err(Error::InvalidInput(
            "Välj minst en CSV-fil med statistik att slå ihop.".into(),
        ));
    }
    let mut period: Option<(String, String)> = None;
    let mut cells: BTreeMap<(String, String, String), Acc> = BTreeMap::new();
    let mut order: Vec<(String, String, String)> = Vec::new();
    for (i, bytes) in files.iter().enumerate() {
        let n = i + 1;
        let bad = |what: &str| {
            Error::InvalidInput(format!(
                "Fil {n} kan inte slås ihop: {what}. Använd CSV-filer som Tryggplan har skapat \
                 för samma period."
            ))
        };
        let text = std::str::from_utf8(bytes).map_err(|_| bad("den är inte UTF-8"))?;
        let recs = parse(text);
        let Some((head, rows)) = recs.split_first() else {
            return Err(bad("den är tom"));
        };
        if head.first().map(String::as_str) == Some(crate::profile::PRACTICE_MARK) {
            return Err(Error::InvalidInput(format!(
                "Fil {n} kommer från övningsprofilen och har bara påhittade uppgifter. Den slås \
                 aldrig ihop med riktig statistik. Välj CSV-filer från de riktiga profilerna."
            )));
        }
        if head.iter().map(String::as_str).ne(HEADER) {
            return Err(bad("kolumnerna är inte de väntade"));
        }
        for r in rows {
            if r.len() == 1 && r[0].is_empty() {
                continue;
            }
            if r.len() != HEADER.len() {
                return Err(bad("en rad har fel antal fält"));
            }
            let p = (r[0].clone(), r[1].clone());
            match &period {
                None => period = Some(p),
                Some(q) if *q != p => {
                    return Err(bad(&format!(
                        "den gäller perioden {} – {}, den första filen {} – {}",
                        p.0, p.1, q.0, q.1
                    )))
                }
                _ => {}
            }
            if r[3] == KEY_FIGURES {
                continue;
            }
            let t: u64 = r[2].parse().map_err(|_| bad("gränsen är inte ett tal"))?;
            let part = match r[7].as_str() {
                ".." => Part::Complement(t),
                v if v.starts_with('<') => Part::Small,
                v => Part::Exact(v.parse().map_err(|_| bad("ett värde är inte ett tal"))?),
            };
            let key = (r[3].clone(), r[5].clone(), r[6].clone());
            let acc = cells.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                Acc {
                    title: r[4].clone(),
                    ..Acc::default()
                }
            });
            acc.files += 1;
            // A sum that does not fit is refused, never wrapped (a hand-edited file could
            // otherwise turn a total into a small number; found by the fuzz target
            // `fuzz_csv_shaped_files_merge_as_the_format_says`). The exact sum is never above
            // the lower bound, so checking the bound covers both.
            let add = match part {
                Part::Exact(v) | Part::Complement(v) => v,
                Part::Small => 1,
            };
            acc.minimum = acc
                .minimum
                .checked_add(add)
                .ok_or_else(|| bad("en summa blir för stor, ett värde är orimligt stort"))?;
            match part {
                Part::Exact(v) => acc.exact += v,
                Part::Small | Part::Complement(_) => acc.hidden += 1,
            }
        }
    }
    let (from, to) = period.unwrap_or_default();
    let mut out = String::from(BOM);
    line(&mut out, &MERGED_HEADER);
    for key in &order {
        let a = &cells[key];
        let exact = if a.hidden == 0 {
            a.exact.to_string()
        } else {
            String::new()
        };
        line(
            &mut out,
            &[
                &from,
                &to,
                &key.0,
                &a.title,
                &key.1,
                &key.2,
                &exact,
                &a.minimum.to_string(),
                &a.hidden.to_string(),
                &a.files.to_string(),
            ],
        );
    }
    Ok(out.into_bytes())
}
