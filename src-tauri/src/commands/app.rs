use baton_core::demo::DemoSummary;
use baton_core::people::Person;
use baton_core::session;
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::{AppInfo, SetUp, SignIn};
use crate::state::{lock, AppState};

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    // An install waiting for its server is not on its first run: it says it is waiting.
    let first_run = match state.standing_in() {
        Some(_) => false,
        None => with_desk(&state, |d| d.is_empty()).await?,
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: state.shown_db(),
        shared: state.shared(),
        first_run,
        signed_in: lock(&state.session).peek(state.clock.now()).cloned(),
        idle_lock_minutes: session::IDLE_LOCK.num_minutes() as u32,
        unreachable_since: state.lost_since(),
    })
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> IpcResult<DemoSummary> {
    let summary = with_desk(&state, |d| d.load_demo()).await?;
    state.wake.notify_one();
    Ok(summary)
}

/// First run: creates the first executive and signs them in.
#[tauri::command]
pub async fn set_up(state: State<'_, AppState>, input: SetUp) -> IpcResult<Person> {
    let person = with_desk(&state, move |d| d.set_up(input.executive)).await?;
    lock(&state.session).begin(person.clone(), state.clock.now());
    Ok(person)
}

#[tauri::command]
pub async fn people(state: State<'_, AppState>) -> IpcResult<Vec<Person>> {
    with_desk(&state, |d| d.people()).await
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, input: SignIn) -> IpcResult<Person> {
    let person = with_desk(&state, move |d| d.sign_in(input.person_id, &input.pin)).await?;
    lock(&state.session).begin(person.clone(), state.clock.now());
    state.wake.notify_one();
    Ok(person)
}

/// Locks the install: the next person signs in with their PIN.
#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> IpcResult<()> {
    lock(&state.session).lock();
    Ok(())
}
