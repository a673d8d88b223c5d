/**
 * A Settings form's save: busy while it runs, "Saved." for a few seconds after, or why not.
 */
import { toBatonError } from '../lib/api';
import { changed, handle } from '../shell/app.svelte';

const SAVED_FOR_MS = 4000;

export class Saving {
  busy = $state(false);
  saved = $state(false);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs `write` (not while one runs); the rest of the app refreshes after it. */
  async run(write: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.saved = false;
    this.busy = true;
    try {
      await write();
      this.saved = true;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => (this.saved = false), SAVED_FOR_MS);
      void changed();
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  /** Shows why the form was not saved (or not loaded): a message, or what was thrown. */
  fail(reason: unknown): void {
    this.saved = false;
    this.error = typeof reason === 'string' ? reason : handle(toBatonError(reason)).message;
  }

  /** Typing again takes the "Saved." away. */
  edited(): void {
    this.saved = false;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
