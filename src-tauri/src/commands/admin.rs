use baton_core::categories::{Category, NewCategory};
use baton_core::people::{NewPerson, Person};
use baton_core::policy::Policy;
use baton_core::reports::Report;
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::{InstallSettings, Period};
use crate::state::AppState;

#[tauri::command]
pub async fn add_person(state: State<'_, AppState>, input: NewPerson) -> IpcResult<Person> {
    state.me()?.require_admin()?;
    with_desk(&state, move |d| d.add_person(input)).await
}

#[tauri::command]
pub async fn add_category(state: State<'_, AppState>, input: NewCategory) -> IpcResult<Category> {
    state.me()?.require_admin()?;
    with_desk(&state, move |d| d.add_category(input)).await
}

#[tauri::command]
pub async fn policy(state: State<'_, AppState>) -> IpcResult<Policy> {
    with_desk(&state, |d| d.policy()).await
}

/// Stores the policy; the scheduler wakes to apply it at once.
#[tauri::command]
pub async fn set_policy(state: State<'_, AppState>, input: Policy) -> IpcResult<Policy> {
    state.me()?.require_admin()?;
    let policy = with_desk(&state, move |d| d.set_policy(input)).await?;
    state.wake.notify_one();
    Ok(policy)
}

#[tauri::command]
pub async fn report(state: State<'_, AppState>, input: Period) -> IpcResult<Report> {
    state.me()?;
    with_desk(&state, move |d| d.report(input.from, input.to)).await
}

#[tauri::command]
pub async fn install_settings(state: State<'_, AppState>) -> IpcResult<InstallSettings> {
    Ok(InstallSettings {
        watched: state.install.lock().unwrap().watched.clone(),
        notification_errors: state.notification_errors.lock().unwrap().clone(),
    })
}

/// Sets whose alerts this install raises natively (a branch watches its staff, a manager their team).
#[tauri::command]
pub async fn set_watched(
    state: State<'_, AppState>,
    input: InstallSettings,
) -> IpcResult<InstallSettings> {
    state.me()?.require_admin()?;
    let ids = input.watched.clone();
    with_desk(&state, move |d| {
        ids.iter().try_for_each(|id| d.person(*id).map(drop))
    })
    .await?;
    state.install.lock().unwrap().watched = input.watched;
    state.save_install()?;
    install_settings(state).await
}
