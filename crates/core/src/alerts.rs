//! Alerts: what each person is told when the sweep warns, escalates or tickles. The same words go
//! to the in-app bell and to native notifications.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::deadlines::Due;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Alert {
    pub id: i64,
    pub person_id: i64,
    pub ticket_id: i64,
    pub due: Due,
    pub title: String,
    pub body: String,
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// The facts an alert is written from.
pub struct About<'a> {
    pub due: Due,
    pub number: i64,
    pub customer: &'a str,
    pub summary: &'a str,
    /// Who holds the ticket after the sweep's action.
    pub owner: &'a str,
    /// For an escalation: who held it at the mark.
    pub previous_owner: Option<&'a str>,
    pub time_left_ms: i64,
    /// Until the time promised to the customer.
    pub promise_left_ms: i64,
    pub idle_minutes: u32,
    /// The policy's mark in words: "the 20-hour mark".
    pub mark: &'a str,
}

/// "3h 12m", "45m", "2d 4h".
pub fn span(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (d, h) {
        (0, 0) => format!("{m}m"),
        (0, _) => format!("{h}h {m:02}m"),
        _ => format!("{d}d {h}h"),
    }
}

/// A ticket passed or assigned to someone: what they are told.
pub struct Handed<'a> {
    pub number: i64,
    pub customer: &'a str,
    pub summary: &'a str,
    /// Passed up (else assigned).
    pub passed: bool,
    pub by: &'a str,
    pub reason: &'a str,
    pub time_left_ms: i64,
    pub mark: &'a str,
}

/// The title and body telling the new owner.
pub fn handed(h: &Handed) -> (String, String) {
    let how = if h.passed { "passed" } else { "assigned" };
    let standing = if h.time_left_ms > 0 {
        format!("{} left to {}", span(h.time_left_ms), h.mark)
    } else {
        format!("{} past {}", span(-h.time_left_ms), h.mark)
    };
    (
        format!("#{} {how} to you by {}", h.number, h.by),
        format!("{} — {}. “{}” {standing}.", h.customer, h.summary, h.reason),
    )
}

/// The title and body reminding someone to confirm the customer heard back about a resolved
/// ticket.
pub fn confirm(number: i64, customer: &str, summary: &str, resolved_by: &str) -> (String, String) {
    (
        format!("#{number}: did {customer} hear back?"),
        format!(
            "{summary} — resolved by {resolved_by}. Confirm with {customer} that they heard back, and how they took it."
        ),
    )
}

/// The title and body for one recipient.
pub fn compose(a: &About, recipient_holds_it: bool) -> (String, String) {
    let n = a.number;
    let what = format!("{} — {}", a.customer, a.summary);
    let left = span(a.time_left_ms);
    // A reminder or a quiet spell after the mark says how long ago it passed, not "0m left".
    let standing = if a.time_left_ms > 0 {
        format!("{left} left to {}", a.mark)
    } else {
        format!("{} past {}", span(-a.time_left_ms), a.mark)
    };
    match a.due {
        // Told by `handed`, never by a sweep.
        Due::Handed => (format!("#{n} is yours"), what),
        Due::Warn if recipient_holds_it => (
            format!("#{n}: {left} left before it escalates"),
            format!("{what}. Solve it or pass it up before {}.", a.mark),
        ),
        Due::Warn => (
            format!("#{n} in your team: {left} left"),
            format!("{what}. Held by {}; it escalates in {left}.", a.owner),
        ),
        // Nobody above the holder to take it: it stays, and they are told so.
        Due::Escalate if a.previous_owner == Some(a.owner) => (
            format!("#{n} passed {} in your hands", a.mark),
            format!("{what}. Nobody is above you to take it: it is yours to solve now."),
        ),
        Due::Escalate if recipient_holds_it => (
            format!("#{n} escalated to you"),
            format!(
                "{what}. Unsolved at the mark; {} held it.",
                a.previous_owner.unwrap_or("nobody")
            ),
        ),
        Due::Escalate => (
            format!("#{n} escalated to {}", a.owner),
            format!("{what}. It reached the mark while you held it."),
        ),
        Due::Reminder => (format!("Reminder: #{n}"), format!("{what}. {standing}.")),
        // A sweep that runs late (the desk was closed) finds the promise already missed.
        Due::Promise if a.promise_left_ms <= 0 => (
            format!(
                "#{n}: the promise to {} was missed {} ago",
                a.customer,
                span(-a.promise_left_ms)
            ),
            format!("{what}. Contact them and agree a new time."),
        ),
        Due::Promise => (
            format!(
                "#{n}: promised to {} in {}",
                a.customer,
                span(a.promise_left_ms)
            ),
            format!("{what}. Solve it, or contact them and agree a new time."),
        ),
        Due::Idle => (
            format!(
                "#{n} has been quiet for {}",
                span(i64::from(a.idle_minutes) * 60_000)
            ),
            format!("{what}. {standing}."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(due: Due) -> About<'static> {
        About {
            due,
            number: 1004,
            customer: "Olivia Bennett",
            summary: "Charged twice",
            owner: "Grace Hopper",
            previous_owner: Some("Maya Patel"),
            time_left_ms: 3 * 3_600_000 + 59 * 60_000,
            promise_left_ms: 45 * 60_000,
            idle_minutes: 240,
            mark: "the 20-hour mark",
        }
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(45 * 60_000), "45m");
        assert_eq!(span(3 * 3_600_000 + 5 * 60_000), "3h 05m");
        assert_eq!(span(50 * 3_600_000), "2d 2h");
        assert_eq!(span(-5), "0m");
    }

    #[test]
    fn each_recipient_reads_what_concerns_them() {
        let (t, b) = compose(&about(Due::Warn), true);
        assert_eq!(t, "#1004: 3h 59m left before it escalates");
        assert!(b.starts_with("Olivia Bennett — Charged twice."));
        let (t, b) = compose(&about(Due::Warn), false);
        assert_eq!(t, "#1004 in your team: 3h 59m left");
        assert!(b.contains("Held by Grace Hopper"));
        let (t, b) = compose(&about(Due::Escalate), true);
        assert_eq!(t, "#1004 escalated to you");
        assert!(b.contains("Maya Patel held it"));
        assert_eq!(
            compose(&about(Due::Escalate), false).0,
            "#1004 escalated to Grace Hopper"
        );
        assert_eq!(
            compose(&about(Due::Idle), true).0,
            "#1004 has been quiet for 4h 00m"
        );
        assert_eq!(compose(&about(Due::Reminder), true).0, "Reminder: #1004");
        assert_eq!(
            compose(&about(Due::Promise), true).0,
            "#1004: promised to Olivia Bennett in 45m"
        );
        let late = About {
            promise_left_ms: -90 * 60_000,
            ..about(Due::Promise)
        };
        assert_eq!(
            compose(&late, true).0,
            "#1004: the promise to Olivia Bennett was missed 1h 30m ago"
        );
    }

    #[test]
    fn after_the_mark_a_reminder_says_how_long_ago_it_passed() {
        let before = compose(&about(Due::Reminder), true).1;
        assert!(
            before.ends_with("3h 59m left to the 20-hour mark."),
            "{before}"
        );
        for due in [Due::Reminder, Due::Idle] {
            let late = About {
                time_left_ms: -(2 * 3_600_000 + 5 * 60_000),
                ..about(due)
            };
            let body = compose(&late, true).1;
            assert!(body.ends_with("2h 05m past the 20-hour mark."), "{body}");
            assert!(!body.contains("left"), "{body}");
        }
    }
}
