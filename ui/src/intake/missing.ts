/**
 * Reading the backend's refusal of an incomplete intake. The core names every missing piece at
 * once in one error of kind `missing_fields`, with their keys in `fields`.
 */
import type { ErrorPayload } from '../lib/bindings/ErrorPayload';

/** The keys named by a `missing_fields` error, in the backend's order; null for other errors. */
export function missingFields(err: Pick<ErrorPayload, 'kind' | 'fields'>): string[] | null {
  return err.kind === 'missing_fields' ? [...err.fields] : null;
}

/** The first of `order` (the form's order, top to bottom) that is missing, if any. */
export function firstMissing(order: readonly string[], missing: ReadonlySet<string>): string | null {
  return order.find((key) => missing.has(key)) ?? null;
}
