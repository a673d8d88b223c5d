/**
 * Report periods: calendar months and custom date ranges in the viewer's local time, sent to the
 * backend as RFC 3339 instants in UTC, start included and end excluded.
 */

export interface Period {
  /** RFC 3339, UTC. */
  from: string;
  /** RFC 3339, UTC; excluded. */
  to: string;
}

export type PeriodChoice = 'this-month' | 'last-month' | 'custom';

const utc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The calendar month `monthIndex` (0-11, may run over: 12 is next January) of `year`. */
export function monthPeriod(year: number, monthIndex: number): Period {
  return { from: utc(new Date(year, monthIndex, 1)), to: utc(new Date(year, monthIndex + 1, 1)) };
}

export function thisMonth(nowMs: number): Period {
  const now = new Date(nowMs);
  return monthPeriod(now.getFullYear(), now.getMonth());
}

export function lastMonth(nowMs: number): Period {
  const now = new Date(nowMs);
  return monthPeriod(now.getFullYear(), now.getMonth() - 1);
}

/** A `YYYY-MM-DD` (an `<input type=date>` value) as local midnight, or null if it is not a real date. */
export function parseLocalDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

/** A local date as `YYYY-MM-DD`, for date inputs. */
export function toDateInput(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

/**
 * Two dates, both whole days included: from the first's local midnight to the midnight after
 * the second. An error message when they make no period.
 */
export function customPeriod(fromDay: string, toDay: string): Period | string {
  const from = parseLocalDate(fromDay);
  const to = parseLocalDate(toDay);
  if (!from || !to) return 'Pick a start and an end date.';
  if (to < from) return 'The end date comes before the start date.';
  const after = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1);
  return { from: utc(from), to: utc(after) };
}

/** The period a choice stands for; custom dates may be wrong, and then the message says why. */
export function periodFor(
  choice: PeriodChoice,
  nowMs: number,
  fromDay: string,
  toDay: string,
): Period | string {
  switch (choice) {
    case 'this-month':
      return thisMonth(nowMs);
    case 'last-month':
      return lastMonth(nowMs);
    case 'custom':
      return customPeriod(fromDay, toDay);
  }
}

const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** "November 2026", or "3 Nov 2026 – 9 Nov 2026" (the end shown as the last day included). */
export function describePeriod(p: Period): string {
  const from = new Date(p.from);
  const lastDay = new Date(new Date(p.to).getTime() - 1);
  const wholeMonth =
    from.getDate() === 1 &&
    from.getHours() === 0 &&
    new Date(p.to).getDate() === 1 &&
    lastDay.getMonth() === from.getMonth() &&
    lastDay.getFullYear() === from.getFullYear();
  return wholeMonth ? monthName.format(from) : `${day.format(from)} – ${day.format(lastDay)}`;
}
