//! Erasing a customer's personal data on request: what they said is gone from every ticket and
//! event, who erased it and why is in the trail, and the trail still verifies (and still
//! catches an edit).

mod common;

use baton_core::events::EventKind;
use baton_core::privacy::TOMBSTONE;
use baton_core::tickets::{Action, Intake};
use common::Org;
use rusqlite::Connection;

fn customer_with_history(o: &mut Org) -> i64 {
    let t = o
        .intake_by(o.ana, "Olivia's card ending 4111 charged twice")
        .id;
    let act = |o: &mut Org, who, action| o.desk.act(who, t, None, action).unwrap();
    act(
        o,
        o.ana,
        Action::Note {
            text: "She lives at 12 Elm Street".into(),
        },
    );
    act(
        o,
        o.ana,
        Action::Resolve {
            resolution: "Refunded to card 4111".into(),
            prevention: None,
        },
    );
    act(
        o,
        o.ana,
        Action::Feedback {
            delighted: true,
            what: "Olivia: quick!".into(),
        },
    );
    t
}

#[test]
fn an_erased_customer_is_gone_and_the_trail_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baton.db");
    let mut o = Org::on_file(&path);
    let t = customer_with_history(&mut o);
    let witness = o.desk.chain_head().unwrap().unwrap().hash;

    let erased = o
        .desk
        .erase_customer(Some(o.maya), o.olivia, "erasure request #42 by email")
        .unwrap();
    assert_eq!((erased.tickets.clone(), erased.events_erased), (vec![t], 4));

    let c = o.desk.customer(o.olivia).unwrap();
    assert!(c.phones.is_empty() && c.emails.is_empty());
    assert!(!c.name.contains("Olivia"), "{}", c.name);
    let d = o.desk.ticket(t).unwrap();
    assert_eq!(d.ticket.summary, TOMBSTONE);
    assert!(d.ticket.fields.values().all(|v| v == TOMBSTONE));
    assert_eq!(d.ticket.resolution.as_deref(), Some(TOMBSTONE));
    assert!(d
        .events
        .iter()
        .all(|e| e.text.as_deref().is_none_or(|x| x == TOMBSTONE)));
    assert!(o.desk.search("4111").unwrap().is_empty());
    assert!(o.desk.find_customers("Olivia").unwrap().is_empty());

    // Who erased what and why is in the desk's history; the trail and the old witness hold.
    let change = &o.desk.desk_changes(1).unwrap()[0];
    assert_eq!(change.kind, EventKind::CustomerErased);
    assert_eq!(change.actor_id, Some(o.maya));
    assert_eq!(change.text.as_deref(), Some("erasure request #42 by email"));
    let v = o.desk.verify(&[witness]).unwrap();
    assert!(v.ok, "{v:?}");

    // Only tombstones may be written into an event; a tamperer who drops that guard to write
    // something else into an erased event is still caught.
    let raw = Connection::open(&path).unwrap();
    let forged = "UPDATE events SET text = 'refund denied' WHERE ticket_id = ?1 AND kind = 'note'";
    assert!(raw.execute(forged, [t]).is_err());
    raw.execute_batch("DROP TRIGGER events_no_update").unwrap();
    raw.execute(forged, [t]).unwrap();
    drop(raw);
    let v = o.desk.verify(&[]).unwrap();
    assert!(!v.ok);
    let broken = v.first_broken.unwrap();
    assert!(broken.problem.contains("tombstones"), "{}", broken.problem);
}

#[test]
fn only_an_administrator_erases_with_a_reason_and_again_what_came_since() {
    let mut o = Org::in_memory();
    customer_with_history(&mut o);
    let head = o.desk.chain_head().unwrap();
    let (ana, maya) = (Some(o.ana), Some(o.maya));
    let code = |o: &mut Org, by, reason: &str| {
        o.desk
            .erase_customer(by, o.olivia, reason)
            .unwrap_err()
            .code()
    };
    assert_eq!(code(&mut o, ana, "asked to"), "forbidden");
    assert_eq!(code(&mut o, maya, "  "), "invalid");
    assert_eq!(
        o.desk.chain_head().unwrap(),
        head,
        "a refusal writes nothing"
    );
    assert!(o.desk.customer(o.olivia).unwrap().name.contains("Olivia"));
    o.desk
        .erase_customer(None, o.olivia, "court order")
        .unwrap();
    // No new ticket for an erased customer; a note later written on one of their tickets is
    // erased by erasing again, and the trail still verifies.
    let refused = o
        .desk
        .intake(
            o.ana,
            Intake {
                customer_id: o.olivia,
                category_id: o.billing,
                summary: "Olivia again, 12 Elm Street".into(),
                ..Intake::default()
            },
        )
        .unwrap_err();
    assert!(refused.to_string().contains("new customer"), "{refused}");
    let t = o.desk.customer_file(o.olivia).unwrap().recent_tickets[0].id;
    let note = Action::Note {
        text: "Her new address: 7 Oak Road".into(),
    };
    o.desk.act(o.ana, t, None, note).unwrap();
    assert_eq!(o.desk.search("Oak").unwrap().len(), 1);
    let again = o
        .desk
        .erase_customer(None, o.olivia, "asked again")
        .unwrap();
    assert_eq!(again.tickets, [t]);
    assert!(o.desk.search("Oak").unwrap().is_empty());
    assert!(o
        .desk
        .ticket(t)
        .unwrap()
        .events
        .iter()
        .all(|e| e.text.as_deref().is_none_or(|x| x == TOMBSTONE)));
    assert!(o.desk.verify(&[]).unwrap().ok);
    assert_eq!(
        o.desk
            .erase_customer(None, 999, "nobody")
            .unwrap_err()
            .code(),
        "not_found"
    );
}
