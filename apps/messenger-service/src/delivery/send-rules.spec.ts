import { SubscriberSnapshot } from '@prespond/contracts';
import { Candidate, SendFacts, verdictOn, withdrawnBySubscriber } from './send-rules';

const copy = (changes: Partial<SubscriberSnapshot>): SubscriberSnapshot => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Ada',
  email: 'ada@example.com',
  phone: '+4915112345678',
  timeZone: 'Europe/Berlin',
  locale: 'en',
  components: ['internet'],
  regions: ['berlin'],
  channels: ['sms', 'email'],
  marketingConsent: true,
  optedOutChannels: [],
  updatedAt: '2030-01-01T10:00:00.000Z',
  ...changes,
});
const text = { kind: 'service' as const, channel: 'sms' as const };
const offer = { kind: 'marketing' as const, channel: 'email' as const };

describe('what she withdrew since a message was planned', () => {
  it('suppresses a channel she opted out of, and marketing without her consent, when her copy is newer than the plan', () => {
    const planned = new Date('2030-01-01T09:59:00.000Z');
    expect(withdrawnBySubscriber(copy({ optedOutChannels: ['sms'] }), text, planned)).toBe('she opted out of sms');
    expect(withdrawnBySubscriber(copy({ marketingConsent: false }), offer, planned)).toBe('she withdrew her marketing consent');
    expect(withdrawnBySubscriber(copy({ marketingConsent: false }), text, planned)).toBeNull();
  });

  it('lets the plan stand over an older copy: she opted back in and the planner knew it before her copy arrived', () => {
    const plannedAfterHerStart = new Date('2030-01-01T10:00:05.000Z');
    expect(withdrawnBySubscriber(copy({ optedOutChannels: ['sms'] }), text, plannedAfterHerStart)).toBeNull();
    expect(withdrawnBySubscriber(copy({ optedOutChannels: ['sms'] }), text, new Date('2030-01-01T10:00:00.000Z'))).toBeNull();
  });

  it('suppresses nothing without a copy, and judges by the copy alone when the plan time is unknown', () => {
    expect(withdrawnBySubscriber(undefined, text, new Date())).toBeNull();
    expect(withdrawnBySubscriber(copy({ optedOutChannels: ['sms'] }), text)).toBe('she opted out of sms');
  });
});

describe('the rules a claimed message passes before it goes', () => {
  const ada = copy({});
  // 23:30 in Berlin: inside her default quiet hours (21:00–08:00).
  const night = new Date('2030-01-01T22:30:00.000Z');
  const noon = new Date('2030-01-01T11:00:00.000Z');
  const facts = (changes: Partial<SendFacts> = {}): SendFacts => ({ copies: new Map([[ada.id, ada]]), suppressed: new Set(), overtaken: new Set(), now: noon, ...changes });
  const message = (changes: Partial<Candidate['row']> = {}): Candidate => ({
    row: {
      id: '00000000-0000-4000-8000-0000000000aa',
      channel: 'sms',
      address: ada.phone!,
      subscriberId: ada.id,
      template: 'incident.update',
      kind: 'service',
      urgency: 'incident',
      timeZone: 'Europe/Berlin',
      attemptedAt: null,
      createdAt: new Date('2030-01-01T10:30:00.000Z'),
      ...changes,
    },
    plannedAt: new Date('2030-01-01T10:30:00.000Z'),
  });

  it('sends a message nothing holds back', () => {
    expect(verdictOn(message(), facts())).toEqual({ action: 'send' });
  });

  it('supersedes an overtaken incident update before anything else', () => {
    const m = message();
    expect(verdictOn(m, facts({ overtaken: new Set([m.row.id]), suppressed: new Set([`sms:${ada.phone}`]) }))).toEqual({ action: 'supersede' });
  });

  it('suppresses what she withdrew after it was planned, and an address that opted out', () => {
    const withdrawn = copy({ optedOutChannels: ['sms'], updatedAt: '2030-01-01T10:31:00.000Z' });
    expect(verdictOn(message(), facts({ copies: new Map([[ada.id, withdrawn]]) }))).toEqual({ action: 'suppress', reason: 'she opted out of sms' });
    expect(verdictOn(message(), facts({ suppressed: new Set([`sms:${ada.phone}`]) }))).toEqual({ action: 'suppress', reason: `${ada.phone} opted out of sms` });
  });

  it('lets only the answers to her keywords reach an opted-out number, and no other reply', () => {
    const suppressed = facts({ suppressed: new Set([`sms:${ada.phone}`]) });
    expect(verdictOn(message({ template: 'keyword.stop', urgency: 'reply', kind: 'service' }), suppressed)).toEqual({ action: 'send' });
    expect(verdictOn(message({ template: 'follow-up.acknowledgement', urgency: 'reply' }), suppressed).action).toBe('suppress');
  });

  it('keeps a non-urgent message for the end of her quiet hours, but not one the provider may already have, nor a reply', () => {
    const verdict = verdictOn(message({ template: 'renewal.reminder', urgency: 'non-urgent' }), facts({ now: night }));
    expect(verdict).toEqual({ action: 'defer', dueAt: new Date('2030-01-02T07:00:00.000Z') });
    expect(verdictOn(message({ template: 'renewal.reminder', urgency: 'non-urgent', attemptedAt: new Date(night.getTime() - 60_000) }), facts({ now: night }))).toEqual({ action: 'send' });
    expect(verdictOn(message({ template: 'keyword.help', urgency: 'reply' }), facts({ now: night }))).toEqual({ action: 'send' });
  });
});
