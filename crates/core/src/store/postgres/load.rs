//! Loading a whole desk into an empty shared one (`baton migrate`): every id, hash and link as
//! it was, then the sequences and the chain's head moved past them.

use std::io::Write;

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
                // PINs do not move: a file's hashes are checked on the workstation, a shared
                // desk's on the server. People choose them again there (`baton person pin`).
                "INSERT INTO people (id, name, role, reports_to, active, created_at)
                 VALUES ($1, $2, $3, NULL, $4, $5)",
                &[&q.id, &q.name, &q.role.as_str(), &q.active, &p.created_at],
            )?;
        }
        // Reporting lines after everyone exists: a person may report to someone added later.
        for p in dump.people.iter().filter(|p| p.person.reports_to.is_some()) {
            t.execute(
                "UPDATE people SET reports_to = $2 WHERE id = $1",
                &[&p.person.id, &p.person.reports_to],
            )?;
        }
        copy(
            &mut t,
            "customers (id, name, notes, created_at, erased_at)",
            |out| {
                for k in &dump.customers {
                    out.row(&[
                        Some(k.id.to_string()),
                        Some(k.name.clone()),
                        Some(k.notes.clone()),
                        Some(k.created_at.to_string()),
                        k.erased_at.map(|e| e.to_string()),
                    ]);
                }
            },
        )?;
        copy(
            &mut t,
            "customer_phones (customer_id, phone, shown)",
            |out| {
                for k in &dump.customers {
                    for (digits, shown) in &k.phones {
                        out.row(&[
                            Some(k.id.to_string()),
                            Some(digits.clone()),
                            Some(shown.clone()),
                        ]);
                    }
                }
            },
        )?;
        copy(&mut t, "customer_emails (customer_id, email)", |out| {
            for k in &dump.customers {
                for email in &k.emails {
                    out.row(&[Some(k.id.to_string()), Some(email.clone())]);
                }
            }
        })?;
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
        copy(
            &mut t,
            "tickets (id, customer_id, category_id, summary, fields, channel, intake_rep_id,
                 created_at, owner_id, owner_since, status, clock_start, cycle, due_at, warned_at,
                 escalated_at, tickle_at, idle_due_at, resolved_at, resolution, promise_at,
                 small_step, realtime_offered, realtime_taken, version, updated_at, updated_by,
                 search, first_promise_at, promise_alert_at, promise_broken, merged_into,
                 escalated_from, confirm_by, confirm_due_at, confirmed_at, repeat_of)",
            |out| {
                for k in &dump.tickets {
                    let s = &k.state;
                    let n = |v: i64| Some(v.to_string());
                    let opt = |v: Option<i64>| v.map(|v| v.to_string());
                    let flag = |b: bool| Some(if b { "t" } else { "f" }.to_string());
                    // The words search finds, as a tsvector literal (each word quoted).
                    let search: Vec<String> =
                        indexed(&format!("{} {} {}", k.summary, k.field_text, k.notes))
                            .split(' ')
                            .filter(|w| !w.is_empty())
                            .map(|w| format!("'{w}'"))
                            .collect();
                    out.row(&[
                        n(k.id),
                        n(k.customer_id),
                        n(k.category_id),
                        Some(k.summary.clone()),
                        Some(k.fields.clone()),
                        Some(k.channel.clone()),
                        n(k.intake_rep_id),
                        n(k.created_at),
                        n(s.owner_id),
                        n(s.owner_since),
                        Some(s.status.as_str().to_string()),
                        n(s.clock_start),
                        n(s.cycle),
                        n(s.due_at),
                        opt(s.warned_at),
                        opt(s.escalated_at),
                        opt(s.tickle_at),
                        opt(s.idle_due_at),
                        opt(s.resolved_at),
                        s.resolution.clone(),
                        n(s.promise_at),
                        k.small_step.clone(),
                        flag(k.realtime_offered),
                        flag(k.realtime_taken),
                        n(k.version),
                        n(k.updated_at),
                        opt(k.updated_by),
                        Some(search.join(" ")),
                        opt(s.first_promise_at),
                        opt(s.promise_alert_at),
                        flag(s.promise_broken),
                        opt(s.merged_into),
                        opt(s.escalated_from),
                        opt(s.confirm_by),
                        opt(s.confirm_due_at),
                        opt(s.confirmed_at),
                        opt(k.repeat_of),
                    ]);
                }
            },
        )?;
        copy(
            &mut t,
            "events (id, ticket_id, kind, at, actor_id, from_id, to_id, text, tickle_at,
                 delighted, held_ms, data, prev_hash, hash)",
            |out| {
                for l in &dump.events {
                    let e = &l.record;
                    let opt = |v: Option<i64>| v.map(|v| v.to_string());
                    out.row(&[
                        Some(l.id.to_string()),
                        opt(e.ticket_id),
                        Some(e.kind.to_string()),
                        Some(e.at_ms.to_string()),
                        opt(e.actor_id),
                        opt(e.from_id),
                        opt(e.to_id),
                        e.text.clone(),
                        opt(e.tickle_at_ms),
                        e.delighted.map(|d| if d { "t" } else { "f" }.to_string()),
                        opt(e.held_ms),
                        e.data.clone(),
                        Some(l.prev_hash.clone()),
                        Some(l.hash.clone()),
                    ]);
                }
            },
        )?;
        copy(
            &mut t,
            "alerts (id, person_id, ticket_id, due, title, body, at, read_at)",
            |out| {
                for a in &dump.alerts {
                    out.row(&[
                        Some(a.id.to_string()),
                        Some(a.person_id.to_string()),
                        Some(a.ticket_id.to_string()),
                        Some(a.due.as_str().to_string()),
                        Some(a.title.clone()),
                        Some(a.body.clone()),
                        Some(a.at.to_string()),
                        a.read_at.map(|r| r.to_string()),
                    ]);
                }
            },
        )?;
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
        // Statistics and the visibility map now, not when autovacuum gets to them: until then
        // the planner knows nothing of a million fresh rows and reads whole tables (a sweep
        // took 0.3 s instead of 0.3 ms), and no index answers alone. The desk has moved
        // whatever this says: autovacuum does the same later.
        let _ = client.batch_execute("VACUUM (ANALYZE) tickets, events, alerts, customers");
        Ok(())
    }
}

/// Writes rows with `COPY … FROM STDIN` (text format), far faster than one `INSERT` each,
/// sending them a mebibyte at a time.
fn copy(t: &mut postgres::Transaction, table: &str, fill: impl FnOnce(&mut Rows)) -> Result<()> {
    let mut rows = Rows {
        writer: t.copy_in(&format!("COPY {table} FROM STDIN"))?,
        buf: String::new(),
        failed: None,
    };
    fill(&mut rows);
    rows.flush();
    if let Some(e) = rows.failed {
        return Err(Error::Storage(format!(
            "cannot send rows to the server: {e}"
        )));
    }
    rows.writer.finish()?;
    Ok(())
}

struct Rows<'a> {
    writer: postgres::CopyInWriter<'a>,
    buf: String,
    failed: Option<std::io::Error>,
}

impl Rows<'_> {
    /// One row in COPY's text format: tab-separated, `\N` for NULL, specials escaped.
    fn row(&mut self, fields: &[Option<String>]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.buf.push('\t');
            }
            match f {
                None => self.buf.push_str("\\N"),
                Some(v) => {
                    for c in v.chars() {
                        match c {
                            '\\' => self.buf.push_str("\\\\"),
                            '\t' => self.buf.push_str("\\t"),
                            '\n' => self.buf.push_str("\\n"),
                            '\r' => self.buf.push_str("\\r"),
                            c => self.buf.push(c),
                        }
                    }
                }
            }
        }
        self.buf.push('\n');
        if self.buf.len() >= 1 << 20 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.failed.is_none() {
            self.failed = self.writer.write_all(self.buf.as_bytes()).err();
        }
        self.buf.clear();
    }
}
