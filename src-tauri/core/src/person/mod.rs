//! Persons in a case: identity, legal sex, language, protection level, roles, forms of
//! violence, the agreed way of contact, and the relations between persons.

pub mod idnumber;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::case_ref::{OpenCase, OpenPerson};
use crate::ctx::Ctx;
use crate::ids::{CaseId, PersonId, RelationId};
use crate::text::clean as text;
use crate::vocab::{LegalSex, NoNumberReason, ProtectionLevel, RelationKind, Role, ViolenceForm};
use crate::{Error, Refusal, Result};
use idnumber::{IdKind, IdentityNumber, LegalSexHint};

/// Longest name, free text or contact field accepted (characters).
pub const MAX_NAME: usize = crate::text::MAX_SHORT;
pub const MAX_TEXT: usize = crate::text::MAX_LONG;

/// "From 12 years, the social welfare board may decide on open interventions (öppna insatser)
/// without the guardians' consent, provided the child consents (age limit lowered from 15 to
/// 12 on 2023-07-01)" [003 "Samtycke och sekretess för barn i SIP"].
pub const CHILD_OWN_CONSENT_AGE: u32 = 12;
/// A child is a person under 18.
pub const ADULT_AGE: u32 = 18;

/// How the person is identified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, rename = "IdentityInput")]
pub enum IdentityInput {
    /// A personnummer or samordningsnummer, in any common written form.
    Number { number: String },
    /// No number: the reason is required; a birth date may be entered.
    None {
        reason: NoNumberReason,
        note: String,
        #[serde(rename = "birthDate")]
        #[ts(type = "string | null")]
        birth_date: Option<NaiveDate>,
    },
}

/// What the person form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonInput {
    pub name: String,
    pub identity: IdentityInput,
    pub legal_sex: LegalSex,
    pub language: String,
    pub interpreter_needed: bool,
    pub protection_level: ProtectionLevel,
    /// Only for persons without protected personal data; must be empty otherwise.
    pub address: String,
    pub phone: String,
    /// How the person wants to be contacted between meetings.
    pub contact_way: String,
    pub roles: Vec<Role>,
    pub violence_forms: Vec<ViolenceForm>,
}

/// A person as the case screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Person {
    pub id: PersonId,
    pub case_id: CaseId,
    pub name: String,
    pub initials: String,
    /// "personnummer" | "samordningsnummer" | null (no number).
    pub id_kind: Option<IdKind>,
    /// Canonical form `YYYYMMDD-NNNC`, or null.
    pub identity_number: Option<String>,
    pub no_number_reason: Option<NoNumberReason>,
    pub no_number_note: String,
    #[ts(type = "string | null")]
    pub birth_date: Option<NaiveDate>,
    /// Completed years on the day asked for (today in Sweden), if the birth date is known.
    pub age: Option<u32>,
    /// Under 18.
    pub is_child: bool,
    /// A child of 12 or more: may consent to open interventions themself (see the Consent issue).
    pub twelve_or_older: bool,
    pub legal_sex: LegalSex,
    pub language: String,
    pub interpreter_needed: bool,
    pub protection_level: ProtectionLevel,
    pub is_protected: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub contact_way: String,
    pub roles: Vec<Role>,
    pub violence_forms: Vec<ViolenceForm>,
}

/// "A <kind> B".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RelationInput {
    pub from_person: PersonId,
    pub to_person: PersonId,
    pub kind: RelationKind,
    /// Required for `vardnadshavare` (vårdnad: ja/nej), absent otherwise.
    pub custody: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Relation {
    pub id: RelationId,
    pub from_person: PersonId,
    pub to_person: PersonId,
    pub kind: RelationKind,
    pub custody: Option<bool>,
    /// How it reads between the two names: "är vårdnadshavare för" ([`relation_phrase`]).
    pub phrase: String,
    /// What follows the second name: "(har inte vårdnaden)", or empty.
    pub custody_note: String,
}

impl Relation {
    pub fn new(
        id: RelationId,
        from_person: PersonId,
        to_person: PersonId,
        kind: RelationKind,
        custody: Option<bool>,
    ) -> Self {
        let (phrase, note) = relation_phrase(kind, custody);
        Relation {
            id,
            from_person,
            to_person,
            kind,
            custody,
            phrase: phrase.to_owned(),
            custody_note: note.to_owned(),
        }
    }
}

/// What follows the child's name when a parent is recorded without custody.
pub const NO_CUSTODY: &str = "(har inte vårdnaden)";

/// How a relation reads between two names, and what follows the second: the custody is said
/// once. Someone with custody "är vårdnadshavare för" the child (a vårdnadshavare has the
/// custody); a parent recorded without custody "är förälder till" the child
/// "(har inte vårdnaden)" — never "vårdnadshavare för … (har inte vårdnaden)", which reads as
/// a contradiction (issue 19). The one place every text of a relation takes its words from:
/// the case screen, the history, the samråd summary, the SIP's participants.
pub fn relation_phrase(kind: RelationKind, custody: Option<bool>) -> (&'static str, &'static str) {
    match (kind, custody) {
        (RelationKind::Vardnadshavare, Some(false)) => (RelationKind::Foralder.label(), NO_CUSTODY),
        (kind, _) => (kind.label(), ""),
    }
}

/// Initials for lists: "Anna Maria Svensson" → "A. M. S."
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(|c| c.to_uppercase())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The validated form of [`PersonInput`], ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    pub name: String,
    pub number: Option<IdentityNumber>,
    pub no_number: Option<(NoNumberReason, String)>,
    pub birth_date: Option<NaiveDate>,
    pub legal_sex: LegalSex,
    pub language: String,
    pub interpreter_needed: bool,
    pub protection_level: ProtectionLevel,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub contact_way: String,
    pub roles: BTreeSet<Role>,
    pub violence_forms: BTreeSet<ViolenceForm>,
}

fn optional(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

/// A field of the person form, for a problem shown beside it (issue 19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PersonField {
    Name,
    Number,
    BirthDate,
    NoNumberNote,
    Address,
    Phone,
    Language,
    ContactWay,
}

/// One problem of a person form: the field and the Swedish sentence shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonProblem {
    pub field: PersonField,
    pub message: String,
}

fn checked_name(input: &PersonInput) -> Result<String> {
    let name = text("Namnet", &input.name, MAX_NAME)?;
    if name.is_empty() {
        return Err(Error::InvalidInput(
            "Skriv personens namn. Är namnet okänt, skriv till exempel ”Barn 1”.".into(),
        ));
    }
    Ok(name)
}

fn checked_number(number: &str, today: NaiveDate) -> Result<IdentityNumber> {
    crate::text::check_len("Personnummer", number, MAX_NAME)?;
    IdentityNumber::parse(number, today).map_err(|e| Error::InvalidInput(e.to_string()))
}

fn checked_birth_date(birth_date: Option<NaiveDate>, today: NaiveDate) -> Result<()> {
    if let Some(b) = birth_date {
        if b > today {
            return Err(Error::InvalidInput(
                "Födelsedatumet ligger i framtiden. Kontrollera datumet.".into(),
            ));
        }
        if b.year() < 1880 {
            return Err(Error::InvalidInput(
                "Födelsedatumet är orimligt tidigt. Kontrollera året.".into(),
            ));
        }
    }
    Ok(())
}

fn checked_note(note: &str) -> Result<String> {
    text("Anteckningen om numret", note, MAX_NAME)
}

fn checked_address(input: &PersonInput) -> Result<Option<String>> {
    let address = optional(text("Adressen", &input.address, MAX_NAME)?);
    if input.protection_level.is_protected() && address.is_some() {
        return Err(Error::Refused(Refusal::ProtectedContactNotStored));
    }
    Ok(address)
}

fn checked_phone(input: &PersonInput) -> Result<Option<String>> {
    let phone = optional(text("Telefonnumret", &input.phone, crate::text::MAX_PHONE)?);
    if input.protection_level.is_protected() && phone.is_some() {
        return Err(Error::Refused(Refusal::ProtectedContactNotStored));
    }
    Ok(phone)
}

fn checked_language(input: &PersonInput) -> Result<String> {
    text("Språket", &input.language, crate::text::MAX_LANGUAGE)
}

fn checked_contact_way(input: &PersonInput) -> Result<String> {
    text("Kontaktsättet", &input.contact_way, MAX_TEXT)
}

/// Every problem of a person form at once, each with its field, in the form's order (issue
/// 19: errors at their cause). The same checks as [`validate`], field by field: `validate`
/// refuses exactly when this finds a problem, with the first one's message.
pub fn problems(input: &PersonInput, today: NaiveDate) -> Vec<PersonProblem> {
    fn add<T>(out: &mut Vec<PersonProblem>, field: PersonField, r: Result<T>) {
        if let Err(e) = r {
            out.push(PersonProblem {
                field,
                message: e.to_ipc().message,
            });
        }
    }
    let mut out = Vec::new();
    add(&mut out, PersonField::Name, checked_name(input));
    match &input.identity {
        IdentityInput::Number { number } => {
            add(&mut out, PersonField::Number, checked_number(number, today));
        }
        IdentityInput::None {
            note, birth_date, ..
        } => {
            add(
                &mut out,
                PersonField::BirthDate,
                checked_birth_date(*birth_date, today),
            );
            add(&mut out, PersonField::NoNumberNote, checked_note(note));
        }
    }
    add(&mut out, PersonField::Address, checked_address(input));
    add(&mut out, PersonField::Phone, checked_phone(input));
    add(&mut out, PersonField::Language, checked_language(input));
    add(
        &mut out,
        PersonField::ContactWay,
        checked_contact_way(input),
    );
    out
}

/// Checks a person form. Pure: a function of the input and today's date.
pub fn validate(input: &PersonInput, today: NaiveDate) -> Result<ValidPerson> {
    let name = checked_name(input)?;
    let (number, no_number, birth_date) = match &input.identity {
        IdentityInput::Number { number } => {
            let n = checked_number(number, today)?;
            (Some(n), None, Some(n.birth_date()))
        }
        IdentityInput::None {
            reason,
            note,
            birth_date,
        } => {
            checked_birth_date(*birth_date, today)?;
            let note = checked_note(note)?;
            (None, Some((*reason, note)), *birth_date)
        }
    };
    // The number records legal sex; use it when the worker left it open.
    let legal_sex = match (input.legal_sex, number) {
        (LegalSex::Okant, Some(n)) => match n.legal_sex_hint() {
            LegalSexHint::Kvinna => LegalSex::Kvinna,
            LegalSexHint::Man => LegalSex::Man,
        },
        (s, _) => s,
    };
    // "Address and phone are optional and may not be stored at all when protected."
    let address = checked_address(input)?;
    let phone = checked_phone(input)?;
    Ok(ValidPerson {
        name,
        number,
        no_number,
        birth_date,
        legal_sex,
        language: checked_language(input)?,
        interpreter_needed: input.interpreter_needed,
        protection_level: input.protection_level,
        address,
        phone,
        contact_way: checked_contact_way(input)?,
        roles: input.roles.iter().copied().collect(),
        violence_forms: input.violence_forms.iter().copied().collect(),
    })
}

fn id_kind_key(p: &ValidPerson) -> &'static str {
    match p.number.map(|n| n.kind()) {
        Some(IdKind::Personnummer) => "personnummer",
        Some(IdKind::Samordningsnummer) => "samordningsnummer",
        None => "saknas",
    }
}

fn write_sets(conn: &Connection, id: PersonId, p: &ValidPerson) -> Result<()> {
    conn.execute("DELETE FROM person_roles WHERE person_id = ?1", [id])?;
    conn.execute(
        "DELETE FROM person_violence_forms WHERE person_id = ?1",
        [id],
    )?;
    for r in &p.roles {
        conn.execute(
            "INSERT INTO person_roles(person_id, role) VALUES (?1, ?2)",
            params![id, r],
        )?;
    }
    for f in &p.violence_forms {
        conn.execute(
            "INSERT INTO person_violence_forms(person_id, form) VALUES (?1, ?2)",
            params![id, f],
        )?;
    }
    Ok(())
}

/// Adds a person to a case.
pub fn create(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    input: &PersonInput,
) -> Result<PersonId> {
    let case = case.id();
    let p = validate(input, ctx.today)?;
    let tx = conn.transaction()?;
    crate::case_ref::require(&tx, case)?;
    let id = insert(&tx, case, &p)?;
    audit::record(
        &tx,
        ctx,
        Some(case),
        "person.create",
        &format!(
            "Person tillagd ({}){}",
            p.protection_level.label(),
            if p.roles.is_empty() {
                String::new()
            } else {
                format!(
                    ", roll: {}",
                    p.roles
                        .iter()
                        .map(|r| r.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// The columns a person form writes, in the order of [`write_row`]'s parameters ?2…?14.
const WRITTEN: &str = "name, id_kind, identity_number, no_number_reason, no_number_note,
    birth_date, legal_sex, language, interpreter_needed, protection_level, address, phone,
    contact_way";

/// Runs `sql` (an INSERT or UPDATE of [`WRITTEN`]) with `key` as ?1 and the person as ?2…?14.
fn write_row(
    conn: &Connection,
    sql: &str,
    key: &dyn rusqlite::ToSql,
    p: &ValidPerson,
) -> Result<usize> {
    Ok(conn.execute(
        sql,
        params![
            key,
            p.name,
            id_kind_key(p),
            p.number.map(|n| n.canonical()),
            p.no_number.as_ref().map(|(r, _)| *r),
            p.no_number.as_ref().map(|(_, n)| n.as_str()).unwrap_or(""),
            p.birth_date,
            p.legal_sex,
            p.language,
            p.interpreter_needed,
            p.protection_level,
            p.address,
            p.phone,
            p.contact_way,
        ],
    )?)
}

const VALUES: &str = "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14";

/// Inserts a validated person (no history entry: the caller writes one).
pub(crate) fn insert(conn: &Connection, case: CaseId, p: &ValidPerson) -> Result<PersonId> {
    write_row(
        conn,
        &format!("INSERT INTO persons(case_id, {WRITTEN}) VALUES (?1, {VALUES})"),
        &case,
        p,
    )?;
    let id = PersonId(conn.last_insert_rowid());
    write_sets(conn, id, p)?;
    Ok(id)
}

/// Changes a person. Raising the protection level removes a stored address and phone number
/// in the same transaction (secure_delete overwrites them in the file).
pub fn update(conn: &mut Connection, ctx: &Ctx, id: OpenPerson, input: &PersonInput) -> Result<()> {
    let id = id.id();
    let p = validate(input, ctx.today)?;
    let tx = conn.transaction()?;
    let before = get_unchecked(&tx, id, ctx.today)?.ok_or(Error::NotFound("Personen"))?;
    write_row(
        &tx,
        &format!("UPDATE persons SET ({WRITTEN}) = ({VALUES}) WHERE id = ?1"),
        &id,
        &p,
    )?;
    write_sets(&tx, id, &p)?;
    let after = get_unchecked(&tx, id, ctx.today)?.ok_or(Error::NotFound("Personen"))?;
    let changed = changed_fields(&before, &after);
    if !changed.is_empty() {
        audit::record(
            &tx,
            ctx,
            Some(before.case_id),
            "person.update",
            &format!("Person ändrad: {}", changed.join(", ")),
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Names (never values) of the fields that differ.
fn changed_fields(a: &Person, b: &Person) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |cond: bool, name: &str| {
        if cond {
            out.push(name.to_owned());
        }
    };
    check(a.name != b.name, "namn");
    check(
        a.identity_number != b.identity_number || a.no_number_reason != b.no_number_reason,
        "identitetsnummer",
    );
    check(a.birth_date != b.birth_date, "födelsedatum");
    check(a.legal_sex != b.legal_sex, "juridiskt kön");
    check(
        a.language != b.language || a.interpreter_needed != b.interpreter_needed,
        "språk/tolk",
    );
    check(a.address != b.address, "adress");
    check(a.phone != b.phone, "telefon");
    check(a.contact_way != b.contact_way, "kontaktsätt");
    check(a.roles != b.roles, "roller");
    check(a.violence_forms != b.violence_forms, "våldsformer");
    if a.protection_level != b.protection_level {
        out.push(format!(
            "skyddsnivå ({} → {})",
            a.protection_level.label(),
            b.protection_level.label()
        ));
    }
    out
}

const PERSON_COLUMNS: &str = "id, case_id, name, id_kind, identity_number, no_number_reason,
    no_number_note, birth_date, legal_sex, language, interpreter_needed, protection_level,
    address, phone, contact_way";

fn from_row(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<Person> {
    let name: String = r.get(2)?;
    let kind: String = r.get(3)?;
    let birth_date: Option<NaiveDate> = r.get(7)?;
    let age = birth_date.and_then(|b| idnumber::age_in_years(b, today));
    let level: ProtectionLevel = r.get(11)?;
    Ok(Person {
        id: r.get(0)?,
        case_id: r.get(1)?,
        initials: initials(&name),
        name,
        id_kind: match kind.as_str() {
            "personnummer" => Some(IdKind::Personnummer),
            "samordningsnummer" => Some(IdKind::Samordningsnummer),
            _ => None,
        },
        identity_number: r.get(4)?,
        no_number_reason: r.get(5)?,
        no_number_note: r.get(6)?,
        birth_date,
        age,
        is_child: age.is_some_and(|a| a < ADULT_AGE),
        twelve_or_older: age.is_some_and(|a| (CHILD_OWN_CONSENT_AGE..ADULT_AGE).contains(&a)),
        legal_sex: r.get(8)?,
        language: r.get(9)?,
        interpreter_needed: r.get(10)?,
        protection_level: level,
        is_protected: level.is_protected(),
        address: r.get(12)?,
        phone: r.get(13)?,
        contact_way: r.get(14)?,
        roles: Vec::new(),
        violence_forms: Vec::new(),
    })
}

fn fill_sets(conn: &Connection, p: &mut Person) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT role FROM person_roles WHERE person_id = ?1 ORDER BY role")?;
    p.roles = stmt
        .query_map([p.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    p.roles.sort();
    let mut stmt =
        conn.prepare_cached("SELECT form FROM person_violence_forms WHERE person_id = ?1")?;
    p.violence_forms = stmt
        .query_map([p.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    p.violence_forms.sort();
    Ok(())
}

pub fn get(conn: &Connection, id: OpenPerson, today: NaiveDate) -> Result<Option<Person>> {
    get_unchecked(conn, id.id(), today)
}

/// [`get`] for the core's own use, on a person its caller already reached through an open case.
pub(crate) fn get_unchecked(
    conn: &Connection,
    id: PersonId,
    today: NaiveDate,
) -> Result<Option<Person>> {
    let p = conn
        .query_row(
            &format!("SELECT {PERSON_COLUMNS} FROM persons WHERE id = ?1"),
            [id],
            |r| from_row(r, today),
        )
        .optional()?;
    match p {
        Some(mut p) => {
            fill_sets(conn, &mut p)?;
            Ok(Some(p))
        }
        None => Ok(None),
    }
}

/// The persons of a case, in the order they were added.
pub(crate) fn list_for_case(
    conn: &Connection,
    case: CaseId,
    today: NaiveDate,
) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLUMNS} FROM persons WHERE case_id = ?1 ORDER BY id"
    ))?;
    let mut persons = stmt
        .query_map([case], |r| from_row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for p in &mut persons {
        fill_sets(conn, p)?;
    }
    Ok(persons)
}

/// Adds a relation between two persons of the same case.
pub fn add_relation(
    conn: &mut Connection,
    ctx: &Ctx,
    case: OpenCase,
    input: &RelationInput,
) -> Result<RelationId> {
    let case = case.id();
    if input.from_person == input.to_person {
        return Err(Error::InvalidInput(
            "En relation gäller två olika personer. Välj en annan person i den andra listan."
                .into(),
        ));
    }
    let custody = match (input.kind, input.custody) {
        (RelationKind::Vardnadshavare, Some(c)) => Some(c),
        (RelationKind::Vardnadshavare, None) => {
            return Err(Error::InvalidInput(
                "Ange om personen har vårdnaden om barnet (ja eller nej).".into(),
            ))
        }
        (_, _) => None,
    };
    let tx = conn.transaction()?;
    let from =
        get_unchecked(&tx, input.from_person, ctx.today)?.ok_or(Error::NotFound("Personen"))?;
    let to = get_unchecked(&tx, input.to_person, ctx.today)?.ok_or(Error::NotFound("Personen"))?;
    if from.case_id != case || to.case_id != case {
        return Err(Error::InvalidInput(
            "Personerna hör till olika ärenden. En relation kan bara gälla personer i samma ärende."
                .into(),
        ));
    }
    if input.kind == RelationKind::Vardnadshavare {
        if let Some(age) = to.age.filter(|_| !to.is_child) {
            return Err(Error::Refused(Refusal::GuardianOnlyForChild { age }));
        }
        // A minor can't have custody (FB 6 kap.): a minor parent's child gets a särskilt
        // förordnad vårdnadshavare.
        if from.is_child {
            return Err(Error::Refused(Refusal::GuardianIsMinor));
        }
        // "If there are two guardians with custody, both must consent" — there are never more.
        let custodians: i64 = tx.query_row(
            "SELECT count(*) FROM relations WHERE to_person = ?1 AND kind = 'vardnadshavare' AND custody = 1",
            [input.to_person],
            |r| r.get(0),
        )?;
        if custody == Some(true) && custodians >= 2 {
            return Err(Error::Refused(Refusal::TwoCustodiansAlready));
        }
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM relations WHERE from_person = ?1 AND to_person = ?2 AND kind = ?3)",
        params![input.from_person, input.to_person, input.kind],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::Refused(Refusal::RelationExists));
    }
    tx.execute(
        "INSERT INTO relations(case_id, from_person, to_person, kind, custody) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![from.case_id, input.from_person, input.to_person, input.kind, custody],
    )?;
    let id = RelationId(tx.last_insert_rowid());
    audit::record(
        &tx,
        ctx,
        Some(from.case_id),
        "relation.create",
        // Kind only: the history is kept for good and names nobody.
        &{
            let (phrase, note) = relation_phrase(input.kind, custody);
            format!(
                "Relation tillagd: person {} {phrase} person {} {note}",
                from.id, to.id
            )
            .trim_end()
            .to_owned()
        },
    )?;
    tx.commit()?;
    Ok(id)
}

pub fn remove_relation(
    conn: &mut Connection,
    ctx: &Ctx,
    case_id: OpenCase,
    id: RelationId,
) -> Result<()> {
    let case_id = case_id.id();
    let tx = conn.transaction()?;
    let (case, kind, custody): (CaseId, RelationKind, Option<bool>) = tx
        .query_row(
            "SELECT case_id, kind, custody FROM relations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Relationen"))?;
    if case != case_id {
        return Err(Error::NotFound("Relationen"));
    }
    tx.execute("DELETE FROM relations WHERE id = ?1", [id])?;
    audit::record(&tx, ctx, Some(case), "relation.delete", &{
        let (phrase, note) = relation_phrase(kind, custody);
        format!(
            "Relation borttagen ({phrase}{})",
            if note.is_empty() {
                String::new()
            } else {
                format!(" {note}")
            }
        )
    })?;
    tx.commit()?;
    Ok(())
}

pub(crate) fn relations_for_case(conn: &Connection, case: CaseId) -> Result<Vec<Relation>> {
    let mut stmt = conn.prepare(
        "SELECT id, from_person, to_person, kind, custody FROM relations WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([case], |r| {
        Ok(Relation::new(
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests;
