use super::plan::{Intervention, PlanContent};
use super::*;
use crate::actor::{self, ContactInput, UnitInput};
use crate::testkit::{self, case_with, ctx, date, person, unit};
use crate::vocab::{InterventionStatus, Principal, ProtectionLevel};

fn plan_with(units: &[UnitId]) -> PlanContent {
    PlanContent {
        needs: "Tryggt boende".into(),
        interventions: units
            .iter()
            .enumerate()
            .map(|(i, u)| Intervention {
                key: String::new(),
                what: format!("Insats {}", i + 1),
                unit_id: Some(*u),
                unit_name: String::new(),
                from: Some(date("2026-11-01")),
                to: None,
                status: InterventionStatus::Planerad,
                categories: None,
            })
            .collect(),
        follow_up_on: Some(date("2027-01-15")),
        ..Default::default()
    }
}

struct World {
    db: testkit::Db,
    sip: SipId,
    soc: UnitId,
    vc: UnitId,
}

/// A SIP whose need was discovered 2026-10-01, with two units in the directory.
fn world(today: &str) -> World {
    let mut db = testkit::db();
    let c = ctx(today);
    let (_, pid) = case_with(
        &mut db,
        &c,
        "A-1",
        person("Sara Lind", None, ProtectionLevel::SkyddadFolkbokforing),
    );
    let soc = unit(&mut db, &c, "Våldsteamet", ActorType::SocVald);
    let vc = unit(&mut db, &c, "Vårdcentralen Tullhus", ActorType::Vardcentral);
    let sip = create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: pid,
            need_discovered_on: date("2026-10-01"),
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    testkit::consent(&mut db, &c, sip, &[soc, vc], "2026-10-01");
    World { db, sip, soc, vc }
}

fn meeting(on: &str, held: bool) -> MeetingInput {
    MeetingInput {
        id: None,
        on_date: date(on),
        at_time: "09:30".into(),
        digital: false,
        place: "Socialkontoret".into(),
        held,
        person_present: held,
        present: vec![],
        // The world's person is protected: a held meeting has been through the checklist.
        safety_checklist: held.then(full_checklist),
    }
}

fn go(w: &mut World, c: &Ctx, to: SipState, on: &str) -> Result<()> {
    transition(
        &mut w.db.conn,
        c,
        w.sip.into(),
        &TransitionInput {
            to,
            on: date(on),
            closing_reason: None,
        },
    )
}

/// Issue 19: after a participant was added, the unit list still offered the unit just added.
/// The core gives the list: a unit leaves it once the unit itself and each of its active
/// contacts take part, and comes back when one of them is removed.
#[test]
fn the_unit_list_offers_only_what_is_still_open() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let contact = |w: &mut World, name: &str, active: bool| {
        actor::save_contact(
            &mut w.db.conn,
            &c,
            &ContactInput {
                id: None,
                unit_id: w.vc,
                name: name.into(),
                role: "Kurator".into(),
                phone: String::new(),
                email: String::new(),
                temporary: false,
                active,
            },
        )
        .unwrap()
    };
    let eva = contact(&mut w, "Eva Ek", true);
    contact(&mut w, "Ola Ås (slutat)", false);
    let add = |w: &mut World, unit: UnitId, contact: Option<ContactId>| {
        add_participant(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &ParticipantInput {
                unit_id: unit,
                contact_id: contact,
                decision: None,
            },
        )
        .unwrap()
    };
    let offered = |w: &World| get(&w.db.conn, w.sip.into(), c.today).unwrap().unit_choices;
    let open = |unit: UnitId, unit_open: bool, contact_ids: Vec<ContactId>| UnitChoice {
        unit_id: unit,
        unit_open,
        contact_ids,
    };
    // Everything is open; an inactive contact is never offered.
    assert_eq!(
        offered(&w),
        vec![open(w.soc, true, vec![]), open(w.vc, true, vec![eva])]
    );
    // The unit without contacts, once added, is no longer offered.
    let (soc, vc) = (w.soc, w.vc);
    let soc = add(&mut w, soc, None);
    assert_eq!(offered(&w), vec![open(w.vc, true, vec![eva])]);
    // A unit stays while something is open at it.
    add(&mut w, vc, Some(eva));
    assert_eq!(offered(&w), vec![open(w.vc, true, vec![])]);
    add(&mut w, vc, None);
    assert_eq!(offered(&w), vec![]);
    // Removed, it is offered again.
    remove_participant(&mut w.db.conn, &c, w.sip.into(), soc).unwrap();
    assert_eq!(offered(&w), vec![open(w.soc, true, vec![])]);
}

#[test]
fn a_sip_runs_from_need_to_closing_and_every_step_is_dated_and_in_the_history() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    go(&mut w, &c, SipState::Forberedelse, "2026-10-02").unwrap();
    // Kallad needs a booked meeting.
    let e = go(&mut w, &c, SipState::Kallad, "2026-10-03").unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Refused);
    let p1 = add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.soc,
            contact_id: None,
            decision: None,
        },
    )
    .unwrap();
    add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.vc,
            contact_id: None,
            decision: None,
        },
    )
    .unwrap();
    let m = save_meeting(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &meeting("2026-10-20", false),
    )
    .unwrap();
    go(&mut w, &c, SipState::Kallad, "2026-10-05").unwrap();
    // Plan upprättad: the meeting must have been held by then, and a plan written.
    assert!(go(&mut w, &c, SipState::PlanUpprattad, "2026-10-19").is_err());
    assert!(
        go(&mut w, &c, SipState::PlanUpprattad, "2026-10-20").is_err(),
        "no plan yet"
    );
    let v1 = save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[w.soc, w.vc])).unwrap();
    let mut held = meeting("2026-10-20", true);
    held.id = Some(m);
    held.present = vec![p1];
    save_meeting(&mut w.db.conn, &c, w.sip.into(), &held).unwrap();
    go(&mut w, &c, SipState::PlanUpprattad, "2026-10-20").unwrap();
    // Follow-up needs a frozen plan.
    assert!(go(&mut w, &c, SipState::Uppfoljning, "2026-11-20").is_err());
    freeze_plan(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        v1.id,
        FrozenAs::Faststalld,
    )
    .unwrap();
    let keys: Vec<String> = v1
        .content
        .interventions
        .iter()
        .map(|i| i.key.clone())
        .collect();
    let items = |k: &[String]| -> Vec<FollowUpItem> {
        k.iter()
            .map(|k| FollowUpItem {
                intervention_key: k.clone(),
                carried_out: CarriedOut::Delvis,
                goal_met: GoalMet::Helt,
                comment: String::new(),
            })
            .collect()
    };
    // Every intervention must be answered.
    let e = record_follow_up(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &FollowUpInput {
            on: date("2026-11-20"),
            note: String::new(),
            items: items(&keys[..1]),
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("2 insatser"), "{e}");
    record_follow_up(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &FollowUpInput {
            on: date("2026-11-20"),
            note: "Bra".into(),
            items: items(&keys),
        },
    )
    .unwrap();
    // Uppföljning may repeat.
    record_follow_up(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &FollowUpInput {
            on: date("2026-11-24"),
            note: String::new(),
            items: items(&keys),
        },
    )
    .unwrap();
    transition(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &TransitionInput {
            to: SipState::Avslutad,
            on: date("2026-11-25"),
            closing_reason: Some("Målen uppnådda".into()),
        },
    )
    .unwrap();

    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(d.state, SipState::Avslutad);
    assert_eq!(d.closed_on, Some(date("2026-11-25")));
    let steps: Vec<(SipState, String)> = d
        .transitions
        .iter()
        .map(|t| (t.to_state, t.on_date.to_string()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (SipState::BehovUpptackt, "2026-10-01".into()),
            (SipState::Forberedelse, "2026-10-02".into()),
            (SipState::Kallad, "2026-10-05".into()),
            (SipState::PlanUpprattad, "2026-10-20".into()),
            (SipState::Uppfoljning, "2026-11-20".into()),
            (SipState::Uppfoljning, "2026-11-24".into()),
            (SipState::Avslutad, "2026-11-25".into()),
        ]
    );
    assert_eq!(d.follow_ups.len(), 2);
    assert_eq!(d.meetings[0].present, vec![p1]);
    assert!(d.allowed_steps.is_empty());
    let history = crate::audit::list(&w.db.conn, Some(d.case_id)).unwrap();
    assert!(
        history
            .iter()
            .filter(|h| h.action == "sip.transition")
            .count()
            >= 6
    );
    // The meeting's place (where a protected person will be) is never written to the history.
    assert!(
        history
            .iter()
            .all(|h| !h.summary.contains("Socialkontoret")),
        "the history names the meeting place"
    );

    // A closed SIP refuses every change.
    let refused = |r: Result<()>| assert_eq!(r.unwrap_err().kind(), crate::ErrorKind::Refused);
    refused(go(&mut w, &c, SipState::Uppfoljning, "2026-11-25"));
    refused(save_preparation(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &d.preparation,
    ));
    refused(save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[])).map(|_| ()));
    refused(
        save_meeting(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &meeting("2026-11-25", false),
        )
        .map(|_| ()),
    );
    refused(
        add_participant(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &ParticipantInput {
                unit_id: w.soc,
                contact_id: None,
                decision: None,
            },
        )
        .map(|_| ()),
    );
}

#[test]
fn a_frozen_plan_version_never_changes_through_any_path() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.soc,
            contact_id: None,
            decision: None,
        },
    )
    .unwrap();
    let v1 = save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[w.soc])).unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(v1.content.interventions[0].unit_name, "Våldsteamet");
    // Saving again updates the draft in place.
    let mut edited = v1.content.clone();
    edited.needs = "Tryggt boende och arbete".into();
    let again = save_plan(&mut w.db.conn, &c, w.sip.into(), edited.clone()).unwrap();
    assert_eq!((again.id, again.version), (v1.id, 1));
    freeze_plan(&mut w.db.conn, &c, w.sip.into(), v1.id, FrozenAs::Utskriven).unwrap();
    let frozen = plan::get(&w.db.conn, v1.id).unwrap().unwrap();

    // 1. Saving creates version 2; version 1 is byte-for-byte the same.
    let mut next = edited.clone();
    next.needs = "Nytt behov".into();
    let v2 = save_plan(&mut w.db.conn, &c, w.sip.into(), next).unwrap();
    assert_eq!(v2.version, 2);
    assert_ne!(v2.id, v1.id);
    assert_eq!(
        v2.content.interventions[0].key, frozen.content.interventions[0].key,
        "keys carry over"
    );
    // 2. Freezing it again is refused.
    assert_eq!(
        freeze_plan(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            v1.id,
            FrozenAs::Faststalld
        )
        .unwrap_err()
        .kind(),
        crate::ErrorKind::Frozen
    );
    // 3. Raw SQL, as any future code path would use, is refused by the trigger.
    let e: crate::Error =
        w.db.conn
            .execute(
                "UPDATE plan_versions SET content = '{}' WHERE id = ?1",
                [v1.id],
            )
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), crate::ErrorKind::Frozen);
    let e: crate::Error =
        w.db.conn
            .execute("DELETE FROM plan_versions WHERE id = ?1", [v1.id])
            .unwrap_err()
            .into();
    assert_eq!(e.kind(), crate::ErrorKind::Frozen);
    let e: crate::Error =
        w.db.conn
            .execute(
                "UPDATE plan_versions SET frozen_on = NULL, frozen_as = NULL WHERE id = ?1",
                [v1.id],
            )
            .unwrap_err()
            .into();
    assert_eq!(
        e.kind(),
        crate::ErrorKind::Frozen,
        "unfreezing is a change too"
    );
    assert_eq!(plan::get(&w.db.conn, v1.id).unwrap().unwrap(), frozen);
    // History shows both versions.
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(
        d.plan_versions
            .iter()
            .map(|v| v.version)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(d.plan_versions[0].frozen_as, Some(FrozenAs::Utskriven));
}

#[test]
fn the_warning_and_the_due_date_follow_the_setting() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    let warning = d.warning.unwrap();
    assert_eq!(warning.days, 55);
    assert_eq!(
        d.due,
        Some(Due {
            on: date("2026-10-15"),
            what: "Boka SIP-möte senast".into()
        })
    );
    set_warning_days(&mut w.db.conn, &c, 60).unwrap();
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(d.warning, None);
    assert_eq!(d.due.unwrap().on, date("2026-11-30"));
    assert!(set_warning_days(&mut w.db.conn, &c, 0).is_err());
    assert!(set_warning_days(&mut w.db.conn, &c, 91).is_err());
    save_meeting(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &meeting("2026-12-03", false),
    )
    .unwrap();
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert_eq!(
        d.due,
        Some(Due {
            on: date("2026-12-03"),
            what: "SIP-möte".into()
        })
    );
}

#[test]
fn the_case_list_is_sorted_by_what_is_due_next() {
    let c = ctx("2026-11-25");
    let mut db = testkit::db();
    let mk = |db: &mut testkit::Db, r: &str, need: &str| {
        let (case, pid) = case_with(db, &c, r, person(r, None, ProtectionLevel::Ingen));
        let sip = create(
            &mut db.conn,
            &c,
            &NewSip {
                person_id: pid,
                need_discovered_on: date(need),
                initiated_by: "x".into(),
                requested_by: RequestedBy::Ingen,
            },
        )
        .unwrap();
        (case, sip)
    };
    mk(&mut db, "C-late", "2026-11-20");
    mk(&mut db, "B-early", "2026-10-01");
    case_with(
        &mut db,
        &c,
        "A-nothing",
        person("A", None, ProtectionLevel::Ingen),
    );
    let (_, sip) = mk(&mut db, "D-meeting", "2026-11-24");
    let soc = unit(&mut db, &c, "Våldsteamet", ActorType::SocVald);
    testkit::consent(&mut db, &c, sip, &[soc], "2026-11-24");
    save_meeting(&mut db.conn, &c, sip.into(), &meeting("2026-11-26", false)).unwrap();
    let order: Vec<String> = crate::cases::list(&mut db.conn, &c, "")
        .unwrap()
        .into_iter()
        .map(|c| c.reference)
        .collect();
    assert_eq!(order, vec!["B-early", "D-meeting", "C-late", "A-nothing"]);
}

#[test]
fn bad_meeting_input_is_refused_in_swedish() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let mut m = meeting("2026-12-01", false);
    m.at_time = "25:99".into();
    assert!(save_meeting(&mut w.db.conn, &c, w.sip.into(), &m)
        .unwrap_err()
        .to_string()
        .contains("TT:MM"));
    let mut m = meeting("2026-12-01", false);
    m.place.clear();
    assert!(save_meeting(&mut w.db.conn, &c, w.sip.into(), &m).is_err());
    m.digital = true;
    assert!(
        save_meeting(&mut w.db.conn, &c, w.sip.into(), &m).is_ok(),
        "digital needs no place"
    );
    let held_in_future = meeting("2026-12-01", true);
    assert!(save_meeting(&mut w.db.conn, &c, w.sip.into(), &held_in_future).is_err());
    assert!(
        save_meeting(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &meeting("2026-09-01", false)
        )
        .is_err(),
        "before the need"
    );
}

#[test]
fn a_signed_plan_keeps_the_names_it_was_signed_with() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    // A unit that is not a participant can't carry an intervention.
    let e = save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[w.vc])).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Refused);
    add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.vc,
            contact_id: None,
            decision: None,
        },
    )
    .unwrap();
    let mut p = plan_with(&[w.vc]);
    p.lead_unit_id = Some(w.vc);
    p.interventions[0].unit_name = "Förfalskat namn".into();
    let v = save_plan(&mut w.db.conn, &c, w.sip.into(), p).unwrap();
    assert_eq!(
        v.content.interventions[0].unit_name, "Vårdcentralen Tullhus",
        "the core sets the name"
    );
    assert_eq!(v.content.lead_unit_name, "Vårdcentralen Tullhus");
    freeze_plan(&mut w.db.conn, &c, w.sip.into(), v.id, FrozenAs::Utskriven).unwrap();
    actor::save_unit(
        &mut w.db.conn,
        &c,
        &UnitInput {
            id: Some(w.vc),
            name: "Hälsocentralen Norr".into(),
            actor_type: ActorType::Vardcentral,
            principal: Principal::Region,
            area: String::new(),
            phone: String::new(),
            email: String::new(),
            organisation_id: None,
        },
    )
    .unwrap();
    let after = plan::get(&w.db.conn, v.id).unwrap().unwrap();
    assert_eq!(
        after.content.interventions[0].unit_name,
        "Vårdcentralen Tullhus"
    );
    assert_eq!(after.content.lead_unit_name, "Vårdcentralen Tullhus");
}

#[test]
fn the_record_of_a_held_meeting_and_its_attendance_stays() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let p = add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.soc,
            contact_id: None,
            decision: None,
        },
    )
    .unwrap();
    let mut m = meeting("2026-10-20", true);
    m.present = vec![p];
    let mid = save_meeting(&mut w.db.conn, &c, w.sip.into(), &m).unwrap();
    // Attended a held meeting: can't be removed.
    let e = remove_participant(&mut w.db.conn, &c, w.sip.into(), p).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Refused);
    go(&mut w, &c, SipState::Forberedelse, "2026-10-02").unwrap();
    go(&mut w, &c, SipState::Kallad, "2026-10-05").unwrap();
    save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[w.soc])).unwrap();
    go(&mut w, &c, SipState::PlanUpprattad, "2026-10-20").unwrap();
    // Once the plan stands on it, the held meeting can't be moved or "un-held".
    let mut moved = m.clone();
    moved.id = Some(mid);
    moved.on_date = date("2026-10-21");
    assert_eq!(
        save_meeting(&mut w.db.conn, &c, w.sip.into(), &moved)
            .unwrap_err()
            .kind(),
        crate::ErrorKind::Refused
    );
    let mut unheld = m.clone();
    unheld.id = Some(mid);
    unheld.held = false;
    assert_eq!(
        save_meeting(&mut w.db.conn, &c, w.sip.into(), &unheld)
            .unwrap_err()
            .kind(),
        crate::ErrorKind::Refused
    );
    // A note-level change (place) is still fine.
    let mut place = m.clone();
    place.id = Some(mid);
    place.place = "Rum 4".into();
    save_meeting(&mut w.db.conn, &c, w.sip.into(), &place).unwrap();
    // Uppföljning is never a bare step: it comes with the answers.
    let e = go(&mut w, &c, SipState::Uppfoljning, "2026-11-25").unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::FollowUpOnItsTab)),
        "{e:?}"
    );
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert!(!d.allowed_steps.contains(&SipState::Uppfoljning));
    // Every step the form can't take comes with its reason (issue 19).
    assert_eq!(
        d.allowed_steps.len() + d.refused_steps.len(),
        SipState::ALL.len()
    );
    let why = d
        .refused_steps
        .iter()
        .find(|r| r.to == SipState::Uppfoljning)
        .unwrap();
    assert!(!why.reason.trim().is_empty(), "{why:?}");
}

#[test]
fn an_inactive_contact_is_not_invited_and_a_closed_sip_is_not_frozen() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let contact = actor::save_contact(
        &mut w.db.conn,
        &c,
        &actor::ContactInput {
            id: None,
            unit_id: w.vc,
            name: "Eva Ek".into(),
            role: "Kurator".into(),
            phone: String::new(),
            email: String::new(),
            temporary: false,
            active: false,
        },
    )
    .unwrap();
    let e = add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.vc,
            contact_id: Some(contact),
            decision: None,
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Refused);
    // Wrong unit for the contact.
    let e = add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.soc,
            contact_id: Some(contact),
            decision: None,
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    let v = save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[])).unwrap();
    transition(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &TransitionInput {
            to: SipState::Avslutad,
            on: date("2026-11-25"),
            closing_reason: Some("Personen flyttade".into()),
        },
    )
    .unwrap();
    let e = freeze_plan(&mut w.db.conn, &c, w.sip.into(), v.id, FrozenAs::Faststalld).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Refused);
    // The history names the actor type, never the unit's name.
    let history = crate::audit::list(
        &w.db.conn,
        Some(get(&w.db.conn, w.sip.into(), c.today).unwrap().case_id),
    )
    .unwrap();
    assert!(history
        .iter()
        .all(|h| !h.summary.contains("Vårdcentralen Tullhus")));
}

#[test]
fn a_unit_the_plan_being_written_names_stays_a_participant() {
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let p = add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &ParticipantInput {
            unit_id: w.soc,
            contact_id: None,
            decision: None,
        },
    )
    .unwrap();
    save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[w.soc])).unwrap();
    let e = remove_participant(&mut w.db.conn, &c, w.sip.into(), p).unwrap_err();
    assert!(
        matches!(e, Error::Refused(Refusal::UnitResponsibleInPlan)),
        "{e:?}"
    );
    // Out of the plan, the participant can go.
    save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[])).unwrap();
    remove_participant(&mut w.db.conn, &c, w.sip.into(), p).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Issue 6: the protection rules at the SIP's doors (P1, G1, the meeting-safety checklist)
// ---------------------------------------------------------------------------------------------

fn trainee(w: &mut World, c: &Ctx) -> crate::ids::ContactId {
    actor::save_contact(
        &mut w.db.conn,
        c,
        &actor::ContactInput {
            id: None,
            unit_id: w.soc,
            name: "Pia Praktikant".into(),
            role: "Socionomstudent".into(),
            phone: String::new(),
            email: String::new(),
            temporary: true,
            active: true,
        },
    )
    .unwrap()
}

fn with_trainee(
    soc: UnitId,
    contact: crate::ids::ContactId,
    decision: Option<&str>,
) -> ParticipantInput {
    ParticipantInput {
        unit_id: soc,
        contact_id: Some(contact),
        decision: decision.map(str::to_owned),
    }
}

#[test]
fn issue6_a_trainee_is_refused_for_a_protected_person_unless_a_reason_is_recorded() {
    let mut w = world("2026-11-10");
    let c = ctx("2026-11-10");
    let t = trainee(&mut w, &c);
    let asked = check_participant(
        &w.db.conn,
        w.sip.into(),
        &with_trainee(w.soc, t, None),
        c.today,
    )
    .unwrap();
    assert!(matches!(
        asked,
        crate::protection::InviteDecision::RefusedUnlessOverridden { .. }
    ));
    for reason in [None, Some("ok"), Some("   ")] {
        let e = add_participant(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &with_trainee(w.soc, t, reason),
        )
        .unwrap_err();
        // A missing reason is malformed input, as a blank reason is everywhere (issue 20).
        assert!(matches!(e, Error::InvalidInput(_)), "{reason:?}: {e:?}");
        let m = e.to_string();
        assert!(m.contains("praktikant") && m.contains("Skriv"), "{m}");
    }
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    assert!(d.participants.is_empty(), "nothing was added while refused");
    let reason = "Enda tolken i teckenspråk på enheten, ordinarie personal är sjukskriven";
    let id = add_participant(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &with_trainee(w.soc, t, Some(reason)),
    )
    .unwrap();
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    let p = d.participants.iter().find(|p| p.id == id).unwrap();
    let decision = p
        .decision
        .as_ref()
        .expect("the override is recorded with the participant");
    assert_eq!(decision.reason, reason);
    assert_eq!(decision.decided_on, c.today);
    assert!(decision.warning.contains("praktikant"));
    assert!(d.protected);
    // The history says a decision was made, never the reason (it may name people or places).
    let history = crate::audit::list(&w.db.conn, Some(d.case_id)).unwrap();
    assert!(history.iter().any(|h| h.action == "protection.decision"));
    assert!(history.iter().all(|h| !h.summary.contains("teckenspråk")));
    // A recorded decision is a record: it can't be changed or deleted, also not by removing the
    // participant.
    remove_participant(&mut w.db.conn, &c, w.sip.into(), id).unwrap();
    let e =
        w.db.conn
            .execute("UPDATE protection_decisions SET reason = 'x'", [])
            .map_err(Error::from)
            .unwrap_err();
    assert!(matches!(e, Error::DecisionFrozen), "{e:?}");
    let e =
        w.db.conn
            .execute("DELETE FROM protection_decisions", [])
            .map_err(Error::from)
            .unwrap_err();
    assert!(matches!(e, Error::DecisionFrozen), "{e:?}");
}

#[test]
fn issue6_a_trainee_needs_no_reason_when_nobody_is_protected() {
    let mut db = testkit::db();
    let c = ctx("2026-11-10");
    let (_, pid) = case_with(
        &mut db,
        &c,
        "A-2",
        person("Ida Ek", None, ProtectionLevel::Ingen),
    );
    let soc = unit(&mut db, &c, "Våldsteamet", ActorType::SocVald);
    let sip = create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: pid,
            need_discovered_on: date("2026-10-01"),
            initiated_by: "Våldsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    testkit::consent(&mut db, &c, sip, &[soc], "2026-10-01");
    let mut w = World {
        db,
        sip,
        soc,
        vc: soc,
    };
    let t = trainee(&mut w, &c);
    let id = add_participant(
        &mut w.db.conn,
        &c,
        sip.into(),
        &with_trainee(w.soc, t, None),
    )
    .unwrap();
    let d = get(&w.db.conn, sip.into(), c.today).unwrap();
    assert!(!d.protected);
    assert_eq!(
        d.participants.iter().find(|p| p.id == id).unwrap().decision,
        None
    );
}

/// The Ombudsman's case: a child's SIP; the mother has protected personal data, the father is
/// a custodial guardian and registered as alleged perpetrator against her.
struct Family {
    db: testkit::Db,
    sip: SipId,
    mother: PersonId,
    father: PersonId,
}

fn family(mother_level: ProtectionLevel) -> Family {
    let mut db = testkit::db();
    let c = ctx("2026-11-10");
    let (case, child) = case_with(
        &mut db,
        &c,
        "B-1",
        person(
            "Lilly Berg",
            Some(&testkit::pnr("2019-05-01", 242)),
            ProtectionLevel::Ingen,
        ),
    );
    let mother = crate::person::create(
        &mut db.conn,
        &c,
        case.into(),
        &person(
            "Maja Berg",
            Some(&testkit::pnr("1990-02-03", 124)),
            mother_level,
        ),
    )
    .unwrap();
    let father = crate::person::create(
        &mut db.conn,
        &c,
        case.into(),
        &person(
            "Olof Berg",
            Some(&testkit::pnr("1988-07-09", 131)),
            ProtectionLevel::Ingen,
        ),
    )
    .unwrap();
    for (from, to, kind, custody) in [
        (
            mother,
            child,
            crate::vocab::RelationKind::Vardnadshavare,
            Some(true),
        ),
        (
            father,
            child,
            crate::vocab::RelationKind::Vardnadshavare,
            Some(true),
        ),
        (father, mother, crate::vocab::RelationKind::UtovareMot, None),
    ] {
        crate::person::add_relation(
            &mut db.conn,
            &c,
            case.into(),
            &crate::person::RelationInput {
                from_person: from,
                to_person: to,
                kind,
                custody,
            },
        )
        .unwrap();
    }
    let sip = create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: child,
            need_discovered_on: date("2026-10-01"),
            initiated_by: "Barn och unga".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    Family {
        db,
        sip,
        mother,
        father,
    }
}

#[test]
fn issue6_a_guardian_registered_as_perpetrator_is_invited_only_with_a_recorded_decision() {
    for level in [
        ProtectionLevel::SkyddadFolkbokforing,
        ProtectionLevel::Ingen,
    ] {
        guardian_perpetrator(level);
    }
}

fn guardian_perpetrator(level: ProtectionLevel) {
    let mut f = family(level);
    let c = ctx("2026-11-10");
    let asked = guard::check_person(&f.db.conn, f.sip.into(), f.father, c.today).unwrap();
    let crate::protection::InviteDecision::Warn { reason: warning } = asked else {
        panic!("the father is warned about: {asked:?}")
    };
    assert!(warning.contains("våldsutövare"), "{warning}");
    let input = |decision: Option<&str>| guard::PersonParticipantInput {
        person_id: f.father,
        decision: decision.map(str::to_owned),
    };
    let e = guard::add_person(&mut f.db.conn, &c, f.sip.into(), &input(None)).unwrap_err();
    // No written decision: malformed input, whose message carries the check's warning.
    assert!(
        matches!(e, Error::InvalidInput(_))
            && e.to_string().contains("våldsutövare")
            && e.to_string().contains("Skriv"),
        "{e:?}"
    );
    assert!(get(&f.db.conn, f.sip.into(), c.today)
        .unwrap()
        .person_participants
        .is_empty());
    let reason = "Vårdnadshavare med gemensam vårdnad; mötet hålls digitalt utan att modern deltar samtidigt";
    guard::add_person(&mut f.db.conn, &c, f.sip.into(), &input(Some(reason))).unwrap();
    // The mother is not guarded against: no decision needed.
    guard::add_person(
        &mut f.db.conn,
        &c,
        f.sip.into(),
        &guard::PersonParticipantInput {
            person_id: f.mother,
            decision: None,
        },
    )
    .unwrap();
    let d = get(&f.db.conn, f.sip.into(), c.today).unwrap();
    assert_eq!(
        d.protected,
        level.is_protected(),
        "the child counts its mother's level"
    );
    let father = d
        .person_participants
        .iter()
        .find(|p| p.person_id == f.father)
        .unwrap();
    assert!(father.guarded);
    assert_eq!(father.relation, "Vårdnadshavare");
    assert_eq!(father.decision.as_ref().unwrap().reason, reason);
    let mother = d
        .person_participants
        .iter()
        .find(|p| p.person_id == f.mother)
        .unwrap();
    assert!(!mother.guarded && mother.decision.is_none());
    // Twice is refused; the child itself is never "invited".
    assert!(guard::add_person(&mut f.db.conn, &c, f.sip.into(), &input(Some(reason))).is_err());
}

fn full_checklist() -> crate::protection::MeetingSafetyChecklist {
    crate::protection::MeetingSafetyChecklist {
        time_and_place_given_orally: true,
        flight_mode: true,
        no_temporary_staff: true,
        no_names_or_places_said: true,
        person_not_on_camera: true,
        contact_route_agreed: true,
    }
}

#[test]
fn issue6_a_protected_persons_meeting_is_marked_held_only_after_the_safety_checklist() {
    let mut w = world("2026-11-10");
    let c = ctx("2026-11-10");
    let mut m = meeting("2026-11-05", true);
    m.safety_checklist = None;
    let e = save_meeting(&mut w.db.conn, &c, w.sip.into(), &m).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("säkerhetspunkterna") && msg.contains("flygplansläge"),
        "{msg}"
    );
    // A physical meeting: the hybrid points are not asked for.
    m.safety_checklist = Some(crate::protection::MeetingSafetyChecklist {
        no_names_or_places_said: false,
        person_not_on_camera: false,
        ..full_checklist()
    });
    let id = save_meeting(&mut w.db.conn, &c, w.sip.into(), &m).unwrap();
    let d = get(&w.db.conn, w.sip.into(), c.today).unwrap();
    let saved = d.meetings.iter().find(|x| x.id == id).unwrap();
    assert!(saved.held);
    assert_eq!(saved.safety_checklist, m.safety_checklist);
    // A digital meeting needs the hybrid points too.
    let mut digital = meeting("2026-11-06", true);
    digital.digital = true;
    digital.place = String::new();
    digital.safety_checklist = m.safety_checklist;
    let e = save_meeting(&mut w.db.conn, &c, w.sip.into(), &digital).unwrap_err();
    match &e {
        Error::Refused(Refusal::SafetyChecklistIncomplete { missing }) => {
            assert!(missing.iter().any(|m| m.contains("kameran")), "{missing:?}")
        }
        e => panic!("expected the checklist's refusal, got {e:?}"),
    }
    digital.safety_checklist = Some(full_checklist());
    save_meeting(&mut w.db.conn, &c, w.sip.into(), &digital).unwrap();
    // A meeting not yet held needs no checklist.
    save_meeting(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &meeting("2026-11-20", false),
    )
    .unwrap();
}

#[test]
fn issue6_the_checklist_gate_counts_a_parents_protection_and_spares_the_unprotected() {
    let c = ctx("2026-11-10");
    for (level, needs) in [
        (ProtectionLevel::SkyddadFolkbokforing, true),
        (ProtectionLevel::Sekretessmarkering, true),
        (ProtectionLevel::Ingen, false),
    ] {
        let mut f = family(level);
        let mut m = meeting("2026-11-05", true);
        m.safety_checklist = None;
        let r = save_meeting(&mut f.db.conn, &c, f.sip.into(), &m);
        assert_eq!(r.is_err(), needs, "{level:?}: {r:?}");
    }
}

/// "… or the person's whereabouts are protected from them": an uncle the mother's whereabouts
/// are protected from (honour-related violence) is treated like an alleged perpetrator.
#[test]
fn issue6_a_relative_the_whereabouts_are_protected_from_is_warned_about_like_a_perpetrator() {
    let mut f = family(ProtectionLevel::Ingen);
    let c = ctx("2026-11-10");
    let case: CaseId =
        f.db.conn
            .query_row("SELECT case_id FROM sips WHERE id = ?1", [f.sip], |r| {
                r.get(0)
            })
            .unwrap();
    let uncle = crate::person::create(
        &mut f.db.conn,
        &c,
        case.into(),
        &person("Amir Berg", None, ProtectionLevel::Ingen),
    )
    .unwrap();
    // Both guardians' consents name him (issue 17: relatives only inside the consent).
    let soc = unit(&mut f.db, &c, "Barn och unga", ActorType::SocBarnUnga);
    for g in [f.mother, f.father] {
        crate::consent::records::record(
            &mut f.db.conn,
            &c,
            f.sip.into(),
            &crate::consent::records::ConsentInput {
                giver: crate::consent::Giver::Guardian { guardian: g },
                form: crate::consent::ConsentForm::Skriftligt,
                documentation: None,
                scope: crate::consent::Scope {
                    actors: vec![crate::consent::ActorRef {
                        unit: soc,
                        contact: None,
                    }],
                    categories: vec![crate::consent::InfoCategory::InsatserPlan],
                    persons: vec![uncle],
                    ..Default::default()
                },
                valid_from: c.today,
                valid_to: crate::consent::rules::max_valid_to(c.today),
            },
        )
        .unwrap();
    }
    let before = guard::check_person(&f.db.conn, f.sip.into(), uncle, c.today).unwrap();
    assert_eq!(before, crate::protection::InviteDecision::Allowed);
    crate::person::add_relation(
        &mut f.db.conn,
        &c,
        case.into(),
        &crate::person::RelationInput {
            from_person: uncle,
            to_person: f.mother,
            kind: crate::vocab::RelationKind::VistelseortSkyddadMot,
            custody: None,
        },
    )
    .unwrap();
    let after = guard::check_person(&f.db.conn, f.sip.into(), uncle, c.today).unwrap();
    assert!(
        matches!(&after, crate::protection::InviteDecision::Warn { reason } if reason.contains("vistelseorten är skyddad")),
        "{after:?}"
    );
    let d = get(&f.db.conn, f.sip.into(), c.today).unwrap();
    assert!(d.person_participants.is_empty());
}

/// Issue 17: an intervention carried out by a health-care actor is "Hälsa" (and "Insatser och
/// plan") unless the worker chose otherwise; anything else is "Insatser och plan".
#[test]
fn the_default_category_of_a_health_care_units_intervention_is_health() {
    use crate::consent::InfoCategory::{Halsa, InsatserPlan};
    use crate::sip::plan::{default_categories, intervention_categories, Intervention};
    for &t in ActorType::ALL {
        let want = if matches!(
            t,
            ActorType::Vardcentral
                | ActorType::Modrahalsovard
                | ActorType::Barnhalsovard
                | ActorType::Bup
                | ActorType::Psykiatri
                | ActorType::Tandvard
                | ActorType::OvrigVard
        ) {
            vec![Halsa, InsatserPlan]
        } else {
            vec![InsatserPlan]
        };
        assert_eq!(default_categories(Some(t)), want, "{t:?}");
    }
    assert_eq!(default_categories(None), vec![InsatserPlan]);
    let mut iv = Intervention {
        key: String::new(),
        what: "Samtal".into(),
        unit_id: None,
        unit_name: String::new(),
        from: None,
        to: None,
        status: InterventionStatus::Planerad,
        categories: None,
    };
    assert_eq!(
        intervention_categories(&iv, Some(ActorType::Bup)),
        vec![Halsa, InsatserPlan]
    );
    iv.categories = Some(vec![InsatserPlan]);
    assert_eq!(
        intervention_categories(&iv, Some(ActorType::Bup)),
        vec![InsatserPlan],
        "the worker's choice wins"
    );
}

/// Issue 17: every plan item belongs to at least one category; a version stored before
/// categories existed still reads (the defaults apply to it).
#[test]
fn a_plan_item_without_a_category_is_refused_and_old_plans_still_read() {
    use crate::consent::InfoCategory::{Halsa, InsatserPlan};
    let mut p = plan_with(&[UnitId(1)]);
    p.interventions[0].categories = Some(vec![]);
    let e = plan::validate(p.clone()).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("Insats 1"), "{e}");
    p.interventions[0].categories = Some(vec![InsatserPlan, Halsa, InsatserPlan]);
    p.section_categories.needs = Some(vec![]);
    let e = plan::validate(p.clone()).unwrap_err();
    assert!(e.to_string().contains("Behov"), "{e}");
    p.section_categories.needs = None;
    let v = plan::validate(p).unwrap();
    assert_eq!(
        v.interventions[0].categories,
        Some(vec![Halsa, InsatserPlan])
    );
    let old: plan::PlanContent = serde_json::from_str(
        r#"{"needs":"Boende","interventions":[{"key":"a1","what":"Samtal","unitId":1,
            "unitName":"BUP","from":null,"to":null,"status":"planerad"}],
            "otherInterventions":[{"who":"Mormor","what":"Skjuts"}]}"#,
    )
    .unwrap();
    assert_eq!(old.interventions[0].categories, None);
    assert_eq!(old.other_interventions[0].categories, None);
    assert_eq!(old.section_categories, plan::SectionCategories::default());
}

/// Issue 19: the step offered at once, as the SIP's detail gives it to the UI — from what is
/// stored, dated today — and taking it as offered is a step the core accepts.
#[test]
fn the_step_offered_after_booking_holding_and_the_plan_is_taken_as_offered() {
    use rules::SipEvent;
    let c = ctx("2026-11-25");
    let mut w = world("2026-11-25");
    let offer = |w: &World, after: SipEvent| {
        get(&w.db.conn, w.sip.into(), c.today)
            .unwrap()
            .step_offers
            .into_iter()
            .find(|o| o.after == after)
    };
    let take = |w: &mut World, o: &rules::StepOffer| {
        transition(
            &mut w.db.conn,
            &c,
            w.sip.into(),
            &TransitionInput {
                to: o.to,
                on: o.on,
                closing_reason: None,
            },
        )
    };
    go(&mut w, &c, SipState::Forberedelse, "2026-11-02").unwrap();
    let m = save_meeting(
        &mut w.db.conn,
        &c,
        w.sip.into(),
        &meeting("2026-11-24", false),
    )
    .unwrap();
    let o = offer(&w, SipEvent::MeetingBooked).expect("an offer after booking");
    assert_eq!(
        (o.to, o.on, o.refused.as_deref()),
        (SipState::Kallad, c.today, None)
    );
    take(&mut w, &o).unwrap();
    assert_eq!(
        get(&w.db.conn, w.sip.into(), c.today).unwrap().state,
        SipState::Kallad
    );
    // Taken: nothing more to offer for a booked meeting.
    assert_eq!(offer(&w, SipEvent::MeetingBooked), None);

    // Held, no plan yet: offered with the reason, and taking it anyway is refused.
    let mut held = meeting("2026-11-24", true);
    held.id = Some(m);
    save_meeting(&mut w.db.conn, &c, w.sip.into(), &held).unwrap();
    let o = offer(&w, SipEvent::MeetingHeld).expect("an offer after holding");
    assert_eq!(o.to, SipState::PlanUpprattad);
    let why = o.refused.clone().expect("a reason");
    assert!(why.contains("Skriv planen"), "{why}");
    assert!(take(&mut w, &o).is_err());

    // The plan saved: the same step, now takeable.
    save_plan(&mut w.db.conn, &c, w.sip.into(), plan_with(&[])).unwrap();
    let o = offer(&w, SipEvent::PlanSaved).expect("an offer after the plan");
    assert_eq!(
        (o.to, o.refused.as_deref()),
        (SipState::PlanUpprattad, None)
    );
    take(&mut w, &o).unwrap();
    assert_eq!(
        get(&w.db.conn, w.sip.into(), c.today).unwrap().state,
        SipState::PlanUpprattad
    );
    assert!(get(&w.db.conn, w.sip.into(), c.today)
        .unwrap()
        .step_offers
        .is_empty());
}
