import { describe, expect, it } from 'vitest';
import { createStash } from './stash';

describe('createStash', () => {
  it('gives back what was kept under the same key only, until dropped', () => {
    const s = createStash<{ text: string }>();
    s.keep('3:1014', { text: 'Refunded the second charge' });
    expect(s.get('4:1014')).toBeUndefined();
    expect(s.get('3:1014')).toEqual({ text: 'Refunded the second charge' });
    s.keep('3:1014', { text: 'Refunded both' });
    expect(s.get('3:1014')?.text).toBe('Refunded both');
    s.drop('3:1014');
    expect(s.get('3:1014')).toBeUndefined();
  });
});
