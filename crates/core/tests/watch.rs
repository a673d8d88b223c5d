//! A running install across a simulated day, with a fake clock and a recording notifier.

mod common;

use baton_core::alerts::Alert;
use baton_core::deadlines::Due;
use baton_core::policy::Policy;
use baton_core::tickets::Action;
use baton_core::watch::{self, Notifier, MAX_NAP};
use chrono::Duration;
use common::{hm, start, Org};
use std::collections::BTreeSet;
use std::sync::Mutex;

#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<(i64, Due, i64)>>,
    fail: bool,
}

impl Notifier for Recorder {
    fn notify(&self, a: &Alert) -> Result<(), String> {
        if self.fail {
            return Err("no notification daemon".into());
        }
        self.seen
            .lock()
            .unwrap()
            .push((a.person_id, a.due, a.ticket_id));
        Ok(())
    }
}

/// Wakes the way the shell's timer does, from `from` to `to`, returning the naps taken.
fn run(
    o: &mut Org,
    rec: &Recorder,
    people: &BTreeSet<i64>,
    cursor: &mut i64,
    to: Duration,
) -> Vec<Duration> {
    let mut naps = vec![];
    loop {
        let t = watch::tick(&mut o.desk, rec, people, *cursor).unwrap();
        *cursor = t.cursor;
        naps.push(t.nap);
        let next = o.desk.now() + t.nap.max(Duration::seconds(1));
        if next > start() + to {
            return naps;
        }
        o.clock.set(next);
    }
}

#[test]
fn a_manager_watching_all_day_is_told_before_the_mark_and_the_executive_at_it() {
    let mut o = Org::quiet();
    let t = o.intake_by(o.ana, "Charged twice");
    let mut other = o.intake_by(o.ben, "Solved quickly");
    other = o
        .desk
        .act(
            o.ben,
            other.id,
            None,
            Action::Resolve {
                resolution: "done".into(),
                prevention: None,
            },
        )
        .unwrap();
    let rec = Recorder::default();
    // This install: Lena (the lead) signed in, and it watches the executive.
    let people = BTreeSet::from([o.lena, o.grace]);
    let mut cursor = o.desk.last_alert_id().unwrap();
    let naps = run(&mut o, &rec, &people, &mut cursor, Duration::hours(24));
    assert!(naps.iter().all(|n| *n <= MAX_NAP));
    assert_eq!(
        *rec.seen.lock().unwrap(),
        [(o.lena, Due::Warn, t.id), (o.grace, Due::Escalate, t.id)],
        "Ana's own alerts are raised on her install, not this one; the solved ticket raises none ({})",
        other.id
    );
}

#[test]
fn an_install_closed_for_three_days_notifies_at_once_on_start() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "left over the weekend");
    let cursor = o.desk.last_alert_id().unwrap();
    o.at(Duration::days(3));
    let rec = Recorder::default();
    let tick = watch::tick(&mut o.desk, &rec, &BTreeSet::from([o.grace]), cursor).unwrap();
    assert_eq!(tick.notified.len(), 1);
    assert_eq!(
        (tick.notified[0].due, tick.notified[0].ticket_id),
        (Due::Escalate, t.id)
    );
    let again = watch::tick(&mut o.desk, &rec, &BTreeSet::from([o.grace]), tick.cursor).unwrap();
    assert!(again.notified.is_empty(), "once each");
}

#[test]
fn a_policy_change_reschedules_the_next_wake() {
    let mut o = Org::in_memory();
    o.intake_by(o.ana, "x");
    o.at(hm(3, 0));
    o.desk
        .set_policy(
            None,
            Policy {
                escalate_after_minutes: 4 * 60,
                warn_lead_minutes: 60,
                idle_tickle_minutes: 600,
                escalation_executive_id: None,
            },
        )
        .unwrap();
    let rec = Recorder::default();
    let people = BTreeSet::from([o.ana]);
    let t = watch::tick(&mut o.desk, &rec, &people, 0).unwrap();
    assert_eq!(
        t.notified.iter().map(|a| a.due).collect::<Vec<_>>(),
        [Due::Warn],
        "3 h in, a 4 h policy warns at once"
    );
    o.at(hm(3, 59) + Duration::seconds(30));
    assert_eq!(
        watch::tick(&mut o.desk, &rec, &people, t.cursor)
            .unwrap()
            .nap,
        Duration::seconds(30)
    );
}

#[test]
fn failed_notifications_are_reported_not_lost() {
    let mut o = Org::in_memory();
    o.intake_by(o.ana, "x");
    o.at(hm(20, 0));
    let rec = Recorder {
        fail: true,
        ..Recorder::default()
    };
    let t = watch::tick(&mut o.desk, &rec, &BTreeSet::from([o.grace]), 0).unwrap();
    assert_eq!(t.failures.len(), 1);
    assert_eq!(t.failures[0].error, "no notification daemon");
    assert_eq!(
        o.desk.unread_alerts(o.grace).unwrap(),
        1,
        "the bell still has it"
    );
}

#[test]
fn preferences_choose_what_is_shown_natively_but_escalations_always_come_through() {
    use baton_core::preferences::{Preferences, Quiet};
    let mut o = Org::quiet();
    let t = o.intake_by(o.ana, "Charged twice");
    // Lena wants no warnings; Grace wants nothing at night (the escalation comes at 05:00).
    let lena = o
        .desk
        .set_preferences(
            o.lena,
            Preferences {
                kinds: vec![Due::Handed, Due::Promise],
                quiet: None,
            },
        )
        .unwrap();
    assert_eq!(lena.kinds, [Due::Escalate, Due::Handed, Due::Promise]);
    let night = Preferences {
        kinds: vec![],
        quiet: Some(Quiet {
            from: "22:00".into(),
            to: "7:00".into(),
        }),
    };
    o.desk.set_preferences(o.grace, night).unwrap();
    // A bad time changes nothing.
    let bad = Preferences {
        kinds: vec![],
        quiet: Some(Quiet {
            from: "22:00".into(),
            to: "7 am".into(),
        }),
    };
    let err = o.desk.set_preferences(o.grace, bad).unwrap_err();
    assert!(err.to_string().contains("not a time of day"), "{err}");
    assert_eq!(
        o.desk.preferences(o.grace).unwrap().quiet.unwrap().to,
        "07:00"
    );

    let rec = Recorder::default();
    let people = BTreeSet::from([o.lena, o.grace]);
    let mut cursor = o.desk.last_alert_id().unwrap();
    run(&mut o, &rec, &people, &mut cursor, Duration::hours(24));
    assert_eq!(
        *rec.seen.lock().unwrap(),
        [(o.grace, Due::Escalate, t.id)],
        "Lena's warning stays in her bell; Grace's escalation wakes her at 05:00"
    );
    let bell = o.desk.alerts(o.lena).unwrap();
    assert!(
        bell.iter().any(|a| a.due == Due::Warn && !a.read),
        "the bell keeps what is not shown"
    );
    // The trail records who changed their preferences.
    let changes = o.desk.desk_changes(10).unwrap();
    assert!(changes
        .iter()
        .any(|e| e.kind == baton_core::events::EventKind::PreferencesSet
            && e.actor_id == Some(o.grace)));
}
