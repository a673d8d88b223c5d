import { describe, expect, it } from 'vitest';
import type { Alert } from '../lib/bindings/Alert';
import { earlierLine, groupByTicket } from './groups';

const alert = (id: number, ticket_id: number, due: Alert['due'], read = false): Alert => ({
  id,
  person_id: 1,
  ticket_id,
  due,
  title: `#${ticket_id} ${due}`,
  body: '',
  at: '2026-11-30T10:00:00Z',
  read,
});

describe('alerts grouped per ticket', () => {
  it('keeps the newest first and folds the older ones under it', () => {
    const groups = groupByTicket([
      alert(9, 1001, 'escalate'),
      alert(8, 1002, 'reminder', true),
      alert(7, 1001, 'warn', true),
      alert(5, 1001, 'idle'),
    ]);
    expect(groups.map((g) => [g.ticketId, g.latest.id, g.earlier.map((a) => a.id), g.unread])).toEqual([
      [1001, 9, [7, 5], [9, 5]],
      [1002, 8, [], []],
    ]);
    expect(earlierLine(groups[0]!)).toBe('2 earlier: near the mark, quiet');
    expect(earlierLine(groups[1]!)).toBeNull();
  });
});
