//! The report's trend: the period week by week, and how long tickets took to solve.

use chrono::{DateTime, Days, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::ResolvedRow;
use crate::events::EventKind;
use crate::store::Figures;

/// The slices the stores count events in; a week's bounds in the desk's time zone fall on
/// them (even across a change of the clocks).
pub const QUARTER_HOUR_MS: i64 = 900_000;

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

/// The weeks' starts: `from`, then every seven days at the same wall-clock time in `tz` (a
/// week with a change of the clocks is an hour shorter or longer), before `to`.
fn starts(from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Vec<DateTime<Utc>> {
    let local = from.with_timezone(&tz).naive_local();
    (0..)
        .map(|i| {
            let wall = local + Days::new(7 * i);
            tz.from_local_datetime(&wall)
                .earliest()
                .map_or(from + Duration::days(7 * i as i64), |t| {
                    t.with_timezone(&Utc)
                })
        })
        .take_while(|start| *start < to)
        .collect()
}

pub fn weeks(from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz, f: &Figures) -> Vec<Week> {
    let mut weeks: Vec<Week> = starts(from, to, tz)
        .into_iter()
        .map(|start| Week {
            start,
            ..Week::default()
        })
        .collect();
    let bounds: Vec<i64> = weeks.iter().map(|w| w.start.timestamp_millis()).collect();
    // The week an instant (ms) of the period falls in.
    let end = to.timestamp_millis();
    let of = |at: i64| {
        (at < end)
            .then(|| bounds.partition_point(|&b| b <= at).checked_sub(1))
            .flatten()
    };
    for (kind, slices) in &f.quarter_hours {
        for (&slice, &n) in slices {
            let Some(w) = of(from.timestamp_millis() + slice * QUARTER_HOUR_MS) else {
                continue;
            };
            let w = &mut weeks[w];
            match kind {
                EventKind::Created => w.intake += n,
                EventKind::Resolved => w.solved += n,
                EventKind::Passed => w.passed += n,
                EventKind::Escalated => w.escalated += n,
                _ => {}
            }
        }
    }
    for r in &f.resolved {
        if let Some(w) = of(r.resolved_at) {
            weeks[w].promises_due += 1;
            weeks[w].promises_kept += u32::from(r.kept());
        }
    }
    let said = f
        .feedback
        .iter()
        .map(|e| (e.at, e.delighted))
        .chain(f.board_said.iter().copied());
    for (when, delighted) in said {
        if let Some(w) = of(when.timestamp_millis()) {
            weeks[w].delighted += u32::from(delighted);
            weeks[w].complaints += u32::from(!delighted);
        }
    }
    weeks
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
        // Quarter hours from the start: the first week, the fifth (day 28), and past the end.
        let q = |days: i64| days * 96;
        f.quarter_hours
            .insert(EventKind::Created, [(0, 3), (q(28), 1), (q(31), 7)].into());
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
        let w = weeks(from, to, chrono_tz::UTC, &f);
        assert_eq!(w.len(), 5, "30 days are four weeks and two days");
        assert_eq!(w[4].start, from + Duration::days(28));
        assert_eq!((w[0].intake, w[4].intake), (3, 1), "day 31 is outside");
        assert_eq!((w[1].promises_due, w[1].promises_kept), (1, 1));
        let took = time_to_solve(&f.resolved);
        assert_eq!(took.len(), 5);
        assert_eq!(took[4].label, "over 20 h");
        assert_eq!(took[4].tickets, 1, "two days");
        assert_eq!(took[1].label, "1–4 h");
    }

    #[test]
    fn weeks_start_at_local_midnight_across_a_change_of_the_clocks() {
        // October 2026 in Berlin: the clocks go back on the 25th, so that week is 169 hours.
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let local = |d| {
            berlin
                .with_ymd_and_hms(2026, 10, d, 0, 0, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        let (from, to) = (
            local(1),
            berlin
                .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
                .unwrap()
                .with_timezone(&Utc),
        );
        let mut f = Figures::default();
        // An intake at 23:30 local on 28 October: after the change, in the fifth week's eve.
        let late = local(28) - Duration::minutes(30);
        let slice = (late - from).num_milliseconds() / QUARTER_HOUR_MS;
        f.quarter_hours
            .insert(EventKind::Created, [(slice, 1)].into());
        let w = weeks(from, to, berlin, &f);
        let starts: Vec<_> = w
            .iter()
            .map(|w| {
                w.start
                    .with_timezone(&berlin)
                    .format("%d %H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(
            starts,
            ["01 00:00", "08 00:00", "15 00:00", "22 00:00", "29 00:00"]
        );
        assert_eq!(
            (w[3].intake, w[4].intake),
            (1, 0),
            "the 28th belongs to the fourth week"
        );
    }
}
