//! What a backend provides: transactions (`Backend`) and, inside one, the primitive reads and
//! writes (`Tx`). `surface` builds the whole `Store` from these once; a backend only speaks its
//! SQL. Instants are epoch milliseconds.

use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use super::RowRead;
use crate::alerts::Alert;
use crate::audit::ChainHead;
use crate::calendar::Hours;
use crate::categories::Category;
use crate::clock::Clock;
use crate::customers::{CleanCustomer, Customer, Lookup};
use crate::deadlines::Due;
use crate::error::Result;
use crate::events::{Event, EventRecord, LinkRow, StoredLink};
use crate::machine::{Change, NewTicket, State};
use crate::people::{Person, Role};
use crate::policy::Policy;
use crate::reports::{FeedbackEntry, ResolvedRow};
use crate::store::{Queue, SignInContext};
use crate::tickets::{After, Ticket, TicketSummary};

/// A backend: its clock, its health, and transactions over its primitives.
pub trait Backend: Send {
    /// How many due tickets one sweep transaction claims: many amortise a commit; few keep the
    /// chain's head (which the first escalation locks) free for other writers sooner.
    const SWEEP_BATCH: u32;
    fn now(&self) -> DateTime<Utc>;
    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock>;
    fn damaged(&self) -> Option<&str>;
    fn check_integrity(&mut self) -> Result<Vec<String>>;
    /// The integrity check started beside the caller (a thread and a connection of its
    /// own), where the backend can; `integrity_found` takes what it found.
    fn integrity_beside(&self) -> Option<JoinHandle<Vec<String>>> {
        None
    }
    fn integrity_found(&mut self, _problems: &mut Vec<String>) {}
    /// Upkeep left out of the commits, a bounded step at a time.
    fn tidy(&mut self) -> Result<()>;
    /// Leaves WAL checkpoints to `tidy` (SQLite); nothing elsewhere.
    fn defer_checkpoints(&mut self) -> Result<()> {
        Ok(())
    }
    fn backup_to(&mut self, dest: &Path) -> Result<()>;
    /// One consistent snapshot.
    fn read<R>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
    /// One write transaction: nothing is written unless `f` succeeds.
    fn write<R>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
    /// A write transaction rolled back at the end: what a change would do.
    fn rehearse<R>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R>;
}

/// What the per-person tally counts: open tickets held, open escalated ones held, and open
/// escalated ones held at the mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tallied {
    Open,
    EscalatedHeld,
    EscalatedFrom,
}

impl Tallied {
    /// Its column in the tally (and `tickets_` + it names the index of an escalation's side).
    pub fn column(self) -> &'static str {
        match self {
            Tallied::Open => "open",
            Tallied::EscalatedHeld => "escalated_held",
            Tallied::EscalatedFrom => "escalated_from",
        }
    }
}

/// What `verify` says when it found the tally wrong for `people` and rebuilt it (a cache: said,
/// but not held against the desk).
pub fn tally_recounted(people: i64) -> String {
    format!("the tally of open tickets was wrong for {people} people; it is recounted")
}

/// A ticket as the rules read it (see `Tx::ticket_for_rules`).
pub struct TicketRead {
    pub ticket: Ticket,
    pub state: State,
    pub last_changed_by: Option<String>,
    pub last_event_at: Option<i64>,
}

/// Which person an event is counted against in a report.
#[derive(Debug, Clone, Copy)]
pub enum Party {
    Actor,
    From,
    To,
}

impl Party {
    /// The events column that names this person (the same on both backends).
    pub fn column(self) -> &'static str {
        match self {
            Party::Actor => "actor_id",
            Party::From => "from_id",
            Party::To => "to_id",
        }
    }

    /// That an event names this person (the same SQL on both backends). An escalation that
    /// stayed with its holder, with nobody above to take it, was received by nobody.
    pub fn named(self) -> &'static str {
        match self {
            Party::Actor => "actor_id IS NOT NULL",
            Party::From => "from_id IS NOT NULL",
            Party::To => "to_id IS NOT NULL AND (from_id IS NULL OR to_id <> from_id)",
        }
    }
}

/// The same SQL on both backends (PostgreSQL numbers its parameters `$N`): the tickets taken
/// in during [from, to) for a problem back, newest first, with the ticket each came back after.
pub const REPEATS: &str = "SELECT id, repeat_of FROM tickets
     WHERE repeat_of IS NOT NULL AND created_at >= ?1 AND created_at < ?2
     ORDER BY created_at DESC, id DESC";

/// As `REPEATS`: the customer's latest ticket in the category resolved in [since, until], a
/// duplicate merged away aside.
pub const LAST_RESOLVED: &str = "SELECT id FROM tickets
     WHERE customer_id = ?1 AND category_id = ?2 AND merged_into IS NULL
         AND resolved_at >= ?3 AND resolved_at <= ?4
     ORDER BY resolved_at DESC, id DESC LIMIT 1";

/// The primitives inside one transaction.
pub trait Tx {
    // people
    fn people(&mut self) -> Result<Vec<Person>>;
    fn person(&mut self, id: i64) -> Result<Person>;
    /// Checks `pin` as `auth::sign_in` rules (five wrong ones lock the person out), keeping the
    /// failure count: who signed in, or why not.
    fn sign_in(&mut self, person: i64, pin: &str, now: DateTime<Utc>) -> Result<Result<Person>>;
    /// What `auth::sign_in` decides from, read only (a file's; a server keeps its hashes).
    fn sign_in_context(&mut self, person: i64, now: DateTime<Utc>) -> Result<SignInContext>;
    /// Keeps a hash of the PIN (and lifts a lockout).
    fn set_pin(&mut self, id: i64, pin: &str) -> Result<()>;
    fn insert_person(
        &mut self,
        name: &str,
        role: Role,
        reports_to: Option<i64>,
        pin: Option<&str>,
        now: i64,
    ) -> Result<i64>;
    fn set_reports_to(&mut self, id: i64, boss: i64) -> Result<()>;
    fn set_active(&mut self, id: i64, active: bool) -> Result<()>;

    // categories and settings
    fn categories(&mut self) -> Result<Vec<Category>>;
    fn category(&mut self, id: i64) -> Result<Category>;
    fn insert_category(&mut self, c: &Category) -> Result<i64>;
    fn policy(&mut self) -> Result<Policy>;
    /// Stores the policy and moves every open ticket's marks to match it.
    fn set_policy(&mut self, p: &Policy) -> Result<()>;
    fn hours(&mut self) -> Result<Hours>;
    fn set_hours(&mut self, h: &Hours) -> Result<()>;
    /// A setting's JSON, if it was ever set.
    fn setting_json(&mut self, key: &str) -> Result<Option<String>>;
    fn set_setting_json(&mut self, key: &str, json: &str) -> Result<()>;

    // customers
    fn customer(&mut self, id: i64) -> Result<Customer>;
    /// Who already has this phone (digits) or email, if anyone: (id, name).
    fn contact_owner(
        &mut self,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<Option<(i64, String)>>;
    fn insert_customer(&mut self, c: &CleanCustomer, now: i64) -> Result<i64>;
    fn find_customers(&mut self, lookup: &Lookup, limit: u32) -> Result<Vec<i64>>;
    fn customer_erased(&mut self, id: i64) -> Result<bool>;
    fn erase_customer(&mut self, id: i64, name: &str, now: i64) -> Result<()>;
    fn set_customer_notes(&mut self, id: i64, notes: &str) -> Result<()>;

    // tickets
    fn ticket(&mut self, id: i64) -> Result<Ticket>;
    /// What the rules read about one ticket: the ticket, the part that changes, who last made a
    /// versioned change (None: the sweep) and when its newest event happened. A backend with
    /// many writers locks the row for the transaction, and reads it all in one round trip.
    fn ticket_for_rules(&mut self, id: i64) -> Result<TicketRead>;
    /// Inserts a ticket under the next number.
    fn insert_ticket(&mut self, t: &NewTicket) -> Result<i64>;
    fn set_state(&mut self, id: i64, change: &Change) -> Result<()>;
    /// Replaces a ticket's field values (a correction), and what search finds them by.
    fn set_fields(&mut self, id: i64, fields: &BTreeMap<String, String>) -> Result<()>;
    /// Fails if the cycle already escalated: the schema allows one escalation per cycle.
    fn record_escalation(&mut self, id: i64, cycle: i64, event: i64) -> Result<()>;
    fn open_ids_held_by(&mut self, owner: i64) -> Result<Vec<i64>>;
    fn index_text(&mut self, id: i64, text: &str) -> Result<()>;
    /// Open tickets with anything due at `now`, and resolved ones whose confirmation with the
    /// customer is, soonest first; a backend with many writers
    /// skips rows another sweeper holds and locks the ones it returns.
    fn claim_due(&mut self, now: i64, warn_lead: i64, limit: u32) -> Result<Vec<i64>>;
    fn next_due(&mut self, warn_lead: i64) -> Result<Option<i64>>;
    fn queue(
        &mut self,
        q: &Queue,
        now: i64,
        warn_lead: i64,
        limit: u32,
        after: Option<&After>,
    ) -> Result<Vec<Ticket>>;
    /// How many tickets a queue holds, without loading them: a person's or a team's open and
    /// escalated tickets from the per-person tally, the rest by counting their index entries.
    fn count(&mut self, q: &Queue, now: i64, warn_lead: i64) -> Result<u32> {
        match q {
            Queue::Owner {
                owner,
                open_only: true,
            } => self.tally(Tallied::Open, &[*owner]),
            Queue::Owners(owners) => self.tally(Tallied::Open, owners),
            Queue::Escalated(team) => {
                // Those the team holds plus those it held at the mark, less those counted
                // twice, found by walking the smaller side. A team of everyone holds every
                // escalation it held at the mark.
                let held = self.tally(Tallied::EscalatedHeld, team)?;
                let from = self.tally(Tallied::EscalatedFrom, team)?;
                if team.len() >= self.people_count()? as usize {
                    return Ok(held);
                }
                let walk = if held <= from {
                    Tallied::EscalatedHeld
                } else {
                    Tallied::EscalatedFrom
                };
                // A wrong tally (verify recounts it) must not wrap around.
                Ok((held + from).saturating_sub(self.escalated_within(team, walk)?))
            }
            _ => self.count_matching(q, now, warn_lead),
        }
    }
    /// The per-person tally's `what` summed over `people` (the tickets' triggers keep it).
    fn tally(&mut self, what: Tallied, people: &[i64]) -> Result<u32>;
    /// Open escalations held by one of `team` and escalated from one of them, walking the
    /// index of `walk`'s side.
    fn escalated_within(&mut self, team: &[i64], walk: Tallied) -> Result<u32>;
    /// The tickets matching a queue's condition, counted.
    fn count_matching(&mut self, q: &Queue, now: i64, warn_lead: i64) -> Result<u32>;
    fn people_count(&mut self) -> Result<u32>;
    /// Tickets whose text has every word as a prefix, newest first.
    fn search(&mut self, words: &[String], limit: u32) -> Result<Vec<Ticket>>;
    fn tickets_of_customer(&mut self, customer: i64, limit: u32) -> Result<Vec<TicketSummary>>;
    /// The tickets of these customers, open ones first, then the newest.
    fn tickets_of_customers(&mut self, customers: &[i64], limit: u32) -> Result<Vec<Ticket>>;
    fn open_count_of_customer(&mut self, customer: i64) -> Result<u32>;
    /// Resolved tickets `person` is to confirm the customer heard back about, soonest first.
    fn to_confirm(&mut self, person: i64, limit: u32) -> Result<Vec<Ticket>>;
    fn ticket_ids_of_customer(&mut self, customer: i64) -> Result<Vec<i64>>;
    fn erase_tickets(&mut self, ids: &[i64]) -> Result<()>;

    // events
    /// Appends an event to the chain: the head is taken (and, with many writers, locked) last.
    fn append(&mut self, e: &EventRecord) -> Result<i64>;
    fn head(&mut self) -> Result<Option<ChainHead>>;
    fn hash_of(&mut self, id: i64) -> Result<Option<String>>;
    fn events_of(&mut self, ticket: i64) -> Result<Vec<Event>>;
    fn walk(&mut self, f: &mut dyn FnMut(LinkRow) -> bool) -> Result<()>;
    fn tickets_with_events(&mut self, f: &mut dyn FnMut(i64, RowRead, &[StoredLink]))
        -> Result<()>;
    fn policy_changes(&mut self) -> Result<Vec<(i64, String)>>;
    fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>>;
    fn erasures(&mut self) -> Result<Vec<String>>;
    fn records_of(&mut self, tickets: &[i64]) -> Result<Vec<(i64, EventRecord)>>;
    fn replace_content(&mut self, id: i64, e: &EventRecord) -> Result<()>;

    // alerts
    fn insert_alert(
        &mut self,
        person: i64,
        ticket: i64,
        due: Due,
        title: &str,
        body: &str,
        at: i64,
    ) -> Result<i64>;
    fn alerts_for(&mut self, person: i64, limit: u32) -> Result<Vec<Alert>>;
    /// Alerts after `cursor` in commit order.
    fn alerts_after(&mut self, cursor: i64, limit: u32) -> Result<Vec<Alert>>;
    fn last_alert_id(&mut self) -> Result<i64>;
    fn mark_read(&mut self, person: i64, ids: &[i64], now: i64) -> Result<usize>;
    fn unread(&mut self, person: i64) -> Result<u32>;

    // reports
    fn count_events(
        &mut self,
        kind: &str,
        party: Party,
        from: i64,
        to: i64,
    ) -> Result<HashMap<i64, u32>>;
    fn hold_times(&mut self, from: i64, to: i64) -> Result<HashMap<i64, Vec<i64>>>;
    fn escalations_solved(&mut self, from: i64, to: i64) -> Result<HashMap<i64, u32>>;
    fn feedback(&mut self, from: i64, to: i64) -> Result<Vec<FeedbackEntry>>;
    /// The tickets resolved in [from, to), merged duplicates aside.
    fn resolved_between(&mut self, from: i64, to: i64) -> Result<Vec<ResolvedRow>>;
    /// How many events of `kind` fell in each quarter hour of [from, to), by its number from
    /// `from` (weeks are made of them in the desk's time zone: `reports::trends`).
    fn quarter_hours(&mut self, kind: &str, from: i64, to: i64) -> Result<HashMap<i64, u32>>;
    /// Up to `limit` events of these kinds in [from, to), newest first; with `data_key`, only
    /// those whose data has that key.
    fn records_between(
        &mut self,
        kinds: &[&str],
        from: i64,
        to: i64,
        data_key: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(i64, EventRecord)>>;
    /// Tickets taken in during [from, to) for a problem back (newest first), each with the
    /// ticket it came back after.
    fn repeats(&mut self, from: i64, to: i64) -> Result<Vec<(i64, i64)>>;
    /// The customer's latest ticket in the category resolved in [since, until] (`LAST_RESOLVED`).
    fn last_resolved(
        &mut self,
        customer: i64,
        category: i64,
        since: i64,
        until: i64,
    ) -> Result<Option<i64>>;
    /// The tickets whose events of `kind` in [from, to) are counted against one of `people`
    /// (anyone when None) as `party`, newest first, at most `limit`.
    fn event_tickets(
        &mut self,
        kind: &str,
        party: Party,
        people: Option<&[i64]>,
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<i64>>;
    /// One event's stored facts.
    fn record(&mut self, id: i64) -> Result<Option<EventRecord>>;
    /// The board's entries and lessons about a customer that belong to no ticket.
    fn board_records_of(&mut self, customer: i64) -> Result<Vec<(i64, EventRecord)>>;

    // idempotency
    /// The ticket a write with this key already wrote, if any.
    fn request(&mut self, key: Option<&str>) -> Result<Option<i64>>;
    fn remember(&mut self, key: Option<&str>, ticket: i64, at: i64) -> Result<()>;
}
