use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use crate::calendar::Hours;
use crate::error::Result;
use crate::policy::Policy;

const POLICY: &str = "policy";
const HOURS: &str = "hours";

/// A setting's value as stored (JSON), if it was ever set.
pub fn raw(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(
        c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

pub fn set_raw(c: &Connection, key: &str, json: &str) -> Result<()> {
    c.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, json],
    )?;
    Ok(())
}

/// A setting, or its default until it is set (or if what is stored no longer reads).
fn get<T: DeserializeOwned + Default>(c: &Connection, key: &str) -> Result<T> {
    Ok(raw(c, key)?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

fn set<T: Serialize>(c: &Connection, key: &str, value: &T) -> Result<()> {
    set_raw(
        c,
        key,
        &serde_json::to_string(value).expect("settings serialise"),
    )
}

pub fn policy(c: &Connection) -> Result<Policy> {
    get(c, POLICY)
}

/// Stores the policy and moves every open ticket's marks to match it.
pub fn set_policy(c: &Connection, p: &Policy) -> Result<()> {
    set(c, POLICY, p)?;
    c.execute(
        "UPDATE tickets SET due_at = clock_start + ?1 WHERE status = 'open' AND escalated_at IS NULL",
        [p.escalate_after_ms()],
    )?;
    // updated_at is the last activity: system notices do not move it.
    c.execute(
        "UPDATE tickets SET idle_due_at = updated_at + ?1 WHERE status = 'open' AND idle_due_at IS NOT NULL",
        [p.idle_ms()],
    )?;
    Ok(())
}

/// The desk's time zone and business day; UTC and 9:00–17:30 until set.
pub fn hours(c: &Connection) -> Result<Hours> {
    get(c, HOURS)
}

pub fn set_hours(c: &Connection, h: &Hours) -> Result<()> {
    set(c, HOURS, h)
}
