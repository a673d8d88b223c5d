/** Paging a queue: where the next page starts, and how many rows to ask for. */
import type { After } from '../lib/bindings/After';
import type { Ticket } from '../lib/bindings/Ticket';

/** Rows in one page: a few screens' worth. */
export const PAGE = 100;
/** The most the backend gives at once (the core's `Page::MAX`). */
export const PAGE_MAX = 5000;

/** The next page starts after `t` as it was listed, whatever became of it since. */
export function afterOf(t: Ticket): After {
  return { id: t.id, resolved: t.status === 'resolved', due_at: t.due_at, escalated_at: t.escalated_at };
}

/** A reload asks for as many rows as are shown, so the place in the list is kept. */
export function pageFor(shown: number): number {
  return Math.min(PAGE_MAX, Math.max(PAGE, shown));
}
