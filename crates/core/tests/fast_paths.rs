//! Fast paths for the common case: a problem solved on the call, and a manager reassigning
//! everything someone holds. On SQLite, and on PostgreSQL with BATON_TEST_PG.

mod common;

use baton_core::categories::NewCategory;
use baton_core::events::EventKind;
use baton_core::tickets::{Intake, Status};
use chrono::Duration;
use common::{hm, start, Org};
use std::collections::BTreeMap;

fn solved_on_the_call(o: &Org, resolution: &str) -> Intake {
    Intake {
        customer_id: o.olivia,
        category_id: o.billing,
        summary: "Asks what the second line on the invoice is".into(),
        fields: BTreeMap::from([
            ("account".into(), "AC-1".into()),
            ("invoice".into(), "INV-7".into()),
        ]),
        resolution: Some(resolution.into()),
        ..Intake::default()
    }
}

#[test]
fn a_problem_solved_on_the_call_is_taken_in_and_resolved_at_once_by_the_rep() {
    let mut o = Org::quiet();
    // Even where the category has an owner of its own, the rep who solved it holds it.
    let lena = o.lena;
    let delivery = o
        .desk
        .add_category(
            None,
            NewCategory {
                name: "Delivery".into(),
                fields: vec![],
                default_owner_id: Some(lena),
                realtime: false,
                small_steps: vec![],
            },
        )
        .unwrap()
        .id;
    let ana = o.ana;
    let intake = Intake {
        category_id: delivery,
        fields: BTreeMap::new(),
        ..solved_on_the_call(&o, "Explained the delivery fee line by line")
    };
    let t = o.desk.intake(ana, intake).unwrap();
    assert_eq!((t.status, t.owner_id), (Status::Resolved, ana));
    assert_eq!(
        t.resolution.as_deref(),
        Some("Explained the delivery fee line by line")
    );
    let kinds: Vec<EventKind> = o
        .desk
        .ticket(t.id)
        .unwrap()
        .events
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, [EventKind::Created, EventKind::Resolved]);
    // It counts as solved by her, and kept its promise.
    let month = o
        .desk
        .report(start() - Duration::days(1), start() + Duration::days(1))
        .unwrap();
    let ana_row = month.people.iter().find(|p| p.person_id == ana).unwrap();
    assert_eq!(ana_row.counted.solved, 1);
    assert_eq!(month.totals.promises_kept, 1);
    // A blank resolution takes nothing in.
    let blank = o
        .desk
        .intake(ana, solved_on_the_call(&o, "  "))
        .unwrap_err();
    assert_eq!(blank.code(), "invalid");
    assert_eq!(o.desk.search("second line").unwrap().len(), 1);
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn a_manager_reassigns_everything_someone_holds_at_once_or_not_at_all() {
    let mut o = Org::quiet();
    let (ana, ben, maya, lena, dev, tom) = (o.ana, o.ben, o.maya, o.lena, o.dev, o.tom);
    let held: Vec<i64> = (0..3)
        .map(|i| o.intake_by(ana, &format!("problem {i}")).id)
        .collect();
    let other = o.intake_by(ben, "Ben's own").id;
    o.at(hm(1, 0));
    // A lead may not assign; a manager outside the team may not; nor to someone outside it.
    let reason = "Ana is off sick this week";
    let by_lead = o.desk.reassign_open(lena, ana, ben, reason, None);
    assert_eq!(by_lead.unwrap_err().code(), "forbidden");
    let outside = o.desk.reassign_open(tom, ana, dev, reason, None);
    assert_eq!(outside.unwrap_err().code(), "forbidden");
    let elsewhere = o.desk.reassign_open(maya, ana, dev, reason, None);
    assert_eq!(elsewhere.unwrap_err().code(), "forbidden");
    for &t in &held {
        assert_eq!(
            o.desk.ticket(t).unwrap().ticket.owner_id,
            ana,
            "refused: unchanged"
        );
    }

    let moved = o
        .desk
        .reassign_open(maya, ana, ben, reason, Some("r1"))
        .unwrap();
    assert_eq!(moved.iter().map(|t| t.id).collect::<Vec<_>>(), held);
    for &t in &held {
        let d = o.desk.ticket(t).unwrap();
        assert_eq!(d.ticket.owner_id, ben);
        let e = d.events.last().unwrap();
        assert_eq!(
            (e.kind, e.actor_id, e.text.as_deref()),
            (EventKind::Assigned, Some(maya), Some(reason))
        );
    }
    assert_eq!(
        o.desk.ticket(other).unwrap().events.len(),
        1,
        "Ben's own untouched"
    );
    // Ben hears of each.
    let handed = o.desk.alerts(ben).unwrap();
    assert_eq!(handed.len(), 3);
    // Sent again: nothing twice. Nothing left: said so.
    o.desk
        .reassign_open(maya, ana, ben, reason, Some("r1"))
        .unwrap();
    assert_eq!(o.desk.ticket(held[0]).unwrap().events.len(), 2);
    let none = o
        .desk
        .reassign_open(maya, ana, ben, reason, None)
        .unwrap_err();
    assert_eq!(none.code(), "invalid");
    assert!(
        none.to_string().contains("Ana Souza holds no open tickets"),
        "{none}"
    );
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn a_captured_fact_is_corrected_with_its_before_and_after() {
    let mut o = Org::quiet();
    let (ana, lena, dev) = (o.ana, o.lena, o.dev);
    let t = o.intake_by(ana, "Charged twice").id;
    let fix = |k: &str, v: &str| baton_core::tickets::Action::Correct {
        fields: BTreeMap::from([(k.to_string(), v.to_string())]),
    };
    o.at(hm(1, 0));
    o.desk.act(ana, t, None, fix("invoice", " INV-8 ")).unwrap();
    let d = o.desk.ticket(t).unwrap();
    assert_eq!(d.ticket.fields["invoice"], "INV-8");
    let e = d.events.last().unwrap();
    assert_eq!(
        (e.kind, e.text.as_deref()),
        (EventKind::Corrected, Some("invoice: INV-7 → INV-8"))
    );
    // Search finds it by the corrected value.
    assert!(o.desk.search("INV-8").unwrap().iter().any(|f| f.id == t));
    // Refused, and nothing changed: a fact it does not have, a blank or unchanged value,
    // someone outside the team. Her lead may.
    for (who, action, code) in [
        (ana, fix("colour", "red"), "invalid"),
        (ana, fix("invoice", " "), "invalid"),
        (ana, fix("invoice", "INV-8"), "invalid"),
        (dev, fix("invoice", "INV-9"), "forbidden"),
    ] {
        assert_eq!(o.desk.act(who, t, None, action).unwrap_err().code(), code);
    }
    o.desk.act(lena, t, None, fix("account", "AC-2")).unwrap();
    assert_eq!(o.desk.ticket(t).unwrap().events.len(), 3);
    // The trail says what the row holds: verify agrees.
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn a_categorys_saved_texts_are_kept_checked_and_set_by_an_administrator() {
    use baton_core::snippets::Snippets;
    let mut o = Org::in_memory();
    let billing = o.billing;
    assert_eq!(o.desk.snippets(billing).unwrap(), Snippets::default());
    let texts = Snippets {
        resolutions: vec![
            " Refunded the duplicate charge ".into(),
            "Refunded the duplicate charge".into(),
            "  ".into(),
        ],
        steps: vec!["Checked the last three invoices".into()],
        callbacks: vec!["Called back: the refund is on its way".into()],
    };
    let refused = o.desk.set_snippets(Some(o.ana), billing, texts.clone());
    assert!(refused.is_err(), "a rep does not set a category's texts");
    assert_eq!(o.desk.snippets(billing).unwrap(), Snippets::default());
    let kept = o.desk.set_snippets(Some(o.maya), billing, texts).unwrap();
    assert_eq!(kept.resolutions, ["Refunded the duplicate charge"]);
    assert_eq!(o.desk.snippets(billing).unwrap(), kept);
    let missing = o
        .desk
        .set_snippets(None, 999, Snippets::default())
        .unwrap_err();
    assert!(missing.to_string().contains("999"), "{missing}");
    let bad = Snippets {
        callbacks: vec!["a\u{7}bell".into()],
        ..Snippets::default()
    };
    assert!(o.desk.set_snippets(None, billing, bad).is_err());
    assert_eq!(
        o.desk.snippets(billing).unwrap(),
        kept,
        "a refusal changes nothing"
    );
}
