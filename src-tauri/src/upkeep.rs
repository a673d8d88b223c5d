//! The app's background upkeep: SQLite's full integrity check and the daily backup (each on a
//! connection of its own, so a large desk stays usable meanwhile), and the audit trail's
//! witness, checked on every wake.

use baton_core::audit::Witnessed;
use baton_core::backups::BackupList;
use baton_core::error::ErrorCode;
use baton_core::people::Person;
use baton_core::reports::monthly;
use baton_core::Desk;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;
use tauri::{AppHandle, Emitter, Manager};

use crate::commands;
use crate::error::{IpcError, IpcResult};
use crate::notifier;
use crate::scheduler::{DESK_CHANGED, OPEN_REPORT};
use crate::state::{lock, AppState};

/// The day's upkeep waits this long after the app starts, so the first screens do not share
/// the machine with a check and a copy of the whole file (tens of seconds at a million tickets).
const SETTLE: chrono::Duration = chrono::Duration::minutes(2);

/// Whether the day's check and backup are due: on the first wake of a day once the app has
/// settled.
fn daily_due(started: DateTime<Utc>, now: DateTime<Utc>, last: Option<NaiveDate>) -> bool {
    now - started >= SETTLE && last != Some(now.date_naive())
}

/// Once a day (the first wake of each day, the app settled): check the whole file, then back it
/// up. A shared desk is the server's to check and back up.
pub fn daily(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.shared() {
        lock(&state.upkeep).backup_note =
            Some("A shared desk is backed up on its server (pg_dump, replicas).".into());
        return;
    }
    let now = state.clock.now();
    {
        let mut upkeep = lock(&state.upkeep);
        if !daily_due(upkeep.started, now, upkeep.last_daily) {
            return;
        }
        upkeep.last_daily = Some(now.date_naive());
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = daily_backup(&app, false).await {
            log::error!("the daily backup failed: {}", e.message);
        }
        let _ = app.emit(DESK_CHANGED, ());
    });
}

/// On the first working day of a month (`monthly::ready`, in the desk's hours): if a manager or
/// executive is signed in or watched here, one notification says last month's report is ready,
/// and opens it. Each install announces each month once.
pub async fn monthly(app: &AppHandle, here: BTreeSet<i64>) {
    let state = app.state::<AppState>();
    let (now, announced) = (state.clock.now(), lock(&state.install).announced);
    let found = commands::with_desk(&state, move |d| {
        Ok((monthly::ready(now, &d.hours()?, announced)?, d.people()?))
    })
    .await;
    let Ok((Some(month), people)) = found else {
        return;
    };
    let here: Vec<Person> = people
        .into_iter()
        .filter(|p| here.contains(&p.id))
        .collect();
    if monthly::told(&here).is_empty() {
        return;
    }
    lock(&state.install).announced = Some(month);
    if let Err(e) = state.save_install() {
        log::error!("{}", e.message);
    }
    let (title, body) = monthly::announcement(month);
    let opener = app.clone();
    // Off the runtime's threads, as the alerts are: a stalled notification daemon stalls nothing.
    let shown = tauri::async_runtime::spawn_blocking(move || {
        notifier::announce(&title, &body, move || {
            if let Some(window) = opener.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
            let _ = opener.emit(OPEN_REPORT, ());
        })
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    if let Err(e) = shown {
        log::error!("{e}");
        state.record_notification_error(e);
    }
}

/// The integrity check and today's backup (made anew when `fresh`) with the rotation; what
/// happened is kept for Settings.
pub async fn daily_backup(app: &AppHandle, fresh: bool) -> IpcResult<BackupList> {
    let state = app.state::<AppState>();
    let (db, clock, dir) = (
        state.db_path.clone(),
        state.clock.clone(),
        state.backups_dir(),
    );
    if state.shared() {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            "a shared desk is backed up on its server (pg_dump, replicas)",
        ));
    }
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let mut desk = Desk::open(&db, clock)?;
        let free = std::fs::create_dir_all(&dir)
            .and_then(|_| fs4::available_space(&dir))
            .unwrap_or(u64::MAX);
        desk.daily_backup(&dir, free, fresh)
    })
    .await
    .map_err(|e| IpcError::internal(e.to_string()))?
    .map_err(IpcError::from);
    let mut upkeep = lock(&state.upkeep);
    match &outcome {
        Ok(list) => {
            upkeep.backup_note = list.note.clone();
            upkeep.backup_error = None;
        }
        Err(e) => upkeep.backup_error = Some(e.message.clone()),
    }
    outcome
}

/// Checks that the trail still holds the head this install last saw, and records today's. A
/// broken witness raises the alarm and is kept, so the alarm stays until an administrator acts.
pub async fn witness(app: &AppHandle) {
    let state = app.state::<AppState>();
    let known = lock(&state.install).witness.clone();
    let seen = commands::with_desk(&state, move |d| d.advance_witness(known.as_ref())).await;
    match seen {
        Ok(Witnessed::Holds(head)) => {
            if lock(&state.install).witness.as_ref() != Some(&head) {
                lock(&state.install).witness = Some(head);
                if let Err(e) = state.save_install() {
                    log::error!("{}", e.message);
                }
            }
        }
        Ok(Witnessed::Broken(w)) => {
            let alarm = format!(
                "The audit trail no longer holds event {} as this workstation saw it: events were \
                 removed or rewritten. Run `baton verify --witness {}` and restore a backup.",
                w.event_id, w.hash
            );
            if lock(&state.upkeep)
                .trail_alarm
                .replace(alarm.clone())
                .is_none()
            {
                log::error!("{alarm}");
                let _ = app.emit(DESK_CHANGED, ());
            }
        }
        Ok(Witnessed::Empty) => {}
        Err(e) => log::error!("the witness check failed: {}", e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_days_upkeep_waits_for_the_app_to_settle_then_runs_once_a_day() {
        let started = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
        let at = |h, m| Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap();
        assert!(!daily_due(started, started, None), "not at launch");
        assert!(!daily_due(started, at(8, 1), None));
        assert!(daily_due(started, at(8, 2), None));
        let today = Some(at(8, 2).date_naive());
        assert!(!daily_due(started, at(17, 0), today), "once a day");
        let tomorrow = Utc.with_ymd_and_hms(2026, 12, 1, 0, 5, 0).unwrap();
        assert!(daily_due(started, tomorrow, today));
    }
}
