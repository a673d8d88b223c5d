//! A desk shared on a PostgreSQL server by many workstations at once: every rule still holds
//! exactly once. Runs when `BATON_TEST_PG` names a server (the test script starts one); the
//! rest of the behaviour suite runs there too.

mod common;

use baton_core::store::Create;
use baton_core::tickets::{Action, QueueKind};
use baton_core::{Desk, FakeClock};
use common::{hm, start, Org};
use std::path::Path;
use std::sync::Arc;

/// The standard organisation on a fresh shared desk, and its address for more workstations.
fn shared() -> Option<(Org, String)> {
    let address = common::fresh_database()?;
    let clock = Arc::new(FakeClock::new(start()));
    let desk = Desk::open_at(Path::new(&address), Create::IfMissing, Some(clock.clone())).unwrap();
    Some((Org::build(desk, clock), address))
}

fn workstation(address: &str, at: chrono::DateTime<chrono::Utc>) -> Desk {
    let clock = Arc::new(FakeClock::new(at));
    Desk::open_at(Path::new(address), Create::No, Some(clock)).unwrap()
}

#[test]
fn sweepers_at_many_workstations_escalate_each_ticket_once() {
    let Some((mut o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let tickets: Vec<i64> = (0..60)
        .map(|i| o.intake_by(o.ana, &format!("Outage {i}")).id)
        .collect();
    let late = start() + hm(21, 0);
    let swept: usize = std::thread::scope(|s| {
        let runs: Vec<_> = (0..6)
            .map(|_| s.spawn(|| workstation(&address, late).sweep().unwrap().actions.len()))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).sum()
    });
    // Each ticket: one escalation (already at the mark: no warning first) and its idle tickle
    // is replaced by the escalation; nothing twice, whoever swept it.
    let mut desk = workstation(&address, late);
    for t in &tickets {
        let d = desk.ticket(*t).unwrap();
        let escalations = d
            .events
            .iter()
            .filter(|e| e.kind == baton_core::events::EventKind::Escalated)
            .count();
        assert_eq!(escalations, 1, "#{t}");
        assert_eq!(d.ticket.owner_id, o.grace);
    }
    assert_eq!(swept, system_events(&mut desk, &tickets));
    assert!(
        desk.sweep().unwrap().actions.is_empty(),
        "nothing left to do"
    );
    assert!(desk.verify(&[]).unwrap().ok);
}

/// How many events the sweep wrote on these tickets (escalations, warnings, tickles).
fn system_events(desk: &mut Desk, tickets: &[i64]) -> usize {
    tickets
        .iter()
        .map(|t| {
            desk.ticket(*t)
                .unwrap()
                .events
                .iter()
                .filter(|e| e.actor_id.is_none())
                .count()
        })
        .sum()
}

/// Call number `i` about the customer's billing, taken in by `rep` at a workstation.
fn billing_call(
    desk: &mut Desk,
    rep: i64,
    (customer, category): (i64, i64),
    i: usize,
) -> baton_core::tickets::Ticket {
    desk.intake(
        rep,
        baton_core::tickets::Intake {
            customer_id: customer,
            category_id: category,
            summary: format!("Call {i}"),
            fields: [("account", "AC-1"), ("invoice", "I-1")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn many_workstations_take_in_and_act_at_once_and_the_chain_holds() {
    let Some((o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let (ana, ben, olivia, billing) = (o.ana, o.ben, o.olivia, o.billing);
    let numbers: Vec<i64> = std::thread::scope(|s| {
        let runs: Vec<_> = [ana, ben, ana, ben]
            .into_iter()
            .map(|rep| {
                let address = address.clone();
                s.spawn(move || {
                    let mut desk = workstation(&address, start());
                    (0..15)
                        .map(|i| {
                            let t = billing_call(&mut desk, rep, (olivia, billing), i);
                            desk.act(
                                rep,
                                t.id,
                                None,
                                Action::Note {
                                    text: "called".into(),
                                },
                            )
                            .unwrap();
                            t.id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 60, "every intake got its own number");
    let mut desk = workstation(&address, start());
    assert_eq!(desk.queue(QueueKind::All, None, true).unwrap().len(), 60);
    let v = desk.verify(&[]).unwrap();
    assert!(v.ok, "{v:?}");
    // 60 intakes and 60 notes on top of the set-up's events, chained in commit order.
    assert!(v.events_checked >= 120);
}

#[test]
fn the_trail_cannot_be_rewritten_through_sql() {
    let Some((mut o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    o.intake_by(o.ana, "Charged twice");
    let mut sql = postgres::Client::connect(&address, postgres::NoTls).unwrap();
    let edit = sql.execute(
        "UPDATE events SET text = 'we never said that' WHERE id = 1",
        &[],
    );
    let refused = edit.unwrap_err();
    assert_eq!(
        refused.as_db_error().unwrap().message(),
        "events are append-only"
    );
    assert!(sql.execute("DELETE FROM events WHERE id = 1", &[]).is_err());
    // A newer schema on the server: an older build refuses it and says why.
    sql.execute("INSERT INTO baton_schema (version) VALUES (99)", &[])
        .unwrap();
    let refused = Desk::open_at(Path::new(&address), Create::No, None)
        .err()
        .unwrap();
    assert_eq!(refused.code(), "newer_schema");
}

#[test]
fn a_branch_desk_moves_onto_the_server_with_its_trail_intact() {
    let Some(address) = common::fresh_database() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("branch.db");
    let mut o = Org::on_file(&file);
    let t = o.intake_by(o.ana, "Charged twice").id;
    o.desk
        .act(
            o.ana,
            t,
            None,
            Action::Pass {
                reason: "refund limit".into(),
            },
        )
        .unwrap();
    o.at(hm(21, 0));
    o.desk.sweep().unwrap();
    o.desk.erase_customer(None, o.olivia, "request #7").unwrap();
    // An erased customer takes no new tickets: this call is another customer's.
    let pat = o.customer("Pat Jones");
    let printer = o
        .desk
        .intake(
            o.ben,
            baton_core::tickets::Intake {
                customer_id: pat,
                category_id: o.billing,
                summary: "Printer jams on INV-2024-17".into(),
                fields: [("account", "AC-3"), ("invoice", "I-3")]
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let head = o.desk.chain_head().unwrap();
    let queue = o.desk.queue(QueueKind::All, None, false).unwrap();
    let (dev, billing) = (o.dev, o.billing);
    drop(o);

    let moved = Desk::migrate(
        &file,
        &address,
        Arc::new(FakeClock::new(start() + hm(22, 0))),
    )
    .unwrap();
    assert!(moved.verified);
    assert_eq!(moved.head, head, "the same chain, to the same head");
    let mut shared = workstation(&address, start() + hm(22, 0));
    assert_eq!(shared.queue(QueueKind::All, None, false).unwrap(), queue);
    let found = shared.search("printer 2024").unwrap();
    assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), [printer]);
    // New work continues the numbers and the chain.
    let ben = shared
        .add_customer(baton_core::customers::NewCustomer {
            name: "Ben Okoro".into(),
            ..Default::default()
        })
        .unwrap();
    let intake = baton_core::tickets::Intake {
        customer_id: ben.id,
        category_id: billing,
        summary: "Second call".into(),
        fields: [("account", "AC-2"), ("invoice", "I-2")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into(),
        ..Default::default()
    };
    assert_eq!(shared.intake(dev, intake).unwrap().id, printer + 1);
    assert!(shared.verify(&[head.unwrap().hash]).unwrap().ok);
    // A desk moves only into an empty one.
    let again = Desk::migrate(&file, &address, Arc::new(FakeClock::new(start()))).unwrap_err();
    assert_eq!(again.code(), "conflict");
}

/// The workstations' connection: scram-sha-256 over TLS whose certificate is checked
/// (`verify-full`), as an application role that does not own the schema and may not rewrite
/// the trail. `BATON_TEST_PG_TLS` is the test server's folder (`scripts/postgres`): its CA and
/// the role's password.
#[test]
fn workstations_connect_over_checked_tls_as_a_role_that_cannot_rewrite_the_trail() {
    let (Some(owner), Ok(tls)) = (common::fresh_database(), std::env::var("BATON_TEST_PG_TLS"))
    else {
        return eprintln!("skipped: BATON_TEST_PG or BATON_TEST_PG_TLS is not set");
    };
    let tls = Path::new(&tls);
    let database = owner.rsplit('/').next().unwrap();
    baton_core::store::PgStore::upgrade(&owner, Some("baton_app")).unwrap();
    let password = std::fs::read_to_string(tls.join("app-password")).unwrap();
    let app = |host: &str, ca: &Path| {
        format!(
            "postgres://baton_app:{}@{host}:54329/{database}?sslmode=verify-full&sslrootcert={}",
            password.trim(),
            ca.display()
        )
    };
    let clock = Arc::new(FakeClock::new(start()));
    let desk = Desk::open_at(
        Path::new(&app("localhost", &tls.join("ca.pem"))),
        Create::No,
        Some(clock.clone()),
    )
    .unwrap();
    let mut o = Org::build(desk, clock);
    let t = o.intake_by(o.ana, "Charged twice").id;
    o.desk
        .act(
            o.ana,
            t,
            None,
            Action::Note {
                text: "called".into(),
            },
        )
        .unwrap();
    assert!(o.desk.verify(&[]).unwrap().ok);

    // An upgrade run without `--app-role` still leaves the role writing: the schema taken back
    // here to before the tally (migration 009) and upgraded again, the tally is granted to
    // whoever may already change tickets, and counts the one taken in before.
    let mut sql = postgres::Client::connect(&owner, postgres::NoTls).unwrap();
    sql.batch_execute(
        "DROP TABLE tally; DROP FUNCTION tally_changes CASCADE; DROP FUNCTION tally_of;
         DROP INDEX tickets_escalated_held, events_report, tickets_resolved;
         CREATE INDEX events_kind_at ON events (kind, at);
         DELETE FROM baton_schema WHERE version >= 9;",
    )
    .unwrap();
    baton_core::store::PgStore::upgrade(&owner, None).unwrap();
    o.intake_by(o.ana, "After the upgrade");
    assert_eq!(o.desk.counts(o.ana).unwrap().mine, 2);

    // A certificate no trusted CA signed, or a name it was not issued for, is refused.
    let other_ca = tls.join("data/server.crt");
    let refused = Desk::open_at(Path::new(&app("localhost", &other_ca)), Create::No, None);
    let why = refused.err().unwrap().to_string();
    assert!(why.contains("cannot reach"), "{why}");
    // The certificate names localhost, not 127.0.0.1: the same server by another name is
    // refused.
    let refused = Desk::open_at(
        Path::new(&app("127.0.0.1", &tls.join("ca.pem"))),
        Create::No,
        None,
    );
    let why = refused.err().unwrap().to_string();
    assert!(why.contains("cannot reach"), "{why}");

    // The role may append and erase, never delete or rewrite, never read a PIN's hash: asked
    // with psql, as anyone holding the workstations' password could.
    for rewrite in [
        "DELETE FROM events",
        "UPDATE events SET kind = 'note'",
        "TRUNCATE events",
        "DROP TABLE events",
        // PIN hashes cannot be read to brute-force offline, nor a lockout lifted by hand.
        "SELECT pin_hash FROM people",
        "UPDATE people SET failed_pins = 0, locked_until = NULL",
    ] {
        let out = std::process::Command::new("psql")
            .arg(app("localhost", &tls.join("ca.pem")))
            .args(["-v", "ON_ERROR_STOP=1", "-c", rewrite])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{rewrite} was allowed");
        assert!(
            said.contains("permission denied") || said.contains("must be owner"),
            "{rewrite}: {said}"
        );
    }
}

/// Forwards one connection to the server, but once the client has sent `COMMIT` and the server
/// has answered it, drops the connection instead of passing the answer on: the write committed,
/// and the workstation never heard so.
fn losing_the_acknowledgement(server: &str) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = server.to_string();
    let proxy = std::thread::spawn(move || {
        let (mut client, _) = listener.accept().unwrap();
        let mut db = TcpStream::connect(&upstream).unwrap();
        let mut replies = db.try_clone().unwrap();
        let mut back = client.try_clone().unwrap();
        let committed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = committed.clone();
        let answers = std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n @ 1..) = replies.read(&mut buf) {
                if seen.load(std::sync::atomic::Ordering::SeqCst) {
                    break; // the answer to COMMIT: swallowed
                }
                if back.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            let _ = back.shutdown(Shutdown::Both);
        });
        let mut buf = [0u8; 16384];
        while let Ok(n @ 1..) = client.read(&mut buf) {
            let chunk = &buf[..n];
            if chunk.windows(7).any(|w| w == b"COMMIT\0") {
                committed.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            if db.write_all(chunk).is_err() {
                break;
            }
        }
        answers.join().unwrap();
    });
    (format!("127.0.0.1:{port}"), proxy)
}

#[test]
fn an_intake_resent_after_a_lost_commit_acknowledgement_is_taken_in_once() {
    let Some((o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let (olivia, billing, ana) = (o.olivia, o.billing, o.ana);
    drop(o);
    let intake = baton_core::tickets::Intake {
        customer_id: olivia,
        category_id: billing,
        summary: "Charged twice".into(),
        fields: [("account", "AC-1"), ("invoice", "I-1")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into(),
        key: Some("call-42".into()),
        ..Default::default()
    };
    let (proxy, forwarding) = losing_the_acknowledgement("127.0.0.1:54329");
    let through_proxy = address.replace("127.0.0.1:54329", &proxy);
    let mut lossy = workstation(&through_proxy, start());
    let lost = lossy.intake(ana, intake.clone());
    assert!(lost.is_err(), "the acknowledgement was lost: {lost:?}");
    forwarding.join().unwrap();

    // The workstation reconnects and sends the same intake again, with the same key.
    let mut again = workstation(&address, start());
    let t = again.intake(ana, intake).unwrap();
    // The first send committed (a number from a sequence is never given twice, so a rolled-back
    // first send would have left 1001 unused): the resend found it and did nothing.
    assert_eq!(t.id, 1001);
    let all = again.queue(QueueKind::All, None, false).unwrap();
    assert_eq!(all.len(), 1, "taken in once");
    assert_eq!(all[0].id, t.id);
    assert!(again.verify(&[]).unwrap().ok);
}

#[test]
fn the_doorbell_rings_at_other_workstations_when_the_desk_changes() {
    let Some((mut o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let mut bell = baton_core::store::postgres::Doorbell::open(&address).unwrap();
    let quiet = std::time::Duration::from_millis(200);
    assert!(!bell.wait(quiet).unwrap(), "nothing changed yet");
    o.intake_by(o.ana, "Charged twice");
    assert!(bell.wait(std::time::Duration::from_secs(10)).unwrap());
    assert!(!bell.wait(quiet).unwrap(), "one change, one ring");
}

/// Every person's open, team and escalated counts, checked against their lists.
fn counts_match_lists(desk: &mut Desk, people: &[i64]) {
    let kinds = [QueueKind::Mine, QueueKind::Team, QueueKind::EscalatedToMe];
    for kind in kinds {
        for p in people {
            let listed = desk.queue(kind, Some(*p), true).unwrap().len() as u32;
            assert_eq!(
                desk.count(kind, Some(*p)).unwrap(),
                listed,
                "{kind:?} of {p}"
            );
        }
    }
}

/// The server's tally (changes append deltas) follows passes crossing in opposite directions at
/// once without a deadlock, `tidy` folds it to a row per person, and `verify` recounts it.
#[test]
fn the_tally_follows_crossing_changes_and_verify_recounts_it() {
    let Some((mut o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let (ana, ben, lena, maya) = (o.ana, o.ben, o.lena, o.maya);
    let everyone = [o.grace, maya, lena, ana, ben, o.tom, o.dev];
    let first: Vec<i64> = (0..6)
        .map(|i| o.intake_by(ana, &format!("Call {i}")).id)
        .collect();
    let pass = || Action::Pass {
        reason: "over my limit".into(),
    };
    for t in &first {
        o.desk.act(ana, *t, None, pass()).unwrap();
    }
    // Her manager hands them down to both reps while each rep passes new ones up to her.
    std::thread::scope(|s| {
        let address = &address;
        s.spawn(move || {
            let mut desk = workstation(address, start() + hm(1, 0));
            for (i, t) in first.iter().enumerate() {
                let to = if i % 2 == 0 { ana } else { ben };
                let assign = Action::Assign {
                    to,
                    reason: "yours again".into(),
                };
                desk.act(maya, *t, None, assign).unwrap();
            }
        });
        for rep in [ana, ben] {
            s.spawn(move || {
                let mut desk = workstation(address, start() + hm(1, 0));
                for i in 0..6 {
                    let t = billing_call(&mut desk, rep, (o.olivia, o.billing), i);
                    desk.act(rep, t.id, None, pass()).unwrap();
                }
            });
        }
    });
    let mut desk = workstation(&address, start() + hm(1, 0));
    counts_match_lists(&mut desk, &everyone);
    assert_eq!(desk.counts(lena).unwrap().mine, 12);
    // Past the mark every open ticket goes up: escalated counts on both sides of it.
    let mut late = workstation(&address, start() + hm(21, 0));
    late.sweep().unwrap();
    counts_match_lists(&mut late, &everyone);
    assert_eq!(late.counts(o.grace).unwrap().escalated_to_me, 18);
    let mut sql = postgres::Client::connect(&address, postgres::NoTls).unwrap();
    let rows = |sql: &mut postgres::Client| -> (i64, i64) {
        let r = sql
            .query_one("SELECT count(*), count(DISTINCT person_id) FROM tally", &[])
            .unwrap();
        (r.get(0), r.get(1))
    };
    let (appended, people) = rows(&mut sql);
    assert!(appended > people, "deltas appended: {appended} rows");
    // While another workstation folds (holding the fold's advisory lock, "TALY"), this one
    // skips its turn rather than wait on it.
    let mut other = sql.transaction().unwrap();
    other
        .execute("SELECT pg_advisory_xact_lock($1)", &[&0x5441_4C59_i64])
        .unwrap();
    late.tidy().unwrap();
    other.commit().unwrap();
    assert_eq!(rows(&mut sql), (appended, people), "left to the other");
    late.tidy().unwrap();
    assert_eq!(rows(&mut sql), (people, people), "folded to a row each");
    counts_match_lists(&mut late, &everyone);
    // A wrong tally is said by verify and recounted, not held against the desk.
    sql.execute("INSERT INTO tally VALUES ($1, 5, 0, 0)", &[&ana])
        .unwrap();
    assert_eq!(late.count(QueueKind::Mine, Some(ana)).unwrap(), 5);
    let v = late.verify(&[]).unwrap();
    assert!(!v.ok);
    assert!(v.integrity[0].contains("tally of open tickets was wrong for 1 people"));
    assert!(late.verify(&[]).unwrap().ok, "recounted");
    counts_match_lists(&mut late, &everyone);
}

/// A change that waited for another workstation's change to the same ticket (here, a new owner)
/// reads the ticket as that one left it, and goes on.
#[test]
fn a_change_waiting_on_another_sees_the_ticket_as_it_left_it() {
    let Some((mut o, address)) = shared() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let t = o.intake_by(o.ana, "Charged twice").id;
    let (lena, maya) = (o.lena, o.maya);
    // The other workstation: the lead takes the ticket, and has not committed yet.
    let mut other = postgres::Client::connect(&address, postgres::NoTls).unwrap();
    let mut holding = other.transaction().unwrap();
    holding
        .execute(
            "UPDATE tickets SET owner_id = $2, version = version + 1 WHERE id = $1",
            &[&t, &lena],
        )
        .unwrap();
    let waiting = std::thread::spawn(move || {
        let mut desk = workstation(&address, start() + hm(1, 0));
        desk.act(
            maya,
            t,
            None,
            Action::Note {
                text: "after the take".into(),
            },
        )
    });
    // Until the note's transaction waits on the ticket's row lock.
    let mut watch = postgres::Client::connect(
        &std::env::var("BATON_TEST_PG")
            .map(|s| format!("{s}/postgres"))
            .unwrap(),
        postgres::NoTls,
    )
    .unwrap();
    while watch
        .query_one("SELECT count(*) FROM pg_locks WHERE NOT granted", &[])
        .unwrap()
        .get::<_, i64>(0)
        == 0
    {
        std::thread::yield_now();
    }
    holding.commit().unwrap();
    let noted = waiting.join().unwrap().unwrap();
    assert_eq!(noted.owner_id, lena, "the note sees the new owner");
}

/// A primary and its synchronous standby of their own (`scripts/postgres`), on ports apart from
/// the suite's server; both stopped when dropped.
struct Replicated {
    primary: tempfile::TempDir,
    standby: tempfile::TempDir,
}

/// Runs `scripts/postgres COMMAND DIR [PRIMARY_DIR]` with the server's port.
fn postgres_script(command: &str, dirs: &[&Path], port: u16) -> std::process::Output {
    std::process::Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/postgres"))
        .arg(command)
        .args(dirs)
        .env("BATON_PG_PORT", port.to_string())
        .output()
        .unwrap()
}

impl Replicated {
    const PRIMARY: u16 = 25431;
    const STANDBY: u16 = 25432;

    fn start() -> Replicated {
        use std::os::unix::fs::PermissionsExt;
        let dir = || {
            let d = tempfile::tempdir().unwrap();
            // The servers run as `postgres` when the tests run as root.
            std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            d
        };
        let pair = Replicated {
            primary: dir(),
            standby: dir(),
        };
        let started = postgres_script("start", &[pair.primary.path()], Self::PRIMARY);
        assert!(started.status.success(), "{started:?}");
        postgres::Client::connect(
            "postgres://postgres@127.0.0.1:25431/postgres",
            postgres::NoTls,
        )
        .unwrap()
        .batch_execute("CREATE DATABASE baton")
        .unwrap();
        let standby = postgres_script(
            "standby",
            &[pair.standby.path(), pair.primary.path()],
            Self::STANDBY,
        );
        assert!(standby.status.success(), "{standby:?}");
        pair
    }
}

impl Drop for Replicated {
    fn drop(&mut self) {
        for (dir, port) in [
            (&self.primary, Self::PRIMARY),
            (&self.standby, Self::STANDBY),
        ] {
            postgres_script("stop", &[dir.path()], port);
        }
    }
}

/// An address naming two hosts and asking for the one that takes writes reaches the primary
/// (the standby answers too, read-only); after a failover — the primary gone, its synchronous
/// standby promoted — the same workstation goes on at the new primary without being restarted,
/// and nothing it was told was saved is missing.
#[test]
fn a_workstation_follows_a_failover_to_the_promoted_standby() {
    if common::fresh_database().is_none() {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    }
    let servers = Replicated::start();
    let address = "postgres://postgres@127.0.0.1:25432,127.0.0.1:25431/baton\
                   ?target_session_attrs=read-write";
    let clock = Arc::new(FakeClock::new(start()));
    let desk = Desk::open_at(Path::new(address), Create::IfMissing, Some(clock.clone())).unwrap();
    let mut o = Org::build(desk, clock);
    let before: Vec<i64> = (0..3)
        .map(|i| o.intake_by(o.ana, &format!("Before the failover {i}")).id)
        .collect();

    let stopped = postgres_script("stop", &[servers.primary.path()], Replicated::PRIMARY);
    assert!(stopped.status.success(), "{stopped:?}");
    let promoted = postgres_script("promote", &[servers.standby.path()], Replicated::STANDBY);
    assert!(promoted.status.success(), "{promoted:?}");

    let after = o.intake_by(o.ben, "After the failover").id;
    let all: Vec<i64> = o
        .desk
        .queue(QueueKind::All, None, false)
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    for t in before.iter().chain([&after]) {
        assert!(all.contains(t), "#{t} is on the promoted server: {all:?}");
    }
    assert!(o.desk.verify(&[]).unwrap().ok);
}

/// Before an install uses a server, it asks what it holds: empty, a desk (how big), or a
/// server it cannot reach, in one line.
#[test]
fn a_server_is_asked_what_it_holds_before_an_install_uses_it() {
    use baton_core::server::{Probe, Server, Tls};
    let Some(address) = common::fresh_database() else {
        return eprintln!("skipped: BATON_TEST_PG names no server");
    };
    let config: postgres::Config = address.parse().unwrap();
    let server = Server {
        host: "127.0.0.1".into(),
        port: config.get_ports()[0],
        database: config.get_dbname().unwrap().into(),
        user: "postgres".into(),
        tls: Tls::Off,
        ca_file: None,
    };
    assert_eq!(server.probe(None).unwrap(), Probe::Empty);
    let clock = Arc::new(FakeClock::new(start()));
    let desk = Desk::open_at(Path::new(&address), Create::IfMissing, Some(clock.clone())).unwrap();
    let mut o = Org::build(desk, clock);
    o.intake_by(o.ana, "Charged twice");
    assert_eq!(
        server.probe(None).unwrap(),
        Probe::Desk {
            people: 7,
            tickets: 1
        }
    );
    let nowhere = Server { port: 1, ..server };
    let said = nowhere.probe(None).unwrap_err().to_string();
    assert!(said.contains("cannot reach the desk at"), "{said}");
    assert_eq!(said.lines().count(), 1);
}
