//! Promises managed, not only recorded: contacts with the customer, a new time agreed on one,
//! the owner reminded before a promise falls due, and the month's figures (kept at intake's
//! promise, kept by contact, broken). On SQLite, and on PostgreSQL with BATON_TEST_PG.

mod common;

use baton_core::deadlines::Due;
use baton_core::events::EventKind;
use baton_core::tickets::{Action, ContactHow, Intake, Ticket};
use chrono::Duration;
use common::{hm, start, Org};
use std::collections::BTreeMap;

/// A ticket Ana takes in at `start() + at`, promising an answer `promise` later.
fn promised(o: &mut Org, at: Duration, promise: Duration) -> Ticket {
    o.at(at);
    o.desk
        .intake(
            o.ana,
            Intake {
                customer_id: o.olivia,
                category_id: o.billing,
                summary: "Charged twice".into(),
                fields: BTreeMap::from([
                    ("account".into(), "AC-1".into()),
                    ("invoice".into(), "INV-7".into()),
                ]),
                promise_at: Some(start() + at + promise),
                ..Intake::default()
            },
        )
        .unwrap()
}

fn contact(o: &mut Org, who: i64, t: i64, promise: Option<Duration>) -> baton_core::Result<Ticket> {
    o.desk.act(
        who,
        t,
        None,
        Action::Contact {
            how: ContactHow::Phone,
            what: "The refund is with the bank; it lands tomorrow".into(),
            promise_at: promise.map(|p| start() + p),
        },
    )
}

/// Ana, who holds it, resolves it.
fn resolve(o: &mut Org, t: i64) {
    let ana = o.ana;
    o.desk
        .act(
            ana,
            t,
            None,
            Action::Resolve {
                resolution: "Done".into(),
                prevention: None,
            },
        )
        .unwrap();
}

#[test]
fn a_contact_agrees_a_new_time_and_the_trail_records_how() {
    let mut o = Org::quiet();
    let ana = o.ana;
    let t = promised(&mut o, hm(0, 0), hm(3, 0));
    o.at(hm(2, 0));
    let after = contact(&mut o, ana, t.id, Some(hm(6, 0))).unwrap();
    assert_eq!(after.promise_at, start() + hm(6, 0));
    let d = o.desk.ticket(t.id).unwrap();
    let e = d.events.last().unwrap();
    assert_eq!(e.kind, EventKind::Contacted);
    assert_eq!(e.data.how, Some(ContactHow::Phone));
    assert_eq!(e.data.promise_at, Some(start() + hm(6, 0)));
    assert_eq!(e.actor_id, Some(o.ana));
    assert_eq!(
        d.events[0].data.promise_at,
        Some(start() + hm(3, 0)),
        "the intake's promise is on its event"
    );
    // What was said is found by search.
    let found = o.desk.search("bank").unwrap();
    assert!(found.iter().any(|f| f.id == t.id), "{found:?}");
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn only_the_owner_or_someone_over_them_promises_a_new_time() {
    let mut o = Org::quiet();
    let (ana, lena, dev) = (o.ana, o.lena, o.dev);
    let t = promised(&mut o, hm(0, 0), hm(3, 0));
    o.at(hm(1, 0));
    // Dev, elsewhere in the desk, may tell the customer how it stands, but not bind Ana.
    contact(&mut o, dev, t.id, None).unwrap();
    let refused = contact(&mut o, dev, t.id, Some(hm(5, 0))).unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused.to_string().contains("Ana Souza"), "{refused}");
    contact(&mut o, lena, t.id, Some(hm(5, 0))).unwrap();
    // Never a time already gone, and never on a resolved ticket.
    let past = contact(&mut o, ana, t.id, Some(hm(0, 30))).unwrap_err();
    assert_eq!(past.code(), "invalid");
    let empty = o
        .desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Contact {
                how: ContactHow::Email,
                what: "  ".into(),
                promise_at: None,
            },
        )
        .unwrap_err();
    assert_eq!(empty.code(), "invalid");
    resolve(&mut o, t.id);
    assert_eq!(
        contact(&mut o, ana, t.id, None).unwrap_err().code(),
        "forbidden"
    );
    // Refusals changed nothing: the promise is Lena's.
    assert_eq!(
        o.desk.ticket(t.id).unwrap().ticket.promise_at,
        start() + hm(5, 0)
    );
}

#[test]
fn the_owner_is_reminded_before_a_promise_falls_due_and_once() {
    let mut o = Org::quiet();
    let ana = o.ana;
    let t = promised(&mut o, hm(0, 0), hm(3, 0));
    assert_eq!(o.desk.next_due().unwrap(), Some(start() + hm(2, 0)));
    o.at(hm(1, 59));
    assert!(o.desk.sweep().unwrap().actions.is_empty());
    o.at(hm(2, 0));
    let swept = o.desk.sweep().unwrap();
    assert_eq!(swept.actions.len(), 1, "{swept:?}");
    assert_eq!(swept.actions[0].due, Due::Promise);
    assert_eq!(swept.actions[0].notify, vec![o.ana]);
    let alert = &o.desk.alerts(o.ana).unwrap()[0];
    assert_eq!(alert.due, Due::Promise);
    assert_eq!(
        alert.title,
        format!("#{}: promised to Olivia Bennett in 1h 00m", t.number)
    );
    o.at(hm(2, 30));
    assert!(o.desk.sweep().unwrap().actions.is_empty(), "once");
    // A new promise is reminded of in its turn: half the time left when it is under two hours.
    contact(&mut o, ana, t.id, Some(hm(3, 30))).unwrap();
    assert_eq!(o.desk.next_due().unwrap(), Some(start() + hm(3, 0)));
    // A promise at the mark is left to the mark's own warning.
    let u = promised(&mut o, hm(4, 0), Duration::hours(20));
    assert_eq!(u.promise_at, u.due_at);
    resolve(&mut o, t.id);
    assert_eq!(
        o.desk.next_due().unwrap(),
        Some(start() + hm(6, 0)),
        "Ana is reminded to confirm that the customer of the first heard back"
    );
    o.desk
        .act(
            ana,
            t.id,
            None,
            Action::Confirm {
                heard_back: true,
                what: None,
                delighted: None,
            },
        )
        .unwrap();
    assert_eq!(
        o.desk.next_due().unwrap(),
        Some(start() + hm(4, 0) + Duration::hours(16)),
        "only the warning of the second ticket is left"
    );
}

#[test]
fn a_promise_beyond_the_mark_is_the_executives_to_keep_once_it_escalates() {
    let mut o = Org::quiet();
    let t = promised(&mut o, hm(0, 0), hm(22, 0));
    assert_eq!(t.due_at, start() + hm(20, 0));
    o.at(hm(20, 0));
    o.desk.sweep().unwrap();
    assert_eq!(o.desk.next_due().unwrap(), Some(start() + hm(21, 0)));
    o.at(hm(21, 0));
    let swept = o.desk.sweep().unwrap();
    assert_eq!(swept.actions.len(), 1, "{swept:?}");
    assert_eq!(
        (swept.actions[0].due, swept.actions[0].notify.clone()),
        (Due::Promise, vec![o.grace])
    );
}

#[test]
fn the_month_counts_promises_kept_at_intake_by_contact_and_broken() {
    let mut o = Org::quiet();
    let ana = o.ana;
    let resolve = |o: &mut Org, t: i64, at: Duration| {
        o.at(at);
        resolve(o, t);
    };
    // Kept as promised at intake.
    let kept = promised(&mut o, hm(0, 0), hm(2, 0));
    // Renegotiated in time, then kept by the new time.
    let by_contact = promised(&mut o, hm(0, 0), hm(2, 0));
    // Renegotiated only after it lapsed: broken, even though the new time is met.
    let late_contact = promised(&mut o, hm(0, 0), hm(2, 0));
    // Renegotiated in time but missed again.
    let missed = promised(&mut o, hm(0, 0), hm(2, 0));
    o.at(hm(1, 0));
    contact(&mut o, ana, by_contact.id, Some(hm(5, 0))).unwrap();
    contact(&mut o, ana, missed.id, Some(hm(4, 0))).unwrap();
    resolve(&mut o, kept.id, hm(1, 30));
    o.at(hm(3, 0));
    contact(&mut o, ana, late_contact.id, Some(hm(6, 0))).unwrap();
    resolve(&mut o, by_contact.id, hm(4, 30));
    resolve(&mut o, missed.id, hm(4, 30));
    resolve(&mut o, late_contact.id, hm(5, 0));
    let month = o
        .desk
        .report(start() - Duration::days(1), start() + Duration::days(1))
        .unwrap();
    let t = &month.totals;
    assert_eq!(
        (t.promises_due, t.promises_kept, t.promises_kept_by_contact),
        (4, 1, 1)
    );
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn the_list_of_all_tickets_filters_by_promise_state_owner_category_and_recent_resolution() {
    use baton_core::tickets::{ListFilter, Page, PromiseState, Status};
    let mut o = Org::quiet();
    let ben = o.ben;
    // Day 0: one kept (resolved before its promise), one missed (resolved after it).
    let kept = promised(&mut o, hm(0, 0), hm(3, 0));
    let late = promised(&mut o, hm(0, 10), hm(1, 0));
    o.at(hm(1, 0));
    resolve(&mut o, kept.id);
    o.at(hm(2, 0));
    resolve(&mut o, late.id);
    // Day 9: one still ahead of its promise, one past it, and one held by Ben.
    let day = hm(24, 0);
    let pending = promised(&mut o, day * 9, hm(8, 0));
    let lapsed = promised(&mut o, day * 9, hm(1, 0));
    o.at(day * 9);
    let bens = o.intake_by(ben, "Ben's own");
    o.at(day * 9 + hm(2, 0));

    let numbers = |o: &mut Org, f: ListFilter| {
        let listing = o.desk.list(f, Page::first(100)).unwrap();
        let mut ids: Vec<i64> = listing.tickets.iter().map(|t| t.id).collect();
        ids.sort();
        assert_eq!(
            listing.total,
            Some(ids.len() as u32),
            "the total counts what matches"
        );
        ids
    };
    let by = |promise| ListFilter {
        promise: Some(promise),
        ..ListFilter::default()
    };
    assert_eq!(numbers(&mut o, by(PromiseState::Kept)), vec![kept.id]);
    assert_eq!(
        numbers(&mut o, by(PromiseState::Missed)),
        vec![late.id, lapsed.id]
    );
    assert_eq!(numbers(&mut o, by(PromiseState::Pending)), {
        let mut v = vec![pending.id, bens.id];
        v.sort();
        v
    });
    let open_of_ana = ListFilter {
        status: Some(Status::Open),
        owner_id: Some(o.ana),
        category_id: Some(o.billing),
        ..ListFilter::default()
    };
    assert_eq!(numbers(&mut o, open_of_ana), vec![pending.id, lapsed.id]);
    // Resolved nine days ago: gone from the last week's list, open ones stay.
    let recent = ListFilter {
        resolved_within_days: Some(7),
        ..ListFilter::default()
    };
    assert_eq!(numbers(&mut o, recent.clone()), {
        let mut v = vec![pending.id, lapsed.id, bens.id];
        v.sort();
        v
    });
    let month = ListFilter {
        status: Some(Status::Resolved),
        resolved_within_days: Some(30),
        ..ListFilter::default()
    };
    assert_eq!(numbers(&mut o, month), vec![kept.id, late.id]);
    assert_eq!(numbers(&mut o, ListFilter::default()).len(), 5);
}
