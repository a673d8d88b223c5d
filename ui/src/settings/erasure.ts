/**
 * Erasing a customer's personal data, in words: the customers a look-up found, what an erasure
 * did, and the failures it meets. Who may erase and what is erased are the core's rules.
 */
import type { BatonError } from '../lib/api/error';
import type { CustomerMatch } from '../lib/bindings/CustomerMatch';
import type { Erasure } from '../lib/bindings/Erasure';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "555 010 2000 · olivia@example.com", so two customers of the same name can be told apart. */
export function contactsOf(m: CustomerMatch): string {
  return [...m.phones, ...m.emails].join(' · ') || 'No phone or email on file';
}

/** "2 open · 3 recent", as far as the look-up tells. */
export function ticketsOf(m: CustomerMatch): string {
  if (m.open_tickets === 0 && m.recent_tickets.length === 0) return 'No tickets';
  return `${m.open_tickets} open · ${m.recent_tickets.length} recent`;
}

/** "Erased: 3 tickets, 12 events." */
export function erasureResult(e: Erasure): string {
  return `Erased: ${count(e.tickets.length, 'ticket', 'tickets')}, ${count(e.events_erased, 'event', 'events')}.`;
}

/** The failures worth saying in the admin's terms; anything else as the backend put it. */
export function erasureError(err: BatonError): string {
  switch (err.kind) {
    case 'not_found':
      return 'This customer is no longer on the desk: search again.';
    case 'forbidden':
      return 'Only managers and executives erase a customer’s data.';
    default:
      return err.message;
  }
}
