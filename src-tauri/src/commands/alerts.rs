use baton_core::alerts::Alert;
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::Ids;
use crate::state::AppState;

/// The signed-in person's alerts, newest first: the bell.
#[tauri::command]
pub async fn alerts(state: State<'_, AppState>) -> IpcResult<Vec<Alert>> {
    let me = state.me()?;
    with_desk(&state, move |d| d.alerts(me.id)).await
}

#[tauri::command]
pub async fn mark_alerts_read(state: State<'_, AppState>, input: Ids) -> IpcResult<u32> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.mark_alerts_read(me.id, &input.ids).map(|n| n as u32)
    })
    .await
}
