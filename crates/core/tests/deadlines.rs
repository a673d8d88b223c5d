//! The deadline engine over the real store: exactly once, catch-up, next_due, policy changes,
//! and two connections racing on one file.

mod common;

use baton_core::deadlines::Due;
use baton_core::policy::Policy;
use baton_core::tickets::{Action, QueueKind};
use baton_core::Desk;
use chrono::Duration;
use common::{hm, start, Org};
use std::sync::Arc;

fn dues(o: &mut Org) -> Vec<Due> {
    o.desk
        .sweep()
        .unwrap()
        .actions
        .iter()
        .map(|a| a.due)
        .collect()
}

#[test]
fn each_mark_is_applied_exactly_once() {
    let mut o = Org::quiet();
    let t = o.intake_by(o.ana, "Printer on fire");
    assert_eq!(
        o.desk.next_due().unwrap(),
        Some(start() + Duration::hours(16))
    );

    for (at, expected) in [
        (hm(15, 59), vec![]),
        (hm(16, 1), vec![Due::Warn]),
        (hm(16, 1), vec![]),
        (hm(19, 59), vec![]),
        (hm(20, 1), vec![Due::Escalate]),
        (hm(20, 1), vec![]),
        (hm(30, 0), vec![]),
        (hm(68, 0), vec![]),
    ] {
        o.at(at);
        assert_eq!(dues(&mut o), expected, "at {at}");
    }
    let t = o.desk.ticket(t.id).unwrap().ticket;
    assert_eq!(t.owner_id, o.grace);
    assert_eq!(t.escalated_at, Some(start() + hm(20, 1)));
    assert_eq!(t.warned_at, Some(start() + hm(16, 1)));
    assert_eq!(
        o.desk.next_due().unwrap(),
        Some(start() + hm(20, 1) + Duration::hours(48)),
        "only the executive's idle tickle is left"
    );
}

#[test]
fn a_desk_closed_for_three_days_catches_up_at_once() {
    let mut o = Org::in_memory();
    let a = o.intake_by(o.ana, "first");
    o.at(hm(1, 0));
    let b = o.intake_by(o.ben, "second");
    o.desk
        .act(
            o.ben,
            b.id,
            None,
            Action::Tickle {
                at: start() + hm(3, 0),
            },
        )
        .unwrap();
    o.at(hm(2, 0));
    let c = o.intake_by(o.dev, "third");
    o.desk
        .act(
            o.dev,
            c.id,
            None,
            Action::Resolve {
                resolution: "done on the call".into(),
                prevention: None,
            },
        )
        .unwrap();

    o.at(Duration::days(3));
    let s = o.desk.sweep().unwrap();
    let mut got: Vec<(i64, Due)> = s.actions.iter().map(|x| (x.ticket_id, x.due)).collect();
    got.sort_by_key(|(id, d)| (*id, *d as u8));
    assert_eq!(
        got,
        [
            (a.id, Due::Escalate),
            (b.id, Due::Escalate),
            (b.id, Due::Reminder)
        ]
    );
    assert!(s
        .actions
        .iter()
        .filter(|x| x.due == Due::Escalate)
        .all(|x| x.owner_id == o.grace));
    assert_eq!(
        o.desk
            .queue(QueueKind::EscalatedToMe, Some(o.grace), true)
            .unwrap()
            .len(),
        2
    );
    assert!(
        o.desk.sweep().unwrap().actions.is_empty(),
        "catching up twice adds nothing"
    );
}

#[test]
fn idle_tickles_come_once_per_quiet_spell() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "quiet one");
    o.at(hm(3, 59));
    assert_eq!(dues(&mut o), []);
    o.at(hm(4, 0));
    assert_eq!(dues(&mut o), [Due::Idle]);
    o.at(hm(7, 0));
    assert_eq!(dues(&mut o), [], "no repeat until something happens");
    o.desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Note {
                text: "left a voicemail".into(),
            },
        )
        .unwrap();
    o.at(hm(11, 0));
    assert_eq!(dues(&mut o), [Due::Idle]);
}

#[test]
fn changing_the_policy_moves_open_tickets_marks() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    o.desk
        .set_policy(
            None,
            Policy {
                escalate_after_minutes: 8 * 60,
                warn_lead_minutes: 60,
                ..Policy::default()
            },
        )
        .unwrap();
    assert_eq!(
        o.desk.ticket(t.id).unwrap().ticket.due_at,
        start() + Duration::hours(8)
    );
    assert_eq!(
        o.desk.next_due().unwrap(),
        Some(start() + Duration::hours(4)),
        "the idle tickle comes first"
    );
    o.at(hm(7, 0));
    assert_eq!(dues(&mut o), [Due::Warn, Due::Idle]);
    assert_eq!(
        o.desk
            .set_policy(
                None,
                Policy {
                    warn_lead_minutes: 9 * 60,
                    escalate_after_minutes: 8 * 60,
                    ..Policy::default()
                }
            )
            .unwrap_err()
            .code(),
        "invalid"
    );
    // The executive named in the policy receives escalations: an executive, named by one.
    let eve = o
        .desk
        .add_person(
            None,
            baton_core::people::NewPerson {
                name: "Eve Adams".into(),
                role: baton_core::people::Role::Executive,
                reports_to: Some(o.grace),
                pin: None,
            },
        )
        .unwrap()
        .id;
    let to = |id| Policy {
        escalate_after_minutes: 8 * 60,
        warn_lead_minutes: 60,
        escalation_executive_id: Some(id),
        ..Policy::default()
    };
    let down = o.desk.set_policy(None, to(o.tom)).unwrap_err();
    assert!(
        down.to_string().contains("Tom Okafor is a manager"),
        "{down}"
    );
    let by_manager = o.desk.set_policy(Some(o.maya), to(eve)).unwrap_err();
    assert_eq!(by_manager.code(), "forbidden");
    o.desk.set_policy(Some(o.grace), to(eve)).unwrap();
    o.at(hm(8, 0));
    assert_eq!(dues(&mut o), [Due::Escalate]);
    assert_eq!(o.desk.ticket(t.id).unwrap().ticket.owner_id, eve);
}

#[test]
fn two_connections_sweeping_one_file_escalate_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baton.db");
    let mut o = Org::on_file(&path);
    for i in 0..40 {
        o.intake_by(o.ana, &format!("ticket {i}"));
    }
    let late = start() + Duration::hours(21);
    let sweeps: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut desk =
                    Desk::open(&path, Arc::new(baton_core::FakeClock::new(late))).unwrap();
                desk.sweep()
                    .unwrap()
                    .actions
                    .iter()
                    .filter(|a| a.due == Due::Escalate)
                    .count()
            })
        })
        .collect();
    let total: usize = sweeps.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(total, 40);
    o.at(hm(21, 0));
    assert!(o.desk.sweep().unwrap().actions.is_empty());
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn alerts_reach_the_right_people_once_with_the_time_left() {
    let mut o = Org::quiet();
    let t = o.intake_by(o.ana, "Charged twice");
    let cursor = o.desk.last_alert_id().unwrap();
    o.at(hm(16, 1));
    o.desk.sweep().unwrap();
    o.at(hm(20, 0));
    o.desk.sweep().unwrap();
    o.desk.sweep().unwrap();
    let raised: Vec<(i64, Due, String)> = o
        .desk
        .alerts_after(cursor)
        .unwrap()
        .into_iter()
        .map(|a| (a.person_id, a.due, a.title))
        .collect();
    let n = t.number;
    assert_eq!(
        raised,
        [
            (
                o.ana,
                Due::Warn,
                format!("#{n}: 3h 59m left before it escalates")
            ),
            (o.lena, Due::Warn, format!("#{n} in your team: 3h 59m left")),
            (o.grace, Due::Escalate, format!("#{n} escalated to you")),
            (
                o.ana,
                Due::Escalate,
                format!("#{n} escalated to Grace Hopper")
            ),
        ]
    );
    let grace = o.desk.alerts(o.grace).unwrap();
    assert!(
        grace[0].body.contains("Olivia Bennett — Charged twice")
            && grace[0].body.contains("Ana Souza held it")
    );
    assert_eq!(o.desk.unread_alerts(o.ana).unwrap(), 2);
    let ids: Vec<i64> = o.desk.alerts(o.ana).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(
        o.desk.mark_alerts_read(o.lena, &ids).unwrap(),
        0,
        "nobody reads another's alerts"
    );
    assert_eq!(o.desk.mark_alerts_read(o.ana, &ids).unwrap(), 2);
    assert_eq!(o.desk.unread_alerts(o.ana).unwrap(), 0);
}
