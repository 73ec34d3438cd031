//! Fuzz targets for the text layout (issue 8): proptest with a large case count (`cargo fuzz`
//! needs nightly). CI runs the default counts; `TRYGGPLAN_FUZZ_CASES=<n>` runs more locally.

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use crate::fonts::{self, fit_to_font};
use crate::model::{self, Document};
use crate::pdf::{self, Marking};

/// The number of cases: `default`, or `TRYGGPLAN_FUZZ_CASES` when set.
fn fuzz_cases(default: u32) -> u32 {
    std::env::var("TRYGGPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Found by `fuzz_layout_fit_to_font_leaves_only_drawable_text`: a format character between
/// a letter and its combining mark kept them apart (not NFC); now they become the one letter.
#[test]
fn a_format_character_does_not_keep_a_letter_from_its_mark() {
    let (mut d, _) = fuzz_document("M\u{61C}\u{307} e\u{200B}\u{301}");
    let model::Block::Paragraph { text } = &d.blocks[1] else {
        unreachable!()
    };
    assert_eq!(text, "\u{1E40} \u{E9}");
    assert!(fit_to_font(&mut d).is_empty());
}

/// Pieces of text that stress a layout: words, runs of spaces and line breaks, very long
/// words (narrow and wide letters), combining marks, right-to-left script and bidi controls,
/// emoji (with joiners, skin tones, flags), control and unusual space characters, CJK, and
/// anything at all.
fn layout_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-ZåäöÅÄÖéü0-9.,:;()-]{1,12}",
        4 => proptest::sample::select(vec![" ", " ", "  ", "\n", "\n\n", " \n ", "   "])
            .prop_map(String::from),
        1 => ("[a-zA-Zi.]", 40usize..1_500).prop_map(|(c, n)| c.repeat(n)),
        1 => ("[WM@—]", 5usize..400).prop_map(|(c, n)| c.repeat(n)),
        2 => "[aeoAIu]([\u{300}-\u{36F}\u{1AB0}-\u{1AFF}\u{20D0}-\u{20F0}]{1,5})",
        1 => "[\u{300}-\u{36F}]{1,40}",
        2 => "[\u{5D0}-\u{5EA}\u{627}-\u{64A}\u{64B}-\u{652}]{1,10}",
        1 => "[\u{200E}\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{061C}]",
        2 => proptest::sample::select(vec![
            "😀", "👩\u{200D}👩\u{200D}👧", "🇸🇪", "👍🏽", "❤\u{FE0F}", "\u{1F9D1}\u{200D}\u{1F91D}\u{200D}\u{1F9D1}",
        ])
        .prop_map(String::from),
        2 => "[\u{0}-\u{1F}\u{7F}-\u{9F}\u{2028}\u{2029}\u{AD}\u{FEFF}]{1,3}",
        1 => "[\u{A0}\u{2000}-\u{200B}\u{202F}\u{3000}\t]{1,3}",
        1 => "[\u{4E00}-\u{4E80}\u{AC00}-\u{AC40}]{1,6}",
        2 => any::<String>(),
    ]
}

/// Mostly a mix of [`layout_piece`]s; sometimes 10 000 arbitrary characters, or a text of
/// about 10 000 characters made of pieces.
fn layout_text() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => proptest::collection::vec(layout_piece(), 0..40).prop_map(|v| v.concat()),
        1 => proptest::collection::vec(any::<char>(), 10_000)
            .prop_map(|v| v.into_iter().collect::<String>()),
        1 => proptest::collection::vec(layout_piece(), 400..700).prop_map(|v| {
            let s = v.concat();
            s.chars().take(10_000).collect::<String>()
        }),
    ]
}

/// The widths the layout uses (text, 66 % and 34 % columns, a table cell) and any other.
fn layout_width() -> impl Strategy<Value = f32> {
    let text = pdf::PAGE_W - 45.0 * 72.0 / 25.4;
    prop_oneof![
        proptest::sample::select(vec![text, text * 0.66, text * 0.34 - 6.0, 40.0]),
        0.5f32..600.0,
    ]
}

/// Checks one paragraph's lines (text without a line break) against what `wrap` promises.
fn check_paragraph(
    f: &fonts::Fonts,
    para: &str,
    lines: &[String],
    width: f32,
    bold: bool,
    size: f32,
) -> std::result::Result<(), TestCaseError> {
    let words: Vec<&str> = para.split(' ').filter(|w| !w.is_empty()).collect();
    prop_assert!(!lines.is_empty());
    if words.is_empty() {
        // An empty line stays empty.
        prop_assert_eq!(lines, &[String::new()][..]);
        return Ok(());
    }
    for line in lines {
        prop_assert!(!line.is_empty() && !line.contains('\n'), "{line:?}");
        prop_assert!(
            !line.starts_with(' ') && !line.ends_with(' ') && !line.contains("  "),
            "{line:?}"
        );
        // Every line fits, except a single character that is wider than the column alone.
        prop_assert!(
            f.width(line, bold, size) <= width || line.chars().count() == 1,
            "{line:?} is {} wide, the column {width}",
            f.width(line, bold, size)
        );
    }
    // No text is lost or added: the same characters in the same order, only the spaces
    // between words are where the lines break (and runs of spaces become one).
    let strip = |s: &str| s.replace(' ', "");
    prop_assert_eq!(strip(&lines.concat()), strip(para));
    // A word is broken only when it alone is too wide.
    let tokens: std::collections::HashSet<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
    for w in &words {
        if f.width(w, bold, size) <= width {
            prop_assert!(tokens.contains(w), "{w:?} was broken: {lines:?}");
        }
    }
    // A paragraph that fits is one line.
    let one = words.join(" ");
    if f.width(&one, bold, size) <= width {
        prop_assert_eq!(lines, &[one][..]);
    }
    Ok(())
}

/// A document with the fuzzed text in every kind of text block, fitted to the font, and the
/// number of its pages.
fn fuzz_document(text: &str) -> (Document, usize) {
    let short: String = text.chars().take(300).collect();
    let mut document = model::Document {
        title: "Samordnad individuell plan".into(),
        organisation: "Fuzzkommunen socialtjänst".into(),
        document_id: "SIP-2026-0001-plan-1".into(),
        version: "Version 1".into(),
        date: day(),
        legend: Some("Innehåller sekretessbelagda uppgifter".into()),
        blocks: vec![
            model::Block::Heading {
                text: short.clone(),
            },
            model::Block::Paragraph { text: text.into() },
            model::Block::Fields {
                fields: vec![model::Field {
                    label: short.clone(),
                    value: text.into(),
                }],
            },
            model::Block::Bullets {
                items: vec![short.clone(), text.into()],
            },
            model::Block::Table {
                columns: vec![
                    model::Column {
                        title: "Insats".into(),
                        width: 40,
                    },
                    model::Column {
                        title: short.clone(),
                        width: 60,
                    },
                ],
                rows: vec![vec![short.clone(), text.into()]],
            },
            model::Block::Signatures {
                statement: short.clone(),
                parties: vec![short],
            },
        ],
    };
    fit_to_font(&mut document);
    let pages = pdf::page_count(&document);
    (document, pages)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(100)))]

    /// `wrap` never panics, on raw text as well as on text fitted to the font; every line
    /// fits the column, no text is lost, line breaks are kept.
    #[test]
    fn fuzz_layout_wrap_keeps_every_character_and_fits(
        text in layout_text(),
        width in layout_width(),
        bold in any::<bool>(),
        size in prop_oneof![proptest::sample::select(vec![7.5f32, 8.0, 10.0, 11.5, 16.0]), 1.0f32..40.0],
    ) {
        let f = fonts::fonts();
        let mut fitted = model::Document {
            title: String::new(),
            organisation: String::new(),
            document_id: String::new(),
            version: String::new(),
            date: day(),
            legend: None,
            blocks: vec![model::Block::Paragraph { text: text.clone() }],
        };
        fit_to_font(&mut fitted);
        let model::Block::Paragraph { text: fitted } = &fitted.blocks[0] else { unreachable!() };
        for t in [&text, fitted] {
            let lines = pdf::wrap(f, t, width, bold, size);
            // Line breaks in the text are kept: the lines are those of each paragraph.
            let mut from_paragraphs = Vec::new();
            for para in t.split('\n') {
                let para_lines = pdf::wrap(f, para, width, bold, size);
                check_paragraph(f, para, &para_lines, width, bold, size)?;
                from_paragraphs.extend(para_lines);
            }
            prop_assert_eq!(lines, from_paragraphs);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(300)))]

    /// `fit_to_font` leaves only what the font draws: no control or invisible format
    /// character, a replacement character (with one Swedish warning each) for what it can't
    /// draw; the text stays in NFC and fitting again changes nothing.
    #[test]
    fn fuzz_layout_fit_to_font_leaves_only_drawable_text(text in layout_text()) {
        use unicode_normalization::{is_nfc, UnicodeNormalization};
        let f = fonts::fonts();
        let paragraph = |t: &str| model::Document {
            title: String::new(),
            organisation: String::new(),
            document_id: String::new(),
            version: String::new(),
            date: day(),
            legend: None,
            blocks: vec![model::Block::Paragraph { text: t.into() }],
        };
        let mut d = paragraph(&text);
        let warnings = fit_to_font(&mut d);
        let model::Block::Paragraph { text: fitted } = &d.blocks[0] else { unreachable!() };
        for c in fitted.chars() {
            prop_assert!(c == '\n' || (!c.is_control() && f.covers(c)), "U+{:04X} left", c as u32);
        }
        prop_assert!(f.covers(fonts::REPLACEMENT));
        // One Swedish warning per character replaced, none when nothing was: each names a
        // character of the text that the font lacks and that is no longer there.
        let replacements = |s: &str| s.matches(fonts::REPLACEMENT).count();
        prop_assert_eq!(warnings.is_empty(), replacements(fitted) == replacements(&text));
        let before: std::collections::HashSet<char> = text.chars().chain(text.nfc()).collect();
        let after: std::collections::HashSet<char> = fitted.chars().collect();
        let mut named = std::collections::BTreeSet::new();
        for w in &warnings {
            prop_assert!(w.contains("finns inte i dokumentets typsnitt"), "{w}");
            let code = w.split("(U+").nth(1).and_then(|r| r.split(')').next()).unwrap();
            let c = char::from_u32(u32::from_str_radix(code, 16).unwrap()).unwrap();
            prop_assert!(!f.covers(c) && !after.contains(&c) && before.contains(&c), "{w}");
            prop_assert!(named.insert(c), "{w} twice");
        }
        // No character is lost: every one is kept, replaced, or is a format character
        // (bidi control, zero-width space, soft hyphen …) that draws nothing.
        prop_assert!(fitted.chars().count() <= text.nfc().count());
        prop_assert_eq!(fitted.matches('\n').count(), text.matches('\n').count());
        prop_assert!(is_nfc(fitted), "{:?} → {:?} is not NFC", text, fitted);
        let mut again = paragraph(fitted);
        prop_assert!(fit_to_font(&mut again).is_empty());
        prop_assert_eq!(&again.blocks, &d.blocks);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases(12)))]

    /// The whole path: a document with the fuzzed text in every kind of text block, fitted and
    /// rendered. It renders, twice to the same bytes, as a PDF of the previewed page count
    /// with no active content.
    #[test]
    fn fuzz_layout_document_renders(text in layout_text()) {
        let (d, pages) = fuzz_document(&text);
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 11, 0, 0).unwrap();
        let bytes = pdf::render(&d, now, Marking::None).unwrap();
        prop_assert!(bytes.starts_with(b"%PDF-1."));
        prop_assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"));
        prop_assert!(pdf::render(&d, now, Marking::None).unwrap() == bytes, "not deterministic");
        let lo = lopdf::Document::load_mem(&bytes).unwrap();
        prop_assert_eq!(lo.get_pages().len(), pages);
        prop_assert_eq!(pdf::active_content(&lo), None);
    }
}
