use baton_core::backups::{self, BackupList, Restored};
use baton_core::error::ErrorCode;
use baton_core::Desk;
use std::path::PathBuf;
use tauri::{AppHandle, State};

use super::with_desk;
use crate::error::{IpcError, IpcResult};
use crate::ipc::{DeskHealth, RestoreInput};
use crate::state::{lock, AppState};
use crate::upkeep;

#[tauri::command]
pub async fn desk_health(state: State<'_, AppState>) -> IpcResult<DeskHealth> {
    let damaged = with_desk(&state, |d| Ok(d.damaged().map(str::to_owned))).await?;
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
    let desk = state.desk.clone();
    let restored = tauri::async_runtime::spawn_blocking(move || {
        let mut open = lock(&desk);
        let restored = Desk::restore(&db, &chosen, clock.clone())?;
        // The file may have been replaced whole: reopen rather than trust the old handle.
        *open = Desk::open(&db, clock)?;
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
