/** The screens the left rail leads to, in rail order. */
import type { Wording } from '../lib/time';

export type ScreenId =
  | 'intake'
  | 'mine'
  | 'team'
  | 'near'
  | 'escalated'
  | 'all'
  | 'reports'
  | 'settings';

export type BadgeTone = 'neutral' | 'amber' | 'red';

export interface Screen {
  id: ScreenId;
  label: string;
  /** The digit that, with Ctrl (⌘ on macOS), jumps here. */
  key: string;
  /** Whether the rail shows a live count for this screen, and in which tone. */
  badge: BadgeTone | null;
  /** One line under the title in the header. */
  blurb: Wording;
  /** What the screen says when it has nothing to show: teach, don't leave it blank. */
  empty: Wording;
}

export const SCREENS: readonly Screen[] = [
  {
    id: 'intake',
    label: 'Intake',
    key: '1',
    badge: null,
    blurb: 'Take a call or a message and turn it into one owned ticket.',
    empty:
      'Who is calling → what kind of problem → the details → a small step now → the promise. The acknowledgement line sits at the top, ready to read aloud.',
  },
  {
    id: 'mine',
    label: 'My tickets',
    key: '2',
    badge: 'neutral',
    blurb: 'What you hold, soonest deadline first. Solve it or pass it up.',
    empty: 'Nothing on your desk. Tickets you hold appear here, ordered by time left.',
  },
  {
    id: 'team',
    label: 'My team',
    key: '3',
    badge: 'neutral',
    blurb: 'Tickets held by the people who report to you.',
    empty: 'Nobody below you holds a ticket. You can take or assign any that show up here.',
  },
  {
    id: 'near',
    label: 'Near escalation',
    key: '4',
    badge: 'amber',
    blurb: (mark) => `Tickets you or your team hold, inside the warning window before the ${mark}.`,
    empty: 'Nothing near escalation — good.',
  },
  {
    id: 'escalated',
    label: 'Escalated',
    key: '5',
    badge: 'red',
    blurb: (mark) => `Tickets that reached the ${mark} from you or your team, wherever they are now.`,
    empty: (mark) => `Nothing has reached the ${mark}.`,
  },
  {
    id: 'all',
    label: 'All tickets',
    key: '6',
    badge: null,
    blurb: 'Every open ticket and those resolved lately, by category, owner and promise.',
    empty: 'No ticket matches these filters.',
  },
  {
    id: 'reports',
    label: 'Reports',
    key: '7',
    badge: null,
    blurb: 'Who solved, who passed the buck, who grabbed it, who was delighted.',
    empty: 'Reports fill in as tickets are solved, passed and escalated.',
  },
  {
    id: 'settings',
    label: 'Settings',
    key: '8',
    badge: null,
    blurb: 'The escalation policy, desk hours, people, categories, backups and this install.',
    empty: 'The org chart, categories and their required fields will be set here.',
  },
];

export function screenById(id: ScreenId): Screen {
  const screen = SCREENS.find((s) => s.id === id);
  if (!screen) throw new Error(`unknown screen ${id}`);
  return screen;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The screen a key press jumps to (Ctrl/⌘ + digit), if any. */
export function screenForKey(e: KeyLike): ScreenId | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  return SCREENS.find((s) => s.key === e.key)?.id ?? null;
}

/** "Ctrl+2" or "⌘2", for tooltips. */
export function shortcutLabel(key: string, mac: boolean): string {
  return mac ? `⌘${key}` : `Ctrl+${key}`;
}
