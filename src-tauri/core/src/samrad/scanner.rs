//! Identifier scanner for de-identified free text (the case summary brought to a samråd, and
//! later deviation reports).
//!
//! [`scan`] is a pure function: it returns every span of the text that could identify a person,
//! so that the app can block the text until each hit is removed or explicitly accepted. Recall
//! comes first: a missed identifier can cost a life, a false positive costs one click.
//!
//! # What is found
//!
//! | Kind | Rule |
//! |---|---|
//! | [`HitKind::Namn`], [`HitKind::Plats`] | entries of [`Known`], see below |
//! | [`HitKind::Ort`] | a Swedish municipality, county, province, larger locality or city district from the gazetteer in [`places`], stored or not (see there for the rules of names that are ordinary words or first names) |
//! | [`HitKind::Personnummer`] | `(CC)YYMMDD[-+ ]NNNN` (also ` - ` and `YYYY-MM-DD-NNNN`), month 01–12, day 01–31 or 61–91 (samordningsnummer); the check digit is ignored (a typo still identifies) |
//! | [`HitKind::Telefon`] | starts with `0`, `(0` or `+`, then digits with spaces, hyphens or parentheses inside; 7–10 digits (8–15 after `+`, 9–15 after `00`); a number written right after is left out |
//! | [`HitKind::Adress`] | a word ending in a street suffix (`…gatan`, `…vägen`, `…allé` …, see [`STREET_SUFFIXES`]) with ≥ 2 letters before it, plus house number, letter and `lgh NNNN`; `Gamla vägen 12`; `c/o …`; `Box 123` |
//! | [`HitKind::Epost`] | `local@domain.tld` (Swedish letters allowed), also `[at]`/`(at)` |
//! | [`HitKind::Postnummer`] | `NNN NN` / `NNNNN` followed by a capitalised word, or after "postnummer" |
//! | [`HitKind::Datum`] | `2026-11-29`, `20261129`, `29/11/2026`, `29.11.26`, `29/11-26`, `29 november 2026`, `3 mars`, `3:e mars`, `den tredje mars`, `den 3/11` |
//!
//! Numbers are never matched inside a longer digit run. Years, amounts (`12 000 kr`),
//! percentages, ages (`30–39 år`), times (`13.45`, `13:45`) and months without a day are not
//! flagged.
//!
//! # Known names and places
//!
//! Every entry counts as a whole, each part between spaces counts (`Anna-Karin`), and each
//! word counts on its own when it has at least two letters and is not a generic word:
//! [`GENERIC_PLACE_WORDS`] (`Vårdcentralen`, `skolan`, `Kvinnojouren`, `kommun`),
//! [`ROLE_WORDS`] (`mamma`), [`NAME_PARTICLES`] (`af`, `al`, `von`) and [`SMALL_WORDS`]
//! (`norra`, `i`). An entry made only of generic words is ignored (it would block ordinary
//! text).
//!
//! - Matching is on whole words, case-insensitive and with diacritics folded on both sides
//!   (`å/ä→a`, `ö/ø→o`, `é→e`, `ü→u`, `ß→ss` …, combining marks dropped), so `Asa` finds
//!   `Åsa` and `Öztürk` finds a name stored as `Ozturk`.
//! - Names take the genitive: `Annas`, `Anna:s`, `Anna's`, `Lars'`, `Lars’`.
//! - Places also take compounds and definite forms: a place word of ≥ 4 letters matches any
//!   word that starts with it (`Tullhus` → `Tullhusskolan`, `Tullhusskolans`); shorter ones
//!   take the endings in [`PLACE_ENDINGS`]. A one-word place that ends in an institution word
//!   ([`STEM_HEADS`]) also counts by its stem of ≥ 5 letters (`Björkdalsskolan` → `Björkdal`).
//! - Names that are ordinary Swedish words ([`AMBIGUOUS_WORDS`]: `Hans`, `Bo`, `Klara`,
//!   `Inga`, `Mina`, `Ek`, `Berg`, `Lund` …) are matched alone only when the occurrence starts
//!   with a capital letter — anywhere, also at the start of a sentence (recall first). So
//!   "hans mamma" and "bo kvar" pass, while "Hans mamma …" at the start of a sentence and
//!   "släkt i Lund" are hits that the worker accepts with one click. A full name ("eva ek")
//!   matches in any case.
//!
//! # Street suffixes that are also ordinary words
//!
//! `…plan` (handlingsplan), `…platsen` (arbetsplatsen), `…gången` (skolgången), `…ringen`
//! (planeringen), `…leden` (handleden), `…liden` (avliden) and `…promenaden`
//! ([`ORDINARY_SUFFIXES`]), and the words in [`ORDINARY_COMPOUNDS`] (hemvägen, skolvägen,
//! i förväg …), count as addresses only when capitalised in the middle of a sentence, or
//! capitalised and followed by a house number. Every other word with a street suffix is a hit
//! in any case. A bare `gatan`, `vägen`, `torget` is ordinary text.
//!
//! # Not found
//!
//! Misspelt names, names and places that are not in [`Known`] (a workplace, a village or a
//! foreign town that the gazetteer does not hold, a place name at the start of a sentence
//! that is also an ordinary word: "Vara kommun …"),
//! abbreviated streets (`Storg. 12`), dates in words without "den" (`tredje mars`), and
//! social-media handles. The worker's own judgement stays needed.
//!
//! # Overlaps
//!
//! When candidates overlap, the longest wins; on equal spans the order is personnummer,
//! e-post, namn, plats, ort, adress, datum, postnummer, telefon (so `051231-1234` is a personnummer
//! and `03-11-2026` a date). A bare ten-digit number that starts with `07` is a mobile
//! number, not a personnummer (it is flagged either way).

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// What the database knows that must never appear in a de-identified text.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Persons' full names and contacts' names as stored ("Anna Maria Svensson").
    pub names: Vec<String>,
    /// Unit names, addresses, meeting places, schools ("Vårdcentralen Tullhus").
    pub places: Vec<String>,
}

/// What kind of identifier a [`Hit`] is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HitKind {
    /// A name from [`Known::names`].
    Namn,
    /// A place from [`Known::places`].
    Plats,
    /// A personnummer or samordningsnummer.
    Personnummer,
    /// A phone number.
    Telefon,
    /// A street address, c/o or box address.
    Adress,
    /// An e-mail address.
    Epost,
    /// A postal code.
    Postnummer,
    /// An exact date.
    Datum,
    /// A Swedish place name from the gazetteer ([`places`]): a municipality, county,
    /// province, larger locality or city district, whether the database stores it or not.
    Ort,
}

/// One possible identifier in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// What was found.
    pub kind: HitKind,
    /// Byte offset of the first byte in the scanned text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// A Swedish sentence for the worker: what was found and what to do.
    pub reason: String,
}

/// Every possible identifier in `text`, sorted by `start`, never overlapping. Never panics.
#[must_use]
pub fn scan(text: &str, known: &Known) -> Vec<Hit> {
    let mut found = Vec::new();
    find_known(text, known, &mut found);
    find_places(text, &mut found);
    find_personnummer(text, &mut found);
    find_dates(text, &mut found);
    find_phones(text, &mut found);
    find_postal_codes(text, &mut found);
    find_email(text, &mut found);
    find_addresses(text, &mut found);
    resolve(text, found)
}

fn reason(kind: HitKind, t: &str) -> String {
    match kind {
        HitKind::Namn => format!(
            "«{t}» liknar namnet på en person i databasen. Ta bort det eller skriv en roll (t.ex. ”mamman”)."
        ),
        HitKind::Plats => format!(
            "«{t}» liknar en plats i databasen (en enhet, adress, skola eller mötesplats). Ta bort det eller skriv en allmän beskrivning (t.ex. ”vårdcentralen”)."
        ),
        HitKind::Personnummer => format!(
            "«{t}» ser ut som ett personnummer eller samordningsnummer. Ta bort det och skriv i stället en åldersgrupp (t.ex. ”30–39 år”)."
        ),
        HitKind::Telefon => format!("«{t}» ser ut som ett telefonnummer. Ta bort det."),
        HitKind::Adress => format!(
            "«{t}» ser ut som en adress. Ta bort den eller skriv en allmän beskrivning (t.ex. ”bostaden”)."
        ),
        HitKind::Epost => format!("«{t}» ser ut som en e-postadress. Ta bort den."),
        HitKind::Postnummer => format!("«{t}» ser ut som ett postnummer. Ta bort det."),
        HitKind::Datum => format!(
            "«{t}» är ett exakt datum. Skriv i stället en ungefärlig tid (t.ex. ”för tre veckor sedan”)."
        ),
        HitKind::Ort => format!(
            "«{t}» är namnet på en svensk ort, kommun eller region och kan peka ut var en skyddad person bor. Ta bort det eller skriv en allmän beskrivning (t.ex. ”en annan kommun”)."
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

// The word lists are plain text, one word after another, so that they read as tables.

/// Kinds of places and units: never count on their own in a name or place entry.
pub const GENERIC_PLACE_WORDS: &str = "
    vårdcentral vårdcentralen hälsocentral hälsocentralen skola skolan förskola förskolan
    grundskola grundskolan gymnasium gymnasiet gymnasieskola gymnasieskolan kvinnojour
    kvinnojouren tjejjour tjejjouren jour jouren socialtjänst socialtjänsten socialkontor
    socialkontoret socialförvaltning socialförvaltningen kommun kommunen region regionen län
    sjukhus sjukhuset lasarett lasarettet akuten psykiatri psykiatrin bup bvc mvc mottagning
    mottagningen familjecentral familjecentralen ungdomsmottagning ungdomsmottagningen polis
    polisen polisstation polisstationen centrum stödcentrum boende boendet stödboende
    stödboendet skyddat skyddade hvb hem hemmet gård gården kyrka kyrkan församling
    församlingen förening föreningen stiftelse stiftelsen bibliotek biblioteket fritidsgård
    fritidsgården öppenvård öppenvården enhet enheten avdelning avdelningen kontor kontoret
    station stationen tandvård tandvården folktandvården arbetsförmedlingen
    försäkringskassan migrationsverket individ familj familjeomsorg familjeomsorgen park
    parken gata gatan väg vägen torg torget lägenhet lgh ab
";

/// Roles and relations: never count on their own in a name or place entry.
pub const ROLE_WORDS: &str = "
    mamma mamman pappa pappan barn barnet kvinnan mannen partner partnern handläggare
    handläggaren kurator kuratorn rektor rektorn lärare läraren mentor mentorn sjuksköterska
    läkare läkaren advokat advokaten kontaktperson kontaktpersonen familjehem familjehemmet
    tolk tolken mormor morfar farmor farfar moster faster morbror farbror syster systern
    dotter dottern son sonen
";

/// Name particles (`af`, `al`, `von`): never count on their own.
pub const NAME_PARTICLES: &str = "
    af al el van von der de da di du la le bin ibn abu ben del dos das
";

/// Directions, adjectives and small words of place names: never count on their own.
pub const SMALL_WORDS: &str = "
    norra södra östra västra stora lilla gamla nya övre nedre sankt st i på vid av och för
    till med den det
";

/// Name words that are also ordinary Swedish words (or common place names that are). Alone,
/// they are hits only when the occurrence starts with a capital letter.
pub const AMBIGUOUS_WORDS: &str = "
    hans bo dag per klara maj juni april liv saga vilja lova ville mark axel bror stig sten
    björn fred frisk stark glad rosa iris vide lilja viola lo tor berg ek lund strand björk
    lind holm dal falk fors ström blom sand borg vik ros nord hall ring storm hägg alm ask
    gran lönn hassel sol öst väst syd mina sina dina inga sanna karl lisa hala lina tim vara
    boden ed kil
";

/// Endings a place word of fewer than four letters may take (definite forms, genitive).
pub const PLACE_ENDINGS: &str = "
    s n ns en ens et ets a as e es ar er
";

/// Institution words that end one-word place names; the stem before them counts too
/// (`Björkdalsskolan` → `Björkdal`).
pub const STEM_HEADS: &str = "
    förskolan förskola skolan skola gymnasiet vårdcentralen mottagningen gården gård hemmet
    boendet kyrkan parken centrum
";

/// Street suffixes. A word ending in one of these, with at least two letters before it, is an
/// address (see [`ORDINARY_SUFFIXES`] and [`ORDINARY_COMPOUNDS`] for the exceptions).
pub const STREET_SUFFIXES: &str = "
    gatan gata vägen väg gränd gränden torget torg backen stigen allén allé leden gången
    plan platsen esplanaden kajen stråket promenaden liden höjden slingan svängen ringen
";

/// Street suffixes that also end many ordinary words (handlingsplan, arbetsplatsen,
/// skolgången, planeringen, handleden, kvällspromenaden, avliden).
pub const ORDINARY_SUFFIXES: &str = "
    plan platsen gången ringen leden promenaden liden
";

/// Ordinary words that end in a street suffix (checked against a Swedish word list).
pub const ORDINARY_COMPOUNDS: &str = "
    hemvägen skolvägen omvägen genvägen motorvägen halvvägen cykelvägen gångvägen landsvägen
    medelvägen mellanvägen tjänstevägen livsvägen vattenvägen utvägen återvägen
    tillbakavägen hemväg skolväg omväg genväg motorväg cykelväg gångväg landsväg medelväg
    mellanväg tjänsteväg utväg återväg förväg skidbacken pulkabacken slalombacken
    skogsstigen gångstigen gångstråket cykelstråket takhöjden medelhöjden marknadstorget
    förliden motionsslingan järnväg järnvägen grusväg grusvägen skogsväg skogsvägen bilväg
    bilvägen luftvägen prestigen ålderstigen återvändsgränd återvändsgränden överväg
    villoväg villovägen uppväg uppvägen färdväg färdvägen landväg landvägen riksväg
    riksvägen bakväg bakvägen nedförsbacken uppförsbacken landbacken bandslingan
    melodislingan fjärdingsväg
";

/// Street words that, alone, are an address only between a capitalised word and a house
/// number (`Gamla vägen 12`, `Vasa allé 4`).
const BARE_STREET_WORDS: &str = "
    gatan gata vägen väg gränd gränden torget torg allé allén backe backen
";

const MONTHS: &str = "
    januari februari mars april maj juni juli augusti september oktober november december
    jan febr feb mar apr jun jul aug sept sep okt nov dec
";

const ORDINALS: &str = "
    första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde elfte tolfte
    trettonde fjortonde femtonde sextonde sjuttonde artonde nittonde tjugonde tjugoförsta
    tjugoandra tjugotredje tjugofjärde tjugofemte tjugosjätte tjugosjunde tjugoåttonde
    tjugonionde trettionde trettioförsta
";

fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split_whitespace()
}

fn folded_set(lists: &[&'static str]) -> HashSet<String> {
    lists.iter().flat_map(|l| words(l)).map(fold).collect()
}

fn set(list: &'static str) -> HashSet<&'static str> {
    words(list).collect()
}

/// `a|b|c`, longest first, for a regex alternation.
fn alternation(list: &'static str) -> String {
    let mut v: Vec<&str> = words(list).collect();
    v.sort_by_key(|w| Reverse(w.len()));
    v.join("|")
}

static GENERIC: LazyLock<HashSet<String>> =
    LazyLock::new(|| folded_set(&[GENERIC_PLACE_WORDS, ROLE_WORDS, NAME_PARTICLES, SMALL_WORDS]));
static AMBIGUOUS: LazyLock<HashSet<String>> = LazyLock::new(|| folded_set(&[AMBIGUOUS_WORDS]));
static ENDINGS: LazyLock<HashSet<&str>> = LazyLock::new(|| set(PLACE_ENDINGS));
static ORDINARY_SFX: LazyLock<HashSet<&str>> = LazyLock::new(|| set(ORDINARY_SUFFIXES));
static ORDINARY_WORDS: LazyLock<HashSet<&str>> = LazyLock::new(|| set(ORDINARY_COMPOUNDS));
static BARE_STREET: LazyLock<HashSet<&str>> = LazyLock::new(|| set(BARE_STREET_WORDS));
static STEMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = words(STEM_HEADS).map(fold).collect();
    v.sort_by_key(|w| Reverse(w.len()));
    v
});
static SUFFIXES: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let mut v: Vec<&str> = words(STREET_SUFFIXES).collect();
    v.sort_by_key(|w| Reverse(w.len()));
    v
});

// ---------------------------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------------------------

/// Lower-case letters with diacritics and what they fold to.
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// Combining marks (a decomposed `é`), soft hyphens and zero-width characters: they belong
/// to the letter before them and never split a word.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}' | '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// The text lower-cased and folded, with the byte span in the original of each folded char.
#[derive(Debug)]
struct Folded {
    chars: Vec<char>,
    spans: Vec<(usize, usize)>,
}

fn fold_with_spans(text: &str) -> Folded {
    let mut f = Folded {
        chars: Vec::with_capacity(text.len()),
        spans: Vec::with_capacity(text.len()),
    };
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        for lc in c.to_lowercase() {
            if is_ignorable(lc) {
                // The mark belongs to the letter before it.
                if let Some(last) = f.spans.last_mut() {
                    last.1 = end;
                }
                continue;
            }
            match fold_letter(lc) {
                Some(s) => {
                    for fc in s.chars() {
                        f.chars.push(fc);
                        f.spans.push((i, end));
                    }
                }
                None => {
                    f.chars.push(lc);
                    f.spans.push((i, end));
                }
            }
        }
    }
    f
}

/// `s` lower-cased with diacritics folded.
fn fold(s: &str) -> String {
    fold_with_spans(s).chars.into_iter().collect()
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// A word of the folded text: `chars[start..end]`.
#[derive(Debug)]
struct Token {
    start: usize,
    end: usize,
    word: String,
}

fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token {
                    start: s,
                    end: i,
                    word: chars[s..i].iter().collect(),
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token {
            start: s,
            end: chars.len(),
            word: chars[s..].iter().collect(),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Known names and places
// ---------------------------------------------------------------------------------------------

/// One searchable form of a known entry: its folded words.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Term {
    words: Vec<String>,
    kind: HitKind,
    /// Matched only when the occurrence starts with a capital letter.
    ambiguous: bool,
    /// A place: the last word may go on as a compound or take a definite ending.
    compound: bool,
}

fn terms(known: &Known) -> Vec<Term> {
    let mut out = Vec::new();
    for n in &known.names {
        add_terms(n, HitKind::Namn, &mut out);
    }
    for p in &known.places {
        add_terms(p, HitKind::Plats, &mut out);
    }
    let mut seen = HashSet::new();
    out.retain(|t| seen.insert((t.words.clone(), t.kind)));
    out
}

fn counts_alone(w: &str) -> bool {
    letters(w) >= 2 && !GENERIC.contains(w)
}

fn add_terms(entry: &str, kind: HitKind, out: &mut Vec<Term>) {
    let words_of = |s: &str| -> Vec<String> {
        tokens(&fold_with_spans(s).chars)
            .into_iter()
            .map(|t| t.word)
            .collect()
    };
    let compound = kind == HitKind::Plats;
    let mut add = |words: Vec<String>| {
        if !words.iter().any(|w| counts_alone(w)) {
            return;
        }
        let single = words.len() == 1;
        let stem = match words.as_slice() {
            [w] if compound => place_stem(w),
            _ => None,
        };
        out.push(Term {
            ambiguous: single && words.iter().all(|w| AMBIGUOUS.contains(w)),
            words,
            kind,
            compound,
        });
        if let Some(stem) = stem {
            out.push(Term {
                words: vec![stem],
                kind,
                ambiguous: false,
                compound,
            });
        }
    };
    // The whole entry, each part between spaces (`Anna-Karin`), each word (`Karin`).
    add(words_of(entry));
    for part in entry.split_whitespace() {
        let words = words_of(part);
        if words.len() > 1 {
            for w in &words {
                add(vec![w.clone()]);
            }
        }
        add(words);
    }
}

/// `björkdalsskolan` → `björkdal` (folded): the part before an institution word, without a
/// linking `s`, when at least five letters remain.
fn place_stem(w: &str) -> Option<String> {
    let stem = STEMS.iter().find_map(|h| w.strip_suffix(h.as_str()))?;
    let stem = match stem.strip_suffix('s') {
        Some(s) if letters(s) >= 5 => s,
        _ => stem,
    };
    (letters(stem) >= 5).then(|| stem.to_owned())
}

fn find_known(text: &str, known: &Known, found: &mut Found) {
    let terms = terms(known);
    if terms.is_empty() {
        return;
    }
    let f = fold_with_spans(text);
    let toks = tokens(&f.chars);
    for i in 0..toks.len() {
        for term in &terms {
            let Some(end) = match_at(term, &toks, i, &f.chars) else {
                continue;
            };
            let (Some(first), Some(last)) = (
                toks.get(i).and_then(|t| f.spans.get(t.start)),
                end.checked_sub(1).and_then(|e| f.spans.get(e)),
            ) else {
                continue;
            };
            let (start, end) = (first.0, last.1);
            if term.ambiguous && !starts_upper(text, start) {
                continue;
            }
            found.push((term.kind, start, end));
        }
    }
}

/// Where `term` ends (folded char index) when it matches at token `i`.
fn match_at(term: &Term, toks: &[Token], i: usize, chars: &[char]) -> Option<usize> {
    let mut end = None;
    for (k, w) in term.words.iter().enumerate() {
        let t = toks.get(i + k)?;
        if k > 0 {
            let prev = toks.get(i + k - 1)?;
            if !gap_ok(chars.get(prev.end..t.start)?) {
                return None;
            }
        }
        let ok = if k + 1 == term.words.len() {
            last_word_ok(&t.word, w, term.compound)
        } else {
            t.word == *w
        };
        if !ok {
            return None;
        }
        end = Some(t.end);
    }
    end.map(|e| genitive_end(chars, e))
}

/// Between the words of a multi-word entry: a space, hyphen, apostrophe or full stop.
fn gap_ok(gap: &[char]) -> bool {
    (1..=3).contains(&gap.len())
        && gap
            .iter()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '–' | '\'' | '’' | '.'))
}

fn last_word_ok(word: &str, term: &str, compound: bool) -> bool {
    if word == term {
        return true;
    }
    let Some(rest) = word.strip_prefix(term) else {
        return false;
    };
    rest == "s" || (compound && (letters(term) >= 4 || ENDINGS.contains(rest)))
}

/// Extends a match over a written genitive: `Anna:s`, `Anna's`, `Lars'`.
fn genitive_end(chars: &[char], end: usize) -> usize {
    let at = |k: usize| chars.get(end + k).copied();
    let boundary = |k: usize| at(k).is_none_or(|c| !c.is_alphanumeric());
    let ends_in_s = end
        .checked_sub(1)
        .and_then(|e| chars.get(e))
        .is_some_and(|c| matches!(c, 's' | 'x' | 'z'));
    match (at(0), at(1)) {
        (Some(':' | '\'' | '’'), Some('s')) if boundary(2) => end + 2,
        (Some('\'' | '’'), _) if ends_in_s && boundary(1) => end + 1,
        _ => end,
    }
}

// ---------------------------------------------------------------------------------------------
// Swedish places (the gazetteer)
// ---------------------------------------------------------------------------------------------

/// The letter of `text` at folded index `j`, lower case, with a decomposed `å`, `ä`, `ö`
/// composed again.
fn written_letter(text: &str, f: &Folded, j: usize) -> char {
    f.spans
        .get(j)
        .and_then(|&(s, e)| text.get(s..e))
        .and_then(|w| street_form(w).chars().next())
        .unwrap_or(' ')
}

/// A word of the text (from folded index `start`) written with `å`, `ä` or `ö` where the name
/// has another letter is another word (`tränas` is not `Tranås`).
fn written_alike(text: &str, f: &Folded, start: usize, name: &[char]) -> bool {
    name.iter().enumerate().all(|(k, &n)| {
        let t = written_letter(text, f, start + k);
        !matches!(t, 'å' | 'ä' | 'ö') || t == n
    })
}

fn find_places(text: &str, found: &mut Found) {
    let g = &*places::GAZETTEER;
    let f = fold_with_spans(text);
    let toks = tokens(&f.chars);
    for i in 0..toks.len() {
        let Some(tok) = toks.get(i) else { continue };
        let w = tok.word.as_str();
        // Every prefix of the word may be a name's first word (`göteborgsområdet`), up to the
        // longest first word: a word thousands of letters long costs no more than a short one.
        let cuts = w
            .char_indices()
            .map(|(k, _)| k)
            .skip(1)
            .chain([w.len()])
            .take_while(|&k| k <= g.longest_first);
        for cut in cuts {
            let (Some(head), Some(rest)) = (w.get(..cut), w.get(cut..)) else {
                continue;
            };
            let Some(candidates) = g.by_first.get(head) else {
                continue;
            };
            for place in candidates {
                if let Some(span) = place_at(text, &f, &toks, i, rest, place, g) {
                    found.push((HitKind::Ort, span.0, span.1));
                }
            }
        }
    }
}

/// The byte span of `place` when it matches at token `i`, whose first `rest` letters follow
/// the name's first word.
fn place_at(
    text: &str,
    f: &Folded,
    toks: &[Token],
    i: usize,
    rest: &str,
    place: &places::Place,
    g: &places::Gazetteer,
) -> Option<(usize, usize)> {
    use places::Ambiguity;
    let first = toks.get(i)?;
    let n = place.words.len();
    let single = n == 1;
    let name_letters = place.words.first().map_or(0, |w| w.chars().count());
    let ending_ok = rest.is_empty()
        || rest == "s"
        || (single
            && place.ambiguity == Ambiguity::None
            && name_letters >= 4
            && (g.heads.contains(rest)
                || rest.strip_prefix('s').is_some_and(|r| g.heads.contains(r))));
    if !ending_ok || (!single && !rest.is_empty()) {
        return None;
    }
    let mut end_tok = first;
    for (k, (word, written)) in place.words.iter().zip(&place.written).enumerate() {
        let t = toks.get(i + k)?;
        if k > 0 {
            let prev = toks.get(i + k - 1)?;
            let last = k + 1 == n;
            let same = t.word == *word || (last && t.word.strip_suffix('s') == Some(word));
            if !same || !gap_ok(f.chars.get(prev.end..t.start)?) {
                return None;
            }
        }
        if !written_alike(text, f, t.start, written) {
            return None;
        }
        end_tok = t;
    }
    let start = f.spans.get(first.start)?.0;
    let end = f
        .spans
        .get(genitive_end(&f.chars, end_tok.end).checked_sub(1)?)?
        .1;
    // `Vara kommun`, `Lunds kommun`: a place noun right after makes it a place, also at the
    // start of a sentence.
    let place_noun_after = || {
        let next = toks.get(i + n);
        next.is_some_and(|t| {
            g.place_nouns.contains(t.word.as_str())
                && f.chars
                    .get(end_tok.end..t.start)
                    .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace()))
        })
    };
    let capital_inside =
        starts_upper(text, start) && (!sentence_start(text, start) || place_noun_after());
    let after_preposition = || {
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        prev.is_some_and(|p| {
            g.prepositions.contains(p.word.as_str())
                && f.chars
                    .get(p.end..first.start)
                    .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace()))
        })
    };
    let ok = match place.ambiguity {
        Ambiguity::None => true,
        Ambiguity::Word => capital_inside,
        Ambiguity::Name => capital_inside || after_preposition(),
    };
    ok.then_some((start, end))
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this module, checked by the tests.
    Regex::new(pattern).expect("constant pattern")
}

// Separators: `\x20` is a space, `\u{a0}` a no-break space; `(?x)` patterns ignore their own
// layout and `#` comments.

static PERSONNUMMER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        (?:18|19|20)? ([0-9]{2}) (-?) ([0-9]{2}) (-?) ([0-9]{2})   # (century) year, month, day
        (\x20?[-+–]\x20?|\x20)?                                    # separator
        [0-9]{4}                                                   # birth number, check digit
    ")
});
static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:19|20)[0-9]{2}([-./])([0-9]{1,2})([-./])([0-9]{1,2})"));
static DATE_8: LazyLock<Regex> = LazyLock::new(|| re(r"(?:19|20)[0-9]{2}([0-9]{2})([0-9]{2})"));
static DATE_DMY: LazyLock<Regex> =
    LazyLock::new(|| re(r"([0-9]{1,2})([-./])([0-9]{1,2})([-./])(?:(?:19|20)[0-9]{2}|[0-9]{2})"));
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let months = alternation(MONTHS);
    re(&format!(
        r"(?xi)
        \b ([0-9]{{1,2}}) (?::[ae])? \.?           # 3, 3:e, 3.
        [\s\u{{a0}}]+ (?:{months}) \b              # mars, nov
        (?: \.? [\s\u{{a0}}]+ (?:19|20)[0-9]{{2}} \b )?   # 2026
        "
    ))
});
static DATE_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    let (ordinals, months) = (alternation(ORDINALS), alternation(MONTHS));
    re(&format!(
        r"(?i)\bden[\s\u{{a0}}]+((?:{ordinals})[\s\u{{a0}}]+(?:{months}))\b"
    ))
});
static DATE_SLASH: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bden[\s\u{a0}]+(([0-9]{1,2})/([0-9]{1,2}))\b"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        (?: \+[\x20\u{a0}]?[0-9] | \(0 | 0 )        # +46, (019), 070, 0046
        (?: [\x20\u{a0}\-–()]{0,3} [0-9] ){6,14}   # digits, each after up to 3 separators
    ")
});
static POSTAL_TOWN: LazyLock<Regex> =
    LazyLock::new(|| re(r"([1-9][0-9]{2}[\x20\u{a0}]?[0-9]{2})[\x20\u{a0}]+\p{Lu}\p{Ll}"));
static POSTAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bpost(?:nummer|numret|nr)\.?:?[\x20\u{a0}]*([0-9]{3}[\x20\u{a0}]?[0-9]{2})\b")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        [\p{L}\p{N}._%+\-]+                                          # local part
        (?: @ | [\x20\u{a0}]? (?i:\[at\]|\(at\)) [\x20\u{a0}]? )     # @, [at], (at)
        (?: [\p{L}\p{N}\-]+ \. )+ \p{L}{2,}                          # domain.tld
    ")
});
static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*"));
static HOUSE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        ^ [\x20\u{a0}]+ [0-9]{1,4}                                    # 12
        (?: [A-Za-z] | [\x20\u{a0}][A-Z] )? \b                        # 12B, 12 B
        (?: [\x20\u{a0}]? [-–] [\x20\u{a0}]? [0-9]{1,4} \b )?         # 12-14
        (?: ,? [\x20\u{a0}]* (?i: lgh | lägenhet | lägenhetsnummer | lägenhetsnr ) \.?
            [\x20\u{a0}]* (?: (?i:nr) \.? [\x20\u{a0}]* )? [0-9]{3,4} \b )?   # lgh 1101
    ")
});
static CARE_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        (?i: \b c/o ) [\x20\u{a0}]+ [\p{L}\p{M}\-]+        # c/o Svensson, c/o familjen
        (?: [\x20\u{a0}]+ \p{Lu} [\p{L}\p{M}\-]* )*         # further capitalised words
    ")
});
static BOX: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:box|postbox|postfack)[\x20\u{a0}]*[0-9]+\b"));

type Found = Vec<(HitKind, usize, usize)>;

/// Where the search goes on after an accepted match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    /// After the accepted span: matches never overlap.
    AfterSpan,
    /// One character after the match's start: candidates may overlap, for [`resolve`] to
    /// choose among (phone numbers, whose first candidate may start too early).
    AfterStart,
}

/// Runs `re` over `text`; `accept` turns a match into a span or refuses it. The search goes
/// on after an accepted span; a refused match is retried one character further on, so a
/// refusal never hides a later match.
fn each_match(
    re: &Regex,
    text: &str,
    kind: HitKind,
    found: &mut Found,
    accept: impl FnMut(&Captures) -> Option<(usize, usize)>,
) {
    each_match_then(re, text, kind, found, Next::AfterSpan, accept);
}

/// [`each_match`], going on as `next` says after an accepted match.
fn each_match_then(
    re: &Regex,
    text: &str,
    kind: HitKind,
    found: &mut Found,
    next: Next,
    mut accept: impl FnMut(&Captures) -> Option<(usize, usize)>,
) {
    let mut pos = 0;
    while pos <= text.len() {
        let Some(caps) = re.captures_at(text, pos) else {
            break;
        };
        let Some(m) = caps.get(0) else {
            break;
        };
        let step = char_after(text, m.start()).map_or(1, char::len_utf8);
        pos = m.start() + step;
        if let Some((s, e)) = accept(&caps).filter(|&(_, e)| e > m.start()) {
            found.push((kind, s, e));
            if next == Next::AfterSpan {
                pos = e;
            }
        }
    }
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn starts_upper(text: &str, i: usize) -> bool {
    char_after(text, i).is_some_and(char::is_uppercase)
}

/// Not part of a longer digit run.
fn digits_apart(text: &str, s: usize, e: usize) -> bool {
    !char_before(text, s).is_some_and(|c| c.is_ascii_digit())
        && !char_after(text, e).is_some_and(|c| c.is_ascii_digit())
}

/// At the start of the text, a line or a sentence.
fn sentence_start(text: &str, i: usize) -> bool {
    let Some(before) = text.get(..i) else {
        return true;
    };
    for c in before.chars().rev() {
        match c {
            '\n' | '.' | '!' | '?' | ':' => return true,
            '"' | '”' | '“' | '«' | '»' | '(' | '-' | '–' | '—' | '•' | '*' | '\'' => {}
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    true
}

fn num(caps: &Captures, i: usize) -> u32 {
    caps.get(i)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or(0)
}

fn valid_month_day(month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn span(caps: &Captures, i: usize) -> Option<(usize, usize)> {
    caps.get(i).map(|m| (m.start(), m.end()))
}

fn find_personnummer(text: &str, found: &mut Found) {
    each_match(&PERSONNUMMER, text, HitKind::Personnummer, found, |c| {
        let (s, e) = span(c, 0)?;
        let day = num(c, 5);
        let plausible =
            (1..=12).contains(&num(c, 3)) && ((1..=31).contains(&day) || (61..=91).contains(&day));
        // `YYMMDDNNNN`, or `YYYY-MM-DD-NNNN` with a hyphen in every place.
        let inner = (c.get(2)?.as_str(), c.get(4)?.as_str());
        let last = c.get(6).map_or("", |m| m.as_str());
        let seps_ok = inner == ("", "") || (inner == ("-", "-") && last == "-");
        // A bare ten-digit number starting with 07 is a mobile number (found as a phone).
        let mobile = e - s == 10 && c.get(0)?.as_str().starts_with("07");
        (plausible && seps_ok && !mobile && digits_apart(text, s, e)).then_some((s, e))
    });
}

fn find_dates(text: &str, found: &mut Found) {
    let kind = HitKind::Datum;
    each_match(&DATE_ISO, text, kind, found, |c| {
        let (s, e) = span(c, 0)?;
        let same_sep = c.get(1)?.as_str() == c.get(3)?.as_str();
        (same_sep && valid_month_day(num(c, 2), num(c, 4)) && digits_apart(text, s, e))
            .then_some((s, e))
    });
    each_match(&DATE_8, text, kind, found, |c| {
        let (s, e) = span(c, 0)?;
        (valid_month_day(num(c, 1), num(c, 2)) && digits_apart(text, s, e)).then_some((s, e))
    });
    each_match(&DATE_DMY, text, kind, found, |c| {
        let (s, e) = span(c, 0)?;
        let (a, b) = (c.get(2)?.as_str(), c.get(4)?.as_str());
        // 29.11.2026, 29/11/2026, 29-11-2026, and the Swedish 29/11-26; not 13.05-14.00.
        let seps = a == b || (a == "/" && b == "-");
        // Not a piece of a longer dotted or dashed run (`1.2.3.45`, `13.05.14.30`).
        let glued_before = char_before(text, s).is_some_and(|c| matches!(c, '.' | '/' | '-' | ':'));
        let mut after = text.get(e..).unwrap_or("").chars();
        let glued_after = after
            .next()
            .is_some_and(|c| matches!(c, '.' | '/' | '-' | ':'))
            && after.next().is_some_and(|c| c.is_ascii_digit());
        // `barnen är 10-12-14 år` are ages.
        let ages = text
            .get(e..)
            .is_some_and(|t| t.trim_start().starts_with("år"));
        let apart = digits_apart(text, s, e) && !glued_before && !glued_after && !ages;
        (seps && apart && valid_month_day(num(c, 3), num(c, 1))).then_some((s, e))
    });
    each_match(&DATE_WORDS, text, kind, found, |c| {
        let day = num(c, 1);
        (1..=31).contains(&day).then(|| span(c, 0)).flatten()
    });
    each_match(&DATE_ORDINAL, text, kind, found, |c| span(c, 1));
    each_match(&DATE_SLASH, text, kind, found, |c| {
        valid_month_day(num(c, 3), num(c, 2))
            .then(|| span(c, 1))
            .flatten()
    });
}

fn find_phones(text: &str, found: &mut Found) {
    // Every start is tried, also inside an accepted number: a number whose first candidate
    // starts too early (digits of the word before it) and then loses to an overlapping name
    // must still be found from its own start. `resolve` keeps the longest non-overlapping.
    each_match_then(
        &PHONE,
        text,
        HitKind::Telefon,
        found,
        Next::AfterStart,
        |c| {
            let m = c.get(0)?;
            let (s, t) = (m.start(), m.as_str());
            let before = char_before(text, s);
            let before2 = char_before(text, s.saturating_sub(1));
            // A part of a longer number: `12070…`, `1,070 …`.
            let glued = before.is_some_and(|c| c.is_ascii_digit())
                || (matches!(before, Some('.' | ','))
                    && before2.is_some_and(|c| c.is_ascii_digit()));
            // `1 000 000 000`: groups of three digits after a number are an amount.
            let thousands = matches!(before, Some(' ' | '\u{a0}'))
                && before2.is_some_and(|c| c.is_ascii_digit())
                && t.split([' ', '\u{a0}'])
                    .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
            // `a0 070-123 45 67`, `rum3 070-…`, `kod070 070-…`: digits ending a word are not the
            // number's start when a whole number follows them; that one is tried next (found by
            // the fuzz target, issue 8). `tel070-123 45 67` still starts at its `070`.
            let first_group = t.chars().take_while(char::is_ascii_digit).count();
            let word_tail = before.is_some_and(char::is_alphabetic)
                && first_group >= 1
                && t[first_group..]
                    .trim_start_matches([' ', '\u{a0}', '-', '–'])
                    .get(..)
                    .and_then(|rest| PHONE.find(rest))
                    .is_some_and(|m| {
                        m.start() == 0
                            && m.as_str().chars().filter(char::is_ascii_digit).count() >= 7
                    });
            if glued || thousands || word_tail {
                return None;
            }
            let (min, max) = if t.starts_with('+') {
                (8, 15)
            } else if t.starts_with("00") {
                (9, 15)
            } else {
                (7, 10)
            };
            // The longest prefix that ends a digit group and has a phone number's length, so
            // that a number written right after (`070-123 45 67 2026`) is left out.
            let group_ends = t
                .char_indices()
                .filter(|&(i, c)| {
                    !c.is_ascii_digit()
                        && t.get(..i)
                            .is_some_and(|p| p.ends_with(|d: char| d.is_ascii_digit()))
                })
                .map(|(i, _)| i);
            let mut ends: Vec<usize> = group_ends.chain([t.len()]).collect();
            ends.reverse();
            ends.into_iter().find_map(|end| {
                let digits = t.get(..end)?.chars().filter(char::is_ascii_digit).count();
                let runs_on = char_after(text, s + end).is_some_and(|c| c.is_ascii_digit());
                ((min..=max).contains(&digits) && !runs_on).then_some((s, s + end))
            })
        },
    );
}

fn find_postal_codes(text: &str, found: &mut Found) {
    let grouped = |s: usize| {
        // `12 345 67 …` is part of a larger number.
        matches!(char_before(text, s), Some(' ' | '\u{a0}'))
            && char_before(text, s.saturating_sub(1)).is_some_and(|c| c.is_ascii_digit())
    };
    each_match(&POSTAL_TOWN, text, HitKind::Postnummer, found, |c| {
        let (s, e) = span(c, 1)?;
        (digits_apart(text, s, e) && !grouped(s)).then_some((s, e))
    });
    each_match(&POSTAL_WORD, text, HitKind::Postnummer, found, |c| {
        let (s, e) = span(c, 1)?;
        digits_apart(text, s, e).then_some((s, e))
    });
}

fn find_email(text: &str, found: &mut Found) {
    each_match(&EMAIL, text, HitKind::Epost, found, |c| span(c, 0));
}

/// Lower case, with a decomposed `é`, `å`, `ä`, `ö` composed again.
fn street_form(word: &str) -> String {
    word.to_lowercase()
        .replace("e\u{301}", "é")
        .replace("a\u{30a}", "å")
        .replace("a\u{308}", "ä")
        .replace("o\u{308}", "ö")
}

/// The street suffix `w` ends in, with at least two letters before it, and `w` without a
/// genitive `s` after a definite suffix (`Storgatans` → `storgatan`, but not `övervägs`).
fn street_suffix(w: &str) -> Option<(&'static str, &str)> {
    let base = |w: &str| {
        SUFFIXES.iter().copied().find(|sfx| {
            w.strip_suffix(sfx)
                .is_some_and(|before| letters(before) >= 2)
        })
    };
    base(w).map(|sfx| (sfx, w)).or_else(|| {
        let bare = w.strip_suffix('s')?;
        base(bare)
            .filter(|sfx| sfx.ends_with(['n', 't']))
            .map(|sfx| (sfx, bare))
    })
}

fn find_addresses(text: &str, found: &mut Found) {
    let mut prev: Option<(usize, usize)> = None;
    for m in WORD.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let w = street_form(m.as_str());
        let number_end = text
            .get(e..)
            .and_then(|rest| HOUSE_NUMBER.find(rest))
            .map(|n| e + n.end());
        if let Some((sfx, bare)) = street_suffix(&w) {
            let ordinary = ORDINARY_SFX.contains(sfx) || ORDINARY_WORDS.contains(bare);
            let capital = starts_upper(text, s);
            if !ordinary || (capital && (number_end.is_some() || !sentence_start(text, s))) {
                found.push((HitKind::Adress, s, number_end.unwrap_or(e)));
            }
        } else if let (true, Some(n), Some((ps, pe))) =
            (BARE_STREET.contains(w.as_str()), number_end, prev)
        {
            // `Gamla vägen 12`: a capitalised word, one space, the street word, a number.
            let one_space = matches!(text.get(pe..s), Some(" " | "\u{a0}"));
            if one_space && starts_upper(text, ps) {
                found.push((HitKind::Adress, ps, n));
            }
        }
        prev = Some((s, e));
    }
    each_match(&CARE_OF, text, HitKind::Adress, found, |c| span(c, 0));
    each_match(&BOX, text, HitKind::Adress, found, |c| span(c, 0));
}

// ---------------------------------------------------------------------------------------------
// Overlaps
// ---------------------------------------------------------------------------------------------

/// On equal spans, the lower rank wins.
fn rank(kind: HitKind) -> u8 {
    match kind {
        HitKind::Personnummer => 0,
        HitKind::Epost => 1,
        HitKind::Namn => 2,
        HitKind::Plats => 3,
        HitKind::Ort => 4,
        HitKind::Adress => 5,
        HitKind::Datum => 6,
        HitKind::Postnummer => 7,
        HitKind::Telefon => 8,
    }
}

fn resolve(text: &str, mut found: Found) -> Vec<Hit> {
    found.sort_by_key(|&(k, s, e)| (Reverse(e.saturating_sub(s)), rank(k), s));
    // Kept spans by start: start → (end, kind). Never overlapping.
    let mut kept: BTreeMap<usize, (usize, HitKind)> = BTreeMap::new();
    for (kind, s, e) in found {
        if e <= s {
            continue;
        }
        if kept
            .range(..e)
            .next_back()
            .is_some_and(|(_, &(pe, _))| pe > s)
        {
            continue;
        }
        kept.insert(s, (e, kind));
    }
    kept.into_iter()
        .filter_map(|(start, (end, kind))| {
            let t = text.get(start..end)?;
            Some(Hit {
                kind,
                start,
                end,
                text: t.to_owned(),
                reason: reason(kind, t),
            })
        })
        .collect()
}

pub mod places;

#[cfg(test)]
mod tests;
