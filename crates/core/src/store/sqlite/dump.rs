//! A desk file read whole, for `baton migrate`.

use rusqlite::Connection;

use super::{categories, events, SqliteStore};
use crate::error::{Error, Result};
use crate::people::{Person, Role};
use crate::store::dump::{Alert, CustomerRow, Dump, Escalation, PersonRow, Ticket};

impl SqliteStore {
    /// Every row of the desk, from one snapshot.
    pub fn dump(&mut self) -> Result<Dump> {
        self.read_tx(|c| {
            let mut events = Vec::new();
            let mut unreadable = None;
            events::walk(c, |row| match row {
                Ok(link) => {
                    events.push(link);
                    true
                }
                Err((id, _, problem)) => {
                    unreadable = Some(format!("event {id}: {problem}"));
                    false
                }
            })?;
            if let Some(problem) = unreadable {
                return Err(Error::Invalid(format!(
                    "the desk cannot be moved as it is ({problem}); run verify"
                )));
            }
            Ok(Dump {
                people: people(c)?,
                customers: customers(c)?,
                categories: categories::all(c)?,
                tickets: tickets(c)?,
                events,
                alerts: alerts(c)?,
                escalations: rows(
                    c,
                    "SELECT ticket_id, cycle, event_id FROM escalations",
                    |r| {
                        Ok(Escalation {
                            ticket_id: r.get(0)?,
                            cycle: r.get(1)?,
                            event_id: r.get(2)?,
                        })
                    },
                )?,
                requests: rows(c, "SELECT key, ticket_id, at FROM requests", |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?,
                settings: rows(c, "SELECT key, value FROM settings", |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?,
            })
        })
    }
}

fn rows<T>(
    c: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    Ok(c.prepare(sql)?
        .query_map([], f)?
        .collect::<rusqlite::Result<_>>()?)
}

fn people(c: &Connection) -> Result<Vec<PersonRow>> {
    rows(
        c,
        "SELECT id, name, role, reports_to, active, pin_hash IS NOT NULL, created_at
         FROM people ORDER BY id",
        |r| {
            Ok(PersonRow {
                person: Person {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get::<_, String>(2)?.parse().unwrap_or(Role::Rep),
                    reports_to: r.get(3)?,
                    active: r.get(4)?,
                    has_pin: r.get(5)?,
                },
                created_at: r.get(6)?,
            })
        },
    )
}

fn customers(c: &Connection) -> Result<Vec<CustomerRow>> {
    let mut found = rows(
        c,
        "SELECT id, name, notes, created_at, erased_at FROM customers ORDER BY id",
        |r| {
            Ok(CustomerRow {
                id: r.get(0)?,
                name: r.get(1)?,
                notes: r.get(2)?,
                created_at: r.get(3)?,
                erased_at: r.get(4)?,
                phones: vec![],
                emails: vec![],
            })
        },
    )?;
    let mut phones = c.prepare(
        "SELECT phone, shown FROM customer_phones WHERE customer_id = ?1 ORDER BY rowid",
    )?;
    let mut emails =
        c.prepare("SELECT email FROM customer_emails WHERE customer_id = ?1 ORDER BY rowid")?;
    for k in &mut found {
        k.phones = phones
            .query_map([k.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        k.emails = emails
            .query_map([k.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(found)
}

fn tickets(c: &Connection) -> Result<Vec<Ticket>> {
    rows(
        c,
        "SELECT t.id, t.customer_id, t.category_id, t.summary, t.fields, t.channel,
             t.intake_rep_id, t.created_at, t.small_step, t.realtime_offered,
             t.realtime_taken, t.version, t.updated_at, t.updated_by, coalesce(s.fields, ''),
             coalesce(s.notes, ''), t.repeat_of
         FROM tickets t LEFT JOIN ticket_search s ON s.rowid = t.id ORDER BY t.id",
        |r| {
            Ok(Ticket {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                category_id: r.get(2)?,
                summary: r.get(3)?,
                fields: r.get(4)?,
                channel: r.get(5)?,
                intake_rep_id: r.get(6)?,
                created_at: r.get(7)?,
                small_step: r.get(8)?,
                realtime_offered: r.get(9)?,
                realtime_taken: r.get(10)?,
                version: r.get(11)?,
                updated_at: r.get(12)?,
                updated_by: r.get(13)?,
                field_text: r.get(14)?,
                notes: r.get(15)?,
                repeat_of: r.get(16)?,
                state: super::tickets::state(c, r.get(0)?)
                    .map_err(|_| rusqlite::Error::InvalidQuery)?,
            })
        },
    )
}

fn alerts(c: &Connection) -> Result<Vec<Alert>> {
    rows(
        c,
        "SELECT id, person_id, ticket_id, due, title, body, at, read_at FROM alerts ORDER BY id",
        |r| {
            Ok(Alert {
                id: r.get(0)?,
                person_id: r.get(1)?,
                ticket_id: r.get(2)?,
                due: crate::deadlines::Due::parse(&r.get::<_, String>(3)?),
                title: r.get(4)?,
                body: r.get(5)?,
                at: r.get(6)?,
                read_at: r.get(7)?,
            })
        },
    )
}
