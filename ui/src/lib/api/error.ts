/**
 * Errors from the backend arrive as `{ kind, message }` (see src-tauri/src/error.rs).
 * Screens branch on `kind`, a stable code, and show `message` to the person.
 */
export class BatonError extends Error {
  readonly kind: string;
  /** For `missing_fields`: every missing field's key, in order. */
  readonly fields: string[];
  /** For `locked_out`: when the person may try again (RFC 3339). */
  readonly until: string | null;

  constructor(kind: string, message: string, fields: string[] = [], until: string | null = null) {
    super(message);
    this.name = 'BatonError';
    this.kind = kind;
    this.fields = fields;
    this.until = until;
  }
}

/** Kinds produced on the UI side rather than by the backend. */
export const UiErrorKind = {
  /** Tauri refused the call itself (unknown command, not allowed by a capability). */
  Ipc: 'ipc',
  /** The UI is running outside the app, e.g. the Vite dev server in a plain browser. */
  Unavailable: 'unavailable',
  /** Anything else that was thrown. */
  Internal: 'internal',
} as const;

interface IpcErrorShape {
  kind: string;
  message: string;
  fields?: unknown;
  until?: unknown;
}

function isIpcError(value: unknown): value is IpcErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).kind === 'string' &&
    typeof (value as Record<string, unknown>).message === 'string'
  );
}

/** Turns whatever a failed `invoke` rejected with into a `BatonError`. */
export function toBatonError(err: unknown): BatonError {
  if (err instanceof BatonError) return err;
  if (isIpcError(err)) {
    const fields = Array.isArray(err.fields) ? err.fields.filter((f) => typeof f === 'string') : [];
    const until = typeof err.until === 'string' ? err.until : null;
    return new BatonError(err.kind, err.message, fields, until);
  }
  // Tauri rejects with a bare string when the call never reached a command.
  if (typeof err === 'string') return new BatonError(UiErrorKind.Ipc, err);
  if (err instanceof Error) return new BatonError(UiErrorKind.Internal, err.message);
  return new BatonError(UiErrorKind.Internal, String(err));
}
