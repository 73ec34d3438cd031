//! Persons of the case inside the consent, the recorded exceptions at every door, and
//! organisations in the consent, through the same code the commands run (issue 17).

use crate::actor::{self, UnitInput};
use crate::consent::records::{self, ConsentInput};
use crate::consent::{ActorRef, ChildException, ConsentForm, Giver, InfoCategory, Scope};
use crate::ctx::Ctx;
use crate::document::{self, DocumentRequest, Recipient};
use crate::ids::{ConsentId, MeetingId, OrganisationId, PersonId, PlanVersionId, SipId, UnitId};
use crate::person::RelationInput;
use crate::sip::guard::{self, PersonParticipantInput};
use crate::sip::plan::{Intervention, PlanContent};
use crate::sip::{self, MeetingInput, NewSip, ParticipantInput};
use crate::testkit::{self, case_with, ctx, date, person, pnr, unit};
use crate::vocab::{
    ActorType, FrozenAs, InterventionStatus, ProtectionLevel, RelationKind, RequestedBy,
};
use crate::Error;

const DECISION: &str = "Barnens pappa deltar digitalt i en egen del av mötet, utan modern";

struct Scene {
    db: testkit::Db,
    c: Ctx,
    sip: SipId,
    soc: UnitId,
    /// A närstående with no relation registered.
    aunt: PersonId,
    /// Adult scene: her whereabouts are protected from him. Child scene: a custodial guardian
    /// registered as using violence against the mother.
    father: PersonId,
    /// Child scene: the other custodial guardian.
    mother: PersonId,
}

fn add(
    db: &mut testkit::Db,
    c: &Ctx,
    case: crate::ids::CaseId,
    name: &str,
    birth: &str,
) -> PersonId {
    crate::person::create(
        &mut db.conn,
        c,
        case.into(),
        &person(name, Some(&pnr(birth, 131)), ProtectionLevel::Ingen),
    )
    .unwrap()
}

fn relate(
    db: &mut testkit::Db,
    c: &Ctx,
    case: crate::ids::CaseId,
    rel: (PersonId, PersonId, RelationKind, Option<bool>),
) {
    crate::person::add_relation(
        &mut db.conn,
        c,
        case.into(),
        &RelationInput {
            from_person: rel.0,
            to_person: rel.1,
            kind: rel.2,
            custody: rel.3,
        },
    )
    .unwrap();
}

/// A protected woman's SIP (adult), or her daughter's (child): the aunt, the children's father.
fn scene(child: bool) -> Scene {
    let mut db = testkit::db();
    let c = ctx("2026-11-10");
    document::set_organisation(&mut db.conn, &c, "Örebro kommun, Socialförvaltningen").unwrap();
    let (case, subject) = if child {
        case_with(
            &mut db,
            &c,
            "B-17",
            person(
                "Lilly Berg",
                Some(&pnr("2019-05-01", 242)),
                ProtectionLevel::Ingen,
            ),
        )
    } else {
        case_with(
            &mut db,
            &c,
            "V-17",
            person(
                "Sara Berg",
                Some(&pnr("1990-02-03", 124)),
                ProtectionLevel::SkyddadFolkbokforing,
            ),
        )
    };
    let aunt = add(&mut db, &c, case, "Lena Moster", "1970-04-04");
    let father = add(&mut db, &c, case, "Olof Berg", "1988-07-09");
    let mother = if child {
        let mother = add(&mut db, &c, case, "Maja Berg", "1991-03-03");
        for rel in [
            (mother, subject, RelationKind::Vardnadshavare, Some(true)),
            (father, subject, RelationKind::Vardnadshavare, Some(true)),
            (father, mother, RelationKind::UtovareMot, None),
        ] {
            relate(&mut db, &c, case, rel);
        }
        mother
    } else {
        relate(
            &mut db,
            &c,
            case,
            (father, subject, RelationKind::VistelseortSkyddadMot, None),
        );
        subject
    };
    let sip = sip::create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: subject,
            need_discovered_on: date("2026-10-01"),
            initiated_by: "Socialtjänsten".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    let soc = unit(&mut db, &c, "Våldsteamet", ActorType::SocVald);
    testkit::worker(&mut db, &c, soc);
    Scene {
        db,
        c,
        sip,
        soc,
        aunt,
        father,
        mother,
    }
}

impl Scene {
    /// A written consent from `giver` from `from`, to the social services and every category,
    /// naming `persons` and excluding `excluded`.
    fn consent(
        &mut self,
        giver: Giver,
        from: &str,
        persons: &[PersonId],
        excluded: &[PersonId],
    ) -> ConsentId {
        let from = date(from);
        records::record(
            &mut self.db.conn,
            &self.c,
            self.sip.into(),
            &ConsentInput {
                giver,
                form: ConsentForm::Skriftligt,
                documentation: None,
                scope: Scope {
                    actors: vec![ActorRef {
                        unit: self.soc,
                        contact: None,
                    }],
                    categories: InfoCategory::ALL
                        .iter()
                        .copied()
                        .filter(|c| *c != InfoCategory::Annat)
                        .collect(),
                    persons: persons.to_vec(),
                    excluded_persons: excluded.to_vec(),
                    ..Scope::default()
                },
                valid_from: from,
                valid_to: crate::consent::rules::max_valid_to(from),
            },
        )
        .unwrap()
    }

    fn invite(&mut self, p: PersonId, decision: Option<&str>) -> crate::Result<()> {
        guard::add_person(
            &mut self.db.conn,
            &self.c,
            self.sip.into(),
            &PersonParticipantInput {
                person_id: p,
                decision: decision.map(str::to_owned),
            },
        )
        .map(|_| ())
    }

    /// The persons the SIP's invitation list offers.
    fn offered(&self) -> Vec<PersonId> {
        sip::get(&self.db.conn, self.sip.into(), self.c.today)
            .unwrap()
            .person_choices
            .iter()
            .map(|p| p.person_id)
            .collect()
    }

    fn invited(&self) -> Vec<PersonId> {
        sip::get(&self.db.conn, self.sip.into(), self.c.today)
            .unwrap()
            .person_participants
            .iter()
            .map(|p| p.person_id)
            .collect()
    }

    fn book(&mut self, on: &str) -> crate::Result<MeetingId> {
        sip::save_meeting(
            &mut self.db.conn,
            &self.c,
            self.sip.into(),
            &MeetingInput {
                id: None,
                on_date: date(on),
                at_time: "13:00".into(),
                digital: false,
                place: "Rum 4, Storgatan 1".into(),
                held: false,
                person_present: false,
                present: vec![],
                safety_checklist: None,
            },
        )
    }

    fn social_services_and_plan(&mut self) -> PlanVersionId {
        sip::add_participant(
            &mut self.db.conn,
            &self.c,
            self.sip.into(),
            &ParticipantInput {
                unit_id: self.soc,
                contact_id: None,
                decision: None,
            },
        )
        .unwrap();
        let v = sip::save_plan(
            &mut self.db.conn,
            &self.c,
            self.sip.into(),
            PlanContent {
                needs: "Tryggt boende".into(),
                interventions: vec![Intervention {
                    key: String::new(),
                    what: "Stödsamtal".into(),
                    unit_id: Some(self.soc),
                    unit_name: String::new(),
                    from: Some(date("2026-11-15")),
                    to: None,
                    status: InterventionStatus::Planerad,
                    categories: None,
                }],
                follow_up_on: Some(date("2027-01-15")),
                ..Default::default()
            },
        )
        .unwrap();
        sip::freeze_plan(
            &mut self.db.conn,
            &self.c,
            self.sip.into(),
            v.id,
            FrozenAs::Faststalld,
        )
        .unwrap();
        v.id
    }

    fn invitation(&self, meeting: MeetingId, p: PersonId) -> crate::Result<document::Prepared> {
        document::prepare(
            &self.db.conn,
            self.c.today,
            &(DocumentRequest::Invitation {
                sip_id: self.sip,
                meeting_id: meeting,
                recipient: Recipient::CasePerson { person_id: p },
            })
            .into(),
        )
    }

    fn plan(&self, v: PlanVersionId, p: PersonId) -> crate::Result<document::Prepared> {
        document::prepare(
            &self.db.conn,
            self.c.today,
            &(DocumentRequest::Plan {
                sip_id: self.sip,
                version_id: v,
                recipient: Recipient::CasePerson { person_id: p },
            })
            .into(),
        )
    }

    /// The offers for `p`, each with why it is blocked.
    fn offers_for(&self, p: PersonId) -> Vec<(String, Option<String>)> {
        document::offers(&self.db.conn, self.sip.into(), self.c.today)
            .unwrap()
            .into_iter()
            .filter(|o| match o.request {
                DocumentRequest::Consent { recipient, .. }
                | DocumentRequest::Invitation { recipient, .. }
                | DocumentRequest::Plan { recipient, .. } => {
                    recipient == Recipient::CasePerson { person_id: p }
                }
                DocumentRequest::BlankConsent
                | DocumentRequest::ConsentCopy { .. }
                | DocumentRequest::SamradConsent { .. } => false,
            })
            .map(|o| (o.label, o.blocked))
            .collect()
    }
}

fn refused(r: crate::Result<impl std::fmt::Debug>, words: &[&str]) {
    match r {
        Err(Error::Refused(m)) => {
            let m = m.to_string();
            for w in words {
                assert!(m.contains(w), "the refusal lacks {w:?}: {m}")
            }
        }
        other => panic!("expected a refusal with {words:?}, got {other:?}"),
    }
}

#[test]
fn a_relative_is_invited_and_given_documents_only_while_her_consent_names_them() {
    let mut s = scene(false);
    s.consent(Giver::Person, "2026-11-01", &[], &[]);
    refused(s.invite(s.aunt, None), &["finns inte med i samtycket"]);
    assert!(s.invited().is_empty());
    // She wants her aunt there: a new consent names her.
    s.consent(Giver::Person, "2026-11-05", &[s.aunt], &[]);
    s.invite(s.aunt, None).unwrap();
    let v = s.social_services_and_plan();
    let meeting = s.book("2026-12-01").unwrap();
    s.invitation(meeting, s.aunt).unwrap();
    s.plan(v, s.aunt).unwrap();
    // She changes her mind: the newest consent excludes the aunt. Every door refuses.
    s.consent(Giver::Person, "2026-11-08", &[], &[s.aunt]);
    refused(s.invitation(meeting, s.aunt), &["undantagen"]);
    refused(s.plan(v, s.aunt), &["undantagen"]);
    refused(s.book("2026-12-08"), &["Lena Moster", "undantagen"]);
    // The participants list says why, beside her.
    let listed = sip::get(&s.db.conn, s.sip.into(), s.c.today)
        .unwrap()
        .person_participants;
    let aunt = listed.iter().find(|p| p.person_id == s.aunt).unwrap();
    assert!(
        aunt.consent_problem
            .as_deref()
            .is_some_and(|m| m.contains("undantagen")),
        "{aunt:?}"
    );
    let offers = s.offers_for(s.aunt);
    assert!(!offers.is_empty());
    assert!(
        offers
            .iter()
            .all(|(_, b)| b.as_deref().is_some_and(|b| b.contains("undantagen"))),
        "{offers:?}"
    );
}

#[test]
fn the_man_her_whereabouts_are_protected_from_needs_her_consent_naming_him_and_the_decision() {
    let mut s = scene(false);
    s.consent(Giver::Person, "2026-11-01", &[], &[]);
    refused(
        guard::check_person(&s.db.conn, s.sip.into(), s.father, s.c.today),
        &["finns inte med i samtycket"],
    );
    // A warning and a written reason are not enough without her consent.
    refused(
        s.invite(s.father, Some(DECISION)),
        &["finns inte med i samtycket"],
    );
    assert!(s.invited().is_empty());
    s.consent(Giver::Person, "2026-11-05", &[s.father], &[]);
    // Her consent is not enough without the decision.
    let e = s.invite(s.father, None).unwrap_err();
    assert!(e.to_string().contains("Skriv"), "{e}");
    assert!(s.invited().is_empty());
    s.invite(s.father, Some(DECISION)).unwrap();
    assert_eq!(s.invited(), vec![s.father]);
    // His copy still passes the Redactor for him: the meeting's place never reaches him.
    let meeting = s.book("2026-12-01").unwrap();
    let p = s.invitation(meeting, s.father).unwrap();
    assert!(
        !p.preview.removed.is_empty(),
        "nothing was withheld from the man she is protected from"
    );
    let text = format!("{:?}", p.preview.document);
    assert!(!text.contains("Storgatan"), "{text}");
}

fn not_invited_scene(exception: ChildException) -> (Scene, String) {
    let mut s = scene(true);
    let why = match &exception {
        ChildException::GuardianNotInvited { reason, .. } => reason.clone(),
        ChildException::BoardDecided { decision, .. } => decision.clone(),
    };
    let mother = s.mother;
    s.consent(Giver::Guardian { guardian: mother }, "2026-11-01", &[], &[]);
    records::add_exception(&mut s.db.conn, &s.c, s.sip.into(), &exception).unwrap();
    (s, why)
}

fn refused_everywhere(exception: ChildException) {
    let (mut s, why) = not_invited_scene(exception);
    // As a participant, with or without a written decision: the refusal names the record,
    // already when the worker asks before writing a decision.
    refused(
        guard::check_person(&s.db.conn, s.sip.into(), s.father, s.c.today),
        &[&why],
    );
    refused(s.invite(s.father, Some(DECISION)), &[&why]);
    refused(s.invite(s.father, None), &[&why]);
    assert!(s.invited().is_empty());
    // The invitation list never offers him (issue 19); the other guardian and the aunt it
    // does.
    let offered = s.offered();
    assert!(!offered.contains(&s.father), "{offered:?}");
    assert!(
        offered.contains(&s.mother) && offered.contains(&s.aunt),
        "{offered:?}"
    );
    // … and it says why he is left out.
    let barred = sip::get(&s.db.conn, s.sip.into(), s.c.today)
        .unwrap()
        .barred_persons;
    assert_eq!(barred.len(), 1, "{barred:?}");
    assert_eq!(barred[0].person_id, s.father);
    assert!(barred[0].reason.contains(&why), "{barred:?}");
    // The other guardian takes part, and is then no longer offered.
    s.invite(s.mother, None).unwrap();
    assert_eq!(s.offered(), vec![s.aunt]);
    let v = s.social_services_and_plan();
    let meeting = s.book("2026-12-01").unwrap();
    s.invitation(meeting, s.mother).unwrap();
    // As a recipient of every document about the meeting.
    refused(s.invitation(meeting, s.father), &[&why]);
    refused(s.plan(v, s.father), &[&why]);
    let consent = records::load_records(&s.db.conn, s.sip).unwrap()[0].id;
    refused(
        document::prepare(
            &s.db.conn,
            s.c.today,
            &(DocumentRequest::Consent {
                sip_id: s.sip,
                consent_id: consent,
                recipient: Recipient::CasePerson {
                    person_id: s.father,
                },
            })
            .into(),
        ),
        &[&why],
    );
    let offers = s.offers_for(s.father);
    assert!(offers.len() >= 3, "{offers:?}");
    assert!(
        offers
            .iter()
            .all(|(_, b)| b.as_deref().is_some_and(|b| b.contains(&why))),
        "{offers:?}"
    );
    // The mother's documents are not blocked by his exception.
    assert!(s.offers_for(s.mother).iter().all(|(_, b)| b.is_none()));
}

#[test]
fn a_guardian_not_invited_is_refused_as_participant_and_as_recipient_naming_the_reason() {
    let s = scene(true);
    refused_everywhere(ChildException::GuardianNotInvited {
        guardian: s.father,
        reason: "Hot mot barnet och modern, polisanmält".into(),
    });
}

#[test]
fn a_guardian_the_board_decided_without_is_refused_as_participant_and_as_recipient() {
    let s = scene(true);
    refused_everywhere(ChildException::BoardDecided {
        guardian: s.father,
        decision: "Nämndens beslut 2026-11-03 § 12".into(),
    });
}

#[test]
fn an_exception_recorded_after_the_invitation_stops_the_booking_and_his_invitation() {
    let mut s = scene(true);
    let (mother, father) = (s.mother, s.father);
    s.consent(Giver::Guardian { guardian: mother }, "2026-11-01", &[], &[]);
    s.consent(Giver::Guardian { guardian: father }, "2026-11-01", &[], &[]);
    s.invite(father, Some(DECISION)).unwrap();
    let meeting = s.book("2026-12-01").unwrap();
    s.invitation(meeting, father).unwrap();
    let before = sip::get(&s.db.conn, s.sip.into(), s.c.today)
        .unwrap()
        .person_participants;
    assert!(
        before.iter().all(|p| p.consent_problem.is_none()),
        "{before:?}"
    );
    let reason = "Hot mot barnet, uppgifter från polisen";
    records::add_exception(
        &mut s.db.conn,
        &s.c,
        s.sip.into(),
        &ChildException::GuardianNotInvited {
            guardian: father,
            reason: reason.into(),
        },
    )
    .unwrap();
    refused(s.book("2026-12-08"), &["Olof Berg", reason]);
    refused(s.invitation(meeting, father), &[reason]);
    sip::transition(
        &mut s.db.conn,
        &s.c,
        s.sip.into(),
        &sip::TransitionInput {
            to: sip::SipState::Forberedelse,
            on: s.c.today,
            closing_reason: None,
        },
    )
    .unwrap();
    refused(
        sip::transition(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &sip::TransitionInput {
                to: sip::SipState::Kallad,
                on: s.c.today,
                closing_reason: None,
            },
        ),
        &[reason],
    );
}

fn organisation(db: &mut testkit::Db, c: &Ctx, name: &str) -> OrganisationId {
    actor::save_organisation(&mut db.conn, c, None, name).unwrap()
}

fn unit_in(
    db: &mut testkit::Db,
    c: &Ctx,
    name: &str,
    t: ActorType,
    org: Option<OrganisationId>,
) -> UnitId {
    actor::save_unit(
        &mut db.conn,
        c,
        &UnitInput {
            id: None,
            name: name.into(),
            actor_type: t,
            principal: crate::vocab::Principal::Region,
            area: "Dalarna".into(),
            phone: String::new(),
            email: String::new(),
            organisation_id: org,
        },
    )
    .unwrap()
}

#[test]
fn an_organisation_in_the_consent_covers_its_units_added_later_but_never_an_excluded_one() {
    let mut s = scene(false);
    let region = organisation(&mut s.db, &s.c, "Region Dalarna");
    let vc = unit_in(
        &mut s.db,
        &s.c,
        "Vårdcentralen Tullhus",
        ActorType::Vardcentral,
        Some(region),
    );
    let bup = unit_in(&mut s.db, &s.c, "BUP Falun", ActorType::Bup, Some(region));
    let from = date("2026-11-01");
    // The region alone: the worker's own unit is left out, with the reason (issue 19).
    records::record_with_reason(
        &mut s.db.conn,
        &s.c,
        s.sip.into(),
        &ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                organisations: vec![region],
                excluded_actors: vec![ActorRef {
                    unit: bup,
                    contact: None,
                }],
                categories: vec![InfoCategory::InsatserPlan],
                ..Scope::default()
            },
            valid_from: from,
            valid_to: crate::consent::rules::max_valid_to(from),
        },
        Some("Samtycket gäller bara regionens enheter."),
    )
    .unwrap();
    let add = |s: &mut Scene, u: UnitId| {
        sip::add_participant(
            &mut s.db.conn,
            &s.c,
            s.sip.into(),
            &ParticipantInput {
                unit_id: u,
                contact_id: None,
                decision: None,
            },
        )
    };
    add(&mut s, vc).unwrap();
    refused(add(&mut s, bup), &["undantagen"]);
    // A unit added to the region after the consent is covered by it.
    let hab = unit_in(
        &mut s.db,
        &s.c,
        "Habiliteringen",
        ActorType::Vardcentral,
        Some(region),
    );
    add(&mut s, hab).unwrap();
    // One outside the region is not; nor is the excluded unit moved into it again.
    let school = unit(&mut s.db, &s.c, "Skolan", ActorType::Skola);
    refused(add(&mut s, school), &["finns inte med i samtycket"]);
    refused(add(&mut s, bup), &["undantagen"]);
    let overview = records::overview(&s.db.conn, s.sip.into(), s.c.today).unwrap();
    assert_eq!(overview.records[0].organisations[0].name, "Region Dalarna");
    // A participant covered through the region is an accepted actor: it is offered a copy of
    // the consent, and the copy is made for it; the school outside the consent gets none.
    let copy = |u: UnitId| DocumentRequest::ConsentCopy {
        sip_id: s.sip,
        consent_id: overview.records[0].id,
        unit_id: u,
        contact_id: None,
    };
    let offers = document::offers(&s.db.conn, s.sip.into(), s.c.today).unwrap();
    for u in [vc, hab] {
        let o = offers
            .iter()
            .find(|o| o.request == copy(u))
            .unwrap_or_else(|| panic!("no copy offered to a unit covered through the region"));
        assert_eq!(o.blocked, None, "{}", o.label);
        document::prepare(&s.db.conn, s.c.today, &(copy(u)).into()).unwrap();
    }
    assert!(offers
        .iter()
        .all(|o| o.request != copy(school) && o.request != copy(bup)));
    refused(
        document::prepare(&s.db.conn, s.c.today, &(copy(school)).into()).map(|_| ()),
        &["inte godkänd i samtycket"],
    );
    // A withdrawal: the units that took part through the region are on the checklist of
    // whom to tell.
    records::withdraw(
        &mut s.db.conn,
        &s.c,
        s.sip.into(),
        overview.records[0].id,
        &crate::consent::Withdrawal {
            on: s.c.today,
            how: "Muntligt vid besök".into(),
            received_by: "Socialsekreteraren".into(),
        },
    )
    .unwrap();
    let told: Vec<String> = records::overview(&s.db.conn, s.sip.into(), s.c.today)
        .unwrap()
        .records[0]
        .notices
        .iter()
        .map(|n| n.unit_name.clone())
        .collect();
    for want in ["Vårdcentralen Tullhus", "Habiliteringen"] {
        assert!(
            told.iter().any(|t| t == want),
            "{want} is not told: {told:?}"
        );
    }
}

#[test]
fn a_consent_names_only_persons_of_the_case_and_never_the_person_herself() {
    let mut s = scene(false);
    let from = date("2026-11-01");
    let mut input = ConsentInput {
        giver: Giver::Person,
        form: ConsentForm::Skriftligt,
        documentation: None,
        scope: Scope {
            actors: vec![ActorRef {
                unit: s.soc,
                contact: None,
            }],
            categories: vec![InfoCategory::InsatserPlan],
            persons: vec![s.mother],
            ..Scope::default()
        },
        valid_from: from,
        valid_to: crate::consent::rules::max_valid_to(from),
    };
    assert!(matches!(
        records::record(&mut s.db.conn, &s.c, s.sip.into(), &input),
        Err(Error::InvalidInput(_))
    ));
    // Someone of another case.
    let (_, stranger) = case_with(
        &mut s.db,
        &s.c,
        "X-1",
        person("Annan Person", None, ProtectionLevel::Ingen),
    );
    input.scope.persons = vec![stranger];
    assert!(matches!(
        records::record(&mut s.db.conn, &s.c, s.sip.into(), &input),
        Err(Error::NotFound(_))
    ));
    input.scope.persons = vec![s.aunt];
    input.scope.excluded_persons = vec![s.aunt];
    refused(
        records::record(&mut s.db.conn, &s.c, s.sip.into(), &input),
        &["både godkänd och undantagen"],
    );
    input.scope.excluded_persons = vec![s.father];
    records::record(&mut s.db.conn, &s.c, s.sip.into(), &input).unwrap();
    let overview = records::overview(&s.db.conn, s.sip.into(), s.c.today).unwrap();
    let named: Vec<_> = overview.records[0]
        .persons
        .iter()
        .map(|p| (p.person_id, p.accepted))
        .collect();
    assert_eq!(named, vec![(s.aunt, true), (s.father, false)]);
    assert!(overview
        .case_persons
        .iter()
        .all(|p| p.person_id != s.mother));
    assert!(overview
        .case_persons
        .iter()
        .any(|p| p.person_id == s.father && p.guarded));
}

#[test]
fn the_printed_consent_names_her_organisations_and_persons_but_not_to_the_man_she_is_protected_from(
) {
    // Her own copy: everything she signs for.
    let mut s = scene(false);
    let region = organisation(&mut s.db, &s.c, "Region Dalarna");
    let from = date("2026-11-01");
    let scope = |soc: UnitId,
                 region: OrganisationId,
                 persons: Vec<PersonId>,
                 excluded: Vec<PersonId>| Scope {
        actors: vec![ActorRef {
            unit: soc,
            contact: None,
        }],
        organisations: vec![region],
        categories: vec![InfoCategory::InsatserPlan, InfoCategory::Barn],
        persons,
        excluded_persons: excluded,
        ..Scope::default()
    };
    let consent = records::record(
        &mut s.db.conn,
        &s.c,
        s.sip.into(),
        &ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: scope(s.soc, region, vec![s.aunt], vec![s.father]),
            valid_from: from,
            valid_to: crate::consent::rules::max_valid_to(from),
        },
    )
    .unwrap();
    let form = |s: &Scene, consent: ConsentId, recipient: Recipient| {
        let p = document::prepare(
            &s.db.conn,
            s.c.today,
            &(DocumentRequest::Consent {
                sip_id: s.sip,
                consent_id: consent,
                recipient,
            })
            .into(),
        )
        .unwrap();
        format!("{:?}", p.preview.document)
    };
    let hers = form(&s, consent, Recipient::Person);
    for want in [
        "Hela organisationen Region Dalarna",
        "Lena Moster",
        "Får inte delta: Olof Berg",
    ] {
        assert!(hers.contains(want), "her form lacks {want:?}: {hers}");
    }
    // A child's SIP: the father's copy (guarded against) names no organisation.
    let mut s = scene(true);
    let region = organisation(&mut s.db, &s.c, "Region Dalarna");
    let (mother, father) = (s.mother, s.father);
    let mut ids = Vec::new();
    for g in [mother, father] {
        ids.push(
            records::record(
                &mut s.db.conn,
                &s.c,
                s.sip.into(),
                &ConsentInput {
                    giver: Giver::Guardian { guardian: g },
                    form: ConsentForm::Skriftligt,
                    documentation: None,
                    scope: scope(s.soc, region, vec![s.aunt], vec![]),
                    valid_from: from,
                    valid_to: crate::consent::rules::max_valid_to(from),
                },
            )
            .unwrap(),
        );
    }
    let mothers = form(&s, ids[0], Recipient::CasePerson { person_id: mother });
    assert!(mothers.contains("Region Dalarna"), "{mothers}");
    let his = form(&s, ids[1], Recipient::CasePerson { person_id: father });
    assert!(!his.contains("Region Dalarna"), "{his}");
    assert!(his.contains("Hela organisationen"), "{his}");
}
