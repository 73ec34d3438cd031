//! Draws a [`Document`] on A4 pages with printpdf: a small flow layout (wrapped text, tables
//! whose rows split over pages with the header repeated, blocks kept together), a header with
//! the organisation and the legend, a footer with the document id, version, date and
//! "Sida X av Y". Deterministic: the same document and time give the same bytes.

use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Utc};
use lopdf::{Object, StringFormat};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use super::fonts::{fonts, Fonts};
use super::model::{Block, Document};
use crate::error::{Error, Result};

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
    /// Monospaced bold text (only [`Block::Code`]).
    Mono {
        x: f32,
        y: f32,
        text: String,
        size: f32,
    },
}

/// The size of [`Block::Code`] text, and its line height.
const CODE: f32 = 24.0;
const CODE_LH: f32 = CODE * 1.7;

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Draw>>,
    /// The top of the next line on the current page.
    y: f32,
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
    fn new(fonts: &'f Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: BODY_TOP,
        }
    }

    fn page(&mut self) -> &mut Vec<Draw> {
        self.pages.last_mut().expect("a layout always has a page")
    }

    fn at_top(&self) -> bool {
        self.y >= BODY_TOP
    }

    fn new_page(&mut self) {
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
                let said = wrap(self.fonts, statement, WIDTH, false, BODY).len() as f32 * LH;
                said + 8.0 + parties.first().map_or(0.0, |p| self.signature_height(p))
            }
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
                self.ensure(h + 4.0 + self.lead(next).max(LH));
                self.lines(LEFT, WIDTH, text, true, H1, H1 * 1.3);
                self.y -= 4.0;
            }
            Block::Subheading { text } => {
                self.gap(8.0);
                let h = wrap(self.fonts, text, WIDTH, true, H2).len() as f32 * H2 * 1.4;
                self.ensure(h + 2.0 + self.lead(next).max(LH));
                self.lines(LEFT, WIDTH, text, true, H2, H2 * 1.4);
                self.y -= 2.0;
            }
            Block::Paragraph { text } => {
                self.lines(LEFT, WIDTH, text, false, BODY, LH);
                self.y -= 6.0;
            }
            Block::Fields { fields } => {
                let label_w = WIDTH * 0.34;
                for f in fields {
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
                for c in items {
                    self.marked(if c.checked { "☒" } else { "☐" }, 13.0, 18.0, &c.text);
                }
                self.y -= 4.0;
            }
            Block::Bullets { items } => {
                for item in items {
                    self.marked("•", BODY, 12.0, item);
                }
                self.y -= 4.0;
            }
            Block::Notice { title, items } => self.notice(title, items),
            Block::Code { lines } => self.code(lines),
            Block::Table { columns, rows } => self.table(columns, rows),
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
    fn table(&mut self, columns: &[super::model::Column], rows: &[Vec<String>]) {
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
        for row in &body_cells {
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

/// Lays out the document: the drawing operations of each page, header and footer included.
fn layout(doc: &Document) -> Vec<Vec<Draw>> {
    let mut l = Layout::new(fonts());
    l.text_at(LEFT, "", false, BODY);
    for (i, b) in doc.blocks.iter().enumerate() {
        l.block(b, doc.blocks.get(i + 1));
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

fn to_ops(draws: Vec<Draw>, regular: &FontId, bold: &FontId, mono: &FontId) -> Vec<Op> {
    let black = Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    });
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
        }
    }
    ops
}

/// The PDF bytes of a document (whose text has been fitted to the font, see
/// `fonts::fit_to_font`). `created` is the document's creation time in its metadata.
pub fn render(doc: &Document, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let f = fonts();
    let mut pdf = PdfDocument::new(&doc.title);
    let when = printpdf::DateTime::from_unix_timestamp(created.timestamp())
        .map_err(|_| Error::Document("ogiltig tidpunkt".into()))?;
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
    lo.save_to(&mut out)
        .map_err(|_| Error::Document("PDF-filen kunde inte skrivas".into()))?;
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
    let model = serde_json::to_vec(doc).map_err(|_| Error::Document("dokumentets id".into()))?;
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
        return Err(Error::Document(format!("otillåtet innehåll /{key}")));
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
    use crate::document::model::{Check, Column, DocumentKind, Field};

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            kind: DocumentKind::Consent,
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
}
