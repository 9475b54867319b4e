import { INestApplication } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { MessageRequestedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { ManualClock, parseCsv } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';
import { SeedSubscriber, seedSubscribers } from '../../../../test/support/seed-subscribers';
import { CampaignRunner } from './campaign-runner';
import { CampaignsRepository } from './campaigns.repository';
import { inWindow, inWindowSql, localMinuteOfDay } from './send-window';
import { api, TEST_KEYS } from '../../../../test/support/auth';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2030-01-15T10:00:00Z'); // 11:00 in Berlin, 05:00 in New York
const CREATED = new Date('2029-01-01T00:00:00Z');

/**
 * Campaigns against a real PostgreSQL with a manual clock; the runner is driven by the spec (no interval) and the
 * producer records what would reach Kafka. messenger-service is a stub answering its delivery figures.
 */
describe('campaigns', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  let runner: CampaignRunner;
  let data: DataSource;
  let messenger: Server;
  const sent: OutgoingEvent[] = [];
  const clock = new ManualClock(T0);
  const deliveries = new Map<string, unknown>();

  beforeAll(async () => {
    messenger = createServer((req, res) => {
      const id = req.url?.split('/').pop() ?? '';
      res.setHeader('content-type', 'application/json');
      // The real messenger wants subscriber-service's own key (MESSENGER_API_KEY).
      if (req.headers.authorization !== `Bearer ${TEST_KEYS.services['subscriber-service']}`) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ statusCode: 401, message: 'unknown API key' }));
      }
      // Previews: the content it was asked to render, unrendered, with her name (the real renderer is the messenger's).
      if (req.url === '/previews/messages') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const message = JSON.parse(body) as MessageRequestedEvent['data'];
          res.end(JSON.stringify({ text: `${message.recipient.name}: ${message.content?.text}` }));
        });
        return;
      }
      res.end(JSON.stringify(deliveries.get(id) ?? { campaignId: id, channels: [] }));
    });
    await new Promise<void>((resolve) => messenger.listen(0, '127.0.0.1', resolve));
    const messengerUrl = `http://127.0.0.1:${(messenger.address() as AddressInfo).port}`;
    service = await startSubscriberApp('campaigns', { sent, clock, config: { messenger: { url: messengerUrl, timeoutMs: 5_000, apiKey: TEST_KEYS.services['subscriber-service'] } } });
    app = service.app;
    runner = app.get(CampaignRunner);
    data = app.get(DataSource);
  });

  afterAll(async () => {
    await service?.stop();
    await new Promise((resolve) => messenger?.close(resolve));
  });

  const http = () => api(app);
  const seed = (rows: SeedSubscriber[]) => seedSubscribers((sql, params) => data.query(sql, params), 'subscriber', rows);
  const many = (n: number, region: string, extra: Partial<SeedSubscriber> = {}): SeedSubscriber[] =>
    Array.from({ length: n }, (_, i) => ({ name: `${region} ${i}`, phone: `+1555${region.length}${String(i).padStart(6, '0')}`, channels: ['sms'], regions: [region], components: ['internet'], marketingConsent: true, createdAt: CREATED, ...extra }));

  /** Creates and schedules a campaign (started an hour ago) for one region; returns its id. */
  async function scheduled(region: string, extra: object = {}): Promise<string> {
    const body = {
      name: `campaign ${region}`,
      audience: { regions: [region] },
      content: { sms: { text: 'Hi {{name}}, we miss you.' }, email: { subject: 'We miss you', text: 'Hi {{name}}.' } },
      startsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
      endsAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
      perMinute: 100_000,
      ...extra,
    };
    const { id } = (await http().post('/campaigns').send(body).expect(201)).body;
    await http().post(`/campaigns/${id}/schedule`).expect(200);
    await runner.round(); // scheduled → running (and a first pass)
    return id;
  }

  /** Once the outbox has relayed everything queued: the requests of the campaign that reached the producer. */
  const messagesOf = async (campaignId: string) => {
    await waitFor(async () => (await data.query('SELECT count(*)::int AS n FROM outbox_message'))[0].n === 0, { intervalMs: 20, description: 'the outbox drained' });
    return sent.filter((e) => e.topic === Topics.NotificationRequested).map((e) => (e.value as MessageRequestedEvent).data).filter((d) => d.campaignId === campaignId);
  };
  const recipients = async (campaignId: string): Promise<number> => (await data.query('SELECT count(*)::int AS n FROM campaign_recipient WHERE campaign_id = $1', [campaignId]))[0].n;
  const state = async (campaignId: string) => (await http().get(`/campaigns/${campaignId}`).expect(200)).body.state;

  it('leaves out no consent, open incidents, the capped and the opted out; each in her own send window', async () => {
    const [ada, , cy, , , fa, gu] = await seed([
      { name: 'Ada', phone: '+4915100000001', email: 'ada@example.com', channels: ['sms', 'email'], regions: ['excl'], components: ['internet'], marketingConsent: true, createdAt: CREATED },
      { name: 'Bo', phone: '+4915100000002', channels: ['sms'], regions: ['excl'], components: ['internet'], marketingConsent: false, createdAt: CREATED },
      { name: 'Cy', phone: '+4915100000003', channels: ['sms'], regions: ['excl'], components: ['internet'], marketingConsent: true, optedOutChannels: ['sms'], createdAt: CREATED },
      { name: 'Di', phone: '+4915100000004', channels: ['sms'], regions: ['excl'], components: ['tv'], marketingConsent: true, createdAt: CREATED },
      { name: 'Ed', id: 'e0000000-0000-4000-8000-000000000005', phone: '+4915100000005', channels: ['sms'], regions: ['excl'], components: ['internet'], marketingConsent: true, createdAt: CREATED },
      { name: 'Fa', phone: '+12125550006', timeZone: 'America/New_York', channels: ['sms'], regions: ['excl'], components: ['internet'], marketingConsent: true, createdAt: CREATED },
      { name: 'Gu', phone: '+4915100000007', email: 'gu@example.com', channels: ['sms', 'email'], regions: ['excl'], components: ['internet'], marketingConsent: true, optedOutChannels: ['email'], createdAt: CREATED },
    ]);
    await data.query(`INSERT INTO known_incident VALUES ('11111111-1111-4111-8111-111111111111', 1, 'TV down', 'major', '{tv}', '{excl}', $1, NULL)`, [T0]);
    for (const days of [3, 9]) {
      await data.query(`INSERT INTO marketing_contact VALUES (gen_random_uuid(), 'e0000000-0000-4000-8000-000000000005', 'welcome-back', NULL, $1)`, [new Date(T0.getTime() - days * DAY)]);
    }
    const { id } = (await http().post('/campaigns').send({ name: 'excl', audience: { regions: ['excl'] }, content: { sms: { text: 'Hi {{name}}' }, email: { subject: 'Hi', text: 'Hi {{name}}' } } }).expect(201)).body;
    const preview = (await http().get(`/campaigns/${id}/audience`).expect(200)).body;
    // Each left out once, under the first rule that leaves her out: Bo (no consent), Di (the TV incident), Ed (the cap), Cy (opted out).
    expect(preview).toMatchObject({ size: 3, optedOut: 1, byChannel: { sms: 3, email: 1 }, matching: 7, excluded: { noConsent: 1, openIncident: 1, frequencyCap: 1, optedOut: 1 } });
    expect(preview.sample.map((s: { name: string }) => s.name).sort()).toEqual(['Ada', 'Fa', 'Gu']);
    // The same rules for a draft not saved yet (the console's live count): a cap of 3 lets Ed in; by email alone only
    // Ada and Gu are named (the others have no email), and Gu opted out of it.
    const unsaved = (await http().post('/campaigns/audience').send({ audience: { regions: ['excl'] }, channels: ['sms', 'email'], capCount: 3 }).expect(200)).body;
    expect(unsaved).toMatchObject({ size: 4, matching: 7, excluded: { noConsent: 1, openIncident: 1, frequencyCap: 0, optedOut: 1 } });
    const byEmail = (await http().post('/campaigns/audience').send({ audience: { regions: ['excl'] }, channels: ['email'] }).expect(200)).body;
    expect(byEmail).toMatchObject({ size: 1, byChannel: { email: 1 }, matching: 2, excluded: { noConsent: 0, openIncident: 0, frequencyCap: 0, optedOut: 1 } });
    expect(byEmail.sample.map((s: { name: string }) => s.name)).toEqual(['Ada']);
    await http().post('/campaigns/audience').send({ channels: ['fax'] }).expect(400);
    await api(app, 'ops').post('/campaigns/audience').send({ channels: ['sms'] }).expect(403);
    // A preview of content being edited renders that content; the saved draft keeps its own.
    const draftPreview = (await http().post(`/campaigns/${id}/preview`).send({ subscriberId: ada, channel: 'sms', content: { sms: { text: 'Edited {{name}}' } } }).expect(200)).body;
    expect(draftPreview.text).toBe('Ada: Edited {{name}}');
    expect((await http().post(`/campaigns/${id}/preview`).send({ subscriberId: ada, channel: 'sms' }).expect(200)).body.text).toBe('Ada: Hi {{name}}');
    await http()
      .patch(`/campaigns/${id}`)
      .send({ startsAt: new Date(T0.getTime() - HOUR).toISOString(), endsAt: new Date(T0.getTime() + 30 * DAY).toISOString() })
      .expect(200);
    await http().post(`/campaigns/${id}/schedule`).expect(200);

    await runner.round();
    // 05:00 in New York: Fa waits for her window.
    expect((await messagesOf(id)).map((m) => `${m.recipient.name}:${m.channel}`).sort()).toEqual(['Ada:email', 'Ada:sms', 'Gu:sms']);
    expect((await messagesOf(id)).every((m) => m.kind === 'marketing' && m.content?.text === 'Hi {{name}}')).toBe(true);
    expect(await state(id)).toBe('running');
    const contacts = await data.query(`SELECT subscriber_id FROM marketing_contact WHERE campaign_id = $1 ORDER BY subscriber_id`, [id]);
    expect(contacts.map((c: { subscriber_id: string }) => c.subscriber_id)).toEqual([ada, gu].sort());

    clock.set(new Date(T0.getTime() + 5 * HOUR)); // 10:00 in New York
    await runner.round();
    expect((await messagesOf(id)).filter((m) => m.recipient.subscriberId === fa)).toHaveLength(1);
    expect(await state(id)).toBe('completed');
    expect(await recipients(id)).toBe(4); // Ada, Cy (opted out, recorded for the results), Fa, Gu

    // Results: targeted and opted out from the recipients, delivery figures from the messenger, returns from activity.
    await data.query(
      `INSERT INTO activity (id, subscriber_id, type, occurred_at, received_at, source)
       SELECT gen_random_uuid(), s, 'login', o, o, 'test' FROM unnest($1::uuid[], $2::timestamptz[]) AS t (s, o)`,
      [[ada, ada, gu, cy], [new Date(T0.getTime() + DAY), new Date(T0.getTime() - DAY), new Date(T0.getTime() + 10 * DAY), new Date(T0.getTime() + DAY)]],
    );
    // The email figures as an older messenger gives them (no `deferred`: read as 0); one text waits for quiet hours to end.
    deliveries.set(id, { campaignId: id, channels: [{ channel: 'email', messages: 1, sent: 1, delivered: 1, failed: 0 }, { channel: 'sms', messages: 3, sent: 2, delivered: 1, failed: 1, deferred: 1 }] });
    const results = (await http().get(`/campaigns/${id}/results`).expect(200)).body;
    expect(results.channels).toEqual([
      { channel: 'email', targeted: 1, sent: 1, delivered: 1, failed: 0, deferred: 0, optedOut: 1, returned: 1 },
      { channel: 'sms', targeted: 3, sent: 2, delivered: 1, failed: 1, deferred: 1, optedOut: 1, returned: 1 },
    ]);
    const csv = await http().get(`/campaigns/${id}/results.csv`).expect(200);
    expect(parseCsv(csv.text)).toEqual([
      ['channel', 'targeted', 'sent', 'delivered', 'failed', 'deferred', 'optedOut', 'returned'],
      ['email', '1', '1', '1', '0', '0', '1', '1'],
      ['sms', '3', '2', '1', '1', '1', '1', '1'],
    ]);
  });

  it('plans each recipient once, whatever the number of runners at the same time', async () => {
    await seed(many(700, 'conc'));
    const id = await scheduled('conc', { content: { sms: { text: 'Hi {{name}}' } } });
    await app.get(CampaignsRepository).startDue(clock.now()); // running, so every runner below competes for it
    const outcomes = await Promise.all([runner.run(id), runner.run(id), runner.round(), runner.run(id)]);
    // Whoever did not get the campaign's lock stood back; nobody failed.
    for (const outcome of outcomes) expect([undefined, 'busy', 'completed', 'not-running']).toContain(outcome);
    while ((await runner.run(id)) !== 'not-running');
    const messages = await messagesOf(id);
    expect(messages).toHaveLength(700);
    expect(new Set(messages.map((m) => m.recipient.subscriberId)).size).toBe(700);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(700);
    expect((await data.query('SELECT count(*)::int AS n FROM marketing_contact WHERE campaign_id = $1', [id]))[0].n).toBe(700);
    expect(await state(id)).toBe('completed');
  });

  it('keeps to its throttle per minute of clock time', async () => {
    clock.set(new Date('2030-01-15T11:00:10Z'));
    await seed(many(120, 'thr'));
    const id = await scheduled('thr', { perMinute: 50, content: { sms: { text: 'Hi' } } });
    expect(await messagesOf(id)).toHaveLength(50);
    expect(await runner.run(id)).toBe('throttled');
    clock.advance(45_000); // 11:00:55, same minute
    expect(await runner.run(id)).toBe('throttled');
    expect(await messagesOf(id)).toHaveLength(50);
    clock.advance(10_000); // 11:01:05
    expect(await runner.run(id)).toBe('throttled');
    expect(await messagesOf(id)).toHaveLength(100);
    clock.advance(60_000);
    expect(await runner.run(id)).toBe('completed');
    expect(await messagesOf(id)).toHaveLength(120);
  });

  it('stops within one batch of a pause, and resumes where it stopped', async () => {
    await seed(many(5000, 'pause'));
    const id = (await http().post('/campaigns').send({
      name: 'pause', audience: { regions: ['pause'] }, content: { sms: { text: 'Hi' } },
      startsAt: new Date(clock.now().getTime() - HOUR).toISOString(), endsAt: new Date(clock.now().getTime() + DAY).toISOString(), perMinute: 100_000,
    }).expect(201)).body.id;
    await http().post(`/campaigns/${id}/schedule`).expect(200);
    await data.query(`UPDATE campaign SET state = 'running' WHERE id = $1`, [id]);
    const running = runner.run(id);
    await waitFor(async () => (await recipients(id)) > 0, { intervalMs: 5, description: 'the first batch' });
    await http().post(`/campaigns/${id}/pause`).expect(200);
    const atPause = await recipients(id);
    expect(await running).toBe('not-running');
    expect(await recipients(id)).toBe(atPause);
    expect(atPause).toBeLessThan(5000);
    expect(await messagesOf(id)).toHaveLength(atPause);
    await runner.round();
    expect(await recipients(id)).toBe(atPause);

    await http().post(`/campaigns/${id}/resume`).expect(200);
    expect(await runner.run(id)).toBe('completed');
    const messages = await messagesOf(id);
    expect(messages).toHaveLength(5000);
    expect(new Set(messages.map((m) => m.recipient.subscriberId)).size).toBe(5000);
  });

  it('counts every marketing contact toward the frequency cap, across campaigns', async () => {
    const [once, never, longAgo] = await seed(many(3, 'cap'));
    const recent = new Date(clock.now().getTime() - 10 * DAY);
    const old = new Date(clock.now().getTime() - 40 * DAY);
    await data.query(`INSERT INTO marketing_contact VALUES (gen_random_uuid(), $1, 'welcome-back', NULL, $2)`, [once, recent]);
    for (let i = 0; i < 2; i++) await data.query(`INSERT INTO marketing_contact VALUES (gen_random_uuid(), $1, 'welcome-back', NULL, $2)`, [longAgo, old]);
    const first = await scheduled('cap', { capCount: 2, capDays: 30, content: { sms: { text: 'One' } } });
    expect((await messagesOf(first)).map((m) => m.recipient.subscriberId).sort()).toEqual([once, never, longAgo].sort());
    const second = await scheduled('cap', { capCount: 2, capDays: 30, content: { sms: { text: 'Two' } } });
    expect((await messagesOf(second)).map((m) => m.recipient.subscriberId).sort()).toEqual([never, longAgo].sort());
    expect(await state(second)).toBe('completed');
  });

  it('allows only the lifecycle transitions, with 409 for the others and 400 for an incomplete campaign', async () => {
    const { id } = (await http().post('/campaigns').send({ name: 'life' }).expect(201)).body;
    const schedule = await http().post(`/campaigns/${id}/schedule`).expect(400);
    expect(schedule.body.errors.map((e: { field: string }) => e.field)).toEqual(['content', 'startsAt', 'endsAt']);
    await http().post(`/campaigns/${id}/pause`).expect(409);
    await http().post(`/campaigns/${id}/resume`).expect(409);
    await http().patch(`/campaigns/${id}`).send({ windowStart: '9am' }).expect(400);
    await http()
      .patch(`/campaigns/${id}`)
      .send({ content: { sms: { text: 'Hi' } }, startsAt: clock.now().toISOString(), endsAt: new Date(clock.now().getTime() + DAY).toISOString() })
      .expect(200);
    await http().post(`/campaigns/${id}/schedule`).expect(200);
    await http().post(`/campaigns/${id}/schedule`).expect(409);
    await http().patch(`/campaigns/${id}`).send({ name: 'changed' }).expect(409);
    await http().post(`/campaigns/${id}/pause`).expect(200);
    await http().post(`/campaigns/${id}/resume`).expect(200);
    await http().post(`/campaigns/${id}/cancel`).expect(200);
    await http().post(`/campaigns/${id}/resume`).expect(409);
    await http().post(`/campaigns/${id}/cancel`).expect(409);
    expect(await state(id)).toBe('cancelled');
  });

  it('refuses a send window already over, at draft and at schedule, and warns of an audience that reaches nobody', async () => {
    const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    const content = { sms: { text: 'Hi {{name}}' } };
    const over = await http().post('/campaigns').send({ name: 'over', content, startsAt: at(-8 * DAY), endsAt: at(-DAY) }).expect(400);
    expect(over.body.errors).toEqual([{ field: 'endsAt', reason: expect.stringContaining('has already passed') }]);

    const draft = (await http().post('/campaigns').send({ name: 'nobody', audience: { regions: ['atlantis'] }, content, startsAt: at(-HOUR), endsAt: at(DAY) }).expect(201)).body;
    expect(draft.warnings).toEqual([expect.stringMatching(/^audience: reaches nobody today/)]);
    await http().patch(`/campaigns/${draft.id}`).send({ endsAt: at(-HOUR / 2) }).expect(400);

    const start = clock.now();
    try {
      clock.set(new Date(start.getTime() + 2 * DAY)); // its window ended meanwhile
      const late = await http().post(`/campaigns/${draft.id}/schedule`).expect(400);
      expect(late.body.errors).toEqual([{ field: 'endsAt', reason: expect.stringContaining('has already passed') }]);
    } finally {
      clock.set(start);
    }
    const scheduled = (await http().post(`/campaigns/${draft.id}/schedule`).expect(200)).body;
    expect(scheduled.state).toBe('scheduled');
    expect(scheduled.warnings).toEqual([expect.stringMatching(/^audience: reaches nobody today/)]);
  });

  it('filters on the plans customers hold (a cancelled one does not count)', async () => {
    const [fibre, cancelled] = await seed(many(3, 'plans'));
    await data.query(
      `INSERT INTO plan (id, subscriber_id, name, type, renewal_date, state, scheduled_from, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'Fibre', 'fibre', '2031-01-01', 'active', now(), now(), now()),
              (gen_random_uuid(), $2, 'Fibre', 'fibre', '2031-01-01', 'cancelled', now(), now(), now())`,
      [fibre, cancelled],
    );
    const id = await scheduled('plans', { audience: { regions: ['plans'], plans: ['fibre'] }, content: { sms: { text: 'Fibre' } } });
    expect((await messagesOf(id)).map((m) => m.recipient.subscriberId)).toEqual([fibre]);
  });
  it("decides the send window in SQL exactly as in TypeScript, in each recipient's zone", async () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'];
    const windows: [string, string][] = [['09:00', '20:00'], ['22:00', '06:00'], ['00:00', '00:00']];
    for (const [start, end] of windows) {
      for (let hour = 0; hour < 48; hour += 1.75) {
        const now = new Date(Date.parse('2030-03-30T00:00:00Z') + hour * HOUR); // across Europe's DST change
        const sql = inWindowSql('s', start, end).replace(/:now/g, '$1');
        const rows: { zone: string; inside: boolean }[] = await data.query(`SELECT $1::timestamptz AS at, s.time_zone AS zone, ${sql} AS inside FROM unnest($2::text[]) AS s (time_zone)`, [now, zones]);
        for (const { zone, inside } of rows) expect({ zone, now, start, end, inside }).toEqual({ zone, now, start, end, inside: inWindow(localMinuteOfDay(now, zone), start, end) });
      }
    }
  });
});
