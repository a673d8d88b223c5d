//! Each table of a report as CSV: one writer for the command line and the app's Save.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Deserialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use ts_rs::TS;

use super::{Counted, Ratio, Report};
use crate::error::{Error, Result};

/// The tables a report exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    People,
    Teams,
    Executives,
    Delight,
    Complaints,
    Board,
    Preventions,
    Repeats,
    Weeks,
}

impl Table {
    pub const ALL: [Table; 9] = [
        Table::People,
        Table::Teams,
        Table::Executives,
        Table::Delight,
        Table::Complaints,
        Table::Board,
        Table::Preventions,
        Table::Repeats,
        Table::Weeks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Table::People => "people",
            Table::Teams => "teams",
            Table::Executives => "executives",
            Table::Delight => "delight",
            Table::Complaints => "complaints",
            Table::Board => "board",
            Table::Preventions => "preventions",
            Table::Repeats => "repeats",
            Table::Weeks => "weeks",
        }
    }
}

impl std::str::FromStr for Table {
    type Err = Error;

    fn from_str(s: &str) -> Result<Table> {
        Table::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Table::ALL.iter().map(|t| t.as_str()).collect();
                Error::Invalid(format!(
                    "there is no table '{s}'; choose one of {}",
                    names.join(", ")
                ))
            })
    }
}

const COUNTED: [&str; 14] = [
    "solved",
    "passed",
    "taken",
    "assigned",
    "escalated",
    "promises_due",
    "promises_kept",
    "delighted",
    "complaints",
    "preventions",
    "buck_passing_ratio",
    "buck_passing_sample",
    "buck_passing_alarm",
    "median_hours_to_solve",
];

fn counted(c: &Counted, r: &Ratio, median: Option<f64>) -> Vec<String> {
    let mut row: Vec<String> = [
        c.solved,
        c.passed,
        c.taken,
        c.assigned,
        c.escalated,
        c.promises_due,
        c.promises_kept,
        c.delighted,
        c.complaints,
        c.preventions,
    ]
    .iter()
    .map(u32::to_string)
    .collect();
    row.push(number(
        r.buck_passing_ratio.map(|v| (v * 1000.0).round() / 1000.0),
    ));
    row.push(r.buck_passing_sample.to_string());
    row.push(r.buck_passing_alarm.to_string());
    row.push(number(median));
    row
}

/// A cell of free text. One a spreadsheet would run as a formula (=, +, -, @, a tab or a
/// carriage return first) is written with a leading apostrophe, which shows it as typed.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn number(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Writes `table` of `r` as CSV, a header row first.
pub fn write(r: &Report, table: Table, out: impl Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = |fixed: &[&str], more: &[&str]| {
        w.write_record(fixed.iter().chain(more).copied())
            .map_err(fault)
    };
    match table {
        Table::People => {
            header(&["person_id", "name", "role"], &COUNTED)?;
            for p in &r.people {
                let head = [
                    p.person_id.to_string(),
                    text(&p.name),
                    p.role.as_str().into(),
                ];
                let row = counted(&p.counted, &p.ratio, p.median_hours_to_solve);
                w.write_record(head.into_iter().chain(row)).map_err(fault)?;
            }
        }
        Table::Teams => {
            header(&["lead_id", "lead_name", "role", "members"], &COUNTED)?;
            for t in &r.teams {
                let head = [
                    t.lead_id.to_string(),
                    text(&t.lead_name),
                    t.role.as_str().into(),
                    t.members.to_string(),
                ];
                let row = counted(&t.counted, &t.ratio, t.median_hours_to_solve);
                w.write_record(head.into_iter().chain(row)).map_err(fault)?;
            }
        }
        Table::Executives => {
            header(
                &[
                    "person_id",
                    "name",
                    "escalations_received",
                    "escalations_solved",
                ],
                &[],
            )?;
            for e in &r.executives {
                w.write_record([
                    e.person_id.to_string(),
                    text(&e.name),
                    e.escalations_received.to_string(),
                    e.escalations_solved.to_string(),
                ])
                .map_err(fault)?;
            }
        }
        Table::Delight | Table::Complaints => {
            header(
                &["at", "ticket", "customer_id", "customer", "held_by", "what"],
                &[],
            )?;
            let entries = if table == Table::Delight {
                &r.delight
            } else {
                &r.complaints
            };
            for e in entries {
                w.write_record([
                    time(e.at),
                    e.number.to_string(),
                    e.customer_id.to_string(),
                    text(&e.customer_name),
                    text(&e.owner_name),
                    text(&e.what),
                ])
                .map_err(fault)?;
            }
        }
        Table::Board => {
            header(
                &[
                    "at",
                    "kind",
                    "customer_id",
                    "customer",
                    "ticket",
                    "people",
                    "recorded_by",
                    "what",
                    "learned",
                    "learned_by",
                ],
                &[],
            )?;
            for e in &r.board.entries {
                let names: Vec<&str> = e.people.iter().map(|p| p.name.as_str()).collect();
                w.write_record([
                    time(e.at),
                    if e.compliment {
                        "compliment"
                    } else {
                        "complaint"
                    }
                    .into(),
                    e.customer_id.to_string(),
                    text(&e.customer_name),
                    e.ticket_id.map(|t| t.to_string()).unwrap_or_default(),
                    text(&names.join("; ")),
                    text(&e.recorded_by),
                    text(&e.what),
                    e.lesson.as_ref().map(|l| text(&l.what)).unwrap_or_default(),
                    e.lesson.as_ref().map(|l| text(&l.by)).unwrap_or_default(),
                ])
                .map_err(fault)?;
            }
        }
        Table::Preventions => {
            header(
                &[
                    "at",
                    "ticket",
                    "customer",
                    "category",
                    "resolved_by",
                    "prevention",
                ],
                &[],
            )?;
            for p in &r.preventions {
                w.write_record([
                    time(p.at),
                    p.ticket_id.to_string(),
                    text(&p.customer_name),
                    text(&p.category_name),
                    text(&p.resolved_by),
                    text(&p.what),
                ])
                .map_err(fault)?;
            }
        }
        Table::Repeats => {
            header(
                &[
                    "created_at",
                    "ticket",
                    "customer_id",
                    "customer",
                    "category",
                    "earlier_ticket",
                    "earlier_resolved_at",
                    "earlier_resolution",
                    "earlier_prevention",
                ],
                &[],
            )?;
            for p in &r.repeats {
                w.write_record([
                    time(p.created_at),
                    p.ticket_id.to_string(),
                    p.customer_id.to_string(),
                    text(&p.customer_name),
                    text(&p.category_name),
                    p.earlier_id.to_string(),
                    time(p.earlier_resolved_at),
                    text(p.earlier_resolution.as_deref().unwrap_or_default()),
                    text(p.earlier_prevention.as_deref().unwrap_or_default()),
                ])
                .map_err(fault)?;
            }
        }
        Table::Weeks => {
            header(
                &[
                    "week_start",
                    "intake",
                    "solved",
                    "passed",
                    "escalated",
                    "delighted",
                    "complaints",
                    "promises_due",
                    "promises_kept",
                ],
                &[],
            )?;
            for k in &r.weeks {
                let counts = [
                    k.intake,
                    k.solved,
                    k.passed,
                    k.escalated,
                    k.delighted,
                    k.complaints,
                    k.promises_due,
                    k.promises_kept,
                ];
                w.write_record(
                    std::iter::once(time(k.start)).chain(counts.iter().map(u32::to_string)),
                )
                .map_err(fault)?;
            }
        }
    }
    w.flush()
        .map_err(|e| Error::Invalid(format!("the CSV could not be written: {e}")))?;
    Ok(())
}

/// Writes `table` to a file at `path`, whole or not at all: into a file beside it, then moved
/// over it, so a failure never leaves half a table where a spreadsheet will open it.
pub fn save(r: &Report, table: Table, path: &Path) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let part = path.with_extension("csv.part");
    let done = File::create(&part)
        .and_then(|f| {
            let mut out = BufWriter::new(f);
            write(r, table, &mut out).map_err(std::io::Error::other)?;
            out.into_inner()?.sync_all()
        })
        .and_then(|_| std::fs::rename(&part, path));
    done.map_err(|e| {
        let _ = std::fs::remove_file(&part);
        Error::Invalid(format!(
            "could not save {} in {}: {e}",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into()),
            dir.map_or_else(|| ".".into(), |d| d.display().to_string())
        ))
    })
}

/// "baton-people-2026-11-01-to-2026-11-30.csv": the table and the days it covers.
pub fn file_name(table: Table, first_day: NaiveDate, last_day: NaiveDate) -> String {
    format!("baton-{}-{first_day}-to-{last_day}.csv", table.as_str())
}

fn fault(e: csv::Error) -> Error {
    Error::Invalid(format!("the CSV could not be written: {e}"))
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_written_as_typed() {
        assert_eq!(text("Ana Souza"), "Ana Souza");
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+1 555"), "'+1 555");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("@boss"), "'@boss");
        assert_eq!(text("O'Connor"), "O'Connor");
    }
}
