//! Erasing a customer's personal data on request, without breaking the audit trail. Pure.
//!
//! The chain model: one global chain for the whole desk (on PostgreSQL, the head row is locked
//! last in each transaction; measured as fast as per-ticket chains). Erasure keeps every
//! event's hash and links and replaces only what it says (its text, and the field values in its
//! data) with tombstones. A chained `customer_erased` event names who erased which events and
//! why; `verify` accepts an event whose content no longer matches its hash only if that event
//! names it and its content is exactly the tombstone. So erasure is visible, attributable, and
//! cannot be used to rewrite history into something else.

use crate::error::{Error, Result};
use crate::events::{EventKind, EventRecord};
use crate::ownership::required_text;
use crate::people::Org;
use crate::replay;

/// What erased text reads.
pub const TOMBSTONE: &str = "[erased]";

/// An event with its personal content replaced: every text, and every field value in its data
/// (a prevention, which says what the desk changed, is the desk's and stays).
/// Erasing twice changes nothing more.
pub fn erase(e: &EventRecord) -> EventRecord {
    EventRecord {
        text: e.text.as_ref().map(|_| TOMBSTONE.to_string()),
        data: e.data.as_deref().map(erase_data),
        ..e.clone()
    }
}

fn erase_data(data: &str) -> String {
    match serde_json::from_str::<replay::Facts>(data) {
        Ok(mut facts) => {
            for value in facts.fields.iter_mut().flat_map(|f| f.values_mut()) {
                *value = TOMBSTONE.into();
            }
            facts.json()
        }
        Err(_) => TOMBSTONE.into(),
    }
}

/// The name an erased customer keeps: enough to count their tickets, nothing about them.
pub fn erased_name(customer: i64) -> String {
    format!("Erased customer {customer}")
}

/// Data of a `customer_erased` event: which customer, which events.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Erased {
    pub customer: i64,
    pub events: Vec<i64>,
}

/// The `customer_erased` event for erasing `customer`'s `events`: an administrator's act (or
/// the CLI's administrator), with a reason.
pub fn erasure(
    org: &Org,
    by: Option<i64>,
    customer: i64,
    events: Vec<i64>,
    reason: &str,
    at_ms: i64,
) -> Result<EventRecord> {
    org.administrator(by)?;
    let reason = required_text("the reason for erasing", reason)?;
    if reason == TOMBSTONE {
        return Err(Error::Invalid("say why the data is erased".into()));
    }
    let data = Erased { customer, events };
    Ok(EventRecord {
        ticket_id: None,
        kind: EventKind::CustomerErased.as_str(),
        at_ms,
        actor_id: by,
        text: Some(reason),
        data: Some(serde_json::to_string(&data).expect("erasure serialises")),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erasing_keeps_the_shape_and_is_idempotent() {
        let created = EventRecord {
            ticket_id: Some(1001),
            kind: "created",
            at_ms: 5,
            actor_id: Some(2),
            text: Some("Olivia's card 4111 charged twice".into()),
            data: Some(r#"{"fields":{"account":"AC-1"},"due_at":72000000}"#.into()),
            ..Default::default()
        };
        let erased = erase(&created);
        assert_eq!(erased.text.as_deref(), Some(TOMBSTONE));
        assert_eq!(
            erased.data.as_deref(),
            Some(r#"{"fields":{"account":"[erased]"},"due_at":72000000}"#)
        );
        assert_eq!((erased.at_ms, erased.actor_id), (5, Some(2)));
        assert_eq!(erase(&erased), erased);
        let silent = EventRecord {
            kind: "warned",
            ..Default::default()
        };
        assert_eq!(erase(&silent), silent, "nothing personal, nothing changed");
    }
}
