import { describe, expect, it } from 'vitest';
import type { Person } from '../lib/bindings/Person';
import { initials, nameMatches, signInChoices } from './people';
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

describe('demo flag', () => {
  it('remembers the loaded demo', () => {
    expect(loadedDemo()).toBeNull();
    rememberDemo({ people: 11, customers: 12, categories: 4, tickets: 14, pin: '1234' });
    expect(loadedDemo()?.pin).toBe('1234');
  });
});
