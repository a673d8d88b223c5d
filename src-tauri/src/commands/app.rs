use serde::Serialize;
use tauri::State;

use crate::error::IpcResult;
use crate::AppState;

/// What the UI needs to know about the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: state.db_path.display().to_string(),
    })
}
