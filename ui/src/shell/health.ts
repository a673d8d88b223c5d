/**
 * What the desk's health asks everyone to see, on every screen: damage that makes it refuse
 * changes, and an audit trail that no longer holds what this install saw.
 */
import type { DeskHealth } from '../lib/bindings/ipc/DeskHealth';

export function healthAlarms(health: DeskHealth | null): string[] {
  if (!health) return [];
  const damaged =
    health.damaged &&
    `This desk is damaged and refuses changes: ${health.damaged.replace(/\.$/, '')}. Restore a backup in Settings → Backups and integrity, or by running baton restore FILE on this computer (signing in needs a sound desk).`;
  return [damaged, health.trail_alarm].filter((alarm): alarm is string => Boolean(alarm));
}
