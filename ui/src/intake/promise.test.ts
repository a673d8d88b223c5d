import { describe, expect, it } from 'vitest';
import { clockTime, fromLocalInput, spokenWhen, toLocalInput, toRfc3339 } from './promise';

// Local times, so the tests read the same in any time zone: Tuesday 3 November 2026.
const at = (h: number, m = 0, day = 3) => new Date(2026, 10, day, h, m);

describe('datetime-local values', () => {
  it('round-trips local time', () => {
    expect(toLocalInput(at(17, 30))).toBe('2026-11-03T17:30');
    expect(fromLocalInput('2026-11-03T17:30')).toEqual(at(17, 30));
    expect(fromLocalInput('2026-11-03T17:30:00')).toEqual(at(17, 30));
  });

  it('refuses what is not a time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
    expect(fromLocalInput('2026-02-31T10:00')).toBeNull();
  });

  it('sends UTC RFC 3339 to the backend', () => {
    const d = new Date(Date.UTC(2026, 10, 3, 16, 30));
    expect(toRfc3339(d)).toBe('2026-11-03T16:30:00Z');
  });
});

describe('spokenWhen', () => {
  const now = at(10, 0);
  it('says today, tomorrow, a weekday, or a date', () => {
    expect(spokenWhen(at(17, 30), now, 'en-US')).toBe('5:30 pm today');
    expect(spokenWhen(at(9, 0, 4), now, 'en-US')).toBe('9:00 am tomorrow');
    expect(spokenWhen(at(9, 0, 5), now, 'en-US')).toBe('9:00 am on Thursday');
    expect(spokenWhen(at(9, 0, 12), now, 'en-US')).toBe('9:00 am on Nov 12');
  });

  it('uses the locale clock', () => {
    expect(clockTime(at(17, 30), 'en-GB')).toBe('17:30');
  });
});
