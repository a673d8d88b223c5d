//! The store surface: one method per use case, each owning its transaction. Writes that need a
//! decision take the pure rule as a function of what the store read inside that transaction
//! (the ticket, the people, the policy, the store's `now`), so a backend with many writers can
//! lock what it read. No backend's types cross this line; SQLite lives in `sqlite`.

pub mod dump;
pub mod postgres;
pub mod sqlite;
mod surface;
pub mod tx;

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::alerts::Alert;
use crate::audit::ChainHead;
use crate::auth::PinState;
use crate::board::BoardEntry;
use crate::calendar::Hours;
use crate::categories::Category;
use crate::clock::Clock;
use crate::customers::{CleanCustomer, Customer, CustomerMatch, Lookup};
use crate::deadlines::SweepAction;
use crate::error::Result;
use crate::events::EventKind;
use crate::events::{Event, EventRecord, LinkRow, StoredLink};
use crate::machine::{Change, Context, NewTicket};
use crate::people::{Org, Person, Role};
use crate::policy::Policy;
use crate::replay;
use crate::reports::{FeedbackEntry, Figure, Prevention, Repeat, ResolvedRow};
use crate::tickets::{After, ListFilter, PromiseState, SearchTerms, Status, Ticket, TicketDetail};

pub use postgres::PgStore;
pub use sqlite::{damage_marker, restore, sibling, SqliteStore};

/// Whether opening may create a desk. Only `init`, `demo` and the app's first run do: a
/// mistyped path elsewhere must not leave an empty desk behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    No,
    IfMissing,
}

pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

pub fn at_opt(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.map(at)
}

/// What the set-up rules read: one snapshot of the organisation and the policy.
pub struct SetupContext {
    pub org: Org,
    pub policy: Policy,
    pub hours: Hours,
    pub categories: Vec<Category>,
    pub now: DateTime<Utc>,
}

/// One change to the desk's set-up, with the event that records it.
#[derive(Debug, Clone)]
pub enum SetupOp {
    /// The store adds `"person": id` to the event's data once the person has an id.
    AddPerson {
        name: String,
        role: Role,
        reports_to: Option<i64>,
        /// The PIN as typed (checked): the store keeps only a hash of it.
        pin: Option<String>,
        event: EventRecord,
    },
    SetReportsTo {
        person: i64,
        boss: i64,
        event: EventRecord,
    },
    Deactivate {
        person: i64,
        event: EventRecord,
    },
    /// Every open ticket `from` holds goes to `to`, each by `machine::hand_over`.
    HandOver {
        from: Person,
        to: i64,
        by: Option<i64>,
    },
    SetPin {
        person: i64,
        pin: String,
        event: EventRecord,
    },
    /// The store adds `"category": id` to the event's data.
    AddCategory {
        category: Category,
        event: EventRecord,
    },
    SetPolicy {
        policy: Policy,
        event: EventRecord,
    },
    SetHours {
        hours: Hours,
        event: EventRecord,
    },
    /// A setting kept as JSON under its key (a person's preferences, a category's snippets).
    SetSetting {
        key: String,
        json: String,
        event: EventRecord,
    },
    SetCustomerNotes {
        customer: i64,
        notes: String,
        event: EventRecord,
    },
    /// Feedback that arrived on its own: the store checks the customer, and that the ticket,
    /// when named, is theirs (the event then belongs to it).
    AddToBoard {
        customer: i64,
        ticket: Option<i64>,
        event: EventRecord,
    },
    /// A note on a board entry: the store checks it is one, and files the note with it.
    NoteLesson {
        entry: i64,
        event: EventRecord,
    },
}

/// What a set-up change made: the id of what it added, the tickets it handed over.
#[derive(Debug, Clone, Default)]
pub struct SetupOutcome {
    pub created: Option<i64>,
    pub handed_over: Vec<i64>,
}

/// What the intake rule reads.
pub struct IntakeContext {
    pub org: Org,
    pub policy: Policy,
    pub category: Category,
    pub customer: Customer,
    pub now: DateTime<Utc>,
}

/// What the sign-in rule reads.
pub struct SignInContext {
    pub person: Person,
    pub pin: PinState,
    pub people: usize,
    pub now: DateTime<Utc>,
}

/// Which tickets a queue lists, ordered by time left.
#[derive(Debug, Clone)]
pub enum Queue {
    Owner {
        owner: i64,
        open_only: bool,
    },
    Owners(Vec<i64>),
    /// Open, unescalated and inside the warning window at the store's `now`, held by one of
    /// `owners` (by anyone when `None`).
    NearEscalation {
        owners: Option<Vec<i64>>,
    },
    /// Open and escalated, held by one of these or escalated (in its current cycle) while one
    /// of them held it: a team's escalations, including those gone up to an executive.
    Escalated(Vec<i64>),
    /// The list of all tickets, filtered.
    All(ListFilter),
}

/// How a queue is ordered (the ticket id breaking ties, so the order is strict and a page can
/// start after any ticket in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Open first, each by deadline.
    TimeLeft,
    /// By deadline (open tickets only).
    Due,
    /// By when they escalated.
    Escalated,
}

impl Order {
    /// The sort keys of the ticket a page starts after, as the order compares them (epoch ms;
    /// resolved as 1).
    pub fn key(self, a: &After) -> Vec<Option<i64>> {
        let due = Some(a.due_at.timestamp_millis());
        match self {
            Order::TimeLeft => vec![Some(i64::from(a.resolved)), due, Some(a.id)],
            Order::Due => vec![due, Some(a.id)],
            Order::Escalated => vec![a.escalated_at.map(|t| t.timestamp_millis()), Some(a.id)],
        }
    }
}

/// The conditions of the list of all tickets (each with `?` where its value goes, if it has
/// one), written once for both backends.
pub fn listed(f: &ListFilter, now: i64) -> Vec<(&'static str, Option<i64>)> {
    let mut out = vec![];
    if let Some(status) = f.status {
        out.push(match status {
            Status::Open => ("t.status = 'open'", None),
            Status::Resolved => ("t.status = 'resolved'", None),
        });
    }
    if let Some(since) = f.resolved_since(now) {
        out.push(("(t.status = 'open' OR t.resolved_at >= ?)", Some(since)));
    }
    if let Some(category) = f.category_id {
        out.push(("t.category_id = ?", Some(category)));
    }
    if let Some(owner) = f.owner_id {
        out.push(("t.owner_id = ?", Some(owner)));
    }
    // Kept and missed as the queues show them (against the promise standing now); a merged
    // duplicate was closed, not answered, so it is neither.
    match f.promise {
        Some(PromiseState::Pending) => {
            out.push(("t.status = 'open' AND t.promise_at > ?", Some(now)))
        }
        Some(PromiseState::Missed) => out.push((
            "t.merged_into IS NULL AND CASE WHEN t.status = 'open' THEN t.promise_at <= ?
                 ELSE t.resolved_at > t.promise_at END",
            Some(now),
        )),
        Some(PromiseState::Kept) => out.push((
            "t.merged_into IS NULL AND t.status = 'resolved' AND t.resolved_at <= t.promise_at",
            None,
        )),
        None => {}
    }
    out
}

/// One batch of the deadline sweep.
pub struct Swept {
    /// How many tickets the due-query returned (a full batch means look again).
    pub due: usize,
    pub actions: Vec<SweepAction>,
}

/// The raw figures of a report period, per person id; `reports::assemble` makes the report.
#[derive(Debug, Default)]
pub struct Figures {
    pub created: HashMap<i64, u32>,
    pub solved: HashMap<i64, u32>,
    pub passed: HashMap<i64, u32>,
    pub taken: HashMap<i64, u32>,
    pub assigned: HashMap<i64, u32>,
    pub escalated: HashMap<i64, u32>,
    pub received: HashMap<i64, u32>,
    pub escalations_solved: HashMap<i64, u32>,
    /// How long each resolver held each ticket they solved, in ms.
    pub holds: HashMap<i64, Vec<i64>>,
    pub feedback: Vec<FeedbackEntry>,
    /// The tickets resolved in the period.
    pub resolved: Vec<ResolvedRow>,
    /// Events of a kind per quarter hour of the period (see `reports::trends`).
    pub quarter_hours: HashMap<EventKind, HashMap<i64, u32>>,
    pub preventions: Vec<Prevention>,
    /// The newest problems back, and how many came back in all.
    pub repeats: Vec<Repeat>,
    pub repeats_total: u32,
    /// The board's newest entries of the period (`BOARD_LIMIT`), newest first.
    pub board: Vec<BoardEntry>,
    /// When each entry of the period was recorded, and whether it was a compliment.
    pub board_said: Vec<(DateTime<Utc>, bool)>,
    pub head: Option<ChainHead>,
}

/// A ticket row as verify compares it with its events, or why it cannot be read.
pub type RowRead = std::result::Result<Option<replay::Row>, String>;

/// What `Store::audit` shows, from one snapshot and in this order.
pub trait Auditor {
    /// The data of each `customer_erased` event (which events were erased on request).
    fn erased(&mut self, data: &str);
    /// Every link of the chain in order, until it returns false.
    fn link(&mut self, row: LinkRow) -> bool;
    /// Every ticket row beside its events (in chain order), with the policy changes recorded in
    /// the chain.
    fn ticket(
        &mut self,
        ticket: i64,
        row: RowRead,
        events: &[StoredLink],
        policies: &[replay::PolicyChange],
    );
}

/// What the erasure rule reads.
pub struct EraseContext {
    pub org: Org,
    pub customer: Customer,
    /// The events of the customer's tickets.
    pub events: Vec<i64>,
    pub now: DateTime<Utc>,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct Erasure {
    pub customer_id: i64,
    pub tickets: Vec<i64>,
    pub events_erased: u32,
}

/// What the audit walk found besides what the visitors saw.
pub struct Audited {
    /// Problems met on the way (a damaged page, a row that cannot be read).
    pub problems: Vec<String>,
    pub head: Option<ChainHead>,
}

/// The tickets one transaction changes together.
#[derive(Debug, Clone, PartialEq)]
pub enum Many {
    /// These, in this order (the rule reads them so).
    These(Vec<i64>),
    /// Every open ticket the person holds, by number.
    OpenHeldBy(i64),
}

pub trait Store: Send {
    // ---- time and health ----------------------------------------------------------------

    /// The instant every write is stamped with (SQLite: this machine's clock, or `BATON_NOW`).
    fn now(&self) -> DateTime<Utc>;
    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock>;
    /// Why the desk refuses writes, once a check found it damaged.
    fn damaged(&self) -> Option<&str>;
    /// The engine's own integrity checks; a finding marks the desk damaged, except a wrong
    /// tally of open tickets, which is recounted.
    fn check_integrity(&mut self) -> Result<Vec<String>>;
    /// A bounded step of the upkeep left out of the commits (the search index's merges, the
    /// WAL's checkpoint; on a server, folding the tally's deltas), off the path of any change.
    fn tidy(&mut self) -> Result<()>;
    /// Leaves the WAL's checkpoints to `tidy`, for a process that tidies after each change.
    fn defer_checkpoints(&mut self) -> Result<()>;
    /// A consistent copy of the whole desk, as of one moment.
    fn backup_to(&mut self, dest: &Path) -> Result<()>;

    // ---- set-up -------------------------------------------------------------------------

    fn org(&mut self) -> Result<Org>;
    fn categories(&mut self) -> Result<Vec<Category>>;
    fn policy(&mut self) -> Result<Policy>;
    fn hours(&mut self) -> Result<Hours>;
    /// A setting's JSON, if it was ever set.
    fn setting_json(&mut self, key: &str) -> Result<Option<String>>;
    /// Applies what `plan` decides from one snapshot, atomically; with `dry_run`, rolls it back
    /// and says what it would have done.
    fn set_up(
        &mut self,
        dry_run: bool,
        plan: &mut dyn FnMut(&SetupContext) -> Result<Vec<SetupOp>>,
    ) -> Result<SetupOutcome>;
    /// The set-up's events, newest first.
    fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>>;
    /// Checks a PIN (`auth::sign_in`'s rule) and keeps the failure count, even when sign-in
    /// fails. On a shared desk the server checks it, so no hash leaves it.
    fn sign_in(&mut self, person: i64, pin: &str) -> Result<Person>;
    /// What a sign-in decides from, read only (see `Desk::sign_in` on a damaged file).
    fn sign_in_context(&mut self, person: i64) -> Result<SignInContext>;

    // ---- customers ----------------------------------------------------------------------

    /// Adds a customer; a phone or email that belongs to someone else is a conflict.
    fn add_customer(&mut self, c: &CleanCustomer) -> Result<Customer>;
    fn customer(&mut self, id: i64) -> Result<Customer>;
    fn customer_with_phone(&mut self, digits: &str) -> Result<Option<Customer>>;
    fn find_customers(&mut self, lookup: &Lookup, limit: u32) -> Result<Vec<CustomerMatch>>;
    /// One customer with their open count and up to `tickets` of their tickets: open ones first
    /// (so a caller's open tickets are never crowded out by old ones), then the newest.
    fn customer_file(&mut self, id: i64, tickets: u32) -> Result<CustomerMatch>;

    // ---- tickets ------------------------------------------------------------------------

    /// Takes in a ticket decided by `rule`, numbered by the store. A `key` already used does
    /// nothing again and returns that ticket as it is now.
    fn intake(
        &mut self,
        customer: i64,
        category: i64,
        key: Option<&str>,
        rule: &mut dyn FnMut(&IntakeContext) -> Result<NewTicket>,
    ) -> Result<Ticket>;
    /// Applies to ticket `ticket` the change `rule` decides from it, with its event. A `key`
    /// already used does nothing again.
    fn act(
        &mut self,
        ticket: i64,
        key: Option<&str>,
        rule: &mut dyn FnMut(&Context) -> Result<Change>,
    ) -> Result<Ticket>;
    /// Applies to several tickets at once the changes `rule` decides from all of them (a merge,
    /// a reassignment), in one transaction: all or nothing. A `key` already used does nothing
    /// again (and returns the ticket it was remembered with). Returns the tickets changed.
    fn act_on_many(
        &mut self,
        which: Many,
        key: Option<&str>,
        rule: &mut dyn FnMut(&[Context]) -> Result<Vec<Change>>,
    ) -> Result<Vec<Ticket>>;
    fn ticket(&mut self, id: i64) -> Result<Ticket>;
    /// The ticket a write with this idempotency key already changed, if one did.
    fn done_with(&mut self, key: &str) -> Result<Option<i64>>;
    /// The ticket with its customer, events and the customer's other tickets.
    fn ticket_detail(&mut self, id: i64) -> Result<TicketDetail>;
    /// What the rules read about a ticket, as of now.
    fn ticket_context(&mut self, id: i64) -> Result<Context>;
    /// A queue's first `limit` tickets in its order, or those after `after` in it.
    fn queue(&mut self, queue: &Queue, limit: u32, after: Option<&After>) -> Result<Vec<Ticket>>;
    /// How many tickets a queue holds, without loading them.
    fn count(&mut self, queue: &Queue) -> Result<u32>;
    /// Resolved tickets `person` is to confirm the customer heard back about, soonest first.
    fn to_confirm(&mut self, person: i64, limit: u32) -> Result<Vec<Ticket>>;
    /// The ticket with the number typed, then the tickets of the customers it names, then
    /// tickets whose text has every word (as a prefix).
    fn search(&mut self, terms: &SearchTerms, limit: u32) -> Result<Vec<Ticket>>;

    // ---- deadlines ----------------------------------------------------------------------

    /// How many due tickets one sweep transaction claims.
    fn sweep_batch(&self) -> u32;
    /// Claims up to `limit` tickets with something due at the store's `now` and applies to
    /// each what `rule` decides; a ticket another sweeper has just handled yields nothing.
    fn sweep(
        &mut self,
        limit: u32,
        rule: &mut dyn FnMut(&Context) -> Vec<(Change, SweepAction)>,
    ) -> Result<Swept>;
    /// When something next comes due, if anything is pending.
    fn next_due(&mut self) -> Result<Option<DateTime<Utc>>>;

    // ---- alerts -------------------------------------------------------------------------

    fn alerts(&mut self, person: i64, limit: u32) -> Result<Vec<Alert>>;
    fn unread_alerts(&mut self, person: i64) -> Result<u32>;
    fn mark_alerts_read(&mut self, person: i64, ids: &[i64]) -> Result<usize>;
    /// Alerts committed after `cursor`, oldest first. The cursor is commit-ordered: an alert
    /// never appears behind a cursor already handed out.
    fn alerts_after(&mut self, cursor: i64, limit: u32) -> Result<Vec<Alert>>;
    /// Where a new install starts its cursor.
    fn alert_cursor(&mut self) -> Result<i64>;

    // ---- reports and audit --------------------------------------------------------------

    /// The figures of [from, to) and the chain's head, from one snapshot.
    fn figures(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Figures>;
    /// The tickets behind a figure of [from, to) counted against one of `people` (anyone's
    /// when None), newest first, at most `limit`.
    fn drill(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        figure: Figure,
        people: Option<&[i64]>,
        limit: u32,
    ) -> Result<Vec<Ticket>>;
    /// The board's newest `limit` entries.
    fn board(&mut self, limit: u32) -> Result<Vec<BoardEntry>>;
    /// One board entry, with its newest lesson.
    fn board_entry(&mut self, id: i64) -> Result<BoardEntry>;
    fn head(&mut self) -> Result<Option<ChainHead>>;
    /// The hash stored for one event, if it (still) exists and is readable.
    fn hash_of(&mut self, event: i64) -> Result<Option<String>>;
    /// The integrity check, and `auditor` shown the erasures, the chain and every ticket from
    /// one snapshot: side by side where the backend can.
    fn check_and_audit(&mut self, auditor: &mut dyn Auditor) -> Result<(Vec<String>, Audited)>;
    /// Erases a customer's personal data: `rule` decides the `customer_erased` event from the
    /// customer's events; the store then replaces their text and data with tombstones
    /// (`privacy::erase`), and the customer's and their tickets' personal fields too.
    fn erase_customer(
        &mut self,
        customer: i64,
        rule: &mut dyn FnMut(&EraseContext) -> Result<EventRecord>,
    ) -> Result<Erasure>;
}
