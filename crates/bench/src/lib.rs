//! Baton's benchmark data: a million-ticket desk generated through the core's state machine.

pub mod generate;
