//! The generator writes a desk the real code reads: counts, the hash chain, queues, search, the
//! sweep and the report all agree with what it says it generated.

use baton_bench::generate::{self as bench_data, Stats};
use baton_core::events::EventKind;
use baton_core::tickets::{QueueKind, Status};
use baton_core::{Desk, FakeClock};
use std::sync::Arc;

const TICKETS: u64 = 2_000;

fn generated() -> (tempfile::TempDir, Desk, Stats) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let stats = bench_data::generate(&path, TICKETS, 7).unwrap();
    assert_eq!(bench_data::stats(&path).unwrap().as_ref(), Some(&stats));
    let desk = Desk::open(&path, Arc::new(FakeClock::new(bench_data::end()))).unwrap();
    (dir, desk, stats)
}

#[test]
fn a_generated_desk_reads_back_as_generated() {
    let (_dir, mut desk, stats) = generated();
    assert_eq!(stats.tickets, TICKETS);
    assert_eq!(stats.people, 200);
    assert_eq!(desk.people().unwrap().len(), 200);
    let per_ticket = stats.events as f64 / stats.tickets as f64;
    assert!(
        (4.0..6.5).contains(&per_ticket),
        "{per_ticket} events per ticket"
    );
    let open_share = stats.open as f64 / stats.tickets as f64;
    assert!((0.08..0.25).contains(&open_share), "{open_share} open");
    assert_eq!(stats.events_of(EventKind::Created), TICKETS);

    // Every ticket is there, in the state the generator says.
    let all = desk.queue(QueueKind::All, None, false).unwrap();
    assert_eq!(all.len() as u64, TICKETS);
    let open = all.iter().filter(|t| t.status == Status::Open).count() as u64;
    assert_eq!(open, stats.open);

    // The chain holds over every event, and the database is sound.
    let v = desk.verify(&[]).unwrap();
    assert!(v.ok, "{v:?}");
    assert_eq!(u64::from(v.events_checked), stats.events);

    // Nothing is overdue at the end of the history: a sweep there does nothing.
    let sweep = desk.sweep().unwrap();
    assert!(sweep.actions.is_empty(), "{:?}", sweep.actions.first());
    assert!(sweep.next_due.unwrap() > bench_data::end());

    // Somebody holds open work, and search finds tickets by what they say.
    let holder = all
        .iter()
        .find(|t| t.status == Status::Open)
        .unwrap()
        .owner_id;
    assert!(!desk
        .queue(QueueKind::Mine, Some(holder), true)
        .unwrap()
        .is_empty());
    let word = all[0].summary.split(' ').next().unwrap();
    assert!(!desk.search(word).unwrap().is_empty());

    // The report over the whole history counts what was generated.
    let report = desk
        .report(stats.start, stats.end + chrono::Duration::milliseconds(1))
        .unwrap();
    let totals = &report.totals;
    assert_eq!(u64::from(totals.intake), TICKETS);
    assert_eq!(
        u64::from(totals.solved),
        stats.events_of(EventKind::Resolved)
    );
    assert_eq!(u64::from(totals.solved), TICKETS - stats.open);
    assert_eq!(u64::from(totals.passed), stats.events_of(EventKind::Passed));
    assert_eq!(
        u64::from(totals.escalated),
        stats.events_of(EventKind::Escalated)
    );
    assert_eq!(u64::from(totals.delighted), stats.delighted);
    assert_eq!(u64::from(totals.complaints), stats.complaints);
    assert_eq!(u64::from(totals.promises_kept), stats.promises_kept);
}

#[test]
fn generation_is_deterministic_and_refuses_a_used_desk() {
    let dir = tempfile::tempdir().unwrap();
    let a = bench_data::generate(&dir.path().join("a.db"), 300, 11).unwrap();
    let b = bench_data::generate(&dir.path().join("b.db"), 300, 11).unwrap();
    assert_eq!(
        (a.events, &a.events_by_kind, a.alerts, a.open),
        (b.events, &b.events_by_kind, b.alerts, b.open)
    );
    let err = bench_data::generate(&dir.path().join("a.db"), 300, 11).unwrap_err();
    assert_eq!(err.code(), "conflict");
}
