import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutgoingEvent } from '@prespond/kafka';
import { api } from '../../../../test/support/auth';
import { seedSubscribers } from '../../../../test/support/seed-subscribers';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { SubscriberEntity } from './subscriber.entity';
import { SubscriberFilter, SubscribersRepository } from './subscribers.repository';

/**
 * GET /audience/count, /audience/sample and /audience/tags against a real PostgreSQL: whom an incident reaches, matched
 * as the fan-out matches, and the components and regions customers name.
 */
describe('incident audience', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  let n = 0;
  /** The ids of the subscribers made below, in the order made. */
  const ids: string[] = [];

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
    const create = async (overrides: object) => {
      const id = (await api(app).post('/subscribers').send(subscriber(overrides)).expect(201)).body.id as string;
      ids.push(id);
      return id;
    };
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

  /** What the fan-out's own pages hold for the filter (a first page of 2, then pages of 3), counted here in JavaScript. */
  async function streamed(filter: SubscriberFilter, pageSize = 3) {
    const all: SubscriberEntity[] = [];
    for await (const page of app.get(SubscribersRepository).stream(filter, pageSize, 2)) all.push(...page);
    const on = (channel: 'sms' | 'email', address: 'phone' | 'email') => all.filter((s) => s.channels.includes(channel) && s[address] && !s.optedOutChannels.includes(channel)).length;
    return { subscribers: all.length, sms: on('sms', 'phone'), email: on('email', 'email'), ids: all.map((s) => s.id) };
  }

  const counted = ({ subscribers, sms, email }: { subscribers: number; sms: number; email: number }) => ({ subscribers, sms, email });

  it('counts the matching subscribers and who of them gets SMS and email, as the fan-out would reach them', async () => {
    const berlin = (await api(app, 'ops').get('/audience/count?components=internet&regions=berlin').expect(200)).body;
    expect(berlin).toEqual({ subscribers: 6, sms: 3, email: 4 });
    expect(berlin).toEqual(counted(await streamed({ components: ['internet'], regions: ['berlin'] })));

    // No region: every region. Several components: any of them. Tags are normalised.
    const everywhere = (await api(app, 'ops').get('/audience/count?components=Internet').expect(200)).body;
    expect(everywhere).toEqual({ subscribers: 7, sms: 4, email: 5 });
    expect(everywhere).toEqual(counted(await streamed({ components: ['internet'] })));
    const both = (await api(app, 'ops').get('/audience/count?components=internet,tv&regions=munich,berlin').expect(200)).body;
    expect(both).toEqual({ subscribers: 8, sms: 5, email: 6 });
    expect(both).toEqual(counted(await streamed({ components: ['internet', 'tv'], regions: ['munich', 'berlin'] })));
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

  it('samples, by id, the subscribers the count counts, each with the channels the count counts her on', async () => {
    const filter = { components: ['internet'], regions: ['berlin'] };
    const matched = (await streamed(filter)).ids; // in id order, as the fan-out pages them
    expect(matched).toEqual([ids[0], ids[1], ids[2], ids[3], ids[4], ids[7]].sort());

    const all = (await api(app, 'ops').get('/audience/sample?components=internet&regions=berlin&limit=20').expect(200)).body;
    expect(all.map((s: { id: string }) => s.id)).toEqual(matched);
    const channelsOf = new Map(all.map((s: { id: string; channels: string[] }) => [s.id, s.channels]));
    expect([ids[0], ids[1], ids[2], ids[3], ids[4], ids[7]].map((id) => channelsOf.get(id))).toEqual([
      ['sms', 'email'], ['sms'], ['email'], ['sms'], ['email'], ['email'],
    ]);
    // The sample's channels add up to the count's.
    const count = (await api(app, 'ops').get('/audience/count?components=internet&regions=berlin').expect(200)).body;
    const on = (channel: string) => all.filter((s: { channels: string[] }) => s.channels.includes(channel)).length;
    expect({ subscribers: all.length, sms: on('sms'), email: on('email') }).toEqual(count);
    expect(all[0]).toEqual({ id: matched[0], name: expect.any(String), channels: expect.any(Array), timeZone: 'Europe/Berlin' });

    // Five by default; `limit` at most; no region: every region; erased subscribers never.
    expect((await api(app, 'ops').get('/audience/sample?components=internet&regions=berlin').expect(200)).body).toEqual(all.slice(0, 5));
    expect((await api(app, 'ops').get('/audience/sample?components=internet&regions=berlin&limit=2').expect(200)).body).toEqual(all.slice(0, 2));
    const everywhere = (await api(app, 'ops').get('/audience/sample?components=Internet&limit=20').expect(200)).body;
    expect(everywhere.map((s: { id: string }) => s.id)).toEqual((await streamed({ components: ['internet'] })).ids);
    expect(everywhere.map((s: { id: string }) => s.id)).not.toContain(ids[8]);
    expect((await api(app, 'ops').get('/audience/sample?components=phone').expect(200)).body).toEqual([]);
    // Lists also come as repeated parameters (openapi-fetch's form style, as the console sends them).
    const repeated = (await api(app, 'ops').get('/audience/sample?components=tv&components=Internet&regions=munich&regions=berlin&limit=20').expect(200)).body;
    expect(repeated.map((s: { id: string }) => s.id)).toEqual((await streamed({ components: ['internet', 'tv'], regions: ['munich', 'berlin'] })).ids);
  });

  it('samples for ops and admin, with components and a limit of 1 to 20', async () => {
    await api(app, 'marketing').get('/audience/sample?components=internet').expect(403);
    await api(app, 'anonymous').get('/audience/sample?components=internet').expect(401);
    await api(app).get('/audience/sample?components=internet').expect(200);
    const fields = async (query: string) => (await api(app, 'ops').get(`/audience/sample?${query}`).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect(await fields('regions=berlin')).toEqual(['components']);
    expect(await fields('components=internet&limit=0')).toEqual(['limit']);
    expect(await fields('components=internet&limit=21')).toEqual(['limit']);
    expect(await fields('components=internet&limit=two')).toEqual(['limit']);
    expect(await fields('components=internet&regions=not%20a%20tag')).toEqual(['regions']);
  });

  it('lists the components and regions subscribers name, with how many (erased ones never), most first', async () => {
    const tags = (await api(app, 'marketing').get('/audience/tags').expect(200)).body;
    expect(tags).toEqual({
      components: [{ name: 'internet', subscribers: 7 }, { name: 'tv', subscribers: 2 }],
      regions: [{ name: 'berlin', subscribers: 7 }, { name: 'munich', subscribers: 2 }],
    });
    expect(tags).toEqual(await tagsCountedHere());
    expect((await api(app, 'ops').get('/audience/tags').expect(200)).body).toEqual(tags);
    await api(app, 'anonymous').get('/audience/tags').expect(401);
  });

  it('counts the tags of 100,000 subscribers in the database, fast, ties by name', async () => {
    const components = ['internet', 'tv', 'phone', 'mobile', 'fibre-pro'];
    const regions = ['berlin', 'munich', 'hamburg', 'koeln', 'us-east', 'bremen', 'dresden'];
    const pick = <T>(list: T[], i: number, k: number) => list.filter((_, j) => (i >> j) % k === 0);
    const rows = Array.from({ length: 100_000 }, (_, i) => ({
      name: `Bulk ${i}`,
      components: pick(components, i, 2),
      regions: pick(regions, i % 97, 3),
      channels: ['sms'],
      createdAt: new Date('2030-01-01T00:00:00Z'),
    }));
    const query = (sql: string, params: unknown[]) => app.get(DataSource).query(sql, params);
    for (let i = 0; i < rows.length; i += 25_000) await seedSubscribers(query, 'subscriber', rows.slice(i, i + 25_000));
    await app.get(DataSource).query('ANALYZE subscriber');

    const started = Date.now();
    const tags = (await api(app, 'ops').get('/audience/tags').expect(200)).body;
    const took = Date.now() - started;
    expect(tags).toEqual(await tagsCountedHere());
    expect(tags.regions.some((t: { subscribers: number }, i: number) => i > 0 && t.subscribers === tags.regions[i - 1].subscribers)).toBe(true); // ties, ordered by name
    expect(took).toBeLessThan(3_000);

    const sample = (await api(app, 'ops').get('/audience/sample?components=fibre-pro&regions=dresden&limit=20').expect(200)).body;
    expect(sample.map((s: { id: string }) => s.id)).toEqual((await streamed({ components: ['fibre-pro'], regions: ['dresden'] }, 5_000)).ids.slice(0, 20));
  });

  /** The tags of every subscriber not erased, counted here in JavaScript. */
  async function tagsCountedHere() {
    const rows: { components: string[]; regions: string[] }[] = await app.get(DataSource).query('SELECT components, regions FROM subscriber WHERE erased_at IS NULL');
    const count = (key: 'components' | 'regions') => {
      const counts = new Map<string, number>();
      for (const row of rows) for (const tag of row[key]) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return [...counts]
        .map(([name, subscribers]) => ({ name, subscribers }))
        .sort((a, b) => b.subscribers - a.subscribers || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    };
    return { components: count('components'), regions: count('regions') };
  }
});
