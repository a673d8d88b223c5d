//! The desk's calendar: its time zone and business day (a setting), the report periods read in
//! that time zone, and the promise a rep proposes to a caller. Pure.
//!
//! One time zone for the whole desk, so "November" gives the same figures at every workstation
//! and from the CLI. Existing desks are on UTC, which is what the CLI's dates always meant.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::policy::Policy;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// Where and when the desk works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hours {
    /// An IANA time zone name: "Europe/Berlin", "America/Chicago", "UTC".
    pub time_zone: String,
    /// The business day, in minutes after local midnight: 9:00 is 540, 17:30 is 1050.
    pub opens_minutes: u16,
    pub closes_minutes: u16,
}

impl Default for Hours {
    fn default() -> Self {
        Hours {
            time_zone: "UTC".into(),
            opens_minutes: 9 * 60,
            closes_minutes: 17 * 60 + 30,
        }
    }
}

impl Hours {
    pub fn check(&self) -> Result<()> {
        self.tz()?;
        if self.opens_minutes >= self.closes_minutes || self.closes_minutes > 24 * 60 {
            return Err(Error::Invalid(
                "the business day must open before it closes, within one day".into(),
            ));
        }
        Ok(())
    }

    pub fn tz(&self) -> Result<Tz> {
        self.time_zone.trim().parse().map_err(|_| {
            Error::Invalid(format!(
                "'{}' is not a time zone: use a name such as Europe/Berlin or UTC",
                crate::text::printable(&self.time_zone)
            ))
        })
    }

    /// In words, for the audit trail: "hours: Europe/Berlin, 09:00–17:30".
    pub fn describe(&self) -> String {
        format!(
            "hours: {}, {}–{}",
            self.time_zone,
            clock(self.opens_minutes),
            clock(self.closes_minutes)
        )
    }
}

/// "09:00" from minutes after midnight.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "17:30" as minutes after midnight.
pub fn parse_clock(s: &str) -> Result<u16> {
    let bad = || Error::Invalid(format!("'{}' is not a time of day such as 09:00", s.trim()));
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

// ---- report periods --------------------------------------------------------------------------

/// One end of a report period: a whole day in the desk's time zone, or an exact instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum Bound {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

/// Which period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PeriodSpec {
    ThisMonth,
    LastMonth,
    /// From the start of `from` to the end of `to`: a day bound includes that whole day.
    Range {
        from: Bound,
        to: Bound,
    },
}

/// A resolved period: [from, to), in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// The years a report's dates may name, and the longest period it covers (a decade's weeks
/// are a few hundred rows; a millennium's would be a report nobody reads, built for minutes).
const REPORT_YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;
const LONGEST_REPORT_DAYS: i64 = 3653;

impl Period {
    /// [from, to), which must not be empty, within `REPORT_YEARS` (give or take a day: a
    /// local midnight is another UTC year's at either end) and at most ten years long.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Period> {
        let day = Duration::days(1);
        for end in [
            from.checked_add_signed(day).unwrap_or(from),
            to.checked_sub_signed(day).unwrap_or(to),
        ] {
            in_report_years(end.year())?;
        }
        if from >= to {
            return Err(Error::Invalid(
                "the report's start must come before its end".into(),
            ));
        }
        if to - from > Duration::days(LONGEST_REPORT_DAYS) {
            return Err(Error::Invalid(
                "a report covers at most ten years: choose a shorter period".into(),
            ));
        }
        Ok(Period { from, to })
    }
}

fn in_report_years(year: i32) -> Result<()> {
    if REPORT_YEARS.contains(&year) {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{year} is not a year a report covers (1970 to 9999)"
    )))
}

impl PeriodSpec {
    /// The instants this period means in `tz`, with `now` for "this month".
    pub fn resolve(self, tz: Tz, now: DateTime<Utc>) -> Result<Period> {
        let today = now.with_timezone(&tz).date_naive();
        let first = today.with_day(1).expect("every month has a first day");
        let (from, to) = match self {
            PeriodSpec::ThisMonth => (Bound::Day(first), Bound::Day(month_end(first))),
            PeriodSpec::LastMonth => {
                let first = first
                    .checked_sub_months(chrono::Months::new(1))
                    .expect("a month before today exists");
                (Bound::Day(first), Bound::Day(month_end(first)))
            }
            PeriodSpec::Range { from, to } => (from, to),
        };
        for end in [from, to] {
            if let Bound::Day(d) = end {
                in_report_years(d.year())?;
            }
        }
        let from = match from {
            Bound::Day(d) => midnight(tz, d),
            Bound::At(t) => t,
        };
        let to = match to {
            Bound::Day(d) => midnight(tz, d.succ_opt().unwrap_or(d)),
            Bound::At(t) => t,
        };
        Period::new(from, to)
    }
}

fn month_end(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first)
}

/// The first instant of a local day (a day that starts in a DST gap starts when it can).
fn midnight(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    local(tz, day.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// A local time as an instant: the earlier of two in a fold, the first after a gap.
fn local(tz: Tz, at: NaiveDateTime) -> DateTime<Utc> {
    let mut at = at;
    loop {
        if let Some(t) = tz.from_local_datetime(&at).earliest() {
            return t.with_timezone(&Utc);
        }
        at += Duration::minutes(15);
    }
}

// ---- the promise to a caller ------------------------------------------------------------------

/// Where a promised time stands against the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PromiseCheck {
    Ok,
    /// Not in the future.
    Past,
    /// After the escalation mark: an executive will have it before the customer hears back.
    AfterMark,
}

/// What the intake screen shows about the promise: the one to propose, the mark it must beat,
/// and, for a time the rep typed, where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PromiseAdvice {
    pub proposed: DateTime<Utc>,
    /// The escalation mark of a ticket taken in now.
    pub mark: DateTime<Utc>,
    pub check: Option<PromiseCheck>,
}

/// The promise to propose for a call taken at `now`:
/// - never later than the mark minus a margin (an hour, or a quarter of a short policy), so the
///   owner answers before an executive has to;
/// - inside the business day when it can be: the latest end of day (or in-hours quarter hour)
///   that is at least two hours away (less for short policies);
/// - otherwise simply that latest moment.
pub fn propose(now: DateTime<Utc>, policy: &Policy, hours: &Hours) -> Result<DateTime<Utc>> {
    let tz = hours.tz()?;
    let window = policy.escalate_after_ms().max(MINUTE);
    let margin = HOUR.min(window / 4);
    let min_lead = (2 * HOUR).min(window / 2);
    let exact_latest = now + Duration::milliseconds(window - margin);
    let latest = quarter_floor(tz, exact_latest);
    let earliest = now + Duration::milliseconds(min_lead);
    if latest < earliest {
        // A very short policy: no quarter hour fits, so promise the exact latest moment.
        return Ok(exact_latest.max(now + Duration::minutes(1)));
    }
    let local_latest = latest.with_timezone(&tz);
    let m = (local_latest.hour() * 60 + local_latest.minute()) as u16;
    if (hours.opens_minutes..=hours.closes_minutes).contains(&m) {
        return Ok(latest);
    }
    // Walk back day by day to the last close of business that still leaves enough time.
    let close_at = chrono::NaiveTime::from_num_seconds_from_midnight_opt(
        u32::from(hours.closes_minutes.min(24 * 60 - 1)) * 60,
        0,
    )
    .expect("a time within the day");
    let days = window / (24 * HOUR) + 1;
    for back in 0..=days {
        let day = local_latest.date_naive() - Duration::days(back);
        let close = local(tz, day.and_time(close_at));
        if close <= latest && close >= earliest {
            return Ok(close);
        }
        if close < earliest {
            break;
        }
    }
    Ok(latest)
}

/// The advice for a call taken at `now`, with where a typed time stands.
pub fn advise(
    now: DateTime<Utc>,
    policy: &Policy,
    hours: &Hours,
    typed: Option<DateTime<Utc>>,
) -> Result<PromiseAdvice> {
    Ok(PromiseAdvice {
        proposed: propose(now, policy, hours)?,
        mark: now + Duration::milliseconds(policy.escalate_after_ms()),
        check: typed.map(|at| check(at, now, policy)),
    })
}

/// Where `promise` stands for a call taken at `now`.
pub fn check(promise: DateTime<Utc>, now: DateTime<Utc>, policy: &Policy) -> PromiseCheck {
    if promise <= now {
        PromiseCheck::Past
    } else if promise > now + Duration::milliseconds(policy.escalate_after_ms()) {
        PromiseCheck::AfterMark
    } else {
        PromiseCheck::Ok
    }
}

/// Floors an instant to the quarter hour of its local time.
fn quarter_floor(tz: Tz, t: DateTime<Utc>) -> DateTime<Utc> {
    let l = t.with_timezone(&tz);
    let floored = l
        .date_naive()
        .and_hms_opt(l.hour(), l.minute() - l.minute() % 15, 0)
        .expect("a valid time");
    tz.from_local_datetime(&floored)
        .earliest()
        .map_or(t, |f| f.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(tz: &str) -> Hours {
        Hours {
            time_zone: tz.into(),
            ..Hours::default()
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn policy(minutes: u32) -> Policy {
        Policy {
            escalate_after_minutes: minutes,
            warn_lead_minutes: minutes / 5,
            ..Policy::default()
        }
    }

    #[test]
    fn a_month_is_the_desks_month() {
        let now = utc("2026-11-15T12:00:00Z");
        let utc_month = PeriodSpec::ThisMonth.resolve(chrono_tz::UTC, now).unwrap();
        assert_eq!(utc_month.from, utc("2026-11-01T00:00:00Z"));
        assert_eq!(utc_month.to, utc("2026-12-01T00:00:00Z"));
        let berlin = PeriodSpec::ThisMonth
            .resolve(chrono_tz::Europe::Berlin, now)
            .unwrap();
        assert_eq!(berlin.from, utc("2026-10-31T23:00:00Z"));
        assert_eq!(berlin.to, utc("2026-11-30T23:00:00Z"));
        let last = PeriodSpec::LastMonth.resolve(chrono_tz::UTC, now).unwrap();
        assert_eq!(
            (last.from, last.to),
            (utc("2026-10-01T00:00:00Z"), utc("2026-11-01T00:00:00Z"))
        );
        // Days include the whole last day; instants are exact; backwards is refused.
        let day = |s: &str| Bound::Day(s.parse().unwrap());
        let range = PeriodSpec::Range {
            from: day("2026-11-03"),
            to: day("2026-11-03"),
        };
        let p = range.resolve(chrono_tz::America::Chicago, now).unwrap();
        assert_eq!(
            (p.from, p.to),
            (utc("2026-11-03T06:00:00Z"), utc("2026-11-04T06:00:00Z"))
        );
        let backwards = PeriodSpec::Range {
            from: day("2026-11-04"),
            to: Bound::At(utc("2026-11-03T00:00:00Z")),
        };
        assert!(backwards.resolve(chrono_tz::UTC, now).is_err());
    }

    #[test]
    fn hours_are_checked() {
        assert!(Hours::default().check().is_ok());
        assert!(hours("Mars/Olympus").check().is_err());
        let backwards = Hours {
            opens_minutes: 600,
            closes_minutes: 540,
            ..Hours::default()
        };
        assert!(backwards.check().is_err());
        assert_eq!(parse_clock("17:30").unwrap(), 1050);
        assert!(parse_clock("25:00").is_err() && parse_clock("9").is_err());
        assert_eq!(clock(540), "09:00");
    }

    #[test]
    fn promises_land_before_the_mark_and_in_the_business_day() {
        let p = policy(20 * 60);
        // 9:00 in Berlin: the mark is 05:00 next day; the last close before it is 17:30 today.
        let now = utc("2026-11-03T08:00:00Z");
        let proposed = propose(now, &p, &hours("Europe/Berlin")).unwrap();
        assert_eq!(proposed, utc("2026-11-03T16:30:00Z"));
        // 15:00 UTC on a UTC desk: the mark is 11:00 next day, an hour's margin: 10:00.
        let afternoon = utc("2026-11-03T15:00:00Z");
        assert_eq!(
            propose(afternoon, &p, &hours("UTC")).unwrap(),
            utc("2026-11-04T10:00:00Z")
        );
        // A short policy: a quarter of it as margin, on the quarter hour.
        let short = propose(now, &policy(60), &hours("UTC")).unwrap();
        assert_eq!(short, utc("2026-11-03T08:45:00Z"));
        // Very short: no quarter hour fits.
        let tiny = propose(now, &policy(4), &hours("UTC")).unwrap();
        assert_eq!(tiny, utc("2026-11-03T08:03:00Z"));
        for at in [proposed, short, tiny] {
            assert_eq!(check(at, now, &p), PromiseCheck::Ok);
        }
        assert_eq!(check(now, now, &p), PromiseCheck::Past);
        assert_eq!(
            check(now + Duration::hours(21), now, &p),
            PromiseCheck::AfterMark
        );
    }
}
