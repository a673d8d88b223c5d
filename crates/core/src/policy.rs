//! The escalation policy an administrator sets.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Policy {
    /// Unsolved this long after intake (or reopening), a ticket goes to the escalation executive.
    pub escalate_after_minutes: u32,
    /// Owners (and their superiors) are warned this long before the mark.
    pub warn_lead_minutes: u32,
    /// An open ticket with no activity for this long tickles its owner.
    pub idle_tickle_minutes: u32,
    /// Who receives escalations; the root of the hierarchy when unset.
    pub escalation_executive_id: Option<i64>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            escalate_after_minutes: 20 * 60,
            warn_lead_minutes: 4 * 60,
            idle_tickle_minutes: 4 * 60,
            escalation_executive_id: None,
        }
    }
}

impl Policy {
    pub fn check(&self) -> Result<()> {
        if !(1..=14 * 24 * 60).contains(&self.escalate_after_minutes) {
            return Err(Error::Invalid(
                "escalation must come between 1 minute and 14 days after intake".into(),
            ));
        }
        if self.warn_lead_minutes >= self.escalate_after_minutes {
            return Err(Error::Invalid(
                "the warning must come before the escalation mark".into(),
            ));
        }
        if self.idle_tickle_minutes == 0 {
            return Err(Error::Invalid(
                "the idle tickle must be at least 1 minute".into(),
            ));
        }
        Ok(())
    }

    pub fn escalate_after_ms(&self) -> i64 {
        i64::from(self.escalate_after_minutes) * 60_000
    }

    pub fn warn_lead_ms(&self) -> i64 {
        i64::from(self.warn_lead_minutes) * 60_000
    }

    /// The policy in words, for the audit trail.
    pub fn describe(&self) -> String {
        let h = |m: u32| {
            if m.is_multiple_of(60) {
                format!("{}h", m / 60)
            } else {
                format!("{}h {:02}m", m / 60, m % 60)
            }
        };
        format!(
            "policy: escalate after {}, warn {} before, tickle after {} idle",
            h(self.escalate_after_minutes),
            h(self.warn_lead_minutes),
            h(self.idle_tickle_minutes)
        )
    }

    /// The escalation mark in words, for alerts: "the 20-hour mark", "the 90-minute mark".
    pub fn mark(&self) -> String {
        let m = self.escalate_after_minutes;
        if m.is_multiple_of(60) {
            format!("the {}-hour mark", m / 60)
        } else {
            format!("the {m}-minute mark")
        }
    }

    pub fn idle_ms(&self) -> i64 {
        i64::from(self.idle_tickle_minutes) * 60_000
    }
}
