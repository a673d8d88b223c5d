//! Bulk loading for benchmark data sets: rows already decided by `bench_data` go straight into
//! the tables, a chunk per transaction, with durability relaxed only while loading. Also the
//! bare-SQLite baseline the intake benchmark is compared with.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;

use super::alerts::due_str;
use crate::deadlines::Due;
use crate::error::Result;
use crate::events::EventRecord;
use crate::tickets::Status;

/// The settings key under which a generated data set describes itself.
const MARKER: &str = "bench_data";

/// The page cache while loading (negative: KiB), so the indexes being built stay in memory.
const LOADING_CACHE_KIB: i64 = 1_000_000;

pub struct Customer {
    pub id: i64,
    pub name: String,
    /// Digits only, as `customers::normalize_phone` stores them.
    pub phone: String,
    pub phone_shown: String,
    pub email: String,
    pub created_at: i64,
}

/// A ticket as it stands at the end of its generated life, with its search text.
pub struct Ticket {
    pub id: i64,
    pub customer_id: i64,
    pub category_id: i64,
    pub summary: String,
    /// JSON object, as `tickets::insert` stores it.
    pub fields: String,
    /// The field values joined by spaces, as search indexes them.
    pub field_text: String,
    /// Notes, resolution and feedback texts, each preceded by a space, as search indexes them.
    pub notes: String,
    pub channel: &'static str,
    pub intake_rep_id: i64,
    pub created_at: i64,
    pub owner_id: i64,
    pub owner_since: i64,
    pub status: Status,
    pub clock_start: i64,
    pub due_at: i64,
    pub warned_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub tickle_at: Option<i64>,
    pub idle_due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution: Option<String>,
    pub promise_at: i64,
    pub small_step: Option<String>,
    pub realtime_offered: bool,
    pub realtime_taken: bool,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: Option<i64>,
}

/// An event with its place in the chain already computed.
pub struct Event {
    pub id: i64,
    pub record: EventRecord,
    pub prev_hash: String,
    pub hash: String,
}

pub struct Alert {
    pub id: i64,
    pub person_id: i64,
    pub ticket_id: i64,
    pub due: Due,
    pub title: String,
    pub body: String,
    pub at: i64,
    pub read_at: Option<i64>,
}

/// What one loading transaction writes.
#[derive(Default)]
pub struct Chunk {
    pub customers: Vec<Customer>,
    pub tickets: Vec<Ticket>,
    pub events: Vec<Event>,
    pub alerts: Vec<Alert>,
}

/// Relaxes durability and checks for loading: nothing here is acknowledged to anyone until
/// `restore`, and `Desk::verify` checks the foreign keys afterwards.
pub fn relax(c: &Connection) -> Result<()> {
    c.pragma_update(None, "synchronous", "OFF")?;
    c.pragma_update(None, "foreign_keys", "OFF")?;
    c.pragma_update(None, "cache_size", -LOADING_CACHE_KIB)?;
    Ok(())
}

/// Puts back what `relax` changed (the values `Store::open` sets) and folds the WAL into the file.
pub fn restore(c: &Connection) -> Result<()> {
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    c.pragma_update(None, "cache_size", -2_000)?;
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

pub fn insert(c: &Connection, chunk: &Chunk) -> Result<()> {
    insert_customers(c, &chunk.customers)?;
    insert_tickets(c, &chunk.tickets)?;
    insert_events(c, &chunk.events)?;
    insert_alerts(c, &chunk.alerts)
}

fn insert_customers(c: &Connection, customers: &[Customer]) -> Result<()> {
    let mut customer =
        c.prepare_cached("INSERT INTO customers (id, name, created_at) VALUES (?1, ?2, ?3)")?;
    let mut phone = c.prepare_cached(
        "INSERT INTO customer_phones (customer_id, phone, shown) VALUES (?1, ?2, ?3)",
    )?;
    let mut email =
        c.prepare_cached("INSERT INTO customer_emails (customer_id, email) VALUES (?1, ?2)")?;
    for k in customers {
        customer.execute(params![k.id, k.name, k.created_at])?;
        phone.execute(params![k.id, k.phone, k.phone_shown])?;
        email.execute(params![k.id, k.email])?;
    }
    Ok(())
}

fn insert_tickets(c: &Connection, tickets: &[Ticket]) -> Result<()> {
    let mut ticket = c.prepare_cached(
        "INSERT INTO tickets (id, customer_id, category_id, summary, fields, channel, intake_rep_id,
             created_at, owner_id, owner_since, status, clock_start, due_at, warned_at,
             escalated_at, tickle_at, idle_due_at, resolved_at, resolution, promise_at,
             small_step, realtime_offered, realtime_taken, version, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    )?;
    let mut search = c.prepare_cached(
        "INSERT INTO ticket_search (rowid, summary, fields, notes) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in tickets {
        ticket.execute(params![
            t.id,
            t.customer_id,
            t.category_id,
            t.summary,
            t.fields,
            t.channel,
            t.intake_rep_id,
            t.created_at,
            t.owner_id,
            t.owner_since,
            t.status.as_str(),
            t.clock_start,
            t.due_at,
            t.warned_at,
            t.escalated_at,
            t.tickle_at,
            t.idle_due_at,
            t.resolved_at,
            t.resolution,
            t.promise_at,
            t.small_step,
            t.realtime_offered,
            t.realtime_taken,
            t.version,
            t.updated_at,
            t.updated_by
        ])?;
        search.execute(params![t.id, t.summary, t.field_text, t.notes])?;
    }
    Ok(())
}

fn insert_events(c: &Connection, events: &[Event]) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO events (id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
             delighted, held_ms, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for e in events {
        let r = &e.record;
        stmt.execute(params![
            e.id,
            r.ticket_id,
            r.kind,
            r.at_ms,
            r.actor_id,
            r.from_id,
            r.to_id,
            r.text,
            r.tickle_at_ms,
            r.delighted,
            r.held_ms,
            e.prev_hash,
            e.hash
        ])?;
    }
    Ok(())
}

fn insert_alerts(c: &Connection, alerts: &[Alert]) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO alerts (id, person_id, ticket_id, due, title, body, at, read_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in alerts {
        stmt.execute(params![
            a.id,
            a.person_id,
            a.ticket_id,
            due_str(a.due),
            a.title,
            a.body,
            a.at,
            a.read_at
        ])?;
    }
    Ok(())
}

/// Records what the data set is (JSON), so a later run can tell whether it may reuse it.
pub fn set_marker(c: &Connection, json: &str) -> Result<()> {
    c.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![MARKER, json],
    )?;
    Ok(())
}

pub fn marker(c: &Connection) -> Result<Option<String>> {
    Ok(c
        .query_row("SELECT value FROM settings WHERE key = ?1", [MARKER], |r| {
            r.get(0)
        })
        .optional()?)
}

/// A bare SQLite table in its own file, opened the way `Store::open` opens a desk (WAL,
/// `synchronous=FULL`): the floor under what one durable intake can cost on this disk.
pub struct BareTable {
    conn: Connection,
}

impl BareTable {
    pub fn open(path: &Path) -> Result<BareTable> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        )?;
        Ok(BareTable { conn })
    }

    /// One `INSERT` in its own write transaction, committed (and so fsynced).
    pub fn insert_commit(&mut self, body: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached("INSERT INTO rows (body) VALUES (?1)")?
            .execute([body])?;
        tx.commit()?;
        Ok(())
    }
}
