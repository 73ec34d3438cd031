//! Copies of a SIP consent given to its accepted actors ("Consent is spread to the actors as
//! soon as it is obtained (also before the first meeting)" [003 6]). A copy is a document
//! (`document::DocumentRequest::ConsentCopy`, only the actor's own part); exporting it records
//! it here as sent, in the same transaction as the export's history entry. The withdrawal
//! checklist (`records::withdraw`) lists the actors that got one.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::ActorRef;
use crate::audit;
use crate::ctx::Ctx;
use crate::ids::{CaseId, ConsentCopyId, ConsentId, ContactId, UnitId};
use crate::vocab::ActorType;
use crate::{Error, Result};

/// A copy recorded as sent, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CopyView {
    pub id: ConsentCopyId,
    pub unit_id: UnitId,
    pub contact_id: Option<ContactId>,
    pub unit_name: String,
    pub contact_name: Option<String>,
    #[ts(type = "string")]
    pub sent_on: NaiveDate,
}

/// Records that `actor` was given a copy of `consent` today (inside the caller's transaction),
/// with its entry in the case history.
pub fn record_sent(
    conn: &Connection,
    ctx: &Ctx,
    consent: ConsentId,
    actor: ActorRef,
) -> Result<ConsentCopyId> {
    let (case, actor_type): (CaseId, ActorType) = conn
        .query_row(
            "SELECT s.case_id, u.actor_type FROM consents c JOIN sips s ON s.id = c.sip_id,
                    actor_units u
              WHERE c.id = ?1 AND u.id = ?2",
            params![consent, actor.unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound("Samtycket"),
            e => e.into(),
        })?;
    conn.execute(
        "INSERT INTO consent_copies(consent_id, unit_id, contact_id, sent_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            consent,
            actor.unit,
            actor.contact,
            ctx.today,
            ctx.timestamp()
        ],
    )?;
    let id = ConsentCopyId(conn.last_insert_rowid());
    audit::record(
        conn,
        ctx,
        Some(case),
        "consent.copy",
        &format!(
            "Kopia av samtycke {consent} skickad {} till aktör ({}, enhet {})",
            ctx.today,
            actor_type.label(),
            actor.unit
        ),
    )?;
    Ok(id)
}

/// The actors that got a copy of `consent` (each once, the first copy).
pub fn actors_sent(conn: &Connection, consent: ConsentId) -> Result<Vec<ActorRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT unit_id, contact_id FROM consent_copies WHERE consent_id = ?1",
    )?;
    let rows = stmt
        .query_map([consent], |r| {
            Ok(ActorRef {
                unit: r.get(0)?,
                contact: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The copies of `consent` recorded as sent, oldest first.
pub fn list(conn: &Connection, consent: ConsentId) -> Result<Vec<CopyView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.unit_id, k.contact_id, u.name, c.name, k.sent_on FROM consent_copies k
           JOIN actor_units u ON u.id = k.unit_id
           LEFT JOIN actor_contacts c ON c.id = k.contact_id
          WHERE k.consent_id = ?1 ORDER BY k.id",
    )?;
    let rows = stmt
        .query_map([consent], |r| {
            Ok(CopyView {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                contact_id: r.get(2)?,
                unit_name: r.get(3)?,
                contact_name: r.get(4)?,
                sent_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::records::{self, ConsentInput};
    use crate::consent::{ConsentForm, Giver, InfoCategory, Scope, Withdrawal};
    use crate::document::{self, DocumentRequest};
    use crate::ids::SipId;
    use crate::sip::{self, NewSip, ParticipantInput};
    use crate::testkit::{self, case_with, ctx, date, person, pnr, unit};
    use crate::vocab::{ProtectionLevel, RequestedBy};
    use crate::ErrorKind;

    const NAME: &str = "Sara Lind";
    const SCHOOL: &str = "Adolfsbergsskolan";
    const PSYCH: &str = "Vuxenpsykiatrin Lasarettet";
    const TEAM: &str = "Våldsteamet Nyhem";
    const POLICE: &str = "Polisen Bergslagen";
    const OTHER: &str = "Vill att hennes bror inte får veta något";
    const EXCLUDED_UNIT: &str = "Familjerätten Väster";

    struct World {
        db: testkit::Db,
        c: Ctx,
        sip: SipId,
        consent: ConsentId,
        school: UnitId,
        police: UnitId,
        family: UnitId,
    }

    /// An adult's SIP: her consent accepts the violence team, the school, the psychiatric
    /// clinic and the police with three categories, excludes the family-law unit, "Polisärende"
    /// and a free text; only the team takes part in the SIP.
    fn world() -> World {
        let mut db = testkit::db();
        let c = ctx("2026-11-25");
        let (_, p) = case_with(
            &mut db,
            &c,
            "VNR-2026-0101",
            person(NAME, Some(&pnr("1988-04-02", 128)), ProtectionLevel::Ingen),
        );
        document::set_organisation(&mut db.conn, &c, "Socialförvaltningen").unwrap();
        let team = unit(&mut db, &c, TEAM, ActorType::SocVald);
        let school = unit(&mut db, &c, SCHOOL, ActorType::Skola);
        let psych = unit(&mut db, &c, PSYCH, ActorType::Psykiatri);
        let police = unit(&mut db, &c, POLICE, ActorType::Polis);
        let family = unit(&mut db, &c, EXCLUDED_UNIT, ActorType::SocFamiljeratt);
        let sip = sip::create(
            &mut db.conn,
            &c,
            &NewSip {
                person_id: p,
                need_discovered_on: date("2026-11-01"),
                initiated_by: "Handläggare Lisa Berg".into(),
                requested_by: RequestedBy::Personen,
            },
        )
        .unwrap();
        let actors = [team, school, psych, police]
            .iter()
            .map(|&unit| ActorRef {
                unit,
                contact: None,
            })
            .collect();
        let consent = records::record(
            &mut db.conn,
            &c,
            sip.into(),
            &ConsentInput {
                giver: Giver::Person,
                form: ConsentForm::Skriftligt,
                documentation: None,
                scope: Scope {
                    actors,
                    categories: vec![
                        InfoCategory::IdentitetKontakt,
                        InfoCategory::Halsa,
                        InfoCategory::InsatserPlan,
                    ],
                    other_text: String::new(),
                    excluded_categories: vec![InfoCategory::Polisarende],
                    excluded_text: OTHER.into(),
                    excluded_actors: vec![ActorRef {
                        unit: family,
                        contact: None,
                    }],
                    ..Default::default()
                },
                valid_from: date("2026-11-20"),
                valid_to: date("2027-11-19"),
            },
        )
        .unwrap();
        sip::add_participant(
            &mut db.conn,
            &c,
            sip.into(),
            &ParticipantInput {
                unit_id: team,
                contact_id: None,
                decision: None,
            },
        )
        .unwrap();
        World {
            db,
            c,
            sip,
            consent,
            school,
            police,
            family,
        }
    }

    fn copy_to(w: &World, unit: UnitId) -> DocumentRequest {
        DocumentRequest::ConsentCopy {
            sip_id: w.sip,
            consent_id: w.consent,
            unit_id: unit,
            contact_id: None,
        }
    }

    /// Exports the copy as the shell does (the write is a no-op here).
    fn export(w: &mut World, unit: UnitId) {
        let p = document::prepare(&w.db.conn, w.c.today, &(copy_to(w, unit)).into()).unwrap();
        document::record_export(&mut w.db.conn, &w.c, &p, || Ok(()), || {}).unwrap();
    }

    #[test]
    fn the_school_copy_of_the_consent_shows_its_own_part_and_no_other_actor() {
        let w = world();
        let p = document::prepare(&w.db.conn, w.c.today, &(copy_to(&w, w.school)).into()).unwrap();
        let bytes =
            document::render(&p, chrono::Utc::now(), crate::profile::ProfileKind::Real).unwrap();
        let (_, text) = crate::document::tests::check_pdf("samtycke-kopia-skola", &bytes);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Its own part: who, the purpose, what it may receive, the validity, the withdrawal.
        for want in [
            SCHOOL,
            NAME,
            "Kopia av samtycke",
            "Samtycket gäller bara den här samordnade individuella planen",
            "Hälsa",
            "Insatser och plan",
            "2026-11-20",
            "2027-11-19",
            "återkalla samtycket",
        ] {
            assert!(
                flat.contains(want),
                "{want:?} not in the school's copy:\n{flat}"
            );
        }
        // Nothing of the other actors, the excluded unit, or what the person excluded.
        for never in [
            PSYCH,
            "Psykiatri",
            TEAM,
            POLICE,
            "Polismyndigheten",
            EXCLUDED_UNIT,
            "Familjerätt",
            OTHER,
            "Polisärende",
        ] {
            assert!(
                !flat.contains(never),
                "{never:?} in the school's copy:\n{flat}"
            );
        }
        assert_eq!(p.copy.map(|c| c.actor.unit), Some(w.school));
        assert!(!p.preview.file_name.contains("Lind"));
    }

    #[test]
    fn a_copy_goes_only_to_an_accepted_actor_of_the_consent_in_force() {
        let mut w = world();
        let e =
            document::prepare(&w.db.conn, w.c.today, &(copy_to(&w, w.family)).into()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Refused);
        assert!(e.to_string().contains("inte godkänd i samtycket"), "{e}");
        records::withdraw(
            &mut w.db.conn,
            &w.c,
            w.sip.into(),
            w.consent,
            &Withdrawal {
                on: w.c.today,
                how: "Muntligt".into(),
                received_by: "Handläggare Lisa Berg".into(),
            },
        )
        .unwrap();
        let e =
            document::prepare(&w.db.conn, w.c.today, &(copy_to(&w, w.school)).into()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Refused);
        assert!(e.to_string().contains("återkallat"), "{e}");
    }

    #[test]
    fn an_exported_copy_is_recorded_as_sent_with_its_history_entry() {
        let mut w = world();
        let school = w.school;
        export(&mut w, school);
        let sent = list(&w.db.conn, w.consent).unwrap();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            (sent[0].unit_name.as_str(), sent[0].sent_on),
            (SCHOOL, w.c.today)
        );
        let o = records::overview(&w.db.conn, w.sip.into(), w.c.today).unwrap();
        assert_eq!(o.records[0].copies, sent);
        let case: CaseId =
            w.db.conn
                .query_row("SELECT case_id FROM sips WHERE id = ?1", [w.sip], |r| {
                    r.get(0)
                })
                .unwrap();
        let h = audit::list(&w.db.conn, Some(case)).unwrap();
        assert!(h
            .iter()
            .any(|e| e.action == "consent.copy" && e.summary.contains("Skola/Elevhälsa")));
        assert!(h.iter().any(|e| e.action == "document.export"));
        assert!(!h.iter().any(|e| e.summary.contains(SCHOOL)));
        // The documents list offers a copy to each accepted actor, and says which was sent.
        let offers = document::offers(&w.db.conn, w.sip.into(), w.c.today).unwrap();
        let labels: Vec<&str> = offers
            .iter()
            .filter(|o| matches!(o.request, DocumentRequest::ConsentCopy { .. }))
            .map(|o| o.label.as_str())
            .collect();
        assert_eq!(labels.len(), 4, "{labels:?}");
        assert!(labels.contains(&format!("Kopia till {SCHOOL} (skickad 2026-11-25)").as_str()));
        assert!(labels.contains(&format!("Kopia till {PSYCH}").as_str()));
        // A failed write records nothing.
        let p = document::prepare(&w.db.conn, w.c.today, &(copy_to(&w, w.police)).into()).unwrap();
        let r = document::record_export(
            &mut w.db.conn,
            &w.c,
            &p,
            || Err(crate::Error::Refused("disken är full".into())),
            || {},
        );
        assert!(r.is_err());
        assert_eq!(list(&w.db.conn, w.consent).unwrap().len(), 1);
    }

    #[test]
    fn the_withdrawal_checklist_lists_the_actors_that_got_a_copy_and_the_participants() {
        let mut w = world();
        let school = w.school;
        export(&mut w, school);
        records::withdraw(
            &mut w.db.conn,
            &w.c,
            w.sip.into(),
            w.consent,
            &Withdrawal {
                on: w.c.today,
                how: "Muntligt vid besök".into(),
                received_by: "Handläggare Lisa Berg".into(),
            },
        )
        .unwrap();
        let o = records::overview(&w.db.conn, w.sip.into(), w.c.today).unwrap();
        let mut told: Vec<&str> = o.records[0]
            .notices
            .iter()
            .map(|n| n.unit_name.as_str())
            .collect();
        told.sort_unstable();
        // The school got a copy; the team took part. The clinic and the police, accepted but
        // never sent anything, are not on it.
        assert_eq!(told, [SCHOOL, TEAM]);
    }
}
