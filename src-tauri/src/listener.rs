//! On a shared desk: hears the doorbell other workstations ring when they change the desk, and
//! refreshes this one at once — the window's queues, counts and bell, and the scheduler, which
//! then raises any new alerts here. Lost connections are reopened with a growing pause.

use baton_core::store::postgres::{self, Doorbell};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

use crate::scheduler::DESK_CHANGED;
use crate::state::AppState;

/// The longest pause between attempts to reach the server again.
const MAX_PAUSE: Duration = Duration::from_secs(30);

/// Starts listening, if this install is on a shared desk.
pub fn start(app: AppHandle) {
    let db = app.state::<AppState>().db_path.clone();
    let Some(address) = postgres::address(&db).map(str::to_owned) else {
        return;
    };
    // A thread of its own: the doorbell waits on a blocking connection.
    std::thread::spawn(move || {
        let mut pause = Duration::from_secs(1);
        loop {
            match Doorbell::open(&address) {
                Ok(mut bell) => {
                    pause = Duration::from_secs(1);
                    // Whatever changed while nobody listened.
                    ring(&app);
                    loop {
                        match bell.wait(Duration::from_secs(60)) {
                            Ok(true) => ring(&app),
                            Ok(false) => {}
                            Err(e) => {
                                log::warn!("stopped hearing the desk's server: {e}");
                                break;
                            }
                        }
                    }
                }
                Err(e) => log::warn!("cannot listen to the desk's server: {e}"),
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(MAX_PAUSE);
        }
    });
}

fn ring(app: &AppHandle) {
    let _ = app.emit(DESK_CHANGED, ());
    app.state::<AppState>().wake.notify_one();
}
