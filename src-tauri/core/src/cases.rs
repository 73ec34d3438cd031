//! The case register (ärenden): creating a case with its first person, the case list with
//! search as you type (masked for protected persons, sorted by what is due next) and the
//! case screen's data.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::ids::CaseId;
use crate::person::{self, Person, PersonInput, Relation};
use crate::session::Ctx;
use crate::sip::{self, Due, SipSummary};
use crate::vocab::ProtectionLevel;
use crate::{Error, Result};

pub use crate::person::initials;

/// One row of the "Ärenden" list. A case with any protected person is masked (initials and
/// the protection level) until opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub display_name: String,
    pub is_protected: bool,
    /// The strongest protection level among the case's persons, when protected.
    pub protection: Option<ProtectionLevel>,
    pub person_count: u32,
    /// What is due next (uppföljning, SIP-möte, boka möte, riskbedömning att förnya), for
    /// sorting and display.
    pub due: Option<Due>,
}

/// The case screen. For a protected case not yet opened in this session ([`get_for`]) it is
/// masked: `masked` is true, the persons carry initials and protection level only, and the
/// relations, SIPs, reports and reminders are empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseDetail {
    pub id: CaseId,
    pub reference: String,
    pub created_at: String,
    pub is_protected: bool,
    pub protection: Option<ProtectionLevel>,
    /// The record is masked until opened explicitly ("Öppna akten", see `access`).
    pub masked: bool,
    pub persons: Vec<Person>,
    pub relations: Vec<Relation>,
    pub sips: Vec<SipSummary>,
    /// The duty to report concern for the case's children (orosanmälan).
    pub reports: crate::risk::ReportOverview,
    /// Per assessed person, the next risk reassessment (due soon or overdue ones are warnings).
    pub risk_reminders: Vec<crate::risk::RiskReminder>,
}

/// A new case with its first person (so protection applies from the first moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewCase {
    /// The organisation's case reference (diarienummer or similar).
    pub reference: String,
    pub person: PersonInput,
}

pub const MAX_REFERENCE: usize = 60;

fn protection_rank(l: ProtectionLevel) -> u8 {
    match l {
        ProtectionLevel::Ingen => 0,
        ProtectionLevel::Sekretessmarkering => 1,
        ProtectionLevel::SkyddadFolkbokforing => 2,
        ProtectionLevel::FingeradePersonuppgifter => 3,
    }
}

fn strongest(levels: impl IntoIterator<Item = ProtectionLevel>) -> Option<ProtectionLevel> {
    levels
        .into_iter()
        .filter(|l| l.is_protected())
        .max_by_key(|l| protection_rank(*l))
}

pub fn create(conn: &mut Connection, ctx: &Ctx, new: &NewCase) -> Result<CaseId> {
    let reference = new.reference.trim();
    if reference.is_empty() {
        return Err(Error::InvalidInput(
            "Ärendet behöver en referens (till exempel diarienumret). Fyll i den och spara igen."
                .into(),
        ));
    }
    if reference.chars().count() > MAX_REFERENCE || reference.chars().any(char::is_control) {
        return Err(Error::InvalidInput(format!(
            "Ärendereferensen får vara högst {MAX_REFERENCE} tecken utan radbrytningar."
        )));
    }
    let p = person::validate(&new.person, ctx.today)?;
    let tx = conn.transaction()?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM cases WHERE reference = ?1)",
        [reference],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::InvalidInput(format!(
            "Det finns redan ett ärende med referensen ”{reference}”. Sök fram det i listan, eller välj en annan referens."
        )));
    }
    tx.execute(
        "INSERT INTO cases(reference, created_at) VALUES (?1, ?2)",
        params![reference, ctx.timestamp()],
    )?;
    let id = CaseId(tx.last_insert_rowid());
    person::insert(&tx, id, &p)?;
    audit::record(
        &tx,
        ctx,
        Some(id),
        "case.create",
        &format!(
            "Ärende skapat med en person ({})",
            p.protection_level.label()
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Fails with NotFound unless the case exists.
pub fn require(conn: &Connection, case: CaseId) -> Result<()> {
    let ok: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM cases WHERE id = ?1)",
        [case],
        |r| r.get(0),
    )?;
    if ok {
        Ok(())
    } else {
        Err(Error::NotFound("Ärendet"))
    }
}

pub fn get(conn: &Connection, case: CaseId, today: NaiveDate) -> Result<CaseDetail> {
    let (reference, created_at): (String, String) = conn
        .query_row(
            "SELECT reference, created_at FROM cases WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Ärendet"))?;
    let persons = person::list_for_case(conn, case, today)?;
    let relations = person::relations_for_case(conn, case)?;
    let protection = strongest(persons.iter().map(|p| p.protection_level));
    Ok(CaseDetail {
        id: case,
        reference,
        created_at,
        is_protected: crate::access::persons_protected(&persons, &relations),
        protection,
        masked: false,
        relations,
        sips: sip::list_for_case(conn, case, today)?,
        reports: crate::risk::report_overview(conn, case, today)?,
        risk_reminders: crate::risk::reminders(conn, case, today)?,
        persons,
    })
}

/// The case screen as this session may see it: the full record for a case without protected
/// persons or one opened explicitly ([`crate::access`]); otherwise masked — the reference, the
/// protection level and each person's initials and level, nothing else. What the masked view
/// leaves out is not read into it at all, so no later field can slip through.
pub fn get_for(conn: &Connection, ctx: &Ctx, case: CaseId) -> Result<CaseDetail> {
    if crate::access::is_open(conn, ctx, case)? {
        return get(conn, case, ctx.today);
    }
    let (reference, created_at): (String, String) = conn
        .query_row(
            "SELECT reference, created_at FROM cases WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Ärendet"))?;
    let persons: Vec<Person> = person::list_for_case(conn, case, ctx.today)?
        .iter()
        .map(crate::access::masked_person)
        .collect();
    Ok(CaseDetail {
        id: case,
        reference,
        created_at,
        is_protected: true,
        protection: strongest(persons.iter().map(|p| p.protection_level)),
        masked: true,
        persons,
        relations: Vec::new(),
        sips: Vec::new(),
        reports: crate::risk::ReportOverview {
            duties: Vec::new(),
            decisions: Vec::new(),
        },
        risk_reminders: Vec::new(),
    })
}

/// The search terms: lower-case words, each with the alternatives that count as a match. A
/// word that looks like a number also matches by its digits only, so "850101-1234",
/// "8501011234" and "19850101 1234" all find the same person (and "2026-002" still finds the
/// reference "VNR-2026-002").
fn terms(query: &str) -> Vec<Vec<String>> {
    let q = query.trim().to_lowercase();
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    let looks_numeric = compact.chars().any(|c| c.is_ascii_digit())
        && compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+');
    if looks_numeric {
        let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
        let mut alts = vec![digits];
        // As typed, without spaces (a reference like "2026-002").
        if compact != alts[0] {
            alts.push(compact);
        }
        return vec![alts];
    }
    q.split_whitespace().map(|w| vec![w.to_owned()]).collect()
}

/// [`list_on`] today (in Sweden).
pub fn list(conn: &Connection, query: &str) -> Result<Vec<CaseSummary>> {
    list_on(conn, query, crate::clock::swedish_date(chrono::Utc::now()))
}

/// Cases matching `query` (every word must match the reference or a person's name or number;
/// an empty query lists all), sorted by what is due next on `today`, then by reference. An
/// orosanmälan not yet registered for a child is due at once ("immediately", SoL 14 kap. 1 §).
pub fn list_on(conn: &Connection, query: &str, today: NaiveDate) -> Result<Vec<CaseSummary>> {
    let terms = terms(query);
    struct Acc {
        reference: String,
        haystack: String,
        first_name: Option<String>,
        levels: Vec<ProtectionLevel>,
        persons: u32,
    }
    let mut cases: Vec<(CaseId, Acc)> = Vec::new();
    let mut index: HashMap<CaseId, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT id, reference FROM cases ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, CaseId>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, reference) = row?;
            index.insert(id, cases.len());
            cases.push((
                id,
                Acc {
                    haystack: reference.to_lowercase(),
                    reference,
                    first_name: None,
                    levels: Vec::new(),
                    persons: 0,
                },
            ));
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT case_id, name, identity_number, protection_level FROM persons ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, CaseId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, ProtectionLevel>(3)?,
            ))
        })?;
        for row in rows {
            let (case, name, number, level) = row?;
            if let Some(&i) = index.get(&case) {
                // Searched: the name in Unicode lower case (SQLite's lower() knows only ASCII)
                // and the number's 12 digits, so any written form of it matches.
                let acc = &mut cases[i].1;
                acc.haystack.push('\n');
                acc.haystack.push_str(&name.to_lowercase());
                if let Some(n) = number {
                    acc.haystack.push(' ');
                    acc.haystack.extend(n.chars().filter(char::is_ascii_digit));
                }
                acc.first_name.get_or_insert(name);
                acc.levels.push(level);
                acc.persons += 1;
            }
        }
    }
    // What is due next: the earliest of the SIPs' dates and the risk reassessments.
    let mut due = sip::due_by_case(conn)?;
    let mut risk_due = crate::risk::due_by_case(conn)?;
    risk_due.extend(crate::risk::report_due_by_case(conn, today)?);
    for (case, d) in risk_due {
        match due.get(&case) {
            Some(existing) if existing.on <= d.on => {}
            _ => {
                due.insert(case, d);
            }
        }
    }
    let mut out: Vec<CaseSummary> = cases
        .into_iter()
        .filter(|(_, acc)| {
            terms
                .iter()
                .all(|alts| alts.iter().any(|t| acc.haystack.contains(t.as_str())))
        })
        .map(|(id, acc)| {
            let protection = strongest(acc.levels.iter().copied());
            let name = acc.first_name.unwrap_or_default();
            CaseSummary {
                id,
                reference: acc.reference,
                display_name: if protection.is_some() {
                    initials(&name)
                } else {
                    name
                },
                is_protected: protection.is_some(),
                protection,
                person_count: acc.persons,
                due: due.get(&id).cloned(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |c: &CaseSummary| (c.due.is_none(), c.due.as_ref().map(|d| d.on));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.reference.cmp(&b.reference))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms() {
        let t = |q: &str| terms(q);
        assert!(t("  ").is_empty());
        assert!(t("-").is_empty() || t("-") == vec![vec!["-".to_owned()]]);
        assert_eq!(t("Åsa  BERG"), vec![vec!["åsa"], vec!["berg"]]);
        assert_eq!(t("850101-1234"), vec![vec!["8501011234", "850101-1234"]]);
        assert_eq!(t("19850101 1234"), vec![vec!["198501011234"]]);
        assert_eq!(t("121212+1212"), vec![vec!["1212121212", "121212+1212"]]);
        assert_eq!(t("VNR-2026"), vec![vec!["vnr-2026"]]);
    }

    #[test]
    fn initials_mask_names() {
        assert_eq!(initials("Anna Maria Svensson"), "A. M. S.");
        assert_eq!(initials("  łukasz  nguyễn "), "Ł. N.");
        assert_eq!(initials(""), "");
    }
}
