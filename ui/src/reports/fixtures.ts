// Report rows for the tests (the app never imports it).
import type { PersonFigures } from '../lib/bindings/PersonFigures';

/** A person with nothing counted, but what `over` says. */
export function person(id: number, name: string, over: Partial<PersonFigures> = {}): PersonFigures {
  return {
    person_id: id,
    name,
    role: 'rep',
    solved: 0,
    passed: 0,
    taken: 0,
    assigned: 0,
    escalated: 0,
    promises_due: 0,
    promises_kept: 0,
    delighted: 0,
    complaints: 0,
    preventions: 0,
    buck_passing_ratio: null,
    buck_passing_sample: 0,
    buck_passing_alarm: false,
    median_hours_to_solve: null,
    ...over,
  };
}
