//! The documents, as pure functions from the data gathered for them to a [`Document`].
//! Nothing here reads the database or the clock.

use chrono::NaiveDate;

use super::model::{Block, Check, Column, Document, DocumentKind, Field};
use crate::consent::records::ConsentView;
use crate::consent::{InfoCategory, PURPOSE};
use crate::sip::plan::PlanContent;
pub use crate::text::{in_sentence, CONFIDENTIAL};
use crate::vocab::FrozenAs;
pub use crate::worker::{withdraw_by_phone, Sender};

/// What every document says about the person the SIP is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectInfo {
    pub name: String,
    /// Personnummer or samordningsnummer, formatted; None when there is none.
    pub number: Option<String>,
    /// The protection level's label, for a person with protected personal data.
    pub protection: Option<String>,
    pub is_child: bool,
}

impl SubjectInfo {
    fn legend(&self) -> String {
        match &self.protection {
            Some(level) => format!("{level} · {CONFIDENTIAL}"),
            None => CONFIDENTIAL.to_owned(),
        }
    }
}

/// What every document has in its header and footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub organisation: String,
    pub document_id: String,
    pub date: NaiveDate,
}

fn doc(
    kind: DocumentKind,
    head: &Head,
    version: String,
    legend: Option<String>,
    blocks: Vec<Block>,
) -> Document {
    Document {
        title: kind.title().to_owned(),
        organisation: head.organisation.clone(),
        document_id: head.document_id.clone(),
        version,
        date: head.date,
        legend,
        blocks,
    }
}

fn p(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}
fn h(text: impl Into<String>) -> Block {
    Block::Heading { text: text.into() }
}
fn sh(text: impl Into<String>) -> Block {
    Block::Subheading { text: text.into() }
}

/// The consent's period, as the form and every copy of it say it.
fn validity(from: NaiveDate, to: NaiveDate) -> Block {
    p(format!(
        "Samtycket gäller från och med {} till och med {}. Ett samtycke gäller längst ett år.",
        date(from),
        date(to)
    ))
}
fn field(label: &str, value: impl Into<String>) -> Field {
    Field {
        label: label.to_owned(),
        value: value.into(),
    }
}
fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "–".to_owned()
    } else {
        s.trim().to_owned()
    }
}

/// The right to withdraw and whom to tell.
fn withdraw_text(contact: &str) -> String {
    let whom = if contact.trim().is_empty() {
        "den som är kontaktperson för SIP:en".to_owned()
    } else {
        contact.trim().to_owned()
    };
    format!(
        "Du kan när som helst återkalla samtycket, helt eller delvis, muntligt eller skriftligt. \
         Säg det till {whom} eller till någon av aktörerna ovan. Återkallelsen gäller från den dag du \
         säger det; uppgifter som redan har lämnats kan inte tas tillbaka."
    )
}

/// The contact fields of a document from `sender`: who, and the phone at work.
fn sender_fields(label: &str, s: &Sender) -> Vec<Field> {
    vec![field(label, s.who()), field("Telefon", s.phone.trim())]
}

/// What the consent form gets for a recorded consent.
#[derive(Debug, Clone)]
pub struct ConsentFormData {
    pub head: Head,
    pub person: SubjectInfo,
    pub record: ConsentView,
    /// Custodial guardians who sign (a child's SIP); empty for an adult.
    pub guardians: Vec<String>,
    pub age: Option<u32>,
    /// The SIP's contact person (used only when the worker's details are missing).
    pub contact: String,
    /// The worker: the contact, and whom to ring to withdraw. None when the details are not
    /// filled in (the document can't be exported then).
    pub sender: Option<Sender>,
}

/// How an oral consent (or one shown in another way) was given, as its form records it:
/// "Muntligt samtycke lämnat 2026-12-07 till Anna Berg, socialsekreterare, Vuxenenheten Örebro,
/// vid personligt möte." `None` for a written consent. `received_by` and `how` are None where
/// the copy may not carry them.
pub fn given_record(
    form: crate::consent::ConsentForm,
    on: NaiveDate,
    received_by: Option<&str>,
    how: Option<&str>,
) -> Option<String> {
    use crate::consent::ConsentForm as F;
    let what = match form {
        F::Skriftligt => return None,
        F::Muntligt => "Muntligt samtycke lämnat",
        F::PaAnnatSatt => "Samtycke lämnat på annat sätt",
    };
    let mut s = format!("{what} {}", date(on));
    if let Some(r) = received_by.map(str::trim).filter(|r| !r.is_empty()) {
        s.push_str(" till ");
        s.push_str(r.trim_end_matches('.'));
    }
    let how = how.map(str::trim).filter(|h| !h.is_empty());
    match how {
        // A short phrase ("vid personligt möte", "per telefon") ends the sentence.
        Some(h) if !h.contains('\n') && h.chars().count() <= 80 => {
            s.push_str(", ");
            s.push_str(in_sentence(h).trim_end_matches('.'));
            s.push('.');
        }
        Some(h) => {
            s.push_str(". Så lämnades det: ");
            s.push_str(&h.split_whitespace().collect::<Vec<_>>().join(" "));
            if !s.ends_with('.') {
                s.push('.');
            }
        }
        None => s.push('.'),
    }
    Some(s)
}

/// "Samtycke till SIP" for signature.
///
/// "Consent can **never be general**. It names **which actors** take part and **which
/// information** may be shared." "The person may **exclude information** … and **exclude
/// persons or units**." "Consent is **time-limited: valid at most one year**, and may be
/// **withdrawn at any time**." [003 "Samtycke och sekretess i SIP" 3, 5, 7]. "If there are two
/// guardians with custody, **both must consent**." [003 "Samtycke och sekretess för barn i SIP"]
/// "Oral consent must be documented" [003 2]: an oral consent's form says when, to whom and how
/// it was given, and the signature confirms it.
///
/// The form tells first (who, why, how long, how to withdraw), then the choices, and the
/// signature follows the choices directly: the layout keeps it on the page of the last of them.
pub fn consent_form(d: &ConsentFormData) -> Document {
    let r = &d.record;
    let mut b = vec![h("Samtycke till samordnad individuell plan (SIP)")];
    let mut who = vec![field("Namn", &d.person.name)];
    who.push(field(
        "Personnummer",
        d.person
            .number
            .clone()
            .unwrap_or_else(|| "Saknas".to_owned()),
    ));
    b.push(sh("Samtycket gäller"));
    b.push(Block::Fields { fields: who });
    if d.person.is_child {
        b.push(p(format!(
            "Planen gäller ett barn{}. Vårdnadshavarna samtycker för barnet; har barnet två \
             vårdnadshavare med vårdnad måste båda samtycka.",
            d.age.map(|a| format!(" ({a} år)")).unwrap_or_default()
        )));
    }
    b.push(sh("Syfte"));
    b.push(p(PURPOSE));
    b.push(sh("Giltighet"));
    b.push(validity(r.valid_from, r.valid_to));
    b.push(sh("Återkallelse"));
    match &d.sender {
        Some(s) => {
            b.push(p(withdraw_by_phone(s)));
            b.push(Block::Fields {
                fields: sender_fields("Kontaktperson", s),
            });
        }
        None => {
            b.push(p(withdraw_text(&d.contact).replace(
                "någon av aktörerna ovan",
                "någon av aktörerna i samtycket",
            )));
            b.push(Block::Fields {
                fields: vec![field("Kontaktperson för SIP:en", or_dash(&d.contact))],
            });
        }
    }
    if d.person.is_child {
        // The child's recorded views stay in the file: the form is read and signed by the
        // guardians, and a child's words must never reach a guardian through it. The child
        // (or the worker, with the child) writes what the child wants shown.
        b.push(sh("Barnets inställning"));
        b.push(p(
            "Barnet har fått information om planen på ett sätt som passar barnets ålder och mognad och har fått säga sin mening.",
        ));
        b.push(Block::WriteLines {
            label: "Det här vill barnet att alla vet:".into(),
            count: 3,
        });
    }
    b.push(sh(
        "Aktörer som får delta och lämna uppgifter till varandra",
    ));
    let accepted: Vec<Check> = r
        .actors
        .iter()
        .filter(|a| a.accepted)
        .map(|a| Check {
            checked: true,
            text: actor_text(
                &a.unit_name,
                a.contact_name.as_deref(),
                a.actor_type.label(),
            ),
        })
        .collect();
    // Issue 17: organisations accepted as a whole, and persons of the case.
    let accepted: Vec<Check> = accepted
        .into_iter()
        .chain(r.organisations.iter().map(|o| Check {
            checked: true,
            text: format!(
                "Hela organisationen {} (utom de enheter och personer som undantas nedan)",
                o.name
            ),
        }))
        .collect();
    if accepted.is_empty() {
        b.push(p("Inga aktörer."));
    } else {
        b.push(Block::Checks { items: accepted });
    }
    if r.persons.iter().any(|x| x.accepted) {
        b.push(sh("Personer i ärendet som får delta"));
        b.push(Block::Checks {
            items: r
                .persons
                .iter()
                .filter(|x| x.accepted)
                .map(|x| Check {
                    checked: true,
                    text: x.name.clone(),
                })
                .collect(),
        });
    }
    b.push(sh("Uppgifter som får lämnas"));
    b.push(Block::Checks {
        items: InfoCategory::ALL
            .iter()
            .map(|c| Check {
                checked: r.categories.contains(c),
                text: if *c == InfoCategory::Annat && !r.other_text.trim().is_empty() {
                    format!("Annat: {}", r.other_text.trim())
                } else {
                    c.label().to_owned()
                },
            })
            .collect(),
    });
    if !r.actor_categories.is_empty() {
        // Issue 17: the category scope per actor, as a table of every accepted actor.
        b.push(sh("Uppgifter per aktör"));
        b.push(p(
            "Personen har valt att vissa aktörer bara får en del av uppgifterna ovan. Aktörer \
             med ”Samma som för alla” får alla uppgifter som är ikryssade ovan.",
        ));
        b.push(Block::Table {
            columns: vec![
                Column {
                    title: "Aktör".into(),
                    width: 45,
                },
                Column {
                    title: "Får ta del av".into(),
                    width: 55,
                },
            ],
            rows: r
                .actors
                .iter()
                .filter(|a| a.accepted)
                .map(|a| {
                    let own = r
                        .actor_categories
                        .iter()
                        .find(|ac| ac.actor.unit == a.unit_id && ac.actor.contact == a.contact_id);
                    vec![
                        actor_text(
                            &a.unit_name,
                            a.contact_name.as_deref(),
                            a.actor_type.label(),
                        ),
                        match own {
                            Some(ac) => ac
                                .categories
                                .iter()
                                .map(|c| c.label())
                                .collect::<Vec<_>>()
                                .join(", "),
                            None => "Samma som för alla".to_owned(),
                        },
                    ]
                })
                .collect(),
        });
    }
    b.push(sh("Undantag"));
    let mut excl: Vec<String> = r
        .excluded_categories
        .iter()
        .map(|c| format!("Uppgifter om {}", c.label().to_lowercase()))
        .collect();
    if !r.excluded_text.trim().is_empty() {
        excl.push(format!("Uppgifter: {}", r.excluded_text.trim()));
    }
    excl.extend(r.actors.iter().filter(|a| !a.accepted).map(|a| {
        format!(
            "Får inte delta: {}",
            actor_text(
                &a.unit_name,
                a.contact_name.as_deref(),
                a.actor_type.label()
            )
        )
    }));
    excl.extend(
        r.persons
            .iter()
            .filter(|x| !x.accepted)
            .map(|x| format!("Får inte delta: {}", x.name)),
    );
    if excl.is_empty() {
        b.push(p("Inga undantag."));
    } else {
        b.push(Block::Bullets { items: excl });
    }
    b.push(sh("Underskrift"));
    let parties = match r.giver {
        crate::consent::Giver::ChildOwn => vec![format!("Barnet: {}", d.person.name)],
        _ if d.person.is_child && !d.guardians.is_empty() => {
            let mut g: Vec<String> = d
                .guardians
                .iter()
                .map(|g| format!("Vårdnadshavare: {g}"))
                .collect();
            if d.age.is_some_and(|a| a >= 12) {
                g.push(format!("Barnet, om barnet vill: {}", d.person.name));
            }
            g
        }
        _ => vec![format!("Personen: {}", d.person.name)],
    };
    const AGREE: &str =
        "Jag har fått information om vad samtycket innebär och samtycker till det som är ikryssat ovan.";
    let given = r.documentation.as_ref().and_then(|doc| {
        given_record(
            r.form,
            doc.on,
            Some(doc.received_by.as_str()),
            Some(doc.how.as_str()),
        )
    });
    let statement = match given {
        // The record of how it was given, then the signature as its confirmation.
        Some(g) => format!(
            "{g}\nMed min underskrift bekräftar jag {}. {AGREE}",
            if r.form == crate::consent::ConsentForm::Muntligt {
                "det muntliga samtycket"
            } else {
                "samtycket"
            }
        ),
        None => AGREE.to_owned(),
    };
    b.push(Block::Signatures { statement, parties });
    doc(
        DocumentKind::Consent,
        &d.head,
        format!("Samtycke {}–{}", date(r.valid_from), date(r.valid_to)),
        Some(d.person.legend()),
        b,
    )
}

/// An actor as a document names it; with the unit's name withheld (an empty `unit`), only its
/// type.
fn actor_text(unit: &str, contact: Option<&str>, kind: &str) -> String {
    match contact {
        _ if unit.trim().is_empty() => kind.to_owned(),
        Some(c) => format!("{unit} – {c} ({kind})"),
        None => format!("{unit} ({kind})"),
    }
}

/// What a copy says where the protection rules removed something (the worker sees what and why
/// in "Vad mottagaren ser"; the paper says only that it is not in this copy).
pub const WITHHELD: &str = "Lämnas inte ut i det här exemplaret.";

/// The blank consent form, to fill in by hand: no person, no data.
pub fn blank_consent_form(head: &Head) -> Document {
    let mut b = vec![h("Samtycke till samordnad individuell plan (SIP)")];
    b.push(sh("Samtycket gäller"));
    b.push(Block::WriteLines {
        label: "Namn:".into(),
        count: 1,
    });
    b.push(Block::WriteLines {
        label: "Personnummer:".into(),
        count: 1,
    });
    b.push(sh("Syfte"));
    b.push(p(PURPOSE));
    b.push(sh(
        "Aktörer som får delta och lämna uppgifter till varandra",
    ));
    b.push(Block::WriteLines {
        label: "Myndighet eller enhet, och person om samtycket bara gäller en person:".into(),
        count: 6,
    });
    b.push(sh("Uppgifter som får lämnas"));
    b.push(Block::Checks {
        items: InfoCategory::ALL
            .iter()
            .map(|c| Check {
                checked: false,
                text: c.label().to_owned(),
            })
            .collect(),
    });
    b.push(sh("Undantag"));
    b.push(Block::WriteLines {
        label: "Uppgifter som inte får lämnas, och personer eller enheter som inte får delta:"
            .into(),
        count: 3,
    });
    b.push(sh("Giltighet"));
    b.push(p("Samtycket gäller från och med ____________ till och med ____________. Ett samtycke gäller längst ett år."));
    b.push(sh("Återkallelse"));
    b.push(p(withdraw_text("")));
    b.push(Block::WriteLines {
        label: "Kontaktperson för SIP:en:".into(),
        count: 1,
    });
    b.push(sh("För barn"));
    b.push(p("Vårdnadshavarna samtycker för barnet; har barnet två vårdnadshavare med vårdnad måste båda samtycka."));
    b.push(Block::WriteLines {
        label: "Barnets inställning till planen:".into(),
        count: 3,
    });
    b.push(sh("Underskrift"));
    b.push(Block::Signatures {
        statement: "Jag har fått information om vad samtycket innebär och samtycker till det som är ikryssat och ifyllt ovan.".into(),
        parties: vec!["Personen, eller vårdnadshavare".into(), "Vårdnadshavare (när barnet har två med vårdnad)".into()],
    });
    doc(
        DocumentKind::BlankConsent,
        head,
        "Blankett".into(),
        Some(format!("{CONFIDENTIAL} när blanketten är ifylld")),
        b,
    )
}

/// A meeting as the invitation shows it. For a protected person there is none: see
/// [`invitation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInfo {
    pub on: NaiveDate,
    pub at_time: String,
    pub place: String,
    pub digital: bool,
}

/// The framed meeting-safety points, on every document about a protected person's meeting.
fn safety_notice() -> Block {
    Block::Notice {
        title: "Säkerhet vid mötet – personen har skyddade personuppgifter".into(),
        items: MEETING_SAFETY.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// What the invitation gets.
#[derive(Debug, Clone)]
pub struct InvitationData {
    pub head: Head,
    pub person: SubjectInfo,
    /// Whom this copy is for.
    pub recipient: String,
    /// Everyone invited (the participants, and the person).
    pub invited: Vec<String>,
    /// The questions for the meeting, one per line; None when withheld from this recipient.
    pub questions: Option<String>,
    /// Time and place; None when the protection rules withhold them from this recipient (for a
    /// protected person the loader never hands them over).
    pub meeting: Option<MeetingInfo>,
    /// Who calls to the meeting (used only when the worker's details are missing).
    pub contact: String,
    /// The worker who calls: named with the phone at work, which a protected person's invitees
    /// ring for the time and place. None when the details are not filled in.
    pub sender: Option<Sender>,
}

/// The meeting-safety points for a person with protected personal data.
///
/// "Share sensitive information such as **time and place of meetings orally, not in writing**.
/// At physical meetings the person uses **flight mode** on phones and other devices. At hybrid
/// meetings **do not say the person's name or names of places** where they may be; **do not
/// show the person on camera**." "Do **not** include trainees (*praktikanter*) or temporary
/// staff." [003 "Skyddade personuppgifter i SIP"]
pub const MEETING_SAFETY: [&str; 5] = [
    "Tid och plats för mötet lämnas muntligt av den som kallar. Skriv inte ner dem och skicka dem inte vidare.",
    "Vid fysiska möten: telefoner och andra uppkopplade enheter ska vara i flygplansläge under mötet.",
    "Inga praktikanter, vikarier eller tillfälligt anställda deltar i mötet.",
    "Vid hybrid- eller digitala möten: säg inte personens namn eller namn på platser där personen kan befinna sig, och visa inte personen i kameran.",
    "Kontakt mellan mötena sker bara på det sätt som är överenskommet med personen.",
];

/// "Kallelse till SIP-möte".
pub fn invitation(d: &InvitationData) -> Document {
    let protected = d.person.protection.is_some();
    let mut b = vec![h("Kallelse till SIP-möte")];
    b.push(Block::Fields {
        fields: vec![field("Till", &d.recipient)],
    });
    let mut about = vec![field("Planen gäller", &d.person.name)];
    if !protected {
        if let Some(n) = &d.person.number {
            about.push(field("Personnummer", n));
        }
    }
    b.push(p("Du kallas till ett möte om en samordnad individuell plan (SIP). På mötet gör vi tillsammans med personen en plan för vem som gör vad."));
    b.push(Block::Fields { fields: about });
    b.push(sh("Mötet ska ta upp"));
    let questions: Vec<String> = d
        .questions
        .as_deref()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if d.questions.is_none() {
        b.push(p(WITHHELD));
    } else if questions.is_empty() {
        b.push(p("Frågorna bestäms på mötet tillsammans med personen."));
    } else {
        b.push(Block::Bullets { items: questions });
    }
    b.push(sh("Kallade"));
    b.push(Block::Bullets {
        items: d.invited.clone(),
    });
    b.push(sh("Tid och plats"));
    match (&d.meeting, protected) {
        (Some(m), false) => {
            let mut f = vec![
                field("Datum", date(m.on)),
                field("Tid", or_dash(&m.at_time)),
            ];
            f.push(field(
                if m.digital { "Digitalt möte" } else { "Plats" },
                or_dash(&m.place),
            ));
            b.push(Block::Fields { fields: f });
        }
        // No time or place on paper: whom to ring for them.
        _ => b.push(p(match &d.sender {
            Some(s) => format!(
                "Tid och plats lämnas muntligt. Ring {} på {} så får du veta när och var mötet \
                 är.",
                s.name.trim(),
                s.phone.trim()
            ),
            None => "Tid och plats lämnas muntligt av den som kallar.".to_owned(),
        })),
    }
    if protected {
        b.push(safety_notice());
    }
    b.push(sh("Kontakt"));
    b.push(Block::Fields {
        fields: match &d.sender {
            Some(s) => sender_fields("Den som kallar", s),
            None => vec![field("Den som kallar", or_dash(&d.contact))],
        },
    });
    b.push(p("Kallelsen innehåller sekretessbelagda uppgifter. Förvara den så att ingen obehörig kan läsa den."));
    doc(
        DocumentKind::Invitation,
        &d.head,
        "Kallelse".into(),
        Some(d.person.legend()),
        b,
    )
}

/// What the plan gets.
#[derive(Debug, Clone)]
pub struct PlanData {
    pub head: Head,
    pub person: SubjectInfo,
    pub recipient: String,
    pub version: u32,
    pub frozen_on: NaiveDate,
    pub frozen_as: FrozenAs,
    pub what_matters: String,
    pub content: PlanContent,
    pub participants: Vec<String>,
    /// Who signs for the person: the person, or the custodial guardians of a child.
    pub signers: Vec<String>,
    pub withheld: PlanWithheld,
    /// The interventions (indexes into `content.interventions`) this recipient's consent does
    /// not cover (issue 17): their text is not in `content` at all; the copy says
    /// [`WITHHELD`] in their place.
    pub withheld_interventions: Vec<usize>,
    /// The same for `content.other_interventions`.
    pub withheld_other_interventions: Vec<usize>,
}

/// What the protection rules withhold from a copy of the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanWithheld {
    /// "Vad är viktigt för dig?"
    pub what_matters: bool,
    /// Needs, goals, interventions, own actions, the child's voice.
    pub content: bool,
    /// The names of units and contact persons.
    pub units: bool,
    /// The follow-up's date (a meeting's time).
    pub follow_up_time: bool,
}

/// "Samordnad individuell plan": one fixed version. "It is **the person's plan**: the goal is
/// stated from their perspective — *"Vad är viktigt för dig?"*; they know their own
/// responsibility and every actor's." [003 Del 4]
pub fn plan(d: &PlanData) -> Document {
    let c = &d.content;
    let state = match d.frozen_as {
        FrozenAs::Faststalld => "fastställd",
        FrozenAs::Utskriven => "utskriven för underskrift",
    };
    let version = format!("Version {}, {state} {}", d.version, date(d.frozen_on));
    let mut b = vec![h("Samordnad individuell plan (SIP)")];
    let mut who = vec![field("Planen gäller", &d.person.name)];
    match (&d.person.protection, &d.person.number) {
        (None, Some(n)) => who.push(field("Personnummer", n)),
        (Some(_), _) => who.push(field(
            "Personnummer",
            "Lämnas inte ut (skyddade personuppgifter)",
        )),
        (None, None) => {}
    }
    who.push(field("Version", &version));
    who.push(field("Exemplar för", &d.recipient));
    b.push(Block::Fields { fields: who });
    let unit = |name: &str| {
        if d.withheld.units {
            WITHHELD.to_owned()
        } else {
            or_dash(name)
        }
    };
    let w = d.withheld;
    b.push(sh("Vad är viktigt för dig?"));
    b.push(p(if w.what_matters {
        WITHHELD.to_owned()
    } else {
        or_dash(&d.what_matters)
    }));
    if w.content {
        b.push(sh("Planens innehåll"));
        b.push(p(format!(
            "{WITHHELD} Behov, mål, insatser och det personen gör själv finns i planen hos den som kallar."
        )));
    } else {
        b.push(sh("Behov"));
        b.push(p(or_dash(&c.needs)));
        b.push(sh("Mål på kort sikt"));
        b.push(p(or_dash(&c.short_term_goals)));
        b.push(sh("Mål på lång sikt"));
        b.push(p(or_dash(&c.long_term_goals)));
        b.push(sh("Insatser"));
        if c.interventions.is_empty() {
            b.push(p("Inga insatser i den här versionen."));
        } else {
            b.push(Block::Table {
                columns: vec![
                    Column {
                        title: "Vad".into(),
                        width: 40,
                    },
                    Column {
                        title: "Vem".into(),
                        width: 25,
                    },
                    Column {
                        title: "När".into(),
                        width: 21,
                    },
                    Column {
                        title: "Status".into(),
                        width: 14,
                    },
                ],
                rows: c
                    .interventions
                    .iter()
                    .enumerate()
                    .map(|(n, i)| {
                        if d.withheld_interventions.contains(&n) {
                            return vec![WITHHELD.to_owned(), "–".into(), "–".into(), "–".into()];
                        }
                        let when = match (i.from, i.to) {
                            (Some(f), Some(t)) => format!("{} – {}", date(f), date(t)),
                            (Some(f), None) => format!("från {}", date(f)),
                            (None, Some(t)) => format!("till {}", date(t)),
                            (None, None) => "–".into(),
                        };
                        vec![
                            i.what.clone(),
                            unit(&i.unit_name),
                            when,
                            i.status.label().to_owned(),
                        ]
                    })
                    .collect(),
            });
        }
        if !c.other_interventions.is_empty() {
            b.push(sh("Insatser från andra"));
            b.push(Block::Table {
                columns: vec![
                    Column {
                        title: "Vem".into(),
                        width: 30,
                    },
                    Column {
                        title: "Vad".into(),
                        width: 70,
                    },
                ],
                rows: c
                    .other_interventions
                    .iter()
                    .enumerate()
                    .map(|(n, o)| {
                        if d.withheld_other_interventions.contains(&n) {
                            vec!["–".into(), WITHHELD.to_owned()]
                        } else {
                            vec![unit(&o.who), o.what.clone()]
                        }
                    })
                    .collect(),
            });
        }
        b.push(sh("Det här gör jag själv"));
        b.push(p(or_dash(&c.own_actions)));
        if d.person.is_child || !c.child_voice.trim().is_empty() {
            b.push(sh("Barnets röst"));
            b.push(p(or_dash(&c.child_voice)));
        }
    }
    b.push(sh("Ansvar"));
    b.push(Block::Fields {
        fields: vec![
            field("Huvudansvarig", unit(&c.lead_unit_name)),
            field("Samordningsansvarig", or_dash(&c.coordinator)),
            field("Kontaktpersoner", unit(&c.contact_persons)),
        ],
    });
    b.push(sh("Uppföljning"));
    if w.follow_up_time {
        // The follow-up is a meeting: for a protected person its time is given orally.
        b.push(p(
            "Tid och plats för uppföljningen lämnas muntligt av den som kallar.",
        ));
        b.push(Block::Fields {
            fields: vec![field("Den som kallar", or_dash(&c.follow_up_caller))],
        });
        if d.person.protection.is_some() {
            b.push(safety_notice());
        }
    } else {
        b.push(Block::Fields {
            fields: vec![
                field(
                    "Datum",
                    c.follow_up_on.map(date).unwrap_or_else(|| "–".into()),
                ),
                field(
                    "Form",
                    c.follow_up_form
                        .map(|f| f.label().to_owned())
                        .unwrap_or_else(|| "–".into()),
                ),
                field("Den som kallar", or_dash(&c.follow_up_caller)),
            ],
        });
    }
    b.push(sh("Deltagare"));
    b.push(Block::Bullets {
        items: d.participants.clone(),
    });
    b.push(sh("Underskrifter"));
    let mut parties: Vec<String> = d
        .signers
        .iter()
        .map(|s| format!("För planen: {s}"))
        .collect();
    parties.push(if d.withheld.units {
        "Huvudansvarig".to_owned()
    } else {
        format!("Huvudansvarig: {}", or_dash(&c.lead_unit_name))
    });
    b.push(Block::Signatures {
        statement: "Vi är överens om planen. Var och en ansvarar för sina insatser i den.".into(),
        parties,
    });
    doc(
        DocumentKind::Plan,
        &d.head,
        version,
        Some(d.person.legend()),
        b,
    )
}

/// The recovery sheet ("återställningsblad"): the recovery key in large monospaced groups, the
/// date it was made, and how to keep and use it. Nothing about any client, and no name of the
/// profile: the sheet is kept apart from the computer.
///
/// Issue 8: "the app produces a recovery key and a printable recovery sheet (PDF) to keep in a
/// safe".
pub fn recovery_sheet(groups: &[String], made: NaiveDate) -> Document {
    let lines = groups.chunks(3).map(|c| c.join("  ")).collect::<Vec<_>>();
    let made_text = made.format("%Y-%m-%d").to_string();
    Document {
        title: DocumentKind::RecoverySheet.title().to_owned(),
        organisation: "Tryggplan".to_owned(),
        document_id: "Återställningsblad".to_owned(),
        version: "Ersätter alla tidigare blad".to_owned(),
        date: made,
        legend: Some("Hemlig – förvaras i kassaskåp".to_owned()),
        blocks: vec![
            h("Återställningsnyckel för Tryggplan"),
            p(
                "Med den här nyckeln kan uppgifterna i Tryggplan öppnas om lösenfrasen glöms bort \
               eller om datorns nyckelring går förlorad (ny dator eller ominstallerat \
               operativsystem). \
               Nyckeln öppnar också säkerhetskopior som görs medan det här bladet gäller.",
            ),
            Block::Code { lines },
            Block::Fields {
                fields: vec![
                    field("Skapad", made_text),
                    field(
                        "Nyckeln",
                        "36 tecken i nio grupper om fyra. Den sista gruppen är en \
                         kontrollgrupp: ett felskrivet tecken upptäcks direkt.",
                    ),
                ],
            },
            Block::Notice {
                title: "Förvara i kassaskåp".to_owned(),
                items: vec![
                    "Förvara bladet inlåst i ett kassaskåp eller dokumentskåp, åtskilt från \
                     datorn och från säkerhetskopiorna."
                        .to_owned(),
                    "Fotografera, skanna eller kopiera inte bladet, och skriv aldrig av nyckeln \
                     i datorn, i e-post, i telefonen eller i molnet."
                        .to_owned(),
                    "Den som har bladet och datorn eller en säkerhetskopia kan läsa alla \
                     uppgifter. Saknas bladet, meddela IT-stöd och skapa en ny \
                     återställningsnyckel."
                        .to_owned(),
                    "När en ny återställningsnyckel skapas slutar den här att gälla för datorn. \
                     Säkerhetskopior som gjorts medan det här bladet gällde öppnas fortfarande \
                     bara med det här bladet (eller med lösenfrasen som gällde då): förstör det \
                     (strimla) först när de kopiorna inte längre finns."
                        .to_owned(),
                ],
            },
            sh("Så använder du nyckeln"),
            Block::Bullets {
                items: vec![
                    "Har du glömt lösenfrasen, eller går databasnyckeln inte att hitta i datorns \
                     nyckelring: välj ”Använd återställningsnyckeln” när Tryggplan är låst."
                        .to_owned(),
                    "Skriv nyckeln som den står här. Stora och små bokstäver, mellanslag och \
                     bindestreck spelar ingen roll, och 0 och O, 1 och I räknas som samma tecken."
                        .to_owned(),
                    "Välj sedan en ny lösenfras. Därefter låser du upp med den nya lösenfrasen \
                     som vanligt."
                        .to_owned(),
                    "På en ny dator: välj ”Återställ från säkerhetskopia”, välj kopian och skriv \
                     nyckeln."
                        .to_owned(),
                ],
            },
            p("Bladet innehåller inga uppgifter om klienter. Skriv inget annat på det."),
        ],
    }
}

/// What the samråd consent form gets for a recorded samråd consent.
#[derive(Debug, Clone)]
pub struct SamradConsentFormData {
    pub head: Head,
    pub person: SubjectInfo,
    pub record: crate::samrad::consent::SamradConsentView,
    /// Custodial guardians who sign (a child); empty for an adult.
    pub guardians: Vec<String>,
}

/// "Samtycke till samråd" for signature: the person's own secrecy waiver for consultations
/// with the police, the region and the municipalities [001 §6, §12], in the style of the SIP
/// consent form, saying that it covers samråd only (not the SIP, nor anything else).
pub fn samrad_consent_form(d: &SamradConsentFormData) -> Document {
    let r = &d.record;
    let mut b = vec![h("Samtycke till samråd")];
    b.push(sh("Samtycket gäller"));
    b.push(Block::Fields {
        fields: vec![
            field("Namn", &d.person.name),
            field(
                "Personnummer",
                d.person
                    .number
                    .clone()
                    .unwrap_or_else(|| "Saknas".to_owned()),
            ),
        ],
    });
    b.push(sh("Syfte"));
    b.push(p(crate::samrad::consent::PURPOSE));
    b.push(p(
        "Det är inte ett samtycke till SIP; för en SIP lämnar du ett eget samtycke.",
    ));
    b.push(sh(
        "Organisationer som får delta i samrådet och lämna uppgifter till varandra",
    ));
    let accepted: Vec<Check> = r
        .actors
        .iter()
        .filter(|a| a.accepted)
        .map(|a| Check {
            checked: true,
            text: actor_text(
                &a.unit_name,
                a.contact_name.as_deref(),
                a.actor_type.label(),
            ),
        })
        .collect();
    if accepted.is_empty() {
        b.push(p("Inga organisationer."));
    } else {
        b.push(Block::Checks { items: accepted });
    }
    b.push(sh("Uppgifter som får tas upp"));
    b.push(Block::Checks {
        items: InfoCategory::ALL
            .iter()
            .map(|c| Check {
                checked: r.categories.contains(c),
                text: if *c == InfoCategory::Annat && !r.other_text.trim().is_empty() {
                    format!("Annat: {}", r.other_text.trim())
                } else {
                    c.label().to_owned()
                },
            })
            .collect(),
    });
    b.push(sh("Undantag"));
    let mut excl: Vec<String> = r
        .excluded_categories
        .iter()
        .map(|c| format!("Uppgifter om {}", c.label().to_lowercase()))
        .collect();
    if !r.excluded_text.trim().is_empty() {
        excl.push(format!("Uppgifter: {}", r.excluded_text.trim()));
    }
    excl.extend(r.actors.iter().filter(|a| !a.accepted).map(|a| {
        format!(
            "Får inte delta: {}",
            actor_text(
                &a.unit_name,
                a.contact_name.as_deref(),
                a.actor_type.label()
            )
        )
    }));
    if excl.is_empty() {
        b.push(p("Inga undantag."));
    } else {
        b.push(Block::Bullets { items: excl });
    }
    b.push(sh("Giltighet"));
    b.push(validity(r.valid_from, r.valid_to));
    b.push(sh("Återkallelse"));
    b.push(p(
        "Du kan när som helst återkalla samtycket, helt eller delvis, muntligt eller skriftligt. \
         Säg det till din handläggare på socialtjänsten. Från den dagen tas ditt ärende upp \
         avidentifierat, utan ditt namn, och de organisationer som har fått uppgifter om dig på \
         samråd får veta att samtycket är återkallat. Uppgifter som redan har lämnats kan inte \
         tas tillbaka.",
    ));
    b.push(sh("Underskrift"));
    let parties = if d.guardians.is_empty() {
        vec![format!("Personen: {}", d.person.name)]
    } else {
        d.guardians
            .iter()
            .map(|g| format!("Vårdnadshavare: {g}"))
            .collect()
    };
    b.push(Block::Signatures {
        statement: "Jag har fått information om vad samtycket innebär och samtycker till att mitt \
                    ärende tas upp på samråd så som är ikryssat ovan."
            .into(),
        parties,
    });
    doc(
        DocumentKind::SamradConsent,
        &d.head,
        format!(
            "Samtycke till samråd {}–{}",
            date(r.valid_from),
            date(r.valid_to)
        ),
        Some(d.person.legend()),
        b,
    )
}

/// What one accepted actor's copy of a SIP consent gets: its own part only.
#[derive(Debug, Clone)]
pub struct ConsentCopyData {
    pub head: Head,
    pub person: SubjectInfo,
    /// The recipient, as its own copy names it.
    pub recipient: String,
    /// The categories this recipient may receive (asked of the consent gate).
    pub categories: Vec<InfoCategory>,
    /// What "Annat" means, when it is shared with this recipient and may be shown.
    pub other_text: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// The SIP's contact person.
    pub contact: String,
}

/// What a copy says about the rest of the consent.
pub const COPY_SCOPE: &str = "Kopian visar bara det som gäller er: att ni får delta i SIP:en och \
     vilka uppgifter ni får lämna och ta emot. Vilka andra aktörer som deltar, och vad personen \
     har undantagit, står inte här: personen har ett eget exemplar av hela samtycket.";

/// "Kopia av samtycke till SIP" for one accepted actor ("Consent is spread to the actors as
/// soon as it is obtained" [003 6]). It shows the recipient its own scope, the purpose, the
/// validity and how withdrawal works — never the other actors, nor the excluded information
/// or units (a school must not learn from its copy that a psychiatric clinic is involved).
pub fn consent_copy(d: &ConsentCopyData) -> Document {
    let mut b = vec![h("Kopia av samtycke till samordnad individuell plan (SIP)")];
    b.push(Block::Fields {
        fields: vec![field("Till", &d.recipient)],
    });
    b.push(p(COPY_SCOPE));
    b.push(sh("Samtycket gäller"));
    b.push(Block::Fields {
        fields: vec![
            field("Namn", &d.person.name),
            field(
                "Personnummer",
                d.person
                    .number
                    .clone()
                    .unwrap_or_else(|| "Lämnas inte ut i den här kopian".to_owned()),
            ),
        ],
    });
    b.push(sh("Syfte"));
    b.push(p(PURPOSE));
    b.push(sh("Uppgifter som får lämnas till och från er"));
    if d.categories.is_empty() {
        b.push(p("Inga uppgifter."));
    } else {
        b.push(Block::Bullets {
            items: d
                .categories
                .iter()
                .map(|c| match (&d.other_text, c) {
                    (Some(t), InfoCategory::Annat) if !t.trim().is_empty() => {
                        format!("Annat: {}", t.trim())
                    }
                    _ => c.label().to_owned(),
                })
                .collect(),
        });
    }
    b.push(sh("Giltighet"));
    b.push(p(format!(
        "Samtycket gäller från och med {} till och med {}. Efter det får inga nya uppgifter \
         lämnas under samtycket.",
        date(d.valid_from),
        date(d.valid_to)
    )));
    b.push(sh("Återkallelse"));
    b.push(p(
        "Personen kan när som helst återkalla samtycket, helt eller delvis. Om det återkallas \
         meddelar vi er. Från den dagen får inga nya uppgifter lämnas till er eller från er under \
         samtycket; uppgifter som redan har lämnats kan inte tas tillbaka.",
    ));
    b.push(Block::Fields {
        fields: vec![field("Kontaktperson för SIP:en", or_dash(&d.contact))],
    });
    doc(
        DocumentKind::ConsentCopy,
        &d.head,
        format!(
            "Kopia, samtycke {}–{}",
            date(d.valid_from),
            date(d.valid_to)
        ),
        Some(d.person.legend()),
        b,
    )
}
