//! The practice profile's invented cases (issue 19): "a separate profile filled with clearly
//! fictitious cases (names from a fixed fictitious list, test personnummer from Skatteverket's
//! published test series, not real ones)".
//!
//! Everything here is made through the core's own domain functions, so the invented data obeys
//! every rule the real data does (a protected person has no address, a consent names the
//! worker's unit, a child has a guardian). The names are common first names with surnames no
//! one has ("Exempelsson", "Övningsdotter"); the addresses are in towns that don't exist
//! ("Påhittby"); every personnummer is one of Skatteverket's published test numbers (see
//! docs/PRACTICE.md), never a number that could belong to a living person.

#[cfg(test)]
mod tests;

use chrono::Days;
use rusqlite::Connection;

use crate::actor::{self, ContactInput, UnitInput};
use crate::cases::{self, NewCase};
use crate::consent::{records, ActorRef, ConsentForm, Giver, InfoCategory, Scope};
use crate::ctx::Ctx;
use crate::person::{self, IdentityInput, PersonInput, RelationInput};
use crate::sip::{self, NewSip, ParticipantInput, Preparation};
use crate::vocab::{ActorType, LegalSex, Principal, ProtectionLevel, RelationKind, RequestedBy};
use crate::Result;

/// Test personnummer from Skatteverket's published series (12 digits), as used here: none is
/// or can become a real person's number.
pub const TEST_NUMBERS: [&str; 5] = [
    "199703132382", // Sara Exempelsson (skyddad folkbokföring)
    "201810052397", // Leo Exempelsson, her son
    "199706052389", // Maria Övningsdotter (a SIP in progress, a consent)
    "199802172396", // Karl Testlund
    "201701012393", // Alva Testlund, his daughter
];

/// The invented persons' names: the fixed list every practice profile uses.
pub const NAMES: [&str; 5] = [
    "Sara Exempelsson",
    "Leo Exempelsson",
    "Maria Övningsdotter",
    "Karl Testlund",
    "Alva Testlund",
];

/// The organisation on the practice profile's documents.
pub const ORGANISATION: &str = "Påhittby kommun, Socialförvaltningen (övning)";

fn person(name: &str, number: &str, sex: LegalSex, level: ProtectionLevel) -> PersonInput {
    PersonInput {
        name: name.into(),
        identity: IdentityInput::Number {
            number: number.into(),
        },
        legal_sex: sex,
        language: String::new(),
        interpreter_needed: false,
        protection_level: level,
        address: String::new(),
        phone: String::new(),
        contact_way: String::new(),
        roles: Vec::new(),
        violence_forms: Vec::new(),
    }
}

fn first_person(conn: &Connection, case: crate::ids::CaseId) -> Result<crate::ids::PersonId> {
    Ok(conn.query_row(
        "SELECT min(id) FROM persons WHERE case_id = ?1",
        [case],
        |r| r.get(0),
    )?)
}

fn unit(
    conn: &mut Connection,
    ctx: &Ctx,
    name: &str,
    t: ActorType,
    principal: Principal,
) -> Result<crate::ids::UnitId> {
    actor::save_unit(
        conn,
        ctx,
        &UnitInput {
            id: None,
            name: name.into(),
            actor_type: t,
            principal,
            area: "Påhittby".into(),
            phone: String::new(),
            email: String::new(),
            organisation_id: None,
        },
    )
}

/// Fills a new practice profile: the organisation and the worker's details, three actors,
/// and three cases — a woman under protected identity with her son, a woman with a SIP in
/// progress and a consent, a man with his daughter.
pub fn fill(conn: &mut Connection, ctx: &Ctx) -> Result<()> {
    crate::document::set_organisation(conn, ctx, ORGANISATION)?;
    let team = unit(
        conn,
        ctx,
        "Övningsteamet Påhittby",
        ActorType::SocVald,
        Principal::Kommun,
    )?;
    let vc = unit(
        conn,
        ctx,
        "Vårdcentralen Låtsasbacken",
        ActorType::Vardcentral,
        Principal::Region,
    )?;
    unit(
        conn,
        ctx,
        "Elevhälsan Fantasiskolan",
        ActorType::Skola,
        Principal::Kommun,
    )?;
    let eva = actor::save_contact(
        conn,
        ctx,
        &ContactInput {
            id: None,
            unit_id: vc,
            name: "Eva Exempeldal".into(),
            role: "Distriktssköterska".into(),
            phone: String::new(),
            email: String::new(),
            temporary: false,
            active: true,
        },
    )?;
    crate::worker::save(
        conn,
        ctx,
        &crate::worker::WorkerDetailsInput {
            organisation: ORGANISATION.into(),
            unit_name: "Övningsteamet Påhittby".into(),
            unit_type: ActorType::SocVald,
            name: "Anna Övningsberg".into(),
            title: "Socialsekreterare".into(),
            phone: "000-00 00 00".into(),
        },
    )?;

    // 1. Skyddade personuppgifter: a woman under protected registration and her son.
    let sara = cases::create(
        conn,
        ctx,
        &NewCase {
            reference: "ÖVNING-1".into(),
            person: person(
                NAMES[0],
                TEST_NUMBERS[0],
                LegalSex::Kvinna,
                ProtectionLevel::SkyddadFolkbokforing,
            ),
        },
    )?;
    let sara_id = first_person(conn, sara)?;
    let leo = person::create(
        conn,
        ctx,
        crate::access::made_here(sara),
        &person(
            NAMES[1],
            TEST_NUMBERS[1],
            LegalSex::Man,
            ProtectionLevel::SkyddadFolkbokforing,
        ),
    )?;
    person::add_relation(
        conn,
        ctx,
        crate::access::made_here(sara),
        &RelationInput {
            from_person: sara_id,
            to_person: leo,
            kind: RelationKind::Vardnadshavare,
            custody: Some(true),
        },
    )?;

    // 2. A SIP in progress with a consent in force.
    let mut maria = person(
        NAMES[2],
        TEST_NUMBERS[2],
        LegalSex::Kvinna,
        ProtectionLevel::Ingen,
    );
    maria.address = "Låtsasgatan 1, 000 00 Påhittby".into();
    let maria_case = cases::create(
        conn,
        ctx,
        &NewCase {
            reference: "ÖVNING-2".into(),
            person: maria,
        },
    )?;
    let maria_id = first_person(conn, maria_case)?;
    let discovered = ctx
        .today
        .checked_sub_days(Days::new(10))
        .unwrap_or(ctx.today);
    let sip_id = sip::create(
        conn,
        ctx,
        &NewSip {
            person_id: maria_id,
            need_discovered_on: discovered,
            initiated_by: "Anna Övningsberg, Övningsteamet".into(),
            requested_by: RequestedBy::Personen,
        },
    )?;
    sip::save_preparation(
        conn,
        ctx,
        crate::access::made_here_sip(sip_id),
        &Preparation {
            what_matters: "Att få bo kvar i lägenheten och att vården och socialtjänsten pratar \
                           med varandra. (Påhittat exempel för övning.)"
                .into(),
            background: String::new(),
            questions: "Boende\nVård efter skadan".into(),
            initiated_by: "Anna Övningsberg, Övningsteamet".into(),
            requested_by: RequestedBy::Personen,
            questions_categories: None,
        },
    )?;
    records::record(
        conn,
        ctx,
        crate::access::made_here_sip(sip_id),
        &records::ConsentInput {
            giver: Giver::Person,
            form: ConsentForm::Skriftligt,
            documentation: None,
            scope: Scope {
                actors: [team, vc]
                    .iter()
                    .map(|u| ActorRef {
                        unit: *u,
                        contact: None,
                    })
                    .collect(),
                categories: InfoCategory::ALL
                    .iter()
                    .copied()
                    .filter(|c| *c != InfoCategory::Annat)
                    .collect(),
                ..Scope::default()
            },
            valid_from: ctx.today,
            valid_to: crate::consent::rules::max_valid_to(ctx.today),
        },
    )?;
    for (unit_id, contact_id) in [(team, None), (vc, Some(eva))] {
        sip::add_participant(
            conn,
            ctx,
            crate::access::made_here_sip(sip_id),
            &ParticipantInput {
                unit_id,
                contact_id,
                decision: None,
            },
        )?;
    }

    // 3. A father and his daughter, no SIP yet.
    let karl = cases::create(
        conn,
        ctx,
        &NewCase {
            reference: "ÖVNING-3".into(),
            person: person(
                NAMES[3],
                TEST_NUMBERS[3],
                LegalSex::Man,
                ProtectionLevel::Ingen,
            ),
        },
    )?;
    let karl_id = first_person(conn, karl)?;
    let alva = person::create(
        conn,
        ctx,
        crate::access::made_here(karl),
        &person(
            NAMES[4],
            TEST_NUMBERS[4],
            LegalSex::Kvinna,
            ProtectionLevel::Ingen,
        ),
    )?;
    person::add_relation(
        conn,
        ctx,
        crate::access::made_here(karl),
        &RelationInput {
            from_person: karl_id,
            to_person: alva,
            kind: RelationKind::Vardnadshavare,
            custody: Some(true),
        },
    )?;
    Ok(())
}
