//! Baton's core: single-owner tickets, the pass-up hierarchy, the 20-hour escalation, the audit
//! trail and the reports, on SQLite. No Tauri, no UI: front ends go through [`Desk`].

pub mod alerts;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod bench_data;
pub mod bindings;
pub mod categories;
pub mod clock;
pub mod customers;
pub mod deadlines;
pub mod demo;
pub mod desk;
pub mod error;
pub mod events;
pub mod ownership;
pub mod people;
pub mod policy;
pub mod replay;
pub mod reports;
pub mod session;
pub mod store;
pub mod text;
pub mod tickets;
pub mod watch;

pub use clock::{Clock, FakeClock, SystemClock};
pub use desk::Desk;
pub use error::{Error, Result};
