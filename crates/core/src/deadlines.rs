//! What is due on a ticket at a given moment: the warning, the escalation, tickles. Pure.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::people::Person;
use crate::policy::Policy;

/// The deadline marks of an open ticket, in epoch milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Marks {
    pub due_at: i64,
    pub warned: bool,
    pub escalated: bool,
    pub tickle_at: Option<i64>,
    pub idle_due_at: Option<i64>,
    /// When to remind the owner of the promise made to the customer.
    pub promise_alert_at: Option<i64>,
}

/// How long before a promise falls due its owner is reminded of it: an hour, or half the time
/// left when it was made, whichever is shorter.
const PROMISE_LEAD_MS: i64 = 3_600_000;

/// When to remind the owner of a promise made at `now` for `promise_at`. Not at all for a
/// promise at or after the mark (`due_at` of a ticket not yet escalated): the mark's own warning
/// comes first, and the ticket is then the executive's.
pub fn promise_alert(now: i64, promise_at: i64, mark: Option<i64>) -> Option<i64> {
    let left = promise_at - now;
    (left > 0 && mark.is_none_or(|m| promise_at < m))
        .then(|| promise_at - PROMISE_LEAD_MS.min(left / 2))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// The ticket entered the warning window.
    Warn,
    /// The ticket reached the mark: it goes to the escalation executive.
    Escalate,
    /// The owner's own reminder came due.
    Reminder,
    /// Nothing has happened on the ticket for the idle period.
    Idle,
    /// Someone passed or assigned the ticket to them (not a deadline: the sweep never raises it).
    Handed,
    /// The time promised to the customer is near.
    Promise,
}

impl Due {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Due::Warn => "warn",
            Due::Escalate => "escalate",
            Due::Reminder => "reminder",
            Due::Idle => "idle",
            Due::Handed => "handed",
            Due::Promise => "promise",
        }
    }

    /// As stored; the schema allows nothing else.
    pub fn parse(s: &str) -> Due {
        match s {
            "warn" => Due::Warn,
            "escalate" => Due::Escalate,
            "reminder" => Due::Reminder,
            "handed" => Due::Handed,
            "promise" => Due::Promise,
            _ => Due::Idle,
        }
    }
}

/// One thing the sweep did, and whom to tell.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SweepAction {
    pub due: Due,
    pub ticket_id: i64,
    pub number: i64,
    pub summary: String,
    pub customer_name: String,
    /// Who holds the ticket now (after an escalation: the executive).
    pub owner_id: i64,
    pub owner_name: String,
    /// For an escalation: who held it at the mark and is charged with it.
    pub previous_owner_id: Option<i64>,
    pub due_at: DateTime<Utc>,
    pub at: DateTime<Utc>,
    /// Everyone this concerns, for notifications.
    pub notify: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Sweep {
    pub at: DateTime<Utc>,
    pub actions: Vec<SweepAction>,
    /// When the next sweep has something to do.
    pub next_due: Option<DateTime<Utc>>,
}

/// Everything due at `now`, in the order it is applied. A ticket already at its mark is escalated
/// without a warning first: a warning after the fact helps nobody.
pub fn due(m: &Marks, policy: &Policy, now: i64) -> Vec<Due> {
    let mut out = Vec::new();
    if !m.escalated {
        if now >= m.due_at {
            out.push(Due::Escalate);
        } else if !m.warned && now >= m.due_at - policy.warn_lead_ms() {
            out.push(Due::Warn);
        }
    }
    if m.tickle_at.is_some_and(|t| now >= t) {
        out.push(Due::Reminder);
    }
    if m.promise_alert_at.is_some_and(|t| now >= t) {
        out.push(Due::Promise);
    }
    // An escalation is itself activity: the executive's idle clock starts afresh.
    if m.idle_due_at.is_some_and(|t| now >= t) && !out.contains(&Due::Escalate) {
        out.push(Due::Idle);
    }
    out
}

/// When this ticket next needs attention, if ever.
pub fn next(m: &Marks, policy: &Policy) -> Option<i64> {
    let mut times = vec![];
    if !m.escalated {
        times.push(m.due_at);
        if !m.warned {
            times.push(m.due_at - policy.warn_lead_ms());
        }
    }
    times.extend(m.tickle_at);
    times.extend(m.idle_due_at);
    times.extend(m.promise_alert_at);
    times.into_iter().min()
}

/// Who receives an escalation: the first active candidate who is not the holder (candidates
/// in order of preference). Never the holder; None when nobody else could take it, and the
/// ticket then escalates where it is.
pub fn escalation_target(candidates: &[Person], holder: Option<i64>) -> Option<&Person> {
    candidates.iter().find(|p| p.active && Some(p.id) != holder)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn fresh() -> Marks {
        Marks {
            due_at: 20 * H,
            idle_due_at: Some(4 * H),
            ..Marks::default()
        }
    }

    #[test]
    fn the_day_of_a_ticket() {
        let p = Policy::default();
        let m = fresh();
        assert_eq!(due(&m, &p, 0), []);
        assert_eq!(due(&m, &p, 4 * H), [Due::Idle]);
        let m = Marks {
            idle_due_at: None,
            ..m
        };
        assert_eq!(due(&m, &p, 16 * H - 60_000), []);
        assert_eq!(due(&m, &p, 16 * H), [Due::Warn]);
        let m = Marks { warned: true, ..m };
        assert_eq!(due(&m, &p, 19 * H), []);
        assert_eq!(due(&m, &p, 20 * H), [Due::Escalate]);
        let m = Marks {
            escalated: true,
            ..m
        };
        assert_eq!(due(&m, &p, 100 * H), []);
        assert_eq!(next(&m, &p), None);
    }

    #[test]
    fn late_sweeps_escalate_without_warning() {
        let p = Policy::default();
        let m = Marks {
            tickle_at: Some(10 * H),
            ..fresh()
        };
        assert_eq!(due(&m, &p, 72 * H), [Due::Escalate, Due::Reminder]);
    }

    #[test]
    fn next_is_the_earliest_mark() {
        let p = Policy::default();
        assert_eq!(next(&fresh(), &p), Some(4 * H));
        let m = Marks {
            idle_due_at: None,
            ..fresh()
        };
        assert_eq!(next(&m, &p), Some(16 * H));
        let m = Marks {
            warned: true,
            tickle_at: Some(18 * H),
            ..m
        };
        assert_eq!(next(&m, &p), Some(18 * H));
    }

    #[test]
    fn a_promise_is_reminded_of_an_hour_ahead_or_halfway_when_sooner() {
        assert_eq!(promise_alert(0, 5 * H, Some(20 * H)), Some(4 * H));
        assert_eq!(promise_alert(0, 40 * 60_000, None), Some(20 * 60_000));
        assert_eq!(promise_alert(0, 0, None), None);
        assert_eq!(
            promise_alert(0, 20 * H, Some(20 * H)),
            None,
            "the mark warns"
        );
        assert_eq!(promise_alert(0, 30 * H, None), Some(29 * H), "escalated");
        let m = Marks {
            promise_alert_at: Some(3 * H),
            idle_due_at: None,
            ..fresh()
        };
        assert_eq!(next(&m, &Policy::default()), Some(3 * H));
        assert_eq!(due(&m, &Policy::default(), 3 * H), [Due::Promise]);
    }

    fn person(id: i64, active: bool) -> Person {
        Person {
            id,
            name: format!("p{id}"),
            role: crate::people::Role::Executive,
            reports_to: None,
            active,
            has_pin: true,
        }
    }

    #[test]
    fn an_escalation_goes_to_the_first_active_candidate_but_never_the_holder() {
        let all = [person(1, false), person(2, true), person(3, true)];
        let target = |holder| escalation_target(&all, Some(holder)).map(|p| p.id);
        assert_eq!(target(9), Some(2), "the inactive first choice is skipped");
        assert_eq!(target(2), Some(3), "never back to the holder");
        assert_eq!(
            escalation_target(&all[..2], Some(2)),
            None,
            "nobody else: it stays"
        );
        assert_eq!(escalation_target(&[], None), None);
    }
}
