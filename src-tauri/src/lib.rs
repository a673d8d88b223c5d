//! Baton's desktop shell. Domain logic lives in `baton-core`; this crate only
//! wires it to Tauri: commands, app state, and (later) the deadline scheduler
//! and native notifications.

mod commands;
mod error;
mod paths;

use std::path::PathBuf;

use tauri::Manager;

pub use error::{IpcError, IpcResult};
pub use paths::{db_path, resolve_db_path, DB_ENV};

/// State shared by all commands.
#[derive(Debug)]
pub struct AppState {
    pub db_path: PathBuf,
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            let db_path = paths::db_path()?;
            app.manage(AppState { db_path });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!())
        .expect("error while running Baton");
}
