//! Tauri commands: one-line wrappers over the core, grouped by feature.
//!
//! Each command is `async`, returns `IpcResult<T>`, and (when it has input) takes a single typed
//! argument named `input`, matching the UI's `call(cmd, input)`. Store work runs off the main
//! thread through [`with_desk`].

mod admin;
mod alerts;
mod app;
mod customers;
mod health;
mod mail;
mod reports;
mod server;
mod tickets;

pub use admin::*;
pub use alerts::*;
pub use app::*;
pub use customers::*;
pub use health::*;
pub use mail::*;
pub use reports::*;
pub use server::*;
pub use tickets::*;

use baton_core::Desk;
use std::time::{Duration, Instant};

use crate::error::{IpcError, IpcResult};
use crate::state::{lock, AppState};
use baton_core::error::ErrorCode;

/// How long a call may take with the desk before the log says so.
const SLOW_CALL: Duration = Duration::from_millis(50);

/// Runs `f` on the desk on a blocking thread.
pub async fn with_desk<T: Send + 'static, F>(state: &AppState, f: F) -> IpcResult<T>
where
    F: FnOnce(&mut Desk) -> baton_core::Result<T> + Send + 'static,
{
    if let Some(err) = state.standing_in() {
        return Err(err);
    }
    let desk = state.desk.clone();
    let done = tauri::async_runtime::spawn_blocking(move || {
        let asked = Instant::now();
        let mut desk = lock(&desk);
        let waited = asked.elapsed();
        let done = f(&mut desk);
        // Every other call waits while one holds the desk: a slow one is worth knowing.
        if asked.elapsed() > SLOW_CALL {
            log::info!(
                "{} took {} ms, {} of them waiting for the desk",
                std::any::type_name::<F>(),
                asked.elapsed().as_millis(),
                waited.as_millis()
            );
        }
        done
    })
    .await
    .map_err(|e| IpcError::internal(e.to_string()))?
    .map_err(IpcError::from);
    // A call that finds the server gone starts the "can't reach" clock; only the listener,
    // connecting again, stops it (a call may succeed from what the desk keeps in memory).
    if matches!(&done, Err(e) if e.kind == ErrorCode::Unreachable) {
        state.heard(false);
    }
    done
}
