use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

use super::at;
use crate::error::Result;
use crate::reports::trends::QUARTER_HOUR_MS;
use crate::reports::{FeedbackEntry, ResolvedRow};
use crate::store::tx::Party;

/// How many events of `kind` each person had in [from, to).
pub fn count_by(
    c: &Connection,
    kind: &str,
    party: Party,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, u32>> {
    let (column, named) = (party.column(), party.named());
    let rows = c
        .prepare_cached(&format!(
            "SELECT {column}, count(*) FROM events
             WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND {named} GROUP BY {column}"
        ))?
        .query_map(params![kind, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// For each resolver, how long they held each ticket they solved.
pub fn hold_times(c: &Connection, from: i64, to: i64) -> Result<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut stmt = c.prepare_cached(
        "SELECT actor_id, held_ms FROM events
         WHERE kind = 'resolved' AND at >= ?1 AND at < ?2 AND actor_id IS NOT NULL AND held_ms IS NOT NULL",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

/// Escalated tickets each executive solved in [from, to).
pub fn escalations_solved(c: &Connection, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
    let rows = c
        .prepare_cached(
            "SELECT r.actor_id, count(*) FROM events r
             WHERE r.kind = 'resolved' AND r.at >= ?1 AND r.at < ?2 AND EXISTS (
                 SELECT 1 FROM events e
                 WHERE e.ticket_id = r.ticket_id AND e.kind = 'escalated' AND e.to_id = r.actor_id
                     AND (e.from_id IS NULL OR e.from_id <> e.to_id))
             GROUP BY r.actor_id",
        )?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn feedback(c: &Connection, from: i64, to: i64) -> Result<Vec<FeedbackEntry>> {
    let rows = c
        .prepare_cached(
            "SELECT e.ticket_id, cu.id, cu.name, e.delighted, e.text, e.at, o.name, o.id
             FROM events e
             JOIN tickets t ON t.id = e.ticket_id
             JOIN customers cu ON cu.id = t.customer_id
             JOIN people o ON o.id = t.owner_id
             WHERE e.kind IN ('feedback', 'confirmed') AND e.delighted IS NOT NULL
                 AND e.at >= ?1 AND e.at < ?2
             ORDER BY e.at, e.id",
        )?
        .query_map(params![from, to], |r| {
            Ok(FeedbackEntry {
                ticket_id: r.get(0)?,
                number: r.get(0)?,
                customer_id: r.get(1)?,
                customer_name: r.get(2)?,
                delighted: r.get(3)?,
                what: r.get(4)?,
                at: at(r.get(5)?),
                owner_name: r.get(6)?,
                owner_id: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Tickets resolved in [from, to), merged duplicates aside.
pub fn resolved_between(c: &Connection, from: i64, to: i64) -> Result<Vec<ResolvedRow>> {
    let rows = c
        .prepare_cached(
            "SELECT id, owner_id, created_at, resolved_at, first_promise_at, promise_at,
                 promise_broken, confirmed_at
             FROM tickets INDEXED BY tickets_resolved
             WHERE resolved_at >= ?1 AND resolved_at < ?2 AND merged_into IS NULL",
        )?
        .query_map(params![from, to], |r| {
            Ok(ResolvedRow {
                ticket: r.get(0)?,
                owner: r.get(1)?,
                created_at: r.get(2)?,
                resolved_at: r.get(3)?,
                first_promise_at: r.get(4)?,
                promise_at: r.get(5)?,
                promise_broken: r.get(6)?,
                confirmed_at: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Events of `kind` per quarter hour of [from, to).
pub fn quarter_hours(c: &Connection, kind: &str, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
    let rows = c
        .prepare_cached(
            "SELECT (at - ?2) / ?4, count(*) FROM events
             WHERE kind = ?1 AND at >= ?2 AND at < ?3 GROUP BY 1",
        )?
        .query_map(params![kind, from, to, QUARTER_HOUR_MS], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The tickets taken in during [from, to) for a problem back (`REPEATS`).
pub fn repeats(c: &Connection, from: i64, to: i64) -> Result<Vec<(i64, i64)>> {
    let rows = c
        .prepare_cached(crate::store::tx::REPEATS)?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The customer's latest ticket in the category resolved in [since, until] (`LAST_RESOLVED`).
pub fn last_resolved(
    c: &Connection,
    customer: i64,
    category: i64,
    (since, until): (i64, i64),
) -> Result<Option<i64>> {
    Ok(c.prepare_cached(crate::store::tx::LAST_RESOLVED)?
        .query_row(params![customer, category, since, until], |r| r.get(0))
        .optional()?)
}

/// Tickets with events of `kind` counted against one of `people` (anyone when None).
pub fn event_tickets(
    c: &Connection,
    kind: &str,
    party: Party,
    people: Option<&[i64]>,
    (from, to): (i64, i64),
    limit: u32,
) -> Result<Vec<i64>> {
    let (column, named) = (party.column(), party.named());
    let people = people.map(|p| serde_json::to_string(p).expect("ids serialise"));
    let rows = c
        .prepare_cached(&format!(
            "SELECT ticket_id FROM events
             WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND ticket_id IS NOT NULL AND {named}
                 AND (?4 IS NULL OR {column} IN (SELECT value FROM json_each(?4)))
             GROUP BY ticket_id ORDER BY max(at) DESC LIMIT ?5"
        ))?
        .query_map(params![kind, from, to, people, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
