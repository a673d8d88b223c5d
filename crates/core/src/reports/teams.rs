//! Teams and who may see whose figures: the same figures rolled up per subtree; executives
//! see everyone, leads and managers their own subtree, a rep their own figures beside their
//! team's medians.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

use super::{median, median_hours, Counted, PersonFigures, Ratio, Report};
use crate::error::Result;
use crate::people::{Org, Role};

/// Whose figures a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Everyone's: an executive's view, and the command line's.
    Desk,
    /// The viewer's and everyone's below them.
    Subtree,
    /// Only the viewer's own.
    Own,
}

/// A lead, manager or executive and everyone below them, summed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamFigures {
    pub lead_id: i64,
    pub lead_name: String,
    pub role: Role,
    /// How many people the team has, its lead included.
    pub members: u32,
    #[serde(flatten)]
    #[ts(flatten)]
    pub counted: Counted,
    #[serde(flatten)]
    #[ts(flatten)]
    pub ratio: Ratio,
    pub median_hours_to_solve: Option<f64>,
}

/// The middle of a team's figures, person by person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct Medians {
    pub solved: f64,
    pub passed: f64,
    pub taken: f64,
    pub promises_kept: f64,
    pub delighted: f64,
}

/// A person's own month beside their team's: the people who report to the same person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MyMonth {
    pub me: PersonFigures,
    /// Whose team it is (None at the top of the organisation).
    pub team_lead: Option<String>,
    pub team_size: u32,
    pub team_median: Medians,
}

/// Every subtree's figures, the top of the organisation first.
pub fn roll_up(
    people: &[PersonFigures],
    holds: &HashMap<i64, Vec<i64>>,
    org: &Org,
) -> Vec<TeamFigures> {
    let by_id: HashMap<i64, &PersonFigures> = people.iter().map(|p| (p.person_id, p)).collect();
    let mut teams: Vec<(usize, TeamFigures)> = org
        .all()
        .iter()
        .filter_map(|lead| {
            let below = org.subtree(lead.id);
            if below.is_empty() {
                return None;
            }
            let members: Vec<i64> = std::iter::once(lead.id).chain(below).collect();
            let mut counted = Counted::default();
            let mut held = Vec::new();
            for id in &members {
                if let Some(p) = by_id.get(id) {
                    counted.add(&p.counted);
                }
                held.extend(holds.get(id).into_iter().flatten());
            }
            Some((
                org.ancestors(lead.id).len(),
                TeamFigures {
                    lead_id: lead.id,
                    lead_name: lead.name.clone(),
                    role: lead.role,
                    members: members.len() as u32,
                    ratio: Ratio::of(&counted),
                    counted,
                    median_hours_to_solve: median_hours(&mut held),
                },
            ))
        })
        .collect();
    teams.sort_by(|(a_depth, a), (b_depth, b)| {
        a_depth
            .cmp(b_depth)
            .then_with(|| a.lead_name.cmp(&b.lead_name))
    });
    teams.into_iter().map(|(_, t)| t).collect()
}

/// Whether `viewer` may see `person`'s own figures: their own, an executive anyone's, a lead
/// or manager those of anyone below them.
pub fn may_see(org: &Org, viewer: i64, person: i64) -> Result<bool> {
    let v = org.get(viewer)?;
    Ok(viewer == person
        || v.role == Role::Executive
        || (v.role != Role::Rep && org.is_below(person, viewer)))
}

/// The report as `viewer` may see it, with their own month.
pub fn for_viewer(mut r: Report, org: &Org, viewer: i64) -> Result<Report> {
    let me = org.get(viewer)?;
    r.my_month = my_month(&r.people, org, viewer);
    r.scope = match me.role {
        Role::Executive => super::Scope::Desk,
        Role::Lead | Role::Manager => super::Scope::Subtree,
        Role::Rep => super::Scope::Own,
    };
    if r.scope != Scope::Desk {
        let seen = |id: i64| may_see(org, viewer, id).unwrap_or(false);
        r.people.retain(|p| seen(p.person_id));
        r.teams.retain(|t| seen(t.lead_id));
        r.executives.retain(|e| seen(e.person_id));
    }
    Ok(r)
}

/// `person`'s figures beside the medians of the active people who report to the same person.
fn my_month(people: &[PersonFigures], org: &Org, person: i64) -> Option<MyMonth> {
    let me = people.iter().find(|p| p.person_id == person)?.clone();
    let boss = org.get(person).ok()?.reports_to;
    let team: Vec<&PersonFigures> = people
        .iter()
        .filter(|p| {
            org.get(p.person_id)
                .is_ok_and(|q| q.reports_to == boss && (q.active || q.id == person))
        })
        .filter(|p| boss.is_some() || p.person_id == person)
        .collect();
    let mid = |f: fn(&Counted) -> u32| {
        let mut values: Vec<i64> = team.iter().map(|p| i64::from(f(&p.counted))).collect();
        median(&mut values).unwrap_or(0.0)
    };
    Some(MyMonth {
        team_lead: boss.and_then(|b| org.get(b).ok()).map(|b| b.name.clone()),
        team_size: team.len() as u32,
        team_median: Medians {
            solved: mid(|c| c.solved),
            passed: mid(|c| c.passed),
            taken: mid(|c| c.taken),
            promises_kept: mid(|c| c.promises_kept),
            delighted: mid(|c| c.delighted),
        },
        me,
    })
}
