//! What a ticket's events say its state is: a pure fold over the events in chain order,
//! interleaved with the desk's policy changes (which move open tickets' deadlines). `verify`
//! compares the result with the tickets table, so a row rewritten behind the trail's back, or a
//! forged event appended to it, is named.

use std::collections::BTreeMap;

use crate::events::{EventKind, EventRecord};
use crate::tickets::Status;

/// The facts a ticket's events determine. `None` where the events cannot say: tickets taken in
/// before intake recorded its field values and deadline carry no such facts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Derived {
    pub owner_id: Option<i64>,
    pub status: Option<Status>,
    pub summary: Option<String>,
    pub fields: Option<BTreeMap<String, String>>,
    pub resolution: Option<String>,
    pub due_at: Option<i64>,
    pub warned_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub escalated_from: Option<i64>,
    pub promise_at: Option<i64>,
    pub created_at: Option<i64>,
    pub intake_rep_id: Option<i64>,
    /// Whose ticket and which kind: recorded by intake from this release on, unknown before.
    pub customer_id: Option<i64>,
    pub category_id: Option<i64>,
    pub merged_into: Option<i64>,
    /// Where the 20-hour clock started (intake or the latest reopening).
    clock_start: i64,
}

/// The stored facts of a ticket row, as verify compares them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub owner_id: i64,
    pub status: Status,
    pub summary: String,
    pub fields: BTreeMap<String, String>,
    pub resolution: Option<String>,
    pub due_at: i64,
    pub warned_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub escalated_from: Option<i64>,
    pub promise_at: i64,
    pub created_at: i64,
    pub intake_rep_id: i64,
    pub customer_id: i64,
    pub category_id: i64,
    pub merged_into: Option<i64>,
}

/// Facts an event carries in `data` (JSON) beyond its columns.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<i64>,
    /// The time promised to the customer (at intake, or agreed on a contact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promise_at: Option<i64>,
    /// How a contact reached the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    /// A contact the customer made (a call about an open ticket).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound: Option<bool>,
    /// A merge: the survivor (on the merged ticket), or the merged ticket (on the survivor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub into: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// A resolution: what was changed so the problem does not happen again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevention: Option<String>,
    /// Board feedback and lessons: the customer, the people named, the entry a lesson is on.
    /// A ticket's intake: its customer and category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<i64>,
    /// A confirmation: whether the customer heard back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heard_back: Option<bool>,
}

impl Facts {
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("facts serialise")
    }

    /// An event's `data`; nothing where it is not the JSON Baton writes.
    pub fn parse(data: &str) -> Facts {
        serde_json::from_str(data).unwrap_or_default()
    }

    pub(crate) fn of(e: &EventRecord) -> Facts {
        e.data.as_deref().map(Facts::parse).unwrap_or_default()
    }
}

/// A policy change recorded in the chain: from this event on, open tickets that have not
/// escalated are due this long after their clock started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolicyChange {
    pub event_id: i64,
    pub escalate_after_ms: i64,
}

impl PolicyChange {
    /// From a `policy_changed` event's data (the policy as JSON).
    pub fn recorded(event_id: i64, json: &str) -> Option<PolicyChange> {
        let p: crate::policy::Policy = serde_json::from_str(json).ok()?;
        Some(PolicyChange {
            event_id,
            escalate_after_ms: p.escalate_after_ms(),
        })
    }
}

/// Folds one ticket's events (id, record; in chain order) with the desk's policy changes.
pub fn fold(events: &[(i64, &EventRecord)], policies: &[PolicyChange]) -> Derived {
    let mut d = Derived::default();
    let mut policies = policies.iter().peekable();
    for (id, e) in events {
        // Policy changes between the previous event and this one.
        while let Some(p) = policies.next_if(|p| p.event_id < *id) {
            if d.status == Some(Status::Open) && d.escalated_at.is_none() && d.due_at.is_some() {
                d.due_at = Some(d.clock_start + p.escalate_after_ms);
            }
        }
        let Some(kind) = EventKind::parse(e.kind) else {
            continue;
        };
        match kind {
            EventKind::Created => {
                let facts = Facts::of(e);
                d.owner_id = e.to_id;
                d.status = Some(Status::Open);
                d.summary = e.text.clone();
                d.fields = facts.fields;
                d.due_at = facts.due_at;
                d.promise_at = facts.promise_at;
                d.clock_start = e.at_ms;
                d.created_at = Some(e.at_ms);
                d.intake_rep_id = e.actor_id;
                d.customer_id = facts.customer;
                d.category_id = facts.category;
            }
            EventKind::Contacted => {
                if let Some(at) = Facts::of(e).promise_at {
                    d.promise_at = Some(at);
                }
            }
            // The merged ticket closes with the merge's words as its resolution.
            EventKind::Merged if Facts::of(e).into.is_some() => {
                d.status = Some(Status::Resolved);
                d.resolution = e.text.clone();
                d.merged_into = Facts::of(e).into;
            }
            EventKind::Merged => {}
            EventKind::Corrected => {
                if let Some(fields) = Facts::of(e).fields {
                    d.fields = Some(fields);
                }
            }
            EventKind::Passed | EventKind::Taken | EventKind::Assigned | EventKind::HandedOver => {
                d.owner_id = e.to_id;
            }
            EventKind::Escalated => {
                d.owner_id = e.to_id;
                d.escalated_at = Some(e.at_ms);
                d.escalated_from = e.from_id;
            }
            EventKind::Warned => d.warned_at = Some(e.at_ms),
            EventKind::Resolved => {
                d.status = Some(Status::Resolved);
                d.resolution = e.text.clone();
            }
            EventKind::Reopened => {
                d.owner_id = e.to_id;
                d.status = Some(Status::Open);
                d.warned_at = None;
                d.escalated_at = None;
                d.escalated_from = None;
                d.clock_start = e.at_ms;
                d.due_at = Facts::of(e).due_at;
            }
            EventKind::Note
            | EventKind::TickleSet
            | EventKind::Tickled
            | EventKind::Feedback
            | EventKind::PersonAdded
            | EventKind::PersonMoved
            | EventKind::PersonDeactivated
            | EventKind::PinSet
            | EventKind::PolicyChanged
            | EventKind::CategoryAdded
            | EventKind::HoursChanged
            | EventKind::CustomerErased
            | EventKind::CustomerNoted
            | EventKind::PreferencesSet
            | EventKind::SnippetsSet
            | EventKind::CustomerFeedback
            | EventKind::Learned
            | EventKind::Confirmed => {}
        }
    }
    for p in policies {
        if d.status == Some(Status::Open) && d.escalated_at.is_none() && d.due_at.is_some() {
            d.due_at = Some(d.clock_start + p.escalate_after_ms);
        }
    }
    d
}

/// Adds "{what} is X in the row but Y by its events" when they differ. Compared first and worded
/// only then: verify asks this of every ticket on the desk.
fn differ<T: PartialEq>(
    out: &mut Vec<String>,
    what: &str,
    stored: T,
    by_events: T,
    shown: impl Fn(&T) -> String,
) {
    if stored != by_events {
        out.push(format!(
            "{what} is {} in the row but {} by its events",
            shown(&stored),
            shown(&by_events)
        ));
    }
}

/// Where the row and its events disagree, one phrase each ("owner is 3 in the row, 2 by its
/// events"). Facts the events cannot say are not compared.
pub fn differences(derived: &Derived, row: &Row) -> Vec<String> {
    let mut out = Vec::new();
    let o = &mut out;
    let id = |v: &Option<i64>| v.map_or("unset".to_string(), |v| v.to_string());
    let words = |v: &Option<&str>| v.map_or("unset".to_string(), |v| format!("{v:?}"));
    differ(o, "the owner", Some(row.owner_id), derived.owner_id, id);
    differ(
        o,
        "the status",
        Some(row.status.as_str()),
        derived.status.map(Status::as_str),
        |s| s.unwrap_or("unknown").to_string(),
    );
    differ(
        o,
        "the summary",
        Some(row.summary.as_str()),
        derived.summary.as_deref(),
        words,
    );
    differ(
        o,
        "the resolution",
        row.resolution.as_deref(),
        derived.resolution.as_deref(),
        words,
    );
    differ(o, "the warning mark", row.warned_at, derived.warned_at, id);
    differ(
        o,
        "the escalation mark",
        row.escalated_at,
        derived.escalated_at,
        id,
    );
    differ(
        o,
        "who held it at the mark",
        row.escalated_from,
        derived.escalated_from,
        id,
    );
    differ(
        o,
        "the ticket it was merged into",
        row.merged_into,
        derived.merged_into,
        id,
    );
    // What the events can say: the deadline and promise where recorded, and what intake
    // recorded (whose ticket and which kind only from this release on).
    for (what, stored, by_events) in [
        ("the deadline", row.due_at, derived.due_at),
        ("the promise", row.promise_at, derived.promise_at),
        ("the time taken in", row.created_at, derived.created_at),
        ("who took it in", row.intake_rep_id, derived.intake_rep_id),
        ("the customer", row.customer_id, derived.customer_id),
        ("the category", row.category_id, derived.category_id),
    ] {
        if by_events.is_some() {
            differ(o, what, Some(stored), by_events, id);
        }
    }
    if let Some(fields) = &derived.fields {
        if fields != &row.fields {
            out.push("the field values differ from those taken in".into());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, at_ms: i64) -> EventRecord {
        EventRecord {
            ticket_id: Some(1001),
            kind: kind.as_str(),
            at_ms,
            ..Default::default()
        }
    }

    fn created() -> EventRecord {
        EventRecord {
            to_id: Some(2),
            text: Some("Printer jams".into()),
            data: Some(
                Facts {
                    fields: Some(BTreeMap::from([("serial".into(), "X1".into())])),
                    due_at: Some(100 + 20),
                    promise_at: Some(500),
                    ..Default::default()
                }
                .json(),
            ),
            ..event(EventKind::Created, 100)
        }
    }

    fn row() -> Row {
        Row {
            owner_id: 2,
            status: Status::Open,
            summary: "Printer jams".into(),
            fields: BTreeMap::from([("serial".into(), "X1".into())]),
            resolution: None,
            due_at: 120,
            warned_at: None,
            escalated_at: None,
            escalated_from: None,
            promise_at: 500,
            created_at: 100,
            intake_rep_id: 1,
            customer_id: 7,
            category_id: 3,
            merged_into: None,
        }
    }

    #[test]
    fn a_faithful_row_has_no_differences() {
        let c = created();
        let d = fold(&[(1, &c)], &[]);
        assert!(differences(&d, &row()).is_empty());
    }

    #[test]
    fn a_rewritten_row_is_named() {
        let c = created();
        let d = fold(&[(1, &c)], &[]);
        let edited = Row {
            owner_id: 3,
            summary: "other".into(),
            ..row()
        };
        let found = differences(&d, &edited);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("owner is 3 in the row but 2"));
    }

    #[test]
    fn what_intake_recorded_is_compared_where_it_was_recorded() {
        let legacy = fold(&[(1, &created())], &[]);
        let moved = Row {
            customer_id: 8,
            category_id: 4,
            ..row()
        };
        assert!(
            differences(&legacy, &moved).is_empty(),
            "not recorded before"
        );
        let recorded = EventRecord {
            actor_id: Some(1),
            data: Some(
                Facts {
                    customer: Some(7),
                    category: Some(3),
                    ..Facts::parse(created().data.as_deref().unwrap())
                }
                .json(),
            ),
            ..created()
        };
        let d = fold(&[(1, &recorded)], &[]);
        assert!(differences(&d, &row()).is_empty());
        let found = differences(&d, &moved);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("the customer is 8 in the row but 7"));
        let earlier = Row {
            created_at: 50,
            ..row()
        };
        assert!(differences(&d, &earlier)[0].contains("time taken in"));
    }

    #[test]
    fn a_forged_resolution_disagrees_with_an_open_row() {
        let c = created();
        let forged = EventRecord {
            text: Some("done".into()),
            ..event(EventKind::Resolved, 150)
        };
        let d = fold(&[(1, &c), (2, &forged)], &[]);
        assert!(differences(&d, &row())
            .iter()
            .any(|p| p.contains("status is open in the row but resolved")));
    }

    #[test]
    fn a_promise_agreed_on_a_contact_is_the_one_the_row_must_hold() {
        let c = created();
        let contact = EventRecord {
            data: Some(
                Facts {
                    promise_at: Some(900),
                    how: Some("phone".into()),
                    ..Default::default()
                }
                .json(),
            ),
            ..event(EventKind::Contacted, 130)
        };
        let d = fold(&[(1, &c), (2, &contact)], &[]);
        assert_eq!(d.promise_at, Some(900));
        assert!(differences(
            &d,
            &Row {
                promise_at: 900,
                ..row()
            }
        )
        .is_empty());
        assert!(differences(&d, &row())
            .iter()
            .any(|p| p.contains("promise is 500 in the row but 900")));
    }

    #[test]
    fn policy_changes_move_open_deadlines_until_escalation() {
        let c = created();
        let p = [PolicyChange {
            event_id: 2,
            escalate_after_ms: 50,
        }];
        assert_eq!(fold(&[(1, &c)], &p).due_at, Some(150));
        let esc = EventRecord {
            to_id: Some(9),
            ..event(EventKind::Escalated, 120)
        };
        let d = fold(&[(1, &c), (3, &esc)], &p);
        assert_eq!(
            (d.due_at, d.owner_id, d.escalated_at),
            (Some(150), Some(9), Some(120))
        );
        // Escalated before the change: the deadline stays.
        let d = fold(
            &[(1, &c), (2, &esc)],
            &[PolicyChange {
                event_id: 3,
                ..p[0]
            }],
        );
        assert_eq!(d.due_at, Some(120));
    }

    #[test]
    fn legacy_tickets_are_compared_on_what_their_events_say() {
        let legacy = EventRecord {
            data: None,
            ..created()
        };
        let d = fold(&[(1, &legacy)], &[]);
        let other = Row {
            due_at: 999,
            fields: BTreeMap::new(),
            ..row()
        };
        assert!(differences(&d, &other).is_empty());
    }
}
