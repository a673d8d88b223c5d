use baton_core::customers::{Customer, CustomerMatch, NewCustomer};
use baton_core::store::Erasure;
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::{CustomerNotes, CustomerRef, EraseCustomer, Query};
use crate::state::AppState;

/// A customer's file: details, notes and whole history.
#[tauri::command]
pub async fn customer_file(
    state: State<'_, AppState>,
    input: CustomerRef,
) -> IpcResult<CustomerMatch> {
    state.me()?;
    with_desk(&state, move |d| d.customer_file(input.id)).await
}

#[tauri::command]
pub async fn set_customer_notes(
    state: State<'_, AppState>,
    input: CustomerNotes,
) -> IpcResult<CustomerMatch> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.set_customer_notes(me.id, input.id, &input.notes)
    })
    .await
}

#[tauri::command]
pub async fn find_customers(
    state: State<'_, AppState>,
    input: Query,
) -> IpcResult<Vec<CustomerMatch>> {
    state.me()?;
    with_desk(&state, move |d| d.find_customers(&input.query)).await
}

#[tauri::command]
pub async fn add_customer(state: State<'_, AppState>, input: NewCustomer) -> IpcResult<Customer> {
    state.me()?;
    with_desk(&state, move |d| d.add_customer(input)).await
}

/// Erases a customer's personal data on request (an administrator's act, with a reason).
#[tauri::command]
pub async fn erase_customer(
    state: State<'_, AppState>,
    input: EraseCustomer,
) -> IpcResult<Erasure> {
    let me = state.me()?;
    let erased = with_desk(&state, move |d| {
        d.erase_customer(Some(me.id), input.customer_id, &input.reason)
    })
    .await?;
    state.wake.notify_one();
    Ok(erased)
}
