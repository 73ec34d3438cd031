//! Rule-table rows and properties for persons of the case, the recorded exceptions, and
//! organisations in the consent (issue 17).

use super::*;
use crate::consent::Scope;
use crate::ids::{ContactId, OrganisationId, PersonId, UnitId};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const ON: &str = "2025-06-01";
const MOTHER: PersonId = PersonId(10);
const FATHER: PersonId = PersonId(11);
const AUNT: PersonId = PersonId(12);
const SOC: ActorRef = ActorRef {
    unit: UnitId(1),
    contact: None,
};
const REGION: OrganisationId = OrganisationId(100);
const OTHER_ORG: OrganisationId = OrganisationId(101);
const VC: UnitId = UnitId(2);
const BUP: UnitId = UnitId(3);
const EVA: ContactId = ContactId(20);
const OLA: ContactId = ContactId(21);

fn adult() -> Subject {
    Subject {
        is_child: false,
        age: Some(40),
        custodial_guardians: vec![],
    }
}

fn child(age: u32) -> Subject {
    Subject {
        is_child: true,
        age: Some(age),
        custodial_guardians: vec![MOTHER, FATHER],
    }
}

fn rec(giver: Giver, scope: Scope) -> ConsentRecord {
    ConsentRecord {
        giver,
        form: ConsentForm::Skriftligt,
        documentation: None,
        scope: Scope {
            categories: vec![InfoCategory::InsatserPlan, InfoCategory::Halsa],
            ..scope
        },
        valid_from: d("2025-03-01"),
        valid_to: d("2026-03-01"),
        withdrawal: None,
    }
}

fn naming(persons: &[PersonId], excluded: &[PersonId]) -> Scope {
    Scope {
        actors: vec![SOC],
        persons: persons.to_vec(),
        excluded_persons: excluded.to_vec(),
        ..Default::default()
    }
}

fn person(
    records: &[ConsentRecord],
    s: &Subject,
    ex: &[ChildException],
    p: PersonId,
    guarded: bool,
    decision: bool,
) -> Result<(), String> {
    let b = basis_on(records, s, ex, d(ON));
    may_invite_person(
        b.as_ref(),
        s,
        ex,
        CasePerson {
            person: p,
            guarded,
            decision_recorded: decision,
        },
    )
    .map_err(|r| r.to_string())
}

fn not_invited(g: PersonId) -> ChildException {
    ChildException::GuardianNotInvited {
        guardian: g,
        reason: "Hot mot barnet".into(),
    }
}

fn board(g: PersonId) -> ChildException {
    ChildException::BoardDecided {
        guardian: g,
        decision: "Nämndbeslut § 12".into(),
    }
}

/// Persons of the case and the recorded exceptions: (the rule, the outcome, allowed, a word
/// the refusal must contain).
#[test]
fn the_persons_rule_table() {
    let p = |s| rec(Giver::Person, s);
    let g = |who, s| rec(Giver::Guardian { guardian: who }, s);
    let rows: Vec<(&str, Result<(), String>, bool, &str)> = vec![
        (
            "[003 Delaktighet] a närstående the consent names takes part",
            person(&[p(naming(&[AUNT], &[]))], &adult(), &[], AUNT, false, false),
            true,
            "",
        ),
        (
            "[003 Delaktighet] a närstående the consent does not name does not",
            person(&[p(naming(&[], &[]))], &adult(), &[], AUNT, false, false),
            false,
            "finns inte med i samtycket",
        ),
        (
            "[003 5] a person the consent excludes does not",
            person(&[p(naming(&[], &[AUNT]))], &adult(), &[], AUNT, false, false),
            false,
            "undantagen",
        ),
        (
            "[003 1] without a valid consent no person of the case is invited",
            person(&[], &adult(), &[], AUNT, false, false),
            false,
            "Samtycke saknas",
        ),
        (
            "G1 + [003 Delaktighet] the man she is protected from: a decision without her consent is refused",
            person(&[p(naming(&[], &[]))], &adult(), &[], FATHER, true, true),
            false,
            "finns inte med i samtycket",
        ),
        (
            "G1 the man she is protected from: her consent without the decision is refused",
            person(&[p(naming(&[FATHER], &[]))], &adult(), &[], FATHER, true, false),
            false,
            "registrerat beslut",
        ),
        (
            "G1 the man she is protected from: her consent and the decision",
            person(&[p(naming(&[FATHER], &[]))], &adult(), &[], FATHER, true, true),
            true,
            "",
        ),
        (
            "[003 barn] a custodial guardian is governed by the child rules, not named",
            person(
                &[g(MOTHER, naming(&[], &[])), g(FATHER, naming(&[], &[]))],
                &child(8),
                &[],
                MOTHER,
                false,
                false,
            ),
            true,
            "",
        ),
        (
            "[003 barn] a guarded custodial guardian still needs the decision",
            person(
                &[g(MOTHER, naming(&[], &[])), g(FATHER, naming(&[], &[]))],
                &child(8),
                &[],
                FATHER,
                true,
                false,
            ),
            false,
            "registrerat beslut",
        ),
        (
            "[003 barn] every guardian's consent must name a relative (one does not)",
            person(
                &[g(MOTHER, naming(&[AUNT], &[])), g(FATHER, naming(&[], &[]))],
                &child(8),
                &[],
                AUNT,
                false,
                false,
            ),
            false,
            "finns inte med i samtycket",
        ),
        (
            "[003 barn] both guardians' consents name the relative",
            person(
                &[g(MOTHER, naming(&[AUNT], &[])), g(FATHER, naming(&[AUNT], &[]))],
                &child(8),
                &[],
                AUNT,
                false,
                false,
            ),
            true,
            "",
        ),
        (
            "[003 barn] the child's own consent covers no relatives",
            person(
                &[rec(Giver::ChildOwn, naming(&[AUNT], &[]))],
                &child(14),
                &[],
                AUNT,
                false,
                false,
            ),
            false,
            "Barnets eget samtycke",
        ),
        (
            "[003 barn] a guardian not invited is refused, with the recorded reason",
            person(
                &[g(MOTHER, naming(&[], &[]))],
                &child(8),
                &[not_invited(FATHER)],
                FATHER,
                false,
                true,
            ),
            false,
            "Hot mot barnet",
        ),
        (
            "[003 barn] a guardian the board decided without is refused, with the decision",
            person(
                &[g(MOTHER, naming(&[], &[]))],
                &child(8),
                &[board(FATHER)],
                FATHER,
                false,
                true,
            ),
            false,
            "Nämndbeslut § 12",
        ),
        (
            "[003 barn] another guardian's exception does not bar the mother",
            person(
                &[g(MOTHER, naming(&[], &[]))],
                &child(8),
                &[not_invited(FATHER)],
                MOTHER,
                false,
                false,
            ),
            true,
            "",
        ),
    ];
    for (rule, got, allowed, word) in rows {
        match got {
            Ok(()) => assert!(allowed, "{rule}: allowed but should be refused"),
            Err(why) => {
                assert!(!allowed, "{rule}: refused: {why}");
                assert!(why.contains(word), "{rule}: {why:?} lacks {word:?}");
            }
        }
    }
}

/// The one exception check names every kind and only bars the guardian it is about.
#[test]
fn every_exception_kind_bars_its_guardian_and_no_one_else() {
    for e in [not_invited(FATHER), board(FATHER)] {
        assert!(
            barred_by_exception(std::slice::from_ref(&e), FATHER).is_some(),
            "{e:?}"
        );
        assert!(
            barred_by_exception(std::slice::from_ref(&e), MOTHER).is_none(),
            "{e:?}"
        );
        assert!(
            barred_by_exception(std::slice::from_ref(&e), AUNT).is_none(),
            "{e:?}"
        );
    }
    assert!(barred_by_exception(&[], FATHER).is_none());
}

fn org_scope(orgs: &[OrganisationId], actors: &[ActorRef], excluded: &[ActorRef]) -> Scope {
    Scope {
        organisations: orgs.to_vec(),
        actors: actors.to_vec(),
        excluded_actors: excluded.to_vec(),
        ..Default::default()
    }
}

fn org_invite(scope: Scope, a: ActorRef, org: Option<OrganisationId>) -> Result<(), String> {
    let r = [rec(Giver::Person, scope)];
    let b = basis_on(&r, &adult(), &[], d(ON)).map_err(|r| r.to_string())?;
    may_invite_in(&b, a, ActorType::Vardcentral, org).map_err(|r| r.to_string())
}

/// Organisations in the consent: (the rule, the outcome, allowed, a word of the refusal).
#[test]
fn the_organisation_rule_table() {
    let unit = |u| ActorRef {
        unit: u,
        contact: None,
    };
    let at = |u, c| ActorRef {
        unit: u,
        contact: Some(c),
    };
    let rows: Vec<(&str, Result<(), String>, bool, &str)> = vec![
        (
            "an organisation accepted as a whole covers its unit",
            org_invite(org_scope(&[REGION], &[], &[]), unit(VC), Some(REGION)),
            true,
            "",
        ),
        (
            "… and a contact at it",
            org_invite(org_scope(&[REGION], &[], &[]), at(VC, EVA), Some(REGION)),
            true,
            "",
        ),
        (
            "a unit of another organisation is not covered",
            org_invite(org_scope(&[REGION], &[], &[]), unit(VC), Some(OTHER_ORG)),
            false,
            "finns inte med",
        ),
        (
            "a unit of no organisation is not covered by one",
            org_invite(org_scope(&[REGION], &[], &[]), unit(VC), None),
            false,
            "finns inte med",
        ),
        (
            "the excluded unit of an accepted organisation: the exclusion wins",
            org_invite(
                org_scope(&[REGION], &[], &[unit(BUP)]),
                unit(BUP),
                Some(REGION),
            ),
            false,
            "undantagen",
        ),
        (
            "… and for a contact at it",
            org_invite(
                org_scope(&[REGION], &[], &[unit(BUP)]),
                at(BUP, EVA),
                Some(REGION),
            ),
            false,
            "undantagen",
        ),
        (
            "the excluded contact of an accepted organisation: the exclusion wins",
            org_invite(
                org_scope(&[REGION], &[], &[at(VC, EVA)]),
                at(VC, EVA),
                Some(REGION),
            ),
            false,
            "undantagen",
        ),
        (
            "… and her whole unit can't be invited (the invitation would reach her)",
            org_invite(
                org_scope(&[REGION], &[], &[at(VC, EVA)]),
                unit(VC),
                Some(REGION),
            ),
            false,
            "En person på enheten",
        ),
        (
            "… but a colleague at the unit can",
            org_invite(
                org_scope(&[REGION], &[], &[at(VC, EVA)]),
                at(VC, OLA),
                Some(REGION),
            ),
            true,
            "",
        ),
        (
            "a unit named and excluded through … the exclusion wins over the name too",
            org_invite(
                org_scope(&[], &[unit(VC)], &[at(VC, EVA)]),
                at(VC, EVA),
                None,
            ),
            false,
            "undantagen",
        ),
    ];
    for (rule, got, allowed, word) in rows {
        match got {
            Ok(()) => assert!(allowed, "{rule}: allowed but should be refused"),
            Err(why) => {
                assert!(!allowed, "{rule}: refused: {why}");
                assert!(why.contains(word), "{rule}: {why:?} lacks {word:?}");
            }
        }
    }
}

fn any_actor() -> impl Strategy<Value = ActorRef> {
    // Units 1..=6 exist when the consent is given; 7..=9 are added to the directory later.
    (1i64..=9, prop::option::of(20i64..=22)).prop_map(|(u, c)| ActorRef {
        unit: UnitId(u),
        contact: c.map(ContactId),
    })
}

fn known_actor() -> impl Strategy<Value = ActorRef> {
    (1i64..=6, prop::option::of(20i64..=22)).prop_map(|(u, c)| ActorRef {
        unit: UnitId(u),
        contact: c.map(ContactId),
    })
}

fn any_org() -> impl Strategy<Value = Option<OrganisationId>> {
    prop::option::of((100i64..=102).prop_map(OrganisationId))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// For random consents with organisations, named and excluded units and contacts, and random
    /// actors (also of units added to the directory after the consent, in any organisation): an
    /// excluded unit or contact is never invitable and never shareable-with, in any category;
    /// and an actor is reachable exactly when it is named or its organisation is accepted, and
    /// nothing excludes it.
    #[test]
    fn an_excluded_unit_or_contact_is_never_reached_through_an_organisation(
        orgs in prop::collection::vec((100i64..=102).prop_map(OrganisationId), 0..3),
        named in prop::collection::vec(known_actor(), 0..3),
        excluded in prop::collection::vec(known_actor(), 0..3),
        actor in any_actor(),
        org in any_org(),
        category in prop::sample::select(vec![InfoCategory::InsatserPlan, InfoCategory::Halsa]),
    ) {
        let scope = org_scope(&orgs, &named, &excluded);
        let r = [rec(Giver::Person, scope.clone())];
        let b = basis_on(&r, &adult(), &[], d(ON)).unwrap();
        let invite = may_invite_in(&b, actor, ActorType::Vardcentral, org);
        let share = may_share_in(&b, actor, ActorType::Vardcentral, org, category);
        let matches = |x: &ActorRef| {
            x.unit == actor.unit && (x.contact.is_none() || x.contact == actor.contact)
        };
        let is_excluded = excluded.iter().any(matches);
        let someone_excluded_at_unit =
            actor.contact.is_none() && excluded.iter().any(|x| x.unit == actor.unit);
        if is_excluded || someone_excluded_at_unit {
            prop_assert!(invite.is_err(), "an excluded actor was invitable: {actor:?} {scope:?}");
            prop_assert!(share.is_err(), "an excluded actor could be given {category:?}");
        }
        let covered = named.iter().any(matches) || org.is_some_and(|o| orgs.contains(&o));
        let oracle = covered && !is_excluded && !someone_excluded_at_unit;
        prop_assert_eq!(invite.is_ok(), oracle, "{:?} {:?} {:?}", actor, org, scope);
        prop_assert_eq!(share.is_ok(), oracle);
    }

    /// For random consents naming and excluding persons of the case, with random exceptions:
    /// a person is invitable exactly when no exception bars them, the consent names and does
    /// not exclude them (a custodial guardian of a child: by the child rules), and someone
    /// guarded against has the recorded decision.
    #[test]
    fn a_person_of_the_case_is_reached_only_inside_her_consent(
        is_child in any::<bool>(),
        persons in prop::collection::vec((10i64..=14).prop_map(PersonId), 0..3),
        excluded in prop::collection::vec((10i64..=14).prop_map(PersonId), 0..2),
        exception in prop::option::of((any::<bool>(), prop::sample::select(vec![MOTHER, FATHER]))),
        who in (10i64..=14).prop_map(PersonId),
        guarded in any::<bool>(),
        decision in any::<bool>(),
    ) {
        let subject = if is_child { child(8) } else { adult() };
        let ex: Vec<ChildException> = exception
            .filter(|_| is_child)
            .map(|(kind, g)| if kind { not_invited(g) } else { board(g) })
            .into_iter()
            .collect();
        let scope = naming(&persons, &excluded);
        let records: Vec<ConsentRecord> = if is_child {
            [MOTHER, FATHER]
                .iter()
                .map(|&g| rec(Giver::Guardian { guardian: g }, scope.clone()))
                .collect()
        } else {
            vec![rec(Giver::Person, scope.clone())]
        };
        let got = person(&records, &subject, &ex, who, guarded, decision);
        let barred = ex.iter().any(|e| match e {
            ChildException::GuardianNotInvited { guardian, .. }
            | ChildException::BoardDecided { guardian, .. } => *guardian == who,
        });
        let custodial = is_child && (who == MOTHER || who == FATHER);
        let named = custodial || (persons.contains(&who) && !excluded.contains(&who));
        let oracle = !barred && named && (!guarded || decision);
        prop_assert_eq!(got.is_ok(), oracle, "{:?}", got);
    }
}
