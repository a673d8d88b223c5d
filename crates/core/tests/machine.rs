//! The state machine through the store: what each person may do to a ticket in each state
//! (every action checked for every row), and the store's due-query agreeing with the pure rule.

mod common;

use baton_core::categories::NewCategory;
use baton_core::customers::{self, NewCustomer};
use baton_core::deadlines;
use baton_core::events::{EventKind, EventRecord};
use baton_core::machine::{self, Change, State};
use baton_core::people::{NewPerson, Role};
use baton_core::setup;
use baton_core::store::Store;
use baton_core::tickets::{Action, ActionKind, Intake, Status};
use baton_core::FakeClock;
use chrono::Duration;
use common::{start, Org};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

use ActionKind::*;

fn allowed(o: &mut Org, viewer: i64, ticket: i64) -> BTreeSet<String> {
    o.desk
        .ticket_as(viewer, ticket)
        .unwrap()
        .allowed
        .into_iter()
        .map(|k| format!("{k:?}"))
        .collect()
}

fn set(kinds: &[ActionKind]) -> BTreeSet<String> {
    kinds.iter().map(|k| format!("{k:?}")).collect()
}

/// Grace (exec) ← Maya (manager) ← Lena (lead) ← Ana, Ben (reps); Grace ← Tom (manager) ← Dev.
#[test]
fn who_may_do_what_in_every_state() {
    let mut o = Org::in_memory();
    let (grace, maya, lena, ana, ben, tom, dev) =
        (o.grace, o.maya, o.lena, o.ana, o.ben, o.tom, o.dev);
    let t = o.intake_by(ana, "Charged twice").id;
    o.desk.deactivate_person(None, ben).unwrap();

    // Open, held by a rep.
    let open_by_ana = [
        (
            ana,
            set(&[
                Pass, Resolve, Note, Tickle, Feedback, Contact, Correct, Email,
            ]),
        ),
        (
            lena,
            set(&[Take, Note, Feedback, Contact, Merge, Correct, Email]),
        ),
        (
            maya,
            set(&[Take, Assign, Note, Feedback, Contact, Merge, Correct, Email]),
        ),
        (
            grace,
            set(&[Take, Assign, Note, Feedback, Contact, Merge, Correct, Email]),
        ),
        (tom, set(&[Note, Feedback, Contact, Email])),
        (dev, set(&[Note, Feedback, Contact, Email])),
        (ben, set(&[])),
    ];
    for (who, expected) in open_by_ana {
        assert_eq!(
            allowed(&mut o, who, t),
            expected,
            "open, held by Ana; viewer {who}"
        );
    }

    // Open, held by a manager: she may assign her own ticket and pass it to the top.
    o.desk.act(maya, t, None, Action::Take).unwrap();
    assert_eq!(
        allowed(&mut o, maya, t),
        set(&[Pass, Assign, Resolve, Note, Tickle, Feedback, Contact, Merge, Correct, Email])
    );
    assert_eq!(
        allowed(&mut o, ana, t),
        set(&[Note, Feedback, Contact, Email]),
        "below the owner"
    );

    // Open, held by the top of the organisation: nobody to pass it to.
    o.desk.act(grace, t, None, Action::Take).unwrap();
    assert_eq!(
        allowed(&mut o, grace, t),
        set(&[Assign, Resolve, Note, Tickle, Feedback, Contact, Merge, Correct, Email])
    );

    // Resolved: anyone active may reopen, note it and record feedback.
    o.desk
        .act(
            grace,
            t,
            None,
            Action::Resolve {
                resolution: "Refunded".into(),
                prevention: None,
            },
        )
        .unwrap();
    // Confirming the customer heard back is Ana's, who took the call, the resolver's, or
    // someone over Ana.
    for who in [grace, maya, lena, ana, tom, dev] {
        let confirms = [grace, maya, lena, ana].contains(&who);
        let expected = if confirms {
            set(&[Reopen, Note, Feedback, Confirm])
        } else {
            set(&[Reopen, Note, Feedback])
        };
        assert_eq!(allowed(&mut o, who, t), expected, "resolved; viewer {who}");
    }
    assert_eq!(allowed(&mut o, ben, t), set(&[]), "inactive");
}

/// Through the store surface alone: an executive, a customer and a category.
fn set_up(store: &mut dyn Store) -> (i64, i64, i64) {
    let grace = NewPerson {
        name: "Grace Hopper".into(),
        role: Role::Executive,
        reports_to: None,
        pin: None,
    };
    let grace = store
        .set_up(false, &mut |c| {
            Ok(vec![setup::add_person(c, None, &grace)?])
        })
        .unwrap()
        .created
        .unwrap();
    let olivia = NewCustomer {
        name: "Olivia Bennett".into(),
        ..NewCustomer::default()
    };
    let olivia = store
        .add_customer(&customers::clean(&olivia).unwrap())
        .unwrap()
        .id;
    let billing = NewCategory {
        name: "Billing".into(),
        fields: vec![],
        default_owner_id: None,
        realtime: false,
        small_steps: vec![],
    };
    let billing = store
        .set_up(false, &mut |c| {
            Ok(vec![setup::add_category(c, None, &billing)?])
        })
        .unwrap()
        .created
        .unwrap();
    (grace, olivia, billing)
}

/// Random marks on a handful of tickets, written through the store surface.
fn marks() -> impl Strategy<Value = (bool, i64, bool, bool, Option<i64>, Option<i64>)> {
    (
        any::<bool>(),
        -30i64..30,
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(-30i64..30),
        proptest::option::of(-30i64..30),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// The store's due-query (SQL) claims exactly the tickets for which the pure rule has
    /// something due, and its next mark is the rule's earliest.
    #[test]
    fn the_due_query_and_the_rule_agree(
        tickets in proptest::collection::vec(marks(), 1..8),
        now_hours in -30i64..30,
    ) {
        let clock = Arc::new(FakeClock::new(start()));
        let mut store = common::fresh_store(clock.clone());
        let (grace, olivia, billing) = set_up(store.as_mut());
        let policy = store.policy().unwrap();
        let h = |n: i64| (start() + Duration::hours(n)).timestamp_millis();
        let mut ids = Vec::new();
        for (open, due, warned, escalated, tickle, idle) in tickets {
            let intake = Intake {
                customer_id: olivia,
                category_id: billing,
                summary: "Charged twice".into(),
                ..Intake::default()
            };
            let id = store
                .intake(olivia, billing, None, &mut |c| {
                    machine::intake(&intake, grace, &c.category, &c.org, &c.policy, c.now)
                })
                .unwrap()
                .id;
            store.act(id, None, &mut |c| {
                let state = State {
                    status: if open { Status::Open } else { Status::Resolved },
                    due_at: h(due),
                    warned_at: warned.then(|| h(due - 1)),
                    escalated_at: escalated.then(|| h(due)),
                    tickle_at: tickle.map(h),
                    idle_due_at: idle.map(h),
                    ..c.state.clone()
                };
                Ok(Change {
                    ticket: id,
                    state,
                    versioned: false,
                    by: None,
                    event: EventRecord {
                        ticket_id: Some(id),
                        kind: EventKind::Note.as_str(),
                        at_ms: c.now.timestamp_millis(),
                        text: Some("marks".into()),
                        ..Default::default()
                    },
                    alerts: vec![],
                    indexed: None,
                    fields: None,
                })
            }).unwrap();
            ids.push(id);
        }
        let now = start() + Duration::hours(now_hours);
        // Events are dated at the start: a `now` before them is a clock set back.
        prop_assume!(now >= start());
        clock.set(now);
        let mut claimed = BTreeSet::new();
        store.sweep(500, &mut |c| { claimed.insert(c.ticket.id); vec![] }).unwrap();
        let mut expected = BTreeSet::new();
        let mut earliest: Option<i64> = None;
        for id in ids {
            let c = store.ticket_context(id).unwrap();
            if c.state.status != Status::Open { continue; }
            let m = c.state.marks();
            if !deadlines::due(&m, &policy, now.timestamp_millis()).is_empty() {
                expected.insert(id);
            }
            if let Some(next) = deadlines::next(&m, &policy) {
                earliest = Some(earliest.map_or(next, |e| e.min(next)));
            }
        }
        prop_assert_eq!(claimed, expected);
        prop_assert_eq!(store.next_due().unwrap().map(|t| t.timestamp_millis()), earliest);
    }
}

/// A resend with the same idempotency key (after a lost acknowledgement) does nothing twice.
#[test]
fn a_resent_write_is_done_once() {
    let mut o = Org::in_memory();
    let mut intake = Intake {
        customer_id: o.olivia,
        category_id: o.billing,
        summary: "Charged twice".into(),
        fields: [("account", "AC-1"), ("invoice", "INV-7")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into(),
        key: Some("intake-7f3a".into()),
        ..Intake::default()
    };
    let first = o.desk.intake(o.ana, intake.clone()).unwrap();
    let again = o.desk.intake(o.ana, intake.clone()).unwrap();
    assert_eq!(first.id, again.id);
    intake.key = Some("intake-another".into());
    assert_ne!(o.desk.intake(o.ana, intake).unwrap().id, first.id);

    let note = || Action::Note {
        text: "called back".into(),
    };
    for _ in 0..3 {
        o.desk
            .act_once(o.ana, first.id, None, note(), Some("note-1"))
            .unwrap();
    }
    let notes = |o: &mut Org| {
        let d = o.desk.ticket(first.id).unwrap();
        d.events
            .iter()
            .filter(|e| e.kind == EventKind::Note)
            .count()
    };
    assert_eq!(notes(&mut o), 1);
    o.desk.act(o.ana, first.id, None, note()).unwrap();
    assert_eq!(notes(&mut o), 2, "without a key, each send is its own note");
}

/// A reopened ticket starts a new cycle and may escalate again; a second escalation of one
/// cycle is refused by the schema itself.
#[test]
fn each_cycle_escalates_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baton.db");
    let mut o = Org::on_file(&path);
    let t = o.intake_by(o.ana, "No signal").id;
    o.at(common::hm(20, 0));
    o.desk.sweep().unwrap();
    o.desk
        .act(
            o.grace,
            t,
            None,
            Action::Resolve {
                resolution: "fixed".into(),
                prevention: None,
            },
        )
        .unwrap();
    o.desk
        .act(
            o.ana,
            t,
            None,
            Action::Reopen {
                reason: "back again".into(),
            },
        )
        .unwrap();
    o.at(common::hm(40, 30));
    let swept = o.desk.sweep().unwrap();
    assert!(swept
        .actions
        .iter()
        .any(|a| a.due == baton_core::deadlines::Due::Escalate));
    let raw = rusqlite::Connection::open(&path).unwrap();
    let cycles: Vec<i64> = raw
        .prepare("SELECT cycle FROM escalations WHERE ticket_id = ?1 ORDER BY cycle")
        .unwrap()
        .query_map([t], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cycles, [1, 2]);
    let twice = raw.execute(
        "INSERT INTO escalations (ticket_id, cycle, event_id) SELECT ticket_id, cycle, event_id FROM escalations LIMIT 1",
        [],
    );
    assert!(
        twice.is_err(),
        "the schema refuses a second escalation of a cycle"
    );
}
