import { Client } from 'pg';
import { parseCsv } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { SeedSubscriber, seedSubscribers } from './support/seed-subscribers';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DAY = 86_400_000;
const START = '2030-04-01T08:00:00Z'; // 10:00 in Berlin
const minute = (n: number) => new Date(Date.parse(START) + n * 60_000).toISOString();

/**
 * A campaign over 10,000 seeded subscribers, end to end (services in their own processes, clocks moved over HTTP):
 * it reaches exactly the right set at the sandbox and the SMTP server, keeps to its throttle per clock-minute and to
 * the frequency cap, pauses within seconds and resumes, and its results equal what was received.
 */
describe('campaigns, end to end', () => {
  let system: SystemUnderTest;
  let db: Client;

  beforeAll(async () => {
    system = await SystemUnderTest.start({ CAMPAIGN_INTERVAL_MS: '200' });
    db = new Client({ connectionString: system.stack.infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  const smsOf = (text: string) => system.stack.infra.twilio.messages.filter((m) => m.body.startsWith(text));
  const emailsOf = (subject: string) => system.stack.infra.smtp.messages.filter((m) => m.subject === subject);
  /** Recipients planned with at least one message, and their messages, so far. */
  async function planned(campaignId: string): Promise<{ recipients: number; messages: number }> {
    const { rows } = await db.query(
      `SELECT (count(*) FILTER (WHERE cardinality(channels) > 0))::int AS recipients, coalesce(sum(cardinality(channels)), 0)::int AS messages
         FROM subscriber.campaign_recipient WHERE campaign_id = $1`,
      [campaignId],
    );
    return rows[0];
  }
  const received = () => smsOf('Spring offer').length + emailsOf('Spring offer').length;
  /** Waits until `n` recipients are planned and every planned message reached the sandbox or the SMTP server. */
  const reached = (campaignId: string, n: number) =>
    waitFor(async () => {
      const p = await planned(campaignId);
      return p.recipients === n && received() === p.messages;
    }, { timeoutMs: 60_000, description: `${n} recipients reached` });

  it('reaches exactly the right set, keeps to its throttle and the cap, pauses and resumes, and reports what was received', async () => {
    // Two customers through the API, three months before: signed up, never seen since.
    await system.setClock('2030-01-01T08:00:00Z');
    const ada = await system.post('subscriber-service', '/subscribers', {
      name: 'Api Ada', phone: '+4915199990001', email: 'api-ada@example.com', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['north'],
      channels: ['sms', 'email'], marketingConsent: true, consentSource: 'signup form',
    });
    await system.post('subscriber-service', '/subscribers', {
      name: 'Api Bo', phone: '+4915199990002', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['north'], channels: ['sms'],
    });
    await system.setClock(START);

    // 10,000 more straight into the database: per hundred, one of each kind below; the rest elsewhere.
    const now = Date.parse(START);
    const rows: SeedSubscriber[] = Array.from({ length: 10_000 }, (_, i) => {
      const kind = i % 100;
      const base: SeedSubscriber = {
        name: `Seed ${i}`, phone: `+1555${String(i).padStart(7, '0')}`, channels: ['sms'], components: ['internet'], regions: ['north'],
        marketingConsent: true, lastSeenAt: new Date(now - 90 * DAY), createdAt: new Date(now - 400 * DAY),
      };
      switch (kind) {
        case 0: return base; // reached by sms
        case 1: return { ...base, email: `s${i}@example.com`, channels: ['sms', 'email'] }; // both
        case 2: return { ...base, marketingConsent: false };
        case 3: return { ...base, lastSeenAt: new Date(now - 10 * DAY) };
        case 4: return { ...base, regions: ['south'] };
        case 5: return { ...base, optedOutChannels: ['sms'] };
        case 6: return { ...base, components: ['tv'] }; // an open incident on tv in the north
        case 7: return { ...base, id: `70000000-0000-4000-8000-${String(i).padStart(12, '0')}` }; // capped
        case 8: return { ...base, phone: null, email: `s${i}@example.com`, channels: ['email'], lastSeenAt: null, createdAt: new Date(now - 100 * DAY) }; // never seen
        default: return { ...base, regions: ['south'] };
      }
    });
    const probeSubscriber: SeedSubscriber = { name: 'Probe', phone: '+4915199990003', channels: ['sms'], regions: ['probe'], marketingConsent: true, createdAt: new Date(now - 400 * DAY) };
    await seedSubscribers((sql, params) => db.query(sql, params), 'subscriber.subscriber', [...rows, probeSubscriber]);
    await db.query(`INSERT INTO subscriber.known_incident VALUES (gen_random_uuid(), 1, 'TV down', 'major', '{tv}', '{north}', $1, NULL)`, [new Date(now - DAY)]);
    await db.query(
      `INSERT INTO subscriber.marketing_contact SELECT gen_random_uuid(), s.id, 'welcome-back', NULL, $1 FROM subscriber.subscriber s, generate_series(1, 2)
        WHERE s.id::text LIKE '70000000-%'`,
      [new Date(now - 5 * DAY)],
    );
    const expectedPhones = new Set([ada.phone, ...rows.filter((_, i) => i % 100 <= 1).map((r) => r.phone!)]);
    const expectedEmails = new Set([ada.email, ...rows.filter((_, i) => i % 100 === 1 || i % 100 === 8).map((r) => r.email!)]);

    const campaign = await system.as('marketing').post('subscriber-service', '/campaigns', {
      name: 'Spring win-back',
      audience: { inactiveDays: 60, regions: ['north'] },
      content: { sms: { text: 'Spring offer for {{name}}: 20% off.' }, email: { subject: 'Spring offer', text: 'Hi {{name}}, 20% off this spring.' } },
      startsAt: START, endsAt: new Date(now + 7 * DAY).toISOString(), windowStart: '09:00', windowEnd: '20:00', perMinute: 100, capCount: 2, capDays: 30,
    });
    const audience = await system.as('marketing').get('subscriber-service', `/campaigns/${campaign.id}/audience`);
    expect(audience).toMatchObject({ size: 301, optedOut: 100, byChannel: { sms: 201, email: 201 } });
    expect(audience.sample).toHaveLength(10);
    const preview = await system.as('marketing').post('subscriber-service', `/campaigns/${campaign.id}/preview`, { subscriberId: ada.id, channel: 'sms' });
    expect(preview.text).toBe('Spring offer for Api Ada: 20% off.');
    expect(smsOf('Spring offer')).toHaveLength(0);

    // Minute 0: the first hundred, then a pause that holds across the next minute.
    await system.as('marketing').post('subscriber-service', `/campaigns/${campaign.id}/schedule`);
    await reached(campaign.id, 100);
    const asked = Date.now();
    expect((await system.as('marketing').post('subscriber-service', `/campaigns/${campaign.id}/pause`)).state).toBe('paused');
    expect(Date.now() - asked).toBeLessThan(3_000);
    await system.setClock(minute(1));
    // A probe campaign completing shows the runner went round since the pause.
    const probe = await system.as('marketing').post('subscriber-service', '/campaigns', {
      name: 'Probe', audience: { regions: ['probe'] }, content: { sms: { text: 'Probe {{name}}' } }, startsAt: START, endsAt: new Date(now + DAY).toISOString(),
    });
    await system.as('marketing').post('subscriber-service', `/campaigns/${probe.id}/schedule`);
    await waitFor(() => smsOf('Probe').length === 1, { description: 'the probe campaign' });
    await waitFor(async () => (await system.as('marketing').get('subscriber-service', `/campaigns/${probe.id}`)).state === 'completed', { description: 'the probe completed' });
    expect(await planned(campaign.id)).toEqual({ recipients: 100, messages: received() });

    // Resumed: a hundred per clock-minute until everyone is reached, then completed.
    await system.as('marketing').post('subscriber-service', `/campaigns/${campaign.id}/resume`);
    await reached(campaign.id, 200);
    await system.setClock(minute(2));
    await reached(campaign.id, 300);
    await system.setClock(minute(3));
    await reached(campaign.id, 301);
    await waitFor(async () => (await system.as('marketing').get('subscriber-service', `/campaigns/${campaign.id}`)).state === 'completed', { description: 'completed' });

    // Exactly the right set, each once.
    const phones = smsOf('Spring offer').map((m) => m.to);
    const emails = emailsOf('Spring offer').flatMap((m) => m.to);
    expect(phones).toHaveLength(expectedPhones.size);
    expect(new Set(phones)).toEqual(expectedPhones);
    expect(emails).toHaveLength(expectedEmails.size);
    expect(new Set(emails)).toEqual(expectedEmails);
    expect(system.textsTo('+4915199990002')).toHaveLength(0);
    // Each carries her own signed links: a settings link in every text; in every email a text part with the visible
    // preferences link and both list headers (one-click unsubscribe).
    for (const text of smsOf('Spring offer')) expect(text.body).toMatch(/\nSettings: http:\/\/\S+\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/);
    for (const email of emailsOf('Spring offer')) {
      expect(email.text).toMatch(/^Hi .+, 20% off this spring\.\n\n--\n[\s\S]*Manage your preferences \/ unsubscribe: http:\/\/\S+\/preferences\/[A-Za-z0-9_-]{44}/);
      expect(email.headers['list-unsubscribe']).toMatch(/^<http:\/\/\S+\/unsubscribe\/[A-Za-z0-9_-]{44}>, <mailto:\S+>$/);
      expect(email.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    }
    expect(new Set(smsOf('Spring offer').map((m) => m.body.slice(-68, -24))).size).toBe(phones.length); // her own link each

    // The throttle, per minute of the (moved) clock: each step above ended with everything planned in that minute at
    // the sandbox or the SMTP server; here, when each recipient was planned. (The messenger logs wall-clock times.)
    const perMinute = await db.query(
      `SELECT date_trunc('minute', planned_at) AS minute, count(*)::int AS n FROM subscriber.campaign_recipient
        WHERE campaign_id = $1 AND cardinality(channels) > 0 GROUP BY 1 ORDER BY 1`,
      [campaign.id],
    );
    expect(perMinute.rows.map((r) => r.minute.toISOString())).toEqual([minute(0), minute(1), minute(2), minute(3)].map((m) => new Date(m).toISOString()));
    expect(perMinute.rows.map((r) => r.n)).toEqual([100, 100, 100, 1]);

    // Results equal what the sandbox and the SMTP server received.
    const results = await waitFor(async () => {
      const r = await system.as('marketing').get('subscriber-service', `/campaigns/${campaign.id}/results`);
      return r.channels.every((c: any) => c.sent === c.targeted) && r;
    }, { description: 'results with every message sent' });
    expect(results.channels).toEqual([
      expect.objectContaining({ channel: 'email', targeted: emails.length, sent: emails.length, failed: 0, optedOut: 0, returned: 0 }),
      expect.objectContaining({ channel: 'sms', targeted: phones.length, sent: phones.length, failed: 0, optedOut: 100, returned: 0 }),
    ]);
    const csv = parseCsv(await (await system.as('marketing').fetch('subscriber-service', `/campaigns/${campaign.id}/results.csv`)).text());
    expect(csv[0]).toEqual(['channel', 'targeted', 'sent', 'delivered', 'failed', 'deferred', 'optedOut', 'returned']);
    expect(csv.slice(1).map((row) => row.slice(0, 3))).toEqual([['email', String(emails.length), String(emails.length)], ['sms', String(phones.length), String(phones.length)]]);
  }, 180_000);
});
