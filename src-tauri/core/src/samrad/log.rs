//! The samråd log: the consultations a case was brought to — date, kind, the participating
//! organisations, and how it was brought.
//!
//! - **With consent**: under the person's own consent to samråd (`samrad::consent`), never a
//!   SIP consent (limited to the SIP [003 4]). Only then may the record name the person (the
//!   person, the worker's notes, the categories brought); whether it may is
//!   [`consent::may_name`]'s answer on the consultation's date (every organisation and every
//!   category covered), never decided here; a refusal names what is not covered. The samråd
//!   consent records it rested on are linked. Consultations recorded before migration 0011 that
//!   borrowed a SIP consent keep their link (a record never changes) and are shown as such;
//!   no new one can.
//! - **De-identified**: the summary is built here from the store (`gather`), never taken from
//!   the UI, and passes the gate (`gate`): every scanner hit removed or accepted. The summary
//!   that was brought is stored and never changes; which hits were accepted is stored by part
//!   and kind only, never their text.
//!
//! A consultation is a record: triggers refuse UPDATE and DELETE (`Error::SamradFrozen`). A
//! wrong entry is corrected by a new version that names the one it corrects and says why; a
//! correction of a de-identified consultation keeps the summary that was brought.
//!
//! Every change is in the case history, in the same transaction, without names, places, unit
//! names or the summary's text: the kind, the date, how many organisations of which types, the
//! mode, and the accepted hits by kind.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::consent::{self, Org, SamradConsents};
use super::gate::{self, Acceptance, Checked, Part};
use super::gather;
use super::scanner::HitKind;
use super::summary::Summary;
use crate::audit;
use crate::case_ref::OpenCase;
use crate::consent::{ActorRef, InfoCategory};
use crate::ctx::Ctx;
use crate::ids::{CaseId, ConsentId, PersonId, SamradConsentId, SamradId, UnitId};
use crate::protection::{self, Audience, Field, Medium};
use crate::text::{clean, required};
use crate::vocab::{ActorType, ProtectionLevel, SamradKind, SamradMode};
use crate::{Error, Refusal, Result};

/// The longest frågeställning.
pub const MAX_QUESTION: usize = crate::text::MAX_LONG;
const MAX_REASON: usize = crate::text::MAX_LONG;

/// How the case is brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, rename = "SamradModeInput")]
pub enum ModeInput {
    /// With the person's own consent to samråd: the person named, the worker's notes (which
    /// may name the person) and the categories of information brought. The consent records it
    /// rests on are found by the core on the consultation's date.
    #[serde(rename_all = "camelCase")]
    WithConsent {
        person_id: PersonId,
        notes: String,
        categories: Vec<InfoCategory>,
    },
    /// De-identified: the worker's question and the hits they accepted. The summary itself is
    /// built by the core.
    #[serde(rename_all = "camelCase")]
    Deidentified {
        question: String,
        accepted: Vec<Acceptance>,
    },
}

/// What the worker enters for a consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SamradInput")]
pub struct SamradInput {
    #[ts(type = "string")]
    pub held_on: NaiveDate,
    pub kind: SamradKind,
    /// The participating organisations (units of the actor directory): at least one.
    pub units: Vec<UnitId>,
    pub mode: ModeInput,
}

/// A correction: the version corrected, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradCorrection {
    pub corrects: SamradId,
    pub reason: String,
}

/// A participating organisation, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradUnit {
    pub id: UnitId,
    pub name: String,
    pub actor_type: ActorType,
}

/// Accepted hits of one part and kind: "2 namn i frågeställningen".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AcceptedCount {
    pub part: Part,
    pub kind: HitKind,
    pub count: u32,
    pub label: String,
}

/// An earlier version of a consultation (corrected by a later one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradVersion {
    pub id: SamradId,
    /// "Konsulterande samråd 2026-11-20, avidentifierat, 2 organisationer".
    pub line: String,
    pub correction_reason: String,
    pub recorded_at: String,
}

/// A consultation in force, with its earlier versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradView {
    pub id: SamradId,
    #[ts(type = "string")]
    pub held_on: NaiveDate,
    pub kind: SamradKind,
    pub mode: SamradMode,
    pub line: String,
    pub units: Vec<SamradUnit>,
    /// A SIP consent a consultation recorded before migration 0011 borrowed (no longer
    /// possible: a SIP consent is limited to the SIP).
    pub consent_id: Option<ConsentId>,
    /// The consent in words (on the worker's own screen).
    pub consent_label: Option<String>,
    /// Under a samråd consent: the person named, the notes, the categories brought, and the
    /// samråd consent records it rested on.
    pub person_id: Option<PersonId>,
    pub person_name: Option<String>,
    pub notes: String,
    pub categories: Vec<InfoCategory>,
    pub samrad_consent_ids: Vec<SamradConsentId>,
    /// The summary that was brought (de-identified only), as structure and as text.
    pub summary: Option<Summary>,
    pub summary_text: Option<String>,
    #[ts(type = "string | null")]
    pub built_on: Option<NaiveDate>,
    pub accepted: Vec<AcceptedCount>,
    pub correction_reason: String,
    pub recorded_at: String,
    /// Earlier versions, newest first.
    pub earlier: Vec<SamradVersion>,
}

/// The Samråd tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradOverview {
    pub case_id: CaseId,
    /// Newest first (by date, then by entry).
    pub consultations: Vec<SamradView>,
    /// The case's samråd consents, and for each person whether one is in force today.
    pub samrad_consents: SamradConsents,
}

/// The de-identified summary of the case now, with the scan of both its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradSummaryCheck {
    pub summary: Summary,
    /// The summary as plain text (what the log stores).
    pub text: String,
    pub check: Checked,
    /// What the protection rules never let into a summary for the samråd, with why (from
    /// `protection`, the audience "Samråd (avidentifierat)").
    pub never_included: Vec<String>,
}

/// The fields the protection rules remove for the samråd (S1: de-identified), in the rules'
/// order, with their reason: every field, at every protection level.
pub fn never_included() -> Vec<String> {
    let mut out = Vec::new();
    for f in Field::ALL {
        let removed = ProtectionLevel::ALL.iter().all(|&level| {
            !protection::visibility(level, &Audience::Samrad, Medium::Summary, f).is_shown()
        });
        if removed {
            out.push(f.label().to_owned());
        }
    }
    out
}

/// Builds the summary of `case` on `ctx.today` with the worker's question, and scans it with
/// what this case and the actor directory hold ([`gather::known_for_case`]). Refused, before
/// anything is read, unless the session may read the case, or when the question or the
/// acceptances are longer than any form sends.
pub fn check_summary(
    conn: &Connection,
    ctx: &Ctx,
    case: OpenCase,
    question: &str,
    accepted: &[Acceptance],
) -> Result<SamradSummaryCheck> {
    let case = case.id();
    let question = clean("Frågeställning", question, MAX_QUESTION)?;
    check_acceptances(accepted)?;
    let known = gather::known_for_case(conn, ctx, case)?;
    let summary = gather::summary(conn, case, ctx.today, &question)?;
    let check = gate::check(&summary, &known, accepted);
    Ok(SamradSummaryCheck {
        text: summary.to_text(),
        summary,
        check,
        never_included: never_included(),
    })
}

/// The acceptances a check carries: no more than [`crate::text::MAX_ACCEPTED`], each no longer
/// than a name or a place.
fn check_acceptances(accepted: &[Acceptance]) -> Result<()> {
    crate::text::check_count("godkända träffar", accepted, crate::text::MAX_ACCEPTED)?;
    for a in accepted {
        crate::text::check_len("Godkänd träff", &a.text, crate::text::MAX_SHORT)?;
    }
    Ok(())
}

/// The summary as it may leave the app: built, scanned, and refused unless every hit is removed
/// or accepted.
pub fn cleared_summary(
    conn: &Connection,
    ctx: &Ctx,
    case: OpenCase,
    question: &str,
    accepted: &[Acceptance],
) -> Result<(Summary, Checked)> {
    let c = check_summary(conn, ctx, case, question, accepted)?;
    gate::require_clear(&c.check)?;
    Ok((c.summary, c.check))
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

struct Row {
    id: SamradId,
    supersedes: Option<SamradId>,
    correction_reason: String,
    held_on: NaiveDate,
    kind: SamradKind,
    mode: SamradMode,
    consent_id: Option<ConsentId>,
    summary: Option<String>,
    built_on: Option<NaiveDate>,
    recorded_at: String,
    person_id: Option<PersonId>,
    notes: String,
    categories: Vec<InfoCategory>,
    units: Vec<SamradUnit>,
    accepted: BTreeMap<(Part, HitKind), u32>,
    basis: Vec<SamradConsentId>,
}

const COLUMNS: &str = "id, supersedes, correction_reason, held_on, kind, mode, consent_id, summary,
    built_on, recorded_at, person_id, notes, categories";

/// The categories as stored: keys, comma-separated.
fn categories_key(c: &[InfoCategory]) -> String {
    c.iter().map(|c| c.key()).collect::<Vec<_>>().join(",")
}

fn categories_of(s: &str) -> Vec<InfoCategory> {
    s.split(',').filter_map(InfoCategory::from_key).collect()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        supersedes: r.get(1)?,
        correction_reason: r.get(2)?,
        held_on: r.get(3)?,
        kind: r.get(4)?,
        mode: r.get(5)?,
        consent_id: r.get(6)?,
        summary: r.get(7)?,
        built_on: r.get(8)?,
        recorded_at: r.get(9)?,
        person_id: r.get(10)?,
        notes: r.get(11)?,
        categories: categories_of(&r.get::<_, String>(12)?),
        units: Vec::new(),
        accepted: BTreeMap::new(),
        basis: Vec::new(),
    })
}

fn fill(conn: &Connection, row: &mut Row) -> Result<()> {
    let mut units = conn.prepare_cached(
        "SELECT u.id, u.name, u.actor_type FROM samrad_participants p
           JOIN actor_units u ON u.id = p.unit_id WHERE p.samrad_id = ?1 ORDER BY u.name, u.id",
    )?;
    row.units = units
        .query_map([row.id], |r| {
            Ok(SamradUnit {
                id: r.get(0)?,
                name: r.get(1)?,
                actor_type: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut hits = conn.prepare_cached(
        "SELECT part, kind, count FROM samrad_accepted_hits WHERE samrad_id = ?1",
    )?;
    for h in hits.query_map([row.id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })? {
        let (part, kind, count) = h?;
        let (Some(part), Some(kind)) = (Part::from_key(&part), gate::kind_from_key(&kind)) else {
            return Err(Error::Internal("okänd träfftyp i samrådsloggen"));
        };
        row.accepted.insert((part, kind), count);
    }
    let mut basis = conn.prepare_cached(
        "SELECT consent_id FROM samrad_consent_basis WHERE samrad_id = ?1 ORDER BY consent_id",
    )?;
    row.basis = basis
        .query_map([row.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

fn rows(conn: &Connection, case: CaseId) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM samrad WHERE case_id = ?1 ORDER BY id"
    ))?;
    let mut out = stmt
        .query_map([case], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for r in &mut out {
        fill(conn, r)?;
    }
    Ok(out)
}

fn row(conn: &Connection, case: CaseId, id: SamradId) -> Result<Row> {
    let mut r = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM samrad WHERE id = ?1 AND case_id = ?2"),
            params![id, case],
            from_row,
        )
        .optional()?
        .ok_or(Error::NotFound("Samrådet"))?;
    fill(conn, &mut r)?;
    Ok(r)
}

fn organisations(n: usize) -> String {
    if n == 1 {
        "1 organisation".into()
    } else {
        format!("{n} organisationer")
    }
}

fn line(r: &Row) -> String {
    format!(
        "{} samråd {}, {}, {}",
        r.kind.label(),
        r.held_on,
        r.mode.label().to_lowercase(),
        organisations(r.units.len())
    )
}

/// "2 namn i frågeställningen".
fn accepted_label(part: Part, kind: HitKind, count: u32) -> String {
    format!("{count} {} {}", gate::kind_label(kind), part.where_label())
}

fn accepted_text(accepted: &BTreeMap<(Part, HitKind), u32>) -> String {
    if accepted.is_empty() {
        return "inga godkända träffar".into();
    }
    let items: Vec<String> = accepted
        .iter()
        .map(|(&(p, k), &n)| accepted_label(p, k, n))
        .collect();
    format!("godkända träffar: {}", items.join(", "))
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// The Samråd tab of a case, on `today`.
pub fn list(conn: &Connection, case: OpenCase, today: NaiveDate) -> Result<SamradOverview> {
    let case = case.id();
    crate::case_ref::require(conn, case)?;
    let all = rows(conn, case)?;
    let samrad_consents = consent::overview(conn, case, today)?;
    let names: HashMap<PersonId, String> = conn
        .prepare_cached("SELECT id, name FROM persons WHERE case_id = ?1")?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let by_id: HashMap<SamradId, &Row> = all.iter().map(|r| (r.id, r)).collect();
    let corrected: HashSet<SamradId> = all.iter().filter_map(|r| r.supersedes).collect();
    let mut consultations = Vec::new();
    for r in all.iter().filter(|r| !corrected.contains(&r.id)) {
        let mut earlier = Vec::new();
        let mut prev = r.supersedes;
        while let Some(p) = prev.and_then(|id| by_id.get(&id)) {
            earlier.push(SamradVersion {
                id: p.id,
                line: line(p),
                correction_reason: p.correction_reason.clone(),
                recorded_at: p.recorded_at.clone(),
            });
            prev = p.supersedes;
        }
        let summary: Option<Summary> = match &r.summary {
            Some(json) => Some(
                serde_json::from_str(json)
                    .map_err(|_| Error::Internal("samrådets underlag kan inte läsas"))?,
            ),
            None => None,
        };
        consultations.push(SamradView {
            id: r.id,
            held_on: r.held_on,
            kind: r.kind,
            mode: r.mode,
            line: line(r),
            units: r.units.clone(),
            consent_id: r.consent_id,
            consent_label: match (r.consent_id, r.basis.is_empty()) {
                (Some(id), _) => Some(format!(
                    "Samtycke {id} till SIP (registrerat innan samråd fick ett eget samtycke; ett \
                     SIP-samtycke gäller bara SIP:en och räcker inte för nya samråd)"
                )),
                (None, false) => Some(format!(
                    "Samtycke till samråd: {}",
                    r.basis
                        .iter()
                        .map(|id| {
                            samrad_consents
                                .records
                                .iter()
                                .find(|c| c.id == *id)
                                .map_or_else(
                                    || format!("samtycke {id}"),
                                    |c| {
                                        format!(
                                            "{}, {} – {} ({})",
                                            c.giver_label,
                                            c.valid_from,
                                            c.valid_to,
                                            c.state_label.to_lowercase()
                                        )
                                    },
                                )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                (None, true) => None,
            },
            person_id: r.person_id,
            person_name: r.person_id.map(|p| {
                names
                    .get(&p)
                    .cloned()
                    .unwrap_or_else(|| "(borttagen person)".into())
            }),
            notes: r.notes.clone(),
            categories: r.categories.clone(),
            samrad_consent_ids: r.basis.clone(),
            summary_text: summary.as_ref().map(Summary::to_text),
            summary,
            built_on: r.built_on,
            accepted: r
                .accepted
                .iter()
                .map(|(&(part, kind), &count)| AcceptedCount {
                    part,
                    kind,
                    count,
                    label: accepted_label(part, kind, count),
                })
                .collect(),
            correction_reason: r.correction_reason.clone(),
            recorded_at: r.recorded_at.clone(),
            earlier,
        });
    }
    consultations.sort_by_key(|v| std::cmp::Reverse((v.held_on, v.id)));
    Ok(SamradOverview {
        case_id: case,
        consultations,
        samrad_consents,
    })
}

/// The summary a recorded de-identified consultation brought, and the day it was drawn up.
pub fn brought(conn: &Connection, id: SamradId) -> Result<(CaseId, Summary, NaiveDate)> {
    let (case, summary, built_on): (CaseId, Option<String>, Option<NaiveDate>) = conn
        .query_row(
            "SELECT case_id, summary, built_on FROM samrad WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Samrådet"))?;
    match (summary, built_on) {
        (Some(json), Some(on)) => Ok((
            case,
            serde_json::from_str(&json)
                .map_err(|_| Error::Internal("samrådets underlag kan inte läsas"))?,
            on,
        )),
        _ => Err(Error::Refused(Refusal::NoAnonymisedBasis)),
    }
}

// ---------------------------------------------------------------------------------------------
// Recording
// ---------------------------------------------------------------------------------------------

fn unit(conn: &Connection, id: UnitId) -> Result<SamradUnit> {
    conn.query_row(
        "SELECT id, name, actor_type FROM actor_units WHERE id = ?1",
        [id],
        |r| {
            Ok(SamradUnit {
                id: r.get(0)?,
                name: r.get(1)?,
                actor_type: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound("En organisation i samrådet"))
}

/// The types of the organisations, as the history may name them (never a unit's name: it can
/// tell where someone is).
fn types_text(units: &[SamradUnit]) -> String {
    let mut types: Vec<&str> = units.iter().map(|u| u.actor_type.label()).collect();
    types.sort_unstable();
    types.dedup();
    types.join(", ")
}

/// Records a consultation in the case's samråd log, or — with `correction` — a corrected
/// version of one in force (the old version stays).
pub fn record(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    input: &SamradInput,
    correction: Option<&SamradCorrection>,
) -> Result<SamradId> {
    let open = case;
    let case = case.id();
    let reason = correction
        .map(|c| required("Varför rättas samrådet", &c.reason, MAX_REASON))
        .transpose()
        .map_err(|e| match e {
            Error::InvalidInput(m) if m.starts_with("Fyll i") => Error::InvalidInput(
                "Skriv varför samrådet rättas (till exempel fel datum eller fel organisation). \
                 Den tidigare versionen sparas."
                    .into(),
            ),
            e => e,
        })?;
    if input.held_on > ctx.today {
        return Err(Error::Refused(Refusal::SamradNotYetHeld {
            on: input.held_on,
        }));
    }
    let mut unit_ids = input.units.clone();
    unit_ids.sort();
    unit_ids.dedup();
    if unit_ids.is_empty() {
        return Err(Error::InvalidInput(
            "Välj minst en organisation som deltog i samrådet.".into(),
        ));
    }

    let tx = conn.transaction()?;
    crate::case_ref::require(&tx, case)?;
    let units = unit_ids
        .iter()
        .map(|&u| unit(&tx, u))
        .collect::<Result<Vec<_>>>()?;
    let old = match correction {
        None => None,
        Some(c) => {
            let old = row(&tx, case, c.corrects)?;
            let corrected: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM samrad WHERE supersedes = ?1)",
                [c.corrects],
                |r| r.get(0),
            )?;
            if corrected {
                return Err(Error::Refused(Refusal::VersionAlreadyCorrected));
            }
            Some(old)
        }
    };

    // The mode: the consent gate, or the summary through the identifier gate.
    let mut named: Option<(PersonId, String, Vec<InfoCategory>, Vec<SamradConsentId>)> = None;
    let (mode, summary, built_on, accepted) = match &input.mode {
        ModeInput::WithConsent {
            person_id,
            notes,
            categories,
        } => {
            let notes = clean("Anteckningar", notes, MAX_QUESTION)?;
            let mut categories = categories.clone();
            categories.sort();
            categories.dedup();
            let orgs: Vec<Org> = units
                .iter()
                .map(|u| Org {
                    actor: ActorRef {
                        unit: u.id,
                        contact: None,
                    },
                    actor_type: u.actor_type,
                    name: u.name.clone(),
                })
                .collect();
            // The one question: may this consultation name the person?
            let basis = consent::require(&tx, case, *person_id, input.held_on, &orgs, &categories)?;
            named = Some((*person_id, notes, categories, basis));
            (SamradMode::Samtycke, None, None, BTreeMap::new())
        }
        ModeInput::Deidentified { question, accepted } => match &old {
            // The summary that was brought never changes: a correction keeps it.
            Some(o) if o.mode == SamradMode::Avidentifierat => (
                SamradMode::Avidentifierat,
                o.summary.clone(),
                o.built_on,
                o.accepted.clone(),
            ),
            _ => {
                let (s, checked) = cleared_summary(&tx, ctx, open, question, accepted)?;
                let json = serde_json::to_string(&s)
                    .map_err(|_| Error::Internal("samrådets underlag kan inte sparas"))?;
                (
                    SamradMode::Avidentifierat,
                    Some(json),
                    Some(ctx.today),
                    checked.accepted_counts(),
                )
            }
        },
    };

    let changed: Vec<&str> = match &old {
        None => Vec::new(),
        Some(o) => {
            let mut out = Vec::new();
            if o.held_on != input.held_on {
                out.push("datum");
            }
            if o.kind != input.kind {
                out.push("typ av samråd");
            }
            if o.units.iter().map(|u| u.id).collect::<Vec<_>>() != unit_ids {
                out.push("organisationer");
            }
            if o.mode != mode {
                out.push("sätt att ta upp ärendet");
            } else if let Some((p, n, c, _)) = &named {
                if o.person_id != Some(*p) {
                    out.push("person");
                }
                if &o.notes != n {
                    out.push("anteckningar");
                }
                if &o.categories != c {
                    out.push("uppgifter");
                }
            }
            if out.is_empty() {
                return Err(Error::InvalidInput(
                    "Inget har ändrats i samrådet. Ändra det som ska rättas, eller avbryt.".into(),
                ));
            }
            out
        }
    };

    tx.execute(
        "INSERT INTO samrad(case_id, supersedes, correction_reason, held_on, kind, mode,
                summary, built_on, recorded_at, person_id, notes, categories)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            case,
            old.as_ref().map(|o| o.id),
            reason.as_deref().unwrap_or(""),
            input.held_on,
            input.kind,
            mode,
            summary,
            built_on,
            ctx.timestamp(),
            named.as_ref().map(|n| n.0),
            named.as_ref().map(|n| n.1.as_str()).unwrap_or(""),
            named
                .as_ref()
                .map(|n| categories_key(&n.2))
                .unwrap_or_default(),
        ],
    )?;
    let id = SamradId(tx.last_insert_rowid());
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO samrad_participants(samrad_id, unit_id) VALUES (?1, ?2)",
        )?;
        for u in &unit_ids {
            ins.execute(params![id, u])?;
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO samrad_accepted_hits(samrad_id, part, kind, count) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (&(part, kind), &count) in &accepted {
            ins.execute(params![id, part.key(), gate::kind_key(kind), count])?;
        }
        let mut ins = tx.prepare_cached(
            "INSERT INTO samrad_consent_basis(samrad_id, consent_id) VALUES (?1, ?2)",
        )?;
        for c in named.iter().flat_map(|n| n.3.iter()) {
            ins.execute(params![id, c])?;
        }
    }
    let how = match mode {
        SamradMode::Samtycke => format!(
            "med samtycke till samråd (person {}; samtycke {}; {} uppgiftsslag)",
            named.as_ref().map(|n| n.0 .0).unwrap_or_default(),
            named
                .as_ref()
                .map(|n| n
                    .3
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default(),
            named.as_ref().map(|n| n.2.len()).unwrap_or_default(),
        ),
        SamradMode::Avidentifierat => format!("avidentifierat; {}", accepted_text(&accepted)),
    };
    let what = format!(
        "{} samråd {}, {} ({}), {how}",
        input.kind.label(),
        input.held_on,
        organisations(units.len()),
        types_text(&units),
    );
    let (action, summary) = match &old {
        None => ("samrad.record", format!("Samråd registrerat: {what}")),
        Some(o) => (
            "samrad.correct",
            format!(
                "Samråd {} rättat genom en ny version ({id}); ändrat: {}; nu {what}",
                o.id,
                changed.join(", ")
            ),
        ),
    };
    audit::record(&tx, ctx, Some(case), action, &summary)?;
    tx.commit()?;
    Ok(id)
}
