//! The facade every front end (app, CLI, tests) goes through. Orchestration only: it asks the
//! store for what the rules read, hands it to the pure rules (`machine`, `ownership`,
//! `deadlines`, `setup`, `auth`, `reports`, `audit`), and gives the store what they decided.

use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::alerts::Alert;
use crate::audit::{self, Audit, ChainHead, Verification, Witnessed};
use crate::auth::{self, PinState};
use crate::board::{self, BoardEntry, NewFeedback, BOARD_LIMIT};
use crate::calendar::{self, Hours, Period, PeriodSpec, PromiseAdvice};
use crate::categories::{Category, NewCategory};
use crate::clock::Clock;
use crate::customers::{self, Customer, CustomerMatch, NewCustomer};
use crate::deadlines::Sweep;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::machine;
use crate::mail::{self, Email, EmailStep, MailSettings, Outgoing};
use crate::ownership;
use crate::people::{self, Deactivation, NewPerson, Org, Person};
use crate::policy::Policy;
use crate::preferences::{self, Preferences};
use crate::privacy;
use crate::reports::{self, drill::Drill, Report};
use crate::setup;
use crate::snippets::{self, Snippets};
use crate::store::{postgres, Create, Erasure, Many, PgStore, Queue, SqliteStore, Store};
use crate::text::{self, Lines};
use crate::tickets::{
    self, Action, After, ContactHow, Counts, Intake, ListFilter, Listing, Page, QueueKind, Ticket,
    TicketDetail,
};

/// How many rows a queue or search returns at most.
pub const LIST_LIMIT: u32 = Page::MAX;

/// How many matches a search shows unless asked for more.
pub const SEARCH_LIMIT: u32 = 200;

pub struct Desk {
    pub(crate) store: Box<dyn Store>,
    /// Wrong PINs counted while the file is damaged and takes no writes (`sign_in`).
    unsaved_pins: HashMap<i64, PinState>,
    /// The keys of e-mails between `email_ready` and `email_sent`: sent once, however often
    /// the same one is asked for meanwhile.
    sending: HashSet<String>,
}

impl Desk {
    /// A desk on any store.
    pub fn on(store: Box<dyn Store>) -> Desk {
        Desk {
            store,
            unsaved_pins: HashMap::new(),
            sending: HashSet::new(),
        }
    }

    /// Opens an existing desk; a path with no desk is refused (only `create` makes one).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Desk> {
        Desk::open_at(path, Create::No, Some(clock))
    }

    /// Opens a desk, creating an empty one if there is none: `init`, `demo`, the app's first run.
    pub fn create(path: &Path, clock: Arc<dyn Clock>) -> Result<Desk> {
        Desk::open_at(path, Create::IfMissing, Some(clock))
    }

    /// Opens the desk at `db`: a PostgreSQL address (`postgres://…`, a desk shared by many
    /// workstations, on the server's clock) or a SQLite file (on this machine's). `clock`
    /// overrides either (`BATON_NOW`, tests).
    pub fn open_at(db: &Path, create: Create, clock: Option<Arc<dyn Clock>>) -> Result<Desk> {
        if let Some(address) = postgres::address(db) {
            return Ok(Desk::on(Box::new(PgStore::open(address, create, clock)?)));
        }
        let clock = clock.unwrap_or_else(|| Arc::new(crate::SystemClock));
        Ok(Desk::on(Box::new(SqliteStore::open(db, create, clock)?)))
    }

    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Desk> {
        Ok(Desk::on(Box::new(SqliteStore::open_in_memory(clock)?)))
    }

    /// Why the desk refuses changes, once a check found it damaged.
    pub fn damaged(&self) -> Option<&str> {
        self.store.damaged()
    }

    /// The store's integrity check: seconds on a large desk, so the app runs it in the
    /// background on a connection of its own. A finding marks the desk damaged, except a wrong
    /// tally of open tickets, which is recounted.
    pub fn check_integrity(&mut self) -> Result<Vec<String>> {
        self.store.check_integrity()
    }

    /// A bounded step of the upkeep changes leave to the background: the search index's
    /// merges and the WAL's checkpoint, or on a server folding the tally's deltas (the app runs
    /// it on each wake of its scheduler, `baton sweep` after sweeping).
    pub fn tidy(&mut self) -> Result<()> {
        self.store.tidy()
    }

    /// Leaves WAL checkpoints to `tidy` instead of whichever commit crosses SQLite's threshold:
    /// for a process that tidies after every change (the app), so no acknowledgement waits on
    /// one. Others keep SQLite's own.
    pub fn defer_checkpoints(&mut self) -> Result<()> {
        self.store.defer_checkpoints()
    }

    /// The store's clock: every instant the desk writes comes from it.
    pub fn now(&self) -> DateTime<Utc> {
        self.store.now()
    }

    /// Swaps the clock, returning the old one (the demo replays a few days this way).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        self.store.set_clock(clock)
    }

    // ---- people -------------------------------------------------------------------------

    /// True on first run: nobody has been set up yet.
    pub fn is_empty(&mut self) -> Result<bool> {
        Ok(self.store.org()?.all().is_empty())
    }

    /// The first run: the organisation's executive, with a PIN, on an empty desk.
    pub fn set_up(&mut self, executive: NewPerson) -> Result<Person> {
        executive
            .pin
            .as_deref()
            .map(people::check_pin)
            .transpose()?;
        let added = self.store.set_up(false, &mut |c| {
            Ok(vec![setup::first_person(c, &executive)?])
        })?;
        self.created_person(added.created)
    }

    /// Adds someone to the organisation. `by` is the administrator acting: a manager or an
    /// executive, or None for the desk's administrator at the command line.
    pub fn add_person(&mut self, by: Option<i64>, p: NewPerson) -> Result<Person> {
        p.pin.as_deref().map(people::check_pin).transpose()?;
        let added = self
            .store
            .set_up(false, &mut |c| Ok(vec![setup::add_person(c, by, &p)?]))?;
        self.created_person(added.created)
    }

    fn created_person(&mut self, id: Option<i64>) -> Result<Person> {
        self.person(id.ok_or_else(|| Error::Invalid("nobody was added".into()))?)
    }

    /// Moves someone under another superior (see `setup::move_person`).
    pub fn move_person(&mut self, by: Option<i64>, person: i64, reports_to: i64) -> Result<Person> {
        self.store.set_up(false, &mut |c| {
            setup::move_person(c, by, person, reports_to)
        })?;
        self.person(person)
    }

    /// Deactivates someone who has left (see `setup::deactivate`).
    pub fn deactivate_person(&mut self, by: Option<i64>, person: i64) -> Result<Deactivation> {
        self.deactivation(false, by, person)
    }

    /// What deactivating someone would do, for the confirmation: the same change, rolled back.
    pub fn preview_deactivation(&mut self, by: Option<i64>, person: i64) -> Result<Deactivation> {
        self.deactivation(true, by, person)
    }

    fn deactivation(
        &mut self,
        dry_run: bool,
        by: Option<i64>,
        person: i64,
    ) -> Result<Deactivation> {
        let mut decided = None;
        let done = self.store.set_up(dry_run, &mut |c| {
            let (heir, ops) = setup::deactivate(c, by, person)?;
            let moved = c.org.all().iter().filter(|p| p.reports_to == Some(person));
            decided = Some((heir, moved.map(|p| p.id).collect()));
            Ok(ops)
        })?;
        let (successor, people_moved) = decided.expect("a successful plan decided");
        let mut who = self.person(person)?;
        // As they are after the change (a preview's was rolled back).
        who.active = false;
        Ok(Deactivation {
            person: who,
            successor,
            tickets_handed_over: done.handed_over,
            people_moved,
        })
    }

    pub fn people(&mut self) -> Result<Vec<Person>> {
        Ok(self.store.org()?.all().to_vec())
    }

    pub fn person(&mut self, id: i64) -> Result<Person> {
        self.store.org()?.get(id).cloned()
    }

    /// A person by id or by (case-insensitive) name.
    pub fn find_person(&mut self, reference: &str) -> Result<Person> {
        self.store.org()?.find(reference).cloned()
    }

    /// The people below someone, for "My team" and for choosing whom to assign to.
    pub fn team(&mut self, person: i64) -> Result<Vec<Person>> {
        let org = self.store.org()?;
        org.get(person)?;
        let below = org.subtree(person);
        Ok(org
            .all()
            .iter()
            .filter(|p| below.contains(&p.id))
            .cloned()
            .collect())
    }

    /// Sets or resets someone's PIN (and lifts a lockout): an administrator, or the person
    /// themself.
    pub fn set_pin(&mut self, by: Option<i64>, person: i64, pin: &str) -> Result<()> {
        people::check_pin(pin)?;
        self.store.set_up(false, &mut |c| {
            Ok(vec![setup::set_pin(c, by, person, pin.to_string())?])
        })?;
        Ok(())
    }

    /// Checks a PIN (see `auth::sign_in`).
    pub fn sign_in(&mut self, person: i64, pin: &str) -> Result<Person> {
        if self.store.damaged().is_none() {
            match self.store.sign_in(person, pin) {
                // Found damaged since (another connection's check): signed in below, read only.
                Err(Error::Damaged(_)) => {}
                done => return done,
            }
        }
        // A damaged file takes no writes, not even a PIN's failure count; its people still sign
        // in, to read what it holds and to restore a backup, with the failures counted here.
        let mut ctx = self.store.sign_in_context(person)?;
        if let Some(unsaved) = self.unsaved_pins.get(&person) {
            ctx.pin.failed = unsaved.failed;
            ctx.pin.locked_until = ctx.pin.locked_until.max(unsaved.locked_until);
        }
        let decided = auth::sign_in(&ctx, pin);
        if let Some(keep) = decided.keep {
            self.unsaved_pins.insert(person, keep);
        }
        decided.outcome
    }

    // ---- customers ----------------------------------------------------------------------

    pub fn add_customer(&mut self, n: NewCustomer) -> Result<Customer> {
        let clean = customers::clean(&n)?;
        self.store.add_customer(&clean)
    }

    pub fn customer(&mut self, id: i64) -> Result<Customer> {
        self.store.customer(id)
    }

    /// A customer's file: who they are, their notes, and their whole history, open tickets
    /// first, then the newest.
    pub fn customer_file(&mut self, id: i64) -> Result<CustomerMatch> {
        self.store.customer_file(id, LIST_LIMIT)
    }

    /// New notes on a customer (see `setup::set_customer_notes`); their file as it now stands.
    pub fn set_customer_notes(&mut self, by: i64, id: i64, notes: &str) -> Result<CustomerMatch> {
        self.store.set_up(false, &mut |c| {
            Ok(vec![setup::set_customer_notes(c, by, id, notes)?])
        })?;
        self.customer_file(id)
    }

    /// The customer with exactly this phone number, typed in any format (numbers are unique).
    pub fn customer_by_phone(&mut self, phone: &str) -> Result<Customer> {
        let digits = customers::normalize_phone(phone)?;
        self.store
            .customer_with_phone(&digits)?
            .ok_or_else(|| Error::not_found("customer with phone", phone))
    }

    /// Erases a customer's personal data on request (see `privacy`): an administrator's act,
    /// with a reason, recorded in the trail, which still verifies.
    pub fn erase_customer(
        &mut self,
        by: Option<i64>,
        customer: i64,
        reason: &str,
    ) -> Result<Erasure> {
        self.store.erase_customer(customer, &mut |c| {
            privacy::erasure(
                &c.org,
                by,
                customer,
                c.events.clone(),
                reason,
                c.now.timestamp_millis(),
            )
        })
    }

    /// Customers matching a phone (any format), an email or a name, each with their recent tickets.
    pub fn find_customers(&mut self, query: &str) -> Result<Vec<CustomerMatch>> {
        let lookup = customers::classify_lookup(query)?;
        self.store.find_customers(&lookup, 20)
    }

    // ---- categories ---------------------------------------------------------------------

    pub fn add_category(&mut self, by: Option<i64>, n: NewCategory) -> Result<Category> {
        let added = self
            .store
            .set_up(false, &mut |c| Ok(vec![setup::add_category(c, by, &n)?]))?;
        let id = added.created.expect("a category was added");
        self.find_category(&id.to_string())
    }

    pub fn categories(&mut self) -> Result<Vec<Category>> {
        self.store.categories()
    }

    /// A category by id or by (case-insensitive) name.
    pub fn find_category(&mut self, reference: &str) -> Result<Category> {
        crate::categories::find(&self.store.categories()?, reference).cloned()
    }

    // ---- tickets ------------------------------------------------------------------------

    /// Takes in a problem (see `machine::intake`).
    pub fn intake(&mut self, actor: i64, i: Intake) -> Result<Ticket> {
        let key = i.key.clone();
        self.store
            .intake(i.customer_id, i.category_id, key.as_deref(), &mut |c| {
                machine::intake(&i, actor, &c.category, &c.org, &c.policy, c.now)
            })
    }

    pub fn ticket(&mut self, id: i64) -> Result<TicketDetail> {
        self.store.ticket_detail(id)
    }

    /// The ticket as `viewer` sees it, with the actions the rules allow them now.
    pub fn ticket_as(&mut self, viewer: i64, id: i64) -> Result<TicketDetail> {
        let mut detail = self.ticket(id)?;
        let context = self.store.ticket_context(id)?;
        context.org.get(viewer)?;
        detail.allowed = machine::allowed(&context, viewer);
        detail.passes_to = machine::passes_to(&context, viewer);
        Ok(detail)
    }

    /// Does `action` to a ticket as `actor` (see `machine::act`). With `expected_version`, a
    /// ticket changed since the caller read it is refused, naming who changed it and when.
    pub fn act(
        &mut self,
        actor: i64,
        ticket: i64,
        expected_version: Option<i64>,
        action: Action,
    ) -> Result<Ticket> {
        self.act_once(actor, ticket, expected_version, action, None)
    }

    /// `act` with an idempotency key: sent again with the same key, it does nothing twice.
    pub fn act_once(
        &mut self,
        actor: i64,
        ticket: i64,
        expected_version: Option<i64>,
        action: Action,
        key: Option<&str>,
    ) -> Result<Ticket> {
        self.store.act(ticket, key, &mut |c| {
            machine::act(c, actor, expected_version, &action)
        })
    }

    /// A call about a ticket the caller already has open, added to it instead of taken in anew
    /// (see `machine::call_about`); the intake's key makes a resend do nothing twice.
    pub fn call_about(&mut self, rep: i64, ticket: i64, i: Intake) -> Result<Ticket> {
        self.store.act(ticket, i.key.as_deref(), &mut |c| {
            machine::call_about(c, rep, &i)
        })
    }

    /// The e-mail `by` would send the ticket's customer: to their first address, from the
    /// ticket's category's template (times in the desk's time zone), signed by `by`.
    pub fn email_draft(&mut self, by: i64, ticket: i64, mail: &MailSettings) -> Result<Email> {
        let detail = self.ticket(ticket)?;
        let to = detail.customer.emails.first().cloned().ok_or_else(|| {
            Error::Invalid(format!(
                "{} has no e-mail address on file; add one first",
                detail.customer.name
            ))
        })?;
        let sender = self.person(by)?.name;
        let promise = detail
            .ticket
            .promise_at
            .with_timezone(&self.hours()?.tz()?)
            .format("%A %-d %B, %H:%M")
            .to_string();
        let template = mail.template_for(&detail.ticket.category_name);
        let (subject, body) = mail::compose(template, &detail.ticket, &promise, &sender);
        Ok(Email { to, subject, body })
    }

    /// Sends the customer an update with `send` and records it as a contact by e-mail
    /// (`email_ready`, then `email_sent`). Whether `by` may write to them is decided first, so
    /// a refused contact sends nothing; a failed send records nothing. With a `key`, sent again
    /// it is recorded once.
    pub fn email_customer(
        &mut self,
        by: i64,
        ticket: i64,
        email: &Email,
        key: Option<&str>,
        send: impl FnOnce(&Email) -> Result<()>,
    ) -> Result<Ticket> {
        match self.email_ready(by, ticket, email, key)? {
            EmailStep::Done(t) => Ok(*t),
            EmailStep::Send(out) => match send(email) {
                Ok(()) => self.email_sent(out),
                Err(e) => {
                    self.email_unsent(out);
                    Err(e)
                }
            },
        }
    }

    /// Everything decided before an e-mail leaves: what it says, and that `by` may record the
    /// contact now. The app sends it without holding the desk, which a slow mail server
    /// would otherwise stop for everyone (and the sweep with them).
    pub fn email_ready(
        &mut self,
        by: i64,
        ticket: i64,
        email: &Email,
        key: Option<&str>,
    ) -> Result<EmailStep> {
        let subject = email.subject.trim();
        if subject.is_empty() {
            return Err(Error::Invalid("the e-mail needs a subject".into()));
        }
        text::check("the subject", subject, Lines::One)?;
        let body = ownership::required_text("the e-mail", &email.body)?;
        // Sent already (a resend after a lost reply): not again.
        if let Some(done) = key.map(|k| self.store.done_with(k)).transpose()?.flatten() {
            return Ok(EmailStep::Done(Box::new(self.store.ticket(done)?)));
        }
        let contact = Action::Contact {
            how: ContactHow::Email,
            what: format!("E-mailed {}: “{subject}”\n\n{body}", email.to.trim()),
            promise_at: None,
        };
        // The rules on what this would record, before anything leaves.
        machine::act(&self.store.ticket_context(ticket)?, by, None, &contact)?;
        if let Some(k) = key {
            if !self.sending.insert(k.to_string()) {
                return Err(Error::Conflict(
                    "this e-mail is being sent already: wait for it".into(),
                ));
            }
        }
        Ok(EmailStep::Send(Outgoing {
            by,
            ticket,
            contact,
            key: key.map(str::to_string),
        }))
    }

    /// An e-mail that did not leave: it may be sent again.
    pub fn email_unsent(&mut self, out: Outgoing) {
        if let Some(k) = &out.key {
            self.sending.remove(k);
        }
    }

    /// Records an e-mail that has left as a contact.
    pub fn email_sent(&mut self, out: Outgoing) -> Result<Ticket> {
        let Outgoing {
            by,
            ticket,
            contact,
            key,
        } = out;
        // Out is out: a failure now must not read as "try again", which would send it twice.
        let recorded = self
            .act_once(by, ticket, None, contact, key.as_deref())
            .map_err(|e| {
                Error::Conflict(format!(
                    "the e-mail was sent, but recording it failed ({e}); record it with \
                     Contacted the customer rather than sending it again"
                ))
            });
        if let Some(k) = &key {
            self.sending.remove(k);
        }
        recorded
    }

    /// Merges `ticket` into `into` (see `machine::merge`).
    pub fn merge(
        &mut self,
        by: i64,
        ticket: i64,
        into: i64,
        reason: &str,
        key: Option<&str>,
    ) -> Result<Ticket> {
        let changed =
            self.store
                .act_on_many(Many::These(vec![ticket, into]), key, &mut |both| {
                    Ok(machine::merge(&both[0], &both[1], by, reason)?.to_vec())
                })?;
        changed
            .into_iter()
            .last()
            .ok_or_else(|| Error::not_found("ticket", format!("#{into}")))
    }

    /// Gives every open ticket `from` holds to `to` (someone off sick or leaving), each with its
    /// assignment event and the reason, all at once or none; the assignment rules apply to each.
    /// With a `key`, sent again it does nothing twice.
    pub fn reassign_open(
        &mut self,
        by: i64,
        from: i64,
        to: i64,
        reason: &str,
        key: Option<&str>,
    ) -> Result<Vec<Ticket>> {
        let holder = self.person(from)?;
        let action = Action::Assign {
            to,
            reason: reason.into(),
        };
        let moved = self
            .store
            .act_on_many(Many::OpenHeldBy(from), key, &mut |held| {
                // Locked now: one passed on or resolved since it was listed stays as it is.
                held.iter()
                    .filter(|c| c.state.owner_id == from && c.state.status == tickets::Status::Open)
                    .map(|c| machine::act(c, by, None, &action))
                    .collect()
            })?;
        if moved.is_empty() {
            return Err(Error::Invalid(format!(
                "{} holds no open tickets",
                holder.name
            )));
        }
        Ok(moved)
    }

    /// A queue, ordered by time left: its first `LIST_LIMIT` tickets. `person` is whose queue
    /// it is (not needed for `All`; `NearEscalation` without one is the whole desk's).
    pub fn queue(
        &mut self,
        kind: QueueKind,
        person: Option<i64>,
        open_only: bool,
    ) -> Result<Vec<Ticket>> {
        let queue = self.which(kind, person, open_only)?;
        self.store.queue(&queue, LIST_LIMIT, None)
    }

    /// One page of a queue (the open tickets in it), and how many it holds in all.
    pub fn queue_page(
        &mut self,
        kind: QueueKind,
        person: Option<i64>,
        page: Page,
    ) -> Result<Listing> {
        let queue = self.which(kind, person, true)?;
        self.page(&queue, page)
    }

    /// One page of the list of all tickets, filtered, and how many match in all.
    pub fn list(&mut self, filter: ListFilter, page: Page) -> Result<Listing> {
        self.page(&Queue::All(filter), page)
    }

    /// Where a page after this ticket starts, as the ticket stands now (the command line's
    /// `--after`; the app sends the ticket as it listed it).
    pub fn after(&mut self, ticket: i64) -> Result<After> {
        Ok(After::of(&self.store.ticket(ticket)?))
    }

    /// The page's tickets; the first page also counts the whole list.
    fn page(&mut self, queue: &Queue, page: Page) -> Result<Listing> {
        page.check()?;
        let tickets = self.store.queue(queue, page.limit, page.after.as_ref())?;
        let total = match page.after {
            None => Some(self.store.count(queue)?),
            Some(_) => None,
        };
        Ok(Listing { tickets, total })
    }

    /// How many tickets a queue holds (all of them, not capped like a listing).
    pub fn count(&mut self, kind: QueueKind, person: Option<i64>) -> Result<u32> {
        let queue = self.which(kind, person, true)?;
        self.store.count(&queue)
    }

    /// The rail's counts for a person: their queue, their team's, near escalation, escalated
    /// to them, and unread alerts.
    pub fn counts(&mut self, person: i64) -> Result<Counts> {
        let mut n = |kind| self.count(kind, Some(person));
        Ok(Counts {
            mine: n(QueueKind::Mine)?,
            team: n(QueueKind::Team)?,
            near_escalation: n(QueueKind::NearEscalation)?,
            escalated_to_me: n(QueueKind::EscalatedToMe)?,
            unread_alerts: self.store.unread_alerts(person)?,
        })
    }

    /// The resolved tickets `person` is to confirm the customer heard back about, soonest due
    /// first: their part of closing the loop.
    pub fn to_confirm(&mut self, person: i64) -> Result<Vec<Ticket>> {
        self.store.to_confirm(person, LIST_LIMIT)
    }

    /// The store's query for a queue of `kind`: a person sees near escalation and escalated
    /// for what they hold and what anyone below them holds, so an empty team shows nothing.
    fn which(&mut self, kind: QueueKind, person: Option<i64>, open_only: bool) -> Result<Queue> {
        Ok(match (kind, person) {
            (QueueKind::All, _) => Queue::All(ListFilter::open(open_only)),
            (QueueKind::NearEscalation, None) => Queue::NearEscalation { owners: None },
            _ => {
                let org = self.store.org()?;
                let id = org.get(tickets::whose(kind, person)?)?.id;
                let with_team = || [vec![id], org.subtree(id)].concat();
                match kind {
                    QueueKind::Mine => Queue::Owner {
                        owner: id,
                        open_only,
                    },
                    QueueKind::Team => Queue::Owners(org.subtree(id)),
                    QueueKind::NearEscalation => Queue::NearEscalation {
                        owners: Some(with_team()),
                    },
                    _ => Queue::Escalated(with_team()),
                }
            }
        })
    }

    /// Full-text search over summaries, field values, notes and resolutions; a ticket number
    /// (`1042` or `#1042`) finds that ticket first, and a customer's name, phone (any format)
    /// or e-mail their tickets next.
    pub fn search(&mut self, text: &str) -> Result<Vec<Ticket>> {
        Ok(self.search_page(text, Page::first(SEARCH_LIMIT))?.0)
    }

    /// One page of a search's matches in its order (the ticket named, the customer's, then the
    /// newest), and whether more follow.
    pub fn search_page(&mut self, text: &str, page: Page) -> Result<(Vec<Ticket>, bool)> {
        page.check()?;
        let terms = tickets::search_terms(text)?;
        let Some(anchor) = page.after.map(|a| a.id) else {
            let mut found = self.store.search(&terms, page.limit + 1)?;
            let more = found.len() > page.limit as usize;
            found.truncate(page.limit as usize);
            return Ok((found, more));
        };
        // The order mixes three sources, so a later page is cut from the longest list there is.
        let found = self.store.search(&terms, Page::MAX)?;
        let start = found
            .iter()
            .position(|t| t.id == anchor)
            .ok_or_else(|| Error::Invalid(format!("#{anchor} is not among the matches")))?
            + 1;
        let end = (start + page.limit as usize).min(found.len());
        Ok((found[start..end].to_vec(), end < found.len()))
    }

    // ---- deadlines ----------------------------------------------------------------------

    pub fn policy(&mut self) -> Result<Policy> {
        self.store.policy()
    }

    /// Stores a new policy; every open ticket's marks move with it at once.
    pub fn set_policy(&mut self, by: Option<i64>, p: Policy) -> Result<Policy> {
        self.store
            .set_up(false, &mut |c| setup::set_policy(c, by, p))?;
        self.store.policy()
    }

    /// The desk's time zone and business day.
    pub fn hours(&mut self) -> Result<Hours> {
        self.store.hours()
    }

    /// Sets the desk's time zone and business day (an administrator's change).
    pub fn set_hours(&mut self, by: Option<i64>, h: Hours) -> Result<Hours> {
        self.store
            .set_up(false, &mut |c| setup::set_hours(c, by, h.clone()))?;
        self.store.hours()
    }

    /// A setting kept as JSON, or its default until set (or if it no longer reads).
    fn setting<T: serde::de::DeserializeOwned + Default>(&mut self, key: &str) -> Result<T> {
        Ok(self
            .store
            .setting_json(key)?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// Which alerts a person is shown natively, and their quiet hours.
    pub fn preferences(&mut self, person: i64) -> Result<Preferences> {
        self.setting(&preferences::key(person))
    }

    /// A person's own preferences (see `setup::set_preferences`), as kept.
    pub fn set_preferences(&mut self, by: i64, p: Preferences) -> Result<Preferences> {
        self.store.set_up(false, &mut |c| {
            Ok(vec![setup::set_preferences(c, by, p.clone())?])
        })?;
        self.preferences(by)
    }

    /// A category's saved resolutions, small steps and callbacks.
    pub fn snippets(&mut self, category: i64) -> Result<Snippets> {
        self.setting(&snippets::key(category))
    }

    /// Sets a category's saved texts (an administrator's change), as kept.
    pub fn set_snippets(
        &mut self,
        by: Option<i64>,
        category: i64,
        s: Snippets,
    ) -> Result<Snippets> {
        self.store.set_up(false, &mut |c| {
            Ok(vec![setup::set_snippets(c, by, category, s.clone())?])
        })?;
        self.snippets(category)
    }

    /// The promise to propose to a caller now, the mark it must beat, and where a typed time
    /// stands (see `calendar::propose`).
    pub fn promise(&mut self, typed: Option<DateTime<Utc>>) -> Result<PromiseAdvice> {
        let (policy, hours) = (self.store.policy()?, self.store.hours()?);
        calendar::advise(self.now(), &policy, &hours, typed)
    }

    /// The desk's set-up changes, newest first: who changed what, and when.
    pub fn desk_changes(&mut self, limit: u32) -> Result<Vec<Event>> {
        self.store.desk_changes(limit)
    }

    /// Who receives escalations: the configured executive, else the root of the tree.
    pub fn escalation_executive(&mut self) -> Result<Option<Person>> {
        let policy = self.store.policy()?;
        let org = self.store.org()?;
        Ok(org
            .escalation_executive(policy.escalation_executive_id, None)
            .cloned())
    }

    /// Applies every warning, escalation and tickle due now (reminders to confirm with a
    /// customer among them), exactly once (see
    /// `machine::on_due`): sweeping again at the same or a later time repeats nothing, even
    /// from another process.
    pub fn sweep(&mut self) -> Result<Sweep> {
        let at = self.now();
        let mut actions = Vec::new();
        loop {
            let limit = self.store.sweep_batch();
            let batch = self.store.sweep(limit, &mut machine::on_due)?;
            let progressed = !batch.actions.is_empty();
            actions.extend(batch.actions);
            // A batch that changed nothing would come back the same: the due-query and the
            // rule disagree (a property test keeps them agreeing), so stop rather than spin.
            if batch.due < limit as usize || !progressed {
                break;
            }
        }
        Ok(Sweep {
            at,
            actions,
            next_due: self.next_due()?,
        })
    }

    /// When something next comes due, if anything is pending.
    pub fn next_due(&mut self) -> Result<Option<DateTime<Utc>>> {
        self.store.next_due()
    }

    // ---- alerts -------------------------------------------------------------------------

    /// A person's alerts for the bell, newest first.
    pub fn alerts(&mut self, person: i64) -> Result<Vec<Alert>> {
        self.store.alerts(person, 200)
    }

    pub fn unread_alerts(&mut self, person: i64) -> Result<u32> {
        self.store.unread_alerts(person)
    }

    /// Marks some of a person's alerts read; returns how many changed.
    pub fn mark_alerts_read(&mut self, person: i64, ids: &[i64]) -> Result<usize> {
        self.store.mark_alerts_read(person, ids)
    }

    /// Every alert raised after `cursor`, oldest first: what an install has not yet turned
    /// into native notifications, whoever ran the sweep that raised it.
    pub fn alerts_after(&mut self, cursor: i64) -> Result<Vec<Alert>> {
        self.store.alerts_after(cursor, 1_000)
    }

    /// Where a new install starts its cursor: after every alert raised so far.
    pub fn last_alert_id(&mut self) -> Result<i64> {
        self.store.alert_cursor()
    }

    // ---- reports and audit --------------------------------------------------------------

    /// Who solved, passed, took and was charged with escalations in [from, to).
    pub fn report(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Report> {
        let Period { from, to } = Period::new(from, to)?;
        let figures = self.store.figures(from, to)?;
        let (org, tz) = (self.store.org()?, self.store.hours()?.tz()?);
        Ok(reports::assemble(from, to, tz, figures, &org))
    }

    /// The report of a period read in the desk's time zone: the same "November" from every
    /// workstation and from the CLI.
    pub fn report_for(&mut self, period: PeriodSpec) -> Result<Report> {
        let p = self.period(period)?;
        self.report(p.from, p.to)
    }

    /// The report of a period as `viewer` may see it (`reports::teams::for_viewer`).
    pub fn report_as(&mut self, viewer: i64, period: PeriodSpec) -> Result<Report> {
        let report = self.report_for(period)?;
        reports::teams::for_viewer(report, &self.store.org()?, viewer)
    }

    /// The tickets behind a number of the report, newest first, if `viewer` may see it
    /// (anyone's at the command line).
    pub fn drill(&mut self, viewer: Option<i64>, d: Drill) -> Result<Vec<Ticket>> {
        let people = reports::drill::people(&self.store.org()?, viewer, &d)?;
        let p = self.period(d.period)?;
        self.store
            .drill(p.from, p.to, d.figure, people.as_deref(), LIST_LIMIT)
    }

    fn period(&mut self, period: PeriodSpec) -> Result<Period> {
        let tz = self.store.hours()?.tz()?;
        period.resolve(tz, self.now())
    }

    // ---- the board ----------------------------------------------------------------------

    /// The newest compliments and complaints that arrived on their own.
    pub fn board(&mut self) -> Result<Vec<BoardEntry>> {
        self.store.board(BOARD_LIMIT)
    }

    /// Records feedback that arrived on its own (see `board::record`); the entry as kept.
    pub fn record_feedback(&mut self, by: i64, f: NewFeedback) -> Result<BoardEntry> {
        let done = self
            .store
            .set_up(false, &mut |c| Ok(vec![board::record(c, by, &f)?]))?;
        let id = done.created.expect("the board's write names its entry");
        self.store.board_entry(id)
    }

    /// Notes what the team learned from a board entry (see `board::learn`); the entry now.
    pub fn learn(&mut self, by: i64, entry: i64, lesson: &str) -> Result<BoardEntry> {
        self.store.set_up(false, &mut |c| {
            Ok(vec![board::learn(c, by, entry, lesson)?])
        })?;
        self.store.board_entry(entry)
    }

    /// Checks the whole desk: the store's integrity, the events' hash chain, that the chain
    /// still contains each witness (a head recorded earlier), and that every ticket row is what
    /// its events say. A failed integrity check marks the desk damaged.
    pub fn verify(&mut self, witnesses: &[String]) -> Result<Verification> {
        witnesses.iter().try_for_each(|w| audit::check_witness(w))?;
        let people = self.store.org()?.all().iter().map(|p| p.id).collect();
        let mut walk = Audit::new(witnesses, people);
        let (mut integrity, audited) = self.store.check_and_audit(&mut walk)?;
        integrity.extend(audited.problems);
        Ok(audit::verification(integrity, walk, audited.head))
    }

    /// The chain's newest event, which an install keeps as its witness.
    pub fn chain_head(&mut self) -> Result<Option<ChainHead>> {
        self.store.head()
    }

    /// An install's witness, checked and moved on: if the chain still holds the head this
    /// install last saw (a cheap lookup, made on every wake), the new witness is today's head;
    /// if not, events were removed or rewritten since, and the old witness is kept as evidence.
    pub fn advance_witness(&mut self, witness: Option<&ChainHead>) -> Result<Witnessed> {
        if let Some(w) = witness {
            if self.store.hash_of(w.event_id)?.as_deref() != Some(w.hash.as_str()) {
                return Ok(Witnessed::Broken(w.clone()));
            }
        }
        Ok(match self.store.head()? {
            Some(head) => Witnessed::Holds(head),
            None => Witnessed::Empty,
        })
    }

    /// The organisation, as one snapshot.
    pub fn org(&mut self) -> Result<Org> {
        self.store.org()
    }
}
