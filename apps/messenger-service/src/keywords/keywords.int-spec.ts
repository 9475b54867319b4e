import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { NotificationRequestedEvent, SmsConsentChangedEvent, Topics } from '@prespond/contracts';
import { startService } from '@prespond/platform';
import { freePort, SmtpInbox, TwilioSandbox, waitFor } from '@prespond/sandbox';
import { authHeaders } from '../../../../test/support/auth';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { ReadMessage, readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { DeliveryService } from '../delivery/delivery.service';
import { notificationToSend } from '../delivery/outgoing-message';
import { TemplateRenderer } from '../rendering/template-renderer';
import { SuppressionsRepository } from '../delivery/suppressions.repository';
import { TWILIO_INBOUND_SMS_PATH } from './inbound-sms.controller';
import { messengerTestEnv } from '../../../../test/support/messenger-env';

/**
 * SMS keywords in-process, through the signed webhook, against real PostgreSQL, Kafka (sms.consent-changed through the
 * outbox) and the Twilio sandbox (what customers actually received).
 */
describe('SMS keywords', () => {
  const brokers = testKafkaBrokers();
  let db: { url: string; drop: () => Promise<void> };
  let sandbox: TwilioSandbox;
  let inbox: SmtpInbox;
  let app: INestApplication;
  /** A request through the send path, as the Kafka adapter hands it over. */
  const deliver = (request: NotificationRequestedEvent['data']) => app.get(DeliveryService).send(notificationToSend(request, app.get(TemplateRenderer)));
  let baseUrl: string;
  const textsTo = (phone: string) => sandbox.messages.filter((m) => m.to === phone).map((m) => m.body);
  const sid = () => `SM${randomBytes(16).toString('hex')}`;
  const suppressed = (phone: string) => app.get(SuppressionsRepository).isSuppressed('sms', phone);

  /** A text from her, as Twilio posts it (signed); `optOutType` as Twilio adds it when it recognised a keyword. */
  async function text(from: string, body: string, options: { sid?: string; optOutType?: string } = {}): Promise<Response> {
    const url = `${baseUrl}${TWILIO_INBOUND_SMS_PATH}`;
    const params: Record<string, string> = { AccountSid: sandbox.options.accountSid, From: from, To: '+15005550006', Body: body, MessageSid: options.sid ?? sid() };
    if (options.optOutType) params.OptOutType = options.optOutType;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sandbox.sign(url, params) },
      body: new URLSearchParams(params),
    });
    expect(response.status).toBe(200);
    return response;
  }

  /** The ops API, with an ops key. */
  async function ops(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const response = await fetch(`${baseUrl}${path}`, { method, headers: authHeaders('ops') });
    return { status: response.status, body: await response.json() };
  }

  /** An incident update to her by text, as the fan-out requests it. */
  function updateTo(phone: string): NotificationRequestedEvent['data'] {
    const now = new Date().toISOString();
    return {
      notificationId: randomUUID(),
      channel: 'sms',
      template: 'incident.updated',
      recipient: { subscriberId: randomUUID(), name: 'Ada', address: phone, timeZone: 'Europe/Berlin', locale: 'en', affectedComponents: ['internet'], affectedRegions: ['berlin'] },
      incident: { id: randomUUID(), title: 'Outage', status: 'identified', severity: 'major', components: ['internet'], regions: ['berlin'], declaredAt: now, resolvedAt: null },
      update: { id: randomUUID(), sequence: 2, status: 'identified', message: 'A cable was cut.', eta: null, nextUpdateBy: null, createdAt: now },
    };
  }

  /** The sms.consent-changed events published for this number, once `count` of them are there. */
  async function consentEvents(phone: string, count: number): Promise<(SmsConsentChangedEvent & { key: string | null })[]> {
    const mine = (all: ReadMessage[]) => all.filter((m) => m.key === phone);
    const read = await readTopicUntil(brokers, Topics.SmsConsentChanged, (all) => mine(all).length >= count);
    return mine(read).map((m) => ({ ...JSON.parse(m.value!), key: m.key }));
  }

  beforeAll(async () => {
    db = await freshDatabase('keywords');
    sandbox = await TwilioSandbox.start({ accountSid: `AC${'3'.repeat(32)}`, authToken: randomUUID() });
    inbox = await SmtpInbox.start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url, sandbox, inbox }, { MESSENGER_SERVICE_PORT: String(port), PUBLIC_URL: baseUrl, BRAND_NAME: 'Acme Fibre', SUPPORT_CONTACT: '+18005550199', FOLLOW_UP_INTERVAL_MS: '0' }));
    app = await startService(AppModule.forRoot(config), {
      name: 'messenger-service',
      description: 'test',
      host: '127.0.0.1',
      port,
      kafka: config.kafka,
      consumerGroup: `messenger-test-${randomUUID()}`,
      handleSignals: false,
    });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await inbox?.stop();
    await db?.drop();
  });

  it.each([
    ['STOP', '+4915112350001'],
    ['stop', '+4915112350002'],
    [' Stop ', '+4915112350003'],
    ['unsubscribe', '+4915112350004'],
  ])('%j stops every text to the number at once, with one confirmation even when Twilio retries the webhook', async (word, phone) => {
    expect(await deliver(updateTo(phone))).toBe('SENT');

    const stopSid = sid();
    await text(phone, word, { sid: stopSid });
    expect(await suppressed(phone)).toBe(true); // committed before the webhook was answered
    await text(phone, word, { sid: stopSid }); // Twilio retries
    await text(phone, word, { sid: stopSid });

    // A message requested after the STOP is not sent: the sandbox has the update before it and the confirmation only.
    expect(await deliver(updateTo(phone))).toBe('SUPPRESSED');
    expect(textsTo(phone)).toEqual([
      expect.stringContaining('A cable was cut.'),
      "You're unsubscribed from Acme Fibre texts and will get no more messages from us. Reply START to resume.",
    ]);

    // subscriber-service hears of it once per text (same event id on every retry), keyed by the number.
    const [event] = await consentEvents(phone, 1);
    expect(event).toMatchObject({
      key: phone,
      type: 'sms.opted-out',
      version: 1,
      data: { phone, source: 'keyword', text: word, confirmation: expect.stringContaining("You're unsubscribed"), confirmedBy: 'prespond', inboundSid: stopSid, providerError: null },
    });
    expect((await ops('GET', '/inbound-sms?limit=500')).body.items.filter((s: { sid: string }) => s.sid === stopSid)).toEqual([
      expect.objectContaining({ from: phone, body: word, handledAs: 'keyword', keyword: 'stop', optOutType: null, flagged: false }),
    ]);
  });

  it('START restores texts with one confirmation; HELP answers with the brand, the contact and how to stop', async () => {
    const phone = '+4915112350010';
    await text(phone, 'STOP');
    expect(await deliver(updateTo(phone))).toBe('SUPPRESSED');

    // HELP is answered even while she is opted out (carriers require it), and changes nothing.
    const helpSid = sid();
    await text(phone, 'help', { sid: helpSid });
    await text(phone, 'help', { sid: helpSid });
    expect(await suppressed(phone)).toBe(true);

    const startSid = sid();
    await text(phone, 'Start', { sid: startSid });
    await text(phone, 'Start', { sid: startSid });
    expect(await suppressed(phone)).toBe(false);
    expect(await deliver(updateTo(phone))).toBe('SENT');
    expect(textsTo(phone)).toEqual([
      "You're unsubscribed from Acme Fibre texts and will get no more messages from us. Reply START to resume.",
      'Acme Fibre: service updates by text. Help: +18005550199. Msg & data rates may apply. Reply STOP to unsubscribe, START to resume.',
      "You're subscribed to Acme Fibre texts again. Reply HELP for help, STOP to unsubscribe.",
      expect.stringContaining('A cable was cut.'),
    ]);
    const events = await consentEvents(phone, 2);
    expect(events.map((e) => [e.type, e.data.text])).toEqual([['sms.opted-out', 'STOP'], ['sms.opted-in', 'Start']]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    // "YES" is START too: she is subscribed already, so it only confirms.
    await text(phone, 'YES');
    await waitFor(() => textsTo(phone).length === 5, { description: 'the confirmation of YES' });
    expect(textsTo(phone)[4]).toContain('subscribed to Acme Fibre texts again');
  });

  it("honours Twilio's OptOutType: the change is applied, and Twilio's own answer is the only one she gets", async () => {
    const phone = '+4915112350020';
    const stopSid = sid();
    await text(phone, 'ARRET', { sid: stopSid, optOutType: 'STOP' }); // a custom keyword Twilio knows and we do not
    expect(await suppressed(phone)).toBe(true);
    await text(phone, 'AIDE', { optOutType: 'HELP' });
    expect(await deliver(updateTo(phone))).toBe('SUPPRESSED');
    const [stopped] = await consentEvents(phone, 1);
    expect(stopped).toMatchObject({ type: 'sms.opted-out', data: { text: 'ARRET', confirmation: null, confirmedBy: 'twilio', inboundSid: stopSid } });

    await text(phone, 'stop texting me', { optOutType: 'START' }); // Twilio's word wins over the body
    expect(await suppressed(phone)).toBe(false);
    expect(textsTo(phone)).toEqual([]);
    const listed = (await ops('GET', '/inbound-sms?limit=500')).body.items.filter((s: { from: string }) => s.from === phone);
    expect(listed.map((s: { keyword: string; optOutType: string }) => [s.keyword, s.optOutType])).toEqual([['start', 'START'], ['help', 'HELP'], ['stop', 'STOP']]);
  });

  it('keeps "stop texting me" for review without opting out, lists it for ops and lets them mark it reviewed', async () => {
    const phone = '+4915112350030';
    const flaggedSid = sid();
    await text(phone, 'stop texting me', { sid: flaggedSid });
    await text(phone, 'stop texting me', { sid: flaggedSid }); // retried: recorded once
    await text(phone, 'please unsubscribe');
    await text(phone, 'thanks, all good');
    expect(await suppressed(phone)).toBe(false);
    expect(await deliver(updateTo(phone))).toBe('SENT');
    expect(textsTo(phone)).toEqual([expect.stringContaining('A cable was cut.')]); // no confirmation, no answer

    const flagged = (await ops('GET', '/inbound-sms?flagged=true&reviewed=false&limit=500')).body.items.filter((s: { from: string }) => s.from === phone);
    expect(flagged).toEqual([
      expect.objectContaining({ body: 'please unsubscribe', handledAs: 'flagged', flagged: true, flagReason: expect.any(String), reviewedAt: null }),
      expect.objectContaining({ sid: flaggedSid, body: 'stop texting me', handledAs: 'flagged', flagged: true, reviewedAt: null }),
    ]);

    const reviewed = await ops('POST', `/inbound-sms/${flaggedSid}/review`);
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ sid: flaggedSid, reviewedAt: expect.any(String) });
    expect((await ops('POST', `/inbound-sms/${flaggedSid}/review`)).body.reviewedAt).toBe(reviewed.body.reviewedAt); // first review stays
    const waiting = (await ops('GET', '/inbound-sms?flagged=true&reviewed=false&limit=500')).body.items.filter((s: { from: string }) => s.from === phone);
    expect(waiting.map((s: { body: string }) => s.body)).toEqual(['please unsubscribe']);

    const plain = (await ops('GET', '/inbound-sms?flagged=false&limit=500')).body.items.find((s: { from: string }) => s.from === phone);
    expect(plain).toMatchObject({ body: 'thanks, all good', handledAs: 'unhandled' });
    expect((await ops('POST', `/inbound-sms/${plain.sid}/review`)).status).toBe(409);
    expect((await ops('POST', '/inbound-sms/SMnothing/review')).status).toBe(404);
    const bad = await ops('GET', '/inbound-sms?flagged=maybe&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['flagged', 'limit']);
  });

  it('pages the texts newest first with a cursor', async () => {
    const phone = '+4915112350040';
    for (const body of ['no more messages', 'leave me alone', "don't text me"]) await text(phone, body);
    const first = await ops('GET', '/inbound-sms?flagged=true&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await ops('GET', `/inbound-sms?flagged=true&limit=500&cursor=${first.body.nextCursor}`);
    const all = [...first.body.items, ...second.body.items].filter((s: { from: string }) => s.from === phone);
    expect(all.map((s: { body: string }) => s.body)).toEqual(["don't text me", 'leave me alone', 'no more messages']);
    expect((await ops('GET', '/inbound-sms?cursor=nonsense')).status).toBe(400);
  });

  it('turns a 21610 refusal into a suppression and one sms.opted-out (provider-error)', async () => {
    const phone = '+15005550004'; // the sandbox refuses it as Twilio does: 21610, unsubscribed recipient
    const refused = updateTo(phone);
    expect(await deliver(refused)).toBe('FAILED');
    expect(await suppressed(phone)).toBe(true);
    expect(await deliver(updateTo(phone))).toBe('SUPPRESSED'); // not even tried
    expect(sandbox.refusals.filter((r) => r.to === phone)).toHaveLength(1);
    const [event] = await consentEvents(phone, 1);
    expect(event).toMatchObject({
      type: 'sms.opted-out',
      data: { phone, source: 'provider-error', text: null, confirmation: null, inboundSid: null, providerError: { code: '21610', messageId: refused.notificationId } },
    });
  });

  it('lifts a suppression from an earlier 21610 when she texts START', async () => {
    // The sandbox refuses its 21610 number for ever; a real number Twilio blocked is unblocked by her START as well.
    const phone = '+4915112350060';
    await app.get(SuppressionsRepository).suppress('sms', phone, 'Attempt to send to unsubscribed recipient', 'provider:21610');
    expect(await deliver(updateTo(phone))).toBe('SUPPRESSED');
    await text(phone, 'START');
    expect(await suppressed(phone)).toBe(false);
    expect(await deliver(updateTo(phone))).toBe('SENT');
    expect(textsTo(phone)).toEqual([expect.stringContaining('subscribed to Acme Fibre texts again'), expect.stringContaining('A cable was cut.')]);
    expect((await consentEvents(phone, 1))[0]).toMatchObject({ type: 'sms.opted-in', data: { source: 'keyword', text: 'START' } });
  });

  it('refuses an unsigned inbound text and documents the ops endpoints', async () => {
    const response = await fetch(`${baseUrl}${TWILIO_INBOUND_SMS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams({ From: '+4915112350050', Body: 'STOP', MessageSid: sid() }),
    });
    expect(response.status).toBe(403);
    expect(await suppressed('+4915112350050')).toBe(false);
    const docs = (await (await fetch(`${baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/inbound-sms', '/inbound-sms/{sid}/review']));
  });
});
