import { describe, expect, it } from 'vitest';
import type { Category } from '../lib/bindings/Category';
import { buildCallAbout, buildIntake, type IntakeForm } from './request';

const outage: Category = {
  id: 3,
  name: 'Internet outage',
  fields: [
    { key: 'service_address', label: 'Service address', required: true },
    { key: 'modem_lights', label: 'Modem lights', required: false },
  ],
  default_owner_id: null,
  realtime: true,
  small_steps: ['Walk through restarting the modem'],
};

const form = (over: Partial<IntakeForm> = {}): IntakeForm => ({
  customerId: 7,
  category: outage,
  summary: 'No internet since last night',
  values: { service_address: '3 Harbour Road', modem_lights: '', account_number: 'AC-1' },
  channel: 'phone',
  smallStep: '',
  realtime: 'not_offered',
  promise: '2026-11-03T17:30',
  key: 'call-1',
  ...over,
});

describe('buildIntake', () => {
  it('sends only the chosen category’s filled fields', () => {
    expect(buildIntake(form()).fields).toEqual({ service_address: '3 Harbour Road' });
  });

  it('sends the promise as UTC and the small step only when given', () => {
    const intake = buildIntake(form({ smallStep: '  ' }));
    expect(intake.promise_at).toBe(new Date(2026, 10, 3, 17, 30).toISOString().replace('.000', ''));
    expect(intake.small_step).toBeNull();
    expect(buildIntake(form({ smallStep: 'Restarted the modem' })).small_step).toBe('Restarted the modem');
    expect(buildIntake(form({ promise: '' })).promise_at).toBeNull();
  });

  it('sends the call’s key, so a resend takes it in once', () => {
    expect(buildIntake(form()).key).toBe('call-1');
  });

  it('records whether realtime help was offered and taken', () => {
    expect(buildIntake(form({ realtime: 'taken' }))).toMatchObject({
      realtime_offered: true,
      realtime_taken: true,
    });
    expect(buildIntake(form({ realtime: 'declined' }))).toMatchObject({
      realtime_offered: true,
      realtime_taken: false,
    });
    // Never for a category that does not offer it, whatever the form last said.
    expect(buildIntake(form({ realtime: 'taken', category: { ...outage, realtime: false } }))).toMatchObject({
      realtime_offered: false,
      realtime_taken: false,
    });
  });
});

describe('buildCallAbout', () => {
  it('sends what was said and every fact typed, but no category, small step or promise', () => {
    const call = buildCallAbout(form());
    expect(call).toMatchObject({ customer_id: 7, summary: 'No internet since last night', channel: 'phone', key: 'call-1' });
    expect(call.fields).toEqual({ service_address: '3 Harbour Road', account_number: 'AC-1' });
    expect([call.small_step, call.promise_at, call.realtime_offered]).toEqual([null, null, false]);
  });
});

describe('solved on the call', () => {
  it('sends the resolution only when there is one', () => {
    expect(buildIntake(form()).resolution).toBeUndefined();
    expect(buildIntake(form({ resolution: 'Restarted the modem with them' })).resolution).toBe('Restarted the modem with them');
  });
});
