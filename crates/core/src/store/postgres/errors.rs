//! PostgreSQL's errors as the core's, each one line.

use postgres::error::SqlState;

use crate::error::Error;

/// The server's message alone (or the client's, when the server never answered).
pub fn one_line(e: &postgres::Error) -> String {
    let text = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            // The client's own errors say what failed; their sources say why.
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                text = format!("{text}: {c}");
                cause = c.source();
            }
            text
        }
    };
    text.lines().next().unwrap_or_default().to_string()
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        let message = one_line(&e);
        match e.code() {
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::LOCK_NOT_AVAILABLE =>
            {
                Error::Busy(message)
            }
            Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => Error::ReadOnly(message),
            Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => Error::Forbidden(message),
            _ => Error::Storage(message),
        }
    }
}
