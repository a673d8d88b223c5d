//! The deadline timer: sweep, raise notifications, then sleep until the engine's next mark, a
//! ticket change, or at most a minute (so a wall-clock jump or a resume from sleep is noticed).

use baton_core::tickets::QueueKind;
use baton_core::watch;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;

use crate::commands::with_desk;
use crate::notifier;
use crate::state::{lock, AppState};
use crate::upkeep;

/// The UI listens for this to refresh counts, queues and the bell.
pub const DESK_CHANGED: &str = "desk-changed";
/// The UI opens the ticket named in this event (a notification was clicked).
const OPEN_TICKET: &str = "open-ticket";
/// The UI opens last month's report (its announcement was clicked).
pub const OPEN_REPORT: &str = "open-report";

/// Starts the timer on the app's runtime.
pub fn start(app: AppHandle) {
    let wake = app.state::<AppState>().wake.clone();
    tauri::async_runtime::spawn(run(wake, move || tick(app.clone())));
}

/// One wake: sweep and collect the new alerts under the desk's lock, then show them with the
/// lock released (a stalled notification daemon must not stall the desk), update the window,
/// and say how long to nap.
async fn tick(app: AppHandle) -> Duration {
    let state = app.state::<AppState>();
    let executive = with_desk(&state, |d| d.escalation_executive())
        .await
        .ok()
        .flatten()
        .map(|p| p.id);
    let people = state.people_here(executive);
    upkeep::monthly(&app, people.clone()).await;
    let cursor = lock(&state.install).cursor.unwrap_or(0);
    let outcome = with_desk(&state, move |d| {
        let collected = watch::collect(d, &people, cursor)?;
        let near = d.count(QueueKind::NearEscalation, None)?;
        Ok((collected, near))
    })
    .await;
    let (collected, near) = match outcome {
        Ok(found) => found,
        Err(e) => {
            log::error!("the deadline sweep failed: {}", e.message);
            state.record_notification_error(format!("the deadline sweep failed: {}", e.message));
            return watch::MAX_NAP.to_std().expect("positive");
        }
    };
    let opener = app.clone();
    let desktop = notifier::Desktop {
        on_open: Arc::new(move |ticket| {
            if let Some(window) = opener.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
            let _ = opener.emit(OPEN_TICKET, ticket);
        }),
    };
    let alerts = collected.alerts;
    let failures = tauri::async_runtime::spawn_blocking(move || watch::deliver(&desktop, alerts).1)
        .await
        .unwrap_or_default();
    for failure in &failures {
        log::error!("{}", failure.error);
        state.record_notification_error(failure.error.clone());
    }
    if collected.cursor != cursor {
        lock(&state.install).cursor = Some(collected.cursor);
        if let Err(e) = state.save_install() {
            log::error!("{}", e.message);
        }
    }
    show_near_escalation(&app, near);
    upkeep::witness(&app).await;
    upkeep::daily(&app);
    // Last, after the alerts are out.
    if let Err(e) = state.tidy().await {
        log::error!("tidying the desk failed: {}", e.message);
    }
    if collected.swept > 0 || collected.cursor != cursor {
        let _ = app.emit(DESK_CHANGED, ());
    }
    collected
        .nap
        .to_std()
        .unwrap_or(watch::MAX_NAP.to_std().expect("positive"))
}

/// The window title (and the launcher badge, where there is one) says how many tickets are
/// near escalation.
fn show_near_escalation(app: &AppHandle, near: u32) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let title = match near {
        0 => "Baton".to_string(),
        n => format!("Baton — {n} near escalation"),
    };
    let _ = window.set_title(&title);
    let _ = window.set_badge_count((near > 0).then_some(i64::from(near)));
}

/// Calls `tick` (which returns how long to nap) forever, waking early when `wake` is notified.
pub async fn run<F, Fut>(wake: Arc<Notify>, mut tick: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Duration>,
{
    loop {
        let nap = tick().await;
        tokio::select! {
            _ = tokio::time::sleep(nap) => {}
            _ = wake.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn naps_between_ticks_and_wakes_early_on_a_change() {
        let ticks = Arc::new(AtomicU32::new(0));
        let wake = Arc::new(Notify::new());
        let counter = ticks.clone();
        let task = tokio::spawn(run(wake.clone(), move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Duration::from_secs(60)
            }
        }));
        tokio::task::yield_now().await;
        assert_eq!(ticks.load(Ordering::SeqCst), 1, "sweeps at start-up");
        tokio::time::sleep(Duration::from_secs(59)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 2, "wakes after its nap");
        wake.notify_one();
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
        assert_eq!(
            ticks.load(Ordering::SeqCst),
            3,
            "a ticket change wakes it at once"
        );
        task.abort();
    }
}
