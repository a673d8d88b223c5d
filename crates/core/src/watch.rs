//! What a running install does on each wake: sweep, then raise a notification for every new
//! alert that concerns someone this install looks after. The shell supplies the timer and the
//! notifier; this part is plain code so a fake clock can drive it through a whole day.

use chrono::{DateTime, Duration, Utc};
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use crate::alerts::Alert;
use crate::desk::Desk;
use crate::error::Result;
use crate::preferences::Preferences;

/// The longest nap between wakes: a laptop that slept or a clock that jumped is noticed within it.
pub const MAX_NAP: Duration = Duration::seconds(60);

/// Shows one alert natively. An error is reported back, never swallowed.
pub trait Notifier: Send + Sync {
    fn notify(&self, alert: &Alert) -> std::result::Result<(), String>;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub alert_id: i64,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// How many warnings, escalations and tickles the sweep applied.
    pub swept: usize,
    /// Alerts shown natively this time.
    pub notified: Vec<Alert>,
    pub failures: Vec<Failure>,
    /// How long to sleep before the next wake (at most `MAX_NAP`).
    pub nap: Duration,
    /// The alert cursor to keep for next time.
    pub cursor: i64,
}

/// What one wake found under the desk's lock: the sweep's work and the new alerts to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected {
    pub swept: usize,
    /// New alerts for the people this install looks after, oldest first.
    pub alerts: Vec<Alert>,
    pub cursor: i64,
    pub nap: Duration,
}

/// Sweeps and collects the alerts raised after `cursor` (the last alert id this install has
/// handled) that concern `people` and that they want shown (their preferences: the bell keeps
/// the others). Shown afterwards with [`deliver`], outside the desk's lock,
/// so a stalled notification daemon never stalls the desk.
pub fn collect(desk: &mut Desk, people: &BTreeSet<i64>, cursor: i64) -> Result<Collected> {
    let sweep = desk.sweep()?;
    let mut out = Collected {
        swept: sweep.actions.len(),
        alerts: vec![],
        cursor,
        nap: nap(desk.now(), sweep.next_due),
    };
    // Preferences that cannot be read never hold an alert back: the desk's time zone falls
    // back to UTC, and a person's preferences to showing everything.
    let tz = desk
        .hours()
        .ok()
        .and_then(|h| h.tz().ok())
        .unwrap_or(chrono_tz::UTC);
    let mut preferences: HashMap<i64, Preferences> = HashMap::new();
    for alert in desk.alerts_after(cursor)? {
        out.cursor = alert.id;
        if !people.contains(&alert.person_id) {
            continue;
        }
        let wanted = match preferences.entry(alert.person_id) {
            Entry::Occupied(p) => p.into_mut(),
            Entry::Vacant(p) => p.insert(desk.preferences(alert.person_id).unwrap_or_default()),
        };
        if wanted.shows(alert.due, alert.at, tz) {
            out.alerts.push(alert);
        }
    }
    Ok(out)
}

/// Shows each alert natively: those shown, and those that failed with why.
pub fn deliver(notifier: &dyn Notifier, alerts: Vec<Alert>) -> (Vec<Alert>, Vec<Failure>) {
    let mut notified = Vec::new();
    let mut failures = Vec::new();
    for alert in alerts {
        match notifier.notify(&alert) {
            Ok(()) => notified.push(alert),
            Err(error) => failures.push(Failure {
                alert_id: alert.id,
                error,
            }),
        }
    }
    (notified, failures)
}

/// Sweeps, notifies the new alerts for `people`, and says when to wake next: [`collect`] then
/// [`deliver`].
pub fn tick(
    desk: &mut Desk,
    notifier: &dyn Notifier,
    people: &BTreeSet<i64>,
    cursor: i64,
) -> Result<Tick> {
    let c = collect(desk, people, cursor)?;
    let (notified, failures) = deliver(notifier, c.alerts);
    Ok(Tick {
        swept: c.swept,
        notified,
        failures,
        nap: c.nap,
        cursor: c.cursor,
    })
}

/// Sleep until the next mark, but never longer than `MAX_NAP`, and never negative.
pub fn nap(now: DateTime<Utc>, next_due: Option<DateTime<Utc>>) -> Duration {
    next_due
        .map(|t| (t - now).clamp(Duration::zero(), MAX_NAP))
        .unwrap_or(MAX_NAP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn naps_are_capped_and_never_negative() {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        assert_eq!(nap(now, None), MAX_NAP);
        assert_eq!(nap(now, Some(now + Duration::hours(3))), MAX_NAP);
        assert_eq!(
            nap(now, Some(now + Duration::seconds(5))),
            Duration::seconds(5)
        );
        assert_eq!(nap(now, Some(now - Duration::hours(1))), Duration::zero());
    }
}
