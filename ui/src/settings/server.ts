import type { Migrated } from '../lib/bindings/Migrated';
import type { Probe } from '../lib/bindings/Probe';
import type { Server } from '../lib/bindings/Server';

/** A new server form: PostgreSQL's port, the database and role `baton upgrade` suggests. */
export function blankServer(): Server {
  return { host: '', port: 5432, database: 'baton', user: 'baton_app', tls: 'verify-full', ca_file: null };
}

/** What "Test connection" found, in a sentence. */
export function describeProbe(probe: Probe): string {
  switch (probe.kind) {
    case 'desk':
      return `Connected: a Baton desk with ${count(probe.people, 'person', 'people')} and ${count(probe.tickets, 'ticket', 'tickets')}.`;
    case 'empty':
      return 'Connected: the desk there is empty. An administrator moves a desk onto it first (Move this desk to the server).';
    case 'older':
      return `Connected, but the desk there is at schema ${probe.found} and this version needs ${probe.needs}: an administrator runs baton upgrade first.`;
    case 'newer':
      return `Connected, but the desk there was made by a newer Baton (schema ${probe.found}): update this install first.`;
  }
}

/** What a move did, in a sentence. */
export function describeMove(moved: Migrated): string {
  const what = `${count(moved.people, 'person', 'people')}, ${count(moved.tickets, 'ticket', 'tickets')} and ${count(moved.events, 'event', 'events')}`;
  return moved.verified
    ? `Moved ${what}; the trail verifies on the server. Use this server to work there.`
    : `Moved ${what}, but the trail does not verify on the server: do not use it, and contact support.`;
}

/** A port typed into the form, or null when it is not one. */
export function parsePort(text: string): number | null {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
