/**
 * The people as an org chart, who may change the desk's set-up (shown, not enforced: the
 * backend refuses everyone else with kind `forbidden`), and what moving or deactivating someone
 * does.
 */
import type { Deactivation } from '../lib/bindings/Deactivation';
import type { Person } from '../lib/bindings/Person';
import type { Role } from '../lib/bindings/Role';

export interface OrgRow {
  person: Person;
  depth: number;
}

const ROLE_ORDER: Record<Role, number> = { executive: 0, manager: 1, lead: 2, rep: 3 };

/**
 * Depth-first, each person under whom they report to; siblings by role then name. People whose
 * superior is missing (not in the list) are shown as roots, so nobody disappears.
 */
export function orgTree(people: readonly Person[]): OrgRow[] {
  const ids = new Set(people.map((p) => p.id));
  const children = new Map<number | null, Person[]>();
  for (const p of people) {
    const parent = p.reports_to !== null && ids.has(p.reports_to) ? p.reports_to : null;
    const list = children.get(parent) ?? [];
    list.push(p);
    children.set(parent, list);
  }
  for (const list of children.values()) {
    list.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));
  }
  const rows: OrgRow[] = [];
  const seen = new Set<number>();
  const visit = (parent: number | null, depth: number) => {
    for (const p of children.get(parent) ?? []) {
      if (seen.has(p.id)) continue; // a cycle would be a core bug; don't loop on it
      seen.add(p.id);
      rows.push({ person: p, depth });
      visit(p.id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** Whether the set-up forms are offered for editing to this role. */
export function mayChangeSetUp(role: Role | undefined): boolean {
  return role === 'manager' || role === 'executive';
}

/** People someone may report to, or own a category, or receive escalations: the active ones. */
export function activePeople(people: readonly Person[]): Person[] {
  return orgTree(people.filter((p) => p.active)).map((r) => r.person);
}

/**
 * Whether `id` sits somewhere below `above`: whom a manager's set-up reaches (shown, not
 * enforced: the core refuses the rest).
 */
export function isBelow(people: readonly Person[], id: number, above: number): boolean {
  const boss = new Map(people.map((p) => [p.id, p.reports_to]));
  const seen = new Set<number>();
  for (let at = boss.get(id) ?? null; at !== null && !seen.has(at); at = boss.get(at) ?? null) {
    if (at === above) return true;
    seen.add(at);
  }
  return false;
}

/**
 * Whom someone may be moved under, as the core allows: active people neither them nor below
 * them, of their rank or above, and for an `admin` only the admin or someone below them.
 */
export function moveTargets(people: readonly Person[], person: Person, admin: number | null = null): Person[] {
  // In the tree's depth-first order, those below someone follow them until the depth comes back.
  const rows = orgTree(people);
  const at = rows.findIndex((r) => r.person.id === person.id);
  const depth = rows[at]?.depth ?? 0;
  const end = rows.findIndex((r, i) => i > at && r.depth <= depth);
  const below = new Set([person.id, ...rows.slice(at + 1, end === -1 ? undefined : end).map((r) => r.person.id)]);
  return activePeople(people).filter(
    (p) =>
      !below.has(p.id) &&
      ROLE_ORDER[p.role] <= ROLE_ORDER[person.role] &&
      (admin === null || p.id === admin || isBelow(people, p.id, admin)),
  );
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What deactivating someone will do, from the backend's rehearsal of it: "Their 3 open tickets
 * and their 2 reports go to Lena Fischer."
 */
export function deactivationPreview(d: Deactivation): string {
  const tickets = d.tickets_handed_over.length;
  const reports = d.people_moved.length;
  const what = [
    tickets > 0 && count(tickets, 'open ticket', 'open tickets'),
    reports > 0 && count(reports, 'report', 'reports'),
  ].filter((w): w is string => Boolean(w));
  if (what.length === 0) return 'They hold no open tickets and nobody reports to them.';
  const verb = what.length === 1 && (tickets === 1 || reports === 1) ? 'goes' : 'go';
  return `Their ${what.join(' and their ')} ${verb} to ${d.successor.name}.`;
}

/** What deactivating someone did: "Ben Carter is no longer active; 3 open tickets and 0 people went to Lena Fischer." */
export function deactivationResult(d: Deactivation): string {
  return `${d.person.name} is no longer active; ${count(d.tickets_handed_over.length, 'open ticket', 'open tickets')} and ${count(d.people_moved.length, 'person', 'people')} went to ${d.successor.name}.`;
}
