//! The one error type of the core. The UI branches on `code()`, never on message text.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Invalid(String),
    #[error("missing required fields: {}", .0.join(", "))]
    MissingFields(Vec<String>),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("#{ticket} was changed by {by} at {} since you looked; check it and try again", at.format("%Y-%m-%d %H:%M:%S UTC"))]
    Stale {
        ticket: i64,
        by: String,
        at: DateTime<Utc>,
    },
    #[error("wrong PIN for {0}")]
    WrongPin(String),
    #[error("{name} is locked out until {until} after too many wrong PINs")]
    LockedOut { name: String, until: DateTime<Utc> },
    #[error("{0}")]
    SignedOut(String),
    #[error(
        "{0} has no PIN yet; an administrator sets one in Settings or with `baton person pin`"
    )]
    NoPin(String),
    #[error("not a Baton database: {0}")]
    NotBaton(String),
    #[error(
        "no desk at {0}: create one with `baton init` (or the app's first run), or check the path"
    )]
    NoDesk(String),
    #[error("{path} was made by a newer Baton: schema {found}, this build knows up to {known}; update Baton")]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("read-only: {0}")]
    ReadOnly(String),
    #[error(
        "the desk is damaged and refuses changes: {0}; restore a backup with `baton restore FILE`"
    )]
    Damaged(String),
    #[error("the desk is busy with another change; try again in a moment ({0})")]
    Busy(String),
    #[error("database error: {0}")]
    Storage(String),
    #[error("database migration failed: {0}")]
    Migration(String),
}

/// What crosses to the UI: a stable code, a readable message, and the details a screen acts on
/// so it never has to read the message.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ErrorPayload {
    pub kind: String,
    pub message: String,
    /// For `missing_fields`: every missing field's key, in order.
    pub fields: Vec<String>,
    /// For `locked_out`: when the person may try again.
    pub until: Option<DateTime<Utc>>,
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Invalid(_) => "invalid",
            Error::MissingFields(_) => "missing_fields",
            Error::Forbidden(_) => "forbidden",
            Error::Conflict(_) => "conflict",
            Error::Stale { .. } => "stale",
            Error::WrongPin(_) => "wrong_pin",
            Error::LockedOut { .. } => "locked_out",
            Error::SignedOut(_) => "signed_out",
            Error::NoPin(_) => "no_pin",
            Error::NotBaton(_) => "not_baton",
            Error::NoDesk(_) => "no_desk",
            Error::NewerSchema { .. } => "newer_schema",
            Error::ReadOnly(_) => "read_only",
            Error::Damaged(_) => "damaged",
            Error::Busy(_) => "busy",
            Error::Storage(_) => "storage",
            Error::Migration(_) => "migration",
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.code().to_string(),
            message: self.to_string(),
            fields: match self {
                Error::MissingFields(fields) => fields.clone(),
                _ => vec![],
            },
            until: match self {
                Error::LockedOut { until, .. } => Some(*until),
                _ => None,
            },
        }
    }

    pub(crate) fn not_found(what: &'static str, key: impl ToString) -> Self {
        Error::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
