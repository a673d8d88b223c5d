import { describe, expect, it } from 'vitest';
import { firstMissing, missingFields } from './missing';

describe('missingFields', () => {
  it('names every missing field from one error', () => {
    expect(
      missingFields({
        kind: 'missing_fields',
        fields: ['summary', 'account_number', 'invoice_number'],
      }),
    ).toEqual(['summary', 'account_number', 'invoice_number']);
  });

  it('ignores other errors', () => {
    expect(missingFields({ kind: 'invalid', fields: ['x'] })).toBeNull();
  });

  it('finds the first in form order', () => {
    const missing = new Set(['invoice_number', 'account_number']);
    expect(firstMissing(['summary', 'account_number', 'invoice_number'], missing)).toBe('account_number');
    expect(firstMissing(['summary'], missing)).toBeNull();
  });
});
