import { describe, expect, it } from 'vitest';
import { historyStatus, historyWhen } from './history';

describe("a customer's earlier ticket", () => {
  const now = new Date(2026, 10, 24, 20, 0).toISOString();
  const opened = new Date(2026, 10, 20, 9, 5).toISOString();
  const closed = new Date(2026, 10, 24, 14, 5).toISOString();

  it('says open, resolved, or which ticket it was merged into', () => {
    expect(historyStatus({ status: 'open', merged_into: null })).toBe('Open');
    expect(historyStatus({ status: 'resolved', merged_into: null })).toBe('Resolved');
    expect(historyStatus({ status: 'resolved', merged_into: 1013 })).toBe('Merged into #1013');
  });

  it('says which date it shows', () => {
    expect(historyWhen({ status: 'open', created_at: opened, resolved_at: null }, now)).toMatch(/^opened .*20/);
    const shown = historyWhen({ status: 'resolved', created_at: opened, resolved_at: closed }, now);
    expect(shown).toMatch(/^closed /);
    expect(shown).not.toMatch(/20/);
  });
});
