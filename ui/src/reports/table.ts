/**
 * The report's people table: sorting, the figures as shown, the solved-versus-passed bars and
 * the CSV a manager takes away.
 */
import type { PersonFigures } from '../lib/bindings/PersonFigures';

export type SortKey =
  | 'name'
  | 'role'
  | 'solved'
  | 'passed'
  | 'taken'
  | 'assigned'
  | 'escalated'
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

/** 3.456 → "3.5 h"; under an hour in minutes; none → "—". */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
}

export interface Bars {
  /** Widths in percent of the widest person's solved + passed. */
  solved: number;
  passed: number;
}

/** Solved and passed as bar widths, on one scale for everyone in the table. */
export function barsFor(rows: readonly PersonFigures[]): Map<number, Bars> {
  const widest = Math.max(0, ...rows.map((r) => r.solved + r.passed));
  const bars = new Map<number, Bars>();
  for (const r of rows) {
    bars.set(
      r.person_id,
      widest === 0
        ? { solved: 0, passed: 0 }
        : { solved: (100 * r.solved) / widest, passed: (100 * r.passed) / widest },
    );
  }
  return bars;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A text starting
 * with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = [
  'name',
  'role',
  'solved',
  'passed',
  'taken',
  'assigned',
  'escalated',
  'buck_passing_percent',
  'median_hours_to_solve',
] as const;

/** The people table as CSV, rows in the order given, lines ending CRLF as RFC 4180 has it. */
export function peopleCsv(rows: readonly PersonFigures[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        csvCell(r.name),
        csvCell(r.role),
        csvCell(r.solved),
        csvCell(r.passed),
        csvCell(r.taken),
        csvCell(r.assigned),
        csvCell(r.escalated),
        csvCell(r.buck_passing_ratio === null ? null : Math.round(r.buck_passing_ratio * 1000) / 10),
        csvCell(r.median_hours_to_solve),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** "baton-people-2026-11-01-to-2026-11-30.csv" for a period given as YYYY-MM-DD days. */
export function csvFileName(firstDay: string, lastDay: string): string {
  return `baton-people-${firstDay}-to-${lastDay}.csv`;
}
