/**
 * A ticket's events as the timeline reads them: who did what, to whom, and what they said.
 * The system's own acts (warnings, escalations, reminders) are signed "Baton"; a hand-over or a
 * set-up change made at the command line is the administrator's.
 */
import type { Event } from '../lib/bindings/Event';
import { formatLocal } from '../queues/format';
import { formatLead } from '../queues/rows';
import type { Instant } from '../lib/time';

export const SYSTEM_ACTOR = 'Baton';
const COMMAND_LINE_ACTOR = 'Administrator (command line)';

export type EventTone = 'neutral' | 'amber' | 'red' | 'good' | 'bad' | 'accent';

export interface TimelineEntry {
  /** Who acted: a person's name, or "Baton" for the deadline sweep. */
  actor: string;
  system: boolean;
  /** What happened, as a sentence fragment after the actor: "passed it up to Sam Rivera". */
  what: string;
  /** Their words (reason, resolution, note, customer's feedback), if any. */
  text: string | null;
  /** How the words are introduced: "Reason", "Resolution"… */
  textLabel: string | null;
  tone: EventTone;
}

type EventFacts = Pick<
  Event,
  | 'kind'
  | 'actor_name'
  | 'from_id'
  | 'from_name'
  | 'to_id'
  | 'to_name'
  | 'text'
  | 'tickle_at'
  | 'delighted'
  | 'how'
  | 'promise_at'
  | 'inbound'
  | 'merged_into'
  | 'merged_from'
  | 'prevention'
  | 'heard_back'
>;

const REACHED: Record<NonNullable<Event['how']>, string> = {
  phone: 'phoned the customer',
  email: 'e-mailed the customer',
  visit: 'met the customer',
  chat: 'chatted with the customer',
};

/** A contact the customer made about the ticket, taken at intake. */
const HEARD: Record<NonNullable<Event['how']>, string> = {
  phone: 'took a call from the customer about it',
  email: 'took an e-mail from the customer about it',
  visit: 'saw the customer about it',
  chat: 'took a chat from the customer about it',
};

/**
 * One event as a line of the timeline. `mark` names the escalation mark ("20-hour mark"); `now`
 * decides whether dates show their year.
 */
export function describeEvent(e: EventFacts, mark: string, now: Instant): TimelineEntry {
  const system = e.actor_name === null;
  const actor = e.actor_name ?? SYSTEM_ACTOR;
  const from = e.from_name ?? 'someone';
  const to = e.to_name ?? 'someone';
  const byAdministrator = { actor: e.actor_name ?? COMMAND_LINE_ACTOR, system: false };
  const said = (textLabel: string, tone: EventTone, what: string): TimelineEntry => ({
    actor,
    system,
    what,
    text: e.text,
    textLabel: e.text ? textLabel : null,
    tone,
  });
  switch (e.kind) {
    case 'created':
      return {
        ...said('Summary', 'accent', ''),
        what: e.to_name && e.to_name !== e.actor_name ? `took it in for ${to}` : 'took it in and holds it',
        text: null,
        textLabel: null,
      };
    case 'passed':
      return said(
        'Reason',
        'neutral',
        e.from_name === e.actor_name ? `passed it up to ${to}` : `passed it up from ${from} to ${to}`,
      );
    case 'taken':
      return said('Note', 'neutral', `took it from ${from}`);
    case 'assigned':
      return said(
        'Reason',
        'neutral',
        e.from_name === e.actor_name ? `assigned it to ${to}` : `assigned it from ${from} to ${to}`,
      );
    case 'resolved':
      return {
        ...said('Resolution', 'good', 'resolved it'),
        text: e.prevention ? `${e.text ?? ''}\nTo stop it happening again: ${e.prevention}` : e.text,
      };
    case 'reopened':
      return said('Reason', 'amber', e.from_name && e.from_name !== e.actor_name ? `reopened it (it was with ${from})` : 'reopened it');
    case 'note':
      return said('Note', 'neutral', 'added a note');
    case 'tickle_set':
      return said(
        'Note',
        'neutral',
        e.tickle_at ? `set a reminder for ${formatLocal(e.tickle_at, now)}` : 'set a reminder',
      );
    case 'contacted': {
      const reached = e.how ? (e.inbound ? HEARD : REACHED)[e.how] : 'contacted the customer';
      return said(
        'Told them',
        e.promise_at ? 'amber' : 'neutral',
        e.promise_at ? `${reached} and promised ${formatLocal(e.promise_at, now)}` : reached,
      );
    }
    case 'tickled': {
      const idle = /^idle for (\d+) minutes?$/.exec(e.text ?? '');
      const what = idle
        ? `reminded ${to}: nothing has happened for ${formatLead(Number(idle[1]))}`
        : e.text?.startsWith('idle')
          ? `reminded ${to}: it has been ${e.text}`
          : e.text === 'promise'
            ? `reminded ${to} of the time promised to the customer`
            : e.text === 'confirm'
              ? `reminded ${to} to confirm the customer heard back`
              : `reminded ${to}, as they asked`;
      return {
        actor,
        system,
        what,
        text: null,
        textLabel: null,
        tone: 'neutral',
      };
    }
    case 'warned':
      return {
        ...said('Note', 'amber', `warned ${to}: the ${mark} is near`),
        text: null,
        textLabel: null,
      };
    case 'escalated':
      return {
        ...said(
          'Note',
          'red',
          e.from_id !== null && e.from_id === e.to_id
            ? `saw it pass the ${mark} with ${to}, nobody above to take it`
            : `escalated it from ${from} to ${to} at the ${mark}`,
        ),
        text: null,
        textLabel: null,
      };
    case 'feedback':
      return e.delighted
        ? said('Customer said', 'good', 'recorded that the customer was delighted')
        : said('Customer said', 'bad', 'recorded a complaint');
    case 'corrected':
      // Its text says what changed: "invoice: INV-7 → INV-8".
      return said('Changed', 'neutral', 'corrected facts captured at intake');
    case 'merged':
      // On the merged ticket the text is its resolution, "Merged into #N: reason".
      return e.merged_into !== null
        ? { ...said('Reason', 'neutral', `merged it into #${e.merged_into}`), text: e.text?.replace(/^Merged into #\d+: /, '') ?? null }
        : said('Reason', 'neutral', `merged #${e.merged_from ?? '?'} into this ticket`);
    case 'handed_over':
      return { ...said('Reason', 'neutral', `handed it from ${from} to ${to}`), ...byAdministrator };
    case 'person_added':
    case 'person_moved':
    case 'person_deactivated':
    case 'pin_set':
    case 'policy_changed':
    case 'category_added':
    case 'hours_changed':
    case 'customer_noted':
    case 'preferences_set':
    case 'snippets_set':
      // Set-up changes say it all in their text: "Sam Rep now reports to Lena Fischer".
      return { ...byAdministrator, what: e.text ?? 'changed the set-up', text: null, textLabel: null, tone: 'neutral' };
    case 'customer_feedback':
      return e.delighted
        ? said('Customer said', 'good', 'put a compliment on the board')
        : said('Customer said', 'bad', 'put a complaint on the board');
    case 'confirmed':
      return e.heard_back
        ? said('Customer said', e.delighted === false ? 'bad' : 'good', 'confirmed that the customer heard back')
        : said('Note', 'amber', 'could not reach the customer yet to confirm they heard back');
    case 'learned':
      return said('Learned', 'neutral', 'noted what the team learned from the customer');
    case 'customer_erased': {
      // The text is the reason; said in one line, as the set-up history shows only `what`.
      const what = 'erased a customer’s personal data';
      return { ...byAdministrator, what: e.text ? `${what}: ${e.text}` : what, text: null, textLabel: null, tone: 'neutral' };
    }
  }
}
