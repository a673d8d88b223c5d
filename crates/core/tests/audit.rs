//! The audit trail: append-only, hash-chained, and checked by `verify`.

mod common;

use baton_core::tickets::Action;
use common::Org;
use rusqlite::Connection;

fn org_with_history(path: &std::path::Path) -> Org {
    let mut o = Org::on_file(path);
    let t = o.intake_by(o.ana, "Charged twice");
    o.desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Note {
                text: "called the bank".into(),
            },
        )
        .unwrap();
    o.desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Pass {
                reason: "refund limit".into(),
            },
        )
        .unwrap();
    o.desk
        .act(
            o.lena,
            t.id,
            None,
            Action::Resolve {
                resolution: "refunded".into(),
                prevention: None,
            },
        )
        .unwrap();
    o
}

#[test]
fn a_clean_trail_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = org_with_history(&dir.path().join("b.db"));
    let v = o.desk.verify(&[]).unwrap();
    assert!(v.ok, "{v:?}");
    // The ticket's 4 events after the set-up's 8 (seven people, one category).
    assert_eq!((v.events_checked, v.first_broken), (12, None));
    assert_eq!(v.tickets_checked, 1);
}

#[test]
fn events_cannot_be_updated_or_deleted_through_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    drop(org_with_history(&path));
    let c = Connection::open(&path).unwrap();
    let err = c
        .execute("UPDATE events SET text = 'nothing to see' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(c.execute("DELETE FROM events WHERE id = 2", []).is_err());
}

#[test]
fn the_tally_of_open_tickets_follows_every_change_and_verify_recounts_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut o = org_with_history(&path);
    // Ana's ticket went up to Lena, who resolved it; Ben takes two in and passes one up: the
    // counts come from the tally.
    use baton_core::tickets::QueueKind;
    o.intake_by(o.ben, "Second call");
    let up = o.intake_by(o.ben, "Third call");
    let pass = Action::Pass {
        reason: "over my limit".into(),
    };
    o.desk.act(o.ben, up.id, None, pass).unwrap();
    let counts = o.desk.counts(o.lena).unwrap();
    assert_eq!((counts.mine, counts.team), (1, 1));
    assert_eq!(o.desk.counts(o.grace).unwrap().team, 2);
    assert_eq!(o.desk.count(QueueKind::Mine, Some(o.ana)).unwrap(), 0);
    drop(o);
    let c = Connection::open(&path).unwrap();
    c.execute("UPDATE tally SET escalated_from = escalated_from + 5", [])
        .unwrap();
    drop(c);
    // Verify says so and recounts it; the desk is not held damaged for a cache.
    let mut o = verify_finds(&path, "tally of open tickets was wrong");
    assert!(o.desk.damaged().is_none());
    assert!(o.desk.verify(&[]).unwrap().ok, "recounted");
}

#[test]
fn an_edited_event_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    drop(org_with_history(&path));
    // A tamperer who knows the schema drops the guard and rewrites history.
    let c = Connection::open(&path).unwrap();
    c.execute_batch("DROP TRIGGER events_no_update; UPDATE events SET text = 'we never said that' WHERE id = 2;").unwrap();
    drop(c);
    let mut o = Org::reopen(&path);
    let v = o.desk.verify(&[]).unwrap();
    assert!(!v.ok);
    let broken = v.first_broken.unwrap();
    assert_eq!(broken.event_id, 2);
    assert!(broken.problem.contains("edited"), "{}", broken.problem);
}

#[test]
fn a_removed_event_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    drop(org_with_history(&path));
    let c = Connection::open(&path).unwrap();
    c.execute_batch("DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 2;")
        .unwrap();
    drop(c);
    let v = Org::reopen(&path).desk.verify(&[]).unwrap();
    let broken = v.first_broken.unwrap();
    assert_eq!(
        broken.event_id, 3,
        "the event after the gap no longer follows"
    );
    assert!(broken.problem.contains("removed"), "{}", broken.problem);
}

#[test]
fn the_demo_replays_every_state_and_verifies() {
    let mut o = Org::empty();
    let summary = o.desk.load_demo().unwrap();
    assert_eq!((summary.people, summary.tickets), (11, 13));
    use baton_core::tickets::{QueueKind, Status};
    let all = o.desk.queue(QueueKind::All, None, false).unwrap();
    assert_eq!(all.len(), 13);
    assert!(all.iter().any(|t| t.status == Status::Resolved));
    assert!(all
        .iter()
        .any(|t| t.status == Status::Open && t.escalated_at.is_some()));
    assert!(all
        .iter()
        .any(|t| t.status == Status::Open && t.warned_at.is_some() && t.escalated_at.is_none()));
    assert!(all.iter().any(|t| t.tickle_at.is_some()));
    assert!(!o
        .desk
        .queue(QueueKind::NearEscalation, None, true)
        .unwrap()
        .is_empty());
    let report = o
        .desk
        .report(o.desk.now() - chrono::Duration::days(7), o.desk.now())
        .unwrap();
    assert!(
        report.delight.len() >= 3 && report.complaints.len() == 1,
        "{report:?}"
    );
    assert!(o.desk.verify(&[]).unwrap().ok);
    assert_eq!(o.desk.load_demo().unwrap_err().code(), "conflict");
    // The demo replays history but leaves the desk's own clock where it was.
    assert_eq!(o.desk.now(), common::start());
}

#[test]
fn events_naming_someone_removed_from_the_desk_are_found_by_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let o = org_with_history(&path);
    let lena = o.lena;
    drop(o);
    // Someone removes a person behind the desk's back; the trail still names her.
    let c = Connection::open(&path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; DELETE FROM tally WHERE person_id = {lena};
         DELETE FROM people WHERE id = {lena};"
    ))
    .unwrap();
    drop(c);
    verify_finds(&path, "events name someone who is no longer on the desk");
}

/// Opens the desk at `path` again; verify fails it with an integrity finding saying `what`.
fn verify_finds(path: &std::path::Path, what: &str) -> Org {
    let mut o = Org::reopen(path);
    let v = o.desk.verify(&[]).unwrap();
    assert!(!v.ok);
    assert!(
        v.integrity.iter().any(|p| p.contains(what)),
        "{:?}",
        v.integrity
    );
    o
}
