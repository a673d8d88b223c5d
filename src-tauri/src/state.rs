//! The app's state: the desk, the clock, who is signed in, and what this install watches.

use baton_core::people::Person;
use baton_core::session::Session;
use baton_core::{Clock, Desk};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

use crate::error::{IpcError, IpcResult};
use crate::install::{self, Install};

/// Keep this many failed notifications for the settings screen.
const KEEP_ERRORS: usize = 20;

pub struct AppState {
    pub db_path: PathBuf,
    pub desk: Arc<Mutex<Desk>>,
    pub clock: Arc<dyn Clock>,
    pub session: Mutex<Session>,
    pub install: Mutex<Install>,
    pub notification_errors: Mutex<Vec<String>>,
    /// Wakes the scheduler when a ticket changes, so new marks are seen at once.
    pub wake: Arc<Notify>,
}

impl AppState {
    pub fn open(db_path: PathBuf, clock: Arc<dyn Clock>) -> IpcResult<AppState> {
        let mut desk = Desk::open(&db_path, clock.clone())?;
        let mut install = Install::load(&install::path_for(&db_path));
        // A new install starts from now: it does not replay the desk's whole alert history.
        if install.cursor.is_none() {
            install.cursor = Some(desk.last_alert_id()?);
        }
        Ok(AppState {
            db_path,
            desk: Arc::new(Mutex::new(desk)),
            clock,
            session: Mutex::new(Session::default()),
            install: Mutex::new(install),
            notification_errors: Mutex::new(vec![]),
            wake: Arc::new(Notify::new()),
        })
    }

    /// The signed-in person, or a `signed_out` error once the install has locked.
    pub fn me(&self) -> IpcResult<Person> {
        Ok(self.session.lock().unwrap().person(self.clock.now())?)
    }

    /// Whose alerts this install raises: everyone who signed in here, the watched, and the
    /// escalation executive (so an escalation is always seen somewhere).
    pub fn people_here(&self, executive: Option<i64>) -> BTreeSet<i64> {
        let mut people = self.session.lock().unwrap().present().clone();
        people.extend(self.install.lock().unwrap().watched.iter().copied());
        people.extend(executive);
        people
    }

    pub fn save_install(&self) -> IpcResult<()> {
        let install = self.install.lock().unwrap().clone();
        install
            .save(&install::path_for(&self.db_path))
            .map_err(|e| IpcError::internal(format!("cannot save this install's settings: {e}")))
    }

    pub fn record_notification_error(&self, error: String) {
        let mut errors = self.notification_errors.lock().unwrap();
        errors.insert(0, error);
        errors.truncate(KEEP_ERRORS);
    }
}
