//! A whole desk as rows, to move a branch's desk file onto a shared server (`baton migrate`)
//! with every id, hash and link as it was, so its chain verifies there unchanged.

use crate::categories::Category;
use crate::deadlines::Due;
use crate::events::StoredLink;
use crate::machine::State;
use crate::people::Person;

/// A person; their PIN stays behind (a shared desk keeps PINs its own way).
pub struct PersonRow {
    pub person: Person,
    pub created_at: i64,
}

pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub notes: String,
    pub created_at: i64,
    pub erased_at: Option<i64>,
    /// (digits, as typed)
    pub phones: Vec<(String, String)>,
    pub emails: Vec<String>,
}

/// A ticket row, with its search text.
pub struct Ticket {
    pub id: i64,
    pub customer_id: i64,
    pub category_id: i64,
    pub summary: String,
    /// JSON object, as intake stores it.
    pub fields: String,
    /// The field values joined by spaces, as search indexes them.
    pub field_text: String,
    /// Notes, resolution and feedback texts, each preceded by a space, as search indexes them.
    pub notes: String,
    pub channel: String,
    pub intake_rep_id: i64,
    pub created_at: i64,
    pub small_step: Option<String>,
    pub realtime_offered: bool,
    pub realtime_taken: bool,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: Option<i64>,
    /// The ticket this one is a problem back after.
    pub repeat_of: Option<i64>,
    pub state: State,
}

pub struct Alert {
    pub id: i64,
    pub person_id: i64,
    pub ticket_id: i64,
    pub due: Due,
    pub title: String,
    pub body: String,
    pub at: i64,
    pub read_at: Option<i64>,
}

/// An escalation of a ticket's cycle, by its event.
pub struct Escalation {
    pub ticket_id: i64,
    pub cycle: i64,
    pub event_id: i64,
}

/// Everything a desk holds.
#[derive(Default)]
pub struct Dump {
    pub people: Vec<PersonRow>,
    pub customers: Vec<CustomerRow>,
    pub categories: Vec<Category>,
    pub tickets: Vec<Ticket>,
    pub events: Vec<StoredLink>,
    pub alerts: Vec<Alert>,
    pub escalations: Vec<Escalation>,
    /// (key, ticket, at)
    pub requests: Vec<(String, i64, i64)>,
    /// (key, JSON value)
    pub settings: Vec<(String, String)>,
}
