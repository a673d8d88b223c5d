use baton_core::alerts::Alert;
use baton_core::preferences::Preferences;
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

/// Which alerts the signed-in person is shown natively, and their quiet hours.
#[tauri::command]
pub async fn preferences(state: State<'_, AppState>) -> IpcResult<Preferences> {
    let me = state.me()?;
    with_desk(&state, move |d| d.preferences(me.id)).await
}

#[tauri::command]
pub async fn set_preferences(
    state: State<'_, AppState>,
    input: Preferences,
) -> IpcResult<Preferences> {
    let me = state.me()?;
    with_desk(&state, move |d| d.set_preferences(me.id, input)).await
}
