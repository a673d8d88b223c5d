/**
 * The call being taken. It lives outside the screen so that glancing at a ticket or another
 * screen mid-call (and coming back) loses nothing; each person has their own, kept while
 * someone else uses the install.
 */
import type { CustomerMatch } from '../lib/bindings/CustomerMatch';
import type { NewCustomer } from '../lib/bindings/NewCustomer';
import type { Ticket } from '../lib/bindings/Ticket';
import { createStash } from '../shell/stash';
import type { Realtime } from './request';

export interface NewCustomerForm {
  name: string;
  phones: string;
  emails: string;
}

function blank(repId: number | null) {
  return {
    /** Whose call this is: a draft never carries over to another person. */
    repId,
    query: '',
    customer: null as CustomerMatch | null,
    /** The inline "new customer" form, when open. */
    newCustomer: null as NewCustomerForm | null,
    /** A new caller taken while the desk's server is away: added to the desk with the call. */
    offlineCaller: null as NewCustomer | null,
    channel: 'phone',
    categoryId: null as number | null,
    summary: '',
    /** Field values by key; kept when the category changes, so nothing typed is lost. */
    values: {} as Record<string, string>,
    smallStep: '',
    realtime: 'not_offered' as Realtime,
    /** The promise as a `datetime-local` value. */
    promise: '',
    /** The rep changed the proposed promise: the core checks their time instead of proposing one. */
    promiseEdited: false,
    /** The intake's idempotency key: sending this call again after a lost reply takes it in once. */
    key: crypto.randomUUID(),
    /** Solved on the call: taken in and resolved at once, with what was done. */
    solved: false,
    resolution: '',
    /** The caller's open ticket this call is about: it is added there, not taken in anew. */
    aboutId: null as number | null,
    /** The ticket just created (or added to): the confirmation shows until "Next call". */
    done: null as Ticket | null,
    /** `done` is the open ticket this call was added to. */
    doneAbout: false,
  };
}

export type Draft = ReturnType<typeof blank>;

export const draft: Draft = $state(blank(null));

/** Clears the form for the next call taken by `repId`. */
export function resetDraft(repId: number | null) {
  Object.assign(draft, blank(repId));
}

/** Each person's call in progress while someone else uses the install. */
const others = createStash<Draft>();

/** The form becomes `repId`'s: the call they left, or a fresh one; the previous person's waits. */
export function switchDraft(repId: number | null) {
  if (draft.repId === repId) return;
  if (draft.repId !== null) others.keep(String(draft.repId), $state.snapshot(draft) as Draft);
  const theirs = repId === null ? undefined : others.get(String(repId));
  if (repId !== null) others.drop(String(repId));
  Object.assign(draft, theirs ?? blank(repId));
}
