import { describe, expect, it } from 'vitest';
import { classifyLookup, prefillCustomer, splitList } from './lookup';

describe('classifyLookup', () => {
  it.each([
    ['555.010.2000', 'phone'],
    ['+1 (555) 010-2000', 'phone'],
    ['0044 20 7946 0018', 'phone'],
    ['olivia.bennett@example.com', 'email'],
    ['olivia@', 'email'],
    ['Olivia', 'name'],
    ['Flat 12', 'name'],
    ['55', 'name'],
  ])('%s is a %s', (query, kind) => {
    expect(classifyLookup(query)).toBe(kind);
  });
});

describe('prefillCustomer', () => {
  it('puts what was typed where it belongs', () => {
    expect(prefillCustomer(' 555 010 2999 ')).toEqual({
      name: '',
      phones: ['555 010 2999'],
      emails: [],
      notes: '',
    });
    expect(prefillCustomer('new@example.com').emails).toEqual(['new@example.com']);
    expect(prefillCustomer('Rosa Park').name).toBe('Rosa Park');
  });
});

describe('splitList', () => {
  it('splits on commas and semicolons, keeping spaces inside numbers', () => {
    expect(splitList('555 010 2000, +44 20 7946 0018; ')).toEqual(['555 010 2000', '+44 20 7946 0018']);
    expect(splitList('  ')).toEqual([]);
  });
});
