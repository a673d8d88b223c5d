/**
 * The UI's only door to the backend. Nothing outside this folder imports
 * `@tauri-apps/api`, so screens stay testable and the IPC contract lives in one place.
 */
import { invoke, isTauri } from '@tauri-apps/api/core';
import { BatonError, toBatonError } from './error';

export { BatonError, toBatonError } from './error';

/**
 * Calls a backend command. Commands that take input receive it as their single
 * `input` argument; every failure is rethrown as a `BatonError`.
 */
export async function call<T>(cmd: string, input?: unknown): Promise<T> {
  if (!isTauri()) {
    throw new BatonError(
      'unavailable',
      'Baton’s backend is not running: open the app rather than the dev server page.',
    );
  }
  try {
    return await invoke<T>(cmd, input === undefined ? {} : { input });
  } catch (err) {
    throw toBatonError(err);
  }
}

// Typed wrappers, one per backend command, each taking the command's generated input type.
import type { Alert } from '../bindings/Alert';
import type { ListInput } from '../bindings/ipc/ListInput';
import type { Preferences } from '../bindings/Preferences';
import type { Snippets } from '../bindings/Snippets';
import type { CategoryRef } from '../bindings/ipc/CategoryRef';
import type { CategorySnippets } from '../bindings/ipc/CategorySnippets';
import type { Listing } from '../bindings/Listing';
import type { BackupList } from '../bindings/BackupList';
import type { Category } from '../bindings/Category';
import type { Counts } from '../bindings/Counts';
import type { Customer } from '../bindings/Customer';
import type { CustomerMatch } from '../bindings/CustomerMatch';
import type { Deactivation } from '../bindings/Deactivation';
import type { DemoSummary } from '../bindings/DemoSummary';
import type { Erasure } from '../bindings/Erasure';
import type { Event } from '../bindings/Event';
import type { Hours } from '../bindings/Hours';
import type { KeptCall } from '../bindings/KeptCall';
import type { Migrated } from '../bindings/Migrated';
import type { KeepCall } from '../bindings/ipc/KeepCall';
import type { Probe } from '../bindings/Probe';
import type { MoveDesk } from '../bindings/ipc/MoveDesk';
import type { ServerInput } from '../bindings/ipc/ServerInput';
import type { SharedDeskSettings } from '../bindings/ipc/SharedDeskSettings';
import type { Intake } from '../bindings/Intake';
import type { NewCategory } from '../bindings/NewCategory';
import type { NewCustomer } from '../bindings/NewCustomer';
import type { NewPerson } from '../bindings/NewPerson';
import type { PeriodSpec } from '../bindings/PeriodSpec';
import type { Person } from '../bindings/Person';
import type { Policy } from '../bindings/Policy';
import type { PromiseAdvice } from '../bindings/PromiseAdvice';
import type { Report } from '../bindings/Report';
import type { Restored } from '../bindings/Restored';
import type { Ticket } from '../bindings/Ticket';
import type { TicketDetail } from '../bindings/TicketDetail';
import type { Act } from '../bindings/ipc/Act';
import type { CallAbout } from '../bindings/ipc/CallAbout';
import type { Merge } from '../bindings/ipc/Merge';
import type { Reassign } from '../bindings/ipc/Reassign';
import type { CustomerRef } from '../bindings/ipc/CustomerRef';
import type { CustomerNotes } from '../bindings/ipc/CustomerNotes';
import type { MailSetup } from '../bindings/ipc/MailSetup';
import type { SaveMail } from '../bindings/ipc/SaveMail';
import type { SendEmail } from '../bindings/ipc/SendEmail';
import type { Email } from '../bindings/Email';
import type { AppInfo } from '../bindings/ipc/AppInfo';
import type { DeskHealth } from '../bindings/ipc/DeskHealth';
import type { EraseCustomer } from '../bindings/ipc/EraseCustomer';
import type { Fact } from '../bindings/ipc/Fact';
import type { Ids } from '../bindings/ipc/Ids';
import type { InstallSettings } from '../bindings/ipc/InstallSettings';
import type { MovePerson } from '../bindings/ipc/MovePerson';
import type { PersonRef } from '../bindings/ipc/PersonRef';
import type { PromiseInput } from '../bindings/ipc/PromiseInput';
import type { Query } from '../bindings/ipc/Query';
import type { QueueInput } from '../bindings/ipc/QueueInput';
import type { RestoreInput } from '../bindings/ipc/RestoreInput';
import type { SetPin } from '../bindings/ipc/SetPin';
import type { SetUp } from '../bindings/ipc/SetUp';
import type { SignIn } from '../bindings/ipc/SignIn';
import type { TicketRef } from '../bindings/ipc/TicketRef';
import type { LearnInput } from '../bindings/ipc/LearnInput';
import type { SaveCsv } from '../bindings/ipc/SaveCsv';
import type { BoardEntry } from '../bindings/BoardEntry';
import type { Drill } from '../bindings/Drill';
import type { NewFeedback } from '../bindings/NewFeedback';

export type { AppInfo, Counts, DeskHealth, InstallSettings };

export const appInfo = () => call<AppInfo>('app_info');
export const loadDemo = () => call<DemoSummary>('load_demo');
export const setUp = (input: SetUp) => call<Person>('set_up', input);
export const people = () => call<Person[]>('people');
export const signIn = (input: SignIn) => call<Person>('sign_in', input);
export const signOut = () => call<null>('sign_out');

export const findCustomers = (input: Query) => call<CustomerMatch[]>('find_customers', input);
/** A customer's file: details, notes and whole history (open tickets first, then the newest). */
export const customerFile = (input: CustomerRef) => call<CustomerMatch>('customer_file', input);
export const setCustomerNotes = (input: CustomerNotes) => call<CustomerMatch>('set_customer_notes', input);
export const addCustomer = (input: NewCustomer) => call<Customer>('add_customer', input);
/** For good: their personal details and their tickets' contents; the tickets and the trail stay. */
export const eraseCustomer = (input: EraseCustomer) => call<Erasure>('erase_customer', input);

export const categories = () => call<Category[]>('categories');
/** With a `key`, the same intake sent again (after a lost reply) takes nothing in twice. */
export const intake = (input: Intake) => call<Ticket>('intake', input);
export const ticket = (input: TicketRef) => call<TicketDetail>('ticket', input);
/**
 * `version` is the one on screen: a ticket changed since is refused with kind "stale". With a
 * `key`, the same action sent again is done once.
 */
export const act = (input: Act) => call<Ticket>('act', input);
/** A call about the caller's open ticket, added to it (its intake's key makes a resend do nothing). */
export const callAbout = (input: CallAbout) => call<Ticket>('call_about', input);
/** Merges `ticket_id` into `into`; returns the ticket that stays. */
export const merge = (input: Merge) => call<Ticket>('merge', input);
/** Every open ticket `from` holds, given to `to`: all or none. */
export const reassignOpen = (input: Reassign) => call<Ticket[]>('reassign_open', input);
export const mailSettings = () => call<MailSetup>('mail_settings');
/** A new `password` replaces the one in the keyring; null keeps it, '' removes it. */
export const saveMailSettings = (input: SaveMail) => call<void>('save_mail_settings', input);
/** The e-mail the signed-in person would send the ticket's customer, from its template. */
export const emailDraft = (input: TicketRef) => call<Email>('email_draft', input);
/** Sends it and records the contact; a failed send (kind "mail") records nothing. */
export const emailCustomer = (input: SendEmail) => call<Ticket>('email_customer', input);
/** One page of a queue, and how many tickets it holds in all. */
export const queue = (input: QueueInput) => call<Listing>('queue', input);
/** One page of all tickets, filtered, and how many match in all. */
export const listTickets = (input: ListInput) => call<Listing>('list_tickets', input);
export const search = (input: Query) => call<Ticket[]>('search', input);
export const team = () => call<Person[]>('team');
export const counts = () => call<Counts>('counts');
/** The promise to propose to a caller now, the mark, and where a typed time stands. */
export const promise = (input: PromiseInput) => call<PromiseAdvice>('promise', input);

export const alerts = () => call<Alert[]>('alerts');
/** Which alerts the signed-in person is shown natively, and their quiet hours. */
export const preferences = () => call<Preferences>('preferences');
export const setPreferences = (input: Preferences) => call<Preferences>('set_preferences', input);
/** A category's saved resolutions, small steps and callbacks. */
export const snippets = (input: CategoryRef) => call<Snippets>('snippets', input);
export const setSnippets = (input: CategorySnippets) => call<Snippets>('set_snippets', input);
export const markAlertsRead = (input: Ids) => call<number>('mark_alerts_read', input);

export const addPerson = (input: NewPerson) => call<Person>('add_person', input);
export const setPin = (input: SetPin) => call<null>('set_pin', input);
export const movePerson = (input: MovePerson) => call<Person>('move_person', input);
/** Their open tickets and their reports go to the nearest active person above them. */
export const deactivatePerson = (input: PersonRef) => call<Deactivation>('deactivate_person', input);
export const previewDeactivation = (input: PersonRef) => call<Deactivation>('preview_deactivation', input);
/** Changes to people, PINs, the policy, the hours and categories, newest first. */
export const deskChanges = () => call<Event[]>('desk_changes');
export const addCategory = (input: NewCategory) => call<Category>('add_category', input);
export const policy = () => call<Policy>('policy');
export const setPolicy = (input: Policy) => call<Policy>('set_policy', input);
/** The backend reads the period in the desk's time zone. */
export const report = (input: PeriodSpec) => call<Report>('report', input);
export const toConfirm = () => call<Ticket[]>('to_confirm');
export const reportDrill = (input: Drill) => call<Ticket[]>('report_drill', input);
export const board = () => call<BoardEntry[]>('board');
export const recordFeedback = (input: NewFeedback) => call<BoardEntry>('record_feedback', input);
export const learn = (input: LearnInput) => call<BoardEntry>('learn', input);
/** Asks where to save, then saves; the path, or null when the person cancelled. */
export const saveReportCsv = (input: SaveCsv) => call<string | null>('save_report_csv', input);
export const printReport = () => call<null>('print_report');
export const hours = () => call<Hours>('hours');
export const setHours = (input: Hours) => call<Hours>('set_hours', input);
export const installSettings = () => call<InstallSettings>('install_settings');
export const setWatched = (input: InstallSettings) => call<InstallSettings>('set_watched', input);

export const deskHealth = () => call<DeskHealth>('desk_health');
export const backupNow = () => call<BackupList>('backup_now');
/** Replaces the desk with one of the listed backups; the current file is kept aside. */
export const restoreBackup = (input: RestoreInput) => call<Restored>('restore_backup', input);
/** What support needs to help this install, as labelled lines (Settings, About). */
export const diagnostics = () => call<Fact[]>('diagnostics');
/** Keeps a call on this workstation while the server is away: the ticket if it was sent at once. */
export const keepCall = (input: KeepCall) => call<Ticket | null>('keep_call', input);
/** The calls kept on this workstation, not yet sent. */
export const keptCalls = () => call<KeptCall[]>('kept_calls');
/** The shared desk chosen for this install, and whether this run uses it. */
export const sharedDeskSettings = () => call<SharedDeskSettings>('shared_desk_settings');
/** Connects to a server and says what it holds, changing nothing. */
export const testServer = (input: ServerInput) => call<Probe>('test_server', input);
/** Copies this install's desk into the empty database on a server and verifies it there. */
export const moveToServer = (input: MoveDesk) => call<Migrated>('move_to_server', input);
/** From the next start, this install works on the server (its password in the OS keyring). */
export const useServer = (input: ServerInput) => call<void>('use_server', input);
/** From the next start, this install works on its own desk file again. */
export const leaveServer = () => call<void>('leave_server');
/** Starts the app again (after choosing a desk). */
export const restart = () => call<void>('restart');

/** Backend events: the desk changed (sweep, another install), or a notification was clicked. */
export async function onDeskChanged(handler: () => void): Promise<() => void> {
  if (!isTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen('desk-changed', () => handler());
}

/** Last month's report was announced and its notification clicked. */
export async function onOpenReport(handler: () => void): Promise<() => void> {
  if (!isTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen('open-report', () => handler());
}

export async function onOpenTicket(handler: (id: number) => void): Promise<() => void> {
  if (!isTauri()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen<number>('open-ticket', (e) => handler(e.payload));
}
