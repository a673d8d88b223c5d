/** Saved texts per category: one per line in the form, lists in `Snippets`. */
import type { Snippets } from './bindings/Snippets';

export const SNIPPET_KINDS: readonly { key: keyof Snippets; label: string; hint: string }[] = [
  { key: 'resolutions', label: 'Resolutions', hint: 'offered when resolving' },
  { key: 'steps', label: 'Small steps', hint: 'offered at intake and for notes' },
  { key: 'callbacks', label: 'Callbacks', hint: 'offered when recording a contact' },
];

export type SnippetLines = Record<keyof Snippets, string>;

export function toLines(s: Snippets): SnippetLines {
  return { resolutions: s.resolutions.join('\n'), steps: s.steps.join('\n'), callbacks: s.callbacks.join('\n') };
}

export function toSnippets(l: SnippetLines): Snippets {
  const list = (text: string) => text.split('\n').map((t) => t.trim()).filter((t) => t !== '');
  return { resolutions: list(l.resolutions), steps: list(l.steps), callbacks: list(l.callbacks) };
}

/** What a form offers: the saved texts first, then `extra` (a category's own steps), each once. */
export function offered(saved: readonly string[], extra: readonly string[] = []): string[] {
  return [...new Set([...saved, ...extra])];
}

/** The saved texts a ticket's form offers: resolutions to resolve, steps for a note, callbacks for a contact. */
export function forAction(kind: string | null, saved: Snippets | null): string[] {
  if (!saved) return [];
  if (kind === 'resolve') return saved.resolutions;
  if (kind === 'note') return saved.steps;
  if (kind === 'contact') return saved.callbacks;
  return [];
}

/** `text` with a saved text added: on its own when nothing was typed, else on a new line. */
export function withSnippet(text: string, snippet: string): string {
  return text.trim() ? `${text.trimEnd()}\n${snippet}` : snippet;
}
