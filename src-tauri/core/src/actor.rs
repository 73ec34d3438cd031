//! The actor directory (samverkanskontakter): the units the worker cooperates with and their
//! contact persons. Shipped with the list of actor *types* ([`ActorType`], from "Possible
//! cooperation contacts" [003 "Möjliga samverkanskontakter"]); the user adds the concrete
//! units of her area.
//!
//! Contact data here is **work** contact data only (a unit's switchboard, an official's work
//! phone and e-mail) — never a client's.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::ctx::Ctx;
use crate::ids::{ContactId, OrganisationId, UnitId};
use crate::text::{clean, required, MAX_PHONE, MAX_SHORT};
use crate::vocab::{ActorType, Principal};
use crate::{Error, Refusal, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnitInput {
    /// None: a new unit.
    pub id: Option<UnitId>,
    pub name: String,
    pub actor_type: ActorType,
    pub principal: Principal,
    /// Kommun/område, e.g. "Örebro kommun".
    pub area: String,
    pub phone: String,
    pub email: String,
    /// The organisation the unit belongs to (e.g. "Region Dalarna"), if any: a consent that
    /// accepts the organisation as a whole covers the unit unless it excludes it.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
}

/// An organisation units belong to (e.g. "Region Dalarna"); a consent can accept it as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactInput {
    pub id: Option<ContactId>,
    pub unit_id: UnitId,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    /// Vikarie eller praktikant: never invited to a protected person's meeting without a
    /// recorded reason (Protection issue). "Do **not** include trainees (praktikanter) or
    /// temporary staff" [003 "Skyddade personuppgifter i SIP"].
    pub temporary: bool,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Contact {
    pub id: ContactId,
    pub unit_id: UnitId,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub temporary: bool,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub actor_type: ActorType,
    pub principal: Principal,
    pub area: String,
    pub phone: String,
    pub email: String,
    pub contacts: Vec<Contact>,
    pub organisation_id: Option<OrganisationId>,
}

/// A work e-mail address must at least look like one (no network check, ever).
fn email(v: &str) -> Result<String> {
    let v = clean("E-post", v, MAX_SHORT)?;
    if !v.is_empty() {
        let ok = v.split_once('@').is_some_and(|(a, d)| {
            !a.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
        }) && !v.contains(char::is_whitespace);
        if !ok {
            return Err(Error::InvalidInput(format!(
                "E-postadressen ”{v}” ser inte ut som en e-postadress. Skriv den som namn@exempel.se."
            )));
        }
    }
    Ok(v)
}

pub fn save_unit(conn: &mut Connection, ctx: &Ctx, u: &UnitInput) -> Result<UnitId> {
    let name = required("Namn på enhet", &u.name, MAX_SHORT)?;
    let area = clean("Kommun eller område", &u.area, MAX_SHORT)?;
    let phone = clean("Telefon", &u.phone, MAX_PHONE)?;
    let email = email(&u.email)?;
    let tx = conn.transaction()?;
    if let Some(o) = u.organisation_id {
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM actor_organisations WHERE id = ?1)",
            [o],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound("Organisationen"));
        }
    }
    let dup: Option<UnitId> = tx
        .query_row(
            "SELECT id FROM actor_units WHERE name = ?1 AND actor_type = ?2",
            params![name, u.actor_type],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() && dup != u.id {
        return Err(Error::InvalidInput(format!(
            "Enheten ”{name}” ({}) finns redan i katalogen. Välj den i listan i stället.",
            u.actor_type.label()
        )));
    }
    let id = match u.id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE actor_units SET name = ?2, actor_type = ?3, principal = ?4, area = ?5, phone = ?6, email = ?7, organisation_id = ?8 WHERE id = ?1",
                params![id, name, u.actor_type, u.principal, area, phone, email, u.organisation_id],
            )?;
            if n == 0 {
                return Err(Error::NotFound("Enheten"));
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO actor_units(name, actor_type, principal, area, phone, email, organisation_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![name, u.actor_type, u.principal, area, phone, email, u.organisation_id],
            )?;
            UnitId(tx.last_insert_rowid())
        }
    };
    audit::record(
        &tx,
        ctx,
        None,
        if u.id.is_some() {
            "actor.unit.update"
        } else {
            "actor.unit.create"
        },
        &format!(
            "Enhet {}: {name} ({})",
            if u.id.is_some() { "ändrad" } else { "tillagd" },
            u.actor_type.label()
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

pub fn save_contact(conn: &mut Connection, ctx: &Ctx, c: &ContactInput) -> Result<ContactId> {
    let name = required("Kontaktpersonens namn", &c.name, MAX_SHORT)?;
    let role = clean("Roll", &c.role, MAX_SHORT)?;
    let phone = clean("Telefon", &c.phone, MAX_PHONE)?;
    let email = email(&c.email)?;
    let tx = conn.transaction()?;
    let unit_name: String = tx
        .query_row(
            "SELECT name FROM actor_units WHERE id = ?1",
            [c.unit_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound("Enheten"))?;
    let id = match c.id {
        Some(id) => {
            // A contact stays at its unit: SIPs that invited "Eva at the health centre" must
            // not come to mean "Eva at another unit". Someone who moves gets a new entry.
            let unit: Option<UnitId> = tx
                .query_row(
                    "SELECT unit_id FROM actor_contacts WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            match unit {
                None => return Err(Error::NotFound("Kontaktpersonen")),
                Some(u) if u != c.unit_id => {
                    return Err(Error::Refused(Refusal::ContactCannotMove))
                }
                Some(_) => {}
            }
            let n = tx.execute(
                "UPDATE actor_contacts SET unit_id = ?2, name = ?3, role = ?4, phone = ?5, email = ?6, temporary = ?7, active = ?8 WHERE id = ?1",
                params![id, c.unit_id, name, role, phone, email, c.temporary, c.active],
            )?;
            if n == 0 {
                return Err(Error::NotFound("Kontaktpersonen"));
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO actor_contacts(unit_id, name, role, phone, email, temporary, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![c.unit_id, name, role, phone, email, c.temporary, c.active],
            )?;
            ContactId(tx.last_insert_rowid())
        }
    };
    audit::record(
        &tx,
        ctx,
        None,
        if c.id.is_some() {
            "actor.contact.update"
        } else {
            "actor.contact.create"
        },
        &format!(
            "Kontaktperson {} vid {unit_name}{}",
            if c.id.is_some() { "ändrad" } else { "tillagd" },
            if c.temporary {
                " (vikarie/praktikant)"
            } else {
                ""
            }
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// The whole directory, units by name with their contacts.
pub fn list(conn: &Connection) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, actor_type, principal, area, phone, email, organisation_id FROM actor_units ORDER BY name COLLATE NOCASE, id",
    )?;
    let mut units = stmt
        .query_map([], |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                actor_type: r.get(2)?,
                principal: r.get(3)?,
                area: r.get(4)?,
                phone: r.get(5)?,
                email: r.get(6)?,
                contacts: Vec::new(),
                organisation_id: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, unit_id, name, role, phone, email, temporary, active FROM actor_contacts ORDER BY name COLLATE NOCASE, id",
    )?;
    let contacts = stmt
        .query_map([], |r| {
            Ok(Contact {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                name: r.get(2)?,
                role: r.get(3)?,
                phone: r.get(4)?,
                email: r.get(5)?,
                temporary: r.get(6)?,
                active: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for c in contacts {
        if let Some(u) = units.iter_mut().find(|u| u.id == c.unit_id) {
            u.contacts.push(c);
        }
    }
    Ok(units)
}

/// Adds an organisation (e.g. "Region Dalarna") to the directory, or renames one.
pub fn save_organisation(
    conn: &mut Connection,
    ctx: &Ctx,
    id: Option<OrganisationId>,
    name: &str,
) -> Result<OrganisationId> {
    let name = required("Namn på organisation", name, MAX_SHORT)?;
    let tx = conn.transaction()?;
    let dup: Option<OrganisationId> = tx
        .query_row(
            "SELECT id FROM actor_organisations WHERE name = ?1",
            [&name],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() && dup != id {
        return Err(Error::InvalidInput(format!(
            "Organisationen ”{name}” finns redan i katalogen. Välj den i listan i stället."
        )));
    }
    let id = match id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE actor_organisations SET name = ?2 WHERE id = ?1",
                params![id, name],
            )?;
            if n == 0 {
                return Err(Error::NotFound("Organisationen"));
            }
            id
        }
        None => {
            tx.execute("INSERT INTO actor_organisations(name) VALUES (?1)", [&name])?;
            OrganisationId(tx.last_insert_rowid())
        }
    };
    audit::record(
        &tx,
        ctx,
        None,
        "actor.organisation.save",
        &format!("Organisation sparad: {name}"),
    )?;
    tx.commit()?;
    Ok(id)
}

/// The directory's organisations, by name.
pub fn organisations(conn: &Connection) -> Result<Vec<Organisation>> {
    let mut stmt =
        conn.prepare("SELECT id, name FROM actor_organisations ORDER BY name COLLATE NOCASE, id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Organisation {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
