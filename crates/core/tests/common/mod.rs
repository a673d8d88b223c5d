#![allow(dead_code)] // each test file uses part of this

use baton_core::categories::{FieldDef, NewCategory};
use baton_core::customers::NewCustomer;
use baton_core::people::{NewPerson, Role};
use baton_core::store::{Create, PgStore, SqliteStore, Store};
use baton_core::tickets::{Intake, Ticket};
use baton_core::{Desk, FakeClock};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// A new, empty store: SQLite in memory, or, when `BATON_TEST_PG` names a PostgreSQL server
/// (`postgres://user@host:port`), a fresh database on it, so one suite runs on both backends.
pub fn fresh_store(clock: Arc<FakeClock>) -> Box<dyn Store> {
    match fresh_database() {
        Some(address) => Box::new(PgStore::open(&address, Create::IfMissing, Some(clock)).unwrap()),
        None => Box::new(SqliteStore::open_in_memory(clock).unwrap()),
    }
}

/// A new, empty database on the server `BATON_TEST_PG` names, if it names one: its address.
pub fn fresh_database() -> Option<String> {
    let server = std::env::var("BATON_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())?;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "baton_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls)
        .expect("BATON_TEST_PG names a server that answers");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    Some(format!("{server}/{name}"))
}

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

pub fn hm(h: i64, m: i64) -> Duration {
    Duration::hours(h) + Duration::minutes(m)
}

/// exec Grace ← manager Maya ← lead Lena ← reps Ana, Ben; and a second manager Tom ← rep Dev.
pub struct Org {
    pub desk: Desk,
    pub clock: Arc<FakeClock>,
    pub grace: i64,
    pub maya: i64,
    pub lena: i64,
    pub ana: i64,
    pub ben: i64,
    pub tom: i64,
    pub dev: i64,
    pub olivia: i64,
    pub billing: i64,
}

impl Org {
    pub fn in_memory() -> Org {
        let clock = Arc::new(FakeClock::new(start()));
        Org::build(Desk::on(fresh_store(clock.clone())), clock)
    }

    /// In memory, with idle tickles pushed out of the way (48 h), for tests about the marks.
    pub fn quiet() -> Org {
        let mut o = Org::in_memory();
        o.desk
            .set_policy(
                None,
                baton_core::policy::Policy {
                    idle_tickle_minutes: 48 * 60,
                    ..Default::default()
                },
            )
            .unwrap();
        o
    }

    pub fn on_file(path: &Path) -> Org {
        let clock = Arc::new(FakeClock::new(start()));
        Org::build(Desk::create(path, clock.clone()).unwrap(), clock)
    }

    pub fn build(mut desk: Desk, clock: Arc<FakeClock>) -> Org {
        let mut add = |name: &str, role, boss: Option<i64>| {
            desk.add_person(
                None,
                NewPerson {
                    name: name.into(),
                    role,
                    reports_to: boss,
                    pin: None,
                },
            )
            .unwrap()
            .id
        };
        let grace = add("Grace Hopper", Role::Executive, None);
        let maya = add("Maya Patel", Role::Manager, Some(grace));
        let lena = add("Lena Fischer", Role::Lead, Some(maya));
        let ana = add("Ana Souza", Role::Rep, Some(lena));
        let ben = add("Ben Carter", Role::Rep, Some(lena));
        let tom = add("Tom Okafor", Role::Manager, Some(grace));
        let dev = add("Dev Kumar", Role::Rep, Some(tom));
        let olivia = desk
            .add_customer(NewCustomer {
                name: "Olivia Bennett".into(),
                phones: vec!["+1 (555) 010-2000".into()],
                emails: vec!["olivia@example.com".into()],
                notes: String::new(),
            })
            .unwrap()
            .id;
        let field = |key: &str, required| FieldDef {
            key: key.into(),
            label: String::new(),
            required,
        };
        let billing = desk
            .add_category(
                None,
                NewCategory {
                    name: "Billing".into(),
                    fields: vec![
                        field("account", true),
                        field("invoice", true),
                        field("amount", false),
                    ],
                    default_owner_id: None,
                    realtime: false,
                    small_steps: vec!["Explain the charge".into()],
                },
            )
            .unwrap()
            .id;
        Org {
            desk,
            clock,
            grace,
            maya,
            lena,
            ana,
            ben,
            tom,
            dev,
            olivia,
            billing,
        }
    }

    pub fn intake_by(&mut self, rep: i64, summary: &str) -> Ticket {
        let fields = BTreeMap::from([
            ("account".to_string(), "AC-1".to_string()),
            ("invoice".to_string(), "INV-7".to_string()),
        ]);
        self.desk
            .intake(
                rep,
                Intake {
                    customer_id: self.olivia,
                    category_id: self.billing,
                    summary: summary.into(),
                    fields,
                    ..Intake::default()
                },
            )
            .unwrap()
    }

    /// A new customer known only by name: their id.
    pub fn customer(&mut self, name: &str) -> i64 {
        let n = NewCustomer {
            name: name.into(),
            ..Default::default()
        };
        self.desk.add_customer(n).unwrap().id
    }

    /// Sets the clock to `start() + offset`.
    pub fn at(&self, offset: Duration) {
        self.clock.set(start() + offset);
    }
}

impl Org {
    /// An empty desk (first run) with the fake clock; the id fields are meaningless.
    pub fn empty() -> Org {
        let clock = Arc::new(FakeClock::new(start()));
        Org::unset(Desk::on(fresh_store(clock.clone())), clock)
    }

    /// Opens an existing file again, without setting anything up.
    pub fn reopen(path: &Path) -> Org {
        let clock = Arc::new(FakeClock::new(start()));
        Org::unset(Desk::open(path, clock.clone()).unwrap(), clock)
    }

    fn unset(desk: Desk, clock: Arc<FakeClock>) -> Org {
        let (grace, maya, lena, ana, ben, tom, dev, olivia, billing) = (0, 0, 0, 0, 0, 0, 0, 0, 0);
        Org {
            desk,
            clock,
            grace,
            maya,
            lena,
            ana,
            ben,
            tom,
            dev,
            olivia,
            billing,
        }
    }
}
