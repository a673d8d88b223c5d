//! Baton's benchmark data: a million-ticket desk generated through the core's state machine,
//! and the seeded workloads the benchmarks replay on it.

pub mod generate;
pub mod workload;
