import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ALL_TOPICS, Topics } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { Clock, ManualClock, validationPipe } from '@prespond/platform';
import { DataSource } from 'typeorm';
import { api, testAccessEnv } from '../../../../test/support/auth';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { readTopicUntil } from '../../../../test/support/kafka';
import { AppModule } from '../app.module';
import { incidentServiceConfig } from '../config/env';
import { MaintenanceScheduler } from './maintenance-scheduler';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The maintenance scheduler run by two replicas of incident-service at once, on one database, each round repeated:
 * every notice ahead, the start and the end happen once, in order, and each has one event on maintenance.changed.
 */
describe('maintenance scheduler across replicas', () => {
  const brokers = testKafkaBrokers();
  const clock = new ManualClock(new Date(Date.now() + MINUTE));
  let db: { url: string; drop: () => Promise<void> };
  const replicas: INestApplication[] = [];

  beforeAll(async () => {
    db = await freshDatabase('maintenance');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    for (let i = 0; i < 2; i++) {
      const config = incidentServiceConfig({
        ...testAccessEnv('incident-service'),
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers.join(','),
        MAINTENANCE_INTERVAL_MS: '0', // rounds are driven by the test
        MAINTENANCE_NOTICE_OFFSETS: '72h,24h,1h',
      });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      app.useGlobalPipes(validationPipe());
      await app.init();
      replicas.push(app);
    }
  });

  afterAll(async () => {
    for (const app of replicas) await app.close();
    await db?.drop();
  });

  /** Both replicas, three rounds each, all at once. */
  const race = () => Promise.all(replicas.flatMap((app) => [1, 2, 3].map(() => app.get(MaintenanceScheduler).round())));
  const timeline = async (id: string) => (await api(replicas[1]).get(`/maintenance/${id}`).expect(200)).body.timeline.map((e: { kind: string; offsetMinutes: number | null }) => [e.kind, e.offsetMinutes]);

  it('sends each notice, starts and completes once, whatever the number of replicas and rounds', async () => {
    const startsAt = new Date(clock.now().getTime() + 100 * HOUR);
    const window = (
      await api(replicas[0])
        .post('/maintenance')
        .send({ title: 'Core router swap', message: 'Internet drops for a minute.', components: ['internet'], regions: ['berlin'], startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString() })
        .expect(201)
    ).body;

    await race();
    expect(await timeline(window.id)).toEqual([['scheduled', null]]); // nothing due yet

    const at = (hoursBeforeStart: number) => clock.set(new Date(startsAt.getTime() - hoursBeforeStart * HOUR + MINUTE));
    at(72);
    const first = await race();
    expect(first.reduce((n, r) => n + r.notices, 0)).toBe(1);
    // Rounds that come an hour late still send the T-24 h notice, once.
    at(23);
    await race();
    at(1);
    await race();
    clock.set(new Date(startsAt.getTime() + MINUTE));
    await race();
    clock.set(new Date(startsAt.getTime() + 3 * HOUR));
    await race();
    await race();
    expect(await timeline(window.id)).toEqual([
      ['scheduled', null],
      ['notice', 4320],
      ['notice', 1440],
      ['notice', 60],
      ['started', null],
      ['completed', null],
    ]);
    const rows = await replicas[0].get(DataSource).query("SELECT count(*)::int AS n FROM maintenance_entry WHERE maintenance_id = $1", [window.id]);
    expect(rows[0].n).toBe(6);

    // One event per entry, in order, on the window's key.
    const events = await readTopicUntil(brokers, Topics.MaintenanceChanged, (m) => m.filter((x) => x.key === window.id).length >= 6);
    const types = events.filter((m) => m.key === window.id).map((m) => JSON.parse(m.value!).type);
    expect(types).toEqual([
      'maintenance.scheduled',
      'maintenance.notice-due',
      'maintenance.notice-due',
      'maintenance.notice-due',
      'maintenance.started',
      'maintenance.completed',
    ]);
  });

  it('starts and completes in one round a window whose whole span passed while the service was down', async () => {
    const startsAt = new Date(clock.now().getTime() + 2 * HOUR);
    const window = (
      await api(replicas[0])
        .post('/maintenance')
        .send({ title: 'Short work', message: 'Quick.', components: ['tv'], startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + HOUR).toISOString() })
        .expect(201)
    ).body;
    clock.set(new Date(startsAt.getTime() + 5 * HOUR));
    await race();
    expect(await timeline(window.id)).toEqual([['scheduled', null], ['started', null], ['completed', null]]);
    const done = (await api(replicas[0]).get(`/maintenance/${window.id}`).expect(200)).body;
    expect(Date.parse(done.completedAt)).toBeGreaterThan(Date.parse(done.startedAt));
  });
});
