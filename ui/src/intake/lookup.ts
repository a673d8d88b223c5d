/**
 * The caller look-up field: what the rep typed, read as a phone, an email or a name, so a new
 * customer form can start from it. Matching itself is the backend's (`find_customers`).
 */
import type { NewCustomer } from '../lib/bindings/NewCustomer';

export type LookupKind = 'phone' | 'email' | 'name';

const PHONE_CHARS = /^[\d\s+\-.()/]+$/;

/** `@` → email; three or more digits in phone punctuation → phone; anything else → name. */
export function classifyLookup(query: string): LookupKind {
  const q = query.trim();
  if (q.includes('@')) return 'email';
  const digits = q.replace(/\D/g, '').length;
  if (digits >= 3 && PHONE_CHARS.test(q)) return 'phone';
  return 'name';
}

/** A new customer started from the look-up text. */
export function prefillCustomer(query: string): NewCustomer {
  const q = query.trim();
  const kind = classifyLookup(q);
  return {
    name: kind === 'name' ? q : '',
    phones: kind === 'phone' ? [q] : [],
    emails: kind === 'email' ? [q] : [],
    notes: '',
  };
}

/** Several phones or emails typed in one box, separated by commas or semicolons. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
