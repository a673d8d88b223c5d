/**
 * The promise made to the caller: when they will hear from us.
 *
 * Everything here takes `now` (and works in the machine's local time, as the rep reads it out);
 * nothing reads the clock. The backend stores the instant in UTC and refuses one in the past.
 */
import { MINUTE_MS, HOUR_MS, DAY_MS } from '../lib/time';

/** The working day a promise prefers to land in, in local minutes after midnight. */
export interface BusinessDay {
  /** Start of the day's window, e.g. 9:00 → 540. */
  opensAt: number;
  /** End of the day's window, e.g. 17:30 → 1050. */
  closesAt: number;
}

export const DEFAULT_DAY: BusinessDay = { opensAt: 9 * 60, closesAt: 17 * 60 + 30 };

function minutesOfDay(d: Date): number {
  return d.getHours() * 60 + d.getMinutes();
}

function atMinutes(day: Date, minutes: number): Date {
  const d = new Date(day);
  d.setHours(Math.floor(minutes / 60), minutes % 60, 0, 0);
  return d;
}

/** Promises are proposed on the quarter hour: floors to it in local time (offsets are whole quarter hours everywhere). */
function floorToStep(ms: number): number {
  const d = new Date(ms);
  d.setSeconds(0, 0);
  d.setMinutes(d.getMinutes() - (d.getMinutes() % 15));
  return d.getTime();
}

/**
 * The promise to propose for a call taken at `now`, with the policy's escalation mark
 * `escalateAfterMinutes` away:
 *
 * - never later than the mark minus a margin (an hour, or a quarter of a short policy), so the
 *   owner answers before an executive has to;
 * - inside the business day when it can be: the latest end-of-day (or in-hours quarter hour)
 *   that is at least two hours away (less for short policies);
 * - otherwise simply that latest moment.
 */
export function proposePromise(
  now: Date,
  escalateAfterMinutes: number,
  day: BusinessDay = DEFAULT_DAY,
): Date {
  const window = Math.max(1, escalateAfterMinutes) * MINUTE_MS;
  const margin = Math.min(HOUR_MS, window / 4);
  const minLead = Math.min(2 * HOUR_MS, window / 2);
  const exactLatest = now.getTime() + window - margin;
  const latest = floorToStep(exactLatest);
  const earliest = now.getTime() + minLead;

  if (latest >= earliest) {
    const latestDate = new Date(latest);
    const m = minutesOfDay(latestDate);
    if (m >= day.opensAt && m <= day.closesAt) return latestDate;
    // Walk back day by day to the last close of business that still leaves enough time.
    for (let back = 0; back <= Math.ceil(window / DAY_MS) + 1; back++) {
      const dayOf = new Date(latestDate);
      dayOf.setDate(dayOf.getDate() - back);
      const close = atMinutes(dayOf, day.closesAt);
      if (close.getTime() <= latest && close.getTime() >= earliest) return close;
      if (close.getTime() < earliest) break;
    }
    return latestDate;
  }
  // A very short policy: no quarter hour fits, so promise the exact latest moment.
  return new Date(Math.max(exactLatest, now.getTime() + MINUTE_MS));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A `datetime-local` input's value for an instant, in local time: `2026-11-03T17:30`. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a `datetime-local` value means in local time, or null when it is not one. */
export function fromLocalInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!, 0);
  // Reject rolled-over values such as 2026-02-31.
  if (date.getMonth() !== mo! - 1 || date.getDate() !== d!) return null;
  return date;
}

/** RFC 3339 in UTC, as the backend takes instants. */
export function toRfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "5:30 pm": the locale's clock time, with a quiet lower-case day period. */
export function clockTime(d: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' })
    .formatToParts(d)
    .map((p) => (p.type === 'dayPeriod' ? p.value.toLowerCase() : p.value))
    .join('')
    // ICU puts a narrow no-break space before "pm"; plain text reads (and searches) better.
    .replace(/[\u202f\u00a0]/g, ' ');
}

/**
 * When, as said to a caller: "5:30 pm today", "11:00 am tomorrow", "9:00 am on Thursday",
 * or "9:00 am on Nov 3" further out.
 */
export function spokenWhen(when: Date, now: Date, locale?: string): string {
  const time = clockTime(when, locale);
  // Calendar days apart, safe across daylight-saving changes.
  const days = Math.round((startOfDay(when) - startOfDay(now)) / DAY_MS);
  if (days === 0) return `${time} today`;
  if (days === 1) return `${time} tomorrow`;
  if (days > 1 && days < 7) {
    return `${time} on ${new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(when)}`;
  }
  const date = new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    ...(when.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
  }).format(when);
  return `${time} on ${date}`;
}

/** Where a promise stands against the policy, for a hint under the input. */
export type PromiseCheck = 'ok' | 'invalid' | 'past' | 'after_mark';

export function checkPromise(promise: Date | null, now: Date, escalateAfterMinutes: number): PromiseCheck {
  if (!promise) return 'invalid';
  if (promise.getTime() <= now.getTime()) return 'past';
  if (promise.getTime() > now.getTime() + escalateAfterMinutes * MINUTE_MS) return 'after_mark';
  return 'ok';
}
