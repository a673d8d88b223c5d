//! The month-end accountability report: who solved, who passed the buck, who was delighted.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

use crate::people::{Person, Role};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonFigures {
    pub person_id: i64,
    pub name: String,
    pub role: Role,
    /// Tickets this person resolved.
    pub solved: u32,
    /// Tickets this person passed up.
    pub passed: u32,
    /// Tickets this person took (grabbed) from someone below.
    pub taken: u32,
    /// Tickets this person assigned to someone in their team.
    pub assigned: u32,
    /// Tickets this person held when they reached the 20-hour mark.
    pub escalated: u32,
    /// passed / (passed + solved); None when they did neither.
    pub buck_passing_ratio: Option<f64>,
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
    /// Who held the ticket when the customer said it.
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
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Report {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub people: Vec<PersonFigures>,
    pub executives: Vec<ExecutiveFigures>,
    pub delight: Vec<FeedbackEntry>,
    pub complaints: Vec<FeedbackEntry>,
    pub totals: Totals,
    /// The audit trail's head when the report was made: keep it as a witness for `verify`.
    pub head: Option<crate::audit::ChainHead>,
}

/// The report of [from, to) from the period's raw figures and the people on the desk: everyone
/// who solved most first, the executives (and whoever received escalations), the customers'
/// feedback split into delight and complaints.
pub fn assemble(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    mut f: crate::store::Figures,
    everyone: &[Person],
) -> Report {
    let get = |m: &HashMap<i64, u32>, id| m.get(&id).copied().unwrap_or(0);
    let mut people: Vec<PersonFigures> = everyone
        .iter()
        .map(|p| PersonFigures {
            person_id: p.id,
            name: p.name.clone(),
            role: p.role,
            solved: get(&f.solved, p.id),
            passed: get(&f.passed, p.id),
            taken: get(&f.taken, p.id),
            assigned: get(&f.assigned, p.id),
            escalated: get(&f.escalated, p.id),
            buck_passing_ratio: buck_passing_ratio(get(&f.passed, p.id), get(&f.solved, p.id)),
            median_hours_to_solve: f
                .holds
                .get_mut(&p.id)
                .and_then(|h| median(h))
                .map(|m| (m / 3_600_000.0 * 100.0).round() / 100.0),
        })
        .collect();
    people.sort_by(|a, b| b.solved.cmp(&a.solved).then_with(|| a.name.cmp(&b.name)));
    let executives = everyone
        .iter()
        .filter(|p| p.role == Role::Executive || f.received.contains_key(&p.id))
        .map(|p| ExecutiveFigures {
            person_id: p.id,
            name: p.name.clone(),
            escalations_received: get(&f.received, p.id),
            escalations_solved: get(&f.escalations_solved, p.id),
        })
        .collect();
    let (delight, complaints): (Vec<_>, Vec<_>) = f.feedback.into_iter().partition(|e| e.delighted);
    let sum = |m: &HashMap<i64, u32>| m.values().sum();
    let totals = Totals {
        intake: sum(&f.created),
        solved: sum(&f.solved),
        passed: sum(&f.passed),
        escalated: sum(&f.escalated),
        delighted: delight.len() as u32,
        complaints: complaints.len() as u32,
        promises_due: f.promises.due,
        promises_kept: f.promises.kept,
        promises_kept_by_contact: f.promises.kept_by_contact,
    };
    Report {
        from,
        to,
        people,
        executives,
        delight,
        complaints,
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
}
