/**
 * How instants read on Baton's screens: always the viewer's local time and locale, and one
 * style everywhere ("Tue 24 Nov, 2:05 PM" / "2:05 PM"; a 24-hour locale gets "14:05"). Every
 * function takes what it formats (and `now` when relative); nothing reads the clock. Only the
 * line read aloud to a caller words times its own way (`intake/promise`).
 */
import { toEpochMs, type Instant } from '../lib/time';

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
});

const dateTimeYear = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** "24 Nov, 2:05 PM": a list's cell, where the weekday would crowd out the time. */
const dayTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
});

const dayOnly = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** "2:05 PM" (or "14:05"). */
export function formatTime(instant: Instant): string {
  return timeOnly.format(new Date(toEpochMs(instant)));
}

/** "24 Nov": a day in a list. */
export function formatDay(instant: Instant): string {
  return dayOnly.format(new Date(toEpochMs(instant)));
}

const dateOnly = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "Tue 24 Nov, 14:05" (with the year when it is not this year's). */
export function formatLocal(instant: Instant, now: Instant = instant): string {
  const d = new Date(toEpochMs(instant));
  const sameYear = d.getFullYear() === new Date(toEpochMs(now)).getFullYear();
  return (sameYear ? dateTime : dateTimeYear).format(d);
}

/** "14:05" today, "24 Nov, 14:05" another day this year, else as `formatLocal`. */
export function formatShort(instant: Instant, now: Instant): string {
  const d = new Date(toEpochMs(instant));
  const n = new Date(toEpochMs(now));
  if (d.getFullYear() !== n.getFullYear()) return formatLocal(instant, now);
  const today = d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  return (today ? timeOnly : dayTime).format(d);
}

/** "24 Nov 2026". */
export function formatDate(instant: Instant): string {
  return dateOnly.format(new Date(toEpochMs(instant)));
}

/** "account_number" → "Account number": a field's label when its category no longer names it. */
export function labelForKey(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}
