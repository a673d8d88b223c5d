import { describe, expect, it } from 'vitest';
import type { Report } from '../lib/bindings/Report';
import type { Week } from '../lib/bindings/Week';
import { CHART_PEOPLE, chartsOf, isEmpty, solvedVersusPassed, weekLabel } from './charts';
import { person } from './fixtures';

function week(start: string, over: Partial<Week> = {}): Week {
  return {
    start,
    intake: 0,
    solved: 0,
    passed: 0,
    escalated: 0,
    delighted: 0,
    complaints: 0,
    promises_due: 0,
    promises_kept: 0,
    ...over,
  };
}

function report(people: Report['people'], weeks: Week[]): Report {
  return {
    from: '2026-11-01T00:00:00Z',
    to: '2026-12-01T00:00:00Z',
    scope: 'desk',
    people,
    teams: [],
    executives: [],
    delight: [],
    complaints: [],
    board: { compliments: 0, complaints: 0, entries: [] },
    preventions: [],
    repeats: [],
    weeks,
    time_to_solve: [
      { label: 'under 1 h', up_to_hours: 1, tickets: 2 },
      { label: 'over 20 h', up_to_hours: null, tickets: 1 },
    ],
    my_month: null,
    totals: {
      intake: 0,
      solved: 0,
      passed: 0,
      escalated: 0,
      delighted: 0,
      complaints: 0,
      promises_due: 0,
      promises_kept: 0,
      promises_kept_by_contact: 0,
      preventions: 0,
      repeats: 0,
      heard_back: 0,
      heard_back_by_promise: 0,
    },
    head: null,
  };
}

describe('charts', () => {
  it('shows the busiest people, each bar opening their tickets', () => {
    const many = Array.from({ length: CHART_PEOPLE + 3 }, (_, i) => person(i + 1, `P${i + 1}`, { solved: i, passed: 1 }));
    const spec = solvedVersusPassed(report([person(99, 'Idle'), ...many], []));
    expect(spec.labels).toHaveLength(CHART_PEOPLE);
    expect(spec.labels[0]).toBe(`P${CHART_PEOPLE + 3}`);
    expect(spec.labels).not.toContain('Idle');
    expect(spec.people?.[0]).toBe(CHART_PEOPLE + 3);
    expect(spec.series.map((s) => s.figure)).toEqual(['solved', 'passed']);
  });

  it('reads weeks in the desk’s time zone and says what missed', () => {
    const weeks = [week('2026-11-01T04:00:00Z', { promises_due: 5, promises_kept: 3, escalated: 2 })];
    expect(weekLabel(weeks[0]!, 'America/New_York')).toBe('Nov 1');
    expect(weekLabel(weeks[0]!, 'Asia/Tokyo')).toBe('Nov 1');
    expect(weekLabel(week('2026-10-31T23:00:00Z'), 'Europe/Berlin')).toBe('Nov 1');
    const all = chartsOf(report([], weeks), 'America/New_York');
    const promises = all.find((c) => c.id === 'promises')!;
    expect(promises.series.map((s) => s.data)).toEqual([[3], [2]]);
    expect(promises.summary).toBe('3 of 5 resolved tickets were resolved by the time promised.');
    expect(all.find((c) => c.id === 'escalations')!.summary).toBe('2 escalations over 1 week.');
    expect(all.find((c) => c.id === 'time-to-solve')!.summary).toBe('2 under 1 h, 1 over 20 h.');
  });

  it('knows when there is nothing to draw', () => {
    const none = chartsOf(report([], [week('2026-11-01T00:00:00Z')]));
    expect(none.filter((c) => c.id !== 'time-to-solve').every(isEmpty)).toBe(true);
    expect(isEmpty(none.find((c) => c.id === 'time-to-solve')!)).toBe(false);
  });
});
