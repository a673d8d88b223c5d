//! Every use case of the store, written once over the primitives a backend provides (`Tx`):
//! each in one transaction, with the rules called on what that transaction read. A backend with
//! many writers makes those reads lock what they read (the ticket row, the due rows it claims,
//! the chain's head last), so a rule's decision still holds when its change lands.

use chrono::{DateTime, Utc};
use std::path::Path;
use std::sync::Arc;

use super::at;
use super::tx::{Backend, Party, Tx};
use crate::alerts::Alert;
use crate::audit::ChainHead;
use crate::board::{BoardEntry, Lesson, Named, BOARD_LIMIT};
use crate::calendar::Hours;
use crate::categories::Category;
use crate::clock::Clock;
use crate::customers::{CleanCustomer, Customer, CustomerMatch, Lookup};
use crate::deadlines::SweepAction;
use crate::desk::LIST_LIMIT;
use crate::error::{Error, Result};
use crate::events::{Event, EventKind, EventRecord};
use crate::machine::{self, Change, Context, NewTicket};
use crate::people::{Org, Person};
use crate::policy::Policy;
use crate::privacy;
use crate::replay::Facts;
use crate::replay::PolicyChange;
use crate::reports::{drill, Figure, Prevention, Repeat, REPEAT_WINDOW_DAYS};
use crate::store::{
    Audited, Auditor, EraseContext, Erasure, Figures, IntakeContext, Many, Queue, SetupContext,
    SetupOp, SetupOutcome, SignInContext, Store, Swept,
};
use crate::tickets::{Action, After, SearchTerms, Ticket, TicketDetail};

impl<B: Backend> Store for B {
    fn now(&self) -> DateTime<Utc> {
        Backend::now(self)
    }

    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        Backend::set_clock(self, clock)
    }

    fn damaged(&self) -> Option<&str> {
        Backend::damaged(self)
    }

    fn check_integrity(&mut self) -> Result<Vec<String>> {
        Backend::check_integrity(self)
    }

    fn tidy(&mut self) -> Result<()> {
        Backend::tidy(self)
    }

    fn defer_checkpoints(&mut self) -> Result<()> {
        Backend::defer_checkpoints(self)
    }

    fn backup_to(&mut self, dest: &Path) -> Result<()> {
        Backend::backup_to(self, dest)
    }

    fn org(&mut self) -> Result<Org> {
        self.read(|c| org(c))
    }

    fn categories(&mut self) -> Result<Vec<Category>> {
        self.read(|c| c.categories())
    }

    fn policy(&mut self) -> Result<Policy> {
        self.read(|c| c.policy())
    }

    fn hours(&mut self) -> Result<Hours> {
        self.read(|c| c.hours())
    }

    fn setting_json(&mut self, key: &str) -> Result<Option<String>> {
        self.read(|c| c.setting_json(key))
    }

    fn set_up(
        &mut self,
        dry_run: bool,
        plan: &mut dyn FnMut(&SetupContext) -> Result<Vec<SetupOp>>,
    ) -> Result<SetupOutcome> {
        let now = self.now();
        let run = |c: &mut dyn Tx| {
            let ctx = SetupContext {
                org: org(c)?,
                policy: c.policy()?,
                hours: c.hours()?,
                categories: c.categories()?,
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
        self.read(|c| c.desk_changes(limit))
    }

    fn sign_in(&mut self, person: i64, pin: &str) -> Result<Person> {
        let now = self.now();
        // The failure count is committed even though the sign-in fails.
        self.write(|c| c.sign_in(person, pin, now))?
    }

    fn sign_in_context(&mut self, person: i64) -> Result<SignInContext> {
        let now = self.now();
        self.read(|c| c.sign_in_context(person, now))
    }

    fn add_customer(&mut self, n: &CleanCustomer) -> Result<Customer> {
        let now = self.now().timestamp_millis();
        self.write(|c| {
            for (digits, shown) in &n.phones {
                if let Some((id, who)) = c.contact_owner(Some(digits), None)? {
                    return Err(Error::Conflict(format!(
                        "{shown} already belongs to {who} (customer {id})"
                    )));
                }
            }
            for email in &n.emails {
                if let Some((id, who)) = c.contact_owner(None, Some(email))? {
                    return Err(Error::Conflict(format!(
                        "{email} already belongs to {who} (customer {id})"
                    )));
                }
            }
            let id = c.insert_customer(n, now)?;
            c.customer(id)
        })
    }

    fn customer(&mut self, id: i64) -> Result<Customer> {
        self.read(|c| c.customer(id))
    }

    fn customer_with_phone(&mut self, digits: &str) -> Result<Option<Customer>> {
        self.read(|c| {
            c.contact_owner(Some(digits), None)?
                .map(|(id, _)| c.customer(id))
                .transpose()
        })
    }

    fn find_customers(&mut self, lookup: &Lookup, limit: u32) -> Result<Vec<CustomerMatch>> {
        self.read(|c| {
            c.find_customers(lookup, limit)?
                .into_iter()
                .map(|id| customer_match(c, id, 3))
                .collect()
        })
    }

    fn customer_file(&mut self, id: i64, tickets: u32) -> Result<CustomerMatch> {
        self.read(|c| customer_match(c, id, tickets))
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
            if let Some(done) = c.request(key)? {
                return c.ticket(done);
            }
            let found = c.customer(customer)?;
            if c.customer_erased(customer)? {
                return Err(Error::Invalid(format!(
                    "customer {customer}'s personal data was erased: take the caller in as a new customer"
                )));
            }
            let ctx = IntakeContext {
                customer: found,
                category: c.category(category)?,
                org: org(c)?,
                policy: c.policy()?,
                now,
            };
            let mut new = rule(&ctx)?;
            let at = new.event.at_ms;
            let window = REPEAT_WINDOW_DAYS * 86_400_000;
            new.repeat_of = c.last_resolved(customer, category, at - window, at)?;
            let id = c.insert_ticket(&new)?;
            new.event.ticket_id = Some(id);
            c.remember(key, id, new.event.at_ms)?;
            c.append(&new.event)?;
            // Solved on the call: resolved by its rep, as any resolution is, in this transaction.
            if let Some(resolution) = new.resolution {
                let change = machine::act(
                    &context(c, id, now)?,
                    new.intake_rep_id,
                    None,
                    &Action::Resolve {
                        resolution,
                        prevention: None,
                    },
                )?;
                commit(c, &change)?;
            }
            c.ticket(id)
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
            if let Some(done) = c.request(key)? {
                return c.ticket(done);
            }
            let ctx = context(c, ticket, now)?;
            let change = rule(&ctx)?;
            c.remember(key, ticket, change.event.at_ms)?;
            commit(c, &change)?;
            c.ticket(ticket)
        })
    }

    fn act_on_many(
        &mut self,
        which: Many,
        key: Option<&str>,
        rule: &mut dyn FnMut(&[Context]) -> Result<Vec<Change>>,
    ) -> Result<Vec<Ticket>> {
        let now = self.now();
        self.write(|c| {
            if let Some(done) = c.request(key)? {
                return Ok(vec![c.ticket(done)?]);
            }
            let ids = match which {
                Many::These(ids) => ids,
                Many::OpenHeldBy(person) => c.open_ids_held_by(person)?,
            };
            let org = Arc::new(org(c)?);
            let policy = c.policy()?;
            // Read (and, with many writers, locked) in number order, so two changes to the same
            // tickets cannot wait on each other; the rule reads them in the order asked.
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let mut read = std::collections::HashMap::new();
            for id in sorted {
                read.insert(id, context_with(c, id, org.clone(), policy, now)?);
            }
            let contexts: Vec<Context> = ids.iter().map(|id| read[id].clone()).collect();
            let changes = rule(&contexts)?;
            if let Some(last) = ids.last() {
                c.remember(key, *last, now.timestamp_millis())?;
            }
            for change in &changes {
                commit(c, change)?;
            }
            ids.iter().map(|&id| c.ticket(id)).collect()
        })
    }

    fn ticket(&mut self, id: i64) -> Result<Ticket> {
        self.read(|c| c.ticket(id))
    }

    fn done_with(&mut self, key: &str) -> Result<Option<i64>> {
        self.read(|c| c.request(Some(key)))
    }

    fn ticket_detail(&mut self, id: i64) -> Result<TicketDetail> {
        self.read(|c| {
            let ticket = c.ticket(id)?;
            Ok(TicketDetail {
                customer: c.customer(ticket.customer_id)?,
                events: c.events_of(id)?,
                history: c
                    .tickets_of_customer(ticket.customer_id, 20)?
                    .into_iter()
                    .filter(|t| t.id != id)
                    .collect(),
                ticket,
                allowed: vec![],
                passes_to: None,
            })
        })
    }

    fn ticket_context(&mut self, id: i64) -> Result<Context> {
        let now = self.now();
        self.read(|c| context(c, id, now))
    }

    fn queue(&mut self, queue: &Queue, limit: u32, after: Option<&After>) -> Result<Vec<Ticket>> {
        let now = self.now().timestamp_millis();
        self.read(|c| {
            let lead = c.policy()?.warn_lead_ms();
            c.queue(queue, now, lead, limit, after)
        })
    }

    fn count(&mut self, queue: &Queue) -> Result<u32> {
        let now = self.now().timestamp_millis();
        self.read(|c| {
            let lead = c.policy()?.warn_lead_ms();
            c.count(queue, now, lead)
        })
    }

    fn to_confirm(&mut self, person: i64, limit: u32) -> Result<Vec<Ticket>> {
        self.read(|c| c.to_confirm(person, limit))
    }

    fn search(&mut self, terms: &SearchTerms, limit: u32) -> Result<Vec<Ticket>> {
        self.read(|c| {
            let mut found = match terms.number.map(|n| c.ticket(n)) {
                Some(Ok(t)) => vec![t],
                _ => vec![],
            };
            if let Some(lookup) = &terms.customer {
                let customers = c.find_customers(lookup, 20)?;
                if !customers.is_empty() {
                    found.extend(c.tickets_of_customers(&customers, limit)?);
                }
            }
            found.extend(c.search(&terms.words, limit)?);
            let mut seen = std::collections::HashSet::new();
            found.retain(|t| seen.insert(t.id));
            found.truncate(limit as usize);
            Ok(found)
        })
    }

    fn sweep_batch(&self) -> u32 {
        B::SWEEP_BATCH
    }

    fn sweep(
        &mut self,
        limit: u32,
        rule: &mut dyn FnMut(&Context) -> Vec<(Change, SweepAction)>,
    ) -> Result<Swept> {
        let now = self.now();
        self.write(|c| {
            let policy = c.policy()?;
            let org = Arc::new(org(c)?);
            let due = c.claim_due(now.timestamp_millis(), policy.warn_lead_ms(), limit)?;
            // Everything read before anything is written: the first write's event takes the
            // chain's head, which other workstations then wait on until this commits.
            let planned = due
                .iter()
                .map(|id| Ok(rule(&context_with(c, *id, org.clone(), policy, now)?)))
                .collect::<Result<Vec<_>>>()?;
            let mut actions = Vec::new();
            for (change, action) in planned.into_iter().flatten() {
                commit(c, &change)?;
                actions.push(action);
            }
            Ok(Swept {
                due: due.len(),
                actions,
            })
        })
    }

    fn next_due(&mut self) -> Result<Option<DateTime<Utc>>> {
        self.read(|c| {
            let policy = c.policy()?;
            Ok(c.next_due(policy.warn_lead_ms())?.map(at))
        })
    }

    fn alerts(&mut self, person: i64, limit: u32) -> Result<Vec<Alert>> {
        self.read(|c| {
            c.person(person)?;
            c.alerts_for(person, limit)
        })
    }

    fn unread_alerts(&mut self, person: i64) -> Result<u32> {
        self.read(|c| c.unread(person))
    }

    fn mark_alerts_read(&mut self, person: i64, ids: &[i64]) -> Result<usize> {
        let now = self.now().timestamp_millis();
        self.write(|c| c.mark_read(person, ids, now))
    }

    fn alerts_after(&mut self, cursor: i64, limit: u32) -> Result<Vec<Alert>> {
        // One writer at a time: alert ids are given in commit order.
        self.read(|c| c.alerts_after(cursor, limit))
    }

    fn alert_cursor(&mut self) -> Result<i64> {
        self.read(|c| c.last_alert_id())
    }

    fn figures(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Figures> {
        let (f, t) = (from.timestamp_millis(), to.timestamp_millis());
        self.read(|c| {
            let mut count = |kind: EventKind, party| c.count_events(kind.as_str(), party, f, t);
            let created = count(EventKind::Created, Party::Actor)?;
            let solved = count(EventKind::Resolved, Party::Actor)?;
            let passed = count(EventKind::Passed, Party::From)?;
            let taken = count(EventKind::Taken, Party::Actor)?;
            let assigned = count(EventKind::Assigned, Party::Actor)?;
            let escalated = count(EventKind::Escalated, Party::From)?;
            let received = count(EventKind::Escalated, Party::To)?;
            let mut quarter_hours = std::collections::HashMap::new();
            for kind in [
                EventKind::Created,
                EventKind::Resolved,
                EventKind::Passed,
                EventKind::Escalated,
            ] {
                quarter_hours.insert(kind, c.quarter_hours(kind.as_str(), f, t)?);
            }
            let org = org(c)?;
            // Every entry of the period is counted; the newest are listed.
            let kinds = [EventKind::CustomerFeedback.as_str()];
            let said = c.records_between(&kinds, f, t, None, u32::MAX)?;
            let board_said = said
                .iter()
                .map(|(_, e)| (at(e.at_ms), e.delighted == Some(true)))
                .collect();
            let newest = said.into_iter().take(BOARD_LIMIT as usize).collect();
            let (repeats_total, repeats) = repeats(c, f, t)?;
            Ok(Figures {
                created,
                solved,
                passed,
                taken,
                assigned,
                escalated,
                received,
                escalations_solved: c.escalations_solved(f, t)?,
                holds: c.hold_times(f, t)?,
                feedback: c.feedback(f, t)?,
                resolved: c.resolved_between(f, t)?,
                quarter_hours,
                preventions: preventions(c, &org, f, t)?,
                repeats,
                repeats_total,
                board: entries(c, &org, newest)?,
                board_said,
                head: c.head()?,
            })
        })
    }

    fn drill(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        figure: Figure,
        people: Option<&[i64]>,
        limit: u32,
    ) -> Result<Vec<Ticket>> {
        let (f, t) = (from.timestamp_millis(), to.timestamp_millis());
        self.read(|c| {
            let ids = match drill::events_of(figure) {
                Some((kind, party)) => {
                    c.event_tickets(kind.as_str(), party, people, f, t, limit)?
                }
                None => {
                    let kept = figure == Figure::PromisesKept;
                    let mut rows = c.resolved_between(f, t)?;
                    rows.retain(|r| {
                        r.kept() == kept && people.is_none_or(|p| p.contains(&r.owner))
                    });
                    rows.sort_by_key(|r| std::cmp::Reverse(r.resolved_at));
                    rows.iter().take(limit as usize).map(|r| r.ticket).collect()
                }
            };
            ids.into_iter().map(|id| c.ticket(id)).collect()
        })
    }

    fn board(&mut self, limit: u32) -> Result<Vec<BoardEntry>> {
        self.read(|c| {
            let org = org(c)?;
            board(c, &org, i64::MIN, i64::MAX, limit)
        })
    }

    fn board_entry(&mut self, id: i64) -> Result<BoardEntry> {
        self.read(|c| {
            let org = org(c)?;
            let found = c
                .record(id)?
                .filter(|e| e.kind == EventKind::CustomerFeedback.as_str())
                .ok_or_else(|| Error::not_found("board entry", id))?;
            let mut one = entries(c, &org, vec![(id, found)])?;
            one.pop().ok_or_else(|| Error::not_found("board entry", id))
        })
    }

    fn head(&mut self) -> Result<Option<ChainHead>> {
        self.read(|c| c.head())
    }

    fn hash_of(&mut self, event: i64) -> Result<Option<String>> {
        self.read(|c| c.hash_of(event))
    }

    fn check_and_audit(&mut self, auditor: &mut dyn Auditor) -> Result<(Vec<String>, Audited)> {
        let Some(beside) = Backend::integrity_beside(self) else {
            let integrity = self.check_integrity()?;
            return Ok((integrity, audit(self, auditor)?));
        };
        let audited = audit(self, auditor);
        let mut integrity = beside
            .join()
            .unwrap_or_else(|_| vec!["the integrity check stopped unexpectedly".into()]);
        Backend::integrity_found(self, &mut integrity);
        Ok((integrity, audited?))
    }

    fn erase_customer(
        &mut self,
        customer: i64,
        rule: &mut dyn FnMut(&EraseContext) -> Result<EventRecord>,
    ) -> Result<Erasure> {
        let now = self.now();
        self.write(|c| {
            // Erasing again erases what was written on their tickets since (erasing an event
            // twice changes nothing more).
            let found = c.customer(customer)?;
            let tickets = c.ticket_ids_of_customer(customer)?;
            let mut records = c.records_of(&tickets)?;
            // What the board kept of them outside their tickets goes too.
            records.extend(c.board_records_of(customer)?);
            let ctx = EraseContext {
                org: org(c)?,
                customer: found,
                events: records.iter().map(|(id, _)| *id).collect(),
                now,
            };
            let erasure = rule(&ctx)?;
            for (id, record) in &records {
                c.replace_content(*id, &privacy::erase(record))?;
            }
            c.erase_tickets(&tickets)?;
            c.erase_customer(
                customer,
                &privacy::erased_name(customer),
                now.timestamp_millis(),
            )?;
            c.append(&erasure)?;
            Ok(Erasure {
                customer_id: customer,
                tickets,
                events_erased: records.len() as u32,
            })
        })
    }
}

/// Shows `auditor` the erasures, the chain and every ticket, from one snapshot.
fn audit<B: Backend>(b: &mut B, auditor: &mut dyn Auditor) -> Result<Audited> {
    b.read(|c| {
        let mut problems = Vec::new();
        for data in c.erasures()? {
            auditor.erased(&data);
        }
        // A damaged page met on the way is a finding, not a crash.
        if let Err(e) = c.walk(&mut |row| auditor.link(row)) {
            problems.push(e.to_string());
        }
        let policies: Vec<PolicyChange> = c
            .policy_changes()?
            .into_iter()
            .filter_map(|(id, json)| PolicyChange::recorded(id, &json))
            .collect();
        let walked = c
            .tickets_with_events(&mut |id, row, events| auditor.ticket(id, row, events, &policies));
        if let Err(e) = walked {
            problems.push(e.to_string());
        }
        let head = c.head().unwrap_or_else(|e| {
            problems.push(e.to_string());
            None
        });
        Ok(Audited { problems, head })
    })
}

fn org(c: &mut dyn Tx) -> Result<Org> {
    Ok(Org::new(c.people()?))
}

/// What the rules read about one ticket, with today's people and policy.
fn context(c: &mut dyn Tx, id: i64, now: DateTime<Utc>) -> Result<Context> {
    let org = Arc::new(org(c)?);
    let policy = c.policy()?;
    context_with(c, id, org, policy, now)
}

/// What the rules read about one ticket, sharing one reading of the people and the policy.
fn context_with(
    c: &mut dyn Tx,
    id: i64,
    org: Arc<Org>,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<Context> {
    let read = c.ticket_for_rules(id)?;
    Ok(Context {
        ticket: read.ticket,
        state: read.state,
        last_changed_by: read.last_changed_by,
        last_event_at: read.last_event_at,
        org,
        policy,
        now,
    })
}

/// Writes one change: the ticket's new state, its event (chained), the escalation of its
/// cycle, its alerts and its search text.
fn commit(c: &mut dyn Tx, change: &Change) -> Result<()> {
    let ticket = change.ticket;
    c.set_state(ticket, change)?;
    if let Some(fields) = &change.fields {
        c.set_fields(ticket, fields)?;
    }
    if let Some(text) = &change.indexed {
        c.index_text(ticket, text)?;
    }
    // The chain's head last: with many writers, it is held from here to the commit.
    let event = c.append(&change.event)?;
    if change.event.kind == EventKind::Escalated.as_str() {
        c.record_escalation(ticket, change.state.cycle, event)?;
    }
    for a in &change.alerts {
        c.insert_alert(
            a.person_id,
            ticket,
            a.due,
            &a.title,
            &a.body,
            change.event.at_ms,
        )?;
    }
    Ok(())
}

/// A customer with their open count and their newest `tickets`.
fn customer_match(c: &mut dyn Tx, id: i64, tickets: u32) -> Result<CustomerMatch> {
    Ok(CustomerMatch {
        customer: c.customer(id)?,
        open_tickets: c.open_count_of_customer(id)?,
        recent_tickets: c.tickets_of_customer(id, tickets)?,
    })
}

/// One set-up change, in the caller's transaction.
fn set_up(c: &mut dyn Tx, op: SetupOp, now: DateTime<Utc>, out: &mut SetupOutcome) -> Result<()> {
    let now_ms = now.timestamp_millis();
    let event = match op {
        SetupOp::AddPerson {
            name,
            role,
            reports_to,
            pin,
            event,
        } => {
            let id = c.insert_person(&name, role, reports_to, pin.as_deref(), now_ms)?;
            out.created = Some(id);
            with_id(event, "person", id)
        }
        SetupOp::SetReportsTo {
            person,
            boss,
            event,
        } => {
            c.set_reports_to(person, boss)?;
            event
        }
        SetupOp::Deactivate { person, event } => {
            c.set_active(person, false)?;
            event
        }
        SetupOp::HandOver { from, to, by } => {
            let (org, policy) = (Arc::new(org(c)?), c.policy()?);
            for id in c.open_ids_held_by(from.id)? {
                let ctx = context_with(c, id, org.clone(), policy, now)?;
                commit(c, &machine::hand_over(&ctx, &from, to, by)?)?;
                out.handed_over.push(id);
            }
            return Ok(());
        }
        SetupOp::SetPin { person, pin, event } => {
            c.set_pin(person, &pin)?;
            event
        }
        SetupOp::AddCategory { category, event } => {
            let id = c.insert_category(&category)?;
            out.created = Some(id);
            with_id(event, "category", id)
        }
        SetupOp::SetPolicy { policy, event } => {
            c.set_policy(&policy)?;
            event
        }
        SetupOp::SetHours { hours, event } => {
            c.set_hours(&hours)?;
            event
        }
        SetupOp::SetSetting { key, json, event } => {
            c.set_setting_json(&key, &json)?;
            event
        }
        SetupOp::SetCustomerNotes {
            customer,
            notes,
            event,
        } => {
            c.customer(customer)?;
            if c.customer_erased(customer)? {
                return Err(Error::Conflict(format!(
                    "customer {customer}'s data was erased; nothing more is kept about them"
                )));
            }
            c.set_customer_notes(customer, &notes)?;
            event
        }
        SetupOp::AddToBoard {
            customer,
            ticket,
            mut event,
        } => {
            let found = c.customer(customer)?;
            if c.customer_erased(customer)? {
                return Err(Error::Conflict(format!(
                    "customer {customer}'s data was erased; nothing more is kept about them"
                )));
            }
            if let Some(t) = ticket.map(|t| c.ticket(t)).transpose()? {
                if t.customer_id != customer {
                    return Err(Error::Conflict(format!(
                        "#{} is {}'s, not {}'s",
                        t.number, t.customer_name, found.name
                    )));
                }
            }
            event.ticket_id = ticket;
            event
        }
        SetupOp::NoteLesson { entry, mut event } => {
            let on = c
                .record(entry)?
                .filter(|e| e.kind == EventKind::CustomerFeedback.as_str())
                .ok_or_else(|| Error::not_found("board entry", entry))?;
            // Filed with its entry: on its ticket, or naming its customer.
            event.ticket_id = on.ticket_id;
            event = with_id(
                event,
                "customer",
                Facts::of(&on).customer.unwrap_or_default(),
            );
            event
        }
    };
    let kind = EventKind::parse(event.kind);
    let id = c.append(&event)?;
    if matches!(kind, Some(EventKind::CustomerFeedback | EventKind::Learned)) {
        out.created = Some(id);
    }
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

/// What a person id reads as in a report: their name, or the administrator's CLI.
fn name_in(org: &Org, id: Option<i64>) -> String {
    id.and_then(|id| org.get(id).ok())
        .map_or_else(|| "the administrator".to_string(), |p| p.name.clone())
}

/// These board entries (as recorded), each with its newest lesson.
fn entries(c: &mut dyn Tx, org: &Org, found: Vec<(i64, EventRecord)>) -> Result<Vec<BoardEntry>> {
    let Some(oldest) = found.iter().map(|(_, e)| e.at_ms).min() else {
        return Ok(vec![]);
    };
    let lessons = c.records_between(
        &[EventKind::Learned.as_str()],
        oldest,
        i64::MAX,
        None,
        u32::MAX,
    )?;
    found
        .into_iter()
        .map(|(id, e)| {
            let f = Facts::of(&e);
            let customer = f.customer.unwrap_or_default();
            let lesson = lessons
                .iter()
                .find(|(_, l)| Facts::of(l).entry == Some(id))
                .map(|(_, l)| Lesson {
                    what: l.text.clone().unwrap_or_default(),
                    by: name_in(org, l.actor_id),
                    at: at(l.at_ms),
                });
            Ok(BoardEntry {
                id,
                at: at(e.at_ms),
                compliment: e.delighted == Some(true),
                what: e.text.unwrap_or_default(),
                customer_id: customer,
                customer_name: c.customer(customer)?.name,
                ticket_id: e.ticket_id,
                people: f
                    .people
                    .unwrap_or_default()
                    .into_iter()
                    .map(|id| Named {
                        id,
                        name: name_in(org, Some(id)),
                    })
                    .collect(),
                recorded_by: name_in(org, e.actor_id),
                lesson,
            })
        })
        .collect()
}

/// The board's entries recorded in [from, to), newest first: at most `limit`.
fn board(c: &mut dyn Tx, org: &Org, from: i64, to: i64, limit: u32) -> Result<Vec<BoardEntry>> {
    let kinds = [EventKind::CustomerFeedback.as_str()];
    let found = c.records_between(&kinds, from, to, None, limit)?;
    entries(c, org, found)
}

/// The resolutions of [from, to) that recorded a prevention, newest first.
fn preventions(c: &mut dyn Tx, org: &Org, from: i64, to: i64) -> Result<Vec<Prevention>> {
    let kinds = [EventKind::Resolved.as_str()];
    let mut out = Vec::new();
    for (_, e) in c.records_between(&kinds, from, to, Some("prevention"), LIST_LIMIT)? {
        let (Some(what), Some(ticket)) = (Facts::of(&e).prevention, e.ticket_id) else {
            continue;
        };
        let t = c.ticket(ticket)?;
        out.push(Prevention {
            ticket_id: t.id,
            customer_name: t.customer_name,
            category_name: t.category_name,
            resolved_by_id: e.actor_id.unwrap_or_default(),
            resolved_by: name_in(org, e.actor_id),
            at: at(e.at_ms),
            what,
        });
    }
    Ok(out)
}

/// The problems of [from, to) that came back within `REPEAT_WINDOW_DAYS` of being resolved:
/// how many, and the newest `LIST` with what was resolved (and prevented) the first time.
fn repeats(c: &mut dyn Tx, from: i64, to: i64) -> Result<(u32, Vec<Repeat>)> {
    const LIST: usize = 200;
    let found = c.repeats(from, to)?;
    let mut out = Vec::new();
    for &(ticket, earlier) in found.iter().take(LIST) {
        let (t, e) = (c.ticket(ticket)?, c.ticket(earlier)?);
        let earlier_prevention = c
            .events_of(earlier)?
            .into_iter()
            .rev()
            .find(|ev| ev.kind == EventKind::Resolved)
            .and_then(|ev| ev.data.prevention);
        out.push(Repeat {
            ticket_id: t.id,
            created_at: t.created_at,
            customer_id: t.customer_id,
            customer_name: t.customer_name,
            category_name: t.category_name,
            earlier_id: e.id,
            earlier_resolved_at: e.resolved_at.unwrap_or(e.created_at),
            earlier_resolution: e.resolution,
            earlier_prevention,
        });
    }
    Ok((found.len() as u32, out))
}
