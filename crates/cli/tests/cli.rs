//! The `baton` binary as other programs see it: real processes on a temporary database, the
//! clock moved with `BATON_NOW` (never a sleep).

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const T0: &str = "2026-11-03T09:00:00Z";
/// When `Desk::org` sets the organisation up: before anything a test dates (the trail takes
/// nothing dated before its newest event).
const SET_UP: &str = "2026-10-01T09:00:00Z";

/// `T0` plus some minutes, as RFC 3339.
fn at(minutes: i64) -> String {
    let t0: DateTime<Utc> = T0.parse().unwrap();
    (t0 + Duration::minutes(minutes)).to_rfc3339()
}

fn baton(db: &Path, now: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baton"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("BATON_NOW", now)
        .env("TZ", "UTC")
        .env_remove("BATON_DB");
    cmd
}

struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

/// The people of the standard organisation: exec ← manager ← lead ← rep.
struct Org {
    exec: i64,
    manager: i64,
    rep: i64,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("baton.db");
        Desk { _dir: dir, db }
    }

    fn run(&self, now: &str, args: &[&str]) -> Output {
        baton(&self.db, now, args).output().unwrap()
    }

    /// Runs with `--json`, insists on success and exactly one JSON value on stdout.
    fn json(&self, now: &str, args: &[&str]) -> Value {
        let out = self.run(now, &[&["--json"], args].concat());
        assert!(
            out.status.success(),
            "baton {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "baton {args:?} printed no single JSON value ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs with `--json`, insists on failure with nothing on stdout; the exit code and stderr.
    fn fails(&self, now: &str, args: &[&str]) -> (i32, String) {
        let out = self.run(now, &[&["--json"], args].concat());
        assert!(!out.status.success(), "baton {args:?} should have failed");
        assert!(
            out.stdout.is_empty(),
            "a failure printed to stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("baton: "), "{stderr}");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "one line on stderr: {stderr}"
        );
        (out.status.code().unwrap(), stderr)
    }

    fn org(&self) -> Org {
        // Only `init` (and `demo`) may create a desk.
        self.json(SET_UP, &["init"]);
        let id = |v: Value| v["id"].as_i64().unwrap();
        let exec = id(self.json(
            SET_UP,
            &["person", "add", "--name", "Eve Exec", "--role", "executive"],
        ));
        let manager = id(self.json(
            SET_UP,
            &[
                "person",
                "add",
                "--name",
                "Max Manager",
                "--role",
                "manager",
                "--reports-to",
                "Eve Exec",
            ],
        ));
        self.json(
            SET_UP,
            &[
                "person",
                "add",
                "--name",
                "Lena Lead",
                "--role",
                "lead",
                "--reports-to",
                &manager.to_string(),
            ],
        );
        let rep = id(self.json(
            SET_UP,
            &[
                "person",
                "add",
                "--name",
                "Rita Rep",
                "--role",
                "rep",
                "--reports-to",
                "lena lead",
                "--pin",
                "4321",
            ],
        ));
        self.json(
            SET_UP,
            &[
                "customer",
                "add",
                "--name",
                "Ann Smith",
                "--phone",
                "+1 (555) 010-2000",
            ],
        );
        self.json(
            SET_UP,
            &[
                "category",
                "add",
                "--name",
                "Billing",
                "--require",
                "account",
                "--require",
                "invoice",
                "--field",
                "amount",
            ],
        );
        Org { exec, manager, rep }
    }

    /// A complete intake by Rita at `now`; the ticket's number.
    fn intake(&self, now: &str, summary: &str) -> i64 {
        let t = self.json(
            now,
            &[
                "--as",
                "Rita Rep",
                "intake",
                "--phone",
                "555.010.2000",
                "--category",
                "billing",
                "--summary",
                summary,
                "--field",
                "account=A-17",
                "--field",
                "invoice=INV-9",
            ],
        );
        t["number"].as_i64().unwrap()
    }

    fn ticket(&self, number: i64) -> Value {
        self.json(T0, &["show", &number.to_string()])
    }
}

fn kinds(detail: &Value) -> Vec<String> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_day_at_the_desk() {
    let desk = Desk::new();
    let org = desk.org();

    // Every missing piece is named at once, and nothing is written.
    let (code, stderr) = desk.fails(
        T0,
        &[
            "--as",
            "Rita Rep",
            "intake",
            "--phone",
            "555.010.2000",
            "--category",
            "Billing",
            "--summary",
            " ",
            "--field",
            "amount=12.50",
        ],
    );
    assert_eq!(code, 2);
    for missing in ["summary", "account", "invoice"] {
        assert!(stderr.contains(missing), "{missing} not named: {stderr}");
    }
    assert_eq!(desk.json(T0, &["queue"]), Value::Array(vec![]));

    // An unknown number says what to do instead.
    let (code, stderr) = desk.fails(
        T0,
        &[
            "--as",
            "Rita Rep",
            "intake",
            "--phone",
            "555 010 9999",
            "--category",
            "Billing",
            "--summary",
            "x",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--customer") && stderr.contains("customer add"),
        "{stderr}"
    );

    let a = desk.intake(T0, "Charged twice for October");
    let b = desk.intake(T0, "Refund never arrived");
    let detail = desk.ticket(a);
    assert_eq!(detail["status"], "open");
    assert_eq!(detail["owner_id"], org.rep);
    assert_eq!(detail["customer"]["name"], "Ann Smith");
    assert_eq!(detail["fields"]["account"], "A-17");
    assert_eq!(
        detail["due_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        at(20 * 60).parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(kinds(&detail), ["created"]);
    assert_eq!(detail["events"][0]["actor_id"], org.rep);

    // Pass goes up one level; a manager takes it from the lead; the manager solves it.
    let passed = desk.json(
        &at(60),
        &[
            "--as",
            "Rita Rep",
            "pass",
            &format!("#{a}"),
            "--reason",
            "needs a refund approval",
        ],
    );
    let lead = passed["owner_id"].as_i64().unwrap();
    assert_ne!(lead, org.rep);
    assert_eq!(passed["status"], "open");
    let taken = desk.json(&at(90), &["--as", "Max Manager", "take", &a.to_string()]);
    assert_eq!(taken["owner_id"], org.manager);

    // A refusal: the rep no longer holds it. Nothing changes.
    let before = desk.ticket(a);
    let (code, stderr) = desk.fails(
        &at(95),
        &[
            "--as",
            "Rita Rep",
            "resolve",
            &a.to_string(),
            "--resolution",
            "done",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("only the owner (Max Manager) may resolve"),
        "{stderr}"
    );
    assert_eq!(desk.ticket(a), before);

    let resolved = desk.json(
        &at(120),
        &[
            "--as",
            "Max Manager",
            "resolve",
            &a.to_string(),
            "--resolution",
            "refunded",
        ],
    );
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["owner_id"], org.manager);
    desk.json(
        &at(125),
        &[
            "--as",
            "Max Manager",
            "feedback",
            &a.to_string(),
            "--delighted",
            "yes",
            "--what",
            "thrilled",
        ],
    );
    desk.json(
        &at(126),
        &[
            "--as",
            "Max Manager",
            "note",
            &a.to_string(),
            "called",
            "back",
        ],
    );
    assert_eq!(
        kinds(&desk.ticket(a)),
        ["created", "passed", "taken", "resolved", "feedback", "note"]
    );
    let found = desk.json(&at(130), &["search", "refunded"]);
    assert_eq!(found[0]["number"], a);
    // The customer's name and phone (typed any way) find her tickets too.
    for q in ["Ann Smith", "smith", "555-010-2000"] {
        let found = desk.json(&at(130), &["search", q]);
        assert!(
            found.as_array().unwrap().iter().any(|t| t["number"] == a),
            "{q}: {found}"
        );
    }
    // Matches come in pages too, and a cut list says so.
    let whole = desk.json(&at(130), &["search", "smith"]);
    assert!(whole.as_array().unwrap().len() >= 2, "{whole}");
    let first = desk.run(&at(130), &["--json", "search", "smith", "--limit", "1"]);
    let shown: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(shown, Value::Array(vec![whole[0].clone()]));
    assert!(String::from_utf8(first.stderr)
        .unwrap()
        .contains("more follow"));
    let after = whole[0]["number"].to_string();
    let next = desk.json(
        &at(130),
        &["search", "smith", "--after", &after, "--limit", "1"],
    );
    assert_eq!(next, Value::Array(vec![whole[1].clone()]));

    // The deadline sweep: a warning at 16h01, the escalation at 20h01, then nothing more.
    let sweep = desk.json(&at(16 * 60 + 1), &["sweep"]);
    let actions = sweep["actions"].as_array().unwrap();
    assert!(
        actions
            .iter()
            .any(|x| x["due"] == "warn" && x["number"] == b),
        "{sweep}"
    );
    assert!(
        actions.iter().all(|x| x["number"] == b),
        "the resolved ticket is left alone: {sweep}"
    );
    assert_eq!(desk.ticket(b)["owner_id"], org.rep);

    // At the mark: the open one escalates; Rita is reminded to confirm that the customer of the
    // resolved one heard back, as it was promised by now.
    let sweep = desk.json(&at(20 * 60 + 1), &["sweep"]);
    let actions = sweep["actions"].as_array().unwrap();
    let escalation = actions.iter().find(|x| x["due"] == "escalate").unwrap();
    assert_eq!(escalation["number"], b);
    let reminder = actions.iter().find(|x| x["due"] == "reminder").unwrap();
    assert_eq!(reminder["owner_id"], org.rep, "{sweep}");
    assert_eq!(escalation["owner_id"], org.exec);
    assert_eq!(escalation["previous_owner_id"], org.rep);
    let detail = desk.ticket(b);
    assert_eq!(detail["owner_id"], org.exec);
    assert!(detail["escalated_at"].is_string());
    assert_eq!(
        desk.json(&at(21 * 60), &["sweep"])["actions"],
        Value::Array(vec![])
    );

    let verification = desk.json(&at(21 * 60), &["verify"]);
    assert_eq!(verification["ok"], true);
    // The tickets' 11 events (the reminder to confirm among them) and the set-up's 5 (four
    // people, one category).
    assert_eq!(verification["events_checked"], 16);
    assert_eq!(verification["tickets_checked"], 2);
    assert_eq!(verification["head"]["event_id"], 16);

    // `--to` as a date includes that whole day (the escalation happened on the 4th).
    let report = desk.json(
        &at(22 * 60),
        &["report", "--from", "2026-11-03", "--to", "2026-11-04"],
    );
    assert_eq!(
        report["head"], verification["head"],
        "the report carries the witness"
    );
    let row = |id: i64| {
        report["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["person_id"] == id)
            .unwrap()
            .clone()
    };
    let (rita, max) = (row(org.rep), row(org.manager));
    assert_eq!(
        (
            rita["passed"].as_u64(),
            rita["escalated"].as_u64(),
            rita["solved"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(
        (max["solved"].as_u64(), max["taken"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(max["name"], "Max Manager");
    assert_eq!(report["executives"][0]["escalations_received"], 1);
    assert_eq!(report["delight"].as_array().unwrap().len(), 1);
    assert_eq!(report["complaints"], Value::Array(vec![]));
    let totals = &report["totals"];
    assert_eq!(
        (
            totals["intake"].as_u64(),
            totals["solved"].as_u64(),
            totals["escalated"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let earlier = desk.json(
        &at(22 * 60),
        &[
            "report",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-03T12:00:00Z",
        ],
    );
    assert_eq!(earlier["totals"]["escalated"], 0);
    // With --as, what that person may see: a rep their own month.
    let own = desk.json(
        &at(22 * 60),
        &[
            "--as",
            "Rita Rep",
            "report",
            "--from",
            "2026-11-03",
            "--to",
            "2026-11-04",
        ],
    );
    assert_eq!(own["scope"], "own");
    let seen: Vec<_> = own["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["person_id"])
        .collect();
    assert_eq!(seen, [&serde_json::json!(org.rep)]);
    // Periods no report covers: one line each, bad input.
    for (from, to, says) in [
        (
            "+262142-12-30",
            "+262142-12-31",
            "not a year a report covers",
        ),
        ("-100000-01-01", "2026-01-01", "not a year a report covers"),
        ("1969-12-31", "2026-01-01", "not a year a report covers"),
        ("9999-12-30", "+10000-01-01", "not a year a report covers"),
        ("2001-01-01", "2026-01-01", "at most ten years"),
        ("2026-11-04", "2026-11-03", "start must come before its end"),
    ] {
        let (code, stderr) = desk.fails(
            &at(22 * 60),
            &["report", &format!("--from={from}"), &format!("--to={to}")],
        );
        assert!(code == 2 && stderr.contains(says), "{from}..{to}: {stderr}");
    }

    // Queues: everything, one person's, open only.
    assert_eq!(
        desk.json(&at(22 * 60), &["queue"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let mine = desk.json(&at(22 * 60), &["queue", "--owner", "Eve Exec", "--open"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["number"], b);
    assert_eq!(
        desk.json(&at(22 * 60), &["queue", "--open"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Filtered: every ticket has exactly one promise state; a resolved one is kept or missed.
    let count = |args: &[&str]| desk.json(&at(22 * 60), args).as_array().unwrap().len();
    let states = ["pending", "missed", "kept"].map(|s| count(&["queue", "--promise", s]));
    assert_eq!(states.iter().sum::<usize>(), 2);
    assert_eq!(states[0], 0, "the open ticket is past its promise by now");
    assert_eq!(count(&["queue", "--promise", "missed", "--open"]), 1);
    assert_eq!(count(&["queue", "--resolved-within", "1"]), 2);
    assert_eq!(
        count(&["queue", "--resolved-within", "0"]),
        1,
        "open ones only"
    );
    // Pages: the first ticket, then the one after it; a cut list says so on stderr.
    let first = desk.run(&at(22 * 60), &["--json", "queue", "--limit", "1"]);
    let shown: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(shown.as_array().unwrap().len(), 1);
    let note = String::from_utf8(first.stderr).unwrap();
    assert!(note.contains("showing 1 of 2 tickets"), "{note}");
    let after = shown[0]["number"].to_string();
    let next = desk.json(&at(22 * 60), &["queue", "--after", &after]);
    assert_eq!(next.as_array().unwrap().len(), 1);
    assert_ne!(next[0]["number"], shown[0]["number"]);
    let (code, err) = desk.fails(&at(22 * 60), &["queue", "--limit", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("1 to 5000"), "{err}");
    let (code, err) = desk.fails(&at(22 * 60), &["queue", "--promise", "soon"]);
    assert_eq!(code, 2);
    assert!(err.contains("pending, missed or kept"), "{err}");
    let (code, err) = desk.fails(&at(22 * 60), &["queue", "--category", "Nope"]);
    assert_ne!(code, 0);
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn set_up_lists_and_lookups_print_arrays() {
    let desk = Desk::new();
    desk.org();
    let people = desk.json(T0, &["person", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 4);
    assert!(people
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Rita Rep" && p["has_pin"] == true));
    let found = desk.json(T0, &["customer", "find", "5550102000"]);
    assert_eq!(found[0]["name"], "Ann Smith");
    assert_eq!(found[0]["open_tickets"], 0);
    let init = desk.json(T0, &["init"]);
    assert_eq!(
        Path::new(init["db"].as_str().unwrap()),
        desk.db.canonicalize().unwrap()
    );
    // The category's fields: required first, then optional, in the order given.
    let category = desk.json(
        T0,
        &[
            "category",
            "add",
            "--name",
            "Delivery",
            "--field",
            "carrier",
            "--require",
            "order",
            "--owner",
            "Lena Lead",
        ],
    );
    let keys: Vec<(&str, bool)> = category["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap(), f["required"].as_bool().unwrap()))
        .collect();
    assert_eq!(keys, [("order", true), ("carrier", false)]);
    assert!(category["default_owner_id"].is_i64());
}

#[test]
fn a_contact_records_how_and_a_new_promise() {
    let desk = Desk::new();
    desk.org();
    let t = desk.intake(T0, "Refund never arrived");
    let promise = at(6 * 60);
    let contacted = desk.json(
        &at(60),
        &[
            "--as",
            "Rita Rep",
            "contact",
            &t.to_string(),
            "--how",
            "phone",
            "--what",
            "The bank needs two more days",
            "--promise",
            &promise,
        ],
    );
    assert_eq!(
        contacted["promise_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        promise.parse::<DateTime<Utc>>().unwrap()
    );
    let detail = desk.ticket(t);
    assert_eq!(kinds(&detail), ["created", "contacted"]);
    let e = &detail["events"][1];
    assert_eq!(
        (&e["how"], &e["text"]),
        (&"phone".into(), &"The bank needs two more days".into())
    );
    // A bad --how, or a time already gone, is one line and changes nothing.
    for (args, says) in [
        (
            &["--how", "pigeon", "--what", "x"][..],
            "not phone, email, visit or chat",
        ),
        (
            &["--how", "email", "--what", "x", "--promise", T0],
            "not in the future",
        ),
    ] {
        let (code, stderr) = desk.fails(
            &at(90),
            &[&["--as", "Rita Rep", "contact", &t.to_string()][..], args].concat(),
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(says) && stderr.trim().lines().count() == 1,
            "{stderr}"
        );
    }
    assert_eq!(desk.ticket(t), detail);
    let shown = desk.run(&at(7 * 60), &["show", &t.to_string()]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("(missed)") && shown.contains("by phone, now promised"),
        "{shown}"
    );
    // Resolved, its resolution shows; reopened, the one that no longer stands does not.
    let t = t.to_string();
    let resolve = [
        "--as",
        "Rita Rep",
        "resolve",
        &t,
        "--resolution",
        "Refunded",
    ];
    desk.json(&at(8 * 60), &resolve);
    let resolution = |now: &str| {
        let shown = desk.run(now, &["show", &t]);
        String::from_utf8_lossy(&shown.stdout).contains("Resolution")
    };
    assert!(resolution(&at(8 * 60)));
    desk.json(
        &at(9 * 60),
        &[
            "--as",
            "Max Manager",
            "reopen",
            &t,
            "--reason",
            "Still charged",
        ],
    );
    assert!(!resolution(&at(9 * 60)));
}

#[test]
fn a_call_about_an_open_ticket_and_a_merge() {
    let desk = Desk::new();
    desk.org();
    let a = desk.intake(T0, "Charged twice for October");
    let b = desk.intake(T0, "Double charge on the card");
    let added = desk.json(
        &at(30),
        &[
            "--as",
            "Rita Rep",
            "intake",
            "--phone",
            "555.010.2000",
            "--summary",
            "Asks when the refund lands",
            "--about",
            &a.to_string(),
        ],
    );
    assert_eq!(added["number"], a);
    let detail = desk.ticket(a);
    assert_eq!(kinds(&detail), ["created", "contacted"]);
    assert_eq!(detail["events"][1]["inbound"], true);
    // --about takes no category: the ticket has one.
    let (code, stderr) = desk.fails(
        &at(31),
        &[
            "--as",
            "Rita Rep",
            "intake",
            "--phone",
            "555.010.2000",
            "--category",
            "Billing",
            "--summary",
            "x",
            "--about",
            &a.to_string(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    // A rep may not merge; her lead may.
    let merge = |who: &str| {
        vec![
            "--as".to_string(),
            who.into(),
            "merge".into(),
            b.to_string(),
            "--into".into(),
            a.to_string(),
            "--reason".into(),
            "one charge, two calls".into(),
        ]
    };
    let args = merge("Rita Rep");
    let (code, stderr) = desk.fails(
        &at(40),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("only leads"), "{stderr}");
    let args = merge("Lena Lead");
    let kept = desk.json(
        &at(41),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(kept["number"], a);
    let gone = desk.ticket(b);
    assert_eq!(
        (&gone["status"], &gone["merged_into"]),
        (&"resolved".into(), &a.into())
    );
    assert_eq!(kinds(&gone).last().unwrap(), "merged");
    assert_eq!(desk.json(&at(42), &["verify"])["ok"], true);
}

#[test]
fn solved_on_the_call_and_a_reassignment() {
    let desk = Desk::new();
    let org = desk.org();
    let solved = desk.json(
        T0,
        &[
            "--as",
            "Rita Rep",
            "intake",
            "--phone",
            "555.010.2000",
            "--category",
            "Billing",
            "--summary",
            "What is this line?",
            "--field",
            "account=A-17",
            "--field",
            "invoice=I-1",
            "--resolution",
            "Explained the line",
        ],
    );
    assert_eq!(
        (&solved["status"], &solved["owner_id"]),
        (&"resolved".into(), &org.rep.into())
    );
    let a = desk.intake(T0, "Charged twice for October");
    let b = desk.intake(T0, "Refund never arrived");
    let moved = desk.json(
        &at(10),
        &[
            "--as",
            "Max Manager",
            "reassign",
            "--from",
            "Rita Rep",
            "--to",
            "Lena Lead",
            "--reason",
            "Rita is off sick",
        ],
    );
    let numbers: Vec<i64> = moved
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [a, b]);
    assert!(moved
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["owner_id"] != org.rep));
    let (code, stderr) = desk.fails(
        &at(11),
        &[
            "--as",
            "Max Manager",
            "reassign",
            "--from",
            "Rita Rep",
            "--to",
            "Lena Lead",
            "--reason",
            "again",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("holds no open tickets"), "{stderr}");
}

#[test]
fn an_action_without_as_is_refused_before_anything_is_written() {
    let desk = Desk::new();
    for args in [
        &["pass", "1001", "--reason", "x"][..],
        &["take", "#1001"],
        &["note", "1001", "hello"],
    ] {
        let (code, stderr) = desk.fails(T0, args);
        assert_eq!(code, 2);
        assert!(stderr.contains("--as"), "{stderr}");
    }
    assert!(!desk.db.exists(), "the database was created");
}

#[test]
fn a_file_that_is_not_a_database_is_left_alone() {
    let desk = Desk::new();
    let text = b"shopping list: milk, eggs, a new printer\n".repeat(40);
    std::fs::write(&desk.db, &text).unwrap();
    for args in [&["person", "list"][..], &["init"], &["verify"]] {
        let (_, stderr) = desk.fails(T0, args);
        assert!(stderr.contains("not a Baton database"), "{stderr}");
    }
    assert_eq!(std::fs::read(&desk.db).unwrap(), text);
    let siblings = std::fs::read_dir(desk.db.parent().unwrap())
        .unwrap()
        .count();
    assert_eq!(siblings, 1, "no journal files were left beside it");
}

#[test]
fn a_bad_clock_is_a_clear_error() {
    let desk = Desk::new();
    let (code, stderr) = desk.fails("next tuesday", &["person", "list"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("BATON_NOW"), "{stderr}");
    assert!(!desk.db.exists());
}

#[test]
fn the_human_queue_has_aligned_columns() {
    let desk = Desk::new();
    desk.org();
    desk.intake(T0, "Charged twice for October");
    desk.intake(T0, "A very long summary that goes on and on about the printer, the toner and the weather today");
    let out = desk.run(&at(4 * 60 + 48), &["queue"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let header = lines[0];
    for column in ["STATUS", "OWNER", "LEFT", "CUSTOMER", "SUMMARY"] {
        let start = header.find(column).unwrap();
        for row in &lines[1..] {
            let chars: Vec<char> = row.chars().collect();
            assert_eq!(chars[start - 1], ' ', "{column} in {row:?}");
            assert_ne!(chars[start], ' ', "{column} in {row:?}");
        }
    }
    assert!(
        lines[1].contains("15h 12m") && lines[1].contains("Rita Rep"),
        "{text}"
    );
    assert!(lines[2].ends_with('…'), "long summaries are cut: {text}");
}

/// Starts `n` copies of one command at once; how many succeeded, and the others' stderr.
fn race(desk: &Desk, now: &str, args: &[&str], n: usize) -> (usize, Vec<String>) {
    let children: Vec<_> = (0..n)
        .map(|_| {
            baton(&desk.db, now, args)
                .arg("--json")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let won = outputs.iter().filter(|o| o.status.success()).count();
    let lost = outputs
        .iter()
        .filter(|o| !o.status.success())
        .map(|o| {
            assert!(o.stdout.is_empty());
            String::from_utf8_lossy(&o.stderr).into_owned()
        })
        .collect();
    (won, lost)
}

#[test]
fn racing_processes_change_a_ticket_once() {
    let desk = Desk::new();
    desk.org();
    let a = desk.intake(T0, "Charged twice").to_string();
    let b = desk.intake(T0, "Refund never arrived").to_string();

    let (won, lost) = race(
        &desk,
        &at(10),
        &[
            "--as",
            "Rita Rep",
            "resolve",
            &a,
            "--resolution",
            "refunded",
        ],
        8,
    );
    assert_eq!(won, 1, "{lost:?}");
    for stderr in &lost {
        assert!(
            stderr.starts_with("baton: ") && stderr.contains("is resolved"),
            "{stderr}"
        );
    }
    assert_eq!(
        kinds(&desk.ticket(a.parse().unwrap())),
        ["created", "resolved"]
    );

    let (won, lost) = race(&desk, &at(20), &["--as", "Lena Lead", "take", &b], 8);
    assert_eq!(won, 1, "{lost:?}");
    for stderr in &lost {
        assert!(stderr.contains("already hold"), "{stderr}");
    }
    assert_eq!(
        kinds(&desk.ticket(b.parse().unwrap())),
        ["created", "taken"]
    );
    assert_eq!(desk.json(&at(30), &["verify"])["ok"], true);
}

/// DESIGN §6: `kill -9` in the middle of a burst of intakes loses no acknowledged ticket, and
/// the database and its audit chain check out afterwards.
#[test]
fn killing_a_burst_of_intakes_loses_nothing_acknowledged() {
    let desk = Desk::new();
    desk.org();
    // One shell takes in tickets back to back; each `baton` prints its ticket once committed.
    let burst = "while :; do \"$0\" --db \"$1\" --json --as 'Rita Rep' intake --phone 5550102000 \
                 --category billing --summary burst --field account=A-1 --field invoice=I-1 || exit 1; done";
    let mut child = Command::new("sh")
        .args(["-c", burst])
        .arg(env!("CARGO_BIN_EXE_baton"))
        .arg(&desk.db)
        .env("BATON_NOW", T0)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Each acknowledgement is a ticket printed in full; its `"number": N` line names it.
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut acknowledged = vec![];
    for line in std::io::BufRead::lines(stdout) {
        let Ok(line) = line else { break };
        let Some(number) = line.trim().strip_prefix("\"number\": ") else {
            continue;
        };
        acknowledged.push(number.trim_end_matches(',').parse::<i64>().unwrap());
        if acknowledged.len() == 25 {
            // The intake in flight first, so it dies mid-way, then the loop.
            let pid = child.id().to_string();
            Command::new("pkill")
                .args(["-9", "-P", &pid])
                .status()
                .unwrap();
            child.kill().unwrap();
        }
    }
    child.wait().unwrap();
    assert!(acknowledged.len() >= 25);

    let stored: Vec<i64> = desk
        .json(T0, &["queue"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|n| !stored.contains(n))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    let check = desk.json(T0, &["verify"]);
    assert_eq!(check["ok"], true, "{check}");
}

#[test]
fn only_init_and_demo_create_a_desk() {
    let desk = Desk::new();
    let typo = desk.db.with_file_name("tpyo").join("baton.db");
    let run = |args: &[&str]| {
        let out = baton(&typo, T0, &[&["--json"], args].concat())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    for args in [
        &["person", "list"][..],
        &["verify"],
        &["sweep"],
        &["person", "add", "--name", "A", "--role", "rep"],
    ] {
        let (code, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("no desk at"), "{stderr}");
    }
    assert!(!typo.parent().unwrap().exists(), "no folder was made");
    assert_eq!(run(&["init"]).0, 0);
    assert!(typo.exists());
}

#[test]
fn six_processes_initialising_one_new_desk_all_succeed() {
    let desk = Desk::new();
    let children: Vec<_> = (0..6)
        .map(|_| {
            baton(&desk.db, T0, &["init"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(desk.json(T0, &["verify"])["ok"], true);
}

#[test]
fn every_error_is_one_line() {
    let desk = Desk::new();
    desk.org();
    // clap's own errors.
    let (code, stderr) = desk.fails(T0, &["person", "add", "--role", "rep"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--name"), "names what is missing: {stderr}");
    let (code, _) = desk.fails(T0, &["frobnicate"]);
    assert_eq!(code, 2);
    // A message quoting typed text with a line break in it.
    let (_, stderr) = desk.fails(T0, &["--as", "Rita\nRep", "take", "1001"]);
    assert!(stderr.contains("Rita\\nRep"), "{stderr}");
    // A field given twice is named.
    let (code, stderr) = desk.fails(
        T0,
        &[
            "--as",
            "Rita Rep",
            "intake",
            "--phone",
            "5550102000",
            "--category",
            "billing",
            "--summary",
            "x",
            "--field",
            "account=1",
            "--field",
            "account=2",
            "--field",
            "invoice=3",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("field 'account' is given twice"),
        "{stderr}"
    );
}

#[test]
fn stored_control_characters_are_printed_as_escapes() {
    let desk = Desk::new();
    desk.org();
    let n = desk.intake(T0, "Printer jams");
    // Text stored before control characters were refused (written straight to the file).
    rusqlite::Connection::open(&desk.db)
        .unwrap()
        .execute(
            "UPDATE tickets SET summary = 'evil \u{1b}[2J\u{7}' WHERE id = ?1",
            [n],
        )
        .unwrap();
    for args in [&["queue"][..], &["show", &n.to_string()]] {
        let out = desk.run(T0, args);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(text.contains("evil \\u{1b}[2J"), "{text}");
    }
}

#[test]
fn backup_verify_with_a_witness_and_restore() {
    let desk = Desk::new();
    let org = desk.org();
    let n = desk.intake(T0, "Printer jams");
    let head = desk.json(T0, &["verify"])["head"]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let copy = desk.db.with_file_name("copy.db");
    let backup = desk.json(T0, &["backup", copy.to_str().unwrap()]);
    assert_eq!(backup["head"]["hash"], head.as_str());
    // Work after the backup, then the witness still holds.
    desk.json(
        &at(5),
        &["--as", "Rita Rep", "note", &n.to_string(), "called back"],
    );
    let v = desk.json(&at(5), &["verify", "--witness", &head]);
    assert!(v["witnesses"][0]["event_id"].is_i64());
    // Restoring goes back to the backup's state and keeps the current file aside.
    let restored = desk.json(&at(6), &["restore", copy.to_str().unwrap()]);
    assert!(Path::new(restored["kept_aside"].as_str().unwrap()).exists());
    assert_eq!(kinds(&desk.ticket(n)), ["created"]);
    // The newer head is a witness the restored chain does not hold: verify says so and fails.
    let out = desk.run(&at(7), &["--json", "verify", "--witness", &"ab".repeat(32)]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["witnesses"][0]["event_id"], Value::Null);
    let (code, stderr) = desk.fails(&at(7), &["verify", "--witness", "nonsense"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("64 hex digits"), "{stderr}");
    assert_eq!(desk.ticket(n)["owner_id"], org.rep);
}

#[test]
fn a_customer_is_erased_on_request_and_the_trail_verifies() {
    let desk = Desk::new();
    desk.org();
    let n = desk.intake(T0, "Ann's card 4111 charged twice");
    let customer = desk.ticket(n)["customer_id"].as_i64().unwrap();
    let (code, stderr) = desk.fails(
        T0,
        &[
            "--as",
            "Rita Rep",
            "customer",
            "erase",
            &customer.to_string(),
            "--reason",
            "asked",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("managers and executives"), "{stderr}");
    let erased = desk.json(
        &at(1),
        &[
            "customer",
            "erase",
            &customer.to_string(),
            "--reason",
            "request #42",
        ],
    );
    assert_eq!(erased["customer_id"], customer);
    assert_eq!(erased["tickets"], serde_json::json!([n]));
    assert_eq!(desk.ticket(n)["summary"], "[erased]");
    assert!(desk.json(&at(1), &["verify"])["ok"].as_bool().unwrap());
}

#[test]
fn months_are_read_in_the_desks_time_zone() {
    let desk = Desk::new();
    desk.org();
    // 23:30 UTC on 31 October is already November in Berlin.
    desk.intake("2026-10-31T23:30:00Z", "Late call");
    let intake = |from: &str, to: &str| {
        desk.json(T0, &["report", "--from", from, "--to", to])["totals"]["intake"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(intake("2026-11-01", "2026-11-30"), 0, "UTC until set");
    let hours = desk.json(
        T0,
        &[
            "hours",
            "--time-zone",
            "Europe/Berlin",
            "--opens",
            "08:30",
            "--closes",
            "17:00",
        ],
    );
    assert_eq!(hours["time_zone"], "Europe/Berlin");
    assert_eq!(hours["opens_minutes"], 510);
    assert_eq!(intake("2026-11-01", "2026-11-30"), 1);
    assert_eq!(intake("2026-10-01", "2026-10-31"), 0);
    // Berlin's first day of 1970 starts in 1969 in UTC: still a year reports cover.
    assert_eq!(intake("1970-01-01", "1970-01-31"), 0);
    let (code, stderr) = desk.fails(T0, &["hours", "--time-zone", "Mars/Base"]);
    assert_eq!(code, 2, "invalid input");
    assert!(stderr.contains("not a time zone"), "{stderr}");
    assert_eq!(desk.json(T0, &["hours"])["time_zone"], "Europe/Berlin");
}

#[test]
fn people_leave_and_move_and_get_pins() {
    let desk = Desk::new();
    let org = desk.org();
    let n = desk.intake(T0, "Printer jams");
    // Who acts is said once: a second --as after the subcommand is refused, not obeyed.
    let before = desk.ticket(n);
    for twice in [
        &[
            "--as",
            "Rita Rep",
            "note",
            &n.to_string(),
            "x",
            "--as",
            "Eve Exec",
        ][..],
        &[
            "--as=Rita Rep",
            "note",
            &n.to_string(),
            "x",
            "--as",
            "Rita Rep",
        ][..],
    ] {
        let (code, stderr) = desk.fails(T0, twice);
        assert!(
            code == 2 && stderr.contains("--as is given twice"),
            "{stderr}"
        );
    }
    assert_eq!(desk.ticket(n), before);
    let (code, stderr) = desk.fails(
        T0,
        &["--as", "Rita Rep", "person", "deactivate", "Lena Lead"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("only managers and executives"), "{stderr}");
    let gone = desk.json(T0, &["person", "deactivate", "Rita Rep"]);
    assert_eq!(gone["tickets_handed_over"][0], n);
    assert_eq!(desk.ticket(n)["owner_id"], gone["successor"]["id"]);
    let moved = desk.json(
        T0,
        &["person", "move", "Lena Lead", "--reports-to", "Eve Exec"],
    );
    assert_eq!(moved["reports_to"], org.exec);
    let (code, stderr) = desk.fails(
        T0,
        &["person", "move", "Eve Exec", "--reports-to", "Lena Lead"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("circle") || stderr.contains("top"),
        "{stderr}"
    );
    desk.json(T0, &["person", "pin", "Max Manager", "--pin", "8642"]);
    let people = desk.json(T0, &["person", "list"]);
    let max = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == org.manager)
        .unwrap();
    assert_eq!(max["has_pin"], true);
    assert_eq!(desk.json(T0, &["verify"])["ok"], true);
}

/// Runs the CLI as an unprivileged user when the tests run as root (root ignores file
/// permissions), else as the current user.
fn as_nobody(db: &Path, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_baton"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_baton"))
    };
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("BATON_NOW", T0)
        .env_remove("BATON_DB");
    cmd.output().unwrap()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_desk_in_a_read_only_folder_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    desk.org();
    // A checkpointed desk, readable by everyone, in a folder nobody else may write.
    rusqlite::Connection::open(&desk.db)
        .unwrap()
        .pragma_update(None, "journal_mode", "DELETE")
        .unwrap();
    let dir = desk.db.parent().unwrap();
    let mode = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(&desk.db, 0o444);
    mode(dir, 0o555);
    let out = as_nobody(&desk.db, &["person", "list"]);
    mode(dir, 0o755);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(!stderr.contains("not a Baton database"), "{stderr}");
}

/// A shared desk's password is asked for at a terminal (and only there): run under `script`,
/// which gives the command a terminal whose keyboard is this test. Needs the test server
/// (`BATON_TEST_PG_TLS`, from `scripts/test`).
#[test]
fn a_shared_desks_password_is_asked_for_at_a_terminal() {
    let Ok(tls) = std::env::var("BATON_TEST_PG_TLS") else {
        return eprintln!("skipped: BATON_TEST_PG_TLS is not set");
    };
    let tls = Path::new(&tls);
    let superuser = "postgres://postgres@127.0.0.1:54329";
    let created = Command::new("psql")
        .arg(format!("{superuser}/postgres"))
        .args([
            "-q",
            "-c",
            "DROP DATABASE IF EXISTS baton_cli_pw",
            "-c",
            "CREATE DATABASE baton_cli_pw",
        ])
        .status()
        .unwrap();
    assert!(created.success());
    let owner = format!("{superuser}/baton_cli_pw");
    let upgraded = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["--db", &owner, "upgrade", "--app-role", "baton_app"])
        .output()
        .unwrap();
    assert!(upgraded.status.success(), "{upgraded:?}");
    let app = format!(
        "postgres://baton_app@localhost:54329/baton_cli_pw?sslmode=verify-full&sslrootcert={}",
        tls.join("ca.pem").display()
    );
    let password = std::fs::read_to_string(tls.join("app-password")).unwrap();

    // No terminal, no password anywhere: one line saying so, nothing asked.
    let refused = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["--db", &app, "queue"])
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", "/nonexistent")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        said.contains("password missing") && said.lines().count() == 1,
        "{said}"
    );

    // At a terminal: asked once, then the desk answers.
    let line = format!("{} --db '{app}' --json queue", env!("CARGO_BIN_EXE_baton"));
    let mut run = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", "/nonexistent")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    writeln!(run.stdin.take().unwrap(), "{}", password.trim()).unwrap();
    let out = run.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("Password for postgres://baton_app@localhost:54329/baton_cli_pw"),
        "{shown}"
    );
    assert!(shown.trim_end().ends_with("[]"), "{shown}");
}

/// On a shared desk the server's clock decides when a ticket escalates, not the workstation's:
/// a sweep from a workstation whose clock runs ten minutes fast (libfaketime) leaves a ticket
/// five minutes short of its mark alone, where on a desk file, whose clock is the machine's,
/// the same fast clock escalates it. Needs the test server (`BATON_TEST_PG`, from `scripts/test`).
#[test]
fn a_workstation_clock_running_fast_does_not_escalate_early_on_a_shared_desk() {
    let Ok(server) = std::env::var("BATON_TEST_PG") else {
        return eprintln!("skipped: BATON_TEST_PG is not set");
    };
    let created = Command::new("psql")
        .arg(format!("{server}/postgres"))
        .args(["-q", "-c", "DROP DATABASE IF EXISTS baton_cli_clock"])
        .args(["-c", "CREATE DATABASE baton_cli_clock"])
        .env("PGOPTIONS", "-c client_min_messages=warning")
        .status()
        .unwrap();
    assert!(created.success());
    let shared = Desk {
        _dir: tempfile::tempdir().unwrap(),
        db: PathBuf::from(format!("{server}/baton_cli_clock")),
    };
    let file = Desk::new();
    // Taken in 19 h 55 min ago: the 20-hour mark is five minutes away.
    let taken = (Utc::now() - Duration::minutes(20 * 60 - 5)).to_rfc3339();
    for (desk, escalates) in [(&shared, false), (&file, true)] {
        let org = desk.org();
        let t = desk.intake(&taken, "Charged twice");
        let sweep = Command::new("faketime")
            .args(["-f", "+10m", env!("CARGO_BIN_EXE_baton"), "--db"])
            .arg(&desk.db)
            .args(["--json", "sweep"])
            .env_remove("BATON_NOW")
            .env_remove("BATON_DB")
            .output()
            .unwrap();
        assert!(sweep.status.success(), "{sweep:?}");
        assert_eq!(
            desk.ticket(t)["owner_id"] == org.exec,
            escalates,
            "{}: {}",
            desk.db.display(),
            String::from_utf8_lossy(&sweep.stdout)
        );
    }
}

#[test]
fn month_end_through_the_command_line() {
    let desk = Desk::new();
    let org = desk.org();
    let first = desk.intake(T0, "Charged twice");
    let second = desk.intake(&at(5), "Charged twice again");
    let resolved = desk.json(
        &at(60),
        &[
            "--as",
            "Rita Rep",
            "resolve",
            &first.to_string(),
            "--resolution",
            "Refunded",
            "--prevention",
            "Duplicate charges are now blocked",
        ],
    );
    assert_eq!(resolved["status"], "resolved");
    // The feedback that came after a ticket keeps its form; feedback on its own joins the board.
    desk.json(
        &at(61),
        &[
            "--as",
            "Rita Rep",
            "feedback",
            &first.to_string(),
            "--delighted",
            "yes",
            "--what",
            "Quick",
        ],
    );
    let letter = desk.json(
        &at(62),
        &[
            "--as",
            "Rita Rep",
            "feedback",
            "--customer",
            "1",
            "--compliment",
            "--person",
            "Rita Rep",
            "--what",
            "A card: \"thank you, Rita\"",
        ],
    );
    assert_eq!(letter["compliment"], true);
    assert_eq!(letter["people"][0]["id"], org.rep);
    let entry = letter["id"].as_i64().unwrap().to_string();
    let complaint = desk.json(
        &at(63),
        &[
            "--as",
            "Rita Rep",
            "feedback",
            "--customer",
            "1",
            "--ticket",
            &second.to_string(),
            "--complaint",
            "--what",
            "Still waiting",
        ],
    );
    assert_eq!(complaint["ticket_id"], second);
    for bad in [
        &["feedback", "--customer", "1", "--what", "which kind?"][..],
        &[
            "feedback",
            "--customer",
            "1",
            "--compliment",
            "--complaint",
            "--what",
            "x",
        ],
        &[
            "feedback",
            "--customer",
            "1",
            "--delighted",
            "yes",
            "--what",
            "x",
        ],
        &[
            "feedback",
            "--customer",
            "99",
            "--compliment",
            "--what",
            "nobody",
        ],
        &["lesson", &entry, "--what", "reps do not note lessons"],
    ] {
        desk.fails(&at(64), &[&["--as", "Rita Rep"], bad].concat());
    }
    let learned = desk.json(
        &at(65),
        &[
            "--as",
            "Max Manager",
            "lesson",
            &entry,
            "--what",
            "Cards go on the wall",
        ],
    );
    assert_eq!(learned["lesson"]["by"], "Max Manager");
    let board = desk.json(&at(66), &["board"]);
    assert_eq!(board.as_array().unwrap().len(), 2);
    assert_eq!(board[1]["lesson"]["what"], "Cards go on the wall");

    // Rita took the call: confirming that the customer heard back is hers.
    let first_ticket = desk.ticket(first);
    assert_eq!(first_ticket["confirm_by"], org.rep);
    let ticket = first.to_string();
    let confirm = |said: &[&'static str]| {
        let mut args = vec![
            "--as",
            "Rita Rep",
            "confirm",
            ticket.as_str(),
            "--heard-back",
            "yes",
        ];
        args.extend_from_slice(said);
        args
    };
    desk.fails(&at(66), &confirm(&["--delighted", "yes"]));
    let confirmed = desk.json(&at(67), &confirm(&["--what", "Glad it is sorted"]));
    assert!(confirmed["confirmed_at"].is_string(), "{confirmed}");
    assert_eq!(confirmed["owner_id"], org.rep);
    let (code, _) = desk.fails(&at(68), &confirm(&[]));
    assert_eq!(code, 1, "nothing left to confirm is a refusal");

    let month = ["report", "--from", "2026-11-01", "--to", "2026-11-30"];
    let report = desk.json(&at(70), &month);
    assert_eq!(report["totals"]["heard_back"], 1);
    assert_eq!(report["totals"]["heard_back_by_promise"], 1);
    assert_eq!(report["board"]["compliments"], 1);
    assert_eq!(report["board"]["complaints"], 1);
    assert_eq!(report["totals"]["preventions"], 1);
    assert_eq!(
        report["totals"]["delighted"], 1,
        "the existing rows keep their shape"
    );
    assert_eq!(report["delight"][0]["what"], "Quick");
    assert_eq!(
        report["preventions"][0]["what"],
        "Duplicate charges are now blocked"
    );
    let teams: Vec<&str> = report["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["lead_name"].as_str().unwrap())
        .collect();
    assert_eq!(teams, ["Eve Exec", "Max Manager", "Lena Lead"]);
    let rita = report["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person_id"] == org.rep)
        .unwrap();
    assert_eq!(
        (
            &rita["solved"],
            &rita["buck_passing_sample"],
            &rita["preventions"]
        ),
        (&Value::from(1), &Value::from(1), &Value::from(1))
    );

    // CSV on stdout, one table at a time.
    let out = desk.run(&at(70), &[&month[..], &["--csv", "board"]].concat());
    assert!(out.status.success());
    let mut csv = ::csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<::csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][7], "A card: \"thank you, Rita\"");
    assert_eq!(&rows[1][8], "Cards go on the wall");
    let (code, stderr) = desk.fails(&at(70), &[&month[..], &["--csv", "tickets"]].concat());
    assert_eq!(code, 2);
    assert!(stderr.contains("choose one of people, teams"), "{stderr}");
    desk.fails(&at(70), &[&month[..], &["--csv", "people"]].concat());
}

#[test]
fn the_command_line_and_the_app_read_one_month_across_a_time_zone() {
    let desk = Desk::new();
    let org = desk.org();
    desk.json(SET_UP, &["hours", "--time-zone", "America/New_York"]);
    // 02:00 UTC on 1 November is still October in New York; 04:30 UTC on 1 December is
    // still November.
    desk.intake("2026-11-01T02:00:00Z", "October's, in New York");
    desk.intake("2026-11-15T12:00:00Z", "Mid-month");
    desk.intake("2026-12-01T04:30:00Z", "November's last evening");
    let month = ["report", "--from", "2026-11-01", "--to", "2026-11-30"];
    let cli = desk.json("2026-12-02T12:00:00Z", &month);
    assert_eq!(cli["totals"]["intake"], 2);
    // The app asks the core for the same month as the signed-in executive.
    let clock = std::sync::Arc::new(baton_core::FakeClock::new(
        "2026-12-02T12:00:00Z".parse().unwrap(),
    ));
    let mut core = baton_core::Desk::open(&desk.db, clock).unwrap();
    let day =
        |d| baton_core::calendar::Bound::Day(chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap());
    let app = core
        .report_as(
            org.exec,
            baton_core::calendar::PeriodSpec::Range {
                from: day(1),
                to: day(30),
            },
        )
        .unwrap();
    let app = serde_json::to_value(&app).unwrap();
    for key in ["from", "to", "totals", "weeks", "people", "teams"] {
        assert_eq!(cli[key], app[key], "{key}");
    }
    assert_eq!(cli["from"], "2026-11-01T04:00:00Z");
}
