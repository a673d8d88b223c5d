/**
 * What each person had typed and where they were, kept in memory across the idle lock and a
 * switch of user, and given back only to the same person: a half-typed resolution, a note, an
 * intake. Nothing here reaches the disk; a restart of the app starts afresh.
 */
export interface Stash<T> {
  keep(key: string, value: T): void;
  /** The value kept under `key`, which stays kept until dropped. */
  get(key: string): T | undefined;
  drop(key: string): void;
}

export function createStash<T>(): Stash<T> {
  const kept = new Map<string, T>();
  return {
    keep: (key, value) => void kept.set(key, value),
    get: (key) => kept.get(key),
    drop: (key) => void kept.delete(key),
  };
}
