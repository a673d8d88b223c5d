use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeMap;

use super::{at, at_opt};
use crate::deadlines::Marks;
use crate::error::{Error, Result};
use crate::tickets::{Status, Ticket, TicketSummary};

const SELECT: &str =
    "SELECT t.id, t.customer_id, cu.name, t.category_id, ca.name, t.summary, t.fields,
        t.channel, t.intake_rep_id, t.created_at, t.owner_id, o.name, t.owner_since, t.status,
        t.due_at, t.warned_at, t.escalated_at, t.tickle_at, t.resolved_at, t.resolution,
        t.promise_at, t.small_step, t.realtime_offered, t.realtime_taken, t.version, t.updated_at
    FROM tickets t
    JOIN customers cu ON cu.id = t.customer_id
    JOIN categories ca ON ca.id = t.category_id
    JOIN people o ON o.id = t.owner_id";

pub(super) fn status(s: &str) -> Status {
    if s == "resolved" {
        Status::Resolved
    } else {
        Status::Open
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Ticket> {
    let fields: String = r.get(6)?;
    let id: i64 = r.get(0)?;
    Ok(Ticket {
        id,
        number: id,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        category_id: r.get(3)?,
        category_name: r.get(4)?,
        summary: r.get(5)?,
        fields: serde_json::from_str(&fields).unwrap_or_default(),
        channel: r.get(7)?,
        intake_rep_id: r.get(8)?,
        created_at: at(r.get(9)?),
        owner_id: r.get(10)?,
        owner_name: r.get(11)?,
        owner_since: at(r.get(12)?),
        status: status(&r.get::<_, String>(13)?),
        due_at: at(r.get(14)?),
        warned_at: at_opt(r.get(15)?),
        escalated_at: at_opt(r.get(16)?),
        tickle_at: at_opt(r.get(17)?),
        resolved_at: at_opt(r.get(18)?),
        resolution: r.get(19)?,
        promise_at: at(r.get(20)?),
        small_step: r.get(21)?,
        realtime_offered: r.get(22)?,
        realtime_taken: r.get(23)?,
        version: r.get(24)?,
        updated_at: at(r.get(25)?),
    })
}

pub struct NewTicket<'a> {
    pub customer_id: i64,
    pub category_id: i64,
    pub summary: &'a str,
    pub fields: &'a BTreeMap<String, String>,
    pub channel: &'a str,
    pub intake_rep_id: i64,
    pub owner_id: i64,
    pub now: i64,
    pub due_at: i64,
    pub idle_due_at: i64,
    pub promise_at: i64,
    pub small_step: Option<&'a str>,
    pub realtime_offered: bool,
    pub realtime_taken: bool,
}

/// Inserts a ticket; its id, the number people read out, continues from 1001.
pub fn insert(c: &Connection, t: &NewTicket) -> Result<i64> {
    let fields = serde_json::to_string(t.fields).expect("fields serialise");
    c.prepare_cached(
        "INSERT INTO tickets (id, customer_id, category_id, summary, fields, channel, intake_rep_id,
             created_at, owner_id, owner_since, status, clock_start, due_at, idle_due_at, promise_at,
             small_step, realtime_offered, realtime_taken, updated_at, updated_by)
         VALUES ((SELECT coalesce(max(id), 1000) + 1 FROM tickets), ?1, ?2, ?3, ?4, ?5, ?6,
             ?7, ?8, ?7, 'open', ?7, ?9, ?10, ?11, ?12, ?13, ?14, ?7, ?6)",
    )?
    .execute(params![
        t.customer_id,
        t.category_id,
        t.summary,
        fields,
        t.channel,
        t.intake_rep_id,
        t.now,
        t.owner_id,
        t.due_at,
        t.idle_due_at,
        t.promise_at,
        t.small_step,
        t.realtime_offered,
        t.realtime_taken
    ])?;
    let id = c.last_insert_rowid();
    let values: Vec<&str> = t.fields.values().map(String::as_str).collect();
    c.prepare_cached(
        "INSERT INTO ticket_search (rowid, summary, fields, notes) VALUES (?1, ?2, ?3, '')",
    )?
    .execute(params![id, t.summary, values.join(" ")])?;
    Ok(id)
}

pub fn get(c: &Connection, id: i64) -> Result<Ticket> {
    c.prepare_cached(&format!("{SELECT} WHERE t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("ticket", format!("#{id}")))
}

/// Who last changed the ticket, for a stale-write refusal.
pub fn last_change(c: &Connection, id: i64) -> Result<(Option<String>, i64)> {
    Ok(c.query_row(
        "SELECT p.name, t.updated_at FROM tickets t LEFT JOIN people p ON p.id = t.updated_by WHERE t.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The columns an action may change, in one statement; bumps the version.
pub struct Update {
    pub owner_id: i64,
    pub owner_changed: bool,
    pub status: Status,
    pub reopened: bool,
    pub due_at: i64,
    pub tickle_at: Option<i64>,
    pub resolution: Option<String>,
    pub idle_due_at: Option<i64>,
    pub actor_id: Option<i64>,
    pub now: i64,
}

pub fn update(c: &Connection, id: i64, u: &Update) -> Result<()> {
    let resolved = u.status == Status::Resolved;
    c.prepare_cached(
        "UPDATE tickets SET
             owner_id = ?2,
             owner_since = CASE WHEN ?3 THEN ?10 ELSE owner_since END,
             status = ?4,
             resolved_at = CASE WHEN ?5 THEN coalesce(resolved_at, ?10) ELSE NULL END,
             resolution = coalesce(?6, resolution),
             clock_start = CASE WHEN ?7 THEN ?10 ELSE clock_start END,
             due_at = ?8,
             warned_at = CASE WHEN ?7 THEN NULL ELSE warned_at END,
             escalated_at = CASE WHEN ?7 THEN NULL ELSE escalated_at END,
             tickle_at = ?9,
             idle_due_at = ?11,
             version = version + 1,
             updated_at = ?10,
             updated_by = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        u.owner_id,
        u.owner_changed,
        u.status.as_str(),
        resolved,
        u.resolution,
        u.reopened,
        u.due_at,
        u.tickle_at,
        u.now,
        u.idle_due_at,
        u.actor_id
    ])?;
    Ok(())
}

/// The open tickets someone holds.
pub fn open_ids_held_by(c: &Connection, owner: i64) -> Result<Vec<i64>> {
    let ids = c
        .prepare_cached(
            "SELECT id FROM tickets WHERE owner_id = ?1 AND status = 'open' ORDER BY id",
        )?
        .query_map([owner], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Gives a ticket to someone else without its owner's action (they were deactivated). Their
/// own reminder does not follow the ticket.
pub fn hand_over(
    c: &Connection,
    id: i64,
    to: i64,
    by: Option<i64>,
    now: i64,
    idle_due_at: i64,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE tickets SET owner_id = ?2, owner_since = ?4, tickle_at = NULL, idle_due_at = ?5,
             version = version + 1, updated_at = ?4, updated_by = ?3
         WHERE id = ?1",
    )?
    .execute(params![id, to, by, now, idle_due_at])?;
    Ok(())
}

/// Adds text (a note, a resolution) to what search finds for the ticket.
pub fn index_text(c: &Connection, id: i64, text: &str) -> Result<()> {
    c.prepare_cached("UPDATE ticket_search SET notes = notes || ' ' || ?2 WHERE rowid = ?1")?
        .execute(params![id, text])?;
    Ok(())
}

pub fn marks(c: &Connection, id: i64) -> Result<(Status, Marks)> {
    Ok(c.prepare_cached(
        "SELECT status, due_at, warned_at IS NOT NULL, escalated_at IS NOT NULL, tickle_at, idle_due_at
         FROM tickets WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok((
            status(&r.get::<_, String>(0)?),
            Marks {
                due_at: r.get(1)?,
                warned: r.get(2)?,
                escalated: r.get(3)?,
                tickle_at: r.get(4)?,
                idle_due_at: r.get(5)?,
            },
        ))
    })?)
}

pub fn mark_warned(c: &Connection, id: i64, now: i64) -> Result<()> {
    c.prepare_cached("UPDATE tickets SET warned_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

pub fn mark_escalated(
    c: &Connection,
    id: i64,
    exec: i64,
    now: i64,
    idle_due_at: i64,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE tickets SET escalated_at = ?3, owner_id = ?2, owner_since = ?3, idle_due_at = ?4,
             version = version + 1, updated_at = ?3, updated_by = NULL
         WHERE id = ?1",
    )?
    .execute(params![id, exec, now, idle_due_at])?;
    Ok(())
}

pub fn clear_tickle(c: &Connection, id: i64) -> Result<()> {
    c.prepare_cached("UPDATE tickets SET tickle_at = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

pub fn clear_idle(c: &Connection, id: i64) -> Result<()> {
    c.prepare_cached("UPDATE tickets SET idle_due_at = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Open tickets with anything due at `now` (warn lead applied), soonest first.
pub fn due_ids(c: &Connection, now: i64, warn_lead_ms: i64, limit: u32) -> Result<Vec<i64>> {
    let ids = c
        .prepare_cached(
            "SELECT id FROM (
                 SELECT id, due_at - ?2 AS t FROM tickets
                     WHERE status = 'open' AND warned_at IS NULL AND escalated_at IS NULL AND due_at <= ?1 + ?2
                 UNION ALL SELECT id, due_at FROM tickets
                     WHERE status = 'open' AND escalated_at IS NULL AND due_at <= ?1
                 UNION ALL SELECT id, tickle_at FROM tickets
                     WHERE status = 'open' AND tickle_at IS NOT NULL AND tickle_at <= ?1
                 UNION ALL SELECT id, idle_due_at FROM tickets
                     WHERE status = 'open' AND idle_due_at IS NOT NULL AND idle_due_at <= ?1)
             GROUP BY id ORDER BY min(t) LIMIT ?3",
        )?
        .query_map(params![now, warn_lead_ms, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The earliest mark over all open tickets.
pub fn next_due(c: &Connection, warn_lead_ms: i64) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT min(t) FROM (
             SELECT min(due_at) - ?1 AS t FROM tickets
                 WHERE status = 'open' AND warned_at IS NULL AND escalated_at IS NULL
             UNION ALL SELECT min(due_at) FROM tickets WHERE status = 'open' AND escalated_at IS NULL
             UNION ALL SELECT min(tickle_at) FROM tickets WHERE status = 'open' AND tickle_at IS NOT NULL
             UNION ALL SELECT min(idle_due_at) FROM tickets WHERE status = 'open' AND idle_due_at IS NOT NULL)",
    )?
    .query_row([warn_lead_ms], |r| r.get(0))?)
}

pub fn by_owner(c: &Connection, owner: i64, open_only: bool, limit: u32) -> Result<Vec<Ticket>> {
    let sql = if open_only {
        format!("{SELECT} WHERE t.owner_id = ?1 AND t.status = 'open' ORDER BY t.due_at LIMIT ?2")
    } else {
        format!("{SELECT} WHERE t.owner_id = ?1 ORDER BY t.status = 'resolved', t.due_at LIMIT ?2")
    };
    collect(c, &sql, params![owner, limit])
}

/// Open tickets held by any of `owners`.
pub fn by_owners(c: &Connection, owners: &[i64], limit: u32) -> Result<Vec<Ticket>> {
    let list = serde_json::to_string(owners).expect("ids serialise");
    collect(
        c,
        &format!(
            "{SELECT} WHERE t.status = 'open' AND t.owner_id IN (SELECT value FROM json_each(?1))
             ORDER BY t.due_at LIMIT ?2"
        ),
        params![list, limit],
    )
}

/// Open tickets in the warning window or past the mark.
pub fn near_escalation(
    c: &Connection,
    now: i64,
    warn_lead_ms: i64,
    limit: u32,
) -> Result<Vec<Ticket>> {
    collect(
        c,
        &format!(
            "{SELECT} WHERE t.status = 'open' AND t.escalated_at IS NULL AND t.due_at <= ?1 + ?2
             ORDER BY t.due_at LIMIT ?3"
        ),
        params![now, warn_lead_ms, limit],
    )
}

pub fn escalated_to(c: &Connection, owner: i64, limit: u32) -> Result<Vec<Ticket>> {
    collect(
        c,
        &format!(
            "{SELECT} WHERE t.owner_id = ?1 AND t.status = 'open' AND t.escalated_at IS NOT NULL
             ORDER BY t.escalated_at LIMIT ?2"
        ),
        params![owner, limit],
    )
}

pub fn all(c: &Connection, open_only: bool, limit: u32) -> Result<Vec<Ticket>> {
    let filter = if open_only {
        "WHERE t.status = 'open'"
    } else {
        ""
    };
    collect(
        c,
        &format!("{SELECT} {filter} ORDER BY t.status = 'resolved', t.due_at LIMIT ?1"),
        params![limit],
    )
}

/// Full-text search; `query` is already an FTS5 expression.
pub fn search(c: &Connection, query: &str, limit: u32) -> Result<Vec<Ticket>> {
    collect(
        c,
        &format!(
            "{SELECT} JOIN (SELECT rowid, rank FROM ticket_search WHERE ticket_search MATCH ?1
                            ORDER BY rank LIMIT ?2) s ON s.rowid = t.id
             ORDER BY s.rank"
        ),
        params![query, limit],
    )
}

pub fn for_customer(c: &Connection, customer: i64, limit: u32) -> Result<Vec<TicketSummary>> {
    let rows = c
        .prepare_cached(
            "SELECT t.id, t.summary, t.status, t.created_at, o.name FROM tickets t
             JOIN people o ON o.id = t.owner_id
             WHERE t.customer_id = ?1 ORDER BY t.created_at DESC LIMIT ?2",
        )?
        .query_map(params![customer, limit], |r| {
            Ok(TicketSummary {
                id: r.get(0)?,
                number: r.get(0)?,
                summary: r.get(1)?,
                status: status(&r.get::<_, String>(2)?),
                created_at: at(r.get(3)?),
                owner_name: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn open_count_for_customer(c: &Connection, customer: i64) -> Result<u32> {
    Ok(
        c.prepare_cached(
            "SELECT count(*) FROM tickets WHERE customer_id = ?1 AND status = 'open'",
        )?
        .query_row([customer], |r| r.get(0))?,
    )
}

fn collect(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<Ticket>> {
    let rows = c
        .prepare_cached(sql)?
        .query_map(p, from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
