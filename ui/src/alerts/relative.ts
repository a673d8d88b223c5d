/**
 * "5 min ago", for the alerts list. Takes `now`; reads no clock.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, toEpochMs, type Instant } from '../lib/time';

export function relativeTime(at: Instant, now: Instant): string {
  const ago = toEpochMs(now) - toEpochMs(at);
  if (ago < MINUTE_MS) return 'just now';
  if (ago < HOUR_MS) return `${Math.floor(ago / MINUTE_MS)} min ago`;
  if (ago < DAY_MS) return `${Math.floor(ago / HOUR_MS)} h ago`;
  const days = Math.floor(ago / DAY_MS);
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** What the bell button says to a screen reader. */
export function bellLabel(unread: number): string {
  if (unread === 0) return 'Alerts, none unread';
  return `Alerts, ${unread} unread`;
}

/** The badge text: the count, capped so it stays one small pill. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}
