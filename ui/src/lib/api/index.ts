/**
 * The UI's only door to the backend. Nothing outside this folder imports
 * `@tauri-apps/api`, so screens stay testable and the IPC contract lives in one place.
 */
import { invoke, isTauri } from '@tauri-apps/api/core';
import { BatonError, UiErrorKind, toBatonError } from './error';

export { BatonError, UiErrorKind, toBatonError } from './error';

/**
 * Calls a backend command. Commands that take input receive it as their single
 * `input` argument; every failure is rethrown as a `BatonError`.
 */
export async function call<T>(cmd: string, input?: unknown): Promise<T> {
  if (!isTauri()) {
    throw new BatonError(
      UiErrorKind.Unavailable,
      'Baton’s backend is not running: open the app rather than the dev server page.',
    );
  }
  try {
    return await invoke<T>(cmd, input === undefined ? {} : { input });
  } catch (err) {
    throw toBatonError(err);
  }
}

// Typed wrappers, one per backend command. Every shape comes from the ts-rs bindings.
import type { Action } from '../bindings/Action';
import type { Alert } from '../bindings/Alert';
import type { BackupList } from '../bindings/BackupList';
import type { Category } from '../bindings/Category';
import type { Customer } from '../bindings/Customer';
import type { CustomerMatch } from '../bindings/CustomerMatch';
import type { Deactivation } from '../bindings/Deactivation';
import type { DemoSummary } from '../bindings/DemoSummary';
import type { Event } from '../bindings/Event';
import type { Intake } from '../bindings/Intake';
import type { NewCategory } from '../bindings/NewCategory';
import type { NewCustomer } from '../bindings/NewCustomer';
import type { NewPerson } from '../bindings/NewPerson';
import type { Person } from '../bindings/Person';
import type { Policy } from '../bindings/Policy';
import type { QueueKind } from '../bindings/QueueKind';
import type { Report } from '../bindings/Report';
import type { Restored } from '../bindings/Restored';
import type { Ticket } from '../bindings/Ticket';
import type { TicketDetail } from '../bindings/TicketDetail';
import type { AppInfo } from '../bindings/ipc/AppInfo';
import type { Counts } from '../bindings/ipc/Counts';
import type { DeskHealth } from '../bindings/ipc/DeskHealth';
import type { InstallSettings } from '../bindings/ipc/InstallSettings';
import type { MovePerson } from '../bindings/ipc/MovePerson';
import type { PersonRef } from '../bindings/ipc/PersonRef';
import type { RestoreInput } from '../bindings/ipc/RestoreInput';
import type { SetPin } from '../bindings/ipc/SetPin';

export type { AppInfo, Counts, DeskHealth, InstallSettings };

export const appInfo = () => call<AppInfo>('app_info');
export const loadDemo = () => call<DemoSummary>('load_demo');
export const setUp = (executive: NewPerson) => call<Person>('set_up', { executive });
export const people = () => call<Person[]>('people');
export const signIn = (person_id: number, pin: string) => call<Person>('sign_in', { person_id, pin });
export const signOut = () => call<null>('sign_out');

export const findCustomers = (query: string) => call<CustomerMatch[]>('find_customers', { query });
export const addCustomer = (customer: NewCustomer) => call<Customer>('add_customer', customer);

export const categories = () => call<Category[]>('categories');
export const intake = (input: Intake) => call<Ticket>('intake', input);
export const ticket = (id: number) => call<TicketDetail>('ticket', { id });
/** `version` is the one on screen: a ticket changed since is refused with kind "stale". */
export const act = (ticket_id: number, version: number | null, action: Action) =>
  call<Ticket>('act', { ticket_id, version, action });
export const queue = (kind: QueueKind) => call<Ticket[]>('queue', { kind });
export const search = (query: string) => call<Ticket[]>('search', { query });
export const team = () => call<Person[]>('team');
export const counts = () => call<Counts>('counts');

export const alerts = () => call<Alert[]>('alerts');
export const markAlertsRead = (ids: number[]) => call<number>('mark_alerts_read', { ids });

export const addPerson = (person: NewPerson) => call<Person>('add_person', person);
export const setPin = (input: SetPin) => call<null>('set_pin', input);
export const movePerson = (input: MovePerson) => call<Person>('move_person', input);
/** Their open tickets and their reports go to the nearest active person above them. */
export const deactivatePerson = (input: PersonRef) => call<Deactivation>('deactivate_person', input);
export const previewDeactivation = (input: PersonRef) => call<Deactivation>('preview_deactivation', input);
/** Changes to people, PINs, the policy and categories, newest first. */
export const deskChanges = () => call<Event[]>('desk_changes');
export const addCategory = (category: NewCategory) => call<Category>('add_category', category);
export const policy = () => call<Policy>('policy');
export const setPolicy = (p: Policy) => call<Policy>('set_policy', p);
export const report = (from: string, to: string) => call<Report>('report', { from, to });
export const installSettings = () => call<InstallSettings>('install_settings');
export const setWatched = (watched: number[]) =>
  call<InstallSettings>('set_watched', { watched, notification_errors: [] });

export const deskHealth = () => call<DeskHealth>('desk_health');
export const backupNow = () => call<BackupList>('backup_now');
/** Replaces the desk with one of the listed backups; the current file is kept aside. */
export const restoreBackup = (input: RestoreInput) => call<Restored>('restore_backup', input);

/** Backend events: the desk changed (sweep, another install), or a notification was clicked. */
export async function onDeskChanged(handler: () => void): Promise<() => void> {
  if (!isTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen('desk-changed', () => handler());
}

export async function onOpenTicket(handler: (id: number) => void): Promise<() => void> {
  if (!isTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen<number>('open-ticket', (e) => handler(e.payload));
}
