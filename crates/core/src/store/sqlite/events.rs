use rusqlite::types::{FromSql, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{at, at_opt};
use crate::audit::ChainHead;
use crate::error::Result;
use crate::events::{Event, EventData, EventKind, EventRecord, LinkRow, StoredLink, GENESIS};
use crate::replay;

/// Appends an event, chaining it to the last one.
pub fn append(c: &Connection, e: &EventRecord) -> Result<i64> {
    let (last_id, prev_hash) = head(c)?.map_or((0, GENESIS.to_string()), |h| (h.event_id, h.hash));
    let id = last_id + 1;
    let hash = e.hash(id, &prev_hash);
    c.prepare_cached(
        "INSERT INTO events (id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
             delighted, held_ms, data, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        e.ticket_id,
        e.kind,
        e.at_ms,
        e.actor_id,
        e.from_id,
        e.to_id,
        e.text,
        e.tickle_at_ms,
        e.delighted,
        e.held_ms,
        e.data,
        prev_hash,
        hash
    ])?;
    Ok(id)
}

/// The newest event: the chain's head, which installs keep as witnesses.
pub fn head(c: &Connection) -> Result<Option<ChainHead>> {
    Ok(
        c.prepare_cached("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| {
                Ok(ChainHead {
                    event_id: r.get(0)?,
                    hash: r.get(1)?,
                })
            })
            .optional()?,
    )
}

/// The hash stored for one event, if it (still) exists and is text.
pub fn hash_of(c: &Connection, id: i64) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT hash FROM events WHERE id = ?1 AND typeof(hash) = 'text'")?
            .query_row([id], |r| r.get(0))
            .optional()?,
    )
}

fn from_row(r: &Row) -> rusqlite::Result<Event> {
    let kind: String = r.get(2)?;
    Ok(Event {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        kind: EventKind::parse(&kind).unwrap_or(EventKind::Note),
        at: at(r.get(3)?),
        actor_id: r.get(4)?,
        actor_name: r.get(5)?,
        from_id: r.get(6)?,
        from_name: r.get(7)?,
        to_id: r.get(8)?,
        to_name: r.get(9)?,
        text: r.get(10)?,
        tickle_at: at_opt(r.get(11)?),
        delighted: r.get(12)?,
        data: EventData::parse(r.get::<_, Option<String>>(13)?.as_deref()),
    })
}

/// Events with the names of the people they mention. A set-up change has ticket 0 here.
const NAMED: &str =
    "SELECT e.id, coalesce(e.ticket_id, 0), e.kind, e.at, e.actor_id, a.name, e.from_id, f.name,
            e.to_id, t.name, e.text, e.tickle_at, e.delighted, e.data
     FROM events e
     LEFT JOIN people a ON a.id = e.actor_id
     LEFT JOIN people f ON f.id = e.from_id
     LEFT JOIN people t ON t.id = e.to_id";

fn named(c: &Connection, filter: &str, p: impl rusqlite::Params) -> Result<Vec<Event>> {
    let rows = c
        .prepare_cached(&format!("{NAMED} {filter}"))?
        .query_map(p, from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn for_ticket(c: &Connection, ticket: i64) -> Result<Vec<Event>> {
    named(c, "WHERE e.ticket_id = ?1 ORDER BY e.id", [ticket])
}

const LINK_COLUMNS: &str = "id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
    delighted, held_ms, data, prev_hash, hash";

/// Reads a column, saying which one held what instead of failing on a wrong type.
fn column<T: FromSql>(r: &Row, i: usize, name: &str) -> std::result::Result<T, String> {
    r.get::<_, T>(i).map_err(|_| {
        let held = match r.get_ref(i) {
            Ok(ValueRef::Null) => "nothing",
            Ok(ValueRef::Integer(_)) => "a number",
            Ok(ValueRef::Real(_)) => "a real number",
            Ok(ValueRef::Text(_)) => "text",
            Ok(ValueRef::Blob(_)) => "a blob",
            Err(_) => "an unreadable value",
        };
        format!("its {name} column holds {held}, which Baton never writes there (it was altered)")
    })
}

fn link(r: &Row) -> LinkRow {
    let id: i64 = r.get(0).map_err(|e| (0, None, e.to_string()))?;
    let ticket_id: Option<i64> = r.get(1).ok().flatten();
    let read = || -> std::result::Result<StoredLink, String> {
        let kind: String = column(r, 2, "kind")?;
        Ok(StoredLink {
            id,
            record: EventRecord {
                ticket_id: column(r, 1, "ticket")?,
                // Unknown kinds hash as "?", so an edited kind breaks the chain rather than hiding.
                kind: EventKind::parse(&kind).map_or("?", EventKind::as_str),
                at_ms: column(r, 3, "time")?,
                actor_id: column(r, 4, "actor")?,
                from_id: column(r, 5, "from")?,
                to_id: column(r, 6, "to")?,
                text: column(r, 7, "text")?,
                tickle_at_ms: column(r, 8, "reminder time")?,
                delighted: column(r, 9, "delighted")?,
                held_ms: column(r, 10, "held time")?,
                data: column(r, 11, "data")?,
            },
            prev_hash: column(r, 12, "previous hash")?,
            hash: column(r, 13, "hash")?,
        })
    };
    read().map_err(|problem| (id, ticket_id, problem))
}

/// Walks the whole chain in order, calling `f` for each row; stops when `f` returns false.
pub fn walk(c: &Connection, mut f: impl FnMut(LinkRow) -> bool) -> Result<()> {
    let mut stmt = c.prepare(&format!("SELECT {LINK_COLUMNS} FROM events ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if !f(link(r)) {
            break;
        }
    }
    Ok(())
}

/// Every ticket row beside its events (in chain order), tickets by number, streamed so a
/// million tickets are never in memory at once. A row is `None` when events name a ticket that
/// has no row; rows or events that cannot be read are reported as problems.
pub fn tickets_with_events(
    c: &Connection,
    mut f: impl FnMut(i64, std::result::Result<Option<replay::Row>, String>, &[StoredLink]),
) -> Result<()> {
    let mut tickets = c.prepare(
        "SELECT id, owner_id, status, summary, fields, resolution, due_at, warned_at, escalated_at,
             promise_at, escalated_from, created_at, intake_rep_id, customer_id, category_id,
             merged_into
         FROM tickets ORDER BY id",
    )?;
    let mut tickets = tickets.query([])?;
    let mut events = c.prepare(&format!(
        "SELECT {LINK_COLUMNS} FROM events WHERE ticket_id IS NOT NULL ORDER BY ticket_id, id"
    ))?;
    let mut events = events.query([])?;
    let mut next_row =
        move || -> Result<Option<(i64, std::result::Result<replay::Row, String>)>> {
            let Some(r) = tickets.next()? else {
                return Ok(None);
            };
            let id: i64 = r.get(0)?;
            let read = || -> std::result::Result<replay::Row, String> {
                let status: String = column(r, 2, "status")?;
                let fields: String = column(r, 4, "fields")?;
                Ok(replay::Row {
                    owner_id: column(r, 1, "owner")?,
                    status: super::tickets::status(&status),
                    summary: column(r, 3, "summary")?,
                    fields: serde_json::from_str(&fields).map_err(|_| {
                        "its fields column is not the JSON Baton writes".to_string()
                    })?,
                    resolution: column(r, 5, "resolution")?,
                    due_at: column(r, 6, "deadline")?,
                    warned_at: column(r, 7, "warning mark")?,
                    escalated_at: column(r, 8, "escalation mark")?,
                    promise_at: column(r, 9, "promise")?,
                    escalated_from: column(r, 10, "holder at the mark")?,
                    created_at: column(r, 11, "time taken in")?,
                    intake_rep_id: column(r, 12, "intake rep")?,
                    customer_id: column(r, 13, "customer")?,
                    category_id: column(r, 14, "category")?,
                    merged_into: column(r, 15, "merged into")?,
                })
            };
            Ok(Some((id, read())))
        };
    let mut next_event = move || -> Result<Option<StoredLink>> {
        while let Some(r) = events.next()? {
            if let Ok(l) = link(r) {
                return Ok(Some(l));
            }
        }
        Ok(None)
    };
    let mut row = next_row()?;
    let mut event = next_event()?;
    let mut batch: Vec<StoredLink> = Vec::new();
    loop {
        let ticket = match (&row, &event) {
            (None, None) => return Ok(()),
            (Some((t, _)), None) => *t,
            (None, Some(e)) => e.record.ticket_id.unwrap_or_default(),
            (Some((t, _)), Some(e)) => (*t).min(e.record.ticket_id.unwrap_or_default()),
        };
        batch.clear();
        while let Some(e) = event.take() {
            if e.record.ticket_id == Some(ticket) {
                batch.push(e);
                event = next_event()?;
            } else {
                event = Some(e);
                break;
            }
        }
        match row.take() {
            Some((t, r)) if t == ticket => {
                f(ticket, r.map(Some), &batch);
                row = next_row()?;
            }
            other => {
                row = other;
                f(ticket, Ok(None), &batch);
            }
        }
    }
}

/// The desk's policy changes in chain order: (event id, the policy's JSON).
pub fn policy_changes(c: &Connection) -> Result<Vec<(i64, String)>> {
    let rows = c
        .prepare(
            "SELECT id, data FROM events
             WHERE ticket_id IS NULL AND kind = 'policy_changed' AND typeof(data) = 'text'
             ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The desk's set-up changes, newest first.
pub fn desk_changes(c: &Connection, limit: u32) -> Result<Vec<Event>> {
    named(
        c,
        "WHERE e.ticket_id IS NULL AND e.kind NOT IN ('customer_feedback', 'learned')
         ORDER BY e.id DESC LIMIT ?1",
        [limit],
    )
}

/// When the ticket's newest event happened: no change may be dated before it.
pub fn last_at(c: &Connection, ticket: i64) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT at FROM events WHERE ticket_id = ?1 ORDER BY id DESC LIMIT 1")?
            .query_row([ticket], |r| r.get(0))
            .optional()?,
    )
}

/// The data of every `customer_erased` event, in chain order.
pub fn erasures(c: &Connection) -> Result<Vec<String>> {
    let rows = c
        .prepare(
            "SELECT data FROM events
             WHERE ticket_id IS NULL AND kind = 'customer_erased' AND typeof(data) = 'text'
             ORDER BY id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The events of these tickets, as stored; one that cannot be read stops an erasure.
pub fn records_of(c: &Connection, tickets: &[i64]) -> Result<Vec<(i64, EventRecord)>> {
    let list = serde_json::to_string(tickets).expect("ids serialise");
    records(
        c,
        "WHERE ticket_id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        [list],
    )
}

/// Events as hashed: a row that cannot be read stops the reading, naming the event.
fn records(
    c: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(i64, EventRecord)>> {
    let mut stmt = c.prepare_cached(&format!("SELECT {LINK_COLUMNS} FROM events {sql}"))?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        match link(r) {
            Ok(l) => out.push((l.id, l.record)),
            Err((id, _, problem)) => {
                return Err(crate::Error::Invalid(format!(
                    "event {id} cannot be read ({problem}); run verify"
                )))
            }
        }
    }
    Ok(out)
}

/// Events of these kinds in [from, to), newest first; with `data_key`, only those whose data
/// has it.
pub fn records_between(
    c: &Connection,
    kinds: &[&str],
    (from, to): (i64, i64),
    data_key: Option<&str>,
    limit: u32,
) -> Result<Vec<(i64, EventRecord)>> {
    let kinds = serde_json::to_string(kinds).expect("kinds serialise");
    let key = data_key.map(|k| format!("%\"{k}\"%"));
    records(
        c,
        "WHERE kind IN (SELECT value FROM json_each(?1)) AND at >= ?2 AND at < ?3
             AND (?4 IS NULL OR data LIKE ?4)
         ORDER BY at DESC, id DESC LIMIT ?5",
        params![kinds, from, to, key, limit],
    )
}

pub fn record(c: &Connection, id: i64) -> Result<Option<EventRecord>> {
    Ok(records(c, "WHERE id = ?1", [id])?.pop().map(|(_, e)| e))
}

/// The board's events about a customer that belong to no ticket.
pub fn board_records_of(c: &Connection, customer: i64) -> Result<Vec<(i64, EventRecord)>> {
    records(
        c,
        "WHERE ticket_id IS NULL AND kind IN ('customer_feedback', 'learned')
             AND json_extract(data, '$.customer') = ?1
         ORDER BY id",
        [customer],
    )
}

/// Replaces an event's text and data (erasure on request; nothing else of it may change).
pub fn replace_content(c: &Connection, id: i64, e: &EventRecord) -> Result<()> {
    c.prepare_cached("UPDATE events SET text = ?2, data = ?3 WHERE id = ?1")?
        .execute(params![id, e.text, e.data])?;
    Ok(())
}
