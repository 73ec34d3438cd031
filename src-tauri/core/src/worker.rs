//! The worker's own details: whom the documents are from. The organisation's name stands in
//! every document's header; the worker's unit, name, title and phone at work are the contact
//! on the consent form and the invitation ("Ring Anna Berg på 019-16 40 00").
//!
//! Asked at first start, after the recovery key (it may be left for later: then a document
//! that needs them is refused, and the refusal says where to fill them in); editable under
//! Inställningar → Dina uppgifter. Every rule about them is here: the UI sends what was typed
//! to [`check`] and shows each problem beside its field, and [`save`] refuses the same things.
//!
//! The unit is the worker's own unit in the actor directory ([`crate::actor`]): saving finds it
//! there by name and type, or adds it. Every new SIP consent names it (see
//! [`crate::consent::records::record_with_reason`]).
//!
//! These are work contact data of the worker, never a client's.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::ctx::Ctx;
use crate::ids::UnitId;
use crate::store;
use crate::text::in_sentence;
use crate::vocab::{ActorType, Principal};
use crate::{Error, Result};

const NAME_SETTING: &str = "worker_name";
const TITLE_SETTING: &str = "worker_title";
const PHONE_SETTING: &str = "worker_phone";
const UNIT_SETTING: &str = "worker_unit_id";

/// The longest name, title and unit name (characters, one line).
pub use crate::text::MAX_DETAIL;
/// A phone number has this many digits at least, and at most [`MAX_PHONE_DIGITS`].
pub const MIN_PHONE_DIGITS: usize = 6;
pub const MAX_PHONE_DIGITS: usize = 20;

/// The unit type a new profile's own unit has until the worker chooses another.
pub const DEFAULT_UNIT_TYPE: ActorType = ActorType::SocVald;

/// What the worker types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkerDetailsInput {
    /// "Örebro kommun, Socialförvaltningen": the header of every document.
    pub organisation: String,
    /// The worker's own unit: "Vuxenenheten Örebro".
    pub unit_name: String,
    pub unit_type: ActorType,
    pub name: String,
    /// "Socialsekreterare".
    pub title: String,
    /// The phone at work.
    pub phone: String,
}

/// The details as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkerDetails {
    pub organisation: String,
    /// The worker's own unit in the directory; None until the details are saved.
    pub unit_id: Option<UnitId>,
    pub unit_name: String,
    /// The own unit's type ([`DEFAULT_UNIT_TYPE`] until one is saved).
    pub unit_type: ActorType,
    pub name: String,
    pub title: String,
    pub phone: String,
    /// Everything a document needs is filled in.
    pub complete: bool,
}

/// The fields, for a problem beside its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DetailsField {
    Organisation,
    UnitName,
    Name,
    Title,
    Phone,
}

/// One problem with what was typed, shown beside its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DetailsProblem {
    pub field: DetailsField,
    pub message: String,
}

/// What the documents will say with these details, built by the documents' own code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DetailsPreview {
    /// The header of every page: the organisation ...
    pub organisation: String,
    /// ... and the legend beside it.
    pub legend: String,
    /// "Anna Berg, socialsekreterare, Vuxenenheten Örebro": the contact on the consent form
    /// and the invitation.
    pub contact: String,
    pub phone: String,
    /// The consent form's "Du kan när som helst återkalla samtycket. Ring …".
    pub withdraw: String,
}

/// The answer to [`check`]: the problems (none: it can be saved) and the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DetailsCheck {
    pub problems: Vec<DetailsProblem>,
    pub preview: DetailsPreview,
}

/// A name, title or unit: 1–`max` characters on one line. `what` names it in the message
/// ("Organisationens namn"), `empty` says what to write.
fn one_line(value: &str, what: &str, max: usize, empty: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return Some(empty.to_owned());
    }
    if v.contains(['\n', '\r']) {
        return Some(format!("{what} ska stå på en rad. Ta bort radbrytningen."));
    }
    if v.chars().any(char::is_control) {
        return Some(format!(
            "{what} innehåller otillåtna tecken. Skriv om det utan kontrolltecken."
        ));
    }
    let n = v.chars().count();
    if n > max {
        return Some(format!(
            "{what} får vara högst {max} tecken. Det du skrev har {n}."
        ));
    }
    None
}

/// A phone number at work: digits, spaces, "+" (first, before the country code), "-" and
/// parentheses; 6–20 digits.
fn phone_problem(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return Some(
            "Skriv ditt telefonnummer i arbetet. Personen ringer det för att återkalla sitt \
             samtycke, och de som kallas ringer det för att få veta tid och plats."
                .into(),
        );
    }
    if let Some(c) = v
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')')))
    {
        return Some(format!(
            "Telefonnumret kan bara innehålla siffror, mellanslag, +, - och parenteser, inte \
             ”{c}”. Skriv det till exempel som 019-21 10 00."
        ));
    }
    if v.chars().skip(1).any(|c| c == '+') {
        return Some("Plustecknet kan bara stå först, före landsnumret: +46 19 21 10 00.".into());
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !(MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits) {
        return Some(format!(
            "Telefonnumret ska ha {MIN_PHONE_DIGITS}–{MAX_PHONE_DIGITS} siffror. Det du skrev \
             har {digits}."
        ));
    }
    None
}

/// Every problem with `input`, in the order of the fields.
pub fn problems(input: &WorkerDetailsInput) -> Vec<DetailsProblem> {
    let checks = [
        (
            DetailsField::Organisation,
            one_line(
                &input.organisation,
                "Organisationens namn",
                MAX_ORGANISATION,
                "Skriv organisationens namn som det ska stå överst på dokumenten, till exempel \
                 ”Örebro kommun, Socialförvaltningen”.",
            ),
        ),
        (
            DetailsField::UnitName,
            one_line(
                &input.unit_name,
                "Enhetens namn",
                MAX_DETAIL,
                "Skriv namnet på din enhet, till exempel ”Vuxenenheten”. Den läggs in i \
                 samverkanskontakterna och finns med i varje nytt samtycke.",
            ),
        ),
        (
            DetailsField::Name,
            one_line(
                &input.name,
                "Namnet",
                MAX_DETAIL,
                "Skriv ditt namn. Det står som kontaktperson på samtyckesblanketten och \
                 kallelsen.",
            ),
        ),
        (
            DetailsField::Title,
            one_line(
                &input.title,
                "Titeln",
                MAX_DETAIL,
                "Skriv din titel, till exempel ”Socialsekreterare”.",
            ),
        ),
        (DetailsField::Phone, phone_problem(&input.phone)),
    ];
    checks
        .into_iter()
        .filter_map(|(field, message)| message.map(|message| DetailsProblem { field, message }))
        .collect()
}

fn sender_of(name: &str, title: &str, unit: &str, phone: &str) -> Sender {
    Sender {
        name: name.trim().to_owned(),
        title: title.trim().to_owned(),
        unit: unit.trim().to_owned(),
        phone: phone.trim().to_owned(),
    }
}

/// The problems, and what the documents will say with what was typed (a pure function: the UI
/// asks it as the worker types).
pub fn check(input: &WorkerDetailsInput) -> DetailsCheck {
    // A field not yet filled in shows where its words will stand, never a gap ("Ring  på .").
    let or = |v: &str, blank: &str| -> String {
        if v.trim().is_empty() {
            blank.to_owned()
        } else {
            v.to_owned()
        }
    };
    let s = sender_of(
        &or(&input.name, "[ditt namn]"),
        &or(&input.title, "[din titel]"),
        &or(&input.unit_name, "[din enhet]"),
        &or(&input.phone, "[ditt telefonnummer]"),
    );
    DetailsCheck {
        problems: problems(input),
        preview: DetailsPreview {
            organisation: input.organisation.trim().to_owned(),
            legend: crate::text::CONFIDENTIAL.to_owned(),
            contact: s.who(),
            phone: s.phone.clone(),
            withdraw: withdraw_by_phone(&s),
        },
    }
}

fn setting(conn: &Connection, key: &str) -> Result<String> {
    Ok(store::get_setting(conn, key)?.unwrap_or_default())
}

/// The details as saved (empty fields until they are).
pub fn get(conn: &Connection) -> Result<WorkerDetails> {
    let unit_id: Option<UnitId> = setting(conn, UNIT_SETTING)?.parse::<i64>().ok().map(UnitId);
    let unit: Option<(String, ActorType)> = match unit_id {
        Some(id) => conn
            .query_row(
                "SELECT name, actor_type FROM actor_units WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?,
        None => None,
    };
    let (unit_name, unit_type) = unit
        .clone()
        .unwrap_or_else(|| (String::new(), DEFAULT_UNIT_TYPE));
    let mut d = WorkerDetails {
        organisation: setting(conn, ORGANISATION_SETTING)?,
        unit_id: unit.as_ref().and(unit_id),
        unit_name,
        unit_type,
        name: setting(conn, NAME_SETTING)?,
        title: setting(conn, TITLE_SETTING)?,
        phone: setting(conn, PHONE_SETTING)?,
        complete: false,
    };
    d.complete = d.unit_id.is_some() && problems(&d.input()).is_empty();
    Ok(d)
}

impl WorkerDetails {
    /// The details as the form shows them.
    pub fn input(&self) -> WorkerDetailsInput {
        WorkerDetailsInput {
            organisation: self.organisation.clone(),
            unit_name: self.unit_name.clone(),
            unit_type: self.unit_type,
            name: self.name.clone(),
            title: self.title.clone(),
            phone: self.phone.clone(),
        }
    }

    /// The sender of a document; None until the details are complete.
    pub fn sender(&self) -> Option<Sender> {
        self.complete
            .then(|| sender_of(&self.name, &self.title, &self.unit_name, &self.phone))
    }

    /// What is missing, as the refusal names it ("ditt namn, ditt telefonnummer").
    pub fn missing(&self) -> Vec<&'static str> {
        problems(&self.input())
            .iter()
            .map(|p| match p.field {
                DetailsField::Organisation => "organisationens namn",
                DetailsField::UnitName => "din enhet",
                DetailsField::Name => "ditt namn",
                DetailsField::Title => "din titel",
                DetailsField::Phone => "ditt telefonnummer i arbetet",
            })
            .collect()
    }
}

/// The worker's own unit, if the details name one.
pub fn own_unit(conn: &Connection) -> Result<Option<UnitId>> {
    Ok(get(conn)?.unit_id)
}

/// Who runs a unit of this type, for a unit the app adds by itself.
fn principal_of(t: ActorType) -> Principal {
    use ActorType as T;
    match t {
        _ if t.is_social_services() => Principal::Kommun,
        _ if t.is_health_care() => Principal::Region,
        T::Skola => Principal::Kommun,
        T::Polis
        | T::Aklagare
        | T::Brottsoffermyndigheten
        | T::Kriminalvarden
        | T::Forsakringskassan
        | T::Arbetsformedlingen
        | T::Skatteverket
        | T::Migrationsverket => Principal::Stat,
        T::Kvinnojour | T::Frivilligorganisation => Principal::Ideell,
        _ => Principal::Annan,
    }
}

/// Saves the details (refused with the first problem, as [`check`] finds them) and makes sure
/// the unit is in the directory: found there by name and type, or added. One transaction, in
/// the history (which names no value: a person's own name stays out of the log).
pub fn save(conn: &mut Connection, ctx: &Ctx, input: &WorkerDetailsInput) -> Result<WorkerDetails> {
    if let Some(p) = problems(input).into_iter().next() {
        return Err(Error::InvalidInput(format!(
            "Dina uppgifter sparades inte. {}",
            p.message
        )));
    }
    let unit_name = input.unit_name.trim();
    let tx = conn.transaction()?;
    let found: Option<UnitId> = tx
        .query_row(
            "SELECT id FROM actor_units WHERE name = ?1 AND actor_type = ?2",
            params![unit_name, input.unit_type],
            |r| r.get(0),
        )
        .optional()?;
    let unit = match found {
        Some(u) => u,
        None => {
            tx.execute(
                "INSERT INTO actor_units(name, actor_type, principal, area, phone, email, organisation_id)
                 VALUES (?1, ?2, ?3, '', '', '', NULL)",
                params![unit_name, input.unit_type, principal_of(input.unit_type)],
            )?;
            let u = UnitId(tx.last_insert_rowid());
            audit::record(
                &tx,
                ctx,
                None,
                "actor.unit.create",
                &format!(
                    "Enhet tillagd: {unit_name} ({}), din egen enhet",
                    input.unit_type.label()
                ),
            )?;
            u
        }
    };
    for (key, value) in [
        (ORGANISATION_SETTING, input.organisation.trim()),
        (NAME_SETTING, input.name.trim()),
        (TITLE_SETTING, input.title.trim()),
        (PHONE_SETTING, input.phone.trim()),
        (UNIT_SETTING, &unit.0.to_string()),
    ] {
        store::set_setting(&tx, key, value)?;
    }
    audit::record(
        &tx,
        ctx,
        None,
        "settings.worker",
        "Dina uppgifter i dokumenten ändrade (organisation, enhet, namn, titel och telefon)",
    )?;
    tx.commit()?;
    get(conn)
}

/// The setting: the organisation's name in every document's header.
pub const ORGANISATION_SETTING: &str = "organisation_name";
pub const MAX_ORGANISATION: usize = 120;

/// The organisation's name; empty when not set.
pub fn organisation(conn: &Connection) -> Result<String> {
    Ok(store::get_setting(conn, ORGANISATION_SETTING)?.unwrap_or_default())
}

pub fn set_organisation(conn: &mut Connection, ctx: &Ctx, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().nth(MAX_ORGANISATION).is_some()
        || name.chars().any(char::is_control)
    {
        return Err(Error::InvalidInput(format!(
            "Skriv organisationens namn som det ska stå överst på dokumenten (1–{MAX_ORGANISATION} tecken, en rad)."
        )));
    }
    let tx = conn.transaction()?;
    store::set_setting(&tx, ORGANISATION_SETTING, name)?;
    audit::record(
        &tx,
        ctx,
        None,
        "settings.organisation",
        "Organisationens namn i dokumenten ändrat",
    )?;
    tx.commit()?;
    Ok(name.to_owned())
}

/// Who a document is from: the worker's own details (Inställningar → Dina uppgifter). The
/// contact on the consent form and the invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub title: String,
    /// The worker's own unit; empty where the protection rules withhold unit names from the
    /// copy's reader.
    pub unit: String,
    /// The worker's phone at work.
    pub phone: String,
}

impl Sender {
    /// "Anna Berg, socialsekreterare, Vuxenenheten Örebro".
    pub fn who(&self) -> String {
        let mut s = format!("{}, {}", self.name.trim(), in_sentence(&self.title));
        if !self.unit.trim().is_empty() {
            s.push_str(", ");
            s.push_str(self.unit.trim());
        }
        s
    }

    /// The same sender without the unit's name (a copy whose reader may not have unit names).
    pub fn without_unit(&self) -> Sender {
        Sender {
            unit: String::new(),
            ..self.clone()
        }
    }
}

/// The right to withdraw, with the worker's phone: "Du kan när som helst återkalla samtycket.
/// Ring Anna Berg på 019-16 40 00."
pub fn withdraw_by_phone(s: &Sender) -> String {
    format!(
        "Du kan när som helst återkalla samtycket. Ring {} på {}. Du kan också säga det till \
         någon av aktörerna i samtycket, muntligt eller skriftligt, och du kan återkalla en del av \
         samtycket. Återkallelsen gäller från den dag du säger det; uppgifter som redan har \
         lämnats kan inte tas tillbaka.",
        s.name.trim(),
        s.phone.trim()
    )
}

#[cfg(test)]
mod tests;
