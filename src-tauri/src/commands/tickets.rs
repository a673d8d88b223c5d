use baton_core::categories::Category;
use baton_core::people::Person;
use baton_core::tickets::{Intake, QueueKind, Ticket, TicketDetail};
use tauri::State;

use super::with_desk;
use crate::error::IpcResult;
use crate::ipc::{Act, Counts, Query, QueueInput, TicketRef};
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
pub async fn ticket(state: State<'_, AppState>, input: TicketRef) -> IpcResult<TicketDetail> {
    let me = state.me()?;
    with_desk(&state, move |d| d.ticket_as(me.id, input.id)).await
}

#[tauri::command]
pub async fn act(state: State<'_, AppState>, input: Act) -> IpcResult<Ticket> {
    let me = state.me()?;
    let ticket = with_desk(&state, move |d| {
        d.act(me.id, input.ticket_id, input.version, input.action)
    })
    .await?;
    state.wake.notify_one();
    Ok(ticket)
}

#[tauri::command]
pub async fn queue(state: State<'_, AppState>, input: QueueInput) -> IpcResult<Vec<Ticket>> {
    let me = state.me()?;
    with_desk(&state, move |d| d.queue(input.kind, Some(me.id), true)).await
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
    with_desk(&state, move |d| {
        let n = |v: Vec<Ticket>| v.len() as u32;
        Ok(Counts {
            mine: n(d.queue(QueueKind::Mine, Some(me.id), true)?),
            team: n(d.queue(QueueKind::Team, Some(me.id), true)?),
            near_escalation: n(d.queue(QueueKind::NearEscalation, Some(me.id), true)?),
            escalated_to_me: n(d.queue(QueueKind::EscalatedToMe, Some(me.id), true)?),
            unread_alerts: d.unread_alerts(me.id)?,
        })
    })
    .await
}
