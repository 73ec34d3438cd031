//! The plan and its versions.
//!
//! "It is **the person's plan**: the goal is stated from their perspective — *"Vad är viktigt
//! för dig?"*; they know their own responsibility and every actor's" [003 Del 4].
//!
//! Versioning: the newest version is a draft that saving updates; a version marked as
//! fastställd or printed for signature is **frozen** and never changes (a database trigger
//! refuses any UPDATE or DELETE of it, whatever the code above does); saving after that
//! creates version N+1 from the edited content. Every version stays viewable.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::consent::InfoCategory;
use crate::ids::{PlanVersionId, SipId, UnitId};
use crate::text::{check_count, check_len, MAX_COMMENT, MAX_OTHER_INTERVENTIONS, MAX_SHORT};
use crate::vocab::{ActorType, FollowUpForm, FrozenAs, InterventionStatus};
use crate::{Error, Result};

/// One intervention (insats) in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Intervention {
    /// Stable across versions, so follow-ups refer to the same intervention. Empty for a new
    /// one (the core assigns it).
    pub key: String,
    pub what: String,
    /// The responsible unit: one of the SIP's participants.
    pub unit_id: Option<UnitId>,
    /// The unit's name when the plan was saved (set by the core; a signed plan never changes
    /// when the directory does).
    #[serde(default)]
    pub unit_name: String,
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub status: InterventionStatus,
    /// The information categories the intervention belongs to (issue 17): a copy for a
    /// recipient holds it only when that recipient's consent covers every one of them. `None`:
    /// the worker has not chosen, and [`default_categories`] for its unit applies (also for
    /// versions stored before categories existed).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub categories: Option<Vec<InfoCategory>>,
}

/// An intervention by someone outside the directory (närstående, FK, AF, skola …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OtherIntervention {
    pub who: String,
    pub what: String,
    /// As [`Intervention::categories`]; the default is [`default_categories`]`(None)`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub categories: Option<Vec<InfoCategory>>,
}

/// The information categories of the plan's free-text sections (issue 17). `None`: not chosen,
/// [`default_categories`]`(None)` applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SectionCategories {
    #[ts(optional = nullable)]
    pub needs: Option<Vec<InfoCategory>>,
    #[ts(optional = nullable)]
    pub short_term_goals: Option<Vec<InfoCategory>>,
    #[ts(optional = nullable)]
    pub long_term_goals: Option<Vec<InfoCategory>>,
    #[ts(optional = nullable)]
    pub own_actions: Option<Vec<InfoCategory>>,
    #[ts(optional = nullable)]
    pub contact_persons: Option<Vec<InfoCategory>>,
    #[ts(optional = nullable)]
    pub child_voice: Option<Vec<InfoCategory>>,
}

/// A free-text section of the plan that carries categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Needs,
    ShortTermGoals,
    LongTermGoals,
    OwnActions,
    ContactPersons,
    ChildVoice,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Needs,
        Section::ShortTermGoals,
        Section::LongTermGoals,
        Section::OwnActions,
        Section::ContactPersons,
        Section::ChildVoice,
    ];

    /// The heading the plan and "Vad mottagaren ser" use.
    pub fn label(self) -> &'static str {
        match self {
            Section::Needs => "Behov",
            Section::ShortTermGoals => "Mål på kort sikt",
            Section::LongTermGoals => "Mål på lång sikt",
            Section::OwnActions => "Det här gör jag själv",
            Section::ContactPersons => "Kontaktpersoner",
            Section::ChildVoice => "Barnets röst",
        }
    }

    pub fn text(self, c: &PlanContent) -> &String {
        match self {
            Section::Needs => &c.needs,
            Section::ShortTermGoals => &c.short_term_goals,
            Section::LongTermGoals => &c.long_term_goals,
            Section::OwnActions => &c.own_actions,
            Section::ContactPersons => &c.contact_persons,
            Section::ChildVoice => &c.child_voice,
        }
    }

    pub fn text_mut(self, c: &mut PlanContent) -> &mut String {
        match self {
            Section::Needs => &mut c.needs,
            Section::ShortTermGoals => &mut c.short_term_goals,
            Section::LongTermGoals => &mut c.long_term_goals,
            Section::OwnActions => &mut c.own_actions,
            Section::ContactPersons => &mut c.contact_persons,
            Section::ChildVoice => &mut c.child_voice,
        }
    }

    pub fn chosen(self, s: &SectionCategories) -> &Option<Vec<InfoCategory>> {
        match self {
            Section::Needs => &s.needs,
            Section::ShortTermGoals => &s.short_term_goals,
            Section::LongTermGoals => &s.long_term_goals,
            Section::OwnActions => &s.own_actions,
            Section::ContactPersons => &s.contact_persons,
            Section::ChildVoice => &s.child_voice,
        }
    }

    /// The section's categories: the worker's choice, else the default.
    pub fn categories(self, c: &PlanContent) -> Vec<InfoCategory> {
        self.chosen(&c.section_categories)
            .clone()
            .unwrap_or_else(|| default_categories(None))
    }
}

/// The categories a plan item belongs to when the worker has not chosen (issue 17): an
/// intervention carried out by a health-care actor ("Hälso- och sjukvård" in
/// [`ActorType`]) is "Hälsa" and "Insatser och plan"; anything else is "Insatser och plan".
/// `unit_type` is the responsible unit's type (None: no unit, a free-text section or another
/// party's intervention).
pub fn default_categories(unit_type: Option<ActorType>) -> Vec<InfoCategory> {
    match unit_type {
        Some(t) if t.is_health_care() => vec![InfoCategory::Halsa, InfoCategory::InsatserPlan],
        _ => vec![InfoCategory::InsatserPlan],
    }
}

/// The categories a unit's name tells when a copy names it (issue 17): a health-care unit's
/// name ("BUP", "Mödrahälsovården …") tells that the person is in its care, which is health
/// information; other units' names tell nothing beyond the SIP itself.
pub fn unit_name_categories(unit_type: ActorType) -> Vec<InfoCategory> {
    if unit_type.is_health_care() {
        vec![InfoCategory::Halsa]
    } else {
        Vec::new()
    }
}

/// An intervention's categories: the worker's choice, else the default for its unit's type
/// (`unit_type`; None when it has no unit).
pub fn intervention_categories(
    iv: &Intervention,
    unit_type: Option<ActorType>,
) -> Vec<InfoCategory> {
    iv.categories
        .clone()
        .unwrap_or_else(|| default_categories(unit_type))
}

/// The defaults, for the UI (which never computes them itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryDefaults {
    /// For a free-text section, an intervention without a unit and another party's.
    pub plain: Vec<InfoCategory>,
    /// For an intervention by a unit of each actor type.
    pub by_actor_type: Vec<ActorTypeCategories>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActorTypeCategories {
    pub actor_type: ActorType,
    pub categories: Vec<InfoCategory>,
}

pub fn category_defaults() -> CategoryDefaults {
    CategoryDefaults {
        plain: default_categories(None),
        by_actor_type: ActorType::ALL
            .iter()
            .map(|&t| ActorTypeCategories {
                actor_type: t,
                categories: default_categories(Some(t)),
            })
            .collect(),
    }
}

/// A chosen category list: at least one category, no repeats (sorted).
fn check_categories(what: &str, c: &mut Option<Vec<InfoCategory>>) -> Result<()> {
    if let Some(list) = c {
        list.sort();
        list.dedup();
        if list.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{what} hör inte till någon informationskategori. Välj minst en, så att varje \
                 mottagare bara får det samtycket omfattar."
            )));
        }
    }
    Ok(())
}

/// Everything the plan says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PlanContent {
    pub needs: String,
    pub short_term_goals: String,
    pub long_term_goals: String,
    pub interventions: Vec<Intervention>,
    pub other_interventions: Vec<OtherIntervention>,
    /// What the person does themselves.
    pub own_actions: String,
    /// Huvudansvarig (lead principal): one of the SIP's participants.
    pub lead_unit_id: Option<UnitId>,
    /// Its name when the plan was saved (set by the core).
    pub lead_unit_name: String,
    /// Samordningsansvarig: the person who coordinates (name and unit, as text).
    pub coordinator: String,
    /// Contact persons (one per line).
    pub contact_persons: String,
    #[ts(type = "string | null")]
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_form: Option<FollowUpForm>,
    /// Who calls to the follow-up.
    pub follow_up_caller: String,
    /// The child's voice, when the person is a child.
    pub child_voice: String,
    /// The information categories of the free-text sections (issue 17).
    pub section_categories: SectionCategories,
}

/// A stored version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanVersion {
    pub id: PlanVersionId,
    pub version: u32,
    pub content: PlanContent,
    /// UTC, RFC 3339.
    pub saved_at: String,
    #[ts(type = "string | null")]
    pub frozen_on: Option<NaiveDate>,
    pub frozen_as: Option<FrozenAs>,
}

const MAX_FIELD: usize = crate::text::MAX_PLAN;
pub const MAX_INTERVENTIONS: usize = 100;
/// The longest description of one intervention.
const MAX_WHAT: usize = 1000;

/// Checks the plan and assigns keys to new interventions. Pure except for the random keys.
pub fn validate(mut c: PlanContent) -> Result<PlanContent> {
    let long = [
        ("Behov", &c.needs),
        ("Kortsiktiga mål", &c.short_term_goals),
        ("Långsiktiga mål", &c.long_term_goals),
        ("Det personen gör själv", &c.own_actions),
        ("Samordningsansvarig", &c.coordinator),
        ("Kontaktpersoner", &c.contact_persons),
        ("Vem kallar till uppföljningen", &c.follow_up_caller),
        ("Barnets röst", &c.child_voice),
    ];
    for (name, v) in long {
        check_len(name, v, MAX_FIELD)?;
    }
    check_len("Samordnande enhet", &c.lead_unit_name, MAX_SHORT)?;
    if c.interventions.len() > MAX_INTERVENTIONS {
        return Err(Error::InvalidInput(format!(
            "Planen har för många insatser. Högst {MAX_INTERVENTIONS} går att spara."
        )));
    }
    check_count(
        "andra insatser",
        &c.other_interventions,
        MAX_OTHER_INTERVENTIONS,
    )?;
    for o in &c.other_interventions {
        check_len("Annan insats: vem", &o.who, MAX_SHORT)?;
        check_len("Annan insats: vad", &o.what, MAX_COMMENT)?;
    }
    for iv in &c.interventions {
        check_len("Insatsens enhet", &iv.unit_name, MAX_SHORT)?;
        // The key is the app's own 16 hex digits; a longer one never came from the app.
        check_len("Insatsens nyckel", &iv.key, MAX_SHORT)?;
    }
    let mut keys = std::collections::HashSet::new();
    for (i, iv) in c.interventions.iter_mut().enumerate() {
        iv.what = iv.what.trim().to_owned();
        if iv.what.is_empty() {
            return Err(Error::InvalidInput(format!(
                "Insats {} saknar beskrivning. Skriv vad insatsen är, eller ta bort raden.",
                i + 1
            )));
        }
        if iv.what.chars().nth(MAX_WHAT).is_some() {
            return Err(Error::InvalidInput(format!(
                "Beskrivningen av insats {} är för lång (högst 1000 tecken).",
                i + 1
            )));
        }
        if let (Some(f), Some(t)) = (iv.from, iv.to) {
            if t < f {
                return Err(Error::InvalidInput(format!(
                    "Insats {} slutar ({t}) före den börjar ({f}). Rätta datumen.",
                    i + 1
                )));
            }
        }
        if iv.key.is_empty() {
            let mut raw = [0u8; 8];
            getrandom::getrandom(&mut raw).map_err(|_| Error::Internal("slumptalskälla"))?;
            iv.key = hex::encode(raw);
        }
        if !keys.insert(iv.key.clone()) {
            return Err(Error::InvalidInput(
                "Två insatser har samma nyckel. Ladda om planen och försök igen.".into(),
            ));
        }
    }
    c.other_interventions
        .retain(|o| !(o.who.trim().is_empty() && o.what.trim().is_empty()));
    for (i, iv) in c.interventions.iter_mut().enumerate() {
        check_categories(&format!("Insats {}", i + 1), &mut iv.categories)?;
    }
    for (i, o) in c.other_interventions.iter_mut().enumerate() {
        check_categories(&format!("Insats från andra {}", i + 1), &mut o.categories)?;
    }
    let s = &mut c.section_categories;
    for (name, v) in [
        ("Behov", &mut s.needs),
        ("Mål på kort sikt", &mut s.short_term_goals),
        ("Mål på lång sikt", &mut s.long_term_goals),
        ("Det personen gör själv", &mut s.own_actions),
        ("Kontaktpersoner", &mut s.contact_persons),
        ("Barnets röst", &mut s.child_voice),
    ] {
        check_categories(&format!("Avsnittet ”{name}”"), v)?;
    }
    Ok(c)
}

/// A plan_versions row before its JSON is decoded.
type RawVersion = (
    PlanVersionId,
    u32,
    String,
    String,
    Option<NaiveDate>,
    Option<FrozenAs>,
);

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawVersion> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn decode(row: RawVersion) -> Result<PlanVersion> {
    let (id, version, content, saved_at, frozen_on, frozen_as) = row;
    let content = serde_json::from_str(&content).map_err(|_| Error::DamagedOrWrongKey)?;
    Ok(PlanVersion {
        id,
        version,
        content,
        saved_at,
        frozen_on,
        frozen_as,
    })
}

const COLUMNS: &str = "id, version, content, saved_at, frozen_on, frozen_as";

/// Every version of a SIP's plan, oldest first.
pub(crate) fn versions(conn: &Connection, sip: SipId) -> Result<Vec<PlanVersion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM plan_versions WHERE sip_id = ?1 ORDER BY version"
    ))?;
    let rows = stmt
        .query_map([sip], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(decode).collect()
}

pub(crate) fn latest(conn: &Connection, sip: SipId) -> Result<Option<PlanVersion>> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM plan_versions WHERE sip_id = ?1 ORDER BY version DESC LIMIT 1"
        ),
        [sip],
        from_row,
    )
    .optional()?
    .map(decode)
    .transpose()
}

pub fn get(conn: &Connection, id: PlanVersionId) -> Result<Option<PlanVersion>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM plan_versions WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .map(decode)
    .transpose()
}

/// Saves the plan: updates the draft, or — when the newest version is frozen or there is
/// none — creates the next version. Returns the version saved and whether it is new.
pub(crate) fn save(
    conn: &Connection,
    sip: SipId,
    content: &PlanContent,
    saved_at: &str,
) -> Result<(PlanVersion, bool)> {
    let json = serde_json::to_string(content).map_err(|_| Error::Internal("plan som JSON"))?;
    let latest = latest(conn, sip)?;
    // A save never touches a frozen version: if the newest version was frozen after the form
    // was opened, the edited content becomes a new version — nothing typed is lost.
    match latest {
        Some(v) if v.frozen_on.is_none() => {
            conn.execute(
                "UPDATE plan_versions SET content = ?2, follow_up_on = ?3, saved_at = ?4 WHERE id = ?1",
                params![v.id, json, content.follow_up_on, saved_at],
            )?;
            Ok((get(conn, v.id)?.ok_or(Error::NotFound("Planen"))?, false))
        }
        other => {
            let version = other.map(|v| v.version + 1).unwrap_or(1);
            conn.execute(
                "INSERT INTO plan_versions(sip_id, version, content, follow_up_on, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![sip, version, json, content.follow_up_on, saved_at],
            )?;
            let id = PlanVersionId(conn.last_insert_rowid());
            Ok((get(conn, id)?.ok_or(Error::NotFound("Planen"))?, true))
        }
    }
}

/// Freezes a version (fastställd, or printed for signature). Freezing a frozen version is
/// refused by the trigger ([`Error::Frozen`]).
pub(crate) fn freeze(
    conn: &Connection,
    id: PlanVersionId,
    on: NaiveDate,
    how: FrozenAs,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE plan_versions SET frozen_on = ?2, frozen_as = ?3 WHERE id = ?1",
        params![id, on, how],
    )?;
    if n == 0 {
        return Err(Error::NotFound("Planversionen"));
    }
    Ok(())
}
