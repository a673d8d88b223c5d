/**
 * The intake request from what is on the form. Only the chosen category's fields are sent
 * (values typed under another category stay on the form but are not part of this ticket).
 */
import type { Category } from '../lib/bindings/Category';
import type { Intake } from '../lib/bindings/Intake';
import { fromLocalInput, toRfc3339 } from './promise';

/** Whether realtime help was offered on the call, and whether the caller took it. */
export type Realtime = 'not_offered' | 'declined' | 'taken';

export interface IntakeForm {
  customerId: number;
  category: Category;
  summary: string;
  /** Values by field key, possibly for several categories. */
  values: Record<string, string>;
  channel: string;
  smallStep: string;
  realtime: Realtime;
  /** The `datetime-local` value; empty or unreadable means "the policy's default". */
  promise: string;
  /** The idempotency key, the same for every attempt to send this call. */
  key: string;
  /** Solved on the call: what was done (the ticket is resolved at once). */
  resolution?: string | null;
}

/**
 * A call about the caller's open ticket: what they said and every fact typed (the core notes
 * only those that differ from the ticket's). It carries no category, small step or promise: the
 * ticket has them already.
 */
export function buildCallAbout(f: Pick<IntakeForm, 'customerId' | 'summary' | 'values' | 'channel' | 'key'>): Intake {
  const fields = Object.fromEntries(Object.entries(f.values).filter(([, v]) => v.trim() !== ''));
  return {
    customer_id: f.customerId,
    category_id: 0,
    summary: f.summary,
    fields,
    channel: f.channel,
    small_step: null,
    promise_at: null,
    realtime_offered: false,
    realtime_taken: false,
    key: f.key,
  };
}

export function buildIntake(f: IntakeForm): Intake {
  const fields: Record<string, string> = {};
  for (const def of f.category.fields) {
    const value = f.values[def.key];
    if (value !== undefined && value !== '') fields[def.key] = value;
  }
  const promise = fromLocalInput(f.promise);
  const realtime = f.category.realtime ? f.realtime : 'not_offered';
  return {
    customer_id: f.customerId,
    category_id: f.category.id,
    summary: f.summary,
    fields,
    channel: f.channel,
    small_step: f.smallStep.trim() === '' ? null : f.smallStep,
    promise_at: promise ? toRfc3339(promise) : null,
    realtime_offered: realtime !== 'not_offered',
    realtime_taken: realtime === 'taken',
    key: f.key,
    ...(f.resolution != null ? { resolution: f.resolution } : {}),
  };
}
