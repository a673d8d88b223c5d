use rusqlite::{params, Connection};
use std::collections::HashMap;

use super::at;
use crate::error::Result;
use crate::reports::{FeedbackEntry, Promises};
use crate::store::tx::Party;

/// How many events of `kind` each person had in [from, to).
pub fn count_by(
    c: &Connection,
    kind: &str,
    party: Party,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, u32>> {
    let column = party.column();
    let rows = c
        .prepare_cached(&format!(
            "SELECT {column}, count(*) FROM events
             WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND {column} IS NOT NULL GROUP BY {column}"
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
                 WHERE e.ticket_id = r.ticket_id AND e.kind = 'escalated' AND e.to_id = r.actor_id)
             GROUP BY r.actor_id",
        )?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn feedback(c: &Connection, from: i64, to: i64) -> Result<Vec<FeedbackEntry>> {
    let rows = c
        .prepare_cached(
            "SELECT e.ticket_id, cu.id, cu.name, e.delighted, e.text, e.at, o.name
             FROM events e
             JOIN tickets t ON t.id = e.ticket_id
             JOIN customers cu ON cu.id = t.customer_id
             JOIN people o ON o.id = t.owner_id
             WHERE e.kind = 'feedback' AND e.at >= ?1 AND e.at < ?2
             ORDER BY e.at",
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
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Tickets resolved in [from, to), merged duplicates aside: how many, how many by the time promised at intake, and how
/// many by a later time agreed with the customer before any promise lapsed.
pub fn promises(c: &Connection, from: i64, to: i64) -> Result<Promises> {
    Ok(c.prepare_cached(
        "SELECT count(*), coalesce(sum(resolved_at <= coalesce(first_promise_at, promise_at)), 0),
             coalesce(sum(resolved_at > first_promise_at AND resolved_at <= promise_at
                 AND NOT promise_broken), 0)
         FROM tickets WHERE resolved_at >= ?1 AND resolved_at < ?2 AND merged_into IS NULL",
    )?
    .query_row(params![from, to], |r| {
        Ok(Promises {
            due: r.get(0)?,
            kept: r.get(1)?,
            kept_by_contact: r.get(2)?,
        })
    })?)
}
