//! Risk assessments (riskbedömningar) of a case's persons, their reassessment reminders, and
//! the duty to report concern about a child (orosanmälan).
//!
//! - [`rules`]: the pure rules (validation, what is due on a date, who the duty applies to);
//! - this module: storage. Both are **records**: a row is never changed or deleted once
//!   entered (triggers, mapped to [`Error::RecordFrozen`]). A risk assessment entered wrongly is
//!   corrected by a new version that names the version it corrects and says why; the old one
//!   stays and is shown under the new. We chose versions over edits-in-the-history because a
//!   risk assessment may be read later by a court or an inspection (IVO), and what the worker
//!   knew and wrote on the day must be readable as it was — an edit log that names only the
//!   fields (the history never holds free text) could not give that back.
//!
//! Risk assessments are **never** in a document or export: no document loader reads these
//! tables (`document::tests` records a risk assessment and checks every document's bytes).
//! Every change is in the case history, in the same transaction; a summary names fields and
//! states, never names, places or the free text.

pub mod rules;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenCase;
use crate::ctx::Ctx;
use crate::ids::{CaseId, PersonId, ReportDecisionId, RiskId};
use crate::person::idnumber;
use crate::sip::Due;
use crate::text::required;
use crate::vocab::{NoReportReason, RiskInstrument, RiskLevel, Role};
use crate::{Error, Refusal, Result};
pub use rules::{
    AssessmentFact, ChildFacts, ReminderState, ReportDecision, RiskInput, RiskReminder,
    MAX_REASSESSMENT_MONTHS, SUGGESTED_REASSESSMENT_DAYS,
};

/// A correction of an entered assessment: the version corrected, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Correction {
    pub corrects: RiskId,
    pub reason: String,
}

/// An earlier version of an assessment (corrected by a later one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskVersion {
    pub id: RiskId,
    pub input: RiskInput,
    pub summary: String,
    /// Why this version was made (empty for the first).
    pub correction_reason: String,
    pub recorded_at: String,
}

/// An assessment in force (no later version corrects it), with its earlier versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskView {
    pub id: RiskId,
    pub input: RiskInput,
    /// "Hög risk – bedömd 2026-11-20 med FREDA farlighetsbedömning".
    pub summary: String,
    /// "Ny bedömning senast 2026-12-20 (om 21 dagar)", or overdue in words.
    pub next_text: String,
    /// The person's latest assessment: its date is the reminder. An older one's date no
    /// longer counts.
    pub is_latest: bool,
    pub state: ReminderState,
    /// Why this version corrected the one before (empty if it is the first).
    pub correction_reason: String,
    pub recorded_at: String,
    /// Earlier versions, newest first.
    pub earlier: Vec<RiskVersion>,
}

/// The Riskbedömning tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskOverview {
    pub case_id: CaseId,
    /// Newest first (by assessment date, then by entry).
    pub assessments: Vec<RiskView>,
    /// Per assessed person, the next reassessment; sorted by date.
    pub reminders: Vec<RiskReminder>,
    pub max_reassessment_months: u32,
    pub suggested_reassessment_days: u32,
    /// The new form's suggested next reassessment (an assessment made today).
    #[ts(type = "string")]
    pub suggested_next_on: NaiveDate,
}

/// "Anmälningsplikt: …" for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportDuty {
    pub person_id: PersonId,
    pub message: String,
}

/// A recorded decision, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportDecisionView {
    pub id: ReportDecisionId,
    pub child_id: PersonId,
    pub decision: ReportDecision,
    /// "Orosanmälan gjord 2026-11-20 till Socialtjänsten barn och unga".
    pub text: String,
    pub recorded_at: String,
}

/// The duty to report, for the case overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportOverview {
    /// The children for whom nothing is recorded yet.
    pub duties: Vec<ReportDuty>,
    /// What was recorded, newest first.
    pub decisions: Vec<ReportDecisionView>,
}

/// What the case's due list says for a reassessment.
pub const DUE_WHAT: &str = "Riskbedömning att förnya";

const COLUMNS: &str = "id, person_id, supersedes, correction_reason, instrument, instrument_other,
    assessed_on, assessor, sources, level, level_own, scenarios, protective_measures,
    police_obtained, police_obtained_ground, police_shared, police_shared_ground,
    next_reassessment_on, recorded_at";

struct Row {
    id: RiskId,
    supersedes: Option<RiskId>,
    correction_reason: String,
    input: RiskInput,
    recorded_at: String,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        supersedes: r.get(2)?,
        correction_reason: r.get(3)?,
        input: RiskInput {
            person_id: r.get(1)?,
            instrument: r.get(4)?,
            instrument_other: r.get(5)?,
            assessed_on: r.get(6)?,
            assessor: r.get(7)?,
            sources: r.get(8)?,
            level: r.get(9)?,
            level_own: r.get(10)?,
            scenarios: r.get(11)?,
            protective_measures: r.get(12)?,
            police_obtained: r.get(13)?,
            police_obtained_ground: r.get(14)?,
            police_shared: r.get(15)?,
            police_shared_ground: r.get(16)?,
            next_reassessment_on: r.get(17)?,
        },
        recorded_at: r.get(18)?,
    })
}

fn rows(conn: &Connection, case: CaseId) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM risk_assessments WHERE case_id = ?1 ORDER BY id"
    ))?;
    let out = stmt
        .query_map([case], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// The versions in force: those no later version corrects.
fn current(rows: &[Row]) -> Vec<&Row> {
    let corrected: HashSet<RiskId> = rows.iter().filter_map(|r| r.supersedes).collect();
    rows.iter().filter(|r| !corrected.contains(&r.id)).collect()
}

fn fact(r: &Row) -> AssessmentFact {
    AssessmentFact {
        id: r.id,
        person: r.input.person_id,
        assessed_on: r.input.assessed_on,
        next: r.input.next_reassessment_on,
    }
}

/// The Riskbedömning tab of a case, on `today`.
pub fn list(conn: &Connection, case: OpenCase, today: NaiveDate) -> Result<RiskOverview> {
    let case = case.id();
    crate::case_ref::require(conn, case)?;
    let all = rows(conn, case)?;
    let by_id: HashMap<RiskId, &Row> = all.iter().map(|r| (r.id, r)).collect();
    let now = current(&all);
    let facts: Vec<AssessmentFact> = now.iter().map(|r| fact(r)).collect();
    let reminders = rules::reminders(&facts, today);
    let mut assessments: Vec<RiskView> = now
        .iter()
        .map(|r| {
            let mut earlier = Vec::new();
            let mut prev = r.supersedes;
            while let Some(p) = prev.and_then(|id| by_id.get(&id)) {
                earlier.push(RiskVersion {
                    id: p.id,
                    input: p.input.clone(),
                    summary: rules::summary(&p.input),
                    correction_reason: p.correction_reason.clone(),
                    recorded_at: p.recorded_at.clone(),
                });
                prev = p.supersedes;
            }
            RiskView {
                id: r.id,
                input: r.input.clone(),
                summary: rules::summary(&r.input),
                next_text: rules::reminder_text(r.input.next_reassessment_on, today),
                is_latest: reminders.iter().any(|m| m.assessment_id == r.id),
                state: rules::reminder_state(r.input.next_reassessment_on, today),
                correction_reason: r.correction_reason.clone(),
                recorded_at: r.recorded_at.clone(),
                earlier,
            }
        })
        .collect();
    assessments.sort_by_key(|a| std::cmp::Reverse((a.input.assessed_on, a.id)));
    Ok(RiskOverview {
        case_id: case,
        assessments,
        reminders,
        max_reassessment_months: MAX_REASSESSMENT_MONTHS,
        suggested_reassessment_days: SUGGESTED_REASSESSMENT_DAYS as u32,
        suggested_next_on: rules::suggested_reassessment(today),
    })
}

/// The reassessment reminders of a case on `today` (for the case overview).
pub(crate) fn reminders(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
) -> Result<Vec<RiskReminder>> {
    let all = rows(conn, case)?;
    let facts: Vec<AssessmentFact> = current(&all).into_iter().map(fact).collect();
    Ok(rules::reminders(&facts, today))
}

/// The next reassessment of every case that has one (for the case list's "what is due next").
pub fn due_by_case(conn: &Connection) -> Result<HashMap<CaseId, Due>> {
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, id, person_id, assessed_on, next_reassessment_on FROM risk_assessments r
          WHERE NOT EXISTS (SELECT 1 FROM risk_assessments l WHERE l.supersedes = r.id)
          ORDER BY case_id, id",
    )?;
    let mut facts: HashMap<CaseId, Vec<AssessmentFact>> = HashMap::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, CaseId>(0)?,
            AssessmentFact {
                id: r.get(1)?,
                person: r.get(2)?,
                assessed_on: r.get(3)?,
                next: r.get(4)?,
            },
        ))
    })? {
        let (case, f) = row?;
        facts.entry(case).or_default().push(f);
    }
    Ok(facts
        .into_iter()
        .filter_map(|(case, f)| {
            // The state does not matter here, only the dates.
            rules::reminders(&f, NaiveDate::MIN).first().map(|r| {
                (
                    case,
                    Due {
                        on: r.on,
                        what: DUE_WHAT.into(),
                    },
                )
            })
        })
        .collect())
}

/// What the case list says for a child whose orosanmälan is not registered.
pub const REPORT_DUE_WHAT: &str = "Orosanmälan att registrera";

/// Every case with a child whose duty to report is open on `today`: due at once.
pub fn report_due_by_case(conn: &Connection, today: NaiveDate) -> Result<HashMap<CaseId, Due>> {
    let cases: Vec<CaseId> = conn
        .prepare_cached(
            "SELECT DISTINCT p.case_id FROM persons p JOIN person_roles r ON r.person_id = p.id
              WHERE r.role IN ('valdsutsatt', 'barn_som_bevittnat_vald')",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = HashMap::new();
    for case in cases {
        if !report_overview(conn, case, today)?.duties.is_empty() {
            out.insert(
                case,
                Due {
                    on: today,
                    what: REPORT_DUE_WHAT.into(),
                },
            );
        }
    }
    Ok(out)
}

fn case_persons(conn: &Connection, case: CaseId) -> Result<Vec<PersonId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM persons WHERE case_id = ?1 ORDER BY id")?;
    let out = stmt
        .query_map([case], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

fn police_word(key: &str) -> &'static str {
    match key {
        "ja_samtycke" => "ja, med samtycke",
        "ja_lagstod" => "ja, på lagstöd",
        _ => "nej",
    }
}

/// The instrument and level as the history may name them (never the free text of "annan" or
/// the instrument's own wording).
fn instrument_word(i: RiskInstrument) -> &'static str {
    if i == RiskInstrument::Annan {
        "annan metod"
    } else {
        i.label()
    }
}

fn level_word(l: RiskLevel) -> &'static str {
    match l {
        RiskLevel::Lag => "låg risk",
        RiskLevel::Medel => "medelhög risk",
        RiskLevel::Hog => "hög risk",
        RiskLevel::Egen => "nivå enligt instrumentets egen skala",
    }
}

/// The fields that differ between two versions, by name.
fn changed_fields(a: &RiskInput, b: &RiskInput) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |changed: bool, name: &'static str| {
        if changed {
            out.push(name)
        }
    };
    check(a.person_id != b.person_id, "person");
    check(
        a.instrument != b.instrument || a.instrument_other != b.instrument_other,
        "metod",
    );
    check(a.assessed_on != b.assessed_on, "bedömningsdatum");
    check(a.assessor != b.assessor, "bedömd av");
    check(a.sources != b.sources, "källor");
    check(a.level != b.level || a.level_own != b.level_own, "risknivå");
    check(a.scenarios != b.scenarios, "scenarier");
    check(
        a.protective_measures != b.protective_measures,
        "skyddsåtgärder och säkerhetsplan",
    );
    check(
        a.police_obtained != b.police_obtained
            || a.police_obtained_ground != b.police_obtained_ground,
        "polisens bedömning",
    );
    check(
        a.police_shared != b.police_shared || a.police_shared_ground != b.police_shared_ground,
        "lämnad till polisen",
    );
    check(
        a.next_reassessment_on != b.next_reassessment_on,
        "nästa bedömning",
    );
    out
}

/// Records a risk assessment for a person of the case, or — with `correction` — a corrected
/// version of one in force (the old version stays).
pub fn save(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    input: &RiskInput,
    correction: Option<&Correction>,
) -> Result<RiskId> {
    let case = case.id();
    let reason = correction
        .map(|c| required("Varför rättas bedömningen", &c.reason, rules::MAX_LONG))
        .transpose()
        .map_err(|e| match e {
            Error::InvalidInput(m) if m.starts_with("Fyll i") => Error::InvalidInput(
                "Skriv varför bedömningen rättas (till exempel fel datum eller fel nivå \
                 registrerades). Den tidigare versionen sparas."
                    .into(),
            ),
            e => e,
        })?;
    let tx = conn.transaction()?;
    crate::case_ref::require(&tx, case)?;
    let persons = case_persons(&tx, case)?;
    let valid = rules::validate(input, &persons, ctx.today)?;
    let old = match correction {
        None => None,
        Some(c) => {
            let old = tx
                .query_row(
                    &format!(
                        "SELECT {COLUMNS} FROM risk_assessments WHERE id = ?1 AND case_id = ?2"
                    ),
                    params![c.corrects, case],
                    from_row,
                )
                .optional()?
                .ok_or(Error::NotFound("Riskbedömningen"))?;
            let corrected: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM risk_assessments WHERE supersedes = ?1)",
                [c.corrects],
                |r| r.get(0),
            )?;
            if corrected {
                return Err(Error::Refused(Refusal::VersionAlreadyCorrected));
            }
            if changed_fields(&old.input, &valid).is_empty() {
                return Err(Error::InvalidInput(
                    "Inget har ändrats i bedömningen. Ändra det som ska rättas, eller avbryt."
                        .into(),
                ));
            }
            Some(old)
        }
    };
    let v = &valid;
    tx.execute(
        &format!(
            "INSERT INTO risk_assessments(case_id, {COLUMNS})
             VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19)"
        ),
        params![
            case,
            v.person_id,
            old.as_ref().map(|o| o.id),
            reason.as_deref().unwrap_or(""),
            v.instrument,
            v.instrument_other,
            v.assessed_on,
            v.assessor,
            v.sources,
            v.level,
            v.level_own,
            v.scenarios,
            v.protective_measures,
            v.police_obtained.key(),
            v.police_obtained_ground,
            v.police_shared.key(),
            v.police_shared_ground,
            v.next_reassessment_on,
            ctx.timestamp(),
        ],
    )?;
    let id = RiskId(tx.last_insert_rowid());
    let summary = match &old {
        None => format!(
            "Riskbedömning registrerad för person {}: {}, {}, bedömd {}, ny bedömning senast {}; \
             polisens bedömning inhämtad: {}; lämnad till polisen: {}",
            v.person_id,
            instrument_word(v.instrument),
            level_word(v.level),
            v.assessed_on,
            v.next_reassessment_on,
            police_word(v.police_obtained.key()),
            police_word(v.police_shared.key()),
        ),
        Some(o) => format!(
            "Riskbedömning {} rättad genom en ny version ({id}) för person {}; ändrat: {}; nu {}, \
             bedömd {}, ny bedömning senast {}",
            o.id,
            v.person_id,
            changed_fields(&o.input, v).join(", "),
            level_word(v.level),
            v.assessed_on,
            v.next_reassessment_on,
        ),
    };
    audit::record(
        &tx,
        ctx,
        Some(case),
        if old.is_some() {
            "risk.correct"
        } else {
            "risk.record"
        },
        &summary,
    )?;
    tx.commit()?;
    Ok(id)
}

// ---- The duty to report ----

fn child_facts(conn: &Connection, case: CaseId) -> Result<Vec<(ChildFacts, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.birth_date, p.name,
                EXISTS(SELECT 1 FROM relations r WHERE r.to_person = p.id
                         AND r.kind = 'vardnadshavare' AND r.custody = 1)
           FROM persons p WHERE p.case_id = ?1 ORDER BY p.id",
    )?;
    let mut roles = conn.prepare_cached("SELECT role FROM person_roles WHERE person_id = ?1")?;
    let mut out = Vec::new();
    for row in stmt.query_map([case], |r| {
        Ok((
            r.get::<_, PersonId>(0)?,
            r.get::<_, Option<NaiveDate>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })? {
        let (person, birth_date, name, has_custodial_guardian) = row?;
        let roles = roles
            .query_map([person], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<Role>>>()?;
        out.push((
            ChildFacts {
                person,
                birth_date,
                roles,
                has_custodial_guardian,
            },
            name,
        ));
    }
    Ok(out)
}

fn decision_text(d: &ReportDecision) -> String {
    match d {
        ReportDecision::Gjord {
            reported_on,
            reported_to,
        } => format!("Orosanmälan gjord {reported_on} till {reported_to}"),
        ReportDecision::Ingen {
            reason,
            reason_text,
            earlier_on,
        } => {
            let why = match (reason, earlier_on) {
                (NoReportReason::RedanAnmald, Some(on)) => {
                    format!("redan anmält av någon annan {on}")
                }
                (NoReportReason::UtredsRedan, _) => "barnets situation utreds redan av oss".into(),
                _ => "annat skäl".into(),
            };
            if reason_text.is_empty() {
                format!("Ingen orosanmälan: {why}")
            } else {
                format!("Ingen orosanmälan: {why} – {reason_text}")
            }
        }
    }
}

fn decisions(conn: &Connection, case: CaseId) -> Result<Vec<ReportDecisionView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, child_id, kind, reported_on, reported_to, reason, reason_text, earlier_on,
                recorded_at
           FROM report_decisions WHERE case_id = ?1 ORDER BY id DESC",
    )?;
    let out = stmt
        .query_map([case], |r| {
            let kind: String = r.get(2)?;
            let decision = if kind == "gjord" {
                ReportDecision::Gjord {
                    reported_on: r.get(3)?,
                    reported_to: r.get(4)?,
                }
            } else {
                ReportDecision::Ingen {
                    reason: r.get(5)?,
                    reason_text: r.get(6)?,
                    earlier_on: r.get(7)?,
                }
            };
            Ok(ReportDecisionView {
                id: r.get(0)?,
                child_id: r.get(1)?,
                text: decision_text(&decision),
                decision,
                recorded_at: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// The duty to report in the case on `today`: who it applies to and what was recorded.
pub(crate) fn report_overview(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
) -> Result<ReportOverview> {
    let persons = child_facts(conn, case)?;
    let decisions = decisions(conn, case)?;
    let decided: Vec<PersonId> = decisions.iter().map(|d| d.child_id).collect();
    let facts: Vec<ChildFacts> = persons.iter().map(|(f, _)| f.clone()).collect();
    let duties = rules::report_duties(&facts, &decided, today)
        .into_iter()
        .filter_map(|id| persons.iter().find(|(f, _)| f.person == id))
        .map(|(f, name)| {
            let age = f
                .birth_date
                .and_then(|b| idnumber::age_in_years(b, today))
                .map_or("under 18 år".to_owned(), |a| format!("{a} år"));
            let roles: Vec<String> = f
                .roles
                .iter()
                .filter(|r| rules::REPORT_ROLES.contains(r))
                .map(|r| r.label().to_lowercase())
                .collect();
            ReportDuty {
                person_id: f.person,
                message: format!(
                    "Anmälningsplikt: {name} ({age}) är registrerad som {}. Enligt {} ska \
                     personal inom socialtjänsten genast göra en orosanmälan när ett barn \
                     utsätts för våld eller bevittnar våld mot en närstående. Registrera när \
                     anmälan är gjord och till vem, eller varför ingen anmälan görs.",
                    roles.join(" och "),
                    crate::law::SOCIAL_SERVICES_ACT
                ),
            }
        })
        .collect();
    Ok(ReportOverview { duties, decisions })
}

/// Records what was done about the duty to report for a child of the case.
pub fn record_report(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    child: PersonId,
    decision: &ReportDecision,
) -> Result<ReportDecisionId> {
    let case = case.id();
    let d = rules::validate_report(decision, ctx.today)?;
    let tx = conn.transaction()?;
    crate::case_ref::require(&tx, case)?;
    let facts = child_facts(&tx, case)?;
    let (f, _) = facts
        .iter()
        .find(|(f, _)| f.person == child)
        .ok_or_else(|| Error::Refused(Refusal::PersonNotChildOfCase))?;
    if !rules::is_child_on(f, ctx.today) {
        return Err(Error::Refused(Refusal::NotAChild {
            law: crate::law::SOCIAL_SERVICES_ACT,
        }));
    }
    let (kind, on, to, reason, text, earlier) = match &d {
        ReportDecision::Gjord {
            reported_on,
            reported_to,
        } => (
            "gjord",
            Some(*reported_on),
            reported_to.as_str(),
            None,
            "",
            None,
        ),
        ReportDecision::Ingen {
            reason,
            reason_text,
            earlier_on,
        } => (
            "ingen",
            None,
            "",
            Some(*reason),
            reason_text.as_str(),
            *earlier_on,
        ),
    };
    tx.execute(
        "INSERT INTO report_decisions(case_id, child_id, kind, reported_on, reported_to, reason,
                reason_text, earlier_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            case,
            child,
            kind,
            on,
            to,
            reason,
            text,
            earlier,
            ctx.timestamp()
        ],
    )?;
    let id = ReportDecisionId(tx.last_insert_rowid());
    // The recipient may name a municipality (where the child is): never in the history.
    let summary = match &d {
        ReportDecision::Gjord { reported_on, .. } => {
            format!("Orosanmälan registrerad för barn (person {child}): gjord {reported_on}")
        }
        ReportDecision::Ingen { reason, .. } => format!(
            "Beslut registrerat för barn (person {child}): ingen orosanmälan – {}",
            match reason {
                NoReportReason::RedanAnmald => "redan anmält av någon annan",
                NoReportReason::UtredsRedan => "utreds redan av oss",
                NoReportReason::Annat => "annat skäl",
            }
        ),
    };
    audit::record(&tx, ctx, Some(case), "report.record", &summary)?;
    tx.commit()?;
    Ok(id)
}

#[cfg(test)]
mod tests;
