//! The shared store: one desk on a PostgreSQL server for many workstations. All of Baton's SQL
//! for PostgreSQL lives under this module, and no `postgres` type leaves it.
//!
//! Many writers: a write transaction locks the ticket it changes (`FOR UPDATE`), a sweep claims
//! due tickets with `FOR UPDATE SKIP LOCKED`, and every appending transaction locks the chain's
//! head row last, so events and alerts are numbered in commit order. Instants come from the
//! server's clock unless one is injected (`BATON_NOW`, tests).

mod connect;
mod doorbell;
mod errors;
mod load;
mod tally;
mod tx;

use chrono::{DateTime, Utc};
use postgres::{Client, IsolationLevel};
use std::cell::RefCell;
use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::server::Probe;
use crate::store::Create;
use errors::lost;
use tx::Pg;

use connect::connect;
pub use connect::shown;
pub use doorbell::Doorbell;

/// The numbered migrations, in order. A shared schema is upgraded only by `baton upgrade`.
const MIGRATIONS: [&str; 10] = [
    include_str!("../../../migrations/postgres/001_desk.sql"),
    include_str!("../../../migrations/postgres/002_pins_on_the_server.sql"),
    include_str!("../../../migrations/postgres/003_doorbell.sql"),
    include_str!("../../../migrations/postgres/004_handed_alerts.sql"),
    include_str!("../../../migrations/postgres/005_customer_names.sql"),
    include_str!("../../../migrations/postgres/006_promises.sql"),
    include_str!("../../../migrations/postgres/007_queue_pages.sql"),
    include_str!("../../../migrations/postgres/008_confirmations.sql"),
    include_str!("../../../migrations/postgres/009_tally.sql"),
    include_str!("../../../migrations/postgres/010_report_indexes.sql"),
];

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The advisory lock `upgrade` holds: "BATN".
const UPGRADE_LOCK: i64 = 0x4241_544E;

/// The PostgreSQL address `db` names, if it is one rather than a SQLite file.
pub fn address(db: &std::path::Path) -> Option<&str> {
    db.to_str()
        .filter(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

pub struct PgStore {
    /// One connection; the store is used by one thread at a time (`Store: Send`).
    client: RefCell<Client>,
    /// Where it connects again when the server closed the connection (a restart, a failover).
    address: String,
    /// The clock in force: `server` (ask the server) unless one was injected.
    clock: Arc<dyn Clock>,
    server: Arc<dyn Clock>,
}

impl PgStore {
    /// Connects to the desk at `address`. `Create::IfMissing` creates the schema in an empty
    /// database; an older schema is never upgraded here (`upgrade` does that).
    pub fn open(address: &str, create: Create, clock: Option<Arc<dyn Clock>>) -> Result<PgStore> {
        let mut client = connect(address)?;
        let found = version(&mut client)?;
        match found {
            None if create == Create::IfMissing => migrate(&mut client)?,
            None => {
                return Err(Error::NoDesk(format!(
                    "{}: create it with `baton init` or `baton upgrade`",
                    shown(address)
                )))
            }
            Some(v) if v > SCHEMA_VERSION => {
                return Err(Error::NewerSchema {
                    path: shown(address),
                    found: v,
                    known: SCHEMA_VERSION,
                })
            }
            Some(v) if v < SCHEMA_VERSION => {
                return Err(Error::Migration(format!(
                    "{} is at schema {v} and this build needs {SCHEMA_VERSION}: an administrator \
                     runs `baton upgrade --db …` first",
                    shown(address)
                )))
            }
            Some(_) => {}
        }
        let server: Arc<dyn Clock> = Arc::new(SystemClock);
        Ok(PgStore {
            client: RefCell::new(client),
            address: address.to_string(),
            clock: clock.unwrap_or_else(|| server.clone()),
            server,
        })
    }

    /// Connects to `address` and says what it holds, changing nothing.
    pub fn probe(address: &str) -> Result<Probe> {
        let mut client = connect(address)?;
        let found = version(&mut client)?;
        let (people, tickets) = if found == Some(SCHEMA_VERSION) {
            let row = client.query_one(
                "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM tickets)",
                &[],
            )?;
            (row.get::<_, i64>(0) as u32, row.get::<_, i64>(1) as u32)
        } else {
            (0, 0)
        };
        Ok(Probe::of(found, people, tickets))
    }

    /// Creates or upgrades the schema to this build's, under an advisory lock so two
    /// administrators never upgrade at once, connected as the schema's owner; then grants the
    /// workstations' role `app_role`, if given, what the desk needs and no more (it may not
    /// delete events, or change them beyond an erasure's tombstones). Returns the version
    /// before and after.
    pub fn upgrade(address: &str, app_role: Option<&str>) -> Result<(Option<i64>, i64)> {
        let mut client = connect(address)?;
        let before = version(&mut client)?;
        if before.is_some_and(|v| v > SCHEMA_VERSION) {
            return Err(Error::NewerSchema {
                path: shown(address),
                found: before.unwrap_or_default(),
                known: SCHEMA_VERSION,
            });
        }
        migrate(&mut client)?;
        if let Some(role) = app_role {
            grant(&mut client, role)?;
        }
        Ok((before, SCHEMA_VERSION))
    }

    fn transaction<R>(
        &mut self,
        level: IsolationLevel,
        read_only: bool,
        keep: bool,
        f: impl FnOnce(&mut Pg) -> Result<R>,
    ) -> Result<R> {
        let client = self.client.get_mut();
        // Nothing was sent yet when BEGIN finds the connection lost: connect again (to whichever
        // host takes writes now, after a failover) and go on.
        match begin(client, level, read_only) {
            Ok(t) => return run(t, read_only, keep, f),
            Err(e) if lost(&e) => {}
            Err(e) => return Err(e.into()),
        }
        *client = connect(&self.address)?;
        run(begin(client, level, read_only)?, read_only, keep, f)
    }
}

fn run<R>(
    mut t: postgres::Transaction,
    read_only: bool,
    keep: bool,
    f: impl FnOnce(&mut Pg) -> Result<R>,
) -> Result<R> {
    let out = f(&mut Pg(&mut t, !read_only))?;
    if keep {
        t.commit()?;
    }
    Ok(out)
}

fn begin(
    client: &mut Client,
    level: IsolationLevel,
    read_only: bool,
) -> std::result::Result<postgres::Transaction<'_>, postgres::Error> {
    client
        .build_transaction()
        .isolation_level(level)
        .read_only(read_only)
        .start()
}

/// The schema version, or None for a database without a Baton desk.
fn version(client: &mut Client) -> Result<Option<i64>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('baton_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        let empty: bool = client
            .query_one(
                "SELECT NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema())",
                &[],
            )?
            .get(0);
        if !empty {
            return Err(Error::NotBaton(
                "the database holds tables but no Baton desk".into(),
            ));
        }
        return Ok(None);
    }
    Ok(client
        .query_one("SELECT max(version) FROM baton_schema", &[])?
        .get(0))
}

/// What the workstations' role may do. Events: read and append, and replace only their text and
/// data (erasure; the trigger allows tombstones alone); never delete, never truncate. People:
/// never read a PIN hash or write a failure count (`baton_set_pin` and `baton_sign_in` do).
fn grant(client: &mut Client, role: &str) -> Result<()> {
    if !role.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || role.is_empty() {
        return Err(Error::Invalid(format!(
            "'{}' is not a role name Baton grants to (letters, digits, _)",
            crate::text::printable(role)
        )));
    }
    client.batch_execute(&format!(
        "GRANT SELECT ON baton_schema TO {role};
         GRANT SELECT (id, name, role, reports_to, active, has_pin, created_at) ON people
             TO {role};
         GRANT INSERT (name, role, reports_to, created_at), UPDATE (reports_to, active)
             ON people TO {role};
         GRANT SELECT, INSERT, UPDATE ON customers, categories, category_fields, tickets,
             alerts, escalations, requests, settings, chain_head TO {role};
         GRANT SELECT, INSERT, DELETE ON customer_phones, customer_emails, tally TO {role};
         GRANT SELECT, INSERT ON events TO {role};
         GRANT UPDATE (text, data) ON events TO {role};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};"
    ))?;
    Ok(())
}

/// Applies the migrations this schema lacks, in one transaction under the upgrade lock.
fn migrate(client: &mut Client) -> Result<()> {
    let mut t = client.transaction()?;
    t.execute("SELECT pg_advisory_xact_lock($1)", &[&UPGRADE_LOCK])?;
    t.batch_execute(
        "CREATE TABLE IF NOT EXISTS baton_schema (
             version    BIGINT PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let at: i64 = t
        .query_one("SELECT coalesce(max(version), 0) FROM baton_schema", &[])?
        .get(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(at as usize) {
        t.batch_execute(sql).map_err(|e| {
            Error::Migration(format!("migration {}: {}", i + 1, errors::one_line(&e)))
        })?;
        t.execute(
            "INSERT INTO baton_schema (version) VALUES ($1)",
            &[&(i as i64 + 1)],
        )?;
    }
    t.commit()?;
    Ok(())
}

impl crate::store::tx::Backend for PgStore {
    // Other workstations wait on the chain's head while a sweep's transaction holds it: small
    // batches, so a backlog of due tickets is worked through between their actions.
    const SWEEP_BATCH: u32 = 5;

    fn now(&self) -> DateTime<Utc> {
        if !Arc::ptr_eq(&self.clock, &self.server) {
            return self.clock.now();
        }
        // One clock for every workstation: the server's.
        let ask = |c: &mut Client| {
            c.query_one(
                "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint",
                &[],
            )
            .map(|r| r.get::<_, i64>(0))
        };
        let mut client = self.client.borrow_mut();
        let ms = match ask(&mut client) {
            Err(e) if lost(&e) => connect(&self.address).and_then(|c| {
                *client = c;
                Ok(ask(&mut client)?)
            }),
            asked => asked.map_err(Error::from),
        };
        // A server that cannot say the time cannot take the write that follows either.
        ms.map(crate::store::at).unwrap_or_else(|_| Utc::now())
    }

    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        std::mem::replace(&mut self.clock, clock)
    }

    fn damaged(&self) -> Option<&str> {
        None
    }

    fn check_integrity(&mut self) -> Result<Vec<String>> {
        // The server keeps its own pages whole; the trail is checked by `verify`. The tally is
        // a cache: recounted if wrong, which is said but not held against the desk. Only then
        // is anything written, so a read-only replica verifies too.
        let wrong = self.transaction(IsolationLevel::RepeatableRead, true, true, |t| {
            tally::wrong(t.0)
        })?;
        if wrong == 0 {
            return Ok(vec![]);
        }
        self.transaction(IsolationLevel::ReadCommitted, false, true, |t| {
            tally::rebuild(t.0)
        })?;
        Ok(vec![crate::store::tx::tally_recounted(wrong)])
    }

    fn tidy(&mut self) -> Result<()> {
        // GIN keeps itself (autovacuum merges its pending list); the tally's deltas are folded.
        self.transaction(IsolationLevel::ReadCommitted, false, true, |t| {
            tally::fold(t.0)
        })
    }

    fn backup_to(&mut self, _dest: &std::path::Path) -> Result<()> {
        Err(Error::Invalid(
            "a shared desk is backed up on its server (pg_dump, or the server's replicas)".into(),
        ))
    }

    fn read<R>(&mut self, f: impl FnOnce(&mut dyn crate::store::tx::Tx) -> Result<R>) -> Result<R> {
        self.transaction(IsolationLevel::RepeatableRead, true, true, |t| f(t))
    }

    fn write<R>(
        &mut self,
        f: impl FnOnce(&mut dyn crate::store::tx::Tx) -> Result<R>,
    ) -> Result<R> {
        self.transaction(IsolationLevel::ReadCommitted, false, true, |t| f(t))
    }

    fn rehearse<R>(
        &mut self,
        f: impl FnOnce(&mut dyn crate::store::tx::Tx) -> Result<R>,
    ) -> Result<R> {
        self.transaction(IsolationLevel::ReadCommitted, false, false, |t| f(t))
    }
}
