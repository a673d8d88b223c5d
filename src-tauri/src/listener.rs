//! On a shared desk: hears the doorbell other workstations ring when they change the desk, and
//! refreshes this one at once — the window's queues, counts and bell, and the scheduler, which
//! then raises any new alerts here. It also watches whether the server answers: a lost
//! connection is reopened with a growing pause, the window is told while it is lost, and an
//! install that started while the server did not answer opens the desk once it does.

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
        let state = app.state::<AppState>();
        loop {
            match Doorbell::open(&address) {
                Ok(mut bell) => {
                    pause = Duration::from_secs(1);
                    if let Err(e) = state.open_real_desk() {
                        log::warn!("the desk's server answers, but its desk does not open: {e}");
                    }
                    state.heard(true);
                    send_kept(&state);
                    // Whatever changed while nobody listened.
                    ring(&app);
                    loop {
                        match bell.wait(Duration::from_secs(60)) {
                            Ok(true) => {
                                send_kept(&state);
                                ring(&app);
                            }
                            // A call kept while the server was busy goes on a later wake.
                            Ok(false) => send_kept(&state),
                            Err(e) => {
                                log::warn!("stopped hearing the desk's server: {e}");
                                state.heard(false);
                                ring(&app);
                                break;
                            }
                        }
                    }
                }
                Err(e) => {
                    log::warn!("cannot listen to the desk's server: {e}");
                    if state.lost_since().is_none() {
                        state.heard(false);
                        ring(&app);
                    }
                }
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(MAX_PAUSE);
        }
    });
}

fn send_kept(state: &AppState) {
    let sent = state.send_kept();
    if sent > 0 {
        log::info!("sent {sent} calls kept while the server was away");
    }
}

fn ring(app: &AppHandle) {
    let _ = app.emit(DESK_CHANGED, ());
    app.state::<AppState>().wake.notify_one();
}
