/**
 * The people as an org chart, and who may change the desk's set-up (shown, not enforced: the
 * backend refuses everyone else with kind `forbidden`).
 */
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
