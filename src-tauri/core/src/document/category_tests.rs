//! Issue 17, "categories reach the content": a copy for a recipient holds only the plan items
//! (and the invitation's questions and participants) whose every category that recipient's
//! consent covers — checked on the rendered PDF's extracted text, with the code the commands run.

use proptest::prelude::*;

use super::tests::{out_dir, text_of};
use super::*;
use crate::consent::records::ConsentInput;
use crate::consent::{ActorCategories, ConsentForm, Giver, Scope};
use crate::ids::UnitId;
use crate::sip::plan::{Intervention, OtherIntervention, SectionCategories};
use crate::sip::{MeetingInput, NewSip, ParticipantInput, Preparation};
use crate::testkit::{self, case_with, ctx, date, person, pnr, unit};
use crate::vocab::{ActorType, FrozenAs, InterventionStatus, ProtectionLevel, RequestedBy};

/// The four units of the world, each a single word so that no line break splits a name.
const UNITS: [(&str, ActorType); 4] = [
    ("Våldsteamet", ActorType::SocVald),
    ("Tullhusvårdcentralen", ActorType::Vardcentral),
    ("Norrabupmottagningen", ActorType::Bup),
    ("Solängsskolan", ActorType::Skola),
];

/// The categories the generated consents and items choose from.
const CATS: [InfoCategory; 4] = [
    InfoCategory::InsatserPlan,
    InfoCategory::Halsa,
    InfoCategory::Barn,
    InfoCategory::Valdssituationen,
];

struct World {
    db: testkit::Db,
    c: Ctx,
    sip: SipId,
    units: Vec<UnitId>,
    participants: Vec<ParticipantId>,
    meeting: MeetingId,
}

/// An adult without protection, a SIP with the four units as participants and a meeting.
fn world(what_matters: &str, questions: &str) -> World {
    let mut db = testkit::db();
    let c = ctx("2026-11-25");
    let (_, pid) = case_with(
        &mut db,
        &c,
        "K-17",
        person(
            "Sara Lind",
            Some(&pnr("1985-03-14", 123)),
            ProtectionLevel::Ingen,
        ),
    );
    crate::document::set_organisation(&mut db.conn, &c, "Örebro kommun").unwrap();
    let units: Vec<UnitId> = UNITS
        .iter()
        .map(|(n, t)| unit(&mut db, &c, n, *t))
        .collect();
    testkit::worker(&mut db, &c, units[0]);
    let sip = sip::create(
        &mut db.conn,
        &c,
        &NewSip {
            person_id: pid,
            need_discovered_on: date("2026-11-02"),
            initiated_by: "Anna Berg".into(),
            requested_by: RequestedBy::Personen,
        },
    )
    .unwrap();
    // The participants are added under a consent for all four with every category used here;
    // each test records the consent it is about afterwards (the newer one is in force).
    testkit::consent(&mut db, &c, sip, &units, "2026-11-20");
    sip::save_preparation(
        &mut db.conn,
        &c,
        sip.into(),
        &Preparation {
            what_matters: what_matters.into(),
            background: String::new(),
            questions: questions.into(),
            initiated_by: "Anna Berg".into(),
            requested_by: RequestedBy::Personen,
            questions_categories: None,
        },
    )
    .unwrap();
    let participants = units
        .iter()
        .map(|&u| {
            sip::add_participant(
                &mut db.conn,
                &c,
                sip.into(),
                &ParticipantInput {
                    unit_id: u,
                    contact_id: None,
                    decision: None,
                },
            )
            .unwrap()
        })
        .collect();
    let meeting = sip::save_meeting(
        &mut db.conn,
        &c,
        sip.into(),
        &MeetingInput {
            id: None,
            on_date: date("2026-12-03"),
            at_time: "13:00".into(),
            digital: false,
            place: "Socialkontoret".into(),
            held: false,
            person_present: false,
            present: vec![],
            safety_checklist: None,
        },
    )
    .unwrap();
    World {
        db,
        c,
        sip,
        units,
        participants,
        meeting,
    }
}

/// The person's newer written consent, from today: all four units, `categories`, and the
/// per-actor rows (unit index, categories).
fn consent(w: &mut World, categories: &[InfoCategory], per_actor: &[(usize, Vec<InfoCategory>)]) {
    crate::consent::records::record(
        &mut w.db.conn,
        &w.c,
        w.sip.into(),
        &ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: w
                    .units
                    .iter()
                    .map(|&unit| ActorRef {
                        unit,
                        contact: None,
                    })
                    .collect(),
                categories: categories.to_vec(),
                actor_categories: per_actor
                    .iter()
                    .map(|(i, cats)| ActorCategories {
                        actor: ActorRef {
                            unit: w.units[*i],
                            contact: None,
                        },
                        categories: cats.clone(),
                    })
                    .collect(),
                ..Scope::default()
            },
            valid_from: date("2026-11-25"),
            valid_to: date("2027-11-24"),
        },
    )
    .unwrap();
}

fn fixed_plan(w: &mut World, content: PlanContent) -> PlanVersionId {
    let v = sip::save_plan(&mut w.db.conn, &w.c, w.sip.into(), content).unwrap();
    sip::freeze_plan(
        &mut w.db.conn,
        &w.c,
        w.sip.into(),
        v.id,
        FrozenAs::Faststalld,
    )
    .unwrap();
    v.id
}

fn now() -> DateTime<Utc> {
    use chrono::TimeZone;
    Utc.with_ymd_and_hms(2026, 11, 25, 11, 0, 0).unwrap()
}

/// The same `prepare` + `render` the export command runs, and the PDF's extracted text.
fn copy(w: &World, req: &DocumentRequest, name: &str) -> Result<(Prepared, String)> {
    let p = prepare(&w.db.conn, w.c.today, &(*req).into())?;
    let bytes = render(&p, now(), crate::profile::ProfileKind::Real)?;
    let path = out_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    Ok((p, text_of(&path)))
}

fn iv(what: &str, unit: Option<UnitId>, categories: Option<Vec<InfoCategory>>) -> Intervention {
    Intervention {
        key: String::new(),
        what: what.into(),
        unit_id: unit,
        unit_name: String::new(),
        from: Some(date("2026-12-01")),
        to: None,
        status: InterventionStatus::Planerad,
        categories,
    }
}

// Single words: a table cell may break a line between words.
const DIAGNOSIS: &str = "PTSD-diagnos";
const MEDICATION: &str = "Sertralin";
const PSYCHOLOGIST: &str = "Psykologsamtal";
const SCHOOL_SUPPORT: &str = "Studiestöd";

/// The case: the consent leaves "Hälsa" out for the school. The school's copy of the
/// fixed plan holds neither the diagnosis, the medication, the psychologist's intervention nor
/// the health-care units' names — each is a visible "Lämnas inte ut" line, listed with why in
/// "Vad mottagaren ser" — while the vårdcentral's copy holds all of it.
#[test]
fn the_school_copy_of_the_plan_holds_no_health_content() {
    let mut w = world("Att barnen har det tryggt", "Skolgången\nVården");
    let [soc, vc, bup, school] = [0, 1, 2, 3];
    consent(
        &mut w,
        &[InfoCategory::InsatserPlan, InfoCategory::Halsa],
        &[(school, vec![InfoCategory::InsatserPlan])],
    );
    let u = w.units.clone();
    let version = fixed_plan(
        &mut w,
        PlanContent {
            needs: DIAGNOSIS.into(),
            section_categories: SectionCategories {
                needs: Some(vec![InfoCategory::Halsa, InfoCategory::InsatserPlan]),
                ..Default::default()
            },
            short_term_goals: "Tryggt boende".into(),
            interventions: vec![
                iv(SCHOOL_SUPPORT, Some(u[school]), None),
                // The default for a health-care unit's intervention: "Hälsa".
                iv(PSYCHOLOGIST, Some(u[bup]), None),
                // The worker's choice on a social-services intervention.
                iv(
                    &format!("Hämta ut {MEDICATION}"),
                    Some(u[soc]),
                    Some(vec![InfoCategory::Halsa]),
                ),
            ],
            other_interventions: vec![OtherIntervention {
                who: "Mormor".into(),
                what: "Skjuts till skolan".into(),
                categories: None,
            }],
            lead_unit_id: Some(u[vc]),
            ..Default::default()
        },
    );
    let plan = |p: usize| DocumentRequest::Plan {
        sip_id: w.sip,
        version_id: version,
        recipient: Recipient::Participant {
            participant_id: w.participants[p],
        },
    };
    let health = [
        DIAGNOSIS,
        MEDICATION,
        PSYCHOLOGIST,
        UNITS[vc].0,
        UNITS[bup].0,
    ];
    let (p, text) = copy(&w, &plan(school), "kategori-skolan-plan").unwrap();
    for h in health {
        assert!(!text.contains(h), "the school's copy holds {h:?}:\n{text}");
    }
    assert!(text.contains(SCHOOL_SUPPORT), "{text}");
    assert!(text.contains("Skjuts till skolan"), "{text}");
    assert!(
        text.contains("Lämnas inte ut i det här exemplaret"),
        "{text}"
    );
    let model = serde_json::to_string(&p.preview.document).unwrap();
    for h in health {
        assert!(!model.contains(h), "the school's model holds {h:?}");
    }
    let removed: Vec<(&str, Option<InfoCategory>)> = p
        .preview
        .removed
        .iter()
        .map(|r| (r.what.as_str(), r.category))
        .collect();
    for what in ["Behov", "Insats 2", "Insats 3", "Huvudansvarig enhet"] {
        assert!(
            removed.contains(&(what, Some(InfoCategory::Halsa))),
            "{what} not listed in {removed:?}"
        );
    }
    assert!(p
        .preview
        .removed
        .iter()
        .filter(|r| r.category.is_some())
        .all(|r| r.why == "”Hälsa” ingår inte i samtycket för den här mottagaren"));
    // The vårdcentral gets all of it.
    let (_, text) = copy(&w, &plan(vc), "kategori-vc-plan").unwrap();
    for h in health.into_iter().chain([SCHOOL_SUPPORT]) {
        assert!(
            text.contains(h),
            "the vårdcentral's copy lacks {h:?}:\n{text}"
        );
    }
    // The invitation: the school is not told which health-care units take part.
    let inv = |p: usize| DocumentRequest::Invitation {
        sip_id: w.sip,
        meeting_id: w.meeting,
        recipient: Recipient::Participant {
            participant_id: w.participants[p],
        },
    };
    let (p, text) = copy(&w, &inv(school), "kategori-skolan-kallelse").unwrap();
    for h in [UNITS[vc].0, UNITS[bup].0, "Vårdcentral", "BUP"] {
        assert!(
            !text.contains(h),
            "the school's invitation holds {h:?}:\n{text}"
        );
    }
    assert!(
        text.contains(UNITS[soc].0) && text.contains("Skolgången"),
        "{text}"
    );
    assert_eq!(
        p.preview
            .removed
            .iter()
            .filter(|r| r.category == Some(InfoCategory::Halsa))
            .count(),
        2
    );
    let (_, text) = copy(&w, &inv(vc), "kategori-vc-kallelse").unwrap();
    assert!(text.contains(UNITS[bup].0), "{text}");
}

// ---- The property.

fn cats() -> impl Strategy<Value = Vec<InfoCategory>> {
    prop::sample::subsequence(CATS.to_vec(), 1..=CATS.len())
}

fn chosen() -> impl Strategy<Value = Option<Vec<InfoCategory>>> {
    prop_oneof![Just(None), cats().prop_map(Some)]
}

#[derive(Debug, Clone)]
struct Gen {
    categories: Vec<InfoCategory>,
    /// (unit index, categories: reduced to a subset of `categories` before recording).
    per_actor: Vec<(usize, Vec<InfoCategory>)>,
    sections: [Option<Vec<InfoCategory>>; 6],
    /// (unit index or none, chosen categories)
    interventions: Vec<(Option<usize>, Option<Vec<InfoCategory>>)>,
    others: Vec<Option<Vec<InfoCategory>>>,
    lead: Option<usize>,
    questions: Option<Vec<InfoCategory>>,
}

fn gen() -> impl Strategy<Value = Gen> {
    (
        cats(),
        prop::collection::vec((0usize..4, cats()), 0..4),
        prop::array::uniform6(chosen()),
        prop::collection::vec((prop::option::of(0usize..4), chosen()), 0..6),
        prop::collection::vec(chosen(), 0..3),
        prop::option::of(0usize..4),
        chosen(),
    )
        .prop_map(
            |(categories, per_actor, sections, interventions, others, lead, questions)| {
                let mut seen = Vec::new();
                let per_actor = per_actor
                    .into_iter()
                    .filter(|(i, _)| {
                        let new = !seen.contains(i);
                        seen.push(*i);
                        new
                    })
                    .map(|(i, c)| {
                        let mut c: Vec<_> =
                            c.into_iter().filter(|x| categories.contains(x)).collect();
                        if c.is_empty() {
                            c.push(categories[0]);
                        }
                        (i, c)
                    })
                    .collect();
                Gen {
                    categories,
                    per_actor,
                    sections,
                    interventions,
                    others,
                    lead,
                    questions,
                }
            },
        )
}

/// A word no other text of the world holds.
fn token(kind: &str, i: usize) -> String {
    format!("Hemligt{kind}{i}x")
}

/// The oracle, independent of the engine: what may reach `recipient` (None: the person).
fn oracle_allows(g: &Gen, recipient: Option<usize>, c: InfoCategory) -> bool {
    match recipient {
        None => true,
        Some(r) => {
            g.categories.contains(&c)
                && g.per_actor
                    .iter()
                    .filter(|(i, _)| *i == r)
                    .all(|(_, cats)| cats.contains(&c))
        }
    }
}

fn is_health(unit: usize) -> bool {
    matches!(UNITS[unit].1, ActorType::Vardcentral | ActorType::Bup)
}

/// Defaults as the issue states them, written out again here.
fn effective(chosen: &Option<Vec<InfoCategory>>, unit: Option<usize>) -> Vec<InfoCategory> {
    match (chosen, unit) {
        (Some(c), _) => c.clone(),
        (None, Some(u)) if is_health(u) => vec![InfoCategory::Halsa, InfoCategory::InsatserPlan],
        _ => vec![InfoCategory::InsatserPlan],
    }
}

proptest! {
    // 40 cases × 5 recipients × 2 documents = 400 rendered PDFs read back with pdftotext.
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// For random consents (with per-actor category scopes), random plan content with
    /// categories and every recipient of the SIP: no copy of the plan or the invitation, as
    /// rendered to PDF and read back with pdftotext, holds the text of an item whose categories
    /// the recipient's consent does not all cover, or the name of a health-care unit when
    /// "Hälsa" is not covered (its own name aside); the items it does cover are there; and each
    /// withheld item is listed in "Vad mottagaren ser".
    #[test]
    fn no_copy_holds_content_of_a_category_its_recipients_consent_does_not_cover(g in gen()) {
        let mut w = world("Vadärviktigt", &token("Fraga", 0));
        let mut prep = sip::get(&w.db.conn, w.sip.into(), w.c.today).unwrap().preparation;
        prep.questions_categories = g.questions.clone();
        sip::save_preparation(&mut w.db.conn, &w.c, w.sip.into(), &prep).unwrap();
        let sections = Section::ALL;
        let mut content = PlanContent::default();
        for (i, s) in sections.iter().enumerate() {
            *s.text_mut(&mut content) = token("Avsnitt", i);
        }
        let sc = &mut content.section_categories;
        [sc.needs, sc.short_term_goals, sc.long_term_goals, sc.own_actions, sc.contact_persons, sc.child_voice] = g.sections.clone();
        content.interventions = g
            .interventions
            .iter()
            .enumerate()
            .map(|(i, (u, c))| iv(&token("Insats", i), u.map(|u| w.units[u]), c.clone()))
            .collect();
        content.other_interventions = g
            .others
            .iter()
            .enumerate()
            .map(|(i, c)| OtherIntervention { who: token("Vem", i), what: token("Annan", i), categories: c.clone() })
            .collect();
        content.lead_unit_id = g.lead.map(|u| w.units[u]);
        // Fixed under the first consent; the consent under test is newer (a consent that
        // leaves a participant without "Insatser och plan" can't fix a plan at all).
        let version = fixed_plan(&mut w, content);
        consent(&mut w, &g.categories, &g.per_actor);
        let recipients: Vec<(Option<usize>, Recipient)> = std::iter::once((None, Recipient::Person))
            .chain((0..4).map(|u| (Some(u), Recipient::Participant { participant_id: w.participants[u] })))
            .collect();
        for (r, recipient) in recipients {
            let allows = |c: InfoCategory| oracle_allows(&g, r, c);
            let name = format!("kategori-egenskap-{}", r.map_or("person".into(), |u| u.to_string()));
            // The plan.
            let req = DocumentRequest::Plan { sip_id: w.sip, version_id: version, recipient };
            match copy(&w, &req, &format!("{name}-plan")) {
                Err(e) => {
                    prop_assert!(!allows(InfoCategory::InsatserPlan), "{r:?} refused: {e}");
                    continue;
                }
                Ok((p, text)) => {
                    prop_assert!(allows(InfoCategory::InsatserPlan), "{r:?} got a plan without ”Insatser och plan”");
                    let model = serde_json::to_string(&p.preview.document).unwrap();
                    let expect = |word: String, shown: bool, listed: Option<String>| -> Result<(), TestCaseError> {
                        if shown {
                            prop_assert!(text.contains(&word), "{r:?}: {word} missing:\n{text}");
                        } else {
                            prop_assert!(!text.contains(&word), "{r:?}: {word} leaked:\n{text}");
                            prop_assert!(!model.contains(&word), "{r:?}: {word} in the model");
                            if let Some(what) = listed {
                                prop_assert!(p.preview.removed.iter().any(|x| x.what == what && x.category.is_some()), "{r:?}: {what} not listed: {:?}", p.preview.removed);
                            }
                        }
                        Ok(())
                    };
                    for (i, s) in sections.iter().enumerate() {
                        let shown = effective(&g.sections[i], None).into_iter().all(allows);
                        expect(token("Avsnitt", i), shown, Some(s.label().to_owned()))?;
                    }
                    for (i, (u, c)) in g.interventions.iter().enumerate() {
                        let shown = effective(c, *u).into_iter().all(allows);
                        expect(token("Insats", i), shown, Some(format!("Insats {}", i + 1)))?;
                    }
                    for (i, c) in g.others.iter().enumerate() {
                        let shown = effective(c, None).into_iter().all(allows);
                        expect(token("Vem", i), shown, None)?;
                        expect(token("Annan", i), shown, Some(format!("Insats från andra {}", i + 1)))?;
                    }
                    for u in (0..4).filter(|&u| is_health(u) && Some(u) != r) {
                        if !allows(InfoCategory::Halsa) {
                            prop_assert!(!text.contains(UNITS[u].0), "{r:?}: {} named:\n{text}", UNITS[u].0);
                            prop_assert!(!model.contains(UNITS[u].0), "{r:?}: {} in the model", UNITS[u].0);
                        }
                    }
                }
            }
            // The invitation.
            let req = DocumentRequest::Invitation { sip_id: w.sip, meeting_id: w.meeting, recipient };
            let (p, text) = copy(&w, &req, &format!("{name}-kallelse")).unwrap();
            let model = serde_json::to_string(&p.preview.document).unwrap();
            let q = token("Fraga", 0);
            let shown = effective(&g.questions, None).into_iter().all(allows);
            prop_assert_eq!(text.contains(&q), shown, "{:?}: the questions:\n{}", r, text);
            prop_assert!(shown || !model.contains(&q));
            for u in (0..4).filter(|&u| is_health(u) && Some(u) != r) {
                if !allows(InfoCategory::Halsa) {
                    prop_assert!(!text.contains(UNITS[u].0) && !model.contains(UNITS[u].0), "{r:?}: the invitation names {}", UNITS[u].0);
                }
            }
        }
    }
}

/// Issue 17: the printed consent form shows the per-actor scope as a table of every accepted
/// actor: the school with its own categories, the others "Samma som för alla".
#[test]
fn the_printed_consent_form_shows_the_category_scope_per_actor() {
    let mut w = world("Trygghet", "Skolan");
    consent(
        &mut w,
        &[InfoCategory::InsatserPlan, InfoCategory::Halsa],
        &[(3, vec![InfoCategory::InsatserPlan])],
    );
    let id = crate::consent::records::load_records(&w.db.conn, w.sip)
        .unwrap()
        .last()
        .unwrap()
        .id;
    let (_, text) = copy(
        &w,
        &DocumentRequest::Consent {
            sip_id: w.sip,
            consent_id: id,
            recipient: Recipient::Person,
        },
        "kategori-samtycke",
    )
    .unwrap();
    assert!(text.contains("Uppgifter per aktör"), "{text}");
    let table = text.split("Uppgifter per aktör").nth(1).unwrap();
    let table = table.split("Undantag").next().unwrap();
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.contains(name) && l.contains("("))
            .unwrap_or_else(|| panic!("no row for {name}:\n{text}"))
            .to_owned()
    };
    let school = row(UNITS[3].0);
    assert!(
        school.contains("Insatser och plan") && !school.contains("Hälsa"),
        "{school}"
    );
    for (name, _) in &UNITS[..3] {
        assert!(row(name).contains("Samma som för alla"), "{text}");
    }
}

/// Issue 17: questions for the meeting marked "Hälsa" reach the vårdcentral's invitation but
/// not the school's, whose consent leaves "Hälsa" out; the school's copy says so in their place.
#[test]
fn the_invitation_carries_health_questions_only_to_a_recipient_with_health() {
    let mut w = world("Trygghet", "Vård efter misshandeln");
    let mut prep = sip::get(&w.db.conn, w.sip.into(), w.c.today)
        .unwrap()
        .preparation;
    prep.questions_categories = Some(vec![InfoCategory::Halsa]);
    sip::save_preparation(&mut w.db.conn, &w.c, w.sip.into(), &prep).unwrap();
    prep.questions_categories = Some(vec![]);
    let e = sip::save_preparation(&mut w.db.conn, &w.c, w.sip.into(), &prep).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    consent(
        &mut w,
        &[InfoCategory::InsatserPlan, InfoCategory::Halsa],
        &[(3, vec![InfoCategory::InsatserPlan])],
    );
    let inv = |p: usize| DocumentRequest::Invitation {
        sip_id: w.sip,
        meeting_id: w.meeting,
        recipient: Recipient::Participant {
            participant_id: w.participants[p],
        },
    };
    let (p, text) = copy(&w, &inv(3), "kategori-skolan-fragor").unwrap();
    assert!(!text.contains("misshandeln"), "{text}");
    assert!(
        text.contains("Lämnas inte ut i det här exemplaret"),
        "{text}"
    );
    assert!(p
        .preview
        .removed
        .iter()
        .any(|r| r.what == "Frågorna till mötet" && r.category == Some(InfoCategory::Halsa)));
    let (_, text) = copy(&w, &inv(1), "kategori-vc-fragor").unwrap();
    assert!(text.contains("Vård efter misshandeln"), "{text}");
}
