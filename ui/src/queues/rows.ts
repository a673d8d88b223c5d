/**
 * What a queue row shows for a ticket: its time-left chip and status, and which columns a
 * queue has. Everything takes `now`; nothing reads the clock.
 */
import type { QueueKind } from '../lib/bindings/QueueKind';
import type { Ticket } from '../lib/bindings/Ticket';
import { chipTone, formatSpan, formatTimeLeft, toEpochMs, type ChipTone, type Instant } from '../lib/time';
import { formatLocal, formatShort } from './format';

export interface Chip {
  label: string;
  tone: ChipTone;
  /** The absolute times, for the hover title. */
  title: string;
  /** The label as a screen reader should say it. */
  spoken: string;
}

type ChipFacts = Pick<Ticket, 'due_at' | 'escalated_at' | 'status' | 'resolved_at'>;

/**
 * The time-left chip for a ticket: to the escalation mark (`mark` names it: "20-hour mark"),
 * amber in the warning window, red once escalated.
 */
export function timeLeftChip(t: ChipFacts, warnLeadMs: number, mark: string, now: Instant): Chip {
  if (t.status === 'resolved') {
    const when = t.resolved_at ? formatLocal(t.resolved_at, now) : '';
    return {
      label: 'Resolved',
      tone: 'neutral',
      title: when ? `Resolved ${when}` : 'Resolved',
      spoken: 'resolved',
    };
  }
  const left = toEpochMs(t.due_at) - toEpochMs(now);
  const tone = chipTone(t.due_at, warnLeadMs, t.escalated_at, now);
  // Once escalated, what matters is how long the executive has had it.
  const since = t.escalated_at ? toEpochMs(now) - toEpochMs(t.escalated_at) : null;
  const label = since !== null ? `escalated ${formatSpan(Math.max(0, since))}` : formatTimeLeft(left);
  const due = `${mark} ${formatLocal(t.due_at, now)}`;
  const title = t.escalated_at ? `${due} · escalated ${formatLocal(t.escalated_at, now)}` : due;
  const spoken =
    since !== null
      ? `escalated ${formatSpan(Math.max(0, since))} ago`
      : left >= 0
        ? `${label} left${tone === 'amber' ? ', near escalation' : ''}`
        : `${label.replace('overdue ', '')} past the mark`;
  return { label, tone, title, spoken };
}

/** What a queue row says of the time promised to the customer. */
export interface PromiseCell {
  label: string;
  /** Amber within the hour before it, red once missed. */
  tone: ChipTone;
  title: string;
}

/** The hour before a promise, when its owner is reminded of it (the core's lead). */
const PROMISE_SOON_MS = 60 * 60 * 1000;

/**
 * The promise column: when the customer was told they would hear back, and whether that is
 * near or already missed (an open ticket); kept or missed once resolved.
 */
export function promiseCell(t: Pick<Ticket, 'promise_at' | 'status' | 'resolved_at'>, now: Instant): PromiseCell {
  const at = toEpochMs(t.promise_at);
  const when = formatShort(t.promise_at, now);
  const title = `Promised to the customer by ${formatLocal(t.promise_at, now)}`;
  if (t.status === 'resolved') {
    const kept = t.resolved_at !== null && toEpochMs(t.resolved_at) <= at;
    return { label: kept ? `kept ${when}` : `missed ${when}`, tone: kept ? 'neutral' : 'red', title };
  }
  const left = at - toEpochMs(now);
  if (left < 0) return { label: `missed ${when}`, tone: 'red', title: `${title}: missed` };
  return { label: when, tone: left <= PROMISE_SOON_MS ? 'amber' : 'neutral', title };
}

/** The status column: escalated, a pending reminder, or plain open/resolved. */
export function statusLabel(
  t: Pick<Ticket, 'status' | 'escalated_at' | 'tickle_at'>,
  now: Instant,
): string {
  if (t.status === 'resolved') return 'Resolved';
  if (t.escalated_at) return 'Escalated';
  if (t.tickle_at && toEpochMs(t.tickle_at) > toEpochMs(now)) {
    return `Reminder ${formatShort(t.tickle_at, now)}`;
  }
  return 'Open';
}

/** Whether a queue shows who holds each ticket (in your own queues it is you). */
export function showsOwner(kind: QueueKind): boolean {
  return kind === 'team' || kind === 'near_escalation' || kind === 'all';
}

/** The rail screen a queue kind belongs to, for its title and empty state. */
export function screenIdFor(kind: QueueKind): 'mine' | 'team' | 'near' | 'escalated' | 'all' {
  switch (kind) {
    case 'mine':
      return 'mine';
    case 'all':
      return 'all';
    case 'team':
      return 'team';
    case 'near_escalation':
      return 'near';
    case 'escalated_to_me':
      return 'escalated';
  }
}

/** A policy's lead time as people say it: "4 hours", "90 minutes", "1 hour". */
export function formatLead(minutes: number): string {
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    return `${h} ${h === 1 ? 'hour' : 'hours'}`;
  }
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
