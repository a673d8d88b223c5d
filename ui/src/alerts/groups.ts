/** The bell's alerts grouped per ticket: one line each, newest ticket activity first. */
import type { Alert } from '../lib/bindings/Alert';

export interface AlertGroup {
  ticketId: number;
  /** The newest alert about the ticket: what the line says. */
  latest: Alert;
  /** The older ones, newest first. */
  earlier: Alert[];
  /** The unread ones' ids: opening the group reads them all. */
  unread: number[];
}

/** `alerts` newest first (as the backend lists them) → one group per ticket, in that order. */
export function groupByTicket(alerts: readonly Alert[]): AlertGroup[] {
  const groups = new Map<number, AlertGroup>();
  for (const a of alerts) {
    const g = groups.get(a.ticket_id);
    if (g) g.earlier.push(a);
    else groups.set(a.ticket_id, { ticketId: a.ticket_id, latest: a, earlier: [], unread: [] });
    if (!a.read) groups.get(a.ticket_id)!.unread.push(a.id);
  }
  return [...groups.values()];
}

/** "2 earlier: Near the mark, Reminder" */
export function earlierLine(g: AlertGroup): string | null {
  if (g.earlier.length === 0) return null;
  const kinds = [...new Set(g.earlier.map((a) => DUE_WORD[a.due]))];
  return `${g.earlier.length} earlier: ${kinds.join(', ')}`;
}

const DUE_WORD: Record<Alert['due'], string> = {
  warn: 'near the mark',
  escalate: 'escalated',
  reminder: 'reminder',
  idle: 'quiet',
  handed: 'passed or assigned',
  promise: 'promise due',
};
