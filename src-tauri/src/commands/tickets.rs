use baton_core::calendar::PromiseAdvice;
use baton_core::categories::Category;
use baton_core::error::ErrorCode;
use baton_core::kept::KeptCall;
use baton_core::people::Person;
use baton_core::tickets::{Counts, Intake, Listing, Ticket, TicketDetail};
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::{
    Act, CallAbout, KeepCall, ListInput, Merge, PromiseInput, Query, QueueInput, Reassign,
    TicketRef,
};
use crate::state::{lock, AppState};

#[tauri::command]
pub async fn categories(state: State<'_, AppState>) -> IpcResult<Vec<Category>> {
    with_desk(&state, |d| d.categories()).await
}

#[tauri::command]
pub async fn intake(state: State<'_, AppState>, input: Intake) -> IpcResult<Ticket> {
    let me = state.me()?;
    let ticket = with_desk(&state, move |d| d.intake(me.id, input)).await?;
    state.wake.notify_one();
    Ok(ticket)
}

#[tauri::command]
pub async fn call_about(state: State<'_, AppState>, input: CallAbout) -> IpcResult<Ticket> {
    let me = state.me()?;
    let ticket = with_desk(&state, move |d| {
        d.call_about(me.id, input.ticket_id, input.intake)
    })
    .await?;
    state.wake.notify_one();
    Ok(ticket)
}

#[tauri::command]
pub async fn merge(state: State<'_, AppState>, input: Merge) -> IpcResult<Ticket> {
    let me = state.me()?;
    let ticket = with_desk(&state, move |d| {
        d.merge(
            me.id,
            input.ticket_id,
            input.into,
            &input.reason,
            input.key.as_deref(),
        )
    })
    .await?;
    state.wake.notify_one();
    Ok(ticket)
}

#[tauri::command]
pub async fn reassign_open(state: State<'_, AppState>, input: Reassign) -> IpcResult<Vec<Ticket>> {
    let me = state.me()?;
    let moved = with_desk(&state, move |d| {
        d.reassign_open(
            me.id,
            input.from,
            input.to,
            &input.reason,
            input.key.as_deref(),
        )
    })
    .await?;
    state.wake.notify_one();
    Ok(moved)
}

/// Keeps a call on this workstation while the desk's server does not answer (sending it at
/// once if it answers again): the ticket if it was taken in, none if kept for later.
#[tauri::command]
pub async fn keep_call(state: State<'_, AppState>, input: KeepCall) -> IpcResult<Option<Ticket>> {
    let me = state.me()?;
    let call = KeptCall::new(input.caller, input.intake, me.id, state.clock.now())?;
    let attempt = call.clone();
    match with_desk(&state, move |d| d.send_kept(&attempt)).await {
        Err(e) if e.kind == ErrorCode::Unreachable => {
            state.keep(call)?;
            Ok(None)
        }
        sent => {
            state.wake.notify_one();
            sent.map(Some)
        }
    }
}

/// The calls kept on this workstation, not yet sent.
#[tauri::command]
pub async fn kept_calls(state: State<'_, AppState>) -> IpcResult<Vec<KeptCall>> {
    Ok(lock(&state.install).kept.clone())
}

#[tauri::command]
pub async fn ticket(state: State<'_, AppState>, input: TicketRef) -> IpcResult<TicketDetail> {
    let me = state.me()?;
    with_desk(&state, move |d| d.ticket_as(me.id, input.id)).await
}

#[tauri::command]
pub async fn act(state: State<'_, AppState>, input: Act) -> IpcResult<Ticket> {
    let me = state.me()?;
    let ticket = with_desk(&state, move |d| {
        d.act_once(
            me.id,
            input.ticket_id,
            input.version,
            input.action,
            input.key.as_deref(),
        )
    })
    .await?;
    state.wake.notify_one();
    Ok(ticket)
}

#[tauri::command]
pub async fn queue(state: State<'_, AppState>, input: QueueInput) -> IpcResult<Listing> {
    let me = state.me()?;
    with_desk(&state, move |d| {
        d.queue_page(input.kind, Some(me.id), input.page)
    })
    .await
}

/// The list of all tickets, filtered (open and recently resolved, by category, owner, promise).
#[tauri::command]
pub async fn list_tickets(state: State<'_, AppState>, input: ListInput) -> IpcResult<Listing> {
    state.me()?;
    with_desk(&state, move |d| d.list(input.filter, input.page)).await
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, input: Query) -> IpcResult<Vec<Ticket>> {
    state.me()?;
    with_desk(&state, move |d| d.search(&input.query)).await
}

/// The people below the signed-in person: whom a manager may assign to.
#[tauri::command]
pub async fn team(state: State<'_, AppState>) -> IpcResult<Vec<Person>> {
    let me = state.me()?;
    with_desk(&state, move |d| d.team(me.id)).await
}

/// The rail's live counts. Reading them does not count as activity for the idle lock.
#[tauri::command]
pub async fn counts(state: State<'_, AppState>) -> IpcResult<Counts> {
    let Some(me) = lock(&state.session).peek(state.clock.now()).cloned() else {
        return Ok(Counts::default());
    };
    with_desk(&state, move |d| d.counts(me.id)).await
}

/// The resolved tickets the signed-in person is to confirm the customer heard back about.
#[tauri::command]
pub async fn to_confirm(state: State<'_, AppState>) -> IpcResult<Vec<Ticket>> {
    let me = state.me()?;
    with_desk(&state, move |d| d.to_confirm(me.id)).await
}

/// The promise to propose to a caller now, the mark, and where a typed time stands.
#[tauri::command]
pub async fn promise(state: State<'_, AppState>, input: PromiseInput) -> IpcResult<PromiseAdvice> {
    state.me()?;
    with_desk(&state, move |d| d.promise(input.at)).await
}
