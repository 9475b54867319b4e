import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, IncidentFeedbackEvent, Topics } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { Clock, ManualClock, validationPipe } from '@prespond/platform';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { incidentServiceConfig } from '../config/env';
import { ReopeningsService } from './reopenings.service';
import { api, testAccessEnv } from '../../../../test/support/auth';

/** Reopenings in-process against real PostgreSQL and Kafka: recorded once, listed, updates allowed only while open. */
describe('reopenings', () => {
  const brokers = testKafkaBrokers();
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  const http = () => api(app);

  function troubleReported(incidentId: string, subscriberId: string): IncidentFeedbackEvent {
    const now = clock.now().toISOString();
    return {
      id: randomUUID(),
      type: 'incident.trouble-reported',
      version: 1,
      occurredAt: now,
      data: { incidentId, subscriberId, followUpId: randomUUID(), channel: 'sms', reportedAt: now },
    };
  }

  beforeAll(async () => {
    db = await freshDatabase('reopenings');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    const config = incidentServiceConfig({ ...testAccessEnv('incident-service'), DATABASE_URL: db.url, KAFKA_BROKERS: brokers.join(','), PROMISE_WATCHDOG_INTERVAL_MS: '0' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('reopens a resolved incident for the customer who reported trouble, until ops resolve it for her', async () => {
    const incident = (await http().post('/incidents').send({ title: 'Outage', message: 'Down.', severity: 'major', components: ['internet'] }).expect(201)).body;
    const resolved = (await http().post(`/incidents/${incident.id}/resolve`).send({ message: 'Back.' }).expect(200)).body;
    await http().post(`/incidents/${incident.id}/updates`).send({ message: 'More.' }).expect(409);
    await http().get(`/incidents/${incident.id}/reopened`).expect(200, []);
    await http().get(`/incidents/${randomUUID()}/reopened`).expect(404);

    const ada = randomUUID();
    const event = troubleReported(incident.id, ada);
    const reopenings = app.get(ReopeningsService);
    expect(await reopenings.recordTroubleReported(event)).toBe(true);
    expect(await reopenings.recordTroubleReported({ ...event, id: randomUUID() })).toBe(false); // redelivered
    const listed = (await http().get(`/incidents/${incident.id}/reopened`).expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ subscriberId: ada, channel: 'sms', closedAt: null })]);

    // An update while reopened: published as incident.updated after the resolution; the incident stays resolved.
    await http().post(`/incidents/${incident.id}/updates`).send({ status: 'resolved', message: 'Done?' }).expect(409);
    const updated = (await http().post(`/incidents/${incident.id}/updates`).send({ status: 'identified', message: 'Checking your line.' }).expect(201)).body;
    expect(updated).toMatchObject({ status: 'resolved', resolvedAt: resolved.resolvedAt });
    expect(updated.timeline.map((u: { status: string }) => u.status)).toEqual(['investigating', 'resolved', 'identified']);

    clock.advance(60_000);
    const final = (await http().post(`/incidents/${incident.id}/reopened/resolve`).send({ message: 'Your line is repaired.' }).expect(200)).body;
    expect(final.timeline.map((u: { status: string }) => u.status)).toEqual(['investigating', 'resolved', 'identified', 'resolved']);
    const closed = (await http().get(`/incidents/${incident.id}/reopened`).expect(200)).body;
    expect(closed[0].closedByUpdateId).toBe(final.timeline[3].id);
    await http().post(`/incidents/${incident.id}/updates`).send({ message: 'More.' }).expect(409);
    await http().post(`/incidents/${incident.id}/reopened/resolve`).send({ message: 'Again.' }).expect(409);

    // On incident.changed: the later events carry the original resolution time and a later update.
    const events = await readTopicUntil(brokers, Topics.IncidentChanged, (all) => all.filter((m) => m.key === incident.id).length === 4);
    const mine = events.filter((m) => m.key === incident.id).map((m) => JSON.parse(m.value!));
    expect(mine.map((e) => e.type)).toEqual(['incident.declared', 'incident.resolved', 'incident.updated', 'incident.resolved']);
    const resolvedAt = mine[1].data.incident.resolvedAt;
    for (const later of mine.slice(2)) {
      expect(later.data.incident).toMatchObject({ status: 'resolved', resolvedAt });
      expect(Date.parse(later.data.update.createdAt)).toBeGreaterThan(Date.parse(resolvedAt));
    }
  });
});
