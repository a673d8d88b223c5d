import { describe, expect, it } from 'vitest';
import { forAction, offered, toLines, toSnippets, withSnippet } from './snippets';

describe('saved texts', () => {
  it('are one per line in the form, blank lines dropped', () => {
    const s = { resolutions: ['Refunded', 'Sent a label'], steps: [], callbacks: ['Called back'] };
    expect(toLines(s)).toEqual({ resolutions: 'Refunded\nSent a label', steps: '', callbacks: 'Called back' });
    expect(toSnippets({ resolutions: ' Refunded \n\n  Sent a label', steps: '\n', callbacks: 'Called back' })).toEqual(s);
  });

  it('are offered before the category’s own steps, each once', () => {
    expect(offered(['Checked invoices', 'Explain the charge'], ['Explain the charge', 'Offer a refund'])).toEqual([
      'Checked invoices',
      'Explain the charge',
      'Offer a refund',
    ]);
  });
});

describe('saved texts in a ticket’s forms', () => {
  const saved = { resolutions: ['Refunded'], steps: ['Checked invoices'], callbacks: ['Called back'] };
  it('are the kind the form needs', () => {
    expect(forAction('resolve', saved)).toEqual(['Refunded']);
    expect(forAction('note', saved)).toEqual(['Checked invoices']);
    expect(forAction('contact', saved)).toEqual(['Called back']);
    expect(forAction('pass', saved)).toEqual([]);
    expect(forAction('resolve', null)).toEqual([]);
  });

  it('add to what was typed instead of replacing it', () => {
    expect(withSnippet('', 'Refunded')).toBe('Refunded');
    expect(withSnippet('Spoke to the bank.  \n', 'Refunded')).toBe('Spoke to the bank.\nRefunded');
  });
});
