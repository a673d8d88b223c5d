/**
 * What the desk's health asks everyone to see, on every screen: damage that makes it refuse
 * changes, and an audit trail that no longer holds what this install saw.
 */
import type { DeskHealth } from '../lib/bindings/ipc/DeskHealth';
import { formatShort } from '../queues/format';

/** The banner's words while the shared desk's server does not answer. */
export function unreachable(since: string, now: number): string {
  return `Can’t reach the desk server since ${formatShort(since, now)} — showing what was loaded. Baton reconnects by itself.`;
}

export function healthAlarms(health: DeskHealth | null, now: number = Date.now()): string[] {
  if (!health) return [];
  if (health.unreachable_since) return [unreachable(health.unreachable_since, now)];
  const damaged =
    health.damaged &&
    `This desk is damaged, so it takes no changes until an administrator restores a backup (Settings → Backups and integrity): ${health.damaged.replace(/\.$/, '')}.`;
  return [damaged, health.trail_alarm].filter((alarm): alarm is string => Boolean(alarm));
}
