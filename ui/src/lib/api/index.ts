/**
 * The UI's only door to the backend. Nothing outside this folder imports
 * `@tauri-apps/api`, so screens stay testable and the IPC contract lives in one place.
 */
import { invoke, isTauri } from '@tauri-apps/api/core';
import { BatonError, UiErrorKind, toBatonError } from './error';

export { BatonError, UiErrorKind, toBatonError } from './error';

/**
 * Calls a backend command. Commands that take input receive it as their single
 * `input` argument; every failure is rethrown as a `BatonError`.
 */
export async function call<T>(cmd: string, input?: unknown): Promise<T> {
  if (!isTauri()) {
    throw new BatonError(
      UiErrorKind.Unavailable,
      'Baton’s backend is not running: open the app rather than the dev server page.',
    );
  }
  try {
    return await invoke<T>(cmd, input === undefined ? {} : { input });
  } catch (err) {
    throw toBatonError(err);
  }
}

// Until ts-rs bindings land in ../bindings, the few shapes are written here.

/** Mirrors `AppInfo` in src-tauri/src/commands/app.rs. */
export interface AppInfo {
  version: string;
  db_path: string;
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}
