//! The ticket state machine: what an intake, an allowed action, a hand-over or a due deadline
//! does to a ticket. Pure: the ticket, the people, the policy and `now` in; the ticket's new
//! state, its event and the alerts it raises out. `Desk`, the demo and the bench generator all
//! go through here; the store only writes what these functions return.
//!
//! Who may do what is `ownership`; what is due when is `deadlines`.

use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::alerts;
use crate::categories::{Category, MAX_FIELD_VALUE};
use crate::deadlines::{self, Due, Marks, SweepAction};
use crate::error::{Error, Result};
use crate::events::{EventKind, EventRecord};
use crate::ownership::{self, Facts};
use crate::people::{Org, Person};
use crate::policy::Policy;
use crate::replay;
use crate::text::{self, Lines};
use crate::tickets::{Action, ActionKind, ContactHow, Intake, Status, Ticket};

pub const MAX_SUMMARY: usize = 500;
const MAX_CHANNEL: usize = 40;

/// The part of a ticket that changes after intake, as stored (instants in epoch ms).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub owner_id: i64,
    pub owner_since: i64,
    pub status: Status,
    /// Where the escalation clock started: intake, or the latest reopening.
    pub clock_start: i64,
    /// Starts at 1; each reopening starts a new cycle, which may escalate once.
    pub cycle: i64,
    pub due_at: i64,
    pub warned_at: Option<i64>,
    pub escalated_at: Option<i64>,
    /// Who held it when it escalated in this cycle: their team's Escalated list keeps it.
    pub escalated_from: Option<i64>,
    pub tickle_at: Option<i64>,
    pub idle_due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution: Option<String>,
    /// The time promised to the customer now.
    pub promise_at: i64,
    /// The time promised at intake, once a contact agreed another (reports count promises kept
    /// against it).
    pub first_promise_at: Option<i64>,
    pub promise_alert_at: Option<i64>,
    /// A promise lapsed before the customer was contacted about it.
    pub promise_broken: bool,
    /// Closed by a merge into this ticket.
    pub merged_into: Option<i64>,
    /// After a resolve: who confirms the customer heard back; while it is outstanding, when
    /// they are next reminded; and when it was done.
    pub confirm_by: Option<i64>,
    pub confirm_due_at: Option<i64>,
    pub confirmed_at: Option<i64>,
}

/// How long after a resolve (at the earliest: else by the time promised) and after each
/// reminder or attempt the one confirming is reminded (again).
const CONFIRM_AGAIN_MS: i64 = 2 * 3_600_000;

impl State {
    pub fn marks(&self) -> Marks {
        Marks {
            due_at: self.due_at,
            warned: self.warned_at.is_some(),
            escalated: self.escalated_at.is_some(),
            tickle_at: self.tickle_at,
            idle_due_at: self.idle_due_at,
            promise_alert_at: self.promise_alert_at,
        }
    }
}

/// Everything the rules read about one ticket, from one snapshot of the store.
#[derive(Debug, Clone)]
pub struct Context {
    pub ticket: Ticket,
    pub state: State,
    /// Shared: a sweep reads one snapshot of the people for every ticket it handles.
    pub org: Arc<Org>,
    pub policy: Policy,
    /// When the ticket's newest event happened: no change may be dated before it.
    pub last_event_at: Option<i64>,
    /// Who made the latest versioned change (None: the deadline sweep).
    pub last_changed_by: Option<String>,
    pub now: DateTime<Utc>,
}

/// An alert to raise for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    pub person_id: i64,
    pub due: Due,
    pub title: String,
    pub body: String,
}

/// One change to one ticket: its whole new state, its event, and what it raises.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub ticket: i64,
    pub state: State,
    /// A change someone acts on (an action, an escalation, a hand-over) bumps the version and
    /// says who changed it; notices (warnings, tickles) do not, so they never make a rep's
    /// open screen stale.
    pub versioned: bool,
    pub by: Option<i64>,
    pub event: EventRecord,
    pub alerts: Vec<NewAlert>,
    /// Text search should also find the ticket by (a note, a resolution, feedback).
    pub indexed: Option<String>,
    /// Corrected facts: the ticket's field values from now on.
    pub fields: Option<BTreeMap<String, String>>,
}

/// A ticket to take in, as the rules decided it. The store gives it its number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub customer_id: i64,
    pub category_id: i64,
    pub summary: String,
    pub fields: BTreeMap<String, String>,
    pub channel: String,
    pub intake_rep_id: i64,
    pub small_step: Option<String>,
    pub realtime_offered: bool,
    pub realtime_taken: bool,
    pub state: State,
    /// The `created` event; the store fills in the ticket's number.
    pub event: EventRecord,
    /// Solved on the call: resolved by the rep in the same transaction.
    pub resolution: Option<String>,
    /// The customer's latest ticket in the category resolved within `REPEAT_WINDOW_DAYS`
    /// before: the same problem back (the store finds it).
    pub repeat_of: Option<i64>,
}

/// Takes in a problem: checks what the rep captured and decides the owner (the category's
/// default owner when active, else the rep) and the deadlines.
pub fn intake(
    i: &Intake,
    rep: i64,
    category: &Category,
    org: &Org,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<NewTicket> {
    let channel = i
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("phone")
        .to_string();
    if channel.chars().count() > MAX_CHANNEL {
        return Err(Error::Invalid("the channel name is too long".into()));
    }
    text::check("the channel", &channel, Lines::One)?;
    let small_step = i
        .small_step
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| ownership::required_text("the small step", s))
        .transpose()?;
    let rep = org.active(rep)?;
    let summary = i.summary.trim();
    // Name every missing piece at once, the summary included.
    let fields = match category.check_values(&i.fields) {
        Err(Error::MissingFields(mut missing)) => {
            if text::is_blank(summary) {
                missing.insert(0, "summary".into());
            }
            return Err(Error::MissingFields(missing));
        }
        other => other?,
    };
    if text::is_blank(summary) {
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
    let resolution = i
        .resolution
        .as_deref()
        .map(|r| ownership::required_text("the resolution", r))
        .transpose()?;
    // Solved on the call, it is the rep's: they resolved it. Otherwise the category's owner.
    let owner = match category.default_owner_id.map(|o| org.get(o)) {
        Some(Ok(o)) if o.active && resolution.is_none() => o.id,
        _ => rep.id,
    };
    let now = now.timestamp_millis();
    let due_at = due_at.timestamp_millis();
    let promise_at = promise_at.timestamp_millis();
    Ok(NewTicket {
        customer_id: i.customer_id,
        category_id: category.id,
        summary: summary.to_string(),
        channel,
        intake_rep_id: rep.id,
        small_step,
        realtime_offered: i.realtime_offered,
        realtime_taken: i.realtime_taken,
        state: State {
            owner_id: owner,
            owner_since: now,
            status: Status::Open,
            clock_start: now,
            cycle: 1,
            due_at,
            warned_at: None,
            escalated_at: None,
            escalated_from: None,
            tickle_at: None,
            idle_due_at: Some(now + policy.idle_ms()),
            resolved_at: None,
            resolution: None,
            promise_at,
            first_promise_at: None,
            promise_alert_at: deadlines::promise_alert(now, promise_at, Some(due_at)),
            promise_broken: false,
            merged_into: None,
            confirm_by: None,
            confirm_due_at: None,
            confirmed_at: None,
        },
        event: EventRecord {
            ticket_id: None,
            kind: EventKind::Created.as_str(),
            at_ms: now,
            actor_id: Some(rep.id),
            to_id: Some(owner),
            text: Some(summary.to_string()),
            data: Some(
                replay::Facts {
                    fields: Some(fields.clone()),
                    due_at: Some(due_at),
                    promise_at: Some(promise_at),
                    customer: Some(i.customer_id),
                    category: Some(category.id),
                    ..Default::default()
                }
                .json(),
            ),
            ..Default::default()
        },
        fields,
        resolution,
        repeat_of: None,
    })
}

/// The actions `viewer` may take on the ticket now.
pub fn allowed(c: &Context, viewer: i64) -> Vec<ActionKind> {
    let Ok(facts) = facts(c, viewer, None) else {
        return vec![];
    };
    ActionKind::ALL
        .into_iter()
        .filter(|&kind| ownership::permit(&facts, kind).is_ok())
        // A merged ticket lives on in the one it went into.
        .filter(|&kind| !(kind == ActionKind::Reopen && c.state.merged_into.is_some()))
        .collect()
}

/// Who a pass-up by `viewer` would hand the ticket to, when they may pass it (the form names
/// them before the person confirms).
pub fn passes_to(c: &Context, viewer: i64) -> Option<Person> {
    let facts = facts(c, viewer, None).ok()?;
    ownership::permit(&facts, ActionKind::Pass).ok()?;
    facts.owner_superior.cloned()
}

/// What `action` by `actor` does to the ticket. With `expected_version`, a ticket changed since
/// the caller read it is refused, naming who changed it and when.
pub fn act(
    c: &Context,
    actor: i64,
    expected_version: Option<i64>,
    action: &Action,
) -> Result<Change> {
    let t = &c.ticket;
    if expected_version.is_some_and(|v| v != t.version) {
        return Err(Error::Stale {
            ticket: t.id,
            by: c
                .last_changed_by
                .clone()
                .unwrap_or_else(|| "Baton (deadline sweep)".into()),
            at: t.updated_at,
        });
    }
    let now = c.now.timestamp_millis();
    check_clock(c)?;
    if let (Some(into), Action::Reopen { .. }) = (c.state.merged_into, action) {
        return Err(Error::Conflict(format!(
            "#{} was merged into #{into}; reopen that one instead",
            t.number
        )));
    }
    let target = match action {
        Action::Assign { to, .. } => Some(*to),
        _ => None,
    };
    let mut d = ownership::decide(&facts(c, actor, target)?, action)?;
    let corrected = match action {
        Action::Correct { fields } => {
            let (after, said) = correct(t, fields)?;
            d.text = Some(said);
            Some(after)
        }
        _ => None,
    };
    let before = &c.state;
    let status = d.new_status.unwrap_or(before.status);
    let owner = d.new_owner.unwrap_or(before.owner_id);
    let reopened = d.event == EventKind::Reopened;
    let owner_changed = owner != before.owner_id || reopened;
    let resolved = status == Status::Resolved;
    let tickle_at = match (status, d.tickle_at) {
        (Status::Resolved, _) => None,
        (_, Some(at)) => Some(at.timestamp_millis()),
        // A reminder is the owner's own: it does not follow the ticket to someone else.
        _ if owner_changed => None,
        _ => before.tickle_at,
    };
    // A new time agreed with the customer: the first promise is kept for the reports, and a
    // promise that had already lapsed counts as broken however the ticket ends.
    let new_promise = d
        .contact
        .and_then(|(_, at)| at)
        .map(|at| at.timestamp_millis());
    let state = State {
        owner_id: owner,
        owner_since: if owner_changed {
            now
        } else {
            before.owner_since
        },
        status,
        clock_start: if reopened { now } else { before.clock_start },
        cycle: before.cycle + i64::from(reopened),
        due_at: if reopened {
            now + c.policy.escalate_after_ms()
        } else {
            before.due_at
        },
        warned_at: before.warned_at.filter(|_| !reopened),
        escalated_at: before.escalated_at.filter(|_| !reopened),
        escalated_from: before.escalated_from.filter(|_| !reopened),
        tickle_at,
        idle_due_at: (status == Status::Open).then_some(now + c.policy.idle_ms()),
        resolved_at: resolved.then(|| before.resolved_at.unwrap_or(now)),
        resolution: match d.event {
            EventKind::Resolved => d.text.clone(),
            _ => before.resolution.clone(),
        },
        promise_at: new_promise.unwrap_or(before.promise_at),
        first_promise_at: match new_promise {
            Some(_) => before.first_promise_at.or(Some(before.promise_at)),
            None => before.first_promise_at,
        },
        promise_alert_at: match (status, new_promise) {
            (Status::Resolved, _) => None,
            (_, Some(at)) => deadlines::promise_alert(
                now,
                at,
                before.escalated_at.is_none().then_some(before.due_at),
            ),
            _ => before.promise_alert_at,
        },
        // Broken: it lapsed while the ticket was open in this cycle (a promise kept, then the
        // ticket reopened after it, was not broken).
        promise_broken: before.promise_broken
            || (new_promise.is_some()
                && now > before.promise_at
                && before.clock_start <= before.promise_at),
        merged_into: before.merged_into,
        ..confirmation(c, &d, actor, now)
    };
    let indexed = match d.event {
        EventKind::Note
        | EventKind::Resolved
        | EventKind::Feedback
        | EventKind::Contacted
        | EventKind::Confirmed => d.text.clone(),
        _ => None,
    };
    let event = EventRecord {
        ticket_id: Some(t.id),
        kind: d.event.as_str(),
        at_ms: now,
        actor_id: Some(actor),
        from_id: d.from,
        to_id: d.to,
        text: d.text,
        tickle_at_ms: d.tickle_at.map(|at| at.timestamp_millis()),
        delighted: d.delighted,
        held_ms: (d.event == EventKind::Resolved).then(|| (now - before.owner_since).max(0)),
        data: match (d.contact, &corrected) {
            (_, Some(fields)) => Some(
                replay::Facts {
                    fields: Some(fields.clone()),
                    ..Default::default()
                }
                .json(),
            ),
            (Some((how, _)), _) => Some(
                replay::Facts {
                    how: Some(how.as_str().into()),
                    promise_at: new_promise,
                    ..Default::default()
                }
                .json(),
            ),
            (None, None) if reopened => Some(
                replay::Facts {
                    due_at: Some(state.due_at),
                    ..Default::default()
                }
                .json(),
            ),
            (None, None) if d.prevention.is_some() || d.heard_back.is_some() => Some(
                replay::Facts {
                    prevention: d.prevention,
                    heard_back: d.heard_back,
                    ..Default::default()
                }
                .json(),
            ),
            (None, None) => None,
        },
    };
    // Passed or assigned: the new owner hears of it at their own workstation.
    let handed = matches!(d.event, EventKind::Passed | EventKind::Assigned) && owner != actor;
    let alerts = handed
        .then(|| {
            let name = |id: i64| c.org.get(id).map_or(String::new(), |p| p.name.clone());
            let (title, body) = alerts::handed(&alerts::Handed {
                number: t.number,
                customer: &t.customer_name,
                summary: &t.summary,
                passed: d.event == EventKind::Passed,
                by: &name(actor),
                reason: event.text.as_deref().unwrap_or_default(),
                time_left_ms: state.due_at - now,
                mark: &c.policy.mark(),
            });
            NewAlert {
                person_id: owner,
                due: Due::Handed,
                title,
                body,
            }
        })
        .into_iter()
        .collect();
    Ok(Change {
        ticket: t.id,
        state,
        versioned: true,
        by: Some(actor),
        event,
        alerts,
        indexed,
        fields: corrected,
    })
}

/// The confirmation fields after `d`: a resolve makes confirming with the customer the
/// obligation of whoever took the call (the nearest active person above them if they left),
/// due by the time promised and at least two hours on; solved on the call, the customer has
/// heard. A confirmation that they heard ends it; one that they could not be reached yet
/// reminds again later. A reopening starts over.
fn confirmation(c: &Context, d: &ownership::Decision, actor: i64, now: i64) -> State {
    let before = &c.state;
    let mut s = before.clone();
    match (d.event, d.heard_back) {
        (EventKind::Resolved, _) => {
            let rep = c.ticket.intake_rep_id;
            let on_the_call = actor == rep && c.ticket.created_at.timestamp_millis() == now;
            let by = c.org.active_or_above(rep).map_or(actor, |p| p.id);
            s.confirm_by = Some(by);
            s.confirm_due_at =
                (!on_the_call).then(|| before.promise_at.max(now + CONFIRM_AGAIN_MS));
            s.confirmed_at = on_the_call.then_some(now);
        }
        (EventKind::Reopened, _) => {
            (s.confirm_by, s.confirm_due_at, s.confirmed_at) = (None, None, None);
        }
        (EventKind::Confirmed, Some(true)) => {
            (s.confirm_due_at, s.confirmed_at) = (None, Some(now));
        }
        (EventKind::Confirmed, _) => s.confirm_due_at = Some(now + CONFIRM_AGAIN_MS),
        _ => {}
    }
    s
}

/// The ticket's facts with `fixes` applied, and what changed in words ("invoice: INV-7 →
/// INV-8"). Only facts the ticket has may be corrected, each checked as intake checks it, and at least
/// one must change.
fn correct(
    t: &Ticket,
    fixes: &BTreeMap<String, String>,
) -> Result<(BTreeMap<String, String>, String)> {
    let mut after = t.fields.clone();
    let mut said = Vec::new();
    for (key, value) in fixes {
        let before = t.fields.get(key).ok_or_else(|| {
            Error::Invalid(format!(
                "#{} has no fact '{key}' to correct (it has: {})",
                t.number,
                t.fields.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        let value = value.trim();
        if value == before {
            continue;
        }
        // As intake checks a value.
        if value.is_empty() {
            return Err(Error::Invalid(format!("give '{key}' a value")));
        }
        if value.chars().count() > MAX_FIELD_VALUE {
            return Err(Error::Invalid(format!(
                "field '{key}' is longer than {MAX_FIELD_VALUE} characters"
            )));
        }
        text::check(&format!("field '{key}'"), value, Lines::Many)?;
        said.push(format!("{key}: {before} → {value}"));
        after.insert(key.clone(), value.to_string());
    }
    if said.is_empty() {
        return Err(Error::Invalid(
            "nothing to correct: the values are as captured".into(),
        ));
    }
    Ok((after, said.join("; ")))
}

/// A call about a ticket the caller already has open, taken at intake: recorded on that ticket
/// as a contact from the customer (what they said, and any facts they gave that differ from
/// those taken in) instead of as a second ticket. A new time promised on it follows the
/// contact's rule: the owner's, or someone over them.
pub fn call_about(c: &Context, rep: i64, i: &Intake) -> Result<Change> {
    let t = &c.ticket;
    if i.customer_id != t.customer_id {
        return Err(Error::Conflict(format!(
            "#{} is {}'s, not this caller's; take the call in as a ticket of its own",
            t.number, t.customer_name
        )));
    }
    let summary = i.summary.trim();
    if text::is_blank(summary) {
        return Err(Error::MissingFields(vec!["summary".into()]));
    }
    text::check("the summary", summary, Lines::One)?;
    let facts: Vec<String> = i
        .fields
        .iter()
        .map(|(k, v)| (k, v.trim()))
        .filter(|(k, v)| !v.is_empty() && t.fields.get(*k).map(String::as_str) != Some(*v))
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    let what = if facts.is_empty() {
        summary.to_string()
    } else {
        format!("{summary}\nNew facts: {}", facts.join("; "))
    };
    let how = match i.channel.as_deref().map(str::trim) {
        Some("email") => ContactHow::Email,
        Some("walk-in") | Some("visit") => ContactHow::Visit,
        Some("chat") => ContactHow::Chat,
        _ => ContactHow::Phone,
    };
    let action = Action::Contact {
        how,
        what,
        promise_at: i.promise_at,
    };
    let mut change = act(c, rep, None, &action)?;
    let mut data = replay::Facts::parse(change.event.data.as_deref().unwrap_or_default());
    data.inbound = Some(true);
    change.event.data = Some(data.json());
    Ok(change)
}

/// Merges the ticket `c` into `into`, both about one problem of one customer: `c` closes with
/// "Merged into #N" as its resolution and points at the survivor, which records where it came
/// from (and is found by the merged ticket's summary). Neither event counts as solving: the
/// survivor's eventual resolution does. A lead or above who may act on both.
pub fn merge(c: &Context, into: &Context, actor: i64, reason: &str) -> Result<[Change; 2]> {
    let (t, u) = (&c.ticket, &into.ticket);
    if t.id == u.id {
        return Err(Error::Invalid(format!(
            "#{} cannot be merged into itself",
            t.number
        )));
    }
    for ctx in [c, into] {
        if ctx.state.status != Status::Open {
            return Err(Error::Conflict(format!(
                "#{} is resolved; only open tickets are merged",
                ctx.ticket.number
            )));
        }
        check_clock(ctx)?;
        ownership::permit(&facts(ctx, actor, None)?, ActionKind::Merge)?;
    }
    if t.customer_id != u.customer_id {
        return Err(Error::Conflict(format!(
            "#{} is {}'s and #{} is {}'s; only one customer's tickets are merged",
            t.number, t.customer_name, u.number, u.customer_name
        )));
    }
    let reason = ownership::required_text("the reason for merging", reason)?;
    let now = c.now.timestamp_millis();
    let resolution = format!("Merged into #{}: {reason}", u.number);
    let merged = Change {
        ticket: t.id,
        state: State {
            status: Status::Resolved,
            resolved_at: Some(now),
            resolution: Some(resolution.clone()),
            tickle_at: None,
            idle_due_at: None,
            promise_alert_at: None,
            merged_into: Some(u.id),
            ..c.state.clone()
        },
        versioned: true,
        by: Some(actor),
        event: EventRecord {
            ticket_id: Some(t.id),
            kind: EventKind::Merged.as_str(),
            at_ms: now,
            actor_id: Some(actor),
            text: Some(resolution),
            data: Some(
                replay::Facts {
                    into: Some(u.id),
                    ..Default::default()
                }
                .json(),
            ),
            ..Default::default()
        },
        alerts: vec![],
        indexed: None,
        fields: None,
    };
    let survivor = Change {
        ticket: u.id,
        state: State {
            idle_due_at: Some(now + into.policy.idle_ms()),
            ..into.state.clone()
        },
        versioned: true,
        by: Some(actor),
        event: EventRecord {
            ticket_id: Some(u.id),
            kind: EventKind::Merged.as_str(),
            at_ms: now,
            actor_id: Some(actor),
            text: Some(reason),
            data: Some(
                replay::Facts {
                    from: Some(t.id),
                    ..Default::default()
                }
                .json(),
            ),
            ..Default::default()
        },
        alerts: vec![],
        indexed: Some(t.summary.clone()),
        fields: None,
    };
    Ok([merged, survivor])
}

/// Gives an open ticket to `to` without its owner's action: `from` was deactivated. Their own
/// reminder does not follow the ticket.
pub fn hand_over(c: &Context, from: &Person, to: i64, by: Option<i64>) -> Result<Change> {
    check_clock(c)?;
    let now = c.now.timestamp_millis();
    Ok(Change {
        ticket: c.ticket.id,
        state: State {
            owner_id: to,
            owner_since: now,
            tickle_at: None,
            idle_due_at: Some(now + c.policy.idle_ms()),
            ..c.state.clone()
        },
        versioned: true,
        by,
        event: EventRecord {
            ticket_id: Some(c.ticket.id),
            kind: EventKind::HandedOver.as_str(),
            at_ms: now,
            actor_id: by,
            from_id: Some(from.id),
            to_id: Some(to),
            text: Some(format!("{} is no longer active", from.name)),
            ..Default::default()
        },
        alerts: vec![],
        indexed: None,
        fields: None,
    })
}

/// Everything due on the ticket at `now`, in order, each with what the sweep reports: the
/// warning, the escalation at the mark, the owner's reminder, the idle tickle; for a resolved
/// ticket, only the reminder to confirm with the customer. Nothing while this computer's clock
/// reads before the ticket's last change.
pub fn on_due(c: &Context) -> Vec<(Change, SweepAction)> {
    let now = c.now.timestamp_millis();
    if c.last_event_at.is_some_and(|l| l > now) {
        return vec![];
    }
    if c.state.status != Status::Open {
        return confirm_due(c).into_iter().collect();
    }
    let p = &c.policy;
    let mut state = c.state.clone();
    let mut out = Vec::new();
    for due in deadlines::due(&state.marks(), p, now) {
        let holder = state.owner_id;
        let mut event = EventRecord {
            ticket_id: Some(c.ticket.id),
            kind: EventKind::Tickled.as_str(),
            at_ms: now,
            to_id: Some(holder),
            ..Default::default()
        };
        let mut versioned = false;
        let mut previous_owner = None;
        let notify: Vec<i64> = match due {
            Due::Warn => {
                state.warned_at = Some(now);
                event.kind = EventKind::Warned.as_str();
                let boss = c.org.get(holder).ok().and_then(|o| o.reports_to);
                std::iter::once(holder).chain(boss).collect()
            }
            Due::Escalate => {
                let to = c
                    .org
                    .escalation_executive(p.escalation_executive_id, Some(holder))
                    .map_or(holder, |e| e.id);
                state.escalated_at = Some(now);
                state.escalated_from = Some(holder);
                state.owner_id = to;
                state.owner_since = now;
                state.idle_due_at = Some(now + p.idle_ms());
                // A promise beyond the mark is now the executive's to keep: remind them of it.
                state.promise_alert_at = state.promise_alert_at.or(deadlines::promise_alert(
                    now,
                    state.promise_at,
                    None,
                ));
                versioned = true;
                previous_owner = Some(holder);
                event.kind = EventKind::Escalated.as_str();
                event.from_id = Some(holder);
                event.to_id = Some(to);
                if to == holder {
                    vec![to]
                } else {
                    vec![to, holder]
                }
            }
            Due::Reminder => {
                state.tickle_at = None;
                event.text = Some("reminder".into());
                vec![holder]
            }
            Due::Idle => {
                state.idle_due_at = None;
                event.text = Some(format!("idle for {} minutes", p.idle_tickle_minutes));
                vec![holder]
            }
            Due::Promise => {
                state.promise_alert_at = None;
                event.text = Some("promise".into());
                vec![holder]
            }
            // Not a deadline: `deadlines::due` never gives it.
            Due::Handed => continue,
        };
        let name = |id: i64| c.org.get(id).map_or(String::new(), |p| p.name.clone());
        let owner_name = name(state.owner_id);
        let previous_name = previous_owner.map(name);
        let about = alerts::About {
            due,
            number: c.ticket.number,
            customer: &c.ticket.customer_name,
            summary: &c.ticket.summary,
            owner: &owner_name,
            previous_owner: previous_name.as_deref(),
            time_left_ms: state.due_at - now,
            promise_left_ms: state.promise_at - now,
            idle_minutes: p.idle_tickle_minutes,
            mark: &p.mark(),
        };
        let raised = notify
            .iter()
            .map(|&person| {
                let (title, body) = alerts::compose(&about, person == state.owner_id);
                NewAlert {
                    person_id: person,
                    due,
                    title,
                    body,
                }
            })
            .collect();
        let action = SweepAction {
            due,
            ticket_id: c.ticket.id,
            number: c.ticket.number,
            summary: c.ticket.summary.clone(),
            customer_name: c.ticket.customer_name.clone(),
            owner_id: state.owner_id,
            owner_name,
            previous_owner_id: previous_owner,
            due_at: DateTime::from_timestamp_millis(state.due_at).unwrap_or_default(),
            at: c.now,
            notify,
        };
        let change = Change {
            ticket: c.ticket.id,
            state: state.clone(),
            versioned,
            by: None,
            event,
            alerts: raised,
            indexed: None,
            fields: None,
        };
        out.push((change, action));
    }
    out
}

/// The reminder to confirm that the customer heard back, when it is due: to whoever is to
/// confirm it (the nearest active person above them if they left, else the escalation
/// executive), again later until done. With nobody active to tell, it is still put off, so an
/// outstanding confirmation never stays due.
fn confirm_due(c: &Context) -> Option<(Change, SweepAction)> {
    let now = c.now.timestamp_millis();
    let by = c.state.confirm_by?;
    if c.state.confirm_due_at.is_none_or(|at| at > now) {
        return None;
    }
    let to = c.org.active_or_above(by).or_else(|| {
        c.org
            .escalation_executive(c.policy.escalation_executive_id, None)
    });
    let t = &c.ticket;
    // The owner is who resolved it: a resolved ticket changes hands only by a reopening, which
    // ends the confirmation.
    let (title, body) = alerts::confirm(t.number, &t.customer_name, &t.summary, &t.owner_name);
    let change = Change {
        ticket: t.id,
        state: State {
            confirm_due_at: Some(now + CONFIRM_AGAIN_MS),
            ..c.state.clone()
        },
        versioned: false,
        by: None,
        event: EventRecord {
            ticket_id: Some(t.id),
            kind: EventKind::Tickled.as_str(),
            at_ms: now,
            to_id: to.map(|p| p.id),
            text: Some("confirm".into()),
            ..Default::default()
        },
        alerts: to
            .map(|p| NewAlert {
                person_id: p.id,
                due: Due::Reminder,
                title,
                body,
            })
            .into_iter()
            .collect(),
        indexed: None,
        fields: None,
    };
    let action = SweepAction {
        due: Due::Reminder,
        ticket_id: t.id,
        number: t.number,
        summary: t.summary.clone(),
        customer_name: t.customer_name.clone(),
        owner_id: to.map_or(by, |p| p.id),
        owner_name: to.map_or_else(String::new, |p| p.name.clone()),
        previous_owner_id: None,
        due_at: DateTime::from_timestamp_millis(c.state.due_at).unwrap_or_default(),
        at: c.now,
        notify: to.map(|p| p.id).into_iter().collect(),
    };
    Some((change, action))
}

/// The facts `ownership` decides on, for `actor` (and the person named by an assignment).
fn facts(c: &Context, actor: i64, target: Option<i64>) -> Result<Facts<'_>> {
    let owner = c.org.get(c.state.owner_id)?;
    let actor = c.org.get(actor)?;
    let target = target
        .map(|id| {
            let p = c.org.get(id)?;
            Ok::<_, Error>((p, c.org.is_below(p.id, actor.id)))
        })
        .transpose()?;
    let confirm_by = match (c.state.confirm_by, c.state.confirm_due_at) {
        (Some(by), Some(_)) => {
            let p = c.org.get(by)?;
            Some((p, c.org.is_below(p.id, actor.id)))
        }
        _ => None,
    };
    Ok(Facts {
        number: c.ticket.number,
        status: c.state.status,
        owner,
        actor,
        owner_superior: c.org.nearest_active_above(owner.id),
        owner_below_actor: c.org.is_below(owner.id, actor.id),
        target,
        confirm_by,
        now: c.now,
    })
}

/// A change dated before the ticket's latest event means this computer's clock was set back;
/// accepting it would make hold times negative.
fn check_clock(c: &Context) -> Result<()> {
    let now = c.now.timestamp_millis();
    match c.last_event_at {
        Some(last) if now < last => Err(Error::Invalid(format!(
            "this computer's clock reads {}, before #{}'s last change at {}; check the clock",
            c.now.format("%Y-%m-%d %H:%M UTC"),
            c.ticket.number,
            DateTime::from_timestamp_millis(last)
                .unwrap_or_default()
                .format("%Y-%m-%d %H:%M UTC")
        ))),
        _ => Ok(()),
    }
}
