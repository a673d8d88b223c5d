/**
 * What the command palette offers for a query: tickets (from the backend's search), screens and
 * actions. Pure: the component fetches, this arranges.
 */
import type { CustomerMatch } from '../lib/bindings/CustomerMatch';
import type { ActionKind } from '../lib/bindings/ActionKind';
import type { Ticket } from '../lib/bindings/Ticket';
import type { Screen, ScreenId } from '../shell/screens';
import { offered } from '../ticket/actions';

export type PaletteItem =
  | { kind: 'customer'; id: string; customer: CustomerMatch }
  | { kind: 'ticket'; id: string; ticket: Ticket }
  | { kind: 'screen'; id: string; screen: ScreenId; label: string; key: string }
  | { kind: 'action'; id: string; action: ActionKind; label: string; key: string }
  | { kind: 'switch-user'; id: string; label: string };

/** `#1004`, `1004` or ` # 1004 ` → 1004; anything else → null. */
export function ticketNumber(query: string): number | null {
  const m = /^\s*#?\s*(\d{1,12})\s*$/.exec(query);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Whether the backend's search has anything to look for: a letter or digit. */
export function isSearchable(query: string): boolean {
  return /[\p{L}\p{N}]/u.test(query);
}

function matches(label: string, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const l = label.toLowerCase();
  return l.includes(q) || l.split(/\s+/).some((w) => q.split(/\s+/).every((p) => w.startsWith(p)));
}

const SWITCH_USER = 'Switch user';

/**
 * The rows, in order: the customers the query names (their files), then tickets, when the query
 * looks for them; then matching screens, then "Switch user". With no query: screens and actions
 * only.
 */
export function paletteItems(
  query: string,
  tickets: readonly Ticket[],
  screens: readonly Screen[],
  customers: readonly CustomerMatch[] = [],
  ticket: { number: number; kinds: readonly ActionKind[] } | null = null,
): PaletteItem[] {
  const items: PaletteItem[] = [
    ...customers.map((customer) => ({ kind: 'customer' as const, id: `customer-${customer.id}`, customer })),
    ...tickets.map((ticket) => ({ kind: 'ticket' as const, id: `ticket-${ticket.id}`, ticket })),
  ];
  // The open ticket's actions, as its buttons name them: "Resolve #1014".
  for (const a of ticket ? offered(ticket.kinds) : []) {
    const label = `${a.label} #${ticket!.number}`;
    if (matches(label, query) || matches(a.label, query)) {
      items.push({ kind: 'action', id: `action-${a.kind}`, action: a.kind, label, key: a.key.toUpperCase() });
    }
  }
  for (const s of screens) {
    if (matches(s.label, query) || matches(`go to ${s.label}`, query)) {
      items.push({ kind: 'screen', id: `screen-${s.id}`, screen: s.id, label: s.label, key: s.key });
    }
  }
  if (matches(SWITCH_USER, query) || matches('lock sign out', query)) {
    items.push({ kind: 'switch-user', id: 'switch-user', label: SWITCH_USER });
  }
  return items;
}

/** The next active row when moving by `step` (wrapping), or -1 when there are none. */
export function moveActive(current: number, step: number, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return step > 0 ? 0 : count - 1;
  return (((current + step) % count) + count) % count;
}
