import { randomUUID } from 'node:crypto';
import { ContractViolation, parseEvent } from '../registry';
import { ALL_TOPICS, Topics } from '../topics';

describe('sms.consent-changed v1', () => {
  const now = new Date().toISOString();
  const optedOut = {
    id: randomUUID(),
    type: 'sms.opted-out',
    version: 1,
    occurredAt: now,
    data: {
      phone: '+4915112345678',
      source: 'keyword',
      text: 'Stop',
      confirmation: "You're unsubscribed from Prespond texts.",
      confirmedBy: 'prespond',
      inboundSid: 'SM123',
      providerError: null,
      changedAt: now,
    },
  };

  it('is the contract of its topic, created with its retry and dead-letter topics', () => {
    expect(Topics.SmsConsentChanged).toBe('sms.consent-changed');
    expect(ALL_TOPICS).toEqual(expect.arrayContaining(['sms.consent-changed', 'sms.consent-changed.retry', 'sms.consent-changed.dlq']));
    expect(parseEvent(Topics.SmsConsentChanged, optedOut)).toEqual(optedOut);
    expect(parseEvent(Topics.SmsConsentChanged, { ...optedOut, type: 'sms.opted-in' })).toBeTruthy();
  });

  it('takes a provider error as the source of an opt-out, never of an opt-in', () => {
    const refused = {
      ...optedOut,
      data: { ...optedOut.data, source: 'provider-error', text: null, confirmation: null, confirmedBy: null, inboundSid: null, providerError: { code: '21610', message: 'Attempt to send to unsubscribed recipient', messageId: randomUUID() } },
    };
    expect(parseEvent(Topics.SmsConsentChanged, refused)).toEqual(refused);
    expect(() => parseEvent(Topics.SmsConsentChanged, { ...refused, type: 'sms.opted-in' })).toThrow(/data\.source/);
  });

  it('refuses a number that is not E.164, an unknown source and an unknown version', () => {
    expect(() => parseEvent(Topics.SmsConsentChanged, { ...optedOut, data: { ...optedOut.data, phone: '015112345678' } })).toThrow(/data\.phone/);
    expect(() => parseEvent(Topics.SmsConsentChanged, { ...optedOut, data: { ...optedOut.data, source: 'rumour' } })).toThrow(/data\.source/);
    expect(() => parseEvent(Topics.SmsConsentChanged, { ...optedOut, version: 2 })).toThrow(ContractViolation);
  });
});
