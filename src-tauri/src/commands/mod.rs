//! Tauri commands: one-line wrappers over the core, grouped by feature.
//!
//! Each command is `async`, returns `IpcResult<T>`, and (when it has input)
//! takes a single typed argument named `input`, matching the UI's
//! `call(cmd, input)`. Store work goes through `spawn_blocking`.

mod app;

pub use app::*;
