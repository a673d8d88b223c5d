use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::collections::BTreeMap;

use super::{at, at_opt};
use crate::error::{Error, Result};
use crate::machine::{Change, NewTicket, State};
use crate::privacy::TOMBSTONE;
use crate::store::tx::Tallied;
use crate::store::{self, Order, Queue};
use crate::tickets::{After, ListFilter, Status, Ticket, TicketSummary};

const SELECT: &str =
    "SELECT t.id, t.customer_id, cu.name, t.category_id, ca.name, t.summary, t.fields,
        t.channel, t.intake_rep_id, t.created_at, t.owner_id, o.name, t.owner_since, t.status,
        t.due_at, t.warned_at, t.escalated_at, t.tickle_at, t.resolved_at, t.resolution,
        t.promise_at, t.small_step, t.realtime_offered, t.realtime_taken, t.version, t.updated_at,
        t.merged_into, t.confirm_by, t.confirm_due_at, t.confirmed_at
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
        merged_into: r.get(26)?,
        confirm_by: r.get(27)?,
        confirm_due_at: at_opt(r.get(28)?),
        confirmed_at: at_opt(r.get(29)?),
    })
}

/// Inserts a ticket; its id, the number people read out, continues from 1001.
pub fn insert(c: &Connection, t: &NewTicket) -> Result<i64> {
    let fields = serde_json::to_string(&t.fields).expect("fields serialise");
    let s = &t.state;
    c.prepare_cached(
        "INSERT INTO tickets (id, customer_id, category_id, summary, fields, channel, intake_rep_id,
             created_at, owner_id, owner_since, status, clock_start, cycle, due_at, idle_due_at,
             promise_at, small_step, realtime_offered, realtime_taken, updated_at, updated_by,
             promise_alert_at, repeat_of)
         VALUES ((SELECT coalesce(max(id), 1000) + 1 FROM tickets), ?1, ?2, ?3, ?4, ?5, ?6,
             ?7, ?8, ?9, 'open', ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?7, ?6, ?18, ?19)",
    )?
    .execute(params![
        t.customer_id,
        t.category_id,
        t.summary,
        fields,
        t.channel,
        t.intake_rep_id,
        t.event.at_ms,
        s.owner_id,
        s.owner_since,
        s.clock_start,
        s.cycle,
        s.due_at,
        s.idle_due_at,
        s.promise_at,
        t.small_step,
        t.realtime_offered,
        t.realtime_taken,
        s.promise_alert_at,
        t.repeat_of
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

/// The part of a ticket that changes, as the state machine reads it.
pub fn state(c: &Connection, id: i64) -> Result<State> {
    c.prepare_cached(
        "SELECT owner_id, owner_since, status, clock_start, cycle, due_at, warned_at, escalated_at,
             tickle_at, idle_due_at, resolved_at, resolution, promise_at, first_promise_at,
             promise_alert_at, promise_broken, merged_into, escalated_from, confirm_by,
             confirm_due_at, confirmed_at
         FROM tickets WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(State {
            owner_id: r.get(0)?,
            owner_since: r.get(1)?,
            status: status(&r.get::<_, String>(2)?),
            clock_start: r.get(3)?,
            cycle: r.get(4)?,
            due_at: r.get(5)?,
            warned_at: r.get(6)?,
            escalated_at: r.get(7)?,
            tickle_at: r.get(8)?,
            idle_due_at: r.get(9)?,
            resolved_at: r.get(10)?,
            resolution: r.get(11)?,
            promise_at: r.get(12)?,
            first_promise_at: r.get(13)?,
            promise_alert_at: r.get(14)?,
            promise_broken: r.get(15)?,
            merged_into: r.get(16)?,
            escalated_from: r.get(17)?,
            confirm_by: r.get(18)?,
            confirm_due_at: r.get(19)?,
            confirmed_at: r.get(20)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("ticket", format!("#{id}")))
}

/// Writes a ticket's new state. A versioned change also bumps the version and says who made
/// it and when.
pub fn set_state(c: &Connection, id: i64, change: &Change) -> Result<()> {
    let s = &change.state;
    c.prepare_cached(
        "UPDATE tickets SET owner_id = ?2, owner_since = ?3, status = ?4, clock_start = ?5,
             cycle = ?6, due_at = ?7, warned_at = ?8, escalated_at = ?9, tickle_at = ?10,
             idle_due_at = ?11, resolved_at = ?12, resolution = ?13, promise_at = ?17,
             first_promise_at = ?18, promise_alert_at = ?19, promise_broken = ?20,
             merged_into = ?21, escalated_from = ?22, confirm_by = ?23, confirm_due_at = ?24,
             confirmed_at = ?25,
             version = version + ?14,
             updated_at = CASE WHEN ?14 THEN ?15 ELSE updated_at END,
             updated_by = CASE WHEN ?14 THEN ?16 ELSE updated_by END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        s.owner_id,
        s.owner_since,
        s.status.as_str(),
        s.clock_start,
        s.cycle,
        s.due_at,
        s.warned_at,
        s.escalated_at,
        s.tickle_at,
        s.idle_due_at,
        s.resolved_at,
        s.resolution,
        change.versioned,
        change.event.at_ms,
        change.by,
        s.promise_at,
        s.first_promise_at,
        s.promise_alert_at,
        s.promise_broken,
        s.merged_into,
        s.escalated_from,
        s.confirm_by,
        s.confirm_due_at,
        s.confirmed_at
    ])?;
    Ok(())
}

/// Records the escalation of a cycle; a second one of the same cycle is refused by the schema.
pub fn record_escalation(c: &Connection, id: i64, cycle: i64, event: i64) -> Result<()> {
    c.prepare_cached("INSERT INTO escalations (ticket_id, cycle, event_id) VALUES (?1, ?2, ?3)")?
        .execute(params![id, cycle, event])?;
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

/// Replaces the ticket's field values, in the row and in the search index.
pub fn set_fields(c: &Connection, id: i64, fields: &BTreeMap<String, String>) -> Result<()> {
    let json = serde_json::to_string(fields).expect("fields serialise");
    c.prepare_cached("UPDATE tickets SET fields = ?2 WHERE id = ?1")?
        .execute(params![id, json])?;
    let values: Vec<&str> = fields.values().map(String::as_str).collect();
    c.prepare_cached("UPDATE ticket_search SET fields = ?2 WHERE rowid = ?1")?
        .execute(params![id, values.join(" ")])?;
    Ok(())
}

/// Adds text (a note, a resolution) to what search finds for the ticket.
pub fn index_text(c: &Connection, id: i64, text: &str) -> Result<()> {
    c.prepare_cached("UPDATE ticket_search SET notes = notes || ' ' || ?2 WHERE rowid = ?1")?
        .execute(params![id, text])?;
    Ok(())
}

/// Tickets with anything due at `now` (warn lead applied; for a resolved one, only a
/// confirmation with the customer), soonest first. Each mark is
/// read from its own partial index, named: SQLite would otherwise walk every open ticket by
/// deadline (escalated ones too) for the first two.
pub fn due_ids(c: &Connection, now: i64, warn_lead_ms: i64, limit: u32) -> Result<Vec<i64>> {
    let ids = c
        .prepare_cached(
            "SELECT id FROM (
                 SELECT id, due_at - ?2 AS t FROM tickets INDEXED BY tickets_to_warn
                     WHERE status = 'open' AND warned_at IS NULL AND escalated_at IS NULL AND due_at <= ?1 + ?2
                 UNION ALL SELECT id, due_at FROM tickets INDEXED BY tickets_to_escalate
                     WHERE status = 'open' AND escalated_at IS NULL AND due_at <= ?1
                 UNION ALL SELECT id, tickle_at FROM tickets
                     WHERE status = 'open' AND tickle_at IS NOT NULL AND tickle_at <= ?1
                 UNION ALL SELECT id, idle_due_at FROM tickets
                     WHERE status = 'open' AND idle_due_at IS NOT NULL AND idle_due_at <= ?1
                 UNION ALL SELECT id, promise_alert_at FROM tickets
                     WHERE status = 'open' AND promise_alert_at IS NOT NULL AND promise_alert_at <= ?1
                 UNION ALL SELECT id, confirm_due_at FROM tickets INDEXED BY tickets_confirm_due
                     WHERE confirm_due_at IS NOT NULL AND confirm_due_at <= ?1)
             GROUP BY id ORDER BY min(t) LIMIT ?3",
        )?
        .query_map(params![now, warn_lead_ms, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The earliest mark over all open tickets and outstanding confirmations (the deadlines from their partial indexes, named as
/// in `due_ids`).
pub fn next_due(c: &Connection, warn_lead_ms: i64) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT min(t) FROM (
             SELECT min(due_at) - ?1 AS t FROM tickets INDEXED BY tickets_to_warn
                 WHERE status = 'open' AND warned_at IS NULL AND escalated_at IS NULL
             UNION ALL SELECT min(due_at) FROM tickets INDEXED BY tickets_to_escalate
                 WHERE status = 'open' AND escalated_at IS NULL
             UNION ALL SELECT min(tickle_at) FROM tickets WHERE status = 'open' AND tickle_at IS NOT NULL
             UNION ALL SELECT min(idle_due_at) FROM tickets WHERE status = 'open' AND idle_due_at IS NOT NULL
             UNION ALL SELECT min(promise_alert_at) FROM tickets
                 WHERE status = 'open' AND promise_alert_at IS NOT NULL
             UNION ALL SELECT min(confirm_due_at) FROM tickets INDEXED BY tickets_confirm_due
                 WHERE confirm_due_at IS NOT NULL)",
    )?
    .query_row([warn_lead_ms], |r| r.get(0))?)
}

/// Held by one of a list of people, bound as a JSON array.
const HELD_BY: &str = "t.owner_id IN (SELECT value FROM json_each(?))";
/// The same test made on rows met walking a deadline index (the `+` keeps SQLite from
/// looking them up by owner instead, which means sorting all they hold to show a page).
const HELD_BY_WALKING: &str = "+t.owner_id IN (SELECT value FROM json_each(?))";
/// A team this small is read through its people's own tickets; a larger one by walking the
/// open deadlines (it holds enough of them that a page comes within a few thousand entries).
const SMALL_TEAM: usize = 3;

fn ids(people: &[i64]) -> Value {
    Value::Text(serde_json::to_string(people).expect("ids serialise"))
}

/// A queue's condition and order (a strict one: the ticket id breaks ties, so a page can start
/// after any ticket), and the values they bind (`now` and the warning lead for the
/// near-escalation queue).
fn queue_sql(q: &Queue, now: i64, lead: i64) -> (String, Order, Vec<Value>) {
    match q {
        Queue::Owner {
            owner,
            open_only: true,
        } => (
            "t.owner_id = ? AND t.status = 'open'".into(),
            Order::Due,
            vec![Value::Integer(*owner)],
        ),
        Queue::Owner { owner, .. } => (
            "t.owner_id = ?".into(),
            Order::TimeLeft,
            vec![Value::Integer(*owner)],
        ),
        Queue::Owners(owners) => (
            format!(
                "t.status = 'open' AND {}",
                if owners.len() <= SMALL_TEAM {
                    HELD_BY
                } else {
                    HELD_BY_WALKING
                }
            ),
            Order::Due,
            vec![ids(owners)],
        ),
        // The window holds few tickets whoever holds them: read it by deadline.
        Queue::NearEscalation { owners } => {
            // From the deadlines not yet escalated, named: with the window's end bound as a
            // parameter SQLite would rather walk every open ticket in deadline order.
            let near = "t.id IN (SELECT id FROM tickets INDEXED BY tickets_to_escalate
                         WHERE status = 'open' AND escalated_at IS NULL AND due_at <= ? + ?)";
            let mut values = vec![Value::Integer(now), Value::Integer(lead)];
            match owners {
                Some(owners) => {
                    values.push(ids(owners));
                    (format!("{near} AND {HELD_BY_WALKING}"), Order::Due, values)
                }
                None => (near.into(), Order::Due, values),
            }
        }
        // Open and escalated, held by the team or held by it at the mark: a large team's walk
        // the escalations by when they came, a small one's are looked up by person.
        Queue::Escalated(owners) if owners.len() > SMALL_TEAM => (
            format!(
                "t.status = 'open' AND t.escalated_at IS NOT NULL
                 AND ({HELD_BY_WALKING} OR +t.escalated_from IN (SELECT value FROM json_each(?)))"
            ),
            Order::Escalated,
            vec![ids(owners), ids(owners)],
        ),
        Queue::Escalated(owners) => (
            "t.status = 'open' AND t.escalated_at IS NOT NULL AND t.id IN (
                 SELECT id FROM tickets INDEXED BY tickets_escalated_held
                     WHERE status = 'open' AND escalated_at IS NOT NULL
                     AND owner_id IN (SELECT value FROM json_each(?))
                 UNION SELECT id FROM tickets INDEXED BY tickets_escalated_from
                     WHERE status = 'open' AND escalated_at IS NOT NULL
                     AND escalated_from IN (SELECT value FROM json_each(?)))"
                .into(),
            Order::Escalated,
            vec![ids(owners), ids(owners)],
        ),
        Queue::All(filter) => {
            let (conditions, values) = listed(filter, now);
            (conditions, Order::TimeLeft, values)
        }
    }
}

/// The conditions of the list of all tickets, and the values they bind.
fn listed(f: &ListFilter, now: i64) -> (String, Vec<Value>) {
    let conditions = store::listed(f, now);
    let values = conditions
        .iter()
        .filter_map(|(_, v)| v.map(Value::Integer))
        .collect();
    let sql: Vec<&str> = std::iter::once("1")
        .chain(conditions.iter().map(|(c, _)| *c))
        .collect();
    (sql.join(" AND "), values)
}

/// The SQL an order sorts by.
fn order_by(o: Order) -> &'static str {
    match o {
        Order::TimeLeft => "t.status = 'resolved', t.due_at, t.id",
        Order::Due => "t.due_at, t.id",
        Order::Escalated => "t.escalated_at, t.id",
    }
}

/// A queue's tickets in its order (by time left; escalations by when they came), the first
/// `limit` or those after `after`, which starts the page at that ticket's listed sort keys (so
/// a page costs the same wherever it is).
pub fn queue(
    c: &Connection,
    q: &Queue,
    now: i64,
    lead: i64,
    limit: u32,
    after: Option<&After>,
) -> Result<Vec<Ticket>> {
    let (mut condition, order, mut values) = queue_sql(q, now, lead);
    let sorted = order_by(order);
    if let Some(anchor) = after {
        let key = order.key(anchor);
        let marks = vec!["?"; key.len()].join(", ");
        condition = format!("({condition}) AND ({sorted}) > ({marks})");
        values.extend(
            key.into_iter()
                .map(|k| k.map_or(Value::Null, Value::Integer)),
        );
    }
    values.push(Value::Integer(limit.into()));
    collect(
        c,
        &format!("{SELECT} WHERE {condition} ORDER BY {sorted} LIMIT ?"),
        params_from_iter(values),
    )
}

/// The per-person tally's `what` summed over `people` (migration 010).
pub fn tally(c: &Connection, what: Tallied, people: &[i64]) -> Result<u32> {
    Ok(c.prepare_cached(&format!(
        "SELECT coalesce(sum({}), 0) FROM tally
         WHERE person_id IN (SELECT value FROM json_each(?1))",
        what.column()
    ))?
    .query_row([ids(people)], |r| r.get(0))?)
}

/// Open escalations held by one of `team` and escalated from one of them, walking the index
/// of `walk`'s side.
pub fn escalated_within(c: &Connection, team: &[i64], walk: Tallied) -> Result<u32> {
    Ok(c.prepare_cached(&format!(
        "SELECT count(*) FROM tickets INDEXED BY tickets_{}
         WHERE status = 'open' AND escalated_at IS NOT NULL
           AND owner_id IN (SELECT value FROM json_each(?1))
           AND escalated_from IN (SELECT value FROM json_each(?1))",
        walk.column()
    ))?
    .query_row([ids(team)], |r| r.get(0))?)
}

/// The tickets matching a queue's condition, counted (the near window: its few index entries).
pub fn count_matching(c: &Connection, q: &Queue, now: i64, lead: i64) -> Result<u32> {
    let (condition, _, values) = queue_sql(q, now, lead);
    Ok(
        c.prepare_cached(&format!("SELECT count(*) FROM tickets t WHERE {condition}"))?
            .query_row(params_from_iter(values), |r| r.get(0))?,
    )
}

/// Full-text search; `query` is already an FTS5 expression.
/// The newest matches first, as on the server. Ranking would score every match of a common
/// prefix before showing any (2.2 s for one letter at a million tickets); walking the index
/// newest first stops at the limit.
pub fn search(c: &Connection, query: &str, limit: u32) -> Result<Vec<Ticket>> {
    collect(
        c,
        &format!(
            "{SELECT} JOIN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1
                            ORDER BY rowid DESC LIMIT ?2) s ON s.rowid = t.id
             ORDER BY t.id DESC"
        ),
        params![query, limit],
    )
}

/// The tickets of these customers: open ones first, then the newest.
pub fn of_customers(c: &Connection, customers: &[i64], limit: u32) -> Result<Vec<Ticket>> {
    collect(
        c,
        &format!(
            "{SELECT} WHERE t.customer_id IN (SELECT value FROM json_each(?1))
             ORDER BY t.status = 'open' DESC, t.created_at DESC, t.id DESC LIMIT ?2"
        ),
        params![ids(customers), limit],
    )
}

/// Resolved tickets `person` is to confirm the customer heard back about, soonest due first.
pub fn to_confirm(c: &Connection, person: i64, limit: u32) -> Result<Vec<Ticket>> {
    collect(
        c,
        &format!(
            "{SELECT}
             WHERE t.confirm_by = ?1 AND t.confirm_due_at IS NOT NULL
             ORDER BY t.confirm_due_at, t.id LIMIT ?2"
        ),
        params![person, limit],
    )
}

pub fn for_customer(c: &Connection, customer: i64, limit: u32) -> Result<Vec<TicketSummary>> {
    let rows = c
        .prepare_cached(
            "SELECT t.id, t.summary, t.status, t.created_at, o.name, t.resolved_at, t.merged_into
             FROM tickets t JOIN people o ON o.id = t.owner_id
             WHERE t.customer_id = ?1
             ORDER BY t.status = 'open' DESC, t.created_at DESC, t.id DESC LIMIT ?2",
        )?
        .query_map(params![customer, limit], |r| {
            Ok(TicketSummary {
                id: r.get(0)?,
                number: r.get(0)?,
                summary: r.get(1)?,
                status: status(&r.get::<_, String>(2)?),
                created_at: at(r.get(3)?),
                owner_name: r.get(4)?,
                resolved_at: r.get::<_, Option<i64>>(5)?.map(at),
                merged_into: r.get(6)?,
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

/// A customer's tickets, by number.
pub fn ids_for_customer(c: &Connection, customer: i64) -> Result<Vec<i64>> {
    let ids = c
        .prepare_cached("SELECT id FROM tickets WHERE customer_id = ?1 ORDER BY id")?
        .query_map([customer], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Replaces what these tickets say (summary, field values, resolution, small step, their
/// search text and their alerts' words) with tombstones, as their events were.
pub fn erase(c: &Connection, ids: &[i64]) -> Result<()> {
    let list = serde_json::to_string(ids).expect("ids serialise");
    let t = TOMBSTONE;
    c.execute(
        "UPDATE tickets SET summary = ?2,
             fields = (SELECT json_group_object(key, ?2) FROM json_each(tickets.fields)),
             resolution = CASE WHEN resolution IS NULL THEN NULL ELSE ?2 END,
             small_step = CASE WHEN small_step IS NULL THEN NULL ELSE ?2 END
         WHERE id IN (SELECT value FROM json_each(?1))",
        params![list, t],
    )?;
    c.execute(
        "UPDATE ticket_search SET summary = ?2, fields = '', notes = ''
         WHERE rowid IN (SELECT value FROM json_each(?1))",
        params![list, t],
    )?;
    c.execute(
        "UPDATE alerts SET title = '#' || ticket_id || ': details erased', body = ?2
         WHERE ticket_id IN (SELECT value FROM json_each(?1))",
        params![list, t],
    )?;
    Ok(())
}
