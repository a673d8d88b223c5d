//! SQLite's errors as the core's: damage, read-only files and contention get their own kinds.

use crate::error::Error;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode::{
            DatabaseBusy, DatabaseCorrupt, DatabaseLocked, NotADatabase, ReadOnly,
        };
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => Error::Damaged(e.to_string()),
            Some(ReadOnly) => Error::ReadOnly(e.to_string()),
            Some(DatabaseBusy | DatabaseLocked) => Error::Busy(e.to_string()),
            _ => Error::Storage(e.to_string()),
        }
    }
}

impl From<rusqlite_migration::Error> for Error {
    /// The migration crate's message quotes the whole SQL script; one line is enough.
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => Error::from(err),
            other => Error::Migration(other.to_string().lines().next().unwrap_or("").into()),
        }
    }
}
