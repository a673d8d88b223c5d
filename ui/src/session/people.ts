/**
 * Who may be picked on the sign-in screen, and how a lockout reads. Pure functions: the rules
 * (PINs, lockouts) live in the core; this only orders and filters what it sends.
 */
import type { Person } from '../lib/bindings/Person';
import type { Role } from '../lib/bindings/Role';

export const ROLE_LABEL: Record<Role, string> = {
  rep: 'Rep',
  lead: 'Lead',
  manager: 'Manager',
  executive: 'Executive',
};

/** "Grace Hopper" → "GH"; one word gives one letter. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** Whether `filter` matches the start of any word of `name` (case- and accent-insensitive). */
export function nameMatches(name: string, filter: string): boolean {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase();
  const wanted = fold(filter.trim());
  if (!wanted) return true;
  const folded = fold(name);
  if (folded.startsWith(wanted)) return true;
  return folded.split(/\s+/).some((word) => word.startsWith(wanted));
}

/** Active people matching the filter, by name. */
export function signInChoices(people: readonly Person[], filter: string): Person[] {
  return people
    .filter((p) => p.active && nameMatches(p.name, filter))
    .sort((a, b) => a.name.localeCompare(b.name));
}

