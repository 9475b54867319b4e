import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DeliveryRates, IncidentAudience } from '@prespond/contracts';
import { validationPipe } from '@prespond/platform';
import { api, TEST_KEYS, testAccessEnv } from '../../../../test/support/auth';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { AppModule } from '../app.module';
import { incidentServiceConfig } from '../config/env';

/** A stand-in service over HTTP: answers what the test chooses (or never), and records what it was asked. */
async function standIn(): Promise<{ server: Server; url: string; asked: IncomingMessage[]; answer: (req: IncomingMessage) => { status: number; body: unknown } | 'hang' }> {
  const stand = { asked: [] as IncomingMessage[], answer: (_req: IncomingMessage) => ({ status: 404, body: {} }) as { status: number; body: unknown } | 'hang' };
  const server = createServer((req, res) => {
    stand.asked.push(req);
    const answer = stand.answer(req);
    if (answer === 'hang') return; // never answers
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(stand, { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

/**
 * The delivery estimate in incident-service against a real PostgreSQL and Kafka, with stand-ins for subscriber-service
 * and messenger-service: the declaration carries it, and goes ahead without it when either is slow or wrong.
 */
describe('delivery estimate', () => {
  const timeoutMs = 300;
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let subscribers: Awaited<ReturnType<typeof standIn>>;
  let messenger: Awaited<ReturnType<typeof standIn>>;
  const audience: IncidentAudience = { subscribers: 20_000, sms: 12_345, email: 12_000 };
  const rates: DeliveryRates = { sms: { senders: [{ from: '89898', type: 'short-code', perSecond: 100 }], perSecond: 100 }, email: { perSecond: null } };
  const declaration = { title: 'Outage', message: 'Down.', severity: 'major', components: ['internet', 'TV'], regions: ['berlin'] };
  const ownKey = `Bearer ${TEST_KEYS.services['incident-service']}`;

  beforeAll(async () => {
    db = await freshDatabase('estimate');
    subscribers = await standIn();
    messenger = await standIn();
    const config = incidentServiceConfig({
      ...testAccessEnv('incident-service'),
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      PROMISE_WATCHDOG_INTERVAL_MS: '0',
      MESSENGER_URL: messenger.url,
      SUBSCRIBER_URL: subscribers.url,
      ESTIMATE_TIMEOUT_MS: String(timeoutMs),
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
  });

  beforeEach(() => {
    subscribers.asked.length = 0;
    messenger.asked.length = 0;
    subscribers.answer = (req) => (req.headers.authorization === ownKey && req.url?.startsWith('/audience/count?') ? { status: 200, body: audience } : { status: 401, body: {} });
    messenger.answer = (req) => (req.headers.authorization === ownKey && req.url === '/delivery/rates' ? { status: 200, body: rates } : { status: 401, body: {} });
  });

  afterAll(async () => {
    await app?.close();
    for (const stand of [subscribers, messenger]) {
      stand?.server.closeAllConnections();
      await new Promise((resolve) => stand?.server.close(resolve));
    }
    await db?.drop();
  });

  const expected = {
    sms: { count: 12_345, perSecond: 100, seconds: 124 },
    email: { count: 12_000, perSecond: null, seconds: null },
    text: '12,345 SMS at 100/s: about 2 minutes; 12,000 emails, no rate limit set',
  };

  it('answers the declaration with the estimate, asking for its components and regions with our own keys', async () => {
    const declared = (await api(app, 'ops').post('/incidents').send(declaration).expect(201)).body;
    expect(declared).toMatchObject({ title: 'Outage', components: ['internet', 'tv'], estimate: expected });
    expect(subscribers.asked.map((r) => r.url)).toEqual(['/audience/count?components=internet%2Ctv&regions=berlin']);
    expect(messenger.asked).toHaveLength(1);

    expect((await api(app, 'ops').get('/incidents/estimate?components=internet').expect(200)).body).toEqual(expected);
    expect(subscribers.asked[1].url).toBe('/audience/count?components=internet'); // no regions: every region
    await api(app, 'ops').get('/incidents/estimate').expect(400);
    await api(app, 'marketing').get('/incidents/estimate?components=internet').expect(403);
  });

  it('declares without waiting longer than ESTIMATE_TIMEOUT_MS when subscriber-service does not answer: estimate null', async () => {
    subscribers.answer = () => 'hang';
    const started = Date.now();
    const declared = (await api(app, 'ops').post('/incidents').send(declaration).expect(201)).body;
    expect(Date.now() - started).toBeLessThan(timeoutMs + 700);
    expect(declared.estimate).toBeNull();
    expect((await api(app).get(`/incidents/${declared.id}`).expect(200)).body.timeline).toHaveLength(1);
    const unavailable = await api(app, 'ops').get('/incidents/estimate?components=internet').expect(503);
    expect(unavailable.body.message).toMatch(/subscriber-service cannot be reached .*no answer within 300 ms/);
  });

  it('declares with estimate null when the messenger answers outside the contract, and says so before declaring (502)', async () => {
    messenger.answer = () => ({ status: 200, body: { sms: { perSecond: 'fast' } } });
    expect((await api(app, 'ops').post('/incidents').send(declaration).expect(201)).body.estimate).toBeNull();
    expect((await api(app, 'ops').get('/incidents/estimate?components=internet').expect(502)).body.message).toMatch(/delivery rates in an unknown shape/);
    subscribers.answer = () => ({ status: 403, body: {} });
    expect((await api(app, 'ops').get('/incidents/estimate?components=internet').expect(502)).body.message).toMatch(/check SUBSCRIBER_API_KEY/);
  });
});
