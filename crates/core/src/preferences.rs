//! What each person wants shown as native notifications: which kinds of alert, and quiet hours
//! in the desk's time zone. The bell keeps every alert whatever these say, and escalations
//! always come through.

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{clock, parse_clock};
use crate::deadlines::Due;
use crate::error::{Error, Result};

/// Where a person's preferences are kept among the desk's settings.
pub fn key(person: i64) -> String {
    format!("preferences:{person}")
}

/// Every kind of alert, in the order Settings offers them.
pub const KINDS: [Due; 6] = [
    Due::Escalate,
    Due::Warn,
    Due::Handed,
    Due::Promise,
    Due::Reminder,
    Due::Idle,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Preferences {
    /// The kinds shown natively; an escalation is shown whatever this says.
    pub kinds: Vec<Due>,
    /// No native notification (but escalations) between these times of day, "22:00"–"07:00"
    /// crossing midnight; none when absent.
    #[ts(optional)]
    pub quiet: Option<Quiet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Quiet {
    /// "22:00"
    pub from: String,
    /// "07:00"
    pub to: String,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            kinds: KINDS.to_vec(),
            quiet: None,
        }
    }
}

impl Preferences {
    /// The preferences as kept: escalations always among the kinds, each kind once, in
    /// Settings' order, and quiet hours as "HH:MM" that differ.
    pub fn checked(self) -> Result<Preferences> {
        let kinds = KINDS
            .into_iter()
            .filter(|k| *k == Due::Escalate || self.kinds.contains(k))
            .collect();
        let quiet = match self.quiet {
            None => None,
            Some(q) => {
                let (from, to) = (parse_clock(&q.from)?, parse_clock(&q.to)?);
                if from % 1440 == to % 1440 {
                    return Err(Error::Invalid(
                        "quiet hours must start and end at different times".into(),
                    ));
                }
                Some(Quiet {
                    from: clock(from),
                    to: clock(to),
                })
            }
        };
        Ok(Preferences { kinds, quiet })
    }

    /// Whether an alert of kind `due` raised at `at` is shown natively.
    pub fn shows(&self, due: Due, at: DateTime<Utc>, tz: Tz) -> bool {
        due == Due::Escalate || (self.kinds.contains(&due) && !self.is_quiet(at, tz))
    }

    fn is_quiet(&self, at: DateTime<Utc>, tz: Tz) -> bool {
        let Some(q) = &self.quiet else { return false };
        let (Ok(from), Ok(to)) = (parse_clock(&q.from), parse_clock(&q.to)) else {
            return false;
        };
        let local = at.with_timezone(&tz);
        let now = (local.hour() * 60 + local.minute()) as u16;
        let (from, to) = (from % 1440, to % 1440);
        if from < to {
            (from..to).contains(&now)
        } else {
            now >= from || now < to
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn quiet(from: &str, to: &str) -> Preferences {
        Preferences {
            kinds: KINDS.to_vec(),
            quiet: Some(Quiet {
                from: from.into(),
                to: to.into(),
            }),
        }
        .checked()
        .unwrap()
    }

    #[test]
    fn quiet_hours_cross_midnight_in_the_desks_time_zone() {
        let p = quiet("22:00", "7:00");
        assert_eq!(p.quiet.as_ref().unwrap().to, "07:00");
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // 21:30 UTC is 22:30 in Berlin in winter: quiet there, not in UTC.
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 21, 30, 0).unwrap();
        assert!(!p.shows(Due::Warn, at, berlin));
        assert!(p.shows(Due::Warn, at, Tz::UTC));
        assert!(p.shows(Due::Escalate, at, berlin), "escalations always");
        let morning = Utc.with_ymd_and_hms(2026, 11, 30, 6, 0, 0).unwrap();
        assert!(
            p.shows(Due::Warn, morning, berlin),
            "07:00 in Berlin ends it"
        );
        let day = quiet("12:00", "13:00");
        let noon = Utc.with_ymd_and_hms(2026, 11, 30, 12, 59, 0).unwrap();
        assert!(!day.shows(Due::Idle, noon, Tz::UTC));
        assert!(day.shows(Due::Idle, noon + chrono::Duration::minutes(1), Tz::UTC));
    }

    #[test]
    fn escalations_cannot_be_switched_off_and_bad_hours_are_refused() {
        let p = Preferences {
            kinds: vec![Due::Idle, Due::Idle, Due::Warn],
            quiet: None,
        }
        .checked()
        .unwrap();
        assert_eq!(p.kinds, vec![Due::Escalate, Due::Warn, Due::Idle]);
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        assert!(!p.shows(Due::Reminder, at, Tz::UTC));
        let bad = |from: &str, to: &str| {
            Preferences {
                kinds: vec![],
                quiet: Some(Quiet {
                    from: from.into(),
                    to: to.into(),
                }),
            }
            .checked()
            .unwrap_err()
            .to_string()
        };
        assert!(bad("25:00", "07:00").contains("not a time of day"));
        assert!(bad("07:00", "7:00").contains("different times"));
        assert!(bad("00:00", "24:00").contains("different times"));
    }
}
