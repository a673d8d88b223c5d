import { describe, expect, it } from 'vitest';
import type { DeskHealth } from '../lib/bindings/ipc/DeskHealth';
import { healthAlarms } from './health';

const healthy: DeskHealth = {
  damaged: null,
  trail_alarm: null,
  backups: { backups: [], note: null },
  backups_dir: '/data/baton/backups',
  backup_error: null,
  unreachable_since: null,
};

describe('healthAlarms', () => {
  it('says nothing about a healthy desk, or before it is known', () => {
    expect(healthAlarms(healthy)).toEqual([]);
    expect(healthAlarms(null)).toEqual([]);
  });

  it('says a damaged desk refuses changes and where to restore it', () => {
    expect(healthAlarms({ ...healthy, damaged: 'page 12 is unreadable.' })).toEqual([
      'This desk is damaged, so it takes no changes until an administrator restores a backup (Settings → Backups and integrity): page 12 is unreadable.',
    ]);
  });

  it('passes the audit trail’s alarm on as it is, after the damage', () => {
    const alarm = 'The audit trail no longer holds event 42 as this workstation saw it.';
    expect(healthAlarms({ ...healthy, damaged: 'x', trail_alarm: alarm })).toHaveLength(2);
    expect(healthAlarms({ ...healthy, trail_alarm: alarm })).toEqual([alarm]);
  });

  it('says since when the shared desk’s server has not answered, and that what is shown stays', () => {
    const since = new Date(2026, 10, 30, 10, 42).toISOString();
    const [alarm] = healthAlarms({ ...healthy, unreachable_since: since }, new Date(2026, 10, 30, 11, 0).getTime());
    expect(alarm).toMatch(/^Can’t reach the desk server since 10:42( AM)? — showing what was loaded/);
  });
});
