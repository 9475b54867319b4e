import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { api } from '../../../../test/support/auth';
import { parseEvent, SmsConsentChangedEvent, SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { SmsConsentService } from './sms-consent.service';

/** sms.consent-changed applied to the subscribers with that phone, against a real PostgreSQL (outbox recorded). */
describe('subscriber-service SMS consent from the messenger', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  function change(type: SmsConsentChangedEvent['type'], phone: string, text: string, changedAt: string, extra: Partial<SmsConsentChangedEvent['data']> = {}): SmsConsentChangedEvent {
    return parseEvent(Topics.SmsConsentChanged, {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: changedAt,
      data: {
        phone,
        source: 'keyword',
        text,
        confirmation: type === 'sms.opted-out' ? "You're unsubscribed from Prespond texts. Reply START to resume." : "You're subscribed to Prespond texts again.",
        confirmedBy: 'prespond',
        inboundSid: `SM${randomUUID().replace(/-/g, '')}`,
        providerError: null,
        changedAt,
        ...extra,
      },
    });
  }

  const create = async (body: object) => (await api(app).post('/subscribers').send(body).expect(201)).body;
  const get = async (id: string) => (await api(app).get(`/subscribers/${id}`).expect(200)).body;
  const consents = async (id: string) => (await api(app).get(`/subscribers/${id}/consents`).expect(200)).body.filter((r: { purpose: string }) => r.purpose === 'sms');
  // The snapshot's contract leaves the opt-outs out (the messenger keeps no copy of them), but the event carries them.
  const optedOutIn = (e: SubscriberChangedEvent) => (e.data.subscriber as { optedOutChannels?: string[] }).optedOutChannels ?? [];
  const changedEvents = (id: string) => sent.filter((e) => e.topic === Topics.SubscriberChanged && e.key === id).map((e) => e.value as SubscriberChangedEvent);

  beforeAll(async () => {
    service = await startSubscriberApp('smsconsent', { sent });
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('opts every subscriber with the number out of SMS, with a keyword consent record, once however often it arrives', async () => {
    const phone = '+4915112360001';
    const ada = await create({ name: 'Ada', phone, email: 'ada@example.com', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'] });
    const kid = await create({ name: 'Kid', phone, timeZone: 'Europe/Berlin', components: ['tv'], regions: ['berlin'], channels: ['sms'] });
    const other = await create({ name: 'Other', phone: '+4915112360099', timeZone: 'Europe/Berlin', components: ['tv'], regions: ['berlin'], channels: ['sms'] });
    const stop = change('sms.opted-out', phone, 'Stop', minutesAgo(2));

    const smsConsent = app.get(SmsConsentService);
    expect(await smsConsent.apply(stop)).toEqual({ changed: 2, recorded: 0, stale: 0 });
    expect(await smsConsent.apply(stop)).toEqual({ changed: 0, recorded: 0, stale: 2 }); // redelivered
    expect(await smsConsent.apply({ ...stop, id: randomUUID() })).toEqual({ changed: 0, recorded: 0, stale: 2 }); // published twice

    for (const s of [ada, kid]) {
      expect((await get(s.id)).optedOutChannels).toEqual(['sms']);
      expect(await consents(s.id)).toEqual([
        {
          purpose: 'sms',
          granted: false,
          source: 'keyword',
          wording: `Texted "Stop"; answered: "You're unsubscribed from Prespond texts. Reply START to resume."`,
          recordedAt: stop.data.changedAt,
        },
      ]);
      await waitFor(() => changedEvents(s.id).some((e) => optedOutIn(e).includes('sms')), { description: 'subscriber.changed with sms opted out' });
      expect(changedEvents(s.id).filter((e) => optedOutIn(e).includes('sms'))).toHaveLength(1);
    }
    expect((await get(other.id)).optedOutChannels).toEqual([]);
    expect(await consents(other.id)).toEqual([]);
  });

  it('opts back in on START, and an older STOP arriving late does not flip it back', async () => {
    const phone = '+4915112360002';
    const bea = await create({ name: 'Bea', phone, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'], optedOutChannels: ['email'] });
    const smsConsent = app.get(SmsConsentService);
    const stop = change('sms.opted-out', phone, 'STOP', minutesAgo(3));
    const start = change('sms.opted-in', phone, 'UNSTOP', minutesAgo(2));
    const lateStop = change('sms.opted-out', phone, 'END', minutesAgo(2.5)); // sent between them, parked on retry

    expect(await smsConsent.apply(stop)).toEqual({ changed: 1, recorded: 0, stale: 0 });
    expect((await get(bea.id)).optedOutChannels).toEqual(['email', 'sms']);
    expect(await smsConsent.apply(start)).toEqual({ changed: 1, recorded: 0, stale: 0 });
    expect(await smsConsent.apply(lateStop)).toEqual({ changed: 0, recorded: 0, stale: 1 });
    expect((await get(bea.id)).optedOutChannels).toEqual(['email']);
    expect((await consents(bea.id)).map((r: { granted: boolean; source: string; recordedAt: string }) => [r.granted, r.source, r.recordedAt])).toEqual([
      [false, 'keyword', stop.data.changedAt],
      [true, 'keyword', start.data.changedAt],
    ]);
  });

  it('records a START that arrives before its older STOP, so the STOP cannot win when it comes', async () => {
    const phone = '+4915112360003';
    const cal = await create({ name: 'Cal', phone, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'] });
    const smsConsent = app.get(SmsConsentService);
    const stop = change('sms.opted-out', phone, 'STOP', minutesAgo(2));
    const start = change('sms.opted-in', phone, 'START', minutesAgo(1));
    expect(await smsConsent.apply(start)).toEqual({ changed: 0, recorded: 1, stale: 0 }); // she was opted in: her word is kept
    expect(await smsConsent.apply(stop)).toEqual({ changed: 0, recorded: 0, stale: 1 });
    expect((await get(cal.id)).optedOutChannels).toEqual([]);
    expect(changedEvents(cal.id).filter((e) => optedOutIn(e).includes('sms'))).toEqual([]);
  });

  it("records a provider error as the source, with Twilio's words", async () => {
    const phone = '+4915112360004';
    const dan = await create({ name: 'Dan', phone, timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'] });
    const refused = change('sms.opted-out', phone, '', minutesAgo(1), {
      source: 'provider-error',
      text: null,
      confirmation: null,
      confirmedBy: null,
      inboundSid: null,
      providerError: { code: '21610', message: 'Attempt to send to unsubscribed recipient', messageId: randomUUID() },
    });
    expect(await app.get(SmsConsentService).apply(refused)).toEqual({ changed: 1, recorded: 0, stale: 0 });
    expect((await get(dan.id)).optedOutChannels).toEqual(['sms']);
    expect(await consents(dan.id)).toEqual([
      expect.objectContaining({ granted: false, source: 'provider-error', wording: 'Twilio refused a text to this number: 21610 Attempt to send to unsubscribed recipient' }),
    ]);
  });

  it('changes nothing for a number no subscriber has', async () => {
    expect(await app.get(SmsConsentService).apply(change('sms.opted-out', '+4915112369999', 'STOP', minutesAgo(1)))).toEqual({ changed: 0, recorded: 0, stale: 0 });
  });
});
