import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, chipTone, formatTimeLeft, markName, toEpochMs, worded } from './time';

describe('formatTimeLeft', () => {
  it.each([
    [0, '<1m'],
    [59_999, '<1m'],
    [MINUTE_MS, '1m'],
    [42 * MINUTE_MS + 59_000, '42m'],
    [HOUR_MS, '1h'],
    [3 * HOUR_MS + 12 * MINUTE_MS, '3h 12m'],
    [3 * HOUR_MS + 12 * MINUTE_MS + 59_999, '3h 12m'],
    [19 * HOUR_MS + 59 * MINUTE_MS, '19h 59m'],
    [DAY_MS, '1d'],
    [2 * DAY_MS + 4 * HOUR_MS + 30 * MINUTE_MS, '2d 4h'],
  ])('%d ms left reads %s', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });

  it.each([
    [-1, 'overdue <1m'],
    [-HOUR_MS, 'overdue 1h'],
    [-(HOUR_MS + 5 * MINUTE_MS), 'overdue 1h 5m'],
    [-(26 * HOUR_MS), 'overdue 1d 2h'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });

  it('does not pretend to know a time it was not given', () => {
    expect(formatTimeLeft(Number.NaN)).toBe('—');
    expect(formatTimeLeft(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('chipTone', () => {
  const due = '2026-11-23T06:00:00Z';
  const warn = 2 * HOUR_MS;
  const at = (iso: string) => new Date(iso);

  it('is neutral well before the mark', () => {
    expect(chipTone(due, warn, null, at('2026-11-22T10:00:00Z'))).toBe('neutral');
  });

  it('turns amber exactly when the warning window opens', () => {
    expect(chipTone(due, warn, null, at('2026-11-23T03:59:59.999Z'))).toBe('neutral');
    expect(chipTone(due, warn, null, at('2026-11-23T04:00:00Z'))).toBe('amber');
    expect(chipTone(due, warn, undefined, at('2026-11-23T05:59:59Z'))).toBe('amber');
  });

  it('is red at the mark even before the sweep escalates it', () => {
    expect(chipTone(due, warn, null, at('2026-11-23T06:00:00Z'))).toBe('red');
  });

  it('is red once escalated, whatever the clock says', () => {
    expect(chipTone(due, warn, '2026-11-23T06:00:01Z', at('2026-11-22T10:00:00Z'))).toBe('red');
  });

  it('accepts epoch milliseconds and Dates as well as RFC 3339 strings', () => {
    const dueMs = toEpochMs(due);
    expect(chipTone(dueMs, warn, null, dueMs - HOUR_MS)).toBe('amber');
    expect(chipTone(new Date(dueMs), warn, null, new Date(dueMs - 3 * HOUR_MS))).toBe('neutral');
  });

  it('rejects an unreadable instant instead of guessing', () => {
    expect(() => chipTone('yesterday-ish', warn, null, Date.now())).toThrow(RangeError);
  });
});

describe('markName', () => {
  it('names whole hours in hours, anything else in minutes', () => {
    expect(markName(20 * 60)).toBe('20-hour mark');
    expect(markName(60)).toBe('1-hour mark');
    expect(markName(90)).toBe('90-minute mark');
  });

  it('fills it into text that names it', () => {
    expect(worded((mark) => `before the ${mark}`, markName(20 * 60))).toBe('before the 20-hour mark');
    expect(worded('plain', markName(90))).toBe('plain');
  });
});
