//! The tickets behind a number in the report: a person's, a team's or the desk's.

use serde::Deserialize;
use ts_rs::TS;

use super::{teams, Figure};
use crate::calendar::PeriodSpec;
use crate::error::{Error, Result};
use crate::events::EventKind;
use crate::people::Org;
use crate::store::tx::Party;

/// A number in the report: which figure, over which period, whose.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, TS)]
pub struct Drill {
    pub period: PeriodSpec,
    pub figure: Figure,
    /// A person's figure, or (with `team`) their team's; the whole desk's when absent.
    #[serde(default)]
    #[ts(optional)]
    pub person_id: Option<i64>,
    #[serde(default)]
    pub team: bool,
}

/// The events a figure counts, and which person each is counted against; None for the
/// promise figures, which count resolved tickets.
pub fn events_of(figure: Figure) -> Option<(EventKind, Party)> {
    Some(match figure {
        Figure::Intake => (EventKind::Created, Party::Actor),
        Figure::Solved => (EventKind::Resolved, Party::Actor),
        Figure::Passed => (EventKind::Passed, Party::From),
        Figure::Taken => (EventKind::Taken, Party::Actor),
        Figure::Assigned => (EventKind::Assigned, Party::Actor),
        Figure::Escalated => (EventKind::Escalated, Party::From),
        Figure::Received => (EventKind::Escalated, Party::To),
        Figure::PromisesKept | Figure::PromisesMissed => return None,
    })
}

/// Whose tickets a drill lists (everyone's when None), if `viewer` may see that figure. The
/// whole desk's lists are open to all, as every ticket is; a person's or a team's figures are
/// open to whom `teams::may_see` allows.
pub fn people(org: &Org, viewer: Option<i64>, d: &Drill) -> Result<Option<Vec<i64>>> {
    let Some(person) = d.person_id else {
        return Ok(None);
    };
    let p = org.get(person)?;
    if let Some(viewer) = viewer {
        if !teams::may_see(org, viewer, person)? {
            return Err(Error::Forbidden(format!(
                "{}'s figures are theirs and their managers' to see",
                p.name
            )));
        }
    }
    Ok(Some(if d.team {
        std::iter::once(person).chain(org.subtree(person)).collect()
    } else {
        vec![person]
    }))
}
