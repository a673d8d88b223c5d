/** A customer's earlier ticket as a line in their history (the ticket's aside, their file). */
import type { Instant } from '../lib/time';
import type { TicketSummary } from '../lib/bindings/TicketSummary';
import { formatShort } from '../queues/format';

/** "Open", "Resolved", or "Merged into #1013" (closed, but not solved on its own). */
export function historyStatus(t: Pick<TicketSummary, 'status' | 'merged_into'>): string {
  if (t.merged_into !== null) return `Merged into #${t.merged_into}`;
  return t.status === 'open' ? 'Open' : 'Resolved';
}

/** Which date the line shows, said: when it was opened, or when it was closed. */
export function historyWhen(t: Pick<TicketSummary, 'status' | 'created_at' | 'resolved_at'>, now: Instant): string {
  return t.status === 'resolved' && t.resolved_at !== null
    ? `closed ${formatShort(t.resolved_at, now)}`
    : `opened ${formatShort(t.created_at, now)}`;
}
