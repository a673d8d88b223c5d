//! Settings → Shared desk, and the first run's "Join a shared desk": ask a server what it holds,
//! move this install's desk onto it, use it from the next start, or go back to this computer's
//! own desk file.

use baton_core::migrate::Migrated;
use baton_core::server::{self, Probe};
use baton_core::store::Create;
use baton_core::Desk;
use tauri::{AppHandle, State};

use super::with_desk;
use crate::error::{IpcError, IpcResult};
use crate::ipc::{MoveDesk, ServerInput, SharedDeskSettings};
use crate::paths;
use crate::server_choice;
use crate::state::{lock, AppState};

/// The core's rule: anyone on an empty install (its first run), else its administrators.
async fn allowed(state: &AppState) -> IpcResult<()> {
    let empty = with_desk(state, |d| d.is_empty()).await?;
    let me = lock(&state.session).peek(state.clock.now()).cloned();
    Ok(server::may_connect(empty, me.as_ref())?)
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> baton_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn shared_desk_settings() -> IpcResult<SharedDeskSettings> {
    let chosen = server_choice::chosen();
    let overridden = paths::overridden();
    let password_kept = chosen
        .as_ref()
        .is_some_and(|s| server_choice::password(s).is_some());
    Ok(SharedDeskSettings {
        chosen,
        overridden,
        password_kept,
    })
}

#[tauri::command]
pub async fn test_server(state: State<'_, AppState>, input: ServerInput) -> IpcResult<Probe> {
    allowed(&state).await?;
    blocking(move || input.server.probe(Some(&input.password))).await
}

/// Copies this install's desk file into the empty desk on the server as its owner, verifies it
/// there, and sets the mover's PIN on it.
#[tauri::command]
pub async fn move_to_server(state: State<'_, AppState>, input: MoveDesk) -> IpcResult<Migrated> {
    allowed(&state).await?;
    if state.shared() {
        return Err(IpcError::new(
            baton_core::error::ErrorCode::Invalid,
            "this install already works on a shared desk",
        ));
    }
    let me = state.me()?;
    baton_core::people::check_pin(&input.pin)?;
    let owner = baton_core::server::Server {
        user: input.owner,
        ..input.server
    };
    owner.check()?;
    let (file, clock) = (state.db_path.clone(), state.clock.clone());
    // Under the desk's lock, so nothing changes here while it is copied.
    with_desk(&state, move |_| {
        let address = owner.address(Some(&input.owner_password));
        let moved = Desk::migrate(&file, &address, clock)?;
        Desk::open_at(std::path::Path::new(&address), Create::No, None)?.set_pin(
            Some(me.id),
            me.id,
            &input.pin,
        )?;
        Ok(moved)
    })
    .await
}

/// From the next start this install works on the server (its password in the keyring).
#[tauri::command]
pub async fn use_server(state: State<'_, AppState>, input: ServerInput) -> IpcResult<()> {
    allowed(&state).await?;
    let ServerInput { server, password } = input;
    let (asked, secret) = (server.clone(), password.clone());
    blocking(move || asked.probe(Some(&secret))?.usable()).await?;
    server_choice::choose(&server, &password)
}

/// From the next start this install works on its own desk file again.
#[tauri::command]
pub async fn leave_server(state: State<'_, AppState>) -> IpcResult<()> {
    allowed(&state).await?;
    server_choice::forget()
}

#[tauri::command]
pub fn restart(app: AppHandle) {
    app.restart()
}
