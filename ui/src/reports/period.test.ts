import { describe, expect, it } from 'vitest';
import { customPeriod, describePeriod, periodFor, toDateInput } from './period';

describe('periodFor', () => {
  it('leaves the months to the backend, which reads them in the desk’s time zone', () => {
    expect(periodFor('this-month', '', '')).toEqual({ type: 'this_month' });
    expect(periodFor('last-month', '', '')).toEqual({ type: 'last_month' });
  });

  it('sends custom dates as whole days', () => {
    expect(periodFor('custom', '2026-06-01', '2026-06-02')).toEqual({ type: 'range', from: '2026-06-01', to: '2026-06-02' });
    expect(customPeriod('2026-11-03', '2026-11-03')).toEqual({ type: 'range', from: '2026-11-03', to: '2026-11-03' });
  });

  it('explains what is wrong instead of asking the backend', () => {
    expect(customPeriod('', '2026-11-09')).toMatch(/start and an end/);
    expect(customPeriod('2026-11-10', '2026-11-09')).toMatch(/before the start/);
    expect(customPeriod('2026-02-30', '2026-03-01')).toMatch(/start and an end/);
    expect(customPeriod('03/11/2026', '2026-11-09')).toMatch(/start and an end/);
  });

  it('prints date inputs', () => {
    expect(toDateInput(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});

describe('a report’s period', () => {
  // November 2026 in Berlin (UTC+1 then), as the backend resolves it.
  const november = { from: '2026-10-31T23:00:00Z', to: '2026-11-30T23:00:00Z' };
  const week = { from: '2026-11-02T23:00:00Z', to: '2026-11-09T23:00:00Z' };

  it('names a whole month of the desk’s time zone by its name', () => {
    expect(describePeriod(november, 'Europe/Berlin')).toMatch(/2026/);
    expect(describePeriod(november, 'Europe/Berlin')).not.toMatch(/–/);
    // The same instants are not a whole month in UTC.
    expect(describePeriod(november, 'UTC')).toMatch(/–/);
  });

  it('shows a range with its last day included', () => {
    expect(describePeriod(week, 'Europe/Berlin')).toMatch(/3.*–.*9/);
  });
});
