//! The shared store: one desk on a PostgreSQL server for many workstations. All of Baton's SQL
//! for PostgreSQL lives under this module, and no `postgres` type leaves it.
//!
//! Many writers: a write transaction locks the ticket it changes (`FOR UPDATE`), a sweep claims
//! due tickets with `FOR UPDATE SKIP LOCKED`, and every appending transaction locks the chain's
//! head row last, so events and alerts are numbered in commit order. Instants come from the
//! server's clock unless one is injected (`BATON_NOW`, tests).

mod errors;
mod load;
mod tx;

use chrono::{DateTime, Utc};
use postgres::{Client, IsolationLevel, NoTls};
use std::cell::RefCell;
use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::store::Create;
use tx::Pg;

/// The numbered migrations, in order. A shared schema is upgraded only by `baton upgrade`.
const MIGRATIONS: [&str; 1] = [include_str!("../../../migrations/postgres/001_desk.sql")];

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
            clock: clock.unwrap_or_else(|| server.clone()),
            server,
        })
    }

    /// Creates or upgrades the schema to this build's, under an advisory lock so two
    /// administrators never upgrade at once. Returns the version before and after.
    pub fn upgrade(address: &str) -> Result<(Option<i64>, i64)> {
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
        let mut t = client
            .build_transaction()
            .isolation_level(level)
            .read_only(read_only)
            .start()?;
        let out = f(&mut Pg(&mut t, !read_only))?;
        if keep {
            t.commit()?;
        }
        Ok(out)
    }
}

/// The address without its password, for messages and output.
pub fn shown(address: &str) -> String {
    match address.parse::<postgres::Config>() {
        Ok(c) => {
            let ports = c.get_ports();
            let hosts: Vec<String> = c
                .get_hosts()
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let host = match h {
                        postgres::config::Host::Tcp(name) => name.clone(),
                        postgres::config::Host::Unix(path) => path.display().to_string(),
                    };
                    match ports.get(i).or(ports.first()) {
                        Some(port) => format!("{host}:{port}"),
                        None => host,
                    }
                })
                .collect();
            format!(
                "postgres://{}@{}/{}",
                c.get_user().unwrap_or(""),
                hosts.join(","),
                c.get_dbname().unwrap_or("")
            )
        }
        Err(_) => "the PostgreSQL address".into(),
    }
}

fn connect(address: &str) -> Result<Client> {
    let config: postgres::Config = address.parse().map_err(|e| {
        Error::Invalid(format!(
            "{} is not a PostgreSQL address: {e}",
            shown(address)
        ))
    })?;
    config.connect(NoTls).map_err(|e| {
        Error::Storage(format!(
            "cannot reach the desk at {}: {}",
            shown(address),
            errors::one_line(&e)
        ))
    })
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
    // Other workstations wait on the chain's head while a sweep's transaction holds it.
    const SWEEP_BATCH: u32 = 20;

    fn now(&self) -> DateTime<Utc> {
        if !Arc::ptr_eq(&self.clock, &self.server) {
            return self.clock.now();
        }
        // One clock for every workstation: the server's.
        let ms: Result<i64> = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint",
                &[],
            )
            .map(|r| r.get(0))
            .map_err(Error::from);
        ms.map(crate::store::at).unwrap_or_else(|_| Utc::now())
    }

    fn set_clock(&mut self, clock: Arc<dyn Clock>) -> Arc<dyn Clock> {
        std::mem::replace(&mut self.clock, clock)
    }

    fn damaged(&self) -> Option<&str> {
        None
    }

    fn check_integrity(&mut self) -> Result<Vec<String>> {
        // The server keeps its own pages whole; the trail is checked by `verify`.
        Ok(vec![])
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
