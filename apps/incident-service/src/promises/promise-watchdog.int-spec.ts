import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ALL_TOPICS, Topics } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { Clock, ManualClock, validationPipe } from '@prespond/platform';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { incidentServiceConfig } from '../config/env';
import { PromiseWatchdog } from './promise-watchdog';
import { api, testAccessEnv } from '../../../../test/support/auth';

const MINUTE = 60_000;

/** Promise tracking and the watchdog, with a manual clock: time moves when the test says so. */
describe('promise watchdog', () => {
  const brokers = testKafkaBrokers();
  const clock = new ManualClock(new Date(Date.now() + MINUTE)); // a little ahead, so request validation sees the future
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let watchdog: PromiseWatchdog;
  const http = () => api(app);
  const inMinutes = (n: number) => new Date(clock.now().getTime() + n * MINUTE).toISOString();

  beforeAll(async () => {
    db = await freshDatabase('promises');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    const config = incidentServiceConfig({ ...testAccessEnv('incident-service'),
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers.join(','),
      PROMISE_WATCHDOG_INTERVAL_MS: '0', // rounds are driven by the test
      PROMISE_ALERT_LEAD_MINUTES: '5',
      PROMISE_EXTENSION_MINUTES: '30',
      PROMISE_GRACE_MINUTES: '2',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
    watchdog = app.get(PromiseWatchdog);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('alerts before a missed promise, holds it up at the deadline, and records how every promise ended', async () => {
    const incident = (
      await http()
        .post('/incidents')
        .send({ title: 'Outage', message: 'Down.', severity: 'major', components: ['internet'], nextUpdateBy: inMinutes(20) })
        .expect(201)
    ).body;
    expect(await watchdog.round()).toEqual({ alerted: 0, heldUp: 0 });

    // 4 minutes before the promised time, nothing posted: ops are alerted, once.
    clock.advance(16 * MINUTE);
    expect(await watchdog.round()).toEqual({ alerted: 1, heldUp: 0 });
    expect(await watchdog.round()).toEqual({ alerted: 0, heldUp: 0 });
    expect((await http().get('/promises/at-risk').expect(200)).body).toEqual([expect.objectContaining({ incidentId: incident.id, state: 'at-risk' })]);
    const alerts = await readTopicUntil(brokers, Topics.IncidentAlerts, (m) => m.some((x) => x.key === incident.id));
    expect(JSON.parse(alerts.find((m) => m.key === incident.id)!.value!)).toMatchObject({ type: 'incident.promise-at-risk', data: { incidentId: incident.id, title: 'Outage' } });

    // The deadline passes: the watchdog posts a holding update promising the next one 30 minutes on.
    clock.advance(5 * MINUTE);
    expect((await http().get('/promises/at-risk').expect(200)).body[0].state).toBe('overdue');
    expect(await watchdog.round()).toEqual({ alerted: 0, heldUp: 1 });
    const held = (await http().get(`/incidents/${incident.id}`).expect(200)).body;
    expect(held.timeline).toHaveLength(2);
    expect(held.timeline[1]).toMatchObject({ status: 'investigating', message: expect.stringMatching(/still working on this/), nextUpdateBy: inMinutes(30) });

    // A person posts the next update in time: kept. It promises another, which nobody keeps, and the watchdog is late.
    clock.advance(10 * MINUTE);
    await http().post(`/incidents/${incident.id}/updates`).send({ message: 'Cable found.', status: 'identified', nextUpdateBy: inMinutes(15) }).expect(201);
    clock.advance(20 * MINUTE); // 5 minutes past due: beyond the 2-minute grace
    expect(await watchdog.round()).toMatchObject({ heldUp: 1 });

    const promises = (await http().get(`/promises?incidentId=${incident.id}`).expect(200)).body;
    expect(promises.map((p: { state: string }) => p.state)).toEqual(['kept_by_watchdog', 'kept', 'broken', 'open']);
    expect((await http().get(`/promises/stats?incidentId=${incident.id}`).expect(200)).body).toEqual({
      total: 4,
      open: 1,
      kept: 1,
      keptByWatchdog: 1,
      broken: 1,
      keptRate: 2 / 3,
    });

    // Resolving settles the last promise and makes none.
    clock.advance(MINUTE);
    await http().post(`/incidents/${incident.id}/resolve`).send({ message: 'Fixed.' }).expect(200);
    expect((await http().get(`/promises/stats?incidentId=${incident.id}`).expect(200)).body).toMatchObject({ open: 0, kept: 2 });
    expect(await watchdog.round()).toEqual({ alerted: 0, heldUp: 0 });
  });

  it('leaves a promise to the person who kept it, even if the watchdog saw it due a moment before', async () => {
    const incident = (
      await http()
        .post('/incidents')
        .send({ title: 'Other', message: 'Down.', severity: 'minor', components: ['tv'], nextUpdateBy: inMinutes(10) })
        .expect(201)
    ).body;
    clock.advance(10 * MINUTE);
    await http().post(`/incidents/${incident.id}/updates`).send({ message: 'Fixed soon.' }).expect(201);
    expect(await watchdog.round()).toEqual({ alerted: 0, heldUp: 0 });
    const promises = (await http().get(`/promises?incidentId=${incident.id}`).expect(200)).body;
    expect(promises.map((p: { state: string }) => p.state)).toEqual(['kept']);
  });
});
