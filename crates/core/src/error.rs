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
    /// The shared desk's server does not answer (down, or the network between).
    #[error("{0}")]
    Unreachable(String),
    #[error("database migration failed: {0}")]
    Migration(String),
    /// The organisation's mail server refused or could not be reached: nothing was recorded.
    #[error("the e-mail was not sent: {0}")]
    Mail(String),
}

/// Every kind of failure a front end can meet, as a stable code: the core's own, then those the
/// app's shell and its UI produce. The UI branches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Invalid,
    MissingFields,
    Forbidden,
    Conflict,
    Stale,
    WrongPin,
    LockedOut,
    SignedOut,
    NoPin,
    NotBaton,
    NoDesk,
    NewerSchema,
    ReadOnly,
    Damaged,
    Busy,
    Storage,
    Unreachable,
    Migration,
    Mail,
    /// The shell: something that is not the user's fault and that they can't fix.
    Internal,
    /// The shell: it could not work out where its files live.
    Config,
    /// The UI: Tauri refused the call itself (unknown command, not allowed by a capability).
    Ipc,
    /// The UI: it is running outside the app, e.g. the dev server in a plain browser.
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::MissingFields => "missing_fields",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Stale => "stale",
            ErrorCode::WrongPin => "wrong_pin",
            ErrorCode::LockedOut => "locked_out",
            ErrorCode::SignedOut => "signed_out",
            ErrorCode::NoPin => "no_pin",
            ErrorCode::NotBaton => "not_baton",
            ErrorCode::NoDesk => "no_desk",
            ErrorCode::NewerSchema => "newer_schema",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Damaged => "damaged",
            ErrorCode::Busy => "busy",
            ErrorCode::Storage => "storage",
            ErrorCode::Unreachable => "unreachable",
            ErrorCode::Migration => "migration",
            ErrorCode::Mail => "mail",
            ErrorCode::Internal => "internal",
            ErrorCode::Config => "config",
            ErrorCode::Ipc => "ipc",
            ErrorCode::Unavailable => "unavailable",
        }
    }
}

/// What crosses to the UI: a stable code, a readable message, and the details a screen acts on
/// so it never has to read the message.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ErrorPayload {
    pub kind: ErrorCode,
    pub message: String,
    /// For `missing_fields`: every missing field's key, in order.
    pub fields: Vec<String>,
    /// For `locked_out`: when the person may try again.
    pub until: Option<DateTime<Utc>>,
    /// For `stale`: who changed the ticket, and when (shown in the viewer's own time).
    pub changed_by: Option<String>,
    pub changed_at: Option<DateTime<Utc>>,
}

impl Error {
    pub fn kind(&self) -> ErrorCode {
        match self {
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::MissingFields(_) => ErrorCode::MissingFields,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Stale { .. } => ErrorCode::Stale,
            Error::WrongPin(_) => ErrorCode::WrongPin,
            Error::LockedOut { .. } => ErrorCode::LockedOut,
            Error::SignedOut(_) => ErrorCode::SignedOut,
            Error::NoPin(_) => ErrorCode::NoPin,
            Error::NotBaton(_) => ErrorCode::NotBaton,
            Error::NoDesk(_) => ErrorCode::NoDesk,
            Error::NewerSchema { .. } => ErrorCode::NewerSchema,
            Error::ReadOnly(_) => ErrorCode::ReadOnly,
            Error::Damaged(_) => ErrorCode::Damaged,
            Error::Busy(_) => ErrorCode::Busy,
            Error::Storage(_) => ErrorCode::Storage,
            Error::Unreachable(_) => ErrorCode::Unreachable,
            Error::Migration(_) => ErrorCode::Migration,
            Error::Mail(_) => ErrorCode::Mail,
        }
    }

    /// The stable code, as the CLI's JSON and the UI read it.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.kind(),
            message: self.to_string(),
            fields: match self {
                Error::MissingFields(fields) => fields.clone(),
                _ => vec![],
            },
            until: match self {
                Error::LockedOut { until, .. } => Some(*until),
                _ => None,
            },
            changed_by: match self {
                Error::Stale { by, .. } => Some(by.clone()),
                _ => None,
            },
            changed_at: match self {
                Error::Stale { at, .. } => Some(*at),
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
