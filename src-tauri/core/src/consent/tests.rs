//! Consent through storage and every path that reaches an actor: the functions the commands
//! call, against a real SQLCipher file.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::records::{self, ChildInput, ConsentInput, ConsentState, OverrideInput};
use super::rules::tests::oracle;
use super::*;
use crate::actor::{self, ContactInput};
use crate::ctx::Ctx;
use crate::ids::{ConsentId, SipId, UnitId};
use crate::person::{self, RelationInput};
use crate::sip::plan::PlanContent;
use crate::sip::{self, MeetingInput, NewSip, ParticipantInput, SipState, TransitionInput};
use crate::testkit::{self, case_with, ctx, ctx_on, date, person, pnr, unit};
use crate::vocab::{ActorType, FrozenAs, ProtectionLevel, RelationKind, RequestedBy};
use crate::{Error, ErrorKind, RefusalKind};

struct World {
    db: testkit::Db,
    case: crate::ids::CaseId,
    sip: SipId,
    soc: UnitId,
    vc: UnitId,
    eva: ContactId,
    ola: ContactId,
    skola: UnitId,
    mother: PersonId,
    father: PersonId,
}

fn contact(db: &mut testkit::Db, c: &Ctx, u: UnitId, name: &str) -> ContactId {
    actor::save_contact(
        &mut db.conn,
        c,
        &ContactInput {
            id: None,
            unit_id: u,
            name: name.into(),
            role: "Distriktssköterska".into(),
            phone: String::new(),
            email: String::new(),
            temporary: false,
            active: true,
        },
    )
    .unwrap()
}

/// A SIP (need discovered `need`) for a person born `birth` (None: an adult without a known
/// birth date); for a child, two guardians with custody are registered.
fn world_born(birth: Option<&str>, need: &str, today: &str) -> World {
    let mut db = testkit::db();
    let c = ctx(today);
    let number = birth.map(|b| pnr(b, 123));
    let (case, pid) = case_with(
        &mut db,
        &c,
        "A-1",
        person("Sara Lind", number.as_deref(), ProtectionLevel::Ingen),
    );
    let mut parents = Vec::new();
    if birth.is_some() {
        for (name, serial) in [("Maria Lind", 222), ("Jonas Lind", 333)] {
            let n = pnr("1985-04-02", serial);
            let g = person::create(
                &mut db.conn,
                &c,
                case.into(),
                &person(name, Some(&n), ProtectionLevel::Ingen),
            )
            .unwrap();
            person::add_relation(
                &mut db.conn,
                &c,
                case.into(),
                &RelationInput {
                    from_person: g,
                    to_person: pid,
                    kind: RelationKind::Vardnadshavare,
                    custody: Some(true),
                },
            )
            .unwrap();
            parents.push(g);
        }
    }
    let soc = unit(&mut db, &c, "Våldsteamet", ActorType::SocVald);
    let vc = unit(&mut db, &c, "Vårdcentralen Tullhus", ActorType::Vardcentral);
    let eva = contact(&mut db, &c, vc, "Eva Ek");
    let ola = contact(&mut db, &c, vc, "Ola Ås");
    let skola = unit(&mut db, &c, "Tullhusskolan", ActorType::Skola);
    let sip = sip::create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: pid,
            need_discovered_on: date(need),
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    World {
        db,
        case,
        sip,
        soc,
        vc,
        eva,
        ola,
        skola,
        mother: parents.first().copied().unwrap_or(PersonId(-1)),
        father: parents.get(1).copied().unwrap_or(PersonId(-1)),
    }
}

fn adult() -> World {
    world_born(None, "2026-10-01", "2026-11-25")
}

fn a(unit: UnitId) -> ActorRef {
    ActorRef {
        unit,
        contact: None,
    }
}

fn input(giver: Giver, actors: Vec<ActorRef>, excluded: Vec<ActorRef>) -> ConsentInput {
    ConsentInput {
        giver,
        form: ConsentForm::Skriftligt,
        documentation: None,
        scope: Scope {
            actors,
            excluded_actors: excluded,
            categories: vec![
                InfoCategory::IdentitetKontakt,
                InfoCategory::InsatserPlan,
                InfoCategory::Halsa,
            ],
            excluded_categories: vec![InfoCategory::Polisarende],
            excluded_text: "Inget om den tidigare graviditeten".into(),
            ..Scope::default()
        },
        valid_from: date("2026-11-01"),
        valid_to: date("2027-11-01"),
    }
}

fn add(w: &mut World, c: &Ctx, unit: UnitId, contact: Option<ContactId>) -> crate::Result<()> {
    sip::add_participant(
        &mut w.db.conn,
        c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: unit,
            contact_id: contact,
            decision: None,
        },
    )
    .map(|_| ())
}

/// Refused for the reason `want` (at the bottom of any "whom it is about" wrapper).
fn refused(r: crate::Result<()>, want: RefusalKind) {
    match r {
        Err(Error::Refused(why)) => assert_eq!(why.root(), want, "{why}"),
        other => panic!("expected a refusal {want:?}, got {other:?}"),
    }
}

fn withdraw(w: &mut World, c: &Ctx, id: ConsentId, on: &str) -> crate::Result<()> {
    records::withdraw(
        &mut w.db.conn,
        c,
        w.sip.into(),
        id,
        &Withdrawal {
            on: date(on),
            how: "Ringde och sade att hon inte vill längre".into(),
            received_by: "Handläggare Lisa Berg".into(),
        },
    )
}

fn meeting(on: &str) -> MeetingInput {
    MeetingInput {
        id: None,
        on_date: date(on),
        at_time: "10:00".into(),
        digital: true,
        place: String::new(),
        held: false,
        person_present: false,
        present: vec![],
        safety_checklist: None,
    }
}

fn history(w: &World) -> Vec<(String, String)> {
    crate::audit::list(&w.db.conn, Some(w.case))
        .unwrap()
        .into_iter()
        .map(|h| (h.action, h.summary))
        .collect()
}

#[test]
fn no_participant_and_no_meeting_without_a_consent() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let (soc, sip) = (w.soc, w.sip);
    refused(add(&mut w, &c, soc, None), RefusalKind::ConsentMissingFrom);
    let e = sip::save_meeting(&mut w.db.conn, &c, sip.into(), &meeting("2026-12-01")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Refused);
    let o = records::overview(&w.db.conn, sip.into(), c.today).unwrap();
    assert_eq!(o.basis.state, ConsentState::Missing);
    assert!(o.purpose.contains("bara den här"));
}

/// The WebDriver scenario, through the same functions the commands call.
#[test]
fn an_oral_consent_admits_the_accepted_and_refuses_the_excluded_until_it_is_withdrawn() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let mut i = input(
        Giver::Person,
        vec![a(w.soc), a(w.vc)],
        vec![ActorRef {
            unit: w.vc,
            contact: Some(w.ola),
        }],
    );
    i.form = ConsentForm::Muntligt;
    // Oral consent must be documented.
    let e = records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap_err();
    assert!(e.to_string().contains("ska dokumenteras"), "{e}");
    i.documentation = Some(Documentation {
        on: date("2026-11-01"),
        how: "Sade ja vid besök på socialkontoret".into(),
        received_by: "Lisa Berg, socialsekreterare".into(),
        witness: String::new(),
    });
    let id = records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap();

    let (soc, vc, eva, ola, skola) = (w.soc, w.vc, w.eva, w.ola, w.skola);
    add(&mut w, &c, soc, None).unwrap();
    add(&mut w, &c, vc, Some(eva)).unwrap();
    // [003 5] an excluded person at an accepted unit: refused, and the reason says so.
    refused(add(&mut w, &c, vc, Some(ola)), RefusalKind::ActorExcluded);
    // [003 3] an actor the consent does not name.
    refused(add(&mut w, &c, skola, None), RefusalKind::ActorNotInConsent);

    // A withdrawal without how it was made, or whom it reached, is malformed input (issue 20:
    // the same kind as every other blank required field), and nothing is withdrawn.
    for (how, received_by) in [("  ", "Handläggare Lisa Berg"), ("Ringde", " ")] {
        let e = records::withdraw(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            id,
            &Withdrawal {
                on: date("2026-11-25"),
                how: how.into(),
                received_by: received_by.into(),
            },
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    }
    withdraw(&mut w, &c, id, "2026-11-25").unwrap();
    // [003 7] from the withdrawal date nothing reaches anyone: no participant, no meeting, no
    // invitation, no plan.
    refused(add(&mut w, &c, vc, None), RefusalKind::ConsentWithdrawnBy);
    let e =
        sip::save_meeting(&mut w.db.conn, &c, w.sip.into(), &meeting("2026-12-01")).unwrap_err();
    assert!(e.to_string().contains("återkallade"), "{e}");
    let detail = sip::get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(detail.consent.state, ConsentState::Withdrawn);
    assert!(detail.participants.iter().all(|p| p
        .consent_problem
        .as_deref()
        .is_some_and(|m| m.contains("återkallade"))));

    // The checklist: every covered participant (and every actor given a copy of the
    // consent: none here), to be ticked.
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    let r = &o.records[0];
    assert_eq!(r.state, ConsentState::Withdrawn);
    let names: Vec<_> = r
        .notices
        .iter()
        .map(|n| (n.unit_name.as_str(), n.contact_name.as_deref()))
        .collect();
    assert_eq!(
        names,
        // Eva Ek took part for the health centre: she is the one who got information.
        vec![
            ("Våldsteamet", None),
            ("Vårdcentralen Tullhus", Some("Eva Ek"))
        ]
    );
    // The rows stay.
    let e: Error =
        w.db.conn
            .execute("DELETE FROM consent_notices", [])
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), ErrorKind::Frozen);
    let n = r.notices[0].id;
    let e =
        records::tick_notice(&mut w.db.conn, &c, w.sip.into(), n, date("2026-11-24")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "before the withdrawal");
    records::tick_notice(&mut w.db.conn, &c, w.sip.into(), n, date("2026-11-25")).unwrap();
    let again =
        records::tick_notice(&mut w.db.conn, &c, w.sip.into(), n, date("2026-11-25")).map(|_| ());
    refused(again, RefusalKind::ActorAlreadyTold);
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(o.records[0].notices[0].told_on, Some(date("2026-11-25")));
    // Withdrawn once.
    refused(
        withdraw(&mut w, &c, id, "2026-11-25"),
        RefusalKind::ConsentAlreadyWithdrawn,
    );

    let h = history(&w);
    for action in ["consent.record", "consent.withdraw", "consent.notice"] {
        assert!(h.iter().any(|(a, _)| a == action), "{action} in {h:?}");
    }
    // The history names no person and no unit.
    for (_, s) in &h {
        for name in ["Sara", "Lind", "Eva", "Ola", "Tullhus", "Våldsteamet"] {
            assert!(!s.contains(name), "{s:?} names {name}");
        }
    }
}

#[test]
fn a_consent_is_never_general_never_longer_than_a_year_and_never_changed() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let mut i = input(Giver::Person, vec![a(w.soc)], vec![]);
    i.valid_to = date("2027-11-02");
    let e = records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap_err();
    assert!(e.to_string().contains("högst ett år"), "{e}");
    i.valid_to = date("2027-11-01");
    i.scope.actors.clear();
    let e = records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap_err();
    assert!(e.to_string().contains("aldrig vara generellt"), "{e}");
    let i = input(Giver::Person, vec![a(w.soc)], vec![]);
    let id = records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap();
    // Not even SQL changes a recorded consent or its scope.
    for sql in [
        "UPDATE consents SET valid_to = '2028-01-01' WHERE id = ?1",
        "UPDATE consent_actors SET accepted = 0 WHERE consent_id = ?1",
        "UPDATE consent_categories SET accepted = 1 WHERE consent_id = ?1",
        "DELETE FROM consents WHERE id = ?1",
        "DELETE FROM consent_actors WHERE consent_id = ?1",
        "DELETE FROM consent_categories WHERE consent_id = ?1",
    ] {
        let e: Error = w.db.conn.execute(sql, [id]).unwrap_err().into();
        assert_eq!(e.kind(), ErrorKind::Frozen, "{sql}");
    }
    // A later consent from the same person replaces it: here one that excludes the unit.
    let mut narrower = input(Giver::Person, vec![a(w.vc)], vec![a(w.soc)]);
    narrower.valid_from = date("2026-11-20");
    narrower.valid_to = date("2027-11-20");
    records::record(&mut w.db.conn, &c, w.sip.into(), &narrower).unwrap();
    let soc = w.soc;
    refused(add(&mut w, &c, soc, None), RefusalKind::ActorExcluded);
    // Nothing can be slipped into the older record's scope afterwards.
    let e: Error = w
        .db
        .conn
        .execute(
            "INSERT INTO consent_actors(consent_id, unit_id, contact_id, accepted) VALUES (?1, ?2, NULL, 1)",
            rusqlite::params![id, w.skola],
        )
        .unwrap_err()
        .into();
    assert_eq!(e.kind(), ErrorKind::Frozen);
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(o.records[1].state, ConsentState::Superseded);
    assert_eq!(o.records[0].state, ConsentState::Valid);
}

/// Issue 19: a superseded consent still offered "Återkalla", and the screen read "…polisen..
/// Mottaget av". The core says which record can be withdrawn — only the one in force — and
/// refuses the others; and it writes how a consent was given and withdrawn in sentences.
#[test]
fn only_the_consent_in_force_can_be_withdrawn_and_the_view_says_so_in_sentences() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let mut older = input(Giver::Person, vec![a(w.soc), a(w.vc)], vec![]);
    older.form = ConsentForm::Muntligt;
    older.documentation = Some(Documentation {
        on: date("2026-11-01"),
        how: "Muntligt i telefon till polisen.".into(),
        received_by: "Lisa Berg".into(),
        witness: "Per Ek.".into(),
    });
    let older_id = records::record(&mut w.db.conn, &c, w.sip.into(), &older).unwrap();
    let mut newer = input(Giver::Person, vec![a(w.soc)], vec![]);
    newer.valid_from = date("2026-11-20");
    newer.valid_to = date("2027-11-20");
    let newer_id = records::record(&mut w.db.conn, &c, w.sip.into(), &newer).unwrap();
    let offered = |on: &str| -> Vec<(ConsentState, bool)> {
        let o = records::overview(&w.db.conn, w.sip.into(), date(on)).unwrap();
        [older_id, newer_id]
            .iter()
            .map(|&id| o.records.iter().find(|r| r.id == id).unwrap())
            .map(|r| (r.state, r.can_withdraw))
            .collect()
    };
    assert_eq!(
        offered("2026-11-25"),
        vec![
            (ConsentState::Superseded, false),
            (ConsentState::Valid, true)
        ]
    );
    // Seen before the newer one began: the older one is in force, the newer not yet.
    assert_eq!(
        offered("2026-11-10"),
        vec![
            (ConsentState::Valid, true),
            (ConsentState::NotYetValid, false)
        ]
    );
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    let view = |id: ConsentId| o.records.iter().find(|r| r.id == id).unwrap();
    assert_eq!(
        view(older_id).documentation_text.as_deref(),
        Some("2026-11-01: Muntligt i telefon till polisen. Mottaget av Lisa Berg, vittne Per Ek.")
    );
    // The superseded one is refused with the reason, and nothing is written.
    let gone = records::withdraw(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        older_id,
        &Withdrawal {
            on: c.today,
            how: "Ringde".into(),
            received_by: "Lisa Berg".into(),
        },
    );
    refused(gone, RefusalKind::WithdrawSuperseded);
    // Dated before the newer one began, the older one was still in force: that is recorded.
    let before = Withdrawal {
        on: date("2026-11-19"),
        how: "Ringde och återkallade.".into(),
        received_by: "Lisa Berg".into(),
    };
    records::withdraw(&mut w.db.conn, &c, w.sip.into(), older_id, &before).unwrap();
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    let r = o.records.iter().find(|r| r.id == older_id).unwrap();
    assert!(!r.can_withdraw);
    assert_eq!(
        r.withdrawal_text.as_deref(),
        Some("Ringde och återkallade. Mottaget av Lisa Berg.")
    );
    // Every text the view builds from parts reads without a doubled full stop.
    for r in &o.records {
        for t in [&r.documentation_text, &r.withdrawal_text]
            .into_iter()
            .flatten()
        {
            assert!(!t.contains(".."), "{t}");
        }
    }
    // The one in force is withdrawn as before, and then none is offered.
    withdraw(&mut w, &c, newer_id, "2026-11-25").unwrap();
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert!(o.records.iter().all(|r| !r.can_withdraw));
}

#[test]
fn expiry_warns_thirty_days_before_and_blocks_after() {
    let mut w = world_born(None, "2025-11-01", "2025-11-10");
    let c = ctx("2025-11-10");
    let mut i = input(Giver::Person, vec![a(w.soc), a(w.vc)], vec![]);
    i.valid_from = date("2025-11-10");
    i.valid_to = date("2026-11-10");
    records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap();
    let o = records::overview(&w.db.conn, w.sip.into(), date("2026-10-11")).unwrap();
    assert_eq!(o.basis.state, ConsentState::Valid);
    let o = records::overview(&w.db.conn, w.sip.into(), date("2026-10-12")).unwrap();
    assert_eq!(o.basis.state, ConsentState::Expiring);
    assert!(o.expiry_warning.unwrap().contains("30 dagar kvar"));
    let (soc, vc) = (w.soc, w.vc);
    add(&mut w, &ctx("2026-11-10"), soc, None).unwrap();
    refused(
        add(&mut w, &ctx("2026-11-11"), vc, None),
        RefusalKind::ConsentExpiredFrom,
    );
    // A meeting booked while the consent is valid, for a day after it ends, is refused.
    let e = sip::save_meeting(
        &mut w.db.conn,
        &ctx("2026-11-01"),
        w.sip.into(),
        &meeting("2026-11-12"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("gick ut"), "{e}");
    let o = records::overview(&w.db.conn, w.sip.into(), date("2026-11-11")).unwrap();
    assert_eq!(o.basis.state, ConsentState::Expired);
}

#[test]
fn a_child_needs_both_guardians_unless_an_exception_is_recorded() {
    // Born 2018: 8 years old.
    let mut w = world_born(Some("2018-05-10"), "2026-10-01", "2026-11-25");
    let c = ctx("2026-11-25");
    let (soc, vc, mother, father) = (w.soc, w.vc, w.mother, w.father);
    let e = records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(Giver::Person, vec![a(soc)], vec![]),
    )
    .unwrap_err();
    assert!(e.to_string().contains("vårdnadshavarna"), "{e}");
    records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(
            Giver::Guardian { guardian: mother },
            vec![a(soc), a(vc)],
            vec![],
        ),
    )
    .unwrap();
    // [barn] two custodial guardians, one consented → no SIP for the child.
    refused(
        add(&mut w, &c, soc, None),
        RefusalKind::GuardiansMustConsent,
    );
    // The guardian is not invited for safety reasons: recorded with the reason, and the
    // guardian keeps the right to information.
    let e = records::add_exception(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ChildException::GuardianNotInvited {
            guardian: father,
            reason: "  ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "a reason is required");
    records::add_exception(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ChildException::GuardianNotInvited {
            guardian: father,
            reason: "Pappan är utövare; barnet är skyddsplacerat".into(),
        },
    )
    .unwrap();
    add(&mut w, &c, soc, None).unwrap();
    records::save_child(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ChildInput {
            views: "Vill bo kvar hos mamma".into(),
            maturity: "Uttrycker sig tydligt för sin ålder".into(),
        },
    )
    .unwrap();
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert!(o.is_child);
    assert_eq!(o.guardians.len(), 2);
    let f = o.guardians.iter().find(|g| g.id == father).unwrap();
    assert!(f.note.as_deref().unwrap().contains("rätt till information"));
    assert!(
        o.guardians
            .iter()
            .find(|g| g.id == mother)
            .unwrap()
            .consented
    );
    assert_eq!(o.child.views, "Vill bo kvar hos mamma");
    let h = history(&w);
    assert!(h.iter().any(|(a, _)| a == "consent.exception"));
    assert!(h.iter().any(|(a, _)| a == "consent.child"));
}

#[test]
fn a_twelve_year_olds_own_consent_covers_the_social_services_only() {
    // Born 2014-01-10: 12 years old.
    let mut w = world_born(Some("2014-01-10"), "2026-10-01", "2026-11-25");
    let c = ctx("2026-11-25");
    let (soc, vc) = (w.soc, w.vc);
    records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(Giver::ChildOwn, vec![a(soc), a(vc)], vec![]),
    )
    .unwrap();
    add(&mut w, &c, soc, None).unwrap();
    refused(
        add(&mut w, &c, vc, None),
        RefusalKind::ChildOwnConsentSocialServicesOnly,
    );
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert!(o.basis.child_own_only);
    // An eleven-year-old can't give it.
    let mut w = world_born(Some("2015-01-10"), "2026-10-01", "2026-11-25");
    let e = records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(Giver::ChildOwn, vec![a(soc)], vec![]),
    )
    .unwrap_err();
    assert!(e.to_string().contains("från 12 års"), "{e}");
}

#[test]
fn the_invitation_and_the_plan_go_only_to_covered_participants() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let (soc, vc) = (w.soc, w.vc);
    let mut i = input(Giver::Person, vec![a(soc), a(vc)], vec![]);
    i.scope.categories = vec![InfoCategory::IdentitetKontakt];
    i.scope.excluded_categories = vec![InfoCategory::InsatserPlan];
    records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap();
    add(&mut w, &c, soc, None).unwrap();
    add(&mut w, &c, vc, None).unwrap();
    for (to, on) in [
        (SipState::Forberedelse, "2026-11-20"),
        (SipState::Kallad, "2026-11-25"),
    ] {
        if to == SipState::Kallad {
            sip::save_meeting(&mut w.db.conn, &c, w.sip.into(), &meeting("2026-11-25")).unwrap();
        }
        sip::transition(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &TransitionInput {
                to,
                on: date(on),
                closing_reason: None,
            },
        )
        .unwrap();
    }
    let v = sip::save_plan(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        PlanContent {
            needs: "Tryggt boende".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // The plan may not be sent: the person excluded "Insatser och plan".
    let e =
        sip::freeze_plan(&mut w.db.conn, &c, w.sip.into(), v.id, FrozenAs::Faststalld).unwrap_err();
    assert!(e.to_string().contains("Insatser och plan"), "{e}");
}

#[test]
fn a_disclosure_on_a_legal_ground_is_recorded_with_who_decided() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let o = OverrideInput {
        unit_id: None,
        recipient: "Polisen i Örebro".into(),
        legal_ground: LegalGround::Polisanmalan,
        provision: "OSL 10 kap. 21 §".into(),
        what: "Uppgift om misshandel 2026-11-20".into(),
        decided_by: "Enhetschef Karin Holm".into(),
        decided_on: date("2026-11-25"),
    };
    let e = records::record_override(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &OverrideInput {
            decided_by: " ".into(),
            ..o.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    records::record_override(&mut w.db.conn, &c, w.sip.into(), &o).unwrap();
    let h = history(&w);
    let (_, s) = h.iter().find(|(a, _)| a == "consent.override").unwrap();
    assert!(
        s.contains("Polisanmälan") && s.contains("Karin Holm"),
        "{s}"
    );
    let ov = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(ov.overrides.len(), 1);
    let e: Error =
        w.db.conn
            .execute("DELETE FROM consent_overrides", [])
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), ErrorKind::Frozen);
}

// ---- The property, through the functions the commands call.

#[derive(Debug, Clone)]
enum Op {
    Record {
        giver: usize,
        accepted: Vec<usize>,
        excluded: Vec<usize>,
        categories: Vec<InfoCategory>,
        excluded_categories: Vec<InfoCategory>,
        back: i64,
        len: i64,
    },
    Withdraw(usize),
    Add(usize),
    Book,
    Invite,
    Freeze,
    Advance(i64),
}

fn op() -> impl Strategy<Value = Op> {
    let cat = prop::sample::select(InfoCategory::ALL.to_vec());
    prop_oneof![
        3 => (
            0usize..3,
            prop::collection::vec(0usize..5, 0..4),
            prop::collection::vec(0usize..5, 0..2),
            prop::collection::vec(cat.clone(), 0..4),
            prop::collection::vec(cat, 0..2),
            0i64..40,
            0i64..380,
        )
            .prop_map(|(giver, accepted, excluded, categories, excluded_categories, back, len)| {
                Op::Record { giver, accepted, excluded, categories, excluded_categories, back, len }
            }),
        1 => (0usize..4).prop_map(Op::Withdraw),
        4 => (0usize..5).prop_map(Op::Add),
        1 => Just(Op::Book),
        1 => Just(Op::Invite),
        1 => Just(Op::Freeze),
        2 => (1i64..200).prop_map(Op::Advance),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// For random consents (adult or child, any giver), actors, categories, dates and
    /// sequences of operations: every participant added, every meeting booked, every
    /// invitation sent and every plan fixed reaches only actors (and, for the plan, the
    /// category "Insatser och plan") inside a valid consent on that day, by the independent
    /// oracle of the rule tests.
    #[test]
    fn no_path_reaches_an_actor_outside_a_valid_consent(
        kind in 0usize..3,
        ops in prop::collection::vec(op(), 1..24),
    ) {
        // 0: an adult; 1: a child of 8; 2: a child of 13.
        let birth = [None, Some("2018-05-10"), Some("2013-05-10")][kind];
        let mut w = world_born(birth, "2026-01-05", "2026-11-25");
        let actors = [
            a(w.soc),
            a(w.vc),
            ActorRef { unit: w.vc, contact: Some(w.eva) },
            ActorRef { unit: w.vc, contact: Some(w.ola) },
            a(w.skola),
        ];
        let types = {
            let (soc, vc) = (w.soc, w.vc);
            move |x: ActorRef| if x.unit == soc { ActorType::SocVald } else if x.unit == vc { ActorType::Vardcentral } else { ActorType::Skola }
        };
        let givers = if kind == 0 {
            [Giver::Person; 3]
        } else {
            [Giver::Guardian { guardian: w.mother }, Giver::Guardian { guardian: w.father }, Giver::ChildOwn]
        };
        // The model: what was recorded, as the test knows it (never read back from the code
        // under test).
        let mut model: Vec<(ConsentId, ConsentRecord)> = Vec::new();
        let mut today: NaiveDate = date("2026-01-10");
        for op in ops {
            let c = ctx_on(today);
            let subject = records::subject(&w.db.conn, {
                w.db.conn.query_row("SELECT person_id FROM sips WHERE id = ?1", [w.sip], |r| r.get(0)).unwrap()
            }, today).unwrap();
            let participants: Vec<ActorRef> = sip::get(&w.db.conn, w.sip.into(), today).unwrap()
                .participants.iter().map(|p| ActorRef { unit: p.unit_id, contact: p.contact_id }).collect();
            let records_now: Vec<ConsentRecord> = model.iter().map(|(_, r)| r.clone()).collect();
            let all_covered = |cat: Option<InfoCategory>| participants.iter().all(|p| oracle(&records_now, &subject, today, *p, cat, types));
            match op {
                Op::Record { giver, accepted, excluded, categories, excluded_categories, back, len } => {
                    let from = today - Duration::days(back);
                    let i = ConsentInput {
                        giver: givers[giver],
                        form: ConsentForm::Skriftligt,
                        documentation: None,
                        scope: Scope {
                            actors: accepted.iter().map(|&x| actors[x]).collect(),
                            excluded_actors: excluded.iter().map(|&x| actors[x]).collect(),
                            other_text: "Skolgång".into(),
                            categories,
                            excluded_categories,
                            ..Scope::default()
                        },
                        valid_from: from,
                        valid_to: from + Duration::days(len),
                    };
                    if let Ok(id) = records::record(&mut w.db.conn, &c, w.sip.into(), &i) {
                        // What was accepted obeys the entry rules.
                        prop_assert!(i.valid_to <= rules::max_valid_to(i.valid_from));
                        prop_assert!(!i.scope.actors.is_empty() && !i.scope.categories.is_empty());
                        model.push((id, ConsentRecord {
                            giver: i.giver, form: i.form, documentation: None, scope: i.scope,
                            valid_from: i.valid_from, valid_to: i.valid_to, withdrawal: None,
                        }));
                    }
                }
                Op::Withdraw(n) => {
                    if let Some((id, rec)) = model.get_mut(n) {
                        let wd = Withdrawal { on: today, how: "Muntligt".into(), received_by: "Lisa".into() };
                        if records::withdraw(&mut w.db.conn, &c, w.sip.into(), *id, &wd).is_ok() {
                            prop_assert!(rec.withdrawal.is_none() && today <= rec.valid_to);
                            rec.withdrawal = Some(wd);
                        }
                    }
                }
                Op::Add(x) => {
                    let r = sip::add_participant(&mut w.db.conn, &c, w.sip.into(), &ParticipantInput { unit_id: actors[x].unit, contact_id: actors[x].contact, decision: None });
                    if r.is_ok() {
                        prop_assert!(oracle(&records_now, &subject, today, actors[x], None, types),
                            "participant {x} added on {today} outside consent: {records_now:#?}");
                    }
                }
                Op::Book => {
                    if sip::save_meeting(&mut w.db.conn, &c, w.sip.into(), &meeting(&today.to_string())).is_ok() {
                        prop_assert!(records_now.iter().any(|r| rules::status_on(r, today).is_valid()));
                        prop_assert!(all_covered(None), "meeting booked on {today} with a participant outside consent");
                    }
                }
                Op::Invite => {
                    for to in [SipState::Forberedelse, SipState::Kallad] {
                        let ok = sip::transition(&mut w.db.conn, &c, w.sip.into(), &TransitionInput { to, on: today, closing_reason: None }).is_ok();
                        if ok && to == SipState::Kallad {
                            prop_assert!(all_covered(None), "invitation on {today} to a participant outside consent");
                        }
                    }
                }
                Op::Freeze => {
                    if let Ok(v) = sip::save_plan(&mut w.db.conn, &c, w.sip.into(), PlanContent { needs: "Boende".into(), ..Default::default() }) {
                        if sip::freeze_plan(&mut w.db.conn, &c, w.sip.into(), v.id, FrozenAs::Faststalld).is_ok() {
                            prop_assert!(all_covered(Some(InfoCategory::InsatserPlan)), "plan fixed on {today} for a participant outside consent");
                        }
                    }
                }
                Op::Advance(days) => today += Duration::days(days),
            }
        }
    }
}

/// Issue 17: a category scope per actor is stored with its record, read back as entered,
/// shown in the overview, refused when it names an actor or a category the consent does not
/// accept, and — like the rest of the scope — never changed afterwards, not even by SQL.
#[test]
fn a_per_actor_scope_is_stored_with_its_record_and_never_changed() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let mut i = input(Giver::Person, vec![a(w.soc), a(w.skola)], vec![]);
    i.scope.actor_categories = vec![ActorCategories {
        actor: a(w.vc),
        categories: vec![InfoCategory::InsatserPlan],
    }];
    let e = records::record(&mut w.db.conn, &c, w.sip.into(), &i).map(|_| ());
    refused(e, RefusalKind::ActorCategoriesNotAccepted);
    i.scope.actor_categories = vec![ActorCategories {
        actor: a(w.skola),
        categories: vec![InfoCategory::Polisarende],
    }];
    let e = records::record(&mut w.db.conn, &c, w.sip.into(), &i).map(|_| ());
    refused(e, RefusalKind::ActorCategoryNotInConsent);
    i.scope.actor_categories = vec![ActorCategories {
        actor: a(w.skola),
        categories: vec![InfoCategory::InsatserPlan, InfoCategory::IdentitetKontakt],
    }];
    let id = records::record(&mut w.db.conn, &c, w.sip.into(), &i).unwrap();
    let stored = records::load_records(&w.db.conn, w.sip).unwrap();
    assert_eq!(
        stored[0].record.scope.actor_categories,
        vec![ActorCategories {
            actor: a(w.skola),
            categories: vec![InfoCategory::IdentitetKontakt, InfoCategory::InsatserPlan],
        }]
    );
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(
        o.records[0].actor_categories,
        stored[0].record.scope.actor_categories
    );
    let g = gate::Gate::load(&w.db.conn, w.sip, c.today).unwrap();
    assert!(g
        .may_share(a(w.skola), ActorType::Skola, InfoCategory::Halsa)
        .is_err());
    assert!(g
        .may_share(a(w.soc), ActorType::SocVald, InfoCategory::Halsa)
        .is_ok());
    for sql in [
        "UPDATE consent_actor_categories SET category = 'halsa' WHERE consent_id = ?1",
        "DELETE FROM consent_actor_categories WHERE consent_id = ?1",
    ] {
        let e: Error = w.db.conn.execute(sql, [id]).unwrap_err().into();
        assert_eq!(e.kind(), ErrorKind::Frozen, "{sql}");
    }
    // A newer record makes the older one's scope final: nothing can be slipped into it.
    let mut newer = input(Giver::Person, vec![a(w.soc)], vec![]);
    newer.valid_from = date("2026-11-20");
    newer.valid_to = date("2027-11-20");
    records::record(&mut w.db.conn, &c, w.sip.into(), &newer).unwrap();
    let e: Error =
        w.db.conn
            .execute(
                "INSERT INTO consent_actor_categories(consent_id, unit_id, contact_id, category)
             VALUES (?1, ?2, NULL, 'halsa')",
                rusqlite::params![id, w.soc],
            )
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), ErrorKind::Frozen);
}

/// Prints (exports) the consent form of `id` for the person, as the documents list does: the
/// export and the paper's record in one transaction.
fn print_form(w: &mut World, c: &Ctx, id: ConsentId) {
    let req = crate::document::DocumentRequest::Consent {
        sip_id: w.sip,
        consent_id: id,
        recipient: crate::document::Recipient::Person,
    };
    let p = crate::document::prepare(&w.db.conn, c.today, &req.into()).unwrap();
    crate::document::record_export(&mut w.db.conn, c, &p, || Ok(()), || {}).unwrap();
}

/// Issue 19, "Ändra samtycke": one more actor is a new record that supersedes the one in force
/// and names it; the old record is superseded for good (no "Återkalla", no second change), the
/// gate follows the new one at once, the change is in the case history, and the paper printed
/// from the old one is "Ersatt" while the new one's paper is current.
#[test]
fn a_changed_consent_supersedes_the_one_in_force_and_its_printed_form() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let old = records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(Giver::Person, vec![a(w.soc)], vec![]),
    )
    .unwrap();
    print_form(&mut w, &c, old);
    let vc = w.vc;
    refused(add(&mut w, &c, vc, None), RefusalKind::ActorNotInConsent);
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert!(o.records[0].can_change);
    assert_eq!(o.records[0].prints.len(), 1);
    assert!(o.records[0].prints[0].current);
    assert_eq!(
        o.records[0].prints[0].text,
        "Gäller: samtyckesblankett utskriven 2026-11-25"
    );

    // The change: everything as before, one more actor, given today.
    let mut changed = input(Giver::Person, vec![a(w.soc), a(w.vc)], vec![]);
    changed.valid_from = c.today;
    let new = records::change(&mut w.db.conn, &c, w.sip.into(), old, &changed, None).unwrap();
    add(&mut w, &c, vc, None).unwrap();

    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    let view = |id: ConsentId| o.records.iter().find(|r| r.id == id).unwrap();
    let (n, p) = (view(new), view(old));
    assert_eq!(
        (n.state, n.can_change, n.can_withdraw),
        (ConsentState::Valid, true, true)
    );
    assert_eq!(n.supersedes, Some(old));
    assert_eq!(
        (p.state, p.can_change, p.can_withdraw, p.superseded_by),
        (ConsentState::Superseded, false, false, Some(new))
    );
    assert!(!p.prints[0].current);
    assert_eq!(
        p.prints[0].text,
        "Ersatt av samtycke från 2026-11-25 – skriv ut den nya (blanketten utskriven 2026-11-25 \
         gäller inte längre)"
    );
    let h = history(&w);
    assert!(
        h.iter()
            .any(|(a, s)| a == "consent.change" && s.contains(&format!("ersätter samtycke {old}"))),
        "{h:?}"
    );

    // Printing the new form: it is current, the old paper still says it is replaced.
    print_form(&mut w, &c, new);
    let o = records::overview(&w.db.conn, w.sip.into(), c.today).unwrap();
    let view = |id: ConsentId| o.records.iter().find(|r| r.id == id).unwrap();
    assert!(view(new).prints[0].current);
    assert!(view(old).prints[0]
        .text
        .starts_with("Ersatt av samtycke från 2026-11-25 ("));

    // Only the record in force can be changed: the old one is refused, and nothing is written.
    let count = |w: &World| -> i64 {
        w.db.conn
            .query_row("SELECT count(*) FROM consents", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&w);
    let again = records::change(&mut w.db.conn, &c, w.sip.into(), old, &changed, None).map(|_| ());
    refused(again, RefusalKind::ChangeOnlyConsentInForce);
    // A change can't begin before the consent it changes.
    let mut early = changed.clone();
    early.valid_from = date("2026-11-24");
    let e = records::change(&mut w.db.conn, &c, w.sip.into(), new, &early, None).map(|_| ());
    refused(e, RefusalKind::ChangeBeforeConsent);
    // A withdrawn consent holds nothing to change.
    withdraw(&mut w, &c, new, "2026-11-25").unwrap();
    let e = records::change(&mut w.db.conn, &c, w.sip.into(), new, &changed, None).map(|_| ());
    refused(e, RefusalKind::ChangeOnlyConsentInForce);
    assert_eq!(count(&w), before);
    // The link never changes, not even by SQL.
    let e: Error =
        w.db.conn
            .execute("UPDATE consents SET supersedes = NULL WHERE id = ?1", [new])
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), ErrorKind::Frozen);
}

/// The change rule alone: the record in force, by its own giver (a child's two guardians each
/// change their own record).
#[test]
fn only_the_giver_of_the_record_in_force_changes_it() {
    let c = ctx("2026-11-25");
    let mut w = world_born(Some("2016-03-01"), "2026-10-01", "2026-11-25");
    let mother = records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(
            Giver::Guardian { guardian: w.mother },
            vec![a(w.soc)],
            vec![],
        ),
    )
    .unwrap();
    let mut by_father = input(
        Giver::Guardian { guardian: w.father },
        vec![a(w.soc), a(w.vc)],
        vec![],
    );
    by_father.valid_from = c.today;
    let e = records::change(&mut w.db.conn, &c, w.sip.into(), mother, &by_father, None).map(|_| ());
    refused(e, RefusalKind::ChangeBySameGiver);
    let mut by_mother = by_father.clone();
    by_mother.giver = Giver::Guardian { guardian: w.mother };
    records::change(&mut w.db.conn, &c, w.sip.into(), mother, &by_mother, None).unwrap();
}

#[test]
fn an_actor_a_change_leaves_out_is_refused_from_the_day_of_the_change() {
    let c = ctx("2026-11-25");
    let mut w = adult();
    let old = records::record(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &input(Giver::Person, vec![a(w.soc), a(w.vc)], vec![]),
    )
    .unwrap();
    // The person takes the vårdcentral out: the change names the social services only.
    let mut changed = input(Giver::Person, vec![a(w.soc)], vec![]);
    changed.valid_from = c.today;
    records::change(&mut w.db.conn, &c, w.sip.into(), old, &changed, None).unwrap();
    let vc = w.vc;
    refused(add(&mut w, &c, vc, None), RefusalKind::ActorNotInConsent);
}
