//! The app's state: the desk, the clock, who is signed in, and what this install watches.

use baton_core::kept::KeptCall;
use baton_core::people::Person;
use baton_core::session::Session;
use baton_core::store::{postgres, Create, SqliteStore};
use baton_core::{Clock, Desk};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::Notify;

use crate::error::{IpcError, IpcResult};
use crate::install::{self, Install};

/// Keep this many failed notifications for the settings screen.
const KEEP_ERRORS: usize = 20;

pub struct AppState {
    pub db_path: PathBuf,
    pub desk: Arc<Mutex<Desk>>,
    /// A desk file on a connection of the scheduler's own, for tidying beside the calls.
    pub tidier: Arc<Mutex<Option<Desk>>>,
    pub clock: Arc<dyn Clock>,
    pub session: Mutex<Session>,
    pub install: Mutex<Install>,
    pub notification_errors: Mutex<Vec<String>>,
    /// Wakes the scheduler when a ticket changes, so new marks are seen at once.
    pub wake: Arc<Notify>,
    pub upkeep: Mutex<Upkeep>,
    pub reach: Mutex<Reach>,
}

/// On a shared desk, whether its server answers.
#[derive(Debug, Default, Clone)]
pub struct Reach {
    /// Since when it has not (`None`: it answers).
    pub lost_since: Option<DateTime<Utc>>,
    /// `desk` is a stand-in: the install started while the server did not answer, and opens
    /// the real desk when it does.
    pub standin: bool,
}

/// What the background upkeep (integrity check, daily backup, the trail's witness) found.
#[derive(Debug, Default, Clone)]
pub struct Upkeep {
    pub trail_alarm: Option<String>,
    pub backup_note: Option<String>,
    pub backup_error: Option<String>,
    /// The day of the last automatic backup attempt.
    pub last_daily: Option<chrono::NaiveDate>,
    /// When the app started (the day's upkeep waits for it to settle).
    pub started: DateTime<Utc>,
}

/// Locks without panicking on poison: one command that panicked must not take the desk down
/// for the rest of the session (what it guarded is written in transactions, so still whole).
/// The app's desk leaves WAL checkpoints to the scheduler, which tidies on every wake (each
/// change wakes it) on a connection of its own (`AppState::tidy`), so no acknowledgement waits
/// on one, and no read on its merges either.
pub fn tidied_by_the_scheduler(mut desk: Desk) -> baton_core::Result<Desk> {
    desk.defer_checkpoints()?;
    Ok(desk)
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    pub fn open(db_path: PathBuf, clock: Arc<dyn Clock>) -> IpcResult<AppState> {
        // The app's first run may create the desk; the CLI needs `init` for that. A shared desk
        // keeps the server's time; a file, this machine's.
        let own_clock = (!is_shared(&db_path)).then(|| clock.clone());
        let mut reach = Reach::default();
        let desk = match Desk::open_at(&db_path, Create::IfMissing, own_clock) {
            Ok(desk) => tidied_by_the_scheduler(desk)?,
            // Started while the server does not answer: open the app anyway and say so; the
            // listener opens the desk when it answers.
            Err(baton_core::Error::Unreachable(why)) => {
                log::warn!("{why}");
                reach = Reach {
                    lost_since: Some(clock.now()),
                    standin: true,
                };
                Desk::on(Box::new(SqliteStore::open_in_memory(clock.clone())?))
            }
            Err(e) => return Err(e.into()),
        };
        let install = Install::load(&install::path_for(&db_path));
        let started = clock.now();
        let state = AppState {
            db_path,
            desk: Arc::new(Mutex::new(desk)),
            tidier: Arc::default(),
            clock,
            session: Mutex::new(Session::default()),
            install: Mutex::new(install),
            notification_errors: Mutex::new(vec![]),
            wake: Arc::new(Notify::new()),
            upkeep: Mutex::new(Upkeep {
                started,
                ..Upkeep::default()
            }),
            reach: Mutex::new(reach.clone()),
        };
        if !reach.standin {
            state.start_cursor()?;
        }
        Ok(state)
    }

    /// A new install starts from now: it does not replay the desk's whole alert history.
    fn start_cursor(&self) -> IpcResult<()> {
        if lock(&self.install).cursor.is_none() {
            let last = lock(&self.desk).last_alert_id()?;
            lock(&self.install).cursor = Some(last);
        }
        Ok(())
    }

    /// Opens the real desk in place of the stand-in, once the server answers. True if it did.
    pub fn open_real_desk(&self) -> IpcResult<bool> {
        if !lock(&self.reach).standin {
            return Ok(false);
        }
        *lock(&self.desk) = Desk::open_at(&self.db_path, Create::No, None)?;
        lock(&self.reach).standin = false;
        self.start_cursor()?;
        Ok(true)
    }

    /// The upkeep changes leave to the background. On a file, the search index's merges and
    /// the WAL's checkpoint, on the scheduler's own connection, so the desk's reads go on
    /// meanwhile (it held every call up to 0.1 s at a million tickets; a write still waits for
    /// a merge's commit); a failure drops that connection and the next wake opens it again. On
    /// a server, folding the tally: one short statement, on the desk's connection, sparing the
    /// server a connection per workstation. Nothing while the server is out of reach.
    pub async fn tidy(&self) -> IpcResult<()> {
        let reach = lock(&self.reach).clone();
        if reach.standin || reach.lost_since.is_some() {
            return Ok(());
        }
        if self.shared() {
            return crate::commands::with_desk(self, |d| d.tidy()).await;
        }
        let (tidier, path) = (self.tidier.clone(), self.db_path.clone());
        tauri::async_runtime::spawn_blocking(move || {
            let mut tidier = lock(&tidier);
            let desk = match tidier.as_mut() {
                Some(desk) => desk,
                None => tidier.insert(Desk::open_at(&path, Create::No, None)?),
            };
            desk.tidy().inspect_err(|_| *tidier = None)
        })
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?
        .map_err(IpcError::from)
    }

    /// The error every desk call meets while the install holds a stand-in.
    pub fn standing_in(&self) -> Option<IpcError> {
        let reach = lock(&self.reach);
        reach.standin.then(|| {
            IpcError::new(
                baton_core::error::ErrorCode::Unreachable,
                format!("cannot reach the desk at {} yet", self.shown_db()),
            )
        })
    }

    /// Since when the shared desk's server has not answered, if it has not.
    pub fn lost_since(&self) -> Option<DateTime<Utc>> {
        lock(&self.reach).lost_since
    }

    /// Records whether the shared desk's server answers (a call found it gone; the listener
    /// reached it): it starts or stops the "can't reach" clock.
    pub fn heard(&self, answered: bool) {
        let mut reach = lock(&self.reach);
        match answered {
            true => reach.lost_since = None,
            false => {
                reach.lost_since.get_or_insert_with(|| self.clock.now());
            }
        }
    }

    /// Keeps a call taken while the server does not answer: on the disk before this returns.
    pub fn keep(&self, call: KeptCall) -> IpcResult<()> {
        lock(&self.install).kept.push(call);
        self.save_install()
    }

    /// Sends the calls kept here (the listener does, on reaching the server and on each wake
    /// after): each is taken in once, or stays with the desk's reason for refusing it. How many
    /// were taken in.
    pub fn send_kept(&self) -> usize {
        // Never into the stand-in: what it takes in is not the desk.
        if lock(&self.reach).standin {
            return 0;
        }
        let calls = lock(&self.install).kept.clone();
        if calls.is_empty() {
            return 0;
        }
        let mut outcomes = Vec::new();
        for call in &calls {
            let sent = lock(&self.desk).send_kept(call);
            match sent {
                // Not a refusal: the server went away again, or was busy; sent on a later try.
                Err(baton_core::Error::Unreachable(_) | baton_core::Error::Busy(_)) => break,
                sent => outcomes.push((call.key().to_owned(), sent.err().map(|e| e.to_string()))),
            }
        }
        // By key: a call kept meanwhile stays.
        let mut install = lock(&self.install);
        let before = install.kept.len();
        for (key, problem) in &outcomes {
            match problem {
                None => install.kept.retain(|c| c.key() != key),
                Some(why) => install
                    .kept
                    .iter_mut()
                    .filter(|c| c.key() == key)
                    .for_each(|c| c.problem = Some(why.clone())),
            }
        }
        let sent = before - install.kept.len();
        drop(install);
        if let Err(e) = self.save_install() {
            log::error!("{}", e.message);
        }
        sent
    }

    /// Where the daily backups go: `backups/` beside the database.
    pub fn backups_dir(&self) -> PathBuf {
        self.db_path.with_file_name("backups")
    }

    /// Whether this install works on a shared desk (on a server) rather than a file of its own.
    pub fn shared(&self) -> bool {
        is_shared(&self.db_path)
    }

    /// The desk as shown to people: a file's path, a server's address without its password.
    pub fn shown_db(&self) -> String {
        match postgres::address(&self.db_path) {
            Some(address) => postgres::shown(address),
            None => self.db_path.display().to_string(),
        }
    }

    /// The signed-in person, or a `signed_out` error once the install has locked.
    pub fn me(&self) -> IpcResult<Person> {
        Ok(lock(&self.session).person(self.clock.now())?)
    }

    /// Whose alerts this install raises: everyone who signed in here and the watched; on a
    /// desk file also the escalation executive, so an escalation is always seen somewhere. On a
    /// shared desk that is the executive's own workstation (signed in, or watching them), not
    /// every workstation at once.
    pub fn people_here(&self, executive: Option<i64>) -> BTreeSet<i64> {
        let mut people = lock(&self.session).present().clone();
        people.extend(lock(&self.install).watched.iter().copied());
        people.extend(executive.filter(|_| !self.shared()));
        people
    }

    pub fn save_install(&self) -> IpcResult<()> {
        let install = lock(&self.install).clone();
        install
            .save(&install::path_for(&self.db_path))
            .map_err(|e| IpcError::internal(format!("cannot save this install's settings: {e}")))
    }

    pub fn record_notification_error(&self, error: String) {
        let mut errors = lock(&self.notification_errors);
        errors.insert(0, error);
        errors.truncate(KEEP_ERRORS);
    }
}

fn is_shared(db: &std::path::Path) -> bool {
    postgres::address(db).is_some()
}
