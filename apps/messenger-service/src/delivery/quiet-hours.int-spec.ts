import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_TOPICS, MessageRequestedEvent, NotificationRequestedEvent, Severity, SubscriberChangedEvent, SubscriberSnapshot } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { Clock, ManualClock } from '@prespond/platform';
import { SmtpInbox, TwilioSandbox, waitFor } from '@prespond/sandbox';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { FollowUpEntity } from '../follow-ups/follow-up.entity';
import { FollowUpPlanner } from '../follow-ups/follow-up-planner';
import { FollowUpsRepository } from '../follow-ups/follow-ups.repository';
import { FollowUpsService } from '../follow-ups/follow-ups.service';
import { DeliveryService } from '../delivery/delivery.service';
import { messageRequestToSend, notificationToSend } from '../delivery/outgoing-message';
import { TemplateRenderer } from '../rendering/template-renderer';
import { SuppressionsRepository } from '../delivery/suppressions.repository';
import { SubscriberViewConsumer } from '../subscribers/subscriber-view.consumer';
import { DeferredMessagesRound } from './deferred-round';
import { messengerTestEnv } from '../../../../test/support/messenger-env';

/** A local wall-clock time in a zone, as an instant. */
const local = (zone: string, wall: string) => DateTime.fromISO(wall, { zone }).toJSDate();
const iso = (zone: string, wall: string) => local(zone, wall).toISOString();

/**
 * Quiet hours in-process with a manual clock, against real PostgreSQL, the Twilio sandbox and the SMTP inbox:
 * messages asked for at 21:30 in each customer's zone wait for 08:00 in hers, and the deferred round sends them then.
 */
describe('quiet hours', () => {
  const brokers = testKafkaBrokers();
  const clock = new ManualClock(new Date('2030-01-15T12:00:00Z'));
  let db: { url: string; drop: () => Promise<void> };
  let sandbox: TwilioSandbox;
  let inbox: SmtpInbox;
  let app: INestApplication;
  /** A request through the send path, as the Kafka adapter hands it over. */
  const deliver = (request: NotificationRequestedEvent['data']) => app.get(DeliveryService).send(notificationToSend(request, app.get(TemplateRenderer)));
  const deliverMessage = (request: MessageRequestedEvent['data']) => app.get(DeliveryService).send(messageRequestToSend(request, app.get(TemplateRenderer)));
  let delivery: DeliveryService;
  let round: DeferredMessagesRound;

  const textsTo = (phone: string) => sandbox.messages.filter((m) => m.to === phone).map((m) => m.body);
  const emailsTo = (address: string) => inbox.messages.filter((m) => m.to.includes(address));
  const received = (channel: 'sms' | 'email', address: string) => (channel === 'sms' ? textsTo(address).length : emailsTo(address).length);
  const row = async (id: string) => (await app.get(DataSource).query('SELECT * FROM message WHERE id = $1', [id]))[0];

  function message(kind: 'campaign' | 'welcome-back' | 'renewal', channel: 'sms' | 'email', address: string, timeZone: string, subscriberId = randomUUID()): MessageRequestedEvent['data'] {
    const recipient = { subscriberId, name: 'Ada', address, timeZone, locale: 'en' };
    const base = { messageId: randomUUID(), channel, recipient };
    if (kind === 'campaign') {
      const content = channel === 'sms' ? { text: 'A free month for you, {{name}}.' } : { subject: 'For you', text: 'A free month for you, {{name}}.', html: '<p>A free month for you, {{name}}.</p>' };
      return { ...base, kind: 'marketing', template: 'campaign', props: {}, campaignId: randomUUID(), content };
    }
    if (kind === 'welcome-back') {
      return { ...base, kind: 'marketing', template: 'welcome-back', props: { away: 'about 2 months', awayDays: 61, fixed: null, awaySince: '2029-11-15T09:00:00.000Z', returnedAt: '2030-01-15T09:00:00.000Z' } };
    }
    return {
      ...base,
      kind: 'service',
      template: 'renewal.reminder',
      props: { planId: 'p1', planName: 'Fibre 500', planType: 'broadband', renewalDate: '2030-02-14T11:00:00.000Z', daysLeft: 30, tomorrow: false, offsetDays: 30, selfServiceUrl: 'https://acme.example/p1' },
    };
  }

  function incidentUpdate(
    channel: 'sms' | 'email',
    address: string,
    subscriberId: string,
    incident: { id: string; severity: Severity },
    sequence: number,
    text: string,
    template: NotificationRequestedEvent['data']['template'] = sequence === 1 ? 'incident.declared' : 'incident.updated',
  ): NotificationRequestedEvent['data'] {
    const now = clock.now().toISOString();
    const status = template === 'incident.resolved' ? 'resolved' : 'investigating';
    return {
      notificationId: randomUUID(),
      channel,
      template,
      recipient: { subscriberId, name: 'Ada', address, timeZone: 'Europe/Berlin', locale: 'en', affectedComponents: ['internet'], affectedRegions: ['berlin'] },
      incident: { id: incident.id, title: 'Outage', status, severity: incident.severity, components: ['internet'], regions: ['berlin'], declaredAt: now, resolvedAt: status === 'resolved' ? now : null },
      update: { id: randomUUID(), sequence, status, message: text, eta: null, nextUpdateBy: null, createdAt: now },
    };
  }

  /** Her copy, as subscriber.changed brings it (without the quiet-hours fields: a snapshot from before them). */
  async function copyOf(subscriberId: string, phone: string, quiet: Partial<SubscriberSnapshot> = {}, updatedAt = clock.now()): Promise<void> {
    const event: SubscriberChangedEvent = {
      id: randomUUID(),
      type: 'subscriber.changed',
      version: 1,
      occurredAt: updatedAt.toISOString(),
      data: {
        subscriber: {
          id: subscriberId, name: 'Ada', email: null, phone, timeZone: 'Europe/Berlin', locale: 'en', components: ['internet'], regions: ['berlin'], channels: ['sms'],
          ...quiet, updatedAt: updatedAt.toISOString(),
        },
      },
    };
    await app.get(SubscriberViewConsumer).updateViewOnSubscriberChanged(event);
  }

  beforeAll(async () => {
    db = await freshDatabase('quiet');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    sandbox = await TwilioSandbox.start({ accountSid: `AC${'4'.repeat(32)}`, authToken: randomUUID() });
    inbox = await SmtpInbox.start();
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url, sandbox, inbox }, { FOLLOW_UP_INTERVAL_MS: '0', DEFERRED_INTERVAL_MS: '0' /* rounds are driven by the test */ }));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    delivery = app.get(DeliveryService);
    round = app.get(DeferredMessagesRound);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await inbox?.stop();
    await db?.drop();
  });

  it('defers a message asked for at 21:30 local to 08:00 local the next day, in every zone, and sends it once then', async () => {
    // No copies of these subscribers yet: the defaults (21:00–08:00) in the zone each request carries.
    const people = [
      { zone: 'Europe/Berlin', request: message('campaign', 'email', 'berlin@example.com', 'Europe/Berlin') },
      { zone: 'America/New_York', request: message('welcome-back', 'sms', '+12125550201', 'America/New_York') },
      { zone: 'Asia/Tokyo', request: message('renewal', 'email', 'tokyo@example.com', 'Asia/Tokyo') },
      { zone: 'Asia/Kolkata', request: message('campaign', 'sms', '+919812345601', 'Asia/Kolkata') },
      { zone: 'Asia/Kathmandu', request: message('renewal', 'sms', '+9779812345601', 'Asia/Kathmandu') },
    ];
    // One timeline in real order: each zone's 21:30 of 15 January, 07:59 and 08:00 of 16 January.
    type Step = { at: Date; run: () => Promise<void> };
    const steps: Step[] = people.flatMap(({ zone, request }): Step[] => {
      const { channel, recipient } = request;
      return [
        {
          at: local(zone, '2030-01-15T21:30'),
          run: async () => {
            expect(await deliverMessage(request)).toBe('DEFERRED');
            expect(await deliverMessage(request)).toBe('SKIPPED'); // redelivered: the claim holds
            const kept = await row(request.messageId);
            expect([zone, kept.status, kept.due_at.toISOString()]).toEqual([zone, 'deferred', iso(zone, '2030-01-16T08:00')]);
            expect(kept.outbound).toMatchObject({ to: recipient.address, text: expect.any(String) });
          },
        },
        {
          at: local(zone, '2030-01-16T07:59'),
          run: async () => {
            await round.round();
            expect([zone, received(channel, recipient.address)]).toEqual([zone, 0]);
          },
        },
        {
          at: local(zone, '2030-01-16T08:00'),
          run: async () => {
            // Three replicas' rounds at once: one takes the round, the message goes once.
            const rounds = await Promise.all([round.round(), round.round(), round.round()]);
            expect([zone, rounds.reduce((n, r) => n + r.sent, 0), rounds.reduce((n, r) => n + r.retryLater, 0)]).toEqual([zone, 1, 0]);
            await waitFor(() => received(channel, recipient.address) === 1, { description: `${zone}'s message at 08:00` });
          },
        },
      ];
    });
    for (const step of steps.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      clock.set(step.at);
      await step.run();
    }

    for (const { zone, request } of people) {
      expect(await deliverMessage(request)).toBe('SKIPPED'); // redelivered after it went: nothing more
      expect([zone, received(request.channel, request.recipient.address)]).toEqual([zone, 1]);
      const sent = await row(request.messageId);
      expect([zone, sent.due_at.toISOString(), sent.sent_at !== null, sent.urgency]).toEqual([zone, iso(zone, '2030-01-16T08:00'), true, 'non-urgent']);
    }
    // Sent exactly as it was kept: the campaign email with its subject and both parts.
    expect(emailsTo('berlin@example.com')[0]).toMatchObject({ subject: 'For you', text: expect.stringContaining('A free month for you, Ada.') });
    expect(textsTo('+12125550201')[0]).toContain('Welcome back, Ada!');
  });

  it('sends incident updates at night as she chose, critical ones only if she allowed it; replies never wait; the backlog collapses to the newest', async () => {
    const night = (wall: string) => clock.set(local('Europe/Berlin', `2030-02-12T${wall}`));
    const morning = iso('Europe/Berlin', '2030-02-13T08:00');
    const person = async (phone: string, quiet: Partial<SubscriberSnapshot> | null) => {
      const id = randomUUID();
      if (quiet) await copyOf(id, phone, quiet);
      return { id, phone };
    };
    night('12:00');
    const sender = await person('+4915112340101', {}); // an older snapshot: the defaults, incident updates at once
    const waiter = await person('+4915112340102', { quietHoursIncidents: 'wait' });
    const allowsCritical = await person('+4915112340103', { quietHoursIncidents: 'wait', quietHoursCritical: true });
    const holdsCritical = await person('+4915112340104', { quietHoursIncidents: 'wait', quietHoursCritical: false });
    const major = { id: randomUUID(), severity: 'major' as const };
    const critical = { id: randomUUID(), severity: 'critical' as const };

    night('23:00');
    expect(await deliver(incidentUpdate('sms', sender.phone, sender.id, major, 1, 'Cable cut.'))).toBe('SENT');
    expect(await deliver(incidentUpdate('sms', waiter.phone, waiter.id, major, 1, 'Cable cut.'))).toBe('DEFERRED');
    expect(await deliver(incidentUpdate('email', 'waiter@example.com', waiter.id, major, 1, 'Cable cut.'))).toBe('DEFERRED');
    expect(await deliver(incidentUpdate('sms', allowsCritical.phone, allowsCritical.id, critical, 1, 'Region down.'))).toBe('SENT');
    const heldCritical = incidentUpdate('sms', holdsCritical.phone, holdsCritical.id, critical, 1, 'Region down.');
    expect(await deliver(heldCritical)).toBe('DEFERRED');
    expect(textsTo(sender.phone)).toHaveLength(1);
    expect(textsTo(allowsCritical.phone)).toHaveLength(1);

    // An answer to a text she just sent goes at once; the follow-up question waits like any non-urgent message.
    const followUp = Object.assign(new FollowUpEntity(), {
      id: randomUUID(), incidentId: major.id, subscriberId: waiter.id, channel: 'sms', address: waiter.phone, name: 'Ada', locale: 'en', timeZone: 'Europe/Berlin',
      incidentTitle: 'Outage', affected: 'internet in berlin', resolvedAt: clock.now(), dueAt: clock.now(), askedAt: null, answer: 'trouble', answeredAt: clock.now(), acknowledgedAt: null, createdAt: clock.now(),
    });
    expect(await app.get(FollowUpsService).acknowledge(followUp)).toBe('SENT');
    expect(textsTo(waiter.phone)).toEqual([expect.stringContaining('We are on it')]);
    const questionOfOther = Object.assign(new FollowUpEntity(), { ...followUp, id: randomUUID(), subscriberId: sender.id, address: sender.phone, answer: null, answeredAt: null });
    await app.get(FollowUpsRepository).recordDue(questionOfOther);
    expect(await app.get(FollowUpsService).ask(questionOfOther)).toBe('DEFERRED');
    // Asked when it reaches her: a "1" she texts before that answers nothing.
    expect((await app.get(FollowUpsRepository).findById(questionOfOther.id))?.askedAt?.toISOString()).toBe(morning);
    expect(await app.get(FollowUpsService).receiveSms({ sid: randomUUID(), from: sender.phone, body: '1' })).toBe('unhandled');

    // Overnight, more updates for the waiter; the last one resolves the incident.
    night('23:59');
    clock.advance(2 * 3_600_000); // 01:59
    expect(await deliver(incidentUpdate('sms', waiter.phone, waiter.id, major, 2, 'Crew on site.'))).toBe('DEFERRED');
    clock.advance(3 * 3_600_000); // 04:59
    const resolution = incidentUpdate('sms', waiter.phone, waiter.id, major, 3, 'Fixed.', 'incident.resolved');
    expect(await deliver(resolution)).toBe('DEFERRED');
    expect(await deliver(resolution)).toBe('SKIPPED');
    // Her resolution will reach her at 08:00: its follow-up is due the delay (60 minutes) after that, not after 04:59.
    expect(await app.get(FollowUpPlanner).planAfterResolution(resolution)).toBe(true);
    const planned = (await app.get(DataSource).query('SELECT due_at, time_zone FROM follow_up WHERE incident_id = $1 AND subscriber_id = $2', [major.id, waiter.id]))[0];
    expect([planned.due_at.toISOString(), planned.time_zone]).toEqual([iso('Europe/Berlin', '2030-02-13T09:00'), 'Europe/Berlin']);

    clock.set(new Date(Date.parse(morning) - 60_000));
    expect(await round.round()).toMatchObject({ sent: 0, superseded: 0 });
    clock.set(new Date(morning));
    expect(await round.round()).toMatchObject({ sent: 4, superseded: 2, retryLater: 0 });
    // She wakes to one text, the current status, and the email that had no newer update.
    expect(textsTo(waiter.phone)).toEqual([expect.stringContaining('We are on it'), expect.stringContaining('Fixed.')]);
    await waitFor(() => emailsTo('waiter@example.com').length === 1, { description: 'the one email update' });
    expect(textsTo(holdsCritical.phone)).toEqual([expect.stringContaining('Region down.')]);
    expect(textsTo(sender.phone)).toEqual([expect.stringContaining('Cable cut.'), expect.stringContaining('working for you again')]);
    const statuses = await app.get(DataSource).query(
      `SELECT update_sequence, CASE WHEN sent_at IS NOT NULL THEN 'sent' ELSE status END AS status FROM message WHERE subscriber_id = $1 AND channel = 'sms' AND template LIKE 'incident.%' ORDER BY update_sequence`,
      [waiter.id],
    );
    expect(statuses.map((s: { update_sequence: number; status: string }) => [s.update_sequence, s.status])).toEqual([[1, 'superseded'], [2, 'superseded'], [3, 'sent']]);
    expect(await round.round()).toMatchObject({ sent: 0, superseded: 0 });
    expect(await deliver(resolution)).toBe('SKIPPED');
    expect(textsTo(waiter.phone)).toHaveLength(2);
  });

  it('sends nothing to a number that opted out overnight, and follows quiet hours she changed overnight', async () => {
    const zone = 'Europe/Berlin';
    clock.set(local(zone, '2030-03-05T22:00'));
    const stopper = message('campaign', 'sms', '+4915112340201', zone);
    const lateRiser = message('renewal', 'sms', '+4915112340202', zone);
    await copyOf(lateRiser.recipient.subscriberId!, lateRiser.recipient.address, {}); // the defaults for now
    expect(await deliverMessage(stopper)).toBe('DEFERRED');
    expect(await deliverMessage(lateRiser)).toBe('DEFERRED');

    clock.set(local(zone, '2030-03-06T03:00'));
    await app.get(SuppressionsRepository).suppress('sms', stopper.recipient.address, 'STOP', 'keyword'); // she texted STOP
    await copyOf(lateRiser.recipient.subscriberId!, lateRiser.recipient.address, { quietHoursStart: '22:00', quietHoursEnd: '09:30' });

    clock.set(local(zone, '2030-03-06T08:00'));
    expect(await round.round()).toMatchObject({ sent: 0, suppressed: 1, deferredAgain: 1 });
    expect(await row(stopper.messageId)).toMatchObject({ status: 'failed', error_code: 'suppressed' });
    expect((await row(lateRiser.messageId)).due_at.toISOString()).toBe(iso(zone, '2030-03-06T09:30'));

    clock.set(local(zone, '2030-03-06T09:30'));
    expect(await round.round()).toMatchObject({ sent: 1 });
    expect(textsTo(stopper.recipient.address)).toEqual([]);
    expect(textsTo(lateRiser.recipient.address)).toEqual([expect.stringContaining('Fibre 500 renews in 30 days')]);
  });
});
