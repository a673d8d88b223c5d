import { describe, expect, it } from 'vitest';
import { ANY, RECENT_DAYS, countLine, narrowed, toFilter } from './filters';

describe('the list filters', () => {
  it('shows open tickets and the last week of resolved ones by default', () => {
    expect(toFilter(ANY)).toEqual({ resolved_within_days: RECENT_DAYS });
    expect(narrowed(ANY)).toBe(false);
  });

  it('asks for only what is chosen', () => {
    expect(toFilter({ ...ANY, shown: 'open' })).toEqual({ status: 'open' });
    expect(toFilter({ shown: 'recent', category: 3, owner: 9, promise: 'missed' })).toEqual({
      status: 'resolved',
      resolved_within_days: RECENT_DAYS,
      category_id: 3,
      owner_id: 9,
      promise: 'missed',
    });
    expect(narrowed({ ...ANY, owner: 9 })).toBe(true);
  });

  it('counts every ticket that matches', () => {
    expect(countLine(1)).toBe('1 ticket');
    expect(countLine(12345)).toBe(`${(12345).toLocaleString()} tickets`);
  });
});
