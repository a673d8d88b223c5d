import { describe, expect, it } from 'vitest';
import { formatDate, formatLocal, formatShort, formatTime, labelForKey } from './format';

describe('local time', () => {
  const at = new Date(2026, 10, 24, 14, 5).toISOString(); // 24 Nov 2026, 14:05 local

  it('shows day, month and time, and the year only when it differs', () => {
    const shown = formatLocal(at, at);
    expect(shown).toMatch(/24/);
    expect(shown).toMatch(/05/);
    expect(shown).not.toMatch(/2026/);
    expect(formatLocal(at, new Date(2027, 0, 2).toISOString())).toMatch(/2026/);
  });

  it('shows only the time for today', () => {
    const short = formatShort(at, new Date(2026, 10, 24, 20, 0).toISOString());
    expect(short).toMatch(/05/);
    expect(short).not.toMatch(/24/);
    const yesterday = formatShort(at, new Date(2026, 10, 25, 1, 0).toISOString());
    expect(yesterday).toMatch(/24/);
    // The day without its weekday, so a list's cell keeps the time.
    expect(yesterday).not.toMatch(/Tue/);
    expect(formatShort(at, new Date(2027, 0, 2).toISOString())).toMatch(/2026/);
  });

  it('formats a plain date', () => {
    expect(formatDate(at)).toMatch(/2026/);
  });
});

describe('labelForKey', () => {
  it.each([
    ['account_number', 'Account number'],
    ['modem-lights', 'Modem lights'],
    ['x', 'X'],
    ['', ''],
  ])('%s → %s', (key, label) => {
    expect(labelForKey(key)).toBe(label);
  });
});

describe('one style of time everywhere', () => {
  it('says the time the same way alone, in a date, and in a list', () => {
    const at = '2026-11-24T09:05:00Z';
    const time = formatTime(at);
    expect(formatLocal(at, at)).toContain(time);
    expect(formatShort(at, at)).toBe(time);
    expect(time).not.toMatch(/^0\d/);
  });
});
