//! SQLite's side of the store surface: transactions on the one connection, and each primitive
//! as this module's SQL. One writer at a time, so what a write transaction read stays true.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use super::SqliteStore;
use super::{alerts, categories, customers, events, people, reports, settings, tickets};
use crate::alerts::Alert;
use crate::audit::ChainHead;
use crate::auth;
use crate::calendar::Hours;
use crate::categories::Category;
use crate::clock::Clock;
use crate::customers::{CleanCustomer, Customer, Lookup};
use crate::deadlines::Due;
use crate::error::Result;
use crate::events::{Event, EventRecord, LinkRow, StoredLink};
use crate::machine::{Change, NewTicket};
use crate::people::{Person, Role};
use crate::policy::Policy;
use crate::reports::{FeedbackEntry, ResolvedRow};
use crate::store::tx::{Backend, Party, Tallied, TicketRead, Tx};
use crate::store::{Queue, RowRead, SignInContext};
use crate::tickets::{After, Ticket, TicketSummary};

impl Backend for SqliteStore {
    // One writer at a time: a large batch costs others nothing extra and saves fsyncs.
    const SWEEP_BATCH: u32 = 500;

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        std::mem::replace(&mut self.clock, clock)
    }

    fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    fn check_integrity(&mut self) -> Result<Vec<String>> {
        self.integrity()
    }

    fn integrity_beside(&self) -> Option<JoinHandle<Vec<String>>> {
        SqliteStore::integrity_beside(self)
    }

    fn integrity_found(&mut self, problems: &mut Vec<String>) {
        SqliteStore::integrity_found(self, problems)
    }

    fn tidy(&mut self) -> Result<()> {
        // Merges up to 200 pages of small segments; commits no longer do (migration 008).
        self.write_tx(|t| {
            t.execute(
                "INSERT INTO ticket_search (ticket_search, rank) VALUES ('merge', 200)",
                [],
            )?;
            Ok(())
        })?;
        // Copies what readers no longer need from the WAL into the file, without waiting.
        self.checkpoint()
    }

    fn defer_checkpoints(&mut self) -> Result<()> {
        SqliteStore::defer_checkpoints(self)
    }

    fn backup_to(&mut self, dest: &Path) -> Result<()> {
        self.copy_to(dest)
    }

    fn read<R>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        self.read_tx(|c| f(&mut Lite(c)))
    }

    fn write<R>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        self.write_tx(|c| f(&mut Lite(c)))
    }

    fn rehearse<R>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<R>) -> Result<R> {
        self.rehearse_tx(|c| f(&mut Lite(c)))
    }
}

/// A transaction on the desk's connection.
struct Lite<'c>(&'c Connection);

impl Tx for Lite<'_> {
    fn people(&mut self) -> Result<Vec<Person>> {
        people::all(self.0)
    }
    fn person(&mut self, id: i64) -> Result<Person> {
        people::get(self.0, id)
    }
    fn sign_in(&mut self, person: i64, pin: &str, now: DateTime<Utc>) -> Result<Result<Person>> {
        let decided = auth::sign_in(&self.sign_in_context(person, now)?, pin);
        if let Some(keep) = decided.keep {
            people::set_pin_state(self.0, person, keep.failed, keep.locked_until)?;
        }
        Ok(decided.outcome)
    }
    fn sign_in_context(&mut self, person: i64, now: DateTime<Utc>) -> Result<SignInContext> {
        Ok(SignInContext {
            person: people::get(self.0, person)?,
            pin: people::pin_state(self.0, person)?,
            people: people::all(self.0)?.len(),
            now,
        })
    }
    fn set_pin(&mut self, id: i64, pin: &str) -> Result<()> {
        people::set_pin_hash(self.0, id, &auth::hash_pin(pin)?)
    }
    fn insert_person(
        &mut self,
        name: &str,
        role: Role,
        reports_to: Option<i64>,
        pin: Option<&str>,
        now: i64,
    ) -> Result<i64> {
        let hash = pin.map(auth::hash_pin).transpose()?;
        people::insert(self.0, name, role, reports_to, hash.as_deref(), now)
    }
    fn set_reports_to(&mut self, id: i64, boss: i64) -> Result<()> {
        people::set_reports_to(self.0, id, boss)
    }
    fn set_active(&mut self, id: i64, active: bool) -> Result<()> {
        people::set_active(self.0, id, active)
    }

    fn categories(&mut self) -> Result<Vec<Category>> {
        categories::all(self.0)
    }
    fn category(&mut self, id: i64) -> Result<Category> {
        categories::get(self.0, id)
    }
    fn insert_category(&mut self, c: &Category) -> Result<i64> {
        categories::insert(self.0, c)
    }
    fn policy(&mut self) -> Result<Policy> {
        settings::policy(self.0)
    }
    fn set_policy(&mut self, p: &Policy) -> Result<()> {
        settings::set_policy(self.0, p)
    }
    fn hours(&mut self) -> Result<Hours> {
        settings::hours(self.0)
    }
    fn set_hours(&mut self, h: &Hours) -> Result<()> {
        settings::set_hours(self.0, h)
    }
    fn setting_json(&mut self, key: &str) -> Result<Option<String>> {
        settings::raw(self.0, key)
    }
    fn set_setting_json(&mut self, key: &str, json: &str) -> Result<()> {
        settings::set_raw(self.0, key, json)
    }

    fn customer(&mut self, id: i64) -> Result<Customer> {
        customers::get(self.0, id)
    }
    fn contact_owner(
        &mut self,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<Option<(i64, String)>> {
        customers::owner_of_contact(self.0, phone, email)
    }
    fn insert_customer(&mut self, c: &CleanCustomer, now: i64) -> Result<i64> {
        customers::insert(self.0, &c.name, &c.phones, &c.emails, &c.notes, now)
    }
    fn find_customers(&mut self, lookup: &Lookup, limit: u32) -> Result<Vec<i64>> {
        customers::find(self.0, lookup, limit)
    }
    fn customer_erased(&mut self, id: i64) -> Result<bool> {
        customers::erased(self.0, id)
    }
    fn erase_customer(&mut self, id: i64, name: &str, now: i64) -> Result<()> {
        customers::erase(self.0, id, name, now)
    }
    fn set_customer_notes(&mut self, id: i64, notes: &str) -> Result<()> {
        self.0
            .prepare_cached("UPDATE customers SET notes = ?2 WHERE id = ?1")?
            .execute(rusqlite::params![id, notes])?;
        Ok(())
    }

    fn ticket(&mut self, id: i64) -> Result<Ticket> {
        tickets::get(self.0, id)
    }
    fn ticket_for_rules(&mut self, id: i64) -> Result<TicketRead> {
        Ok(TicketRead {
            state: tickets::state(self.0, id)?,
            ticket: tickets::get(self.0, id)?,
            last_changed_by: tickets::last_change(self.0, id)?.0,
            last_event_at: events::last_at(self.0, id)?,
        })
    }
    fn insert_ticket(&mut self, t: &NewTicket) -> Result<i64> {
        tickets::insert(self.0, t)
    }
    fn set_fields(&mut self, id: i64, fields: &BTreeMap<String, String>) -> Result<()> {
        tickets::set_fields(self.0, id, fields)
    }
    fn set_state(&mut self, id: i64, change: &Change) -> Result<()> {
        tickets::set_state(self.0, id, change)
    }
    fn record_escalation(&mut self, id: i64, cycle: i64, event: i64) -> Result<()> {
        tickets::record_escalation(self.0, id, cycle, event)
    }
    fn open_ids_held_by(&mut self, owner: i64) -> Result<Vec<i64>> {
        tickets::open_ids_held_by(self.0, owner)
    }
    fn index_text(&mut self, id: i64, text: &str) -> Result<()> {
        tickets::index_text(self.0, id, text)
    }
    fn claim_due(&mut self, now: i64, warn_lead: i64, limit: u32) -> Result<Vec<i64>> {
        tickets::due_ids(self.0, now, warn_lead, limit)
    }
    fn next_due(&mut self, warn_lead: i64) -> Result<Option<i64>> {
        tickets::next_due(self.0, warn_lead)
    }
    fn queue(
        &mut self,
        q: &Queue,
        now: i64,
        warn_lead: i64,
        limit: u32,
        after: Option<&After>,
    ) -> Result<Vec<Ticket>> {
        tickets::queue(self.0, q, now, warn_lead, limit, after)
    }
    fn tally(&mut self, what: Tallied, people: &[i64]) -> Result<u32> {
        tickets::tally(self.0, what, people)
    }
    fn escalated_within(&mut self, team: &[i64], walk: Tallied) -> Result<u32> {
        tickets::escalated_within(self.0, team, walk)
    }
    fn count_matching(&mut self, q: &Queue, now: i64, warn_lead: i64) -> Result<u32> {
        tickets::count_matching(self.0, q, now, warn_lead)
    }
    fn people_count(&mut self) -> Result<u32> {
        Ok(self
            .0
            .prepare_cached("SELECT count(*) FROM people")?
            .query_row([], |r| r.get(0))?)
    }
    fn search(&mut self, words: &[String], limit: u32) -> Result<Vec<Ticket>> {
        // FTS5: every word as a quoted prefix, so punctuation typed in a search is never syntax.
        let query: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
        tickets::search(self.0, &query.join(" "), limit)
    }
    fn tickets_of_customer(&mut self, customer: i64, limit: u32) -> Result<Vec<TicketSummary>> {
        tickets::for_customer(self.0, customer, limit)
    }
    fn tickets_of_customers(&mut self, customers: &[i64], limit: u32) -> Result<Vec<Ticket>> {
        tickets::of_customers(self.0, customers, limit)
    }
    fn to_confirm(&mut self, person: i64, limit: u32) -> Result<Vec<Ticket>> {
        tickets::to_confirm(self.0, person, limit)
    }
    fn open_count_of_customer(&mut self, customer: i64) -> Result<u32> {
        tickets::open_count_for_customer(self.0, customer)
    }
    fn ticket_ids_of_customer(&mut self, customer: i64) -> Result<Vec<i64>> {
        tickets::ids_for_customer(self.0, customer)
    }
    fn erase_tickets(&mut self, ids: &[i64]) -> Result<()> {
        tickets::erase(self.0, ids)
    }

    fn append(&mut self, e: &EventRecord) -> Result<i64> {
        events::append(self.0, e)
    }
    fn head(&mut self) -> Result<Option<ChainHead>> {
        events::head(self.0)
    }
    fn hash_of(&mut self, id: i64) -> Result<Option<String>> {
        events::hash_of(self.0, id)
    }
    fn events_of(&mut self, ticket: i64) -> Result<Vec<Event>> {
        events::for_ticket(self.0, ticket)
    }
    fn walk(&mut self, f: &mut dyn FnMut(LinkRow) -> bool) -> Result<()> {
        events::walk(self.0, f)
    }
    fn tickets_with_events(
        &mut self,
        f: &mut dyn FnMut(i64, RowRead, &[StoredLink]),
    ) -> Result<()> {
        events::tickets_with_events(self.0, f)
    }
    fn policy_changes(&mut self) -> Result<Vec<(i64, String)>> {
        events::policy_changes(self.0)
    }
    fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>> {
        events::desk_changes(self.0, limit)
    }
    fn erasures(&mut self) -> Result<Vec<String>> {
        events::erasures(self.0)
    }
    fn records_of(&mut self, tickets: &[i64]) -> Result<Vec<(i64, EventRecord)>> {
        events::records_of(self.0, tickets)
    }
    fn replace_content(&mut self, id: i64, e: &EventRecord) -> Result<()> {
        events::replace_content(self.0, id, e)
    }

    fn insert_alert(
        &mut self,
        person: i64,
        ticket: i64,
        due: Due,
        title: &str,
        body: &str,
        at: i64,
    ) -> Result<i64> {
        alerts::insert(self.0, person, ticket, due, title, body, at)
    }
    fn alerts_for(&mut self, person: i64, limit: u32) -> Result<Vec<Alert>> {
        alerts::for_person(self.0, person, limit)
    }
    fn alerts_after(&mut self, cursor: i64, limit: u32) -> Result<Vec<Alert>> {
        // One writer at a time: alert ids are given in commit order.
        alerts::after(self.0, cursor, limit)
    }
    fn last_alert_id(&mut self) -> Result<i64> {
        alerts::last_id(self.0)
    }
    fn mark_read(&mut self, person: i64, ids: &[i64], now: i64) -> Result<usize> {
        alerts::mark_read(self.0, person, ids, now)
    }
    fn unread(&mut self, person: i64) -> Result<u32> {
        alerts::unread_count(self.0, person)
    }

    fn count_events(
        &mut self,
        kind: &str,
        party: Party,
        from: i64,
        to: i64,
    ) -> Result<HashMap<i64, u32>> {
        reports::count_by(self.0, kind, party, from, to)
    }
    fn hold_times(&mut self, from: i64, to: i64) -> Result<HashMap<i64, Vec<i64>>> {
        reports::hold_times(self.0, from, to)
    }
    fn escalations_solved(&mut self, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
        reports::escalations_solved(self.0, from, to)
    }
    fn feedback(&mut self, from: i64, to: i64) -> Result<Vec<FeedbackEntry>> {
        reports::feedback(self.0, from, to)
    }
    fn resolved_between(&mut self, from: i64, to: i64) -> Result<Vec<ResolvedRow>> {
        reports::resolved_between(self.0, from, to)
    }
    fn quarter_hours(&mut self, kind: &str, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
        reports::quarter_hours(self.0, kind, from, to)
    }
    fn records_between(
        &mut self,
        kinds: &[&str],
        from: i64,
        to: i64,
        data_key: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(i64, EventRecord)>> {
        events::records_between(self.0, kinds, (from, to), data_key, limit)
    }
    fn repeats(&mut self, from: i64, to: i64) -> Result<Vec<(i64, i64)>> {
        reports::repeats(self.0, from, to)
    }
    fn last_resolved(
        &mut self,
        customer: i64,
        category: i64,
        since: i64,
        until: i64,
    ) -> Result<Option<i64>> {
        reports::last_resolved(self.0, customer, category, (since, until))
    }
    fn event_tickets(
        &mut self,
        kind: &str,
        party: Party,
        people: Option<&[i64]>,
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<i64>> {
        reports::event_tickets(self.0, kind, party, people, (from, to), limit)
    }
    fn record(&mut self, id: i64) -> Result<Option<EventRecord>> {
        events::record(self.0, id)
    }
    fn board_records_of(&mut self, customer: i64) -> Result<Vec<(i64, EventRecord)>> {
        events::board_records_of(self.0, customer)
    }

    fn request(&mut self, key: Option<&str>) -> Result<Option<i64>> {
        let Some(key) = key else { return Ok(None) };
        Ok(self
            .0
            .prepare_cached("SELECT ticket_id FROM requests WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }
    fn remember(&mut self, key: Option<&str>, ticket: i64, at: i64) -> Result<()> {
        if let Some(key) = key {
            self.0
                .prepare_cached("INSERT INTO requests (key, ticket_id, at) VALUES (?1, ?2, ?3)")?
                .execute(params![key, ticket, at])?;
        }
        Ok(())
    }
}
