//! The case register (ärenden), as far as the start screen needs it. The Persons/SIP issue
//! grows this into the full domain model.

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use crate::session::Vault;
use crate::{Error, Result};

/// One row of the "Ärenden" list. A protected person is masked (initials) in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CaseSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub reference: String,
    pub display_name: String,
    pub is_protected: bool,
}

/// Input for a new case with its main person.
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    pub reference: &'a str,
    pub person_name: &'a str,
    pub identity_number: Option<&'a str>,
    pub protection_level: &'a str,
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

pub fn create(vault: &mut Vault, new: &NewCase<'_>) -> Result<i64> {
    if new.reference.trim().is_empty() || new.person_name.trim().is_empty() {
        return Err(Error::InvalidInput(
            "Ärendet behöver en referens och ett namn. Fyll i båda och spara igen.".into(),
        ));
    }
    vault.with_conn(|c| {
        let tx = c.transaction()?;
        tx.execute(
            "INSERT INTO cases(reference, created_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
            [new.reference],
        )?;
        let case_id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO persons(case_id, name, identity_number, protection_level) VALUES (?1, ?2, ?3, ?4)",
            params![case_id, new.person_name, new.identity_number, new.protection_level],
        )?;
        tx.commit()?;
        Ok(case_id)
    })
}

/// Cases whose reference, person name or identity number contains `query` (case-insensitive
/// for ASCII; an empty query lists all).
pub fn list(vault: &mut Vault, query: &str) -> Result<Vec<CaseSummary>> {
    let pattern = format!(
        "%{}%",
        query
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    vault.with_conn(|c| {
        let mut stmt = c.prepare(
            // The shown name is the case's first person's; the case counts as protected if
            // ANY of its persons is protected (never whichever row SQLite happens to pick).
            "SELECT c.id, c.reference,
                    coalesce((SELECT name FROM persons WHERE case_id = c.id ORDER BY id LIMIT 1), ''),
                    EXISTS (SELECT 1 FROM persons WHERE case_id = c.id AND protection_level <> 'ingen')
               FROM cases c
              WHERE c.reference LIKE ?1 ESCAPE '\\'
                 OR EXISTS (SELECT 1 FROM persons p WHERE p.case_id = c.id
                             AND (p.name LIKE ?1 ESCAPE '\\' OR p.identity_number LIKE ?1 ESCAPE '\\'))
              ORDER BY c.reference",
        )?;
        let rows = stmt.query_map([&pattern], |r| {
            let name: String = r.get(2)?;
            let is_protected: bool = r.get(3)?;
            Ok(CaseSummary {
                id: r.get(0)?,
                reference: r.get(1)?,
                display_name: if is_protected { initials(&name) } else { name },
                is_protected,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_with_any_protected_person_is_masked_in_the_list() {
        use crate::clock::FakeClock;
        use crate::keys::keyring::MemoryStore;
        use crate::keys::KdfParams;
        let dir = tempfile::tempdir().unwrap();
        let mut v = Vault::new(
            dir.path(),
            Box::new(MemoryStore::default()),
            std::sync::Arc::new(FakeClock::default()),
        )
        .with_kdf(KdfParams::TEST);
        v.setup("korrekt häst batteri", "korrekt häst batteri")
            .unwrap();
        let id = create(
            &mut v,
            &NewCase {
                reference: "SIP-1",
                person_name: "Anna Berg",
                identity_number: None,
                protection_level: "ingen",
            },
        )
        .unwrap();
        // A second person in the same case (a child) with protected identity.
        v.with_conn(|c| {
            c.execute(
                "INSERT INTO persons(case_id, name, protection_level) VALUES (?1, 'Lisa Berg', 'skyddad_folkbokforing')",
                [id],
            )?;
            Ok(())
        })
        .unwrap();
        let rows = list(&mut v, "").unwrap();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].is_protected);
        assert_eq!(rows[0].display_name, "A. B.");
        // Found through the second person's name too, still masked.
        let rows = list(&mut v, "Lisa").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].display_name, "A. B.");
    }

    #[test]
    fn initials_mask_names() {
        assert_eq!(initials("Anna Maria Svensson"), "A. M. S.");
        assert_eq!(initials("  łukasz  nguyễn "), "Ł. N.");
        assert_eq!(initials(""), "");
    }
}
