//! Each primitive of the store surface as PostgreSQL SQL, inside one transaction.

use chrono::{DateTime, Utc};
use postgres::types::ToSql;
use postgres::{Row, Transaction};
use std::collections::{BTreeMap, HashMap};

use crate::alerts::Alert;
use crate::audit::ChainHead;
use crate::calendar::Hours;
use crate::categories::{Category, FieldDef};
use crate::customers::{CleanCustomer, Customer, Lookup};
use crate::deadlines::Due;
use crate::error::{Error, Result};
use crate::events::{Event, EventData, EventKind, EventRecord, LinkRow, StoredLink};
use crate::machine::{Change, NewTicket, State};
use crate::people::{Person, Role};
use crate::policy::Policy;
use crate::privacy::TOMBSTONE;
use crate::replay;
use crate::reports::trends::QUARTER_HOUR_MS;
use crate::reports::{FeedbackEntry, ResolvedRow};
use crate::store::tx::{Party, Tallied, TicketRead, Tx};
use crate::store::{self, at, at_opt, Order, Queue, RowRead, SignInContext};
use crate::tickets::{folded, indexed, After, ListFilter, Status, Ticket, TicketSummary};

/// A transaction on the server, and whether it writes (a writing one locks the rows it reads
/// to change).
pub struct Pg<'a, 'b>(pub &'a mut Transaction<'b>, pub bool);

const PEOPLE: &str = "SELECT id, name, role, reports_to, active, has_pin FROM people";

fn person(r: &Row) -> Person {
    Person {
        id: r.get(0),
        name: r.get(1),
        role: r.get::<_, String>(2).parse().unwrap_or(Role::Rep),
        reports_to: r.get(3),
        active: r.get(4),
        has_pin: r.get(5),
    }
}

/// A ticket's columns (read by `ticket`), and the tables they come from.
const TICKET_COLUMNS: &str = "t.id, t.customer_id, cu.name, t.category_id, ca.name, t.summary,
    t.fields, t.channel, t.intake_rep_id, t.created_at, t.owner_id, o.name, t.owner_since,
    t.status, t.due_at, t.warned_at, t.escalated_at, t.tickle_at, t.resolved_at, t.resolution,
    t.promise_at, t.small_step, t.realtime_offered, t.realtime_taken, t.version, t.updated_at,
    t.merged_into, t.confirm_by, t.confirm_due_at, t.confirmed_at";
const TICKET_TABLES: &str = "tickets t
    JOIN customers cu ON cu.id = t.customer_id
    JOIN categories ca ON ca.id = t.category_id
    JOIN people o ON o.id = t.owner_id";

fn status(s: &str) -> Status {
    if s == "resolved" {
        Status::Resolved
    } else {
        Status::Open
    }
}

fn ticket(r: &Row) -> Ticket {
    let id: i64 = r.get(0);
    Ticket {
        id,
        number: id,
        customer_id: r.get(1),
        customer_name: r.get(2),
        category_id: r.get(3),
        category_name: r.get(4),
        summary: r.get(5),
        fields: serde_json::from_str(r.get::<_, &str>(6)).unwrap_or_default(),
        channel: r.get(7),
        intake_rep_id: r.get(8),
        created_at: at(r.get(9)),
        owner_id: r.get(10),
        owner_name: r.get(11),
        owner_since: at(r.get(12)),
        status: status(r.get(13)),
        due_at: at(r.get(14)),
        warned_at: at_opt(r.get(15)),
        escalated_at: at_opt(r.get(16)),
        tickle_at: at_opt(r.get(17)),
        resolved_at: at_opt(r.get(18)),
        resolution: r.get(19),
        promise_at: at(r.get(20)),
        small_step: r.get(21),
        realtime_offered: r.get(22),
        realtime_taken: r.get(23),
        version: r.get(24),
        updated_at: at(r.get(25)),
        merged_into: r.get(26),
        confirm_by: r.get(27),
        confirm_due_at: at_opt(r.get(28)),
        confirmed_at: at_opt(r.get(29)),
    }
}

const NAMED: &str =
    "SELECT e.id, coalesce(e.ticket_id, 0), e.kind, e.at, e.actor_id, a.name, e.from_id, f.name,
            e.to_id, t.name, e.text, e.tickle_at, e.delighted, e.data
     FROM events e
     LEFT JOIN people a ON a.id = e.actor_id
     LEFT JOIN people f ON f.id = e.from_id
     LEFT JOIN people t ON t.id = e.to_id";

fn event(r: &Row) -> Event {
    Event {
        id: r.get(0),
        ticket_id: r.get(1),
        kind: EventKind::parse(r.get(2)).unwrap_or(EventKind::Note),
        at: at(r.get(3)),
        actor_id: r.get(4),
        actor_name: r.get(5),
        from_id: r.get(6),
        from_name: r.get(7),
        to_id: r.get(8),
        to_name: r.get(9),
        text: r.get(10),
        tickle_at: at_opt(r.get(11)),
        delighted: r.get(12),
        data: EventData::parse(r.get(13)),
    }
}

const LINKS: &str = "SELECT id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
    delighted, held_ms, data, prev_hash, hash FROM events";

/// An event as hashed, with its id.
fn record(r: &Row) -> (i64, EventRecord) {
    let l = link(r);
    (l.id, l.record)
}

fn link(r: &Row) -> StoredLink {
    StoredLink {
        id: r.get(0),
        record: EventRecord {
            ticket_id: r.get(1),
            // Unknown kinds hash as "?", so an edited kind breaks the chain rather than hiding.
            kind: EventKind::parse(r.get(2)).map_or("?", EventKind::as_str),
            at_ms: r.get(3),
            actor_id: r.get(4),
            from_id: r.get(5),
            to_id: r.get(6),
            text: r.get(7),
            tickle_at_ms: r.get(8),
            delighted: r.get(9),
            held_ms: r.get(10),
            data: r.get(11),
        },
        prev_hash: r.get(12),
        hash: r.get(13),
    }
}

const ALERTS: &str = "SELECT id, person_id, ticket_id, due, title, body, at, read_at IS NOT NULL
    FROM alerts";

fn alert(r: &Row) -> Alert {
    Alert {
        id: r.get(0),
        person_id: r.get(1),
        ticket_id: r.get(2),
        due: Due::parse(r.get(3)),
        title: r.get(4),
        body: r.get(5),
        at: at(r.get(6)),
        read: r.get(7),
    }
}

/// A queue's condition and order, with its values bound from `$1`.
fn queue_sql(q: &Queue, now: i64, lead: i64) -> (String, Order, Vec<Box<dyn ToSql + Sync>>) {
    match q {
        Queue::Owner {
            owner,
            open_only: true,
        } => (
            "t.owner_id = $1 AND t.status = 'open'".into(),
            Order::Due,
            vec![Box::new(*owner)],
        ),
        Queue::Owner { owner, .. } => (
            "t.owner_id = $1".into(),
            Order::TimeLeft,
            vec![Box::new(*owner)],
        ),
        Queue::Owners(owners) => (
            "t.status = 'open' AND t.owner_id = ANY($1)".into(),
            Order::Due,
            vec![Box::new(owners.clone())],
        ),
        Queue::NearEscalation { owners } => {
            let near =
                "t.status = 'open' AND t.escalated_at IS NULL AND t.due_at <= $1::bigint + $2::bigint";
            let mut values: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(now), Box::new(lead)];
            match owners {
                Some(owners) => {
                    values.push(Box::new(owners.clone()));
                    (
                        format!("{near} AND t.owner_id = ANY($3)"),
                        Order::Due,
                        values,
                    )
                }
                None => (near.into(), Order::Due, values),
            }
        }
        Queue::Escalated(owners) => (
            "t.status = 'open' AND t.escalated_at IS NOT NULL
             AND (t.owner_id = ANY($1) OR t.escalated_from = ANY($1))"
                .into(),
            Order::Escalated,
            vec![Box::new(owners.clone())],
        ),
        Queue::All(filter) => {
            let (conditions, values) = listed(filter, now);
            (conditions, Order::TimeLeft, values)
        }
    }
}

/// The conditions of the list of all tickets, with their values bound from `$1`.
fn listed(f: &ListFilter, now: i64) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let mut values: Vec<Box<dyn ToSql + Sync>> = vec![];
    let mut sql = vec!["TRUE".to_string()];
    for (condition, value) in store::listed(f, now) {
        if let Some(v) = value {
            values.push(Box::new(v));
            sql.push(condition.replace('?', &format!("${}", values.len())));
        } else {
            sql.push(condition.to_string());
        }
    }
    (sql.join(" AND "), values)
}

/// The SQL an order sorts by (as SQLite's, the status compared as a number).
fn order_by(o: Order) -> &'static str {
    match o {
        Order::TimeLeft => "(t.status = 'resolved')::int, t.due_at, t.id",
        Order::Due => "t.due_at, t.id",
        Order::Escalated => "t.escalated_at, t.id",
    }
}

fn refs(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v.as_ref()).collect()
}

impl Pg<'_, '_> {
    fn ids(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<i64>> {
        Ok(self
            .0
            .query(sql, params)?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn tickets(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Ticket>> {
        Ok(self.0.query(sql, params)?.iter().map(ticket).collect())
    }

    fn setting<T: serde::de::DeserializeOwned + Default>(&mut self, key: &str) -> Result<T> {
        Ok(self
            .setting_json(key)?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    fn set_setting<T: serde::Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        self.set_setting_json(
            key,
            &serde_json::to_string(value).expect("settings serialise"),
        )
    }

    fn counts(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<HashMap<i64, u32>> {
        Ok(self
            .0
            .query(sql, params)?
            .iter()
            .map(|r| (r.get(0), r.get::<_, i64>(1) as u32))
            .collect())
    }
}

impl Tx for Pg<'_, '_> {
    fn people(&mut self) -> Result<Vec<Person>> {
        Ok(self
            .0
            .query(&format!("{PEOPLE} ORDER BY lower(name), id"), &[])?
            .iter()
            .map(person)
            .collect())
    }

    fn person(&mut self, id: i64) -> Result<Person> {
        self.0
            .query_opt(&format!("{PEOPLE} WHERE id = $1"), &[&id])?
            .map(|r| person(&r))
            .ok_or_else(|| Error::not_found("person", id))
    }

    fn sign_in(&mut self, person: i64, pin: &str, now: DateTime<Utc>) -> Result<Result<Person>> {
        let who = self.person(person)?;
        let said: String = self
            .0
            .query_one(
                "SELECT baton_sign_in($1, $2, $3)",
                &[&person, &pin, &now.timestamp_millis()],
            )?
            .get(0);
        Ok(match said.as_str() {
            "ok" => Ok(who),
            "inactive" => Err(Error::Forbidden(format!(
                "{} is no longer active",
                who.name
            ))),
            "no_pin" => Err(Error::NoPin(who.name)),
            "wrong" => Err(Error::WrongPin(who.name)),
            locked => match locked.strip_prefix("locked:").and_then(|u| u.parse().ok()) {
                Some(until) => Err(Error::LockedOut {
                    name: who.name,
                    until: at(until),
                }),
                None => Err(Error::Storage(format!("sign-in answered '{locked}'"))),
            },
        })
    }

    fn sign_in_context(&mut self, _person: i64, _now: DateTime<Utc>) -> Result<SignInContext> {
        Err(Error::Invalid(
            "a shared desk's PINs are checked on its server, which never hands them out".into(),
        ))
    }

    fn set_pin(&mut self, id: i64, pin: &str) -> Result<()> {
        self.0
            .execute("SELECT baton_set_pin($1, $2)", &[&id, &pin])?;
        Ok(())
    }

    fn insert_person(
        &mut self,
        name: &str,
        role: Role,
        reports_to: Option<i64>,
        pin: Option<&str>,
        now: i64,
    ) -> Result<i64> {
        let taken = self.0.query_opt(
            "SELECT 1 FROM people WHERE lower(name) = lower($1)",
            &[&name],
        )?;
        if taken.is_some() {
            return Err(Error::Conflict(format!(
                "there is already a person named {name}"
            )));
        }
        let id: i64 = self
            .0
            .query_one(
                "INSERT INTO people (name, role, reports_to, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
                &[&name, &role.as_str(), &reports_to, &now],
            )?
            .get(0);
        if let Some(pin) = pin {
            self.set_pin(id, pin)?;
        }
        Ok(id)
    }

    fn set_reports_to(&mut self, id: i64, boss: i64) -> Result<()> {
        self.0.execute(
            "UPDATE people SET reports_to = $2 WHERE id = $1",
            &[&id, &boss],
        )?;
        Ok(())
    }

    fn set_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.0.execute(
            "UPDATE people SET active = $2 WHERE id = $1",
            &[&id, &active],
        )?;
        Ok(())
    }

    fn categories(&mut self) -> Result<Vec<Category>> {
        let rows = self.0.query(
            "SELECT id, name, default_owner_id, realtime, small_steps FROM categories
             ORDER BY lower(name), id",
            &[],
        )?;
        let mut cats: Vec<Category> = rows
            .iter()
            .map(|r| Category {
                id: r.get(0),
                name: r.get(1),
                fields: vec![],
                default_owner_id: r.get(2),
                realtime: r.get(3),
                small_steps: serde_json::from_str(r.get::<_, &str>(4)).unwrap_or_default(),
            })
            .collect();
        let fields = self.0.query(
            "SELECT category_id, key, label, required FROM category_fields
             ORDER BY category_id, position",
            &[],
        )?;
        for f in &fields {
            let owner: i64 = f.get(0);
            if let Some(cat) = cats.iter_mut().find(|c| c.id == owner) {
                cat.fields.push(FieldDef {
                    key: f.get(1),
                    label: f.get(2),
                    required: f.get(3),
                });
            }
        }
        Ok(cats)
    }

    fn category(&mut self, id: i64) -> Result<Category> {
        self.categories()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::not_found("category", id))
    }

    fn insert_category(&mut self, c: &Category) -> Result<i64> {
        let taken = self.0.query_opt(
            "SELECT 1 FROM categories WHERE lower(name) = lower($1)",
            &[&c.name],
        )?;
        if taken.is_some() {
            return Err(Error::Conflict(format!(
                "there is already a category named {}",
                c.name
            )));
        }
        let steps = serde_json::to_string(&c.small_steps).expect("steps serialise");
        let id: i64 = self
            .0
            .query_one(
                "INSERT INTO categories (name, default_owner_id, realtime, small_steps)
                 VALUES ($1, $2, $3, $4) RETURNING id",
                &[&c.name, &c.default_owner_id, &c.realtime, &steps],
            )?
            .get(0);
        for (i, f) in c.fields.iter().enumerate() {
            self.0.execute(
                "INSERT INTO category_fields (category_id, position, key, label, required)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&id, &(i as i64), &f.key, &f.label, &f.required],
            )?;
        }
        Ok(id)
    }

    fn policy(&mut self) -> Result<Policy> {
        self.setting("policy")
    }

    fn set_policy(&mut self, p: &Policy) -> Result<()> {
        self.set_setting("policy", p)?;
        self.0.execute(
            "UPDATE tickets SET due_at = clock_start + $1
             WHERE status = 'open' AND escalated_at IS NULL",
            &[&p.escalate_after_ms()],
        )?;
        // updated_at is the last activity: system notices do not move it.
        self.0.execute(
            "UPDATE tickets SET idle_due_at = updated_at + $1
             WHERE status = 'open' AND idle_due_at IS NOT NULL",
            &[&p.idle_ms()],
        )?;
        Ok(())
    }

    fn hours(&mut self) -> Result<Hours> {
        self.setting("hours")
    }

    fn set_hours(&mut self, h: &Hours) -> Result<()> {
        self.set_setting("hours", h)
    }

    fn setting_json(&mut self, key: &str) -> Result<Option<String>> {
        let row = self
            .0
            .query_opt("SELECT value FROM settings WHERE key = $1", &[&key])?;
        Ok(row.map(|r| r.get(0)))
    }

    fn set_setting_json(&mut self, key: &str, json: &str) -> Result<()> {
        self.0.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &json],
        )?;
        Ok(())
    }

    fn customer(&mut self, id: i64) -> Result<Customer> {
        let r = self
            .0
            .query_opt("SELECT name, notes FROM customers WHERE id = $1", &[&id])?
            .ok_or_else(|| Error::not_found("customer", id))?;
        let phones = self
            .0
            .query(
                "SELECT shown FROM customer_phones WHERE customer_id = $1 ORDER BY id",
                &[&id],
            )?
            .iter()
            .map(|p| p.get(0))
            .collect();
        let emails = self
            .0
            .query(
                "SELECT email FROM customer_emails WHERE customer_id = $1 ORDER BY id",
                &[&id],
            )?
            .iter()
            .map(|e| e.get(0))
            .collect();
        Ok(Customer {
            id,
            name: r.get(0),
            phones,
            emails,
            notes: r.get(1),
        })
    }

    fn contact_owner(
        &mut self,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<Option<(i64, String)>> {
        Ok(self
            .0
            .query_opt(
                "SELECT c.id, c.name FROM customers c WHERE c.id IN (
                     SELECT customer_id FROM customer_phones WHERE phone = $1
                     UNION SELECT customer_id FROM customer_emails WHERE email = $2)
                 LIMIT 1",
                &[&phone, &email],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn insert_customer(&mut self, c: &CleanCustomer, now: i64) -> Result<i64> {
        let id: i64 = self
            .0
            .query_one(
                "INSERT INTO customers (name, notes, created_at) VALUES ($1, $2, $3) RETURNING id",
                &[&c.name, &c.notes, &now],
            )?
            .get(0);
        for (digits, shown) in &c.phones {
            self.0.execute(
                "INSERT INTO customer_phones (customer_id, phone, shown) VALUES ($1, $2, $3)",
                &[&id, digits, shown],
            )?;
        }
        for email in &c.emails {
            self.0.execute(
                "INSERT INTO customer_emails (customer_id, email) VALUES ($1, $2)",
                &[&id, email],
            )?;
        }
        Ok(id)
    }

    fn find_customers(&mut self, lookup: &Lookup, limit: u32) -> Result<Vec<i64>> {
        let limit = i64::from(limit);
        let escape = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        };
        match lookup {
            // Exact number first, then numbers that start with what was typed.
            Lookup::Phone(digits) => self.ids(
                "SELECT customer_id FROM customer_phones WHERE phone LIKE $1 || '%'
                 GROUP BY customer_id ORDER BY min(length(phone)), customer_id LIMIT $2",
                &[&escape(digits), &limit],
            ),
            Lookup::Email(email) => self.ids(
                "SELECT customer_id FROM customer_emails WHERE email LIKE $1 || '%'
                 GROUP BY customer_id ORDER BY min(length(email)), customer_id LIMIT $2",
                &[&escape(email), &limit],
            ),
            // Every word of the query as the start of a word of the name, from the index.
            Lookup::Name(name) => {
                let words: Vec<String> = crate::tickets::words(name)
                    .map(|w| format!("{}:*", folded(w)))
                    .collect();
                if words.is_empty() {
                    return Ok(vec![]);
                }
                self.ids(
                    "SELECT id FROM customers WHERE name_words @@ to_tsquery('simple', $1)
                     ORDER BY lower(name), id LIMIT $2",
                    &[&words.join(" & "), &limit],
                )
            }
        }
    }

    fn customer_erased(&mut self, id: i64) -> Result<bool> {
        Ok(self
            .0
            .query_one(
                "SELECT erased_at IS NOT NULL FROM customers WHERE id = $1",
                &[&id],
            )?
            .get(0))
    }

    fn erase_customer(&mut self, id: i64, name: &str, now: i64) -> Result<()> {
        self.0.execute(
            "UPDATE customers SET name = $2, notes = '', erased_at = $3 WHERE id = $1",
            &[&id, &name, &now],
        )?;
        self.0
            .execute("DELETE FROM customer_phones WHERE customer_id = $1", &[&id])?;
        self.0
            .execute("DELETE FROM customer_emails WHERE customer_id = $1", &[&id])?;
        Ok(())
    }

    fn set_customer_notes(&mut self, id: i64, notes: &str) -> Result<()> {
        self.0.execute(
            "UPDATE customers SET notes = $2 WHERE id = $1",
            &[&id, &notes],
        )?;
        Ok(())
    }

    fn ticket(&mut self, id: i64) -> Result<Ticket> {
        self.0
            .query_opt(
                &format!("SELECT {TICKET_COLUMNS} FROM {TICKET_TABLES} WHERE t.id = $1"),
                &[&id],
            )?
            .map(|r| ticket(&r))
            .ok_or_else(|| Error::not_found("ticket", format!("#{id}")))
    }

    fn ticket_for_rules(&mut self, id: i64) -> Result<TicketRead> {
        // A writer locks the row first, on its own: a concurrent change to this ticket waits for
        // it to commit, and the read below then sees the row as it is. (Locked through the join,
        // a row whose owner just changed would no longer match the owner it was joined with.)
        if self.1 {
            self.0
                .execute("SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE", &[&id])?;
        }
        let r = self
            .0
            .query_opt(
                // Beyond the ticket: its clock start, cycle and idle mark (30–32), who last
                // changed it (33), when its newest event was (34), its promise's marks
                // (35–37) and who held it at the mark (38).
                &format!(
                    "SELECT {TICKET_COLUMNS}, t.clock_start, t.cycle, t.idle_due_at, changer.name,
                         (SELECT e.at FROM events e WHERE e.ticket_id = t.id
                          ORDER BY e.id DESC LIMIT 1),
                         t.first_promise_at, t.promise_alert_at, t.promise_broken,
                         t.escalated_from
                     FROM {TICKET_TABLES} LEFT JOIN people changer ON changer.id = t.updated_by
                     WHERE t.id = $1"
                ),
                &[&id],
            )?
            .ok_or_else(|| Error::not_found("ticket", format!("#{id}")))?;
        let ticket = ticket(&r);
        Ok(TicketRead {
            state: State {
                owner_id: ticket.owner_id,
                owner_since: r.get(12),
                status: ticket.status,
                clock_start: r.get(30),
                cycle: r.get(31),
                due_at: r.get(14),
                warned_at: r.get(15),
                escalated_at: r.get(16),
                tickle_at: r.get(17),
                idle_due_at: r.get(32),
                resolved_at: r.get(18),
                resolution: ticket.resolution.clone(),
                promise_at: r.get(20),
                first_promise_at: r.get(35),
                promise_alert_at: r.get(36),
                promise_broken: r.get(37),
                merged_into: ticket.merged_into,
                escalated_from: r.get(38),
                confirm_by: ticket.confirm_by,
                confirm_due_at: r.get(28),
                confirmed_at: r.get(29),
            },
            last_changed_by: r.get(33),
            last_event_at: r.get(34),
            ticket,
        })
    }

    fn insert_ticket(&mut self, t: &NewTicket) -> Result<i64> {
        let fields = serde_json::to_string(&t.fields).expect("fields serialise");
        let values: Vec<&str> = t.fields.values().map(String::as_str).collect();
        let s = &t.state;
        Ok(self
            .0
            .query_one(
                "INSERT INTO tickets (customer_id, category_id, summary, fields, channel,
                     intake_rep_id, created_at, owner_id, owner_since, status, clock_start, cycle,
                     due_at, idle_due_at, promise_at, small_step, realtime_offered, realtime_taken,
                     updated_at, updated_by, search, promise_alert_at, repeat_of)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12, $13, $14, $15,
                     $16, $17, $7, $6, to_tsvector('simple', $18), $19, $20)
                 RETURNING id",
                &[
                    &t.customer_id,
                    &t.category_id,
                    &t.summary,
                    &fields,
                    &t.channel,
                    &t.intake_rep_id,
                    &t.event.at_ms,
                    &s.owner_id,
                    &s.owner_since,
                    &s.clock_start,
                    &s.cycle,
                    &s.due_at,
                    &s.idle_due_at,
                    &s.promise_at,
                    &t.small_step,
                    &t.realtime_offered,
                    &t.realtime_taken,
                    &indexed(&format!("{} {}", t.summary, values.join(" "))),
                    &s.promise_alert_at,
                    &t.repeat_of,
                ],
            )?
            .get(0))
    }

    fn set_state(&mut self, id: i64, change: &Change) -> Result<()> {
        let s = &change.state;
        self.0.execute(
            "UPDATE tickets SET owner_id = $2, owner_since = $3, status = $4, clock_start = $5,
                 cycle = $6, due_at = $7, warned_at = $8, escalated_at = $9, tickle_at = $10,
                 idle_due_at = $11, resolved_at = $12, resolution = $13, promise_at = $17,
                 first_promise_at = $18, promise_alert_at = $19, promise_broken = $20,
                 merged_into = $21, escalated_from = $22, confirm_by = $23, confirm_due_at = $24,
                 confirmed_at = $25,
                 version = version + CASE WHEN $14 THEN 1 ELSE 0 END,
                 updated_at = CASE WHEN $14 THEN $15 ELSE updated_at END,
                 updated_by = CASE WHEN $14 THEN $16 ELSE updated_by END
             WHERE id = $1",
            &[
                &id,
                &s.owner_id,
                &s.owner_since,
                &s.status.as_str(),
                &s.clock_start,
                &s.cycle,
                &s.due_at,
                &s.warned_at,
                &s.escalated_at,
                &s.tickle_at,
                &s.idle_due_at,
                &s.resolved_at,
                &s.resolution,
                &change.versioned,
                &change.event.at_ms,
                &change.by,
                &s.promise_at,
                &s.first_promise_at,
                &s.promise_alert_at,
                &s.promise_broken,
                &s.merged_into,
                &s.escalated_from,
                &s.confirm_by,
                &s.confirm_due_at,
                &s.confirmed_at,
            ],
        )?;
        Ok(())
    }

    fn set_fields(&mut self, id: i64, fields: &BTreeMap<String, String>) -> Result<()> {
        let json = serde_json::to_string(fields).expect("fields serialise");
        let values: Vec<&str> = fields.values().map(String::as_str).collect();
        // The corrected values join what search finds the ticket by.
        self.0.execute(
            "UPDATE tickets SET fields = $2, search = search || to_tsvector('simple', $3)
             WHERE id = $1",
            &[&id, &json, &indexed(&values.join(" "))],
        )?;
        Ok(())
    }

    fn record_escalation(&mut self, id: i64, cycle: i64, event: i64) -> Result<()> {
        self.0.execute(
            "INSERT INTO escalations (ticket_id, cycle, event_id) VALUES ($1, $2, $3)",
            &[&id, &cycle, &event],
        )?;
        Ok(())
    }

    fn open_ids_held_by(&mut self, owner: i64) -> Result<Vec<i64>> {
        self.ids(
            "SELECT id FROM tickets WHERE owner_id = $1 AND status = 'open' ORDER BY id",
            &[&owner],
        )
    }

    fn index_text(&mut self, id: i64, text: &str) -> Result<()> {
        self.0.execute(
            "UPDATE tickets SET search = search || to_tsvector('simple', $2) WHERE id = $1",
            &[&id, &indexed(text)],
        )?;
        Ok(())
    }

    fn claim_due(&mut self, now: i64, warn_lead: i64, limit: u32) -> Result<Vec<i64>> {
        // Rows another sweeper holds are skipped; the ones returned stay locked until commit.
        self.ids(
            "SELECT id FROM tickets
             WHERE (status = 'open' AND (
                 (escalated_at IS NULL AND due_at <= $1::bigint + $2::bigint
                     AND (warned_at IS NULL OR due_at <= $1))
                 OR tickle_at <= $1 OR idle_due_at <= $1 OR promise_alert_at <= $1))
                 OR confirm_due_at <= $1
             ORDER BY least(
                 CASE WHEN status = 'open' AND escalated_at IS NULL AND warned_at IS NULL
                     THEN due_at - $2 END,
                 CASE WHEN status = 'open' AND escalated_at IS NULL THEN due_at END,
                 tickle_at, idle_due_at, promise_alert_at, confirm_due_at), id
             LIMIT $3 FOR UPDATE SKIP LOCKED",
            &[&now, &warn_lead, &i64::from(limit)],
        )
    }

    fn next_due(&mut self, warn_lead: i64) -> Result<Option<i64>> {
        Ok(self
            .0
            .query_one(
                "SELECT least(
                     (SELECT min(due_at) - $1 FROM tickets
                         WHERE status = 'open' AND warned_at IS NULL AND escalated_at IS NULL),
                     (SELECT min(due_at) FROM tickets WHERE status = 'open' AND escalated_at IS NULL),
                     (SELECT min(tickle_at) FROM tickets WHERE status = 'open'),
                     (SELECT min(idle_due_at) FROM tickets WHERE status = 'open'),
                     (SELECT min(promise_alert_at) FROM tickets WHERE status = 'open'),
                     (SELECT min(confirm_due_at) FROM tickets))",
                &[&warn_lead],
            )?
            .get(0))
    }

    fn queue(
        &mut self,
        q: &Queue,
        now: i64,
        warn_lead: i64,
        limit: u32,
        after: Option<&After>,
    ) -> Result<Vec<Ticket>> {
        let (mut condition, order, mut values) = queue_sql(q, now, warn_lead);
        let sorted = order_by(order);
        // A page after a ticket starts at its listed sort keys (see the SQLite store).
        if let Some(anchor) = after {
            let mut marks = vec![];
            for k in order.key(anchor) {
                values.push(Box::new(k));
                marks.push(format!("${}::bigint", values.len()));
            }
            condition = format!("({condition}) AND ({sorted}) > ({})", marks.join(", "));
        }
        values.push(Box::new(i64::from(limit)));
        let n = values.len();
        self.tickets(
            &format!("SELECT {TICKET_COLUMNS} FROM {TICKET_TABLES} WHERE {condition} ORDER BY {sorted} LIMIT ${n}"),
            &refs(&values),
        )
    }

    fn tally(&mut self, what: Tallied, people: &[i64]) -> Result<u32> {
        // Each person's rows are summed: changes append their deltas (migration 009).
        let sql = format!(
            "SELECT coalesce(sum({}), 0)::bigint FROM tally WHERE person_id = ANY($1)",
            what.column()
        );
        let n: i64 = self.0.query_one(&sql, &[&people])?.get(0);
        u32::try_from(n).map_err(|_| {
            Error::Storage(format!(
                "the tally of open tickets says {n}: run `baton verify` to recount it"
            ))
        })
    }
    fn escalated_within(&mut self, team: &[i64], _walk: Tallied) -> Result<u32> {
        // The planner picks the side itself.
        let n: i64 = self
            .0
            .query_one(
                "SELECT count(*) FROM tickets
                 WHERE status = 'open' AND escalated_at IS NOT NULL
                   AND owner_id = ANY($1) AND escalated_from = ANY($1)",
                &[&team],
            )?
            .get(0);
        Ok(n as u32)
    }
    fn count_matching(&mut self, q: &Queue, now: i64, warn_lead: i64) -> Result<u32> {
        let (condition, _, values) = queue_sql(q, now, warn_lead);
        let n: i64 = self
            .0
            .query_one(
                &format!("SELECT count(*) FROM tickets t WHERE {condition}"),
                &refs(&values),
            )?
            .get(0);
        Ok(n as u32)
    }
    fn people_count(&mut self) -> Result<u32> {
        let n: i64 = self.0.query_one("SELECT count(*) FROM people", &[])?.get(0);
        Ok(n as u32)
    }

    fn search(&mut self, words: &[String], limit: u32) -> Result<Vec<Ticket>> {
        // Every word as a prefix; the words are letters and digits only (`search_terms`).
        let query: Vec<String> = words.iter().map(|w| format!("{}:*", folded(w))).collect();
        self.tickets(
            &format!(
                "SELECT {TICKET_COLUMNS} FROM {TICKET_TABLES} WHERE t.search @@ to_tsquery('simple', $1) ORDER BY t.id DESC LIMIT $2"
            ),
            &[&query.join(" & "), &i64::from(limit)],
        )
    }

    fn tickets_of_customers(&mut self, customers: &[i64], limit: u32) -> Result<Vec<Ticket>> {
        self.tickets(
            &format!(
                "SELECT {TICKET_COLUMNS} FROM {TICKET_TABLES} WHERE t.customer_id = ANY($1)
                 ORDER BY t.status = 'open' DESC, t.created_at DESC, t.id DESC LIMIT $2"
            ),
            &[&customers, &i64::from(limit)],
        )
    }

    fn to_confirm(&mut self, person: i64, limit: u32) -> Result<Vec<Ticket>> {
        self.tickets(
            &format!(
                "SELECT {TICKET_COLUMNS} FROM {TICKET_TABLES}
                 WHERE t.confirm_by = $1 AND t.confirm_due_at IS NOT NULL
                 ORDER BY t.confirm_due_at, t.id LIMIT $2"
            ),
            &[&person, &i64::from(limit)],
        )
    }

    fn tickets_of_customer(&mut self, customer: i64, limit: u32) -> Result<Vec<TicketSummary>> {
        Ok(self
            .0
            .query(
                "SELECT t.id, t.summary, t.status, t.created_at, o.name, t.resolved_at,
                     t.merged_into
                 FROM tickets t JOIN people o ON o.id = t.owner_id
                 WHERE t.customer_id = $1
                 ORDER BY t.status = 'open' DESC, t.created_at DESC, t.id DESC LIMIT $2",
                &[&customer, &i64::from(limit)],
            )?
            .iter()
            .map(|r| TicketSummary {
                id: r.get(0),
                number: r.get(0),
                summary: r.get(1),
                status: status(r.get(2)),
                created_at: at(r.get(3)),
                owner_name: r.get(4),
                resolved_at: r.get::<_, Option<i64>>(5).map(at),
                merged_into: r.get(6),
            })
            .collect())
    }

    fn open_count_of_customer(&mut self, customer: i64) -> Result<u32> {
        let n: i64 = self
            .0
            .query_one(
                "SELECT count(*) FROM tickets WHERE customer_id = $1 AND status = 'open'",
                &[&customer],
            )?
            .get(0);
        Ok(n as u32)
    }

    fn ticket_ids_of_customer(&mut self, customer: i64) -> Result<Vec<i64>> {
        self.ids(
            "SELECT id FROM tickets WHERE customer_id = $1 ORDER BY id",
            &[&customer],
        )
    }

    fn erase_tickets(&mut self, ids: &[i64]) -> Result<()> {
        let ids = ids.to_vec();
        self.0.execute(
            "UPDATE tickets SET summary = $2::text,
                 fields = coalesce((SELECT jsonb_object_agg(key, $2::text)::text
                                    FROM jsonb_each_text(tickets.fields::jsonb)), '{}'),
                 resolution = CASE WHEN resolution IS NULL THEN NULL ELSE $2 END,
                 small_step = CASE WHEN small_step IS NULL THEN NULL ELSE $2 END,
                 search = ''
             WHERE id = ANY($1)",
            &[&ids, &TOMBSTONE],
        )?;
        self.0.execute(
            "UPDATE alerts SET title = '#' || ticket_id || ': details erased', body = $2
             WHERE ticket_id = ANY($1)",
            &[&ids, &TOMBSTONE],
        )?;
        Ok(())
    }

    fn append(&mut self, e: &EventRecord) -> Result<i64> {
        // The head row is locked here, last in the transaction, until it commits.
        let head = self
            .0
            .query_one("SELECT id, hash FROM chain_head FOR UPDATE", &[])?;
        let (last, prev): (i64, String) = (head.get(0), head.get(1));
        let id = last + 1;
        let hash = e.hash(id, &prev);
        // The event and the head's move in one statement: one round trip under the lock.
        self.0.execute(
            "WITH appended AS (
                 INSERT INTO events (id, ticket_id, kind, at, actor_id, from_id, to_id, text,
                     tickle_at, delighted, held_ms, data, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                 RETURNING id, hash)
             UPDATE chain_head SET id = appended.id, hash = appended.hash FROM appended",
            &[
                &id,
                &e.ticket_id,
                &e.kind,
                &e.at_ms,
                &e.actor_id,
                &e.from_id,
                &e.to_id,
                &e.text,
                &e.tickle_at_ms,
                &e.delighted,
                &e.held_ms,
                &e.data,
                &prev,
                &hash,
            ],
        )?;
        Ok(id)
    }

    fn head(&mut self) -> Result<Option<ChainHead>> {
        Ok(self
            .0
            .query_opt("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1", &[])?
            .map(|r| ChainHead {
                event_id: r.get(0),
                hash: r.get(1),
            }))
    }

    fn hash_of(&mut self, id: i64) -> Result<Option<String>> {
        Ok(self
            .0
            .query_opt("SELECT hash FROM events WHERE id = $1", &[&id])?
            .map(|r| r.get(0)))
    }

    fn events_of(&mut self, ticket: i64) -> Result<Vec<Event>> {
        Ok(self
            .0
            .query(
                &format!("{NAMED} WHERE e.ticket_id = $1 ORDER BY e.id"),
                &[&ticket],
            )?
            .iter()
            .map(event)
            .collect())
    }

    fn walk(&mut self, f: &mut dyn FnMut(LinkRow) -> bool) -> Result<()> {
        let mut after = 0i64;
        loop {
            let rows = self.0.query(
                &format!("{LINKS} WHERE id > $1 ORDER BY id LIMIT 5000"),
                &[&after],
            )?;
            for r in &rows {
                let l = link(r);
                after = l.id;
                if !f(Ok(l)) {
                    return Ok(());
                }
            }
            if rows.len() < 5000 {
                return Ok(());
            }
        }
    }

    fn tickets_with_events(
        &mut self,
        f: &mut dyn FnMut(i64, RowRead, &[StoredLink]),
    ) -> Result<()> {
        let mut after = 0i64;
        loop {
            let rows = self.0.query(
                "SELECT id, owner_id, status, summary, fields, resolution, due_at, warned_at,
                     escalated_at, promise_at, escalated_from, created_at, intake_rep_id,
                     customer_id, category_id, merged_into
                 FROM tickets WHERE id > $1 ORDER BY id LIMIT 1000",
                &[&after],
            )?;
            let Some(last) = rows.last().map(|r| r.get::<_, i64>(0)) else {
                return Ok(());
            };
            let mut events: BTreeMap<i64, Vec<StoredLink>> = BTreeMap::new();
            for r in self.0.query(
                &format!("{LINKS} WHERE ticket_id > $1 AND ticket_id <= $2 ORDER BY ticket_id, id"),
                &[&after, &last],
            )? {
                let l = link(&r);
                events
                    .entry(l.record.ticket_id.unwrap_or_default())
                    .or_default()
                    .push(l);
            }
            for r in &rows {
                let id: i64 = r.get(0);
                let row = serde_json::from_str(r.get::<_, &str>(4))
                    .map(|fields| {
                        Some(replay::Row {
                            owner_id: r.get(1),
                            status: status(r.get(2)),
                            summary: r.get(3),
                            fields,
                            resolution: r.get(5),
                            due_at: r.get(6),
                            warned_at: r.get(7),
                            escalated_at: r.get(8),
                            promise_at: r.get(9),
                            escalated_from: r.get(10),
                            created_at: r.get(11),
                            intake_rep_id: r.get(12),
                            customer_id: r.get(13),
                            category_id: r.get(14),
                            merged_into: r.get(15),
                        })
                    })
                    .map_err(|_| "its fields column is not the JSON Baton writes".to_string());
                f(id, row, events.get(&id).map_or(&[], Vec::as_slice));
            }
            after = last;
        }
    }

    fn policy_changes(&mut self) -> Result<Vec<(i64, String)>> {
        Ok(self
            .0
            .query(
                "SELECT id, data FROM events
                 WHERE ticket_id IS NULL AND kind = 'policy_changed' AND data IS NOT NULL
                 ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>> {
        Ok(self
            .0
            .query(
                &format!(
                    "{NAMED} WHERE e.ticket_id IS NULL AND e.kind NOT IN ('customer_feedback', 'learned')
                     ORDER BY e.id DESC LIMIT $1"
                ),
                &[&i64::from(limit)],
            )?
            .iter()
            .map(event)
            .collect())
    }

    fn erasures(&mut self) -> Result<Vec<String>> {
        Ok(self
            .0
            .query(
                "SELECT data FROM events
                 WHERE ticket_id IS NULL AND kind = 'customer_erased' AND data IS NOT NULL
                 ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn records_of(&mut self, tickets: &[i64]) -> Result<Vec<(i64, EventRecord)>> {
        Ok(self
            .0
            .query(
                &format!("{LINKS} WHERE ticket_id = ANY($1) ORDER BY id"),
                &[&tickets.to_vec()],
            )?
            .iter()
            .map(record)
            .collect())
    }

    fn replace_content(&mut self, id: i64, e: &EventRecord) -> Result<()> {
        self.0.execute(
            "UPDATE events SET text = $2, data = $3 WHERE id = $1",
            &[&id, &e.text, &e.data],
        )?;
        Ok(())
    }

    fn insert_alert(
        &mut self,
        person: i64,
        ticket: i64,
        due: Due,
        title: &str,
        body: &str,
        at: i64,
    ) -> Result<i64> {
        // Numbered under the chain's head lock (taken by this change's event), so in commit
        // order: an install's cursor never skips an alert that commits late.
        let id: i64 = self
            .0
            .query_one(
                "UPDATE chain_head SET alert = alert + 1 RETURNING alert",
                &[],
            )?
            .get(0);
        self.0.execute(
            "INSERT INTO alerts (id, person_id, ticket_id, due, title, body, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&id, &person, &ticket, &due.as_str(), &title, &body, &at],
        )?;
        Ok(id)
    }

    fn alerts_for(&mut self, person: i64, limit: u32) -> Result<Vec<Alert>> {
        Ok(self
            .0
            .query(
                &format!("{ALERTS} WHERE person_id = $1 ORDER BY id DESC LIMIT $2"),
                &[&person, &i64::from(limit)],
            )?
            .iter()
            .map(alert)
            .collect())
    }

    fn alerts_after(&mut self, cursor: i64, limit: u32) -> Result<Vec<Alert>> {
        Ok(self
            .0
            .query(
                &format!("{ALERTS} WHERE id > $1 ORDER BY id LIMIT $2"),
                &[&cursor, &i64::from(limit)],
            )?
            .iter()
            .map(alert)
            .collect())
    }

    fn last_alert_id(&mut self) -> Result<i64> {
        Ok(self
            .0
            .query_one("SELECT coalesce(max(id), 0) FROM alerts", &[])?
            .get(0))
    }

    fn mark_read(&mut self, person: i64, ids: &[i64], now: i64) -> Result<usize> {
        Ok(self.0.execute(
            "UPDATE alerts SET read_at = $3
             WHERE person_id = $1 AND read_at IS NULL AND id = ANY($2)",
            &[&person, &ids.to_vec(), &now],
        )? as usize)
    }

    fn unread(&mut self, person: i64) -> Result<u32> {
        let n: i64 = self
            .0
            .query_one(
                "SELECT count(*) FROM alerts WHERE person_id = $1 AND read_at IS NULL",
                &[&person],
            )?
            .get(0);
        Ok(n as u32)
    }

    fn count_events(
        &mut self,
        kind: &str,
        party: Party,
        from: i64,
        to: i64,
    ) -> Result<HashMap<i64, u32>> {
        let (column, named) = (party.column(), party.named());
        self.counts(
            &format!(
                "SELECT {column}, count(*) FROM events
                 WHERE kind = $1 AND at >= $2 AND at < $3 AND {named}
                 GROUP BY {column}"
            ),
            &[&kind, &from, &to],
        )
    }

    fn hold_times(&mut self, from: i64, to: i64) -> Result<HashMap<i64, Vec<i64>>> {
        let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in self.0.query(
            "SELECT actor_id, held_ms FROM events
             WHERE kind = 'resolved' AND at >= $1 AND at < $2
                 AND actor_id IS NOT NULL AND held_ms IS NOT NULL",
            &[&from, &to],
        )? {
            out.entry(r.get(0)).or_default().push(r.get(1));
        }
        Ok(out)
    }

    fn escalations_solved(&mut self, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
        self.counts(
            "SELECT r.actor_id, count(*) FROM events r
             WHERE r.kind = 'resolved' AND r.at >= $1 AND r.at < $2 AND EXISTS (
                 SELECT 1 FROM events e
                 WHERE e.ticket_id = r.ticket_id AND e.kind = 'escalated' AND e.to_id = r.actor_id
                     AND (e.from_id IS NULL OR e.from_id <> e.to_id))
             GROUP BY r.actor_id",
            &[&from, &to],
        )
    }

    fn feedback(&mut self, from: i64, to: i64) -> Result<Vec<FeedbackEntry>> {
        Ok(self
            .0
            .query(
                "SELECT e.ticket_id, cu.id, cu.name, e.delighted, e.text, e.at, o.name, o.id
                 FROM events e
                 JOIN tickets t ON t.id = e.ticket_id
                 JOIN customers cu ON cu.id = t.customer_id
                 JOIN people o ON o.id = t.owner_id
                 WHERE e.kind IN ('feedback', 'confirmed') AND e.delighted IS NOT NULL
                     AND e.at >= $1 AND e.at < $2
                 ORDER BY e.at, e.id",
                &[&from, &to],
            )?
            .iter()
            .map(|r| FeedbackEntry {
                ticket_id: r.get(0),
                number: r.get(0),
                customer_id: r.get(1),
                customer_name: r.get(2),
                delighted: r.get::<_, Option<bool>>(3).unwrap_or(false),
                what: r.get::<_, Option<String>>(4).unwrap_or_default(),
                at: at(r.get(5)),
                owner_name: r.get(6),
                owner_id: r.get(7),
            })
            .collect())
    }

    fn resolved_between(&mut self, from: i64, to: i64) -> Result<Vec<ResolvedRow>> {
        Ok(self
            .0
            .query(
                "SELECT id, owner_id, created_at, resolved_at, first_promise_at, promise_at,
                     promise_broken, confirmed_at
                 FROM tickets
                 WHERE resolved_at >= $1 AND resolved_at < $2 AND merged_into IS NULL",
                &[&from, &to],
            )?
            .iter()
            .map(|r| ResolvedRow {
                ticket: r.get(0),
                owner: r.get(1),
                created_at: r.get(2),
                resolved_at: r.get(3),
                first_promise_at: r.get(4),
                promise_at: r.get(5),
                promise_broken: r.get(6),
                confirmed_at: r.get(7),
            })
            .collect())
    }

    fn quarter_hours(&mut self, kind: &str, from: i64, to: i64) -> Result<HashMap<i64, u32>> {
        self.counts(
            "SELECT (at - $2) / $4, count(*) FROM events
             WHERE kind = $1 AND at >= $2 AND at < $3 GROUP BY 1",
            &[&kind, &from, &to, &QUARTER_HOUR_MS],
        )
    }

    fn records_between(
        &mut self,
        kinds: &[&str],
        from: i64,
        to: i64,
        data_key: Option<&str>,
        limit: u32,
    ) -> Result<Vec<(i64, EventRecord)>> {
        let key = data_key.map(|k| format!("%\"{k}\"%"));
        let kinds: Vec<&str> = kinds.to_vec();
        Ok(self
            .0
            .query(
                &format!(
                    "{LINKS} WHERE kind = ANY($1) AND at >= $2 AND at < $3
                         AND ($4::text IS NULL OR data LIKE $4)
                     ORDER BY at DESC, id DESC LIMIT $5"
                ),
                &[&kinds, &from, &to, &key, &i64::from(limit)],
            )?
            .iter()
            .map(record)
            .collect())
    }

    fn repeats(&mut self, from: i64, to: i64) -> Result<Vec<(i64, i64)>> {
        Ok(self
            .0
            .query(&crate::store::tx::REPEATS.replace('?', "$"), &[&from, &to])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn last_resolved(
        &mut self,
        customer: i64,
        category: i64,
        since: i64,
        until: i64,
    ) -> Result<Option<i64>> {
        Ok(self
            .0
            .query_opt(
                &crate::store::tx::LAST_RESOLVED.replace('?', "$"),
                &[&customer, &category, &since, &until],
            )?
            .map(|r| r.get(0)))
    }

    fn event_tickets(
        &mut self,
        kind: &str,
        party: Party,
        people: Option<&[i64]>,
        from: i64,
        to: i64,
        limit: u32,
    ) -> Result<Vec<i64>> {
        let (column, named) = (party.column(), party.named());
        let people = people.map(<[i64]>::to_vec);
        Ok(self
            .0
            .query(
                &format!(
                    "SELECT ticket_id FROM events
                     WHERE kind = $1 AND at >= $2 AND at < $3 AND ticket_id IS NOT NULL AND {named}
                         AND ($4::bigint[] IS NULL OR {column} = ANY($4))
                     GROUP BY ticket_id ORDER BY max(at) DESC LIMIT $5"
                ),
                &[&kind, &from, &to, &people, &i64::from(limit)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn record(&mut self, id: i64) -> Result<Option<EventRecord>> {
        Ok(self
            .0
            .query_opt(&format!("{LINKS} WHERE id = $1"), &[&id])?
            .map(|r| link(&r).record))
    }

    fn board_records_of(&mut self, customer: i64) -> Result<Vec<(i64, EventRecord)>> {
        Ok(self
            .0
            .query(
                &format!(
                    "{LINKS} WHERE ticket_id IS NULL AND kind IN ('customer_feedback', 'learned')
                         AND (data::jsonb ->> 'customer')::bigint = $1
                     ORDER BY id"
                ),
                &[&customer],
            )?
            .iter()
            .map(record)
            .collect())
    }

    fn request(&mut self, key: Option<&str>) -> Result<Option<i64>> {
        let Some(key) = key else { return Ok(None) };
        Ok(self
            .0
            .query_opt("SELECT ticket_id FROM requests WHERE key = $1", &[&key])?
            .map(|r| r.get(0)))
    }

    fn remember(&mut self, key: Option<&str>, ticket: i64, at: i64) -> Result<()> {
        if let Some(key) = key {
            self.0.execute(
                "INSERT INTO requests (key, ticket_id, at) VALUES ($1, $2, $3)",
                &[&key, &ticket, &at],
            )?;
        }
        Ok(())
    }
}
