import { describe, expect, it } from 'vitest';
import type { Event } from '../lib/bindings/Event';
import type { EventKind } from '../lib/bindings/EventKind';
import { markName } from '../lib/time';
import { describeEvent } from './timeline';

const NOW = '2026-11-22T12:00:00Z';
/** The default policy's. */
const MARK = markName(20 * 60);

function ev(over: Partial<Event>): Event {
  return {
    id: 1,
    ticket_id: 7,
    kind: 'note',
    at: NOW,
    actor_id: 1,
    actor_name: 'Ana Souza',
    from_id: null,
    from_name: null,
    to_id: null,
    to_name: null,
    text: null,
    tickle_at: null,
    delighted: null,
    how: null,
    promise_at: null,
    inbound: false,
    merged_into: null,
    merged_from: null,
    prevention: null,
    heard_back: null,
    ...over,
  };
}

const line = (e: Event) => {
  const d = describeEvent(e, MARK, NOW);
  return `${d.actor} ${d.what}`;
};

describe('describeEvent', () => {
  it('says who took the call in and who holds it', () => {
    expect(line(ev({ kind: 'created', to_name: 'Ana Souza', text: 'Charged twice' }))).toBe(
      'Ana Souza took it in and holds it',
    );
    expect(line(ev({ kind: 'created', to_name: 'Priya Nair', text: 'No internet' }))).toBe(
      'Ana Souza took it in for Priya Nair',
    );
    // The summary is shown with the ticket, not repeated in the timeline.
    expect(describeEvent(ev({ kind: 'created', text: 'x' }), MARK, NOW).text).toBeNull();
  });

  it('names both ends of a handover and keeps the reason', () => {
    const pass = describeEvent(
      ev({ kind: 'passed', actor_name: 'Ben Carter', from_name: 'Ben Carter', to_name: 'Lena Fischer', text: 'Above my limit' }),
      MARK,
      NOW,
    );
    expect(`${pass.actor} ${pass.what}`).toBe('Ben Carter passed it up to Lena Fischer');
    expect(pass).toMatchObject({ text: 'Above my limit', textLabel: 'Reason', system: false });

    expect(line(ev({ kind: 'taken', actor_name: 'Lena Fischer', from_name: 'Ana Souza', to_name: 'Lena Fischer' }))).toBe(
      'Lena Fischer took it from Ana Souza',
    );
    expect(line(ev({ kind: 'assigned', actor_name: 'Tom Okafor', from_name: 'Dev Kumar', to_name: 'Eli Cohen', text: 'r' }))).toBe(
      'Tom Okafor assigned it from Dev Kumar to Eli Cohen',
    );
    expect(line(ev({ kind: 'assigned', actor_name: 'Tom Okafor', from_name: 'Tom Okafor', to_name: 'Eli Cohen', text: 'r' }))).toBe(
      'Tom Okafor assigned it to Eli Cohen',
    );
  });

  it('signs the deadline sweep "Baton"', () => {
    const esc = describeEvent(
      ev({ kind: 'escalated', actor_id: null, actor_name: null, from_name: 'Ana Souza', to_name: 'Grace Hopper' }),
      MARK,
      NOW,
    );
    expect(`${esc.actor} ${esc.what}`).toBe('Baton escalated it from Ana Souza to Grace Hopper at the 20-hour mark');
    expect(esc).toMatchObject({ system: true, tone: 'red' });
    const stayed = describeEvent(
      ev({ kind: 'escalated', actor_id: null, actor_name: null, from_id: 9, from_name: 'Grace Hopper', to_id: 9, to_name: 'Grace Hopper' }),
      MARK,
      NOW,
    );
    expect(stayed.what).toBe('saw it pass the 20-hour mark with Grace Hopper, nobody above to take it');

    const warn = describeEvent(ev({ kind: 'warned', actor_id: null, actor_name: null, to_name: 'Ana Souza' }), MARK, NOW);
    expect(`${warn.actor} ${warn.what}`).toBe('Baton warned Ana Souza: the 20-hour mark is near');
    expect(warn.tone).toBe('amber');

    expect(line(ev({ kind: 'tickled', actor_id: null, actor_name: null, to_name: 'Ben Carter', text: 'reminder' }))).toBe(
      'Baton reminded Ben Carter, as they asked',
    );
    expect(
      line(ev({ kind: 'tickled', actor_id: null, actor_name: null, to_name: 'Ben Carter', text: 'idle for 240 minutes' })),
    ).toBe('Baton reminded Ben Carter: nothing has happened for 4 hours');
    expect(
      line(ev({ kind: 'tickled', actor_id: null, actor_name: null, to_name: 'Ben Carter', text: 'idle for 90 minutes' })),
    ).toBe('Baton reminded Ben Carter: nothing has happened for 90 minutes');
    expect(line(ev({ kind: 'tickled', actor_id: null, actor_name: null, to_name: 'Ben Carter', text: 'promise' }))).toBe(
      'Baton reminded Ben Carter of the time promised to the customer',
    );
  });

  it('says which ticket a merge joined, from either side', () => {
    expect(line(ev({ kind: 'merged', merged_from: 1014, text: 'same charge' }))).toBe('Ana Souza merged #1014 into this ticket');
    expect(describeEvent(ev({ kind: 'merged', merged_into: 1013, text: 'Merged into #1013: same charge' }), MARK, NOW)).toMatchObject({
      what: 'merged it into #1013',
      text: 'same charge',
    });
    const heard = describeEvent(ev({ kind: 'contacted', how: 'phone', inbound: true, text: 'Asks again' }), MARK, NOW);
    expect(heard.what).toBe('took a call from the customer about it');
    const chatted = describeEvent(ev({ kind: 'contacted', how: 'chat', inbound: true, text: 'Asks again' }), MARK, NOW);
    expect(chatted.what).toBe('took a chat from the customer about it');
  });

  it('says how the customer was reached, and any new time promised', () => {
    const told = describeEvent(ev({ kind: 'contacted', how: 'phone', text: 'Bank needs two days' }), MARK, NOW);
    expect(told).toMatchObject({ what: 'phoned the customer', text: 'Bank needs two days', textLabel: 'Told them', tone: 'neutral' });
    const promised = describeEvent(ev({ kind: 'contacted', how: 'email', promise_at: '2026-11-23T09:00:00Z', text: 'x' }), MARK, NOW);
    expect(promised.what).toMatch(/^e-mailed the customer and promised /);
    expect(promised.tone).toBe('amber');
  });

  it('keeps resolutions, reopen reasons, notes and feedback', () => {
    expect(describeEvent(ev({ kind: 'resolved', text: 'Refunded' }), MARK, NOW)).toMatchObject({
      what: 'resolved it',
      text: 'Refunded',
      textLabel: 'Resolution',
      tone: 'good',
    });
    expect(
      describeEvent(ev({ kind: 'resolved', text: 'Refunded', prevention: 'Plans need a confirmation' }), MARK, NOW).text,
    ).toBe('Refunded\nTo stop it happening again: Plans need a confirmation');
    expect(describeEvent(ev({ kind: 'tickled', to_name: 'Ana Souza', text: 'confirm' }), MARK, NOW).what).toBe(
      'reminded Ana Souza to confirm the customer heard back',
    );
    expect(describeEvent(ev({ kind: 'confirmed', heard_back: false }), MARK, NOW)).toMatchObject({
      what: 'could not reach the customer yet to confirm they heard back',
      tone: 'amber',
    });
    expect(describeEvent(ev({ kind: 'confirmed', heard_back: true, text: 'Glad' }), MARK, NOW)).toMatchObject({
      what: 'confirmed that the customer heard back',
      text: 'Glad',
      tone: 'good',
    });
    expect(describeEvent(ev({ kind: 'customer_feedback', delighted: false, text: 'Rude' }), MARK, NOW)).toMatchObject({
      what: 'put a complaint on the board',
      tone: 'bad',
    });
    expect(describeEvent(ev({ kind: 'reopened', from_name: 'Lena Fischer', text: 'Came back' }), MARK, NOW)).toMatchObject({
      what: 'reopened it (it was with Lena Fischer)',
      textLabel: 'Reason',
    });
    expect(describeEvent(ev({ kind: 'note', text: 'Photos received' }), MARK, NOW)).toMatchObject({
      what: 'added a note',
      text: 'Photos received',
    });
    expect(describeEvent(ev({ kind: 'feedback', delighted: true, text: 'Same day!' }), MARK, NOW)).toMatchObject({
      what: 'recorded that the customer was delighted',
      tone: 'good',
      textLabel: 'Customer said',
    });
    expect(describeEvent(ev({ kind: 'feedback', delighted: false, text: 'Too slow' }), MARK, NOW)).toMatchObject({
      what: 'recorded a complaint',
      tone: 'bad',
    });
  });

  it('shows a hand-over on deactivation like an assignment, with the reason', () => {
    const handed = describeEvent(
      ev({ kind: 'handed_over', actor_name: 'Grace Hopper', from_name: 'Ben Carter', to_name: 'Lena Fischer', text: 'Ben Carter is no longer active' }),
      MARK,
      NOW,
    );
    expect(`${handed.actor} ${handed.what}`).toBe('Grace Hopper handed it from Ben Carter to Lena Fischer');
    expect(handed).toMatchObject({ text: 'Ben Carter is no longer active', textLabel: 'Reason', system: false });

    // Deactivated at the command line: the administrator's act, not the sweep's.
    const cli = describeEvent(ev({ kind: 'handed_over', actor_id: null, actor_name: null, from_name: 'Ben Carter', to_name: 'Lena Fischer' }), MARK, NOW);
    expect(cli).toMatchObject({ actor: 'Administrator (command line)', system: false });
  });

  it('reads a set-up change as its text', () => {
    expect(describeEvent(ev({ kind: 'person_moved', text: 'Sam Rep now reports to Lena Fischer' }), MARK, NOW)).toMatchObject({
      actor: 'Ana Souza',
      what: 'Sam Rep now reports to Lena Fischer',
      text: null,
      tone: 'neutral',
    });
    expect(describeEvent(ev({ kind: 'pin_set', actor_id: null, actor_name: null, text: 'PIN set for Sam Rep' }), MARK, NOW)).toMatchObject({
      actor: 'Administrator (command line)',
      what: 'PIN set for Sam Rep',
      system: false,
    });
  });

  it('gives a reminder its local time', () => {
    const d = describeEvent(ev({ kind: 'tickle_set', tickle_at: '2026-11-23T09:00:00Z' }), MARK, NOW);
    expect(d.what).toMatch(/^set a reminder for .*\d/);
    expect(d.text).toBeNull();
  });

  it('gives the reason for an erasure', () => {
    expect(line(ev({ kind: 'customer_erased', actor_name: 'Grace Hopper', text: 'asked by the customer' }))).toBe(
      'Grace Hopper erased a customer’s personal data: asked by the customer',
    );
  });

  it('describes every kind of event', () => {
    const kinds: Record<EventKind, true> = {
      created: true,
      passed: true,
      taken: true,
      assigned: true,
      resolved: true,
      reopened: true,
      note: true,
      tickle_set: true,
      tickled: true,
      warned: true,
      escalated: true,
      feedback: true,
      handed_over: true,
      person_added: true,
      person_moved: true,
      person_deactivated: true,
      pin_set: true,
      policy_changed: true,
      category_added: true,
      hours_changed: true,
      customer_erased: true,
      contacted: true,
      merged: true,
      customer_noted: true,
      corrected: true,
      preferences_set: true,
      snippets_set: true,
      customer_feedback: true,
      learned: true,
      confirmed: true,
    };
    for (const kind of Object.keys(kinds) as EventKind[]) {
      const d = describeEvent(ev({ kind }), MARK, NOW);
      expect(d.what.length, kind).toBeGreaterThan(0);
      expect(d.what, kind).not.toContain('undefined');
      expect(d.what, kind).not.toContain('null');
    }
  });
});
