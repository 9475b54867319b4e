import { randomUUID } from 'node:crypto';
import { ContractViolation, parseEvent } from '../registry';
import { Topics } from '../topics';

describe('caller.sms-updates-requested v1', () => {
  const now = new Date().toISOString();
  const event = {
    id: randomUUID(),
    type: 'caller.sms-updates-requested',
    version: 1,
    occurredAt: now,
    data: { subscriberId: randomUUID(), incidentId: randomUUID(), phone: '+4915112345678', callSid: 'CA123', requestedAt: now },
  };

  it('is the contract of its topic', () => {
    expect(Topics.CallerSmsUpdatesRequested).toBe('caller.sms-updates-requested');
    expect(parseEvent(Topics.CallerSmsUpdatesRequested, event)).toEqual(event);
    expect(parseEvent(Topics.CallerSmsUpdatesRequested, { ...event, data: { ...event.data, callSid: null } })).toBeTruthy();
  });

  it('refuses a number that is not E.164 and an unknown version', () => {
    expect(() => parseEvent(Topics.CallerSmsUpdatesRequested, { ...event, data: { ...event.data, phone: 'anonymous' } })).toThrow(/data\.phone/);
    expect(() => parseEvent(Topics.CallerSmsUpdatesRequested, { ...event, version: 2 })).toThrow(ContractViolation);
  });
});
