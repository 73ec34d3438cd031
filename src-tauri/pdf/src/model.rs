//! The document model: what a document says, in blocks. The PDF (`pdf.rs`) and the app's HTML
//! preview are both drawn from this one model, so what is previewed is what is printed. The
//! kinds of document and their titles are the caller's: a document carries its title.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

/// A number that may be hidden: what a chart, a table cell or a CSV cell shows of a count.
/// The rule that hides a number is the caller's (Tryggplan's statistics suppression); the
/// engine only draws it, and a chart never gives a hidden number a height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
#[ts(export)]
pub enum Shown {
    /// Shown as it is.
    Count(u64),
    /// Hidden because it is between 1 and t − 1: shown as "<t".
    Small,
    /// Hidden so that a small number can't be worked out from the others: shown as "..".
    Complement,
    /// The table does not publish this number (a total that is not a sum, say).
    None,
}

impl Shown {
    /// The text in a table, a CSV cell or the PDF: `"12"`, `"<5"`, `".."` or `""`.
    pub fn text(self, threshold: u32) -> String {
        match self {
            Shown::Count(v) => v.to_string(),
            Shown::Small => format!("<{threshold}"),
            Shown::Complement => "..".into(),
            Shown::None => String::new(),
        }
    }

    /// The count, if shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(v) => Some(v),
            _ => None,
        }
    }
}

/// A document: a header and footer on every page, and its blocks in order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Document {
    /// The title: also the PDF's metadata title, so it never holds a person's name.
    pub title: String,
    /// The organisation's name (from the settings), in every page's header.
    pub organisation: String,
    /// E.g. `SIP-2026-0042-samtycke-3`: names no person.
    pub document_id: String,
    /// E.g. "Version 2, fastställd 2026-11-20".
    pub version: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// "Innehåller sekretessbelagda uppgifter", or the protection level, on every page.
    pub legend: Option<String>,
    pub blocks: Vec<Block>,
}

/// One label and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// A box on the form: ticked or empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Check {
    pub checked: bool,
    pub text: String,
}

/// A column of a table, its width in percent of the text width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Column {
    pub title: String,
    pub width: u8,
}

/// One series of a bar chart: its name in the legend and one published number per category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChartSeries {
    pub name: String,
    pub values: Vec<Shown>,
}

/// The building blocks. Every text may be as long as the user made it: paragraphs, tables and
/// lists flow over pages; a signature block and a notice are kept on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum Block {
    Heading {
        text: String,
    },
    Subheading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    Fields {
        fields: Vec<Field>,
    },
    Checks {
        items: Vec<Check>,
    },
    Bullets {
        items: Vec<String>,
    },
    /// A framed notice (the meeting-safety points).
    Notice {
        title: String,
        items: Vec<String>,
    },
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// Empty lines to write on by hand.
    WriteLines {
        label: String,
        count: u8,
    },
    /// A statement, then for each party: date, signature and name clarification lines. The
    /// statement stays on the page of the first signature.
    Signatures {
        statement: String,
        parties: Vec<String>,
    },
    /// A grouped bar chart: the categories along the x axis, one bar per series in each, a
    /// legend. A number hidden by the suppression is never drawn as a bar (its height would
    /// tell the number): its text ("<5", "..") stands at the baseline instead. Kept on one page.
    BarChart {
        title: String,
        categories: Vec<String>,
        series: Vec<ChartSeries>,
        /// The suppression threshold, for the text of a hidden number.
        threshold: u32,
    },
    /// A line over time (one value per label, e.g. per month). The line breaks at a hidden
    /// number, which is marked with its text at the baseline. Kept on one page.
    LineChart {
        title: String,
        labels: Vec<String>,
        values: Vec<Shown>,
        threshold: u32,
    },
    /// Lines to be typed back exactly (the recovery key): large, monospaced, framed.
    Code {
        lines: Vec<String>,
    },
}

impl Document {
    /// Every text of the document, header included, for the character check.
    pub(crate) fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut out: Vec<&mut String> = vec![
            &mut self.title,
            &mut self.organisation,
            &mut self.document_id,
            &mut self.version,
        ];
        if let Some(l) = self.legend.as_mut() {
            out.push(l);
        }
        for b in &mut self.blocks {
            match b {
                Block::Heading { text }
                | Block::Subheading { text }
                | Block::Paragraph { text } => out.push(text),
                Block::Fields { fields } => {
                    for f in fields {
                        out.push(&mut f.label);
                        out.push(&mut f.value);
                    }
                }
                Block::Checks { items } => out.extend(items.iter_mut().map(|c| &mut c.text)),
                Block::Bullets { items } => out.extend(items.iter_mut()),
                Block::Notice { title, items } => {
                    out.push(title);
                    out.extend(items.iter_mut());
                }
                Block::Table { columns, rows } => {
                    out.extend(columns.iter_mut().map(|c| &mut c.title));
                    for r in rows {
                        out.extend(r.iter_mut());
                    }
                }
                Block::WriteLines { label, .. } => out.push(label),
                Block::Signatures { statement, parties } => {
                    out.push(statement);
                    out.extend(parties.iter_mut());
                }
                Block::BarChart {
                    title,
                    categories,
                    series,
                    ..
                } => {
                    out.push(title);
                    out.extend(categories.iter_mut());
                    out.extend(series.iter_mut().map(|s| &mut s.name));
                }
                Block::LineChart { title, labels, .. } => {
                    out.push(title);
                    out.extend(labels.iter_mut());
                }
                Block::Code { lines } => out.extend(lines.iter_mut()),
            }
        }
        out
    }
}
