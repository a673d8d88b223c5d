//! A large, believable desk for benchmarks: a 200-person hierarchy, a customer base and months of
//! tickets whose whole lives (intake, notes, reminders, passes, takes, warnings, escalations,
//! assignments, idle tickles, resolutions, feedback and the alerts the sweep raises) are decided
//! by the core's own state machine (`machine::intake`, `machine::act`, `machine::on_due`), and
//! written in bulk rather than one transaction per change.
//!
//! The organisation and categories are set up through `Desk`, as an administrator would. Tickets
//! arrive in number order over `HISTORY_DAYS` ending at [`end`]. Each ticket's life is played
//! when it arrives, with the deadline marks applied exactly as a sweep running without pause
//! would apply them, so at `end` nothing is overdue. Events from all tickets are merged in time
//! order and chained after the set-up's events with `EventRecord::hash`, so `Desk::verify`
//! passes. One thread simulates and chains while the caller's thread writes through the SQLite
//! store's bulk loader, which rebuilds the indexes once at the end.

use baton_core::categories::{label_for, Category, FieldDef, NewCategory};
use baton_core::customers::{normalize_email, normalize_phone};
use baton_core::deadlines::{self, Due};
use baton_core::error::{Error, Result};
use baton_core::events::{EventKind, EventRecord, GENESIS};
use baton_core::machine::{self, Change, Context, State};
use baton_core::people::{NewPerson, Org, Role};
use baton_core::policy::Policy;
use baton_core::store::sqlite::bulk;
use baton_core::store::{at, sibling, Create, SqliteStore};
use baton_core::tickets::{Action, Intake, Status, Ticket};
use baton_core::{Desk, FakeClock};
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::iter::Peekable;
use std::path::Path;
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

/// A bare SQLite table beside the desk, for the intake baseline.
pub use baton_core::store::sqlite::bulk::BareTable;

/// How far back the generated history reaches from [`end`].
pub const HISTORY_DAYS: i64 = 182;
/// Tickets per loading transaction.
const CHUNK_TICKETS: usize = 10_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The moment the generated history ends: the clock a benchmark's desk should stand at.
pub fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap()
}

/// What was generated; also stored in the database so a later run can tell what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub seed: u64,
    pub people: u64,
    pub customers: u64,
    pub tickets: u64,
    /// Still open at [`end`].
    pub open: u64,
    /// Every event in the chain, the set-up's included.
    pub events: u64,
    pub events_by_kind: BTreeMap<String, u64>,
    pub alerts: u64,
    pub delighted: u64,
    pub complaints: u64,
    /// Resolved tickets solved by the time promised to the customer.
    pub promises_kept: u64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seconds: f64,
}

impl Stats {
    pub fn events_of(&self, kind: EventKind) -> u64 {
        self.events_by_kind.get(kind.as_str()).copied().unwrap_or(0)
    }
}

/// Generates a data set of `tickets` tickets into a new desk at `path`. The desk is built beside
/// it and moved into place only when complete, so an interrupted run leaves nothing half-made.
pub fn generate(path: &Path, tickets: u64, seed: u64) -> Result<Stats> {
    let started = Instant::now();
    if path.exists() {
        return Err(Error::Conflict(format!(
            "{} already exists; benchmark data goes only into a new desk",
            path.display()
        )));
    }
    let partial = sibling(path, ".partial");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        // Left by an interrupted run, if anything.
        let _ = std::fs::remove_file(sibling(&partial, suffix));
    }
    let end_ms = end().timestamp_millis();
    let staff = Staff::set_up(&partial, end_ms - HISTORY_DAYS * DAY)?;
    let mut store = SqliteStore::open(&partial, Create::No, Arc::new(FakeClock::new(end())))?;
    let indexes = bulk::begin_loading(&store)?;
    // Two busy threads, one per core: this one writes; the other simulates and chains the
    // hashes (together about as much work as the writing). A third only frees written chunks.
    let (chained, to_write) = sync_channel::<bulk::Chunk>(2);
    let (written, mut stats) = std::thread::scope(|s| {
        let staff = &staff;
        let producer = s.spawn(move || {
            let mut chain = Chain {
                prev: staff.head.1.clone(),
            };
            produce(staff, tickets, seed, |mut chunk| {
                chain.link(&mut chunk);
                chained.send(chunk).is_ok()
            })
        });
        let (written_chunks, to_free) = sync_channel::<bulk::Chunk>(2);
        s.spawn(move || to_free.into_iter().for_each(drop));
        let mut written = Ok(());
        for chunk in to_write {
            written = bulk::insert(&mut store, &chunk);
            if written.is_err() || written_chunks.send(chunk).is_err() {
                break; // dropping the receiver stops the producer
            }
        }
        drop(written_chunks);
        let stats = producer.join().expect("the generator thread panicked");
        (written, stats)
    });
    written?;
    bulk::finish_loading(&store, &indexes)?;
    stats.seconds = started.elapsed().as_secs_f64();
    let marker = serde_json::to_string(&stats).expect("stats serialise");
    bulk::set_marker(&mut store, &marker)?;
    drop(store);
    std::fs::rename(&partial, path).map_err(|e| {
        Error::Invalid(format!(
            "cannot move the new desk to {}: {e}",
            path.display()
        ))
    })?;
    Ok(stats)
}

/// Links each event to the one before it, in id order, with the core's own hash.
struct Chain {
    prev: String,
}

impl Chain {
    fn link(&mut self, chunk: &mut bulk::Chunk) {
        for e in &mut chunk.events {
            let hash = e.record.hash(e.id, &self.prev);
            e.prev_hash = std::mem::replace(&mut self.prev, hash.clone());
            e.hash = hash;
        }
    }
}

/// What a desk generated by [`generate`] holds, or None for any other desk.
pub fn stats(path: &Path) -> Result<Option<Stats>> {
    let store = SqliteStore::open(path, Create::No, Arc::new(FakeClock::new(end())))?;
    Ok(bulk::marker(&store)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// A small seeded generator (SplitMix64): the same seed gives the same data set.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Uniform in [lo, hi).
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.unit() * (hi - lo) as f64) as i64
    }

    /// Log-uniform in [lo, hi): as many short waits as long ones per doubling.
    pub fn log_between(&mut self, lo: i64, hi: i64) -> i64 {
        let (l, h) = ((lo as f64).ln(), (hi as f64).ln());
        ((l + self.unit() * (h - l)).exp() as i64).clamp(lo, hi - 1)
    }
}

// ---- the organisation ---------------------------------------------------------------------

const FIRST: [&str; 48] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kara",
    "Luis", "Mina", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zoe", "Amir", "Bianca", "Carlos", "Dana", "Emil", "Fatima",
    "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Leila", "Marco", "Nadia", "Omar", "Priya",
    "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Yara",
];

const LAST: [&str; 48] = [
    "Abara",
    "Berg",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Uribe",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zimmer",
    "Almeida",
    "Brandt",
    "Chen",
    "Duarte",
    "Evans",
    "Ferreira",
    "Gomez",
    "Horvat",
    "Ibrahim",
    "Jovanovic",
    "Kim",
    "Larsen",
    "Mendes",
    "Novak",
    "Ortiz",
    "Petrov",
    "Reyes",
    "Silva",
    "Torres",
    "Vogel",
    "Weber",
    "Young",
];

const MANAGERS: usize = 4;
const LEADS_PER_MANAGER: usize = 5;
const REPS: usize = 175;

/// The `i`-th distinct full name (37 is coprime with 48², so the first 2,304 never repeat).
fn full_name(i: usize) -> String {
    let k = (i * 37) % (FIRST.len() * LAST.len());
    format!("{} {}", FIRST[k / LAST.len()], LAST[k % LAST.len()])
}

/// A category as set up, with what its tickets are about.
struct Cat {
    category: Category,
    spec: &'static CatSpec,
}

/// The organisation and categories as set up, indexed for the simulation.
struct Staff {
    /// The people as the rules read them.
    org: Arc<Org>,
    policy: Policy,
    exec: i64,
    reps: Vec<i64>,
    /// Everyone below the executive: whom escalations may be assigned to.
    staff: Vec<i64>,
    cats: Vec<Cat>,
    start: i64,
    /// The chain's head after the set-up: (its id, its hash). Ticket events follow it.
    head: (i64, String),
}

impl Staff {
    fn boss(&self, id: i64) -> Option<i64> {
        self.org.get(id).ok().and_then(|p| p.reports_to)
    }

    /// Sets up the hierarchy (one executive, managers, leads, reps) and the categories through
    /// `Desk`, as the desk's administrator, long before the history starts.
    fn set_up(path: &Path, start: i64) -> Result<Staff> {
        let joined = at(start - 400 * DAY);
        let mut desk = Desk::create(path, Arc::new(FakeClock::new(joined)))?;
        let mut n = 0;
        let mut add = |role: Role, boss: Option<i64>| -> Result<i64> {
            n += 1;
            let p = NewPerson {
                name: full_name(n - 1),
                role,
                reports_to: boss,
                pin: None,
            };
            Ok(desk.add_person(None, p)?.id)
        };
        let exec = add(Role::Executive, None)?;
        let managers = (0..MANAGERS)
            .map(|_| add(Role::Manager, Some(exec)))
            .collect::<Result<Vec<_>>>()?;
        let leads = (0..MANAGERS * LEADS_PER_MANAGER)
            .map(|i| add(Role::Lead, Some(managers[i / LEADS_PER_MANAGER])))
            .collect::<Result<Vec<_>>>()?;
        let reps = (0..REPS)
            .map(|i| add(Role::Rep, Some(leads[i % leads.len()])))
            .collect::<Result<Vec<_>>>()?;
        let mut cats = Vec::new();
        for spec in &CATEGORIES {
            let fields = spec
                .fields
                .iter()
                .map(|(key, required)| FieldDef {
                    key: key.to_string(),
                    label: label_for(key),
                    required: *required,
                })
                .collect();
            let category = desk.add_category(
                None,
                NewCategory {
                    name: spec.name.into(),
                    fields,
                    default_owner_id: spec.owner.map(|o| match o {
                        Owner::Lead(i) => leads[i],
                        Owner::Manager(i) => managers[i],
                    }),
                    realtime: spec.realtime,
                    small_steps: spec.steps.iter().map(|s| s.to_string()).collect(),
                },
            )?;
            cats.push(Cat { category, spec });
        }
        let org = desk.org()?;
        let head = desk
            .chain_head()?
            .map_or((0, GENESIS.to_string()), |h| (h.event_id, h.hash));
        Ok(Staff {
            staff: org
                .all()
                .iter()
                .map(|p| p.id)
                .filter(|&id| id != exec)
                .collect(),
            org: Arc::new(org),
            policy: desk.policy()?,
            exec,
            reps,
            cats,
            start,
            head,
        })
    }
}

// ---- what tickets are about ----------------------------------------------------------------

#[derive(Clone, Copy)]
enum Owner {
    Lead(usize),
    Manager(usize),
}

struct CatSpec {
    name: &'static str,
    /// Out of 100.
    weight: u32,
    fields: &'static [(&'static str, bool)],
    owner: Option<Owner>,
    realtime: bool,
    steps: &'static [&'static str],
    problems: &'static [&'static str],
    objects: &'static [&'static str],
    resolutions: &'static [&'static str],
}

const CATEGORIES: [CatSpec; 8] = [
    CatSpec {
        name: "Billing",
        weight: 22,
        fields: &[
            ("account_number", true),
            ("invoice_number", true),
            ("amount", false),
        ],
        owner: None,
        realtime: false,
        steps: &[
            "Explain the charge line by line",
            "Offer a courtesy credit of up to $20",
        ],
        problems: &[
            "Charged twice for",
            "Disputes the late fee on",
            "Refund still missing for",
            "Wrong tax rate on",
            "Cannot download",
            "Asks for an itemised copy of",
            "Discount not applied to",
            "Unexpected roaming charges on",
        ],
        objects: &[
            "the monthly invoice",
            "the annual plan renewal",
            "the business account",
            "the family bundle",
            "last quarter's statement",
            "the paperless bill",
            "the autopay debit",
        ],
        resolutions: &[
            "Refunded the duplicate charge; confirmed by email",
            "Late fee waived as a one-off; autopay re-linked",
            "Invoice re-issued with the correct tax rate",
            "Credit applied to the next invoice",
            "Itemised statement sent to the accountant",
        ],
    },
    CatSpec {
        name: "Delivery",
        weight: 20,
        fields: &[
            ("order_number", true),
            ("delivery_address", true),
            ("carrier", false),
        ],
        owner: None,
        realtime: false,
        steps: &[
            "Share the tracking link",
            "Offer free express shipping on the replacement",
        ],
        problems: &[
            "Parcel marked delivered but missing:",
            "Wrong item delivered instead of",
            "Delivery late for",
            "Courier damaged",
            "Only half of the order arrived:",
            "Delivered to the wrong address:",
        ],
        objects: &[
            "the espresso machine",
            "a steel kettle",
            "the standing desk",
            "40 boxes of flour",
            "the replacement router",
            "a winter jacket",
            "the garden furniture set",
            "two office chairs",
        ],
        resolutions: &[
            "Claim filed with the carrier; replacement sent by express",
            "Redelivered next morning; customer confirmed receipt",
            "Refund issued for the damaged goods",
            "Correct item shipped with a prepaid return label",
        ],
    },
    CatSpec {
        name: "Internet outage",
        weight: 12,
        fields: &[
            ("service_address", true),
            ("outage_since", true),
            ("modem_lights", false),
        ],
        owner: Some(Owner::Lead(10)),
        realtime: true,
        steps: &[
            "Walk through restarting the modem",
            "Offer a mobile hotspot credit",
        ],
        problems: &[
            "No internet at",
            "Connection drops every evening at",
            "Very slow broadband at",
            "Fibre line dead after storm at",
            "Wifi keeps disconnecting at",
        ],
        objects: &[
            "the home office",
            "the bakery",
            "a dental practice",
            "the whole street",
            "the holiday flat",
            "a corner shop",
        ],
        resolutions: &[
            "Street cabinet replaced; service restored",
            "Line reset remotely; speeds back to plan",
            "Engineer swapped the faulty modem",
            "Port re-provisioned at the exchange",
        ],
    },
    CatSpec {
        name: "Account access",
        weight: 12,
        fields: &[("account_number", true), ("email_on_file", false)],
        owner: None,
        realtime: true,
        steps: &["Send a password reset link"],
        problems: &[
            "Locked out of",
            "Password reset email never arrives for",
            "Two-factor codes go to an old phone for",
            "Cannot change the email on",
            "Suspicious login alert on",
        ],
        objects: &[
            "the online account",
            "the mobile app",
            "the customer portal",
            "the shared family login",
            "the business dashboard",
        ],
        resolutions: &[
            "Reset link resent to the corrected address; customer signed in",
            "Two-factor moved to the new number after identity check",
            "Account unlocked and sessions revoked",
            "Email on file updated after verification",
        ],
    },
    CatSpec {
        name: "Returns and refunds",
        weight: 12,
        fields: &[("order_number", true), ("return_reason", true)],
        owner: None,
        realtime: false,
        steps: &["Email a prepaid return label"],
        problems: &[
            "Wants to return",
            "Refund not received for returned",
            "Return label rejected for",
            "Asks to exchange",
        ],
        objects: &[
            "the running shoes",
            "a faulty blender",
            "the unopened printer",
            "the wrong-size sofa cover",
            "a cracked phone case",
            "the smart thermostat",
        ],
        resolutions: &[
            "Refund released to the original card",
            "Exchange shipped; return label emailed",
            "Store credit issued at the customer's request",
            "Return accepted outside the window as a goodwill gesture",
        ],
    },
    CatSpec {
        name: "Hardware fault",
        weight: 10,
        fields: &[
            ("device_model", true),
            ("serial_number", true),
            ("purchase_date", false),
        ],
        owner: None,
        realtime: false,
        steps: &[
            "Walk through a factory reset",
            "Offer a loan device while it is repaired",
        ],
        problems: &[
            "Screen flickers on",
            "Will not power on:",
            "Battery drains overnight on",
            "Overheats while charging:",
            "Speaker crackles on",
        ],
        objects: &[
            "the tablet",
            "a laptop under warranty",
            "the smart speaker",
            "the set-top box",
            "the fitness watch",
            "a two-month-old router",
        ],
        resolutions: &[
            "Replaced under warranty",
            "Firmware update fixed the fault",
            "Repaired at the service centre and returned",
            "Battery replaced free of charge",
        ],
    },
    CatSpec {
        name: "Mobile service",
        weight: 8,
        fields: &[("phone_number", true), ("sim_number", false)],
        owner: None,
        realtime: true,
        steps: &["Send a new SIM by courier"],
        problems: &[
            "No signal since the upgrade on",
            "Number port stuck for",
            "Cannot make calls abroad with",
            "Data stopped working on",
        ],
        objects: &[
            "the work phone",
            "a prepaid SIM",
            "the family plan",
            "the new eSIM",
        ],
        resolutions: &[
            "New SIM activated; service restored",
            "Port completed with the other network",
            "Roaming enabled on the plan",
            "APN settings corrected",
        ],
    },
    CatSpec {
        name: "Complaint",
        weight: 4,
        fields: &[("about", true)],
        owner: Some(Owner::Manager(0)),
        realtime: false,
        steps: &["Apologise and say who will call back and when"],
        problems: &[
            "Unhappy with how a call was handled about",
            "Was promised a callback about",
            "Rude reply in the chat about",
            "Kept on hold for an hour about",
        ],
        objects: &[
            "a billing question",
            "the broken delivery",
            "an outage",
            "the cancellation",
            "a refund",
        ],
        resolutions: &[
            "Called back, apologised and credited the month",
            "Coached the team; customer accepted the apology",
            "Escalated policy change agreed with the customer",
        ],
    },
];

const QUALIFIERS: [&str; 8] = [
    "",
    "",
    "",
    " after autopay failure",
    " (second call this week)",
    " before the weekend",
    " while travelling",
    " for an elderly parent",
];

const NOTES: [&str; 12] = [
    "Called the customer back; left a voicemail",
    "Customer sent photos by email",
    "Waiting on the warehouse to confirm stock",
    "Checked the logs: the fault started on Monday",
    "Spoke to the carrier; they are investigating",
    "Customer prefers a call after 5pm",
    "Asked finance to confirm the refund date",
    "Reproduced the problem on a test account",
    "Customer confirmed the address again",
    "Engineer visit booked for tomorrow morning",
    "Sent the troubleshooting guide",
    "Customer is happy to wait until Thursday",
];

const PASS_REASONS: [&str; 6] = [
    "Above my approval limit",
    "Needs a carrier claim, which leads file",
    "Needs a policy exception",
    "Technical fault beyond frontline tools",
    "Customer asked for a supervisor",
    "Refund over the frontline limit",
];

const ASSIGN_REASONS: [&str; 5] = [
    "Handled the last case like this",
    "Specialist for this product",
    "Has the customer's history",
    "Speaks the customer's language",
    "Team lead for this region",
];

const DELIGHT: [&str; 8] = [
    "Sorted the same morning, thank you",
    "An executive called personally",
    "Replacement arrived before I expected",
    "Finally someone who listened",
    "Kept me informed at every step",
    "Better than I hoped for",
    "The credit was a lovely surprise",
    "Quick, friendly and clear",
];

const COMPLAINTS: [&str; 6] = [
    "Took three people and two days",
    "Nobody called back when promised",
    "Had to repeat the story every time",
    "The fix only lasted a day",
    "Too slow for a simple refund",
    "Felt passed around",
];

const CHANNELS: [&str; 8] = [
    "phone", "phone", "phone", "phone", "phone", "email", "email", "chat",
];

const STREETS: [&str; 10] = [
    "Elm Street",
    "Harbour Road",
    "Mill Lane",
    "Cedar Avenue",
    "Orchard Close",
    "Station Road",
    "Rue Lafayette",
    "Kastanienallee",
    "Via Roma",
    "Calle Mayor",
];
const CITIES: [&str; 8] = [
    "Springfield",
    "Riverton",
    "Lakeside",
    "Hamburg",
    "Lyon",
    "Porto",
    "Uppsala",
    "Bologna",
];
const CARRIERS: [&str; 5] = ["UPS", "DHL", "FedEx", "GLS", "Royal Mail"];
const LIGHTS: [&str; 4] = [
    "all green",
    "DSL light blinking red",
    "power only",
    "internet light orange",
];
const DEVICES: [&str; 6] = [
    "Tab S9",
    "Book Pro 14",
    "Echo Max",
    "Box 4K",
    "Fit 3",
    "Router AX3000",
];
const RETURN_REASONS: [&str; 5] = [
    "wrong size",
    "arrived damaged",
    "not as described",
    "changed mind",
    "stopped working",
];

/// Customers' names repeat now and then, as they do; the middle initial keeps it rare.
fn customer_name(id: i64) -> String {
    let k = (id as usize).wrapping_mul(7919) % (FIRST.len() * LAST.len() * 26);
    let (name, initial) = (k / 26, (b'A' + (k % 26) as u8) as char);
    format!(
        "{} {initial}. {}",
        FIRST[name / LAST.len()],
        LAST[name % LAST.len()]
    )
}

fn account_number(customer: i64) -> String {
    format!("AC-{:06}", customer * 7 % 1_000_000)
}

fn field_value(key: &str, customer: i64, ticket: i64, rng: &mut Rng) -> String {
    let address = |rng: &mut Rng| {
        format!(
            "{} {}, {}",
            rng.between(1, 200),
            rng.pick(&STREETS),
            rng.pick(&CITIES)
        )
    };
    match key {
        "account_number" => account_number(customer),
        "invoice_number" => format!("INV-{:02}-{:04}", rng.between(1, 13), rng.below(10_000)),
        "amount" => format!("${}.{:02}", rng.between(5, 900), rng.below(100)),
        "order_number" => format!("ORD-{:07}", ticket * 13 % 10_000_000),
        "delivery_address" | "service_address" => address(rng),
        "carrier" => rng.pick(&CARRIERS).to_string(),
        "outage_since" => format!("since {}:00 yesterday", rng.between(6, 23)),
        "modem_lights" => rng.pick(&LIGHTS).to_string(),
        "email_on_file" => customer_email(customer),
        "return_reason" => rng.pick(&RETURN_REASONS).to_string(),
        "device_model" => rng.pick(&DEVICES).to_string(),
        "serial_number" => format!("SN{:08X}", rng.next_u64() as u32),
        "purchase_date" => format!("2025-{:02}-{:02}", rng.between(1, 13), rng.between(1, 29)),
        "phone_number" => customer_phone(customer),
        "sim_number" => format!("8944{:012}", rng.next_u64() % 1_000_000_000_000),
        _ => format!("see call notes ({})", rng.pick(&NOTES).to_lowercase()),
    }
}

fn customer_phone(id: i64) -> String {
    format!("(555) {:03}-{:04}", id / 10_000 % 1_000, id % 10_000)
}

fn customer_email(id: i64) -> String {
    let name = customer_name(id)
        .to_lowercase()
        .replace(". ", ".")
        .replace(' ', ".");
    format!("{name}.{id}@example.com")
}

// ---- one ticket's life -----------------------------------------------------------------------

/// An alert the sweep raised, before it has an id.
struct Raised {
    person_id: i64,
    due: Due,
    title: String,
    body: String,
    read_at: Option<i64>,
}

/// (at, ticket, sequence within the ticket): the order of events across the desk.
type Key = (i64, i64, u32);

/// An event waiting for its place in the global chain, with the alerts the sweep raised with it
/// and the cycle it belongs to.
struct Pending {
    key: Key,
    record: EventRecord,
    cycle: i64,
    alerts: Vec<Raised>,
}

/// What a person does next in a ticket's planned life.
#[derive(Clone, Copy)]
enum Step {
    Note,
    Remind { after: i64 },
    Pass,
    Take,
    Resolve,
}

/// One ticket, played from intake to [`end`] by the core's state machine.
struct Life<'a> {
    staff: &'a Staff,
    spec: &'static CatSpec,
    end: i64,
    /// What the rules read: the ticket, its state, the people, the policy, `now`.
    ctx: Context,
    /// The row as it will be written (its state is `ctx.state`).
    t: bulk::Ticket,
    events: Vec<Pending>,
}

impl Life<'_> {
    fn open(&self) -> bool {
        self.ctx.state.status == Status::Open
    }

    fn state(&self) -> &State {
        &self.ctx.state
    }

    fn push(&mut self, record: EventRecord, alerts: Vec<Raised>) {
        let key = (record.at_ms, self.t.id, self.events.len() as u32);
        self.ctx.last_event_at = Some(record.at_ms);
        self.events.push(Pending {
            key,
            record,
            cycle: self.ctx.state.cycle,
            alerts,
        });
    }

    /// Takes a change the rules decided: the new state, the row's bookkeeping, the event and
    /// its alerts (older ones read by now; the last day's still waiting).
    fn take(&mut self, change: Change, rng: &mut Rng) {
        self.ctx.state = change.state;
        if change.versioned {
            self.t.version += 1;
            self.t.updated_at = change.event.at_ms;
            self.t.updated_by = change.by;
        }
        if let Some(text) = &change.indexed {
            self.t.notes.push(' ');
            self.t.notes.push_str(text);
        }
        let at = change.event.at_ms;
        let alerts = change
            .alerts
            .into_iter()
            .map(|a| {
                let read = at + rng.log_between(MINUTE, DAY);
                Raised {
                    person_id: a.person_id,
                    due: a.due,
                    title: a.title,
                    body: a.body,
                    read_at: (read < self.end).then_some(read),
                }
            })
            .collect();
        self.push(change.event, alerts);
    }

    /// `action` by `actor` at `now`, as `Desk::act` would do it.
    fn act(&mut self, now: i64, actor: i64, action: Action, rng: &mut Rng) {
        self.ctx.now = at(now);
        let change = machine::act(&self.ctx, actor, None, &action)
            .unwrap_or_else(|e| panic!("the generator asked for something refused: {e}"));
        self.take(change, rng);
    }

    /// Applies every deadline mark up to `until` (never past the end), as a sweep that never
    /// sleeps would, but stops just after an escalation: the escalated path starts from there.
    /// False when `until` lies beyond the end.
    fn sweep_until(&mut self, until: i64, rng: &mut Rng) -> bool {
        let limit = until.min(self.end);
        while self.open() {
            match deadlines::next(&self.state().marks(), &self.ctx.policy) {
                Some(mark) if mark <= limit => {
                    self.ctx.now = at(mark);
                    let due = machine::on_due(&self.ctx);
                    assert!(!due.is_empty(), "a mark came due with nothing to do");
                    let escalated = due.iter().any(|(_, a)| a.due == Due::Escalate);
                    for (change, _) in due {
                        self.take(change, rng);
                    }
                    if escalated {
                        return true;
                    }
                }
                _ => break,
            }
        }
        until <= self.end
    }

    /// Applies whatever is still due by the end of the history.
    fn settle(&mut self, rng: &mut Rng) {
        while self.open()
            && deadlines::next(&self.state().marks(), &self.ctx.policy)
                .is_some_and(|at| at <= self.end)
        {
            self.sweep_until(self.end, rng);
        }
    }

    fn step(&mut self, now: i64, step: Step, rng: &mut Rng) {
        let owner = self.state().owner_id;
        let (actor, action) = match (step, self.staff.boss(owner)) {
            (Step::Pass, Some(_)) => (
                owner,
                Action::Pass {
                    reason: rng.pick(&PASS_REASONS).to_string(),
                },
            ),
            (Step::Take, Some(boss)) => (boss, Action::Take),
            // Nobody above the owner: they keep working on it.
            (Step::Note | Step::Pass | Step::Take, _) => (
                owner,
                Action::Note {
                    text: rng.pick(&NOTES).to_string(),
                },
            ),
            (Step::Remind { after }, _) => (
                owner,
                Action::Tickle {
                    at: at(now + after),
                },
            ),
            (Step::Resolve, _) => (
                owner,
                Action::Resolve {
                    resolution: rng.pick(self.spec.resolutions).to_string(),
                    prevention: None,
                },
            ),
        };
        self.act(now, actor, action, rng);
    }

    /// Plays out steps in time order, sweeping before each; stops at the end of the history or
    /// when an escalation takes the ticket away from whoever planned them.
    fn play(&mut self, plan: &mut [(i64, Step)], rng: &mut Rng) -> bool {
        plan.sort_by_key(|(at, _)| *at);
        let escalated = self.state().escalated_at.is_some();
        for &(at, step) in plan.iter() {
            if !self.sweep_until(at, rng) {
                return false;
            }
            if self.state().escalated_at.is_some() != escalated || !self.open() {
                return true;
            }
            self.step(at, step, rng);
        }
        true
    }

    /// The whole life: the frontline's attempt, the escalation path if the mark is reached,
    /// and the customer's feedback once solved.
    fn live(&mut self, rng: &mut Rng) {
        let t0 = self.t.created_at;
        // How long the frontline needs; the slowest fifth reach the 20-hour mark.
        let needs = match rng.unit() {
            u if u < 0.62 => rng.log_between(5 * MINUTE, 10 * HOUR),
            u if u < 0.80 => rng.between(10 * HOUR, 19 * HOUR + 30 * MINUTE),
            _ => rng.between(20 * HOUR + 30 * MINUTE, 72 * HOUR),
        };
        let at = |rng: &mut Rng, share: f64| t0 + 1 + (rng.unit() * share * needs as f64) as i64;
        let mut plan = vec![(t0 + needs, Step::Resolve)];
        let notes = match rng.unit() {
            u if u < 0.40 => 0,
            u if u < 0.75 => 1,
            u if u < 0.93 => 2,
            _ => 3,
        };
        for _ in 0..notes {
            plan.push((at(rng, 1.0), Step::Note));
        }
        if rng.chance(0.10) {
            let after = rng.log_between(HOUR, 12 * HOUR);
            plan.push((at(rng, 1.0), Step::Remind { after }));
        }
        match rng.unit() {
            u if u < 0.14 => plan.push((at(rng, 0.7), Step::Pass)),
            u if u < 0.18 => {
                let first = at(rng, 0.5);
                plan.push((first, Step::Pass));
                plan.push((first + 1 + (t0 + needs - first) / 2, Step::Pass));
            }
            u if u < 0.24 => plan.push((at(rng, 0.7), Step::Take)),
            _ => {}
        }
        if !self.play(&mut plan, rng) {
            return;
        }
        if self.open() && self.state().escalated_at.is_some() && !self.escalated_path(rng) {
            return;
        }
        if let Some(solved) = self.state().resolved_at.filter(|_| rng.chance(0.35)) {
            let when = solved + rng.log_between(10 * MINUTE, 3 * DAY);
            if self.sweep_until(when, rng) {
                let delighted = rng.chance(0.8);
                let what = rng.pick(if delighted {
                    &DELIGHT[..]
                } else {
                    &COMPLAINTS[..]
                });
                let owner = self.state().owner_id;
                let feedback = Action::Feedback {
                    delighted,
                    what: what.to_string(),
                };
                self.act(when, owner, feedback, rng);
            }
        }
        self.settle(rng);
    }

    /// The executive solves an escalated ticket or assigns it within the organisation; most
    /// assigned ones join the long-running backlog. False when the history ends first.
    fn escalated_path(&mut self, rng: &mut Rng) -> bool {
        let since = self.state().escalated_at.unwrap_or(self.t.created_at);
        if rng.chance(0.25) {
            let when = since + rng.log_between(30 * MINUTE, 2 * DAY);
            let mut plan = vec![(when, Step::Resolve)];
            if rng.chance(0.5) {
                plan.push((since + (when - since) / 2, Step::Note));
            }
            return self.play(&mut plan, rng);
        }
        let when = since + rng.log_between(5 * MINUTE, 8 * HOUR);
        if !self.sweep_until(when, rng) {
            return false;
        }
        let assign = Action::Assign {
            to: *rng.pick(&self.staff.staff),
            reason: rng.pick(&ASSIGN_REASONS).to_string(),
        };
        // Escalations reach the executive, the top of the organisation.
        self.act(when, self.staff.exec, assign, rng);
        let mut plan = vec![];
        if rng.chance(0.9) {
            if rng.chance(0.4) {
                plan.push((when + rng.log_between(HOUR, 5 * DAY), Step::Note));
            }
        } else {
            let solved = when + rng.log_between(HOUR, 20 * DAY);
            plan.push((solved, Step::Resolve));
            if rng.chance(0.5) {
                plan.push((when + (solved - when) / 3, Step::Note));
            }
        }
        self.play(&mut plan, rng)
    }
}

/// Intake: a rep takes in a problem for a customer, through `machine::intake`.
fn intake<'s>(
    staff: &'s Staff,
    id: i64,
    created: i64,
    end: i64,
    customers: i64,
    rng: &mut Rng,
) -> Life<'s> {
    let customer = if rng.chance(0.3) {
        1 + rng.below((customers as usize / 20).max(1)) as i64
    } else {
        1 + rng.below(customers as usize) as i64
    };
    let mut roll = rng.below(100) as u32;
    let cat = staff
        .cats
        .iter()
        .find(|c| {
            let hit = roll < c.spec.weight;
            roll = roll.saturating_sub(c.spec.weight);
            hit
        })
        .unwrap_or(&staff.cats[0]);
    let spec = cat.spec;
    let rep = *rng.pick(&staff.reps);
    let summary = format!(
        "{} {}{}",
        rng.pick(spec.problems),
        rng.pick(spec.objects),
        rng.pick(&QUALIFIERS)
    );
    let mut fields = BTreeMap::new();
    for (key, required) in spec.fields {
        if *required || rng.chance(0.5) {
            fields.insert(key.to_string(), field_value(key, customer, id, rng));
        }
    }
    let policy = staff.policy;
    let promise_at = match rng.below(10) {
        0..=3 => None,
        4..=6 => Some(created + 8 * HOUR),
        _ => Some(created + 18 * HOUR),
    };
    let realtime_offered = spec.realtime && rng.chance(0.7);
    let i = Intake {
        customer_id: customer,
        category_id: cat.category.id,
        summary,
        fields,
        channel: Some(CHANNELS[rng.below(CHANNELS.len())].into()),
        small_step: rng.chance(0.6).then(|| rng.pick(spec.steps).to_string()),
        promise_at: promise_at.map(at),
        realtime_offered,
        realtime_taken: realtime_offered && rng.chance(0.4),
        key: None,
        resolution: None,
    };
    let mut new = machine::intake(&i, rep, &cat.category, &staff.org, &policy, at(created))
        .unwrap_or_else(|e| panic!("the generator took in something refused: {e}"));
    new.event.ticket_id = Some(id);
    let customer_name = customer_name(customer);
    let owner_name = staff.org.get(new.state.owner_id).map_or("", |p| &p.name);
    let ticket = Ticket {
        id,
        number: id,
        customer_id: customer,
        customer_name: customer_name.clone(),
        category_id: cat.category.id,
        category_name: cat.category.name.clone(),
        summary: new.summary.clone(),
        fields: new.fields.clone(),
        channel: new.channel.clone(),
        intake_rep_id: rep,
        created_at: at(created),
        owner_id: new.state.owner_id,
        owner_name: owner_name.to_string(),
        owner_since: at(created),
        status: Status::Open,
        due_at: at(new.state.due_at),
        warned_at: None,
        escalated_at: None,
        tickle_at: None,
        resolved_at: None,
        resolution: None,
        promise_at: at(new.state.promise_at),
        small_step: new.small_step.clone(),
        realtime_offered: new.realtime_offered,
        realtime_taken: new.realtime_taken,
        version: 1,
        updated_at: at(created),
        merged_into: None,
        confirm_by: None,
        confirm_due_at: None,
        confirmed_at: None,
    };
    let t = bulk::Ticket {
        id,
        customer_id: customer,
        category_id: cat.category.id,
        fields: serde_json::to_string(&new.fields).expect("fields serialise"),
        field_text: new
            .fields
            .values()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        summary: new.summary,
        notes: String::new(),
        channel: new.channel,
        intake_rep_id: rep,
        created_at: created,
        small_step: new.small_step,
        realtime_offered: new.realtime_offered,
        realtime_taken: new.realtime_taken,
        version: 1,
        updated_at: created,
        updated_by: Some(rep),
        repeat_of: new.repeat_of,
        state: new.state.clone(),
    };
    let mut life = Life {
        staff,
        spec,
        end,
        ctx: Context {
            ticket,
            state: new.state,
            org: staff.org.clone(),
            policy,
            last_event_at: None,
            last_changed_by: None,
            now: at(created),
        },
        t,
        events: Vec::new(),
    };
    life.push(new.event, vec![]);
    life
}

// ---- the producer ----------------------------------------------------------------------------

/// Merges the tickets' event lists, each already in time order, into one stream in time order.
/// The heap holds only each ticket's next event key: small entries, cheap to move.
#[derive(Default)]
struct Merge {
    heap: BinaryHeap<Reverse<(Key, usize)>>,
    lists: Vec<Peekable<std::vec::IntoIter<Pending>>>,
    free: Vec<usize>,
}

impl Merge {
    fn add(&mut self, events: Vec<Pending>) {
        debug_assert!(events.windows(2).all(|w| w[0].key < w[1].key));
        let mut list = events.into_iter().peekable();
        let Some(first) = list.peek().map(|p| p.key) else {
            return;
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.lists[slot] = list;
                slot
            }
            None => {
                self.lists.push(list);
                self.lists.len() - 1
            }
        };
        self.heap.push(Reverse((first, slot)));
    }

    /// The earliest waiting event, if it comes before `bound`.
    fn next_before(&mut self, bound: Key) -> Option<Pending> {
        let &Reverse((key, slot)) = self.heap.peek()?;
        if key >= bound {
            return None;
        }
        self.heap.pop();
        let list = &mut self.lists[slot];
        let event = list.next().expect("a listed ticket has an event waiting");
        match list.peek() {
            Some(next) => self.heap.push(Reverse((next.key, slot))),
            None => self.free.push(slot),
        }
        Some(event)
    }
}

/// Gives events and alerts their ids in global time order, and counts them.
struct Sequence {
    next_event: i64,
    next_alert: i64,
    by_kind: BTreeMap<&'static str, u64>,
}

impl Sequence {
    fn place(&mut self, p: Pending, chunk: &mut bulk::Chunk) {
        *self.by_kind.entry(p.record.kind).or_default() += 1;
        if p.record.kind == EventKind::Escalated.as_str() {
            chunk.escalations.push(bulk::Escalation {
                ticket_id: p.record.ticket_id.unwrap_or_default(),
                cycle: p.cycle,
                event_id: self.next_event,
            });
        }
        for a in p.alerts {
            chunk.alerts.push(bulk::Alert {
                id: self.next_alert,
                person_id: a.person_id,
                ticket_id: p.record.ticket_id.unwrap_or_default(),
                due: a.due,
                title: a.title,
                body: a.body,
                at: p.record.at_ms,
                read_at: a.read_at,
            });
            self.next_alert += 1;
        }
        chunk.events.push(bulk::Event {
            id: self.next_event,
            record: p.record,
            prev_hash: String::new(),
            hash: String::new(),
        });
        self.next_event += 1;
    }
}

/// An empty chunk with room for `CHUNK_TICKETS` tickets' worth of rows.
fn fresh_chunk() -> bulk::Chunk {
    bulk::Chunk {
        customers: Vec::new(),
        tickets: Vec::with_capacity(CHUNK_TICKETS),
        events: Vec::with_capacity(CHUNK_TICKETS * 6),
        alerts: Vec::with_capacity(CHUNK_TICKETS * 3),
        escalations: Vec::new(),
    }
}

/// Simulates every ticket and hands `emit` the rows in chunks, in id order (events' ids not yet
/// chained); stops early when `emit` returns false.
fn produce(
    staff: &Staff,
    tickets: u64,
    seed: u64,
    mut emit: impl FnMut(bulk::Chunk) -> bool,
) -> Stats {
    let mut rng = Rng::new(seed);
    let end = end().timestamp_millis();
    let customers = (tickets as i64 / 4).max(50);
    let mut stats = Stats {
        seed,
        people: staff.org.all().len() as u64,
        customers: customers as u64,
        tickets,
        open: 0,
        events: 0,
        events_by_kind: BTreeMap::new(),
        alerts: 0,
        delighted: 0,
        complaints: 0,
        promises_kept: 0,
        start: at(staff.start),
        end: at(end),
        seconds: 0.0,
    };
    let mut chunk = bulk::Chunk::default();
    for id in 1..=customers {
        let name = customer_name(id);
        chunk.customers.push(bulk::Customer {
            id,
            phone: normalize_phone(&customer_phone(id)).expect("a valid phone"),
            phone_shown: customer_phone(id),
            email: normalize_email(&customer_email(id)).expect("a valid email"),
            name,
            created_at: staff.start - rng.between(DAY, 730 * DAY),
        });
        if chunk.customers.len() == 50_000 && !emit(std::mem::take(&mut chunk)) {
            return stats;
        }
    }
    // The set-up's events come first in the chain: a person or a category each.
    let set_up = [
        (
            EventKind::PersonAdded.as_str(),
            staff.org.all().len() as u64,
        ),
        (EventKind::CategoryAdded.as_str(), staff.cats.len() as u64),
    ];
    let mut sequence = Sequence {
        next_event: staff.head.0 + 1,
        next_alert: 1,
        by_kind: set_up.into_iter().collect(),
    };
    let mut merge = Merge::default();
    let span = (end - staff.start) as f64;
    for n in 0..tickets {
        let id = 1001 + n as i64;
        let created = staff.start + ((n as f64 + rng.unit()) * span / tickets as f64) as i64;
        // Everything that happened before this intake takes its place in the chain first.
        while let Some(p) = merge.next_before((created, id, 0)) {
            sequence.place(p, &mut chunk);
        }
        let mut life = intake(staff, id, created, end, customers, &mut rng);
        life.live(&mut rng);
        let mut t = life.t;
        t.state = life.ctx.state;
        if t.state.status == Status::Open {
            stats.open += 1;
        }
        if t.state.resolved_at.is_some_and(|r| r <= t.state.promise_at) {
            stats.promises_kept += 1;
        }
        for e in &life.events {
            match e.record.delighted {
                Some(true) => stats.delighted += 1,
                Some(false) => stats.complaints += 1,
                None => {}
            }
        }
        merge.add(life.events);
        chunk.tickets.push(t);
        if chunk.tickets.len() == CHUNK_TICKETS
            && !emit(std::mem::replace(&mut chunk, fresh_chunk()))
        {
            return stats;
        }
    }
    while let Some(p) = merge.next_before((i64::MAX, i64::MAX, u32::MAX)) {
        sequence.place(p, &mut chunk);
    }
    stats.events = (sequence.next_event - 1) as u64;
    stats.alerts = (sequence.next_alert - 1) as u64;
    stats.events_by_kind = sequence
        .by_kind
        .into_iter()
        .map(|(kind, n)| (kind.to_string(), n))
        .collect();
    // A refused chunk means the writer failed; it reports why.
    emit(chunk);
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_seeded() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        assert_eq!(xs, (0..5).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(
            xs,
            (0..5).map(|_| Rng::new(8).next_u64()).collect::<Vec<_>>()
        );
        for _ in 0..1_000 {
            let v = a.log_between(MINUTE, DAY);
            assert!((MINUTE..DAY).contains(&v));
            assert!(a.below(3) < 3);
        }
    }

    #[test]
    fn names_do_not_repeat_within_the_organisation() {
        let names: std::collections::BTreeSet<String> = (0..200).map(full_name).collect();
        assert_eq!(names.len(), 200);
    }

    #[test]
    fn category_weights_add_up() {
        assert_eq!(CATEGORIES.iter().map(|c| c.weight).sum::<u32>(), 100);
    }
}
