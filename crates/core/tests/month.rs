//! A scripted month, counted by hand: teams, passes, a take, an escalation, promises kept and
//! missed, a prevention and the problem coming back, feedback after tickets and on the board,
//! a lesson. The report, who may see what of it, the tickets behind its numbers and its CSV.

mod common;

use baton_core::board::NewFeedback;
use baton_core::calendar::{Bound, PeriodSpec};
use baton_core::customers::NewCustomer;
use baton_core::reports::csv::{self, Table};
use baton_core::reports::drill::Drill;
use baton_core::reports::{Figure, Report, Scope};
use baton_core::tickets::{Action, Intake, Status, Ticket};
use baton_core::Error;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::{hm, start, Org};
use std::collections::BTreeMap;

struct Month {
    o: Org,
    marcus: i64,
    t: [Ticket; 6],
    compliment: i64,
}

fn november() -> PeriodSpec {
    let day = |d| Bound::Day(NaiveDate::from_ymd_opt(2026, 11, d).unwrap());
    PeriodSpec::Range {
        from: day(1),
        to: day(30),
    }
}

fn intake(
    o: &mut Org,
    rep: i64,
    customer: i64,
    summary: &str,
    promise: Option<Duration>,
) -> Ticket {
    let fields = BTreeMap::from([
        ("account".to_string(), "AC-1".to_string()),
        ("invoice".to_string(), "INV-7".to_string()),
    ]);
    o.desk
        .intake(
            rep,
            Intake {
                customer_id: customer,
                category_id: o.billing,
                summary: summary.into(),
                fields,
                promise_at: promise.map(|p| start() + p),
                ..Intake::default()
            },
        )
        .unwrap()
}

fn act(o: &mut Org, who: i64, t: &Ticket, a: Action) -> Ticket {
    o.desk.act(who, t.id, None, a).unwrap()
}

fn resolve(prevention: Option<&str>) -> Action {
    Action::Resolve {
        resolution: "Sorted".into(),
        prevention: prevention.map(str::to_string),
    }
}

fn pass() -> Action {
    Action::Pass {
        reason: "above my limit".into(),
    }
}

/// Olivia's problem (T1) is solved with a prevention and comes back two days later (T6); the
/// rest are Marcus's.
fn script() -> Month {
    let mut o = Org::quiet();
    let marcus = o
        .desk
        .add_customer(NewCustomer {
            name: "Marcus Lee".into(),
            phones: vec!["+1 555 010 3000".into()],
            emails: vec![],
            notes: String::new(),
        })
        .unwrap()
        .id;
    let (olivia, ana, ben, dev) = (o.olivia, o.ana, o.ben, o.dev);
    let t1 = intake(&mut o, ana, olivia, "Plan she never ordered", None);
    o.at(hm(0, 10));
    let t2 = intake(&mut o, ben, marcus, "Refund above limit", None);
    o.at(hm(0, 20));
    let t3 = intake(&mut o, dev, marcus, "Promised by 11", Some(hm(2, 0)));
    o.at(hm(0, 30));
    let t4 = intake(&mut o, ana, marcus, "Left to escalate", None);
    o.at(hm(1, 0));
    let t1 = act(
        &mut o,
        ana,
        &t1,
        resolve(Some("Plan changes need a confirmation")),
    );
    let t5 = intake(&mut o, ben, marcus, "Another refund", None);
    let t2 = act(&mut o, ben, &t2, pass());
    o.at(hm(2, 0));
    let t1 = act(
        &mut o,
        ana,
        &t1,
        Action::Feedback {
            delighted: true,
            what: "Fixed before lunch".into(),
        },
    );
    let t5 = act(&mut o, ben, &t5, pass());
    o.at(hm(3, 0));
    let (lena, maya) = (o.lena, o.maya);
    let t2 = act(&mut o, lena, &t2, resolve(None));
    let t5 = act(&mut o, maya, &t5, Action::Take);
    o.at(hm(4, 0));
    let t5 = act(&mut o, maya, &t5, resolve(None));
    o.at(hm(5, 0));
    let t3 = act(&mut o, dev, &t3, resolve(None));
    o.at(hm(20, 30));
    o.desk.sweep().unwrap();
    o.at(hm(21, 0));
    let grace = o.grace;
    let t4 = act(&mut o, grace, &t4, resolve(None));
    o.at(hm(22, 0));
    let t4 = act(
        &mut o,
        grace,
        &t4,
        Action::Feedback {
            delighted: false,
            what: "Nobody called for a day".into(),
        },
    );
    o.at(hm(30, 0));
    let compliment = o
        .desk
        .record_feedback(
            ben,
            NewFeedback {
                customer_id: marcus,
                ticket_id: None,
                compliment: true,
                what: "A letter: \"Ana, thank you\", with a drawing,\nfrom the kids".into(),
                people: vec![ana, ana],
            },
        )
        .unwrap()
        .id;
    o.at(hm(31, 0));
    o.desk
        .record_feedback(
            dev,
            NewFeedback {
                customer_id: olivia,
                ticket_id: None,
                compliment: false,
                what: "Review: the hold music".into(),
                people: vec![],
            },
        )
        .unwrap();
    o.at(hm(32, 0));
    o.desk
        .learn(lena, compliment, "Read letters out at the Monday meeting")
        .unwrap();
    o.at(hm(48, 0));
    let t6 = intake(&mut o, ana, olivia, "The plan is back", None);
    o.at(hm(50, 0));
    let t6 = act(&mut o, ana, &t6, resolve(None));
    Month {
        o,
        marcus,
        t: [t1, t2, t3, t4, t5, t6],
        compliment,
    }
}

fn row(r: &Report, id: i64) -> &baton_core::reports::PersonFigures {
    r.people.iter().find(|p| p.person_id == id).unwrap()
}

#[test]
fn the_month_adds_up_to_what_was_counted_by_hand() {
    let mut m = script();
    let o = &mut m.o;
    let r = o.desk.report_for(november()).unwrap();
    assert_eq!(r.scope, Scope::Desk);
    let t = &r.totals;
    assert_eq!((t.intake, t.solved, t.passed, t.escalated), (6, 6, 2, 1));
    assert_eq!((t.delighted, t.complaints), (1, 1));
    assert_eq!(
        (t.promises_due, t.promises_kept, t.promises_kept_by_contact),
        (6, 4, 0)
    );
    assert_eq!((t.preventions, t.repeats), (1, 1));
    assert_eq!((r.board.compliments, r.board.complaints), (1, 1));

    let figures = |id| {
        let p = row(&r, id);
        let c = &p.counted;
        (
            c.solved,
            c.passed,
            c.taken,
            c.escalated,
            c.promises_due,
            c.promises_kept,
        )
    };
    assert_eq!(figures(o.ana), (2, 0, 0, 1, 2, 2));
    assert_eq!(figures(o.ben), (0, 2, 0, 0, 0, 0));
    assert_eq!(figures(o.lena), (1, 0, 0, 0, 1, 1));
    assert_eq!(figures(o.maya), (1, 0, 1, 0, 1, 1));
    assert_eq!(figures(o.dev), (1, 0, 0, 0, 1, 0));
    assert_eq!(figures(o.grace), (1, 0, 0, 0, 1, 0));
    let ana = row(&r, o.ana);
    assert_eq!((ana.counted.delighted, ana.counted.preventions), (1, 1));
    assert_eq!(row(&r, o.grace).counted.complaints, 1);
    // Ben passed both he had: 100 %, but of two tickets, which is no alarm.
    let ben = row(&r, o.ben).ratio;
    assert_eq!(
        (
            ben.buck_passing_ratio,
            ben.buck_passing_sample,
            ben.buck_passing_alarm
        ),
        (Some(1.0), 2, false)
    );

    let teams: Vec<(&str, u32, u32, u32, u32, u32)> = r
        .teams
        .iter()
        .map(|t| {
            let c = &t.counted;
            (
                t.lead_name.as_str(),
                t.members,
                c.solved,
                c.passed,
                c.taken,
                c.promises_kept,
            )
        })
        .collect();
    assert_eq!(
        teams,
        [
            ("Grace Hopper", 7, 6, 2, 1, 4),
            ("Maya Patel", 4, 4, 2, 1, 4),
            ("Tom Okafor", 2, 1, 0, 0, 0),
            ("Lena Fischer", 3, 3, 2, 0, 3),
        ]
    );
    let lena_team = &r.teams[3].ratio;
    assert_eq!(lena_team.buck_passing_sample, 5);
    assert_eq!(lena_team.buck_passing_ratio, Some(0.4));

    let e = &r.executives[0];
    assert_eq!(
        (e.person_id, e.escalations_received, e.escalations_solved),
        (o.grace, 1, 1)
    );

    // What delighted, what did not, what was learned.
    assert_eq!(r.delight[0].what, "Fixed before lunch");
    assert_eq!(r.complaints[0].number, m.t[3].id);
    let board: Vec<(bool, &str)> = r
        .board
        .entries
        .iter()
        .map(|e| (e.compliment, e.customer_name.as_str()))
        .collect();
    assert_eq!(board, [(false, "Olivia Bennett"), (true, "Marcus Lee")]);
    let letter = &r.board.entries[1];
    assert_eq!(letter.id, m.compliment);
    assert_eq!(letter.people.len(), 1, "Ana is named once");
    assert_eq!(letter.people[0].name, "Ana Souza");
    assert_eq!(letter.recorded_by, "Ben Carter");
    let lesson = letter.lesson.as_ref().unwrap();
    assert_eq!(
        (lesson.what.as_str(), lesson.by.as_str()),
        ("Read letters out at the Monday meeting", "Lena Fischer")
    );

    // The fix that did not hold.
    assert_eq!(r.preventions[0].ticket_id, m.t[0].id);
    assert_eq!(r.preventions[0].resolved_by, "Ana Souza");
    let back = &r.repeats[0];
    assert_eq!((back.ticket_id, back.earlier_id), (m.t[5].id, m.t[0].id));
    assert_eq!(
        back.earlier_prevention.as_deref(),
        Some("Plan changes need a confirmation")
    );

    // Week by week: everything happened in the first week of November.
    assert_eq!(r.weeks.len(), 5);
    let w = &r.weeks[0];
    assert_eq!(
        (
            w.intake,
            w.solved,
            w.passed,
            w.escalated,
            w.delighted,
            w.complaints
        ),
        (6, 6, 2, 1, 2, 2)
    );
    assert_eq!((w.promises_due, w.promises_kept), (6, 4));
    assert!(r.weeks[1..].iter().all(|w| w.intake + w.solved == 0));
    let took: Vec<u32> = r.time_to_solve.iter().map(|b| b.tickets).collect();
    assert_eq!(took, [0, 4, 1, 0, 1]);
    let _ = m.marcus;
}

#[test]
fn each_person_sees_what_their_place_allows() {
    let mut m = script();
    let o = &mut m.o;
    let ids = |r: &Report| r.people.iter().map(|p| p.person_id).collect::<Vec<_>>();
    let ana = o.desk.report_as(o.ana, november()).unwrap();
    assert_eq!(ana.scope, Scope::Own);
    assert_eq!(ids(&ana), [o.ana]);
    assert!(ana.teams.is_empty() && ana.executives.is_empty());
    let mine = ana.my_month.unwrap();
    assert_eq!(mine.team_lead.as_deref(), Some("Lena Fischer"));
    assert_eq!(mine.team_size, 2, "Ana and Ben report to Lena");
    let md = mine.team_median;
    assert_eq!(
        (
            md.solved,
            md.passed,
            md.taken,
            md.promises_kept,
            md.delighted
        ),
        (1.0, 1.0, 0.0, 1.0, 0.5)
    );
    assert_eq!(mine.me.counted.solved, 2);

    let lena = o.desk.report_as(o.lena, november()).unwrap();
    assert_eq!(lena.scope, Scope::Subtree);
    let mut seen = ids(&lena);
    seen.sort();
    assert_eq!(seen, [o.lena, o.ana, o.ben]);
    assert_eq!(lena.teams.len(), 1);
    let maya = o.desk.report_as(o.maya, november()).unwrap();
    assert_eq!(maya.people.len(), 4);
    assert_eq!(maya.teams.len(), 2);
    assert!(maya.executives.is_empty());
    let grace = o.desk.report_as(o.grace, november()).unwrap();
    assert_eq!(
        (grace.scope, grace.people.len(), grace.teams.len()),
        (Scope::Desk, 7, 4)
    );
    // The feedback, the board and the totals are everyone's.
    assert_eq!(ana.board, grace.board);
    assert_eq!(ana.totals, grace.totals);
}

#[test]
fn every_number_opens_the_tickets_behind_it() {
    let mut m = script();
    let o = &mut m.o;
    let drill = |figure, person_id, team| Drill {
        period: november(),
        figure,
        person_id,
        team,
    };
    let numbers = |ts: Vec<Ticket>| ts.iter().map(|t| t.id).collect::<Vec<_>>();
    let [t1, t2, t3, t4, t5, t6] = m.t.clone().map(|t| t.id);
    let solved = o
        .desk
        .drill(Some(o.lena), drill(Figure::Solved, Some(o.ana), false))
        .unwrap();
    assert_eq!(numbers(solved), [t6, t1], "newest first");
    let passed = o
        .desk
        .drill(Some(o.maya), drill(Figure::Passed, Some(o.lena), true))
        .unwrap();
    assert_eq!(numbers(passed), [t5, t2]);
    let missed = o
        .desk
        .drill(Some(o.ana), drill(Figure::PromisesMissed, None, false))
        .unwrap();
    assert_eq!(numbers(missed), [t4, t3]);
    let kept = o
        .desk
        .drill(None, drill(Figure::PromisesKept, Some(o.grace), true))
        .unwrap();
    assert_eq!(numbers(kept), [t6, t5, t2, t1]);
    let received = o
        .desk
        .drill(Some(o.grace), drill(Figure::Received, Some(o.grace), false))
        .unwrap();
    assert_eq!(numbers(received), [t4]);
    // A colleague's or another team's figures are not theirs to open.
    for (viewer, person) in [(o.ana, o.ben), (o.tom, o.ana), (o.lena, o.maya)] {
        let refused = o
            .desk
            .drill(Some(viewer), drill(Figure::Solved, Some(person), false));
        assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");
    }
}

#[test]
fn the_board_refuses_what_does_not_fit_and_changes_nothing() {
    let mut m = script();
    let o = &mut m.o;
    let before = o.desk.board().unwrap();
    let feedback = |customer_id, ticket_id, what: &str, people| NewFeedback {
        customer_id,
        ticket_id,
        compliment: false,
        what: what.into(),
        people,
    };
    let t1 = m.t[0].id;
    let refusals = [
        o.desk
            .record_feedback(o.ana, feedback(m.marcus, Some(t1), "x", vec![])),
        o.desk
            .record_feedback(o.ana, feedback(9999, None, "x", vec![])),
        o.desk
            .record_feedback(o.ana, feedback(m.marcus, None, "  ", vec![])),
        o.desk
            .record_feedback(o.ana, feedback(m.marcus, None, "x", vec![9999])),
        o.desk.learn(o.ana, m.compliment, "reps do not annotate"),
        o.desk.learn(o.lena, t1, "not a board entry"),
        o.desk.learn(o.lena, 999_999, "no such entry"),
    ];
    for r in refusals {
        assert!(r.is_err(), "{r:?}");
    }
    assert_eq!(o.desk.board().unwrap(), before);
    assert!(
        o.desk
            .desk_changes(50)
            .unwrap()
            .iter()
            .all(|e| e.text.as_deref() != Some("Review: the hold music")),
        "board entries are not set-up changes"
    );
}

#[test]
fn erasing_a_customer_erases_what_the_board_kept_of_them() {
    let mut m = script();
    let o = &mut m.o;
    o.desk
        .erase_customer(None, o.olivia, "asked to be forgotten")
        .unwrap();
    let board = o.desk.board().unwrap();
    let hers = board.iter().find(|e| !e.compliment).unwrap();
    assert_eq!(hers.what, "[erased]");
    assert!(board.iter().any(|e| e.what.contains("thank you")));
    let r = o.desk.report_for(november()).unwrap();
    // What the desk changed to prevent it is the desk's, not hers.
    assert_eq!(r.preventions[0].what, "Plan changes need a confirmation");
    assert_eq!(
        r.preventions[0].customer_name,
        format!("Erased customer {}", o.olivia)
    );
    assert!(o.desk.verify(&[]).unwrap().ok);
}

#[test]
fn each_table_is_written_as_csv_and_reads_back() {
    let mut m = script();
    let o = &mut m.o;
    let r = o.desk.report_for(november()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for table in Table::ALL {
        let path = dir.path().join(format!("{}.csv", table.as_str()));
        std::fs::write(&path, "an older file of the same name").unwrap();
        csv::save(&r, table, &path).unwrap();
        let mut read = ::csv::Reader::from_path(&path).unwrap();
        let rows: Vec<::csv::StringRecord> = read.records().map(Result::unwrap).collect();
        let expected = match table {
            Table::People => r.people.len(),
            Table::Teams => r.teams.len(),
            Table::Executives => r.executives.len(),
            Table::Delight => r.delight.len(),
            Table::Complaints => r.complaints.len(),
            Table::Board => r.board.entries.len(),
            Table::Preventions => r.preventions.len(),
            Table::Repeats => r.repeats.len(),
            Table::Weeks => r.weeks.len(),
        };
        assert_eq!(rows.len(), expected, "{}", table.as_str());
        let header = read.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        match table {
            Table::People => {
                for (row, p) in rows.iter().zip(&r.people) {
                    assert_eq!(row[col("name")], p.name);
                    assert_eq!(row[col("solved")], p.counted.solved.to_string());
                    assert_eq!(row[col("passed")], p.counted.passed.to_string());
                    assert_eq!(
                        row[col("buck_passing_sample")],
                        p.ratio.buck_passing_sample.to_string()
                    );
                }
            }
            Table::Board => {
                // Quotes, commas and a line break come back as written.
                assert_eq!(rows[1][col("what")], r.board.entries[1].what);
                assert_eq!(&rows[1][col("people")], "Ana Souza");
                assert_eq!(
                    &rows[1][col("learned")],
                    "Read letters out at the Monday meeting"
                );
            }
            Table::Weeks => {
                assert_eq!(&rows[0][col("week_start")], "2026-11-01T00:00:00Z");
                assert_eq!(&rows[0][col("intake")], "6");
            }
            _ => {}
        }
    }
    assert!("tickets".parse::<Table>().is_err());
    // Only whole tables are left behind; a folder that is not there is a clear error.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.ends_with(".csv")), "{names:?}");
    let missing = dir.path().join("gone").join("people.csv");
    let err = csv::save(&r, Table::People, &missing)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("could not save people.csv in "), "{err}");
    assert_eq!(
        csv::file_name(
            Table::Board,
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        ),
        "baton-board-2026-11-01-to-2026-11-30.csv"
    );
}

#[test]
fn a_month_in_the_desks_time_zone_starts_at_its_midnight() {
    let mut m = script();
    let o = &mut m.o;
    let mut hours = o.desk.hours().unwrap();
    hours.time_zone = "America/New_York".into();
    o.desk.set_hours(None, hours).unwrap();
    let r = o.desk.report_for(november()).unwrap();
    assert_eq!(r.from, Utc.with_ymd_and_hms(2026, 11, 1, 4, 0, 0).unwrap());
    assert_eq!(r.to, Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap());
    assert_eq!(r.totals.intake, 6);
}

#[test]
fn the_loop_closes_with_the_customer_and_credit_stays_with_who_solved_it() {
    let mut o = Org::quiet();
    let (ana, ben, lena) = (o.ana, o.ben, o.lena);
    let olivia = o.olivia;
    let t = intake(&mut o, ana, olivia, "Charged twice", None);
    o.at(hm(1, 0));
    let t = act(&mut o, ana, &t, pass());
    o.at(hm(2, 0));
    let t = act(&mut o, lena, &t, resolve(None));
    // Ana took the call: hearing back is hers to confirm, by the time promised (20 h).
    assert_eq!((t.owner_id, t.confirm_by), (lena, Some(ana)));
    assert_eq!(t.confirm_due_at, Some(t.promise_at));
    let mine: Vec<i64> = o
        .desk
        .to_confirm(ana)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(mine, [t.id]);
    let confirm = |heard_back, what: Option<&str>, delighted| Action::Confirm {
        heard_back,
        what: what.map(str::to_string),
        delighted,
    };
    let refused = o.desk.act(ben, t.id, None, confirm(true, None, None));
    assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");

    // Not done by the promise: Baton reminds her, and again later.
    o.at(hm(19, 59));
    assert!(o.desk.sweep().unwrap().actions.is_empty());
    o.at(hm(20, 0));
    let s = o.desk.sweep().unwrap();
    assert_eq!(s.actions.len(), 1);
    assert_eq!(s.actions[0].notify, [ana]);
    let alert = &o.desk.alerts(ana).unwrap()[0];
    assert_eq!(
        alert.title,
        format!("#{}: did Olivia Bennett hear back?", t.number)
    );
    assert!(
        o.desk.sweep().unwrap().actions.is_empty(),
        "once per reminder"
    );
    o.at(hm(21, 0));
    let unknown = o.desk.act(
        ana,
        t.id,
        None,
        confirm(false, Some("Voicemail"), Some(true)),
    );
    assert!(
        matches!(unknown, Err(Error::Invalid(_))),
        "not reached, not delighted: {unknown:?}"
    );
    let tried = act(&mut o, ana, &t, confirm(false, Some("No answer"), None));
    assert_eq!(tried.confirm_due_at, Some(start() + hm(23, 0)));
    assert_eq!(tried.confirmed_at, None);
    o.at(hm(21, 30));
    let done = act(
        &mut o,
        ana,
        &t,
        confirm(true, Some("Relieved, and thanked Lena"), Some(true)),
    );
    assert_eq!(done.confirmed_at, Some(start() + hm(21, 30)));
    assert_eq!((done.confirm_due_at, done.status), (None, Status::Resolved));
    assert!(o.desk.to_confirm(ana).unwrap().is_empty());
    o.at(hm(23, 0));
    assert!(
        o.desk.sweep().unwrap().actions.is_empty(),
        "nothing more to remind"
    );
    let again = o.desk.act(ana, t.id, None, confirm(true, None, None));
    assert!(matches!(again, Err(Error::Conflict(_))), "{again:?}");

    // Solved on the call: the customer heard it there.
    let on_call = o
        .desk
        .intake(
            ben,
            Intake {
                customer_id: olivia,
                category_id: o.billing,
                summary: "Where is my invoice?".into(),
                fields: BTreeMap::from([
                    ("account".to_string(), "AC-1".to_string()),
                    ("invoice".to_string(), "INV-7".to_string()),
                ]),
                resolution: Some("Sent it again while she waited".into()),
                ..Intake::default()
            },
        )
        .unwrap();
    assert_eq!(on_call.confirmed_at, Some(start() + hm(23, 0)));
    assert_eq!(on_call.confirm_due_at, None);
    // Her note of thanks on the same ticket is the same delight: counted once, by its latest
    // words. The complaint before it stays a complaint.
    let annoyed = Action::Feedback {
        delighted: false,
        what: "Annoyed that it took a day".into(),
    };
    act(&mut o, lena, &t, annoyed);
    let thanks = Action::Feedback {
        delighted: true,
        what: "Wrote in to thank Lena".into(),
    };
    act(&mut o, lena, &t, thanks);

    let r = o.desk.report_for(november()).unwrap();
    assert_eq!(
        (r.totals.heard_back, r.totals.heard_back_by_promise),
        (2, 1)
    );
    assert_eq!(
        row(&r, lena).counted.solved,
        1,
        "the credit stays with Lena"
    );
    assert_eq!(row(&r, ana).counted.solved, 0);
    assert_eq!(r.delight.len(), 1, "her reaction joins the delight log");
    assert_eq!(r.delight[0].what, "Wrote in to thank Lena");
    assert_eq!(
        (r.totals.delighted, row(&r, lena).counted.delighted),
        (1, 1)
    );
    assert_eq!(
        (r.totals.complaints, row(&r, lena).counted.complaints),
        (1, 1)
    );
    assert_eq!(r.complaints[0].what, "Annoyed that it took a day");
    assert_eq!(r.delight[0].owner_name, "Lena Fischer");

    // Reopened, the loop starts over when it is solved again.
    o.at(hm(24, 0));
    let reopened = act(
        &mut o,
        lena,
        &done,
        Action::Reopen {
            reason: "Charged again".into(),
        },
    );
    assert_eq!((reopened.confirm_by, reopened.confirmed_at), (None, None));
    o.at(hm(25, 0));
    let solved = act(&mut o, lena, &reopened, resolve(None));
    assert_eq!(solved.confirm_by, Some(ana));
    assert!(o.desk.verify(&[]).unwrap().ok);
}
