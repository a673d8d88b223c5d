//! The facade every front end (app, CLI, tests) goes through. It holds the store and the clock,
//! asks the pure rules for decisions, and writes each change with its event in one transaction.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;

use crate::alerts::{self, Alert};
use crate::audit::{self, ChainCheck, ChainHead, Replayed, Verification, Witnessed};
use crate::auth;
use crate::categories::{self, Category, NewCategory};
use crate::clock::Clock;
use crate::customers::{self, Customer, CustomerMatch, NewCustomer};
use crate::deadlines::{self, Due, Sweep, SweepAction};
use crate::error::{Error, Result};
use crate::events::{Event, EventKind, EventRecord};
use crate::ownership::{self, Facts};
use crate::people::{self, Deactivation, NewPerson, Person};
use crate::policy::Policy;
use crate::replay::{self, PolicyChange};
use crate::reports::{self, ExecutiveFigures, PersonFigures, Report, Totals};
use crate::store::reports::Party;
use crate::store::{self, ms, Create, Store};
use crate::text::{self, Lines};
use crate::tickets::{Action, ActionKind, Intake, QueueKind, Status, Ticket, TicketDetail};

/// How many rows a queue or search returns at most.
pub const LIST_LIMIT: u32 = 5_000;
const MAX_SUMMARY: usize = 500;

pub struct Desk {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Desk {
    /// Opens an existing desk; a path with no desk is refused (only `create` makes one).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Desk> {
        Ok(Desk {
            store: Store::open(path, Create::No)?,
            clock,
        })
    }

    /// Opens a desk, creating an empty one if there is none: `init`, `demo`, the app's first run.
    pub fn create(path: &Path, clock: Arc<dyn Clock>) -> Result<Desk> {
        Ok(Desk {
            store: Store::open(path, Create::IfMissing)?,
            clock,
        })
    }

    /// Why the desk refuses changes, once a check found it damaged.
    pub fn damaged(&self) -> Option<&str> {
        self.store.damaged()
    }

    /// SQLite's full integrity check: seconds on a large desk, so the app runs it in the
    /// background on a connection of its own. A finding marks the desk damaged.
    pub fn check_integrity(&mut self) -> Result<Vec<String>> {
        self.store.check_integrity()
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

    /// Adds someone to the organisation. `by` is the administrator acting: a manager or an
    /// executive, or None for the desk's administrator at the command line (and the first run).
    pub fn add_person(&mut self, by: Option<i64>, p: NewPerson) -> Result<Person> {
        let name = people::clean_name("a person's", &p.name)?;
        let pin_hash = p.pin.as_deref().map(auth::hash_pin).transpose()?;
        let now = ms(self.now());
        self.store.write(|c| {
            administrator(c, by)?;
            if by.is_some() && p.pin.is_none() {
                // Added by someone signed in (the app, or the CLI with --as): on a shared
                // desk everyone signs in with a PIN of their own.
                return Err(Error::Invalid(format!("choose a PIN for {name}")));
            }
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
            let boss = p.reports_to.map(|b| store::people::get(c, b)).transpose()?;
            desk_event(
                c,
                EventKind::PersonAdded,
                by,
                now,
                (None, p.reports_to),
                format!(
                    "{name} added as {}{}",
                    p.role.as_str(),
                    boss.map_or(String::new(), |b| format!(", reporting to {}", b.name))
                ),
                serde_json::json!({ "person": id, "role": p.role.as_str() }),
            )?;
            store::people::get(c, id)
        })
    }

    /// Moves someone under another superior. A cycle (under themself or someone below them) and
    /// an inactive superior are refused.
    pub fn move_person(&mut self, by: Option<i64>, person: i64, reports_to: i64) -> Result<Person> {
        let now = ms(self.now());
        self.store.write(|c| {
            administrator(c, by)?;
            let who = store::people::get(c, person)?;
            let boss = store::people::get(c, reports_to)?;
            people::check_move(&who, &boss, &store::people::ancestors(c, boss.id)?)?;
            if who.reports_to == Some(boss.id) {
                return Ok(who);
            }
            store::people::set_reports_to(c, who.id, boss.id)?;
            desk_event(
                c,
                EventKind::PersonMoved,
                by,
                now,
                (who.reports_to, Some(boss.id)),
                format!("{} now reports to {}", who.name, boss.name),
                serde_json::json!({ "person": who.id }),
            )?;
            store::people::get(c, who.id)
        })
    }

    /// Deactivates someone who has left. Their open tickets go, each with an event, to the
    /// nearest active person above them, and so do the people who reported to them. The top of
    /// the organisation and the escalation executive stay: name another first.
    pub fn deactivate_person(&mut self, by: Option<i64>, person: i64) -> Result<Deactivation> {
        let now = ms(self.now());
        self.store.write(|c| deactivate(c, by, person, now))
    }

    /// What deactivating someone would do, for the confirmation: the same change, rolled back.
    pub fn preview_deactivation(&mut self, by: Option<i64>, person: i64) -> Result<Deactivation> {
        let now = ms(self.now());
        self.store.rehearse(|c| deactivate(c, by, person, now))
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

    /// Sets or resets someone's PIN (and lifts a lockout): an administrator, or the person
    /// themself.
    pub fn set_pin(&mut self, by: Option<i64>, person: i64, pin: &str) -> Result<()> {
        let hash = auth::hash_pin(pin)?;
        let now = ms(self.now());
        self.store.write(|c| {
            if by != Some(person) {
                administrator(c, by)?;
            }
            let who = store::people::get(c, person)?;
            store::people::set_pin_hash(c, person, &hash)?;
            desk_event(
                c,
                EventKind::PinSet,
                by,
                now,
                (None, None),
                format!("PIN set for {}", who.name),
                serde_json::json!({ "person": who.id }),
            )
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
                    // On a shared desk whoever sits down first must not claim an account.
                    if store::people::count(c)? > 1 {
                        return Ok(Err(Error::NoPin(who.name)));
                    }
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

    pub fn add_category(&mut self, by: Option<i64>, n: NewCategory) -> Result<Category> {
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
        let now = ms(self.now());
        self.store.write(|c| {
            administrator(c, by)?;
            let owner = n
                .default_owner_id
                .map(|o| store::people::get(c, o))
                .transpose()?;
            if let Some(o) = owner.as_ref().filter(|o| !o.active) {
                return Err(Error::Invalid(format!("{} is no longer active", o.name)));
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
            desk_event(
                c,
                EventKind::CategoryAdded,
                by,
                now,
                (None, cat.default_owner_id),
                format!(
                    "category {} added{}",
                    cat.name,
                    owner.map_or(String::new(), |o| format!(", taken in to {}", o.name))
                ),
                serde_json::json!({ "category": id }),
            )?;
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
        text::check("the channel", &channel, Lines::One)?;
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
            text::check("the summary", summary, Lines::One)?;
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
                    ticket_id: Some(id),
                    kind: EventKind::Created.as_str(),
                    at_ms: now_ms,
                    actor_id: Some(rep.id),
                    to_id: Some(owner),
                    text: Some(summary.to_string()),
                    data: Some(
                        replay::Facts {
                            fields: Some(fields.clone()),
                            due_at: Some(ms(due_at)),
                        }
                        .json(),
                    ),
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
            let superior = nearest_active_above(c, owner.id)?;
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
            let now_ms = ms(now);
            check_not_before_last_change(c, ticket, now_ms)?;
            let actor = store::people::get(c, actor)?;
            let owner = store::people::get(c, t.owner_id)?;
            let superior = nearest_active_above(c, owner.id)?;
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
            let due_at = if reopened {
                now_ms + policy.escalate_after_ms()
            } else {
                ms(t.due_at)
            };
            store::tickets::update(
                c,
                ticket,
                &store::tickets::Update {
                    owner_id: new_owner,
                    owner_changed,
                    status,
                    reopened,
                    due_at,
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
                    ticket_id: Some(ticket),
                    kind: d.event.as_str(),
                    at_ms: now_ms,
                    actor_id: Some(actor.id),
                    from_id: d.from,
                    to_id: d.to,
                    text: d.text.clone(),
                    tickle_at_ms: d.tickle_at.map(ms),
                    delighted: d.delighted,
                    held_ms: (d.event == EventKind::Resolved)
                        .then(|| (now_ms - ms(t.owner_since)).max(0)),
                    data: reopened.then(|| {
                        replay::Facts {
                            due_at: Some(due_at),
                            ..Default::default()
                        }
                        .json()
                    }),
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
    pub fn set_policy(&mut self, by: Option<i64>, p: Policy) -> Result<Policy> {
        p.check()?;
        let now = ms(self.now());
        self.store.write(|c| {
            administrator(c, by)?;
            if let Some(exec) = p.escalation_executive_id {
                if !store::people::get(c, exec)?.active {
                    return Err(Error::Invalid(
                        "the escalation executive must be active".into(),
                    ));
                }
            }
            if store::settings::policy(c)? == p {
                return Ok(p);
            }
            store::settings::set_policy(c, &p)?;
            desk_event(
                c,
                EventKind::PolicyChanged,
                by,
                now,
                (None, p.escalation_executive_id),
                p.describe(),
                serde_json::to_value(p).expect("a policy serialises"),
            )?;
            store::settings::policy(c)
        })
    }

    /// The desk's set-up changes, newest first: who changed what, and when.
    pub fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>> {
        self.store.read(|c| store::events::desk_changes(c, limit))
    }

    /// Who receives escalations: the configured executive, else the root of the tree.
    pub fn escalation_executive(&mut self) -> Result<Option<Person>> {
        self.store.read(|c| escalation_executive(c, None))
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
                let mut done = Vec::new();
                for id in &ids {
                    done.extend(sweep_ticket(c, *id, &policy, now)?);
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
                head: store::events::head(c)?,
            })
        })
    }

    /// Checks the whole desk: SQLite's integrity, the events' hash chain, that the chain still
    /// contains each witness (a head recorded earlier), and that every ticket row is what its
    /// events say. A failed integrity check marks the desk damaged.
    pub fn verify(&mut self, witnesses: &[String]) -> Result<Verification> {
        witnesses.iter().try_for_each(|w| audit::check_witness(w))?;
        let mut integrity = self.store.check_integrity()?;
        let mut chain = ChainCheck::new(witnesses);
        let mut replayed = Replayed::default();
        let head = self.store.read(|c| {
            // A damaged page met on the way is a finding, not a crash.
            if let Err(e) = store::events::walk(c, |row| chain.feed(row)) {
                integrity.push(e.to_string());
            }
            let policies: Vec<PolicyChange> = store::events::policy_changes(c)?
                .into_iter()
                .filter_map(|(id, json)| PolicyChange::recorded(id, &json))
                .collect();
            let walked = store::events::tickets_with_events(c, |ticket, row, events| {
                replayed.ticket(ticket, row, events, &policies)
            });
            if let Err(e) = walked {
                integrity.push(e.to_string());
            }
            store::events::head(c)
        });
        let head = match head {
            Ok(h) => h,
            Err(e) => {
                integrity.push(e.to_string());
                None
            }
        };
        Ok(Verification {
            ok: integrity.is_empty()
                && chain.broken.is_none()
                && replayed.count == 0
                && chain.witnesses.iter().all(|w| w.event_id.is_some()),
            integrity,
            events_checked: chain.checked,
            first_broken: chain.broken,
            head,
            tickets_checked: replayed.checked,
            mismatches: replayed.mismatches,
            mismatch_count: replayed.count,
            witnesses: chain.witnesses,
        })
    }

    /// The chain's newest event, which an install keeps as its witness.
    pub fn chain_head(&mut self) -> Result<Option<ChainHead>> {
        self.store.read(|c| store::events::head(c))
    }

    /// An install's witness, checked and moved on: if the chain still holds the head this
    /// install last saw (a cheap lookup, made on every wake), the new witness is today's head;
    /// if not, events were removed or rewritten since, and the old witness is kept as evidence.
    pub fn advance_witness(&mut self, witness: Option<&ChainHead>) -> Result<Witnessed> {
        self.store.read(|c| {
            if let Some(w) = witness {
                if store::events::hash_of(c, w.event_id)?.as_deref() != Some(w.hash.as_str()) {
                    return Ok(Witnessed::Broken(w.clone()));
                }
            }
            Ok(match store::events::head(c)? {
                Some(head) => Witnessed::Holds(head),
                None => Witnessed::Empty,
            })
        })
    }
}

/// Deactivates `person` (see `Desk::deactivate_person`), in the caller's transaction.
fn deactivate(c: &Connection, by: Option<i64>, person: i64, now: i64) -> Result<Deactivation> {
    let admin = administrator(c, by)?;
    let who = store::people::get(c, person)?;
    let policy = store::settings::policy(c)?;
    let heir = nearest_active_above(c, who.id)?;
    let heir = people::check_deactivate(&who, admin.as_ref(), &policy, heir)?;
    store::people::set_active(c, who.id, false)?;
    desk_event(
        c,
        EventKind::PersonDeactivated,
        by,
        now,
        (None, None),
        format!("{} deactivated", who.name),
        serde_json::json!({ "person": who.id }),
    )?;
    let mut handed = Vec::new();
    for ticket in store::tickets::open_ids_held_by(c, who.id)? {
        check_not_before_last_change(c, ticket, now)?;
        store::tickets::hand_over(c, ticket, heir.id, by, now, now + policy.idle_ms())?;
        store::events::append(
            c,
            &EventRecord {
                ticket_id: Some(ticket),
                kind: EventKind::HandedOver.as_str(),
                at_ms: now,
                actor_id: by,
                from_id: Some(who.id),
                to_id: Some(heir.id),
                text: Some(format!("{} is no longer active", who.name)),
                ..Default::default()
            },
        )?;
        handed.push(ticket);
    }
    let mut moved = Vec::new();
    for p in store::people::all(c)?
        .into_iter()
        .filter(|p| p.reports_to == Some(who.id))
    {
        store::people::set_reports_to(c, p.id, heir.id)?;
        desk_event(
            c,
            EventKind::PersonMoved,
            by,
            now,
            (Some(who.id), Some(heir.id)),
            format!(
                "{} now reports to {} ({} left)",
                p.name, heir.name, who.name
            ),
            serde_json::json!({ "person": p.id }),
        )?;
        moved.push(p.id);
    }
    Ok(Deactivation {
        person: store::people::get(c, who.id)?,
        successor: heir,
        tickets_handed_over: handed,
        people_moved: moved,
    })
}

/// Checks that `by` may change the desk's set-up: None is the desk's administrator (the CLI
/// run without `--as`, the first run); a person must be an active manager or executive.
fn administrator(c: &Connection, by: Option<i64>) -> Result<Option<Person>> {
    by.map(|id| {
        let p = store::people::get(c, id)?;
        p.require_admin()?;
        Ok(p)
    })
    .transpose()
}

/// Records a change to the desk's set-up in the audit trail.
fn desk_event(
    c: &Connection,
    kind: EventKind,
    by: Option<i64>,
    at_ms: i64,
    (from_id, to_id): (Option<i64>, Option<i64>),
    text: String,
    data: serde_json::Value,
) -> Result<()> {
    store::events::append(
        c,
        &EventRecord {
            ticket_id: None,
            kind: kind.as_str(),
            at_ms,
            actor_id: by,
            from_id,
            to_id,
            text: Some(text),
            data: Some(data.to_string()),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// A change dated before the ticket's latest event means this computer's clock was set back;
/// accepting it would make hold times negative.
fn check_not_before_last_change(c: &Connection, ticket: i64, now_ms: i64) -> Result<()> {
    match store::events::last_at(c, ticket)? {
        Some(last) if now_ms < last => Err(Error::Invalid(format!(
            "this computer's clock reads {}, before #{ticket}'s last change at {}; check the clock",
            store::at(now_ms).format("%Y-%m-%d %H:%M UTC"),
            store::at(last).format("%Y-%m-%d %H:%M UTC")
        ))),
        _ => Ok(()),
    }
}

/// The nearest active person above someone: where a pass lands and who inherits from a
/// deactivated person.
fn nearest_active_above(c: &Connection, id: i64) -> Result<Option<Person>> {
    for above in store::people::ancestors(c, id)? {
        let p = store::people::get(c, above)?;
        if p.active {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

fn active_person(c: &Connection, id: i64) -> Result<Person> {
    let p = store::people::get(c, id)?;
    if p.active {
        Ok(p)
    } else {
        Err(Error::Forbidden(format!("{} is no longer active", p.name)))
    }
}

/// Who receives an escalation from `holder`, in the order `deadlines::escalation_target` tries:
/// the configured executive, the people above the holder from the top down, the root, then
/// every executive.
fn escalation_executive(c: &Connection, holder: Option<i64>) -> Result<Option<Person>> {
    let configured = store::settings::policy(c)?.escalation_executive_id;
    let above = match holder {
        Some(h) => store::people::ancestors(c, h)?,
        None => vec![],
    };
    let root = store::people::root(c)?.map(|r| r.id);
    let mut candidates = Vec::new();
    for id in configured
        .into_iter()
        .chain(above.into_iter().rev())
        .chain(root)
    {
        candidates.push(store::people::get(c, id)?);
    }
    candidates.extend(
        store::people::all(c)?
            .into_iter()
            .filter(|p| p.role == people::Role::Executive),
    );
    Ok(deadlines::escalation_target(&candidates, holder).cloned())
}

/// Applies what is due on one ticket, re-reading it inside the transaction so that a ticket
/// another process has just handled is left alone.
fn sweep_ticket(
    c: &Connection,
    id: i64,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Vec<SweepAction>> {
    let now_ms = ms(now);
    let (status, marks) = store::tickets::marks(c, id)?;
    // A clock set back behind the ticket's last change waits until it catches up.
    if status != Status::Open || store::events::last_at(c, id)?.is_some_and(|l| l > now_ms) {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    for due in deadlines::due(&marks, policy, now_ms) {
        let t = store::tickets::get(c, id)?;
        let owner = store::people::get(c, t.owner_id)?;
        let mut record = EventRecord {
            ticket_id: Some(id),
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
                let to = escalation_executive(c, Some(owner.id))?.map_or(owner.id, |e| e.id);
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
