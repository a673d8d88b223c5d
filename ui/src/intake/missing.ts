/**
 * Reading the backend's refusal of an incomplete intake. The core names every missing piece at
 * once in one error of kind `missing_fields`: "missing required fields: summary, account_number".
 */

export const MISSING_FIELDS = 'missing_fields';

const PREFIX = 'missing required fields:';

interface ErrorLike {
  kind: string;
  message: string;
}

/** The keys named by a `missing_fields` error, in the backend's order; null for other errors. */
export function missingFields(err: ErrorLike): string[] | null {
  if (err.kind !== MISSING_FIELDS) return null;
  const at = err.message.toLowerCase().indexOf(PREFIX);
  const list = at >= 0 ? err.message.slice(at + PREFIX.length) : err.message;
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The first of `order` (the form's order, top to bottom) that is missing, if any. */
export function firstMissing(order: readonly string[], missing: ReadonlySet<string>): string | null {
  return order.find((key) => missing.has(key)) ?? null;
}
