/**
 * What the rep reads aloud: the acknowledgement at the top of intake, and the reference and
 * promise once the ticket exists. Pure text from what is known so far.
 */

/** The channels intake offers, in the order shown; the backend takes any short name. */
export const CHANNELS = [
  { id: 'phone', label: 'Phone' },
  { id: 'email', label: 'Email' },
  { id: 'chat', label: 'Chat' },
  { id: 'walk-in', label: 'Walk-in' },
] as const;

export type Channel = (typeof CHANNELS)[number]['id'];

/** The name a rep greets someone by: the first word of their name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

function thanks(channel: string): string {
  switch (channel) {
    case 'email':
      return 'Thanks for writing in';
    case 'chat':
      return 'Thanks for getting in touch';
    case 'walk-in':
      return 'Thanks for coming in';
    default:
      return 'Thanks for calling';
  }
}

export interface AckInput {
  /** The caller's full name, once known. */
  customerName: string | null;
  /** "5:30 pm today", once a valid promise is set. */
  promise: string | null;
  channel: string;
  /** The caller accepted having it handled now, on the call. */
  realtimeTaken?: boolean;
  /** The open ticket this call is about: it is added there, with no new promise. */
  about?: number | null;
  /** Solved on the call: nothing more to promise. */
  solved?: boolean;
}

/**
 * The acknowledgement line: the problem is real, it is ours, and when they will hear from us.
 * "Thanks, Olivia — I've got this, and you'll hear from us by 5:30 pm today."
 */
export function acknowledgement({ customerName, promise, channel, realtimeTaken, about, solved }: AckInput): string {
  const name = customerName ? firstName(customerName) : '';
  const opening = name ? `Thanks, ${name}` : thanks(channel);
  if (about != null) return `${opening} — I've added this to your ticket #${about}, and whoever holds it will see it.`;
  if (solved) return `${opening} — that's sorted now, and I'll give you a reference in case you need us again.`;
  if (realtimeTaken) {
    return promise
      ? `${opening} — let's sort this out together now, and if anything is left, you'll hear from us by ${promise}.`
      : `${opening} — let's sort this out together now.`;
  }
  return promise
    ? `${opening} — I've got this, and you'll hear from us by ${promise}.`
    : `${opening} — I've got this, and I'll make sure it's dealt with.`;
}

/** Read out once the ticket exists: "Your reference is #1014. You'll hear from us by …". */
export function confirmation(number: number, promise: string): string {
  return `Your reference is #${number}. You'll hear from us by ${promise}.`;
}

/** After a call added to their open ticket: its reference, and that its holder will see it. */
export function aboutConfirmation(number: number): string {
  return `I've added this to your ticket #${number}; whoever holds it will see it.`;
}

/** After a problem solved on the call: the reference, in case they need us again. */
export function solvedConfirmation(number: number): string {
  return `That's sorted. Your reference is #${number}, in case you need us again.`;
}
