//! Draws a [`Document`] on A4 pages with printpdf: a small flow layout (wrapped text, tables
//! whose rows split over pages with the header repeated, blocks kept together), a header with
//! the organisation and the legend, a footer with the document id, version, date and
//! "Sida X av Y". Deterministic: the same document and time give the same bytes.
//!
//! A signature block is kept on the page of what it confirms: when it does not fit below the
//! last choices, those choices (the last items before it, at most [`KEEP_ITEMS`]) move with it
//! to the next page. The layout is then run again with a page break before them (see
//! [`Layout::keep_with_previous`]).

use std::collections::BTreeSet;

use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Utc};
use lopdf::{Object, StringFormat};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use crate::chart::{self, largest, Area, Scale};
use crate::error::{Error, Result};
use crate::fonts::{fonts, Fonts};
use crate::model::{Block, ChartSeries, Document, Shown};

const MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;
/// 25 mm on the binding side: room for a two-hole punch (holes 12 mm from the edge).
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 20.0 * MM;
const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
const BODY_TOP: f32 = PAGE_H - 28.0 * MM;
const BODY_BOTTOM: f32 = 24.0 * MM;

const BODY: f32 = 10.0;
const LH: f32 = 14.0;
const H1: f32 = 16.0;
const H2: f32 = 11.5;
const SMALL: f32 = 8.0;
const PAD: f32 = 3.0;

/// Charts: the height of the plot, the size of axis and category labels and their line height,
/// the largest size of the numbers on the bars and points.
const PLOT_H: f32 = 150.0;
const AXIS: f32 = 7.5;
const AXIS_LH: f32 = 9.0;
const VALUE: f32 = 7.0;
/// Room above the plot for the numbers on the highest bars.
const HEADROOM: f32 = 14.0;

/// Keys that would make a PDF act (run script, open a link or a file, submit a form) or
/// carry something else than what is printed. None of them may appear.
pub const FORBIDDEN_KEYS: &[&str] = &[
    "JS",
    "JavaScript",
    "OpenAction",
    "AA",
    "Launch",
    "URI",
    "Annots",
    "EmbeddedFile",
    "EmbeddedFiles",
    "AcroForm",
    "XFA",
    "SubmitForm",
    "ImportData",
    "GoToR",
    "GoToE",
    "RichMedia",
    "Names",
    "A",
    "Outlines",
    "Dests",
    "ResetForm",
];

/// Action types that may never appear as a value anywhere (`/S /JavaScript` …).
const FORBIDDEN_ACTIONS: &[&str] = &[
    "JavaScript",
    "Launch",
    "URI",
    "SubmitForm",
    "ImportData",
    "GoToR",
    "GoToE",
    "ResetForm",
    "Rendition",
    "Sound",
    "Movie",
    "RichMediaExecute",
];

enum Draw {
    Text {
        x: f32,
        y: f32,
        text: String,
        bold: bool,
        size: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A rectangle filled with a grey (0 black, 1 white), outlined thinly in black or not.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: f32,
        outline: bool,
    },
    /// A line through points, in a grey.
    Path {
        points: Vec<(f32, f32)>,
        width: f32,
        grey: f32,
    },
    /// Monospaced bold text (only [`Block::Code`]).
    Mono {
        x: f32,
        y: f32,
        text: String,
        size: f32,
    },
}

/// The fill of the series `i` of `n`: greys far enough apart to tell apart on a black and
/// white print (the number on each bar tells them apart too).
fn series_grey(i: usize, n: usize) -> f32 {
    match n {
        0 | 1 => 0.45,
        _ => 0.15 + 0.77 * i as f32 / (n - 1) as f32,
    }
}

/// What a chart needs laid out before it is drawn (and to know its height).
struct ChartPlan {
    title: Vec<String>,
    /// Rows of the legend: (x, series).
    legend: Vec<Vec<(f32, usize)>>,
    /// The plot's left edge and width (the y axis's numbers are left of it).
    x: f32,
    w: f32,
    scale: Scale,
    /// The lines of each slot's label along the x axis (empty: not shown, to make room).
    labels: Vec<Vec<String>>,
    height: f32,
}

/// The size of [`Block::Code`] text, and its line height.
const CODE: f32 = 24.0;
const CODE_LH: f32 = CODE * 1.7;

/// How many items before a signature block (the last choices: boxes, list items, table rows,
/// fields, paragraphs) move with it to the next page when it does not fit below them.
const KEEP_ITEMS: usize = 3;

/// Where a page may break: before item `at.1` of block `at.0` (item 0: the block itself; the
/// block after a heading has none, it is kept with its heading).
#[derive(Debug, Clone, Copy, PartialEq)]
struct BreakPoint {
    at: (usize, usize),
    page: usize,
    /// The top of the item on its page.
    y: f32,
}

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Draw>>,
    /// The top of the next line on the current page.
    y: f32,
    /// Breaks an earlier pass asked for (a signature block taking its last choices along).
    forced: BTreeSet<(usize, usize)>,
    /// The places where this pass could have broken the page, in order.
    breaks: Vec<BreakPoint>,
    /// The block being laid out.
    block_no: usize,
    /// How many of `breaks` lie before the current block (and before its heading, when it
    /// follows one).
    own: usize,
    /// Set when a kept block asks for a break before an earlier item: the pass stops and the
    /// layout runs again with it.
    restart: Option<(usize, usize)>,
    /// False only in the last-resort pass: nothing is taken along.
    keeping: bool,
    /// Where each finished page's content ended (its last y).
    page_ends: Vec<f32>,
}

/// Splits `text` into lines no wider than `width`: at spaces, and inside a word only when the
/// word alone is too wide. Line breaks in the text are kept; an empty line stays empty.
pub(crate) fn wrap(fonts: &Fonts, text: &str, width: f32, bold: bool, size: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fonts.width(&candidate, bold, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            // The word alone: break it where it no longer fits.
            for c in word.chars() {
                line.push(c);
                if fonts.width(&line, bold, size) > width && line.chars().count() > 1 {
                    line.pop();
                    out.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        out.push(line);
    }
    out
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts, forced: BTreeSet<(usize, usize)>) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: BODY_TOP,
            forced,
            breaks: Vec::new(),
            block_no: 0,
            own: 0,
            restart: None,
            keeping: true,
            page_ends: Vec::new(),
        }
    }

    /// Before item `item` of the current block: a break an earlier pass asked for starts a new
    /// page here (true); either way this is a place where the page may break.
    fn item_start(&mut self, item: usize) -> bool {
        let at = (self.block_no, item);
        let broke = self.forced.contains(&at) && !self.at_top();
        if broke {
            self.new_page();
        }
        self.breaks.push(BreakPoint {
            at,
            page: self.pages.len() - 1,
            y: self.y,
        });
        broke
    }

    /// A block that must stay with what it confirms (a signature block, and the heading over
    /// it) needs `need` points from here, and wants the last [`KEEP_ITEMS`] items before it on
    /// its page. When it does not fit here, or when the page it would stand on holds fewer of
    /// them, the furthest of those items from which everything up to it fits on one page is
    /// asked for as a page break, and the pass stops (true). False when nothing needs to move,
    /// or nothing can (it then stays, or begins the next page, as any block).
    fn keep_with_previous(&mut self, need: f32) -> bool {
        if !self.keeping {
            return false;
        }
        let page = self.pages.len() - 1;
        let fits = self.y - need >= BODY_BOTTOM;
        let last: Vec<BreakPoint> = self.breaks[..self.own.min(self.breaks.len())]
            .iter()
            .rev()
            .take(KEEP_ITEMS)
            .copied()
            .collect();
        if fits && last.iter().all(|b| b.page == page) {
            return false;
        }
        // Room for a table's header row, repeated over a row that moves.
        let room = BODY_TOP - BODY_BOTTOM - 2.0 * LH;
        let moved = |b: &BreakPoint| -> Option<f32> {
            if b.y >= BODY_TOP {
                // A page's top: a break there changes nothing.
                None
            } else if b.page == page {
                // When it fits here, what is on this page already stays with it.
                (!fits).then_some(b.y - self.y)
            } else if b.page + 1 == page {
                Some(b.y - self.page_ends[b.page] + (BODY_TOP - self.y))
            } else {
                None
            }
        };
        match last
            .iter()
            .rev()
            .find(|b| moved(b).is_some_and(|h| h + need <= room))
        {
            Some(b) => {
                self.restart = Some(b.at);
                true
            }
            None => false,
        }
    }

    /// The height of a signature block: the statement and every party's lines.
    fn signatures_height(&self, statement: &str, parties: &[String]) -> f32 {
        let said = if statement.is_empty() {
            0.0
        } else {
            wrap(self.fonts, statement, WIDTH, false, BODY).len() as f32 * LH + 8.0
        };
        said + parties
            .iter()
            .map(|p| self.signature_height(p))
            .sum::<f32>()
    }

    fn page(&mut self) -> &mut Vec<Draw> {
        self.pages.last_mut().expect("a layout always has a page")
    }

    fn at_top(&self) -> bool {
        self.y >= BODY_TOP
    }

    fn new_page(&mut self) {
        self.page_ends.push(self.y);
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    /// Starts a new page unless `h` points fit on this one (or this page is still empty).
    fn ensure(&mut self, h: f32) {
        if self.y - h < BODY_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y -= h;
        }
    }

    /// One line of text whose top is at the current y.
    fn text_at(&mut self, x: f32, text: &str, bold: bool, size: f32) {
        if text.is_empty() {
            return;
        }
        let y = self.y - size * 0.85;
        self.page().push(Draw::Text {
            x,
            y,
            text: text.to_owned(),
            bold,
            size,
        });
    }

    /// Wrapped lines at `x`, flowing over pages.
    fn lines(&mut self, x: f32, width: f32, text: &str, bold: bool, size: f32, lh: f32) {
        for line in wrap(self.fonts, text, width, bold, size) {
            self.ensure(lh);
            self.text_at(x, &line, bold, size);
            self.y -= lh;
        }
    }

    /// Lines with a marker (box, bullet) before the first.
    fn marked(&mut self, marker: &str, marker_size: f32, indent: f32, text: &str) {
        let lines = wrap(self.fonts, text, WIDTH - indent, false, BODY);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(LH + 2.0);
            if i == 0 {
                let y = self.y;
                self.y += (marker_size - BODY) * 0.3;
                self.text_at(LEFT, marker, false, marker_size);
                self.y = y;
            }
            self.text_at(LEFT + indent, line, false, BODY);
            self.y -= LH + if i + 1 == lines.len() { 2.0 } else { 0.0 };
        }
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.page().push(Draw::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
        });
    }

    /// The height of the first part of `block` that can't be split over pages: a heading
    /// is kept on the same page as this much of what follows it.
    fn lead(&self, block: Option<&Block>) -> f32 {
        match block {
            None => 0.0,
            Some(Block::Heading { .. } | Block::Subheading { .. } | Block::Paragraph { .. }) => {
                2.0 * LH
            }
            Some(Block::Fields { fields }) => fields.first().map_or(0.0, |f| {
                let value = wrap(self.fonts, &f.value, WIDTH * 0.66, false, BODY).len();
                value.clamp(1, 2) as f32 * LH
            }),
            Some(Block::Checks { .. } | Block::Bullets { .. }) => LH + 2.0,
            Some(Block::Notice { title, items }) => {
                let h = self.notice_height(title, items);
                if h > BODY_TOP - BODY_BOTTOM {
                    2.0 * LH
                } else {
                    h + 4.0
                }
            }
            Some(Block::Table { .. }) => 3.0 * LH + 4.0 * PAD,
            Some(Block::WriteLines { .. }) => LH + 24.0,
            Some(Block::Signatures { statement, parties }) => {
                let whole = self.signatures_height(statement, parties);
                if whole <= BODY_TOP - BODY_BOTTOM {
                    whole
                } else {
                    let said = wrap(self.fonts, statement, WIDTH, false, BODY).len() as f32 * LH;
                    said + 8.0 + parties.first().map_or(0.0, |p| self.signature_height(p))
                }
            }
            Some(Block::BarChart {
                title,
                categories,
                series,
                ..
            }) => self.bar_plan(title, categories, series).height + 6.0,
            Some(Block::LineChart {
                title,
                labels,
                values,
                ..
            }) => self.line_plan(title, labels, values).height + 6.0,
            Some(Block::Code { lines }) => Self::code_height(lines),
        }
    }

    fn code_height(lines: &[String]) -> f32 {
        lines.len() as f32 * CODE_LH + 2.0 * 12.0
    }

    /// Framed, large, monospaced lines, centred, kept on one page.
    fn code(&mut self, lines: &[String]) {
        let h = Self::code_height(lines);
        self.gap(6.0);
        self.ensure(h);
        let top = self.y;
        self.page().push(Draw::Rect {
            x: LEFT,
            y: top - h,
            w: WIDTH,
            h,
        });
        self.y -= 12.0 + (CODE_LH - CODE) / 2.0;
        for line in lines {
            let w = self.fonts.mono_width(line, CODE);
            let x = LEFT + ((WIDTH - w) / 2.0).max(8.0);
            let y = self.y - CODE * 0.85;
            self.page().push(Draw::Mono {
                x,
                y,
                text: line.clone(),
                size: CODE,
            });
            self.y -= CODE_LH;
        }
        self.y = top - h - 10.0;
    }

    /// The height of one party's signature lines, with the party's name above them.
    fn signature_height(&self, party: &str) -> f32 {
        let label = wrap(self.fonts, party, WIDTH, true, BODY);
        label.len() as f32 * LH + 2.0 * (30.0 + SMALL + 6.0) + 14.0
    }

    /// `next` is the block that follows: a heading never stands alone at the foot of a page.
    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Heading { text } => {
                self.gap(8.0);
                let h = wrap(self.fonts, text, WIDTH, true, H1).len() as f32 * H1 * 1.3;
                let need = h + 4.0 + self.lead(next).max(LH);
                if matches!(next, Some(Block::Signatures { .. })) && self.keep_with_previous(need) {
                    return;
                }
                self.ensure(need);
                self.lines(LEFT, WIDTH, text, true, H1, H1 * 1.3);
                self.y -= 4.0;
            }
            Block::Subheading { text } => {
                self.gap(8.0);
                let h = wrap(self.fonts, text, WIDTH, true, H2).len() as f32 * H2 * 1.4;
                let need = h + 2.0 + self.lead(next).max(LH);
                if matches!(next, Some(Block::Signatures { .. })) && self.keep_with_previous(need) {
                    return;
                }
                self.ensure(need);
                self.lines(LEFT, WIDTH, text, true, H2, H2 * 1.4);
                self.y -= 2.0;
            }
            Block::Paragraph { text } => {
                self.lines(LEFT, WIDTH, text, false, BODY, LH);
                self.y -= 6.0;
            }
            Block::Fields { fields } => {
                let label_w = WIDTH * 0.34;
                for (j, f) in fields.iter().enumerate() {
                    if j > 0 {
                        self.item_start(j);
                    }
                    let labels = wrap(self.fonts, &f.label, label_w - 6.0, true, BODY);
                    let value = if f.value.trim().is_empty() {
                        "–"
                    } else {
                        &f.value
                    };
                    let values = wrap(self.fonts, value, WIDTH - label_w, false, BODY);
                    for i in 0..labels.len().max(values.len()) {
                        self.ensure(LH);
                        if let Some(l) = labels.get(i) {
                            self.text_at(LEFT, l, true, BODY);
                        }
                        if let Some(v) = values.get(i) {
                            self.text_at(LEFT + label_w, v, false, BODY);
                        }
                        self.y -= LH;
                    }
                    self.y -= 2.0;
                }
                self.y -= 4.0;
            }
            Block::Checks { items } => {
                for (j, c) in items.iter().enumerate() {
                    if j > 0 {
                        self.item_start(j);
                    }
                    self.marked(if c.checked { "☒" } else { "☐" }, 13.0, 18.0, &c.text);
                }
                self.y -= 4.0;
            }
            Block::Bullets { items } => {
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        self.item_start(j);
                    }
                    self.marked("•", BODY, 12.0, item);
                }
                self.y -= 4.0;
            }
            Block::Notice { title, items } => self.notice(title, items),
            Block::Code { lines } => self.code(lines),
            Block::Table { columns, rows } => self.table(columns, rows),
            Block::BarChart {
                title,
                categories,
                series,
                threshold,
            } => self.bar_chart(title, categories, series, *threshold),
            Block::LineChart {
                title,
                labels,
                values,
                threshold,
            } => self.line_chart(title, labels, values, *threshold),
            Block::WriteLines { label, count } => {
                self.ensure(LH + 24.0);
                self.lines(LEFT, WIDTH, label, false, BODY, LH);
                for _ in 0..*count {
                    self.ensure(24.0);
                    self.y -= 24.0;
                    let y = self.y + 4.0;
                    self.hline(LEFT, LEFT + WIDTH, y, 0.5);
                }
                self.y -= 8.0;
            }
            Block::Signatures { statement, parties } => {
                // The whole block on one page, with the last choices before it when it must.
                let whole = self.signatures_height(statement, parties);
                if whole <= BODY_TOP - BODY_BOTTOM {
                    if self.keep_with_previous(whole) {
                        return;
                    }
                    self.ensure(whole);
                }
                let said = wrap(self.fonts, statement, WIDTH, false, BODY);
                if parties.is_empty() {
                    self.lines(LEFT, WIDTH, statement, false, BODY, LH);
                }
                for (n, party) in parties.iter().enumerate() {
                    let label = wrap(self.fonts, party, WIDTH, true, BODY);
                    let h = self.signature_height(party);
                    if n == 0 && !statement.is_empty() {
                        self.ensure(h + said.len() as f32 * LH + 8.0);
                        self.lines(LEFT, WIDTH, statement, false, BODY, LH);
                        self.y -= 8.0;
                    }
                    self.ensure(h);
                    for l in &label {
                        self.text_at(LEFT, l, true, BODY);
                        self.y -= LH;
                    }
                    for pair in [
                        [("Ort och datum", 0.0, 0.36), ("Underskrift", 0.42, 1.0)],
                        [("Namnförtydligande", 0.0, 0.60), ("", 0.0, 0.0)],
                    ] {
                        self.y -= 30.0;
                        let y = self.y;
                        for (caption, from, to) in pair {
                            if caption.is_empty() {
                                continue;
                            }
                            self.hline(LEFT + WIDTH * from, LEFT + WIDTH * to, y, 0.6);
                            self.y = y - 2.0;
                            self.text_at(LEFT + WIDTH * from, caption, false, SMALL);
                            self.y = y;
                        }
                        self.y -= SMALL + 6.0;
                    }
                    self.y -= 14.0;
                }
            }
        }
    }

    /// The layout of a chart's frame: title, legend (`legend`: the series' names), the y
    /// axis scaled for the largest shown number `max`, and the slots' labels along the x axis
    /// (`wrap_labels`: each wrapped to its slot; else each label's lines as they are, and only
    /// every k-th label when they would touch).
    fn chart_plan(
        &self,
        title: &str,
        legend: &[String],
        slot_labels: &[String],
        max: u64,
        wrap_labels: bool,
    ) -> ChartPlan {
        let title = wrap(self.fonts, title, WIDTH, true, BODY);
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut x = LEFT;
        for (i, name) in legend.iter().enumerate() {
            let w = 12.0 + self.fonts.width(name, false, SMALL) + 16.0;
            if !row.is_empty() && x + w > LEFT + WIDTH {
                rows.push(std::mem::take(&mut row));
                x = LEFT;
            }
            row.push((x, i));
            x += w;
        }
        if !row.is_empty() {
            rows.push(row);
        }
        let scale = chart::scale(max);
        let tick_w = scale
            .ticks()
            .iter()
            .map(|t| self.fonts.width(&t.to_string(), false, AXIS))
            .fold(0.0, f32::max);
        let px = LEFT + tick_w + 6.0;
        let w = LEFT + WIDTH - px;
        let slot = w / slot_labels.len().max(1) as f32;
        let labels: Vec<Vec<String>> = if wrap_labels {
            slot_labels
                .iter()
                .map(|l| wrap(self.fonts, l, slot - 4.0, false, AXIS))
                .collect()
        } else {
            let lines: Vec<Vec<String>> = slot_labels
                .iter()
                .map(|l| l.split('\n').map(str::to_owned).collect())
                .collect();
            let widest = lines
                .iter()
                .flatten()
                .map(|l| self.fonts.width(l, false, AXIS))
                .fold(0.0, f32::max);
            // Every k-th label, k from 1, 2, 3, 4, 6, 12 (then multiples of 12), counted from
            // the first label after the first that carries a second line (the year under a
            // January), so that the labels shown keep their years.
            let need = ((widest + 4.0) / slot).ceil().max(1.0) as usize;
            let every = [1, 2, 3, 4, 6, 12]
                .into_iter()
                .find(|k| *k >= need)
                .unwrap_or(need.div_ceil(12) * 12);
            let anchor = lines
                .iter()
                .skip(1)
                .position(|l| l.len() > 1)
                .map_or(0, |p| (p + 1) % every);
            lines
                .into_iter()
                .enumerate()
                .map(|(i, l)| if i % every == anchor { l } else { Vec::new() })
                .collect()
        };
        let label_lines = labels.iter().map(Vec::len).max().unwrap_or(0);
        let legend_h = if rows.is_empty() {
            0.0
        } else {
            rows.len() as f32 * 12.0 + 2.0
        };
        let height = title.len() as f32 * LH
            + legend_h
            + HEADROOM
            + PLOT_H
            + 4.0
            + label_lines as f32 * AXIS_LH
            + 4.0;
        ChartPlan {
            title,
            legend: rows,
            x: px,
            w,
            scale,
            labels,
            height,
        }
    }

    fn bar_plan(&self, title: &str, categories: &[String], series: &[ChartSeries]) -> ChartPlan {
        let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
        let max = largest(series.iter().flat_map(|s| s.values.iter()));
        self.chart_plan(title, &names, categories, max, true)
    }

    fn line_plan(&self, title: &str, labels: &[String], values: &[Shown]) -> ChartPlan {
        self.chart_plan(title, &[], labels, largest(values.iter()), false)
    }

    fn text_centred(&mut self, cx: f32, baseline: f32, text: &str, size: f32) {
        let w = self.fonts.width(text, false, size);
        self.page().push(Draw::Text {
            x: cx - w / 2.0,
            y: baseline,
            text: text.to_owned(),
            bold: false,
            size,
        });
    }

    /// Draws the frame of a planned chart from the current y (title, legend, grid, the y
    /// axis's numbers, the x axis's labels) and returns the plot area.
    fn chart_frame(&mut self, plan: &ChartPlan, legend: &[String]) -> Area {
        for l in &plan.title {
            self.text_at(LEFT, l, true, BODY);
            self.y -= LH;
        }
        for row in &plan.legend {
            for &(x, s) in row {
                let y = self.y;
                self.page().push(Draw::Fill {
                    x,
                    y: y - 9.0,
                    w: 9.0,
                    h: 9.0,
                    grey: series_grey(s, legend.len()),
                    outline: true,
                });
                self.page().push(Draw::Text {
                    x: x + 12.0,
                    y: y - 8.0,
                    text: legend[s].clone(),
                    bold: false,
                    size: SMALL,
                });
            }
            self.y -= 12.0;
        }
        if !plan.legend.is_empty() {
            self.y -= 2.0;
        }
        self.y -= HEADROOM;
        let area = Area {
            x: plan.x,
            baseline: self.y - PLOT_H,
            w: plan.w,
            h: PLOT_H,
        };
        for t in plan.scale.ticks() {
            let y = area.baseline + PLOT_H * t as f32 / plan.scale.top as f32;
            if t > 0 {
                self.page().push(Draw::Path {
                    points: vec![(area.x, y), (area.x + area.w, y)],
                    width: 0.4,
                    grey: 0.75,
                });
            }
            let s = t.to_string();
            let w = self.fonts.width(&s, false, AXIS);
            self.page().push(Draw::Text {
                x: area.x - 4.0 - w,
                y: y - AXIS * 0.35,
                text: s,
                bold: false,
                size: AXIS,
            });
        }
        let slot = area.w / plan.labels.len().max(1) as f32;
        for (i, lines) in plan.labels.iter().enumerate() {
            let cx = area.x + (i as f32 + 0.5) * slot;
            for (j, l) in lines.iter().enumerate() {
                let y = area.baseline - 4.0 - AXIS * 0.85 - j as f32 * AXIS_LH;
                self.text_centred(cx, y, l, AXIS);
            }
        }
        area
    }

    /// The axes over what was drawn in the plot.
    fn axes(&mut self, area: Area) {
        self.page().push(Draw::Path {
            points: vec![(area.x, area.baseline + area.h), (area.x, area.baseline)],
            width: 0.6,
            grey: 0.0,
        });
        self.page().push(Draw::Path {
            points: vec![(area.x, area.baseline), (area.x + area.w, area.baseline)],
            width: 0.9,
            grey: 0.0,
        });
    }

    /// The largest size (at most `VALUE`) at which every text fits in `room`.
    fn value_size<'a>(&self, texts: impl Iterator<Item = &'a str> + Clone, room: f32) -> f32 {
        let mut size = VALUE;
        while size > 4.5
            && texts
                .clone()
                .any(|t| self.fonts.width(t, false, size) > room)
        {
            size -= 0.5;
        }
        size
    }

    /// A grouped bar chart, kept on one page: shown counts as grey bars with their number on
    /// top; a hidden number as its text at the baseline and no bar (`chart::bars`).
    fn bar_chart(
        &mut self,
        title: &str,
        categories: &[String],
        series: &[ChartSeries],
        threshold: u32,
    ) {
        let plan = self.bar_plan(title, categories, series);
        let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
        self.gap(6.0);
        self.ensure(plan.height);
        let top = self.y;
        let area = self.chart_frame(&plan, &names);
        let g = chart::bars(area, categories.len(), series, threshold);
        let numbers: Vec<String> = g.bars.iter().map(|b| b.value.to_string()).collect();
        let size = self.value_size(
            numbers
                .iter()
                .map(String::as_str)
                .chain(g.marks.iter().map(|m| m.text.as_str())),
            g.bar_w + 1.0,
        );
        for (b, n) in g.bars.iter().zip(&numbers) {
            if b.h > 0.0 {
                self.page().push(Draw::Fill {
                    x: b.x,
                    y: area.baseline,
                    w: b.w,
                    h: b.h,
                    grey: series_grey(b.series, series.len()),
                    outline: true,
                });
            }
            self.text_centred(b.x + b.w / 2.0, area.baseline + b.h + 2.5, n, size);
        }
        for m in &g.marks {
            self.text_centred(m.x, area.baseline + 2.5, &m.text, size);
        }
        self.axes(area);
        self.y = top - plan.height - 8.0;
    }

    /// A line chart, kept on one page: a point and its number for each shown count, the line
    /// broken at a hidden number, which is marked with its text at the baseline (`chart::line`).
    fn line_chart(&mut self, title: &str, labels: &[String], values: &[Shown], threshold: u32) {
        let plan = self.line_plan(title, labels, values);
        self.gap(6.0);
        self.ensure(plan.height);
        let top = self.y;
        let area = self.chart_frame(&plan, &[]);
        let g = chart::line(area, values, threshold);
        for run in &g.runs {
            self.page().push(Draw::Path {
                points: run.clone(),
                width: 1.4,
                grey: 0.0,
            });
        }
        let numbers: Vec<String> = g.dots.iter().map(|d| d.value.to_string()).collect();
        let size = self.value_size(
            numbers
                .iter()
                .map(String::as_str)
                .chain(g.marks.iter().map(|m| m.text.as_str())),
            g.slot - 1.0,
        );
        for d in &g.dots {
            self.page().push(Draw::Fill {
                x: d.x - 2.2,
                y: d.y - 2.2,
                w: 4.4,
                h: 4.4,
                grey: 0.0,
                outline: true,
            });
        }
        // Each number above its point, on a white ground so the line doesn't run through it;
        // when they can't be written without touching, none (the axis tells the height).
        let room = g.slot - 1.0;
        let fit = numbers
            .iter()
            .all(|n| self.fonts.width(n, false, size) <= room);
        for (d, n) in g.dots.iter().zip(&numbers).filter(|_| fit) {
            let w = self.fonts.width(n, false, size);
            self.page().push(Draw::Fill {
                x: d.x - w / 2.0 - 1.0,
                y: d.y + 4.0,
                w: w + 2.0,
                h: size + 1.0,
                grey: 1.0,
                outline: false,
            });
            self.text_centred(d.x, d.y + 5.0, n, size);
        }
        for m in &g.marks {
            self.text_centred(m.x, area.baseline + 2.5, &m.text, size);
        }
        self.axes(area);
        self.y = top - plan.height - 8.0;
    }

    /// The title's and the items' lines of a framed notice.
    fn notice_lines(&self, title: &str, items: &[String]) -> (Vec<String>, Vec<Vec<String>>) {
        let inner = WIDTH - 2.0 * 8.0;
        let title_lines = wrap(self.fonts, title, inner, true, H2);
        let item_lines = items
            .iter()
            .map(|i| wrap(self.fonts, i, inner - 12.0, false, BODY))
            .collect();
        (title_lines, item_lines)
    }

    /// The height of a framed notice.
    fn notice_height(&self, title: &str, items: &[String]) -> f32 {
        let (title_lines, item_lines) = self.notice_lines(title, items);
        let n: usize = item_lines.iter().map(Vec::len).sum();
        16.0 + title_lines.len() as f32 * H2 * 1.4 + n as f32 * LH + items.len() as f32 * 2.0
    }

    /// A framed notice, kept on one page when it fits on one.
    fn notice(&mut self, title: &str, items: &[String]) {
        let (title_lines, item_lines) = self.notice_lines(title, items);
        let h = self.notice_height(title, items);
        self.gap(4.0);
        if h > BODY_TOP - BODY_BOTTOM {
            // Taller than a page: no frame, the text flows.
            self.lines(LEFT, WIDTH, title, true, H2, H2 * 1.4);
            for i in items {
                self.marked("•", BODY, 12.0, i);
            }
            return;
        }
        self.ensure(h);
        let top = self.y;
        self.page().push(Draw::Rect {
            x: LEFT,
            y: top - h,
            w: WIDTH,
            h,
        });
        self.y -= 8.0;
        for l in &title_lines {
            self.text_at(LEFT + 8.0, l, true, H2);
            self.y -= H2 * 1.4;
        }
        for lines in &item_lines {
            for (i, l) in lines.iter().enumerate() {
                if i == 0 {
                    self.text_at(LEFT + 8.0, "•", false, BODY);
                }
                self.text_at(LEFT + 20.0, l, false, BODY);
                self.y -= LH;
            }
            self.y -= 2.0;
        }
        self.y = top - h - 10.0;
    }

    /// A table whose rows split over pages, with the header row repeated on every page.
    fn table(&mut self, columns: &[crate::model::Column], rows: &[Vec<String>]) {
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| WIDTH * f32::from(c.width) / 100.0)
            .collect();
        let xs: Vec<f32> = widths
            .iter()
            .scan(LEFT, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        let cells = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(t, w)| wrap(self.fonts, t, w - 2.0 * PAD, bold, BODY))
                .collect()
        };
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let header_cells = cells(&header, true);
        let header_h = header_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * LH + 2.0 * PAD;
        let body_cells: Vec<Vec<Vec<String>>> = rows.iter().map(|r| cells(r, false)).collect();

        let draw_row =
            |l: &mut Layout, cells: &[Vec<String>], from: usize, n: usize, bold: bool| {
                let top = l.y;
                for (c, lines) in cells.iter().enumerate() {
                    l.y = top - PAD;
                    for line in lines.iter().skip(from).take(n) {
                        l.text_at(xs[c] + PAD, line, bold, BODY);
                        l.y -= LH;
                    }
                }
                l.y = top - PAD * 2.0 - n as f32 * LH;
                let y = l.y;
                l.hline(LEFT, LEFT + WIDTH, y, if bold { 0.9 } else { 0.4 });
            };
        let header_lines = header_cells.iter().map(Vec::len).max().unwrap_or(1);

        self.gap(2.0);
        self.ensure(header_h + LH + 2.0 * PAD);
        draw_row(self, &header_cells, 0, header_lines, true);
        for (j, row) in body_cells.iter().enumerate() {
            if j > 0 && self.item_start(j) {
                draw_row(self, &header_cells, 0, header_lines, true);
            }
            let total = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut done = 0;
            while done < total {
                let avail = ((self.y - BODY_BOTTOM - 2.0 * PAD) / LH).floor().max(0.0) as usize;
                let whole_fits_fresh =
                    (total - done) as f32 * LH + 2.0 * PAD <= BODY_TOP - BODY_BOTTOM - header_h;
                // Move to a new page when nothing fits, or when the rest of the row would fit
                // whole on a fresh page (rows split only when they must).
                if avail == 0 || (avail < total - done && whole_fits_fresh && done == 0) {
                    self.new_page();
                    draw_row(self, &header_cells, 0, header_lines, true);
                    continue;
                }
                let n = avail.min(total - done);
                draw_row(self, row, done, n, false);
                done += n;
            }
        }
        self.y -= 8.0;
    }
}

/// The header and footer of one page.
fn furniture(l: &Layout, doc: &Document, number: usize, total: usize) -> Vec<Draw> {
    let mut out = Vec::new();
    let top = PAGE_H - 10.0 * MM;
    let right = LEFT + WIDTH;
    let legend_w = doc
        .legend
        .as_deref()
        .map(|t| l.fonts.width(t, true, 9.0))
        .unwrap_or(0.0);
    // The name beside the legend when it fits there in three lines; else the name across the
    // page (at most 120 characters: two lines) and the legend under it. Nothing is cut.
    let org_w = WIDTH - legend_w - 12.0;
    let narrow = wrap(l.fonts, &doc.organisation, org_w.max(1.0), true, 9.0);
    let beside = org_w >= WIDTH * 0.3 && narrow.len() <= 3;
    let org = if beside {
        narrow
    } else {
        wrap(l.fonts, &doc.organisation, WIDTH, true, 9.0)
    };
    let mut y = top;
    for line in &org {
        out.push(Draw::Text {
            x: LEFT,
            y,
            text: line.clone(),
            bold: true,
            size: 9.0,
        });
        y -= 10.0;
    }
    if let Some(legend) = &doc.legend {
        // Right-aligned on the first line when it fits beside the name, else under it.
        let (x, ly) = if beside {
            (right - legend_w, top)
        } else {
            (LEFT, y)
        };
        for (i, line) in wrap(l.fonts, legend, WIDTH, true, 9.0)
            .into_iter()
            .enumerate()
        {
            out.push(Draw::Text {
                x,
                y: ly - i as f32 * 10.0,
                text: line,
                bold: true,
                size: 9.0,
            });
        }
    }
    let rule = PAGE_H - 22.0 * MM;
    out.push(Draw::Line {
        x1: LEFT,
        y1: rule,
        x2: right,
        y2: rule,
        width: 0.6,
    });

    let foot = 14.0 * MM;
    out.push(Draw::Line {
        x1: LEFT,
        y1: foot + 10.0,
        x2: right,
        y2: foot + 10.0,
        width: 0.4,
    });
    let left_text = format!(
        "{} · {} · {}",
        doc.document_id,
        doc.version,
        doc.date.format("%Y-%m-%d")
    );
    for (i, line) in wrap(l.fonts, &left_text, WIDTH * 0.75, false, SMALL)
        .into_iter()
        .take(2)
        .enumerate()
    {
        out.push(Draw::Text {
            x: LEFT,
            y: foot - i as f32 * 10.0,
            text: line,
            bold: false,
            size: SMALL,
        });
    }
    let page = format!("Sida {number} av {total}");
    let w = l.fonts.width(&page, false, SMALL);
    out.push(Draw::Text {
        x: right - w,
        y: foot,
        text: page,
        bold: false,
        size: SMALL,
    });
    out
}

/// What every page says besides the document: nothing, or a mark that the paper is practice,
/// not the real thing. The caller decides; [`render`] can't be called without deciding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marking<'a> {
    /// An ordinary document.
    None,
    /// The mark (e.g. "ÖVNING – inte verkliga uppgifter") at the top and the foot of every
    /// page (see [`practice_marks`]), and before the file's title.
    Practice(&'a str),
}

/// The practice mark on one page (issue 19): bold, centred above the header and below the
/// footer, in the margins where no other text is, so a page torn or cut at either edge still
/// says it.
fn practice_marks(fonts: &Fonts, mark: &str) -> Vec<Draw> {
    let size = 9.0;
    let w = fonts.width(mark, true, size);
    let x = LEFT + (WIDTH - w) / 2.0;
    [PAGE_H - 5.5 * MM, 5.5 * MM]
        .into_iter()
        .map(|y| Draw::Text {
            x,
            y,
            text: mark.to_owned(),
            bold: true,
            size,
        })
        .collect()
}

/// One pass of the flow layout with the page breaks `forced` by earlier passes.
fn pass(doc: &Document, forced: BTreeSet<(usize, usize)>, keeping: bool) -> Layout<'static> {
    let mut l = Layout::new(fonts(), forced);
    l.keeping = keeping;
    for (i, b) in doc.blocks.iter().enumerate() {
        l.block_no = i;
        // The block after a heading is kept with it: no break between them.
        let glued = i > 0
            && matches!(
                doc.blocks[i - 1],
                Block::Heading { .. } | Block::Subheading { .. }
            );
        if !glued {
            l.item_start(0);
            l.own = l.breaks.len() - 1;
        }
        l.block(b, doc.blocks.get(i + 1));
        if l.restart.is_some() {
            break;
        }
    }
    l
}

/// Lays out the document: the drawing operations of each page, header and footer included.
/// A signature block that asks for its last choices to go along with it makes the layout
/// run again with a page break before them (each pass adds one break, so it ends).
fn layout(doc: &Document) -> Vec<Vec<Draw>> {
    let mut forced = BTreeSet::new();
    let mut l = pass(doc, forced.clone(), true);
    while let Some(at) = l.restart {
        // A break is asked for only where the page did not break already, so each is new;
        // should one come again, the last pass keeps the breaks so far and takes nothing along.
        let again = !forced.insert(at) || forced.len() > doc.blocks.len() + 64;
        l = pass(doc, forced.clone(), !again);
    }
    let total = l.pages.len();
    let mut pages = std::mem::take(&mut l.pages);
    for (i, p) in pages.iter_mut().enumerate() {
        p.extend(furniture(&l, doc, i + 1, total));
    }
    pages
}

/// The number of pages the document takes (shown with the preview).
pub fn page_count(doc: &Document) -> usize {
    layout(doc).len()
}

/// A grey (0 black, 1 white) as the colour printpdf takes.
fn grey_of(g: f32) -> Color {
    Color::Rgb(Rgb {
        r: g,
        g,
        b: g,
        icc_profile: None,
    })
}

fn to_ops(draws: Vec<Draw>, regular: &FontId, bold: &FontId, mono: &FontId) -> Vec<Op> {
    let black = grey_of(0.0);
    let mut ops = vec![
        Op::SetOutlineColor { col: black.clone() },
        Op::SetFillColor { col: black },
    ];
    let pt = |x: f32, y: f32| Point { x: Pt(x), y: Pt(y) };
    for d in draws {
        match d {
            Draw::Text {
                x,
                y,
                text,
                bold: b,
                size,
            } => ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(if b { bold.clone() } else { regular.clone() }),
                    size: Pt(size),
                },
                Op::SetTextCursor { pos: pt(x, y) },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]),
            Draw::Mono { x, y, text, size } => ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(mono.clone()),
                    size: Pt(size),
                },
                Op::SetTextCursor { pos: pt(x, y) },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]),
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => ops.extend([
                Op::SetOutlineThickness { pt: Pt(width) },
                Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(x1, y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(x2, y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                },
            ]),
            Draw::Rect { x, y, w, h } => ops.extend([
                Op::SetOutlineThickness { pt: Pt(1.2) },
                Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(y),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Stroke),
                        winding_order: None,
                    },
                },
            ]),
            Draw::Fill {
                x,
                y,
                w,
                h,
                grey,
                outline,
            } => ops.extend([
                Op::SetFillColor { col: grey_of(grey) },
                Op::SetOutlineThickness { pt: Pt(0.5) },
                Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(y),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(if outline {
                            PaintMode::FillStroke
                        } else {
                            PaintMode::Fill
                        }),
                        winding_order: None,
                    },
                },
                Op::SetFillColor { col: grey_of(0.0) },
            ]),
            Draw::Path {
                points,
                width,
                grey,
            } => ops.extend([
                Op::SetOutlineColor { col: grey_of(grey) },
                Op::SetOutlineThickness { pt: Pt(width) },
                Op::DrawLine {
                    line: Line {
                        points: points
                            .into_iter()
                            .map(|(x, y)| LinePoint {
                                p: pt(x, y),
                                bezier: false,
                            })
                            .collect(),
                        is_closed: false,
                    },
                },
                Op::SetOutlineColor { col: grey_of(0.0) },
            ]),
        }
    }
    ops
}

/// The PDF bytes of a document (whose text has been fitted to the font, see
/// `fonts::fit_to_font`). `created` is the document's creation time in its metadata.
///
/// `marking` is required (issue 19): with [`Marking::Practice`] every page carries the mark at
/// its top and its foot (see [`practice_marks`]), and the file's title begins with it.
pub fn render(doc: &Document, created: DateTime<Utc>, marking: Marking<'_>) -> Result<Vec<u8>> {
    let f = fonts();
    let title = match marking {
        Marking::Practice(mark) => format!("{mark} – {}", doc.title),
        Marking::None => doc.title.clone(),
    };
    let mut pdf = PdfDocument::new(&title);
    let when =
        printpdf::DateTime::from_unix_timestamp(created.timestamp()).map_err(|_| Error::Time)?;
    let info = &mut pdf.metadata.info;
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    info.creator = "Tryggplan".into();
    info.producer = "Tryggplan".into();
    // The author is the organisation: never a person.
    info.author = doc.organisation.clone();
    // Fixed resource names (printpdf's `add_font` picks random ones): the same document
    // gives the same bytes.
    let (regular, bold) = (FontId("TPDJVR".into()), FontId("TPDJVB".into()));
    pdf.resources
        .fonts
        .map
        .insert(regular.clone(), printpdf::PdfFont::new(f.regular.clone()));
    pdf.resources
        .fonts
        .map
        .insert(bold.clone(), printpdf::PdfFont::new(f.bold.clone()));
    // The monospaced face only where it is used: every other document stays as it was.
    let mono = FontId("TPDJVM".into());
    if doc.blocks.iter().any(|b| matches!(b, Block::Code { .. })) {
        pdf.resources
            .fonts
            .map
            .insert(mono.clone(), printpdf::PdfFont::new(f.mono.clone()));
    }
    let pages = layout(doc)
        .into_iter()
        .map(|mut draws| {
            if let Marking::Practice(mark) = marking {
                draws.extend(practice_marks(f, mark));
            }
            draws
        })
        .map(|draws| PdfPage::new(Mm(210.0), Mm(297.0), to_ops(draws, &regular, &bold, &mono)))
        .collect();
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    finish(&mut lo, doc, created)?;
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|_| Error::Write)?;
    Ok(out)
}

/// Makes the file deterministic and honest, and refuses any active content.
fn finish(lo: &mut lopdf::Document, doc: &Document, created: DateTime<Utc>) -> Result<()> {
    // printpdf writes a random /ID and an empty GTS_PDFXVersion (which readers take as a claim
    // of PDF/X). The /ID becomes a hash of what the document says and when.
    if let Ok(info) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = lo.get_dictionary_mut(info) {
            for key in ["GTS_PDFXVersion", "Trapped", "Identifier"] {
                dict.remove(key.as_bytes());
            }
        }
    }
    let model = serde_json::to_vec(doc).map_err(|_| Error::Id)?;
    let mut h = Blake2s256::new();
    h.update(&model);
    h.update(created.timestamp().to_be_bytes());
    let id = h.finalize()[..16].to_vec();
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    // printpdf gives every page an empty /Annots array: there are none, so it goes.
    for o in lo.objects.values_mut() {
        if let Object::Dictionary(d) = o {
            if matches!(d.get(b"Annots"), Ok(Object::Array(a)) if a.is_empty()) {
                d.remove(b"Annots");
            }
        }
    }
    if let Some(key) = active_content(lo) {
        return Err(Error::ActiveContent(key));
    }
    Ok(())
}

/// The first forbidden key (or action-type name) found anywhere in the file, if any.
pub fn active_content(lo: &lopdf::Document) -> Option<String> {
    fn walk(o: &Object) -> Option<String> {
        let dict = match o {
            Object::Name(n) if FORBIDDEN_ACTIONS.contains(&String::from_utf8_lossy(n).as_ref()) => {
                return Some(String::from_utf8_lossy(n).into_owned());
            }
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            Object::Array(a) => return a.iter().find_map(walk),
            _ => return None,
        };
        for (k, v) in dict.iter() {
            let k = String::from_utf8_lossy(k);
            if FORBIDDEN_KEYS.contains(&k.as_ref()) {
                return Some(k.into_owned());
            }
            if let Some(f) = walk(v) {
                return Some(f);
            }
        }
        None
    }
    lo.objects
        .values()
        .find_map(walk)
        .or_else(|| walk(&Object::Dictionary(lo.trailer.clone())))
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use crate::model::{ChartSeries, Check, Column, Field};

    /// The refusal itself (threat model §4, item 13): our own clean document, then each way a
    /// PDF can be made to act added to it — by a bug or by someone who edits the bytes. Each
    /// is found, also after a save and reload, and `finish` (the last step of every render)
    /// refuses the file.
    #[test]
    fn active_content_is_found_wherever_it_is_added_and_refused() {
        use lopdf::{dictionary, Object as O};
        let d = doc(vec![Block::Paragraph {
            text: "Samtycke till samordning".into(),
        }]);
        let now = chrono::Utc::now();
        let clean = lopdf::Document::load_mem(&render(&d, now, Marking::None).unwrap()).unwrap();
        assert_eq!(active_content(&clean), None);
        let root = clean
            .trailer
            .get(b"Root")
            .and_then(O::as_reference)
            .unwrap();
        let page = *clean.get_pages().values().next().unwrap();
        let js = || dictionary! { "S" => "JavaScript", "JS" => O::string_literal("app.alert(1)") };
        type Attack = Box<dyn Fn(&mut lopdf::Document)>;
        let on = |id: lopdf::ObjectId, key: &'static str, value: fn() -> O| -> Attack {
            Box::new(move |lo: &mut lopdf::Document| {
                lo.get_dictionary_mut(id).unwrap().set(key, value());
            })
        };
        let cases: Vec<(&str, Attack, &str)> = vec![
            (
                "script run at opening",
                on(root, "OpenAction", || {
                    O::Dictionary(
                        dictionary! { "S" => "JavaScript", "JS" => O::string_literal("x") },
                    )
                }),
                "OpenAction",
            ),
            (
                "a page's additional actions",
                on(page, "AA", || {
                    O::Dictionary(dictionary! { "O" => dictionary! { "S" => "Launch" } })
                }),
                "AA",
            ),
            (
                "a link",
                on(page, "Annots", || {
                    O::Array(vec![O::Dictionary(dictionary! {
                        "Type" => "Annot", "Subtype" => "Link",
                        "URI" => O::string_literal("https://example.invalid/"),
                    })])
                }),
                "Annots",
            ),
            (
                "an embedded file",
                on(root, "Names", || {
                    O::Dictionary(dictionary! { "EmbeddedFiles" => dictionary! {} })
                }),
                "Names",
            ),
            (
                "a form",
                on(root, "AcroForm", || {
                    O::Dictionary(dictionary! { "Fields" => vec![] })
                }),
                "AcroForm",
            ),
            (
                "a bare action object",
                Box::new(|lo: &mut lopdf::Document| {
                    lo.add_object(
                        dictionary! { "S" => "Launch", "F" => O::string_literal("a.exe") },
                    );
                }),
                "Launch",
            ),
            (
                "script in the trailer",
                Box::new(move |lo: &mut lopdf::Document| lo.trailer.set("JS", js())),
                "JS",
            ),
        ];
        for (what, attack, key) in cases {
            let mut lo = clean.clone();
            attack(&mut lo);
            assert_eq!(active_content(&lo).as_deref(), Some(key), "{what}");
            let mut bytes = Vec::new();
            lo.save_to(&mut bytes).unwrap();
            let reloaded = lopdf::Document::load_mem(&bytes).unwrap();
            assert!(
                active_content(&reloaded).is_some(),
                "{what}, after a reload"
            );
            let err = finish(&mut lo, &d, now).unwrap_err();
            assert!(
                err.to_string().contains("otillåtet innehåll"),
                "{what}: {err}"
            );
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            title: "Samtycke till SIP".into(),
            organisation: "Örebro kommun".into(),
            document_id: "SIP-2026-0001-samtycke-1".into(),
            version: "Samtycke".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
            legend: None,
            blocks,
        }
    }

    /// The page on which a text is drawn first.
    fn page_of(pages: &[Vec<Draw>], wanted: &str) -> usize {
        pages
            .iter()
            .position(|p| {
                p.iter()
                    .any(|d| matches!(d, Draw::Text { text, .. } if text == wanted))
            })
            .unwrap_or_else(|| panic!("{wanted:?} is not drawn"))
    }

    /// Regression (issue 5, the signed form): "Underskrift" stood alone at the foot of page 1
    /// while the signature lines began page 2. For every block that can follow a heading, and
    /// every amount of text before it, the heading is on the page where that block begins.
    #[test]
    fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
        let followers = [
            (
                "Jag samtycker till det som är ikryssat ovan.",
                Block::Signatures {
                    statement: "Jag samtycker till det som är ikryssat ovan.".into(),
                    parties: vec!["Personen: Łukasz Şükrü Nguyễn".into()],
                },
            ),
            (
                "Säkerhet vid mötet",
                Block::Notice {
                    title: "Säkerhet vid mötet".into(),
                    items: vec!["Flygplansläge.".into(); 6],
                },
            ),
            (
                "Vad",
                Block::Table {
                    columns: vec![
                        Column {
                            title: "Vad".into(),
                            width: 50,
                        },
                        Column {
                            title: "Vem".into(),
                            width: 50,
                        },
                    ],
                    rows: vec![vec!["Stödsamtal".into(), "Våldsteamet".into()]; 3],
                },
            ),
            (
                "Ort och datum:",
                Block::WriteLines {
                    label: "Ort och datum:".into(),
                    count: 2,
                },
            ),
            (
                "Namn",
                Block::Fields {
                    fields: vec![Field {
                        label: "Namn".into(),
                        value: "Anna".into(),
                    }],
                },
            ),
            (
                "Hälsa",
                Block::Checks {
                    items: vec![Check {
                        checked: true,
                        text: "Hälsa".into(),
                    }],
                },
            ),
        ];
        for (first_text, follower) in followers {
            for filler in 0..70 {
                let mut blocks: Vec<Block> = (0..filler)
                    .map(|i| Block::Paragraph {
                        text: format!("Rad {i}"),
                    })
                    .collect();
                blocks.push(Block::Subheading {
                    text: "Rubriken".into(),
                });
                blocks.push(follower.clone());
                let pages = layout(&doc(blocks));
                assert_eq!(
                    page_of(&pages, "Rubriken"),
                    page_of(&pages, first_text),
                    "{filler} lines before a heading and {first_text:?}"
                );
            }
        }
    }

    /// Issue 19: a signature block is on the page of the choices it confirms. Wherever the
    /// choices end (any amount of text before them, lists shorter and longer than a page), the
    /// last three choices, the heading "Underskrift", the statement and every party's lines are
    /// on one page — when the block does not fit below the last choice, the last choices move
    /// with it to the next page.
    #[test]
    fn a_signature_block_keeps_the_last_choices_on_its_page() {
        let statement = "Muntligt samtycke lämnat 2026-12-07 till Anna Berg.\nJag samtycker till det som är ikryssat ovan.";
        for choices in [1usize, 3, 9, 60] {
            for filler in 0..60 {
                let mut blocks: Vec<Block> = (0..filler)
                    .map(|i| Block::Paragraph {
                        text: format!("Rad {i}"),
                    })
                    .collect();
                blocks.push(Block::Subheading {
                    text: "Uppgifter som får lämnas".into(),
                });
                blocks.push(Block::Checks {
                    items: (1..=choices)
                        .map(|i| Check {
                            checked: i % 2 == 0,
                            text: format!("Valet nummer {i}"),
                        })
                        .collect(),
                });
                blocks.push(Block::Subheading {
                    text: "Underskrift".into(),
                });
                blocks.push(Block::Signatures {
                    statement: statement.into(),
                    parties: vec![
                        "Vårdnadshavare: Maria Lind".into(),
                        "Vårdnadshavare: Jonas Lind".into(),
                        "Barnet, om barnet vill: Lisa Lind".into(),
                    ],
                });
                let pages = layout(&doc(blocks));
                let sig = page_of(&pages, "Underskrift");
                let last = choices.min(3);
                let mut on_it: Vec<&str> = vec![
                    "Muntligt samtycke lämnat 2026-12-07 till Anna Berg.",
                    "Vårdnadshavare: Maria Lind",
                    "Vårdnadshavare: Jonas Lind",
                    "Barnet, om barnet vill: Lisa Lind",
                ];
                let wanted: Vec<String> = (choices + 1 - last..=choices)
                    .map(|i| format!("Valet nummer {i}"))
                    .collect();
                on_it.extend(wanted.iter().map(String::as_str));
                for t in on_it {
                    assert_eq!(
                        page_of(&pages, t),
                        sig,
                        "{choices} choices after {filler} lines: {t:?} is not on the page of \
                         the signature"
                    );
                }
                // Nothing was lost or drawn twice on the way.
                for i in 1..=choices {
                    let n = pages
                        .iter()
                        .flatten()
                        .filter(|d| matches!(d, Draw::Text { text, .. } if *text == format!("Valet nummer {i}")))
                        .count();
                    assert_eq!(n, 1, "{choices}/{filler}: choice {i} drawn {n} times");
                }
                // The choices that are not taken along stay where they were: a list longer
                // than a page still begins on the first page when little comes before it.
                if choices == 60 && filler < 20 {
                    assert_eq!(page_of(&pages, "Valet nummer 1"), 0);
                }
            }
        }
    }

    /// Wherever a chart falls, it is drawn whole on one page (title, legend, bars, numbers and
    /// labels), and a hidden number gets no filled bar: the page's filled rectangles are the
    /// legend's two swatches and the one bar of the count above 0.
    #[test]
    fn a_chart_is_kept_on_one_page_and_draws_no_bar_for_a_hidden_number() {
        let chart = Block::BarChart {
            title: "Diagrammet".into(),
            categories: vec!["Första gruppen".into(), "Andra gruppen".into()],
            series: vec![
                ChartSeries {
                    name: "Kvinna".into(),
                    values: vec![Shown::Count(12), Shown::Small],
                },
                ChartSeries {
                    name: "Man".into(),
                    values: vec![Shown::Complement, Shown::Count(0)],
                },
            ],
            threshold: 5,
        };
        let line = Block::LineChart {
            title: "Linjen".into(),
            labels: vec!["jan\n2026".into(), "feb".into(), "mar".into(), "apr".into()],
            values: vec![
                Shown::Count(30),
                Shown::Count(40),
                Shown::Small,
                Shown::Count(20),
            ],
            threshold: 5,
        };
        for filler in 0..60 {
            let mut blocks: Vec<Block> = (0..filler)
                .map(|i| Block::Paragraph {
                    text: format!("Rad {i}"),
                })
                .collect();
            blocks.push(chart.clone());
            blocks.push(line.clone());
            let pages = layout(&doc(blocks));
            let p = page_of(&pages, "Diagrammet");
            for t in [
                "Kvinna",
                "Man",
                "12",
                "<5",
                "..",
                "Första gruppen",
                "Andra gruppen",
            ] {
                assert_eq!(page_of(&pages, t), p, "{filler}: {t:?}");
            }
            let fills = |page: &Vec<Draw>| {
                page.iter()
                    .filter(|d| matches!(d, Draw::Fill { outline: true, .. }))
                    .count()
            };
            let q = page_of(&pages, "Linjen");
            for t in ["jan", "2026", "apr", "30", "40", "20"] {
                assert_eq!(page_of(&pages, t), q, "{filler}: {t:?}");
            }
            // The bar chart: two swatches and one bar; the line: three points.
            let want = if p == q { 2 + 1 + 3 } else { 2 + 1 };
            assert_eq!(fills(&pages[p]), want, "{filler}");
            // The line breaks at the hidden month: one piece (jan–feb); the lone April point
            // is joined to nothing.
            let pieces = pages[q]
                .iter()
                .filter(|d| matches!(d, Draw::Path { width, .. } if *width > 1.0))
                .count();
            assert_eq!(pieces, 1, "{filler}");
            let total: usize = pages.iter().map(fills).sum();
            assert_eq!(total, 2 + 1 + 3);
        }
    }

    /// A long line chart shows every k-th month only, but always the Januaries with their
    /// years; no two labels along the axis overlap.
    #[test]
    fn a_long_line_chart_keeps_the_years_and_its_labels_apart() {
        const NAMES: [&str; 12] = [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        for (first, months) in [(6usize, 30usize), (0, 120), (10, 60), (3, 14), (0, 12)] {
            let labels: Vec<String> = (0..months)
                .map(|i| {
                    let m = (first + i) % 12;
                    let y = 2020 + (first + i) / 12;
                    if i == 0 || m == 0 {
                        format!("{}\n{y}", NAMES[m])
                    } else {
                        NAMES[m].to_owned()
                    }
                })
                .collect();
            let pages = layout(&doc(vec![Block::LineChart {
                title: "Linjen".into(),
                labels,
                values: (0..months as u64).map(|v| Shown::Count(v * 37)).collect(),
                threshold: 5,
            }]));
            let axis: Vec<(f32, f32, f32)> = pages[0]
                .iter()
                .filter_map(|d| match d {
                    Draw::Text {
                        x, y, text, size, ..
                    } if *size == AXIS => Some((*x, *y, fonts().width(text, false, AXIS))),
                    _ => None,
                })
                .collect();
            for y in (first + 1..first + months)
                .filter(|i| i % 12 == 0)
                .map(|i| 2020 + i / 12)
            {
                assert!(
                    pages[0]
                        .iter()
                        .any(|d| matches!(d, Draw::Text { text, .. } if *text == y.to_string())),
                    "{first}+{months}: the year {y} is not under the axis"
                );
            }
            // Labels on the same line don't overlap.
            for (i, a) in axis.iter().enumerate() {
                for b in &axis[i + 1..] {
                    if (a.1 - b.1).abs() < 0.1 {
                        assert!(
                            a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0,
                            "{first}+{months}: {a:?} {b:?}"
                        );
                    }
                }
            }
        }
    }
}
