//! Baton's desktop shell. Domain logic lives in `baton-core`; this crate only wires it to Tauri:
//! commands, app state, the deadline scheduler and native notifications.

mod commands;
mod error;
mod install;
mod ipc;
mod kept_config;
mod listener;
mod mail_choice;
mod notifier;
mod paths;
mod scheduler;
mod server_choice;
mod state;
mod upkeep;

use baton_core::{Clock, SystemClock};
use std::sync::Arc;
use tauri::Manager;

pub use error::{IpcError, IpcResult};
pub use paths::{db_path, resolve_db_path, DB_ENV};
use state::AppState;

/// The log's file name in the OS log folder (`<data>/app.baton.desk/logs` on Linux).
pub const LOG_FILE: &str = "baton";

/// Warnings and errors go to the OS log folder (kept to one rotated file) and to stderr.
fn logger() -> tauri_plugin_log::Builder {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([
            Target::new(TargetKind::LogDir {
                file_name: Some(LOG_FILE.into()),
            }),
            Target::new(TargetKind::Stderr),
        ])
        .level(log::LevelFilter::Info)
        .max_file_size(2_000_000)
        .rotation_strategy(RotationStrategy::KeepOne)
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .plugin(logger().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            log::info!("Baton {} starting", env!("CARGO_PKG_VERSION"));
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            let state = AppState::open(paths::db_path()?, clock)?;
            app.manage(state);
            scheduler::start(app.handle().clone());
            listener::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::load_demo,
            commands::set_up,
            commands::people,
            commands::sign_in,
            commands::sign_out,
            commands::find_customers,
            commands::add_customer,
            commands::erase_customer,
            commands::categories,
            commands::intake,
            commands::keep_call,
            commands::kept_calls,
            commands::ticket,
            commands::act,
            commands::call_about,
            commands::merge,
            commands::reassign_open,
            commands::mail_settings,
            commands::save_mail_settings,
            commands::email_draft,
            commands::email_customer,
            commands::customer_file,
            commands::set_customer_notes,
            commands::queue,
            commands::list_tickets,
            commands::preferences,
            commands::set_preferences,
            commands::snippets,
            commands::set_snippets,
            commands::search,
            commands::team,
            commands::counts,
            commands::to_confirm,
            commands::alerts,
            commands::mark_alerts_read,
            commands::add_person,
            commands::add_category,
            commands::policy,
            commands::set_policy,
            commands::report,
            commands::report_drill,
            commands::board,
            commands::record_feedback,
            commands::learn,
            commands::save_report_csv,
            commands::print_report,
            commands::hours,
            commands::set_hours,
            commands::promise,
            commands::install_settings,
            commands::set_watched,
            commands::deactivate_person,
            commands::preview_deactivation,
            commands::move_person,
            commands::set_pin,
            commands::desk_changes,
            commands::desk_health,
            commands::backup_now,
            commands::restore_backup,
            commands::diagnostics,
            commands::shared_desk_settings,
            commands::test_server,
            commands::move_to_server,
            commands::use_server,
            commands::leave_server,
            commands::restart,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Baton");
}
