//! The report comes to them: on the first working day of a month, once the business day has
//! opened, managers and executives are told that last month's report is ready. Pure.

use chrono::{DateTime, Datelike, Months, NaiveDate, Timelike, Utc, Weekday};

use crate::calendar::Hours;
use crate::error::Result;
use crate::people::{Person, Role};

/// The first day of the month whose report is ready to announce at `now`, read in the desk's
/// hours: last month's, on the first weekday of this month from its opening time (and on any
/// later day, for a workstation that was off that morning), unless `announced` is that month.
pub fn ready(
    now: DateTime<Utc>,
    hours: &Hours,
    announced: Option<NaiveDate>,
) -> Result<Option<NaiveDate>> {
    let local = now.with_timezone(&hours.tz()?);
    let today = local.date_naive();
    let first = today.with_day(1).expect("every month has a first day");
    let last_month = first
        .checked_sub_months(Months::new(1))
        .expect("a month before this one exists");
    let minutes = local.hour() * 60 + local.minute();
    let day = first_weekday(first);
    let open = today > day || (today == day && minutes >= u32::from(hours.opens_minutes));
    Ok((open && announced != Some(last_month)).then_some(last_month))
}

/// The first Monday-to-Friday of the month beginning on `first`.
fn first_weekday(first: NaiveDate) -> NaiveDate {
    first
        .iter_days()
        .find(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .expect("a week has a weekday")
}

/// Who is told: the active managers and executives of `people`.
pub fn told(people: &[Person]) -> Vec<i64> {
    people
        .iter()
        .filter(|p| p.active && matches!(p.role, Role::Manager | Role::Executive))
        .map(|p| p.id)
        .collect()
}

/// The notification: "November's report is ready".
pub fn announcement(month: NaiveDate) -> (String, String) {
    let name = month.format("%B %Y");
    (
        format!("{name}: the month's report is ready"),
        format!(
            "Who solved the most, who passed the buck, what delighted customers and which fixes did not hold in {name}. Open it to read, export or print."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn hours(zone: &str) -> Hours {
        Hours {
            time_zone: zone.into(),
            opens_minutes: 9 * 60,
            closes_minutes: 17 * 60,
        }
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn month(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn on_the_first_weekday_once_the_day_opens() {
        let h = hours("UTC");
        // 1 December 2026 is a Tuesday.
        assert_eq!(ready(at(2026, 12, 1, 8, 59), &h, None).unwrap(), None);
        assert_eq!(
            ready(at(2026, 12, 1, 9, 0), &h, None).unwrap(),
            Some(month(2026, 11))
        );
        assert_eq!(
            ready(at(2026, 12, 1, 9, 0), &h, Some(month(2026, 11))).unwrap(),
            None,
            "told once"
        );
        // 1 August 2026 is a Saturday: Monday the 3rd is the first working day.
        assert_eq!(ready(at(2026, 8, 1, 10, 0), &h, None).unwrap(), None);
        assert_eq!(ready(at(2026, 8, 2, 10, 0), &h, None).unwrap(), None);
        assert_eq!(
            ready(at(2026, 8, 3, 9, 30), &h, None).unwrap(),
            Some(month(2026, 7))
        );
        // A workstation that was off that morning still tells them later in the month.
        assert_eq!(
            ready(at(2026, 8, 14, 7, 0), &h, None).unwrap(),
            Some(month(2026, 7))
        );
        // January's first working day announces December of the year before.
        assert_eq!(
            ready(at(2027, 1, 1, 9, 0), &h, None).unwrap(),
            Some(month(2026, 12))
        );
    }

    #[test]
    fn read_in_the_desks_time_zone() {
        // 22:30 UTC on 30 November is 09:30 on 1 December in Sydney.
        let now = at(2026, 11, 30, 22, 30);
        assert_eq!(
            ready(now, &hours("Australia/Sydney"), None).unwrap(),
            Some(month(2026, 11))
        );
        assert_eq!(
            ready(now, &hours("UTC"), Some(month(2026, 10))).unwrap(),
            None,
            "still November in UTC: its report comes in December"
        );
        let (title, body) = announcement(month(2026, 11));
        assert_eq!(title, "November 2026: the month's report is ready");
        assert!(body.contains("in November 2026"));
    }

    #[test]
    fn managers_and_executives_are_told() {
        let p = |id, role, active| Person {
            id,
            name: format!("P{id}"),
            role,
            reports_to: None,
            active,
            has_pin: true,
        };
        let people = [
            p(1, Role::Executive, true),
            p(2, Role::Manager, true),
            p(3, Role::Lead, true),
            p(4, Role::Rep, true),
            p(5, Role::Manager, false),
        ];
        assert_eq!(told(&people), [1, 2]);
    }
}
