/**
 * How instants read on Baton's screens: always the viewer's local time and locale.
 * Every function takes what it formats (and `now` when relative); nothing reads the clock.
 */
import { toEpochMs, type Instant } from '../lib/time';

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

const dateTimeYear = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

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

/** "14:05" today, else as `formatLocal`. */
export function formatShort(instant: Instant, now: Instant): string {
  const d = new Date(toEpochMs(instant));
  const n = new Date(toEpochMs(now));
  const today =
    d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  return today ? timeOnly.format(d) : formatLocal(instant, now);
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
