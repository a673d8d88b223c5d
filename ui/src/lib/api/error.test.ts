import { describe, expect, it } from 'vitest';
import { BatonError, toBatonError } from './error';

describe('toBatonError', () => {
  it('keeps the kind and message of a backend error', () => {
    const err = toBatonError({ kind: 'stale', message: 'Ana changed this ticket at 10:02', fields: [], until: null });
    expect(err).toBeInstanceOf(BatonError);
    expect(err.kind).toBe('stale');
    expect(err.message).toBe('Ana changed this ticket at 10:02');
  });

  it('carries who changed a ticket and when, for a stale refusal', () => {
    const stale = toBatonError({
      kind: 'stale',
      message: 'x',
      fields: [],
      until: null,
      changed_by: 'Maya Patel',
      changed_at: '2026-11-22T10:05:00Z',
    });
    expect(stale.changed).toEqual({ by: 'Maya Patel', at: '2026-11-22T10:05:00Z' });
    expect(toBatonError({ kind: 'stale', message: 'x' }).changed).toBeNull();
  });

  it('carries the missing fields and the end of a lockout', () => {
    const missing = toBatonError({ kind: 'missing_fields', message: 'x', fields: ['summary', 'account'], until: null });
    expect(missing.fields).toEqual(['summary', 'account']);
    const locked = toBatonError({ kind: 'locked_out', message: 'x', fields: [], until: '2026-11-22T10:05:00Z' });
    expect(locked.until).toBe('2026-11-22T10:05:00Z');
    expect(toBatonError({ kind: 'invalid', message: 'x' }).fields).toEqual([]);
  });

  it('treats a bare string as a refused IPC call', () => {
    const err = toBatonError('app_info not allowed');
    expect(err.kind).toBe('ipc');
    expect(err.message).toBe('app_info not allowed');
  });

  it('wraps other errors as internal', () => {
    expect(toBatonError(new TypeError('boom')).kind).toBe('internal');
    expect(toBatonError(42).message).toBe('42');
    expect(toBatonError({ kind: 3 }).kind).toBe('internal');
  });

  it('passes a BatonError through unchanged', () => {
    const original = new BatonError('forbidden', 'Only the owner may pass a ticket');
    expect(toBatonError(original)).toBe(original);
  });
});
