import { describe, expect, it } from 'vitest';
import { BatonError } from '../lib/api/error';
import type { CustomerMatch } from '../lib/bindings/CustomerMatch';
import type { Person } from '../lib/bindings/Person';
import type { Role } from '../lib/bindings/Role';
import { formatBytes } from './backups';
import { formatMinutes, joinMinutes, splitMinutes } from './duration';
import { contactsOf, erasureError, erasureResult, ticketsOf } from './erasure';
import { emptyRow, keyFromLabel, toNewCategory } from './fields';
import { closingMinutes, fromClock, timeZones, toClock } from './hours';
import {
  activePeople,
  deactivationPreview,
  deactivationResult,
  mayChangeSetUp,
  isBelow,
  moveTargets,
  orgTree,
} from './org';

describe('durations', () => {
  it('splits and joins minutes', () => {
    expect(splitMinutes(1200)).toEqual({ hours: 20, minutes: 0 });
    expect(splitMinutes(95)).toEqual({ hours: 1, minutes: 35 });
    expect(joinMinutes(20, 0)).toBe(1200);
    expect(joinMinutes('1', '35')).toBe(95);
    expect(joinMinutes('', '45')).toBe(45);
    expect(joinMinutes(null, null)).toBe(0);
  });

  it('refuses what is not a whole number', () => {
    expect(joinMinutes('1.5', 0)).toBeNull();
    expect(joinMinutes(-1, 0)).toBeNull();
    expect(joinMinutes(1, 'x')).toBeNull();
  });

  it('formats', () => {
    expect(formatMinutes(1200)).toBe('20 h');
    expect(formatMinutes(210)).toBe('3 h 30 min');
    expect(formatMinutes(45)).toBe('45 min');
  });
});

const p = (id: number, name: string, role: Role, reports_to: number | null, active = true): Person => ({
  id,
  name,
  role,
  reports_to,
  active,
  has_pin: true,
});

describe('desk hours', () => {
  it('shows minutes after midnight as times of day, and reads them back', () => {
    expect(toClock(540)).toBe('09:00');
    expect(toClock(1050)).toBe('17:30');
    expect(fromClock('09:00')).toBe(540);
    expect(fromClock('17:30')).toBe(1050);
    expect(fromClock('')).toBeNull();
    expect(fromClock('25:00')).toBeNull();
  });

  it('reads closing at midnight as the end of the day', () => {
    expect(closingMinutes('00:00')).toBe(24 * 60);
    expect(toClock(24 * 60)).toBe('00:00');
    expect(closingMinutes('17:30')).toBe(1050);
    expect(closingMinutes('')).toBeNull();
  });

  it('suggests UTC among the time zones', () => {
    expect(timeZones()).toContain('UTC');
  });
});

describe('orgTree', () => {
  const people = [
    p(5, 'Zed Rep', 'rep', 3),
    p(3, 'Lena Lead', 'lead', 2),
    p(2, 'Maya Manager', 'manager', 1),
    p(1, 'Grace Exec', 'executive', null),
    p(4, 'Adam Rep', 'rep', 3),
    p(6, 'Tom Manager', 'manager', 1, false),
    p(7, 'Orphan', 'rep', 99),
  ];

  it('lists each person under their superior, depth-first', () => {
    expect(orgTree(people).map((r) => [r.person.name, r.depth])).toEqual([
      ['Grace Exec', 0],
      ['Maya Manager', 1],
      ['Lena Lead', 2],
      ['Adam Rep', 3],
      ['Zed Rep', 3],
      ['Tom Manager', 1],
      ['Orphan', 0],
    ]);
  });

  it('keeps only active people for choosing', () => {
    expect(activePeople(people).map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('does not loop on a cycle', () => {
    expect(orgTree([p(1, 'A', 'rep', 2), p(2, 'B', 'rep', 1)])).toEqual([]);
  });
});

describe('moving and deactivating', () => {
  const people = [
    p(1, 'Grace Exec', 'executive', null),
    p(2, 'Maya Manager', 'manager', 1),
    p(3, 'Lena Lead', 'lead', 2),
    p(4, 'Adam Rep', 'rep', 3),
    p(5, 'Tom Manager', 'manager', 1),
    p(6, 'Gone Lead', 'lead', 5, false),
    p(7, 'Zed Rep', 'rep', 6),
  ];
  const byId = (id: number) => people.find((x) => x.id === id)!;

  it('offers as superiors only active people neither them nor below them, of their rank or above', () => {
    expect(moveTargets(people, byId(2)).map((x) => x.id)).toEqual([1, 5]);
    expect(moveTargets(people, byId(4)).map((x) => x.id)).toEqual([1, 2, 3, 5, 7]);
  });

  it('offers a manager only their own part of the organisation', () => {
    expect(isBelow(people, 4, 2)).toBe(true);
    expect(isBelow(people, 7, 2)).toBe(false);
    expect(isBelow(people, 2, 2)).toBe(false);
    expect(moveTargets(people, byId(4), 2).map((x) => x.id)).toEqual([2, 3]);
  });

  it('says what a deactivation will do, then what it did', () => {
    const rehearsed = (tickets: number[], moved: number[]) => ({
      person: byId(4),
      successor: byId(3),
      tickets_handed_over: tickets,
      people_moved: moved,
    });
    expect(deactivationPreview(rehearsed([1, 2, 3], [5, 6]))).toBe('Their 3 open tickets and their 2 reports go to Lena Lead.');
    expect(deactivationPreview(rehearsed([1], []))).toBe('Their 1 open ticket goes to Lena Lead.');
    expect(deactivationPreview(rehearsed([], [5]))).toBe('Their 1 report goes to Lena Lead.');
    expect(deactivationPreview(rehearsed([], []))).toBe('They hold no open tickets and nobody reports to them.');
    expect(
      deactivationResult({
        person: { ...byId(4), active: false },
        successor: byId(3),
        tickets_handed_over: [1001, 1002, 1003],
        people_moved: [],
      }),
    ).toBe('Adam Rep is no longer active; 3 open tickets and 0 people went to Lena Lead.');
  });
});

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(912)).toBe('912 bytes');
    expect(formatBytes(48_213)).toBe('48 KB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(999_600)).toBe('1.0 MB');
    expect(formatBytes(12_000_000_000)).toBe('12 GB');
  });
});

describe('mayChangeSetUp', () => {
  it('offers the forms to managers and executives', () => {
    expect(mayChangeSetUp('executive')).toBe(true);
    expect(mayChangeSetUp('manager')).toBe(true);
    expect(mayChangeSetUp('lead')).toBe(false);
    expect(mayChangeSetUp('rep')).toBe(false);
    expect(mayChangeSetUp(undefined)).toBe(false);
  });
});

describe('category form', () => {
  it('makes keys from labels', () => {
    expect(keyFromLabel('Order number')).toBe('order_number');
    expect(keyFromLabel('  Café #2 ')).toBe('cafe_2');
    expect(keyFromLabel('###')).toBe('');
    expect(keyFromLabel('a'.repeat(39) + ' b')).toBe('a'.repeat(39));
  });

  it('drops blank rows and splits small steps by line', () => {
    expect(
      toNewCategory({
        name: 'Returns',
        rows: [
          { key: '', label: 'Order number', required: true, keyEdited: false },
          emptyRow(),
          { key: 'reason', label: '', required: false, keyEdited: true },
        ],
        realtime: true,
        smallSteps: 'Send a label\n\n  Offer a refund  \n',
        defaultOwnerId: 4,
      }),
    ).toEqual({
      name: 'Returns',
      fields: [
        { key: 'order_number', label: 'Order number', required: true },
        { key: 'reason', label: '', required: false },
      ],
      realtime: true,
      small_steps: ['Send a label', 'Offer a refund'],
      default_owner_id: 4,
    });
  });
});

describe('erasing a customer', () => {
  const match = (over: Partial<CustomerMatch> = {}): CustomerMatch => ({
    id: 7,
    name: 'Olivia Brown',
    phones: [],
    emails: [],
    notes: '',
    open_tickets: 0,
    recent_tickets: [],
    ...over,
  });
  const summary = { id: 1, number: 1042, summary: 'Late parcel', status: 'open' as const, created_at: '', owner_name: 'Ben', resolved_at: null, merged_into: null };

  it('shows a match by its contacts and tickets', () => {
    expect(contactsOf(match({ phones: ['555 010 2000'], emails: ['olivia@example.com'] }))).toBe(
      '555 010 2000 · olivia@example.com',
    );
    expect(contactsOf(match())).toBe('No phone or email on file');
    expect(ticketsOf(match())).toBe('No tickets');
    expect(ticketsOf(match({ open_tickets: 1, recent_tickets: [summary, summary] }))).toBe('1 open · 2 recent');
  });

  it('says what an erasure did', () => {
    expect(erasureResult({ customer_id: 7, tickets: [1, 2, 3], events_erased: 12 })).toBe('Erased: 3 tickets, 12 events.');
    expect(erasureResult({ customer_id: 7, tickets: [1], events_erased: 1 })).toBe('Erased: 1 ticket, 1 event.');
  });

  it('words the failures an admin can act on', () => {
    expect(erasureError(new BatonError('invalid', 'the reason for erasing is required'))).toBe(
      'the reason for erasing is required',
    );
  });
});
