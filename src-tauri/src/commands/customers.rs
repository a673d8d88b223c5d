use baton_core::customers::{Customer, CustomerMatch, NewCustomer};
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::Query;
use crate::state::AppState;

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
