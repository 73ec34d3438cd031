//! Documents: the consent form for signature (and a blank one), the invitation to a SIP
//! meeting, and the SIP plan, as PDFs.
//!
//! - [`build`]: pure functions from the data gathered for a document to a [`model::Document`];
//! - [`pdf`]: draws a document on A4 pages (printpdf), deterministic given the time;
//! - this module gathers the data from the store, asks the consent gate whether the recipient
//!   may be reached, and records every export in the case history.
//!
//! Architecture invariant: a document for a recipient goes through `consent::gate` — an
//! invitation needs `may_invite` (today and on the meeting's day), a plan needs `may_share` of
//! "Insatser och plan". For a person with protected personal data the invitation loader never
//! reads the meeting's time or place, and no document carries the address or phone.

pub mod build;
pub mod fonts;
pub mod model;
pub mod pdf;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::consent::gate::Gate;
use crate::consent::records::{self, ConsentState};
use crate::consent::{ActorRef, InfoCategory};
use crate::error::{Error, Result};
use crate::ids::{CaseId, ConsentId, MeetingId, ParticipantId, PlanVersionId, SipId};
use crate::person::{self, Person};
use crate::session::Ctx;
use crate::sip::{self, Participant, SipDetail};
use crate::store::{self, Connection};
use build::{Head, SubjectInfo};
use model::Document;

/// The setting: the organisation's name in every document's header.
pub const ORGANISATION_SETTING: &str = "organisation_name";
pub const MAX_ORGANISATION: usize = 120;

/// The organisation's name; empty when not set.
pub fn organisation(conn: &Connection) -> Result<String> {
    Ok(store::get_setting(conn, ORGANISATION_SETTING)?.unwrap_or_default())
}

pub fn set_organisation(conn: &mut Connection, ctx: &Ctx, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_ORGANISATION
        || name.chars().any(char::is_control)
    {
        return Err(Error::InvalidInput(format!(
            "Skriv organisationens namn som det ska stå överst på dokumenten (1–{MAX_ORGANISATION} tecken, en rad)."
        )));
    }
    let tx = conn.transaction()?;
    store::set_setting(&tx, ORGANISATION_SETTING, name)?;
    audit::record(
        &tx,
        ctx,
        None,
        "settings.organisation",
        "Organisationens namn i dokumenten ändrat",
    )?;
    tx.commit()?;
    Ok(name.to_owned())
}

/// Who a copy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Recipient {
    /// The person the SIP is for.
    Person,
    /// One of the SIP's participants.
    #[serde(rename_all = "camelCase")]
    Participant { participant_id: ParticipantId },
}

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum DocumentRequest {
    #[serde(rename_all = "camelCase")]
    Consent {
        sip_id: SipId,
        consent_id: ConsentId,
    },
    BlankConsent,
    #[serde(rename_all = "camelCase")]
    Invitation {
        sip_id: SipId,
        meeting_id: MeetingId,
        recipient: Recipient,
    },
    #[serde(rename_all = "camelCase")]
    Plan {
        sip_id: SipId,
        version_id: PlanVersionId,
        recipient: Recipient,
    },
}

/// What the app shows before export: the same model the PDF is drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preview {
    pub document: Document,
    pub pages: u32,
    /// Characters the font can't draw (shown as a replacement), and a missing organisation name.
    pub warnings: Vec<String>,
    /// The suggested file name: never a person's name or number.
    pub file_name: String,
}

/// A prepared document: the preview, and what the case history says when it is exported.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub preview: Preview,
    pub case: Option<CaseId>,
    /// "Kallelse till SIP-möte (SIP-2026-0042) för Vårdcentralen Tullhus".
    pub summary: String,
}

/// A document the SIP offers, for the documents list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Offer {
    pub group: String,
    pub label: String,
    pub request: DocumentRequest,
    /// Why it can't be made now (outside the consent, no organisation name …).
    pub blocked: Option<String>,
}

const MISSING_ORGANISATION: &str = "Organisationens namn saknas i dokumentens sidhuvud. \
     Ange det under Inställningar → Dokument innan du exporterar.";

/// The SIP's number in file names and document ids: `SIP-2026-0042`.
fn sip_number(s: &SipDetail) -> String {
    format!("SIP-{}-{:04}", s.need_discovered_on.year(), s.id.0)
}

fn subject(p: &Person) -> SubjectInfo {
    SubjectInfo {
        name: p.name.clone(),
        number: p.identity_number.clone(),
        protection: p
            .is_protected
            .then(|| p.protection_level.label().to_owned()),
        is_child: p.is_child,
    }
}

fn participant_label(p: &Participant) -> String {
    let mut s = p.unit_name.clone();
    if let Some(c) = &p.contact_name {
        s.push_str(" – ");
        s.push_str(c);
        if let Some(r) = p.contact_role.as_deref().filter(|r| !r.trim().is_empty()) {
            s.push_str(&format!(", {r}"));
        }
    }
    s
}

fn actor(p: &Participant) -> ActorRef {
    ActorRef {
        unit: p.unit_id,
        contact: p.contact_id,
    }
}

/// The SIP's contact person: the plan's coordinator, else whoever initiated the SIP.
fn contact(s: &SipDetail) -> String {
    s.plan_versions
        .iter()
        .max_by_key(|v| v.version)
        .map(|v| v.content.coordinator.trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| s.preparation.initiated_by.trim().to_owned())
}

/// What a document about a SIP is made from: the SIP, its person, and the consent gate for
/// today (loaded once; every check of a copy asks this one).
struct Loaded {
    sip: SipDetail,
    person: Person,
    gate: Gate,
}

fn load(conn: &Connection, sip_id: SipId, today: NaiveDate) -> Result<Loaded> {
    let sip = sip::get(conn, sip_id, today)?;
    let person = person::get(conn, sip.person_id, today)?.ok_or(Error::NotFound("Personen"))?;
    let gate = Gate::load(conn, sip_id, today)?;
    Ok(Loaded { sip, person, gate })
}

fn participant(s: &SipDetail, id: ParticipantId) -> Result<&Participant> {
    s.participants
        .iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound("Deltagaren"))
}

/// May this copy of an invitation reach its recipient? The gate today and on the meeting's
/// day; never a trainee or temporary staff member when the person is protected.
fn invitation_allowed(conn: &Connection, l: &Loaded, on: NaiveDate, r: Recipient) -> Result<()> {
    let Recipient::Participant { participant_id } = r else {
        return Ok(());
    };
    let p = participant(&l.sip, participant_id)?;
    if l.person.is_protected && p.temporary {
        return Err(Error::Refused(format!(
            "{} är praktikant eller tillfälligt anställd, och personen har skyddade personuppgifter: \
             kalla inte praktikanter eller tillfälligt anställda. Kalla en ordinarie kontakt på enheten i stället.",
            p.contact_name.as_deref().unwrap_or(&p.unit_name)
        )));
    }
    l.gate.may_invite(actor(p), p.actor_type)?;
    if on > l.gate.on() {
        Gate::load(conn, l.sip.id, on)?.may_invite(actor(p), p.actor_type)?;
    }
    Ok(())
}

/// May this copy of the plan reach its recipient?
fn plan_allowed(l: &Loaded, r: Recipient) -> Result<()> {
    let Recipient::Participant { participant_id } = r else {
        return Ok(());
    };
    let p = participant(&l.sip, participant_id)?;
    l.gate
        .may_share(actor(p), p.actor_type, InfoCategory::InsatserPlan)
}

/// The participants a document may name as taking part: inside the consent today, and for a
/// protected person never a trainee or temporary staff member. Naming an actor the consent no
/// longer covers would tell every recipient that it is involved.
fn reachable(l: &Loaded) -> Vec<&Participant> {
    l.sip
        .participants
        .iter()
        .filter(|p| !(l.person.is_protected && p.temporary))
        .filter(|p| l.gate.may_invite(actor(p), p.actor_type).is_ok())
        .collect()
}

/// What a copy for `r` may say about the person: the personnummer only when the recipient may
/// receive "Identitet och kontaktuppgifter" (the person always may).
fn subject_for(l: &Loaded, r: Recipient) -> Result<SubjectInfo> {
    let mut s = subject(&l.person);
    if let Recipient::Participant { participant_id } = r {
        let p = participant(&l.sip, participant_id)?;
        if l.gate
            .may_share(actor(p), p.actor_type, InfoCategory::IdentitetKontakt)
            .is_err()
        {
            s.number = None;
        }
    }
    Ok(s)
}

/// For whom, as the case history says it: the actor type and the participant's number in the
/// document id, never a unit's or a person's name (a unit's name can tell where someone is).
fn recipient_for_history(l: &Loaded, r: Recipient) -> Result<String> {
    Ok(match r {
        Recipient::Person => "personen själv".into(),
        Recipient::Participant { participant_id } => {
            let p = participant(&l.sip, participant_id)?;
            format!("deltagare {} ({})", participant_id.0, p.actor_type.label())
        }
    })
}

fn recipient_label(l: &Loaded, r: Recipient) -> Result<(String, String)> {
    Ok(match r {
        Recipient::Person => (
            format!("{} (personen planen gäller)", l.person.name),
            "enskild".into(),
        ),
        Recipient::Participant { participant_id } => {
            let p = participant(&l.sip, participant_id)?;
            (participant_label(p), format!("d{}", participant_id.0))
        }
    })
}

pub(crate) fn finish(
    mut document: Document,
    organisation_missing: bool,
    file_stem: String,
    case: Option<CaseId>,
    summary: String,
) -> Prepared {
    let mut warnings = fonts::fit_to_font(&mut document);
    if organisation_missing {
        warnings.insert(0, MISSING_ORGANISATION.to_owned());
    }
    let pages = pdf::page_count(&document) as u32;
    Prepared {
        preview: Preview {
            document,
            pages,
            warnings,
            file_name: format!("{file_stem}.pdf"),
        },
        case,
        summary,
    }
}

/// A consent is printed for signature only while it is the one in force (or about to be):
/// never a withdrawn, expired or superseded one, which would revive what no longer holds.
fn printable(state: ConsentState) -> bool {
    matches!(
        state,
        ConsentState::Valid | ConsentState::Expiring | ConsentState::NotYetValid
    )
}

/// Gathers the data for a document, asks the gate, and builds it.
pub fn prepare(conn: &Connection, today: NaiveDate, req: &DocumentRequest) -> Result<Prepared> {
    let organisation = organisation(conn)?;
    let org_missing = organisation.is_empty();
    let head = |document_id: &str| Head {
        organisation: organisation.clone(),
        document_id: document_id.to_owned(),
        date: today,
    };
    match *req {
        DocumentRequest::BlankConsent => {
            let id = "SIP-samtycke-blankett";
            Ok(finish(
                build::blank_consent_form(&head(id)),
                org_missing,
                id.into(),
                None,
                "Tom samtyckesblankett".into(),
            ))
        }
        DocumentRequest::Consent { sip_id, consent_id } => {
            let l = load(conn, sip_id, today)?;
            let overview = records::overview(conn, sip_id, today)?;
            let record = overview
                .records
                .into_iter()
                .find(|r| r.id == consent_id)
                .ok_or(Error::NotFound("Samtycket"))?;
            if !printable(record.state) {
                return Err(Error::Refused(format!(
                    "Samtycket är {} och kan inte skrivas ut för underskrift: det är inte det som gäller. \
                     Skriv ut det samtycke som gäller, eller registrera ett nytt.",
                    record.state.label().to_lowercase()
                )));
            }
            let id = format!("{}-samtycke-{}", sip_number(&l.sip), consent_id.0);
            let data = build::ConsentFormData {
                head: head(&id),
                person: subject(&l.person),
                guardians: overview
                    .guardians
                    .iter()
                    .filter(|g| g.exception.is_none())
                    .map(|g| g.name.clone())
                    .collect(),
                age: overview.age,
                contact: contact(&l.sip),
                record,
            };
            Ok(finish(
                build::consent_form(&data),
                org_missing,
                id.clone(),
                Some(l.sip.case_id),
                format!("Samtycke till SIP ({id}) för underskrift"),
            ))
        }
        DocumentRequest::Invitation {
            sip_id,
            meeting_id,
            recipient,
        } => {
            let l = load(conn, sip_id, today)?;
            let m = l
                .sip
                .meetings
                .iter()
                .find(|m| m.id == meeting_id)
                .ok_or(Error::NotFound("Mötet"))?;
            if m.held {
                return Err(Error::Refused(
                    "Mötet är redan hållet. Boka ett nytt möte för att skicka en kallelse.".into(),
                ));
            }
            invitation_allowed(conn, &l, m.on_date, recipient)?;
            let (to, stem) = recipient_label(&l, recipient)?;
            // A protected person's meeting has no trainees or temporary staff: they get no
            // invitation (see `invitation_allowed`) and are not listed as invited.
            let mut invited: Vec<String> =
                reachable(&l).into_iter().map(participant_label).collect();
            invited.push(format!("{} (personen planen gäller)", l.person.name));
            let id = format!("{}-kallelse-m{}-{stem}", sip_number(&l.sip), meeting_id.0);
            let data = build::InvitationData {
                head: head(&id),
                person: subject_for(&l, recipient)?,
                recipient: to.clone(),
                invited,
                questions: l.sip.preparation.questions.clone(),
                // "Share … time and place of meetings orally, not in writing": for a protected
                // person they are never handed to the document at all.
                meeting: (!l.person.is_protected).then(|| build::MeetingInfo {
                    on: m.on_date,
                    at_time: m.at_time.clone(),
                    place: m.place.clone(),
                    digital: m.digital,
                }),
                contact: contact(&l.sip),
            };
            Ok(finish(
                build::invitation(&data),
                org_missing,
                id.clone(),
                Some(l.sip.case_id),
                format!(
                    "Kallelse till SIP-möte ({id}) för {}",
                    recipient_for_history(&l, recipient)?
                ),
            ))
        }
        DocumentRequest::Plan {
            sip_id,
            version_id,
            recipient,
        } => {
            let l = load(conn, sip_id, today)?;
            let v = l
                .sip
                .plan_versions
                .iter()
                .find(|v| v.id == version_id)
                .ok_or(Error::NotFound("Planversionen"))?;
            let (Some(frozen_on), Some(frozen_as)) = (v.frozen_on, v.frozen_as) else {
                return Err(Error::Refused(
                    "Planversionen är inte fastställd. Fastställ planen (eller markera den utskriven för underskrift) innan den skrivs ut, så att det utskrivna aldrig ändras.".into(),
                ));
            };
            plan_allowed(&l, recipient)?;
            let (to, stem) = recipient_label(&l, recipient)?;
            let overview = records::overview(conn, sip_id, today)?;
            let signers = if l.person.is_child {
                let g: Vec<String> = overview
                    .guardians
                    .iter()
                    .filter(|g| g.exception.is_none())
                    .map(|g| format!("{} (vårdnadshavare)", g.name))
                    .collect();
                if g.is_empty() {
                    vec![l.person.name.clone()]
                } else {
                    g
                }
            } else {
                vec![l.person.name.clone()]
            };
            let id = format!("{}-plan-v{}-{stem}", sip_number(&l.sip), v.version);
            let data = build::PlanData {
                head: head(&id),
                person: subject_for(&l, recipient)?,
                recipient: to.clone(),
                version: v.version,
                frozen_on,
                frozen_as,
                what_matters: l.sip.preparation.what_matters.clone(),
                content: v.content.clone(),
                participants: reachable(&l).into_iter().map(participant_label).collect(),
                signers,
            };
            Ok(finish(
                build::plan(&data),
                org_missing,
                id.clone(),
                Some(l.sip.case_id),
                format!(
                    "Samordnad individuell plan, version {} ({id}) för {}",
                    v.version,
                    recipient_for_history(&l, recipient)?
                ),
            ))
        }
    }
}

/// The PDF bytes of a prepared document. Refused without the organisation's name.
pub fn render(p: &Prepared, now: DateTime<Utc>) -> Result<Vec<u8>> {
    if p.preview.document.organisation.trim().is_empty() {
        return Err(Error::Refused(MISSING_ORGANISATION.into()));
    }
    pdf::render(&p.preview.document, now)
}

/// Records the export in the case history and calls `write` inside the same transaction:
/// if the file can't be written nothing is recorded, and if the record can't be committed the
/// caller's `undo` removes the file.
pub fn record_export(
    conn: &mut Connection,
    ctx: &Ctx,
    p: &Prepared,
    write: impl FnOnce() -> Result<()>,
    undo: impl FnOnce(),
) -> Result<()> {
    let tx = conn.transaction()?;
    audit::record(
        &tx,
        ctx,
        p.case,
        "document.export",
        &format!("{} exporterad som PDF", p.summary),
    )?;
    write()?;
    if let Err(e) = tx.commit() {
        undo();
        return Err(e.into());
    }
    Ok(())
}

/// The documents a SIP offers now, each with why it is blocked, if it is.
pub fn offers(conn: &Connection, sip_id: SipId, today: NaiveDate) -> Result<Vec<Offer>> {
    let l = load(conn, sip_id, today)?;
    let org_missing = organisation(conn)?.is_empty();
    let block = |r: Result<()>| -> Option<String> {
        match r {
            Err(e) => Some(e.to_string()),
            Ok(()) if org_missing => Some(MISSING_ORGANISATION.into()),
            Ok(()) => None,
        }
    };
    let mut out = Vec::new();
    let overview = records::overview(conn, sip_id, today)?;
    for r in overview.records.iter().filter(|r| printable(r.state)) {
        out.push(Offer {
            group: "Samtycke".into(),
            label: format!(
                "Samtycke för underskrift – {}, {} – {}",
                r.giver_label, r.valid_from, r.valid_to
            ),
            request: DocumentRequest::Consent {
                sip_id,
                consent_id: r.id,
            },
            blocked: block(Ok(())),
        });
    }
    out.push(Offer {
        group: "Samtycke".into(),
        label: "Tom samtyckesblankett att fylla i för hand".into(),
        request: DocumentRequest::BlankConsent,
        blocked: block(Ok(())),
    });
    let recipients: Vec<Recipient> = std::iter::once(Recipient::Person)
        .chain(l.sip.participants.iter().map(|p| Recipient::Participant {
            participant_id: p.id,
        }))
        .collect();
    for m in l.sip.meetings.iter().filter(|m| !m.held) {
        for &r in &recipients {
            let (to, _) = recipient_label(&l, r)?;
            out.push(Offer {
                group: "Kallelser".into(),
                // The list is on screen only, but a protected person's meeting date stays off it.
                label: if l.person.is_protected {
                    format!("Kallelse till {to}")
                } else {
                    format!("Kallelse {} till {to}", m.on_date)
                },
                request: DocumentRequest::Invitation {
                    sip_id,
                    meeting_id: m.id,
                    recipient: r,
                },
                blocked: block(invitation_allowed(conn, &l, m.on_date, r)),
            });
        }
    }
    for v in l.sip.plan_versions.iter().filter(|v| v.frozen_on.is_some()) {
        for &r in &recipients {
            let (to, _) = recipient_label(&l, r)?;
            out.push(Offer {
                group: "Plan".into(),
                label: format!("Plan version {} till {to}", v.version),
                request: DocumentRequest::Plan {
                    sip_id,
                    version_id: v.id,
                    recipient: r,
                },
                blocked: block(plan_allowed(&l, r)),
            });
        }
    }
    Ok(out)
}
