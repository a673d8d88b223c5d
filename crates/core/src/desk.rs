//! The facade every front end (app, CLI, tests) goes through. It holds the store and the clock,
//! asks the pure rules for decisions, and writes each change with its event in one transaction.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::alerts::{self, Alert};
use crate::audit::{BrokenLink, Verification};
use crate::auth;
use crate::categories::{self, Category, NewCategory};
use crate::clock::Clock;
use crate::customers::{self, Customer, CustomerMatch, NewCustomer};
use crate::deadlines::{self, Due, Sweep, SweepAction};
use crate::error::{Error, Result};
use crate::events::{EventKind, EventRecord, GENESIS};
use crate::ownership::{self, Facts};
use crate::people::{self, NewPerson, Person};
use crate::policy::Policy;
use crate::reports::{self, ExecutiveFigures, PersonFigures, Report, Totals};
use crate::store::reports::Party;
use crate::store::{self, ms, Store};
use crate::tickets::{Action, ActionKind, Intake, QueueKind, Status, Ticket, TicketDetail};

/// How many rows a queue or search returns at most.
pub const LIST_LIMIT: u32 = 5_000;
const MAX_SUMMARY: usize = 500;

pub struct Desk {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl Desk {
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Desk> {
        Ok(Desk {
            store: Store::open(path)?,
            clock,
        })
    }

    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Desk> {
        Ok(Desk {
            store: Store::open_in_memory()?,
            clock,
        })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Swaps the clock, returning the old one (the demo replays a few days this way).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        std::mem::replace(&mut self.clock, clock)
    }

    // ---- people -------------------------------------------------------------------------

    /// True on first run: nobody has been set up yet.
    pub fn is_empty(&mut self) -> Result<bool> {
        self.store.read(|c| Ok(store::people::count(c)? == 0))
    }

    pub fn add_person(&mut self, p: NewPerson) -> Result<Person> {
        let name = people::clean_name("a person's", &p.name)?;
        let pin_hash = p.pin.as_deref().map(auth::hash_pin).transpose()?;
        let now = ms(self.now());
        self.store.write(|c| {
            match p.reports_to {
                Some(boss) => {
                    let boss = store::people::get(c, boss)?;
                    if !boss.active {
                        return Err(Error::Invalid(format!("{} is no longer active", boss.name)));
                    }
                }
                None => {
                    if let Some(root) = store::people::root(c)? {
                        return Err(Error::Invalid(format!(
                            "{} is already the top of the organisation; say whom {name} reports to",
                            root.name
                        )));
                    }
                }
            }
            let id =
                store::people::insert(c, &name, p.role, p.reports_to, pin_hash.as_deref(), now)?;
            store::people::get(c, id)
        })
    }

    pub fn people(&mut self) -> Result<Vec<Person>> {
        self.store.read(|c| store::people::all(c))
    }

    pub fn person(&mut self, id: i64) -> Result<Person> {
        self.store.read(|c| store::people::get(c, id))
    }

    /// A person by id or by (case-insensitive) name.
    pub fn find_person(&mut self, reference: &str) -> Result<Person> {
        let reference = reference.trim();
        self.store.read(|c| match reference.parse::<i64>() {
            Ok(id) => store::people::get(c, id),
            Err(_) => store::people::find_by_name(c, reference)?
                .ok_or_else(|| Error::not_found("person", reference)),
        })
    }

    /// The people below someone, for "My team" and for choosing whom to assign to.
    pub fn team(&mut self, person: i64) -> Result<Vec<Person>> {
        self.store.read(|c| {
            let below = store::people::subtree(c, person)?;
            Ok(store::people::all(c)?
                .into_iter()
                .filter(|p| below.contains(&p.id))
                .collect())
        })
    }

    pub fn set_pin(&mut self, person: i64, pin: &str) -> Result<()> {
        let hash = auth::hash_pin(pin)?;
        self.store.write(|c| {
            store::people::get(c, person)?;
            store::people::set_pin_hash(c, person, &hash)
        })
    }

    /// Checks a PIN. Five wrong ones in a row lock the person out for five minutes.
    pub fn sign_in(&mut self, person: i64, pin: &str) -> Result<Person> {
        let now = ms(self.now());
        self.store
            .write(|c| {
                let who = store::people::get(c, person)?;
                if !who.active {
                    return Err(Error::Forbidden(format!(
                        "{} is no longer active",
                        who.name
                    )));
                }
                let state = store::people::pin_state(c, person)?;
                if let Some(until) = state.locked_until.filter(|&u| u > now) {
                    return Ok(Err(Error::LockedOut {
                        name: who.name,
                        until: store::at(until),
                    }));
                }
                let Some(hash) = state.hash else {
                    return Ok(Ok(who));
                };
                if auth::pin_matches(pin, &hash) {
                    store::people::set_pin_state(c, person, 0, None)?;
                    return Ok(Ok(who));
                }
                let failed = state.failed + 1;
                if failed >= auth::MAX_FAILURES {
                    let until = now + auth::LOCKOUT_MS;
                    store::people::set_pin_state(c, person, 0, Some(until))?;
                    Ok(Err(Error::LockedOut {
                        name: who.name,
                        until: store::at(until),
                    }))
                } else {
                    store::people::set_pin_state(c, person, failed, None)?;
                    Ok(Err(Error::WrongPin(who.name)))
                }
            })
            // The failure count is committed even though the sign-in fails.
            .and_then(|outcome| outcome)
    }

    // ---- customers ----------------------------------------------------------------------

    pub fn add_customer(&mut self, n: NewCustomer) -> Result<Customer> {
        let name = people::clean_name("a customer's", &n.name)?;
        let phones = n
            .phones
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| Ok((customers::normalize_phone(p)?, p.trim().to_string())))
            .collect::<Result<Vec<_>>>()?;
        let emails = n
            .emails
            .iter()
            .filter(|e| !e.trim().is_empty())
            .map(|e| customers::normalize_email(e))
            .collect::<Result<Vec<_>>>()?;
        if n.notes.chars().count() > categories::MAX_FIELD_VALUE {
            return Err(Error::Invalid("the notes are too long".into()));
        }
        let now = ms(self.now());
        self.store.write(|c| {
            for (digits, shown) in &phones {
                if let Some((id, who)) = store::customers::owner_of_contact(c, Some(digits), None)?
                {
                    return Err(Error::Conflict(format!(
                        "{shown} already belongs to {who} (customer {id})"
                    )));
                }
            }
            for email in &emails {
                if let Some((id, who)) = store::customers::owner_of_contact(c, None, Some(email))? {
                    return Err(Error::Conflict(format!(
                        "{email} already belongs to {who} (customer {id})"
                    )));
                }
            }
            let id = store::customers::insert(c, &name, &phones, &emails, n.notes.trim(), now)?;
            store::customers::get(c, id)
        })
    }

    pub fn customer(&mut self, id: i64) -> Result<Customer> {
        self.store.read(|c| store::customers::get(c, id))
    }

    /// The customer with exactly this phone number, typed in any format (numbers are unique).
    pub fn customer_by_phone(&mut self, phone: &str) -> Result<Customer> {
        let digits = customers::normalize_phone(phone)?;
        self.store.read(
            |c| match store::customers::owner_of_contact(c, Some(&digits), None)? {
                Some((id, _)) => store::customers::get(c, id),
                None => Err(Error::not_found("customer with phone", phone)),
            },
        )
    }

    /// Customers matching a phone (any format), an email or a name, each with their recent tickets.
    pub fn find_customers(&mut self, query: &str) -> Result<Vec<CustomerMatch>> {
        let lookup = customers::classify_lookup(query)?;
        self.store.read(|c| {
            store::customers::find(c, &lookup, 20)?
                .into_iter()
                .map(|id| {
                    Ok(CustomerMatch {
                        customer: store::customers::get(c, id)?,
                        open_tickets: store::tickets::open_count_for_customer(c, id)?,
                        recent_tickets: store::tickets::for_customer(c, id, 3)?,
                    })
                })
                .collect()
        })
    }

    // ---- categories ---------------------------------------------------------------------

    pub fn add_category(&mut self, n: NewCategory) -> Result<Category> {
        let name = people::clean_name("a category's", &n.name)?;
        let mut fields = Vec::new();
        for f in n.fields {
            categories::check_field_key(&f.key)?;
            if fields.iter().any(|g: &categories::FieldDef| g.key == f.key) {
                return Err(Error::Invalid(format!("field '{}' is named twice", f.key)));
            }
            let label = if f.label.trim().is_empty() {
                categories::label_for(&f.key)
            } else {
                f.label.trim().to_string()
            };
            fields.push(categories::FieldDef { label, ..f });
        }
        let small_steps = n
            .small_steps
            .iter()
            .map(|s| ownership::required_text("a small step", s))
            .collect::<Result<Vec<_>>>()?;
        self.store.write(|c| {
            if let Some(owner) = n.default_owner_id {
                store::people::get(c, owner)?;
            }
            let cat = Category {
                id: 0,
                name,
                fields,
                default_owner_id: n.default_owner_id,
                realtime: n.realtime,
                small_steps,
            };
            let id = store::categories::insert(c, &cat)?;
            store::categories::get(c, id)
        })
    }

    pub fn categories(&mut self) -> Result<Vec<Category>> {
        self.store.read(|c| store::categories::all(c))
    }

    /// A category by id or by (case-insensitive) name.
    pub fn find_category(&mut self, reference: &str) -> Result<Category> {
        let reference = reference.trim();
        self.store.read(|c| match reference.parse::<i64>() {
            Ok(id) => store::categories::get(c, id),
            Err(_) => store::categories::find_by_name(c, reference)?
                .ok_or_else(|| Error::not_found("category", reference)),
        })
    }

    // ---- tickets ------------------------------------------------------------------------

    /// Takes in a problem. The owner is the category's default owner, else the rep.
    pub fn intake(&mut self, actor: i64, i: Intake) -> Result<Ticket> {
        let now = self.now();
        let channel = i
            .channel
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("phone")
            .to_string();
        if channel.chars().count() > 40 {
            return Err(Error::Invalid("the channel name is too long".into()));
        }
        let small_step = i
            .small_step
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| ownership::required_text("the small step", s))
            .transpose()?;
        self.store.write(|c| {
            let rep = active_person(c, actor)?;
            store::customers::get(c, i.customer_id)?;
            let category = store::categories::get(c, i.category_id)?;
            let policy = store::settings::policy(c)?;
            let summary = i.summary.trim();
            // Name every missing piece at once, the summary included.
            let fields = match category.check_values(&i.fields) {
                Err(Error::MissingFields(mut missing)) => {
                    if summary.is_empty() {
                        missing.insert(0, "summary".into());
                    }
                    return Err(Error::MissingFields(missing));
                }
                other => other?,
            };
            if summary.is_empty() {
                return Err(Error::MissingFields(vec!["summary".into()]));
            }
            if summary.chars().count() > MAX_SUMMARY {
                return Err(Error::Invalid(format!(
                    "the summary is longer than {MAX_SUMMARY} characters"
                )));
            }
            if i.realtime_offered && !category.realtime {
                return Err(Error::Invalid(format!(
                    "realtime help is not offered for {}",
                    category.name
                )));
            }
            if i.realtime_taken && !i.realtime_offered {
                return Err(Error::Invalid(
                    "realtime help can be taken only when offered".into(),
                ));
            }
            let due_at = now + Duration::milliseconds(policy.escalate_after_ms());
            let promise_at = i.promise_at.unwrap_or(due_at);
            if promise_at <= now {
                return Err(Error::Invalid(format!(
                    "the promised time {promise_at} is not in the future"
                )));
            }
            let owner = match category.default_owner_id {
                Some(o) if store::people::get(c, o)?.active => o,
                _ => rep.id,
            };
            let now_ms = ms(now);
            let id = store::tickets::insert(
                c,
                &store::tickets::NewTicket {
                    customer_id: i.customer_id,
                    category_id: category.id,
                    summary,
                    fields: &fields,
                    channel: &channel,
                    intake_rep_id: rep.id,
                    owner_id: owner,
                    now: now_ms,
                    due_at: ms(due_at),
                    idle_due_at: now_ms + policy.idle_ms(),
                    promise_at: ms(promise_at),
                    small_step: small_step.as_deref(),
                    realtime_offered: i.realtime_offered,
                    realtime_taken: i.realtime_taken,
                },
            )?;
            store::events::append(
                c,
                &EventRecord {
                    ticket_id: id,
                    kind: EventKind::Created.as_str(),
                    at_ms: now_ms,
                    actor_id: Some(rep.id),
                    to_id: Some(owner),
                    text: Some(summary.to_string()),
                    ..Default::default()
                },
            )?;
            store::tickets::get(c, id)
        })
    }

    pub fn ticket(&mut self, id: i64) -> Result<TicketDetail> {
        self.store.read(|c| {
            let ticket = store::tickets::get(c, id)?;
            Ok(TicketDetail {
                customer: store::customers::get(c, ticket.customer_id)?,
                events: store::events::for_ticket(c, id)?,
                history: store::tickets::for_customer(c, ticket.customer_id, 20)?
                    .into_iter()
                    .filter(|t| t.id != id)
                    .collect(),
                ticket,
                allowed: vec![],
            })
        })
    }

    /// The ticket as `viewer` sees it, with the actions the rules allow them now.
    pub fn ticket_as(&mut self, viewer: i64, id: i64) -> Result<TicketDetail> {
        let mut detail = self.ticket(id)?;
        let now = self.now();
        detail.allowed = self.store.read(|c| {
            let t = &detail.ticket;
            let actor = store::people::get(c, viewer)?;
            let owner = store::people::get(c, t.owner_id)?;
            let superior = owner
                .reports_to
                .map(|s| store::people::get(c, s))
                .transpose()?;
            let facts = Facts {
                number: t.number,
                status: t.status,
                owner: &owner,
                actor: &actor,
                owner_superior: superior.as_ref(),
                owner_below_actor: store::people::ancestors(c, owner.id)?.contains(&actor.id),
                target: None,
                now,
            };
            let sample = |kind| {
                let text = "sample".to_string();
                match kind {
                    ActionKind::Pass => Action::Pass { reason: text },
                    ActionKind::Take => Action::Take,
                    ActionKind::Assign => Action::Assign {
                        to: 0,
                        reason: text,
                    },
                    ActionKind::Resolve => Action::Resolve { resolution: text },
                    ActionKind::Reopen => Action::Reopen { reason: text },
                    ActionKind::Note => Action::Note { text },
                    ActionKind::Tickle => Action::Tickle {
                        at: now + Duration::hours(1),
                    },
                    ActionKind::Feedback => Action::Feedback {
                        delighted: true,
                        what: text,
                    },
                }
            };
            use ActionKind::*;
            Ok(
                [Pass, Take, Assign, Resolve, Reopen, Note, Tickle, Feedback]
                    .into_iter()
                    .filter(|&kind| match ownership::decide(&facts, &sample(kind)) {
                        Ok(_) => true,
                        // Assign is open when only the choice of person is missing.
                        Err(Error::Invalid(_)) => kind == Assign,
                        Err(_) => false,
                    })
                    .collect(),
            )
        })?;
        Ok(detail)
    }

    /// Does `action` to a ticket as `actor`. With `expected_version`, a ticket changed since the
    /// caller read it is refused, naming who changed it and when.
    pub fn act(
        &mut self,
        actor: i64,
        ticket: i64,
        expected_version: Option<i64>,
        action: Action,
    ) -> Result<Ticket> {
        let now = self.now();
        self.store.write(|c| {
            let t = store::tickets::get(c, ticket)?;
            if expected_version.is_some_and(|v| v != t.version) {
                let (by, at) = store::tickets::last_change(c, ticket)?;
                return Err(Error::Stale {
                    ticket,
                    by: by.unwrap_or_else(|| "Baton (deadline sweep)".into()),
                    at: store::at(at),
                });
            }
            let actor = store::people::get(c, actor)?;
            let owner = store::people::get(c, t.owner_id)?;
            let superior = owner
                .reports_to
                .map(|s| store::people::get(c, s))
                .transpose()?;
            let owner_below_actor = store::people::ancestors(c, owner.id)?.contains(&actor.id);
            let target = match &action {
                Action::Assign { to, .. } => {
                    let p = store::people::get(c, *to)?;
                    let below = store::people::ancestors(c, p.id)?.contains(&actor.id);
                    Some((p, below))
                }
                _ => None,
            };
            let facts = Facts {
                number: t.number,
                status: t.status,
                owner: &owner,
                actor: &actor,
                owner_superior: superior.as_ref(),
                owner_below_actor,
                target: target.as_ref().map(|(p, below)| (p, *below)),
                now,
            };
            let d = ownership::decide(&facts, &action)?;
            let policy = store::settings::policy(c)?;
            let now_ms = ms(now);
            let status = d.new_status.unwrap_or(t.status);
            let new_owner = d.new_owner.unwrap_or(t.owner_id);
            let reopened = d.event == EventKind::Reopened;
            let owner_changed = new_owner != t.owner_id || reopened;
            let tickle_at = match (status, d.tickle_at) {
                (Status::Resolved, _) => None,
                (_, Some(at)) => Some(ms(at)),
                // A reminder is the owner's own: it does not follow the ticket to someone else.
                _ if owner_changed => None,
                _ => t.tickle_at.map(ms),
            };
            store::tickets::update(
                c,
                ticket,
                &store::tickets::Update {
                    owner_id: new_owner,
                    owner_changed,
                    status,
                    reopened,
                    due_at: if reopened {
                        now_ms + policy.escalate_after_ms()
                    } else {
                        ms(t.due_at)
                    },
                    tickle_at,
                    resolution: d.text.clone().filter(|_| d.event == EventKind::Resolved),
                    idle_due_at: (status == Status::Open).then_some(now_ms + policy.idle_ms()),
                    actor_id: Some(actor.id),
                    now: now_ms,
                },
            )?;
            store::events::append(
                c,
                &EventRecord {
                    ticket_id: ticket,
                    kind: d.event.as_str(),
                    at_ms: now_ms,
                    actor_id: Some(actor.id),
                    from_id: d.from,
                    to_id: d.to,
                    text: d.text.clone(),
                    tickle_at_ms: d.tickle_at.map(ms),
                    delighted: d.delighted,
                    held_ms: (d.event == EventKind::Resolved).then(|| now_ms - ms(t.owner_since)),
                },
            )?;
            if let (EventKind::Note | EventKind::Resolved | EventKind::Feedback, Some(text)) =
                (d.event, &d.text)
            {
                store::tickets::index_text(c, ticket, text)?;
            }
            store::tickets::get(c, ticket)
        })
    }

    /// A queue, ordered by time left. `person` is whose queue it is (not needed for `All` and
    /// `NearEscalation`).
    pub fn queue(
        &mut self,
        kind: QueueKind,
        person: Option<i64>,
        open_only: bool,
    ) -> Result<Vec<Ticket>> {
        let now = ms(self.now());
        self.store.read(|c| {
            let person = |what: &str| {
                let id =
                    person.ok_or_else(|| Error::Invalid(format!("say whose {what} to show")))?;
                store::people::get(c, id).map(|p| p.id)
            };
            match kind {
                QueueKind::Mine => {
                    store::tickets::by_owner(c, person("queue")?, open_only, LIST_LIMIT)
                }
                QueueKind::Team => {
                    let below = store::people::subtree(c, person("team")?)?;
                    store::tickets::by_owners(c, &below, LIST_LIMIT)
                }
                QueueKind::NearEscalation => {
                    let policy = store::settings::policy(c)?;
                    store::tickets::near_escalation(c, now, policy.warn_lead_ms(), LIST_LIMIT)
                }
                QueueKind::EscalatedToMe => {
                    store::tickets::escalated_to(c, person("escalations")?, LIST_LIMIT)
                }
                QueueKind::All => store::tickets::all(c, open_only, LIST_LIMIT),
            }
        })
    }

    /// Full-text search over summaries, field values, notes and resolutions; a ticket number
    /// (`1042` or `#1042`) finds that ticket first.
    pub fn search(&mut self, text: &str) -> Result<Vec<Ticket>> {
        let tokens: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .take(16)
            .map(|t| format!("\"{t}\"*"))
            .collect();
        if tokens.is_empty() {
            return Err(Error::Invalid(
                "type a word or a ticket number to search for".into(),
            ));
        }
        let number = text.trim().trim_start_matches('#').parse::<i64>().ok();
        self.store.read(|c| {
            let mut found = match number.map(|n| store::tickets::get(c, n)) {
                Some(Ok(t)) => vec![t],
                _ => vec![],
            };
            for t in store::tickets::search(c, &tokens.join(" "), 200)? {
                if !found.iter().any(|f| f.id == t.id) {
                    found.push(t);
                }
            }
            Ok(found)
        })
    }

    // ---- deadlines ----------------------------------------------------------------------

    pub fn policy(&mut self) -> Result<Policy> {
        self.store.read(|c| store::settings::policy(c))
    }

    /// Stores a new policy; every open ticket's marks move with it at once.
    pub fn set_policy(&mut self, p: Policy) -> Result<Policy> {
        p.check()?;
        self.store.write(|c| {
            if let Some(exec) = p.escalation_executive_id {
                if !store::people::get(c, exec)?.active {
                    return Err(Error::Invalid(
                        "the escalation executive must be active".into(),
                    ));
                }
            }
            store::settings::set_policy(c, &p)?;
            store::settings::policy(c)
        })
    }

    /// Who receives escalations: the configured executive, else the root of the tree.
    pub fn escalation_executive(&mut self) -> Result<Option<Person>> {
        self.store.read(|c| escalation_executive(c))
    }

    /// Applies every warning, escalation and tickle due now, exactly once: sweeping again at the
    /// same or a later time repeats nothing, even from another process.
    pub fn sweep(&mut self) -> Result<Sweep> {
        let now = self.now();
        let now_ms = ms(now);
        let mut actions = Vec::new();
        loop {
            let batch = self.store.write(|c| {
                let policy = store::settings::policy(c)?;
                let ids = store::tickets::due_ids(c, now_ms, policy.warn_lead_ms(), 500)?;
                let exec = escalation_executive(c)?;
                let mut done = Vec::new();
                for id in &ids {
                    done.extend(sweep_ticket(c, *id, &policy, exec.as_ref(), now)?);
                }
                Ok((ids.len(), done))
            })?;
            actions.extend(batch.1);
            if batch.0 < 500 {
                break;
            }
        }
        Ok(Sweep {
            at: now,
            actions,
            next_due: self.next_due()?,
        })
    }

    /// When something next comes due, if anything is pending.
    pub fn next_due(&mut self) -> Result<Option<DateTime<Utc>>> {
        self.store.read(|c| {
            let policy = store::settings::policy(c)?;
            Ok(store::tickets::next_due(c, policy.warn_lead_ms())?.map(store::at))
        })
    }

    // ---- alerts -------------------------------------------------------------------------

    /// A person's alerts for the bell, newest first.
    pub fn alerts(&mut self, person: i64) -> Result<Vec<Alert>> {
        self.store.read(|c| {
            store::people::get(c, person)?;
            store::alerts::for_person(c, person, 200)
        })
    }

    pub fn unread_alerts(&mut self, person: i64) -> Result<u32> {
        self.store.read(|c| store::alerts::unread_count(c, person))
    }

    /// Marks some of a person's alerts read; returns how many changed.
    pub fn mark_alerts_read(&mut self, person: i64, ids: &[i64]) -> Result<usize> {
        let now = ms(self.now());
        self.store
            .write(|c| store::alerts::mark_read(c, person, ids, now))
    }

    /// Every alert raised after `cursor` (an alert id), oldest first: what an install has not
    /// yet turned into native notifications, whoever ran the sweep that raised it.
    pub fn alerts_after(&mut self, cursor: i64) -> Result<Vec<Alert>> {
        self.store.read(|c| store::alerts::after(c, cursor, 1_000))
    }

    /// The newest alert's id (0 when there are none): where a new install starts its cursor.
    pub fn last_alert_id(&mut self) -> Result<i64> {
        self.store.read(|c| store::alerts::last_id(c))
    }

    // ---- reports and audit --------------------------------------------------------------

    /// Who solved, passed, took and was charged with escalations in [from, to).
    pub fn report(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Report> {
        if from >= to {
            return Err(Error::Invalid(
                "the report's start must come before its end".into(),
            ));
        }
        let (f, t) = (ms(from), ms(to));
        self.store.read(|c| {
            let count =
                |kind: EventKind, party| store::reports::count_by(c, kind.as_str(), party, f, t);
            let solved = count(EventKind::Resolved, Party::Actor)?;
            let passed = count(EventKind::Passed, Party::From)?;
            let taken = count(EventKind::Taken, Party::Actor)?;
            let assigned = count(EventKind::Assigned, Party::Actor)?;
            let escalated = count(EventKind::Escalated, Party::From)?;
            let received = count(EventKind::Escalated, Party::To)?;
            let exec_solved = store::reports::escalations_solved(c, f, t)?;
            let mut holds = store::reports::hold_times(c, f, t)?;
            let get =
                |m: &std::collections::HashMap<i64, u32>, id| m.get(&id).copied().unwrap_or(0);
            let everyone = store::people::all(c)?;
            let mut people: Vec<PersonFigures> = everyone
                .iter()
                .map(|p| PersonFigures {
                    person_id: p.id,
                    name: p.name.clone(),
                    role: p.role,
                    solved: get(&solved, p.id),
                    passed: get(&passed, p.id),
                    taken: get(&taken, p.id),
                    assigned: get(&assigned, p.id),
                    escalated: get(&escalated, p.id),
                    buck_passing_ratio: reports::buck_passing_ratio(
                        get(&passed, p.id),
                        get(&solved, p.id),
                    ),
                    median_hours_to_solve: holds
                        .get_mut(&p.id)
                        .and_then(|h| reports::median(h))
                        .map(|m| (m / 3_600_000.0 * 100.0).round() / 100.0),
                })
                .collect();
            people.sort_by(|a, b| b.solved.cmp(&a.solved).then_with(|| a.name.cmp(&b.name)));
            let executives = everyone
                .iter()
                .filter(|p| p.role == people::Role::Executive || received.contains_key(&p.id))
                .map(|p| ExecutiveFigures {
                    person_id: p.id,
                    name: p.name.clone(),
                    escalations_received: get(&received, p.id),
                    escalations_solved: get(&exec_solved, p.id),
                })
                .collect();
            let (delight, complaints): (Vec<_>, Vec<_>) = store::reports::feedback(c, f, t)?
                .into_iter()
                .partition(|e| e.delighted);
            let (_, kept) = store::reports::promises(c, f, t)?;
            let sum = |m: &std::collections::HashMap<i64, u32>| m.values().sum();
            let totals = Totals {
                intake: sum(&count(EventKind::Created, Party::Actor)?),
                solved: sum(&solved),
                passed: sum(&passed),
                escalated: sum(&escalated),
                delighted: delight.len() as u32,
                complaints: complaints.len() as u32,
                promises_kept: kept,
            };
            Ok(Report {
                from,
                to,
                people,
                executives,
                delight,
                complaints,
                totals,
            })
        })
    }

    /// SQLite's integrity check plus a recomputation of the whole event hash chain.
    pub fn verify(&mut self) -> Result<Verification> {
        let integrity = self.store.integrity_problems()?;
        let mut checked = 0u32;
        let mut broken = None;
        let mut prev = GENESIS.to_string();
        store::events::walk(self.store.conn(), |link| {
            checked += 1;
            let problem = if link.prev_hash != prev {
                Some("it does not follow the event before it (an event was removed or reordered)")
            } else if link.record.hash(link.id, &link.prev_hash) != link.hash {
                Some("its contents do not match its hash (it was edited)")
            } else {
                None
            };
            if let Some(problem) = problem {
                broken = Some(BrokenLink {
                    event_id: link.id,
                    ticket_id: link.record.ticket_id,
                    problem: problem.to_string(),
                });
                return false;
            }
            prev = link.hash;
            true
        })?;
        Ok(Verification {
            ok: integrity.is_empty() && broken.is_none(),
            integrity,
            events_checked: checked,
            first_broken: broken,
        })
    }
}

fn active_person(c: &Connection, id: i64) -> Result<Person> {
    let p = store::people::get(c, id)?;
    if p.active {
        Ok(p)
    } else {
        Err(Error::Forbidden(format!("{} is no longer active", p.name)))
    }
}

fn escalation_executive(c: &Connection) -> Result<Option<Person>> {
    let policy = store::settings::policy(c)?;
    if let Some(id) = policy.escalation_executive_id {
        let p = store::people::get(c, id)?;
        if p.active {
            return Ok(Some(p));
        }
    }
    store::people::root(c)
}

/// Applies what is due on one ticket, re-reading it inside the transaction so that a ticket
/// another process has just handled is left alone.
fn sweep_ticket(
    c: &Connection,
    id: i64,
    policy: &Policy,
    exec: Option<&Person>,
    now: DateTime<Utc>,
) -> Result<Vec<SweepAction>> {
    let now_ms = ms(now);
    let (status, marks) = store::tickets::marks(c, id)?;
    if status != Status::Open {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    for due in deadlines::due(&marks, policy, now_ms) {
        let t = store::tickets::get(c, id)?;
        let owner = store::people::get(c, t.owner_id)?;
        let mut record = EventRecord {
            ticket_id: id,
            at_ms: now_ms,
            ..Default::default()
        };
        let mut previous_owner_id = None;
        let notify = match due {
            Due::Warn => {
                store::tickets::mark_warned(c, id, now_ms)?;
                record.kind = EventKind::Warned.as_str();
                record.to_id = Some(owner.id);
                std::iter::once(owner.id).chain(owner.reports_to).collect()
            }
            Due::Escalate => {
                let to = exec.map_or(owner.id, |e| e.id);
                store::tickets::mark_escalated(c, id, to, now_ms, now_ms + policy.idle_ms())?;
                record.kind = EventKind::Escalated.as_str();
                record.from_id = Some(owner.id);
                record.to_id = Some(to);
                previous_owner_id = Some(owner.id);
                if to == owner.id {
                    vec![to]
                } else {
                    vec![to, owner.id]
                }
            }
            Due::Reminder => {
                store::tickets::clear_tickle(c, id)?;
                record.kind = EventKind::Tickled.as_str();
                record.to_id = Some(owner.id);
                record.text = Some("reminder".into());
                vec![owner.id]
            }
            Due::Idle => {
                store::tickets::clear_idle(c, id)?;
                record.kind = EventKind::Tickled.as_str();
                record.to_id = Some(owner.id);
                record.text = Some(format!("idle for {} minutes", policy.idle_tickle_minutes));
                vec![owner.id]
            }
        };
        store::events::append(c, &record)?;
        let after = store::tickets::get(c, id)?;
        let about = alerts::About {
            due,
            number: id,
            customer: &after.customer_name,
            summary: &after.summary,
            owner: &after.owner_name,
            previous_owner: previous_owner_id.map(|_| owner.name.as_str()),
            time_left_ms: ms(after.due_at) - now_ms,
            idle_minutes: policy.idle_tickle_minutes,
        };
        for person in &notify {
            let (title, body) = alerts::compose(&about, *person == after.owner_id);
            store::alerts::insert(c, *person, id, due, &title, &body, now_ms)?;
        }
        out.push(SweepAction {
            due,
            ticket_id: id,
            number: id,
            summary: after.summary,
            customer_name: after.customer_name,
            owner_id: after.owner_id,
            owner_name: after.owner_name,
            previous_owner_id,
            due_at: after.due_at,
            at: now,
            notify,
        });
    }
    Ok(out)
}

/// Parses `KEY=VALUE` pairs (the CLI's `--field`) into intake values.
pub fn field_values(pairs: &[String]) -> Result<BTreeMap<String, String>> {
    pairs
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::Invalid(format!("'{p}' is not KEY=VALUE")))
        })
        .collect()
}
