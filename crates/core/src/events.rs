//! The append-only audit trail and its hash chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Passed,
    Taken,
    Assigned,
    Resolved,
    Reopened,
    Note,
    TickleSet,
    Tickled,
    Warned,
    Escalated,
    Feedback,
}

impl EventKind {
    pub const ALL: [EventKind; 12] = [
        EventKind::Created,
        EventKind::Passed,
        EventKind::Taken,
        EventKind::Assigned,
        EventKind::Resolved,
        EventKind::Reopened,
        EventKind::Note,
        EventKind::TickleSet,
        EventKind::Tickled,
        EventKind::Warned,
        EventKind::Escalated,
        EventKind::Feedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Passed => "passed",
            EventKind::Taken => "taken",
            EventKind::Assigned => "assigned",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Note => "note",
            EventKind::TickleSet => "tickle_set",
            EventKind::Tickled => "tickled",
            EventKind::Warned => "warned",
            EventKind::Escalated => "escalated",
            EventKind::Feedback => "feedback",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Notices from the system do not count as work on the ticket (they don't reset the idle timer).
    pub fn is_activity(self) -> bool {
        !matches!(self, EventKind::Tickled | EventKind::Warned)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Event {
    pub id: i64,
    pub ticket_id: i64,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// None when the system acted (warnings, escalations, tickles).
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub from_id: Option<i64>,
    pub from_name: Option<String>,
    pub to_id: Option<i64>,
    pub to_name: Option<String>,
    pub text: Option<String>,
    pub tickle_at: Option<DateTime<Utc>>,
    pub delighted: Option<bool>,
}

/// The stored facts of an event, as hashed. Names are not hashed: they are looked up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventRecord {
    pub ticket_id: i64,
    pub kind: &'static str,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub from_id: Option<i64>,
    pub to_id: Option<i64>,
    pub text: Option<String>,
    pub tickle_at_ms: Option<i64>,
    pub delighted: Option<bool>,
    pub held_ms: Option<i64>,
}

/// The chain starts from this value.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl EventRecord {
    /// sha256 over the previous hash, the event's id and every stored fact, JSON-encoded so no
    /// two different events share an encoding.
    pub fn hash(&self, id: i64, prev_hash: &str) -> String {
        let encoded = serde_json::json!([
            prev_hash,
            id,
            self.ticket_id,
            self.kind,
            self.at_ms,
            self.actor_id,
            self.from_id,
            self.to_id,
            self.text,
            self.tickle_at_ms,
            self.delighted,
            self.held_ms,
        ]);
        let digest = Sha256::digest(encoded.to_string().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(EventKind::parse("deleted"), None);
    }

    #[test]
    fn any_change_changes_the_hash() {
        let e = EventRecord {
            ticket_id: 1001,
            kind: "note",
            at_ms: 5,
            text: Some("a|b".into()),
            ..Default::default()
        };
        let h = e.hash(1, GENESIS);
        assert_eq!(h.len(), 64);
        assert_ne!(h, e.hash(2, GENESIS));
        assert_ne!(h, e.hash(1, &h));
        let edited = EventRecord {
            text: Some("a|c".into()),
            ..e.clone()
        };
        assert_ne!(h, edited.hash(1, GENESIS));
    }
}
