//! The month-end report as the signed-in person may see it, the tickets behind its numbers, the
//! board, a table saved as CSV and the report printed.

use baton_core::board::{BoardEntry, NewFeedback};
use baton_core::calendar::PeriodSpec;
use baton_core::reports::csv;
use baton_core::reports::drill::Drill;
use baton_core::reports::Report;
use baton_core::tickets::Ticket;
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use super::with_desk;
use crate::error::{IpcError, IpcResult};
use crate::ipc::{LearnInput, SaveCsv};
use crate::state::AppState;

#[tauri::command]
pub async fn report(state: State<'_, AppState>, input: PeriodSpec) -> IpcResult<Report> {
    let me = state.me()?;
    with_desk(&state, move |d| d.report_as(me.id, input)).await
}

#[tauri::command]
pub async fn report_drill(state: State<'_, AppState>, input: Drill) -> IpcResult<Vec<Ticket>> {
    let me = state.me()?;
    with_desk(&state, move |d| d.drill(Some(me.id), input)).await
}

#[tauri::command]
pub async fn board(state: State<'_, AppState>) -> IpcResult<Vec<BoardEntry>> {
    state.me()?;
    with_desk(&state, |d| d.board()).await
}

#[tauri::command]
pub async fn record_feedback(
    state: State<'_, AppState>,
    input: NewFeedback,
) -> IpcResult<BoardEntry> {
    let me = state.me()?;
    with_desk(&state, move |d| d.record_feedback(me.id, input)).await
}

#[tauri::command]
pub async fn learn(state: State<'_, AppState>, input: LearnInput) -> IpcResult<BoardEntry> {
    let me = state.me()?;
    with_desk(&state, move |d| d.learn(me.id, input.entry, &input.what)).await
}

/// Asks where to save one table of the report (the system's save dialog, named for the table
/// and its days), then writes it there. None when the person cancels.
#[tauri::command]
pub async fn save_report_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    input: SaveCsv,
) -> IpcResult<Option<String>> {
    let me = state.me()?;
    let (report, tz) = with_desk(&state, move |d| {
        Ok((d.report_as(me.id, input.period)?, d.hours()?.tz()?))
    })
    .await?;
    let first = report.from.with_timezone(&tz).date_naive();
    let last = (report.to - chrono::Duration::milliseconds(1))
        .with_timezone(&tz)
        .date_naive();
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the table as CSV")
        .add_filter("CSV", &["csv"])
        .set_file_name(csv::file_name(input.table, first, last))
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.map_err(|e| IpcError::internal(e.to_string()))? else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|e| IpcError::internal(e.to_string()))?;
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || csv::save(&report, input.table, &path))
        .await
        .map_err(|e| IpcError::internal(e.to_string()))??;
    Ok(Some(shown))
}

/// The system's print dialog for the window, which shows the report in its print layout (to
/// paper, or to a PDF to forward).
#[tauri::command]
pub async fn print_report(window: WebviewWindow) -> IpcResult<()> {
    Ok(window.print()?)
}
