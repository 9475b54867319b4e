import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_TOPICS, IncidentDeliveriesSchema } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { csvRecords, validationPipe } from '@prespond/platform';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { MessageEntity, MessageStatus } from '../delivery/message.entity';
import { api } from '../../../../test/support/auth';
import { messengerTestEnv } from '../../../../test/support/messenger-env';

/**
 * The messenger's reports over a message log written straight into a real PostgreSQL: what the SQL adds up
 * (outcomes, suppressed, latencies, messages older than update links) and how the communication log pages.
 */
describe('messenger reports', () => {
  const brokers = testKafkaBrokers();
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  const http = () => api(app);
  const t0 = new Date('2026-11-20T10:00:00.000Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  const incidentId = randomUUID();
  const update1 = { updateId: randomUUID(), updateSequence: 1, updateCreatedAt: t0 };
  const update2 = { updateId: randomUUID(), updateSequence: 2, updateCreatedAt: at(600) };

  function message(fields: Partial<MessageEntity> & { status: MessageStatus }): MessageEntity {
    return Object.assign(new MessageEntity(), {
      id: randomUUID(),
      subscriberId: randomUUID(),
      channel: 'sms',
      template: 'incident.declared',
      address: '+4915112345678',
      incidentId,
      updateId: null,
      updateSequence: null,
      updateCreatedAt: null,
      subject: null,
      body: 'text',
      providerId: null,
      errorCode: null,
      errorMessage: null,
      attempts: 1,
      attemptedAt: null,
      createdAt: t0,
      sentAt: null,
      statusAt: t0,
      ...fields,
    });
  }

  beforeAll(async () => {
    db = await freshDatabase('reports');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url }));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('adds up one incident per update and channel: outcomes, suppressed, latencies, and messages without an update', async () => {
    await app.get(DataSource).getRepository(MessageEntity).insert([
      message({ ...update1, status: 'delivered', sentAt: at(1.5) }),
      message({ ...update1, status: 'delivered', sentAt: at(4.25) }),
      message({ ...update1, status: 'undelivered', sentAt: at(2), errorCode: '30003' }), // accepted, then lost
      message({ ...update1, status: 'failed', errorCode: '21211' }),
      message({ ...update1, status: 'failed', errorCode: 'suppressed' }),
      message({ ...update1, status: 'pending' }),
      message({ ...update1, status: 'deferred', dueAt: at(3600) }), // waiting for her quiet hours to end
      message({ ...update1, status: 'superseded', dueAt: at(3600) }), // a newer update went instead
      message({ ...update1, channel: 'email', status: 'sent', sentAt: at(0.75) }),
      message({ ...update2, channel: 'email', status: 'sent', sentAt: at(610) }),
      message({ status: 'delivered', sentAt: at(3) }), // logged before messages knew their update
      message({ ...update1, incidentId: randomUUID(), status: 'delivered', sentAt: at(1) }), // another incident
    ]);

    const body = (await http().get(`/reports/incidents/${incidentId}/deliveries`).expect(200)).body;
    expect(IncidentDeliveriesSchema.parse(body)).toEqual(body);
    expect(body.deliveries.map((d: { sequence: number | null; channel: string }) => [d.sequence, d.channel])).toEqual([
      [null, 'sms'],
      [1, 'email'],
      [1, 'sms'],
      [2, 'email'],
    ]);
    const [unknown, email1, sms1, email2] = body.deliveries;
    expect(unknown).toMatchObject({ updateId: null, updateCreatedAt: null, messages: 1, notified: 1, firstLatencySeconds: null });
    expect(sms1).toEqual({
      updateId: update1.updateId,
      sequence: 1,
      updateCreatedAt: t0.toISOString(),
      channel: 'sms',
      messages: 8,
      notified: 3,
      firstLatencySeconds: 1.5,
      lastLatencySeconds: 4.25,
      outcomes: { pending: 1, deferred: 1, superseded: 1, queued: 0, sending: 0, sent: 0, delivered: 2, undelivered: 1, failed: 1, read: 0, suppressed: 1 },
    });
    expect(email1).toMatchObject({ messages: 1, notified: 1, firstLatencySeconds: 0.75, lastLatencySeconds: 0.75 });
    expect(email2).toMatchObject({ sequence: 2, notified: 1, firstLatencySeconds: 10, lastLatencySeconds: 10, outcomes: expect.objectContaining({ sent: 1 }) });

    const nothing = (await http().get(`/reports/incidents/${randomUUID()}/deliveries`).expect(200)).body;
    expect(nothing.deliveries).toEqual([]);
    await http().get('/reports/incidents/42/deliveries').expect(400);
  });

  it('counts an incident\'s messages accepted and delivered over time, per bucket and channel, from its first update', async () => {
    const id = randomUUID();
    const of = { incidentId: id };
    await app.get(DataSource).getRepository(MessageEntity).insert([
      message({ ...of, ...update1, status: 'delivered', sentAt: at(2), statusAt: at(5) }),
      message({ ...of, ...update1, status: 'delivered', sentAt: at(8), statusAt: at(12) }),
      message({ ...of, ...update1, status: 'sent', sentAt: at(9), statusAt: at(9) }),
      message({ ...of, ...update1, status: 'failed', errorCode: 'suppressed' }), // never accepted
      message({ ...of, ...update1, channel: 'email', status: 'sent', sentAt: at(3), statusAt: at(3) }),
      message({ ...of, ...update2, status: 'read', sentAt: at(601), statusAt: at(620) }),
      message({ ...of, ...update1, template: 'follow-up.question', status: 'delivered', sentAt: at(1), statusAt: at(1) }), // not the incident's news
    ]);
    const body = (await http().get(`/reports/incidents/${id}/timeline`).expect(200)).body;
    // 620 s from the declaration: 10-second buckets would be 63 (≤ 90), so per 10 seconds.
    expect(body).toEqual({
      incidentId: id,
      origin: t0.toISOString(),
      bucketSeconds: 10,
      buckets: [
        { at: at(0).toISOString(), channel: 'email', accepted: 1, delivered: 0 },
        { at: at(0).toISOString(), channel: 'sms', accepted: 3, delivered: 1 },
        { at: at(10).toISOString(), channel: 'sms', accepted: 0, delivered: 1 },
        { at: at(600).toISOString(), channel: 'sms', accepted: 1, delivered: 0 },
        { at: at(620).toISOString(), channel: 'sms', accepted: 0, delivered: 1 },
      ],
    });
    // A day-long incident is drawn in larger buckets (at most 90 of them).
    const long = randomUUID();
    await app.get(DataSource).getRepository(MessageEntity).insert([
      message({ incidentId: long, ...update1, status: 'sent', sentAt: at(1), statusAt: at(1) }),
      message({ incidentId: long, ...update1, status: 'sent', sentAt: at(86_000), statusAt: at(86_000) }),
    ]);
    const day = (await http().get(`/reports/incidents/${long}/timeline`).expect(200)).body;
    expect(day.bucketSeconds).toBe(1800);
    expect(day.buckets.map((b: { at: string }) => b.at)).toEqual([at(0).toISOString(), at(84_600).toISOString()]);
    expect((await http().get(`/reports/incidents/${randomUUID()}/timeline`).expect(200)).body).toMatchObject({ origin: null, buckets: [] });
  });

  it('pages one customer\'s log newest first, also through messages made in the same millisecond', async () => {
    const subscriberId = randomUUID();
    // Seven messages, three of them at the same instant: the id breaks the tie, so no page repeats or skips one.
    const seconds = [0, 10, 20, 20, 20, 30, 40];
    const mine = seconds.map((s, i) => message({ subscriberId, createdAt: at(s), status: i % 2 ? 'delivered' : 'sent', body: `message ${i}, "quoted"` }));
    await app.get(DataSource).getRepository(MessageEntity).insert([...mine, message({ status: 'sent' })]);

    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: string; createdAt: string }[]; nextCursor: string | null } = (
        await http().get(`/subscribers/${subscriberId}/communications`).query({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200)
      ).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen.map((m) => m.id).sort()).toEqual(mine.map((m) => m.id).sort());
    expect(new Set(seen.map((m) => m.id)).size).toBe(7);
    const times = seen.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const csv = await http().get(`/subscribers/${subscriberId}/communications.csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csvRecords(csv.text);
    expect(rows.map((r) => r.message_id)).toEqual(seen.map((m) => m.id));
    expect(rows.find((r) => r.message_id === mine[3].id)).toMatchObject({ body: 'message 3, "quoted"', status: 'delivered', channel: 'sms' });

    expect((await http().get(`/subscribers/${randomUUID()}/communications`).expect(200)).body).toEqual({ items: [], nextCursor: null });
    const bad = (await http().get('/subscribers/nope/communications').expect(400)).body;
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    await http().get(`/subscribers/${subscriberId}/communications?limit=0`).expect(400);
  });
});
