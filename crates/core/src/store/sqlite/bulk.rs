//! Bulk loading for benchmark data sets: rows the bench generator decided through the pure
//! state machine go straight into the tables, a chunk per transaction, with durability relaxed
//! only while loading. Also the bare-SQLite baseline the intake benchmark is compared with.

use rusqlite::{params, Connection, Statement, ToSql, TransactionBehavior};
use std::path::Path;

use super::{settings, SqliteStore};
use crate::error::Result;
use crate::events::EventRecord;
pub use crate::store::dump::{Alert, Escalation, Ticket};

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

/// An event with its place in the chain already computed.
pub struct Event {
    pub id: i64,
    pub record: EventRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// What one loading transaction writes.
#[derive(Default)]
pub struct Chunk {
    pub customers: Vec<Customer>,
    pub tickets: Vec<Ticket>,
    pub events: Vec<Event>,
    pub alerts: Vec<Alert>,
    pub escalations: Vec<Escalation>,
}

/// The tables loaded in bulk.
const LOADED: &str = "'tickets', 'events', 'alerts', 'customers', 'customer_phones',
    'customer_emails', 'escalations'";

/// How much text FTS5 gathers in memory before writing a segment (its default is 1 MiB, which
/// while loading means thousands of small segments to merge).
const LOADING_FTS_HASH: i64 = 64 << 20;
const DEFAULT_FTS_HASH: i64 = 1 << 20;

/// The page cache while the indexes are rebuilt: small enough that the sorter works in several
/// runs, which it sorts on two threads.
const SORTING_CACHE_KIB: i64 = 65_536;

/// Prepares a new, private database for loading: no rollback journal and no fsync (a failed
/// load is thrown away, never used), no foreign-key checks (`Desk::verify` runs them after), a
/// large cache, a large FTS buffer, and the loaded tables' full indexes dropped (measured: a
/// rebuild at the end costs less than keeping them, even those that only grow at their ends;
/// partial indexes hold few rows and stay). Returns the statements that recreate the dropped
/// indexes exactly as the migrations declared them.
pub fn begin_loading(store: &SqliteStore) -> Result<Vec<String>> {
    let c = &store.conn;
    c.pragma_update(None, "foreign_keys", "OFF")?;
    c.pragma_update(None, "synchronous", "OFF")?;
    c.pragma_update_and_check(None, "journal_mode", "OFF", |_| Ok(()))?;
    c.pragma_update(None, "cache_size", -LOADING_CACHE_KIB)?;
    c.pragma_update(None, "threads", 2)?;
    set_fts_hash(c, LOADING_FTS_HASH)?;
    let indexes: Vec<(String, String)> = c
        .prepare(&format!(
            "SELECT m.name, m.sql FROM sqlite_master m
             WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name IN ({LOADED})
               AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.tbl_name) l
                               WHERE l.name = m.name AND l.partial)"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        c.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// Rebuilds the dropped indexes, then puts back the FTS buffer and what `Store::open` sets:
/// WAL, `synchronous=FULL`, foreign keys on, the default cache.
pub fn finish_loading(store: &SqliteStore, indexes: &[String]) -> Result<()> {
    let c = &store.conn;
    c.pragma_update(None, "cache_size", -SORTING_CACHE_KIB)?;
    for sql in indexes {
        c.execute_batch(sql)?;
    }
    set_fts_hash(c, DEFAULT_FTS_HASH)?;
    c.pragma_update(None, "threads", 0)?;
    c.pragma_update(None, "cache_size", -2_000)?;
    c.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn set_fts_hash(c: &Connection, bytes: i64) -> Result<()> {
    c.execute(
        "INSERT INTO ticket_search (ticket_search, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

/// Writes one chunk in one transaction.
pub fn insert(store: &mut SqliteStore, chunk: &Chunk) -> Result<()> {
    store.write_tx(|c| insert_chunk(c, chunk))
}

fn insert_chunk(c: &Connection, chunk: &Chunk) -> Result<()> {
    insert_customers(c, &chunk.customers)?;
    insert_tickets(c, &chunk.tickets)?;
    insert_rows(
        c,
        "INSERT INTO escalations (ticket_id, cycle, event_id)",
        &chunk.escalations,
        |e, b| b.put(e.ticket_id)?.put(e.cycle)?.put(e.event_id),
    )?;
    insert_events(c, &chunk.events)?;
    insert_alerts(c, &chunk.alerts)
}

fn insert_customers(c: &Connection, customers: &[Customer]) -> Result<()> {
    insert_rows(
        c,
        "INSERT INTO customers (id, name, created_at)",
        customers,
        |k, b| b.put(k.id)?.put(&k.name)?.put(k.created_at),
    )?;
    insert_rows(
        c,
        "INSERT INTO customer_phones (customer_id, phone, shown)",
        customers,
        |k, b| b.put(k.id)?.put(&k.phone)?.put(&k.phone_shown),
    )?;
    insert_rows(
        c,
        "INSERT INTO customer_emails (customer_id, email)",
        customers,
        |k, b| b.put(k.id)?.put(&k.email),
    )
}

/// The tickets as generated; no confirmation with a customer is left outstanding (the
/// generator does not act them out, and a million reminders at the first sweep would measure
/// nothing a desk does).
fn insert_tickets(c: &Connection, tickets: &[Ticket]) -> Result<()> {
    insert_rows(
        c,
        "INSERT INTO tickets (id, customer_id, category_id, summary, fields, channel, intake_rep_id,
             created_at, owner_id, owner_since, status, clock_start, cycle, due_at, warned_at,
             escalated_at, tickle_at, idle_due_at, resolved_at, resolution, promise_at,
             small_step, realtime_offered, realtime_taken, version, updated_at, updated_by,
             first_promise_at, promise_alert_at, promise_broken, merged_into, escalated_from,
             repeat_of)",
        tickets,
        |t, b| {
            let s = &t.state;
            b.put(t.id)?
                .put(t.customer_id)?
                .put(t.category_id)?
                .put(&t.summary)?
                .put(&t.fields)?
                .put(&t.channel)?
                .put(t.intake_rep_id)?
                .put(t.created_at)?
                .put(s.owner_id)?
                .put(s.owner_since)?
                .put(s.status.as_str())?
                .put(s.clock_start)?
                .put(s.cycle)?
                .put(s.due_at)?
                .put(s.warned_at)?
                .put(s.escalated_at)?
                .put(s.tickle_at)?
                .put(s.idle_due_at)?
                .put(s.resolved_at)?
                .put(&s.resolution)?
                .put(s.promise_at)?
                .put(&t.small_step)?
                .put(t.realtime_offered)?
                .put(t.realtime_taken)?
                .put(t.version)?
                .put(t.updated_at)?
                .put(t.updated_by)?
                .put(s.first_promise_at)?
                .put(s.promise_alert_at)?
                .put(s.promise_broken)?
                .put(s.merged_into)?
                .put(s.escalated_from)?
                .put(t.repeat_of)
        },
    )?;
    // One row per statement: a multi-row insert into the virtual table is slower.
    let mut search = c.prepare_cached(
        "INSERT INTO ticket_search (rowid, summary, fields, notes) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in tickets {
        search.execute(params![t.id, t.summary, t.field_text, t.notes])?;
    }
    Ok(())
}

fn insert_events(c: &Connection, events: &[Event]) -> Result<()> {
    insert_rows(
        c,
        "INSERT INTO events (id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
             delighted, held_ms, data, prev_hash, hash)",
        events,
        |e, b| {
            let r = &e.record;
            b.put(e.id)?
                .put(r.ticket_id)?
                .put(r.kind)?
                .put(r.at_ms)?
                .put(r.actor_id)?
                .put(r.from_id)?
                .put(r.to_id)?
                .put(&r.text)?
                .put(r.tickle_at_ms)?
                .put(r.delighted)?
                .put(r.held_ms)?
                .put(&r.data)?
                .put(&e.prev_hash)?
                .put(&e.hash)
        },
    )
}

fn insert_alerts(c: &Connection, alerts: &[Alert]) -> Result<()> {
    insert_rows(
        c,
        "INSERT INTO alerts (id, person_id, ticket_id, due, title, body, at, read_at)",
        alerts,
        |a, b| {
            b.put(a.id)?
                .put(a.person_id)?
                .put(a.ticket_id)?
                .put(a.due.as_str())?
                .put(&a.title)?
                .put(&a.body)?
                .put(a.at)?
                .put(a.read_at)
        },
    )
}

/// Rows per statement: a multi-row `INSERT` pays a statement's fixed costs once per batch
/// (a `CHECK (x IN (...))` even builds its lookup table once per run).
const BATCH: usize = 64;

/// Binds one row's values in order.
struct Binder<'s, 'c> {
    stmt: &'s mut Statement<'c>,
    bound: usize,
}

impl Binder<'_, '_> {
    fn put(&mut self, value: impl ToSql) -> rusqlite::Result<&mut Self> {
        self.bound += 1;
        self.stmt.raw_bind_parameter(self.bound, value)?;
        Ok(self)
    }
}

/// Inserts `rows` with `head` (`INSERT INTO t (columns)`), `BATCH` rows per statement.
fn insert_rows<T>(
    c: &Connection,
    head: &str,
    rows: &[T],
    bind: impl for<'b, 's, 'c> Fn(
        &T,
        &'b mut Binder<'s, 'c>,
    ) -> rusqlite::Result<&'b mut Binder<'s, 'c>>,
) -> Result<()> {
    let columns = head.matches(',').count() + 1;
    let one = format!("({})", vec!["?"; columns].join(", "));
    for batch in rows.chunks(BATCH) {
        let sql = format!(
            "{head} VALUES {}",
            vec![one.as_str(); batch.len()].join(", ")
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let mut binder = Binder {
            stmt: &mut stmt,
            bound: 0,
        };
        for row in batch {
            bind(row, &mut binder)?;
        }
        debug_assert_eq!(binder.bound, columns * batch.len(), "{head}");
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Records what the data set is (JSON), so a later run can tell whether it may reuse it.
pub fn set_marker(store: &mut SqliteStore, json: &str) -> Result<()> {
    store.write_tx(|c| settings::set_raw(c, MARKER, json))
}

pub fn marker(store: &SqliteStore) -> Result<Option<String>> {
    settings::raw(&store.conn, MARKER)
}

/// A bare SQLite table in its own file, opened the way `Store::open` opens a desk (WAL,
/// `synchronous=FULL`): the floor under what one durable intake can cost on this disk.
pub struct BareTable {
    conn: Connection,
}

impl BareTable {
    pub fn open(path: &Path) -> Result<BareTable> {
        let conn = Connection::open(path)?;
        super::durable(&conn)?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        )?;
        Ok(BareTable { conn })
    }

    /// A passive checkpoint, as the desk's `tidy` makes one.
    pub fn checkpoint(&mut self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
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
