import { describe, expect, it } from 'vitest';
import type { Ticket } from '../lib/bindings/Ticket';
import { HOUR_MS, MINUTE_MS, markName } from '../lib/time';
import { formatLead, promiseCell, screenIdFor, showsOwner, statusLabel, timeLeftChip } from './rows';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const WARN = 2 * HOUR_MS;
/** The default policy's. */
const MARK = markName(20 * 60);
const iso = (ms: number) => new Date(ms).toISOString();

function facts(over: Partial<Ticket> = {}) {
  return {
    due_at: iso(NOW + 5 * HOUR_MS),
    escalated_at: null,
    status: 'open' as const,
    resolved_at: null,
    tickle_at: null,
    number: 1,
    ...over,
  };
}

describe('timeLeftChip', () => {
  it('is neutral with time to spare, and says when the mark falls', () => {
    const chip = timeLeftChip(facts(), WARN, MARK, NOW);
    expect(chip.label).toBe('5h');
    expect(chip.tone).toBe('neutral');
    expect(chip.title).toMatch(/^20-hour mark /);
    expect(chip.spoken).toBe('5h left');
  });

  it('turns amber inside the warning window', () => {
    const chip = timeLeftChip(facts({ due_at: iso(NOW + 90 * MINUTE_MS) }), WARN, MARK, NOW);
    expect(chip).toMatchObject({ label: '1h 30m', tone: 'amber', spoken: '1h 30m left, near escalation' });
  });

  it('turns red once escalated, and says since when', () => {
    const chip = timeLeftChip(
      facts({ due_at: iso(NOW - 5 * HOUR_MS), escalated_at: iso(NOW - 3 * HOUR_MS) }),
      WARN,
      MARK,
      NOW,
    );
    expect(chip.label).toBe('escalated 3h');
    expect(chip.tone).toBe('red');
    expect(chip.title).toContain('escalated');
    expect(chip.spoken).toBe('escalated 3h ago');
  });

  it('says overdue past the mark before the sweep escalates', () => {
    const chip = timeLeftChip(facts({ due_at: iso(NOW - 2 * HOUR_MS) }), WARN, MARK, NOW);
    expect(chip).toMatchObject({ label: 'overdue 2h', spoken: '2h past the mark' });
  });

  it('is red past the mark even before the sweep escalates', () => {
    expect(timeLeftChip(facts({ due_at: iso(NOW - MINUTE_MS) }), WARN, MARK, NOW).tone).toBe('red');
  });

  it('says resolved for a resolved ticket', () => {
    const chip = timeLeftChip(facts({ status: 'resolved', resolved_at: iso(NOW) }), WARN, MARK, NOW);
    expect(chip).toMatchObject({ label: 'Resolved', tone: 'neutral' });
  });
});

describe('statusLabel', () => {
  it('names escalation, a pending reminder, or open', () => {
    expect(statusLabel(facts(), NOW)).toBe('Open');
    expect(statusLabel(facts({ escalated_at: iso(NOW) }), NOW)).toBe('Escalated');
    expect(statusLabel(facts({ tickle_at: iso(NOW + HOUR_MS) }), NOW)).toMatch(/^Reminder /);
    expect(statusLabel(facts({ tickle_at: iso(NOW - HOUR_MS) }), NOW)).toBe('Open');
    expect(statusLabel(facts({ status: 'resolved' }), NOW)).toBe('Resolved');
  });
});

describe('columns', () => {
  it('shows the owner only where it is not you', () => {
    expect(showsOwner('mine')).toBe(false);
    expect(showsOwner('escalated_to_me')).toBe(false);
    expect(showsOwner('team')).toBe(true);
    expect(showsOwner('near_escalation')).toBe(true);
  });

  it('maps each queue to its rail screen', () => {
    expect(screenIdFor('mine')).toBe('mine');
    expect(screenIdFor('team')).toBe('team');
    expect(screenIdFor('near_escalation')).toBe('near');
    expect(screenIdFor('escalated_to_me')).toBe('escalated');
    expect(screenIdFor('all')).toBe('all');
  });
});

describe('formatLead', () => {
  it('says hours when it is whole hours', () => {
    expect(formatLead(240)).toBe('4 hours');
    expect(formatLead(60)).toBe('1 hour');
    expect(formatLead(90)).toBe('90 minutes');
    expect(formatLead(1)).toBe('1 minute');
  });
});

describe('promiseCell', () => {
  const promised = (at: number, over: Partial<Ticket> = {}) =>
    ({ promise_at: iso(at), status: 'open', resolved_at: null, ...over }) as Pick<Ticket, 'promise_at' | 'status' | 'resolved_at'>;

  it('is plain with time to spare, amber within the hour, red once missed', () => {
    expect(promiseCell(promised(NOW + 3 * HOUR_MS), NOW).tone).toBe('neutral');
    expect(promiseCell(promised(NOW + 45 * MINUTE_MS), NOW).tone).toBe('amber');
    const missed = promiseCell(promised(NOW - MINUTE_MS), NOW);
    expect(missed.tone).toBe('red');
    expect(missed.label).toMatch(/^missed /);
    expect(missed.title).toMatch(/missed$/);
  });

  it('says kept or missed once resolved', () => {
    const at = NOW - HOUR_MS;
    expect(promiseCell(promised(at, { status: 'resolved', resolved_at: iso(at - MINUTE_MS) }), NOW).label).toMatch(/^kept /);
    expect(promiseCell(promised(at, { status: 'resolved', resolved_at: iso(at + MINUTE_MS) }), NOW).tone).toBe('red');
  });
});
