use rusqlite::{params, Connection, Row};

use super::at;
use crate::alerts::Alert;
use crate::deadlines::Due;
use crate::error::Result;

pub fn insert(
    c: &Connection,
    person: i64,
    ticket: i64,
    due: Due,
    title: &str,
    body: &str,
    now: i64,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO alerts (person_id, ticket_id, due, title, body, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![person, ticket, due.as_str(), title, body, now])?;
    Ok(c.last_insert_rowid())
}

fn from_row(r: &Row) -> rusqlite::Result<Alert> {
    Ok(Alert {
        id: r.get(0)?,
        person_id: r.get(1)?,
        ticket_id: r.get(2)?,
        due: Due::parse(&r.get::<_, String>(3)?),
        title: r.get(4)?,
        body: r.get(5)?,
        at: at(r.get(6)?),
        read: r.get(7)?,
    })
}

const COLUMNS: &str = "id, person_id, ticket_id, due, title, body, at, read_at IS NOT NULL";

/// A person's alerts, newest first.
pub fn for_person(c: &Connection, person: i64, limit: u32) -> Result<Vec<Alert>> {
    let rows = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM alerts WHERE person_id = ?1 ORDER BY id DESC LIMIT ?2"
        ))?
        .query_map(params![person, limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every alert after `cursor`, oldest first.
pub fn after(c: &Connection, cursor: i64, limit: u32) -> Result<Vec<Alert>> {
    let rows = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM alerts WHERE id > ?1 ORDER BY id LIMIT ?2"
        ))?
        .query_map(params![cursor, limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn last_id(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT coalesce(max(id), 0) FROM alerts", [], |r| r.get(0))?)
}

pub fn mark_read(c: &Connection, person: i64, ids: &[i64], now: i64) -> Result<usize> {
    let list = serde_json::to_string(ids).expect("ids serialise");
    Ok(c.execute(
        "UPDATE alerts SET read_at = ?3 WHERE person_id = ?1 AND read_at IS NULL
             AND id IN (SELECT value FROM json_each(?2))",
        params![person, list, now],
    )?)
}

pub fn unread_count(c: &Connection, person: i64) -> Result<u32> {
    Ok(
        // Named: SQLite would otherwise walk every alert the person ever had.
        c.prepare_cached(
            "SELECT count(*) FROM alerts INDEXED BY alerts_unread
             WHERE person_id = ?1 AND read_at IS NULL",
        )?
        .query_row([person], |r| r.get(0))?,
    )
}
