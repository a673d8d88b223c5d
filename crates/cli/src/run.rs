//! Dispatch: each command becomes a call or two on the core's `Desk`, then one output.

use anyhow::{anyhow, Result};
use baton_core::board::NewFeedback;
use baton_core::calendar::{parse_clock, PeriodSpec};
use baton_core::categories::{field_values, FieldDef, NewCategory};
use baton_core::customers::NewCustomer;
use baton_core::people::NewPerson;
use baton_core::reports::csv;
use baton_core::store::postgres::{self, PgStore};
use baton_core::store::Create;
use baton_core::tickets::{Action, Intake, ListFilter, Page};
use baton_core::{Clock, Desk, Error, FakeClock, SystemClock};
use std::env::VarError;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::args::{
    instant, Act, CategoryCommand, Cli, Command, CustomerCommand, IntakeArgs, PersonCommand,
};
use crate::docs;
use crate::exit::Usage;
use crate::human;
use crate::print::Out;

pub fn run(cli: Cli) -> Result<()> {
    let clock = clock()?;
    let path = database(cli.db)?;
    let out = Out::new(cli.json);
    let open = || open(&path, clock.clone(), Create::No);
    // Set-up commands act as the desk's administrator, or with `--as` as exactly that person.
    let by = |desk: &mut Desk| -> Result<Option<i64>> {
        Ok(match &cli.actor {
            Some(who) => Some(desk.find_person(who)?.id),
            None => None,
        })
    };
    match cli.command {
        Command::Init => {
            drop(self::open(&path, clock, Create::IfMissing)?);
            let shown = shown(&path);
            out.emit(&serde_json::json!({ "db": shown }), |_| shown.clone())
        }
        Command::Upgrade { app_role } => {
            let (from, to) = match postgres::address(&path) {
                Some(address) => PgStore::upgrade(address, app_role.as_deref())?,
                // A SQLite desk belongs to one machine and upgrades itself when opened.
                None => {
                    drop(open()?);
                    (None, baton_core::store::sqlite::SCHEMA_VERSION)
                }
            };
            let shown = shown(&path);
            out.emit(
                &serde_json::json!({ "db": shown, "from": from, "to": to }),
                |_| format!("{shown} is at schema {to}"),
            )
        }
        Command::Migrate { from, to } => {
            if postgres::address(Path::new(&to)).is_none() {
                return Err(Usage(format!(
                    "--to must be a shared desk's address (postgres://USER@HOST/DB), not {}",
                    to
                ))
                .into());
            }
            let clock = clock.unwrap_or_else(|| Arc::new(SystemClock));
            let moved = Desk::migrate(&from, &to, clock)?;
            out.emit(&moved, |m| human::migrated(m, &postgres::shown(&to)))?;
            if moved.verified {
                Ok(())
            } else {
                Err(anyhow!("the moved desk failed verification"))
            }
        }
        Command::Demo => out.emit(
            &self::open(&path, clock, Create::IfMissing)?.load_demo()?,
            human::demo,
        ),
        Command::Person(c) => {
            let mut desk = open()?;
            let by = by(&mut desk)?;
            person(&mut desk, by, c, &out)
        }
        Command::Customer(c) => {
            let mut desk = open()?;
            let by = by(&mut desk)?;
            customer(&mut desk, by, c, &out)
        }
        Command::Category(c) => {
            let mut desk = open()?;
            let by = by(&mut desk)?;
            category(&mut desk, by, c, &out)
        }
        Command::Act(a) => {
            // Refused before the database is even opened: a missing actor changes nothing.
            let who = cli.actor.ok_or_else(|| {
                Usage("say who is acting with --as PERSON (an id or a name)".into())
            })?;
            let mut desk = open()?;
            let me = desk.find_person(&who)?.id;
            act(&mut desk, me, a, &out)
        }
        Command::Show { ticket } => {
            let mut desk = open()?;
            let now = desk.now();
            out.emit(&desk.ticket(ticket)?, |d| human::detail(d, now))
        }
        Command::Queue {
            owner,
            open: open_only,
            category,
            promise,
            resolved_within,
            page,
        } => {
            let mut desk = open()?;
            let filter = ListFilter {
                owner_id: owner
                    .map(|p| desk.find_person(&p))
                    .transpose()?
                    .map(|p| p.id),
                category_id: category
                    .map(|c| desk.find_category(&c))
                    .transpose()?
                    .map(|c| c.id),
                promise,
                resolved_within_days: resolved_within,
                ..ListFilter::open(open_only)
            };
            let now = desk.now();
            let page = Page {
                limit: page.limit,
                after: page.after.map(|t| desk.after(t)).transpose()?,
            };
            let listing = desk.list(filter, page)?;
            let shown = listing.tickets.len();
            match listing.total {
                Some(total) if shown < total as usize => {
                    eprintln!("showing {shown} of {total} tickets (see --limit and --after)")
                }
                None if shown == page.limit as usize => {
                    eprintln!("showing {shown} tickets; more may follow (see --limit and --after)")
                }
                _ => {}
            }
            out.emit(&listing.tickets, |q| human::tickets(q, now))
        }
        Command::Search { text, limit, after } => {
            let mut desk = open()?;
            let now = desk.now();
            let after = after.map(|t| desk.after(t)).transpose()?;
            let (found, more) = desk.search_page(&text.join(" "), Page { limit, after })?;
            if more {
                eprintln!(
                    "showing {} matches; more follow (see --limit and --after)",
                    found.len()
                );
            }
            out.emit(&found, |found| human::tickets(found, now))
        }
        Command::Sweep => {
            let mut desk = open()?;
            let sweep = desk.sweep()?;
            // The upkeep the app's scheduler does on each wake, for a desk run from scripts.
            desk.tidy()?;
            let people = desk.people()?;
            out.emit(&sweep, |s| human::sweep(s, &people))
        }
        Command::Report { from, to, csv } => {
            // The whole desk's, or with `--as` what that person may see (as in the app).
            let mut desk = open()?;
            let period = PeriodSpec::Range { from, to };
            let report = match by(&mut desk)? {
                Some(viewer) => desk.report_as(viewer, period)?,
                None => desk.report_for(period)?,
            };
            match csv {
                Some(_) if cli.json => Err(Usage("choose --json or --csv, not both".into()).into()),
                Some(table) => Ok(csv::write(&report, table, std::io::stdout().lock())?),
                None => out.emit(&report, human::report),
            }
        }
        Command::Board => {
            let board = open()?.board()?;
            out.emit(&board, |b| human::board(b))
        }
        Command::Hours {
            time_zone,
            opens,
            closes,
        } => {
            let mut desk = open()?;
            let mut hours = desk.hours()?;
            if time_zone.is_some() || opens.is_some() || closes.is_some() {
                let by = by(&mut desk)?;
                hours.time_zone = time_zone.unwrap_or(hours.time_zone);
                if let Some(o) = opens {
                    hours.opens_minutes = parse_clock(&o)?;
                }
                if let Some(c) = closes {
                    hours.closes_minutes = parse_clock(&c)?;
                }
                hours = desk.set_hours(by, hours)?;
            }
            out.emit(&hours, human::hours)
        }
        Command::Verify { witnesses } => {
            let verification = open()?.verify(&witnesses)?;
            out.emit(&verification, human::verification)?;
            if verification.ok {
                Ok(())
            } else {
                Err(anyhow!("the database failed verification"))
            }
        }
        Command::Backup { file } => out.emit(&open()?.backup(&file)?, human::backup),
        Command::Restore { file } => {
            if postgres::address(&path).is_some() {
                return Err(Usage(
                    "a shared desk is restored on its server (pg_restore); `restore` is for a desk file"
                        .into(),
                )
                .into());
            }
            let clock = clock.unwrap_or_else(|| Arc::new(SystemClock));
            out.emit(&Desk::restore(&path, &file, clock)?, human::restore)
        }
        Command::Completions { shell } => docs::completions(shell),
        Command::Manual { dir } => docs::manual(dir.as_deref()),
    }
}

/// `BATON_NOW` fixes the clock (simulation and tests); otherwise the desk's own: this
/// machine's for a desk file, the server's for a shared desk.
fn clock() -> Result<Option<Arc<dyn Clock>>> {
    match std::env::var("BATON_NOW") {
        Err(VarError::NotPresent) => Ok(None),
        Ok(s) if s.trim().is_empty() => Ok(None),
        Ok(s) => match instant(&s) {
            Ok(at) => Ok(Some(Arc::new(FakeClock::new(at)))),
            Err(e) => Err(Usage(format!("BATON_NOW: {e}")).into()),
        },
        Err(VarError::NotUnicode(_)) => Err(Usage("BATON_NOW is not valid text".into()).into()),
    }
}

/// `--db`, else `$BATON_DB` (clap reads both), else the app's database in the user's data folder.
fn database(given: Option<PathBuf>) -> Result<PathBuf> {
    match given {
        Some(p) if p.as_os_str().is_empty() => Err(Usage("--db needs a file name".into()).into()),
        Some(p) => Ok(p),
        None => dirs::data_dir()
            .map(|d| d.join("baton").join("baton.db"))
            .ok_or_else(|| {
                Usage("this user has no data folder; give --db FILE or set BATON_DB".into()).into()
            }),
    }
}

fn open(path: &Path, clock: Option<Arc<dyn Clock>>, create: Create) -> Result<Desk> {
    let opened = Desk::open_at(path, create, clock.clone());
    // A shared desk whose password is in no variable or pgpass file: ask whoever is at the
    // terminal, once, and keep it only in this process.
    if let (Err(Error::Storage(why)), Some(address)) = (&opened, postgres::address(path)) {
        if why.contains("password missing") && std::io::stdin().is_terminal() {
            let asked = format!("Password for {}: ", postgres::shown(address));
            std::env::set_var("PGPASSWORD", rpassword::prompt_password(asked)?);
            return open(path, clock, create);
        }
    }
    opened.map_err(|e| match e {
        // SQLite's own message ("unable to open database file") does not say which file.
        Error::Storage(_) if postgres::address(path).is_none() => {
            anyhow::Error::from(e).context(format!("cannot open {}", path.display()))
        }
        other => other.into(),
    })
}

/// The desk as printed: a file's full path, a server's address without its password.
fn shown(path: &Path) -> String {
    match postgres::address(path) {
        Some(address) => postgres::shown(address),
        None => path
            .canonicalize()
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
    }
}

fn person(desk: &mut Desk, by: Option<i64>, c: PersonCommand, out: &Out) -> Result<()> {
    match c {
        PersonCommand::Add {
            name,
            role,
            reports_to,
            pin,
        } => {
            let boss = reports_to.map(|r| desk.find_person(&r)).transpose()?;
            let added = desk.add_person(
                by,
                NewPerson {
                    name,
                    role,
                    reports_to: boss.as_ref().map(|b| b.id),
                    pin,
                },
            )?;
            out.emit(&added, |p| human::person_added(p, boss.as_ref()))
        }
        PersonCommand::List => out.emit(&desk.people()?, |list| human::people(list)),
        PersonCommand::Deactivate { person } => {
            let who = desk.find_person(&person)?.id;
            out.emit(&desk.deactivate_person(by, who)?, human::deactivated)
        }
        PersonCommand::Move { person, reports_to } => {
            let who = desk.find_person(&person)?.id;
            let boss = desk.find_person(&reports_to)?;
            let moved = desk.move_person(by, who, boss.id)?;
            out.emit(&moved, |p| human::person_moved(p, &boss))
        }
        PersonCommand::Pin { person, pin } => {
            let who = desk.find_person(&person)?;
            desk.set_pin(by, who.id, &pin)?;
            out.emit(&who, |p| format!("PIN set for {}", p.name))
        }
    }
}

fn customer(desk: &mut Desk, by: Option<i64>, c: CustomerCommand, out: &Out) -> Result<()> {
    match c {
        CustomerCommand::Add {
            name,
            phones,
            emails,
        } => {
            let added = desk.add_customer(NewCustomer {
                name,
                phones,
                emails,
                notes: String::new(),
            })?;
            out.emit(&added, human::customer_added)
        }
        CustomerCommand::Erase { customer, reason } => {
            out.emit(&desk.erase_customer(by, customer, &reason)?, human::erased)
        }
        CustomerCommand::Find { query } => out.emit(&desk.find_customers(&query)?, |found| {
            human::customers(found)
        }),
    }
}

fn category(desk: &mut Desk, by: Option<i64>, c: CategoryCommand, out: &Out) -> Result<()> {
    let CategoryCommand::Add {
        name,
        required,
        optional,
        owner,
        realtime,
    } = c;
    let default_owner_id = owner
        .map(|o| desk.find_person(&o).map(|p| p.id))
        .transpose()?;
    let field = |required| {
        move |key| FieldDef {
            key,
            label: String::new(),
            required,
        }
    };
    let fields = required
        .into_iter()
        .map(field(true))
        .chain(optional.into_iter().map(field(false)))
        .collect();
    let added = desk.add_category(
        by,
        NewCategory {
            name,
            fields,
            default_owner_id,
            realtime,
            small_steps: vec![],
        },
    )?;
    out.emit(&added, human::category_added)
}

fn act(desk: &mut Desk, me: i64, a: Act, out: &Out) -> Result<()> {
    let (ticket, verb, action) = match a {
        Act::Intake(i) => return intake(desk, me, i, out),
        Act::Pass { ticket, reason } => (ticket, "passed", Action::Pass { reason }),
        Act::Take { ticket } => (ticket, "taken", Action::Take),
        Act::Assign { ticket, to, reason } => {
            let to = desk.find_person(&to)?.id;
            (ticket, "assigned", Action::Assign { to, reason })
        }
        Act::Resolve {
            ticket,
            resolution,
            prevention,
        } => (
            ticket,
            "resolved",
            Action::Resolve {
                resolution,
                prevention,
            },
        ),
        Act::Reopen { ticket, reason } => (ticket, "reopened", Action::Reopen { reason }),
        Act::Note { ticket, text } => (
            ticket,
            "note added",
            Action::Note {
                text: text.join(" "),
            },
        ),
        Act::Tickle { ticket, at } => (ticket, "reminder set", Action::Tickle { at }),
        Act::Feedback {
            customer: Some(customer),
            about,
            compliment,
            people,
            what,
            ..
        } => {
            let people = people
                .iter()
                .map(|p| Ok(desk.find_person(p)?.id))
                .collect::<Result<Vec<i64>>>()?;
            let entry = desk.record_feedback(
                me,
                NewFeedback {
                    customer_id: customer,
                    ticket_id: about,
                    compliment,
                    what,
                    people,
                },
            )?;
            return out.emit(&entry, human::board_entry);
        }
        Act::Feedback {
            ticket,
            delighted,
            what,
            ..
        } => {
            // clap requires both without --customer.
            let (Some(ticket), Some(delighted)) = (ticket, delighted) else {
                return Err(Usage("say which ticket and --delighted yes|no".into()).into());
            };
            (
                ticket,
                "feedback recorded",
                Action::Feedback { delighted, what },
            )
        }
        Act::Confirm {
            ticket,
            heard_back,
            what,
            delighted,
        } => (
            ticket,
            if heard_back {
                "confirmed: the customer heard back"
            } else {
                "not reached yet: you will be reminded"
            },
            Action::Confirm {
                heard_back,
                what,
                delighted,
            },
        ),
        Act::Lesson { entry, what } => {
            let entry = desk.learn(me, entry, &what)?;
            return out.emit(&entry, human::board_entry);
        }
        Act::Correct { ticket, fields } => (
            ticket,
            "corrected",
            Action::Correct {
                fields: field_values(&fields)?,
            },
        ),
        Act::Reassign { from, to, reason } => {
            let (from, to) = (desk.find_person(&from)?.id, desk.find_person(&to)?.id);
            let moved = desk.reassign_open(me, from, to, &reason, None)?;
            let now = desk.now();
            return out.emit(&moved, |all| {
                all.iter()
                    .map(|t| human::changed("reassigned", t, now))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Act::Merge {
            ticket,
            into,
            reason,
        } => {
            let merged = desk.merge(me, ticket, into, &reason, None)?;
            let now = desk.now();
            return out.emit(&merged, |t| {
                human::changed(&format!("now holds #{ticket} too"), t, now)
            });
        }
        Act::Contact {
            ticket,
            how,
            what,
            promise,
        } => (
            ticket,
            "contact recorded",
            Action::Contact {
                how,
                what,
                promise_at: promise,
            },
        ),
    };
    let changed = desk.act(me, ticket, None, action)?;
    let now = desk.now();
    out.emit(&changed, |t| human::changed(verb, t, now))
}

fn intake(desk: &mut Desk, me: i64, i: IntakeArgs, out: &Out) -> Result<()> {
    let fields = field_values(&i.fields)?;
    let customer_id = match i.customer {
        Some(id) => id,
        // clap insists on --customer or --phone.
        None => customer_by_phone(desk, i.phone.as_deref().unwrap_or_default())?,
    };
    let call = Intake {
        customer_id,
        summary: i.summary,
        fields,
        small_step: i.small_step,
        promise_at: i.promise,
        resolution: i.resolution,
        ..Intake::default()
    };
    let now = desk.now();
    // clap insists on --category unless the call is about an open ticket.
    let Some(category) = i.category else {
        let about = i.about.unwrap_or_default();
        let ticket = desk.call_about(me, about, call)?;
        return out.emit(&ticket, |t| {
            human::changed(&format!("call added for {}", t.customer_name), t, now)
        });
    };
    let category_id = desk.find_category(&category)?.id;
    let ticket = desk.intake(
        me,
        Intake {
            category_id,
            ..call
        },
    )?;
    out.emit(&ticket, |t| {
        human::changed(&format!("taken in for {}", t.customer_name), t, now)
    })
}

/// The one customer whose number is exactly this one, in whatever format it was typed.
fn customer_by_phone(desk: &mut Desk, phone: &str) -> Result<i64> {
    match desk.customer_by_phone(phone) {
        Ok(c) => Ok(c.id),
        Err(Error::NotFound { .. }) => Err(Usage(format!(
            "no customer has the phone {phone}; use --customer ID, or add them with `baton customer add`"
        ))
        .into()),
        Err(e) => Err(e.into()),
    }
}
