import { describe, expect, it } from 'vitest';
import { badgeText, bellLabel, relativeTime } from './relative';

const now = Date.parse('2026-11-22T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('relativeTime', () => {
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [60_000, '1 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [23 * 3_600_000 + 59 * 60_000, '23 h ago'],
    [24 * 3_600_000, 'yesterday'],
    [47 * 3_600_000, 'yesterday'],
    [48 * 3_600_000, '2 days ago'],
  ])('%i ms ago reads %s', (ms, text) => {
    expect(relativeTime(ago(ms), now)).toBe(text);
  });

  it('treats a time slightly in the future as now', () => {
    expect(relativeTime(new Date(now + 5_000), now)).toBe('just now');
  });
});

describe('bell texts', () => {
  it('labels and caps the count', () => {
    expect(bellLabel(0)).toBe('Alerts, none unread');
    expect(bellLabel(3)).toBe('Alerts, 3 unread');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(150)).toBe('99+');
  });
});
