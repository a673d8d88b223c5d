import type { ErrorCode } from '../bindings/ErrorCode';
import type { ErrorPayload } from '../bindings/ErrorPayload';

/**
 * Errors from the backend arrive as an `ErrorPayload` (see src-tauri/src/error.rs).
 * Screens branch on `kind`, a stable code, and show `message` to the person.
 */
export class BatonError extends Error {
  readonly kind: ErrorCode;
  /** For `missing_fields`: every missing field's key, in order. */
  readonly fields: string[];
  /** For `locked_out`: when the person may try again (RFC 3339). */
  readonly until: string | null;
  /** For `stale`: who changed the ticket and when (RFC 3339), to say in the viewer's time. */
  readonly changed: { by: string; at: string } | null;

  constructor(
    kind: ErrorCode,
    message: string,
    fields: string[] = [],
    until: string | null = null,
    changed: { by: string; at: string } | null = null,
  ) {
    super(message);
    this.name = 'BatonError';
    this.kind = kind;
    this.fields = fields;
    this.until = until;
    this.changed = changed;
  }
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).kind === 'string' &&
    typeof (value as Record<string, unknown>).message === 'string'
  );
}

/**
 * Turns whatever a failed `invoke` rejected with into a `BatonError`. Failures that never reached
 * a command get the codes the UI side produces: `ipc`, `unavailable` (see `call`) and `internal`.
 */
export function toBatonError(err: unknown): BatonError {
  if (err instanceof BatonError) return err;
  if (isErrorPayload(err)) {
    // Checked rather than trusted: only `kind` and `message` were.
    const fields = Array.isArray(err.fields) ? err.fields.filter((f) => typeof f === 'string') : [];
    const until = typeof err.until === 'string' ? err.until : null;
    const changed =
      typeof err.changed_by === 'string' && typeof err.changed_at === 'string'
        ? { by: err.changed_by, at: err.changed_at }
        : null;
    return new BatonError(err.kind, err.message, fields, until, changed);
  }
  // Tauri rejects with a bare string when the call never reached a command (unknown, or not
  // allowed by a capability).
  if (typeof err === 'string') return new BatonError('ipc', err);
  if (err instanceof Error) return new BatonError('internal', err.message);
  return new BatonError('internal', String(err));
}
