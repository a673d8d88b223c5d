/**
 * The app-wide state every screen reads: who is signed in, where we are, the live counts, and a
 * clock tick for time-left chips. Screens change it only through the functions below.
 */
import * as api from '../lib/api';
import type { BatonError } from '../lib/api';
import type { ActionKind } from '../lib/bindings/ActionKind';
import type { Person } from '../lib/bindings/Person';
import type { Policy } from '../lib/bindings/Policy';
import { markName } from '../lib/time';
import type { ScreenId } from './screens';
import { createStash } from './stash';

export const app = $state({
  info: null as api.AppInfo | null,
  me: null as Person | null,
  screen: 'mine' as ScreenId,
  /** The ticket open over the current screen, if any. */
  ticketId: null as number | null,
  /** The customer whose file is open over the current screen (under an open ticket), if any. */
  customerId: null as number | null,
  counts: null as api.Counts | null,
  policy: null as Policy | null,
  /** Damage, the audit trail's alarm and the backups, as `desk_health` last said. */
  health: null as api.DeskHealth | null,
  /** Bumped whenever the desk changed: screens reload what they show. */
  version: 0,
  /** "Now" for time-left chips, refreshed every 30 seconds. */
  now: Date.now(),
  paletteOpen: false,
  /** The keyboard shortcut sheet ("?"). */
  shortcutsOpen: false,
  /** The open ticket's actions the signed-in person may take, for Ctrl+K (its number too). */
  ticketActions: null as { number: number; kinds: ActionKind[] } | null,
  /** An action chosen in Ctrl+K, for the open ticket to start. */
  requestedAction: null as ActionKind | null,
  lastActivity: Date.now(),
  /** A period for the reports screen to show (its announcement was clicked), taken once. */
  reportPeriod: null as 'last-month' | null,
});

/** Last month's report, as its announcement opens it. */
export function openLastMonthReport() {
  app.reportPeriod = 'last-month';
  go('reports');
}

export function go(screen: ScreenId) {
  app.screen = screen;
  app.ticketId = null;
  app.customerId = null;
}

/** Opens a customer's file; a ticket opened from it comes back to it. */
export function openCustomer(id: number) {
  app.customerId = id;
  app.ticketId = null;
}

export function closeCustomer() {
  app.customerId = null;
}

export function openTicket(id: number) {
  app.ticketId = id;
}

export function closeTicket() {
  app.ticketId = null;
}

/** Something changed (an action here, a sweep, another install): refresh counts and screens. */
export async function changed() {
  app.version += 1;
  await refreshCounts();
}

export async function refreshCounts() {
  if (!app.me) return;
  try {
    app.counts = await api.counts();
  } catch (err) {
    handle(err as BatonError);
  }
}

/** Where each person was when the install locked: they come back to it after their PIN. */
const whereLeft = createStash<{ screen: ScreenId; ticketId: number | null; customerId: number | null }>();

export function signedIn(person: Person) {
  const back = whereLeft.get(String(person.id));
  whereLeft.drop(String(person.id));
  if (back) {
    app.screen = back.screen;
    app.ticketId = back.ticketId;
    app.customerId = back.customerId;
  }
  app.me = person;
  app.lastActivity = Date.now();
  if (app.info) app.info.first_run = false;
  void refreshPolicy();
  void changed();
}

export async function refreshPolicy() {
  app.policy = await api.policy();
}

/** The desk's escalation mark in words, "20-hour mark"; unnamed until the policy has loaded. */
export function policyMark(): string {
  return app.policy ? markName(app.policy.escalate_after_minutes) : 'escalation mark';
}

/** Asks again after start, a `desk-changed` event, a backup and a restore. */
export async function refreshHealth() {
  try {
    app.health = await api.deskHealth();
  } catch (err) {
    handle(err as BatonError);
  }
}

/** Locks the install; the sign-in screen comes back. */
export async function lock() {
  if (app.me) {
    whereLeft.keep(String(app.me.id), { screen: app.screen, ticketId: app.ticketId, customerId: app.customerId });
  }
  app.me = null;
  app.ticketId = null;
  app.customerId = null;
  app.counts = null;
  await api.signOut().catch(() => {});
}

/**
 * Handles an error no screen wants to deal with itself: a locked session sends everyone back to
 * sign in; anything else is returned for the screen to show.
 */
export function handle(err: BatonError): BatonError {
  if (err.kind === 'signed_out') {
    app.me = null;
    app.ticketId = null;
    app.customerId = null;
  }
  return err;
}
