//! The one embedded font family (DejaVu Sans, regular and bold), parsed once, and the check
//! that every character of a document can be drawn with it.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::ParsedFont;
use unicode_normalization::UnicodeNormalization;

use crate::model::Document;

/// Shown instead of a character the font can't draw: visible on paper, never silently dropped.
pub const REPLACEMENT: char = '\u{FFFD}';

pub struct Fonts {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
    /// DejaVu Sans Mono Bold, cut down to printable ASCII (see [`MONO_ASCII`]): only for
    /// [`crate::model::Block::Code`] (lines to be typed back, such as a recovery key).
    pub mono: ParsedFont,
}

/// DejaVu Sans Mono Bold with only its printable ASCII glyphs (U+0020–U+007E), 16 KB instead
/// of 332 KB in the binary: the monospaced face draws nothing but [`crate::model::Block::Code`],
/// whose text is ASCII (Tryggplan's recovery key: digits and capitals; the core's
/// `keys::recovery` tests that every character it can print is here). Made from the `dejavu`
/// crate's file by `assets/fonts/subset.sh`; the font's licence is beside it.
pub const MONO_ASCII: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono-Bold-ASCII.ttf");

/// Parsed once per process (parsing DejaVu takes several milliseconds).
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let parse = |bytes: &[u8]| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .expect("the embedded DejaVu font parses (checked by the tests)")
        };
        Fonts {
            regular: parse(dejavu::sans::regular()),
            bold: parse(dejavu::sans::bold()),
            mono: parse(MONO_ASCII),
        }
    })
}

impl Fonts {
    /// Whether both faces can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        let cp = c as u32;
        self.regular.lookup_glyph_index(cp).is_some() && self.bold.lookup_glyph_index(cp).is_some()
    }

    /// The advance width of `text` in points.
    pub fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        self.width_in(if bold { &self.bold } else { &self.regular }, text, size)
    }

    /// The advance width of `text` in points, in the monospaced face.
    pub fn mono_width(&self, text: &str, size: f32) -> f32 {
        self.width_in(&self.mono, text, size)
    }

    fn width_in(&self, f: &ParsedFont, text: &str, size: f32) -> f32 {
        let upem = f32::from(f.font_metrics.units_per_em.max(1));
        let units: u32 = text
            .chars()
            .map(|c| {
                f.lookup_glyph_index(c as u32)
                    .map(|g| u32::from(f.get_horizontal_advance(g)))
                    .unwrap_or(0)
            })
            .sum();
        units as f32 / upem * size
    }
}

/// Makes every text drawable: NFC (so "e" + combining marks becomes the one letter the font
/// has), control characters other than line breaks become spaces, and a character the font
/// can't draw becomes [`REPLACEMENT`]. Returns one Swedish warning per character replaced,
/// for the app to show before anything is printed.
pub fn fit_to_font(doc: &mut Document) -> Vec<String> {
    let fonts = fonts();
    let mut missing = BTreeSet::new();
    for text in doc.texts_mut() {
        // Invisible format characters (soft hyphen, zero-width and bidi controls) draw
        // nothing; the PDF has no bidi, so they are left out. Before the NFC: one between a
        // letter and its combining mark would otherwise keep them apart (found by the fuzz
        // target `fuzz_layout_fit_to_font_leaves_only_drawable_text`: "M", U+061C, U+0307).
        let fitted: String = text
            .chars()
            .filter(|&c| !is_format(c))
            .nfc()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                c if c.is_control() => ' ',
                c if fonts.covers(c) => c,
                c => {
                    missing.insert(c);
                    REPLACEMENT
                }
            })
            .collect();
        *text = fitted;
    }
    missing
        .into_iter()
        .map(|c| {
            format!(
                "Tecknet ”{c}” (U+{:04X}) finns inte i dokumentets typsnitt och skrivs ut som ”{REPLACEMENT}”. \
                 Kontrollera texten, eller skriv det för hand på utskriften.",
                c as u32
            )
        })
        .collect()
}

/// Unicode format characters (general category Cf) that change how text reads without
/// showing: bidirectional controls, the zero-width space, the BOM. The zero-width (non-)joiner
/// is kept: it belongs to the spelling of some names; the font check decides on it.
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts(DejaVu Sans, DejaVu Sans Bold, DejaVu Sans Mono Bold)")
    }
}
