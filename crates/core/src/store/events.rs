use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{at, at_opt};
use crate::error::Result;
use crate::events::{Event, EventKind, EventRecord, GENESIS};

/// Appends an event, chaining it to the last one.
pub fn append(c: &Connection, e: &EventRecord) -> Result<i64> {
    let (last_id, prev_hash): (i64, String) = c
        .prepare_cached("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let id = last_id + 1;
    let hash = e.hash(id, &prev_hash);
    c.prepare_cached(
        "INSERT INTO events (id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
             delighted, held_ms, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
        prev_hash,
        hash
    ])?;
    Ok(id)
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
    })
}

pub fn for_ticket(c: &Connection, ticket: i64) -> Result<Vec<Event>> {
    let rows = c
        .prepare_cached(
            "SELECT e.id, e.ticket_id, e.kind, e.at, e.actor_id, a.name, e.from_id, f.name, e.to_id,
                    t.name, e.text, e.tickle_at, e.delighted
             FROM events e
             LEFT JOIN people a ON a.id = e.actor_id
             LEFT JOIN people f ON f.id = e.from_id
             LEFT JOIN people t ON t.id = e.to_id
             WHERE e.ticket_id = ?1 ORDER BY e.id",
        )?
        .query_map([ticket], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A stored event as it is hashed, with the links it claims.
pub struct StoredLink {
    pub id: i64,
    pub record: EventRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// Walks the whole chain in order, calling `f` for each event; stops when `f` returns false.
pub fn walk(c: &Connection, mut f: impl FnMut(StoredLink) -> bool) -> Result<()> {
    let mut stmt = c.prepare(
        "SELECT id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at, delighted,
                held_ms, prev_hash, hash
         FROM events ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        let link = StoredLink {
            id: r.get(0)?,
            record: EventRecord {
                ticket_id: r.get(1)?,
                // Unknown kinds hash as written, so an edited kind breaks the chain rather than hiding.
                kind: EventKind::parse(&kind).map_or("?", EventKind::as_str),
                at_ms: r.get(3)?,
                actor_id: r.get(4)?,
                from_id: r.get(5)?,
                to_id: r.get(6)?,
                text: r.get(7)?,
                tickle_at_ms: r.get(8)?,
                delighted: r.get(9)?,
                held_ms: r.get(10)?,
            },
            prev_hash: r.get(11)?,
            hash: r.get(12)?,
        };
        if !f(link) {
            break;
        }
    }
    Ok(())
}
