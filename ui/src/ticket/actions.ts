/**
 * The actions a ticket screen offers, their shortcuts and forms, and how a filled form becomes
 * an `Action` for the backend. Which actions are offered comes only from `detail.allowed`.
 */
import type { Action } from '../lib/bindings/Action';
import type { ActionKind } from '../lib/bindings/ActionKind';
import type { ContactHow } from '../lib/bindings/ContactHow';
import { worded, type Wording } from '../lib/time';

export interface ActionSpec {
  kind: ActionKind;
  /** The button's label. */
  label: string;
  /** The key that opens it on the ticket screen (no modifier). */
  key: string;
  /** The tooltip, which names the shortcut. */
  hint: Wording;
  /** The label of its text box, if it has one. */
  textLabel: string | null;
  /** The submit button. */
  submit: string;
  /** A primary action gets the accent colour. */
  primary: boolean;
}

export const ACTIONS: readonly ActionSpec[] = [
  { kind: 'resolve', label: 'Resolve', key: 'r', hint: 'Solve it completely and say how', textLabel: 'Resolution: what was done for the customer', submit: 'Resolve', primary: true },
  { kind: 'pass', label: 'Pass up', key: 'p', hint: 'Pass it up to your superior, with a reason', textLabel: 'Why it needs someone above you', submit: 'Pass up', primary: false },
  { kind: 'take', label: 'Take', key: 't', hint: 'Take it from the person in your team who holds it', textLabel: null, submit: 'Take it', primary: true },
  { kind: 'assign', label: 'Assign', key: 'a', hint: 'Give it to someone in your team, with a reason', textLabel: 'Why this person', submit: 'Assign', primary: false },
  { kind: 'reopen', label: 'Reopen', key: 'o', hint: (mark) => `Reopen it; you will hold it, and the time to the ${mark} starts again`, textLabel: 'Why it is not solved after all', submit: 'Reopen', primary: true },
  { kind: 'note', label: 'Note', key: 'n', hint: 'Add a note to the timeline', textLabel: 'Note', submit: 'Add note', primary: false },
  { kind: 'tickle', label: 'Remind me', key: 'm', hint: 'Set a reminder: Baton tickles you at that time', textLabel: null, submit: 'Set reminder', primary: false },
  { kind: 'contact', label: 'Contacted the customer', key: 'c', hint: 'Record that you told the customer how it stands, and any new time you agreed', textLabel: 'What you told them', submit: 'Record contact', primary: false },
  { kind: 'email', label: 'E-mail the customer', key: 'e', hint: 'Send the customer an update from the template for this category; it is recorded as a contact', textLabel: 'Message', submit: 'Send e-mail', primary: false },
  { kind: 'correct', label: 'Correct facts', key: 'x', hint: 'Set right a fact captured at intake; the trail keeps what it was', textLabel: null, submit: 'Save corrections', primary: false },
  { kind: 'merge', label: 'Merge', key: 'g', hint: 'Merge this duplicate into the customer’s other open ticket about the same problem', textLabel: 'Why it is the same problem', submit: 'Merge', primary: false },
  { kind: 'feedback', label: 'Feedback', key: 'f', hint: 'Record what the customer said: delighted, or a complaint', textLabel: 'What the customer said', submit: 'Record feedback', primary: false },
  { kind: 'confirm', label: 'Customer heard back', key: 'h', hint: 'Confirm with the customer that they heard back about the resolution, and how they took it', textLabel: 'What they said (if you reached them)', submit: 'Record it', primary: true },
];

/** How a contact reached the customer, as the form offers it. */
export const CONTACT_HOW: readonly { how: ContactHow; label: string }[] = [
  { how: 'phone', label: 'Phone' },
  { how: 'email', label: 'E-mail' },
  { how: 'visit', label: 'Visit' },
  { how: 'chat', label: 'Chat' },
];

/** The specs for the allowed kinds, in the screen's order. */
export function offered(allowed: readonly ActionKind[]): ActionSpec[] {
  return ACTIONS.filter((a) => allowed.includes(a.kind));
}

/** The allowed action a key press opens, if any (letters only, either case). */
export function actionForKey(key: string, allowed: readonly ActionKind[]): ActionKind | null {
  const k = key.length === 1 ? key.toLowerCase() : '';
  return offered(allowed).find((a) => a.key === k)?.kind ?? null;
}

/** "Resolve (R)", for a button's tooltip; `mark` names the escalation mark. */
export function tooltip(spec: ActionSpec, mark: string): string {
  return `${worded(spec.hint, mark)} (${spec.key.toUpperCase()})`;
}

/** What the person typed or picked in an action's form. */
export interface Draft {
  text: string;
  /** For assign: the chosen person's id. */
  to: number | null;
  /** For tickle: a `datetime-local` value, "2026-11-24T09:30". */
  at: string;
  /** For feedback. */
  delighted: boolean | null;
  /** For a resolution: what was changed so it does not happen again ("" when nothing was). */
  prevention: string;
  /** For a confirmation: whether the customer heard back (feedback's `delighted` is how they took it). */
  heardBack: boolean | null;
  /** For a correction: every captured fact, as edited. */
  facts: Record<string, string>;
  /** For merge: the ticket that stays. */
  into: number | null;
  /** For a contact: how, and a new promise as a `datetime-local` value ("" keeps the promise). */
  how: ContactHow;
  promise: string;
  /** For an e-mail: to whom (the customer's address) and its subject; `text` is its body. */
  mailTo: string;
  subject: string;
  /** The idempotency key this form is sent with, so sending it again after a lost reply acts once. */
  key: string;
}

export const emptyDraft = (): Draft => ({
  text: '',
  to: null,
  into: null,
  facts: {},
  at: '',
  delighted: null,
  prevention: '',
  heardBack: null,
  how: 'phone',
  promise: '',
  mailTo: '',
  subject: '',
  key: crypto.randomUUID(),
});

/**
 * A `datetime-local` value (local wall time, no zone) as an RFC 3339 instant in UTC, or null
 * when it is not a complete date and time.
 */
export function localInputToUtc(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // Reject dates the calendar does not have (31 Nov rolls over to 1 Dec).
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant as a `datetime-local` value in local time, for the input's default and minimum. */
export function utcToLocalInput(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export type Built =
  | { ok: true; action: Action }
  | { ok: true; merge: { into: number; reason: string } }
  | { ok: true; email: { to: string; subject: string; body: string } }
  | { ok: false; problem: string };

/**
 * The action a form describes, or what is missing from it. The backend checks everything again;
 * this only saves a round trip for the obvious.
 */
export function buildAction(kind: ActionKind, draft: Draft, nowMs: number): Built {
  const text = draft.text.trim();
  const need = (what: string): Built => ({ ok: false, problem: what });
  switch (kind) {
    case 'pass':
      return text ? { ok: true, action: { type: 'pass', reason: text } } : need('Say why you are passing it up.');
    case 'take':
      return { ok: true, action: { type: 'take' } };
    case 'assign':
      if (draft.to === null) return need('Choose whom to assign it to.');
      return text
        ? { ok: true, action: { type: 'assign', to: draft.to, reason: text } }
        : need('Say why you are assigning it.');
    case 'resolve': {
      const prevention = draft.prevention.trim();
      return text
        ? { ok: true, action: { type: 'resolve', resolution: text, ...(prevention ? { prevention } : {}) } }
        : need('Say how it was resolved.');
    }
    case 'reopen':
      return text ? { ok: true, action: { type: 'reopen', reason: text } } : need('Say why you are reopening it.');
    case 'note':
      return text ? { ok: true, action: { type: 'note', text } } : need('Write the note.');
    case 'tickle': {
      const at = localInputToUtc(draft.at);
      if (!at) return need('Pick a date and time for the reminder.');
      if (Date.parse(at) <= nowMs) return need('Pick a time in the future.');
      return { ok: true, action: { type: 'tickle', at } };
    }
    case 'feedback':
      if (draft.delighted === null) return need('Say whether the customer was delighted or complained.');
      return text
        ? { ok: true, action: { type: 'feedback', delighted: draft.delighted, what: text } }
        : need('Write what the customer said.');
    case 'confirm':
      if (draft.heardBack === null) return need('Say whether the customer heard back.');
      if (draft.heardBack && draft.delighted !== null && !text) return need('Write what they said, to record how they took it.');
      return {
        ok: true,
        action: {
          type: 'confirm',
          heard_back: draft.heardBack,
          ...(text ? { what: text } : {}),
          ...(draft.heardBack && draft.delighted !== null ? { delighted: draft.delighted } : {}),
        },
      };
    case 'email':
      if (!draft.mailTo) return need('The customer has no e-mail address on file.');
      if (!draft.subject.trim()) return need('Give the e-mail a subject.');
      return text ? { ok: true, email: { to: draft.mailTo, subject: draft.subject.trim(), body: draft.text } } : need('Write the message.');
    case 'correct':
      if (Object.values(draft.facts).some((v) => !v.trim())) return need('Give every fact a value.');
      return { ok: true, action: { type: 'correct', fields: draft.facts } };
    case 'merge':
      if (draft.into === null) return need('Choose the ticket that stays.');
      return text ? { ok: true, merge: { into: draft.into, reason: text } } : need('Say why it is the same problem.');
    case 'contact': {
      if (!text) return need('Write what you told the customer.');
      if (!draft.promise.trim()) return { ok: true, action: { type: 'contact', how: draft.how, what: text, promise_at: null } };
      const promise = localInputToUtc(draft.promise);
      if (!promise) return need('Pick a date and time for the new promise, or clear it.');
      if (Date.parse(promise) <= nowMs) return need('Pick a new promise in the future.');
      return { ok: true, action: { type: 'contact', how: draft.how, what: text, promise_at: promise } };
    }
  }
}

/** What the screen says after an action went through. */
export function doneMessage(kind: ActionKind, number: number, ownerName: string): string {
  switch (kind) {
    case 'pass':
      return `#${number} passed up to ${ownerName}.`;
    case 'take':
      return `You hold #${number} now.`;
    case 'assign':
      return `#${number} assigned to ${ownerName}.`;
    case 'resolve':
      return `#${number} resolved.`;
    case 'reopen':
      return `#${number} reopened; you hold it.`;
    case 'note':
      return 'Note added.';
    case 'tickle':
      return 'Reminder set.';
    case 'feedback':
      return 'Feedback recorded.';
    case 'contact':
      return 'Contact recorded.';
    case 'merge':
      return `Merged into #${number}.`;
    case 'correct':
      return 'Corrected; the timeline keeps what it was.';
    case 'email':
      return 'E-mail sent, and recorded as a contact.';
    case 'confirm':
      return 'Recorded. Until they have heard back, Baton reminds you again.';
  }
}
