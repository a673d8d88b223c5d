use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::people::{Person, Role};

const COLUMNS: &str = "id, name, role, reports_to, active, pin_hash IS NOT NULL";

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    let role: String = r.get(2)?;
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        role: role.parse().unwrap_or(Role::Rep),
        reports_to: r.get(3)?,
        active: r.get(4)?,
        has_pin: r.get(5)?,
    })
}

pub fn insert(
    c: &Connection,
    name: &str,
    role: Role,
    reports_to: Option<i64>,
    pin_hash: Option<&str>,
    now: i64,
) -> Result<i64> {
    if find_by_name(c, name)?.is_some() {
        return Err(Error::Conflict(format!(
            "there is already a person named {name}"
        )));
    }
    c.execute(
        "INSERT INTO people (name, role, reports_to, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, role.as_str(), reports_to, pin_hash, now],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn get(c: &Connection, id: i64) -> Result<Person> {
    c.query_row(
        &format!("SELECT {COLUMNS} FROM people WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("person", id))
}

pub fn find_by_name(c: &Connection, name: &str) -> Result<Option<Person>> {
    Ok(c.query_row(
        &format!("SELECT {COLUMNS} FROM people WHERE name = ?1 COLLATE NOCASE"),
        [name.trim()],
        from_row,
    )
    .optional()?)
}

pub fn all(c: &Connection) -> Result<Vec<Person>> {
    let mut stmt = c.prepare(&format!(
        "SELECT {COLUMNS} FROM people ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?)
}

/// Everyone above the person, nearest first.
pub fn ancestors(c: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = c.prepare_cached(
        "WITH RECURSIVE up(id, depth) AS (
             SELECT reports_to, 1 FROM people WHERE id = ?1
             UNION ALL
             SELECT p.reports_to, up.depth + 1 FROM people p JOIN up ON p.id = up.id
             WHERE up.depth < 64
         )
         SELECT id FROM up WHERE id IS NOT NULL ORDER BY depth",
    )?;
    let ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Everyone below the person (not the person themself).
pub fn subtree(c: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = c.prepare_cached(
        "WITH RECURSIVE down(id, depth) AS (
             SELECT id, 1 FROM people WHERE reports_to = ?1
             UNION ALL
             SELECT p.id, down.depth + 1 FROM people p JOIN down ON p.reports_to = down.id
             WHERE down.depth < 64
         )
         SELECT id FROM down",
    )?;
    let ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The active root of the tree, preferring an executive: who receives escalations by default.
pub fn root(c: &Connection) -> Result<Option<Person>> {
    Ok(c.query_row(
        &format!(
            "SELECT {COLUMNS} FROM people WHERE reports_to IS NULL AND active = 1
             ORDER BY role = 'executive' DESC, id LIMIT 1"
        ),
        [],
        from_row,
    )
    .optional()?)
}

pub struct PinState {
    pub hash: Option<String>,
    pub failed: i64,
    pub locked_until: Option<i64>,
}

pub fn pin_state(c: &Connection, id: i64) -> Result<PinState> {
    c.query_row(
        "SELECT pin_hash, failed_pins, locked_until FROM people WHERE id = ?1",
        [id],
        |r| {
            Ok(PinState {
                hash: r.get(0)?,
                failed: r.get(1)?,
                locked_until: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("person", id))
}

pub fn set_pin_state(
    c: &Connection,
    id: i64,
    failed: i64,
    locked_until: Option<i64>,
) -> Result<()> {
    c.execute(
        "UPDATE people SET failed_pins = ?2, locked_until = ?3 WHERE id = ?1",
        params![id, failed, locked_until],
    )?;
    Ok(())
}

pub fn set_pin_hash(c: &Connection, id: i64, hash: &str) -> Result<()> {
    c.execute(
        "UPDATE people SET pin_hash = ?2, failed_pins = 0, locked_until = NULL WHERE id = ?1",
        params![id, hash],
    )?;
    Ok(())
}

pub fn set_reports_to(c: &Connection, id: i64, boss: i64) -> Result<()> {
    c.execute(
        "UPDATE people SET reports_to = ?2 WHERE id = ?1",
        params![id, boss],
    )?;
    Ok(())
}

pub fn set_active(c: &Connection, id: i64, active: bool) -> Result<()> {
    c.execute(
        "UPDATE people SET active = ?2 WHERE id = ?1",
        params![id, active],
    )?;
    Ok(())
}
