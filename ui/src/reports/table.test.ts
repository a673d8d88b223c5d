import { describe, expect, it } from 'vitest';
import type { PersonFigures } from '../lib/bindings/PersonFigures';
import { person } from './fixtures';
import { formatHours, formatRatio, formatSampled, nextSort, sortPeople } from './table';

const ROWS = [
  person(1, 'Ana Souza', { solved: 5, passed: 1, buck_passing_ratio: 1 / 6, median_hours_to_solve: 2.5 }),
  person(2, 'Ben Carter', { solved: 1, passed: 3, buck_passing_ratio: 0.75, median_hours_to_solve: 8 }),
  person(3, 'Grace Hopper', { role: 'executive', solved: 1, buck_passing_ratio: 0, median_hours_to_solve: 30 }),
  person(4, 'Chloe Martin', { solved: 1 , passed: 1, buck_passing_ratio: 0.5 }),
  person(5, 'Dev Kumar'),
];

const names = (rows: PersonFigures[]) => rows.map((r) => r.name);

describe('sortPeople', () => {
  it('sorts numbers largest first by default, ties by name', () => {
    expect(names(sortPeople(ROWS, { key: 'solved', dir: 'desc' }))).toEqual([
      'Ana Souza',
      'Ben Carter',
      'Chloe Martin',
      'Grace Hopper',
      'Dev Kumar',
    ]);
  });

  it('puts people without a figure last in both directions', () => {
    expect(names(sortPeople(ROWS, { key: 'buck_passing_ratio', dir: 'desc' }))).toEqual([
      'Ben Carter',
      'Chloe Martin',
      'Ana Souza',
      'Grace Hopper',
      'Dev Kumar',
    ]);
    expect(names(sortPeople(ROWS, { key: 'buck_passing_ratio', dir: 'asc' })).at(-1)).toBe('Dev Kumar');
    expect(names(sortPeople(ROWS, { key: 'median_hours_to_solve', dir: 'asc' }))).toEqual([
      'Ana Souza',
      'Ben Carter',
      'Grace Hopper',
      'Chloe Martin',
      'Dev Kumar',
    ]);
  });

  it('sorts names and roles', () => {
    expect(names(sortPeople(ROWS, { key: 'name', dir: 'asc' }))[0]).toBe('Ana Souza');
    expect(names(sortPeople(ROWS, { key: 'name', dir: 'desc' }))[0]).toBe('Grace Hopper');
    expect(names(sortPeople(ROWS, { key: 'role', dir: 'desc' }))[0]).toBe('Grace Hopper');
  });

  it('leaves its input alone', () => {
    const before = names([...ROWS]);
    sortPeople(ROWS, { key: 'passed', dir: 'asc' });
    expect(names([...ROWS])).toEqual(before);
  });

  it('flips a column clicked twice, and starts numbers descending', () => {
    expect(nextSort({ key: 'solved', dir: 'desc' }, 'solved')).toEqual({ key: 'solved', dir: 'asc' });
    expect(nextSort({ key: 'solved', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'passed')).toEqual({ key: 'passed', dir: 'desc' });
  });
});

describe('figures as shown', () => {
  it('formats the ratio as a percentage', () => {
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(0)).toBe('0%');
    expect(formatRatio(0.75)).toBe('75%');
    expect(formatRatio(1 / 3)).toBe('33%');
  });

  it('formats hours to solve', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(0.5)).toBe('30 min');
    expect(formatHours(2.46)).toBe('2.5 h');
    expect(formatHours(30.4)).toBe('30 h');
  });

  it('says what a ratio is of', () => {
    expect(formatSampled(null, 0)).toBe('—');
    expect(formatSampled(1, 1)).toBe('100% of 1');
  });
});
