use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::auth::PinState;
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
