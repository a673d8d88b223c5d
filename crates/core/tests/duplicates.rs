//! One call, one ticket: a call about an open ticket is added to it, and a lead merges two
//! tickets about one problem. On SQLite, and on PostgreSQL with BATON_TEST_PG.

mod common;

use baton_core::customers::NewCustomer;
use baton_core::events::EventKind;
use baton_core::tickets::{Action, ContactHow, Intake, Status};
use common::{hm, start, Org};
use std::collections::BTreeMap;

fn call(o: &Org, summary: &str, invoice: &str) -> Intake {
    Intake {
        customer_id: o.olivia,
        summary: summary.into(),
        fields: BTreeMap::from([
            ("account".into(), "AC-1".into()),
            ("invoice".into(), invoice.into()),
        ]),
        key: Some(format!("call-{summary}")),
        ..Intake::default()
    }
}

#[test]
fn a_call_about_an_open_ticket_is_added_to_it_once() {
    let mut o = Org::quiet();
    let t = o.intake_by(o.ana, "Charged twice");
    o.at(hm(1, 0));
    let ben = o.ben;
    let again = call(&o, "Asks again when the refund lands", "INV-9");
    let after = o.desk.call_about(ben, t.id, again.clone()).unwrap();
    assert_eq!(after.id, t.id);
    assert_eq!(after.owner_id, o.ana, "the owner keeps it");
    // Sent again with the same key (a lost acknowledgement): nothing twice.
    o.desk.call_about(ben, t.id, again).unwrap();
    let d = o.desk.ticket(t.id).unwrap();
    let calls: Vec<_> = d
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Contacted)
        .collect();
    assert_eq!(calls.len(), 1);
    let e = calls[0];
    assert!(e.data.inbound);
    assert_eq!(e.actor_id, Some(ben));
    // Only the fact that changed is noted (the account was already known).
    assert_eq!(
        e.text.as_deref(),
        Some("Asks again when the refund lands\nNew facts: invoice: INV-9")
    );
    assert_eq!(
        o.desk
            .queue(baton_core::tickets::QueueKind::All, None, false)
            .unwrap()
            .len(),
        1,
        "no second ticket"
    );
    // A chat about it is recorded as a chat, a walk-in as a visit.
    for (channel, how) in [("chat", ContactHow::Chat), ("walk-in", ContactHow::Visit)] {
        let chat = Intake {
            channel: Some(channel.into()),
            key: None,
            ..call(&o, &format!("Follows up by {channel}"), "INV-9")
        };
        o.desk.call_about(ben, t.id, chat).unwrap();
        let last = o.desk.ticket(t.id).unwrap().events.pop().unwrap();
        assert_eq!((last.data.how, last.data.inbound), (Some(how), true));
    }
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn a_call_is_added_only_to_the_callers_own_open_ticket() {
    let mut o = Org::quiet();
    let t = o.intake_by(o.ana, "Charged twice");
    let marcus = o
        .desk
        .add_customer(NewCustomer {
            name: "Marcus Lee".into(),
            phones: vec!["555 010 3000".into()],
            emails: vec![],
            notes: String::new(),
        })
        .unwrap()
        .id;
    let ana = o.ana;
    let stranger = Intake {
        customer_id: marcus,
        ..call(&o, "Someone else", "INV-1")
    };
    let refused = o.desk.call_about(ana, t.id, stranger).unwrap_err();
    assert_eq!(refused.code(), "conflict");
    assert!(
        refused.to_string().contains("Olivia Bennett's"),
        "{refused}"
    );
    let empty = o
        .desk
        .call_about(ana, t.id, call(&o, " ", "INV-1"))
        .unwrap_err();
    assert_eq!(empty.code(), "missing_fields");
    o.desk
        .act(
            ana,
            t.id,
            None,
            Action::Resolve {
                resolution: "Refunded".into(),
                prevention: None,
            },
        )
        .unwrap();
    let resolved = o
        .desk
        .call_about(ana, t.id, call(&o, "Thanks", "INV-1"))
        .unwrap_err();
    assert_eq!(resolved.code(), "forbidden");
    assert_eq!(
        o.desk.ticket(t.id).unwrap().events.len(),
        2,
        "nothing added"
    );
}

#[test]
fn a_lead_merges_a_duplicate_into_the_ticket_that_stays() {
    let mut o = Org::quiet();
    let (ana, ben, lena) = (o.ana, o.ben, o.lena);
    let first = o.intake_by(ana, "Charged twice");
    let dup = o.intake_by(ben, "Double charge on the card");
    o.at(hm(1, 0));
    // A rep may not merge, nor a manager outside the team; nor into itself, nor a stranger's.
    let rep = o
        .desk
        .merge(ana, dup.id, first.id, "same", None)
        .unwrap_err();
    assert_eq!(rep.code(), "forbidden");
    let outside = o.desk.merge(o.tom, dup.id, first.id, "same", None);
    assert_eq!(outside.unwrap_err().code(), "forbidden");
    let itself = o.desk.merge(lena, dup.id, dup.id, "same", None);
    assert_eq!(itself.unwrap_err().code(), "invalid");
    let blank = o.desk.merge(lena, dup.id, first.id, " ", None);
    assert_eq!(blank.unwrap_err().code(), "invalid");

    let kept = o
        .desk
        .merge(
            lena,
            dup.id,
            first.id,
            "Olivia called twice about one charge",
            Some("m1"),
        )
        .unwrap();
    assert_eq!((kept.id, kept.status), (first.id, Status::Open));
    let gone = o.desk.ticket(dup.id).unwrap();
    assert_eq!(gone.ticket.status, Status::Resolved);
    assert_eq!(gone.ticket.merged_into, Some(first.id));
    assert_eq!(
        gone.ticket.resolution.as_deref(),
        Some(
            format!(
                "Merged into #{}: Olivia called twice about one charge",
                first.number
            )
            .as_str()
        )
    );
    let e = gone.events.last().unwrap();
    assert_eq!(
        (e.kind, e.data.merged_into),
        (EventKind::Merged, Some(first.id))
    );
    let survivor = o.desk.ticket(first.id).unwrap();
    let e = survivor.events.last().unwrap();
    assert_eq!(
        (e.kind, e.data.merged_from),
        (EventKind::Merged, Some(dup.id))
    );
    // The survivor is found by the merged ticket's words.
    assert!(o
        .desk
        .search("double")
        .unwrap()
        .iter()
        .any(|t| t.id == first.id));
    // Once merged: not again, not reopened; and the key makes a resend do nothing.
    let again = o.desk.merge(lena, dup.id, first.id, "again", None);
    assert_eq!(again.unwrap_err().code(), "conflict");
    o.desk
        .merge(lena, dup.id, first.id, "again", Some("m1"))
        .unwrap();
    let offered = o.desk.ticket_as(ana, dup.id).unwrap().allowed;
    assert!(
        !offered.contains(&baton_core::tickets::ActionKind::Reopen),
        "{offered:?}"
    );
    let reopen = o.desk.act(
        ana,
        dup.id,
        None,
        Action::Reopen {
            reason: "back".into(),
        },
    );
    assert_eq!(reopen.unwrap_err().code(), "conflict");
    // A merge is not a solve, and the duplicate's promise is not counted.
    let month = o
        .desk
        .report(
            start() - chrono::Duration::days(1),
            start() + chrono::Duration::days(1),
        )
        .unwrap();
    assert_eq!((month.totals.solved, month.totals.promises_due), (0, 0));
    assert!(o.desk.verify(&[]).unwrap().ok);
}
