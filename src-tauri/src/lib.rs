//! Baton's desktop shell. Domain logic lives in `baton-core`; this crate only wires it to Tauri:
//! commands, app state, the deadline scheduler and native notifications.

mod commands;
mod error;
mod install;
mod ipc;
mod notifier;
mod paths;
mod scheduler;
mod state;
mod upkeep;

use baton_core::watch;
use baton_core::{Clock, SystemClock};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

pub use error::{IpcError, IpcResult};
pub use paths::{db_path, resolve_db_path, DB_ENV};
use state::{lock, AppState};

/// The UI listens for this to refresh counts, queues and the bell.
const DESK_CHANGED: &str = "desk-changed";
/// The UI opens the ticket named in this event (a notification was clicked).
const OPEN_TICKET: &str = "open-ticket";

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            let state = AppState::open(paths::db_path()?, clock)?;
            app.manage(state);
            start_scheduler(app.handle().clone());
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
            commands::categories,
            commands::intake,
            commands::ticket,
            commands::act,
            commands::queue,
            commands::search,
            commands::team,
            commands::counts,
            commands::alerts,
            commands::mark_alerts_read,
            commands::add_person,
            commands::add_category,
            commands::policy,
            commands::set_policy,
            commands::report,
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
        ])
        .run(tauri::generate_context!())
        .expect("error while running Baton");
}

fn start_scheduler(app: AppHandle) {
    let wake = app.state::<AppState>().wake.clone();
    tauri::async_runtime::spawn(scheduler::run(wake, move || tick(app.clone())));
}

/// One wake of the scheduler: sweep, notify, update the window, and say how long to nap.
async fn tick(app: AppHandle) -> Duration {
    let state = app.state::<AppState>();
    let opener = app.clone();
    let notifier = notifier::Desktop {
        on_open: Arc::new(move |ticket| {
            if let Some(window) = opener.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
            let _ = opener.emit(OPEN_TICKET, ticket);
        }),
    };
    let executive = commands::with_desk(&state, |d| d.escalation_executive())
        .await
        .ok()
        .flatten()
        .map(|p| p.id);
    let people = state.people_here(executive);
    let cursor = lock(&state.install).cursor.unwrap_or(0);
    let outcome = commands::with_desk(&state, move |d| {
        let tick = watch::tick(d, &notifier, &people, cursor)?;
        let near = d
            .queue(baton_core::tickets::QueueKind::NearEscalation, None, true)?
            .len();
        Ok((tick, near))
    })
    .await;
    match outcome {
        Ok((tick, near)) => {
            for failure in &tick.failures {
                eprintln!("baton: {}", failure.error);
                state.record_notification_error(failure.error.clone());
            }
            if tick.cursor != cursor {
                lock(&state.install).cursor = Some(tick.cursor);
                if let Err(e) = state.save_install() {
                    eprintln!("baton: {}", e.message);
                }
            }
            show_near_escalation(&app, near);
            upkeep::witness(&app).await;
            upkeep::daily(&app);
            if tick.swept > 0 || tick.cursor != cursor {
                let _ = app.emit(DESK_CHANGED, ());
            }
            tick.nap
                .to_std()
                .unwrap_or(watch::MAX_NAP.to_std().expect("positive"))
        }
        Err(e) => {
            eprintln!("baton: the deadline sweep failed: {}", e.message);
            state.record_notification_error(format!("the deadline sweep failed: {}", e.message));
            watch::MAX_NAP.to_std().expect("positive")
        }
    }
}

/// The window title (and the launcher badge, where there is one) says how many tickets are
/// near escalation.
fn show_near_escalation(app: &AppHandle, near: usize) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let title = match near {
        0 => "Baton".to_string(),
        n => format!("Baton — {n} near escalation"),
    };
    let _ = window.set_title(&title);
    let _ = window.set_badge_count((near > 0).then_some(near as i64));
}
