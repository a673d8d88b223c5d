//! End-to-end specs of the real Baton window (see `baton_tests::e2e`).
//! One module per screen or flow; all share this one test binary.

mod admin;
mod app_bench;
mod escalation;
mod intake;
mod mail;
mod month;
mod privacy;
mod session;
mod shared;
mod shell;
mod tickets;
