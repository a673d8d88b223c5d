/**
 * Errors from the backend arrive as `{ kind, message }` (see src-tauri/src/error.rs).
 * Screens branch on `kind`, a stable code, and show `message` to the person.
 */
export class BatonError extends Error {
  readonly kind: string;

  constructor(kind: string, message: string) {
    super(message);
    this.name = 'BatonError';
    this.kind = kind;
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
  if (isIpcError(err)) return new BatonError(err.kind, err.message);
  // Tauri rejects with a bare string when the call never reached a command.
  if (typeof err === 'string') return new BatonError(UiErrorKind.Ipc, err);
  if (err instanceof Error) return new BatonError(UiErrorKind.Internal, err.message);
  return new BatonError(UiErrorKind.Internal, String(err));
}
