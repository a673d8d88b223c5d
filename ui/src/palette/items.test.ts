import { describe, expect, it } from 'vitest';
import type { Ticket } from '../lib/bindings/Ticket';
import { SCREENS } from '../shell/screens';
import { isSearchable, moveActive, paletteItems, ticketNumber } from './items';

const ticket = (id: number, summary: string): Ticket => ({
  id,
  number: id,
  customer_id: 1,
  customer_name: 'Olivia Bennett',
  category_id: 1,
  category_name: 'Billing',
  summary,
  fields: {},
  channel: 'phone',
  intake_rep_id: 1,
  created_at: '2026-11-22T10:00:00Z',
  owner_id: 1,
  owner_name: 'Ana Souza',
  owner_since: '2026-11-22T10:00:00Z',
  status: 'open',
  due_at: '2026-11-23T06:00:00Z',
  warned_at: null,
  escalated_at: null,
  tickle_at: null,
  resolved_at: null,
  resolution: null,
  promise_at: '2026-11-23T06:00:00Z',
  small_step: null,
  realtime_offered: false,
  realtime_taken: false,
  version: 1,
  updated_at: '2026-11-22T10:00:00Z',
  merged_into: null,
  confirm_by: null,
  confirm_due_at: null,
  confirmed_at: null,
});

describe('ticketNumber', () => {
  it.each([
    ['1004', 1004],
    ['#1004', 1004],
    ['  # 1004 ', 1004],
    ['#', null],
    ['10 04', null],
    ['refund 1004', null],
    ['0', null],
    ['', null],
  ])('%j → %j', (q, n) => {
    expect(ticketNumber(q)).toBe(n);
  });
});

describe('isSearchable', () => {
  it('needs a letter or a digit', () => {
    expect(isSearchable('#')).toBe(false);
    expect(isSearchable('  ')).toBe(false);
    expect(isSearchable('#1')).toBe(true);
    expect(isSearchable('café')).toBe(true);
  });
});

describe('paletteItems', () => {
  it('offers every screen and switch user with no query', () => {
    const items = paletteItems('', [], SCREENS);
    expect(items.filter((i) => i.kind === 'screen')).toHaveLength(SCREENS.length);
    expect(items.at(-1)?.kind).toBe('switch-user');
  });

  it('puts tickets first, then matching screens', () => {
    const items = paletteItems('rep', [ticket(1004, 'Charged twice')], SCREENS);
    expect(items.map((i) => i.id)).toEqual(['ticket-1004', 'screen-reports']);
  });

  it('matches screens by word prefix and "go to"', () => {
    const ids = (q: string) => paletteItems(q, [], SCREENS).map((i) => i.id);
    expect(ids('near')).toEqual(['screen-near']);
    expect(ids('go to set')).toEqual(['screen-settings']);
    expect(ids('my t')).toEqual(['screen-mine', 'screen-team']);
    expect(ids('switch')).toEqual(['switch-user']);
    expect(ids('lock')).toEqual(['switch-user']);
    expect(ids('zzz')).toEqual([]);
  });
});

describe('moveActive', () => {
  it('wraps both ways', () => {
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});

describe('customers in the palette', () => {
  it('come first, as their own group, before the tickets', () => {
    const olivia = { id: 7, name: 'Olivia Bennett', phones: [], emails: [], notes: '', open_tickets: 1, recent_tickets: [] };
    const items = paletteItems('olivia', [ticket(1, 'Charged twice')], [], [olivia]);
    expect(items.map((i) => i.kind)).toEqual(['customer', 'ticket']);
    expect(items[0]).toMatchObject({ id: 'customer-7' });
  });
});

describe("the open ticket's actions in the palette", () => {
  it('are offered as its buttons name them, only those allowed', () => {
    const items = paletteItems('', [], [], [], { number: 1014, kinds: ['note', 'resolve'] });
    expect(items.filter((i) => i.kind === 'action').map((i) => (i as { label: string }).label)).toEqual([
      'Resolve #1014',
      'Note #1014',
    ]);
    const found = paletteItems('resolve', [], [], [], { number: 1014, kinds: ['note', 'resolve'] });
    expect(found.map((i) => i.id)).toEqual(['action-resolve']);
  });
});
