//! Baton's core: single-owner tickets, the pass-up hierarchy, the 20-hour escalation, the audit
//! trail and the reports. No Tauri, no UI: front ends go through [`Desk`], which hands what the
//! store reads to the pure rules and gives the store what they decide.

pub mod alerts;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod bindings;
pub mod board;
pub mod calendar;
pub mod categories;
pub mod clock;
pub mod customers;
pub mod deadlines;
pub mod demo;
pub mod desk;
pub mod error;
pub mod events;
pub mod kept;
pub mod machine;
pub mod mail;
pub mod migrate;
pub mod ownership;
pub mod people;
pub mod policy;
pub mod preferences;
pub mod privacy;
pub mod replay;
pub mod reports;
pub mod server;
pub mod session;
pub mod setup;
pub mod snippets;
pub mod store;
pub mod text;
pub mod tickets;
pub mod watch;

pub use clock::{Clock, FakeClock, SystemClock};
pub use desk::Desk;
pub use error::{Error, Result};
