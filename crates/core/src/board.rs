//! The compliments and complaints board: what customers say on their own (a letter, a call, a
//! review), not only after a resolution, with what the team learned from each. Pure rules: who
//! may record and annotate, and the events that keep them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::events::EventKind;
use crate::ownership::required_text;
use crate::people::Role;
use crate::store::{SetupContext, SetupOp};

/// Feedback as someone on the desk records it.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct NewFeedback {
    pub customer_id: i64,
    /// The ticket it is about, where known.
    #[serde(default)]
    #[ts(optional)]
    pub ticket_id: Option<i64>,
    /// A compliment, or else a complaint.
    pub compliment: bool,
    pub what: String,
    /// The people it names (who helped, or who let the customer down).
    #[serde(default)]
    pub people: Vec<i64>,
}

/// A person an entry names.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// What the team learned from an entry: the newest note on it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Lesson {
    pub what: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One entry on the board.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BoardEntry {
    /// The event that recorded it: what a lesson names.
    pub id: i64,
    pub at: DateTime<Utc>,
    pub compliment: bool,
    pub what: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub ticket_id: Option<i64>,
    pub people: Vec<Named>,
    pub recorded_by: String,
    pub lesson: Option<Lesson>,
}

/// The newest this many entries make the board.
pub const BOARD_LIMIT: u32 = 200;

/// Records feedback that arrived on its own, by anyone active. The store checks that the
/// customer exists and that the ticket, when named, is theirs.
pub fn record(c: &SetupContext, by: i64, f: &NewFeedback) -> Result<SetupOp> {
    let person = c.org.active(by)?;
    let what = required_text("what the customer said", &f.what)?;
    let mut people = Vec::new();
    for id in &f.people {
        c.org.get(*id)?;
        if !people.contains(id) {
            people.push(*id);
        }
    }
    let mut event = crate::setup::event(
        c,
        EventKind::CustomerFeedback,
        Some(person.id),
        (None, None),
        what,
        serde_json::json!({ "customer": f.customer_id, "people": people }),
    );
    event.delighted = Some(f.compliment);
    Ok(SetupOp::AddToBoard {
        customer: f.customer_id,
        ticket: f.ticket_id,
        event,
    })
}

/// A lead's, manager's or executive's note of what the team learned from an entry; the newest
/// note is the one shown. The store checks that the entry exists.
pub fn learn(c: &SetupContext, by: i64, entry: i64, lesson: &str) -> Result<SetupOp> {
    let person = c.org.active(by)?;
    if person.role == Role::Rep {
        return Err(Error::Forbidden(
            "leads, managers and executives note what the team learned".into(),
        ));
    }
    let lesson = required_text("what the team learned", lesson)?;
    Ok(SetupOp::NoteLesson {
        entry,
        event: crate::setup::event(
            c,
            EventKind::Learned,
            Some(person.id),
            (None, None),
            lesson,
            serde_json::json!({ "entry": entry }),
        ),
    })
}
