use baton_core::calendar::Hours;
use baton_core::categories::{Category, NewCategory};
use baton_core::events::Event;
use baton_core::people::Deactivation;
use baton_core::people::{NewPerson, Person};
use baton_core::policy::Policy;
use baton_core::snippets::Snippets;
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::{CategoryRef, CategorySnippets, InstallSettings, MovePerson, PersonRef, SetPin};
use crate::state::{lock, AppState};

#[tauri::command]
pub async fn add_person(state: State<'_, AppState>, input: NewPerson) -> IpcResult<Person> {
    let me = state.me()?;
    with_desk(&state, move |d| d.add_person(Some(me.id), input)).await
}

#[tauri::command]
pub async fn deactivate_person(
    state: State<'_, AppState>,
    input: PersonRef,
) -> IpcResult<Deactivation> {
    let me = state.me()?;
    let done = with_desk(&state, move |d| {
        d.deactivate_person(Some(me.id), input.person_id)
    })
    .await?;
    state.wake.notify_one();
    Ok(done)
}

/// What deactivating someone would do, for the confirmation (nothing is changed).
#[tauri::command]
pub async fn preview_deactivation(
    state: State<'_, AppState>,
    input: PersonRef,
) -> IpcResult<Deactivation> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.preview_deactivation(Some(me.id), input.person_id)
    })
    .await
}

#[tauri::command]
pub async fn move_person(state: State<'_, AppState>, input: MovePerson) -> IpcResult<Person> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.move_person(Some(me.id), input.person_id, input.reports_to)
    })
    .await
}

#[tauri::command]
pub async fn set_pin(state: State<'_, AppState>, input: SetPin) -> IpcResult<()> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.set_pin(Some(me.id), input.person_id, &input.pin)
    })
    .await
}

/// The desk's set-up changes, newest first.
#[tauri::command]
pub async fn desk_changes(state: State<'_, AppState>) -> IpcResult<Vec<Event>> {
    state.me()?;
    with_desk(&state, |d| d.desk_changes(200)).await
}

#[tauri::command]
pub async fn add_category(state: State<'_, AppState>, input: NewCategory) -> IpcResult<Category> {
    let me = state.me()?;
    with_desk(&state, move |d| d.add_category(Some(me.id), input)).await
}

/// A category's saved resolutions, small steps and callbacks.
#[tauri::command]
pub async fn snippets(state: State<'_, AppState>, input: CategoryRef) -> IpcResult<Snippets> {
    state.me()?;
    with_desk(&state, move |d| d.snippets(input.category_id)).await
}

#[tauri::command]
pub async fn set_snippets(
    state: State<'_, AppState>,
    input: CategorySnippets,
) -> IpcResult<Snippets> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.set_snippets(Some(me.id), input.category_id, input.snippets)
    })
    .await
}

#[tauri::command]
pub async fn policy(state: State<'_, AppState>) -> IpcResult<Policy> {
    with_desk(&state, |d| d.policy()).await
}

/// Stores the policy; the scheduler wakes to apply it at once.
#[tauri::command]
pub async fn set_policy(state: State<'_, AppState>, input: Policy) -> IpcResult<Policy> {
    let me = state.me()?;
    let policy = with_desk(&state, move |d| d.set_policy(Some(me.id), input)).await?;
    state.wake.notify_one();
    Ok(policy)
}

/// The desk's time zone and business day, in which reports and promises are read.
#[tauri::command]
pub async fn hours(state: State<'_, AppState>) -> IpcResult<Hours> {
    with_desk(&state, |d| d.hours()).await
}

#[tauri::command]
pub async fn set_hours(state: State<'_, AppState>, input: Hours) -> IpcResult<Hours> {
    let me = state.me()?;
    with_desk(&state, move |d| d.set_hours(Some(me.id), input)).await
}

#[tauri::command]
pub async fn install_settings(state: State<'_, AppState>) -> IpcResult<InstallSettings> {
    Ok(InstallSettings {
        watched: lock(&state.install).watched.clone(),
        notification_errors: lock(&state.notification_errors).clone(),
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
    lock(&state.install).watched = input.watched;
    state.save_install()?;
    install_settings(state).await
}
