//! The de-identified case summary for samråd (the weekly consultation meetings of police,
//! region and municipalities).
//!
//! "A case is brought **with the person's consent** (use the agreed consent form) **or
//! de-identified**: the official who brings it must make sure no sensitive personal data is
//! revealed — talk about the character of the case, not details." [001 §5, summarised in
//! docs/DOMAIN.md, "Samråd — Operation Norrsken"]
//!
//! This module is the "de-identified" half of that rule: a pure function of the case's facts
//! and today's date ([`summarize`]) that describes the character of the case — who is in it by
//! role word, legal sex and age band, the forms of violence, whether protected personal data
//! exist, how far the SIP has come in coarse relative time — and nothing else.
//!
//! How a leak is made structurally impossible:
//! - The input ([`SummaryInput`]) has no field for a name, identity number, address, phone,
//!   contact way, language, unit, place, free text or meeting time. The conversions from the
//!   store's types ([`PersonFacts::from`], [`RelationFacts::from`], [`SipProgress::from`]) copy
//!   only legal sex, birth date, protection level, roles, forms of violence, relation kinds and
//!   SIP dates; everything else of a [`Person`] or [`SipDetail`] is dropped there.
//! - Every word of the output comes from this module's Swedish text or a vocabulary label.
//!   The only numbers written are age-band limits, counts (as words up to twelve) and "N
//!   veckor/månader": never a run of three digits, so never a year, an identity number or a
//!   date.
//! - Dates become age bands ([`AgeBand`]) and relative time ([`RelativeTime`]), coarse on
//!   purpose; an exact date is never written. Meetings not yet held are mentioned without any
//!   time ("Share sensitive information such as **time and place of meetings orally, not in
//!   writing**" [003 "Skyddade personuppgifter i SIP"]).
//! - Identical persons are merged into a count ("två barn 6–9 år"), and persons are listed in
//!   a fixed order (adults, unknown age, children; older bands first), not in the order they
//!   were entered.
//!
//! Decisions (see the tests):
//! - **Skydd** says only *that* protected personal data exist in the case, not which level nor
//!   for whom: the level (fingerade personuppgifter is rare) and the combination "who + level"
//!   narrow the circle of persons, and the samråd needs to know only that it must be careful.
//! - **Children** are "barn" without legal sex (as in the "barn 6–9 år"); adults are
//!   "kvinna"/"man" by legal sex (statistics are sex-disaggregated [003 Del 5]), "vuxen" when
//!   it is unknown.
//! - **"i dag"** is not used: together with the date of the samråd it is an exact date. Anything
//!   less than a week ago is "under den senaste veckan".
//! - Language and interpreter need, consent details, participants' units and the SIP's texts
//!   are left out: a rare language or a named unit can point to a person or a place.
//! - **Frågeställning** is the worker's own text ([`Summary::question`]); [`summarize`] leaves
//!   it empty. It is not checked here: the identifier scanner checks it before it is used.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::PersonId;
use crate::person::idnumber::age_in_years;
use crate::person::{Person, Relation, ADULT_AGE};
use crate::sip::rules::MeetingFact;
use crate::sip::{SipDetail, SipState};
use crate::vocab::{LegalSex, ProtectionLevel, RelationKind, Role, ViolenceForm};

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/// What the summary may know about a person: no name, number, address, phone, contact way or
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    /// Only to resolve relations and the SIP's person; never written.
    pub id: PersonId,
    pub legal_sex: LegalSex,
    /// Only turned into an [`AgeBand`]; never written.
    pub birth_date: Option<NaiveDate>,
    pub protection_level: ProtectionLevel,
    pub roles: Vec<Role>,
    pub violence_forms: Vec<ViolenceForm>,
}

impl From<&Person> for PersonFacts {
    /// The one place a stored person enters the summary: everything identifying stays behind.
    fn from(p: &Person) -> Self {
        PersonFacts {
            id: p.id,
            legal_sex: p.legal_sex,
            birth_date: p.birth_date,
            protection_level: p.protection_level,
            roles: p.roles.clone(),
            violence_forms: p.violence_forms.clone(),
        }
    }
}

/// "A <kind> B" between two persons of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationFacts {
    pub from_person: PersonId,
    pub to_person: PersonId,
    pub kind: RelationKind,
    /// For `Vardnadshavare`: has custody (vårdnad) or not.
    pub custody: Option<bool>,
}

impl From<&Relation> for RelationFacts {
    fn from(r: &Relation) -> Self {
        RelationFacts {
            from_person: r.from_person,
            to_person: r.to_person,
            kind: r.kind,
            custody: r.custody,
        }
    }
}

/// How far a SIP has come: a state and dates, nothing the person or a worker wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipProgress {
    /// The person the SIP is for.
    pub person: PersonId,
    pub state: SipState,
    pub need_discovered_on: NaiveDate,
    /// Every booked meeting (date and whether it was held; no time, no place).
    pub meetings: Vec<MeetingFact>,
    /// A plan version exists.
    pub has_plan: bool,
    /// The dates of the follow-ups.
    pub follow_ups: Vec<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl From<&SipDetail> for SipProgress {
    /// Drops the preparation, participants, places, times, plan texts, follow-up notes and the
    /// closing reason.
    fn from(s: &SipDetail) -> Self {
        SipProgress {
            person: s.person_id,
            state: s.state,
            need_discovered_on: s.need_discovered_on,
            meetings: s
                .meetings
                .iter()
                .map(|m| MeetingFact {
                    on: m.on_date,
                    held: m.held,
                })
                .collect(),
            has_plan: !s.plan_versions.is_empty(),
            follow_ups: s.follow_ups.iter().map(|f| f.on).collect(),
            closed_on: s.closed_on,
        }
    }
}

/// Everything [`summarize`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryInput {
    pub persons: Vec<PersonFacts>,
    pub relations: Vec<RelationFacts>,
    pub sips: Vec<SipProgress>,
}

impl SummaryInput {
    /// From what the store gives for a case (`person::list_for_case`,
    /// `person::relations_for_case`, the case's SIPs).
    pub fn from_case(persons: &[Person], relations: &[Relation], sips: &[SipDetail]) -> Self {
        SummaryInput {
            persons: persons.iter().map(PersonFacts::from).collect(),
            relations: relations.iter().map(RelationFacts::from).collect(),
            sips: sips.iter().map(SipProgress::from).collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/// One heading and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradSection")]
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
}

/// The de-identified summary: sections "Personer", "Våldet", "Skydd", "SIP", then the
/// worker's own "Frågeställning".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradSummary")]
pub struct Summary {
    pub title: String,
    /// The reminder of the rule, shown above the sections.
    pub intro: String,
    pub sections: Vec<Section>,
    /// The worker's question for the samråd. Empty from [`summarize`]; free text, so it must
    /// pass the identifier scanner before the summary is used.
    pub question: String,
}

pub const TITLE: &str = "Avidentifierat ärende för samråd";
pub const INTRO: &str = "Underlaget beskriver ärendets karaktär, inte detaljer: inga namn, \
     nummer, adresser, platser, arbetsplatser, skolor eller exakta datum.";
pub const QUESTION_HEADING: &str = "Frågeställning";
/// Shown in the text while the worker has not written a question.
pub const QUESTION_PLACEHOLDER: &str = "(Skriv frågeställningen till samrådet här. Beskriv \
     ärendets karaktär, inte detaljer: inga namn, personnummer, adresser, telefonnummer, \
     platser, arbetsplatser, skolor eller datum.)";

impl Summary {
    /// Plain text: the title, the intro, each section's heading and its lines as "- " items,
    /// then the question (or its placeholder).
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.title, self.intro);
        for s in &self.sections {
            out.push('\n');
            out.push_str(&s.heading);
            out.push('\n');
            for line in &s.lines {
                out.push_str("- ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push('\n');
        out.push_str(QUESTION_HEADING);
        out.push('\n');
        let q = self.question.trim();
        out.push_str(if q.is_empty() {
            QUESTION_PLACEHOLDER
        } else {
            q
        });
        out.push('\n');
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Age bands
// ---------------------------------------------------------------------------------------------

/// The age bands: "age in bands … 'kvinna 30–39 år', 'barn 6–9 år'" (the samråd issue, after
/// "talk about the character of the case, not details" [001 §5]). Lowest age of each band and
/// its label; a band runs to the next one's lowest age minus one, the last has no end.
///
/// | children              | adults                          |
/// |-----------------------|---------------------------------|
/// | 0–2, 3–5, 6–9, 10–12, | 18–24, 25–29, 30–39, 40–49,     |
/// | 13–15, 16–17          | 50–59, 60–69, 70–79, 80 or more |
///
/// The child bands follow the ages that matter in the domain: a band ends at 12 ("From **12
/// years** … open interventions … provided the child consents" [003]) and at 17 (a child is a
/// person under 18).
pub const AGE_BANDS: [(u32, &str); 14] = [
    (0, "0–2 år"),
    (3, "3–5 år"),
    (6, "6–9 år"),
    (10, "10–12 år"),
    (13, "13–15 år"),
    (16, "16–17 år"),
    (18, "18–24 år"),
    (25, "25–29 år"),
    (30, "30–39 år"),
    (40, "40–49 år"),
    (50, "50–59 år"),
    (60, "60–69 år"),
    (70, "70–79 år"),
    (80, "80 år eller äldre"),
];

/// The label of an unknown age.
pub const UNKNOWN_AGE: &str = "ålder okänd";

/// An age band (a row of [`AGE_BANDS`]) or an unknown age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgeBand {
    /// Index into [`AGE_BANDS`]; `None` when the age is unknown.
    row: Option<usize>,
}

impl AgeBand {
    pub const UNKNOWN: AgeBand = AgeBand { row: None };

    /// The band of a completed age in years.
    pub fn for_age(age: u32) -> AgeBand {
        AgeBand {
            row: AGE_BANDS.iter().rposition(|&(lowest, _)| age >= lowest),
        }
    }

    /// The band on `today` of a person born on `birth` (completed years, counted as everywhere
    /// else in the app by [`age_in_years`]). Unknown for no birth date or one after `today`.
    pub fn of(birth: Option<NaiveDate>, today: NaiveDate) -> AgeBand {
        birth
            .and_then(|b| age_in_years(b, today))
            .map_or(AgeBand::UNKNOWN, AgeBand::for_age)
    }

    /// "30–39 år", "80 år eller äldre", "ålder okänd".
    pub fn label(self) -> &'static str {
        self.row.map_or(UNKNOWN_AGE, |i| AGE_BANDS[i].1)
    }

    /// Under 18 ("A child is a person under 18").
    pub fn is_child(self) -> bool {
        self.row.is_some_and(|i| AGE_BANDS[i].0 < ADULT_AGE)
    }

    pub fn is_known(self) -> bool {
        self.row.is_some()
    }
}

// ---------------------------------------------------------------------------------------------
// Relative time
// ---------------------------------------------------------------------------------------------

/// How long ago a date was, coarse on purpose: never an exact date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeTime {
    /// After today (bad data or a clock set back): said as such, without the date.
    Future,
    /// 0–6 days ago.
    LastWeek,
    /// 7–55 days ago: completed weeks, 1–7.
    Weeks(u32),
    /// 56 days or more and less than 12 calendar months ago: months rounded to the nearest
    /// whole, 2–11.
    Months(u32),
    /// 12 calendar months or more.
    OverAYear,
}

/// Completed calendar months from `from` to `to` (`from <= to`), and the date they reach.
fn full_months(from: NaiveDate, to: NaiveDate) -> (u32, NaiveDate) {
    use chrono::Datelike;
    let guess = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let mut m = u32::try_from(guess.max(0)).unwrap_or(0);
    loop {
        match from.checked_add_months(Months::new(m)) {
            Some(d) if d <= to => return (m, d),
            _ if m == 0 => return (0, from),
            _ => m -= 1,
        }
    }
}

impl RelativeTime {
    /// How long before `today` the date `on` was.
    pub fn between(on: NaiveDate, today: NaiveDate) -> RelativeTime {
        let days = (today - on).num_days();
        if days < 0 {
            return RelativeTime::Future;
        }
        if days < 7 {
            return RelativeTime::LastWeek;
        }
        if days < 56 {
            return RelativeTime::Weeks((days / 7) as u32);
        }
        let (months, reached) = full_months(on, today);
        if months >= 12 {
            return RelativeTime::OverAYear;
        }
        let rest = (today - reached).num_days();
        let rounded = if rest >= 15 { months + 1 } else { months };
        RelativeTime::Months(rounded.clamp(2, 11))
    }

    /// "för ungefär 3 veckor sedan", to follow a verb ("Behovet upptäcktes …").
    pub fn phrase(self) -> String {
        match self {
            RelativeTime::Future => "vid ett datum som ligger i framtiden".into(),
            RelativeTime::LastWeek => "under den senaste veckan".into(),
            RelativeTime::Weeks(1) => "för ungefär en vecka sedan".into(),
            RelativeTime::Weeks(n) => format!("för ungefär {n} veckor sedan"),
            RelativeTime::Months(1) => "för ungefär en månad sedan".into(),
            RelativeTime::Months(n) => format!("för ungefär {n} månader sedan"),
            RelativeTime::OverAYear => "för mer än ett år sedan".into(),
        }
    }
}

fn ago(on: NaiveDate, today: NaiveDate) -> String {
    RelativeTime::between(on, today).phrase()
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// The word a person is called by: legal sex for adults, "barn" for children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Noun {
    Kvinna,
    Man,
    Vuxen,
    Person,
    Barn,
}

impl Noun {
    fn of(sex: LegalSex, band: AgeBand) -> Noun {
        match (band.is_child(), band.is_known(), sex) {
            (true, _, _) => Noun::Barn,
            (false, _, LegalSex::Kvinna) => Noun::Kvinna,
            (false, _, LegalSex::Man) => Noun::Man,
            (false, true, LegalSex::Okant) => Noun::Vuxen,
            (false, false, LegalSex::Okant) => Noun::Person,
        }
    }

    /// (article, singular, plural)
    fn forms(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Noun::Kvinna => ("en", "kvinna", "kvinnor"),
            Noun::Man => ("en", "man", "män"),
            Noun::Vuxen => ("en", "vuxen", "vuxna"),
            Noun::Person => ("en", "person", "personer"),
            Noun::Barn => ("ett", "barn", "barn"),
        }
    }
}

const NUMBER_WORDS: [&str; 13] = [
    "noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
];

/// "en kvinna", "ett barn", "tre vuxna", "13 barn".
fn counted(n: usize, article: &str, singular: &str, plural: &str) -> String {
    match n {
        1 => format!("{article} {singular}"),
        2..=12 => format!("{} {plural}", NUMBER_WORDS[n]),
        _ => format!("{n} {plural}"),
    }
}

/// "kvinna 30–39 år", "två barn 6–9 år", "person (ålder okänd)" — no article for one.
fn who(noun: Noun, band: AgeBand, n: usize) -> String {
    let (_, singular, plural) = noun.forms();
    let band = if band.is_known() {
        band.label().to_owned()
    } else {
        format!("({UNKNOWN_AGE})")
    };
    match n {
        1 => format!("{singular} {band}"),
        2..=12 => format!("{} {plural} {band}", NUMBER_WORDS[n]),
        _ => format!("{n} {plural} {band}"),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "a", "a och b", "a, b och c".
fn join_sv(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

// ---------------------------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------------------------

/// The order persons are listed and grouped in: adults, unknown age, children; within each,
/// older bands first, then by noun.
type Order = (u8, Reverse<AgeBand>, Noun);

/// A person as the summary sees it.
struct Seen<'a> {
    facts: &'a PersonFacts,
    band: AgeBand,
    noun: Noun,
}

impl Seen<'_> {
    /// Adults, then unknown age, then children; older bands first.
    fn order(&self) -> Order {
        let group = match (self.band.is_known(), self.band.is_child()) {
            (true, false) => 0,
            (false, _) => 1,
            (true, true) => 2,
        };
        (group, Reverse(self.band), self.noun)
    }
}

struct Case<'a> {
    persons: Vec<Seen<'a>>,
    index: BTreeMap<PersonId, usize>,
    children: BTreeSet<usize>,
}

impl<'a> Case<'a> {
    fn new(input: &'a SummaryInput, today: NaiveDate) -> Self {
        let mut persons = Vec::new();
        let mut index = BTreeMap::new();
        for p in &input.persons {
            if index.contains_key(&p.id) {
                continue;
            }
            let band = AgeBand::of(p.birth_date, today);
            index.insert(p.id, persons.len());
            persons.push(Seen {
                facts: p,
                band,
                noun: Noun::of(p.legal_sex, band),
            });
        }
        let children = (0..persons.len())
            .filter(|&i| persons[i].band.is_child())
            .collect();
        Case {
            persons,
            index,
            children,
        }
    }

    /// "kvinna 30–39 år och barnen": the targets by band, with "barnet"/"barnen" when they are
    /// every child of the case.
    fn targets(&self, targets: &BTreeSet<usize>) -> String {
        let all_children = !self.children.is_empty() && self.children.is_subset(targets);
        let mut groups: BTreeMap<Order, usize> = BTreeMap::new();
        for &t in targets {
            if all_children && self.children.contains(&t) {
                continue;
            }
            *groups.entry(self.persons[t].order()).or_default() += 1;
        }
        let mut parts: Vec<String> = groups
            .into_iter()
            .map(|((_, Reverse(band), noun), n)| who(noun, band, n))
            .collect();
        if all_children {
            parts.push(
                if self.children.len() == 1 {
                    "barnet"
                } else {
                    "barnen"
                }
                .into(),
            );
        }
        join_sv(&parts)
    }

    /// "våldsutsatt", "uppgiven våldsutövare mot …", "vårdnadshavare för barnen", …
    fn attributes(&self, i: usize, relations: &[RelationFacts]) -> Vec<String> {
        let p = self.persons[i].facts;
        let mut to: BTreeMap<(RelationKind, bool), BTreeSet<usize>> = BTreeMap::new();
        for r in relations
            .iter()
            .filter(|r| self.index.get(&r.from_person) == Some(&i))
        {
            if let Some(&t) = self.index.get(&r.to_person).filter(|&&t| t != i) {
                let without_custody =
                    r.kind == RelationKind::Vardnadshavare && r.custody == Some(false);
                to.entry((r.kind, without_custody)).or_default().insert(t);
            }
        }
        let mut out = Vec::new();
        if p.roles.contains(&Role::Valdsutsatt) {
            out.push("våldsutsatt".to_owned());
        }
        if p.roles.contains(&Role::BarnSomBevittnatVald) {
            out.push("har bevittnat våld".to_owned());
        }
        match to.get(&(RelationKind::UtovareMot, false)) {
            Some(t) => out.push(format!("uppgiven våldsutövare mot {}", self.targets(t))),
            None if p.roles.contains(&Role::Valdsutovare) => {
                out.push("uppgiven våldsutövare".to_owned())
            }
            None => {}
        }
        for ((kind, without_custody), t) in &to {
            let t = self.targets(t);
            match (kind, without_custody) {
                // The words of the case screen ([`crate::person::relation_phrase`]), without
                // its "är": custody said once.
                (
                    RelationKind::Vardnadshavare
                    | RelationKind::Foralder
                    | RelationKind::Narstaende,
                    _,
                ) => {
                    let (phrase, note) = crate::person::relation_phrase(
                        *kind,
                        (*kind == RelationKind::Vardnadshavare).then_some(!without_custody),
                    );
                    let phrase = phrase.strip_prefix("är ").unwrap_or(phrase);
                    out.push(format!("{phrase} {t} {note}").trim_end().to_owned())
                }
                (RelationKind::UtovareMot, _) => {}
                // A protection fact, not a family relation: nothing to describe.
                (RelationKind::VistelseortSkyddadMot, _) => {}
            }
        }
        out
    }

    fn persons_section(&self, relations: &[RelationFacts]) -> Section {
        let mut lines = Vec::new();
        let (mut adults, mut unknown, mut children) = (0, 0, 0);
        for p in &self.persons {
            match (p.band.is_known(), p.band.is_child()) {
                (true, false) => adults += 1,
                (false, _) => unknown += 1,
                (true, true) => children += 1,
            }
        }
        let mut counts = Vec::new();
        if adults > 0 {
            counts.push(counted(adults, "en", "vuxen", "vuxna"));
        }
        if children > 0 {
            counts.push(counted(children, "ett", "barn", "barn"));
        }
        if unknown > 0 {
            counts.push(format!(
                "{} med okänd ålder",
                counted(unknown, "en", "person", "personer")
            ));
        }
        if counts.is_empty() {
            lines.push("Inga personer är registrerade i ärendet.".to_owned());
        } else {
            lines.push(format!("I ärendet finns {}.", join_sv(&counts)));
        }
        // Identical descriptions become one line with a count.
        let mut described: BTreeMap<(Order, String), usize> = BTreeMap::new();
        for (i, p) in self.persons.iter().enumerate() {
            let attrs = self.attributes(i, relations).join(", ");
            *described.entry((p.order(), attrs)).or_default() += 1;
        }
        for (((_, Reverse(band), noun), attrs), n) in described {
            let head = capitalize(&who(noun, band, n));
            lines.push(if attrs.is_empty() {
                head
            } else {
                format!("{head}, {attrs}")
            });
        }
        Section {
            heading: "Personer".into(),
            lines,
        }
    }

    fn sip_lines(&self, s: &SipProgress, today: NaiveDate) -> Vec<String> {
        let for_whom = match self.index.get(&s.person) {
            Some(&i) => who(self.persons[i].noun, self.persons[i].band, 1),
            None => "en person i ärendet".into(),
        };
        let mut lines = vec![format!(
            "SIP för {for_whom}. Steg: {}.",
            s.state.label().to_lowercase()
        )];
        lines.push(format!(
            "Behovet upptäcktes {}.",
            ago(s.need_discovered_on, today)
        ));
        let held: Vec<NaiveDate> = s.meetings.iter().filter(|m| m.held).map(|m| m.on).collect();
        match held.iter().max() {
            Some(&last) if held.len() == 1 => {
                lines.push(format!("Ett SIP-möte har hållits {}.", ago(last, today)))
            }
            Some(&last) => lines.push(format!(
                "{} har hållits, det senaste {}.",
                capitalize(&counted(held.len(), "ett", "SIP-möte", "SIP-möten")),
                ago(last, today)
            )),
            None if s.meetings.is_empty() => lines.push("Inget SIP-möte är bokat.".into()),
            None => lines.push("Inget SIP-möte har hållits ännu.".into()),
        }
        // "time and place of meetings orally, not in writing": a booked meeting has no date here.
        let booked = s
            .meetings
            .iter()
            .filter(|m| !m.held && m.on >= today)
            .count();
        match booked {
            0 => {}
            1 => lines.push("Ett SIP-möte är bokat.".into()),
            n => lines.push(format!(
                "{} är bokade.",
                capitalize(&counted(n, "ett", "SIP-möte", "SIP-möten"))
            )),
        }
        lines.push(
            if s.has_plan {
                "En plan är upprättad."
            } else {
                "Ingen plan är upprättad ännu."
            }
            .into(),
        );
        match s.follow_ups.iter().max() {
            Some(&last) if s.follow_ups.len() == 1 => {
                lines.push(format!("Planen följdes upp {}.", ago(last, today)))
            }
            Some(&last) => lines.push(format!(
                "Planen har följts upp {} gånger, senast {}.",
                NUMBER_WORDS
                    .get(s.follow_ups.len())
                    .map_or_else(|| s.follow_ups.len().to_string(), |w| (*w).to_owned()),
                ago(last, today)
            )),
            None => {}
        }
        if let Some(closed) = s.closed_on {
            lines.push(format!("SIP:en avslutades {}.", ago(closed, today)));
        }
        lines
    }
}

/// Builds the de-identified summary of a case on `today`. Pure: the same input and date give
/// the same summary, and nothing but role words, legal sex, age bands, counts, forms of
/// violence, "protected data exist" and relative time can reach it (see the module docs).
pub fn summarize(input: &SummaryInput, today: NaiveDate) -> Summary {
    let case = Case::new(input, today);

    let forms: BTreeSet<ViolenceForm> = case
        .persons
        .iter()
        .flat_map(|p| p.facts.violence_forms.iter().copied())
        .collect();
    let violence = Section {
        heading: "Våldet".into(),
        lines: if forms.is_empty() {
            vec!["Inga våldsformer är registrerade i ärendet.".into()]
        } else {
            forms.iter().map(|f| f.label().to_owned()).collect()
        },
    };

    // "At hybrid meetings do not say the person's name or names of places where they may be"
    // [003 "Skyddade personuppgifter i SIP"]: which level, and for whom, is left out.
    let protected = case
        .persons
        .iter()
        .any(|p| p.facts.protection_level.is_protected());
    let protection = Section {
        heading: "Skydd".into(),
        lines: if protected {
            vec![
                "Skyddade personuppgifter finns i ärendet.".into(),
                "Säg inga namn eller platser vid samrådet, inte heller vid digitala möten.".into(),
            ]
        } else {
            vec!["Inga skyddade personuppgifter är registrerade i ärendet.".into()]
        },
    };

    let mut sip_lines: Vec<String> = input
        .sips
        .iter()
        .flat_map(|s| case.sip_lines(s, today))
        .collect();
    if sip_lines.is_empty() {
        sip_lines.push("Ingen SIP finns i ärendet.".into());
    }
    let sip = Section {
        heading: "SIP".into(),
        lines: sip_lines,
    };

    Summary {
        title: TITLE.into(),
        intro: INTRO.into(),
        sections: vec![
            case.persons_section(&input.relations),
            violence,
            protection,
            sip,
        ],
        question: String::new(),
    }
}

#[cfg(test)]
mod tests;
