//! The statistics report as a PDF: checked with the tools a reader would use (qpdf, pdffonts,
//! pdftotext), its table cells parsed back out of the text, its charts' geometry, and its bytes
//! deterministic.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::document::model::Block;
use crate::document::tests::{check_pdf, tool};
use crate::followup::report::{self, ReportInput};
use crate::followup::tests::{fixture, random_input};
use tryggplan_pdf::chart::{self, Area};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const ORG: &str = "Örebro kommun, Våldsteamet";

fn year_report(input: &ReportInput, t: u32) -> Report {
    report::report(input, d(2026, 1, 1), d(2026, 12, 31), t)
}

fn pdf_of(rep: &Report) -> Vec<u8> {
    render(
        &prepare_report(rep, ORG, d(2026, 11, 29)),
        crate::profile::ProfileKind::Real,
    )
    .unwrap()
}

/// The cells of the row whose label is `label`, from the first line at or after `*at` that
/// begins with the label (or, for a label wrapped in its column, with its first words): the
/// rest of that line, split at spaces. Moves `*at` past it.
fn row_cells(lines: &[&str], at: &mut usize, label: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = label.split(' ').collect();
    while *at < lines.len() {
        let line = lines[*at].trim_start();
        *at += 1;
        // The longest run of the label's first words the line starts with (a whole word each).
        let matched = (1..=words.len()).rev().find_map(|k| {
            let p = words[..k].join(" ");
            let rest = line.strip_prefix(p.as_str())?;
            (rest.is_empty() || rest.starts_with(' ')).then_some((k, rest))
        });
        if let Some((k, rest)) = matched {
            // Part of a label only when the label is long (it wraps); never one short word.
            if k == words.len() || k >= 2 {
                return Some(rest.split_whitespace().map(str::to_owned).collect());
            }
        }
    }
    None
}

/// Every table of the report, parsed out of the PDF's text: for each table, for each row, the
/// cells as the reader sees them. Each table is found by its title (a line of its own), then
/// its rows in order.
/// A table as read back: its key and its rows (label, cells).
type Parsed = (String, Vec<(String, Vec<String>)>);

fn parsed_tables(text: &str, rep: &Report) -> Vec<Parsed> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    let mut out = Vec::new();
    for t in &rep.tables {
        let Block::Table { rows, .. } = table_block(t, rep.threshold) else {
            unreachable!()
        };
        while at < lines.len() && lines[at].trim() != t.title {
            at += 1;
        }
        assert!(
            at < lines.len(),
            "table {:?} not found in the text",
            t.title
        );
        let mut parsed = Vec::new();
        for r in &rows {
            let cells = row_cells(&lines, &mut at, &r[0])
                .unwrap_or_else(|| panic!("{}: row {:?} not found", t.key, r[0]));
            parsed.push((r[0].clone(), cells));
        }
        out.push((t.key.clone(), parsed));
    }
    out
}

/// The cells the model says a table row shows (the empty ones are not seen in the text).
fn model_cells(rep: &Report) -> Vec<Vec<Vec<String>>> {
    rep.tables
        .iter()
        .map(|t| match table_block(t, rep.threshold) {
            Block::Table { rows, .. } => rows
                .into_iter()
                .map(|r| r.into_iter().skip(1).filter(|c| !c.is_empty()).collect())
                .collect(),
            _ => unreachable!(),
        })
        .collect()
}

/// Parses every table cell of the PDF's text and checks it: a number is 0 or at least t, a
/// hidden one is "<t" or "..", and the cells are exactly what the report says.
fn assert_cells_safe(text: &str, rep: &Report) -> usize {
    let t = u64::from(rep.threshold);
    let small = format!("<{t}");
    let mut n = 0;
    for ((key, rows), want) in parsed_tables(text, rep).iter().zip(model_cells(rep)) {
        for ((label, cells), want) in rows.iter().zip(want) {
            for c in cells {
                match c.parse::<u64>() {
                    Ok(v) => assert!(
                        v == 0 || v >= t,
                        "{key} / {label}: {v} is between 1 and {}",
                        t - 1
                    ),
                    Err(_) => assert!(c == &small || c == "..", "{key} / {label}: cell {c:?}"),
                }
                n += 1;
            }
            assert_eq!(
                cells, &want,
                "{key} / {label}: the PDF's cells differ from the report"
            );
        }
    }
    n
}

/// The report of the fixture as a PDF: qpdf --check (with pdffonts, pdfinfo, the active-content
/// scan and a page image, in `check_pdf`), every table cell parsed back, the key figures.
#[test]
fn the_fixture_report_as_a_pdf_passes_qpdf_and_every_cell_reads_back() {
    let rep = year_report(&fixture(), 5);
    let bytes = pdf_of(&rep);
    let (path, text) = check_pdf("statistikrapport-2026", &bytes);
    let cells = assert_cells_safe(&text, &rep);
    assert!(cells > 150, "{cells} cells parsed");
    for want in [
        "Statistikrapport 2026-01-01–2026-12-31",
        "Avidentifierad statistik – inga personuppgifter",
        "Antal under 5 visas som <5.",
        INDICATOR,
        "Diagram",
        "Initierade SIP per månad",
        "Personer – Våldsutsatt efter juridiskt kön och ålder vid start",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(
        info.contains("Title:           Statistikrapport 2026-01-01–2026-12-31"),
        "{info}"
    );
    // The median and the indicator of the fixture are shown.
    let m = rep.median_days_to_first_meeting.days.unwrap();
    assert!(text.contains(&format!("{} dagar", decimal(m))), "{text}");
    let p = rep.sip_indicator.percent.unwrap();
    assert!(
        text.contains(&format!("{p} % av de aktiva våldsärendena")),
        "{text}"
    );
}

/// A report with numbers put in by hand: a table cell and a bar's number appear in the text,
/// each where it belongs (the charts come before "Tabeller", the tables after).
#[test]
fn known_counts_appear_as_a_table_cell_and_as_a_bar_label() {
    let mut rep = year_report(&ReportInput::default(), 5);
    let persons = rep
        .tables
        .iter_mut()
        .find(|t| t.key == "malgrupp_valdsutsatt")
        .unwrap();
    let row = persons.rows.iter().position(|r| r == "30–49 år").unwrap();
    persons.data.cells[row] = vec![Shown::Count(37), Shown::Small, Shown::Complement];
    persons.data.row_totals[row] = Shown::Count(48);
    let months = rep
        .tables
        .iter_mut()
        .find(|t| t.key == MONTHS_TABLE)
        .unwrap();
    months.data.cells[0][2] = Shown::Count(23);
    months.data.cells[0][3] = Shown::Small;
    months.data.cells[0][4] = Shown::Count(11);

    let bytes = pdf_of(&rep);
    let (_, text) = check_pdf("statistikrapport-kanda-tal", &bytes);
    // Each chart's own lines: from its title to the next chart's (or the tables').
    let all: Vec<&str> = text.lines().collect();
    let line_of = |want: &str| all.iter().position(|l| l.trim() == want).unwrap();
    let tokens = |from: usize, to: usize| -> Vec<&str> {
        all[from..to]
            .iter()
            .flat_map(|l| l.split_whitespace())
            .collect()
    };
    let bar_chart = line_of("Personer – Våldsutsatt efter juridiskt kön och ålder vid start");
    let next_chart =
        line_of("Personer – Barn som bevittnat våld efter juridiskt kön och ålder vid start");
    let line_chart = line_of("Initierade SIP per månad");
    let split = line_of("Tabeller");
    assert!(bar_chart < next_chart && next_chart < line_chart && line_chart < split);
    let bars = tokens(bar_chart + 1, next_chart);
    for want in ["37", "<5", ".."] {
        assert!(
            bars.contains(&want),
            "{want:?} is not drawn in the bar chart: {bars:?}"
        );
    }
    let months = tokens(line_chart + 1, split);
    for want in ["23", "11", "<5"] {
        assert!(
            months.contains(&want),
            "{want:?} is not drawn on the line: {months:?}"
        );
    }
    let lines = &all[split..];
    let mut at = lines
        .iter()
        .position(|l| l.trim() == "Personer – Våldsutsatt")
        .unwrap();
    assert_eq!(
        row_cells(lines, &mut at, "30–49 år").unwrap(),
        ["37", "<5", "..", "48"]
    );
    let mut at = lines
        .iter()
        .position(|l| l.trim() == "Initierade SIP per månad")
        .unwrap();
    assert_eq!(row_cells(lines, &mut at, "2026-03").unwrap(), ["23"]);
    assert_eq!(row_cells(lines, &mut at, "2026-04").unwrap(), ["<5"]);
    assert_cells_safe(&text, &rep);
}

#[test]
fn the_same_report_and_day_give_the_same_bytes() {
    let rep = year_report(&fixture(), 5);
    let a = pdf_of(&rep);
    let b = pdf_of(&rep);
    assert_eq!(a, b);
    let other_day = render(
        &prepare_report(&rep, ORG, d(2026, 11, 30)),
        crate::profile::ProfileKind::Real,
    )
    .unwrap();
    assert_ne!(a, other_day, "the day is in the footer and the metadata");
}

/// The title, file name, history text and document id name the period only; without the
/// organisation's name nothing is rendered.
#[test]
fn the_furniture_names_the_period_only_and_the_organisation_is_required() {
    let rep = year_report(&fixture(), 5);
    let p = prepare_report(&rep, ORG, d(2026, 11, 29));
    assert_eq!(
        p.preview.file_name,
        "statistikrapport-2026-01-01-2026-12-31.pdf"
    );
    assert_eq!(p.summary, "Statistikrapport 2026-01-01–2026-12-31");
    assert_eq!(p.case, None);
    assert_eq!(
        p.preview.document.document_id,
        "Statistik 2026-01-01–2026-12-31"
    );
    assert!(p.preview.warnings.is_empty(), "{:?}", p.preview.warnings);
    assert!(p.preview.removed.is_empty());
    let none = prepare_report(&rep, "  ", d(2026, 11, 29));
    assert!(!none.preview.warnings.is_empty());
    assert!(render(&none, crate::profile::ProfileKind::Real).is_err());
}

/// The charts are built from the right tables: a bar chart per target group (age bands × legal
/// sex, the same cells as the table) and the line of SIPs per month.
#[test]
fn the_charts_are_the_persons_tables_and_the_months() {
    let rep = year_report(&fixture(), 5);
    let doc = build(&rep, ORG, d(2026, 11, 29));
    let bars: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::BarChart {
                categories, series, ..
            } => Some((categories, series)),
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), 3);
    for ((categories, series), key) in bars.iter().zip(PERSON_TABLES) {
        let t = rep.tables.iter().find(|t| t.key == key).unwrap();
        assert_eq!(*categories, &t.rows);
        assert_eq!(series.len(), 3);
        for (c, s) in series.iter().enumerate() {
            assert_eq!(s.name, t.cols[c]);
            let col: Vec<Shown> = t.data.cells.iter().map(|r| r[c]).collect();
            assert_eq!(s.values, col);
        }
    }
    let lines: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::LineChart { labels, values, .. } => Some((labels, values)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0.len(), 12);
    assert_eq!(lines[0].0[0], "jan\n2026");
    assert_eq!(lines[0].0[1], "feb");
    let months = rep.tables.iter().find(|t| t.key == MONTHS_TABLE).unwrap();
    assert_eq!(lines[0].1, &months.data.cells[0]);
}

/// The geometry of every chart of a document: no bar and no point for a hidden number.
fn assert_no_height_for_hidden(doc: &Document) -> usize {
    let area = Area {
        x: 100.0,
        baseline: 100.0,
        w: 400.0,
        h: 150.0,
    };
    let mut hidden = 0;
    for b in &doc.blocks {
        match b {
            Block::BarChart {
                categories,
                series,
                threshold,
                ..
            } => {
                let g = chart::bars(area, categories.len(), series, *threshold);
                for bar in &g.bars {
                    let v = series[bar.series].values[bar.category];
                    assert_eq!(v, Shown::Count(bar.value), "a bar for {v:?}");
                }
                for (s, ser) in series.iter().enumerate() {
                    for (c, v) in ser.values.iter().enumerate() {
                        if v.count().is_none() {
                            hidden += 1;
                            assert!(!g.bars.iter().any(|b| b.series == s && b.category == c));
                            assert!(g.marks.iter().any(|m| m.series == s && m.category == c));
                        }
                    }
                }
            }
            Block::LineChart {
                values, threshold, ..
            } => {
                let g = chart::line(area, values, *threshold);
                for dot in &g.dots {
                    assert_eq!(values[dot.index], Shown::Count(dot.value));
                }
                hidden += values.iter().filter(|v| v.count().is_none()).count();
            }
            _ => {}
        }
    }
    hidden
}

#[test]
fn the_fixture_charts_draw_no_hidden_number() {
    let rep = year_report(&fixture(), 5);
    let hidden = assert_no_height_for_hidden(&build(&rep, ORG, d(2026, 11, 29)));
    assert!(hidden > 0, "the fixture hides some numbers in its charts");
}

fn pdftotext(dir: &Path, bytes: &[u8]) -> String {
    let p = dir.join("rapport.pdf");
    std::fs::write(&p, bytes).unwrap();
    tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"])
}

proptest! {
    // Each case renders and reads back a PDF (≈ 0.1 s): few cases.
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// For random data sets: no table cell of the PDF's text is between 1 and t − 1 (every cell
    /// parsed, and equal to the report's), and no chart gives a hidden number a height.
    #[test]
    fn no_pdf_cell_is_small_and_no_chart_draws_a_hidden_number(
        seed in any::<u64>(),
        n in 0usize..150,
        t in 3u32..8,
    ) {
        let rep = year_report(&random_input(seed, n), t);
        let doc = build(&rep, ORG, d(2026, 11, 29));
        assert_no_height_for_hidden(&doc);
        let dir = tempfile::tempdir().unwrap();
        let text = pdftotext(dir.path(), &pdf_of(&rep));
        prop_assert!(assert_cells_safe(&text, &rep) > 100);
    }
}
