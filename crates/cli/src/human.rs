//! Output for people: the core's values as aligned tables and short sentences, in local time.

use baton_core::audit::Verification;
use baton_core::backups::{Backup, Restored};
use baton_core::board::BoardEntry;
use baton_core::calendar::{clock, Hours};
use baton_core::categories::Category;
use baton_core::customers::{Customer, CustomerMatch};
use baton_core::deadlines::{Due, Sweep};
use baton_core::demo::DemoSummary;
use baton_core::events::{Event, EventKind};
use baton_core::migrate::Migrated;
use baton_core::people::Deactivation;
use baton_core::people::Person;
use baton_core::reports::{FeedbackEntry, Report, REPEAT_WINDOW_DAYS};
use baton_core::store::Erasure;
use baton_core::tickets::{Status, Ticket, TicketDetail};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::fmt::Write;

use crate::print::{clip, left, local, Table};

/// Time left to the mark for open tickets; a dash for resolved ones.
fn ticket_left(t: &Ticket, now: DateTime<Utc>) -> String {
    match t.status {
        Status::Open => left(t.due_at, now),
        Status::Resolved => "-".into(),
    }
}

pub fn tickets(list: &[Ticket], now: DateTime<Utc>) -> String {
    if list.is_empty() {
        return "No tickets.".into();
    }
    let mut table = Table::new(&["#", "STATUS", "OWNER", "LEFT", "CUSTOMER", "SUMMARY"]);
    for t in list {
        table.row(vec![
            format!("#{}", t.number),
            t.status.as_str().into(),
            clip(&t.owner_name, 24),
            ticket_left(t, now),
            clip(&t.customer_name, 24),
            clip(&t.summary, 50),
        ]);
    }
    table.render()
}

/// One line after a ticket changed hands or state.
pub fn changed(what: &str, t: &Ticket, now: DateTime<Utc>) -> String {
    let state = match t.status {
        Status::Open => format!(
            "open, held by {}, {}",
            t.owner_name,
            with_left(t.due_at, now)
        ),
        Status::Resolved => format!("resolved, held by {}", t.owner_name),
    };
    format!("#{} {what}: {state}", t.number)
}

pub fn detail(d: &TicketDetail, now: DateTime<Utc>) -> String {
    let t = &d.ticket;
    let mut s = String::new();
    let _ = writeln!(s, "#{}  {}", t.number, t.summary);
    let mut line = |label: &str, value: String| {
        let _ = writeln!(s, "  {label:<11}{value}");
    };
    line(
        "Status",
        match t.status {
            Status::Open => format!(
                "open, {} (mark {})",
                with_left(t.due_at, now),
                local(t.due_at)
            ),
            Status::Resolved => {
                format!("resolved {}", t.resolved_at.map(local).unwrap_or_default())
            }
        },
    );
    line("Customer", customer_line(&d.customer));
    line("Category", t.category_name.clone());
    line(
        "Owner",
        format!("{} since {}", t.owner_name, local(t.owner_since)),
    );
    let missed = t.status == Status::Open && t.promise_at < now;
    line(
        "Promised",
        format!(
            "{}{}",
            local(t.promise_at),
            if missed { " (missed)" } else { "" }
        ),
    );
    line("Channel", t.channel.clone());
    if let Some(into) = t.merged_into {
        line("Merged", format!("into #{into}"));
    }
    if let Some(at) = t.escalated_at {
        line("Escalated", local(at));
    }
    if let Some(at) = t.tickle_at {
        line("Reminder", local(at));
    }
    if let Some(step) = &t.small_step {
        line("Small step", step.clone());
    }
    if t.realtime_offered {
        line(
            "Realtime",
            if t.realtime_taken {
                "offered, taken"
            } else {
                "offered"
            }
            .into(),
        );
    }
    for (i, (key, value)) in t.fields.iter().enumerate() {
        line(
            if i == 0 { "Fields" } else { "" },
            format!("{key}: {value}"),
        );
    }
    // A reopened ticket keeps its last resolution, which no longer stands: the timeline has it.
    if let Some(resolution) = t
        .resolution
        .as_ref()
        .filter(|_| t.status == Status::Resolved)
    {
        line("Resolution", resolution.clone());
    }
    let _ = writeln!(s, "\nTimeline");
    let mut timeline = Table::new(&["WHEN", "WHAT", "DETAIL"]);
    for e in &d.events {
        timeline.row(vec![
            local(e.at),
            e.kind.as_str().replace('_', " "),
            event_detail(e),
        ]);
    }
    for row in timeline.render().lines().skip(1) {
        let _ = writeln!(s, "  {row}");
    }
    if !d.history.is_empty() {
        let _ = writeln!(s, "\nOther tickets for {}", d.customer.name);
        for h in &d.history {
            let _ = writeln!(
                s,
                "  #{}  {}  {}  {}  ({})",
                h.number,
                local(h.created_at),
                h.status.as_str(),
                clip(&h.summary, 50),
                h.owner_name
            );
        }
    }
    s
}

fn with_left(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let l = left(due, now);
    if due > now {
        format!("{l} left")
    } else {
        l
    }
}

fn customer_line(c: &Customer) -> String {
    let mut parts = vec![format!("{} (customer {})", c.name, c.id)];
    parts.extend(c.phones.iter().cloned());
    parts.extend(c.emails.iter().cloned());
    parts.join(" · ")
}

fn event_detail(e: &Event) -> String {
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "?".into());
    let actor = e.actor_name.clone().unwrap_or_else(|| "Baton".into());
    let (from, to) = (name(&e.from_name), name(&e.to_name));
    let text = e.text.as_deref().map(|t| clip(t, 80)).unwrap_or_default();
    match e.kind {
        EventKind::Created => format!("by {actor}, held by {to}: {text}"),
        EventKind::Passed => format!("{from} passed it to {to}: {text}"),
        EventKind::Taken => format!("{actor} took it from {from}"),
        EventKind::Assigned => format!("{actor} gave it from {from} to {to}: {text}"),
        EventKind::Resolved => format!("by {actor}: {text}"),
        EventKind::Reopened => format!("by {actor}, held by {to}: {text}"),
        EventKind::Note => format!("{actor}: {text}"),
        EventKind::TickleSet => format!(
            "{actor} set a reminder for {}",
            e.tickle_at.map(local).unwrap_or_default()
        ),
        EventKind::Tickled => format!("{to} nudged ({text})"),
        EventKind::Warned => format!("{to} warned: the mark is near"),
        EventKind::Escalated => format!("from {from} to {to} at the mark"),
        EventKind::Feedback => {
            let mood = if e.delighted == Some(true) {
                "delighted"
            } else {
                "not happy"
            };
            format!("customer {mood} (told {actor}): {text}")
        }
        EventKind::HandedOver => format!("from {from} to {to}: {text}"),
        EventKind::Contacted => {
            let how = e.data.how.map_or("?", |h| h.as_str());
            let who = if e.data.inbound {
                format!("the customer reached {actor}")
            } else {
                actor
            };
            match e.data.promise_at {
                Some(at) => format!("{who} by {how}, now promised {}: {text}", local(at)),
                None => format!("{who} by {how}: {text}"),
            }
        }
        EventKind::Corrected => format!("{actor} corrected {text}"),
        EventKind::Merged => match (e.data.merged_into, e.data.merged_from) {
            (Some(into), _) => format!("{actor} merged it into #{into}: {text}"),
            (_, Some(from)) => format!("{actor} merged #{from} into it: {text}"),
            _ => format!("{actor}: {text}"),
        },
        // The desk's set-up changes carry their own sentence.
        EventKind::PersonAdded
        | EventKind::PersonMoved
        | EventKind::PersonDeactivated
        | EventKind::PinSet
        | EventKind::PolicyChanged
        | EventKind::CategoryAdded
        | EventKind::HoursChanged
        | EventKind::CustomerNoted
        | EventKind::PreferencesSet
        | EventKind::SnippetsSet => format!("{actor}: {text}"),
        EventKind::CustomerErased => format!("{actor} erased a customer's personal data: {text}"),
        EventKind::CustomerFeedback => {
            let kind = if e.delighted == Some(true) {
                "compliment"
            } else {
                "complaint"
            };
            format!("{kind} recorded by {actor}: {text}")
        }
        EventKind::Learned => format!("{actor} noted what the team learned: {text}"),
        EventKind::Confirmed => {
            let heard = if e.data.heard_back == Some(true) {
                "the customer heard back"
            } else {
                "could not reach the customer yet"
            };
            match text.as_str() {
                "" => format!("{actor}: {heard}"),
                said => format!("{actor}: {heard}: {said}"),
            }
        }
    }
}

fn names(people: &[Person]) -> HashMap<i64, &str> {
    people.iter().map(|p| (p.id, p.name.as_str())).collect()
}

pub fn people(list: &[Person]) -> String {
    if list.is_empty() {
        return "Nobody yet: start with `baton person add --role executive`.".into();
    }
    let by_id = names(list);
    let mut table = Table::new(&["ID", "NAME", "ROLE", "REPORTS TO", "ACTIVE", "PIN"]).right(&[0]);
    for p in list {
        table.row(vec![
            p.id.to_string(),
            p.name.clone(),
            p.role.as_str().into(),
            p.reports_to
                .and_then(|b| by_id.get(&b).map(|n| n.to_string()))
                .unwrap_or_else(|| "-".into()),
            if p.active { "yes" } else { "no" }.into(),
            if p.has_pin { "set" } else { "-" }.into(),
        ]);
    }
    table.render()
}

pub fn person_added(p: &Person, boss: Option<&Person>) -> String {
    let place = boss.map_or_else(
        || "at the top".to_string(),
        |b| format!("reporting to {}", b.name),
    );
    format!(
        "Added {} (person {}), {}, {place}",
        p.name,
        p.id,
        p.role.as_str()
    )
}

pub fn customers(list: &[CustomerMatch]) -> String {
    if list.is_empty() {
        return "No customers match.".into();
    }
    let mut table =
        Table::new(&["ID", "NAME", "PHONES", "EMAILS", "OPEN", "LATEST"]).right(&[0, 4]);
    for m in list {
        let c = &m.customer;
        table.row(vec![
            c.id.to_string(),
            clip(&c.name, 30),
            c.phones.join(", "),
            c.emails.join(", "),
            m.open_tickets.to_string(),
            m.recent_tickets.first().map_or_else(
                || "-".into(),
                |t| {
                    format!(
                        "#{} {} {}",
                        t.number,
                        t.status.as_str(),
                        clip(&t.summary, 30)
                    )
                },
            ),
        ]);
    }
    table.render()
}

pub fn customer_added(c: &Customer) -> String {
    format!("Added {}", customer_line(c))
}

pub fn category_added(c: &Category) -> String {
    let fields: Vec<String> = c
        .fields
        .iter()
        .map(|f| {
            if f.required {
                format!("{} (required)", f.key)
            } else {
                f.key.clone()
            }
        })
        .collect();
    let mut s = format!("Added category {} (category {})", c.name, c.id);
    if !fields.is_empty() {
        let _ = write!(s, ", fields: {}", fields.join(", "));
    }
    if c.realtime {
        s.push_str(", realtime help offered");
    }
    s
}

pub fn sweep(s: &Sweep, people: &[Person]) -> String {
    let by_id = names(people);
    let mut out = String::new();
    if s.actions.is_empty() {
        out.push_str("Nothing was due.\n");
    }
    for a in &s.actions {
        let line = match a.due {
            Due::Warn => format!("warned {}: escalates at {}", a.owner_name, local(a.due_at)),
            Due::Escalate => {
                let from = a
                    .previous_owner_id
                    .and_then(|id| by_id.get(&id).copied())
                    .unwrap_or("?");
                if a.previous_owner_id == Some(a.owner_id) {
                    format!("passed the mark held by {from}, with nobody above to take it")
                } else {
                    format!("escalated from {from} to {}", a.owner_name)
                }
            }
            Due::Reminder => format!("reminded {}", a.owner_name),
            Due::Idle => format!("nudged {}: no activity for a while", a.owner_name),
            Due::Handed => format!("handed to {}", a.owner_name),
            Due::Promise => format!("reminded {} of the promise", a.owner_name),
        };
        let _ = writeln!(
            out,
            "#{} {line} ({}, {})",
            a.number,
            a.customer_name,
            clip(&a.summary, 40)
        );
    }
    match s.next_due {
        Some(at) => {
            let _ = writeln!(out, "Next due: {}", local(at));
        }
        None => out.push_str("Nothing pending.\n"),
    }
    out
}

/// "customer 7's personal data erased: 3 tickets, 12 events (the trail still verifies)".
pub fn erased(e: &Erasure) -> String {
    format!(
        "customer {}'s personal data erased: {} tickets, {} events (the trail still verifies)",
        e.customer_id,
        e.tickets.len(),
        e.events_erased
    )
}

/// "moved 12 people, 340 tickets and 2,100 events to …; verified".
pub fn migrated(m: &Migrated, to: &str) -> String {
    format!(
        "moved {} people, {} tickets and {} events to {to}; {}",
        m.people,
        m.tickets,
        m.events,
        if m.verified {
            "the trail verifies there"
        } else {
            "it does NOT verify there"
        }
    )
}

/// "Europe/Berlin, business day 09:00–17:30".
pub fn hours(h: &Hours) -> String {
    format!(
        "{}, business day {}–{}",
        h.time_zone,
        clock(h.opens_minutes),
        clock(h.closes_minutes)
    )
}

pub fn report(r: &Report) -> String {
    let mut s = format!("Report {} to {}\n\n", local(r.from), local(r.to));
    let mut table = Table::new(&[
        "PERSON",
        "ROLE",
        "SOLVED",
        "PASSED",
        "TAKEN",
        "ASSIGNED",
        "ESCALATED",
        "BUCK-PASSING",
        "MEDIAN H",
    ])
    .right(&[2, 3, 4, 5, 6, 7, 8]);
    for p in &r.people {
        let c = &p.counted;
        table.row(vec![
            p.name.clone(),
            p.role.as_str().into(),
            c.solved.to_string(),
            c.passed.to_string(),
            c.taken.to_string(),
            c.assigned.to_string(),
            c.escalated.to_string(),
            ratio(&p.ratio),
            hours_or_dash(p.median_hours_to_solve),
        ]);
    }
    s.push_str(&table.render());
    if !r.teams.is_empty() {
        s.push_str("\nTeams\n");
        let mut table = Table::new(&[
            "TEAM OF",
            "PEOPLE",
            "SOLVED",
            "PASSED",
            "TAKEN",
            "ESCALATED",
            "KEPT",
            "BUCK-PASSING",
        ])
        .right(&[1, 2, 3, 4, 5, 6, 7]);
        for t in &r.teams {
            let c = &t.counted;
            table.row(vec![
                t.lead_name.clone(),
                t.members.to_string(),
                c.solved.to_string(),
                c.passed.to_string(),
                c.taken.to_string(),
                c.escalated.to_string(),
                format!("{}/{}", c.promises_kept, c.promises_due),
                ratio(&t.ratio),
            ]);
        }
        s.push_str(&table.render());
    }
    if !r.executives.is_empty() {
        s.push_str("\nEscalations\n");
        let mut table = Table::new(&["EXECUTIVE", "RECEIVED", "SOLVED"]).right(&[1, 2]);
        for e in &r.executives {
            table.row(vec![
                e.name.clone(),
                e.escalations_received.to_string(),
                e.escalations_solved.to_string(),
            ]);
        }
        s.push_str(&table.render());
    }
    feedback_log(&mut s, "Delight log", &r.delight);
    feedback_log(&mut s, "Complaints", &r.complaints);
    let _ = writeln!(s, "\nBoard");
    if r.board.entries.is_empty() {
        s.push_str("  none\n");
    }
    for e in &r.board.entries {
        let _ = writeln!(s, "  {}", board_entry(e));
    }
    if !r.preventions.is_empty() {
        let _ = writeln!(s, "\nPreventions");
        for p in &r.preventions {
            let _ = writeln!(
                s,
                "  {}  #{} {} by {}: {}",
                local(p.at),
                p.ticket_id,
                p.category_name,
                p.resolved_by,
                clip(&p.what, 80)
            );
        }
    }
    if !r.repeats.is_empty() {
        let _ = writeln!(s, "\nCame back within {REPEAT_WINDOW_DAYS} days");
        for p in &r.repeats {
            let _ = writeln!(
                s,
                "  #{} {} ({}): #{} was resolved {}",
                p.ticket_id,
                p.customer_name,
                p.category_name,
                p.earlier_id,
                local(p.earlier_resolved_at)
            );
        }
    }
    let t = &r.totals;
    let _ = writeln!(
        s,
        "\nTotals: {} taken in, {} solved, {} passed, {} escalated, {} delighted, {} complaints, {} promises kept, {} more kept by contact, {} preventions, {} came back",
        t.intake, t.solved, t.passed, t.escalated, t.delighted, t.complaints, t.promises_kept, t.promises_kept_by_contact, t.preventions, t.repeats
    );
    s
}

/// The board, newest first.
pub fn board(entries: &[BoardEntry]) -> String {
    if entries.is_empty() {
        return "The board is empty.".into();
    }
    entries
        .iter()
        .map(board_entry)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One board entry: "[12] 2026-11-05 10:00  compliment from Olivia Park (#1001): ...".
pub fn board_entry(e: &BoardEntry) -> String {
    let kind = if e.compliment {
        "compliment"
    } else {
        "complaint"
    };
    let about = e.ticket_id.map(|t| format!(" (#{t})")).unwrap_or_default();
    let mut s = format!(
        "[{}] {}  {kind} from {}{about}, recorded by {}: {}",
        e.id,
        local(e.at),
        e.customer_name,
        e.recorded_by,
        clip(&e.what, 80)
    );
    if !e.people.is_empty() {
        let names: Vec<&str> = e.people.iter().map(|p| p.name.as_str()).collect();
        let _ = write!(s, "\n    names {}", names.join(", "));
    }
    if let Some(l) = &e.lesson {
        let _ = write!(s, "\n    learned ({}): {}", l.by, clip(&l.what, 80));
    }
    s
}

/// "50% of 4", flagged when it is a habit worth a look.
fn ratio(r: &baton_core::reports::Ratio) -> String {
    match r.buck_passing_ratio {
        None => "-".into(),
        Some(v) => {
            let flag = if r.buck_passing_alarm { " !" } else { "" };
            format!("{:.0}% of {}{flag}", v * 100.0, r.buck_passing_sample)
        }
    }
}

fn hours_or_dash(h: Option<f64>) -> String {
    h.map_or_else(|| "-".into(), |h| format!("{h:.1}"))
}

fn feedback_log(s: &mut String, title: &str, entries: &[FeedbackEntry]) {
    let _ = writeln!(s, "\n{title}");
    if entries.is_empty() {
        s.push_str("  none\n");
    }
    for f in entries {
        let _ = writeln!(
            s,
            "  {}  #{} {} (held by {}): {}",
            local(f.at),
            f.number,
            f.customer_name,
            f.owner_name,
            clip(&f.what, 80)
        );
    }
}

pub fn verification(v: &Verification) -> String {
    let mut s = if v.ok {
        format!(
            "ok: the database is sound, all {} events are chained, and all {} tickets are what their events say",
            v.events_checked, v.tickets_checked
        )
    } else {
        format!(
            "NOT OK ({} events and {} tickets checked)",
            v.events_checked, v.tickets_checked
        )
    };
    for problem in &v.integrity {
        let _ = write!(s, "\n  database: {problem}");
    }
    if let Some(b) = &v.first_broken {
        let whose = b
            .ticket_id
            .map_or("the desk's set-up".to_string(), |t| format!("ticket #{t}"));
        let _ = write!(s, "\n  event {} of {whose}: {}", b.event_id, b.problem);
    }
    for w in &v.witnesses {
        match w.event_id {
            Some(id) => {
                let _ = write!(s, "\n  witness {}: held by event {id}", short(&w.hash));
            }
            None => {
                let _ = write!(
                    s,
                    "\n  witness {}: NOT in the chain (events were removed or rewritten since it was recorded)",
                    short(&w.hash)
                );
            }
        }
    }
    for m in &v.mismatches {
        let _ = write!(s, "\n  ticket #{}: {}", m.ticket_id, m.problems.join("; "));
    }
    if v.mismatch_count as usize > v.mismatches.len() {
        let _ = write!(
            s,
            "\n  … and {} more tickets that differ from their events",
            v.mismatch_count as usize - v.mismatches.len()
        );
    }
    if let Some(head) = &v.head {
        let _ = write!(
            s,
            "\nhead: event {} {} (keep it; `baton verify --witness HASH` checks the chain still holds it)",
            head.event_id, head.hash
        );
    }
    s
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

pub fn backup(b: &Backup) -> String {
    format!(
        "Backed up to {} ({} KiB, verified; head event {})",
        b.path,
        b.bytes / 1024,
        b.head
            .as_ref()
            .map_or("none".to_string(), |h| h.event_id.to_string())
    )
}

pub fn restore(r: &Restored) -> String {
    format!(
        "Restored from {}; the previous file is kept as {}",
        r.from, r.kept_aside
    )
}

pub fn deactivated(d: &Deactivation) -> String {
    format!(
        "{} is no longer active; {} open tickets and {} people went to {}",
        d.person.name,
        d.tickets_handed_over.len(),
        d.people_moved.len(),
        d.successor.name
    )
}

pub fn person_moved(p: &Person, boss: &Person) -> String {
    format!("{} now reports to {}", p.name, boss.name)
}

pub fn demo(d: &DemoSummary) -> String {
    format!(
        "Loaded the demo: {} people, {} customers, {} categories, {} tickets. Everyone's PIN is {}.",
        d.people, d.customers, d.categories, d.tickets, d.pin
    )
}
