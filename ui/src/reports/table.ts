/** The report's people table: sorting, and the figures as shown. */
import type { PersonFigures } from '../lib/bindings/PersonFigures';

export type SortKey =
  | 'name'
  | 'role'
  | 'solved'
  | 'passed'
  | 'taken'
  | 'assigned'
  | 'escalated'
  | 'promises_kept'
  | 'buck_passing_ratio'
  | 'median_hours_to_solve';

export type SortDir = 'asc' | 'desc';

export interface Sort {
  key: SortKey;
  dir: SortDir;
}

/** Numbers read best largest first; names A to Z. */
export function defaultDir(key: SortKey): SortDir {
  return key === 'name' || key === 'role' ? 'asc' : 'desc';
}

/** Clicking a column: the same column flips, another starts in its natural direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key
    ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
    : { key, dir: defaultDir(key) };
}

const ROLE_RANK: Record<PersonFigures['role'], number> = { rep: 0, lead: 1, manager: 2, executive: 3 };

/**
 * The rows in the chosen order. People with no figure for the column (no ratio, no solve) go
 * last either way; ties are broken by name so the order never jumps.
 */
export function sortPeople(rows: readonly PersonFigures[], sort: Sort): PersonFigures[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: PersonFigures, b: PersonFigures) => a.name.localeCompare(b.name);
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * byName(a, b);
    if (sort.key === 'role') return sign * (ROLE_RANK[a.role] - ROLE_RANK[b.role]) || byName(a, b);
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y) || byName(a, b);
  });
}

/** 0.25 → "25%"; no ratio → "—". */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}

/** "25% of 8": a ratio with the number of tickets it is of. */
export function formatSampled(ratio: number | null, sample: number): string {
  return ratio === null ? '—' : `${formatRatio(ratio)} of ${sample}`;
}

/** 3.456 → "3.5 h"; under an hour in minutes; none → "—". */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
}
