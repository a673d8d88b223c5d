//! Loading a whole desk into an empty shared one (`baton migrate`): every id, hash and link as
//! it was, then the sequences and the chain's head moved past them.

use super::PgStore;
use crate::error::{Error, Result};
use crate::store::dump::Dump;
use crate::tickets::indexed;

impl PgStore {
    /// Loads `dump` into this desk, which must be empty, in one transaction.
    pub fn load(&mut self, dump: &Dump) -> Result<()> {
        let client = self.client.get_mut();
        let mut t = client.transaction()?;
        let occupied: bool = t
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM events)",
                &[],
            )?
            .get(0);
        if occupied {
            return Err(Error::Conflict(
                "the shared desk is not empty: a branch's desk moves only into an empty one \
                 (two branches join one server by moving the first, then adding the second's \
                 people and customers there)"
                    .into(),
            ));
        }
        for p in &dump.people {
            let q = &p.person;
            t.execute(
                "INSERT INTO people (id, name, role, reports_to, active, pin_hash, failed_pins,
                     locked_until, created_at) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8)",
                &[
                    &q.id,
                    &q.name,
                    &q.role.as_str(),
                    &q.active,
                    &p.pin.hash,
                    &p.pin.failed,
                    &p.pin.locked_until,
                    &p.created_at,
                ],
            )?;
        }
        // Reporting lines after everyone exists: a person may report to someone added later.
        for p in dump.people.iter().filter(|p| p.person.reports_to.is_some()) {
            t.execute(
                "UPDATE people SET reports_to = $2 WHERE id = $1",
                &[&p.person.id, &p.person.reports_to],
            )?;
        }
        for k in &dump.customers {
            t.execute(
                "INSERT INTO customers (id, name, notes, created_at, erased_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&k.id, &k.name, &k.notes, &k.created_at, &k.erased_at],
            )?;
            for (digits, shown) in &k.phones {
                t.execute(
                    "INSERT INTO customer_phones (customer_id, phone, shown) VALUES ($1, $2, $3)",
                    &[&k.id, digits, shown],
                )?;
            }
            for email in &k.emails {
                t.execute(
                    "INSERT INTO customer_emails (customer_id, email) VALUES ($1, $2)",
                    &[&k.id, email],
                )?;
            }
        }
        for c in &dump.categories {
            let steps = serde_json::to_string(&c.small_steps).expect("steps serialise");
            t.execute(
                "INSERT INTO categories (id, name, default_owner_id, realtime, small_steps)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&c.id, &c.name, &c.default_owner_id, &c.realtime, &steps],
            )?;
            for (i, f) in c.fields.iter().enumerate() {
                t.execute(
                    "INSERT INTO category_fields (category_id, position, key, label, required)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&c.id, &(i as i64), &f.key, &f.label, &f.required],
                )?;
            }
        }
        for k in &dump.tickets {
            let s = &k.state;
            let search = indexed(&format!("{} {} {}", k.summary, k.field_text, k.notes));
            t.execute(
                "INSERT INTO tickets (id, customer_id, category_id, summary, fields, channel,
                     intake_rep_id, created_at, owner_id, owner_since, status, clock_start, cycle,
                     due_at, warned_at, escalated_at, tickle_at, idle_due_at, resolved_at,
                     resolution, promise_at, small_step, realtime_offered, realtime_taken,
                     version, updated_at, updated_by, search)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27,
                     to_tsvector('simple', $28))",
                &[
                    &k.id,
                    &k.customer_id,
                    &k.category_id,
                    &k.summary,
                    &k.fields,
                    &k.channel,
                    &k.intake_rep_id,
                    &k.created_at,
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
                    &k.promise_at,
                    &k.small_step,
                    &k.realtime_offered,
                    &k.realtime_taken,
                    &k.version,
                    &k.updated_at,
                    &k.updated_by,
                    &search,
                ],
            )?;
        }
        for l in &dump.events {
            let e = &l.record;
            t.execute(
                "INSERT INTO events (id, ticket_id, kind, at, actor_id, from_id, to_id, text,
                     tickle_at, delighted, held_ms, data, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                &[
                    &l.id,
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
                    &l.prev_hash,
                    &l.hash,
                ],
            )?;
        }
        for a in &dump.alerts {
            t.execute(
                "INSERT INTO alerts (id, person_id, ticket_id, due, title, body, at, read_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &a.id,
                    &a.person_id,
                    &a.ticket_id,
                    &super::tx::due_str(a.due),
                    &a.title,
                    &a.body,
                    &a.at,
                    &a.read_at,
                ],
            )?;
        }
        for e in &dump.escalations {
            t.execute(
                "INSERT INTO escalations (ticket_id, cycle, event_id) VALUES ($1, $2, $3)",
                &[&e.ticket_id, &e.cycle, &e.event_id],
            )?;
        }
        for (key, ticket, at) in &dump.requests {
            t.execute(
                "INSERT INTO requests (key, ticket_id, at) VALUES ($1, $2, $3)",
                &[key, ticket, at],
            )?;
        }
        for (key, value) in &dump.settings {
            t.execute(
                "INSERT INTO settings (key, value) VALUES ($1, $2)",
                &[key, value],
            )?;
        }
        // New rows continue after the moved ones, and new events chain onto the moved head.
        t.batch_execute(
            "SELECT setval('ticket_numbers', greatest((SELECT max(id) FROM tickets), 1000));
             SELECT setval(pg_get_serial_sequence('people', 'id'),
                           coalesce((SELECT max(id) FROM people), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('customers', 'id'),
                           coalesce((SELECT max(id) FROM customers), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('categories', 'id'),
                           coalesce((SELECT max(id) FROM categories), 0) + 1, false);
             UPDATE chain_head SET
                 id = coalesce((SELECT max(id) FROM events), 0),
                 hash = coalesce((SELECT hash FROM events ORDER BY id DESC LIMIT 1), hash),
                 alert = coalesce((SELECT max(id) FROM alerts), 0);",
        )?;
        t.commit()?;
        Ok(())
    }
}
