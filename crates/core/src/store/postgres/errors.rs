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

/// Whether the connection is gone, or none can be had: closed, broken, or the server shutting
/// down or starting up.
pub fn lost(e: &postgres::Error) -> bool {
    let broken = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
    e.is_closed()
        || broken
        || e.code().is_some_and(|c| {
            [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
            ]
            .contains(c)
        })
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        let message = one_line(&e);
        if lost(&e) {
            return Error::Unreachable(format!("lost the desk's server: {message}"));
        }
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
