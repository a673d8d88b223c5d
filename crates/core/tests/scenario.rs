//! The whole life of a ticket, as the issue tells it: intake by a rep, passed to the lead, taken
//! by the manager, warned at 16 h, escalated at 20 h exactly once, solved by the executive, a
//! delighted customer, and a month report that counts all of it.

mod common;

use baton_core::deadlines::Due;
use baton_core::events::EventKind;
use baton_core::tickets::{Action, Status};
use chrono::{Duration, TimeZone, Utc};
use common::{hm, Org};

#[test]
fn a_ticket_from_intake_to_delight_and_the_month_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = Org::on_file(&dir.path().join("baton.db"));

    let t = o.intake_by(o.ana, "Charged twice for October");
    assert_eq!((t.owner_id, t.status), (o.ana, Status::Open));
    assert_eq!(t.due_at - t.created_at, Duration::hours(20));

    o.at(hm(1, 0));
    let t = o
        .desk
        .act(
            o.ana,
            t.id,
            Some(t.version),
            Action::Pass {
                reason: "refund above my limit".into(),
            },
        )
        .unwrap();
    assert_eq!(t.owner_id, o.lena);

    o.at(hm(2, 0));
    let t = o
        .desk
        .act(o.maya, t.id, Some(t.version), Action::Take)
        .unwrap();
    assert_eq!(t.owner_id, o.maya);

    // Maya sits on it. Idle tickle at 6 h (4 h after her take), warning at 16 h, escalation at 20 h.
    o.at(hm(15, 59));
    let s = o.desk.sweep().unwrap();
    assert_eq!(
        s.actions.iter().map(|a| a.due).collect::<Vec<_>>(),
        [Due::Idle]
    );
    o.at(hm(16, 1));
    let s = o.desk.sweep().unwrap();
    assert_eq!(s.actions.len(), 1);
    let warn = &s.actions[0];
    assert_eq!(warn.due, Due::Warn);
    assert_eq!(
        warn.notify,
        [o.maya, o.grace],
        "the owner and her superior are told"
    );
    o.at(hm(19, 59));
    assert!(o.desk.sweep().unwrap().actions.is_empty());
    o.at(hm(20, 1));
    let s = o.desk.sweep().unwrap();
    assert_eq!(s.actions.len(), 1);
    let esc = &s.actions[0];
    assert_eq!(
        (esc.due, esc.owner_id, esc.previous_owner_id),
        (Due::Escalate, o.grace, Some(o.maya))
    );
    assert!(esc.notify.contains(&o.grace));
    o.at(hm(20, 30));
    assert!(
        o.desk.sweep().unwrap().actions.is_empty(),
        "escalation happens once"
    );

    let t = o.desk.ticket(t.id).unwrap().ticket;
    assert_eq!(t.owner_id, o.grace);
    assert!(t.escalated_at.is_some());

    o.at(hm(21, 0));
    let t = o
        .desk
        .act(
            o.grace,
            t.id,
            Some(t.version),
            Action::Resolve {
                resolution: "refunded and credited".into(),
                prevention: None,
            },
        )
        .unwrap();
    assert_eq!(t.status, Status::Resolved);
    o.at(hm(22, 0));
    o.desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Feedback {
                delighted: true,
                what: "an executive called me back".into(),
            },
        )
        .unwrap();

    let kinds: Vec<EventKind> = o
        .desk
        .ticket(t.id)
        .unwrap()
        .events
        .iter()
        .map(|e| e.kind)
        .collect();
    use EventKind::*;
    assert_eq!(
        kinds,
        [Created, Passed, Taken, Tickled, Warned, Escalated, Resolved, Feedback]
    );

    let month = o
        .desk
        .report(
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    let row = |id| month.people.iter().find(|p| p.person_id == id).unwrap();
    assert_eq!(
        (
            row(o.ana).counted.passed,
            row(o.ana).counted.solved,
            row(o.ana).ratio.buck_passing_ratio
        ),
        (1, 0, Some(1.0))
    );
    assert_eq!(row(o.lena).counted.passed + row(o.lena).counted.solved, 0);
    assert_eq!(
        (row(o.maya).counted.taken, row(o.maya).counted.escalated),
        (1, 1),
        "Maya held it at the mark"
    );
    assert_eq!(
        (
            row(o.grace).counted.solved,
            row(o.grace).median_hours_to_solve
        ),
        (1, Some(0.98)),
        "held from 20:01 to 21:00"
    );
    let exec = month
        .executives
        .iter()
        .find(|e| e.person_id == o.grace)
        .unwrap();
    assert_eq!((exec.escalations_received, exec.escalations_solved), (1, 1));
    assert_eq!(month.delight.len(), 1);
    assert_eq!(month.delight[0].customer_name, "Olivia Bennett");
    assert_eq!(month.delight[0].what, "an executive called me back");
    assert_eq!(
        (
            month.totals.intake,
            month.totals.solved,
            month.totals.escalated
        ),
        (1, 1, 1)
    );
    assert_eq!(
        month.totals.promises_kept, 0,
        "promised by 20 h, solved at 21 h"
    );

    // The previous month saw none of it.
    let october = o
        .desk
        .report(
            Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(october.totals.intake, 0);
    assert!(october
        .people
        .iter()
        .all(|p| p.counted.solved + p.counted.passed + p.counted.taken == 0));

    assert!(o.desk.verify(&[]).unwrap().ok);
}
