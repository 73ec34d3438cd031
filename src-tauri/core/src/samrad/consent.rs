//! Samråd's own consent: the person's secrecy waiver for consultations with the police, the
//! region and the municipalities [001 §6, §12] ("A case is brought with the person's consent
//! (use the agreed consent form) or de-identified").
//!
//! A SIP consent is "limited to the SIP" by its own wording [003 4] ([`crate::consent::PURPOSE`]),
//! so it never lets a consultation name the person: samråd has a consent of its own, given for
//! a person of a case (no SIP needed). It is the same record ([`ConsentRecord`]: giver, form,
//! documentation, named organisations, categories, validity of at most one year, withdrawal)
//! checked by the same engine ([`rules::check_record`], [`rules::basis_on`],
//! [`rules::may_invite`], [`rules::may_share`]); only its purpose ([`PURPOSE`]) and its storage
//! (migration 0011) differ.
//!
//! A consultation may name the person (the person, notes in the worker's words, the categories
//! brought) only when [`may_name`] says so: a samråd consent in force on the consultation's
//! date accepts every participating organisation and every category brought. Otherwise the
//! case is brought de-identified, through the identifier gate (`samrad::gate`), as before.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::OpenCase;
use crate::consent::records::{
    self, check_actors, clean_documentation, giver_audit, ConsentState, ScopeActor,
};
use crate::consent::rules::{self, Status};
use crate::consent::{
    ActorRef, ConsentForm, ConsentRecord, Documentation, Giver, InfoCategory, Scope, Subject,
    Withdrawal,
};
use crate::ctx::Ctx;
use crate::ids::{CaseId, ConsentId, PersonId, SamradConsentId, SamradNoticeId, SipId};
use crate::text::{clean, MAX_LONG};
use crate::vocab::ActorType;
use crate::{Error, Refusal, Result};

/// What a samråd consent is for: shown on screen and on its form.
pub const PURPOSE: &str = "Samtycket gäller bara samråd: att ditt ärende får tas upp med ditt \
     namn på samråd mellan socialtjänsten, polisen, regionen och de andra organisationer som är \
     ikryssade nedan, och att de där får lämna de ikryssade uppgifterna till varandra för att \
     planera stöd och skydd för dig. Det gäller inte SIP och ger inte rätt till något annat utbyte \
     av uppgifter. Utan samtycket tas ärendet upp avidentifierat, utan ditt namn.";

/// What a consent record was given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A consent to a SIP (`consent::records`): limited to that SIP [003 4].
    Sip,
    /// A consent to samråd (this module).
    Samrad,
}

/// Which record, of either purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnyConsentId {
    Sip(ConsentId),
    Samrad(SamradConsentId),
}

/// A consent record with its purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purposed {
    pub purpose: Purpose,
    pub id: AnyConsentId,
    pub record: ConsentRecord,
}

/// The records a consultation may rest on: only those given for samråd. A SIP consent never
/// counts, whatever it names.
pub fn samrad_only(all: &[Purposed]) -> Vec<&Purposed> {
    all.iter()
        .filter(|p| p.purpose == Purpose::Samrad)
        .collect()
}

/// An organisation of a consultation, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub actor: ActorRef,
    pub actor_type: ActorType,
    /// For the refusal (on the worker's own screen).
    pub name: String,
}

/// May a consultation on `on` with `orgs`, bringing `categories`, name the person? Pure: the
/// person's consent records of every purpose (in the order entered), the subject, the date.
/// The records it rests on, or the Swedish reason and what to do instead.
pub fn may_name(
    all: &[Purposed],
    subject: &Subject,
    on: NaiveDate,
    orgs: &[Org],
    categories: &[InfoCategory],
) -> std::result::Result<Vec<AnyConsentId>, String> {
    let mine = samrad_only(all);
    let records: Vec<ConsentRecord> = mine.iter().map(|p| p.record.clone()).collect();
    let instead = "Registrera personens samtycke till samråd, eller ta upp ärendet avidentifierat.";
    let basis = rules::basis_on(&records, subject, &[], on).map_err(|why| {
        let sip = all
            .iter()
            .any(|p| p.purpose == Purpose::Sip && rules::status_on(&p.record, on).is_valid());
        format!(
            "Det fanns inget giltigt samtycke till samråd den {on}, så samrådet får inte nämna \
             personen. {why}{} {instead}",
            if sip {
                " Samtycket till SIP:en räcker inte: det gäller bara SIP:en."
            } else {
                ""
            }
        )
    })?;
    if categories.is_empty() {
        return Err(
            "Ange vilka uppgifter om personen som togs upp på samrådet (samtycket ska omfatta \
             dem)."
                .into(),
        );
    }
    let mut not_covered = Vec::new();
    for o in orgs {
        if let Err(why) = rules::may_invite(&basis, o.actor, o.actor_type) {
            not_covered.push(format!("{} – {why}", o.name));
            continue;
        }
        for &c in categories {
            if let Err(why) = rules::may_share(&basis, o.actor, o.actor_type, c) {
                not_covered.push(format!("{} – {why}", o.name));
            }
        }
    }
    if !not_covered.is_empty() {
        return Err(format!(
            "Samtycket till samråd omfattar inte allt som samrådet den {on} gällde: {}. Ta bort \
             organisationen eller uppgifterna ur samrådet, ta ett nytt samtycke som omfattar dem, \
             eller ta upp ärendet avidentifierat.",
            not_covered.join(" ")
        ));
    }
    Ok(basis
        .records
        .iter()
        .filter_map(|r| records.iter().position(|x| std::ptr::eq(x, *r)))
        .map(|i| mine[i].id)
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------------------------

/// What the worker enters for a samråd consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradConsentInput {
    /// The person of the case it is for.
    pub person_id: PersonId,
    pub giver: Giver,
    pub form: ConsentForm,
    pub documentation: Option<Documentation>,
    pub scope: Scope,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    #[ts(type = "string")]
    pub valid_to: NaiveDate,
}

/// One line of a withdrawal's checklist: an organisation that took part in a consultation
/// under the consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradNoticeView {
    pub id: SamradNoticeId,
    pub unit_name: String,
    #[ts(type = "string | null")]
    pub told_on: Option<NaiveDate>,
}

/// A samråd consent record, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradConsentView {
    pub id: SamradConsentId,
    pub person_id: PersonId,
    pub person_name: String,
    pub giver: Giver,
    pub giver_label: String,
    pub form: ConsentForm,
    pub documentation: Option<Documentation>,
    pub actors: Vec<ScopeActor>,
    pub categories: Vec<InfoCategory>,
    pub excluded_categories: Vec<InfoCategory>,
    pub other_text: String,
    pub excluded_text: String,
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    #[ts(type = "string")]
    pub valid_to: NaiveDate,
    pub state: ConsentState,
    pub state_label: String,
    /// The record may be withdrawn today ([`ConsentState::can_withdraw`]).
    pub can_withdraw: bool,
    /// How an oral consent was documented, in sentences ([`Documentation::text`]).
    pub documentation_text: Option<String>,
    pub withdrawal: Option<Withdrawal>,
    /// The withdrawal in sentences ([`Withdrawal::text`]).
    pub withdrawal_text: Option<String>,
    pub notices: Vec<SamradNoticeView>,
    pub recorded_at: String,
}

/// A person of the case and whether a samråd consent is in force for them today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradPersonConsent {
    pub person_id: PersonId,
    pub name: String,
    pub state: ConsentState,
    pub label: String,
    /// Why (not), in Swedish.
    pub message: String,
}

/// Everything the samråd tab shows about samråd consents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SamradConsents {
    pub purpose: String,
    /// Newest first.
    pub records: Vec<SamradConsentView>,
    pub persons: Vec<SamradPersonConsent>,
    /// The latest end date for a consent starting today (one year).
    #[ts(type = "string")]
    pub default_valid_to: NaiveDate,
}

/// A samråd consent as stored.
#[derive(Debug, Clone)]
pub struct StoredSamradConsent {
    pub id: SamradConsentId,
    pub person: PersonId,
    pub record: ConsentRecord,
    pub recorded_at: String,
}

/// The case's samråd consents (of one person, or all) in the order entered.
pub(crate) fn load(
    conn: &Connection,
    case: CaseId,
    person: Option<PersonId>,
) -> Result<Vec<StoredSamradConsent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, person_id, {}, recorded_at
           FROM samrad_consents WHERE case_id = ?1 AND (?2 IS NULL OR person_id = ?2)
          ORDER BY id",
        records::RECORD_COLUMNS
    ))?;
    let mut out = stmt
        .query_map(params![case, person], |r| {
            Ok(StoredSamradConsent {
                id: r.get(0)?,
                person: r.get(1)?,
                record: records::record_from_row(r, 2)?,
                recorded_at: r.get(16)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for s in &mut out {
        records::add_actors_and_categories(
            conn,
            ("samrad_consent_actors", "samrad_consent_categories"),
            s.id.0,
            &mut s.record.scope,
        )?;
    }
    Ok(out)
}

/// Every consent record of a person of `case`, of both purposes: the consents to the SIPs for
/// the person, then the samråd consents (each list in the order entered).
pub(crate) fn load_all(conn: &Connection, case: CaseId, person: PersonId) -> Result<Vec<Purposed>> {
    let sips: Vec<SipId> = conn
        .prepare_cached("SELECT id FROM sips WHERE case_id = ?1 AND person_id = ?2 ORDER BY id")?
        .query_map(params![case, person], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for sip in sips {
        for s in records::load_records(conn, sip)? {
            out.push(Purposed {
                purpose: Purpose::Sip,
                id: AnyConsentId::Sip(s.id),
                record: s.record,
            });
        }
    }
    for s in load(conn, case, Some(person))? {
        out.push(Purposed {
            purpose: Purpose::Samrad,
            id: AnyConsentId::Samrad(s.id),
            record: s.record,
        });
    }
    Ok(out)
}

/// The person must be one of the case's.
fn person_of_case(conn: &Connection, case: CaseId, person: PersonId) -> Result<String> {
    conn.query_row(
        "SELECT name FROM persons WHERE id = ?1 AND case_id = ?2",
        params![person, case],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound("Personen"))
}

/// May a consultation of `case` on `on` with `orgs` and `categories` name `person`? The
/// samråd consent records it rests on, or [`Error::Refused`] with why.
pub(crate) fn require(
    conn: &Connection,
    case: CaseId,
    person: PersonId,
    on: NaiveDate,
    orgs: &[Org],
    categories: &[InfoCategory],
) -> Result<Vec<SamradConsentId>> {
    person_of_case(conn, case, person)?;
    let all = load_all(conn, case, person)?;
    let subject = records::subject(conn, person, on)?;
    let ids =
        may_name(&all, &subject, on, orgs, categories).map_err(|why| Error::Refused(why.into()))?;
    Ok(ids
        .into_iter()
        .filter_map(|id| match id {
            AnyConsentId::Samrad(id) => Some(id),
            AnyConsentId::Sip(_) => None,
        })
        .collect())
}

/// Records a samråd consent for a person of `case`. The same rules as a SIP consent
/// ([`rules::check_record`]) decide what is accepted.
pub fn record(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    input: &SamradConsentInput,
) -> Result<SamradConsentId> {
    let case = case.id();
    let documentation = input
        .documentation
        .as_ref()
        .map(clean_documentation)
        .transpose()?;
    // A samråd consent names units and categories; organisations as a whole, persons of the
    // case and a scope per actor belong to the SIP's consent. Refused, never silently dropped.
    if !(input.scope.organisations.is_empty()
        && input.scope.persons.is_empty()
        && input.scope.excluded_persons.is_empty()
        && input.scope.actor_categories.is_empty())
    {
        return Err(Error::InvalidInput(
            "Ett samtycke till samråd anger enheter och uppgifter. Organisationer som helhet, \
             personer i ärendet och uppgifter per aktör hör till samtycket till SIP. Ta bort dem \
             och försök igen."
                .into(),
        ));
    }
    let mut categories = input.scope.categories.clone();
    categories.sort();
    categories.dedup();
    let mut excluded_categories = input.scope.excluded_categories.clone();
    excluded_categories.sort();
    excluded_categories.dedup();
    let other_text = clean("Annat", &input.scope.other_text, MAX_LONG)?;
    let excluded_text = clean("Undantagna uppgifter", &input.scope.excluded_text, MAX_LONG)?;

    let tx = conn.transaction()?;
    crate::case_ref::require(&tx, case)?;
    person_of_case(&tx, case, input.person_id)?;
    let rec = ConsentRecord {
        giver: input.giver,
        form: input.form,
        documentation,
        scope: Scope {
            actors: check_actors(&tx, &input.scope.actors, true)?,
            excluded_actors: check_actors(&tx, &input.scope.excluded_actors, false)?,
            other_text: if categories.contains(&InfoCategory::Annat) {
                other_text
            } else {
                String::new()
            },
            categories,
            excluded_categories,
            excluded_text,
            ..Default::default()
        },
        valid_from: input.valid_from,
        valid_to: input.valid_to,
        withdrawal: None,
    };
    let subj = records::subject(&tx, input.person_id, ctx.today)?;
    rules::check_record(&rec, &subj, ctx.today)?;
    let id = SamradConsentId(records::insert_record(
        &tx,
        "samrad_consents",
        "case_id, person_id",
        &[&case, &input.person_id],
        &rec,
        &ctx.timestamp(),
    )?);
    records::insert_actors_and_categories(
        &tx,
        ("samrad_consent_actors", "samrad_consent_categories"),
        id.0,
        &rec.scope,
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.samrad.record",
        &format!(
            "Samtycke till samråd registrerat från {} (person {}): {}, gäller {} till och med {}; \
             {} organisationer godkända, {} undantagna; {} uppgiftsslag godkända, {} undantagna",
            giver_audit(rec.giver),
            input.person_id,
            rec.form.label().to_lowercase(),
            rec.valid_from,
            rec.valid_to,
            rec.scope.actors.len(),
            rec.scope.excluded_actors.len(),
            rec.scope.categories.len(),
            rec.scope.excluded_categories.len() + usize::from(!rec.scope.excluded_text.is_empty()),
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Withdraws a samråd consent ("may be withdrawn at any time", as a SIP consent): from the
/// withdrawal date no consultation may name the person under it, and every organisation that
/// took part in a consultation recorded under it goes on a checklist to be told.
pub fn withdraw(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    id: SamradConsentId,
    w: &Withdrawal,
) -> Result<()> {
    let case = case.id();
    let tx = conn.transaction()?;
    let stored = load(&tx, case, None)?;
    let person = stored
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.person)
        .ok_or(Error::NotFound("Samtycket till samråd"))?;
    // The person's records, in the order entered: a newer one replaces an older one.
    let same: Vec<&StoredSamradConsent> = stored.iter().filter(|s| s.person == person).collect();
    let index = same.iter().position(|s| s.id == id).unwrap_or(0);
    let all: Vec<ConsentRecord> = same.iter().map(|s| s.record.clone()).collect();
    let rec = &all[index];
    let w = records::checked_withdrawal(
        &all,
        index,
        w,
        ctx.today,
        "Inget får tas upp med namn under det.",
    )?;
    tx.execute(
        "UPDATE samrad_consents SET withdrawn_on = ?2, withdrawal_how = ?3,
                withdrawal_received_by = ?4 WHERE id = ?1",
        params![id, w.on, w.how, w.received_by],
    )?;
    let told = tx.execute(
        "INSERT INTO samrad_consent_notices(consent_id, unit_id)
         SELECT DISTINCT ?1, p.unit_id FROM samrad_consent_basis b
           JOIN samrad_participants p ON p.samrad_id = b.samrad_id
          WHERE b.consent_id = ?1 ORDER BY p.unit_id",
        [id],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.samrad.withdraw",
        &format!(
            "Samtycke till samråd från {} (gällde från {}) återkallat {}; {told} organisationer \
             ska meddelas",
            giver_audit(rec.giver),
            rec.valid_from,
            w.on,
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Ticks one organisation on a samråd consent's withdrawal checklist as told, on `told_on`.
pub fn tick_notice(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    notice: SamradNoticeId,
    told_on: NaiveDate,
) -> Result<()> {
    let case = case.id();
    let tx = conn.transaction()?;
    let (withdrawn_on, actor_type, already): (NaiveDate, ActorType, Option<NaiveDate>) = tx
        .query_row(
            "SELECT c.withdrawn_on, u.actor_type, n.told_on FROM samrad_consent_notices n
               JOIN samrad_consents c ON c.id = n.consent_id
               JOIN actor_units u ON u.id = n.unit_id
              WHERE n.id = ?1 AND c.case_id = ?2",
            params![notice, case],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Raden i checklistan"))?;
    if let Some(on) = already {
        return Err(Error::Refused(Refusal::OrganisationAlreadyTold { on }));
    }
    if told_on < withdrawn_on || told_on > ctx.today {
        return Err(Error::InvalidInput(format!(
            "Datumet då organisationen meddelades ska ligga mellan återkallelsen ({withdrawn_on}) \
             och i dag."
        )));
    }
    tx.execute(
        "UPDATE samrad_consent_notices SET told_on = ?2 WHERE id = ?1",
        params![notice, told_on],
    )?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "consent.samrad.notice",
        &format!(
            "Återkallat samtycke till samråd meddelat {told_on}: {}",
            actor_type.label()
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// The samråd consents of `case` for the screen, on `today`.
pub(crate) fn overview(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
) -> Result<SamradConsents> {
    let stored = load(conn, case, None)?;
    let persons: Vec<(PersonId, String)> = conn
        .prepare_cached("SELECT id, name FROM persons WHERE case_id = ?1 ORDER BY id")?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let name = |p: PersonId| {
        persons
            .iter()
            .find(|(id, _)| *id == p)
            .map_or_else(|| "(borttagen person)".to_owned(), |(_, n)| n.clone())
    };
    let mut unit_stmt = conn.prepare_cached(
        "SELECT u.name, u.actor_type, c.name FROM actor_units u
           LEFT JOIN actor_contacts c ON c.id = ?2 WHERE u.id = ?1",
    )?;
    let mut notices_stmt = conn.prepare_cached(
        "SELECT n.id, u.name, n.told_on FROM samrad_consent_notices n
           JOIN actor_units u ON u.id = n.unit_id WHERE n.consent_id = ?1 ORDER BY n.id",
    )?;
    let mut views = Vec::new();
    for s in &stored {
        let same: Vec<ConsentRecord> = stored
            .iter()
            .filter(|o| o.person == s.person)
            .map(|o| o.record.clone())
            .collect();
        let me = stored
            .iter()
            .filter(|o| o.person == s.person)
            .position(|o| o.id == s.id)
            .unwrap_or(0);
        let state = records::state_of(&same[me], &same, today);
        let mut actors = Vec::new();
        for (list, accepted) in [
            (&s.record.scope.actors, true),
            (&s.record.scope.excluded_actors, false),
        ] {
            for a in list {
                let (unit_name, actor_type, contact_name): (String, ActorType, Option<String>) =
                    unit_stmt.query_row(params![a.unit, a.contact], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })?;
                actors.push(ScopeActor {
                    unit_id: a.unit,
                    contact_id: a.contact,
                    unit_name,
                    contact_name,
                    actor_type,
                    accepted,
                });
            }
        }
        let notices = notices_stmt
            .query_map([s.id], |r| {
                Ok(SamradNoticeView {
                    id: r.get(0)?,
                    unit_name: r.get(1)?,
                    told_on: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        views.push(SamradConsentView {
            id: s.id,
            person_id: s.person,
            person_name: name(s.person),
            giver: s.record.giver,
            giver_label: match s.record.giver {
                Giver::Person => "Personen själv".into(),
                Giver::Guardian { guardian } => format!("Vårdnadshavare: {}", name(guardian)),
                Giver::ChildOwn => "Barnet självt".into(),
            },
            form: s.record.form,
            documentation: s.record.documentation.clone(),
            actors,
            categories: s.record.scope.categories.clone(),
            excluded_categories: s.record.scope.excluded_categories.clone(),
            other_text: s.record.scope.other_text.clone(),
            excluded_text: s.record.scope.excluded_text.clone(),
            valid_from: s.record.valid_from,
            valid_to: s.record.valid_to,
            state,
            state_label: state.label().into(),
            can_withdraw: s.record.withdrawal.is_none() && state.can_withdraw(),
            documentation_text: s.record.documentation.as_ref().map(Documentation::text),
            withdrawal: s.record.withdrawal.clone(),
            withdrawal_text: s.record.withdrawal.as_ref().map(Withdrawal::text),
            notices,
            recorded_at: s.recorded_at.clone(),
        });
    }
    views.reverse();
    let mut out_persons = Vec::new();
    for (id, n) in &persons {
        let records: Vec<ConsentRecord> = stored
            .iter()
            .filter(|s| s.person == *id)
            .map(|s| s.record.clone())
            .collect();
        let subject = records::subject(conn, *id, today)?;
        let (state, message) = match rules::basis_on(&records, &subject, &[], today) {
            Ok(b) => {
                let to = b.records.iter().map(|r| r.valid_to).min().unwrap_or(today);
                (
                    if rules::expiry_warning(&b, today).is_some() {
                        ConsentState::Expiring
                    } else {
                        ConsentState::Valid
                    },
                    format!(
                        "Samtycke till samråd gäller till och med {to}. Ärendet får tas upp med \
                         namn på samråd med de organisationer och uppgifter som samtycket \
                         omfattar."
                    ),
                )
            }
            Err(why) => (
                match records.last().map(|r| rules::status_on(r, today)) {
                    Some(Status::Withdrawn) => ConsentState::Withdrawn,
                    Some(Status::Expired) => ConsentState::Expired,
                    Some(Status::NotYetValid) => ConsentState::NotYetValid,
                    _ => ConsentState::Missing,
                },
                format!(
                    "Inget giltigt samtycke till samråd: ärendet tas upp avidentifierat. {why}"
                ),
            ),
        };
        out_persons.push(SamradPersonConsent {
            person_id: *id,
            name: n.clone(),
            state,
            label: state.label().into(),
            message,
        });
    }
    Ok(SamradConsents {
        purpose: PURPOSE.into(),
        records: views,
        persons: out_persons,
        default_valid_to: rules::max_valid_to(today),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ids::UnitId;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    fn adult() -> Subject {
        Subject {
            is_child: false,
            age: Some(34),
            custodial_guardians: vec![],
        }
    }

    const TYPES: [ActorType; 4] = [
        ActorType::Polis,
        ActorType::Psykiatri,
        ActorType::SocVald,
        ActorType::Kvinnojour,
    ];

    fn org(u: i64) -> Org {
        Org {
            actor: ActorRef {
                unit: UnitId(u),
                contact: None,
            },
            actor_type: TYPES[u as usize % TYPES.len()],
            name: format!("Organisation {u}"),
        }
    }

    /// One record of either purpose: units and categories accepted, validity, withdrawal.
    fn record() -> impl Strategy<Value = Purposed> {
        (
            any::<bool>(),
            proptest::collection::vec(0i64..4, 1..4),
            proptest::collection::vec(0usize..8, 1..5),
            0i64..200,
            0i64..400,
            proptest::option::of(0i64..400),
        )
            .prop_map(|(samrad, units, cats, from, len, withdrawn)| {
                let valid_from = day(from);
                let valid_to =
                    (valid_from + chrono::Duration::days(len)).min(rules::max_valid_to(valid_from));
                Purposed {
                    purpose: if samrad {
                        Purpose::Samrad
                    } else {
                        Purpose::Sip
                    },
                    id: if samrad {
                        AnyConsentId::Samrad(SamradConsentId(from))
                    } else {
                        AnyConsentId::Sip(ConsentId(from))
                    },
                    record: ConsentRecord {
                        giver: Giver::Person,
                        form: ConsentForm::Skriftligt,
                        documentation: None,
                        scope: Scope {
                            actors: units
                                .into_iter()
                                .map(|u| ActorRef {
                                    unit: UnitId(u),
                                    contact: None,
                                })
                                .collect(),
                            categories: cats.into_iter().map(|c| InfoCategory::ALL[c]).collect(),
                            ..Scope::default()
                        },
                        valid_from,
                        valid_to,
                        withdrawal: withdrawn.map(|w| Withdrawal {
                            on: day(from + w),
                            how: "Muntligt".into(),
                            received_by: "Handläggaren".into(),
                        }),
                    },
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        /// For random records of both purposes, organisations, categories and a date: a SIP
        /// consent never changes the answer, and a "yes" rests only on samråd records that are
        /// valid that day and accept every organisation and every category.
        #[test]
        fn only_a_valid_samrad_consent_covering_everything_lets_a_samrad_name_the_person(
            all in proptest::collection::vec(record(), 0..5),
            units in proptest::collection::vec(0i64..4, 1..3),
            cats in proptest::collection::vec(0usize..8, 0..3),
            on in 0i64..500,
        ) {
            // Each record its own id.
            let all: Vec<Purposed> = all
                .into_iter()
                .enumerate()
                .map(|(i, mut p)| {
                    p.id = match p.purpose {
                        Purpose::Samrad => AnyConsentId::Samrad(SamradConsentId(i as i64)),
                        Purpose::Sip => AnyConsentId::Sip(ConsentId(i as i64)),
                    };
                    p
                })
                .collect();
            let on = day(on);
            let orgs: Vec<Org> = units.into_iter().map(org).collect();
            let cats: Vec<InfoCategory> = cats.into_iter().map(|c| InfoCategory::ALL[c]).collect();
            let answer = may_name(&all, &adult(), on, &orgs, &cats);
            let without_sip: Vec<Purposed> =
                all.iter().filter(|p| p.purpose == Purpose::Samrad).cloned().collect();
            prop_assert_eq!(
                answer.is_ok(),
                may_name(&without_sip, &adult(), on, &orgs, &cats).is_ok()
            );
            if let Ok(ids) = answer {
                prop_assert!(!ids.is_empty() && !cats.is_empty());
                for id in ids {
                    let p = all.iter().find(|p| p.id == id).unwrap();
                    prop_assert_eq!(p.purpose, Purpose::Samrad);
                    prop_assert!(rules::status_on(&p.record, on).is_valid());
                    for o in &orgs {
                        prop_assert!(rules::accepts(&p.record, o.actor));
                    }
                    for c in &cats {
                        prop_assert!(p.record.scope.categories.contains(c));
                    }
                }
            }
        }
    }
}
