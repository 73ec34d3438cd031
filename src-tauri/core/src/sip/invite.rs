//! The one door to invite someone to a SIP: an actor (a unit, or one person at a unit) or a
//! person of the case (a relative, a guardian). Either way the consent gate and the protection
//! rules are asked inside the transaction of the change; nothing else outside the core can add
//! a participant (the two ways in behind this door are `pub(crate)`).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::guard::{self, PersonParticipantInput};
use super::ParticipantInput;
use crate::case_ref::OpenSip;
use crate::ctx::Ctx;
use crate::ids::{ParticipantId, PersonId, PersonParticipantId};
use crate::protection::InviteDecision;
use crate::Result;

/// Who is invited.
#[derive(Debug, Clone, Copy)]
pub enum Invitee<'a> {
    /// An actor: a unit of the directory, or a contact at one.
    Actor(&'a ParticipantInput),
    /// A person of the case, with the decision recorded when the rules ask for one.
    Person(&'a PersonParticipantInput),
}

/// Who would be invited, for the check before the invitation (nothing is written).
#[derive(Debug, Clone, Copy)]
pub enum Candidate<'a> {
    Actor(&'a ParticipantInput),
    Person(PersonId),
}

/// The participant the invitation made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invited {
    Actor(ParticipantId),
    Person(PersonParticipantId),
}

/// Invites `who` to the SIP; refused outside the person's consent or where the protection
/// rules bar it without a recorded decision.
pub fn invite(conn: &mut Connection, ctx: &Ctx, sip: OpenSip, who: Invitee) -> Result<Invited> {
    match who {
        Invitee::Actor(p) => super::add_participant(conn, ctx, sip, p).map(Invited::Actor),
        Invitee::Person(p) => guard::add_person(conn, ctx, sip, p).map(Invited::Person),
    }
}

/// What the rules say about inviting `who` today (allowed, a warning, or barred with why).
pub fn check(
    conn: &Connection,
    sip: OpenSip,
    who: Candidate,
    today: NaiveDate,
) -> Result<InviteDecision> {
    match who {
        Candidate::Actor(p) => super::check_participant(conn, sip, p, today),
        Candidate::Person(person) => guard::check_person(conn, sip, person, today),
    }
}
