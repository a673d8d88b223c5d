//! Moving a branch's desk file onto a shared server (`baton migrate`): checked before, copied
//! whole (ids, hashes and links as they were), and checked again on the server.

use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use ts_rs::TS;

use crate::audit::ChainHead;
use crate::clock::Clock;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::{Create, PgStore, SqliteStore};

/// What a migration moved, and the server's verification of it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Migrated {
    pub people: u32,
    pub tickets: u32,
    pub events: u32,
    /// The chain's head on the server: the same event and hash as in the file.
    pub head: Option<ChainHead>,
    pub verified: bool,
}

impl Desk {
    /// Moves the desk in `file` into the empty shared desk at `address` (created if the
    /// database is empty). The file must verify first; the server's copy is verified after.
    pub fn migrate(file: &Path, address: &str, clock: Arc<dyn Clock>) -> Result<Migrated> {
        let mut source = SqliteStore::open(file, Create::No, clock.clone())?;
        let dump = source.dump()?;
        let checked = Desk::on(Box::new(source)).verify(&[])?;
        if !checked.ok {
            return Err(Error::Invalid(format!(
                "{} does not verify, so it was not moved (run `baton --db {} verify` to see why)",
                file.display(),
                file.display()
            )));
        }
        let mut target = PgStore::open(address, Create::IfMissing, Some(clock))?;
        target.load(&dump).map_err(|e| match e {
            Error::Forbidden(why) => Error::Forbidden(format!(
                "{why}: a desk moves onto the server as its owner (the account that ran `baton \
                 upgrade`), not as the workstations' role"
            )),
            other => other,
        })?;
        let mut moved = Desk::on(Box::new(target));
        let witness: Vec<String> = checked.head.iter().map(|h| h.hash.clone()).collect();
        let verification = moved.verify(&witness)?;
        Ok(Migrated {
            people: dump.people.len() as u32,
            tickets: dump.tickets.len() as u32,
            events: dump.events.len() as u32,
            head: verification.head.clone(),
            verified: verification.ok,
        })
    }
}
