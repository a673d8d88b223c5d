//! Shared harnesses for Baton's integration, cross-process and end-to-end tests.

pub mod cli;
pub mod e2e;
pub mod notifyd;
pub mod postgres;
pub mod smtp;
pub mod workspace;
