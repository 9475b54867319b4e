import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, NotificationRequestedEvent, Topics } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { Clock, ManualClock } from '@prespond/platform';
import { SmtpInbox, TwilioSandbox } from '@prespond/sandbox';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { DeliveryService } from '../delivery/delivery.service';
import { notificationToSend } from '../delivery/outgoing-message';
import { TemplateRenderer } from '../rendering/template-renderer';
import { FollowUpPlanner } from './follow-up-planner';
import { FollowUpScheduler } from './follow-up-scheduler';
import { followUpId } from './follow-up-ids';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';
import { messengerTestEnv } from '../../../../test/support/messenger-env';

const MINUTE = 60_000;

/** Follow-ups in-process with a manual clock, against real PostgreSQL, Kafka, the Twilio sandbox and the SMTP inbox. */
describe('follow-ups', () => {
  const brokers = testKafkaBrokers();
  const resolvedAt = new Date('2030-01-31T15:00:00.000Z');
  const clock = new ManualClock(resolvedAt);
  let db: { url: string; drop: () => Promise<void> };
  let sandbox: TwilioSandbox;
  let inbox: SmtpInbox;
  let app: INestApplication;
  /** A request through the send path, as the Kafka adapter hands it over. */
  const deliver = (request: NotificationRequestedEvent['data']) => app.get(DeliveryService).send(notificationToSend(request, app.get(TemplateRenderer)));
  let scheduler: FollowUpScheduler;
  const at = (minutes: number) => clock.set(new Date(resolvedAt.getTime() + minutes * MINUTE));
  const textsTo = (phone: string) => sandbox.messages.filter((m) => m.to === phone).map((m) => m.body);

  function resolution(channel: 'sms' | 'email', address: string, subscriberId: string, incidentId: string, updateId: string): NotificationRequestedEvent['data'] {
    const when = resolvedAt.toISOString();
    return {
      notificationId: randomUUID(),
      channel,
      template: 'incident.resolved',
      recipient: { subscriberId, name: 'Ada', address, timeZone: 'Europe/Berlin', locale: 'en', affectedComponents: ['internet'], affectedRegions: ['berlin'] },
      incident: { id: incidentId, title: 'Outage', status: 'resolved', severity: 'major', components: ['internet'], regions: ['berlin'], declaredAt: when, resolvedAt: when },
      update: { id: updateId, sequence: 2, status: 'resolved', message: 'Fixed.', eta: null, nextUpdateBy: null, createdAt: when },
    };
  }

  /** Delivers a resolution to her by text and by email, each twice (a redelivery), and plans after each. */
  async function resolve(phone: string, email: string): Promise<{ incidentId: string; subscriberId: string }> {
    const incidentId = randomUUID();
    const subscriberId = randomUUID();
    const updateId = randomUUID();
    for (const request of [resolution('email', email, subscriberId, incidentId, updateId), resolution('sms', phone, subscriberId, incidentId, updateId)]) {
      for (let i = 0; i < 2; i++) {
        await deliver(request);
        await app.get(FollowUpPlanner).planAfterResolution(request);
      }
    }
    return { incidentId, subscriberId };
  }

  beforeAll(async () => {
    db = await freshDatabase('followups');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    sandbox = await TwilioSandbox.start({ accountSid: `AC${'2'.repeat(32)}`, authToken: randomUUID() });
    inbox = await SmtpInbox.start();
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url, sandbox, inbox }, { FOLLOW_UP_DELAY_MINUTES: '60', FOLLOW_UP_INTERVAL_MS: '0' /* rounds are driven by the test */ }));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    scheduler = app.get(FollowUpScheduler);
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await inbox?.stop();
    await db?.drop();
  });

  it('asks once, by text, only when the delay has passed, however many replicas run rounds', async () => {
    const phone = '+4915112340001';
    const { incidentId, subscriberId } = await resolve(phone, 'ask@example.com');
    const followUp = (await app.get(FollowUpsRepository).findById(followUpId(incidentId, subscriberId)))!;
    expect(followUp).toMatchObject({ channel: 'sms', address: phone, askedAt: null });
    expect(followUp.dueAt.toISOString()).toBe('2030-01-31T16:00:00.000Z');

    at(59);
    expect(await scheduler.round()).toEqual({ asked: 0, acknowledged: 0 });
    expect(textsTo(phone)).toHaveLength(1); // the resolution only

    at(60);
    const rounds = await Promise.all([scheduler.round(), scheduler.round(), scheduler.round()]);
    expect(rounds.reduce((sum, r) => sum + r.asked, 0)).toBe(1);
    expect(await scheduler.round()).toEqual({ asked: 0, acknowledged: 0 });
    expect(textsTo(phone)).toEqual([
      expect.stringContaining('Fixed: internet in berlin'),
      // The question is not an answer to her: it ends with her settings link, like every text we start.
      expect.stringMatching(/^Prespond: Is internet in berlin working for you again\? Reply 1 if yes, 2 if you still have trouble\.\nSettings: http:\/\/127\.0\.0\.1:3002\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/),
    ]);
    expect(inbox.messages.filter((m) => m.to.includes('ask@example.com'))).toHaveLength(1); // the resolution only
  });

  it('takes only a bare "2" as trouble: publishes it once with the answer, acknowledges once, ignores a retried webhook', async () => {
    const phone = '+4915112340002';
    const { incidentId, subscriberId } = await resolve(phone, 'trouble@example.com');
    at(61);
    await scheduler.round();
    const service = app.get(FollowUpsService);

    for (const word of ['HELP', 'STOP', 'yes', '3']) expect(await service.receiveSms({ sid: randomUUID(), from: phone, body: word })).toBe('unhandled');
    expect(await service.receiveSms({ sid: 'SM-trouble', from: phone, body: '2' })).toBe('follow-up-answer');
    expect(await service.receiveSms({ sid: 'SM-trouble', from: phone, body: '2' })).toBe('duplicate');
    expect(await service.receiveSms({ sid: randomUUID(), from: phone, body: '1' })).toBe('follow-up-answer');
    expect(await scheduler.round()).toEqual({ asked: 0, acknowledged: 0 }); // acknowledged already, right after the answer

    const id = followUpId(incidentId, subscriberId);
    expect(await app.get(FollowUpsRepository).findById(id)).toMatchObject({ answer: 'trouble' });
    expect(textsTo(phone).filter((t) => t.includes('We are on it'))).toHaveLength(1);
    const events = await readTopicUntil(brokers, Topics.IncidentFeedback, (all) => all.some((m) => m.value?.includes(id)));
    const mine = events.filter((m) => m.value?.includes(id));
    expect(mine).toHaveLength(1);
    expect(mine[0].key).toBe(incidentId);
    expect(JSON.parse(mine[0].value!)).toMatchObject({ type: 'incident.trouble-reported', version: 1, data: { incidentId, subscriberId, followUpId: id, channel: 'sms' } });
  });
});
