import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentChangedEvent, SubscriberChangedEvent } from '@prespond/contracts';
import { validationPipe } from '@prespond/platform';
import { api } from '../../../../test/support/auth';
import { freshDatabase } from '../../../../test/support/infra';
import { messengerTestEnv } from '../../../../test/support/messenger-env';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { HoldConsumer } from '../hold/hold.consumer';
import { MessageEntity } from '../delivery/message.entity';
import { localTime } from '../rendering/format';
import { SubscriberViewConsumer } from '../subscribers/subscriber-view.consumer';

/** POST /previews/incident against a real PostgreSQL: what she would get about an incident ops have not declared yet. */
describe('incident previews before a declaration', () => {
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  const HOUR = 3_600_000;
  const ada = randomUUID();
  const bob = randomUUID();
  const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
  const eta = inHours(3);
  const nextUpdateBy = inHours(1);
  const draft = { title: 'Internet outage', message: 'A fibre cable was cut near the exchange.', severity: 'major', components: ['internet'], regions: ['berlin'], eta, nextUpdateBy };
  const preview = (body: object, caller: 'ops' | 'marketing' | 'admin' | 'anonymous' = 'ops') => api(app, caller).post('/previews/incident').send(body);

  /** Her copy, as subscriber.changed brings it. */
  async function copyOf(id: string, name: string, timeZone: string, components: string[], regions: string[]): Promise<void> {
    const event: SubscriberChangedEvent = {
      id: randomUUID(), type: 'subscriber.changed', version: 1, occurredAt: new Date().toISOString(),
      data: { subscriber: { id, name, email: `${name.toLowerCase()}@example.com`, phone: '+4915112345678', timeZone, locale: 'en', components, regions, channels: ['sms', 'email'], updatedAt: new Date().toISOString() } },
    };
    await app.get(SubscriberViewConsumer).updateViewOnSubscriberChanged(event);
  }

  beforeAll(async () => {
    db = await freshDatabase('previews');
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url }));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
    await copyOf(ada, 'Ada', 'Europe/Berlin', ['internet', 'tv'], ['berlin']);
    await copyOf(bob, 'Bob', 'America/New_York', ['internet'], ['berlin', 'munich']);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('renders the declaration she would get, in her terms and her zone; nothing is sent or stored', async () => {
    const sms = (await preview({ subscriberId: ada, channel: 'sms', incident: draft }).expect(200)).body;
    expect(sms).toEqual({ text: expect.any(String) });
    expect(sms.text).toContain('We know about a problem with internet in berlin. A fibre cable was cut near the exchange. We are looking into it.');
    expect(sms.text).toContain(`Expected fix: ${localTime(eta, 'Europe/Berlin', 'en')}.`);
    expect(sms.text).toContain(`Next update by ${localTime(nextUpdateBy, 'Europe/Berlin', 'en')}.`);
    const other = (await preview({ subscriberId: bob, channel: 'sms', incident: draft }).expect(200)).body;
    expect(other.text).toContain(`Expected fix: ${localTime(eta, 'America/New_York', 'en')}.`);
    expect(other.text).not.toEqual(sms.text);

    const email = (await preview({ subscriberId: ada, channel: 'email', template: 'incident.declared', incident: draft }).expect(200)).body;
    expect(email).toEqual({ subject: 'We know about it: Internet outage', text: expect.stringContaining('internet in berlin'), html: expect.stringContaining('A fibre cable was cut near the exchange.') });
    expect(await app.get(DataSource).getRepository(MessageEntity).count()).toBe(0);
  });

  it('renders as GET /previews does for the same incident once the messenger knows it', async () => {
    const incidentId = randomUUID();
    const now = new Date().toISOString();
    const declared: IncidentChangedEvent = {
      id: randomUUID(), type: 'incident.declared', version: 1, occurredAt: now,
      data: {
        incident: { id: incidentId, title: draft.title, status: 'investigating', severity: 'major', components: draft.components, regions: draft.regions, declaredAt: now, resolvedAt: null },
        update: { id: randomUUID(), sequence: 1, status: 'investigating', message: draft.message, eta, nextUpdateBy, createdAt: now },
        previousStatus: null,
      },
    };
    await app.get(HoldConsumer).updateHoldMessageOnIncidentChanged(declared);
    for (const channel of ['sms', 'email']) {
      const known = (await api(app, 'ops').get(`/previews?subscriberId=${ada}&channel=${channel}&template=incident.declared&incidentId=${incidentId}`).expect(200)).body;
      expect((await preview({ subscriberId: ada, channel, incident: draft }).expect(200)).body).toEqual(known);
    }
  });

  it('renders an update and a resolution', async () => {
    const update = (await preview({ subscriberId: ada, channel: 'sms', template: 'incident.updated', incident: { ...draft, status: 'identified' } }).expect(200)).body;
    expect(update.text).toContain('Update on internet in berlin: A fibre cable was cut near the exchange. We have found the cause and are fixing it.');
    const resolved = (await preview({ subscriberId: ada, channel: 'sms', template: 'incident.resolved', incident: { ...draft, message: 'Everyone is back online.', eta: undefined } }).expect(200)).body;
    expect(resolved.text).toMatch(/^Prespond: Fixed: internet in berlin\. Everyone is back online\./);
  });

  it('answers 404 for a subscriber the messenger has no copy of', async () => {
    const missing = await preview({ subscriberId: randomUUID(), channel: 'sms', incident: draft }).expect(404);
    expect(missing.body.message).toContain('no subscriber');
  });

  it('answers 400 naming each bad field', async () => {
    const fields = async (body: object) => (await preview(body).expect(400)).body.errors.map((e: { field: string }) => e.field).sort();
    expect(await fields({ subscriberId: ada, channel: 'sms' })).toEqual(['incident']);
    expect(await fields({ subscriberId: 'ada', channel: 'fax', template: 'incident.digest', incident: draft })).toEqual(['channel', 'subscriberId', 'template']);
    expect(await fields({ subscriberId: ada, channel: 'sms', incident: { ...draft, title: '', components: [], severity: 'huge' } })).toEqual(['incident.components', 'incident.severity', 'incident.title']);
    // The strict date-time rule: a real moment with an offset, ahead.
    expect(await fields({ subscriberId: ada, channel: 'sms', incident: { ...draft, eta: '2030-02-30T10:00:00Z', nextUpdateBy: inHours(-1) } })).toEqual(['incident.eta', 'incident.nextUpdateBy']);
    expect(await fields({ subscriberId: ada, channel: 'sms', incident: { ...draft, eta: '2030-01-31T10:00:00' } })).toEqual(['incident.eta']);
    expect(await fields({ subscriberId: ada, channel: 'sms', incident: { ...draft, status: 'resolved' } })).toEqual(['incident.status']);
    expect(await fields({ subscriberId: ada, channel: 'sms', incident: { ...draft, cause: 'cable' } })).toEqual(['incident.cause']);
  });

  it('is for ops and admin (GET /previews stays open to marketing too)', async () => {
    await preview({ subscriberId: ada, channel: 'sms', incident: draft }, 'marketing').expect(403);
    await api(app, 'marketing').get(`/previews?subscriberId=${ada}&channel=sms`).expect(200);
    await preview({ subscriberId: ada, channel: 'sms', incident: draft }, 'anonymous').expect(401);
    await preview({ subscriberId: ada, channel: 'sms', incident: draft }, 'admin').expect(200);
  });
});
