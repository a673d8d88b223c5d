import { describe, expect, it } from 'vitest';
import {
  customPeriod,
  describePeriod,
  lastMonth,
  monthPeriod,
  parseLocalDate,
  periodFor,
  thisMonth,
  toDateInput,
} from './period';

const local = (y: number, m: number, d: number) => new Date(y, m, d).toISOString().replace('.000Z', 'Z');

describe('months', () => {
  it('runs from local midnight on the 1st to the next 1st, in UTC', () => {
    expect(monthPeriod(2026, 10)).toEqual({ from: local(2026, 10, 1), to: local(2026, 11, 1) });
  });

  it('knows this month and last month, across a year boundary', () => {
    const now = new Date(2026, 0, 15, 10).getTime();
    expect(thisMonth(now)).toEqual({ from: local(2026, 0, 1), to: local(2026, 1, 1) });
    expect(lastMonth(now)).toEqual({ from: local(2025, 11, 1), to: local(2026, 0, 1) });
  });

  it('sends instants the backend parses as RFC 3339', () => {
    const p = thisMonth(Date.now());
    expect(p.from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(p.to)).toBeGreaterThan(Date.parse(p.from));
  });
});

describe('custom dates', () => {
  it('includes both whole days', () => {
    expect(customPeriod('2026-11-03', '2026-11-09')).toEqual({ from: local(2026, 10, 3), to: local(2026, 10, 10) });
    expect(customPeriod('2026-11-03', '2026-11-03')).toEqual({ from: local(2026, 10, 3), to: local(2026, 10, 4) });
    expect(customPeriod('2026-12-31', '2026-12-31')).toEqual({ from: local(2026, 11, 31), to: local(2027, 0, 1) });
  });

  it('explains what is wrong instead of asking the backend', () => {
    expect(customPeriod('', '2026-11-09')).toMatch(/start and an end/);
    expect(customPeriod('2026-11-10', '2026-11-09')).toMatch(/before the start/);
    expect(customPeriod('2026-02-30', '2026-03-01')).toMatch(/start and an end/);
  });

  it('parses and prints date inputs', () => {
    expect(parseLocalDate('2026-11-03')?.getDate()).toBe(3);
    expect(parseLocalDate('2026-11-31')).toBeNull();
    expect(parseLocalDate('03/11/2026')).toBeNull();
    expect(toDateInput(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('picks the period for each choice', () => {
    const now = new Date(2026, 5, 10).getTime();
    expect(periodFor('this-month', now, '', '')).toEqual(thisMonth(now));
    expect(periodFor('last-month', now, '', '')).toEqual(lastMonth(now));
    expect(periodFor('custom', now, '2026-06-01', '2026-06-02')).toEqual(customPeriod('2026-06-01', '2026-06-02'));
  });
});

describe('describePeriod', () => {
  it('names a whole month by its name', () => {
    expect(describePeriod(monthPeriod(2026, 10))).toMatch(/2026/);
    expect(describePeriod(monthPeriod(2026, 10))).not.toMatch(/–/);
  });

  it('shows a custom range with its last day included', () => {
    const p = customPeriod('2026-11-03', '2026-11-09');
    if (typeof p === 'string') throw new Error(p);
    const shown = describePeriod(p);
    expect(shown).toMatch(/3.*–.*9/);
  });
});
