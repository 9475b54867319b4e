import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutgoingEvent } from '@prespond/kafka';
import { api } from '../../../../test/support/auth';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { SubscriberEntity } from './subscriber.entity';
import { SubscriberFilter, SubscribersRepository } from './subscribers.repository';

/** GET /audience/count against a real PostgreSQL: whom an incident reaches, by channel, matched as the fan-out matches. */
describe('incident audience count', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  let n = 0;

  const subscriber = (overrides: object) => ({
    name: `S${++n}`,
    email: `s${n}@example.com`,
    phone: `+49151123450${String(n).padStart(2, '0')}`,
    timeZone: 'Europe/Berlin',
    components: ['internet'],
    regions: ['berlin'],
    channels: ['sms', 'email'],
    ...overrides,
  });

  beforeAll(async () => {
    service = await startSubscriberApp('audience', { sent });
    app = service.app;
    const create = async (overrides: object) => (await api(app).post('/subscribers').send(subscriber(overrides)).expect(201)).body.id as string;
    await create({}); // sms + email
    await create({ channels: ['sms'], email: undefined }); // sms
    await create({ channels: ['email'], phone: undefined, regions: ['berlin', 'munich'] }); // email
    await create({ channels: ['sms'] }); // sms only, though she has an email address
    await create({ optedOutChannels: ['sms'] }); // email: opted out of texts
    await create({ regions: ['munich'] }); // another region
    await create({ components: ['tv'] }); // another component
    await create({ components: ['tv', 'internet'], channels: ['email'] }); // email
    const erased = await create({});
    await app.get(DataSource).query('UPDATE subscriber SET erased_at = now() WHERE id = $1', [erased]);
  });

  afterAll(async () => {
    await service?.stop();
  });

  /** What the fan-out's own pages hold for the filter, counted here in JavaScript. */
  async function streamed(filter: SubscriberFilter) {
    const all: SubscriberEntity[] = [];
    for await (const page of app.get(SubscribersRepository).stream(filter, 3)) all.push(...page);
    const on = (channel: 'sms' | 'email', address: 'phone' | 'email') => all.filter((s) => s.channels.includes(channel) && s[address] && !s.optedOutChannels.includes(channel)).length;
    return { subscribers: all.length, sms: on('sms', 'phone'), email: on('email', 'email') };
  }

  it('counts the matching subscribers and who of them gets SMS and email, as the fan-out would reach them', async () => {
    const berlin = (await api(app, 'ops').get('/audience/count?components=internet&regions=berlin').expect(200)).body;
    expect(berlin).toEqual({ subscribers: 6, sms: 3, email: 4 });
    expect(berlin).toEqual(await streamed({ components: ['internet'], regions: ['berlin'] }));

    // No region: every region. Several components: any of them. Tags are normalised.
    const everywhere = (await api(app, 'ops').get('/audience/count?components=Internet').expect(200)).body;
    expect(everywhere).toEqual({ subscribers: 7, sms: 4, email: 5 });
    expect(everywhere).toEqual(await streamed({ components: ['internet'] }));
    const both = (await api(app, 'ops').get('/audience/count?components=internet,tv&regions=munich,berlin').expect(200)).body;
    expect(both).toEqual({ subscribers: 8, sms: 5, email: 6 });
    expect(both).toEqual(await streamed({ components: ['internet', 'tv'], regions: ['munich', 'berlin'] }));
    expect((await api(app, 'ops').get('/audience/count?components=phone').expect(200)).body).toEqual({ subscribers: 0, sms: 0, email: 0 });
  });

  it('is for ops and admin, and needs components', async () => {
    await api(app, 'marketing').get('/audience/count?components=internet').expect(403);
    await api(app, 'anonymous').get('/audience/count?components=internet').expect(401);
    await api(app).get('/audience/count?components=internet').expect(200);
    const missing = await api(app, 'ops').get('/audience/count?regions=berlin').expect(400);
    expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['components']));
    await api(app, 'ops').get('/audience/count?components=not%20a%20tag').expect(400);
  });
});
