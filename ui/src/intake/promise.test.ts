import { describe, expect, it } from 'vitest';
import {
  checkPromise,
  clockTime,
  fromLocalInput,
  proposePromise,
  spokenWhen,
  toLocalInput,
  toRfc3339,
} from './promise';

// Local times, so the tests read the same in any time zone: Tuesday 3 November 2026.
const at = (h: number, m = 0, day = 3) => new Date(2026, 10, day, h, m);
const TWENTY_HOURS = 20 * 60;

describe('proposePromise', () => {
  it.each([
    // A morning call: the mark is in the small hours, so promise the close of business today.
    [at(9, 0), at(17, 30)],
    [at(12, 0), at(17, 30)],
    // Late afternoon: tomorrow morning, still an hour before the mark, on the quarter hour.
    [at(16, 0), at(11, 0, 4)],
    [at(15, 40), at(10, 30, 4)],
    [at(14, 0), at(9, 0, 4)],
    // Late evening: the mark is past tomorrow's close, so tomorrow's close.
    [at(23, 0), at(17, 30, 4)],
    // The small hours: today's close.
    [at(1, 30), at(17, 30)],
  ])('a call at %s is promised %s', (now, expected) => {
    expect(proposePromise(now, TWENTY_HOURS)).toEqual(expected);
  });

  it('stays inside the policy for any hour of the day', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 7) {
      const now = at(0, minutes);
      const promise = proposePromise(now, TWENTY_HOURS).getTime();
      expect(promise).toBeGreaterThanOrEqual(now.getTime() + 2 * 3_600_000);
      expect(promise).toBeLessThanOrEqual(now.getTime() + 19 * 3_600_000);
    }
  });

  it('follows a shorter policy', () => {
    // Four hours: at 10:00 the mark is 14:00; an hour's margin gives 13:00, inside the day.
    expect(proposePromise(at(10, 0), 4 * 60)).toEqual(at(13, 0));
    // At 20:00 nothing in business hours fits: the latest moment before the margin.
    expect(proposePromise(at(20, 0), 4 * 60)).toEqual(at(23, 0));
  });

  it('is in the future even for a very short policy', () => {
    const now = at(10, 7);
    const promise = proposePromise(now, 10);
    expect(promise.getTime()).toBeGreaterThan(now.getTime());
    expect(promise.getTime()).toBeLessThanOrEqual(now.getTime() + 10 * 60_000);
  });
});

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

describe('checkPromise', () => {
  const now = at(10, 0);
  it('flags a missing, past or late promise', () => {
    expect(checkPromise(null, now, TWENTY_HOURS)).toBe('invalid');
    expect(checkPromise(at(9, 0), now, TWENTY_HOURS)).toBe('past');
    expect(checkPromise(at(7, 0, 4), now, TWENTY_HOURS)).toBe('after_mark');
    expect(checkPromise(at(17, 30), now, TWENTY_HOURS)).toBe('ok');
  });
});
