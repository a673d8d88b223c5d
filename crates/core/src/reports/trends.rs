//! The report's trend: the period week by week, and how long tickets took to solve.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::ResolvedRow;
use crate::events::EventKind;
use crate::store::Figures;

pub const WEEK_MS: i64 = 7 * 86_400_000;

/// Seven days of the period from its start (the last one may be shorter).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Week {
    pub start: DateTime<Utc>,
    pub intake: u32,
    pub solved: u32,
    pub passed: u32,
    pub escalated: u32,
    /// Delighted customers and complaints, after a ticket and on the board.
    pub delighted: u32,
    pub complaints: u32,
    /// Tickets resolved that week, and of those how many by the time promised at intake.
    pub promises_due: u32,
    pub promises_kept: u32,
}

/// How many tickets were solved within a span of hours after intake.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Bucket {
    pub label: String,
    /// The span's end in hours (None: open-ended).
    pub up_to_hours: Option<u32>,
    pub tickets: u32,
}

/// Where the spans of time to solve end, in hours: the last is the escalation mark's default.
const SPANS: [u32; 4] = [1, 4, 8, 20];

/// Which week of the period an instant (ms) falls in.
pub fn week_of(from: DateTime<Utc>, at_ms: i64) -> i64 {
    (at_ms - from.timestamp_millis()).div_euclid(WEEK_MS)
}

pub fn weeks(from: DateTime<Utc>, to: DateTime<Utc>, f: &Figures) -> Vec<Week> {
    let span = (to - from).num_milliseconds();
    let count = ((span + WEEK_MS - 1) / WEEK_MS).max(1) as usize;
    let mut weeks: Vec<Week> = (0..count)
        .map(|i| Week {
            start: from + Duration::milliseconds(i as i64 * WEEK_MS),
            ..Week::default()
        })
        .collect();
    for (kind, by_week) in &f.weekly {
        for (&week, &n) in by_week {
            if let Some(w) = nth(&mut weeks, week) {
                match kind {
                    EventKind::Created => w.intake += n,
                    EventKind::Resolved => w.solved += n,
                    EventKind::Passed => w.passed += n,
                    EventKind::Escalated => w.escalated += n,
                    _ => {}
                }
            }
        }
    }
    for r in &f.resolved {
        if let Some(w) = nth(&mut weeks, week_of(from, r.resolved_at)) {
            w.promises_due += 1;
            w.promises_kept += u32::from(r.kept());
        }
    }
    let said = f
        .feedback
        .iter()
        .map(|e| (e.at, e.delighted))
        .chain(f.board_said.iter().copied());
    for (when, delighted) in said {
        if let Some(w) = nth(&mut weeks, week_of(from, when.timestamp_millis())) {
            w.delighted += u32::from(delighted);
            w.complaints += u32::from(!delighted);
        }
    }
    weeks
}

fn nth(weeks: &mut [Week], week: i64) -> Option<&mut Week> {
    weeks.get_mut(usize::try_from(week).ok()?)
}

/// The tickets resolved in the period by how long they took from intake.
pub fn time_to_solve(resolved: &[ResolvedRow]) -> Vec<Bucket> {
    let mut buckets: Vec<Bucket> = SPANS
        .iter()
        .enumerate()
        .map(|(i, &h)| Bucket {
            label: match i {
                0 => format!("under {h} h"),
                _ => format!("{}–{h} h", SPANS[i - 1]),
            },
            up_to_hours: Some(h),
            tickets: 0,
        })
        .chain(std::iter::once(Bucket {
            label: format!("over {} h", SPANS[SPANS.len() - 1]),
            up_to_hours: None,
            tickets: 0,
        }))
        .collect();
    for r in resolved {
        let took = r.resolved_at - r.created_at;
        let i = SPANS
            .iter()
            .position(|&h| took < i64::from(h) * 3_600_000)
            .unwrap_or(SPANS.len());
        buckets[i].tickets += 1;
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn weeks_cover_the_period_and_count_where_things_fell() {
        let from = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let mut f = Figures::default();
        f.weekly
            .insert(EventKind::Created, [(0, 3), (4, 1), (9, 7)].into());
        let day = |d: i64| from.timestamp_millis() + d * 86_400_000;
        f.resolved.push(ResolvedRow {
            ticket: 1,
            owner: 1,
            created_at: day(6),
            resolved_at: day(8),
            first_promise_at: None,
            promise_at: day(9),
            promise_broken: false,
            confirmed_at: None,
        });
        let w = weeks(from, to, &f);
        assert_eq!(w.len(), 5, "30 days are four weeks and two days");
        assert_eq!(w[4].start, from + Duration::days(28));
        assert_eq!((w[0].intake, w[4].intake), (3, 1), "week 9 is outside");
        assert_eq!((w[1].promises_due, w[1].promises_kept), (1, 1));
        let took = time_to_solve(&f.resolved);
        assert_eq!(took.len(), 5);
        assert_eq!(took[4].label, "over 20 h");
        assert_eq!(took[4].tickets, 1, "two days");
        assert_eq!(took[1].label, "1–4 h");
    }
}
