import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ALL_TOPICS, IncidentDeliveries } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { Clock, csvRecords, ManualClock, validationPipe } from '@prespond/platform';
import { freePort } from '@prespond/sandbox';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { AppModule } from '../app.module';
import { incidentServiceConfig } from '../config/env';
import { PromiseWatchdog } from '../promises/promise-watchdog';
import { api, TEST_KEYS, testAccessEnv } from '../../../../test/support/auth';

const MINUTE = 60_000;

/**
 * The incident report in incident-service: real PostgreSQL and Kafka, a manual clock to let the watchdog keep a
 * promise, and a stand-in messenger-service over HTTP whose answer the test chooses.
 */
describe('incident report', () => {
  const brokers = testKafkaBrokers();
  const clock = new ManualClock(new Date(Date.now() + MINUTE));
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let messenger: Server;
  /** What the stand-in messenger answers: a status and a body. */
  let answer: (incidentId: string) => { status: number; body: unknown };
  const http = () => api(app);
  const inMinutes = (n: number) => new Date(clock.now().getTime() + n * MINUTE).toISOString();

  async function startApp(messengerUrl: string): Promise<INestApplication> {
    const config = incidentServiceConfig({ ...testAccessEnv('incident-service'), DATABASE_URL: db.url, KAFKA_BROKERS: brokers.join(','), PROMISE_WATCHDOG_INTERVAL_MS: '0', MESSENGER_URL: messengerUrl });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
    const nest = moduleRef.createNestApplication({ logger: false });
    nest.useGlobalPipes(validationPipe());
    return nest.init();
  }

  beforeAll(async () => {
    db = await freshDatabase('report');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    messenger = createServer((req, res) => {
      const id = /^\/reports\/incidents\/([^/]+)\/deliveries$/.exec(req.url ?? '')?.[1];
      // Declaring also asks for the delivery rates (the estimate): not this stand-in's part, so declared without one.
      if (!id) return void res.writeHead(404).end();
      // The real messenger wants incident-service's own key (MESSENGER_API_KEY).
      const keyed = req.headers.authorization === `Bearer ${TEST_KEYS.services['incident-service']}`;
      const { status, body } = keyed ? answer(id) : { status: 401, body: { statusCode: 401, message: 'unknown API key' } };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => messenger.listen(0, '127.0.0.1', resolve));
    app = await startApp(`http://127.0.0.1:${(messenger.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => messenger?.close(resolve));
    await db?.drop();
  });

  it('puts the timeline with its authors, the promises and the delivery figures together, as JSON and CSV', async () => {
    const incident = (
      await api(app, 'ops').post('/incidents').send({ title: 'Outage', message: 'Down.', severity: 'major', components: ['internet'], nextUpdateBy: inMinutes(20) }).expect(201)
    ).body;
    clock.advance(21 * MINUTE);
    expect(await app.get(PromiseWatchdog).round()).toMatchObject({ heldUp: 1 });
    clock.advance(MINUTE);
    await http().post(`/incidents/${incident.id}/resolve`).send({ message: 'Fixed, a cable was cut.' }).expect(200);
    const timeline = (await http().get(`/incidents/${incident.id}`).expect(200)).body.timeline;

    // The messenger knows messages for the first two updates only (email only for the second), and some old ones.
    answer = (incidentId) => {
      const body: IncidentDeliveries = {
        incidentId,
        deliveries: [
          { updateId: null, sequence: null, updateCreatedAt: null, channel: 'sms', messages: 1, notified: 1, firstLatencySeconds: null, lastLatencySeconds: null, outcomes: { delivered: 1 } },
          row(timeline[0], 'sms', { messages: 3, notified: 2, firstLatencySeconds: 0.5, lastLatencySeconds: 2.25, outcomes: { delivered: 2, failed: 1 } }),
          row(timeline[0], 'email', { messages: 2, notified: 2, firstLatencySeconds: 0.75, lastLatencySeconds: 1, outcomes: { sent: 2 } }),
          row(timeline[1], 'email', { messages: 4, notified: 1, firstLatencySeconds: 0.25, lastLatencySeconds: 0.25, outcomes: { sent: 1, suppressed: 1, deferred: 1, superseded: 1 } }),
        ],
        followUps: [{ channel: 'sms', planned: 3, asked: 2, worksAgain: 1, stillHavingTrouble: 0, noAnswer: 1 }],
      };
      return { status: 200, body };
    };
    const report = (await http().get(`/incidents/${incident.id}/report`).expect(200)).body;

    expect(report.incident).toMatchObject({ id: incident.id, status: 'resolved' });
    expect(report.generatedAt).toBe(clock.now().toISOString());
    // Who: the kind of poster, and the person by her key's name (the declaration by ops, the resolution by admin).
    expect(report.timeline.map((u: { sequence: number; postedBy: string; author: string | null }) => [u.sequence, u.postedBy, u.author])).toEqual([
      [1, 'person', 'ops'],
      [2, 'watchdog', null],
      [3, 'person', 'admin'],
    ]);
    expect(report.promises.map((p: { madeBySequence: number; state: string; settledBySequence: number }) => [p.madeBySequence, p.state, p.settledBySequence])).toEqual([
      [1, 'kept_by_watchdog', 2],
      [2, 'kept', 3],
    ]);
    // The unknown-update row first, then every update × channel, with zeros where nobody was told.
    expect(report.deliveries.map((d: { sequence: number; channel: string; notified: number }) => [d.sequence, d.channel, d.notified])).toEqual([
      [null, 'sms', 1],
      [1, 'sms', 2],
      [1, 'email', 2],
      [2, 'sms', 0],
      [2, 'email', 1],
      [3, 'sms', 0],
      [3, 'email', 0],
    ]);
    expect(report.deliveries[1].outcomes).toEqual({ pending: 0, deferred: 0, superseded: 0, queued: 0, sending: 0, sent: 0, delivered: 2, undelivered: 0, failed: 1, read: 0, suppressed: 0 });
    expect(report.totals.channels).toEqual([
      expect.objectContaining({ channel: 'sms', messages: 4, notified: 3, firstLatencySeconds: 0.5, lastLatencySeconds: 2.25 }),
      expect.objectContaining({ channel: 'email', messages: 6, notified: 3, firstLatencySeconds: 0.25, lastLatencySeconds: 1, outcomes: expect.objectContaining({ deferred: 1, superseded: 1 }) }),
    ]);
    expect(report.totals).toMatchObject({ messages: 10, notified: 6, promises: { total: 2, kept: 1, keptByWatchdog: 1, keptRate: 1 } });
    expect(report.followUps).toEqual([{ channel: 'sms', planned: 3, asked: 2, worksAgain: 1, stillHavingTrouble: 0, noAnswer: 1 }]);
    expect(report.reopenedBy).toBe(0);

    const csv = await http().get(`/incidents/${incident.id}/report.csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`incident-${incident.id}-report.csv`);
    const records = csvRecords(csv.text);
    expect(records.map((r) => r.record)).toEqual([...Array(7).fill('update'), 'promise', 'promise', 'total', 'total', 'follow-up']);
    expect(records[11]).toMatchObject({ channel: 'sms', follow_ups_planned: '3', follow_ups_asked: '2', works_again: '1', no_answer: '1', messages: '' });
    expect(records[2]).toMatchObject({ sequence: '1', channel: 'email', posted_by: 'person', author: 'ops', update_message: 'Down.', notified: '2', first_latency_s: '0.75', sent: '2' });
    expect(records[4]).toMatchObject({ sequence: '2', channel: 'email', posted_by: 'watchdog', suppressed: '1', deferred: '1', superseded: '1' });
    expect(records[7]).toMatchObject({ sequence: '1', promise_state: 'kept_by_watchdog', settled_by_sequence: '2', channel: '', notified: '' });
    expect(records[9]).toMatchObject({ record: 'total', channel: 'sms', messages: '4', notified: '3', delivered: '3', failed: '1' });
  });

  it('answers 404 for an unknown incident, 400 for a bad id, 502 for a nonsense answer and 503 without the messenger', async () => {
    const incident = (await http().post('/incidents').send({ title: 'Outage', message: 'Down.', severity: 'minor', components: ['tv'] }).expect(201)).body;
    await http().get(`/incidents/${clock.now().getTime()}/report`).expect(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    await http().get(`/incidents/${unknown}/report`).expect(404);

    answer = () => ({ status: 200, body: { incidentId: incident.id, deliveries: [{ channel: 'fax' }] } });
    expect((await http().get(`/incidents/${incident.id}/report`).expect(502)).body.message).toMatch(/unknown shape/);
    answer = () => ({ status: 500, body: { message: 'boom' } });
    expect((await http().get(`/incidents/${incident.id}/report.csv`).expect(502)).body.message).toMatch(/answered 500/);

    const alone = await startApp(`http://127.0.0.1:${await freePort()}`); // nothing listens there
    try {
      const response = await api(alone).get(`/incidents/${incident.id}/report`).expect(503);
      expect(response.body.message).toMatch(/messenger-service cannot be reached/);
    } finally {
      await alone.close();
    }
  });
});

type Figures = Pick<IncidentDeliveries['deliveries'][number], 'messages' | 'notified' | 'firstLatencySeconds' | 'lastLatencySeconds' | 'outcomes'>;

function row(update: { id: string; sequence: number; createdAt: string }, channel: 'sms' | 'email', figures: Figures): IncidentDeliveries['deliveries'][number] {
  return { updateId: update.id, sequence: update.sequence, updateCreatedAt: update.createdAt, channel, ...figures };
}
