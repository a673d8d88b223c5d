//! Settings → E-mail to customers, and the ticket's "E-mail the customer".

use baton_core::mail::Email;
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

/// Sends it through the organisation's server and records the contact.
#[tauri::command]
pub async fn email_customer(state: State<'_, AppState>, input: SendEmail) -> IpcResult<Ticket> {
    let me = state.me()?;
    let settings = configured()?;
    let password = mail_choice::password();
    let ticket = with_desk(&state, move |d| {
        d.email_customer(
            me.id,
            input.ticket_id,
            &input.email,
            input.key.as_deref(),
            |e| settings.send(password.as_deref(), e),
        )
    })
    .await?;
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
