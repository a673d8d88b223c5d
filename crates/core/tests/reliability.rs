//! What attacking Baton found (issue 7): each test fails without its fix.

mod common;

use baton_core::categories::field_values;
use baton_core::people::{NewPerson, Role};
use baton_core::policy::Policy;
use baton_core::store::Create;
use baton_core::tickets::{Action, Intake};
use baton_core::{Desk, FakeClock};
use common::{hm, start, Org};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

fn resolve(o: &mut Org, who: i64, id: i64) {
    o.desk
        .act(
            who,
            id,
            None,
            Action::Resolve {
                resolution: "reset tray".into(),
                prevention: None,
            },
        )
        .unwrap();
}

fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

#[test]
fn notes_and_feedback_on_a_resolved_ticket_keep_its_resolution() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "Paper jam");
    let ana = o.ana;
    resolve(&mut o, ana, t.id);
    let feedback = Action::Feedback {
        delighted: true,
        what: "fast".into(),
    };
    o.desk.act(o.ana, t.id, None, feedback).unwrap();
    o.desk
        .act(
            o.ben,
            t.id,
            None,
            Action::Note {
                text: "follow-up".into(),
            },
        )
        .unwrap();
    let after = o.desk.ticket(t.id).unwrap().ticket;
    assert_eq!(after.resolution.as_deref(), Some("reset tray"));
    assert!(after.resolved_at.is_some());
    assert!(o.desk.verify(&[]).unwrap().ok);
}

/// A desk on file with a few tickets, and its head before anything is tampered with.
fn tampered_desk(dir: &Path) -> (Org, String) {
    let mut o = Org::on_file(&dir.join("b.db"));
    let a = o.intake_by(o.ana, "Charged twice");
    o.intake_by(o.ben, "Wrong invoice");
    let ana = o.ana;
    resolve(&mut o, ana, a.id);
    let v = o.desk.verify(&[]).unwrap();
    assert!(v.ok, "{v:?}");
    (o, v.head.unwrap().hash)
}

#[test]
fn rows_rewritten_behind_the_trail_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut o, _) = tampered_desk(dir.path());
    let c = raw(&dir.path().join("b.db"));
    c.execute(
        "UPDATE tickets SET owner_id = ?1 WHERE id = 1002",
        [o.grace],
    )
    .unwrap();
    c.execute("UPDATE tickets SET status = 'open' WHERE id = 1001", [])
        .unwrap();
    c.execute(
        "UPDATE tickets SET summary = 'nothing happened' WHERE id = 1001",
        [],
    )
    .unwrap();
    let v = o.desk.verify(&[]).unwrap();
    assert!(!v.ok);
    assert_eq!(v.mismatch_count, 2);
    let of = |id: i64| {
        v.mismatches
            .iter()
            .find(|m| m.ticket_id == id)
            .unwrap()
            .problems
            .join("; ")
    };
    assert!(
        of(1002).contains(&format!("the owner is {} in the row", o.grace)),
        "{}",
        of(1002)
    );
    assert!(
        of(1001).contains("the status is open in the row but resolved"),
        "{}",
        of(1001)
    );
    assert!(of(1001).contains("the summary"), "{}", of(1001));

    // What intake recorded: whose ticket, which kind, when and by whom.
    let other = o.customer("Someone Else");
    let delivery = o
        .desk
        .add_category(
            None,
            baton_core::categories::NewCategory {
                name: "Delivery".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let c = raw(&dir.path().join("b.db"));
    c.execute(
        "UPDATE tickets SET customer_id = ?1, category_id = ?2, created_at = created_at - 86400000,
             intake_rep_id = ?3 WHERE id = 1002",
        [other, delivery, o.grace],
    )
    .unwrap();
    let v = o.desk.verify(&[]).unwrap();
    let moved = v.mismatches.iter().find(|m| m.ticket_id == 1002).unwrap();
    for what in [
        "the customer",
        "the category",
        "the time taken in",
        "who took it in",
    ] {
        assert!(
            moved.problems.iter().any(|p| p.starts_with(what)),
            "{what}: {moved:?}"
        );
    }
}

#[test]
fn a_truncated_tail_fails_the_witness_and_a_forged_append_fails_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let (mut o, head) = tampered_desk(dir.path());
    let c = raw(&dir.path().join("b.db"));
    c.execute_batch(
        "DROP TRIGGER events_no_delete;
         DELETE FROM events WHERE id = (SELECT max(id) FROM events);
         UPDATE tickets SET status = 'open', resolution = NULL, resolved_at = NULL WHERE id = 1001;",
    )
    .unwrap();
    // The chain left behind is whole and every row matches it: only the witness tells.
    let v = o.desk.verify(&[]).unwrap();
    assert!(v.ok, "{v:?}");
    let v = o.desk.verify(std::slice::from_ref(&head)).unwrap();
    assert!(!v.ok);
    assert_eq!(v.witnesses[0].event_id, None);

    // A correctly chained `resolved` appended for an open ticket.
    let (id, prev): (i64, String) = c
        .query_row(
            "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged = baton_core::events::EventRecord {
        ticket_id: Some(1002),
        kind: "resolved",
        at_ms: start().timestamp_millis() + 1,
        actor_id: Some(o.ben),
        text: Some("forged".into()),
        ..Default::default()
    };
    c.execute(
        "INSERT INTO events (id, ticket_id, kind, at, actor_id, text, prev_hash, hash)
         VALUES (?1, 1002, 'resolved', ?2, ?3, 'forged', ?4, ?5)",
        rusqlite::params![
            id + 1,
            forged.at_ms,
            o.ben,
            prev,
            forged.hash(id + 1, &prev)
        ],
    )
    .unwrap();
    let v = o.desk.verify(&[]).unwrap();
    assert!(v.first_broken.is_none(), "the forgery chains correctly");
    assert!(!v.ok);
    assert_eq!(v.mismatches[0].ticket_id, 1002);
}

#[test]
fn a_retyped_column_is_a_named_broken_link_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let (mut o, _) = tampered_desk(dir.path());
    raw(&dir.path().join("b.db"))
        .execute_batch(
            "DROP TRIGGER events_no_update;
             UPDATE events SET text = CAST(text AS BLOB) WHERE id = 6;",
        )
        .unwrap();
    let v = o.desk.verify(&[]).unwrap();
    let broken = v.first_broken.unwrap();
    assert_eq!(broken.event_id, 6);
    assert!(
        broken.problem.contains("text column holds a blob"),
        "{}",
        broken.problem
    );
}

#[test]
fn set_up_changes_are_on_the_trail_with_who_and_when() {
    let mut o = Org::in_memory();
    let policy = Policy {
        escalate_after_minutes: 8 * 60,
        ..Policy::default()
    };
    o.desk.set_policy(Some(o.grace), policy).unwrap();
    o.desk.set_pin(Some(o.maya), o.ana, "2468").unwrap();
    o.desk.move_person(None, o.dev, o.maya).unwrap();
    let changes = o.desk.desk_changes(10).unwrap();
    let kinds: Vec<_> = changes.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds[..3], ["person_moved", "pin_set", "policy_changed"]);
    assert_eq!(changes[2].actor_id, Some(o.grace));
    assert_eq!(changes[2].at, start());
    assert!(changes[2]
        .text
        .as_deref()
        .unwrap()
        .contains("escalate after 8h"));
    assert_eq!(
        changes[0].actor_id, None,
        "the administrator at the command line"
    );
    // The policy moved open deadlines, and the replay agrees.
    o.intake_by(o.ana, "Before the change");
    o.desk.set_policy(None, Policy::default()).unwrap();
    assert!(o.desk.verify(&[]).unwrap().ok);
    // Only managers and executives change the set-up, whoever calls.
    let refused = o.desk.set_policy(Some(o.ana), policy).unwrap_err();
    assert_eq!(refused.code(), "forbidden");
}

#[test]
fn six_processes_creating_one_desk_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let opened: Vec<_> = (0..6)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                Desk::create(&path, Arc::new(FakeClock::new(start()))).map(drop)
            })
        })
        .collect();
    for t in opened {
        t.join().unwrap().unwrap();
    }
    assert!(
        Desk::open(&path, Arc::new(FakeClock::new(start())))
            .unwrap()
            .verify(&[])
            .unwrap()
            .ok
    );
}

fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn files_are_identified_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let clock = || Arc::new(FakeClock::new(start()));
    // Another application's database, in rollback-journal mode.
    let other = dir.path().join("other.db");
    raw(&other)
        .execute_batch("CREATE TABLE songs (title TEXT)")
        .unwrap();
    let before = bytes_of(&other);
    assert_eq!(
        Desk::create(&other, clock()).err().unwrap().code(),
        "not_baton"
    );
    assert_eq!(bytes_of(&other), before);
    // A desk made by a newer Baton.
    let newer = dir.path().join("newer.db");
    drop(Desk::create(&newer, clock()).unwrap());
    let c = raw(&newer);
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    let later = baton_core::store::sqlite::SCHEMA_VERSION + 1;
    c.pragma_update(None, "user_version", later).unwrap();
    drop(c);
    let before = bytes_of(&newer);
    let e = Desk::open(&newer, clock()).err().unwrap();
    assert_eq!(e.code(), "newer_schema");
    assert!(
        e.to_string()
            .contains(&format!("schema {later}, this build knows up to")),
        "{e}"
    );
    assert_eq!(bytes_of(&newer), before, "not switched to WAL");
    // A path with no desk is not created by opening it.
    let missing = dir.path().join("typo/baton.db");
    assert_eq!(
        Desk::open(&missing, clock()).err().unwrap().code(),
        "no_desk"
    );
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn a_damaged_desk_refuses_writes_until_a_backup_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let backup = dir.path().join("before.db");
    let mut o = Org::on_file(&path);
    for i in 0..40 {
        o.intake_by(
            o.ana,
            &format!("Problem number {i} with a long enough summary to fill pages"),
        );
    }
    o.desk.backup(&backup).unwrap();
    drop(o);
    // Checkpoint into the main file, then overwrite a page of the trail (not one the desk
    // reads to open).
    let c = raw(&path);
    c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    let victim: i64 = c
        .query_row(
            "SELECT max(pageno) FROM dbstat WHERE name = 'events' AND pagetype = 'leaf'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(c);
    let mut bytes = bytes_of(&path);
    let page = 4096;
    let victim = victim as usize - 1;
    bytes[victim * page..(victim + 1) * page].fill(0x5a);
    std::fs::write(&path, bytes).unwrap();

    let clock = Arc::new(FakeClock::new(start() + hm(1, 0)));
    let mut desk = Desk::open(&path, clock.clone()).unwrap();
    let v = desk.verify(&[]).unwrap();
    assert!(!v.ok && !v.integrity.is_empty(), "{v:?}");
    let refused = desk
        .add_person(
            None,
            NewPerson {
                name: "Zoe".into(),
                role: Role::Rep,
                reports_to: Some(1),
                pin: None,
            },
        )
        .unwrap_err();
    assert_eq!(refused.code(), "damaged");
    assert!(refused.to_string().contains("baton restore"), "{refused}");

    // Another process opening it later refuses too.
    let mut again = Desk::open(&path, clock.clone()).unwrap();
    assert_eq!(
        again
            .set_policy(None, Policy::default())
            .unwrap_err()
            .code(),
        "damaged"
    );
    drop((desk, again));

    let restored = Desk::restore(&path, &backup, clock.clone()).unwrap();
    assert!(Path::new(&restored.kept_aside).exists());
    let mut desk = Desk::open(&path, clock).unwrap();
    assert!(desk.verify(&[]).unwrap().ok);
    assert_eq!(
        desk.queue(baton_core::tickets::QueueKind::All, None, true)
            .unwrap()
            .len(),
        40
    );
    desk.set_policy(None, Policy::default()).unwrap();
}

/// A desk a check found damaged takes no writes, but its people still sign in, to read it and
/// restore a backup: the PIN's failures are counted in memory, so wrong ones still lock out,
/// and nothing is written.
#[test]
fn people_sign_in_to_a_damaged_desk_without_writing_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut o = Org::on_file(&path);
    let (grace, ana) = (o.grace, o.ana);
    o.desk.set_pin(None, grace, "2468").unwrap();
    o.desk.set_pin(None, ana, "1357").unwrap();
    drop(o);
    // Open before another connection's check finds the damage, as the app's desk is.
    let mut desk = Desk::open(&path, Arc::new(FakeClock::new(start() + hm(1, 0)))).unwrap();
    std::fs::write(
        baton_core::store::damage_marker(&path),
        "the integrity check found: page 44 is never used",
    )
    .unwrap();
    let before = bytes_of(&path);
    assert_eq!(desk.sign_in(grace, "2468").unwrap().id, grace);
    assert!(desk.damaged().is_some());
    for _ in 0..4 {
        assert_eq!(desk.sign_in(ana, "0000").unwrap_err().code(), "wrong_pin");
    }
    assert_eq!(desk.sign_in(ana, "0000").unwrap_err().code(), "locked_out");
    assert_eq!(desk.sign_in(ana, "1357").unwrap_err().code(), "locked_out");
    drop(desk);
    assert_eq!(bytes_of(&path), before, "nothing written");
}

/// A backup goes to a new file and never overwrites one; what a restore keeps aside is never
/// written over, even by a second restore within the same second.
#[test]
fn backups_and_restores_overwrite_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, backup) = (dir.path().join("b.db"), dir.path().join("bk.db"));
    let mut o = Org::on_file(&path);
    o.intake_by(o.ana, "Before the backup");
    o.desk.backup(&backup).unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "mine").unwrap();
    // Nor a file beside the one named: the copy is written under a name of its own first.
    let beside = dir.path().join("new.partial");
    std::fs::write(&beside, "also mine").unwrap();
    o.desk.backup(&dir.path().join("new.db")).unwrap();
    assert_eq!(std::fs::read(&beside).unwrap(), b"also mine");
    for taken in [&notes, &backup] {
        let before = bytes_of(taken);
        let refused = o.desk.backup(taken).unwrap_err();
        assert!(refused.to_string().contains("already exists"), "{refused}");
        assert_eq!(bytes_of(taken), before);
    }
    let (ana, clock) = (o.ana, o.clock.clone());
    let tickets = |db: &Path| {
        Desk::open(db, clock.clone())
            .unwrap()
            .queue(baton_core::tickets::QueueKind::All, None, true)
            .unwrap()
            .len()
    };
    o.intake_by(ana, "Only in the desk the first restore replaced");
    drop(o);
    let first = Desk::restore(&path, &backup, clock.clone()).unwrap();
    let second = Desk::restore(&path, &backup, clock.clone()).unwrap();
    assert_ne!(first.kept_aside, second.kept_aside);
    assert_eq!(tickets(Path::new(&first.kept_aside)), 2);
    assert_eq!(tickets(Path::new(&second.kept_aside)), 1);
}

#[test]
fn a_foreign_or_broken_backup_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut o = Org::on_file(&path);
    o.intake_by(o.ana, "Keep me");
    drop(o);
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a backup at all").unwrap();
    let clock = Arc::new(FakeClock::new(start()));
    let before = bytes_of(&path);
    assert_eq!(
        Desk::restore(&path, &junk, clock.clone())
            .unwrap_err()
            .code(),
        "invalid"
    );
    assert_eq!(bytes_of(&path), before);
    assert_eq!(bytes_of(&junk), b"not a backup at all");
}

#[test]
fn the_organisation_changes_without_losing_a_ticket() {
    let mut o = Org::quiet();
    let t = o.intake_by(o.ben, "Held by Ben");
    // Lena leaves: Ben's pass skips nobody yet; her tickets and reports go up to Maya.
    let mine = o.intake_by(o.lena, "Held by Lena");
    let head = o.desk.chain_head().unwrap();
    let preview = o.desk.preview_deactivation(Some(o.maya), o.lena).unwrap();
    assert_eq!(
        o.desk.chain_head().unwrap(),
        head,
        "a preview changes nothing"
    );
    assert!(o.desk.person(o.lena).unwrap().active);
    let gone = o.desk.deactivate_person(Some(o.maya), o.lena).unwrap();
    assert_eq!(
        (
            &preview.successor,
            &preview.tickets_handed_over,
            &preview.people_moved
        ),
        (
            &gone.successor,
            &gone.tickets_handed_over,
            &gone.people_moved
        )
    );
    assert_eq!(gone.successor.id, o.maya);
    assert_eq!(gone.tickets_handed_over, vec![mine.id]);
    assert!(gone.people_moved.contains(&o.ben));
    assert_eq!(o.desk.ticket(mine.id).unwrap().ticket.owner_id, o.maya);
    let passed = o
        .desk
        .act(
            o.ben,
            t.id,
            None,
            Action::Pass {
                reason: "too hard".into(),
            },
        )
        .unwrap();
    assert_eq!(passed.owner_id, o.maya, "never to the inactive Lena");
    assert!(o.desk.verify(&[]).unwrap().ok);
    // Loops and the top are refused.
    assert_eq!(
        o.desk.move_person(None, o.maya, o.ben).unwrap_err().code(),
        "invalid"
    );
    assert_eq!(
        o.desk.move_person(None, o.maya, o.maya).unwrap_err().code(),
        "invalid"
    );
    assert_eq!(
        o.desk.deactivate_person(None, o.grace).unwrap_err().code(),
        "conflict"
    );
    assert_eq!(
        o.desk
            .deactivate_person(Some(o.ana), o.ben)
            .unwrap_err()
            .code(),
        "forbidden"
    );
}

#[test]
fn an_escalation_never_goes_back_to_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut o = Org::on_file(&path);
    let t = o.intake_by(o.lena, "Stuck");
    // The top of the organisation made inactive behind the rules' back (an older build could).
    raw(&path)
        .execute("UPDATE people SET active = 0 WHERE id = ?1", [o.grace])
        .unwrap();
    o.at(hm(20, 1));
    let swept = o.desk.sweep().unwrap();
    let esc = swept.actions.iter().find(|a| a.ticket_id == t.id).unwrap();
    assert_eq!(
        esc.owner_id, o.maya,
        "the most senior active person above the holder"
    );
    assert_eq!(esc.previous_owner_id, Some(o.lena));
}

/// A ticket the top of the organisation holds passes the mark with nobody above to take it: it
/// stays theirs, they are told so, and nobody is counted as having received an escalation.
#[test]
fn the_top_of_the_organisation_keeps_what_passes_the_mark_in_their_hands() {
    let mut o = Org::in_memory();
    let grace = o.grace;
    let t = o.intake_by(grace, "Only the top can decide this");
    o.at(hm(20, 1));
    let swept = o.desk.sweep().unwrap();
    let esc = swept.actions.iter().find(|a| a.ticket_id == t.id).unwrap();
    assert_eq!((esc.owner_id, esc.previous_owner_id), (grace, Some(grace)));
    let told = &o.desk.alerts(grace).unwrap()[0];
    assert!(told.title.ends_with("in your hands"), "{}", told.title);
    let r = o.desk.report(start(), start() + hm(21, 0)).unwrap();
    let top = r.executives.iter().find(|e| e.person_id == grace).unwrap();
    assert_eq!(top.escalations_received, 0);
}

#[test]
fn a_clock_set_back_is_refused_and_never_reported_negative() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "Late");
    o.at(hm(2, 0));
    o.desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Note {
                text: "later".into(),
            },
        )
        .unwrap();
    o.at(hm(1, 0));
    let e = o
        .desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Resolve {
                resolution: "x".into(),
                prevention: None,
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("check the clock"), "{e}");
    assert_eq!(
        o.desk.ticket(t.id).unwrap().ticket.status,
        baton_core::tickets::Status::Open
    );
    o.at(hm(3, 0));
    let ana = o.ana;
    resolve(&mut o, ana, t.id);
    let r = o.desk.report(start(), start() + hm(24, 0)).unwrap();
    assert!(r
        .people
        .iter()
        .all(|p| p.median_hours_to_solve.unwrap_or(0.0) >= 0.0));
}

#[test]
fn control_characters_are_refused_where_text_comes_in() {
    let mut o = Org::in_memory();
    let intake = |summary: &str, note: &str| Intake {
        customer_id: o.olivia,
        category_id: o.billing,
        summary: summary.into(),
        fields: BTreeMap::from([
            ("account".into(), note.into()),
            ("invoice".into(), "I-7".into()),
        ]),
        ..Intake::default()
    };
    for (summary, value) in [
        ("red \u{1b}[31m", "A-1"),
        ("ok", "bell\u{7}"),
        ("two\nlines", "A-1"),
        // Text that reads backwards, a line break in disguise, nothing to see.
        ("refund \u{202E}deined", "A-1"),
        ("ok", "A\u{2028}1"),
    ] {
        let i = intake(summary, value);
        assert_eq!(
            o.desk.intake(o.ana, i).unwrap_err().code(),
            "invalid",
            "{summary:?}"
        );
    }
    let nothing = o.desk.intake(o.ana, intake("\u{200B}\u{00A0}", "A-1"));
    assert_eq!(
        nothing.unwrap_err().code(),
        "missing_fields",
        "a summary of nothing"
    );
    let t = o.intake_by(o.ana, "Fine");
    let note = Action::Note {
        text: "clear\u{1b}[2J".into(),
    };
    assert_eq!(
        o.desk.act(o.ana, t.id, None, note).unwrap_err().code(),
        "invalid"
    );
    let multi = Action::Note {
        text: "line one\nline two\ttabbed".into(),
    };
    o.desk.act(o.ana, t.id, None, multi).unwrap();
    // A name that only looks like another's is refused: a no-break space is a space, an
    // invisible character no part of a name, a decomposed accent the composed one.
    let person = |name: &str| NewPerson {
        name: name.into(),
        role: Role::Rep,
        reports_to: Some(o.lena),
        pin: None,
    };
    for (name, code) in [
        ("Ana\u{00A0}Souza", "conflict"),
        ("Ana  Souza", "conflict"),
        ("Ana\u{200B} Souza", "invalid"),
        ("\u{2066}Ana Souza", "invalid"),
    ] {
        let refused = o.desk.add_person(None, person(name)).unwrap_err();
        assert_eq!(refused.code(), code, "{name:?}: {refused}");
    }
    // Joiners shape some scripts' names, and stay.
    o.desk
        .add_person(None, person("Mehr\u{200C}dad Rahimi"))
        .unwrap();
    let added = o
        .desk
        .add_person(None, person("Rene\u{0301}e Roy"))
        .unwrap();
    assert_eq!(added.name, "Ren\u{00E9}e Roy");
    let again = o
        .desk
        .add_person(None, person("Ren\u{00E9}e Roy"))
        .unwrap_err();
    assert_eq!(again.code(), "conflict");
}

#[test]
fn a_field_given_twice_and_digit_names_are_refused() {
    let e = field_values(&["account=1".into(), "account=2".into()]).unwrap_err();
    assert!(
        e.to_string().contains("field 'account' is given twice"),
        "{e}"
    );
    let mut o = Org::in_memory();
    let digits = NewPerson {
        name: "1".into(),
        role: Role::Rep,
        reports_to: Some(o.lena),
        pin: None,
    };
    assert_eq!(
        o.desk.add_person(None, digits).unwrap_err().code(),
        "invalid"
    );
}

#[test]
fn nobody_signs_in_without_a_pin_on_a_shared_desk() {
    let mut o = Org::in_memory();
    let e = o.desk.sign_in(o.ben, "").unwrap_err();
    assert_eq!(e.code(), "no_pin");
    assert!(e.to_string().contains("baton person pin"));
    o.desk.set_pin(None, o.ben, "1357").unwrap();
    assert_eq!(o.desk.sign_in(o.ben, "1357").unwrap().id, o.ben);
    // Added by someone signed in: a PIN is required.
    let no_pin = NewPerson {
        name: "Zed".into(),
        role: Role::Rep,
        reports_to: Some(o.lena),
        pin: None,
    };
    assert_eq!(
        o.desk.add_person(Some(o.grace), no_pin).unwrap_err().code(),
        "invalid"
    );
}

#[test]
fn daily_backups_rotate_and_a_backup_now_replaces_todays() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let mut o = Org::on_file(&dir.path().join("b.db"));
    let plenty = u64::MAX / 4;
    for day in 0..40 {
        o.at(hm(24 * day, 0));
        o.desk.daily_backup(&backups, plenty, false).unwrap();
    }
    let list = o.desk.daily_backup(&backups, plenty, false).unwrap();
    let files = std::fs::read_dir(&backups).unwrap().count();
    assert_eq!(files, 7 + 4, "seven dailies and four weeklies");
    assert_eq!(list.backups.len(), files);
    assert!(list.backups[0].path.ends_with(&format!(
        "baton-{}.db",
        (start() + hm(24 * 39, 0)).format("%Y-%m-%d")
    )));
    // Later the same day: the daily one is not made again, a backup now is, with the new work.
    o.intake_by(o.ana, "After the daily backup");
    let today = std::path::PathBuf::from(&list.backups[0].path);
    let before = std::fs::read(&today).unwrap();
    o.desk.daily_backup(&backups, plenty, false).unwrap();
    assert_eq!(std::fs::read(&today).unwrap(), before);
    o.desk.daily_backup(&backups, plenty, true).unwrap();
    let mut copy = Desk::open(&today, o.clock.clone()).unwrap();
    assert_eq!(
        copy.queue(baton_core::tickets::QueueKind::All, None, true)
            .unwrap()
            .len(),
        1
    );
    // Short of disk: fewer kept, and said.
    let short = o.desk.daily_backup(&backups, 0, false).unwrap();
    assert_eq!(short.backups.len(), 1);
    assert!(short.note.unwrap().contains("free disk"));
}

/// A wrong tally of open tickets (a cache) is recounted by the check before a backup, which
/// then goes ahead: only damage skips a day's backup.
#[test]
fn a_recounted_tally_does_not_skip_the_daily_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let backups = dir.path().join("backups");
    let mut o = Org::on_file(&path);
    o.intake_by(o.ana, "Before the tally went wrong");
    raw(&path)
        .execute("UPDATE tally SET open = open + 3", [])
        .unwrap();
    let list = o.desk.daily_backup(&backups, u64::MAX / 4, false).unwrap();
    assert_eq!(list.backups.len(), 1);
    assert!(o.desk.damaged().is_none());
    assert_eq!(o.desk.counts(o.ana).unwrap().mine, 1);
    let mut copy = Desk::open(Path::new(&list.backups[0].path), o.clock.clone()).unwrap();
    assert!(copy.verify(&[]).unwrap().ok);
    // Damage is found by the daily check even once today's copy exists, and stops it.
    let clock = o.clock.clone();
    drop(o);
    std::fs::write(
        baton_core::store::damage_marker(&path),
        "page 44 is never used",
    )
    .unwrap();
    let mut desk = Desk::open(&path, clock).unwrap();
    let refused = desk
        .daily_backup(&backups, u64::MAX / 4, false)
        .unwrap_err();
    assert_eq!(refused.code(), "damaged", "{refused}");
}

#[test]
fn checkpoints_left_to_tidy_lose_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut o = Org::on_file(&path);
    o.desk.tidy().unwrap();
    o.desk.defer_checkpoints().unwrap();
    let file_before = std::fs::metadata(&path).unwrap().len();
    let taken: Vec<i64> = (0..40)
        .map(|i| o.intake_by(o.ana, &format!("Call {i}")).id)
        .collect();
    // Nothing reached the file itself: every commit is in the write-ahead log, fsynced.
    assert_eq!(std::fs::metadata(&path).unwrap().len(), file_before);
    // The files as a crash would leave them (no checkpoint, no clean close) hold every ticket.
    let crashed = dir.path().join("crashed.db");
    std::fs::copy(&path, &crashed).unwrap();
    std::fs::copy(
        dir.path().join("desk.db-wal"),
        dir.path().join("crashed.db-wal"),
    )
    .unwrap();
    let mut copy = Org::reopen(&crashed);
    for id in &taken {
        copy.desk.ticket(*id).unwrap();
    }
    assert!(copy.desk.verify(&[]).unwrap().ok);
    // The tidy step moves them into the file, from a connection of its own as the app runs it
    // (beside the desk's, which goes on meanwhile).
    let mut tidier = Desk::open_at(&path, Create::No, None).unwrap();
    tidier.tidy().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > file_before);
    o.intake_by(o.ana, "After the tidy");
    assert!(o.desk.verify(&[]).unwrap().ok);
}
