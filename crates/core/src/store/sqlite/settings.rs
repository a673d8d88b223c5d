use rusqlite::{params, Connection, OptionalExtension};

use crate::calendar::Hours;
use crate::error::Result;
use crate::policy::Policy;

const POLICY: &str = "policy";
const HOURS: &str = "hours";

pub fn policy(c: &Connection) -> Result<Policy> {
    let json: Option<String> = c
        .query_row("SELECT value FROM settings WHERE key = ?1", [POLICY], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// Stores the policy and moves every open ticket's marks to match it.
pub fn set_policy(c: &Connection, p: &Policy) -> Result<()> {
    let json = serde_json::to_string(p).expect("a policy serialises");
    c.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![POLICY, json],
    )?;
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
    let json: Option<String> = c
        .query_row("SELECT value FROM settings WHERE key = ?1", [HOURS], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub fn set_hours(c: &Connection, h: &Hours) -> Result<()> {
    let json = serde_json::to_string(h).expect("hours serialise");
    c.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![HOURS, json],
    )?;
    Ok(())
}
