/**
 * The desk's hours as the Settings form shows them: times of day as `<input type="time">` values,
 * and the time zones to suggest. The core checks the hours themselves.
 */

const DAY_MINUTES = 24 * 60;

const pad = (n: number) => String(n).padStart(2, '0');

/** Minutes after midnight as a time input's value: 540 → "09:00"; the day's end, 1440, → "00:00". */
export function toClock(minutes: number): string {
  const m = minutes % DAY_MINUTES;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** A time input's value ("17:30") as minutes after midnight, or null when it is not a time. */
export function fromClock(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** A closing time as minutes after midnight: closing at "00:00" means at the end of the day. */
export function closingMinutes(value: string): number | null {
  const m = fromClock(value);
  return m === 0 ? DAY_MINUTES : m;
}

/** IANA names to suggest: the engine's own list where it has one, and UTC, which it may leave out. */
export function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes('UTC') ? known : ['UTC', ...known];
}
