import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@prespond/contracts';
import { DeadLetters, KAFKA_SETTINGS, KafkaSettings } from '@prespond/kafka';
import { validationPipe } from '@prespond/platform';
import { api } from '../../../../test/support/auth';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { readTopicUntil } from '../../../../test/support/kafka';
import { messengerTestEnv } from '../../../../test/support/messenger-env';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { REPLAY_LOCK } from './dead-letters.repository';

/**
 * /dead-letters against the real broker. The letters go on incident.alerts' DLQ, which no other spec fills and whose
 * topic nobody consumes, so replaying them harms no one; figures are compared with what was there before.
 */
describe('dead letters for admins', () => {
  const brokers = testKafkaBrokers();
  const topic = Topics.IncidentAlerts;
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  const keys: string[] = [randomUUID(), randomUUID()];
  const personal = '+4915100000999 ada@example.com';

  type Summary = { topic: string; deadLettered: number; waiting: number };
  const summaryOf = async () => (await api(app).get('/dead-letters').expect(200)).body as Summary[];
  const lettersOf = async (t: string) => (await api(app).get(`/dead-letters/${t}`).expect(200)).body as Record<string, unknown>[];

  beforeAll(async () => {
    db = await freshDatabase('dead_letters');
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

  it('counts per topic, lists the letters without payload, replays the waiting ones once', async () => {
    const before = (await summaryOf()).find((s) => s.topic === topic)!;
    for (const [i, key] of keys.entries()) {
      await app.get(DeadLetters).publish(topic, 0, { key, value: { contact: personal }, offset: String(40 + i), headers: {} }, `contract: test letter ${i}`);
    }

    const summary = await summaryOf();
    expect(summary.map((s) => s.topic)).toEqual(Object.values(Topics));
    expect(summary.find((s) => s.topic === topic)).toEqual({ topic, deadLettered: before.deadLettered + 2, waiting: before.waiting + 2 });

    const letters = await lettersOf(topic);
    // Oldest first per partition; the two may have gone to different partitions (by key).
    const mine = letters.filter((l) => keys.includes(l.key as string)).sort((a, b) => Number(a.originalOffset) - Number(b.originalOffset));
    expect(mine).toEqual(
      keys.map((key, i) => ({
        partition: expect.any(Number), offset: expect.stringMatching(/^\d+$/), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), key,
        reason: `contract: test letter ${i}`, originalTopic: topic, originalOffset: String(40 + i),
        service: app.get<KafkaSettings>(KAFKA_SETTINGS).clientId, replayed: false,
      })),
    );
    expect(JSON.stringify(letters)).not.toContain('ada@example.com');

    // While another replay of the topic runs (here: someone holds its lock), a replay is refused, nothing sent.
    const runner = app.get(DataSource).createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REPLAY_LOCK, topic]);
      await api(app).post(`/dead-letters/${topic}/replay`).expect(409);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await summaryOf()).find((s) => s.topic === topic)!.waiting).toBe(before.waiting + 2);

    expect((await api(app).post(`/dead-letters/${topic}/replay`).expect(200)).body).toEqual({ replayed: before.waiting + 2 });
    const back = await readTopicUntil(brokers, topic, (messages) => keys.every((k) => messages.some((m) => m.key === k)));
    for (const key of keys) {
      const replayed = back.find((m) => m.key === key)!;
      expect(JSON.parse(replayed.value!)).toEqual({ contact: personal });
      expect(replayed.headers['x-replayed-from']).toMatch(new RegExp(`^${topic}\\.dlq/\\d+/\\d+$`));
      expect(Object.keys(replayed.headers).filter((h) => h.startsWith('dlq-'))).toEqual([]);
    }

    expect((await lettersOf(topic)).filter((l) => keys.includes(l.key as string)).map((l) => l.replayed)).toEqual([true, true]);
    expect((await summaryOf()).find((s) => s.topic === topic)).toEqual({ topic, deadLettered: before.deadLettered + 2, waiting: 0 });
    expect((await api(app).post(`/dead-letters/${topic}/replay`).expect(200)).body).toEqual({ replayed: 0 });
  });

  it('answers 400 naming the topic for a topic that is not one of the contracts', async () => {
    for (const request of [api(app).get('/dead-letters/nope'), api(app).get(`/dead-letters/${topic}.dlq`), api(app).post('/dead-letters/nope/replay')]) {
      const refused = await request.expect(400);
      expect(refused.body.errors).toEqual([{ field: 'topic', reason: expect.stringContaining(Topics.NotificationRequested) }]);
    }
  });

  it('is for admins only', async () => {
    for (const role of ['ops', 'marketing'] as const) {
      await api(app, role).get('/dead-letters').expect(403);
      await api(app, role).get(`/dead-letters/${topic}`).expect(403);
      await api(app, role).post(`/dead-letters/${topic}/replay`).expect(403);
    }
    await api(app, 'anonymous').get('/dead-letters').expect(401);
  });
});
