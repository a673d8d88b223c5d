/** The list of all tickets: what the filter bar's choices ask the backend for. */
import type { ListFilter } from '../lib/bindings/ListFilter';
import type { PromiseState } from '../lib/bindings/PromiseState';

/** Resolved tickets the list shows by default: those of the last week. */
export const RECENT_DAYS = 7;

export type Shown = 'open' | 'recent' | 'both';

export interface Choice {
  shown: Shown;
  category: number | null;
  owner: number | null;
  promise: PromiseState | null;
}

export const SHOWN: readonly { value: Shown; label: string }[] = [
  { value: 'both', label: `Open and resolved in the last ${RECENT_DAYS} days` },
  { value: 'open', label: 'Open' },
  { value: 'recent', label: `Resolved in the last ${RECENT_DAYS} days` },
];

export const PROMISES: readonly { value: PromiseState; label: string }[] = [
  { value: 'pending', label: 'Promise ahead' },
  { value: 'missed', label: 'Promise missed' },
  { value: 'kept', label: 'Promise kept' },
];

export const ANY: Choice = { shown: 'both', category: null, owner: null, promise: null };

export function toFilter(c: Choice): ListFilter {
  const filter: ListFilter = {};
  if (c.shown === 'open') filter.status = 'open';
  else filter.resolved_within_days = RECENT_DAYS;
  if (c.shown === 'recent') filter.status = 'resolved';
  if (c.category !== null) filter.category_id = c.category;
  if (c.owner !== null) filter.owner_id = c.owner;
  if (c.promise !== null) filter.promise = c.promise;
  return filter;
}

/** Whether any filter narrows the list beyond the default. */
export function narrowed(c: Choice): boolean {
  return c.shown !== ANY.shown || c.category !== null || c.owner !== null || c.promise !== null;
}

/** "12 tickets", "1 ticket", with the thousands grouped. */
export function countLine(total: number): string {
  return `${total.toLocaleString()} ${total === 1 ? 'ticket' : 'tickets'}`;
}
