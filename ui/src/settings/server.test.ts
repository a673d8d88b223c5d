import { describe, expect, it } from 'vitest';
import { blankServer, describeMove, describeProbe, parsePort } from './server';

describe('the shared desk form', () => {
  it('starts checked and on PostgreSQL’s port', () => {
    expect(blankServer()).toMatchObject({ port: 5432, tls: 'verify-full', ca_file: null });
  });

  it('says what a server holds', () => {
    expect(describeProbe({ kind: 'desk', people: 1, tickets: 1200 })).toBe(
      'Connected: a Baton desk with 1 person and 1,200 tickets.',
    );
    expect(describeProbe({ kind: 'empty' })).toMatch(/empty/);
    expect(describeProbe({ kind: 'older', found: 2, needs: 3 })).toMatch(/schema 2 .* needs 3/);
    expect(describeProbe({ kind: 'newer', found: 9, knows: 3 })).toMatch(/newer Baton/);
  });

  it('says whether a move verified', () => {
    const moved = { people: 7, tickets: 1, events: 40, head: null };
    expect(describeMove({ ...moved, verified: true })).toMatch(/^Moved 7 people, 1 ticket and 40 events; the trail verifies/);
    expect(describeMove({ ...moved, verified: false })).toMatch(/does not verify/);
  });

  it('takes only a real port', () => {
    expect(parsePort(' 54329 ')).toBe(54329);
    for (const bad of ['', '0', '65536', '54.3', 'abc']) expect(parsePort(bad)).toBeNull();
  });
});
