//! Checking the database and the events' hash chain.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BrokenLink {
    pub event_id: i64,
    pub ticket_id: i64,
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Verification {
    pub ok: bool,
    /// SQLite's integrity and foreign-key findings; empty when sound.
    pub integrity: Vec<String>,
    pub events_checked: u32,
    /// The first event whose link does not hold.
    pub first_broken: Option<BrokenLink>,
}
