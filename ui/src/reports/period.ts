/**
 * Report periods: this month, last month, or a range of whole days. The backend reads them in the
 * desk's time zone and answers with the instants they cover; the UI only checks that custom dates
 * make a range, and describes the instants a report covers.
 */
import type { PeriodSpec } from '../lib/bindings/PeriodSpec';
import type { Report } from '../lib/bindings/Report';

export type PeriodChoice = 'this-month' | 'last-month' | 'custom';

const pad = (n: number) => String(n).padStart(2, '0');

/** Whether a `YYYY-MM-DD` (an `<input type=date>` value) is a date the calendar has. */
function isDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // 2026-02-30 rolls over to March.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A local date as `YYYY-MM-DD`, for date inputs. */
export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Two days, both included; an error message when they make no period. */
export function customPeriod(fromDay: string, toDay: string): PeriodSpec | string {
  if (!isDay(fromDay) || !isDay(toDay)) return 'Pick a start and an end date.';
  // `YYYY-MM-DD` strings sort as the days do.
  if (toDay < fromDay) return 'The end date comes before the start date.';
  return { type: 'range', from: fromDay, to: toDay };
}

/** The period a choice stands for; custom dates may be wrong, and then the message says why. */
export function periodFor(choice: PeriodChoice, fromDay: string, toDay: string): PeriodSpec | string {
  switch (choice) {
    case 'this-month':
      return { type: 'this_month' };
    case 'last-month':
      return { type: 'last_month' };
    case 'custom':
      return customPeriod(fromDay, toDay);
  }
}

/** The calendar day and clock of an instant in `timeZone` (this machine's when not given). */
function wallClock(ms: number, timeZone: string | undefined) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/**
 * "November 2026", or "3 Nov 2026 – 9 Nov 2026" (the end shown as the last day included), read in
 * `timeZone`: the desk's, in which the backend chose the instants.
 */
export function describePeriod(r: Pick<Report, 'from' | 'to'>, timeZone?: string): string {
  const from = Date.parse(r.from);
  const to = Date.parse(r.to);
  const [start, end, last] = [wallClock(from, timeZone), wallClock(to, timeZone), wallClock(to - 1, timeZone)];
  const firstMidnight = (w: typeof start) => w.day === 1 && w.hour === 0 && w.minute === 0;
  const wholeMonth =
    firstMidnight(start) && firstMidnight(end) && last.month === start.month && last.year === start.year;
  if (wholeMonth) return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone }).format(from);
  const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  return `${day.format(from)} – ${day.format(to - 1)}`;
}
