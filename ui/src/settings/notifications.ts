/** The Notifications form: each kind of alert in words, and the form to and from `Preferences`. */
import type { Due } from '../lib/bindings/Due';
import type { Preferences } from '../lib/bindings/Preferences';

export const KINDS: readonly { due: Due; label: string; hint: string }[] = [
  { due: 'escalate', label: 'Escalations', hint: 'Always on: a ticket reached the mark.' },
  { due: 'warn', label: 'Near the mark', hint: 'A ticket you or your team hold entered the warning window.' },
  { due: 'handed', label: 'Passed or assigned to you', hint: 'Someone gave you a ticket.' },
  { due: 'promise', label: 'A promise falls due', hint: 'What you promised a customer is near.' },
  { due: 'reminder', label: 'Your reminders', hint: 'A reminder you set came due.' },
  { due: 'idle', label: 'Quiet tickets', hint: 'Nothing has happened on a ticket you hold for a while.' },
];

export interface NotificationForm {
  kinds: Due[];
  quiet: boolean;
  from: string;
  to: string;
}

export function toForm(p: Preferences): NotificationForm {
  return {
    kinds: [...p.kinds],
    quiet: !!p.quiet,
    from: p.quiet?.from ?? '22:00',
    to: p.quiet?.to ?? '07:00',
  };
}

export function toPreferences(f: NotificationForm): Preferences {
  const kinds = f.kinds.includes('escalate') ? f.kinds : ['escalate' as Due, ...f.kinds];
  return f.quiet ? { kinds, quiet: { from: f.from, to: f.to } } : { kinds };
}
