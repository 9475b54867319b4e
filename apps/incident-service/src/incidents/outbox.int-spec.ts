import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ALL_TOPICS, Topics } from '@prespond/contracts';
import { createKafka, ensureTopics, Outbox } from '@prespond/kafka';
import { validationPipe } from '@prespond/platform';
import { KafkaBroker, waitFor } from '@prespond/sandbox';
import { freshDatabase } from '../../../../test/support/infra';
import { readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { incidentServiceConfig } from '../config/env';
import { api, testAccessEnv } from '../../../../test/support/auth';

/** The transactional outbox, against a real PostgreSQL and a Kafka broker of this file's own (it is stopped midway). */
describe('incident changes reach Kafka through the outbox', () => {
  let broker: KafkaBroker;
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let dataSource: DataSource;

  const incident = (title: string) => ({
    title,
    message: 'Internet is down in parts of Berlin.',
    severity: 'major',
    components: ['internet'],
    regions: ['berlin'],
  });
  const outboxRows = async () => Number((await dataSource.query('SELECT count(*) AS n FROM outbox_message'))[0].n);
  const eventsFor = (incidentId: string) => <T extends { key: string | null }>(messages: T[]) => messages.filter((m) => m.key === incidentId);

  beforeAll(async () => {
    broker = await KafkaBroker.start({ onLog: () => undefined });
    db = await freshDatabase('outbox');
    await ensureTopics(createKafka({ brokers: [broker.bootstrap], clientId: 'test' }), ALL_TOPICS);
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(incidentServiceConfig({ ...testAccessEnv('incident-service'), DATABASE_URL: db.url, KAFKA_BROKERS: broker.bootstrap, PROMISE_WATCHDOG_INTERVAL_MS: '0' }))],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await broker?.stop();
  });

  it('publishes a committed declaration, keyed by incident id', async () => {
    const response = await api(app).post('/incidents').send(incident('Committed')).expect(201);
    const messages = await readTopicUntil([broker.bootstrap], Topics.IncidentChanged, (m) => eventsFor(response.body.id)(m).length > 0);
    const [event] = eventsFor(response.body.id)(messages);
    expect(JSON.parse(event.value!)).toMatchObject({ type: 'incident.declared', version: 1, data: { incident: { id: response.body.id, title: 'Committed' } } });
  });

  it('publishes nothing for a change that was rolled back', async () => {
    const outbox = app.get(Outbox);
    const enqueue = outbox.enqueue.bind(outbox);
    const spy = jest.spyOn(outbox, 'enqueue').mockImplementationOnce(async (manager, events) => {
      await enqueue(manager, events);
      throw new Error('the database went away after the outbox write');
    });
    await api(app).post('/incidents').send(incident('Rolled back')).expect(500);
    spy.mockRestore();
    expect(await dataSource.query(`SELECT id FROM incident WHERE title = 'Rolled back'`)).toHaveLength(0);
    expect(await outboxRows()).toBe(0);
    // A later change on the same topic arrives, and nothing about the rolled-back one came before or with it.
    const later = await api(app).post('/incidents').send(incident('Later')).expect(201);
    const messages = await readTopicUntil([broker.bootstrap], Topics.IncidentChanged, (m) => eventsFor(later.body.id)(m).length > 0);
    expect(messages.map((m) => JSON.parse(m.value!).data.incident.title)).not.toContain('Rolled back');
  });

  it('keeps a change committed while the broker is down and publishes it when the broker is back', async () => {
    await broker.stop({ keepData: true });
    const response = await api(app).post('/incidents').send(incident('During the outage')).expect(201);
    const id = response.body.id;
    // Committed, and waiting in the outbox: the relay cannot reach the broker.
    expect(await dataSource.query('SELECT id FROM incident WHERE id = $1', [id])).toHaveLength(1);
    expect(await outboxRows()).toBe(1);

    await broker.restart();
    const messages = await readTopicUntil([broker.bootstrap], Topics.IncidentChanged, (m) => eventsFor(id)(m).length > 0, 60_000);
    expect(eventsFor(id)(messages)).toHaveLength(1);
    expect(JSON.parse(eventsFor(id)(messages)[0].value!).data.incident.title).toBe('During the outage');
    await waitFor(async () => (await outboxRows()) === 0, { description: 'the outbox to drain' });
  });
});
