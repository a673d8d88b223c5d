//! Many workstations on one shared desk: separate processes, one connection each, doing what a
//! desk's staff do all day (intakes, notes, passes, takes, assigns, resolves) while two of them
//! also sweep, on a generated desk moved onto the server. Prints each action's latency, the
//! throughput, and the proof that nothing acknowledged was lost and nothing escalated twice.
//!
//! `cargo run --release -p baton-bench --bin baton-shared-bench -- run --server
//! postgres://postgres@127.0.0.1:54329 --workstations 20 [--pace 1]`

use anyhow::{bail, Context, Result};
use baton_bench::generate::{self, Rng};
use baton_bench::workload::Intakes;
use baton_core::people::{Org, Role};
use baton_core::store::Create;
use baton_core::tickets::{Action, Page, QueueKind};
use baton_core::{Desk, Error, SystemClock};
use clap::{Parser, Subcommand};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "baton-shared-bench",
    about = "Many workstations on one shared desk"
)]
struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Moves a generated desk onto the server and runs the workstations against it
    Run {
        /// The PostgreSQL server: postgres://USER@HOST:PORT (a database is created on it)
        #[arg(long)]
        server: String,
        #[arg(long, default_value_t = 20)]
        workstations: u32,
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        #[arg(long, default_value_t = 100_000)]
        tickets: u64,
        /// Also run the same mix in one process on the desk file, for comparison
        #[arg(long)]
        sqlite: bool,
        /// Seconds a workstation's person takes between actions, on average (0: none, each
        /// workstation acts as fast as the desk answers)
        #[arg(long, default_value_t = 0.0)]
        pace: f64,
    },
    /// The read paths on one generated desk, on the server and in its file: my queue, near
    /// escalation, a sweep with nothing due, search, a month's report
    Queries {
        #[arg(long)]
        server: String,
        #[arg(long, default_value_t = 1_000_000)]
        tickets: u64,
        #[arg(long, default_value_t = 200)]
        iterations: usize,
    },
    /// How soon a change at one workstation reaches another: from an intake sent at A to its
    /// acknowledgement, to B's doorbell, and to B's reload of the queue the ticket is in
    Latency {
        #[arg(long)]
        server: String,
        #[arg(long, default_value_t = 100_000)]
        tickets: u64,
        #[arg(long, default_value_t = 200)]
        iterations: usize,
    },
    /// One workstation (run by `run`): prints what it did as JSON
    #[command(hide = true)]
    Worker {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        seconds: u64,
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        tickets: u64,
        #[arg(long)]
        customers: u64,
        #[arg(long)]
        sweeper: bool,
        #[arg(long)]
        pace: f64,
    },
}

/// What one workstation did: each operation's latencies (ms), refusals by the rules (expected
/// when two people act on one ticket at once), failures, and the intakes acknowledged to it.
#[derive(Default, Serialize, Deserialize)]
struct Report {
    latencies: BTreeMap<String, Vec<f64>>,
    refused: BTreeMap<String, u64>,
    failed: Vec<String>,
    intakes: Vec<i64>,
    /// Warnings, escalations and tickles this workstation's sweeps carried out.
    #[serde(default)]
    swept: usize,
}

fn main() -> Result<()> {
    match Args::parse().command {
        Cmd::Run {
            server,
            workstations,
            seconds,
            tickets,
            sqlite,
            pace,
        } => run(&server, workstations, seconds, tickets, sqlite, pace),
        Cmd::Queries {
            server,
            tickets,
            iterations,
        } => queries(&server, tickets, iterations),
        Cmd::Latency {
            server,
            tickets,
            iterations,
        } => latency(&server, tickets, iterations),
        Cmd::Worker {
            db,
            seconds,
            seed,
            tickets,
            customers,
            sweeper,
            pace,
        } => {
            let report = work(&db, seconds, seed, tickets, customers, sweeper, pace)?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
    }
}

/// A generated desk of `tickets` (made once, then reused) moved onto a new database on the
/// server: the file, its stats, and the server's address.
fn shared_desk(
    server: &str,
    tickets: u64,
    label: &str,
) -> Result<(PathBuf, generate::Stats, String)> {
    let file = PathBuf::from(format!("target/baton-bench/shared-{tickets}.db"));
    if !file.exists() {
        std::fs::create_dir_all("target/baton-bench")?;
        eprintln!("generating {tickets} tickets into {}", file.display());
        generate::generate(&file, tickets, 1)?;
    }
    let stats = generate::stats(&file)?.context("the generated desk does not describe itself")?;
    let name = format!("baton_{label}_{}", std::process::id());
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls)?;
    admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let address = format!("{server}/{name}");
    let moving = Instant::now();
    let moved = Desk::migrate(&file, &address, Arc::new(SystemClock))?;
    eprintln!(
        "moved {} tickets and {} events onto the server in {:.1} s (verified: {})",
        moved.tickets,
        moved.events,
        moving.elapsed().as_secs_f64(),
        moved.verified
    );
    Ok((file, stats, address))
}

fn run(
    server: &str,
    workstations: u32,
    seconds: u64,
    tickets: u64,
    sqlite: bool,
    pace: f64,
) -> Result<()> {
    let (file, stats, address) = shared_desk(server, tickets, &format!("shared_{workstations}"))?;
    let shared = workstation_runs(
        Path::new(&address),
        workstations,
        seconds,
        tickets,
        stats.customers,
        pace,
    )?;
    print_runs(
        &match pace {
            0.0 => format!("{workstations} workstations on PostgreSQL, acting back to back"),
            _ => {
                format!("{workstations} workstations on PostgreSQL, an action every {pace} s each")
            }
        },
        &shared,
        Some(seconds),
    );
    check(&address, &shared)?;
    if sqlite {
        let copy = file.with_extension("run.db");
        std::fs::copy(&file, &copy)?;
        let single = workstation_runs(&copy, 1, seconds, tickets, stats.customers, 0.0)?;
        print_runs(
            "one process on the desk file (SQLite)",
            &single,
            Some(seconds),
        );
        std::fs::remove_file(&copy)?;
    }
    Ok(())
}

fn queries(server: &str, tickets: u64, iterations: usize) -> Result<()> {
    let (file, stats, address) = shared_desk(server, tickets, "queries")?;
    for (title, db) in [
        ("PostgreSQL", Path::new(&address)),
        ("SQLite", file.as_path()),
    ] {
        let clock = Arc::new(baton_core::FakeClock::new(generate::end()));
        let mut desk = Desk::open_at(db, Create::No, Some(clock))?;
        desk.sweep()?;
        let open = desk.queue(QueueKind::All, None, true)?;
        let busiest = {
            let mut held: BTreeMap<i64, usize> = BTreeMap::new();
            for t in &open {
                *held.entry(t.owner_id).or_default() += 1;
            }
            held.into_iter()
                .max_by_key(|(_, n)| *n)
                .map(|(id, _)| id)
                .unwrap_or(1)
        };
        let words = baton_bench::workload::search_queries(&mut desk, 1001, tickets, iterations, 1)?;
        let to = generate::end();
        let from = to - chrono::Duration::days(30);
        let mut report = Report::default();
        let top = desk
            .people()?
            .into_iter()
            .find(|p| p.reports_to.is_none())
            .map_or(1, |p| p.id);
        let first = Page::first(50);
        for _ in 0..iterations {
            timed(&mut report, "my queue, first 50 and the total", || {
                desk.queue_page(QueueKind::Mine, Some(busiest), first)
                    .map(drop)
            });
            timed(&mut report, "my team (the whole desk), first 50", || {
                desk.queue_page(QueueKind::Team, Some(top), first).map(drop)
            });
            timed(&mut report, "escalated (the whole desk), first 50", || {
                desk.queue_page(QueueKind::EscalatedToMe, Some(top), first)
                    .map(drop)
            });
            timed(&mut report, "near escalation", || {
                desk.queue(QueueKind::NearEscalation, None, true).map(drop)
            });
            timed(&mut report, "the rail's counts, the busiest rep", || {
                desk.counts(busiest).map(drop)
            });
            timed(&mut report, "sweep, nothing due", || desk.sweep().map(drop));
        }
        for q in &words {
            timed(&mut report, "search", || desk.search(q).map(drop));
        }
        if title == "PostgreSQL" {
            // What any call pays before its work: the way there and back, and a transaction
            // opened and closed around it, on a connection of the bench's own.
            let mut raw = postgres::Client::connect(&address, postgres::NoTls)?;
            for _ in 0..iterations {
                let started = Instant::now();
                raw.simple_query("SELECT 1")?;
                record(&mut report, "a round trip (SELECT 1)", started);
                let started = Instant::now();
                raw.batch_execute("BEGIN READ ONLY")?;
                raw.query_one("SELECT 1", &[])?;
                raw.batch_execute("COMMIT")?;
                record(&mut report, "a statement in a transaction", started);
            }
        }
        for _ in 0..5 {
            timed(&mut report, "30-day report", || {
                desk.report(from, to).map(drop)
            });
        }
        print_runs(
            &format!(
                "{title}, {} tickets ({} events)",
                stats.tickets, stats.events
            ),
            &[report],
            None,
        );
    }
    Ok(())
}

fn latency(server: &str, tickets: u64, iterations: usize) -> Result<()> {
    let (_, stats, address) = shared_desk(server, tickets, "latency")?;
    let db = Path::new(&address);
    let (mut a, mut b) = (
        Desk::open_at(db, Create::No, None)?,
        Desk::open_at(db, Create::No, None)?,
    );
    let mut bell = baton_core::store::postgres::Doorbell::open(&address)?;
    let mut intakes = Intakes::new(&mut a, stats.customers, 7)?;
    let mut report = Report::default();
    for _ in 0..iterations {
        let (rep, intake) = intakes.call();
        let started = Instant::now();
        let t = a.intake(rep, intake)?;
        record(&mut report, "A: acknowledged", started);
        if !bell.wait(Duration::from_secs(5))? {
            bail!("the doorbell did not ring for #{}", t.id);
        }
        record(&mut report, "B: doorbell", started);
        let shown = b.queue(QueueKind::Mine, Some(t.owner_id), true)?;
        if !shown.iter().any(|s| s.id == t.id) {
            bail!(
                "#{} was not in its owner's queue at the other workstation",
                t.id
            );
        }
        record(&mut report, "B: queue reloaded", started);
    }
    print_runs(
        &format!(
            "A change at one workstation seen at another, {} tickets",
            stats.tickets
        ),
        &[report],
        None,
    );
    Ok(())
}

/// Starts the workstations at once and collects their reports.
fn workstation_runs(
    db: &Path,
    workstations: u32,
    seconds: u64,
    tickets: u64,
    customers: u64,
    pace: f64,
) -> Result<Vec<Report>> {
    let me = std::env::current_exe()?;
    let mut children: Vec<std::process::Child> = (0..workstations)
        .map(|i| {
            let mut cmd = Command::new(&me);
            cmd.arg("worker")
                .arg("--db")
                .arg(db)
                .args(["--seconds", &seconds.to_string()])
                .args(["--seed", &(i + 1).to_string()])
                .args(["--tickets", &tickets.to_string()])
                .args(["--customers", &customers.to_string()])
                .args(["--pace", &pace.to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped());
            // Two sweepers among them (one when there is one workstation).
            if i < 2 {
                cmd.arg("--sweeper");
            }
            cmd.spawn()
        })
        .collect::<std::io::Result<_>>()?;
    // Every workstation has loaded what it works on before any starts: each says so with a
    // line, and all are told to go at once.
    let mut readers = Vec::new();
    for c in &mut children {
        let mut out = std::io::BufReader::new(c.stdout.take().context("no stdout")?);
        let mut line = String::new();
        std::io::BufRead::read_line(&mut out, &mut line)?;
        if line.trim() != "ready" {
            bail!("a workstation did not get ready: {line}");
        }
        readers.push(out);
    }
    for c in &mut children {
        use std::io::Write;
        writeln!(c.stdin.take().context("no stdin")?, "go")?;
    }
    children
        .into_iter()
        .zip(readers)
        .map(|(mut c, mut out)| {
            let mut json = String::new();
            std::io::Read::read_to_string(&mut out, &mut json)?;
            let status = c.wait()?;
            if !status.success() {
                bail!("a workstation failed: {status}");
            }
            Ok(serde_json::from_str(&json)?)
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

/// Each operation's latencies; with `seconds`, the actions per second over the run too.
fn print_runs(title: &str, reports: &[Report], seconds: Option<u64>) {
    let mut all: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut refused: BTreeMap<&str, u64> = BTreeMap::new();
    for r in reports {
        for (op, l) in &r.latencies {
            all.entry(op).or_default().extend(l);
        }
        for (op, n) in &r.refused {
            *refused.entry(op).or_default() += n;
        }
    }
    let total: usize = all
        .iter()
        .filter(|(op, _)| **op != "open ticket" && **op != "sweep")
        .map(|(_, l)| l.len())
        .sum();
    match seconds {
        Some(s) => println!("\n{title}: {:.0} actions/s", total as f64 / s as f64),
        None => println!("\n{title}"),
    }
    println!(
        "{:<20} {:>8} {:>9} {:>9} {:>9} {:>8}",
        "operation", "count", "p50 ms", "p99 ms", "max ms", "refused"
    );
    for (op, l) in &mut all {
        l.sort_by(f64::total_cmp);
        println!(
            "{op:<20} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>8}",
            l.len(),
            percentile(l, 0.5),
            percentile(l, 0.99),
            l.last().copied().unwrap_or_default(),
            refused.get(op).copied().unwrap_or_default()
        );
    }
    let failed: Vec<&String> = reports.iter().flat_map(|r| &r.failed).collect();
    let swept: usize = reports.iter().map(|r| r.swept).sum();
    println!(
        "deadlines the sweeps carried out: {swept}; failures: {}",
        failed.len()
    );
    for f in failed.iter().take(5) {
        println!("  {f}");
    }
}

/// Nothing acknowledged lost, nothing escalated twice in one cycle, and the chain whole.
fn check(address: &str, reports: &[Report]) -> Result<()> {
    let mut sql = postgres::Client::connect(address, postgres::NoTls)?;
    let acknowledged: Vec<i64> = reports.iter().flat_map(|r| r.intakes.clone()).collect();
    let found: i64 = sql
        .query_one(
            "SELECT count(*) FROM tickets WHERE id = ANY($1)",
            &[&acknowledged],
        )?
        .get(0);
    let doubled: i64 = sql
        .query_one(
            "SELECT count(*) FROM (
                 SELECT ticket_id FROM events WHERE ticket_id IS NOT NULL GROUP BY ticket_id
                 HAVING count(*) FILTER (WHERE kind = 'escalated')
                      > count(*) FILTER (WHERE kind = 'reopened') + 1) twice",
            &[],
        )?
        .get(0);
    let escalated: i64 = sql
        .query_one("SELECT count(*) FROM escalations", &[])?
        .get(0);
    let v = Desk::open_at(Path::new(address), Create::No, None)?.verify(&[])?;
    println!(
        "acknowledged intakes: {}, found: {found}, lost: {}; escalations: {escalated}, \
         escalated twice in one cycle: {doubled}; verify: {} ({} events)",
        acknowledged.len(),
        acknowledged.len() as i64 - found,
        if v.ok { "ok" } else { "FAILED" },
        v.events_checked
    );
    if found as usize != acknowledged.len() || doubled > 0 || !v.ok {
        bail!("the shared desk lost or doubled something");
    }
    Ok(())
}

/// One workstation's working day, compressed: a weighted mix of actions on random tickets
/// (their owners act, as they would), sweeping once a second when it is a sweeper, an action
/// every `pace` seconds on average (half to one and a half times it; 0: back to back).
fn work(
    db: &Path,
    seconds: u64,
    seed: u64,
    tickets: u64,
    customers: u64,
    sweeper: bool,
    pace: f64,
) -> Result<Report> {
    let mut desk = Desk::open_at(db, Create::No, None)?;
    let org = desk.org()?;
    // Staff work on open tickets: those at the start, and the ones they take in.
    let open: Vec<i64> = desk
        .queue(QueueKind::All, None, true)?
        .iter()
        .map(|t| t.id)
        .collect();
    let mut intakes = Intakes::new(&mut desk, customers, seed)?;
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut report = Report::default();
    println!("ready");
    std::io::stdin().read_line(&mut String::new())?;
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut next_sweep = Instant::now();
    // People do not all act at the same instant: each starts somewhere in the first pause.
    let mut next_action =
        Instant::now() + Duration::from_secs_f64(pace * rng.below(1000) as f64 / 1000.0);
    while Instant::now() < end {
        if sweeper && Instant::now() >= next_sweep {
            next_sweep += Duration::from_secs(1);
            let swept = timed(&mut report, "sweep", || desk.sweep());
            report.swept += swept.map_or(0, |s| s.actions.len());
            continue;
        }
        // The person at this workstation thinks between actions (the benchmark's pacing).
        let wake = if sweeper {
            next_action.min(next_sweep)
        } else {
            next_action
        };
        if let Some(wait) = wake.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
            continue;
        }
        next_action += Duration::from_secs_f64(pace * (0.5 + rng.below(1000) as f64 / 1000.0));
        let roll = rng.below(100);
        if roll < 30 {
            let (rep, intake) = intakes.call();
            let started = Instant::now();
            match desk.intake(rep, intake) {
                Ok(t) => {
                    record(&mut report, "intake", started);
                    report.intakes.push(t.id);
                }
                Err(e) => refused_or_failed(&mut report, "intake", e),
            }
            continue;
        }
        let id = match report.intakes.len() {
            n if n > 0 && (open.is_empty() || rng.chance(0.5)) => report.intakes[rng.below(n)],
            _ if !open.is_empty() => open[rng.below(open.len())],
            _ => 1001 + rng.below(tickets as usize) as i64,
        };
        let Some(detail) = timed(&mut report, "open ticket", || desk.ticket(id)) else {
            continue;
        };
        let owner = detail.ticket.owner_id;
        let Some((op, actor, action)) = choose(&org, owner, roll, &mut rng) else {
            continue;
        };
        timed(&mut report, op, || {
            desk.act(actor, id, Some(detail.ticket.version), action)
                .map(drop)
        });
    }
    Ok(report)
}

/// Which action, by whom: the owner notes, passes and resolves; the one above takes; a manager
/// above assigns within their team.
fn choose(
    org: &Org,
    owner: i64,
    roll: usize,
    rng: &mut Rng,
) -> Option<(&'static str, i64, Action)> {
    let text = |what: &str| format!("{what} from the shared-desk benchmark");
    Some(match roll {
        30..=49 => ("note", owner, Action::Note { text: text("note") }),
        50..=64 => (
            "pass",
            owner,
            Action::Pass {
                reason: text("pass"),
            },
        ),
        65..=74 => ("take", org.nearest_active_above(owner)?.id, Action::Take),
        75..=79 => {
            let manager = org
                .ancestors(owner)
                .into_iter()
                .filter_map(|id| org.get(id).ok())
                .find(|p| p.role == Role::Manager)?;
            let team = org.subtree(manager.id);
            let to = *team.get(rng.below(team.len().max(1)))?;
            (
                "assign",
                manager.id,
                Action::Assign {
                    to,
                    reason: text("assign"),
                },
            )
        }
        _ => (
            "resolve",
            owner,
            Action::Resolve {
                resolution: text("resolution"),
                prevention: None,
            },
        ),
    })
}

fn record(report: &mut Report, op: &str, started: Instant) {
    report
        .latencies
        .entry(op.into())
        .or_default()
        .push(started.elapsed().as_secs_f64() * 1000.0);
}

fn timed<T>(report: &mut Report, op: &str, f: impl FnOnce() -> baton_core::Result<T>) -> Option<T> {
    let started = Instant::now();
    match f() {
        Ok(v) => {
            record(report, op, started);
            Some(v)
        }
        Err(e) => {
            record(report, op, started);
            refused_or_failed(report, op, e);
            None
        }
    }
}

/// A rule's refusal is part of a busy desk (two people on one ticket); anything else is a
/// failure the run reports.
fn refused_or_failed(report: &mut Report, op: &str, e: Error) {
    match e {
        Error::Forbidden(_) | Error::Conflict(_) | Error::Stale { .. } | Error::Invalid(_) => {
            *report.refused.entry(op.into()).or_default() += 1
        }
        other => report.failed.push(format!("{op}: {other}")),
    }
}
