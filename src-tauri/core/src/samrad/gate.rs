//! The gate of a de-identified summary: it may be saved (in the samråd log) or exported (as a
//! PDF) only when every identifier the scanner finds is removed from the text or explicitly
//! accepted by the worker.
//!
//! Both parts are scanned:
//! - the **frågeställning**, the worker's own text: every hit must be removed (a re-scan finds
//!   none) or accepted;
//! - the **generated underlag** (title, intro, sections): defence in depth. It is built only
//!   from role words, age bands and relative time, so it should never give a hit; if a stored
//!   name happens to equal a word of it (a unit called "Barnen"), the hit is shown and must be
//!   accepted like any other, never ignored.
//!
//! An acceptance names the part, the kind, the text and which occurrence of that text it is
//! (the first "Lund", the second …): accepting one occurrence never accepts a later one the
//! worker writes. What is stored afterwards is only the count per part and kind, never the text.
//!
//! Pure: no database, no clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::scanner::{scan, Hit, HitKind, Known};
use super::summary::Summary;
use crate::{Error, Result};

/// Which part of the summary a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradPart")]
pub enum Part {
    /// The generated underlag: title, intro and the sections.
    Underlag,
    /// The worker's frågeställning.
    Fragestallning,
}

impl Part {
    pub const ALL: [Part; 2] = [Part::Underlag, Part::Fragestallning];

    /// The stable key (database).
    pub fn key(self) -> &'static str {
        match self {
            Part::Underlag => "underlag",
            Part::Fragestallning => "fragestallning",
        }
    }

    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.key() == key)
    }

    /// "i frågeställningen", "i det genererade underlaget".
    pub fn where_label(self) -> &'static str {
        match self {
            Part::Underlag => "i det genererade underlaget",
            Part::Fragestallning => "i frågeställningen",
        }
    }
}

/// Every kind of hit, in the order the scanner's docs list them.
pub const HIT_KINDS: [HitKind; 9] = [
    HitKind::Namn,
    HitKind::Plats,
    HitKind::Personnummer,
    HitKind::Telefon,
    HitKind::Adress,
    HitKind::Epost,
    HitKind::Postnummer,
    HitKind::Datum,
    HitKind::Ort,
];

/// The stable key of a kind (database).
pub fn kind_key(k: HitKind) -> &'static str {
    match k {
        HitKind::Namn => "namn",
        HitKind::Plats => "plats",
        HitKind::Personnummer => "personnummer",
        HitKind::Telefon => "telefon",
        HitKind::Adress => "adress",
        HitKind::Epost => "epost",
        HitKind::Postnummer => "postnummer",
        HitKind::Datum => "datum",
        HitKind::Ort => "ort",
    }
}

pub fn kind_from_key(key: &str) -> Option<HitKind> {
    HIT_KINDS.into_iter().find(|k| kind_key(*k) == key)
}

/// The Swedish word for a kind: "namn", "telefonnummer", …
pub fn kind_label(k: HitKind) -> &'static str {
    match k {
        HitKind::Namn => "namn",
        HitKind::Plats => "plats",
        HitKind::Personnummer => "personnummer",
        HitKind::Telefon => "telefonnummer",
        HitKind::Adress => "adress",
        HitKind::Epost => "e-postadress",
        HitKind::Postnummer => "postnummer",
        HitKind::Datum => "datum",
        HitKind::Ort => "ortnamn",
    }
}

/// The worker's "Godkänn" on one hit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradAcceptance")]
pub struct Acceptance {
    pub part: Part,
    pub kind: HitKind,
    /// The hit's text, as found.
    pub text: String,
    /// Which occurrence of this text (same part and kind) it is, from 0.
    pub occurrence: u32,
}

/// One hit, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradHit")]
pub struct GateHit {
    pub part: Part,
    pub kind: HitKind,
    /// "namn", "telefonnummer", …
    pub kind_label: String,
    pub text: String,
    pub occurrence: u32,
    /// Position in the part's text in UTF-16 code units (as the UI's strings count), so that
    /// "Ta bort" can cut exactly this span.
    pub from: u32,
    pub to: u32,
    /// Position in characters, from 1, for the message.
    pub first_char: u32,
    pub last_char: u32,
    /// What was found and what to do (from the scanner).
    pub reason: String,
    pub accepted: bool,
}

impl GateHit {
    pub fn acceptance(&self) -> Acceptance {
        Acceptance {
            part: self.part,
            kind: self.kind,
            text: self.text.clone(),
            occurrence: self.occurrence,
        }
    }
}

/// The scan of a summary with the worker's acceptances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradCheck")]
pub struct Checked {
    /// Every hit in both parts, the generated underlag first, each in text order.
    pub hits: Vec<GateHit>,
    /// Why the summary can't be saved or exported yet; `None` when every hit is accepted.
    pub blocked: Option<String>,
}

impl Checked {
    pub fn is_clear(&self) -> bool {
        self.blocked.is_none()
    }

    /// The accepted hits, counted by part and kind (what the samråd log stores). An accepted
    /// town ([`HitKind::Ort`]) counts as a place ([`HitKind::Plats`]): the log's table
    /// (migration 0006) allows only the kinds there were then, and its rows are never changed.
    pub fn accepted_counts(&self) -> BTreeMap<(Part, HitKind), u32> {
        let mut out = BTreeMap::new();
        for h in self.hits.iter().filter(|h| h.accepted) {
            let kind = match h.kind {
                HitKind::Ort => HitKind::Plats,
                k => k,
            };
            *out.entry((h.part, kind)).or_insert(0) += 1;
        }
        out
    }
}

/// The generated part of a summary as text: everything but the worker's question (its
/// placeholder stands in).
pub fn generated_text(summary: &Summary) -> String {
    let mut s = summary.clone();
    s.question.clear();
    s.to_text()
}

fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

fn chars(s: &str) -> u32 {
    s.chars().count() as u32
}

fn hits_of(part: Part, text: &str, known: &Known, accepted: &[Acceptance]) -> Vec<GateHit> {
    let mut seen: BTreeMap<(HitKind, String), u32> = BTreeMap::new();
    scan(text, known)
        .into_iter()
        .map(
            |Hit {
                 kind,
                 start,
                 end,
                 text: t,
                 reason,
             }| {
                let n = seen.entry((kind, t.clone())).or_insert(0);
                let occurrence = *n;
                *n += 1;
                let before = &text[..start];
                let hit = &text[start..end];
                let acceptance = Acceptance {
                    part,
                    kind,
                    text: t.clone(),
                    occurrence,
                };
                GateHit {
                    part,
                    kind,
                    kind_label: kind_label(kind).to_owned(),
                    occurrence,
                    from: utf16_len(before),
                    to: utf16_len(before) + utf16_len(hit),
                    first_char: chars(before) + 1,
                    last_char: chars(before) + chars(hit),
                    reason,
                    accepted: accepted.contains(&acceptance),
                    text: t,
                }
            },
        )
        .collect()
}

/// Scans both parts of `summary` (the generated underlag and the worker's question) for what
/// `known` holds and every pattern of the scanner, and marks the hits the worker accepted.
pub fn check(summary: &Summary, known: &Known, accepted: &[Acceptance]) -> Checked {
    let mut hits = hits_of(Part::Underlag, &generated_text(summary), known, accepted);
    hits.extend(hits_of(
        Part::Fragestallning,
        &summary.question,
        known,
        accepted,
    ));
    let open: Vec<&GateHit> = hits.iter().filter(|h| !h.accepted).collect();
    let blocked = (!open.is_empty()).then(|| {
        let mut parts = Vec::new();
        for part in Part::ALL {
            let items: Vec<String> = open
                .iter()
                .filter(|h| h.part == part)
                .map(|h| {
                    format!(
                        "{} «{}» (tecken {}–{})",
                        h.kind_label, h.text, h.first_char, h.last_char
                    )
                })
                .collect();
            if !items.is_empty() {
                parts.push(format!("{}: {}", part.where_label(), items.join(", ")));
            }
        }
        let count = if open.len() == 1 {
            "1 träff är varken borttagen eller godkänd".to_owned()
        } else {
            format!("{} träffar är varken borttagna eller godkända", open.len())
        };
        format!(
            "Underlaget kan inte sparas eller exporteras ännu: {count} – {}. Ta bort varje \
             uppgift ur texten, eller godkänn den om du har kontrollerat att den inte pekar ut \
             någon.",
            parts.join("; ")
        )
    });
    Checked { hits, blocked }
}

/// `Ok` when every hit is removed or accepted; otherwise the refusal that lists what remains.
pub fn require_clear(c: &Checked) -> Result<()> {
    match &c.blocked {
        None => Ok(()),
        Some(why) => Err(Error::Refused(why.clone().into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samrad::summary::{summarize, SummaryInput};

    fn known() -> Known {
        Known {
            names: vec!["Anna Svensson".into()],
            places: vec!["Kvinnojouren Frida".into()],
        }
    }

    fn summary(question: &str) -> Summary {
        let mut s = summarize(&SummaryInput::default(), "2026-03-15".parse().unwrap());
        s.question = question.into();
        s
    }

    #[test]
    fn blocked_until_every_hit_is_removed_or_accepted() {
        let q = "Anna ringde från Frida. Anna ringde igen på 070-123 45 67.";
        let s = summary(q);
        let c = check(&s, &known(), &[]);
        let found: Vec<(Part, HitKind, &str, u32)> = c
            .hits
            .iter()
            .map(|h| (h.part, h.kind, h.text.as_str(), h.occurrence))
            .collect();
        assert_eq!(
            found,
            [
                (Part::Fragestallning, HitKind::Namn, "Anna", 0),
                (Part::Fragestallning, HitKind::Plats, "Frida", 0),
                (Part::Fragestallning, HitKind::Namn, "Anna", 1),
                (Part::Fragestallning, HitKind::Telefon, "070-123 45 67", 0),
            ]
        );
        let why = require_clear(&c).unwrap_err().to_string();
        assert!(why.starts_with("Underlaget kan inte sparas eller exporteras ännu: 4 träffar"));
        assert!(
            why.contains("i frågeställningen: namn «Anna» (tecken 1–4)"),
            "{why}"
        );
        assert!(why.contains("telefonnummer «070-123 45 67»"), "{why}");

        // Accepting the first "Anna" does not accept the second.
        let first = c.hits[0].acceptance();
        let c = check(&s, &known(), std::slice::from_ref(&first));
        assert!(c.hits[0].accepted && !c.hits[2].accepted);
        assert!(c.blocked.as_deref().unwrap().contains("3 träffar"));

        // Removing the phone number (the UI cuts [from, to)) and accepting the rest.
        let cut = |text: &str, h: &GateHit| -> String {
            let u: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(&[&u[..h.from as usize], &u[h.to as usize..]].concat()).unwrap()
        };
        let q2 = cut(q, &c.hits[3]);
        let s2 = summary(&q2);
        let all: Vec<Acceptance> = check(&s2, &known(), &[])
            .hits
            .iter()
            .map(GateHit::acceptance)
            .collect();
        assert_eq!(all.len(), 3);
        let c2 = check(&s2, &known(), &all);
        assert!(c2.is_clear(), "{:?}", c2.blocked);
        require_clear(&c2).unwrap();
        let counts = c2.accepted_counts();
        assert_eq!(counts.get(&(Part::Fragestallning, HitKind::Namn)), Some(&2));
        assert_eq!(
            counts.get(&(Part::Fragestallning, HitKind::Plats)),
            Some(&1)
        );
        assert_eq!(counts.get(&(Part::Fragestallning, HitKind::Telefon)), None);
    }

    #[test]
    fn removing_every_hit_clears_the_gate() {
        let c = check(&summary("Hur samordnar vi skyddet?"), &known(), &[]);
        assert!(c.hits.is_empty() && c.is_clear());
    }

    #[test]
    fn offsets_are_utf16_and_characters() {
        // "Åsa 🙂 Anna": the emoji is two UTF-16 units, one character.
        let s = summary("Åsa 🙂 Anna");
        let c = check(&s, &known(), &[]);
        assert_eq!(c.hits.len(), 1);
        let h = &c.hits[0];
        assert_eq!((h.from, h.to), (7, 11));
        assert_eq!((h.first_char, h.last_char), (7, 10));
    }

    #[test]
    fn a_hit_in_the_generated_part_must_be_accepted_too() {
        // A unit stored under a word the summary uses: the hit is shown, never ignored.
        let odd = Known {
            names: vec![],
            places: vec!["Personer".into()],
        };
        let s = summary("");
        let c = check(&s, &odd, &[]);
        assert!(c.hits.iter().all(|h| h.part == Part::Underlag));
        assert!(!c.hits.is_empty());
        assert!(c
            .blocked
            .as_deref()
            .unwrap()
            .contains("i det genererade underlaget"));
        let all: Vec<Acceptance> = c.hits.iter().map(GateHit::acceptance).collect();
        assert!(check(&s, &odd, &all).is_clear());
    }

    #[test]
    fn a_town_the_database_does_not_know_blocks_until_accepted_and_is_logged_as_a_place() {
        let s = summary("Hon bor nu i Hudiksvall, nära Frida.");
        let c = check(&s, &known(), &[]);
        let found: Vec<(HitKind, &str, &str)> = c
            .hits
            .iter()
            .map(|h| (h.kind, h.kind_label.as_str(), h.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (HitKind::Ort, "ortnamn", "Hudiksvall"),
                (HitKind::Plats, "plats", "Frida"),
            ]
        );
        let why = require_clear(&c).unwrap_err().to_string();
        assert!(why.contains("ortnamn «Hudiksvall»"), "{why}");
        let all: Vec<Acceptance> = c.hits.iter().map(GateHit::acceptance).collect();
        let c = check(&s, &known(), &all);
        assert!(c.is_clear());
        // Migration 0006's table allows the eight first kinds: the town counts as a place.
        assert_eq!(
            c.accepted_counts().into_iter().collect::<Vec<_>>(),
            [((Part::Fragestallning, HitKind::Plats), 2)]
        );
        // The generated underlag names no place.
        assert!(c.hits.iter().all(|h| h.part == Part::Fragestallning));
    }

    #[test]
    fn keys_round_trip() {
        for k in HIT_KINDS {
            assert_eq!(kind_from_key(kind_key(k)), Some(k));
        }
        for p in Part::ALL {
            assert_eq!(Part::from_key(p.key()), Some(p));
        }
    }
}
