//! The month-end accountability report: who solved, who passed the buck, who was delighted,
//! per person and per team, with the weekly trend, the board, the preventions recorded and the
//! problems that came back.

pub mod csv;
pub mod drill;
pub mod monthly;
pub mod teams;
pub mod trends;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

use crate::board::BoardEntry;
use crate::people::{Org, Role};
pub use teams::{MyMonth, Scope, TeamFigures};
pub use trends::{Bucket, Week};

/// What can be counted of one person, or summed over a team.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct Counted {
    /// Tickets resolved.
    pub solved: u32,
    /// Tickets passed up.
    pub passed: u32,
    /// Tickets taken (grabbed) from someone below.
    pub taken: u32,
    /// Tickets assigned to someone in the team.
    pub assigned: u32,
    /// Tickets held when they reached the 20-hour mark.
    pub escalated: u32,
    /// Tickets resolved (each once) and, of those, resolved by the time promised at intake.
    pub promises_due: u32,
    pub promises_kept: u32,
    /// Feedback on tickets held: delighted customers and complaints.
    pub delighted: u32,
    pub complaints: u32,
    /// Resolutions that recorded what was changed so the problem does not happen again.
    pub preventions: u32,
}

impl Counted {
    pub fn add(&mut self, o: &Counted) {
        self.solved += o.solved;
        self.passed += o.passed;
        self.taken += o.taken;
        self.assigned += o.assigned;
        self.escalated += o.escalated;
        self.promises_due += o.promises_due;
        self.promises_kept += o.promises_kept;
        self.delighted += o.delighted;
        self.complaints += o.complaints;
        self.preventions += o.preventions;
    }
}

/// The buck-passing ratio with the number of tickets it is of: 100 % of one ticket is no alarm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Ratio {
    /// passed / (passed + solved); None when they did neither.
    pub buck_passing_ratio: Option<f64>,
    /// passed + solved.
    pub buck_passing_sample: u32,
    /// At least half passed, of at least `ALARM_SAMPLE` tickets: worth a manager's look.
    pub buck_passing_alarm: bool,
}

/// Fewer tickets than this say nothing about a habit.
pub const ALARM_SAMPLE: u32 = 5;

impl Ratio {
    pub fn of(c: &Counted) -> Ratio {
        let ratio = buck_passing_ratio(c.passed, c.solved);
        let sample = c.passed + c.solved;
        Ratio {
            buck_passing_ratio: ratio,
            buck_passing_sample: sample,
            buck_passing_alarm: sample >= ALARM_SAMPLE && ratio.is_some_and(|r| r >= 0.5),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonFigures {
    pub person_id: i64,
    pub name: String,
    pub role: Role,
    #[serde(flatten)]
    #[ts(flatten)]
    pub counted: Counted,
    #[serde(flatten)]
    #[ts(flatten)]
    pub ratio: Ratio,
    /// Median hours from getting a ticket to solving it.
    pub median_hours_to_solve: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExecutiveFigures {
    pub person_id: i64,
    pub name: String,
    pub escalations_received: u32,
    pub escalations_solved: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FeedbackEntry {
    pub ticket_id: i64,
    pub number: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub delighted: bool,
    pub what: String,
    pub at: DateTime<Utc>,
    /// Who holds the ticket (its feedback counts for them).
    pub owner_id: i64,
    pub owner_name: String,
}

/// The promises of the tickets resolved in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Promises {
    pub due: u32,
    /// Resolved by the time promised at intake.
    pub kept: u32,
    /// Resolved later, but by a time agreed with the customer before any promise lapsed.
    pub kept_by_contact: u32,
}

/// A ticket resolved in the period (merged duplicates aside), as the report reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedRow {
    pub ticket: i64,
    /// Who resolved it: the owner stays who resolved it.
    pub owner: i64,
    pub created_at: i64,
    pub resolved_at: i64,
    pub first_promise_at: Option<i64>,
    pub promise_at: i64,
    pub promise_broken: bool,
    /// When the customer was confirmed to have heard back.
    pub confirmed_at: Option<i64>,
}

impl ResolvedRow {
    /// Resolved by the time promised at intake.
    pub fn kept(&self) -> bool {
        self.resolved_at <= self.first_promise_at.unwrap_or(self.promise_at)
    }

    /// Resolved after the first promise, by a later time agreed before any promise lapsed.
    pub fn kept_by_contact(&self) -> bool {
        self.first_promise_at
            .is_some_and(|first| self.resolved_at > first)
            && self.resolved_at <= self.promise_at
            && !self.promise_broken
    }
}

impl Promises {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a ResolvedRow>) -> Promises {
        rows.into_iter().fold(Promises::default(), |mut p, r| {
            p.due += 1;
            p.kept += u32::from(r.kept());
            p.kept_by_contact += u32::from(r.kept_by_contact());
            p
        })
    }
}

/// A resolution that recorded what was changed so the problem does not happen again.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Prevention {
    pub ticket_id: i64,
    pub customer_name: String,
    pub category_name: String,
    pub resolved_by_id: i64,
    pub resolved_by: String,
    pub at: DateTime<Utc>,
    pub what: String,
}

/// How long after a resolution a problem of the same customer and category counts as the
/// same problem back: the fix did not hold.
pub const REPEAT_WINDOW_DAYS: i64 = 30;

/// A ticket taken in during the period for a problem resolved for the same customer, in the
/// same category, within `REPEAT_WINDOW_DAYS` before.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Repeat {
    pub ticket_id: i64,
    pub created_at: DateTime<Utc>,
    pub customer_id: i64,
    pub customer_name: String,
    pub category_name: String,
    pub earlier_id: i64,
    pub earlier_resolved_at: DateTime<Utc>,
    pub earlier_resolution: Option<String>,
    /// What was changed then to prevent it, if anything was recorded.
    pub earlier_prevention: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Totals {
    pub intake: u32,
    pub solved: u32,
    pub passed: u32,
    pub escalated: u32,
    pub delighted: u32,
    pub complaints: u32,
    /// Tickets resolved in the period (each once, however often it was reopened and solved).
    pub promises_due: u32,
    /// Of those, how many by the time promised to the customer at intake.
    pub promises_kept: u32,
    /// Of the others, how many by a new time agreed with the customer before the promise lapsed.
    pub promises_kept_by_contact: u32,
    pub preventions: u32,
    pub repeats: u32,
    /// Of the tickets resolved, how many customers were confirmed to have heard back, and how
    /// many of them by the time promised to them.
    pub heard_back: u32,
    pub heard_back_by_promise: u32,
}

/// The compliments and complaints that arrived on their own in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct BoardPart {
    pub compliments: u32,
    pub complaints: u32,
    /// Newest first.
    pub entries: Vec<BoardEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Report {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Whose figures this report shows: the whole desk, a subtree, or only the viewer's own.
    pub scope: Scope,
    pub people: Vec<PersonFigures>,
    /// The figures of every subtree (a lead, manager or executive and everyone below them).
    pub teams: Vec<TeamFigures>,
    pub executives: Vec<ExecutiveFigures>,
    pub delight: Vec<FeedbackEntry>,
    pub complaints: Vec<FeedbackEntry>,
    pub board: BoardPart,
    pub preventions: Vec<Prevention>,
    /// The newest 200 problems back (`totals.repeats` counts them all).
    pub repeats: Vec<Repeat>,
    /// The period in weeks from its start.
    pub weeks: Vec<Week>,
    /// How long the tickets resolved in the period took, from intake to resolution.
    pub time_to_solve: Vec<Bucket>,
    /// The viewer's own figures beside their team's medians, when someone is viewing.
    pub my_month: Option<MyMonth>,
    pub totals: Totals,
    /// The audit trail's head when the report was made: keep it as a witness for `verify`.
    pub head: Option<crate::audit::ChainHead>,
}

/// A ticket counts once in the delight log and once in the complaints, by the latest of what
/// its customer said each way: feedback and a reaction on the confirmation are two records of
/// one customer's view. A complaint later turned round stays a complaint. `feedback` is in the
/// order it was said.
fn once_per_ticket(feedback: Vec<FeedbackEntry>) -> Vec<FeedbackEntry> {
    let latest: HashMap<(i64, bool), usize> = feedback
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.ticket_id, e.delighted), i))
        .collect();
    feedback
        .into_iter()
        .enumerate()
        .filter(|(i, e)| latest[&(e.ticket_id, e.delighted)] == *i)
        .map(|(_, e)| e)
        .collect()
}

/// The report of [from, to) from the period's raw figures and the people on the desk: everyone
/// who solved most first, the teams, the executives (and whoever received escalations), the
/// customers' feedback split into delight and complaints, the week by week trend. The whole
/// desk's: `teams::for_viewer` cuts it to what one person may see.
pub fn assemble(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: chrono_tz::Tz,
    mut f: crate::store::Figures,
    org: &Org,
) -> Report {
    f.feedback = once_per_ticket(std::mem::take(&mut f.feedback));
    let get = |m: &HashMap<i64, u32>, id| m.get(&id).copied().unwrap_or(0);
    let mut counted: HashMap<i64, Counted> = HashMap::new();
    for r in &f.resolved {
        let c = counted.entry(r.owner).or_default();
        c.promises_due += 1;
        c.promises_kept += u32::from(r.kept());
    }
    for e in &f.feedback {
        let c = counted.entry(e.owner_id).or_default();
        c.delighted += u32::from(e.delighted);
        c.complaints += u32::from(!e.delighted);
    }
    for p in &f.preventions {
        counted.entry(p.resolved_by_id).or_default().preventions += 1;
    }
    let mut people: Vec<PersonFigures> = org
        .all()
        .iter()
        .map(|p| {
            let counted = Counted {
                solved: get(&f.solved, p.id),
                passed: get(&f.passed, p.id),
                taken: get(&f.taken, p.id),
                assigned: get(&f.assigned, p.id),
                escalated: get(&f.escalated, p.id),
                ..counted.get(&p.id).copied().unwrap_or_default()
            };
            PersonFigures {
                person_id: p.id,
                name: p.name.clone(),
                role: p.role,
                ratio: Ratio::of(&counted),
                counted,
                median_hours_to_solve: f.holds.get_mut(&p.id).and_then(|h| median_hours(h)),
            }
        })
        .collect();
    people.sort_by(|a, b| {
        b.counted
            .solved
            .cmp(&a.counted.solved)
            .then_with(|| a.name.cmp(&b.name))
    });
    let teams = teams::roll_up(&people, &f.holds, org);
    let executives = org
        .all()
        .iter()
        .filter(|p| p.role == Role::Executive || f.received.contains_key(&p.id))
        .map(|p| ExecutiveFigures {
            person_id: p.id,
            name: p.name.clone(),
            escalations_received: get(&f.received, p.id),
            escalations_solved: get(&f.escalations_solved, p.id),
        })
        .collect();
    let weeks = trends::weeks(from, to, tz, &f);
    let time_to_solve = trends::time_to_solve(&f.resolved);
    let (delight, complaints): (Vec<_>, Vec<_>) = f.feedback.into_iter().partition(|e| e.delighted);
    let compliments = f.board_said.iter().filter(|(_, c)| *c).count() as u32;
    let board = BoardPart {
        compliments,
        complaints: f.board_said.len() as u32 - compliments,
        entries: f.board,
    };
    let sum = |m: &HashMap<i64, u32>| m.values().sum();
    let promises = Promises::of(&f.resolved);
    let totals = Totals {
        intake: sum(&f.created),
        solved: sum(&f.solved),
        passed: sum(&f.passed),
        escalated: sum(&f.escalated),
        delighted: delight.len() as u32,
        complaints: complaints.len() as u32,
        promises_due: promises.due,
        promises_kept: promises.kept,
        promises_kept_by_contact: promises.kept_by_contact,
        preventions: f.preventions.len() as u32,
        repeats: f.repeats_total,
        heard_back: f
            .resolved
            .iter()
            .filter(|r| r.confirmed_at.is_some())
            .count() as u32,
        heard_back_by_promise: f
            .resolved
            .iter()
            .filter(|r| r.confirmed_at.is_some_and(|at| at <= r.promise_at))
            .count() as u32,
    };
    Report {
        from,
        to,
        scope: Scope::Desk,
        people,
        teams,
        executives,
        delight,
        complaints,
        board,
        preventions: f.preventions,
        repeats: f.repeats,
        weeks,
        time_to_solve,
        my_month: None,
        totals,
        head: f.head,
    }
}

pub fn buck_passing_ratio(passed: u32, solved: u32) -> Option<f64> {
    let total = passed + solved;
    (total > 0).then(|| f64::from(passed) / f64::from(total))
}

pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

/// The median of hold times in ms, in hours to two places.
fn median_hours(ms: &mut [i64]) -> Option<f64> {
    median(ms).map(|m| (m / 3_600_000.0 * 100.0).round() / 100.0)
}

/// Which list of tickets a number in the report stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Intake,
    Solved,
    Passed,
    Taken,
    Assigned,
    Escalated,
    /// Escalations an executive received.
    Received,
    PromisesKept,
    PromisesMissed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_and_median() {
        assert_eq!(buck_passing_ratio(0, 0), None);
        assert_eq!(buck_passing_ratio(1, 3), Some(0.25));
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn a_high_ratio_on_few_tickets_is_no_alarm() {
        let one = Counted {
            passed: 1,
            ..Counted::default()
        };
        let r = Ratio::of(&one);
        assert_eq!(
            (r.buck_passing_ratio, r.buck_passing_sample),
            (Some(1.0), 1)
        );
        assert!(!r.buck_passing_alarm);
        let habit = Counted {
            passed: 3,
            solved: 2,
            ..Counted::default()
        };
        assert!(Ratio::of(&habit).buck_passing_alarm);
        let fine = Counted {
            passed: 2,
            solved: 3,
            ..Counted::default()
        };
        assert!(!Ratio::of(&fine).buck_passing_alarm);
    }

    #[test]
    fn promises_are_kept_at_intake_or_by_contact() {
        let row = |resolved_at, first, promise_at, broken| ResolvedRow {
            ticket: 1,
            owner: 1,
            created_at: 0,
            resolved_at,
            first_promise_at: first,
            promise_at,
            promise_broken: broken,
            confirmed_at: None,
        };
        let rows = [
            row(10, None, 10, false),
            row(11, None, 10, false),
            row(15, Some(10), 20, false),
            row(15, Some(10), 20, true),
            row(5, Some(10), 20, false),
        ];
        assert_eq!(
            Promises::of(&rows),
            Promises {
                due: 5,
                kept: 2,
                kept_by_contact: 1
            }
        );
    }
}
