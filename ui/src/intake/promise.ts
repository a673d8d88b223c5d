/**
 * The promise made to the caller, as the rep types and reads it: when they will hear from us.
 * The rules (what to propose, what is too late) are the core's, through the `promise` command.
 *
 * Everything here takes `now` (and works in the machine's local time, as the rep reads it out);
 * nothing reads the clock. The backend stores the instant in UTC and refuses one in the past.
 */
import { DAY_MS } from '../lib/time';

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
