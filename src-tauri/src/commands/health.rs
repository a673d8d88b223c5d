use baton_core::backups::{self, BackupList, Restored};
use baton_core::error::ErrorCode;
use baton_core::store::{postgres, sqlite};
use baton_core::Desk;
use chrono::SecondsFormat;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};

use super::with_desk;
use crate::error::{IpcError, IpcResult};
use crate::ipc::{DeskHealth, Fact, RestoreInput};
use crate::state::{lock, tidied_by_the_scheduler, AppState};
use crate::upkeep;

/// Why the desk refuses changes, if it does; asked of the desk only while it answers (the
/// banner must show when it does not).
async fn damaged(state: &AppState) -> IpcResult<Option<String>> {
    match state.lost_since() {
        Some(_) => Ok(None),
        None => with_desk(state, |d| Ok(d.damaged().map(str::to_owned))).await,
    }
}

#[tauri::command]
pub async fn desk_health(state: State<'_, AppState>) -> IpcResult<DeskHealth> {
    let damaged = damaged(&state).await?;
    let dir = state.backups_dir();
    let mut backups = backups::backups_in(&dir);
    // One guard: a second `lock` in the same expression would wait on the first forever.
    let upkeep = lock(&state.upkeep);
    backups.note = upkeep.backup_note.clone();
    Ok(DeskHealth {
        damaged,
        trail_alarm: upkeep.trail_alarm.clone(),
        backups,
        backups_dir: if state.shared() {
            "on the desk's server".into()
        } else {
            dir.display().to_string()
        },
        backup_error: upkeep.backup_error.clone(),
        unreachable_since: state.lost_since(),
    })
}

/// A backup now, replacing today's (administrators), on a connection of its own so the desk
/// stays usable meanwhile.
#[tauri::command]
pub async fn backup_now(app: AppHandle, state: State<'_, AppState>) -> IpcResult<BackupList> {
    state.me()?.require_admin()?;
    upkeep::daily_backup(&app, true).await
}

/// Replaces the desk with one of its backups (administrators); the current file is kept aside.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    input: RestoreInput,
) -> IpcResult<Restored> {
    state.me()?.require_admin()?;
    if state.shared() {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            "a shared desk is restored on its server (pg_restore)",
        ));
    }
    let chosen = PathBuf::from(&input.path);
    // Only the desk's own backups: the window never names an arbitrary file to read.
    if chosen.parent() != Some(state.backups_dir().as_path()) {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            "choose one of the listed backups",
        ));
    }
    let (db, clock) = (state.db_path.clone(), state.clock.clone());
    let (desk, tidier) = (state.desk.clone(), state.tidier.clone());
    let restored = tauri::async_runtime::spawn_blocking(move || {
        let mut open = lock(&desk);
        // Nothing tidies meanwhile, and the next tidy opens the restored file afresh.
        let mut tidier = lock(&tidier);
        *tidier = None;
        let restored = Desk::restore(&db, &chosen, clock.clone())?;
        // The file may have been replaced whole: reopen rather than trust the old handle.
        *open = tidied_by_the_scheduler(Desk::open(&db, clock)?)?;
        Ok::<_, baton_core::Error>(restored)
    })
    .await
    .map_err(|e| IpcError::internal(e.to_string()))??;
    lock(&state.upkeep).trail_alarm = None;
    lock(&state.install).witness = restored.head.clone();
    state.save_install()?;
    state.wake.notify_one();
    Ok(restored)
}

/// What support asks a branch office first, as labelled lines (Settings, About, "Copy
/// diagnostics"): versions, where the desk and the log are, the last backup, and whether
/// notifications have somewhere to go.
#[tauri::command]
pub async fn diagnostics(app: AppHandle, state: State<'_, AppState>) -> IpcResult<Vec<Fact>> {
    let shared = state.shared();
    let (store, schema) = if shared {
        ("PostgreSQL", postgres::SCHEMA_VERSION)
    } else {
        ("SQLite", sqlite::SCHEMA_VERSION)
    };
    let size = if shared {
        "on the server".to_owned()
    } else {
        // The write-ahead log holds what is not yet checkpointed into the file.
        let bytes: u64 = ["", "-wal"]
            .iter()
            .filter_map(|suffix| {
                let mut path = state.db_path.clone().into_os_string();
                path.push(suffix);
                std::fs::metadata(path).ok().map(|m| m.len())
            })
            .sum();
        format!("{:.1} MB", bytes as f64 / 1e6)
    };
    let damaged = damaged(&state).await?;
    let newest = backups::backups_in(&state.backups_dir())
        .backups
        .into_iter()
        .next();
    let upkeep = lock(&state.upkeep).clone();
    let last_backup = match (upkeep.backup_error, upkeep.backup_note, newest) {
        (Some(error), _, _) => format!("failed: {error}"),
        (None, Some(note), _) => note,
        (None, None, Some(b)) => format!(
            "{} ({})",
            b.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            b.path
        ),
        (None, None, None) => "none yet".to_owned(),
    };
    let checks = match (damaged, upkeep.trail_alarm) {
        (Some(why), _) => format!("damaged: {why}"),
        (None, Some(alarm)) => alarm,
        (None, None) => "no problem found".to_owned(),
    };
    let log = app
        .path()
        .app_log_dir()
        .map(|dir| {
            dir.join(format!("{}.log", crate::LOG_FILE))
                .display()
                .to_string()
        })
        .unwrap_or_else(|e| format!("unknown: {e}"));
    // Asking the session bus blocks: not on the async runtime's threads.
    let notifications = tauri::async_runtime::spawn_blocking(crate::notifier::service)
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?;
    let facts = [
        ("Baton", env!("CARGO_PKG_VERSION").to_owned()),
        (
            "System",
            format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        ),
        ("Database", state.shown_db()),
        ("Store", format!("{store}, schema {schema}")),
        ("Size", size),
        ("Last backup", last_backup),
        ("Checks", checks),
        ("Notifications", notifications),
        ("Log", log),
    ];
    Ok(facts
        .into_iter()
        .map(|(label, value)| Fact {
            label: label.to_owned(),
            value,
        })
        .collect())
}
