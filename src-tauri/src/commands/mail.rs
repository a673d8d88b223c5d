//! Settings → E-mail to customers, and the ticket's "E-mail the customer".

use baton_core::mail::{Email, EmailStep};
use baton_core::tickets::Ticket;
use tauri::State;

use super::with_desk;
use crate::error::{IpcError, IpcResult};
use crate::ipc::{MailSetup, SaveMail, SendEmail, TicketRef};
use crate::mail_choice;
use crate::state::AppState;
use baton_core::error::ErrorCode;

#[tauri::command]
pub async fn mail_settings(state: State<'_, AppState>) -> IpcResult<MailSetup> {
    state.me()?;
    let settings = mail_choice::settings();
    let password_kept = settings.is_some() && mail_choice::password().is_some();
    Ok(MailSetup {
        settings,
        password_kept,
    })
}

#[tauri::command]
pub async fn save_mail_settings(state: State<'_, AppState>, input: SaveMail) -> IpcResult<()> {
    state.me()?.require_admin()?;
    mail_choice::save(&input.settings, input.password.as_deref())
}

/// The e-mail the signed-in person would send the ticket's customer, from its template.
#[tauri::command]
pub async fn email_draft(state: State<'_, AppState>, input: TicketRef) -> IpcResult<Email> {
    let me = state.me()?;
    let settings = configured()?;
    with_desk(&state, move |d| d.email_draft(me.id, input.id, &settings)).await
}

/// Sends it through the organisation's server and records the contact. The desk is held only
/// to check and to record: a slow mail server keeps nobody else waiting.
#[tauri::command]
pub async fn email_customer(state: State<'_, AppState>, input: SendEmail) -> IpcResult<Ticket> {
    let me = state.me()?;
    let settings = configured()?;
    let password = mail_choice::password();
    let SendEmail {
        ticket_id,
        email,
        key,
    } = input;
    let checked = email.clone();
    let step = with_desk(&state, move |d| {
        d.email_ready(me.id, ticket_id, &checked, key.as_deref())
    })
    .await?;
    let out = match step {
        EmailStep::Done(ticket) => return Ok(*ticket),
        EmailStep::Send(out) => out,
    };
    let sent =
        tauri::async_runtime::spawn_blocking(move || settings.send(password.as_deref(), &email))
            .await
            .map_err(|e| IpcError::internal(e.to_string()))?;
    if let Err(e) = sent {
        with_desk(&state, move |d| {
            d.email_unsent(out);
            Ok(())
        })
        .await?;
        return Err(e.into());
    }
    let ticket = with_desk(&state, move |d| d.email_sent(out)).await?;
    state.wake.notify_one();
    Ok(ticket)
}

fn configured() -> IpcResult<baton_core::mail::MailSettings> {
    mail_choice::settings().ok_or_else(|| {
        IpcError::new(
            ErrorCode::Config,
            "no mail server is set up on this install: a manager sets one in Settings → E-mail to customers",
        )
    })
}
