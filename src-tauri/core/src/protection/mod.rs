//! The protection rules: what a screen, document or summary addressed to a recipient may carry
//! about a person, whom a protected person's SIP may invite, and what must be gone through
//! before a protected person's meeting is marked held. Pure functions of data: no database, no
//! clock. Every refusal is a Swedish sentence the UI shows as it is ("Vad mottagaren ser").
//!
//! Sources ([003] = the regional agreement's "Skyddade personuppgifter i SIP", summarised in
//! docs/DOMAIN.md, "Protected personal data in a SIP"):
//! - P1 "Consider carefully **who is invited**; e.g. do **not** include trainees
//!   (*praktikanter*) or temporary staff."
//! - P2 "Agree with the person **how contact happens between meetings**."
//! - P3 "Share sensitive information such as **time and place of meetings orally, not in
//!   writing**."
//! - P4 "At physical meetings the person uses **flight mode** on phones and other devices."
//! - P5 "At hybrid meetings **do not say the person's name or names of places** where they may
//!   be; **do not show the person on camera**."
//! - S1 (samråd) [001]: "A case is brought with the person's consent … or **de-identified**: the
//!   official who brings it must make sure no sensitive personal data is revealed — talk about
//!   the character of the case, not details."
//! - G1 (issue 6, the guardian–perpetrator guard, after the Parliamentary Ombudsman's criticism
//!   of a social service that sent a mother's workplace to the co-custodian father): "when a
//!   guardian or any invited person is registered as alleged perpetrator against the person (or
//!   the person's whereabouts are protected from them), the app refuses to put the person's or
//!   the children's location, contact details, workplace or school into anything addressed to
//!   them, warns before they are invited, and records the decision."
//! - W1 (issue 6): "Address, phone, e-mail, personnummer, workplace, the children's school or
//!   preschool, meeting place and time, and the person's whereabouts are never put in writing
//!   for external recipients" (for a protected person, any protection level).
//!
//! Decisions (documented here, tested in `tests.rs`):
//! - **Fingerade personuppgifter.** With fingerade personuppgifter the new identity itself is
//!   the secret: whoever learns the name and number the person now uses can find them. A SIP
//!   document is about violence, so any copy that leaks links the new identity to the old life.
//!   The name and the number are therefore removed for everyone but the worker's own screen and
//!   the person themself, in every medium; the one who calls says the name orally. Tryggplan
//!   stores only the identity the person uses now (the fictitious one); the real, earlier
//!   identity is never entered.
//! - **Children.** A child's school or whereabouts reveal where the parent lives, and the
//!   reverse: a person's effective level is the highest of their own and that of their parents,
//!   guardians and children in the case (direct relations only, not transitively).
//!   [`Field::ChildSchool`] is always the data of the children: it is never "own data" of a
//!   parent who is registered as perpetrator.
//! - **Whom the guard covers.** A person is guarded against when they are registered as alleged
//!   perpetrator against *anyone* in the case (a superset of "the subject or one of the
//!   children"), or has the role Våldsutövare in the case even when nobody has registered
//!   against whom (fail closed: the relation is easily forgotten, the role is entered with the
//!   person), or the case records that the whereabouts are protected from them (the relation
//!   `vistelseort_skyddad_mot`). Such a
//!   recipient gets no location, contact detail, workplace, school, meeting time or place,
//!   unit names, identity number or free text, in any medium, at any protection level.
//! - **Screen vs writing.** [`Medium::Screen`] is shown, not handed over (the worker's own
//!   screen, or a screen shown to someone in the room); [`Medium::Document`] and
//!   [`Medium::Summary`] are writing the recipient keeps. Meeting time and place may be on a
//!   screen shown to a participant (that is the oral channel of P3); the other location and
//!   contact data of a protected person are not shown to anyone else even on a screen.
//! - **The person themself** gets their own data, but for a protected person the meeting time,
//!   the meeting place and the whereabouts are not written even to them (P3: a paper can be
//!   found by the wrong person).
//! - **The hybrid points** (no names or places said, no camera) are required only for digital
//!   or hybrid meetings; flight mode for every meeting (at a digital or hybrid meeting: every
//!   device not used for the meeting). Ticking points that do not apply trains people to tick
//!   without reading.

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::PersonId;
use crate::person::{Person, Relation, MAX_TEXT};
use crate::refusal::Refusal;
use crate::vocab::{ProtectionLevel, RelationKind};

// ---------------------------------------------------------------------------------------------
// Fields, audiences, media
// ---------------------------------------------------------------------------------------------

/// A piece of data about a person that a screen, document or summary may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ProtectedField")]
pub enum Field {
    Name,
    /// Personnummer or samordningsnummer.
    IdentityNumber,
    Address,
    Phone,
    Email,
    Workplace,
    /// The children's school or preschool.
    ChildSchool,
    MeetingPlace,
    MeetingTime,
    /// Where the person stays: shelter (skyddat boende), placement, temporary address.
    Whereabouts,
    /// How the person is contacted between meetings (P2).
    ContactWay,
    /// The names of the units and contact persons taking part (a unit's name can tell where
    /// someone is: "Vårdcentralen X").
    Units,
    /// "Vad är viktigt för dig?" in the person's words (preparation, plan).
    WhatMatters,
    /// Background and current situation (preparation).
    Background,
    /// The questions for the meeting (the invitation).
    Questions,
    /// The plan's needs, goals, interventions and own actions.
    PlanContent,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Name,
        Field::IdentityNumber,
        Field::Address,
        Field::Phone,
        Field::Email,
        Field::Workplace,
        Field::ChildSchool,
        Field::MeetingPlace,
        Field::MeetingTime,
        Field::Whereabouts,
        Field::ContactWay,
        Field::Units,
        Field::WhatMatters,
        Field::Background,
        Field::Questions,
        Field::PlanContent,
    ];

    /// The Swedish name, as the subject of "… visas inte".
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Namnet",
            Field::IdentityNumber => "Personnumret",
            Field::Address => "Adressen",
            Field::Phone => "Telefonnumret",
            Field::Email => "E-postadressen",
            Field::Workplace => "Arbetsplatsen",
            Field::ChildSchool => "Barnens skola eller förskola",
            Field::MeetingPlace => "Platsen för mötet",
            Field::MeetingTime => "Tiden för mötet",
            Field::Whereabouts => "Vistelseorten",
            Field::ContactWay => "Kontaktvägen",
            Field::Units => "Enheternas och kontaktpersonernas namn",
            Field::WhatMatters => "”Vad är viktigt för dig?”",
            Field::Background => "Bakgrunden",
            Field::Questions => "Frågorna till mötet",
            Field::PlanContent => "Planens innehåll",
        }
    }
}

/// W1: never put in writing for anyone but the worker and the person themself when the person
/// is protected (any level).
pub const NEVER_WRITTEN_TO_OTHERS: [Field; 9] = [
    Field::IdentityNumber,
    Field::Address,
    Field::Phone,
    Field::Email,
    Field::Workplace,
    Field::ChildSchool,
    Field::MeetingPlace,
    Field::MeetingTime,
    Field::Whereabouts,
];

/// G1: never in anything addressed to a recipient the person is guarded against, at any level,
/// in any medium: W1, and the contact way, the unit names and every free text (a free text can
/// name a shelter, a school or a town; the guardian's right to know which interventions are
/// planned is given in a separate, reviewed letter).
pub const NEVER_TO_PERPETRATOR: [Field; 15] = [
    Field::IdentityNumber,
    Field::Address,
    Field::Phone,
    Field::Email,
    Field::Workplace,
    Field::ChildSchool,
    Field::MeetingPlace,
    Field::MeetingTime,
    Field::Whereabouts,
    Field::ContactWay,
    Field::Units,
    Field::WhatMatters,
    Field::Background,
    Field::Questions,
    Field::PlanContent,
];

/// P3: sensitive information given orally, even to the person themself.
pub const ORAL_ONLY: [Field; 3] = [Field::MeetingPlace, Field::MeetingTime, Field::Whereabouts];

/// Whom a screen, document or summary is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Audience {
    /// The worker's own screen and the case file.
    Internal,
    /// The person the data is about.
    Subject,
    /// A participant from social services or health care, inside the consent.
    CareActor,
    /// Another actor: police, school, Försäkringskassan, kvinnojour, …
    OtherActor,
    /// A guardian (vårdnadshavare) of the subject or of one of the children, with or without
    /// custody, not registered as alleged perpetrator.
    Guardian { custody: bool },
    /// Another private person in the case (närstående), not registered as alleged perpetrator.
    Relative,
    /// Anyone (guardian, närstående, a contact) registered as alleged perpetrator against a
    /// person in the case, or from whom the whereabouts are protected.
    AllegedPerpetrator,
    /// A consultation meeting (samråd), de-identified.
    Samrad,
}

impl Audience {
    pub const ALL: [Audience; 9] = [
        Audience::Internal,
        Audience::Subject,
        Audience::CareActor,
        Audience::OtherActor,
        Audience::Guardian { custody: true },
        Audience::Guardian { custody: false },
        Audience::Relative,
        Audience::AllegedPerpetrator,
        Audience::Samrad,
    ];

    /// Anyone but the worker and the person themself.
    pub fn is_external(self) -> bool {
        !matches!(self, Audience::Internal | Audience::Subject)
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Internal => "Handläggarens egen skärm",
            Audience::Subject => "Personen själv",
            Audience::CareActor => "Socialtjänst eller hälso- och sjukvård i SIP:en",
            Audience::OtherActor => "Annan aktör",
            Audience::Guardian { custody: true } => "Vårdnadshavare",
            Audience::Guardian { custody: false } => "Förälder utan vårdnad",
            Audience::Relative => "Närstående",
            Audience::AllegedPerpetrator => "Uppgiven våldsutövare",
            Audience::Samrad => "Samråd (avidentifierat)",
        }
    }
}

/// How the data reaches the audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Medium {
    /// Shown, not handed over: the worker's own screen, or a screen shown to someone present.
    Screen,
    /// A PDF, a print or a letter the recipient keeps.
    Document,
    /// A written summary (a case summary, the samråd summary): writing, often passed on.
    Summary,
}

impl Medium {
    pub const ALL: [Medium; 3] = [Medium::Screen, Medium::Document, Medium::Summary];

    /// Document and summary are writing; a screen is not.
    pub fn is_written(self) -> bool {
        !matches!(self, Medium::Screen)
    }
}

/// Whether a field appears, and if not, why (in Swedish, for "Vad mottagaren ser").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Visibility {
    Shown,
    Removed { reason: String },
}

impl Visibility {
    pub fn is_shown(&self) -> bool {
        matches!(self, Visibility::Shown)
    }
}

fn removed(reason: String) -> Visibility {
    Visibility::Removed { reason }
}

/// Where a person's effective protection level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Own,
    /// A parent or guardian of the person (the person is a child).
    Parent,
    /// A child of the person.
    Child,
    /// The person is not in the case: treated as the highest level.
    Unknown,
}

fn protected_because(level: ProtectionLevel, whose: Whose) -> String {
    let level = level.label().to_lowercase();
    match whose {
        Whose::Own => format!("personen har {level}"),
        Whose::Parent => format!(
            "en förälder till barnet har {level}, och barnets uppgifter kan visa var föräldern finns"
        ),
        Whose::Child => format!(
            "ett barn till personen har {level}, och förälderns uppgifter kan visa var barnet finns"
        ),
        Whose::Unknown => "personen finns inte bland ärendets personer".into(),
    }
}

/// The one decision, for a level (and where it comes from) and a resolved audience.
fn decide(
    level: ProtectionLevel,
    whose: Whose,
    audience: Audience,
    medium: Medium,
    field: Field,
) -> Visibility {
    let what = field.label();
    let fingerade = level == ProtectionLevel::FingeradePersonuppgifter;
    let fingerade_identity = || {
        removed(format!(
            "{what} visas inte: {}, och det är identiteten som skyddas. Den som kallar säger \
             namnet muntligt.",
            protected_because(level, whose)
        ))
    };
    match audience {
        // The worker's own screen and the case file: what is stored may be seen (a protected
        // person's address and phone are never stored at all, see `person::validate`).
        Audience::Internal => Visibility::Shown,
        // S1: de-identified; every field here is identifying or free text.
        Audience::Samrad => removed(format!(
            "{what} visas inte: ärenden tas upp avidentifierat på samråd. Beskriv ärendets \
             karaktär, inte detaljer."
        )),
        // G1, at every level and in every medium.
        Audience::AllegedPerpetrator => {
            if NEVER_TO_PERPETRATOR.contains(&field) {
                removed(format!(
                    "{what} visas inte: mottagaren är registrerad som uppgiven våldsutövare i \
                     ärendet, eller personens vistelseort är skyddad mot mottagaren. Lämna inte \
                     heller uppgiften muntligt."
                ))
            } else if fingerade {
                fingerade_identity()
            } else {
                Visibility::Shown
            }
        }
        // The person's own data; P3 even for them.
        Audience::Subject => {
            if level.is_protected() && medium.is_written() && ORAL_ONLY.contains(&field) {
                removed(format!(
                    "{what} skrivs inte ut: {}. Sådant lämnas muntligt, inte skriftligt, \
                     eftersom ett papper kan hittas av fel person.",
                    protected_because(level, whose)
                ))
            } else {
                Visibility::Shown
            }
        }
        Audience::CareActor
        | Audience::OtherActor
        | Audience::Guardian { .. }
        | Audience::Relative => {
            if !level.is_protected() {
                // Whether the actor may receive it at all is the consent engine's question.
                return Visibility::Shown;
            }
            if fingerade && matches!(field, Field::Name | Field::IdentityNumber) {
                return fingerade_identity();
            }
            if !NEVER_WRITTEN_TO_OTHERS.contains(&field) {
                return Visibility::Shown;
            }
            if medium.is_written() {
                let tail = if matches!(field, Field::MeetingPlace | Field::MeetingTime) {
                    "Tid och plats lämnas muntligt av den som kallar, inte skriftligt."
                } else {
                    "Uppgifter om var personen finns och hur personen nås lämnas aldrig \
                     skriftligt till andra."
                };
                removed(format!(
                    "{what} visas inte: {}. {tail}",
                    protected_because(level, whose)
                ))
            } else if matches!(field, Field::MeetingPlace | Field::MeetingTime) {
                // P3: shown to someone present is the oral channel.
                Visibility::Shown
            } else {
                removed(format!(
                    "{what} visas inte: {}. Uppgifter om var personen finns och hur personen nås \
                     visas inte för andra, inte ens på skärmen.",
                    protected_because(level, whose)
                ))
            }
        }
    }
}

/// May `field` about a person with `level` appear on `medium` addressed to `audience`?
///
/// W1 "never put in writing for external recipients"; G1 "refuses to put the person's or the
/// children's location, contact details, workplace or school into anything addressed to them";
/// P3 "time and place of meetings orally, not in writing"; S1 "de-identified". Without the case
/// facts the audience must already be resolved (use [`visibility_in_case`] when they are known:
/// it applies the guard also to a person without protection level and the children's rules).
pub fn visibility(
    level: ProtectionLevel,
    audience: &Audience,
    medium: Medium,
    field: Field,
) -> Visibility {
    decide(level, Whose::Own, *audience, medium, field)
}

// ---------------------------------------------------------------------------------------------
// The case's facts
// ---------------------------------------------------------------------------------------------

/// What the rules know about a person: no name, number or contact data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonFact {
    pub id: PersonId,
    pub protection_level: ProtectionLevel,
    pub is_child: bool,
    /// Has the role "Våldsutövare" in the case. Guarded against even when the worker has not
    /// (yet) registered against whom: failing closed, a role is enough (G1).
    pub perpetrator_role: bool,
}

impl From<&Person> for PersonFact {
    fn from(p: &Person) -> Self {
        PersonFact {
            id: p.id,
            protection_level: p.protection_level,
            is_child: p.is_child,
            perpetrator_role: p.roles.contains(&crate::vocab::Role::Valdsutovare),
        }
    }
}

/// "A <kind> B" between two persons of the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationFact {
    pub from_person: PersonId,
    pub to_person: PersonId,
    pub kind: RelationKind,
    /// For `Vardnadshavare`: has custody (vårdnad) or not.
    pub custody: Option<bool>,
}

impl From<&Relation> for RelationFact {
    fn from(r: &Relation) -> Self {
        RelationFact {
            from_person: r.from_person,
            to_person: r.to_person,
            kind: r.kind,
            custody: r.custody,
        }
    }
}

/// The facts of one case the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The person the SIP is for.
    pub subject: PersonId,
    pub persons: Vec<PersonFact>,
    pub relations: Vec<RelationFact>,
    /// Persons the whereabouts are protected from without being registered as perpetrators
    /// (e.g. relatives in honour-related violence). Treated exactly like alleged perpetrators.
    pub whereabouts_hidden_from: Vec<PersonId>,
}

impl CaseFacts {
    /// From what the store gives for a case (`person::list_for_case`,
    /// `person::relations_for_case`).
    pub fn from_case(subject: PersonId, persons: &[Person], relations: &[Relation]) -> Self {
        CaseFacts {
            subject,
            persons: persons.iter().map(PersonFact::from).collect(),
            relations: relations.iter().map(RelationFact::from).collect(),
            whereabouts_hidden_from: Vec::new(),
        }
    }

    /// G1: has the role Våldsutövare, or is registered as alleged perpetrator against anyone in
    /// the case, or the whereabouts
    /// are protected from them.
    pub fn is_guarded_against(&self, p: PersonId) -> bool {
        self.whereabouts_hidden_from.contains(&p)
            || self.persons.iter().any(|x| x.id == p && x.perpetrator_role)
            || self.relations.iter().any(|r| {
                r.from_person == p
                    && matches!(
                        r.kind,
                        RelationKind::UtovareMot | RelationKind::VistelseortSkyddadMot
                    )
            })
    }

    fn level_of(&self, p: PersonId) -> Option<ProtectionLevel> {
        self.persons
            .iter()
            .find(|x| x.id == p)
            .map(|x| x.protection_level)
    }

    fn is_parent_relation(kind: RelationKind) -> bool {
        matches!(kind, RelationKind::Foralder | RelationKind::Vardnadshavare)
    }

    /// The level `about`'s data is protected at: the highest of their own and their direct
    /// parents', guardians' and children's ("a child's school reveals where the mother lives").
    /// A person not in the case counts as the highest level.
    fn effective_level(&self, about: PersonId) -> (ProtectionLevel, Whose) {
        let Some(own) = self.level_of(about) else {
            return (ProtectionLevel::FingeradePersonuppgifter, Whose::Unknown);
        };
        let mut best = (own, Whose::Own);
        for r in self
            .relations
            .iter()
            .filter(|r| Self::is_parent_relation(r.kind))
        {
            let other = if r.to_person == about && r.from_person != about {
                Some((r.from_person, Whose::Parent))
            } else if r.from_person == about && r.to_person != about {
                Some((r.to_person, Whose::Child))
            } else {
                None
            };
            if let Some((p, whose)) = other {
                let level = self
                    .level_of(p)
                    .unwrap_or(ProtectionLevel::FingeradePersonuppgifter);
                if level > best.0 {
                    best = (level, whose);
                }
            }
        }
        best
    }

    /// Is `about` protected, counting parents and children?
    pub fn is_protected(&self, about: PersonId) -> bool {
        self.effective_level(about).0.is_protected()
    }

    /// Whom `reader` is, for `field` about `about`.
    pub fn audience(&self, about: PersonId, reader: &Reader, field: Field) -> Audience {
        match *reader {
            Reader::Internal => Audience::Internal,
            Reader::Samrad => Audience::Samrad,
            Reader::Actor { care, person } => {
                if person.is_some_and(|p| self.is_guarded_against(p)) {
                    Audience::AllegedPerpetrator
                } else if care {
                    Audience::CareActor
                } else {
                    Audience::OtherActor
                }
            }
            Reader::Person { person } => {
                let guarded = self.is_guarded_against(person);
                if person == about && !(guarded && field == Field::ChildSchool) {
                    // Their own data; the children's school is the children's data.
                    Audience::Subject
                } else if guarded {
                    Audience::AllegedPerpetrator
                } else {
                    let guardian_of = |r: &&RelationFact| {
                        r.from_person == person && r.kind == RelationKind::Vardnadshavare
                    };
                    if self.relations.iter().any(|r| guardian_of(&r)) {
                        Audience::Guardian {
                            custody: self
                                .relations
                                .iter()
                                .filter(guardian_of)
                                .any(|r| r.custody == Some(true)),
                        }
                    } else {
                        Audience::Relative
                    }
                }
            }
        }
    }
}

/// Who a screen, document or summary is addressed to, before the case's facts resolve it into
/// an [`Audience`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Reader {
    Internal,
    /// A person of the case: the subject, a guardian, a parent, a närstående.
    Person {
        person: PersonId,
    },
    /// An actor; `person` when the contact is also a person of the case.
    Actor {
        care: bool,
        person: Option<PersonId>,
    },
    Samrad,
}

/// [`visibility`] with the case's facts: the level is `about`'s effective one (parents and
/// children count), and the guard G1 applies whenever the reader is registered as alleged
/// perpetrator in the case (or the whereabouts are hidden from them), also when nobody has a
/// protection level — the Ombudsman's case: the mother had none, the father was co-custodian.
pub fn visibility_in_case(
    facts: &CaseFacts,
    about: PersonId,
    reader: &Reader,
    medium: Medium,
    field: Field,
) -> Visibility {
    let (level, whose) = facts.effective_level(about);
    let audience = facts.audience(about, reader, field);
    if whose == Whose::Unknown && audience != Audience::Internal {
        // Fail closed: data about someone the facts don't know goes to no one else.
        return removed(format!(
            "{} visas inte: personen finns inte bland ärendets personer. Kontrollera vem \
             uppgiften gäller.",
            field.label()
        ));
    }
    decide(level, whose, audience, medium, field)
}

/// One field of "Vad mottagaren ser".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldVisibility {
    pub field: Field,
    pub visibility: Visibility,
}

/// "Vad mottagaren ser": every field about `about`, for `reader` on `medium`, in [`Field::ALL`]
/// order.
pub fn what_the_reader_sees(
    facts: &CaseFacts,
    about: PersonId,
    reader: &Reader,
    medium: Medium,
) -> Vec<FieldVisibility> {
    Field::ALL
        .iter()
        .map(|&field| FieldVisibility {
            field,
            visibility: visibility_in_case(facts, about, reader, medium, field),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Inviting
// ---------------------------------------------------------------------------------------------

/// Someone the worker is about to invite or add as a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Candidate {
    /// When the candidate is a person of the case (a guardian, a närstående, or a contact who
    /// is also registered as a person).
    pub person: Option<PersonId>,
    /// A contact flagged as temporary staff or trainee (vikarie, praktikant).
    pub temporary: bool,
}

/// May the candidate be invited?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum InviteDecision {
    Allowed,
    /// Allowed only with a recorded decision (who decided and why).
    Warn {
        reason: String,
    },
    /// Refused; overridable only with a written reason.
    RefusedUnlessOverridden {
        reason: String,
    },
}

/// The fewest letters a recorded decision or override reason has: "ok" is not a reason.
pub const MIN_REASON_LETTERS: usize = 10;

const PERPETRATOR_WARNING: &str =
    "Personen är registrerad som uppgiven våldsutövare i ärendet, eller vistelseorten är skyddad \
     mot personen. Bjud bara in om det är nödvändigt och säkert för den våldsutsatta och barnen, \
     och skriv ner beslutet och skälet. Tryggplan tar aldrig med adress, kontaktuppgifter, \
     arbetsplats, skola, vistelseort eller tid och plats för möten i något som riktas till \
     personen.";

const TEMPORARY_REFUSAL: &str =
    "Kontakten är praktikant eller tillfälligt anställd, och personen har skyddade \
     personuppgifter: bjud inte in praktikanter eller vikarier. Välj en ordinarie kontakt på \
     enheten, eller skriv varför just den här kontakten måste delta.";

/// P1 "do **not** include trainees (*praktikanter*) or temporary staff" (for a protected
/// subject, counting parents and children): refused unless overridden with a written reason.
/// G1 "warns before they are invited, and records the decision": an alleged perpetrator, or a
/// person the whereabouts are protected from. Both at once: refused, with both reasons. The
/// subject themself is always allowed to their own SIP.
pub fn invite_check(facts: &CaseFacts, candidate: &Candidate) -> InviteDecision {
    let own = candidate.person == Some(facts.subject);
    let perpetrator = !own
        && candidate
            .person
            .is_some_and(|p| facts.is_guarded_against(p));
    let temporary = candidate.temporary && facts.is_protected(facts.subject);
    match (perpetrator, temporary) {
        (false, false) => InviteDecision::Allowed,
        (true, false) => InviteDecision::Warn {
            reason: PERPETRATOR_WARNING.into(),
        },
        (false, true) => InviteDecision::RefusedUnlessOverridden {
            reason: TEMPORARY_REFUSAL.into(),
        },
        (true, true) => InviteDecision::RefusedUnlessOverridden {
            reason: format!("{TEMPORARY_REFUSAL} {PERPETRATOR_WARNING}"),
        },
    }
}

/// May the invitation go ahead with `recorded` as the written decision or override reason?
/// Allowed needs nothing; a warning needs the decision written down, a refusal a reason
/// (at least [`MIN_REASON_LETTERS`] letters, at most `MAX_TEXT` characters).
/// The refusal carries the check's own warning, so the message says both why and what to write.
pub fn may_proceed(decision: &InviteDecision, recorded: &str) -> Result<(), Refusal> {
    let (what, warning) = match decision {
        InviteDecision::Allowed => return Ok(()),
        InviteDecision::Warn { reason } => (
            "beslutet och skälet till att personen ändå bjuds in",
            reason,
        ),
        InviteDecision::RefusedUnlessOverridden { reason } => (
            "varför just den här kontakten måste delta trots att personen har skyddade \
             personuppgifter",
            reason,
        ),
    };
    let letters = recorded.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < MIN_REASON_LETTERS {
        return Err(Refusal::InviteReasonMissing {
            warning: warning.clone(),
            what,
        });
    }
    if recorded.chars().count() > MAX_TEXT {
        return Err(Refusal::InviteReasonTooLong {
            warning: warning.clone(),
            max: MAX_TEXT,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The meeting-safety checklist
// ---------------------------------------------------------------------------------------------

/// Gone through before a protected person's meeting is marked held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MeetingSafetyChecklist {
    /// P3 "time and place of meetings orally, not in writing".
    pub time_and_place_given_orally: bool,
    /// P4 "flight mode on phones and other devices" (at a digital or hybrid meeting: every
    /// device not used for the meeting).
    pub flight_mode: bool,
    /// P1 "do not include trainees or temporary staff".
    pub no_temporary_staff: bool,
    /// P5 "do not say the person's name or names of places" (digital or hybrid meetings).
    pub no_names_or_places_said: bool,
    /// P5 "do not show the person on camera" (digital or hybrid meetings).
    pub person_not_on_camera: bool,
    /// P2 "Agree with the person how contact happens between meetings".
    pub contact_route_agreed: bool,
}

/// One point of the checklist, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChecklistItem {
    pub key: String,
    pub label: String,
    /// Required for this meeting (the hybrid points only for a digital or hybrid meeting).
    pub required: bool,
    pub done: bool,
}

/// The points in the order the UI shows them.
pub fn checklist_items(c: &MeetingSafetyChecklist, digital_or_hybrid: bool) -> Vec<ChecklistItem> {
    let item = |key: &str, label: &str, required: bool, done: bool| ChecklistItem {
        key: key.into(),
        label: label.into(),
        required,
        done,
    };
    vec![
        item(
            "timeAndPlaceGivenOrally",
            "Tid och plats lämnades muntligt, inte skriftligt",
            true,
            c.time_and_place_given_orally,
        ),
        item(
            "flightMode",
            if digital_or_hybrid {
                "Telefoner och andra enheter som inte används för mötet var i flygplansläge"
            } else {
                "Telefoner och andra enheter var i flygplansläge"
            },
            true,
            c.flight_mode,
        ),
        item(
            "noTemporaryStaff",
            "Inga praktikanter, vikarier eller tillfälligt anställda deltog",
            true,
            c.no_temporary_staff,
        ),
        item(
            "noNamesOrPlacesSaid",
            "Personens namn och namn på platser där personen kan finnas sades inte",
            digital_or_hybrid,
            c.no_names_or_places_said,
        ),
        item(
            "personNotOnCamera",
            "Personen visades inte i kameran",
            digital_or_hybrid,
            c.person_not_on_camera,
        ),
        item(
            "contactRouteAgreed",
            "Det är överenskommet med personen hur kontakten sker mellan mötena",
            true,
            c.contact_route_agreed,
        ),
    ]
}

/// P1–P5: a protected person's meeting is marked held only when every point that applies has
/// been gone through. A meeting about a person without protection needs none.
pub fn may_mark_held(
    protected: bool,
    checklist: &MeetingSafetyChecklist,
    digital_or_hybrid: bool,
) -> Result<(), Refusal> {
    if !protected {
        return Ok(());
    }
    let missing: Vec<String> = checklist_items(checklist, digital_or_hybrid)
        .into_iter()
        .filter(|i| i.required && !i.done)
        .map(|i| i.label.to_lowercase())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Refusal::SafetyChecklistIncomplete { missing })
}

/// How `person` relates to the SIP's subject, as the invitation lists and the consent flow name
/// it: "Vårdnadshavare", "Förälder (utan vårdnad)", "Förälder" or "Närstående".
pub fn relation_to_subject(facts: &CaseFacts, person: PersonId) -> String {
    let to_subject: Vec<_> = facts
        .relations
        .iter()
        .filter(|r| r.from_person == person && r.to_person == facts.subject)
        .collect();
    let custody = |c: bool| {
        to_subject
            .iter()
            .any(|r| r.kind == RelationKind::Vardnadshavare && (r.custody == Some(false)) != c)
    };
    if custody(true) {
        "Vårdnadshavare".into()
    } else if custody(false) {
        format!("Förälder {}", crate::person::NO_CUSTODY)
    } else if to_subject.iter().any(|r| r.kind == RelationKind::Foralder) {
        "Förälder".into()
    } else {
        "Närstående".into()
    }
}

pub mod facts;
