/**
 * Time left to a ticket's escalation mark, as the queue screens show it, and the mark's name.
 * Everything takes `now` as an argument; nothing here reads the clock.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** An instant as the backend sends it (RFC 3339 string), a Date, or epoch milliseconds. */
export type Instant = string | number | Date;

export function toEpochMs(instant: Instant): number {
  const ms =
    typeof instant === 'number'
      ? instant
      : instant instanceof Date
        ? instant.getTime()
        : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return ms;
}

/** A non-negative span, floored to the minute: "<1m", "42m", "3h 12m", "5h", "2d 4h". */
export function formatSpan(ms: number): string {
  if (ms < MINUTE_MS) return '<1m';
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)}m`;
  if (ms < DAY_MS) {
    const h = Math.floor(ms / HOUR_MS);
    const m = Math.floor((ms % HOUR_MS) / MINUTE_MS);
    return m === 0 ? `${h}h` : `${h}h ${m}m`;
  }
  const d = Math.floor(ms / DAY_MS);
  const h = Math.floor((ms % DAY_MS) / HOUR_MS);
  return h === 0 ? `${d}d` : `${d}d ${h}h`;
}

/**
 * Milliseconds left until a deadline, for a chip: "3h 12m", or "overdue 1h"
 * once it has passed. Floors, so a chip never promises more time than there is.
 */
export function formatTimeLeft(msLeft: number): string {
  if (!Number.isFinite(msLeft)) return '—';
  return msLeft >= 0 ? formatSpan(msLeft) : `overdue ${formatSpan(-msLeft)}`;
}

export type ChipTone = 'neutral' | 'amber' | 'red';

/**
 * The colour of a ticket's time-left chip: red once escalated (or past the mark
 * and not yet swept), amber inside the warning window, neutral otherwise.
 */
export function chipTone(
  dueAt: Instant,
  warnLeadMs: number,
  escalatedAt: Instant | null | undefined,
  now: Instant,
): ChipTone {
  if (escalatedAt !== null && escalatedAt !== undefined) return 'red';
  const left = toEpochMs(dueAt) - toEpochMs(now);
  if (left <= 0) return 'red';
  if (left <= warnLeadMs) return 'amber';
  return 'neutral';
}

/**
 * The policy's escalation mark in words, as the backend's alerts name it: "20-hour mark" for
 * whole hours, else "90-minute mark".
 */
export function markName(escalateAfterMinutes: number): string {
  return escalateAfterMinutes % 60 === 0
    ? `${escalateAfterMinutes / 60}-hour mark`
    : `${escalateAfterMinutes}-minute mark`;
}

/** Fixed text, or text that names the escalation mark, which the policy sets. */
export type Wording = string | ((mark: string) => string);

export function worded(text: Wording, mark: string): string {
  return typeof text === 'string' ? text : text(mark);
}
