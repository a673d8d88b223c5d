/**
 * Remembers, for as long as the app runs, that the demo organisation was just loaded, so the
 * sign-in screen can say which PIN its people use.
 */
import type { DemoSummary } from '../lib/bindings/DemoSummary';

let loaded: DemoSummary | null = null;

export function rememberDemo(summary: DemoSummary) {
  loaded = summary;
}

/** The demo that was loaded in this run of the app, if any. */
export function loadedDemo(): DemoSummary | null {
  return loaded;
}
