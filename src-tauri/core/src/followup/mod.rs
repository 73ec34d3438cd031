//! Follow-up and statistics (issue 7): the individual follow-up per case, deviations
//! (avvikelser) in cooperation, and the de-identified report for a period.
//!
//! "Individual-based systematic follow-up (ISU, "SU-Kvinnofrid"): document per client e.g.
//! sex, age, who used violence, which support/intervention, whether it was carried out as
//! planned, whether goals were met; aggregate at group level" [003 Del 5]. "Deviations
//! (avvikelser) in cooperation are reported, investigated and used to improve routines"
//! [003 "Avvikelsehantering"].
//!
//! - [`report`]: the report as a pure function of [`report::ReportInput`];
//! - [`suppress`]: the suppression every published number passes;
//! - [`csv`]: the CSV for Swedish Excel, and the coordinator's merge;
//! - this module: the vocabularies, storage (the answers the app can't derive, deviations, the
//!   threshold setting) and [`gather`], which reads the facts for the report.
//!
//! Almost everything comes from what the app already holds: legal sex, birth date, roles and
//! forms of violence of the persons; the SIPs' states, meetings, follow-ups (carried out,
//! goals met); risk assessments; consents. Only **who used violence** is asked for when the
//! relations can't tell: a perpetrator who is a parent (förälder, vårdnadshavare) of the person
//! is counted as *förälder*; a närstående may be a partner, an ex-partner or another relative
//! (partners are the most common case, so guessing "annan närstående" would skew the
//! statistics), and a person with no registered perpetrator needs an answer too —
//! [`missing_answers`] lists them, [`answer_violence_by`] stores them.

pub mod csv;
pub mod report;
pub mod suppress;

#[cfg(test)]
pub(crate) mod tests;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenCase;
use crate::ctx::Ctx;
use crate::ids::{CaseId, PersonId, UnitId};
use crate::samrad::scanner::{self, HitKind, Known};
use crate::vocab::{CarriedOut, GoalMet, LegalSex, RiskInstrument, Role, ViolenceForm};
use crate::{Error, Refusal, Result};
use report::{
    CaseFact, ConsentFact, DeviationFact, ItemFact, PersonFact, ReportInput, RiskFact, SipFact,
};

crate::vocab::vocabulary! {
    /// Who used violence, seen from the person subjected to it (ISU) [003 Del 5].
    pub enum PerpetratorRelation {
        Partner = "partner" => "Partner",
        FdPartner = "f_d_partner" => "Före detta partner",
        Foralder = "foralder" => "Förälder",
        AnnanNarstaende = "annan_narstaende" => "Annan närstående (släkting)",
        Annan = "annan" => "Annan",
    }
}

crate::vocab::vocabulary! {
    /// Kinds of deviation in cooperation [003 "Avvikelsehantering"] (issue 7).
    pub enum DeviationKind {
        KallelseEjBesvarad = "kallelse_ej_besvarad" => "Kallelse ej besvarad",
        InsatsEjUtford = "insats_ej_utford" => "Insats ej utförd",
        InformationRojd = "information_rojd" => "Information röjd",
        SamtyckeEjFoljt = "samtycke_ej_foljt" => "Samtycke ej följt",
        Annat = "annat" => "Annat",
    }
}

crate::vocab::vocabulary! {
    /// "reported, investigated and used to improve routines": öppen → utredd → åtgärdad.
    pub enum DeviationStatus {
        Oppen = "oppen" => "Öppen",
        Utredd = "utredd" => "Utredd",
        Atgardad = "atgardad" => "Åtgärdad",
    }
}

/// The samråd vocabularies are the samråd log's own.
pub use crate::vocab::{SamradKind, SamradMode};

/// The setting: the suppression threshold.
pub const THRESHOLD_SETTING: &str = "statistics_threshold";
/// The highest threshold a user may set (a higher one hides almost everything).
pub const MAX_THRESHOLD: u32 = 20;

/// The suppression threshold (default 5).
pub fn threshold(conn: &Connection) -> Result<u32> {
    Ok(crate::store::get_setting(conn, THRESHOLD_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|t| (suppress::MIN_THRESHOLD..=MAX_THRESHOLD).contains(t))
        .unwrap_or(suppress::DEFAULT_THRESHOLD))
}

/// Sets the suppression threshold ("configurable ≥ 3").
pub fn set_threshold(conn: &mut Connection, ctx: &Ctx, t: u32) -> Result<u32> {
    if !(suppress::MIN_THRESHOLD..=MAX_THRESHOLD).contains(&t) {
        return Err(Error::InvalidInput(format!(
            "Gränsen för små tal ska vara mellan {} och {MAX_THRESHOLD}. Välj ett tal i det \
             intervallet; lägre än {} skyddar inte personerna i statistiken.",
            suppress::MIN_THRESHOLD,
            suppress::MIN_THRESHOLD
        )));
    }
    let tx = conn.transaction()?;
    crate::store::set_setting(&tx, THRESHOLD_SETTING, &t.to_string())?;
    audit::record(
        &tx,
        ctx,
        None,
        "settings.statistics_threshold",
        &format!("Gränsen för små tal i statistiken ändrad till {t}"),
    )?;
    tx.commit()?;
    Ok(t)
}

// ---------------------------------------------------------------------------------------
// Who used violence: derived, or asked.

/// A question the worker is asked at closing or follow-up: who used violence against
/// `person` (by `perpetrator`, if registered in the case)?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissingAnswer {
    pub person: PersonId,
    pub perpetrator: Option<PersonId>,
}

struct CaseRelations {
    /// (from, to, kind)
    rels: Vec<(PersonId, PersonId, String)>,
    answers: HashMap<(PersonId, Option<PersonId>), PerpetratorRelation>,
}

fn load_relations(conn: &Connection, case: Option<CaseId>) -> Result<CaseRelations> {
    let mut stmt = conn.prepare(
        "SELECT from_person, to_person, kind FROM relations WHERE ?1 IS NULL OR case_id = ?1",
    )?;
    let rels = stmt
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT f.person_id, f.perpetrator_id, f.relation FROM followup_violence_by f
           JOIN persons p ON p.id = f.person_id WHERE ?1 IS NULL OR p.case_id = ?1",
    )?;
    let answers = stmt
        .query_map([case], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CaseRelations { rels, answers })
}

/// Who used violence against `victim`: one entry per perpetrator (`None`: must be asked).
fn violence_by(
    cr: &CaseRelations,
    victim: PersonId,
) -> Vec<(Option<PersonId>, Option<PerpetratorRelation>)> {
    let perpetrators: Vec<PersonId> = cr
        .rels
        .iter()
        .filter(|(_, to, k)| *to == victim && k == "utovare_mot")
        .map(|(from, _, _)| *from)
        .collect();
    if perpetrators.is_empty() {
        return vec![(None, cr.answers.get(&(victim, None)).copied())];
    }
    perpetrators
        .into_iter()
        .map(|p| {
            let answer = cr.answers.get(&(victim, Some(p))).copied().or_else(|| {
                cr.rels
                    .iter()
                    .any(|(from, to, k)| {
                        *from == p && *to == victim && (k == "foralder" || k == "vardnadshavare")
                    })
                    .then_some(PerpetratorRelation::Foralder)
            });
            (Some(p), answer)
        })
        .collect()
}

fn victims(conn: &Connection, case: Option<CaseId>) -> Result<Vec<PersonId>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT p.id FROM persons p JOIN person_roles r ON r.person_id = p.id
          WHERE r.role IN ('valdsutsatt', 'barn_som_bevittnat_vald')
            AND (?1 IS NULL OR p.case_id = ?1) ORDER BY p.id",
    )?;
    let v = stmt
        .query_map([case], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// What the worker must still answer for the case's follow-up.
#[cfg(test)]
pub(crate) fn missing_answers(conn: &Connection, case: CaseId) -> Result<Vec<MissingAnswer>> {
    let cr = load_relations(conn, Some(case))?;
    let mut out = Vec::new();
    for v in victims(conn, Some(case))? {
        for (perpetrator, answer) in violence_by(&cr, v) {
            if answer.is_none() {
                out.push(MissingAnswer {
                    person: v,
                    perpetrator,
                });
            }
        }
    }
    Ok(out)
}

/// Stores (or corrects) who used violence against `person`, a person of `case`.
pub fn answer_violence_by(
    conn: &mut Connection,
    ctx: &Ctx,
    in_case: OpenCase,
    person: PersonId,
    perpetrator: Option<PersonId>,
    relation: PerpetratorRelation,
) -> Result<()> {
    let in_case = in_case.id();
    let tx = conn.transaction()?;
    let case: CaseId = tx
        .query_row("SELECT case_id FROM persons WHERE id = ?1", [person], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("personen"))?;
    if case != in_case {
        return Err(Error::NotFound("personen"));
    }
    if let Some(p) = perpetrator {
        let same: Option<CaseId> = tx
            .query_row("SELECT case_id FROM persons WHERE id = ?1", [p], |r| {
                r.get(0)
            })
            .optional()?;
        if same != Some(case) || p == person {
            return Err(Error::InvalidInput(
                "Den som utövade våldet ska vara en annan person i samma ärende. Välj personen \
                 i ärendet, eller svara utan att välja någon."
                    .into(),
            ));
        }
    }
    tx.execute(
        "DELETE FROM followup_violence_by WHERE person_id = ?1 AND perpetrator_id IS ?2",
        params![person, perpetrator],
    )?;
    tx.execute(
        "INSERT INTO followup_violence_by(person_id, perpetrator_id, relation, answered_on)
         VALUES (?1, ?2, ?3, ?4)",
        params![person, perpetrator, relation, ctx.today.to_string()],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "followup.violence_by",
        &format!(
            "Uppföljning: vem som utövade våldet angiven ({})",
            relation.label()
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// One "who used violence" question of a case, answered or not, for the follow-up tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ViolenceAnswer {
    pub person: PersonId,
    /// The registered perpetrator the question is about, if any.
    pub perpetrator: Option<PersonId>,
    /// The answer, or `None` while it must still be asked.
    pub relation: Option<PerpetratorRelation>,
    /// True when the app worked it out from the relations (a parent or guardian); the worker
    /// may still correct it.
    pub derived: bool,
}

/// Every "who used violence" question of the case's persons subjected to violence, with
/// its answer: the ones already known and the ones the worker must still answer
/// ("ask the worker only for what is missing, at closing or follow-up", issue 7).
pub fn violence_answers(conn: &Connection, case: OpenCase) -> Result<Vec<ViolenceAnswer>> {
    let case = case.id();
    let cr = load_relations(conn, Some(case))?;
    let mut out = Vec::new();
    for v in victims(conn, Some(case))? {
        for (perpetrator, relation) in violence_by(&cr, v) {
            let stored = cr.answers.contains_key(&(v, perpetrator));
            out.push(ViolenceAnswer {
                person: v,
                perpetrator,
                relation,
                derived: relation.is_some() && !stored,
            });
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Deviations.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeviationInput {
    #[ts(type = "string")]
    pub occurred_on: NaiveDate,
    pub kind: DeviationKind,
    /// The parties involved (units of the actor directory).
    pub parties: Vec<UnitId>,
    pub description: String,
    /// Hits of the identifier scanner the worker has looked at and accepts (a name that is
    /// an ordinary word, say). Only names and places can be accepted.
    pub accepted: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusChange {
    pub from: Option<DeviationStatus>,
    pub to: DeviationStatus,
    #[ts(type = "string")]
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Deviation {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "string")]
    pub occurred_on: NaiveDate,
    pub kind: DeviationKind,
    pub parties: Vec<UnitId>,
    pub description: String,
    pub status: DeviationStatus,
    /// Oldest first.
    pub history: Vec<StatusChange>,
}

/// The longest description of a deviation (characters).
pub const MAX_DESCRIPTION: usize = crate::text::MAX_LONG;

/// What the scanner looks for in a deviation's description: a deviation is about no one case,
/// so only what the caller may read without opening anything — the actor directory — and the
/// protected cases this session has opened ([`crate::samrad::gather::known_for_session`]).
/// Issue 18: with every case's names and places, the check answered "is this word stored
/// anywhere?" and gave away a protected person's name to a script. The patterns (personnummer,
/// phone, address, e-mail, postal code, date) still find what they always found.
pub fn known_identifiers(conn: &Connection, ctx: &Ctx) -> Result<Known> {
    crate::samrad::gather::known_for_session(conn, ctx)
}

/// Refuses a description or a list of acceptances longer than the form sends, before
/// anything is read or scanned.
fn check_sizes(description: &str, accepted: &[String]) -> Result<()> {
    crate::text::check_len("Vad hände?", description, MAX_DESCRIPTION)?;
    crate::text::check_count("godkända träffar", accepted, crate::text::MAX_ACCEPTED)?;
    for a in accepted {
        crate::text::check_len("Godkänd träff", a, crate::text::MAX_SHORT)?;
    }
    Ok(())
}

/// Checks a description with the identifier scanner; names and places the worker accepted
/// pass, every other hit refuses with what was found.
pub fn check_description(text: &str, known: &Known, accepted: &[String]) -> Result<()> {
    let blocking: Vec<_> = scanner::scan(text, known)
        .into_iter()
        .filter(|h| {
            !(matches!(h.kind, HitKind::Namn | HitKind::Plats | HitKind::Ort)
                && accepted.iter().any(|a| a.trim() == h.text.trim()))
        })
        .collect();
    if blocking.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = blocking.iter().map(|h| h.reason.clone()).collect();
    Err(Error::InvalidInput(format!(
        "Beskrivningen av avvikelsen kan peka ut en person och har inte sparats. {} Skriv om \
         texten utan namn, platser, nummer eller exakta datum och spara igen.",
        list.join(" ")
    )))
}

/// One hit of the identifier scanner in a deviation's description, for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeviationHit {
    /// "namn", "telefonnummer", …
    pub kind_label: String,
    pub text: String,
    /// What was found and what to do (from the scanner).
    pub reason: String,
    /// Only a name or a place can be accepted (an ordinary word that looks like a name);
    /// a number, an address or an exact date must be removed.
    pub acceptable: bool,
    pub accepted: bool,
}

/// The scanner's hits in a deviation's description, with the worker's acceptances marked,
/// so the form can show them before anything is saved. [`record_deviation`] checks again.
/// Refused when the description or the acceptances are longer than the form sends.
pub fn scan_description(
    conn: &Connection,
    ctx: &Ctx,
    text: &str,
    accepted: &[String],
) -> Result<Vec<DeviationHit>> {
    check_sizes(text, accepted)?;
    let known = known_identifiers(conn, ctx)?;
    Ok(scanner::scan(text, &known)
        .into_iter()
        .map(|h| {
            let acceptable = matches!(h.kind, HitKind::Namn | HitKind::Plats | HitKind::Ort);
            DeviationHit {
                kind_label: crate::samrad::gate::kind_label(h.kind).to_owned(),
                accepted: acceptable && accepted.iter().any(|a| a.trim() == h.text.trim()),
                acceptable,
                text: h.text,
                reason: h.reason,
            }
        })
        .collect())
}

/// Records a deviation (status öppen).
pub fn record_deviation(conn: &mut Connection, ctx: &Ctx, input: &DeviationInput) -> Result<i64> {
    check_sizes(&input.description, &input.accepted)?;
    let description = input.description.trim();
    if description.is_empty() {
        return Err(Error::InvalidInput(
            "Beskriv vad som hände, utan namn eller platser, och spara igen.".into(),
        ));
    }
    if input.occurred_on > ctx.today {
        return Err(Error::InvalidInput(
            "Datumet för avvikelsen ligger i framtiden. Ange dagen då den inträffade.".into(),
        ));
    }
    if input.parties.is_empty() {
        return Err(Error::InvalidInput(
            "Välj minst en verksamhet som avvikelsen gäller.".into(),
        ));
    }
    let tx = conn.transaction()?;
    check_description(description, &known_identifiers(&tx, ctx)?, &input.accepted)?;
    tx.execute(
        "INSERT INTO deviations(occurred_on, kind, description, status, recorded_at)
         VALUES (?1, ?2, ?3, 'oppen', ?4)",
        params![
            input.occurred_on.to_string(),
            input.kind,
            description,
            ctx.timestamp()
        ],
    )?;
    let id = tx.last_insert_rowid();
    for u in &input.parties {
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM actor_units WHERE id = ?1)",
            [u],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound("verksamheten"));
        }
        tx.execute(
            "INSERT OR IGNORE INTO deviation_parties(deviation_id, unit_id) VALUES (?1, ?2)",
            params![id, u],
        )?;
    }
    tx.execute(
        "INSERT INTO deviation_status_changes(deviation_id, from_status, to_status, on_date, recorded_at)
         VALUES (?1, NULL, 'oppen', ?2, ?3)",
        params![id, ctx.today.to_string(), ctx.timestamp()],
    )?;
    audit::record(
        &tx,
        ctx,
        None,
        "deviation.create",
        &format!("Avvikelse registrerad: {}", input.kind.label()),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Moves a deviation to another status; the change is kept in its history.
pub fn set_deviation_status(
    conn: &mut Connection,
    ctx: &Ctx,
    id: i64,
    to: DeviationStatus,
) -> Result<()> {
    let tx = conn.transaction()?;
    let from: DeviationStatus = tx
        .query_row("SELECT status FROM deviations WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound("avvikelsen"))?;
    if from == to {
        return Err(Error::Refused(Refusal::DeviationAlreadyInStatus {
            status: to.label().to_lowercase(),
        }));
    }
    tx.execute(
        "UPDATE deviations SET status = ?1 WHERE id = ?2",
        params![to, id],
    )?;
    tx.execute(
        "INSERT INTO deviation_status_changes(deviation_id, from_status, to_status, on_date, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, from, to, ctx.today.to_string(), ctx.timestamp()],
    )?;
    audit::record(
        &tx,
        ctx,
        None,
        "deviation.status",
        &format!(
            "Avvikelse: status ändrad från {} till {}",
            from.label().to_lowercase(),
            to.label().to_lowercase()
        ),
    )?;
    tx.commit()?;
    Ok(())
}

fn date(s: String) -> rusqlite::Result<NaiveDate> {
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Every deviation, newest first.
pub fn list_deviations(conn: &Connection) -> Result<Vec<Deviation>> {
    let mut stmt = conn.prepare(
        "SELECT id, occurred_on, kind, description, status FROM deviations
          ORDER BY occurred_on DESC, id DESC",
    )?;
    let mut out: Vec<Deviation> = stmt
        .query_map([], |r| {
            Ok(Deviation {
                id: r.get(0)?,
                occurred_on: date(r.get(1)?)?,
                kind: r.get(2)?,
                description: r.get(3)?,
                status: r.get(4)?,
                parties: Vec::new(),
                history: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut parties = conn.prepare(
        "SELECT unit_id FROM deviation_parties WHERE deviation_id = ?1 ORDER BY unit_id",
    )?;
    let mut history = conn.prepare(
        "SELECT from_status, to_status, on_date FROM deviation_status_changes
          WHERE deviation_id = ?1 ORDER BY id",
    )?;
    for d in &mut out {
        d.parties = parties
            .query_map([d.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        d.history = history
            .query_map([d.id], |r| {
                Ok(StatusChange {
                    from: r.get(0)?,
                    to: r.get(1)?,
                    on: date(r.get(2)?)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The report for a period, as the app produces it.

/// The longest period a report may cover (the monthly line has one point per month).
pub const MAX_PERIOD_MONTHS: usize = 120;

/// Refuses a period the wrong way round or longer than [`MAX_PERIOD_MONTHS`].
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if from > to {
        return Err(Error::InvalidInput(
            "Periodens startdatum ligger efter slutdatumet. Ändra datumen och försök igen.".into(),
        ));
    }
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month())
        + 1;
    if months > MAX_PERIOD_MONTHS as i64 {
        return Err(Error::InvalidInput(
            "Perioden är för lång: en rapport kan omfatta högst tio år. Välj en kortare period."
                .into(),
        ));
    }
    Ok(())
}

/// The report for `from..=to` over the whole database, with the stored threshold.
pub fn statistics(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<report::Report> {
    check_period(from, to)?;
    let t = threshold(conn)?;
    Ok(report::report(&gather(conn)?, from, to, t))
}

/// Records that the report for a period was exported, in the same transaction as the write:
/// if the history can't be written, the file is removed (`undo`). The entry names the period
/// and the format, never a number of the report.
pub fn record_export(
    conn: &mut Connection,
    ctx: &Ctx,
    r: &report::Report,
    format: &str,
    write: impl FnOnce() -> Result<()>,
    undo: impl FnOnce(),
) -> Result<()> {
    audit::record_file_write(
        conn,
        ctx,
        None,
        "statistics.export",
        &format!(
            "Statistikrapport {}–{} exporterad som {format} (gräns för små tal {})",
            r.from, r.to, r.threshold
        ),
        write,
        undo,
    )
}

// ---------------------------------------------------------------------------------------
// Gathering the facts for the report.

fn years_between(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    on.years_since(birth)
}

/// Reads every fact the report needs. Names, numbers, addresses and free text are never
/// read; a birth date only becomes an age.
pub fn gather(conn: &Connection) -> Result<ReportInput> {
    let mut input = ReportInput::default();

    // Cases, with their SIPs.
    let mut case_index: HashMap<CaseId, usize> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, created_at FROM cases ORDER BY id")?;
    let cases: Vec<(CaseId, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, created) in cases {
        let opened_on = chrono::DateTime::parse_from_rfc3339(&created)
            .map(|t| crate::clock::swedish_date(t.with_timezone(&chrono::Utc)))
            .or_else(|_| created.get(..10).unwrap_or("").parse())
            .map_err(|_| Error::Internal("ett ärende har ett okänt datum"))?;
        case_index.insert(id, input.cases.len());
        input.cases.push(CaseFact {
            opened_on,
            sips: Vec::new(),
        });
    }

    // Persons' sex (for the SIP, consent and risk rows).
    let mut stmt = conn.prepare("SELECT id, case_id, legal_sex, birth_date FROM persons")?;
    let persons: Vec<(PersonId, CaseId, LegalSex, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let sex_of: HashMap<PersonId, LegalSex> = persons.iter().map(|p| (p.0, p.2)).collect();

    // SIPs.
    let mut stmt = conn.prepare(
        "SELECT id, case_id, person_id, need_discovered_on, closed_on FROM sips ORDER BY id",
    )?;
    let sips: Vec<(i64, CaseId, PersonId, String, Option<String>)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut meetings =
        conn.prepare("SELECT on_date FROM sip_meetings WHERE sip_id = ?1 AND held = 1")?;
    let mut followups = conn.prepare("SELECT on_date FROM followups WHERE sip_id = ?1")?;
    let mut items = conn.prepare(
        "SELECT f.on_date, i.carried_out, i.goal_met FROM followup_items i
           JOIN followups f ON f.id = i.followup_id WHERE f.sip_id = ?1",
    )?;
    let mut start_of: HashMap<PersonId, NaiveDate> = HashMap::new();
    for (id, case, person, need, closed) in sips {
        let need = date(need)?;
        let closed = closed.map(date).transpose()?;
        if let Some(&c) = case_index.get(&case) {
            input.cases[c].sips.push((need, closed));
        }
        start_of
            .entry(person)
            .and_modify(|d| *d = (*d).min(need))
            .or_insert(need);
        let meetings_held = meetings
            .query_map([id], |r| date(r.get(0)?))?
            .collect::<rusqlite::Result<_>>()?;
        let follow_ups = followups
            .query_map([id], |r| date(r.get(0)?))?
            .collect::<rusqlite::Result<_>>()?;
        let items = items
            .query_map([id], |r| {
                Ok(ItemFact {
                    on: date(r.get(0)?)?,
                    carried_out: r.get::<_, CarriedOut>(1)?,
                    goal_met: r.get::<_, GoalMet>(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        input.sips.push(SipFact {
            sex: sex_of.get(&person).copied().unwrap_or(LegalSex::Okant),
            need_discovered_on: need,
            meetings_held,
            follow_ups,
            items,
            closed_on: closed,
        });
    }

    // Persons with roles.
    let mut roles_of: HashMap<PersonId, Vec<Role>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT person_id, role FROM person_roles")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, PersonId>(0)?, r.get::<_, Role>(1)?)))? {
        let (p, role) = row?;
        roles_of.entry(p).or_default().push(role);
    }
    let mut forms_of: HashMap<PersonId, Vec<ViolenceForm>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT person_id, form FROM person_violence_forms")?;
    for row in stmt.query_map([], |r| {
        Ok((r.get::<_, PersonId>(0)?, r.get::<_, String>(1)?))
    })? {
        let (p, form) = row?;
        if let Some(f) = ViolenceForm::from_key(&form) {
            forms_of.entry(p).or_default().push(f);
        }
    }
    let cr = load_relations(conn, None)?;
    for (id, case, sex, birth) in &persons {
        let Some(roles) = roles_of.remove(id) else {
            continue;
        };
        let Some(&c) = case_index.get(case) else {
            continue;
        };
        let start = start_of
            .get(id)
            .copied()
            .unwrap_or(input.cases[c].opened_on);
        let age_at_start = birth
            .as_deref()
            .and_then(|b| b.parse::<NaiveDate>().ok())
            .and_then(|b| years_between(b, start));
        let victim =
            roles.contains(&Role::Valdsutsatt) || roles.contains(&Role::BarnSomBevittnatVald);
        input.persons.push(PersonFact {
            case: c,
            sex: *sex,
            age_at_start,
            roles,
            violence_forms: forms_of.remove(id).unwrap_or_default(),
            violence_by: if victim {
                violence_by(&cr, *id).into_iter().map(|(_, a)| a).collect()
            } else {
                Vec::new()
            },
        });
    }

    // Risk assessments in force (not corrected by a later version).
    let mut stmt = conn.prepare(
        "SELECT person_id, instrument, assessed_on FROM risk_assessments r
          WHERE NOT EXISTS (SELECT 1 FROM risk_assessments n WHERE n.supersedes = r.id)",
    )?;
    input.risks = stmt
        .query_map([], |r| {
            let p: PersonId = r.get(0)?;
            Ok(RiskFact {
                sex: sex_of.get(&p).copied().unwrap_or(LegalSex::Okant),
                instrument: r.get::<_, RiskInstrument>(1)?,
                assessed_on: date(r.get(2)?)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Consents, by the SIP's person.
    let mut stmt = conn.prepare(
        "SELECT s.person_id, c.valid_from, c.valid_to, c.withdrawn_on FROM consents c
           JOIN sips s ON s.id = c.sip_id",
    )?;
    input.consents = stmt
        .query_map([], |r| {
            let p: PersonId = r.get(0)?;
            Ok(ConsentFact {
                sex: sex_of.get(&p).copied().unwrap_or(LegalSex::Okant),
                valid_from: date(r.get(1)?)?,
                valid_to: date(r.get(2)?)?,
                withdrawn_on: r.get::<_, Option<String>>(3)?.map(date).transpose()?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare("SELECT occurred_on, kind, status FROM deviations")?;
    input.deviations = stmt
        .query_map([], |r| {
            Ok(DeviationFact {
                occurred_on: date(r.get(0)?)?,
                kind: r.get(1)?,
                status: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Samråd: the current version of each consultation in the log (a correction replaces the
    // record it names); date, kind and mode only.
    let mut stmt = conn.prepare(
        "SELECT held_on, kind, mode FROM samrad
          WHERE id NOT IN (SELECT supersedes FROM samrad WHERE supersedes IS NOT NULL)
          ORDER BY held_on, id",
    )?;
    let rows: Vec<(String, SamradKind, SamradMode)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (held_on, kind, mode) in rows {
        input.samrad.push(report::SamradFact {
            held_on: date(held_on)?,
            kind,
            mode,
        });
    }

    Ok(input)
}
