//! A customer's file: their whole history and notes anyone at the desk may keep up to date,
//! with the trail saying who changed them. On SQLite, and on PostgreSQL with BATON_TEST_PG.

mod common;

use baton_core::events::EventKind;
use baton_core::tickets::Action;
use common::{hm, Org};

#[test]
fn a_customers_file_holds_their_whole_history_and_notes_anyone_may_keep() {
    let mut o = Org::quiet();
    let ana = o.ana;
    let tickets: Vec<i64> = (0..5)
        .map(|i| {
            o.at(hm(i, 0));
            o.intake_by(ana, &format!("call {i}")).id
        })
        .collect();
    // The newest is resolved: the open ones come first (as intake offers them), then it.
    o.desk
        .act(
            ana,
            tickets[4],
            None,
            Action::Resolve {
                resolution: "done".into(),
                prevention: None,
            },
        )
        .unwrap();
    let file = o.desk.customer_file(o.olivia).unwrap();
    assert_eq!(file.customer.name, "Olivia Bennett");
    assert_eq!(file.open_tickets, 4);
    let shown: Vec<i64> = file.recent_tickets.iter().map(|t| t.id).collect();
    let (t0, t1, t2, t3, t4) = (tickets[0], tickets[1], tickets[2], tickets[3], tickets[4]);
    assert_eq!(shown, [t3, t2, t1, t0, t4], "open ones first, newest first");
    // A look-up's three are the open ones, not the newest resolved.
    let found = o.desk.find_customers("olivia").unwrap();
    let three: Vec<i64> = found[0].recent_tickets.iter().map(|t| t.id).collect();
    assert_eq!(three, [t3, t2, t1]);

    let olivia = o.olivia;
    let noted = o
        .desk
        .set_customer_notes(
            ana,
            olivia,
            "  Prefers e-mail; deaf in one ear, speak clearly  ",
        )
        .unwrap();
    assert_eq!(
        noted.customer.notes,
        "Prefers e-mail; deaf in one ear, speak clearly"
    );
    let change = o.desk.desk_changes(5).unwrap().into_iter().next().unwrap();
    assert_eq!(
        (change.kind, change.actor_id),
        (EventKind::CustomerNoted, Some(ana))
    );
    assert!(
        !change.text.unwrap_or_default().contains("Prefers"),
        "the notes themselves stay out of the trail"
    );
    // Refused, and nothing changed: a control character, an unknown customer.
    let bad = o
        .desk
        .set_customer_notes(ana, olivia, "beep\u{7}")
        .unwrap_err();
    assert_eq!(bad.code(), "invalid");
    assert_eq!(
        o.desk
            .set_customer_notes(ana, 999_999, "x")
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        o.desk.customer(olivia).unwrap().notes,
        "Prefers e-mail; deaf in one ear, speak clearly"
    );
    assert!(o.desk.verify(&[]).unwrap().ok);
}
