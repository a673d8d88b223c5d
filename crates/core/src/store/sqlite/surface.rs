//! The store surface on SQLite: each use case in one transaction. SQLite has one writer at a
//! time, so what a rule read inside a write transaction is still true when its change lands.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Arc;

use super::{alerts, categories, customers, events, people, reports, settings, tickets};
use super::{at, SqliteStore};
use crate::alerts::Alert;
use crate::audit::ChainHead;
use crate::auth::SignIn;
use crate::calendar::Hours;
use crate::categories::Category;
use crate::clock::Clock;
use crate::customers::{CleanCustomer, Customer, CustomerMatch, Lookup};
use crate::deadlines::SweepAction;
use crate::error::{Error, Result};
use crate::events::{Event, EventKind, EventRecord};
use crate::machine::{self, Change, Context, NewTicket};
use crate::people::{Org, Person};
use crate::policy::Policy;
use crate::privacy;
use crate::replay::PolicyChange;
use crate::store::{
    Audited, Auditor, EraseContext, Erasure, Figures, IntakeContext, Queue, SetupContext, SetupOp,
    SetupOutcome, SignInContext, Store, Swept,
};
use crate::tickets::{Ticket, TicketDetail};

impl Store for SqliteStore {
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        std::mem::replace(&mut self.clock, clock)
    }

    fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    fn check_integrity(&mut self) -> Result<Vec<String>> {
        self.integrity()
    }

    fn backup_to(&mut self, dest: &Path) -> Result<()> {
        self.copy_to(dest)
    }

    fn org(&mut self) -> Result<Org> {
        self.read(|c| org(c))
    }

    fn categories(&mut self) -> Result<Vec<Category>> {
        self.read(|c| categories::all(c))
    }

    fn policy(&mut self) -> Result<Policy> {
        self.read(|c| settings::policy(c))
    }

    fn hours(&mut self) -> Result<Hours> {
        self.read(|c| settings::hours(c))
    }

    fn set_up(
        &mut self,
        dry_run: bool,
        plan: &mut dyn FnMut(&SetupContext) -> Result<Vec<SetupOp>>,
    ) -> Result<SetupOutcome> {
        let now = self.now();
        let run = |c: &rusqlite::Transaction| {
            let ctx = SetupContext {
                org: org(c)?,
                policy: settings::policy(c)?,
                hours: settings::hours(c)?,
                categories: categories::all(c)?,
                now,
            };
            let mut out = SetupOutcome::default();
            for op in plan(&ctx)? {
                set_up(c, op, now, &mut out)?;
            }
            Ok(out)
        };
        if dry_run {
            self.rehearse(run)
        } else {
            self.write(run)
        }
    }

    fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>> {
        self.read(|c| events::desk_changes(c, limit))
    }

    fn sign_in(
        &mut self,
        person: i64,
        rule: &mut dyn FnMut(&SignInContext) -> SignIn,
    ) -> Result<Person> {
        let now = self.now();
        self.write(|c| {
            let ctx = SignInContext {
                person: people::get(c, person)?,
                pin: people::pin_state(c, person)?,
                people: people::count(c)? as usize,
                now,
            };
            let decided = rule(&ctx);
            if let Some(keep) = decided.keep {
                people::set_pin_state(c, person, keep.failed, keep.locked_until)?;
            }
            // The failure count is committed even though the sign-in fails.
            Ok(decided.outcome)
        })?
    }

    fn add_customer(&mut self, n: &CleanCustomer) -> Result<Customer> {
        let now = self.now().timestamp_millis();
        self.write(|c| {
            for (digits, shown) in &n.phones {
                if let Some((id, who)) = customers::owner_of_contact(c, Some(digits), None)? {
                    return Err(Error::Conflict(format!(
                        "{shown} already belongs to {who} (customer {id})"
                    )));
                }
            }
            for email in &n.emails {
                if let Some((id, who)) = customers::owner_of_contact(c, None, Some(email))? {
                    return Err(Error::Conflict(format!(
                        "{email} already belongs to {who} (customer {id})"
                    )));
                }
            }
            let id = customers::insert(c, &n.name, &n.phones, &n.emails, &n.notes, now)?;
            customers::get(c, id)
        })
    }

    fn customer(&mut self, id: i64) -> Result<Customer> {
        self.read(|c| customers::get(c, id))
    }

    fn customer_with_phone(&mut self, digits: &str) -> Result<Option<Customer>> {
        self.read(|c| {
            customers::owner_of_contact(c, Some(digits), None)?
                .map(|(id, _)| customers::get(c, id))
                .transpose()
        })
    }

    fn find_customers(&mut self, lookup: &Lookup, limit: u32) -> Result<Vec<CustomerMatch>> {
        self.read(|c| {
            customers::find(c, lookup, limit)?
                .into_iter()
                .map(|id| {
                    Ok(CustomerMatch {
                        customer: customers::get(c, id)?,
                        open_tickets: tickets::open_count_for_customer(c, id)?,
                        recent_tickets: tickets::for_customer(c, id, 3)?,
                    })
                })
                .collect()
        })
    }

    fn intake(
        &mut self,
        customer: i64,
        category: i64,
        key: Option<&str>,
        rule: &mut dyn FnMut(&IntakeContext) -> Result<NewTicket>,
    ) -> Result<Ticket> {
        let now = self.now();
        self.write(|c| {
            if let Some(done) = request(c, key)? {
                return tickets::get(c, done);
            }
            let ctx = IntakeContext {
                customer: customers::get(c, customer)?,
                category: categories::get(c, category)?,
                org: org(c)?,
                policy: settings::policy(c)?,
                now,
            };
            let mut new = rule(&ctx)?;
            let id = tickets::insert(c, &new)?;
            new.event.ticket_id = Some(id);
            events::append(c, &new.event)?;
            remember(c, key, id, new.event.at_ms)?;
            tickets::get(c, id)
        })
    }

    fn act(
        &mut self,
        ticket: i64,
        key: Option<&str>,
        rule: &mut dyn FnMut(&Context) -> Result<Change>,
    ) -> Result<Ticket> {
        let now = self.now();
        self.write(|c| {
            if let Some(done) = request(c, key)? {
                return tickets::get(c, done);
            }
            let ctx = context(c, ticket, Arc::new(org(c)?), settings::policy(c)?, now)?;
            let change = rule(&ctx)?;
            commit(c, &change)?;
            remember(c, key, ticket, change.event.at_ms)?;
            tickets::get(c, ticket)
        })
    }

    fn ticket(&mut self, id: i64) -> Result<Ticket> {
        self.read(|c| tickets::get(c, id))
    }

    fn ticket_detail(&mut self, id: i64) -> Result<TicketDetail> {
        self.read(|c| {
            let ticket = tickets::get(c, id)?;
            Ok(TicketDetail {
                customer: customers::get(c, ticket.customer_id)?,
                events: events::for_ticket(c, id)?,
                history: tickets::for_customer(c, ticket.customer_id, 20)?
                    .into_iter()
                    .filter(|t| t.id != id)
                    .collect(),
                ticket,
                allowed: vec![],
            })
        })
    }

    fn ticket_context(&mut self, id: i64) -> Result<Context> {
        let now = self.now();
        self.read(|c| context(c, id, Arc::new(org(c)?), settings::policy(c)?, now))
    }

    fn queue(&mut self, queue: &Queue, limit: u32) -> Result<Vec<Ticket>> {
        let now = self.now().timestamp_millis();
        self.read(|c| {
            let lead = settings::policy(c)?.warn_lead_ms();
            tickets::queue(c, queue, now, lead, limit)
        })
    }

    fn count(&mut self, queue: &Queue) -> Result<u32> {
        let now = self.now().timestamp_millis();
        self.read(|c| {
            let lead = settings::policy(c)?.warn_lead_ms();
            tickets::count(c, queue, now, lead)
        })
    }

    fn search(&mut self, words: &[String], number: Option<i64>, limit: u32) -> Result<Vec<Ticket>> {
        // FTS5: every word as a quoted prefix, so punctuation typed in a search is never syntax.
        let query: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
        self.read(|c| {
            let mut found = match number.map(|n| tickets::get(c, n)) {
                Some(Ok(t)) => vec![t],
                _ => vec![],
            };
            for t in tickets::search(c, &query.join(" "), limit)? {
                if !found.iter().any(|f| f.id == t.id) {
                    found.push(t);
                }
            }
            Ok(found)
        })
    }

    fn sweep(
        &mut self,
        limit: u32,
        rule: &mut dyn FnMut(&Context) -> Vec<(Change, SweepAction)>,
    ) -> Result<Swept> {
        let now = self.now();
        self.write(|c| {
            let policy = settings::policy(c)?;
            let org = Arc::new(org(c)?);
            let due = tickets::due_ids(c, now.timestamp_millis(), policy.warn_lead_ms(), limit)?;
            let mut actions = Vec::new();
            for id in &due {
                let ctx = context(c, *id, org.clone(), policy, now)?;
                for (change, action) in rule(&ctx) {
                    commit(c, &change)?;
                    actions.push(action);
                }
            }
            Ok(Swept {
                due: due.len(),
                actions,
            })
        })
    }

    fn next_due(&mut self) -> Result<Option<DateTime<Utc>>> {
        self.read(|c| {
            let policy = settings::policy(c)?;
            Ok(tickets::next_due(c, policy.warn_lead_ms())?.map(at))
        })
    }

    fn alerts(&mut self, person: i64, limit: u32) -> Result<Vec<Alert>> {
        self.read(|c| {
            people::get(c, person)?;
            alerts::for_person(c, person, limit)
        })
    }

    fn unread_alerts(&mut self, person: i64) -> Result<u32> {
        self.read(|c| alerts::unread_count(c, person))
    }

    fn mark_alerts_read(&mut self, person: i64, ids: &[i64]) -> Result<usize> {
        let now = self.now().timestamp_millis();
        self.write(|c| alerts::mark_read(c, person, ids, now))
    }

    fn alerts_after(&mut self, cursor: i64, limit: u32) -> Result<Vec<Alert>> {
        // One writer at a time: alert ids are given in commit order.
        self.read(|c| alerts::after(c, cursor, limit))
    }

    fn alert_cursor(&mut self) -> Result<i64> {
        self.read(|c| alerts::last_id(c))
    }

    fn figures(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Figures> {
        let (f, t) = (from.timestamp_millis(), to.timestamp_millis());
        self.read(|c| {
            use reports::Party;
            let count = |kind: EventKind, party| reports::count_by(c, kind.as_str(), party, f, t);
            Ok(Figures {
                created: count(EventKind::Created, Party::Actor)?,
                solved: count(EventKind::Resolved, Party::Actor)?,
                passed: count(EventKind::Passed, Party::From)?,
                taken: count(EventKind::Taken, Party::Actor)?,
                assigned: count(EventKind::Assigned, Party::Actor)?,
                escalated: count(EventKind::Escalated, Party::From)?,
                received: count(EventKind::Escalated, Party::To)?,
                escalations_solved: reports::escalations_solved(c, f, t)?,
                holds: reports::hold_times(c, f, t)?,
                feedback: reports::feedback(c, f, t)?,
                promises: reports::promises(c, f, t)?,
                head: events::head(c)?,
            })
        })
    }

    fn head(&mut self) -> Result<Option<ChainHead>> {
        self.read(|c| events::head(c))
    }

    fn hash_of(&mut self, event: i64) -> Result<Option<String>> {
        self.read(|c| events::hash_of(c, event))
    }

    fn audit(&mut self, auditor: &mut dyn Auditor) -> Result<Audited> {
        self.read(|c| {
            let mut problems = Vec::new();
            for data in events::erasures(c)? {
                auditor.erased(&data);
            }
            // A damaged page met on the way is a finding, not a crash.
            if let Err(e) = events::walk(c, |row| auditor.link(row)) {
                problems.push(e.to_string());
            }
            let policies: Vec<PolicyChange> = events::policy_changes(c)?
                .into_iter()
                .filter_map(|(id, json)| PolicyChange::recorded(id, &json))
                .collect();
            let walked = events::tickets_with_events(c, |id, row, events| {
                auditor.ticket(id, row, events, &policies)
            });
            if let Err(e) = walked {
                problems.push(e.to_string());
            }
            let head = events::head(c).unwrap_or_else(|e| {
                problems.push(e.to_string());
                None
            });
            Ok(Audited { problems, head })
        })
    }

    fn erase_customer(
        &mut self,
        customer: i64,
        rule: &mut dyn FnMut(&EraseContext) -> Result<EventRecord>,
    ) -> Result<Erasure> {
        let now = self.now();
        self.write(|c| {
            let found = customers::get(c, customer)?;
            if customers::erased(c, customer)? {
                return Err(Error::Conflict(format!(
                    "customer {customer}'s personal data is already erased"
                )));
            }
            let tickets = tickets::ids_for_customer(c, customer)?;
            let records = events::records_of(c, &tickets)?;
            let ctx = EraseContext {
                org: org(c)?,
                customer: found,
                events: records.iter().map(|(id, _)| *id).collect(),
                now,
            };
            let erasure = rule(&ctx)?;
            for (id, record) in &records {
                events::replace_content(c, *id, &privacy::erase(record))?;
            }
            tickets::erase(c, &tickets)?;
            customers::erase(
                c,
                customer,
                &privacy::erased_name(customer),
                now.timestamp_millis(),
            )?;
            events::append(c, &erasure)?;
            Ok(Erasure {
                customer_id: customer,
                tickets,
                events_erased: records.len() as u32,
            })
        })
    }
}

fn org(c: &Connection) -> Result<Org> {
    Ok(Org::new(people::all(c)?))
}

/// What the rules read about one ticket.
fn context(
    c: &Connection,
    id: i64,
    org: Arc<Org>,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<Context> {
    let ticket = tickets::get(c, id)?;
    let (last_changed_by, _) = tickets::last_change(c, id)?;
    Ok(Context {
        state: tickets::state(c, id)?,
        last_event_at: events::last_at(c, id)?,
        last_changed_by,
        ticket,
        org,
        policy,
        now,
    })
}

/// Writes one change: the ticket's new state, its event (chained), the escalation of its
/// cycle, its alerts and its search text.
fn commit(c: &Connection, change: &Change) -> Result<()> {
    let ticket = change.ticket;
    tickets::set_state(c, ticket, change)?;
    let event = events::append(c, &change.event)?;
    if change.event.kind == EventKind::Escalated.as_str() {
        tickets::record_escalation(c, ticket, change.state.cycle, event)?;
    }
    for a in &change.alerts {
        alerts::insert(
            c,
            a.person_id,
            ticket,
            a.due,
            &a.title,
            &a.body,
            change.event.at_ms,
        )?;
    }
    if let Some(text) = &change.indexed {
        tickets::index_text(c, ticket, text)?;
    }
    Ok(())
}

/// One set-up change, in the caller's transaction.
fn set_up(c: &Connection, op: SetupOp, now: DateTime<Utc>, out: &mut SetupOutcome) -> Result<()> {
    let now_ms = now.timestamp_millis();
    let event = match op {
        SetupOp::AddPerson {
            name,
            role,
            reports_to,
            pin_hash,
            event,
        } => {
            let id = people::insert(c, &name, role, reports_to, pin_hash.as_deref(), now_ms)?;
            out.created = Some(id);
            with_id(event, "person", id)
        }
        SetupOp::SetReportsTo {
            person,
            boss,
            event,
        } => {
            people::set_reports_to(c, person, boss)?;
            event
        }
        SetupOp::Deactivate { person, event } => {
            people::set_active(c, person, false)?;
            event
        }
        SetupOp::HandOver { from, to, by } => {
            let (org, policy) = (Arc::new(org(c)?), settings::policy(c)?);
            for id in tickets::open_ids_held_by(c, from.id)? {
                let ctx = context(c, id, org.clone(), policy, now)?;
                commit(c, &machine::hand_over(&ctx, &from, to, by)?)?;
                out.handed_over.push(id);
            }
            return Ok(());
        }
        SetupOp::SetPin {
            person,
            hash,
            event,
        } => {
            people::set_pin_hash(c, person, &hash)?;
            event
        }
        SetupOp::AddCategory { category, event } => {
            let id = categories::insert(c, &category)?;
            out.created = Some(id);
            with_id(event, "category", id)
        }
        SetupOp::SetPolicy { policy, event } => {
            settings::set_policy(c, &policy)?;
            event
        }
        SetupOp::SetHours { hours, event } => {
            settings::set_hours(c, &hours)?;
            event
        }
    };
    events::append(c, &event)?;
    Ok(())
}

/// The event of an addition, naming what was added once it has an id.
fn with_id(mut event: EventRecord, key: &str, id: i64) -> EventRecord {
    let mut data: serde_json::Map<String, serde_json::Value> = event
        .data
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or_default();
    data.insert(key.into(), id.into());
    event.data = Some(serde_json::Value::Object(data).to_string());
    event
}

/// The ticket a request with this idempotency key already wrote, if any.
fn request(c: &Connection, key: Option<&str>) -> Result<Option<i64>> {
    let Some(key) = key else { return Ok(None) };
    Ok(
        c.prepare_cached("SELECT ticket_id FROM requests WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?,
    )
}

fn remember(c: &Connection, key: Option<&str>, ticket: i64, at: i64) -> Result<()> {
    if let Some(key) = key {
        c.prepare_cached("INSERT INTO requests (key, ticket_id, at) VALUES (?1, ?2, ?3)")?
            .execute(params![key, ticket, at])?;
    }
    Ok(())
}
