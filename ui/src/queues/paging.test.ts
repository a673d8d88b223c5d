import { describe, expect, it } from 'vitest';
import type { Ticket } from '../lib/bindings/Ticket';
import { PAGE, PAGE_MAX, afterOf, pageFor } from './paging';

describe('paging', () => {
  it('starts the next page after the last ticket as it was listed', () => {
    const t = { id: 7, status: 'resolved', due_at: '2026-11-30T10:00:00Z', escalated_at: null } as Ticket;
    expect(afterOf(t)).toEqual({ id: 7, resolved: true, due_at: '2026-11-30T10:00:00Z', escalated_at: null });
  });

  it('reloads at least a page and at most what the backend gives', () => {
    expect(pageFor(0)).toBe(PAGE);
    expect(pageFor(350)).toBe(350);
    expect(pageFor(9000)).toBe(PAGE_MAX);
  });
});
