/**
 * The report's charts as data: what each shows, its series and the tickets behind each bar.
 * `Chart.svelte` draws them with Chart.js and lists the same numbers as a table.
 */
import type { Figure } from '../lib/bindings/Figure';
import type { Report } from '../lib/bindings/Report';
import type { Week } from '../lib/bindings/Week';

/** A colour of the theme, by what it means. */
export type Tone = 'accent' | 'amber' | 'red';

export interface Series {
  label: string;
  data: number[];
  tone: Tone;
  /** The report figure a bar of this series opens (with the bar's person), if any. */
  figure?: Figure;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence a screen reader hears for the whole chart. */
  summary: string;
  labels: string[];
  series: Series[];
  /** Bars across (people), stacked, rather than side by side down. */
  horizontal?: boolean;
  stacked?: boolean;
  /** The person each label is (for per-person charts), so a bar opens their tickets. */
  people?: number[];
  empty: string;
}

/** How many people the solved-versus-passed chart shows: the busiest. */
export const CHART_PEOPLE = 12;

/** "Nov 2": a week by its first day, in the desk's time zone. */
export function weekLabel(w: Week, timeZone?: string): string {
  return new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone }).format(new Date(w.start));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function solvedVersusPassed(r: Report): ChartSpec {
  const busy = r.people
    .filter((p) => p.solved + p.passed > 0)
    .sort((a, b) => b.solved + b.passed - (a.solved + a.passed) || a.name.localeCompare(b.name))
    .slice(0, CHART_PEOPLE);
  const solved = sum(busy.map((p) => p.solved));
  const passed = sum(busy.map((p) => p.passed));
  return {
    id: 'solved-passed',
    title: 'Solved and passed up, by person',
    summary: `${busy.length} people: ${solved} solved, ${passed} passed up.`,
    labels: busy.map((p) => p.name),
    people: busy.map((p) => p.person_id),
    series: [
      { label: 'Solved', data: busy.map((p) => p.solved), tone: 'accent', figure: 'solved' },
      { label: 'Passed up', data: busy.map((p) => p.passed), tone: 'amber', figure: 'passed' },
    ],
    horizontal: true,
    stacked: true,
    empty: 'Nobody solved or passed a ticket in this period.',
  };
}

export function escalationsByWeek(r: Report, timeZone?: string): ChartSpec {
  const data = r.weeks.map((w) => w.escalated);
  return {
    id: 'escalations',
    title: 'Escalations each week',
    summary: `${sum(data)} escalations over ${data.length} week${data.length === 1 ? "" : "s"}.`,
    labels: r.weeks.map((w) => weekLabel(w, timeZone)),
    series: [{ label: 'Escalated', data, tone: 'red' }],
    empty: 'Nothing escalated in this period.',
  };
}

export function timeToSolve(r: Report): ChartSpec {
  const data = r.time_to_solve.map((b) => b.tickets);
  return {
    id: 'time-to-solve',
    title: 'Time from intake to resolution',
    summary: r.time_to_solve.map((b) => `${b.tickets} ${b.label}`).join(', ') + '.',
    labels: r.time_to_solve.map((b) => b.label),
    series: [{ label: 'Tickets', data, tone: 'accent' }],
    empty: 'No ticket was resolved in this period.',
  };
}

export function feedbackByWeek(r: Report, timeZone?: string): ChartSpec {
  const delighted = r.weeks.map((w) => w.delighted);
  const complaints = r.weeks.map((w) => w.complaints);
  return {
    id: 'feedback',
    title: 'Delight and complaints each week',
    summary: `${sum(delighted)} delighted, ${sum(complaints)} complaints, after tickets and on the board.`,
    labels: r.weeks.map((w) => weekLabel(w, timeZone)),
    series: [
      { label: 'Delighted', data: delighted, tone: 'accent' },
      { label: 'Complaints', data: complaints, tone: 'red' },
    ],
    empty: 'No feedback in this period.',
  };
}

export function promisesByWeek(r: Report, timeZone?: string): ChartSpec {
  const kept = r.weeks.map((w) => w.promises_kept);
  const missed = r.weeks.map((w) => w.promises_due - w.promises_kept);
  return {
    id: 'promises',
    title: 'Promises kept each week',
    summary: `${sum(kept)} of ${sum(kept) + sum(missed)} resolved tickets were resolved by the time promised.`,
    labels: r.weeks.map((w) => weekLabel(w, timeZone)),
    series: [
      { label: 'Kept', data: kept, tone: 'accent' },
      { label: 'Missed', data: missed, tone: 'amber' },
    ],
    stacked: true,
    empty: 'No ticket was resolved in this period.',
  };
}

/** Every chart of the report, in the order the screen shows them. */
export function chartsOf(r: Report, timeZone?: string): ChartSpec[] {
  return [
    solvedVersusPassed(r),
    promisesByWeek(r, timeZone),
    escalationsByWeek(r, timeZone),
    feedbackByWeek(r, timeZone),
    timeToSolve(r),
  ];
}

/** Nothing to draw: every value is zero. */
export function isEmpty(spec: ChartSpec): boolean {
  return spec.series.every((s) => s.data.every((v) => v === 0));
}
