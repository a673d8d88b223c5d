//! The command line, as clap sees it. Values are parsed here; every rule stays in the core.

use baton_core::calendar::Bound;
use baton_core::people::Role;
use baton_core::reports::csv::Table;
use baton_core::tickets::{ContactHow, PromiseState};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{ArgAction, ArgGroup, Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "baton",
    version,
    about = "Baton's support desk from the command line: set-up, tickets, the deadline sweep, reports",
    after_help = "Environment:\n  BATON_DB   the database file when --db is not given\n  BATON_NOW  an RFC 3339 time to use as \"now\" (simulation and tests)\n\n\
                  Exit status: 0 done, 2 invalid input or usage, 1 refused or failed."
)]
pub struct Cli {
    /// The database file, or a shared desk's address postgres://USER@HOST/DB
    /// [default: <your data folder>/baton/baton.db]
    #[arg(long, global = true, value_name = "FILE", env = "BATON_DB")]
    pub db: Option<PathBuf>,

    /// Who is acting (an id or a name); required for intake and every action on a ticket
    #[arg(long = "as", global = true, value_name = "PERSON")]
    pub actor: Option<String>,

    /// Print exactly one JSON value on stdout
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The option among `--db` and `--as` given more than once, if one is: clap lets a global
/// option after the subcommand silently replace the same one before it, and acting as the
/// wrong person, or on the wrong desk, is never what was meant. Tokens after `--` are values.
pub fn given_twice(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<&'static str> {
    let args: Vec<_> = args.into_iter().collect();
    let before_values = args.iter().take_while(|a| *a != "--");
    let mut seen = Vec::new();
    for a in before_values.filter_map(|a| a.to_str()) {
        for flag in ["--db", "--as"] {
            if a == flag
                || a.strip_prefix(flag)
                    .is_some_and(|rest| rest.starts_with('='))
            {
                if seen.contains(&flag) {
                    return Some(flag);
                }
                seen.push(flag);
            }
        }
    }
    None
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (or upgrade it) and print its path
    Init,
    /// Create or upgrade a shared PostgreSQL desk's schema (an administrator's step, as the
    /// schema's owner; the workstations refuse a schema other than their own until it is done)
    Upgrade {
        /// The role the workstations connect as: granted what the desk needs, and no more
        #[arg(long, value_name = "ROLE")]
        app_role: Option<String>,
    },
    /// Load a demonstration organisation with a few days of tickets
    Demo,
    /// Move a branch's desk file into an empty shared desk on PostgreSQL, with its audit trail
    /// intact; both are verified
    Migrate {
        /// The desk file
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// The shared desk: postgres://USER@HOST/DB
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
    /// Add or list people
    #[command(subcommand)]
    Person(PersonCommand),
    /// Add or find customers
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Add categories of problem
    #[command(subcommand)]
    Category(CategoryCommand),
    #[command(flatten)]
    Act(Act),
    /// Show a ticket with its timeline
    Show {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
    },
    /// List tickets, soonest due first
    Queue {
        /// Only this person's tickets
        #[arg(long, value_name = "PERSON")]
        owner: Option<String>,
        /// Only open tickets
        #[arg(long)]
        open: bool,
        /// Only tickets of this category (an id or a name)
        #[arg(long, value_name = "CATEGORY")]
        category: Option<String>,
        /// Only tickets whose promise to the customer is pending, missed or kept
        #[arg(long, value_parser = promise_state, value_name = "STATE")]
        promise: Option<PromiseState>,
        /// Of resolved tickets, only those resolved in the last DAYS days
        #[arg(long, value_name = "DAYS")]
        resolved_within: Option<u32>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Find tickets by words or number
    Search {
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// At most N matches (1 to 5000); a cut list says so on stderr
        #[arg(long, value_name = "N", default_value_t = baton_core::desk::SEARCH_LIMIT)]
        limit: u32,
        /// The matches after this ticket (the last one of the page before)
        #[arg(long, value_parser = ticket_number, value_name = "TICKET")]
        after: Option<i64>,
    },
    /// Apply every warning, escalation and reminder that is due
    ///
    /// Then tidies the desk as the app does on each wake: the search index merged, the log
    /// checkpointed, a server's tally folded.
    Sweep,
    /// Who solved, passed, took and was charged with escalations
    Report {
        /// Start: YYYY-MM-DD (midnight in the desk's time zone, UTC unless set with `baton
        /// hours`) or an RFC 3339 time
        #[arg(long, value_parser = bound, value_name = "DATE")]
        from: Bound,
        /// End: YYYY-MM-DD (that whole day included) or an RFC 3339 time (excluded)
        #[arg(long, value_parser = bound, value_name = "DATE")]
        to: Bound,
        /// Write one table as CSV on stdout: people, teams, executives, delight, complaints,
        /// board, preventions, repeats or weeks
        #[arg(long, value_name = "TABLE")]
        csv: Option<Table>,
    },
    /// The compliments and complaints board: the newest entries, with what the team learned
    Board,
    /// Show the desk's time zone and business day, or change them
    Hours {
        /// An IANA time zone name, such as Europe/Berlin or UTC
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
        /// When the business day opens (HH:MM, local time)
        #[arg(long, value_name = "HH:MM")]
        opens: Option<String>,
        /// When it closes (HH:MM, local time)
        #[arg(long, value_name = "HH:MM")]
        closes: Option<String>,
    },
    /// Check the database, the audit trail's hash chain, and every ticket against its events
    Verify {
        /// A chain head printed by an earlier verify or report, which the chain must still
        /// contain (repeatable)
        #[arg(long = "witness", value_name = "HASH")]
        witnesses: Vec<String>,
    },
    /// Copy the desk to FILE (safe while the app runs); the copy is verified
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Replace the desk with a verified backup; the current file is kept aside
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the completion script for a shell (packages install them; from a checkout:
    /// `baton completions bash > ~/.local/share/bash-completion/completions/baton`)
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (packages install it; from a checkout: `baton manual | man -l -`)
    Manual {
        /// Write the pages instead, baton.1 and one per command (baton-intake.1 …), into DIR
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person to the organisation
    Add {
        #[arg(long)]
        name: String,
        /// rep, lead, manager or executive
        #[arg(long, value_parser = role)]
        role: Role,
        /// Their superior (an id or a name); omit only for the top of the organisation
        #[arg(long, value_name = "PERSON")]
        reports_to: Option<String>,
        /// 4 to 12 digits
        #[arg(long)]
        pin: Option<String>,
    },
    /// List everyone
    List,
    /// Deactivate someone who has left; their open tickets and reports go to their superior
    Deactivate {
        #[arg(value_name = "PERSON")]
        person: String,
    },
    /// Move someone under another superior
    Move {
        #[arg(value_name = "PERSON")]
        person: String,
        /// Their new superior (an id or a name)
        #[arg(long, value_name = "PERSON")]
        reports_to: String,
    },
    /// Set or reset someone's PIN (and lift a lockout)
    Pin {
        #[arg(value_name = "PERSON")]
        person: String,
        /// 4 to 12 digits
        #[arg(long)]
        pin: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Add a customer
    Add {
        #[arg(long)]
        name: String,
        /// A phone number in any format (repeatable)
        #[arg(long = "phone", value_name = "PHONE")]
        phones: Vec<String>,
        /// An email address (repeatable)
        #[arg(long = "email", value_name = "EMAIL")]
        emails: Vec<String>,
    },
    /// Find customers by phone, email or name
    Find {
        #[arg(value_name = "QUERY")]
        query: String,
    },
    /// Erase a customer's personal data on request; the audit trail records who and why and
    /// still verifies
    Erase {
        /// The customer's id
        #[arg(value_name = "CUSTOMER")]
        customer: i64,
        /// Why (the request it answers)
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// Add a category and the facts intake must capture for it
    Add {
        #[arg(long)]
        name: String,
        /// A field intake must fill (repeatable)
        #[arg(long = "require", value_name = "KEY")]
        required: Vec<String>,
        /// A field intake may fill (repeatable)
        #[arg(long = "field", value_name = "KEY")]
        optional: Vec<String>,
        /// Who gets new tickets of this category (an id or a name); else the intake rep
        #[arg(long, value_name = "PERSON")]
        owner: Option<String>,
        /// Realtime help may be offered for it
        #[arg(long)]
        realtime: bool,
    },
}

/// The commands that need `--as`: intake and every action on a ticket.
#[derive(Debug, Subcommand)]
pub enum Act {
    /// Take in a customer's problem
    Intake(IntakeArgs),
    /// Pass a ticket you hold to your superior
    Pass {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        #[arg(long)]
        reason: String,
    },
    /// Take a ticket held by someone in your team
    Take {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
    },
    /// Give a ticket in your team to a named person (managers and executives)
    Assign {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        /// An id or a name
        #[arg(long, value_name = "PERSON")]
        to: String,
        #[arg(long)]
        reason: String,
    },
    /// Resolve a ticket you hold
    Resolve {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        #[arg(long)]
        resolution: String,
        /// What was changed so the problem does not happen again
        #[arg(long, value_name = "TEXT")]
        prevention: Option<String>,
    },
    /// Reopen a resolved ticket; you hold it afterwards
    Reopen {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        #[arg(long)]
        reason: String,
    },
    /// Add a note to a ticket
    Note {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
    },
    /// Set a reminder on a ticket you hold
    Tickle {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        /// RFC 3339, e.g. 2026-11-04T09:00:00+01:00
        #[arg(long, value_parser = instant, value_name = "TIME")]
        at: DateTime<Utc>,
    },
    /// Record what the customer said: about how a ticket went (TICKET --delighted), or on
    /// their own, a letter, a call, a review (--customer with --compliment or --complaint),
    /// for the board
    #[command(group(ArgGroup::new("said").args(["delighted", "compliment", "complaint"]).required(true)))]
    Feedback {
        #[arg(value_parser = ticket_number, value_name = "TICKET", required_unless_present = "customer", conflicts_with = "customer")]
        ticket: Option<i64>,
        /// yes or no
        #[arg(long, value_parser = yes_no, action = ArgAction::Set, value_name = "yes|no", conflicts_with = "customer")]
        delighted: Option<bool>,
        /// The customer's id: feedback that arrived on its own, for the board
        #[arg(long, value_name = "ID")]
        customer: Option<i64>,
        /// The ticket it is about, where known
        #[arg(long = "ticket", value_parser = ticket_number, value_name = "TICKET", requires = "customer")]
        about: Option<i64>,
        #[arg(long, requires = "customer", conflicts_with = "complaint")]
        compliment: bool,
        #[arg(long, requires = "customer")]
        complaint: bool,
        /// A person it names: who helped, or who let the customer down (repeatable)
        #[arg(long = "person", value_name = "PERSON", requires = "customer")]
        people: Vec<String>,
        #[arg(long)]
        what: String,
    },
    /// After a resolve: record whether the customer heard back (if not, you are reminded to
    /// try again), and how they took it (the one who took the call, the resolver, or above)
    Confirm {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        /// yes, or no (not reached yet)
        #[arg(long, value_parser = yes_no, action = ArgAction::Set, value_name = "yes|no")]
        heard_back: bool,
        /// What they said
        #[arg(long, value_name = "TEXT")]
        what: Option<String>,
        /// Whether they were delighted (with --what, it joins the delight log or the complaints)
        #[arg(long, value_parser = yes_no, action = ArgAction::Set, value_name = "yes|no", requires = "what")]
        delighted: Option<bool>,
    },
    /// Note what the team learned from a board entry (leads, managers and executives)
    Lesson {
        /// The entry's id, as `board` shows it
        #[arg(value_name = "ENTRY")]
        entry: i64,
        #[arg(long)]
        what: String,
    },
    /// Give every open ticket someone holds to another person, with a reason (managers and executives)
    Reassign {
        /// An id or a name
        #[arg(long, value_name = "PERSON")]
        from: String,
        /// An id or a name
        #[arg(long, value_name = "PERSON")]
        to: String,
        #[arg(long)]
        reason: String,
    },
    /// Correct facts captured at intake (the owner or someone over them)
    Correct {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        /// A corrected value (repeatable)
        #[arg(long = "field", value_name = "KEY=VALUE", required = true)]
        fields: Vec<String>,
    },
    /// Merge a duplicate into the ticket about the same problem (leads and above)
    Merge {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        /// The ticket that stays
        #[arg(long, value_parser = ticket_number, value_name = "TICKET")]
        into: i64,
        #[arg(long)]
        reason: String,
    },
    /// Record that the customer was told how things stand, and any new time agreed with them
    Contact {
        #[arg(value_parser = ticket_number, value_name = "TICKET")]
        ticket: i64,
        #[arg(long, value_parser = contact_how, value_name = "phone|email|visit|chat")]
        how: ContactHow,
        /// What they were told
        #[arg(long)]
        what: String,
        /// A new time agreed with them (RFC 3339): the ticket's promise from now on
        #[arg(long, value_parser = instant, value_name = "TIME")]
        promise: Option<DateTime<Utc>>,
    },
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("who").required(true).args(["customer", "phone"])))]
pub struct IntakeArgs {
    /// The customer's id
    #[arg(long, value_name = "ID")]
    pub customer: Option<i64>,
    /// The customer's phone, in any format
    #[arg(long)]
    pub phone: Option<String>,
    /// A category's name or id
    #[arg(long, required_unless_present = "about")]
    pub category: Option<String>,
    /// The problem, in a sentence
    #[arg(long)]
    pub summary: String,
    /// A field value (repeatable)
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// The small step already given to the customer
    #[arg(long, value_name = "TEXT")]
    pub small_step: Option<String>,
    /// When the customer was told they will hear back (RFC 3339); the 20-hour mark by default
    #[arg(long, value_parser = instant, value_name = "TIME")]
    pub promise: Option<DateTime<Utc>>,
    /// The caller's open ticket this call is about: the call is added to it, not taken in anew
    #[arg(long, value_parser = ticket_number, value_name = "TICKET", conflicts_with_all = ["category", "small_step"])]
    pub about: Option<i64>,
    /// Solved on the call: taken in and resolved at once, held by you
    #[arg(long, value_name = "TEXT", conflicts_with = "about")]
    pub resolution: Option<String>,
}

/// `1042` or `#1042`.
fn ticket_number(s: &str) -> Result<i64, String> {
    let digits = s.trim().trim_start_matches('#');
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{s}' is not a ticket number")),
    }
}

/// An RFC 3339 instant, such as 2026-11-03T17:00:00Z.
pub fn instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("'{s}' is not an RFC 3339 time like 2026-11-03T17:00:00Z"))
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A report bound: a whole day (YYYY-MM-DD) or an exact RFC 3339 instant.
fn bound(s: &str) -> Result<Bound, String> {
    match date(s) {
        Some(d) => Ok(Bound::Day(d)),
        None => instant(s)
            .map(Bound::At)
            .map_err(|_| format!("'{s}' is neither a date (YYYY-MM-DD) nor an RFC 3339 time")),
    }
}

fn role(s: &str) -> Result<Role, String> {
    s.parse().map_err(|e: baton_core::Error| e.to_string())
}

/// Which page of a list: `--limit` and `--after`.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// At most N tickets (1 to 5000); a cut list says so on stderr
    #[arg(long, value_name = "N", default_value_t = baton_core::tickets::Page::MAX)]
    pub limit: u32,
    /// The tickets after this one in the list's order (the last one of the page before)
    #[arg(long, value_parser = ticket_number, value_name = "TICKET")]
    pub after: Option<i64>,
}

fn promise_state(s: &str) -> Result<PromiseState, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "pending" => Ok(PromiseState::Pending),
        "missed" => Ok(PromiseState::Missed),
        "kept" => Ok(PromiseState::Kept),
        other => Err(format!(
            "“{other}” is not a promise state: say pending, missed or kept"
        )),
    }
}

fn contact_how(s: &str) -> Result<ContactHow, String> {
    ContactHow::parse(&s.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("'{s}' is not phone, email, visit or chat"))
}

fn yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(format!("'{s}' is not yes or no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn values_parse() {
        assert_eq!(ticket_number("#1042"), Ok(1042));
        assert_eq!(ticket_number("7"), Ok(7));
        assert!(ticket_number("#").is_err());
        assert!(ticket_number("-3").is_err());
        // On a desk in UTC (every desk until its hours are set), as the CLI always meant.
        let period = |from: &str, to: &str| {
            let spec = baton_core::calendar::PeriodSpec::Range {
                from: bound(from).unwrap(),
                to: bound(to).unwrap(),
            };
            let p = spec.resolve(chrono_tz::UTC, Utc::now()).unwrap();
            (p.from.to_rfc3339(), p.to.to_rfc3339())
        };
        assert_eq!(
            period("2026-11-01", "2026-11-30"),
            (
                "2026-11-01T00:00:00+00:00".into(),
                "2026-12-01T00:00:00+00:00".into()
            )
        );
        assert_eq!(
            period("2026-11-01", "2026-11-30T12:00:00+01:00").1,
            "2026-11-30T11:00:00+00:00"
        );
        assert!(bound("November").is_err());
        assert_eq!(yes_no("Yes"), Ok(true));
        assert!(yes_no("maybe").is_err());
        assert!(role("boss")
            .unwrap_err()
            .contains("rep, lead, manager or executive"));
    }
}
