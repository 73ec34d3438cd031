//! The rule tables (one row per rule, each citing it), the property against an independent
//! oracle, and the exhaustive safety matrices ("nothing forbidden is ever Shown").

use proptest::prelude::*;

use super::{
    checklist_items, invite_check, visibility, visibility_in_case, Audience, Candidate, CaseFacts,
    Field, InviteDecision, Medium, MeetingSafetyChecklist, PersonFact, Reader, RelationFact,
    Visibility, MIN_REASON_LETTERS, NEVER_TO_PERPETRATOR, NEVER_WRITTEN_TO_OTHERS,
};
use crate::ids::PersonId;
use crate::vocab::{ProtectionLevel, RelationKind};
use Audience::{
    AllegedPerpetrator as Perp, CareActor as Care, Internal as Own, OtherActor as Other,
    Relative as Rel, Samrad as Sam, Subject as Subj,
};
use Field::*;
use Medium::{Document as Doc, Screen as Scr, Summary as Sum};
use ProtectionLevel::{
    FingeradePersonuppgifter as Fing, Ingen, Sekretessmarkering as Sekr,
    SkyddadFolkbokforing as Skydd,
};

const GUARDIAN: Audience = Audience::Guardian { custody: true };
const NO_CUSTODY: Audience = Audience::Guardian { custody: false };

/// Checks rows of (rule, result, expected): `None` = shown, `Some(word)` = removed with a reason
/// that contains `word`, starts with a capital letter and ends with a full stop.
fn check_rows(rows: &[(&str, Visibility, Option<&str>)]) {
    let mut failures = Vec::new();
    for (rule, got, want) in rows {
        let ok = match (got, want) {
            (Visibility::Shown, None) => true,
            (Visibility::Removed { reason }, Some(word)) => {
                reason.contains(word)
                    && reason.ends_with('.')
                    && reason.chars().next().is_some_and(|c| !c.is_lowercase())
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{rule}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

fn v(level: ProtectionLevel, a: Audience, m: Medium, f: Field) -> Visibility {
    visibility(level, &a, m, f)
}

/// level × audience × medium × field, one row per rule.
#[test]
fn the_rule_table() {
    let rows: Vec<(&str, Visibility, Option<&str>)> = vec![
        // W1: never in writing for external recipients, any protection level.
        (
            "[W1] address not in a document to a care actor",
            v(Skydd, Care, Doc, Address),
            Some("Adressen visas inte: personen har skyddad folkbokföring."),
        ),
        (
            "[W1] phone not in a document to another actor",
            v(Sekr, Other, Doc, Phone),
            Some("personen har sekretessmarkering"),
        ),
        (
            "[W1] e-mail not in a summary to a care actor",
            v(Fing, Care, Sum, Email),
            Some("fingerade personuppgifter"),
        ),
        (
            "[W1] personnummer not in a document to another actor",
            v(Skydd, Other, Doc, IdentityNumber),
            Some("aldrig skriftligt"),
        ),
        (
            "[W1] workplace not in a document to a care actor",
            v(Sekr, Care, Doc, Workplace),
            Some("Arbetsplatsen visas inte"),
        ),
        (
            "[W1] the children's school not in a document to a guardian",
            v(Skydd, GUARDIAN, Doc, ChildSchool),
            Some("skola"),
        ),
        (
            "[W1, P3] meeting place not in a document to a care actor",
            v(Sekr, Care, Doc, MeetingPlace),
            Some("muntligt"),
        ),
        (
            "[W1, P3] meeting time not in a summary to another actor",
            v(Skydd, Other, Sum, MeetingTime),
            Some("muntligt"),
        ),
        (
            "[W1] whereabouts not in a document to a närstående",
            v(Fing, Rel, Doc, Whereabouts),
            Some("Vistelseorten"),
        ),
        (
            "[W1] address not in a summary to a parent without custody",
            v(Skydd, NO_CUSTODY, Sum, Address),
            Some("skyddad folkbokföring"),
        ),
        (
            "[W1] whereabouts not in a document to a guardian with custody",
            v(Sekr, GUARDIAN, Doc, Whereabouts),
            Some("aldrig skriftligt"),
        ),
        // P3: time and place orally; a screen shown to someone present is the oral channel.
        (
            "[P3] meeting time on a screen shown to a care actor",
            v(Skydd, Care, Scr, MeetingTime),
            None,
        ),
        (
            "[P3] meeting place on a screen shown to another actor",
            v(Sekr, Other, Scr, MeetingPlace),
            None,
        ),
        (
            "[W1, decision] whereabouts not even on a screen shown to an actor",
            v(Skydd, Care, Scr, Whereabouts),
            Some("inte ens på skärmen"),
        ),
        (
            "[W1, decision] workplace not even on a screen shown to another actor",
            v(Sekr, Other, Scr, Workplace),
            Some("skärmen"),
        ),
        // What W1 does not cover: the consent engine decides.
        (
            "[W1] the name of a protected person is in the plan",
            v(Skydd, Care, Doc, Name),
            None,
        ),
        (
            "[W1] the plan's content reaches a care actor (consent decides)",
            v(Skydd, Care, Doc, PlanContent),
            None,
        ),
        (
            "[P2] the agreed contact way is given to the actors",
            v(Sekr, Other, Doc, ContactWay),
            None,
        ),
        (
            "[P1] the participating units are named to the actors",
            v(Skydd, Care, Doc, Units),
            None,
        ),
        (
            "[W1] the questions for the meeting reach the invited actors",
            v(Sekr, Other, Doc, Questions),
            None,
        ),
        (
            "[G1] the person's own words not to an alleged perpetrator",
            v(Ingen, Perp, Doc, WhatMatters),
            Some("våldsutövare"),
        ),
        // Fingerade personuppgifter: the identity itself is the secret.
        (
            "[fingerade] the name not in a document to a care actor",
            v(Fing, Care, Doc, Name),
            Some("identiteten"),
        ),
        (
            "[fingerade] the name not even on a screen shown to an actor",
            v(Fing, Other, Scr, Name),
            Some("muntligt"),
        ),
        (
            "[fingerade] the number not to a guardian",
            v(Fing, GUARDIAN, Doc, IdentityNumber),
            Some("identiteten"),
        ),
        (
            "[fingerade] the person's own copy carries the name they use",
            v(Fing, Subj, Doc, Name),
            None,
        ),
        (
            "[fingerade] the worker's screen shows the name",
            v(Fing, Own, Scr, Name),
            None,
        ),
        // Internal: the worker's own screen shows what is stored.
        (
            "[internal] address on the worker's screen",
            v(Skydd, Own, Scr, Address),
            None,
        ),
        (
            "[internal] whereabouts on the worker's screen",
            v(Fing, Own, Scr, Whereabouts),
            None,
        ),
        (
            "[internal] meeting time on the worker's screen",
            v(Sekr, Own, Scr, MeetingTime),
            None,
        ),
        (
            "[internal] the case file carries the children's school",
            v(Skydd, Own, Doc, ChildSchool),
            None,
        ),
        // The person themself gets their own data.
        (
            "[own] the person's own address to them",
            v(Skydd, Subj, Doc, Address),
            None,
        ),
        (
            "[own] the person's own personnummer to them",
            v(Sekr, Subj, Doc, IdentityNumber),
            None,
        ),
        (
            "[own] the person's own workplace to them",
            v(Fing, Subj, Doc, Workplace),
            None,
        ),
        (
            "[own] the person's contact way to them",
            v(Skydd, Subj, Doc, ContactWay),
            None,
        ),
        (
            "[own] the person's phone on a screen to them",
            v(Sekr, Subj, Scr, Phone),
            None,
        ),
        (
            "[own, P3] meeting time not written even to the protected person",
            v(Skydd, Subj, Doc, MeetingTime),
            Some("muntligt"),
        ),
        (
            "[own, P3] whereabouts not in a summary to the protected person",
            v(Sekr, Subj, Sum, Whereabouts),
            Some("fel person"),
        ),
        (
            "[own, P3] meeting place on a screen to the person",
            v(Skydd, Subj, Scr, MeetingPlace),
            None,
        ),
        (
            "[own] an unprotected person's invitation has time and place",
            v(Ingen, Subj, Doc, MeetingTime),
            None,
        ),
        // G1: never to an alleged perpetrator, even without protection level.
        (
            "[G1, JO] workplace not to an alleged perpetrator, no protection level",
            v(Ingen, Perp, Doc, Workplace),
            Some("våldsutövare"),
        ),
        (
            "[G1] the children's school not to an alleged perpetrator",
            v(Ingen, Perp, Doc, ChildSchool),
            Some("våldsutövare"),
        ),
        (
            "[G1] address not even on a screen to an alleged perpetrator",
            v(Ingen, Perp, Scr, Address),
            Some("muntligt"),
        ),
        (
            "[G1] phone not in a summary to an alleged perpetrator",
            v(Ingen, Perp, Sum, Phone),
            Some("våldsutövare"),
        ),
        (
            "[G1] whereabouts not to an alleged perpetrator",
            v(Ingen, Perp, Doc, Whereabouts),
            Some("våldsutövare"),
        ),
        (
            "[G1] meeting time not to an alleged perpetrator",
            v(Ingen, Perp, Doc, MeetingTime),
            Some("våldsutövare"),
        ),
        (
            "[G1] personnummer not to an alleged perpetrator (it finds the address)",
            v(Ingen, Perp, Doc, IdentityNumber),
            Some("våldsutövare"),
        ),
        (
            "[G1] unit names not to an alleged perpetrator",
            v(Ingen, Perp, Doc, Units),
            Some("våldsutövare"),
        ),
        (
            "[G1] the plan's free text not to an alleged perpetrator",
            v(Ingen, Perp, Doc, PlanContent),
            Some("våldsutövare"),
        ),
        (
            "[G1] the contact way not to an alleged perpetrator",
            v(Sekr, Perp, Doc, ContactWay),
            Some("våldsutövare"),
        ),
        (
            "[G1] meeting place not even on a screen to an alleged perpetrator",
            v(Skydd, Perp, Scr, MeetingPlace),
            Some("våldsutövare"),
        ),
        (
            "[G1] the name is not location",
            v(Ingen, Perp, Doc, Name),
            None,
        ),
        (
            "[G1, fingerade] the fictitious name not to an alleged perpetrator",
            v(Fing, Perp, Doc, Name),
            Some("identiteten"),
        ),
        // S1: samråd is de-identified.
        (
            "[S1] no name at samråd",
            v(Ingen, Sam, Sum, Name),
            Some("avidentifierat"),
        ),
        (
            "[S1] no personnummer at samråd, even on screen",
            v(Ingen, Sam, Scr, IdentityNumber),
            Some("avidentifierat"),
        ),
        (
            "[S1] no background text at samråd",
            v(Skydd, Sam, Sum, Background),
            Some("karaktär"),
        ),
        (
            "[S1] no school at samråd",
            v(Ingen, Sam, Doc, ChildSchool),
            Some("avidentifierat"),
        ),
        // Without protection and without a registered perpetrator: consent decides.
        (
            "[consent] an unprotected person's address to a care actor",
            v(Ingen, Care, Doc, Address),
            None,
        ),
        (
            "[consent] the child's school to a guardian with custody",
            v(Ingen, GUARDIAN, Doc, ChildSchool),
            None,
        ),
        (
            "[consent] meeting time in an unprotected person's invitation to an actor",
            v(Ingen, Other, Doc, MeetingTime),
            None,
        ),
    ];
    check_rows(&rows);
    assert_eq!(rows.len(), 59, "update the report's count when rows change");
}

// ---- The case's facts.

const M: PersonId = PersonId(1); // the mother, the SIP's subject
const F: PersonId = PersonId(2); // the father, co-custodian
const C: PersonId = PersonId(3); // their child
const R: PersonId = PersonId(4); // a relative (grandfather)

fn person(id: PersonId, level: ProtectionLevel, is_child: bool) -> PersonFact {
    PersonFact {
        id,
        protection_level: level,
        is_child,
        perpetrator_role: false,
    }
}

fn rel(from: PersonId, kind: RelationKind, to: PersonId) -> RelationFact {
    RelationFact {
        from_person: from,
        to_person: to,
        kind,
        custody: (kind == RelationKind::Vardnadshavare).then_some(true),
    }
}

/// Mother, father and child; both parents guardians with custody.
fn case(m: ProtectionLevel, c: ProtectionLevel, extra: &[RelationFact]) -> CaseFacts {
    let mut relations = vec![
        rel(M, RelationKind::Vardnadshavare, C),
        rel(F, RelationKind::Vardnadshavare, C),
    ];
    relations.extend_from_slice(extra);
    CaseFacts {
        subject: M,
        persons: vec![
            person(M, m, false),
            person(F, Ingen, false),
            person(C, c, true),
            person(R, Ingen, false),
        ],
        relations,
        whereabouts_hidden_from: vec![],
    }
}

/// The Ombudsman's case: nobody has a protection level; the father is registered as alleged
/// perpetrator against the mother.
fn jo_case() -> CaseFacts {
    case(Ingen, Ingen, &[rel(F, RelationKind::UtovareMot, M)])
}

const CARE: Reader = Reader::Actor {
    care: true,
    person: None,
};
const POLICE: Reader = Reader::Actor {
    care: false,
    person: None,
};
const TO_F: Reader = Reader::Person { person: F };
const TO_M: Reader = Reader::Person { person: M };
const TO_R: Reader = Reader::Person { person: R };

#[test]
fn the_case_table() {
    let jo = jo_case();
    let mut hidden = case(Ingen, Ingen, &[]);
    hidden.whereabouts_hidden_from = vec![R];
    // The same, recorded as a relation in the case (vistelseort_skyddad_mot).
    let hidden_by_relation = case(
        Ingen,
        Ingen,
        &[rel(R, RelationKind::VistelseortSkyddadMot, M)],
    );
    // The father has the role "Våldsutövare", but nobody has registered against whom.
    let mut role_only = case(Ingen, Ingen, &[]);
    role_only
        .persons
        .iter_mut()
        .find(|p| p.id == F)
        .unwrap()
        .perpetrator_role = true;
    let protected_mother = case(Skydd, Ingen, &[]);
    let protected_child = case(Ingen, Sekr, &[]);
    let against_child = case(Ingen, Ingen, &[rel(F, RelationKind::UtovareMot, C)]);
    let in_case = visibility_in_case;
    let rows: Vec<(&str, Visibility, Option<&str>)> = vec![
        (
            "[G1, JO] the mother's workplace not to the co-custodian father",
            in_case(&jo, M, &TO_F, Doc, Workplace),
            Some("våldsutövare"),
        ),
        (
            "[G1] the child's school not to the father registered against the mother",
            in_case(&jo, C, &TO_F, Doc, ChildSchool),
            Some("våldsutövare"),
        ),
        (
            "[G1] the child's whereabouts not even on a screen to him",
            in_case(&jo, C, &TO_F, Scr, Whereabouts),
            Some("våldsutövare"),
        ),
        (
            "[G1] the mother's phone not in a summary to him",
            in_case(&jo, M, &TO_F, Sum, Phone),
            Some("våldsutövare"),
        ),
        (
            "[G1] the mother's meeting time not to him",
            in_case(&jo, M, &TO_F, Doc, MeetingTime),
            Some("våldsutövare"),
        ),
        (
            "[G1] the child's name is not location",
            in_case(&jo, C, &TO_F, Doc, Name),
            None,
        ),
        (
            "[G1] a contact who is the registered father is guarded too",
            in_case(
                &jo,
                M,
                &Reader::Actor {
                    care: false,
                    person: Some(F),
                },
                Doc,
                Address,
            ),
            Some("våldsutövare"),
        ),
        (
            "[G1] perpetrator against the child: the mother's workplace not to him",
            in_case(&against_child, M, &TO_F, Doc, Workplace),
            Some("våldsutövare"),
        ),
        (
            "[G1] whereabouts protected from a relative",
            in_case(&hidden, M, &TO_R, Doc, Whereabouts),
            Some("vistelseort är skyddad"),
        ),
        (
            "[G1] … and the child's school too",
            in_case(&hidden, C, &TO_R, Doc, ChildSchool),
            Some("våldsutövare"),
        ),
        (
            "[G1, fail closed] the role Våldsutövare alone guards: no workplace to him",
            in_case(&role_only, M, &TO_F, Doc, Workplace),
            Some("våldsutövare"),
        ),
        (
            "[G1, fail closed] … nor the child's meeting time, on a screen shown to him",
            in_case(&role_only, C, &TO_F, Scr, MeetingTime),
            Some("våldsutövare"),
        ),
        (
            "[G1] whereabouts protected from a relative, recorded as a relation",
            in_case(&hidden_by_relation, M, &TO_R, Scr, Phone),
            Some("vistelseort är skyddad"),
        ),
        (
            "[G1] … also the child's, at no protection level",
            in_case(&hidden_by_relation, C, &TO_R, Doc, MeetingPlace),
            Some("våldsutövare"),
        ),
        (
            "[G1, own] the registered father gets his own address",
            in_case(&jo, F, &TO_F, Doc, Address),
            None,
        ),
        (
            "[G1, children] the children's school is never his 'own' data",
            in_case(&jo, F, &TO_F, Doc, ChildSchool),
            Some("våldsutövare"),
        ),
        (
            "[consent] without protection the mother's workplace may reach a care actor",
            in_case(&jo, M, &CARE, Doc, Workplace),
            None,
        ),
        (
            "[consent] the mother, a guardian, gets the child's school",
            in_case(&jo, C, &TO_M, Doc, ChildSchool),
            None,
        ),
        (
            "[own] the mother gets her own workplace",
            in_case(&jo, M, &TO_M, Doc, Workplace),
            None,
        ),
        (
            "[children] the child's school is protected when the mother is",
            in_case(&protected_mother, C, &CARE, Doc, ChildSchool),
            Some("en förälder till barnet har skyddad folkbokföring"),
        ),
        (
            "[children] the child's whereabouts are protected when the mother is",
            in_case(&protected_mother, C, &POLICE, Sum, Whereabouts),
            Some("barnets uppgifter kan visa var föräldern finns"),
        ),
        (
            "[children] … also from the other guardian, in writing",
            in_case(&protected_mother, C, &TO_F, Doc, ChildSchool),
            Some("förälder till barnet"),
        ),
        (
            "[children] the child's name still reaches the actors",
            in_case(&protected_mother, C, &CARE, Doc, Name),
            None,
        ),
        (
            "[children] a child's own protection level",
            in_case(&protected_child, C, &CARE, Doc, Whereabouts),
            Some("personen har sekretessmarkering"),
        ),
        (
            "[children] a parent's address can show where the protected child lives",
            in_case(&protected_child, M, &POLICE, Doc, Address),
            Some("ett barn till personen har sekretessmarkering"),
        ),
        (
            "[internal] the worker sees the child's school",
            in_case(&protected_mother, C, &Reader::Internal, Scr, ChildSchool),
            None,
        ),
        (
            "[S1] samråd gets no name of anyone in the case",
            in_case(&jo, C, &Reader::Samrad, Sum, Name),
            Some("avidentifierat"),
        ),
        (
            "[unknown] data about a person not in the case goes to no one else",
            in_case(&jo, PersonId(99), &CARE, Doc, Name),
            Some("Kontrollera vem uppgiften gäller"),
        ),
        (
            "[unknown] … not even to a reader with the same id",
            in_case(
                &jo,
                PersonId(99),
                &Reader::Person {
                    person: PersonId(99),
                },
                Doc,
                Name,
            ),
            Some("Kontrollera vem uppgiften gäller"),
        ),
        (
            "[unknown, internal] the worker still sees it",
            in_case(&jo, PersonId(99), &Reader::Internal, Scr, Name),
            None,
        ),
    ];
    check_rows(&rows);
    assert_eq!(rows.len(), 30, "update the report's count when rows change");
}

/// "Vad mottagaren ser" for the Ombudsman's case: the father gets the mother's name and
/// nothing else of hers; a care actor gets everything (consent decides).
#[test]
fn what_the_father_sees_in_the_ombudsmans_case() {
    let jo = jo_case();
    let sees = super::what_the_reader_sees(&jo, M, &TO_F, Doc);
    assert_eq!(sees.len(), Field::ALL.len());
    let shown: Vec<Field> = sees
        .iter()
        .filter(|s| s.visibility.is_shown())
        .map(|s| s.field)
        .collect();
    assert_eq!(shown, vec![Name]);
    assert!(super::what_the_reader_sees(&jo, M, &CARE, Doc)
        .iter()
        .all(|s| s.visibility.is_shown()));
}

// ---- Exhaustive matrices: nothing forbidden is ever Shown.

/// The safety invariants, stated once, for a resolved audience.
fn assert_safe(level: ProtectionLevel, a: Audience, m: Medium, f: Field, got: &Visibility) {
    let what = format!("{level:?} {a:?} {m:?} {f:?}: {got:?}");
    if a == Audience::Samrad {
        assert!(!got.is_shown(), "samråd is de-identified: {what}");
    }
    if a == Audience::AllegedPerpetrator && NEVER_TO_PERPETRATOR.contains(&f) {
        assert!(!got.is_shown(), "never to an alleged perpetrator: {what}");
    }
    if a.is_external() && level.is_protected() && m.is_written() {
        if NEVER_WRITTEN_TO_OTHERS.contains(&f) {
            assert!(!got.is_shown(), "never in writing to others: {what}");
        }
        if level == ProtectionLevel::FingeradePersonuppgifter && f == Field::Name {
            assert!(!got.is_shown(), "the fictitious identity: {what}");
        }
    }
    if a == Audience::Internal {
        assert!(got.is_shown(), "the worker sees what is stored: {what}");
    }
    if let Visibility::Removed { reason } = got {
        assert!(
            reason.starts_with(f.label()) && reason.ends_with('.'),
            "the reason names the field and is a sentence: {what}"
        );
    }
}

#[test]
fn every_combination_is_safe() {
    let mut count = 0;
    let mut removed = 0;
    for &level in ProtectionLevel::ALL {
        for a in Audience::ALL {
            for m in Medium::ALL {
                for f in Field::ALL {
                    let got = visibility(level, &a, m, f);
                    assert_safe(level, a, m, f, &got);
                    count += 1;
                    removed += usize::from(!got.is_shown());
                }
            }
        }
    }
    println!(
        "leak matrix (level × audience × medium × field): {count} combinations, {removed} removed"
    );
    assert_eq!(count, 4 * 9 * 3 * 16);
}

/// Every reader of a small case, for every protection of mother and child, every registered
/// perpetrator: a guarded reader never gets the guarded fields of anyone, and a written copy to
/// anyone else never carries W1 fields of a person who is (or whose parent or child is)
/// protected.
#[test]
fn every_case_combination_is_safe() {
    let guards: [(&str, Vec<RelationFact>, Vec<PersonId>); 5] = [
        ("none", vec![], vec![]),
        ("F→M", vec![rel(F, RelationKind::UtovareMot, M)], vec![]),
        ("F→C", vec![rel(F, RelationKind::UtovareMot, C)], vec![]),
        ("R→M", vec![rel(R, RelationKind::UtovareMot, M)], vec![]),
        ("hidden from R", vec![], vec![R]),
    ];
    let readers = [
        Reader::Internal,
        Reader::Samrad,
        TO_M,
        TO_F,
        Reader::Person { person: C },
        TO_R,
        CARE,
        POLICE,
        Reader::Actor {
            care: true,
            person: Some(F),
        },
        Reader::Actor {
            care: false,
            person: Some(R),
        },
    ];
    let mut count = 0;
    for &ml in ProtectionLevel::ALL {
        for &cl in ProtectionLevel::ALL {
            for (name, extra, hidden) in &guards {
                let mut facts = case(ml, cl, extra);
                facts.whereabouts_hidden_from = hidden.clone();
                for about in [M, F, C, R] {
                    for reader in &readers {
                        for m in Medium::ALL {
                            for f in Field::ALL {
                                let got = visibility_in_case(&facts, about, reader, m, f);
                                let what = format!(
                                    "M {ml:?} C {cl:?} {name} about {about:?} {reader:?} {m:?} {f:?}: {got:?}"
                                );
                                if o_guarded(&facts, reader, about, f) {
                                    assert!(
                                        !(NEVER_TO_PERPETRATOR.contains(&f) && got.is_shown()),
                                        "guarded: {what}"
                                    );
                                }
                                let protected = o_level(&facts, about).is_protected();
                                if protected
                                    && m.is_written()
                                    && o_external(reader, about)
                                    && NEVER_WRITTEN_TO_OTHERS.contains(&f)
                                {
                                    assert!(!got.is_shown(), "W1: {what}");
                                }
                                count += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    println!("case leak matrix (mother level × child level × guard × about × reader × medium × field): {count} combinations");
    assert_eq!(count, 4 * 4 * 5 * 4 * 10 * 3 * 16);
}

// ---- The independent oracle.

const PARENT_KINDS: [RelationKind; 2] = [RelationKind::Foralder, RelationKind::Vardnadshavare];

/// The reader is a guarded person (perpetrator anywhere in the case, or hidden from), and the
/// field is not their own data (their own data except the children's school).
fn o_guarded(facts: &CaseFacts, reader: &Reader, about: PersonId, f: Field) -> bool {
    let person = match *reader {
        Reader::Person { person } => Some(person),
        Reader::Actor { person, .. } => person,
        Reader::Internal | Reader::Samrad => None,
    };
    let Some(p) = person else { return false };
    let guarded = facts.whereabouts_hidden_from.contains(&p)
        || facts
            .persons
            .iter()
            .any(|x| x.id == p && x.perpetrator_role)
        || facts.relations.iter().any(|r| {
            matches!(
                r.kind,
                RelationKind::UtovareMot | RelationKind::VistelseortSkyddadMot
            ) && r.from_person == p
        });
    let own = matches!(*reader, Reader::Person { person } if person == about) && f != ChildSchool;
    guarded && !own
}

/// The highest level among `about` and everyone directly parent or child of them.
fn o_level(facts: &CaseFacts, about: PersonId) -> ProtectionLevel {
    let level = |p: PersonId| {
        facts
            .persons
            .iter()
            .find(|x| x.id == p)
            .map_or(Fing, |x| x.protection_level)
    };
    let mut related = vec![about];
    for r in &facts.relations {
        if PARENT_KINDS.contains(&r.kind) {
            if r.to_person == about {
                related.push(r.from_person);
            }
            if r.from_person == about {
                related.push(r.to_person);
            }
        }
    }
    related.into_iter().map(level).max().unwrap_or(Fing)
}

fn o_external(reader: &Reader, about: PersonId) -> bool {
    match *reader {
        Reader::Internal => false,
        Reader::Person { person } => person != about,
        Reader::Actor { .. } | Reader::Samrad => true,
    }
}

/// Shown or not, from the two sets ("never in writing for others", "never to an alleged
/// perpetrator") and the decisions in the module's documentation.
fn oracle(facts: &CaseFacts, about: PersonId, reader: &Reader, m: Medium, f: Field) -> bool {
    let level = o_level(facts, about);
    let fing = level == Fing;
    let written = m != Scr;
    match reader {
        Reader::Internal => return true,
        Reader::Samrad => return false,
        _ => {}
    }
    if !facts.persons.iter().any(|p| p.id == about) {
        return false;
    }
    if o_guarded(facts, reader, about, f) {
        return f == Name && !fing;
    }
    if !o_external(reader, about) {
        return !(level != Ingen
            && written
            && [MeetingPlace, MeetingTime, Whereabouts].contains(&f));
    }
    if level == Ingen {
        return true;
    }
    if fing && (f == Name || f == IdentityNumber) {
        return false;
    }
    let w1 = [
        IdentityNumber,
        Address,
        Phone,
        Email,
        Workplace,
        ChildSchool,
        MeetingPlace,
        MeetingTime,
        Whereabouts,
    ];
    !w1.contains(&f) || (!written && (f == MeetingPlace || f == MeetingTime))
}

fn arb_level() -> impl Strategy<Value = ProtectionLevel> {
    prop::sample::select(ProtectionLevel::ALL.to_vec())
}

fn arb_person() -> impl Strategy<Value = PersonId> {
    prop::sample::select(vec![M, F, C, R, PersonId(5)])
}

fn arb_relation() -> impl Strategy<Value = RelationFact> {
    (
        arb_person(),
        prop::sample::select(RelationKind::ALL.to_vec()),
        arb_person(),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(from, kind, to, custody)| RelationFact {
            from_person: from,
            to_person: to,
            kind,
            custody,
        })
}

fn arb_reader() -> impl Strategy<Value = Reader> {
    prop_oneof![
        Just(Reader::Internal),
        Just(Reader::Samrad),
        arb_person().prop_map(|person| Reader::Person { person }),
        (any::<bool>(), prop::option::of(arb_person()))
            .prop_map(|(care, person)| Reader::Actor { care, person }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// Random levels, relations (any kind between any two of five persons, one of them not in
    /// the case), hidden-from lists, readers, media and fields: `visibility_in_case` agrees with
    /// the oracle, and nothing in the two forbidden sets is ever shown.
    #[test]
    fn visibility_agrees_with_the_oracle(
        levels in prop::collection::vec(arb_level(), 4),
        relations in prop::collection::vec(arb_relation(), 0..6),
        hidden in prop::collection::vec(arb_person(), 0..2),
        about in arb_person(),
        reader in arb_reader(),
        m in prop::sample::select(Medium::ALL.to_vec()),
        f in prop::sample::select(Field::ALL.to_vec()),
    ) {
        let facts = CaseFacts {
            subject: M,
            persons: [M, F, C, R].iter().zip(&levels).map(|(id, l)| person(*id, *l, *id == C)).collect(),
            relations,
            whereabouts_hidden_from: hidden,
        };
        let got = visibility_in_case(&facts, about, &reader, m, f);
        prop_assert_eq!(got.is_shown(), oracle(&facts, about, &reader, m, f), "{:?} {:?} {:?} {:?} {:?}", about, reader, m, f, got);
        if o_guarded(&facts, &reader, about, f) && NEVER_TO_PERPETRATOR.contains(&f) {
            prop_assert!(!got.is_shown());
        }
        if o_level(&facts, about).is_protected() && m.is_written() && o_external(&reader, about) && NEVER_WRITTEN_TO_OTHERS.contains(&f) {
            prop_assert!(!got.is_shown());
        }
    }

    /// The level-only function agrees with the same oracle for a resolved audience.
    #[test]
    fn level_visibility_agrees_with_the_oracle(
        level in arb_level(),
        a in prop::sample::select(Audience::ALL.to_vec()),
        m in prop::sample::select(Medium::ALL.to_vec()),
        f in prop::sample::select(Field::ALL.to_vec()),
    ) {
        // The audience as a one-person case: the subject alone, a reader of each kind.
        let mut facts = case(level, Ingen, &[]);
        facts.relations.clear();
        let reader = match a {
            Audience::Internal => Reader::Internal,
            Audience::Samrad => Reader::Samrad,
            Audience::Subject => TO_M,
            Audience::CareActor => CARE,
            Audience::OtherActor => POLICE,
            Audience::Guardian { custody } => {
                facts.relations.push(RelationFact { from_person: F, to_person: M, kind: RelationKind::Vardnadshavare, custody: Some(custody) });
                TO_F
            }
            Audience::Relative => TO_R,
            Audience::AllegedPerpetrator => {
                facts.relations.push(rel(F, RelationKind::UtovareMot, M));
                TO_F
            }
        };
        prop_assert_eq!(facts.audience(M, &reader, f), a);
        prop_assert_eq!(visibility(level, &a, m, f).is_shown(), oracle(&facts, M, &reader, m, f));
    }
}

// ---- Inviting.

#[test]
fn the_invite_table() {
    let plain = case(Ingen, Ingen, &[]);
    let protected = case(Skydd, Ingen, &[]);
    let mut child_subject = case(Ingen, Ingen, &[]);
    child_subject.subject = C;
    let mut child_of_protected = case(Fing, Ingen, &[]);
    child_of_protected.subject = C;
    let jo = jo_case();
    let mut perpetrator_subject = jo_case();
    perpetrator_subject.subject = F;
    let mut against_child = case(Ingen, Ingen, &[rel(F, RelationKind::UtovareMot, C)]);
    against_child.subject = C;
    let mut hidden = case(Sekr, Ingen, &[]);
    hidden.whereabouts_hidden_from = vec![R];
    let mut both = jo_case();
    both.persons[0].protection_level = Sekr;

    let contact = Candidate {
        person: None,
        temporary: false,
    };
    let trainee = Candidate {
        person: None,
        temporary: true,
    };
    let father = Candidate {
        person: Some(F),
        temporary: false,
    };
    // (rule, decision, expected kind, words the reason contains)
    let rows: Vec<(&str, InviteDecision, &str, &[&str])> = vec![
        ("[P1] a regular contact to a protected person's SIP", invite_check(&protected, &contact), "allowed", &[]),
        ("[P1] a trainee or temporary staff member for a protected person is refused", invite_check(&protected, &trainee), "refused", &["praktikant", "ordinarie kontakt"]),
        ("[P1] a trainee for a person without protection is allowed", invite_check(&plain, &trainee), "allowed", &[]),
        ("[P1, children] a trainee for a child whose mother has fingerade personuppgifter", invite_check(&child_of_protected, &trainee), "refused", &["vikarier"]),
        ("[P1] a trainee for a child without protection", invite_check(&child_subject, &trainee), "allowed", &[]),
        ("[G1, JO] the co-custodian registered as perpetrator: warn, record the decision", invite_check(&jo, &father), "warn", &["våldsutövare", "skriv ner beslutet"]),
        ("[G1] a guardian registered as perpetrator against the child", invite_check(&against_child, &father), "warn", &["nödvändigt och säkert"]),
        ("[G1] a relative the whereabouts are protected from", invite_check(&hidden, &Candidate { person: Some(R), temporary: false }), "warn", &["vistelseorten är skyddad"]),
        ("[G1] a guardian not registered as perpetrator", invite_check(&plain, &father), "allowed", &[]),
        ("[G1] the subject of a perpetrator's own SIP is invited to it", invite_check(&perpetrator_subject, &father), "allowed", &[]),
        ("[P1, G1] a temporary contact who is the registered perpetrator: refused with both reasons", invite_check(&both, &Candidate { person: Some(F), temporary: true }), "refused", &["praktikant", "våldsutövare"]),
        ("[G1] the mother herself, not a perpetrator", invite_check(&jo, &Candidate { person: Some(M), temporary: false }), "allowed", &[]),
    ];
    let mut failures = Vec::new();
    for (rule, got, kind, words) in &rows {
        let (k, reason) = match got {
            InviteDecision::Allowed => ("allowed", ""),
            InviteDecision::Warn { reason } => ("warn", reason.as_str()),
            InviteDecision::RefusedUnlessOverridden { reason } => ("refused", reason.as_str()),
        };
        let ok = k == *kind
            && words.iter().all(|w| reason.contains(w))
            && (reason.is_empty() || reason.ends_with('.'));
        if !ok {
            failures.push(format!("{rule}: expected {kind} {words:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(rows.len(), 12);
}

/// The rules' answers as the message the user reads (the rows check what it asks for).
fn may_proceed(d: &InviteDecision, recorded: &str) -> Result<(), String> {
    super::may_proceed(d, recorded).map_err(|r| r.to_string())
}

fn may_mark_held(
    protected: bool,
    c: &MeetingSafetyChecklist,
    digital_or_hybrid: bool,
) -> Result<(), String> {
    super::may_mark_held(protected, c, digital_or_hybrid).map_err(|r| r.to_string())
}

#[test]
fn a_warning_or_refusal_needs_a_recorded_reason() {
    let warn = InviteDecision::Warn { reason: "x".into() };
    let refused = InviteDecision::RefusedUnlessOverridden { reason: "x".into() };
    let good = "Pappan behöver delta för barnets skull; beslut av förste socialsekreterare.";
    let rows: Vec<(&str, Result<(), String>, Option<&str>)> = vec![
        (
            "allowed needs nothing",
            may_proceed(&InviteDecision::Allowed, ""),
            None,
        ),
        (
            "a warning without a decision",
            may_proceed(&warn, ""),
            Some("beslutet och skälet"),
        ),
        (
            "a warning with only 'ok'",
            may_proceed(&warn, "  ok  "),
            Some("historik"),
        ),
        ("a warning with a decision", may_proceed(&warn, good), None),
        (
            "a refusal without a reason",
            may_proceed(&refused, "   \n "),
            Some("varför just den här kontakten"),
        ),
        (
            "a refusal with punctuation only",
            may_proceed(&refused, "!!!!!!!!!!!!!!!!"),
            Some("varför"),
        ),
        (
            "a refusal with a reason",
            may_proceed(
                &refused,
                "Ordinarie tolk saknas, vikarien har tystnadsplikt.",
            ),
            None,
        ),
        (
            "a reason too long",
            may_proceed(&refused, &"a".repeat(4001)),
            Some("för långt"),
        ),
    ];
    for (rule, got, want) in rows {
        match (&got, want) {
            (Ok(()), None) => {}
            (Err(e), Some(w)) if e.contains(w) && e.ends_with('.') => {}
            _ => panic!("{rule}: expected {want:?}, got {got:?}"),
        }
    }
    assert_eq!(MIN_REASON_LETTERS, 10);
}

// ---- The meeting-safety checklist.

fn all_done() -> MeetingSafetyChecklist {
    MeetingSafetyChecklist {
        time_and_place_given_orally: true,
        flight_mode: true,
        no_temporary_staff: true,
        no_names_or_places_said: true,
        person_not_on_camera: true,
        contact_route_agreed: true,
    }
}

fn physical_done() -> MeetingSafetyChecklist {
    MeetingSafetyChecklist {
        no_names_or_places_said: false,
        person_not_on_camera: false,
        ..all_done()
    }
}

#[test]
fn the_checklist_table() {
    let empty = MeetingSafetyChecklist::default();
    let rows: Vec<(&str, Result<(), String>, &[&str])> = vec![
        (
            "no protection: nothing to go through",
            may_mark_held(false, &empty, false),
            &[],
        ),
        (
            "no protection, digital: nothing to go through",
            may_mark_held(false, &empty, true),
            &[],
        ),
        (
            "[P1–P4] physical meeting with the physical points done",
            may_mark_held(true, &physical_done(), false),
            &[],
        ),
        (
            "[P4] physical meeting without flight mode",
            may_mark_held(
                true,
                &MeetingSafetyChecklist {
                    flight_mode: false,
                    ..physical_done()
                },
                false,
            ),
            &["flygplansläge"],
        ),
        (
            "[P5] hybrid meeting without the hybrid points",
            may_mark_held(true, &physical_done(), true),
            &["sades inte", "kameran"],
        ),
        (
            "[P5] hybrid meeting with every point done",
            may_mark_held(true, &all_done(), true),
            &[],
        ),
        (
            "[P5] hybrid meeting with the person on camera",
            may_mark_held(
                true,
                &MeetingSafetyChecklist {
                    person_not_on_camera: false,
                    ..all_done()
                },
                true,
            ),
            &["kameran"],
        ),
        (
            "[P4] digital meeting: flight mode for the other devices",
            may_mark_held(
                true,
                &MeetingSafetyChecklist {
                    flight_mode: false,
                    ..all_done()
                },
                true,
            ),
            &["som inte används för mötet"],
        ),
        (
            "[P1] a trainee took part",
            may_mark_held(
                true,
                &MeetingSafetyChecklist {
                    no_temporary_staff: false,
                    ..all_done()
                },
                false,
            ),
            &["praktikanter"],
        ),
        (
            "[P2] no contact route agreed",
            may_mark_held(
                true,
                &MeetingSafetyChecklist {
                    contact_route_agreed: false,
                    ..all_done()
                },
                false,
            ),
            &["kontakten sker mellan mötena"],
        ),
        (
            "[P3] time and place were written",
            may_mark_held(
                true,
                &MeetingSafetyChecklist {
                    time_and_place_given_orally: false,
                    ..all_done()
                },
                false,
            ),
            &["muntligt"],
        ),
        (
            "[P1–P5] nothing done at a hybrid meeting: all six points",
            may_mark_held(true, &empty, true),
            &[
                "muntligt",
                "flygplansläge",
                "praktikanter",
                "sades inte",
                "kameran",
                "mellan mötena",
            ],
        ),
    ];
    for (rule, got, words) in &rows {
        match got {
            Ok(()) => assert!(
                words.is_empty(),
                "{rule}: expected a refusal with {words:?}"
            ),
            Err(e) => assert!(
                !words.is_empty() && words.iter().all(|w| e.contains(w)) && e.ends_with('.'),
                "{rule}: {e}"
            ),
        }
    }
    assert_eq!(rows.len(), 12);
}

/// Every checklist × protection × meeting form: held only when every point that applies is
/// done, and the physical meeting never asks for the hybrid points.
#[test]
fn every_checklist_combination() {
    let mut count = 0;
    for bits in 0u8..64 {
        let c = MeetingSafetyChecklist {
            time_and_place_given_orally: bits & 1 != 0,
            flight_mode: bits & 2 != 0,
            no_temporary_staff: bits & 4 != 0,
            no_names_or_places_said: bits & 8 != 0,
            person_not_on_camera: bits & 16 != 0,
            contact_route_agreed: bits & 32 != 0,
        };
        for protected in [false, true] {
            for hybrid in [false, true] {
                let base = c.time_and_place_given_orally
                    && c.flight_mode
                    && c.no_temporary_staff
                    && c.contact_route_agreed;
                let hybrid_points = c.no_names_or_places_said && c.person_not_on_camera;
                let expect = !protected || (base && (!hybrid || hybrid_points));
                assert_eq!(
                    may_mark_held(protected, &c, hybrid).is_ok(),
                    expect,
                    "{c:?} protected {protected} hybrid {hybrid}"
                );
                assert_eq!(checklist_items(&c, hybrid).len(), 6);
                count += 1;
            }
        }
    }
    assert_eq!(count, 256);
}
