//! The append-only audit trail and its hash chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::tickets::ContactHow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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
    /// The owner was deactivated; the ticket went to the nearest active person above them.
    HandedOver,
    // Changes to the desk's set-up (no ticket): who a ticket reaches, and when.
    PersonAdded,
    PersonMoved,
    PersonDeactivated,
    PinSet,
    PolicyChanged,
    CategoryAdded,
    HoursChanged,
    /// A customer's personal data was erased on request.
    CustomerErased,
    /// Someone spoke to or wrote to the customer (how in its data), perhaps with a new promise.
    Contacted,
    /// Facts captured at intake were corrected (before → after in its text; every value in its
    /// data).
    Corrected,
    /// Someone changed which alerts they are shown natively, and their quiet hours.
    PreferencesSet,
    /// A category's saved resolutions, small steps and callbacks were changed.
    SnippetsSet,
    /// A customer's notes were changed (by whom; the notes themselves are not in the trail,
    /// so an erasure leaves nothing of them behind).
    CustomerNoted,
    /// Two tickets about one problem became one: on the merged ticket (closed, pointing at the
    /// survivor) and on the survivor (pointing back), both in its data.
    Merged,
    /// A compliment or complaint that arrived on its own (the board): `delighted` says which;
    /// its data names the customer and the people involved.
    CustomerFeedback,
    /// What the team learned from a board entry (its data names the entry).
    Learned,
    /// After a resolve: whether the customer heard back (in its data), and their reaction.
    Confirmed,
}

impl EventKind {
    pub const ALL: [EventKind; 30] = [
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
        EventKind::HandedOver,
        EventKind::PersonAdded,
        EventKind::PersonMoved,
        EventKind::PersonDeactivated,
        EventKind::PinSet,
        EventKind::PolicyChanged,
        EventKind::CategoryAdded,
        EventKind::HoursChanged,
        EventKind::CustomerErased,
        EventKind::Contacted,
        EventKind::Merged,
        EventKind::CustomerNoted,
        EventKind::Corrected,
        EventKind::PreferencesSet,
        EventKind::SnippetsSet,
        EventKind::CustomerFeedback,
        EventKind::Learned,
        EventKind::Confirmed,
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
            EventKind::HandedOver => "handed_over",
            EventKind::PersonAdded => "person_added",
            EventKind::PersonMoved => "person_moved",
            EventKind::PersonDeactivated => "person_deactivated",
            EventKind::PinSet => "pin_set",
            EventKind::PolicyChanged => "policy_changed",
            EventKind::CategoryAdded => "category_added",
            EventKind::HoursChanged => "hours_changed",
            EventKind::CustomerErased => "customer_erased",
            EventKind::Contacted => "contacted",
            EventKind::Merged => "merged",
            EventKind::CustomerNoted => "customer_noted",
            EventKind::Corrected => "corrected",
            EventKind::PreferencesSet => "preferences_set",
            EventKind::SnippetsSet => "snippets_set",
            EventKind::CustomerFeedback => "customer_feedback",
            EventKind::Learned => "learned",
            EventKind::Confirmed => "confirmed",
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
    #[serde(flatten)]
    #[ts(flatten)]
    pub data: EventData,
}

/// What an event's stored `data` says of contacts, promises and merges.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct EventData {
    /// A contact: how the customer was reached.
    pub how: Option<ContactHow>,
    /// The time promised to the customer: at intake (`created`), or agreed on a contact.
    pub promise_at: Option<DateTime<Utc>>,
    /// A contact the customer made (a call about this open ticket), rather than received.
    pub inbound: bool,
    /// A merge: the ticket this one went into (on the merged one), or came from (on the survivor).
    pub merged_into: Option<i64>,
    pub merged_from: Option<i64>,
    /// A resolution: what was changed so the problem does not happen again.
    pub prevention: Option<String>,
    /// A confirmation: whether the customer heard back.
    pub heard_back: Option<bool>,
}

impl EventData {
    pub fn parse(data: Option<&str>) -> EventData {
        let facts = data.map(crate::replay::Facts::parse).unwrap_or_default();
        EventData {
            how: facts.how.as_deref().and_then(ContactHow::parse),
            promise_at: facts.promise_at.and_then(DateTime::from_timestamp_millis),
            inbound: facts.inbound == Some(true),
            merged_into: facts.into,
            merged_from: facts.from,
            prevention: facts.prevention,
            heard_back: facts.heard_back,
        }
    }
}

/// The stored facts of an event, as hashed. Names are not hashed: they are looked up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventRecord {
    /// None for a change to the desk's set-up.
    pub ticket_id: Option<i64>,
    pub kind: &'static str,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub from_id: Option<i64>,
    pub to_id: Option<i64>,
    pub text: Option<String>,
    pub tickle_at_ms: Option<i64>,
    pub delighted: Option<bool>,
    pub held_ms: Option<i64>,
    /// Structured facts as JSON: a ticket's field values at intake, a new policy, a person.
    pub data: Option<String>,
}

/// A stored event as it is hashed, with the links it claims.
pub struct StoredLink {
    pub id: i64,
    pub record: EventRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// One row of the events table: a link, or why its columns cannot be one (a value of the
/// wrong type, say) so that a tampered row is named rather than crashing the walk.
pub type LinkRow = std::result::Result<StoredLink, (i64, Option<i64>, String)>;

/// The chain starts from this value.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl EventRecord {
    /// sha256 over the previous hash, the event's id and every stored fact, JSON-encoded so no
    /// two different events share an encoding. `data` joins the encoding only when present, so
    /// events written before it existed keep their hashes.
    pub fn hash(&self, id: i64, prev_hash: &str) -> String {
        let mut encoded = serde_json::json!([
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
        if let (Some(data), Some(list)) = (&self.data, encoded.as_array_mut()) {
            list.push(data.as_str().into());
        }
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
            ticket_id: Some(1001),
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
        let with_data = EventRecord {
            data: Some("{}".into()),
            ..e.clone()
        };
        assert_ne!(h, with_data.hash(1, GENESIS));
    }

    #[test]
    fn hashes_of_events_written_before_data_existed_are_unchanged() {
        // An event as the first release wrote it, with the hash it stored.
        let e = EventRecord {
            ticket_id: Some(1001),
            kind: "created",
            at_ms: 1_700_000_000_000,
            actor_id: Some(2),
            to_id: Some(2),
            text: Some("Printer jams".into()),
            ..Default::default()
        };
        let encoded = serde_json::json!([
            GENESIS,
            1,
            1001,
            "created",
            1_700_000_000_000i64,
            2,
            null,
            2,
            "Printer jams",
            null,
            null,
            null
        ]);
        let digest = Sha256::digest(encoded.to_string().as_bytes());
        let old: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(e.hash(1, GENESIS), old);
    }
}
