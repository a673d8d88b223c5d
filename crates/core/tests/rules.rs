//! Every refusal of the facade: a clear error, and nothing written.

mod common;

use baton_core::categories::NewCategory;
use baton_core::customers::NewCustomer;
use baton_core::people::{NewPerson, Role};
use baton_core::tickets::{Action, Intake, QueueKind, Status};
use baton_core::Error;
use chrono::Duration;
use common::{hm, start, Org};
use std::collections::BTreeMap;

/// Runs `f`, expects the error code, and checks the database did not change.
fn refused(o: &mut Org, code: &str, f: impl FnOnce(&mut Org) -> baton_core::Result<()>) -> String {
    let before = snapshot(o);
    let err = f(o).expect_err("expected a refusal");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(
        snapshot(o),
        before,
        "a refused change wrote something: {err}"
    );
    err.to_string()
}

/// `refused` for an action on a ticket.
fn refused_act(o: &mut Org, code: &str, actor: i64, ticket: i64, action: Action) -> String {
    refused(o, code, |o| {
        o.desk.act(actor, ticket, None, action).map(drop)
    })
}

fn snapshot(o: &mut Org) -> String {
    let tickets = o.desk.queue(QueueKind::All, None, false).unwrap();
    let events: usize = tickets
        .iter()
        .map(|t| o.desk.ticket(t.id).unwrap().events.len())
        .sum();
    format!(
        "{tickets:?} {events} {:?} {:?}",
        o.desk.people().unwrap(),
        o.desk.categories().unwrap()
    )
}

#[test]
fn only_the_owner_resolves_passes_or_sets_reminders() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    let (ben, lena) = (o.ben, o.lena);
    let msg = refused_act(
        &mut o,
        "forbidden",
        ben,
        t.id,
        Action::Resolve {
            resolution: "r".into(),
            prevention: None,
        },
    );
    assert!(msg.contains("only the owner (Ana Souza)"), "{msg}");
    refused_act(
        &mut o,
        "forbidden",
        lena,
        t.id,
        Action::Pass { reason: "r".into() },
    );
    refused_act(
        &mut o,
        "forbidden",
        ben,
        t.id,
        Action::Tickle {
            at: start() + Duration::hours(1),
        },
    );
}

#[test]
fn pass_goes_up_one_level_and_stops_at_the_top() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    let t = o
        .desk
        .act(o.ana, t.id, None, Action::Pass { reason: "a".into() })
        .unwrap();
    assert_eq!(t.owner_id, o.lena);
    let t = o
        .desk
        .act(o.lena, t.id, None, Action::Pass { reason: "b".into() })
        .unwrap();
    assert_eq!(t.owner_id, o.maya);
    let t = o
        .desk
        .act(o.maya, t.id, None, Action::Pass { reason: "c".into() })
        .unwrap();
    assert_eq!(t.owner_id, o.grace);
    let grace = o.grace;
    let msg = refused_act(
        &mut o,
        "forbidden",
        grace,
        t.id,
        Action::Pass { reason: "d".into() },
    );
    assert!(msg.contains("no one above"), "{msg}");
    let fresh = o.intake_by(o.ana, "y");
    let ana = o.ana;
    refused_act(
        &mut o,
        "invalid",
        ana,
        fresh.id,
        Action::Pass { reason: " ".into() },
    );
}

#[test]
fn take_only_from_below_and_assign_only_within_the_subtree() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    let (ben, tom, dev, maya, lena, ana) = (o.ben, o.tom, o.dev, o.maya, o.lena, o.ana);
    refused_act(&mut o, "forbidden", ben, t.id, Action::Take);
    refused_act(&mut o, "forbidden", tom, t.id, Action::Take);
    refused_act(&mut o, "conflict", ana, t.id, Action::Take);
    // Maya may move it to Ben (in her tree) but not to Dev (Tom's), and a lead may not assign.
    refused_act(
        &mut o,
        "forbidden",
        maya,
        t.id,
        Action::Assign {
            to: dev,
            reason: "r".into(),
        },
    );
    refused_act(
        &mut o,
        "forbidden",
        lena,
        t.id,
        Action::Assign {
            to: ben,
            reason: "r".into(),
        },
    );
    refused_act(
        &mut o,
        "forbidden",
        tom,
        t.id,
        Action::Assign {
            to: dev,
            reason: "r".into(),
        },
    );
    refused_act(
        &mut o,
        "not_found",
        maya,
        t.id,
        Action::Assign {
            to: 999,
            reason: "r".into(),
        },
    );
    let t = o
        .desk
        .act(
            maya,
            t.id,
            None,
            Action::Assign {
                to: ben,
                reason: "Ben knows invoices".into(),
            },
        )
        .unwrap();
    assert_eq!(t.owner_id, ben);
    let t = o.desk.act(o.grace, t.id, None, Action::Take).unwrap();
    assert_eq!(t.owner_id, o.grace, "the root may take anything");
}

#[test]
fn resolve_reopen_and_the_actions_on_resolved_tickets() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    let ana = o.ana;
    refused_act(
        &mut o,
        "invalid",
        ana,
        t.id,
        Action::Resolve {
            resolution: "".into(),
            prevention: None,
        },
    );
    o.at(hm(2, 0));
    let t = o
        .desk
        .act(
            ana,
            t.id,
            None,
            Action::Resolve {
                resolution: "fixed".into(),
                prevention: None,
            },
        )
        .unwrap();
    assert_eq!(
        (t.status, t.resolution.as_deref()),
        (Status::Resolved, Some("fixed"))
    );
    refused_act(
        &mut o,
        "forbidden",
        ana,
        t.id,
        Action::Pass { reason: "r".into() },
    );
    refused_act(
        &mut o,
        "forbidden",
        ana,
        t.id,
        Action::Resolve {
            resolution: "again".into(),
            prevention: None,
        },
    );
    // Feedback and notes are welcome on a resolved ticket.
    o.desk
        .act(
            ana,
            t.id,
            None,
            Action::Feedback {
                delighted: false,
                what: "slow".into(),
            },
        )
        .unwrap();
    o.at(hm(30, 0));
    let t = o
        .desk
        .act(
            o.ben,
            t.id,
            None,
            Action::Reopen {
                reason: "it came back".into(),
            },
        )
        .unwrap();
    assert_eq!(
        (t.status, t.owner_id),
        (Status::Open, o.ben),
        "whoever reopens holds it"
    );
    assert_eq!(
        t.due_at,
        start() + hm(50, 0),
        "a reopened ticket gets a fresh 20 hours"
    );
    assert_eq!((t.escalated_at, t.resolved_at), (None, None));
    let ben = o.ben;
    refused_act(
        &mut o,
        "conflict",
        ben,
        t.id,
        Action::Reopen { reason: "r".into() },
    );
}

#[test]
fn a_stale_version_names_who_changed_the_ticket_and_when() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    o.at(hm(1, 0));
    o.desk
        .act(o.lena, t.id, Some(t.version), Action::Take)
        .unwrap();
    let maya = o.maya;
    let msg = refused(&mut o, "stale", |o| {
        o.desk
            .act(maya, t.id, Some(t.version), Action::Take)
            .map(drop)
    });
    assert!(
        msg.contains("Lena Fischer") && msg.contains("10:00:00"),
        "{msg}"
    );
}

#[test]
fn intake_names_every_missing_field_and_writes_nothing() {
    let mut o = Org::in_memory();
    let (ana, olivia, billing) = (o.ana, o.olivia, o.billing);
    let msg = refused(&mut o, "missing_fields", |o| {
        o.desk
            .intake(
                ana,
                Intake {
                    customer_id: olivia,
                    category_id: billing,
                    summary: " ".into(),
                    ..Intake::default()
                },
            )
            .map(drop)
    });
    assert_eq!(msg, "missing required fields: summary, account, invoice");
    match o.desk.intake(
        ana,
        Intake {
            customer_id: olivia,
            category_id: billing,
            summary: "s".into(),
            ..Intake::default()
        },
    ) {
        Err(Error::MissingFields(f)) => assert_eq!(f, ["account", "invoice"]),
        other => panic!("{other:?}"),
    }
    let fields = BTreeMap::from([
        ("account".to_string(), "A".to_string()),
        ("invoice".to_string(), "I".to_string()),
    ]);
    let base = Intake {
        customer_id: olivia,
        category_id: billing,
        summary: "s".into(),
        fields,
        ..Intake::default()
    };
    refused(&mut o, "not_found", |o| {
        o.desk
            .intake(
                ana,
                Intake {
                    customer_id: 99,
                    ..base.clone()
                },
            )
            .map(drop)
    });
    refused(&mut o, "not_found", |o| {
        o.desk
            .intake(
                ana,
                Intake {
                    category_id: 99,
                    ..base.clone()
                },
            )
            .map(drop)
    });
    refused(&mut o, "not_found", |o| {
        o.desk.intake(999, base.clone()).map(drop)
    });
    refused(&mut o, "invalid", |o| {
        o.desk
            .intake(
                ana,
                Intake {
                    summary: "x".repeat(501),
                    ..base.clone()
                },
            )
            .map(drop)
    });
    refused(&mut o, "invalid", |o| {
        o.desk
            .intake(
                ana,
                Intake {
                    promise_at: Some(start() - Duration::hours(1)),
                    ..base.clone()
                },
            )
            .map(drop)
    });
    refused(&mut o, "invalid", |o| {
        o.desk
            .intake(
                ana,
                Intake {
                    realtime_offered: true,
                    ..base.clone()
                },
            )
            .map(drop)
    });
    let sql = "'); DROP TABLE tickets; --";
    let t = o
        .desk
        .intake(
            ana,
            Intake {
                summary: sql.into(),
                ..base
            },
        )
        .unwrap();
    assert_eq!(t.summary, sql);
    assert_eq!(
        t.promise_at, t.due_at,
        "the promise defaults to the 20-hour mark"
    );
    assert_eq!(t.number, 1001);
}

#[test]
fn the_category_default_owner_holds_new_tickets() {
    let mut o = Org::in_memory();
    let c = o
        .desk
        .add_category(
            None,
            NewCategory {
                name: "Outage".into(),
                default_owner_id: Some(o.lena),
                realtime: true,
                ..NewCategory::default()
            },
        )
        .unwrap();
    let t = o
        .desk
        .intake(
            o.ana,
            Intake {
                customer_id: o.olivia,
                category_id: c.id,
                summary: "down".into(),
                realtime_offered: true,
                realtime_taken: true,
                ..Intake::default()
            },
        )
        .unwrap();
    assert_eq!(
        (t.owner_id, t.intake_rep_id, t.realtime_taken),
        (o.lena, o.ana, true)
    );
    assert_eq!(
        o.desk
            .add_category(
                None,
                NewCategory {
                    name: "outage".into(),
                    ..NewCategory::default()
                }
            )
            .unwrap_err()
            .code(),
        "conflict"
    );
    assert_eq!(o.desk.find_category("OUTAGE").unwrap().id, c.id);
}

#[test]
fn the_hierarchy_is_one_tree() {
    let mut o = Org::in_memory();
    let err = o
        .desk
        .add_person(
            None,
            NewPerson {
                name: "Second Boss".into(),
                role: Role::Executive,
                reports_to: None,
                pin: None,
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("Grace Hopper is already the top"),
        "{err}"
    );
    assert_eq!(
        o.desk
            .add_person(
                None,
                NewPerson {
                    name: "ana souza".into(),
                    role: Role::Rep,
                    reports_to: Some(o.lena),
                    pin: None
                }
            )
            .unwrap_err()
            .code(),
        "conflict"
    );
    assert_eq!(
        o.desk
            .add_person(
                None,
                NewPerson {
                    name: "X".into(),
                    role: Role::Rep,
                    reports_to: Some(999),
                    pin: None
                }
            )
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        o.desk
            .add_person(
                None,
                NewPerson {
                    name: "\u{7}".into(),
                    role: Role::Rep,
                    reports_to: Some(o.lena),
                    pin: None
                }
            )
            .unwrap_err()
            .code(),
        "invalid"
    );
    assert_eq!(o.desk.find_person("ana SOUZA").unwrap().id, o.ana);
    assert_eq!(
        o.desk.find_person(&o.ana.to_string()).unwrap().name,
        "Ana Souza"
    );
    let team: Vec<i64> = o.desk.team(o.maya).unwrap().iter().map(|p| p.id).collect();
    assert_eq!(team.len(), 3);
    assert!(team.contains(&o.lena) && team.contains(&o.ana) && team.contains(&o.ben));
}

/// A manager changes only their own part of the organisation: not an executive's PIN, not
/// someone in another manager's team, and nobody placed to outrank them; nobody reports to
/// someone of a lower rank. Each refusal writes nothing.
#[test]
fn set_up_reaches_only_below_and_ranks_hold() {
    let mut o = Org::in_memory();
    let (grace, maya, lena, ana, dev) = (o.grace, o.maya, o.lena, o.ana, o.dev);
    let person = |name: &str, role, boss| NewPerson {
        name: name.into(),
        role,
        reports_to: Some(boss),
        pin: Some("1111".into()),
    };
    let said = refused(&mut o, "forbidden", |o| {
        o.desk.set_pin(Some(maya), grace, "9999")
    });
    assert!(said.contains("not below Maya Patel"), "{said}");
    refused(&mut o, "forbidden", |o| {
        o.desk.deactivate_person(Some(maya), dev).map(drop)
    });
    refused(&mut o, "forbidden", |o| {
        o.desk.move_person(Some(maya), ana, o.tom).map(drop)
    });
    let said = refused(&mut o, "forbidden", |o| {
        o.desk
            .add_person(Some(maya), person("Shadow", Role::Executive, grace))
            .map(drop)
    });
    assert!(
        said.contains("Grace Hopper is not below Maya Patel"),
        "{said}"
    );
    refused(&mut o, "invalid", |o| {
        o.desk
            .add_person(Some(maya), person("Shadow", Role::Executive, maya))
            .map(drop)
    });
    let said = refused(&mut o, "invalid", |o| {
        o.desk
            .add_person(None, person("Zed", Role::Executive, ana))
            .map(drop)
    });
    assert!(
        said.contains("an executive cannot report to Ana Souza, a rep"),
        "{said}"
    );
    let said = refused(&mut o, "invalid", |o| {
        o.desk.move_person(None, lena, dev).map(drop)
    });
    assert!(
        said.contains("a lead cannot report to Dev Kumar, a rep"),
        "{said}"
    );
    let theirs = baton_core::categories::NewCategory {
        name: "Field work".into(),
        default_owner_id: Some(dev),
        ..Default::default()
    };
    refused(&mut o, "forbidden", |o| {
        o.desk.add_category(Some(maya), theirs).map(drop)
    });
    // Within her own part, a manager does all of it; the top reaches everyone.
    o.desk.set_pin(Some(maya), ana, "2222").unwrap();
    o.desk
        .add_person(Some(maya), person("New Rep", Role::Rep, lena))
        .unwrap();
    o.desk.set_pin(Some(grace), dev, "3333").unwrap();
}

#[test]
fn customers_are_found_by_any_phone_format_email_or_name() {
    let mut o = Org::in_memory();
    for q in [
        "555.010.2000",
        "5550102000",
        "+1 555 010 2000",
        "555-010",
        "OLIVIA@example.com",
        "oliv",
        "Bennett",
    ] {
        let found = o.desk.find_customers(q).unwrap();
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0].customer.name, "Olivia Bennett");
    }
    assert!(o.desk.find_customers("555.999").unwrap().is_empty());
    assert!(
        o.desk.find_customers("%").unwrap().is_empty(),
        "LIKE wildcards are literal"
    );
    // Any word of a name, typed with or without its accents, in either order.
    let zoe = o
        .desk
        .add_customer(NewCustomer {
            name: "Zoë Ångström-Smith".into(),
            ..Default::default()
        })
        .unwrap();
    for q in ["zoe", "ANGST", "Ångström", "smith zo", "zoë"] {
        let found: Vec<i64> = o
            .desk
            .find_customers(q)
            .unwrap()
            .iter()
            .map(|m| m.customer.id)
            .collect();
        assert_eq!(found, [zoe.id], "{q}");
    }
    assert!(
        o.desk.find_customers("oë").unwrap().is_empty(),
        "words start where they start"
    );
    assert_eq!(o.desk.find_customers("  ").unwrap_err().code(), "invalid");
    let dup = o
        .desk
        .add_customer(NewCustomer {
            name: "Other".into(),
            phones: vec!["(555) 010-2000".into()],
            ..NewCustomer::default()
        })
        .unwrap_err();
    assert!(
        dup.to_string()
            .contains("already belongs to Olivia Bennett"),
        "{dup}"
    );
    assert_eq!(
        o.desk
            .add_customer(NewCustomer {
                name: "Y".into(),
                emails: vec!["nope".into()],
                ..NewCustomer::default()
            })
            .unwrap_err()
            .code(),
        "invalid"
    );
    o.intake_by(o.ana, "first problem");
    let m = &o.desk.find_customers("olivia").unwrap()[0];
    assert_eq!((m.open_tickets, m.recent_tickets.len()), (1, 1));
}

#[test]
fn search_finds_summaries_fields_notes_and_numbers() {
    let mut o = Org::in_memory();
    let a = o.intake_by(o.ana, "Router keeps rebooting");
    let b = o.intake_by(o.ana, "Invoice wrong");
    o.desk
        .act(
            o.ana,
            b.id,
            None,
            Action::Note {
                text: "customer mentioned the modem".into(),
            },
        )
        .unwrap();
    let ids = |o: &mut Org, q: &str| {
        o.desk
            .search(q)
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&mut o, "router"), [a.id]);
    assert_eq!(ids(&mut o, "rebo"), [a.id], "prefixes match as you type");
    assert_eq!(ids(&mut o, "modem"), [b.id]);
    assert_eq!(ids(&mut o, "INV-7").len(), 2, "field values are indexed");
    assert_eq!(ids(&mut o, &format!("#{}", b.id))[0], b.id);
    assert!(
        ids(&mut o, "\" OR 1=1 --").is_empty(),
        "query syntax is taken as words"
    );
    assert_eq!(o.desk.search("  ?! ").unwrap_err().code(), "invalid");
}

#[test]
fn pins_lock_out_after_five_wrong_tries() {
    let mut o = Org::in_memory();
    o.desk.set_pin(None, o.ana, "2468").unwrap();
    assert_eq!(o.desk.sign_in(o.ana, "2468").unwrap().id, o.ana);
    for _ in 0..4 {
        assert_eq!(
            o.desk.sign_in(o.ana, "0000").unwrap_err().code(),
            "wrong_pin"
        );
    }
    assert_eq!(
        o.desk.sign_in(o.ana, "0000").unwrap_err().code(),
        "locked_out"
    );
    assert_eq!(
        o.desk.sign_in(o.ana, "2468").unwrap_err().code(),
        "locked_out",
        "even the right PIN waits"
    );
    o.at(hm(0, 5));
    assert_eq!(o.desk.sign_in(o.ana, "2468").unwrap().id, o.ana);
    assert_eq!(
        o.desk.set_pin(None, o.ana, "12").unwrap_err().code(),
        "invalid"
    );
    assert!(o.desk.person(o.ana).unwrap().has_pin);
}

#[test]
fn each_viewer_is_offered_only_what_the_rules_allow() {
    use baton_core::tickets::ActionKind::*;
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "x");
    let (ana, lena, maya, dev) = (o.ana, o.lena, o.maya, o.dev);
    let allowed = |o: &mut Org, who: i64| o.desk.ticket_as(who, t.id).unwrap().allowed;
    assert_eq!(
        allowed(&mut o, ana),
        [Pass, Resolve, Note, Tickle, Feedback, Contact, Correct, Email]
    );
    assert_eq!(
        allowed(&mut o, lena),
        [Take, Note, Feedback, Contact, Merge, Correct, Email],
        "a lead takes and merges but does not assign"
    );
    assert_eq!(
        allowed(&mut o, maya),
        [Take, Assign, Note, Feedback, Contact, Merge, Correct, Email]
    );
    assert_eq!(allowed(&mut o, dev), [Note, Feedback, Contact, Email]);
    // The pass-up form names where it goes: only to the one who may pass it.
    let passes_to = |o: &mut Org, who: i64| o.desk.ticket_as(who, t.id).unwrap().passes_to;
    assert_eq!(passes_to(&mut o, ana).map(|p| p.id), Some(lena));
    assert_eq!(passes_to(&mut o, lena), None);
    o.desk
        .act(
            o.ana,
            t.id,
            None,
            Action::Resolve {
                resolution: "done".into(),
                prevention: None,
            },
        )
        .unwrap();
    assert_eq!(allowed(&mut o, dev), [Reopen, Note, Feedback]);
}

/// The same words find the same tickets on either backend: accents and case do not matter, and
/// text typed as it looks (a hyphenated invoice number) is found by its parts.
#[test]
fn search_folds_accents_and_finds_parts_of_numbers() {
    let mut o = Org::in_memory();
    let t = o
        .intake_by(o.ana, "Café Müller charged twice on INV-2024-17")
        .id;
    for q in ["cafe muller", "CAFÉ", "inv 2024", "2024 17", "müll"] {
        let found: Vec<i64> = o.desk.search(q).unwrap().iter().map(|t| t.id).collect();
        assert_eq!(found, [t], "{q}");
    }
    assert!(o.desk.search("cafes").unwrap().is_empty());
}

/// A customer's tickets are one search away: by their name (any word of it), their phone typed
/// in any format, or their e-mail; open ones first, then the newest.
#[test]
fn search_finds_a_customers_tickets_by_name_phone_and_email() {
    let mut o = Org::in_memory();
    let older = o.intake_by(o.ana, "Charged twice").id;
    o.desk
        .act(
            o.ana,
            older,
            None,
            Action::Resolve {
                resolution: "refunded".into(),
                prevention: None,
            },
        )
        .unwrap();
    o.at(hm(1, 0));
    let open = o.intake_by(o.ana, "Card declined").id;
    let noah = o
        .desk
        .add_customer(NewCustomer {
            name: "Noah Olsen".into(),
            phones: vec!["555 010 3000".into()],
            emails: vec!["noah@example.org".into()],
            notes: String::new(),
        })
        .unwrap()
        .id;
    let his = o
        .desk
        .intake(
            o.ben,
            Intake {
                customer_id: noah,
                category_id: o.billing,
                summary: "Olivia's brother asked about the invoice".into(),
                fields: BTreeMap::from([
                    ("account".to_string(), "AC-2".to_string()),
                    ("invoice".to_string(), "INV-8".to_string()),
                ]),
                ..Intake::default()
            },
        )
        .unwrap()
        .id;
    let ids = |o: &mut Org, q: &str| -> Vec<i64> {
        o.desk.search(q).unwrap().iter().map(|t| t.id).collect()
    };
    for q in [
        "Olivia Bennett",
        "bennett",
        "olivia@example.com",
        "OLIVIA@EXAMPLE",
        "+1 (555) 010-2000",
        "555.010.2000",
        "5550102000",
    ] {
        let found = ids(&mut o, q);
        assert_eq!(found, [open, older], "{q}: hers, the open one first");
    }
    // Her name is also a word in his ticket's summary: hers come first, then his.
    assert_eq!(ids(&mut o, "olivia"), [open, older, his]);
    assert_eq!(ids(&mut o, "555-010-3000"), [his]);
    assert_eq!(ids(&mut o, "noah@"), [his]);
    // A ticket number stays a ticket number, not the start of a phone number.
    assert_eq!(ids(&mut o, &open.to_string())[0], open);
}

/// Near escalation and Escalated show what the person holds or someone below them holds: a
/// rep with no team sees only their own, another branch sees nothing, the top sees everything.
#[test]
fn warning_queues_are_scoped_to_what_the_person_answers_for() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "Card declined").id;
    let (grace, maya, lena, ana, ben, tom, dev) =
        (o.grace, o.maya, o.lena, o.ana, o.ben, o.tom, o.dev);
    let near = |o: &mut Org, who: Option<i64>| -> Vec<i64> {
        let q = o.desk.queue(QueueKind::NearEscalation, who, true).unwrap();
        q.iter().map(|t| t.id).collect()
    };
    o.at(hm(17, 0));
    for who in [ana, lena, maya, grace] {
        assert_eq!(near(&mut o, Some(who)), [t], "person {who} answers for it");
    }
    for who in [ben, tom, dev] {
        assert!(near(&mut o, Some(who)).is_empty(), "person {who} does not");
    }
    assert_eq!(
        near(&mut o, None),
        [t],
        "the whole desk's, without a person"
    );
    let count = o.desk.counts(ben).unwrap().near_escalation;
    assert_eq!(count, 0, "the rail's count follows the queue");

    o.at(hm(20, 1));
    o.desk.sweep().unwrap();
    let escalated = |o: &mut Org, who: i64| -> Vec<i64> {
        let q = o
            .desk
            .queue(QueueKind::EscalatedToMe, Some(who), true)
            .unwrap();
        q.iter().map(|t| t.id).collect()
    };
    assert!(
        near(&mut o, Some(grace)).is_empty(),
        "escalated is no longer near"
    );
    assert_eq!(escalated(&mut o, grace), [t]);
    // Gone up to the executive, it is still Ana's team's escalation: her manager and lead see
    // it (and Ana, whose it was); the other branch does not.
    for who in [maya, lena, ana] {
        assert_eq!(
            escalated(&mut o, who),
            [t],
            "person {who}'s team let it escalate"
        );
    }
    assert!(escalated(&mut o, tom).is_empty());
    assert!(
        escalated(&mut o, ben).is_empty(),
        "not Ben's: it escalated from Ana"
    );
    // Assigned back down into Maya's team, it is her team's escalated ticket.
    o.desk
        .act(
            grace,
            t,
            None,
            Action::Assign {
                to: lena,
                reason: "Lena knows this card issuer".into(),
            },
        )
        .unwrap();
    assert_eq!(escalated(&mut o, maya), [t]);
    assert_eq!(escalated(&mut o, lena), [t]);
    assert!(escalated(&mut o, tom).is_empty());
    assert_eq!(o.desk.counts(maya).unwrap().escalated_to_me, 1);
}

/// Whoever a ticket is passed or assigned to hears of it (an alert, so a native notification
/// at their own workstation); taking it, or acting on one's own ticket, tells nobody.
#[test]
fn the_new_owner_hears_of_a_pass_or_an_assignment() {
    let mut o = Org::in_memory();
    let t = o.intake_by(o.ana, "Charged twice").id;
    let (lena, maya, ben) = (o.lena, o.maya, o.ben);
    let handed = |o: &mut Org, who: i64| {
        o.desk
            .alerts(who)
            .unwrap()
            .into_iter()
            .filter(|a| a.due == baton_core::deadlines::Due::Handed)
            .collect::<Vec<_>>()
    };
    o.desk
        .act(
            o.ana,
            t,
            None,
            Action::Pass {
                reason: "Needs a refund over my limit".into(),
            },
        )
        .unwrap();
    let told = handed(&mut o, lena);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].title, "#1001 passed to you by Ana Souza");
    assert!(
        told[0]
            .body
            .starts_with("Olivia Bennett — Charged twice. “Needs a refund over my limit”")
            && told[0].body.contains("left to the 20-hour mark"),
        "{}",
        told[0].body
    );
    // Maya takes it from Lena: nobody is told; then assigns it to Ben, who is.
    o.desk.act(o.maya, t, None, Action::Take).unwrap();
    assert!(handed(&mut o, maya).is_empty() && handed(&mut o, lena).len() == 1);
    o.desk
        .act(
            o.maya,
            t,
            None,
            Action::Assign {
                to: o.ben,
                reason: "Ben knows billing".into(),
            },
        )
        .unwrap();
    let told = handed(&mut o, ben);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].title, "#1001 assigned to you by Maya Patel");
}

/// A call kept through an outage is sent when the server is back, as often as it takes: its
/// caller is the customer who has their phone number (else a new one), and the call is taken
/// in once, however often it is sent.
#[test]
fn a_call_kept_through_an_outage_is_taken_in_once_with_its_caller_matched() {
    use baton_core::kept::{Caller, KeptCall};
    let mut o = Org::in_memory();
    let call = |caller: Caller, key: &str| {
        KeptCall::new(
            caller,
            Intake {
                category_id: o.billing,
                summary: "Charged twice".into(),
                fields: BTreeMap::from([
                    ("account".to_string(), "AC-1".to_string()),
                    ("invoice".to_string(), "INV-1".to_string()),
                ]),
                key: Some(key.into()),
                ..Intake::default()
            },
            o.ana,
            start(),
        )
        .unwrap()
    };
    // Olivia's number typed another way: she is the caller.
    let olivia = call(
        Caller::New(NewCustomer {
            name: "Olivia B.".into(),
            phones: vec!["555.010.2000".into()],
            ..Default::default()
        }),
        "call-1",
    );
    let first = o.desk.send_kept(&olivia).unwrap();
    let again = o.desk.send_kept(&olivia).unwrap();
    assert_eq!(first.id, again.id, "sent twice, taken in once");
    assert_eq!(first.customer_id, o.olivia);
    // Someone new is added, once, however often the call is sent.
    let kim = call(
        Caller::New(NewCustomer {
            name: "Kim Lee".into(),
            phones: vec!["+1 555 010 9999".into()],
            ..Default::default()
        }),
        "call-2",
    );
    let t = o.desk.send_kept(&kim).unwrap();
    assert_eq!(o.desk.send_kept(&kim).unwrap().id, t.id);
    assert_eq!(o.desk.customer(t.customer_id).unwrap().name, "Kim Lee");
    assert_eq!(o.desk.find_customers("Kim Lee").unwrap().len(), 1);
    // Without a key, nothing is kept: a resend could take it twice.
    let keyless = KeptCall::new(
        Caller::Known {
            id: o.olivia,
            name: "Olivia Bennett".into(),
        },
        Intake::default(),
        o.ana,
        start(),
    );
    assert!(keyless.is_err());
}

/// The search index is tidied off the path of changes (commits no longer merge it): however
/// often the tidying runs, search finds what it found, and the desk checks whole.
#[test]
fn the_search_index_tidied_in_the_background_finds_the_same() {
    let mut o = Org::in_memory();
    let tickets: Vec<i64> = (0..40)
        .map(|i| o.intake_by(o.ana, &format!("Router{i}x drops")).id)
        .collect();
    let found = |o: &mut Org| -> Vec<Vec<i64>> {
        (0..40)
            .map(|i| {
                let hits = o.desk.search(&format!("router{i}x")).unwrap();
                hits.iter().map(|t| t.id).collect()
            })
            .collect()
    };
    let before = found(&mut o);
    for (i, hits) in before.iter().enumerate() {
        assert_eq!(hits, &[tickets[i]], "router{i}x");
    }
    for _ in 0..10 {
        o.desk.tidy().unwrap();
    }
    assert_eq!(found(&mut o), before);
    assert!(o.desk.check_integrity().unwrap().is_empty());
}

#[test]
fn queues_come_in_pages_that_join_up_into_the_whole_queue() {
    use baton_core::tickets::{After, ListFilter, Page};
    let mut o = Org::quiet();
    // Two at a time share a deadline: the ticket number breaks the tie.
    for i in 0..7 {
        o.at(Duration::minutes(i / 2));
        o.intake_by(if i % 2 == 0 { o.ana } else { o.ben }, &format!("Call {i}"));
    }
    for (kind, person) in [
        (QueueKind::Mine, o.ana),
        (QueueKind::Team, o.lena),
        (QueueKind::Team, o.grace),
    ] {
        let whole: Vec<i64> = o
            .desk
            .queue(kind, Some(person), true)
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect();
        let (mut paged, mut after) = (vec![], None);
        loop {
            let page = o
                .desk
                .queue_page(kind, Some(person), Page { limit: 3, after })
                .unwrap();
            // The first page counts the whole queue; the others leave that out.
            let total = after.is_none().then_some(whole.len() as u32);
            assert_eq!(page.total, total, "{kind:?}: the total");
            assert!(page.tickets.len() <= 3);
            let Some(last) = page.tickets.last() else {
                break;
            };
            after = Some(After::of(last));
            paged.extend(page.tickets.iter().map(|t| t.id));
        }
        assert_eq!(paged, whole, "{kind:?}: the pages in order, nothing twice");
        assert!(!whole.is_empty());
    }
    // The ticket a page ended with is resolved meanwhile: the next page starts where it was
    // listed, not where it has gone.
    let first = o.desk.list(ListFilter::default(), Page::first(4)).unwrap();
    assert_eq!((first.tickets.len(), first.total), (4, Some(7)));
    let last = first.tickets.last().unwrap().clone();
    let resolve = Action::Resolve {
        resolution: "Sorted".into(),
        prevention: None,
    };
    o.desk.act(last.owner_id, last.id, None, resolve).unwrap();
    let after = Some(After::of(&last));
    let rest = o
        .desk
        .list(ListFilter::default(), Page { limit: 4, after })
        .unwrap();
    let open: Vec<i64> = rest
        .tickets
        .iter()
        .map(|t| t.id)
        .filter(|&id| id != last.id)
        .collect();
    assert_eq!(open.len(), 3, "no open ticket skipped: {:?}", rest.tickets);
    assert_eq!(rest.total, None);
    let bad = o
        .desk
        .queue_page(QueueKind::Mine, Some(o.ana), Page::first(0))
        .unwrap_err()
        .to_string();
    assert!(bad.contains("1 to 5000"), "{bad}");
    assert!(o.desk.after(999).unwrap_err().to_string().contains("999"));
}

#[test]
fn every_count_agrees_with_its_queue_for_everyone() {
    let mut o = Org::quiet();
    let by_ana = o.intake_by(o.ana, "Escalates, then comes back down to Ben");
    o.intake_by(o.ben, "Escalates and stays up");
    o.intake_by(o.dev, "Escalates from Tom's team");
    o.at(hm(1, 0));
    o.intake_by(o.ana, "Still open, not escalated");
    o.at(hm(20, 30));
    o.desk.sweep().unwrap();
    let grace = o.grace;
    let assign = Action::Assign {
        to: o.ben,
        reason: "Ben knows this customer".into(),
    };
    o.desk.act(grace, by_ana.id, None, assign).unwrap();
    let everyone = [o.grace, o.maya, o.lena, o.ana, o.ben, o.tom, o.dev];
    let kinds = [
        QueueKind::Mine,
        QueueKind::Team,
        QueueKind::NearEscalation,
        QueueKind::EscalatedToMe,
    ];
    for kind in kinds {
        for p in everyone {
            let listed = o.desk.queue(kind, Some(p), true).unwrap().len() as u32;
            assert_eq!(
                o.desk.count(kind, Some(p)).unwrap(),
                listed,
                "{kind:?} of {p}"
            );
        }
    }
    // Ana's came back down to Ben: held by her team and escalated from it, counted once.
    let escalated: Vec<u32> = [o.lena, o.maya, o.ana, o.tom, o.grace]
        .map(|p| o.desk.count(QueueKind::EscalatedToMe, Some(p)).unwrap())
        .to_vec();
    assert_eq!(escalated, [2, 2, 1, 1, 3]);
}
