//! The embedded store: one SQLite file per desk. All of Baton's SQL for SQLite lives under this
//! module, and no rusqlite type leaves it. Instants are stored as epoch milliseconds (UTC).

mod alerts;
pub mod bulk;
mod categories;
mod customers;
mod dump;
mod errors;
mod events;
mod people;
mod reports;
mod settings;
mod tickets;
mod tx;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{at, at_opt, Create};
use crate::clock::Clock;
use crate::error::{Error, Result};

/// `PRAGMA application_id` of a Baton database: "BATN".
const APPLICATION_ID: i64 = 0x4241_544E;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../../../migrations/001_initial.sql")),
        M::up(include_str!("../../../migrations/002_alerts.sql")),
        M::up(include_str!("../../../migrations/003_report_indexes.sql")),
        M::up(include_str!("../../../migrations/004_desk_events.sql")),
        M::up(include_str!(
            "../../../migrations/005_cycles_requests_erasure.sql"
        )),
        M::up(include_str!("../../../migrations/006_handed_alerts.sql")),
        M::up(include_str!("../../../migrations/007_customer_names.sql")),
        M::up(include_str!(
            "../../../migrations/008_search_merges_in_the_background.sql"
        )),
        M::up(include_str!("../../../migrations/009_promises.sql")),
        M::up(include_str!(
            "../../../migrations/010_queue_pages_and_counts.sql"
        )),
        M::up(include_str!("../../../migrations/011_confirmations.sql")),
    ])
});

/// The schema version this build creates and understands: the number of migrations.
pub const SCHEMA_VERSION: i64 = 11;

pub struct SqliteStore {
    conn: Connection,
    clock: Arc<dyn Clock>,
    /// The file, for the damage marker beside it (None in memory).
    path: Option<PathBuf>,
    /// Why writes are refused, once a check found the file damaged.
    damaged: Option<String>,
}

/// A file beside the desk's: `baton.db` and `-wal` give `baton.db-wal`.
pub fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Beside `baton.db`: `baton.db.damaged`, holding what the failed check found. While it exists
/// the desk refuses writes; `restore` removes it.
pub fn damage_marker(db: &Path) -> PathBuf {
    sibling(db, ".damaged")
}

/// What the first bytes of a file say, read without SQLite so nothing is written.
enum Header {
    Missing,
    Empty,
    Sqlite,
    Other,
}

fn header(path: &Path) -> Result<Header> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Header::Missing),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(Error::ReadOnly(format!(
                "{} cannot be read: {e}",
                path.display()
            )))
        }
        Err(e) => return Err(Error::NotBaton(format!("{}: {e}", path.display()))),
    };
    let mut magic = [0u8; 16];
    let mut read = 0;
    while read < magic.len() {
        match file.read(&mut magic[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(Error::NotBaton(format!("{}: {e}", path.display()))),
        }
    }
    Ok(match read {
        0 => Header::Empty,
        16 if &magic == b"SQLite format 3\0" => Header::Sqlite,
        _ => Header::Other,
    })
}

impl SqliteStore {
    /// Opens a Baton desk. Nothing is written to the file before it is known to be a Baton
    /// desk this build can open; a desk marked damaged opens for reading only.
    pub fn open(path: &Path, create: Create, clock: Arc<dyn Clock>) -> Result<SqliteStore> {
        let shown = path.display().to_string();
        match header(path)? {
            Header::Missing | Header::Empty if create == Create::No => {
                return Err(Error::NoDesk(shown))
            }
            Header::Missing => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        Error::Invalid(format!("cannot create the folder {}: {e}", dir.display()))
                    })?;
                }
            }
            Header::Other => {
                return Err(Error::NotBaton(format!(
                    "{shown}: it is not a SQLite database"
                )))
            }
            Header::Empty | Header::Sqlite => {}
        }
        if path.exists() {
            if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
                return Err(Error::ReadOnly(format!(
                    "{shown} cannot be changed by this user ({e})"
                )));
            }
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if create == Create::IfMissing {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| opening(&shown, e))?;
        let damaged = std::fs::read_to_string(damage_marker(path)).ok();
        let mut store = SqliteStore {
            conn,
            clock,
            path: Some(path.to_path_buf()),
            damaged,
        };
        store.prepare(&shown, create)?;
        Ok(store)
    }

    /// A private database in memory, for tests and benchmarks of pure logic.
    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<SqliteStore> {
        let mut store = SqliteStore {
            conn: Connection::open_in_memory()?,
            clock,
            path: None,
            damaged: None,
        };
        store.prepare(":memory:", Create::IfMissing)?;
        Ok(store)
    }

    /// Checks what the file is, then (only then) sets the pragmas and migrates. Several
    /// processes creating one new desk at once race to migrate it: the losers find it done.
    fn prepare(&mut self, name: &str, create: Create) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(10))?;
        self.conn
            .set_transaction_behavior(TransactionBehavior::Immediate);
        let mut attempt = 0;
        loop {
            let version = self.identify(name, create)?;
            if self.damaged.is_some() {
                return Ok(());
            }
            match self.migrate() {
                Ok(()) => return Ok(()),
                Err(e) => {
                    attempt += 1;
                    let moved = self.identify(name, create).ok() != Some(version);
                    if attempt >= 20 || !(moved || is_busy(&e)) {
                        return Err(e);
                    }
                    std::thread::sleep(Duration::from_millis(20 * attempt));
                }
            }
        }
    }

    /// Reads the header through SQLite (which also sees a WAL not yet checkpointed) and says
    /// which schema version the desk is at; refuses foreign and newer files.
    fn identify(&self, name: &str, create: Create) -> Result<i64> {
        let foreign = |why: &str| Error::NotBaton(format!("{name}: {why}"));
        // One statement, so one snapshot: a desk being created by another process right now is
        // seen either empty or whole.
        let (app_id, version, objects): (i64, i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| opening(name, e))?;
        if app_id == APPLICATION_ID {
            if version > SCHEMA_VERSION {
                return Err(Error::NewerSchema {
                    path: name.to_string(),
                    found: version,
                    known: SCHEMA_VERSION,
                });
            }
            return Ok(version);
        }
        if app_id != 0 || objects > 0 || version != 0 {
            return Err(foreign("it belongs to another application"));
        }
        if create == Create::No {
            return Err(Error::NoDesk(name.to_string()));
        }
        Ok(0)
    }

    fn migrate(&mut self) -> Result<()> {
        durable(&self.conn)?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        MIGRATIONS.to_latest(&mut self.conn)?;
        Ok(())
    }

    /// A passive checkpoint: what no reader still needs moves from the WAL into the file.
    pub(super) fn checkpoint(&mut self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Checkpoints the WAL only when asked (`tidy`), not in whichever commit crosses SQLite's
    /// threshold: for a process that tidies after every change, as the app does.
    pub(super) fn defer_checkpoints(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// Runs `f` in one write transaction, taken at once so two processes queue rather than
    /// deadlock; nothing is written unless `f` succeeds. A write that meets a damaged page is
    /// rolled back and the desk refuses writes from then on.
    fn write_tx<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        // Another process (the app's background check, a `verify`) may have found damage.
        if let (None, Some(path)) = (&self.damaged, &self.path) {
            self.damaged = std::fs::read_to_string(damage_marker(path)).ok();
        }
        if let Some(why) = &self.damaged {
            return Err(Error::Damaged(why.clone()));
        }
        let outcome = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::from)
            .and_then(|tx| {
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            });
        if let Err(Error::Damaged(why)) = &outcome {
            self.mark_damaged(why);
        }
        outcome
    }

    /// Runs `f` as a write and rolls it back: what a change would do, without doing it.
    fn rehearse_tx<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        f(&tx)
    }

    /// Runs `f` on one consistent snapshot.
    fn read_tx<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        f(&tx)
    }

    /// SQLite's own integrity and foreign-key checks; empty when all is well. A finding marks
    /// the desk damaged, so it refuses writes until a backup is restored.
    fn integrity(&mut self) -> Result<Vec<String>> {
        let mut problems = page_findings(&self.conn);
        self.integrity_found(&mut problems);
        Ok(problems)
    }

    /// The rest of the check once the pages are checked (here or beside): the foreign keys;
    /// then the first finding marks the desk damaged. On a sound file the per-person tally (a
    /// cache its triggers keep) is recounted too, and rebuilt if wrong, which is said but not
    /// held against the file.
    pub(super) fn integrity_found(&mut self, problems: &mut Vec<String>) {
        // The events' references are checked by verify's walk, which reads them all anyway.
        let links = || -> rusqlite::Result<i64> {
            self.conn.query_row(
                "SELECT count(*) FROM sqlite_schema s, pragma_foreign_key_check(s.name) f
                 WHERE s.type = 'table' AND s.name != 'events'",
                [],
                |r| r.get(0),
            )
        };
        match links() {
            Ok(0) => {}
            Ok(n) => problems.push(format!("{n} rows point at missing rows")),
            Err(e) => problems.push(e.to_string()),
        }
        if let Some(first) = problems.first() {
            self.mark_damaged(&format!("the integrity check found: {first}"));
            return;
        }
        match self.recount_tally() {
            Ok(0) => {}
            Ok(n) => problems.push(crate::store::tx::tally_recounted(n)),
            Err(e) => problems.push(e.to_string()),
        }
    }

    /// Rebuilds the tally if it disagrees with the tickets: for how many people it did.
    fn recount_tally(&mut self) -> Result<i64> {
        let wrong: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM tally t WHERE {TALLY_IS_WRONG}"),
            [],
            |r| r.get(0),
        )?;
        if wrong > 0 {
            self.write_tx(|t| {
                t.execute(&format!("UPDATE tally AS t SET {TALLY_RECOUNTED}"), [])?;
                Ok(())
            })?;
        }
        Ok(wrong)
    }

    /// SQLite's page and index check on a connection of its own, in a thread, so `verify` walks
    /// the chain and replays the tickets on the other core meanwhile (a file desk only); the
    /// foreign keys are checked after the walk, in `integrity_found`.
    pub(super) fn integrity_beside(&self) -> Option<JoinHandle<Vec<String>>> {
        let path = self.path.clone()?;
        Some(std::thread::spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            match Connection::open_with_flags(&path, flags) {
                Ok(c) => {
                    let _ = c.busy_timeout(Duration::from_secs(10));
                    page_findings(&c)
                }
                Err(e) => vec![e.to_string()],
            }
        }))
    }

    fn mark_damaged(&mut self, why: &str) {
        let why = why.lines().next().unwrap_or(why).to_string();
        if let Some(path) = &self.path {
            // Best effort: if even the marker cannot be written, this process still refuses.
            let _ = std::fs::write(damage_marker(path), &why);
        }
        self.damaged = Some(why);
    }

    /// Copies the desk, as of one moment, to `dest` with SQLite's online backup: safe while
    /// other processes use it. Written beside `dest` first and renamed, so `dest` is either
    /// the old file or a whole copy.
    fn copy_to(&self, dest: &Path) -> Result<()> {
        // A name of its own, claimed before use: nothing already beside `dest` is touched.
        let partial = sibling(dest, &format!(".partial-{}", std::process::id()));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&partial)
            .map_err(|e| Error::Invalid(format!("cannot write beside {}: {e}", dest.display())))?;
        let copied = (|| -> rusqlite::Result<()> {
            let mut to = Connection::open(&partial)?;
            let backup = Backup::new(&self.conn, &mut to)?;
            // One step: the whole copy from one read transaction, so it is one moment.
            backup.step(-1)?;
            drop(backup);
            to.pragma_update(None, "journal_mode", "DELETE")?;
            Ok(())
        })();
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        std::fs::rename(&partial, dest)
            .map_err(|e| Error::Invalid(format!("cannot write the backup {}: {e}", dest.display())))
    }
}

/// Replaces the contents of the desk at `db` with `source` (a checked backup) through SQLite's
/// backup, so another process sees the old desk or the restored one, never a mix; when the file
/// is too damaged for SQLite to write into, it is replaced whole. Clears the damage marker.
pub fn restore(db: &Path, source: &Path) -> Result<()> {
    let through_sqlite = (|| -> rusqlite::Result<()> {
        let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut to = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        to.busy_timeout(Duration::from_secs(10))?;
        Backup::new(&from, &mut to)?.step(-1)?;
        to.pragma_update(None, "journal_mode", "WAL")?;
        to.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
            .and_then(|ok| {
                if ok == "ok" {
                    Ok(())
                } else {
                    Err(rusqlite::Error::InvalidQuery)
                }
            })
    })();
    if through_sqlite.is_err() {
        let whole = db.with_extension("restoring-whole");
        let replaced = std::fs::copy(source, &whole).and_then(|_| {
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(sibling(db, suffix));
            }
            std::fs::rename(&whole, db)
        });
        replaced.map_err(|e| Error::Invalid(format!("cannot replace {}: {e}", db.display())))?;
    }
    let _ = std::fs::remove_file(damage_marker(db));
    Ok(())
}

fn is_busy(e: &Error) -> bool {
    matches!(e, Error::Busy(_))
}

/// An error while first reading a file, said plainly: which file, and what is true of it.
fn opening(name: &str, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
    match e.sqlite_error_code() {
        Some(CannotOpen | PermissionDenied | ReadOnly) => Error::ReadOnly(format!(
            "{name} or its folder cannot be written by this user, and a desk needs both ({e})"
        )),
        _ => match Error::from(e) {
            Error::Storage(e) => Error::NotBaton(format!("{name}: {e}")),
            other => other,
        },
    }
}

/// What a person's tally row should say, each from the index that answers it.
const TALLY_RECOUNTED: &str = "
    open = (SELECT count(*) FROM tickets INDEXED BY tickets_owner
            WHERE status = 'open' AND owner_id = t.person_id),
    escalated_held = (SELECT count(*) FROM tickets INDEXED BY tickets_escalated_held
                      WHERE status = 'open' AND escalated_at IS NOT NULL
                        AND owner_id = t.person_id),
    escalated_from = (SELECT count(*) FROM tickets INDEXED BY tickets_escalated_from
                      WHERE status = 'open' AND escalated_at IS NOT NULL
                        AND escalated_from = t.person_id)";

/// A tally row `t` that disagrees with the tickets.
const TALLY_IS_WRONG: &str = "
    t.open != (SELECT count(*) FROM tickets INDEXED BY tickets_owner
               WHERE status = 'open' AND owner_id = t.person_id)
    OR t.escalated_held != (SELECT count(*) FROM tickets INDEXED BY tickets_escalated_held
                            WHERE status = 'open' AND escalated_at IS NOT NULL
                              AND owner_id = t.person_id)
    OR t.escalated_from != (SELECT count(*) FROM tickets INDEXED BY tickets_escalated_from
                            WHERE status = 'open' AND escalated_at IS NOT NULL
                              AND escalated_from = t.person_id)";

/// Every commit written ahead and fsynced before it is acknowledged (the desk's, and the
/// benchmark's bare table's, so the baseline cannot drift from it).
pub fn durable(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// What SQLite's integrity check finds wrong with the file's pages and indexes.
fn page_findings(conn: &Connection) -> Vec<String> {
    let pages = || -> rusqlite::Result<Vec<String>> {
        conn.prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .filter(|p| !matches!(p.as_deref(), Ok("ok")))
            .collect()
    };
    pages().unwrap_or_else(|e| vec![e.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(path: &Path, create: Create) -> Result<SqliteStore> {
        SqliteStore::open(path, create, Arc::new(crate::SystemClock))
    }

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
        let mut conn = Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn foreign_files_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.db");
        std::fs::write(
            &junk,
            b"this is not a database at all, not even close........",
        )
        .unwrap();
        let before = std::fs::read(&junk).unwrap();
        assert_eq!(
            open(&junk, Create::IfMissing).err().unwrap().code(),
            "not_baton"
        );
        assert_eq!(std::fs::read(&junk).unwrap(), before);

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE songs (title TEXT)")
            .unwrap();
        assert_eq!(
            open(&other, Create::IfMissing).err().unwrap().code(),
            "not_baton"
        );
    }

    #[test]
    fn a_baton_database_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/baton.db");
        drop(open(&path, Create::IfMissing).unwrap());
        let mut store = open(&path, Create::No).unwrap();
        assert!(store.integrity().unwrap().is_empty());
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
