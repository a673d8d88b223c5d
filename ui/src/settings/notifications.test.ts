import { describe, expect, it } from 'vitest';
import { KINDS, toForm, toPreferences } from './notifications';

describe('notification preferences', () => {
  it('offers every kind, escalations first', () => {
    expect(KINDS.map((k) => k.due)).toEqual(['escalate', 'warn', 'handed', 'promise', 'reminder', 'idle']);
  });

  it('round-trips, with escalations always asked for', () => {
    const form = toForm({ kinds: ['escalate', 'warn'] });
    expect(form).toEqual({ kinds: ['escalate', 'warn'], quiet: false, from: '22:00', to: '07:00' });
    expect(toPreferences({ ...form, kinds: ['idle'], quiet: true, from: '21:30' })).toEqual({
      kinds: ['escalate', 'idle'],
      quiet: { from: '21:30', to: '07:00' },
    });
    expect(toForm({ kinds: [], quiet: { from: '12:00', to: '13:00' } }).quiet).toBe(true);
  });
});
