import { describe, expect, it } from 'vitest';
import type { Person } from '../lib/bindings/Person';
import { initials, lockedUntil, nameMatches, signInChoices } from './people';
import { loadedDemo, rememberDemo } from './demo';

const person = (id: number, name: string, active = true): Person => ({
  id,
  name,
  role: 'rep',
  reports_to: null,
  active,
  has_pin: true,
});

describe('sign-in choices', () => {
  const people = [
    person(1, 'Maya Patel'),
    person(2, 'Ana Souza'),
    person(3, 'Old Timer', false),
    person(4, 'Élise Roux'),
  ];

  it('lists active people by name', () => {
    expect(signInChoices(people, '').map((p) => p.id)).toEqual([2, 4, 1]);
  });

  it('filters on the start of any word, ignoring case and accents', () => {
    expect(signInChoices(people, 'pat').map((p) => p.id)).toEqual([1]);
    expect(signInChoices(people, 'eli').map((p) => p.id)).toEqual([4]);
    expect(signInChoices(people, ' MAYA ').map((p) => p.id)).toEqual([1]);
    expect(signInChoices(people, 'old')).toEqual([]);
    expect(signInChoices(people, 'atel')).toEqual([]);
  });

  it('matches a whole-name prefix with a space', () => {
    expect(nameMatches('Maya Patel', 'maya p')).toBe(true);
  });
});

describe('initials', () => {
  it('takes the first letters of two words', () => {
    expect(initials('Grace Hopper')).toBe('GH');
    expect(initials('grace brewster murray hopper')).toBe('GB');
    expect(initials('Cher')).toBe('C');
    expect(initials('  ')).toBe('');
  });
});

describe('lockedUntil', () => {
  it('reads the instant from the core message', () => {
    const at = lockedUntil(
      'Maya Patel is locked out until 2026-11-22 10:05:00.123 UTC after too many wrong PINs',
    );
    expect(at?.toISOString()).toBe('2026-11-22T10:05:00.123Z');
  });

  it('accepts RFC 3339 and whole seconds', () => {
    expect(lockedUntil('until 2026-01-02T03:04:05Z')?.toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
  });

  it('gives null when there is no instant', () => {
    expect(lockedUntil('locked out for a while')).toBeNull();
  });
});

describe('demo flag', () => {
  it('remembers the loaded demo', () => {
    expect(loadedDemo()).toBeNull();
    rememberDemo({ people: 11, customers: 12, categories: 4, tickets: 14, pin: '1234' });
    expect(loadedDemo()?.pin).toBe('1234');
  });
});
