//! "Statistikrapport" as a document: the report for a period drawn with the documents' own
//! model and PDF writer (`document::model`, `document::pdf`) — the same header, footer, font
//! check, deterministic bytes and refusal of active content — with its charts drawn in the PDF.
//!
//! "the coordinator reports yearly — without any person being identifiable" (issue 7); "every
//! count below a threshold (default 5, configurable ≥ 3) is shown as "<5" and never derivable
//! from totals (suppress complementary cells too)".
//!
//! What it is built from: [`build`] takes a [`Report`] — whose every number has passed the
//! suppression — the organisation's name and the day; nothing else. It can't carry a name,
//! an identity number, an address or a case's date because it is never handed one. The charts
//! draw hidden numbers as their text at the axis, never as a bar or a point with a height
//! (`document::chart`). The title, document id and file name name only the period.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::document::model::{Block, ChartSeries, Column, Document, DocumentKind, Field};
use crate::document::{self, Prepared};
use crate::followup::csv::{decimal, MEDIAN_ROW};
use crate::followup::report::{self, Report, ReportTable};
use crate::followup::suppress::Shown;
use crate::Result;

/// In every page's header: what the paper is.
pub const LEGEND: &str = "Avidentifierad statistik – inga personuppgifter";
/// The footer's version field.
pub const VERSION: &str = "Sammanställning för perioden";
/// The indicator's name [000].
pub const INDICATOR: &str = "SIP används i våldsärenden";
/// The heading above each table's totals row and column.
pub const TOTAL: &str = "Totalt";
/// A table with more columns than this is turned (its columns become rows) to fit the page.
const MAX_COLUMNS: usize = 6;

/// The keys of the tables of persons by legal sex × age band, one per target group: each gets
/// a bar chart.
pub const PERSON_TABLES: [&str; 3] = [
    "malgrupp_valdsutsatt",
    "malgrupp_barn_som_bevittnat_vald",
    "malgrupp_valdsutovare",
];
/// The key of the table of SIPs initiated per month: the line chart.
pub const MONTHS_TABLE: &str = "sip_per_manad";

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// "2026-01-01–2026-12-31".
pub fn period(report: &Report) -> String {
    format!("{}–{}", report.from, report.to)
}

/// The document's title (also the PDF's metadata title): "Statistikrapport 2026-01-01–2026-12-31".
pub fn title(report: &Report) -> String {
    format!("{} {}", DocumentKind::Statistics.title(), period(report))
}

/// The suggested file name's stem: `statistikrapport-2026-01-01-2026-12-31`.
pub fn file_stem(report: &Report) -> String {
    format!("statistikrapport-{}-{}", report.from, report.to)
}

/// What the suppression does, in the words a reader needs ("Antal under 5 visas som <5 …").
pub fn threshold_note(threshold: u32) -> String {
    format!(
        "Antal under {threshold} visas som <{threshold}. För att ett sådant antal inte ska kunna \
         räknas fram ur summorna döljs även vissa andra tal; de visas som \"..\". 0 betyder att \
         ingen ingår. I diagrammen ritas ingen stapel eller punkt för ett dolt tal: det står \
         som <{threshold} eller \"..\" vid axeln."
    )
}

/// The table of a report with the given key, if it has one.
fn table<'a>(report: &'a Report, key: &str) -> Option<&'a ReportTable> {
    report.tables.iter().find(|t| t.key == key)
}

/// A table of the report as a table block: the row header, the columns, and the totals the
/// report publishes (a column "Totalt" for the row totals, a row "Totalt" for the column
/// totals and the grand total). A table wider than [`MAX_COLUMNS`] is turned.
pub fn table_block(t: &ReportTable, threshold: u32) -> Block {
    let d = &t.data;
    let text = |s: Shown| s.text(threshold);
    let cell = |r: usize, c: usize| d.cells.get(r).and_then(|row| row.get(c)).copied();
    let turned = t.cols.len() > MAX_COLUMNS;
    // (row header, row labels, column labels, cell(r, c), row totals, column totals)
    let (row_header, rows, cols) = if turned {
        (
            if t.key == MONTHS_TABLE {
                "Månad".to_owned()
            } else {
                String::new()
            },
            t.cols.clone(),
            t.rows.clone(),
        )
    } else {
        (t.row_header.clone(), t.rows.clone(), t.cols.clone())
    };
    let at = |r: usize, c: usize| {
        if turned {
            cell(c, r)
        } else {
            cell(r, c)
        }
    };
    let (row_totals, col_totals) = if turned {
        (&d.col_totals, &d.row_totals)
    } else {
        (&d.row_totals, &d.col_totals)
    };
    let has_row_totals = row_totals.iter().any(|s| *s != Shown::None);
    let has_total_row =
        col_totals.iter().any(|s| *s != Shown::None) || d.grand_total != Shown::None;

    let n = cols.len() + usize::from(has_row_totals);
    let first: u8 = if n <= 1 { 60 } else { 40 };
    let each = ((100 - u32::from(first)) / n.max(1) as u32).min(20) as u8;
    let mut columns = vec![Column {
        title: row_header,
        width: first,
    }];
    columns.extend(cols.iter().map(|c| Column {
        title: c.clone(),
        width: each,
    }));
    if has_row_totals {
        columns.push(Column {
            title: TOTAL.into(),
            width: each,
        });
    }
    let mut out: Vec<Vec<String>> = Vec::new();
    for (r, label) in rows.iter().enumerate() {
        let mut line = vec![label.clone()];
        line.extend((0..cols.len()).map(|c| at(r, c).map(text).unwrap_or_default()));
        if has_row_totals {
            line.push(row_totals.get(r).copied().map(text).unwrap_or_default());
        }
        out.push(line);
    }
    if has_total_row {
        let mut line = vec![TOTAL.to_owned()];
        line.extend(
            (0..cols.len()).map(|c| col_totals.get(c).copied().map(text).unwrap_or_default()),
        );
        if has_row_totals {
            line.push(text(d.grand_total));
        }
        out.push(line);
    }
    Block::Table { columns, rows: out }
}

/// A bar chart of a persons table: the age bands along the axis, one bar per legal sex.
fn persons_chart(t: &ReportTable, threshold: u32) -> Block {
    let series = t
        .cols
        .iter()
        .enumerate()
        .map(|(c, name)| ChartSeries {
            name: name.clone(),
            values: t
                .data
                .cells
                .iter()
                .map(|row| row.get(c).copied().unwrap_or(Shown::None))
                .collect(),
        })
        .collect();
    Block::BarChart {
        title: format!("{} efter juridiskt kön och ålder vid start", t.title),
        categories: t.rows.clone(),
        series,
        threshold,
    }
}

/// A month's label under the line: "jan" … "dec", with the year under the first month and
/// under every January. `ym` is the table's `YYYY-MM`.
fn month_label(ym: &str, first: bool) -> String {
    let (y, m) = ym.split_once('-').unwrap_or((ym, ""));
    let Some(name) = m
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
    else {
        return ym.to_owned();
    };
    if first || m == "01" {
        format!("{name}\n{y}")
    } else {
        (*name).to_owned()
    }
}

/// The line of SIPs initiated per month.
fn months_chart(t: &ReportTable, threshold: u32) -> Block {
    Block::LineChart {
        title: t.title.clone(),
        labels: t
            .cols
            .iter()
            .enumerate()
            .map(|(i, c)| month_label(c, i == 0))
            .collect(),
        values: t.data.cells.first().cloned().unwrap_or_default(),
        threshold,
    }
}

/// The key figures as a table: the median days from the need to the first meeting, and the
/// indicator "SIP används i våldsärenden" [000].
fn key_figures(report: &Report) -> Block {
    let t = report.threshold;
    let m = &report.median_days_to_first_meeting;
    let median = match (m.days, m.sips) {
        (Some(days), Some(n)) => format!("{} dagar (beräknat på {n} SIP)", decimal(days)),
        _ => format!("Visas inte: färre än {t} SIP hade sitt första möte under perioden."),
    };
    let indicator = match report.sip_indicator.percent {
        Some(p) => format!("{p} % av de aktiva våldsärendena"),
        None => "Visas inte: för få ärenden, eller så få med eller utan SIP att andelen \
                 kunde peka ut någon."
            .to_owned(),
    };
    Block::Table {
        columns: vec![
            Column {
                title: "Nyckeltal".into(),
                width: 55,
            },
            Column {
                title: "Värde".into(),
                width: 45,
            },
        ],
        rows: vec![
            vec![MEDIAN_ROW.into(), median],
            vec![INDICATOR.into(), indicator],
        ],
    }
}

/// The report as a document: pure, from the suppressed report only.
pub fn build(report: &Report, organisation: &str, generated_on: NaiveDate) -> Document {
    let t = report.threshold;
    let mut blocks = vec![
        Block::Heading {
            text: title(report),
        },
        Block::Fields {
            fields: vec![
                Field {
                    label: "Organisation".into(),
                    value: organisation.to_owned(),
                },
                Field {
                    label: "Period".into(),
                    value: format!("{} – {} (båda dagarna ingår)", report.from, report.to),
                },
                Field {
                    label: "Framtagen".into(),
                    value: generated_on.to_string(),
                },
                Field {
                    label: "Gräns för små tal".into(),
                    value: t.to_string(),
                },
            ],
        },
        Block::Paragraph {
            text: "Rapporten sammanställer uppföljningen av ärenden om våld i nära relationer \
                   under perioden, uppdelad på juridiskt kön och ålder. Den innehåller inga \
                   namn, personnummer, adresser eller andra uppgifter om enskilda: bara antal, \
                   en andel i hela procent och en median."
                .into(),
        },
        Block::Notice {
            title: "Små tal".into(),
            items: vec![threshold_note(t)],
        },
        Block::Subheading {
            text: "Nyckeltal".into(),
        },
        key_figures(report),
        Block::Heading {
            text: "Diagram".into(),
        },
    ];
    for key in PERSON_TABLES {
        if let Some(tab) = table(report, key) {
            blocks.push(persons_chart(tab, t));
        }
    }
    if let Some(tab) = table(report, MONTHS_TABLE) {
        blocks.push(months_chart(tab, t));
    }
    blocks.push(Block::Heading {
        text: "Tabeller".into(),
    });
    for tab in &report.tables {
        blocks.push(Block::Subheading {
            text: tab.title.clone(),
        });
        blocks.push(table_block(tab, t));
    }
    Document {
        title: title(report),
        organisation: organisation.to_owned(),
        document_id: format!("Statistik {}", period(report)),
        version: VERSION.into(),
        date: generated_on,
        legend: Some(LEGEND.into()),
        blocks,
    }
}

/// The report as a prepared document from a report already computed (for the app, which may
/// already hold it).
pub fn prepare_report(report: &Report, organisation: &str, today: NaiveDate) -> Prepared {
    document::finish(
        build(report, organisation, today),
        organisation.trim().is_empty(),
        file_stem(report),
        None,
        // In the history: "Statistikrapport 2026-01-01–2026-12-31 exporterad som PDF" — the
        // period, never a number of the report.
        title(report),
        Vec::new(),
    )
}

/// Gathers the facts, computes the report for `from..=to` with the threshold setting, and
/// builds its document (`today`: the day in the footer).
pub fn prepare(
    conn: &Connection,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Prepared> {
    let organisation = document::organisation(conn)?;
    let input = crate::followup::gather(conn)?;
    let rep = report::report(&input, from, to, crate::followup::threshold(conn)?);
    Ok(prepare_report(&rep, &organisation, today))
}

/// The PDF bytes, dated by the document's own day (see [`document::render_on_its_day`]).
pub use document::render_on_its_day as render;

#[cfg(test)]
mod tests;
