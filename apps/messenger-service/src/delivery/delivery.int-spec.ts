import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { deadLetterTopicOf, MessageRequestedEvent, NotificationRequestedEvent, SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { Clock, ShiftableClock, startService } from '@prespond/platform';
import { freePort, SmtpInbox, TwilioSandbox, waitFor } from '@prespond/sandbox';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { produce, readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { TWILIO_STATUS_PATH } from '../providers/sms/twilio/twilio-sms.provider';
import { messengerTestEnv } from '../../../../test/support/messenger-env';
import { MessagesRepository } from './messages.repository';

/** messenger-service in-process, against real Kafka, PostgreSQL, SMTP inbox and Twilio sandbox. */
describe('messenger-service delivery', () => {
  const brokers = testKafkaBrokers();
  let db: { url: string; drop: () => Promise<void> };
  let sandbox: TwilioSandbox;
  let inbox: SmtpInbox;
  let app: INestApplication;
  let baseUrl: string;

  function requestFor(channel: 'sms' | 'email', address: string, subscriberId: string, notificationId = randomUUID()): NotificationRequestedEvent {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      type: 'notification.requested',
      version: 1,
      occurredAt: now,
      data: {
        notificationId,
        channel,
        template: 'incident.declared',
        recipient: { subscriberId, name: 'Ada', address, timeZone: 'Europe/Berlin', locale: 'en', affectedComponents: ['internet'], affectedRegions: ['berlin'] },
        incident: { id: randomUUID(), title: 'Outage', status: 'investigating', severity: 'major', components: ['internet'], regions: ['berlin'], declaredAt: now, resolvedAt: null },
        update: { id: randomUUID(), sequence: 1, status: 'investigating', message: 'A cable was cut.', eta: null, nextUpdateBy: null, createdAt: now },
      },
    };
  }

  const messageRow = async (id: string) => (await app.get(DataSource).query('SELECT * FROM message WHERE id = $1', [id]))[0];
  // Campaign messages wait for the end of quiet hours (21:00–08:00 in her zone by default): the spec runs at 11:00 in
  // Berlin whatever the hour it is run at, and moves the clock to the night only where it means to.
  const DAYTIME = '2030-01-15T10:00:00Z';
  const setClock = (iso: string) => (app.get(Clock) as ShiftableClock).set(new Date(iso));

  beforeAll(async () => {
    db = await freshDatabase('messenger');
    sandbox = await TwilioSandbox.start({ accountSid: `AC${'1'.repeat(32)}`, authToken: randomUUID() });
    inbox = await SmtpInbox.start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url, sandbox, inbox }, { MESSENGER_SERVICE_PORT: String(port), PUBLIC_URL: baseUrl, TEST_CLOCK: 'true', DEFERRED_INTERVAL_MS: '200' }));
    app = await startService(AppModule.forRoot(config), {
      name: 'messenger-service',
      description: 'test',
      host: '127.0.0.1',
      port,
      kafka: config.kafka,
      consumerGroup: `messenger-test-${randomUUID()}`,
      handleSignals: false,
    });
    setClock(DAYTIME);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await inbox?.stop();
    await db?.drop();
  });

  it('sends a notification request seen twice only once, per channel', async () => {
    const subscriberId = randomUUID();
    const sms = requestFor('sms', '+4915112345678', subscriberId);
    const smsAgain = { ...sms, id: randomUUID() }; // planned twice: new envelope, same notification id
    const email = requestFor('email', 'ada@example.com', subscriberId);
    // Keyed by subscriber: one partition, handled in order, so once the last email is in, all five were handled.
    const marker = requestFor('email', 'marker@example.com', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [sms, smsAgain, sms, email, email, marker].map((value) => ({ key: subscriberId, value })));

    await waitFor(() => inbox.messages.some((m) => m.to.includes('marker@example.com')), { description: 'the marker email' });
    expect(sandbox.messages.filter((m) => m.to === '+4915112345678')).toHaveLength(1);
    expect(inbox.messages.filter((m) => m.to.includes('ada@example.com'))).toHaveLength(1);
    expect(sandbox.messages[0].body).toContain('We know about a problem with internet in berlin');

    // Twilio's signed callbacks move the text to delivered.
    await waitFor(async () => (await messageRow(sms.data.notificationId)).status === 'delivered', { description: 'status delivered' });
    expect((await messageRow(email.data.notificationId)).status).toBe('sent');
  });

  it('sends a message request (not an incident update) seen twice only once, with its kind and campaign logged', async () => {
    const subscriberId = randomUUID();
    const campaignId = randomUUID();
    const message: MessageRequestedEvent = {
      id: randomUUID(),
      type: 'message.requested',
      version: 1,
      occurredAt: new Date().toISOString(),
      data: {
        messageId: randomUUID(),
        channel: 'email',
        kind: 'marketing',
        template: 'campaign',
        recipient: { subscriberId, name: 'Ada', address: 'ada.offer@example.com', timeZone: 'Europe/Berlin', locale: 'en' },
        props: { offer: 'a free month' },
        campaignId,
        content: { subject: 'For you: {{offer}}', text: 'Hello {{name}}, enjoy {{offer}}.', html: '<p>Hello {{name}}, enjoy {{offer}}.</p>' },
      },
    };
    const marker = requestFor('email', 'marker2@example.com', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [message, { ...message, id: randomUUID() }, marker].map((value) => ({ key: subscriberId, value })));

    await waitFor(() => inbox.messages.some((m) => m.to.includes('marker2@example.com')), { description: 'the marker email' });
    const received = inbox.messages.filter((m) => m.to.includes('ada.offer@example.com'));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ subject: 'For you: a free month', text: expect.stringContaining('Hello Ada, enjoy a free month.') });
    expect(await messageRow(message.data.messageId)).toMatchObject({ kind: 'marketing', campaign_id: campaignId, template: 'campaign', status: 'sent' });
  });

  it('suppresses at send time what she withdrew while it was queued (her copy from subscriber.changed); an answer to her request still goes', async () => {
    const subscriberId = randomUUID();
    const now = new Date().toISOString();
    const changed: SubscriberChangedEvent = {
      id: randomUUID(), type: 'subscriber.changed', version: 1, occurredAt: now,
      data: {
        subscriber: {
          id: subscriberId, name: 'Ada', email: 'ada.late@example.com', phone: '+4915112345601', timeZone: 'Europe/Berlin', locale: 'en', components: ['internet'],
          regions: ['berlin'], channels: ['sms', 'email'], marketingConsent: false, optedOutChannels: ['sms'], updatedAt: now,
        },
      },
    };
    await produce(brokers, Topics.SubscriberChanged, [{ key: subscriberId, value: changed }]);
    const view = async () => (await app.get(DataSource).query('SELECT marketing_consent, opted_out_channels FROM subscriber_view WHERE id = $1', [subscriberId]))[0];
    await waitFor(async () => (await view())?.marketing_consent === false, { description: 'her copy' });
    expect(await view()).toEqual({ marketing_consent: false, opted_out_channels: ['sms'] });

    // Planned (queued) a second before her change reached the copy: what she withdrew since then counts.
    const plannedBefore = new Date(Date.parse(now) - 1000).toISOString();
    const message = (channel: 'sms' | 'email', kind: 'service' | 'marketing', address: string, extra: Partial<MessageRequestedEvent['data']> = {}): MessageRequestedEvent => ({
      id: randomUUID(), type: 'message.requested', version: 1, occurredAt: plannedBefore,
      data: {
        messageId: randomUUID(), channel, kind, template: 'welcome-back',
        recipient: { subscriberId, name: 'Ada', address, timeZone: 'Europe/Berlin', locale: 'en' },
        props: { away: 'about 2 months', awayDays: 61, fixed: null }, ...extra,
      },
    });
    const offer = message('email', 'marketing', 'ada.late@example.com');
    const text = message('sms', 'service', '+4915112345601');
    const link = message('sms', 'service', '+4915112345601', { template: 'preferences.link', props: {}, reply: true });
    const marker = requestFor('email', 'marker3@example.com', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [offer, text, link, marker].map((value) => ({ key: subscriberId, value })));

    await waitFor(() => inbox.messages.some((m) => m.to.includes('marker3@example.com')), { description: 'the marker email' });
    expect(await messageRow(offer.data.messageId)).toMatchObject({ status: 'failed', error_code: 'suppressed', error_message: 'she withdrew her marketing consent' });
    expect(await messageRow(text.data.messageId)).toMatchObject({ status: 'failed', error_code: 'suppressed', error_message: 'she opted out of sms' });
    expect(inbox.messages.some((m) => m.to.includes('ada.late@example.com'))).toBe(false);
    const texts = sandbox.messages.filter((m) => m.to === '+4915112345601');
    expect(texts).toHaveLength(1);
    // The link she asked for: her signed page, and no footer (it is an answer).
    expect(texts[0].body).toMatch(/^Prespond: Here is your new link to see and change what we send you: http:\/\/127\.0\.0\.1:3002\/preferences\/[A-Za-z0-9_-]{44}$/);
  });

  it('keeps a campaign message asked for at night until 08:00 her time, moves on with the partition, and sends it once then', async () => {
    const subscriberId = randomUUID();
    const message: MessageRequestedEvent = {
      id: randomUUID(),
      type: 'message.requested',
      version: 1,
      occurredAt: new Date().toISOString(),
      data: {
        messageId: randomUUID(),
        channel: 'email',
        kind: 'marketing',
        template: 'campaign',
        recipient: { subscriberId, name: 'Ada', address: 'ada.night@example.com', timeZone: 'Europe/Berlin', locale: 'en' },
        props: {},
        campaignId: randomUUID(),
        content: { subject: 'Tonight only', text: 'Hello {{name}}.' },
      },
    };
    setClock('2030-01-15T22:00:00Z'); // 23:00 in Berlin
    const marker = requestFor('email', 'marker4@example.com', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [message, { ...message, id: randomUUID() }, marker].map((value) => ({ key: subscriberId, value })));

    // The incident update behind it went out: the deferred message did not hold up the partition.
    await waitFor(() => inbox.messages.some((m) => m.to.includes('marker4@example.com')), { description: 'the marker email' });
    expect(await messageRow(message.data.messageId)).toMatchObject({ status: 'deferred', due_at: new Date('2030-01-16T07:00:00Z') });
    expect(inbox.messages.filter((m) => m.to.includes('ada.night@example.com'))).toHaveLength(0);

    setClock('2030-01-16T07:00:00Z'); // 08:00 in Berlin: the deferred round (every 200 ms) sends it
    await waitFor(() => inbox.messages.some((m) => m.to.includes('ada.night@example.com')), { description: 'the campaign email at 08:00' });
    await waitFor(async () => (await messageRow(message.data.messageId)).status === 'sent', { description: 'recorded as sent' });
    expect(inbox.messages.filter((m) => m.to.includes('ada.night@example.com'))).toHaveLength(1);
    setClock(DAYTIME);
  });

  it('keeps a status callback that comes before its send is recorded, and applies it with the record', async () => {
    const messages = app.get(MessagesRepository);
    const sms = requestFor('sms', '+4915100000077', randomUUID());
    // Claimed and sent, the answer not recorded yet: Twilio calls back first ("delivered"), then a late "sent".
    await app.get(DataSource).query(
      `INSERT INTO message (id, subscriber_id, channel, template, address, kind, body, status, created_at, status_at)
       VALUES ($1, $2, 'sms', 'incident.declared', $3, 'service', 'text', 'pending', now(), now())`,
      [sms.data.notificationId, sms.data.recipient.subscriberId, sms.data.recipient.address],
    );
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    await messages.reportStatuses([{ providerId: sid, status: 'delivered' }, { providerId: sid, status: 'sent' }]);
    expect(await app.get(DataSource).query('SELECT status FROM early_status WHERE provider_id = $1', [sid])).toEqual([{ status: 'delivered' }]);

    await messages.markAcceptedMany([{ id: sms.data.notificationId, providerId: sid, status: 'queued' }]);
    expect((await messageRow(sms.data.notificationId)).status).toBe('delivered');
    expect(await app.get(DataSource).query('SELECT 1 FROM early_status WHERE provider_id = $1', [sid])).toEqual([]);
    await messages.reportStatuses([{ providerId: sid, status: 'sent' }]);
    expect((await messageRow(sms.data.notificationId)).status).toBe('delivered');
  });

  it('records acceptances, status callbacks, attempts and lease renewals of the same messages at once without a deadlock', async () => {
    const messages = app.get(MessagesRepository);
    const ids = Array.from({ length: 400 }, () => randomUUID());
    const sids = ids.map(() => `SM${randomUUID().replace(/-/g, '')}`);
    await app.get(DataSource).query(
      `INSERT INTO message (id, channel, template, address, kind, body, status, created_at, status_at, lease_owner, lease_until)
       SELECT id, 'sms', 'incident.declared', '+4915100000000', 'service', 'text', 'pending', now(), now(), 'deadlock-test', now() + interval '1 minute'
         FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    // Half of them accepted first, so callbacks find them while the other half's acceptances are being written.
    await messages.markAcceptedMany(ids.slice(0, 200).map((id, i) => ({ id, providerId: sids[i], status: 'queued' as const })));
    const shuffled = <T>(list: T[]) => list.map((item) => ({ item, key: Math.random() })).sort((a, b) => a.key - b.key).map((x) => x.item);
    const rounds = Array.from({ length: 8 }, (_, round) => [
      messages.markAcceptedMany(shuffled(ids.map((id, i) => ({ id, providerId: sids[i], status: 'queued' as const })))),
      messages.reportStatuses(shuffled(sids.map((providerId) => ({ providerId, status: round % 2 ? ('sent' as const) : ('delivered' as const) })))),
      messages.reportStatuses(shuffled(sids.slice().reverse().map((providerId) => ({ providerId, status: 'sent' as const })))),
      messages.recordAttempts(shuffled(ids)),
      messages.renewClaims('deadlock-test', shuffled(ids), 60_000),
    ]).flat();
    const settled = await Promise.allSettled(rounds);
    expect(settled.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });

  it('refuses a forged or unsigned status callback and changes nothing; a late "sent" never undoes "delivered"', async () => {
    const subscriberId = randomUUID();
    const sms = requestFor('sms', '+4915112345679', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [{ key: subscriberId, value: sms }]);
    await waitFor(async () => (await messageRow(sms.data.notificationId))?.status === 'delivered', { description: 'delivered' });
    const sid = (await messageRow(sms.data.notificationId)).provider_id;
    const url = `${baseUrl}${TWILIO_STATUS_PATH}`;
    const post = (params: Record<string, string>, signature?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(params),
      });

    const failed = { MessageSid: sid, MessageStatus: 'failed', AccountSid: sandbox.options.accountSid };
    expect((await post(failed)).status).toBe(403);
    expect((await post(failed, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    // Signed for another URL: refused too.
    expect((await post(failed, sandbox.sign('https://attacker.example/webhooks/twilio/status', failed))).status).toBe(403);
    expect((await messageRow(sms.data.notificationId)).status).toBe('delivered');

    const lateSent = { MessageSid: sid, MessageStatus: 'sent', AccountSid: sandbox.options.accountSid };
    expect((await post(lateSent, sandbox.sign(url, lateSent))).status).toBe(204);
    expect((await messageRow(sms.data.notificationId)).status).toBe('delivered');
  });

  it('records a permanent refusal (Twilio test number) as failed, without retrying', async () => {
    const subscriberId = randomUUID();
    const sms = requestFor('sms', '+15005550001', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [{ key: subscriberId, value: sms }]);
    await waitFor(async () => (await messageRow(sms.data.notificationId))?.status === 'failed', { description: 'failed' });
    expect((await messageRow(sms.data.notificationId)).error_code).toBe('21211');
  });

  it('records a mailbox the mail server refuses for good (5xx) as failed, and retries a 4xx until it passes', async () => {
    const subscriberId = randomUUID();
    inbox.refuse.set('nobody@example.com', 550);
    inbox.refuse.set('busy@example.com', 451);
    const bounced = requestFor('email', 'nobody@example.com', subscriberId);
    const deferred = requestFor('email', 'busy@example.com', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [bounced, deferred].map((value) => ({ key: subscriberId, value })));
    await waitFor(async () => (await messageRow(bounced.data.notificationId))?.status === 'failed', { description: '550 recorded' });
    expect((await messageRow(bounced.data.notificationId)).error_code).toBe('550');
    await waitFor(async () => (await messageRow(deferred.data.notificationId))?.attempts >= 2, { description: 'the 451 retried' });
    inbox.refuse.delete('busy@example.com');
    await waitFor(() => inbox.messages.some((m) => m.to.includes('busy@example.com')), { description: 'the deferred email once the server accepts it' });
    expect((await messageRow(deferred.data.notificationId)).status).toBe('sent');
    expect(inbox.messages.filter((m) => m.to.includes('nobody@example.com') || m.to.includes('busy@example.com'))).toHaveLength(1);
  });

  it('dead-letters a malformed request with the reason, and goes on with the next', async () => {
    const subscriberId = randomUUID();
    const broken = requestFor('sms', '+4915112345670', subscriberId);
    (broken.data as Record<string, unknown>).channel = 'pigeon';
    const good = requestFor('email', 'after@example.com', subscriberId);
    await produce(brokers, Topics.NotificationRequested, [
      { key: subscriberId, value: broken },
      { key: subscriberId, value: 'not json at all' },
      { key: subscriberId, value: good },
    ]);
    await waitFor(() => inbox.messages.some((m) => m.to.includes('after@example.com')), { description: 'the good request' });
    const dead = await readTopicUntil(brokers, deadLetterTopicOf(Topics.NotificationRequested), (m) => m.filter((x) => x.key === subscriberId).length === 2);
    const mine = dead.filter((m) => m.key === subscriberId);
    expect(mine[0].headers['dlq-reason']).toMatch(/data\.channel/);
    expect(mine[0].headers['dlq-original-topic']).toBe(Topics.NotificationRequested);
    expect(JSON.parse(mine[0].value!).id).toBe(broken.id);
    expect(mine[1].value).toBe('not json at all');
    expect(sandbox.messages.some((m) => m.to === '+4915112345670')).toBe(false);
  });
});
