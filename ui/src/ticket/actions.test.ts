import { describe, expect, it } from 'vitest';
import type { ActionKind } from '../lib/bindings/ActionKind';
import {
  ACTIONS,
  actionForKey,
  buildAction,
  doneMessage,
  emptyDraft,
  localInputToUtc,
  offered,
  tooltip,
  utcToLocalInput,
} from './actions';

const ALL: ActionKind[] = ['pass', 'take', 'assign', 'resolve', 'reopen', 'note', 'tickle', 'feedback', 'contact', 'merge'];
const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('what is offered', () => {
  it('offers exactly the allowed actions', () => {
    expect(offered(['note', 'pass']).map((a) => a.kind)).toEqual(['pass', 'note']);
    expect(offered([])).toEqual([]);
    expect(offered(ALL)).toHaveLength(10);
  });

  it('gives every action its own shortcut, named in its tooltip', () => {
    const keys = ACTIONS.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const a of ACTIONS) expect(tooltip(a, '20-hour mark')).toMatch(new RegExp(`\\(${a.key.toUpperCase()}\\)$`));
    // j, k and Enter belong to lists; Escape goes back.
    expect(keys).not.toContain('j');
    expect(keys).not.toContain('k');
  });

  it('names the policy mark where a tooltip mentions it', () => {
    const reopen = ACTIONS.find((a) => a.kind === 'reopen')!;
    expect(tooltip(reopen, '90-minute mark')).toContain('the 90-minute mark starts again');
  });

  it('opens an action by its key only when it is allowed', () => {
    expect(actionForKey('p', ALL)).toBe('pass');
    expect(actionForKey('P', ALL)).toBe('pass');
    expect(actionForKey('p', ['note'])).toBeNull();
    expect(actionForKey('n', ['note'])).toBe('note');
    expect(actionForKey('Enter', ALL)).toBeNull();
    expect(actionForKey('x', ALL)).toBeNull();
  });
});

describe('datetime-local to RFC 3339', () => {
  it('reads the value as local wall time and gives UTC', () => {
    const expected = new Date(2026, 10, 24, 9, 30).toISOString().replace('.000Z', 'Z');
    expect(localInputToUtc('2026-11-24T09:30')).toBe(expected);
    expect(localInputToUtc('2026-11-24T09:30:15')).toBe(
      new Date(2026, 10, 24, 9, 30, 15).toISOString().replace('.000Z', 'Z'),
    );
  });

  it('refuses incomplete or impossible values', () => {
    for (const bad of ['', '2026-11-24', '09:30', '2026-11-31T09:00', '2026-13-01T09:00', 'tomorrow']) {
      expect(localInputToUtc(bad), bad).toBeNull();
    }
  });

  it('round-trips with utcToLocalInput', () => {
    const ms = new Date(2026, 0, 5, 7, 4).getTime();
    expect(utcToLocalInput(ms)).toBe('2026-01-05T07:04');
    expect(Date.parse(localInputToUtc(utcToLocalInput(ms))!)).toBe(ms);
  });
});

describe('buildAction', () => {
  const draft = (over: Partial<ReturnType<typeof emptyDraft>>) => ({ ...emptyDraft(), ...over });

  it('needs a reason, resolution or text where the rules do', () => {
    for (const kind of ['pass', 'resolve', 'reopen', 'note'] as const) {
      expect(buildAction(kind, draft({ text: '   ' }), NOW).ok, kind).toBe(false);
    }
    expect(buildAction('pass', draft({ text: ' Above my limit ' }), NOW)).toEqual({
      ok: true,
      action: { type: 'pass', reason: 'Above my limit' },
    });
    expect(buildAction('resolve', draft({ text: 'Refunded' }), NOW)).toEqual({
      ok: true,
      action: { type: 'resolve', resolution: 'Refunded' },
    });
    expect(buildAction('resolve', draft({ text: 'Refunded', prevention: ' Plans need a confirmation ' }), NOW)).toEqual({
      ok: true,
      action: { type: 'resolve', resolution: 'Refunded', prevention: 'Plans need a confirmation' },
    });
    expect(buildAction('reopen', draft({ text: 'Back' }), NOW)).toEqual({ ok: true, action: { type: 'reopen', reason: 'Back' } });
    expect(buildAction('note', draft({ text: 'Hi' }), NOW)).toEqual({ ok: true, action: { type: 'note', text: 'Hi' } });
  });

  it('confirms that the customer heard back, and how they took it', () => {
    expect(buildAction('confirm', draft({}), NOW)).toEqual({ ok: false, problem: 'Say whether the customer heard back.' });
    expect(buildAction('confirm', draft({ heardBack: false }), NOW)).toEqual({
      ok: true,
      action: { type: 'confirm', heard_back: false },
    });
    expect(buildAction('confirm', draft({ heardBack: true, delighted: true }), NOW).ok).toBe(false);
    expect(buildAction('confirm', draft({ heardBack: true, delighted: true, text: ' Thrilled ' }), NOW)).toEqual({
      ok: true,
      action: { type: 'confirm', heard_back: true, what: 'Thrilled', delighted: true },
    });
  });

  it('takes without a form', () => {
    expect(buildAction('take', emptyDraft(), NOW)).toEqual({ ok: true, action: { type: 'take' } });
  });

  it('assigns to a chosen person with a reason', () => {
    expect(buildAction('assign', draft({ text: 'Knows it' }), NOW)).toMatchObject({ ok: false, problem: /whom/ });
    expect(buildAction('assign', draft({ to: 9 }), NOW)).toMatchObject({ ok: false });
    expect(buildAction('assign', draft({ to: 9, text: 'Knows it' }), NOW)).toEqual({
      ok: true,
      action: { type: 'assign', to: 9, reason: 'Knows it' },
    });
  });

  it('sets a reminder only in the future', () => {
    expect(buildAction('tickle', draft({}), NOW)).toMatchObject({ ok: false });
    expect(buildAction('tickle', draft({ at: utcToLocalInput(NOW - 60_000) }), NOW)).toMatchObject({
      ok: false,
      problem: /future/,
    });
    const later = utcToLocalInput(NOW + 3 * 3_600_000);
    const built = buildAction('tickle', draft({ at: later }), NOW);
    expect(built).toEqual({ ok: true, action: { type: 'tickle', at: localInputToUtc(later) } });
  });

  it('records feedback as delighted or a complaint, with what was said', () => {
    expect(buildAction('feedback', draft({ text: 'Great' }), NOW)).toMatchObject({ ok: false });
    expect(buildAction('feedback', draft({ delighted: true }), NOW)).toMatchObject({ ok: false });
    expect(buildAction('feedback', draft({ delighted: false, text: 'Too slow' }), NOW)).toEqual({
      ok: true,
      action: { type: 'feedback', delighted: false, what: 'Too slow' },
    });
  });

  it('records a contact, with a new promise only when one is picked and in the future', () => {
    expect(buildAction('contact', draft({ text: ' ' }), NOW)).toMatchObject({ ok: false, problem: /told/ });
    expect(buildAction('contact', draft({ text: 'Bank needs 2 days', how: 'email' }), NOW)).toEqual({
      ok: true,
      action: { type: 'contact', how: 'email', what: 'Bank needs 2 days', promise_at: null },
    });
    expect(buildAction('contact', draft({ text: 'x', promise: 'friday' }), NOW)).toMatchObject({ ok: false, problem: /clear it/ });
    expect(buildAction('contact', draft({ text: 'x', promise: utcToLocalInput(NOW - 60_000) }), NOW)).toMatchObject({
      ok: false,
      problem: /future/,
    });
    const later = utcToLocalInput(NOW + 5 * 3_600_000);
    expect(buildAction('contact', draft({ text: 'x', promise: later }), NOW)).toEqual({
      ok: true,
      action: { type: 'contact', how: 'phone', what: 'x', promise_at: localInputToUtc(later) },
    });
  });

  it('sends an e-mail only with an address, a subject and a message', () => {
    expect(buildAction('email', draft({ subject: 'Hi', text: 'x' }), NOW)).toMatchObject({ ok: false, problem: /no e-mail address/ });
    expect(buildAction('email', draft({ mailTo: 'o@example.com', text: 'x' }), NOW)).toMatchObject({ ok: false, problem: /subject/ });
    expect(buildAction('email', draft({ mailTo: 'o@example.com', subject: ' Hi ', text: 'Body' }), NOW)).toEqual({
      ok: true,
      email: { to: 'o@example.com', subject: 'Hi', body: 'Body' },
    });
  });

  it('corrects facts only when each has a value', () => {
    expect(buildAction('correct', draft({ facts: { invoice: ' ' } }), NOW)).toMatchObject({ ok: false });
    expect(buildAction('correct', draft({ facts: { invoice: 'INV-8' } }), NOW)).toEqual({
      ok: true,
      action: { type: 'correct', fields: { invoice: 'INV-8' } },
    });
  });

  it('merges into a chosen ticket, saying why', () => {
    expect(buildAction('merge', draft({ text: 'Same charge' }), NOW)).toMatchObject({ ok: false, problem: /stays/ });
    expect(buildAction('merge', draft({ into: 1013 }), NOW)).toMatchObject({ ok: false, problem: /same problem/ });
    expect(buildAction('merge', draft({ into: 1013, text: ' Same charge ' }), NOW)).toEqual({
      ok: true,
      merge: { into: 1013, reason: 'Same charge' },
    });
  });

  it('says what happened afterwards', () => {
    expect(doneMessage('pass', 12, 'Lena Fischer')).toBe('#12 passed up to Lena Fischer.');
    for (const kind of ALL) expect(doneMessage(kind, 1, 'X').length).toBeGreaterThan(0);
  });
});
