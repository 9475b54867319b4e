import { SystemUnderTest } from './support/system';

const DAY = 24 * 3_600_000;

/**
 * Access control across the whole system, as `npm start` runs it: each role reaches its own APIs and no other, no key
 * reaches nothing but the public surfaces, the services call each other with their own keys, and every change is on
 * record with who made it.
 */
describe('access control, end to end', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await SystemUnderTest.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  const incident = { title: 'Internet outage', message: 'A fibre cable was cut.', severity: 'major', components: ['internet'], regions: ['berlin'] };
  const campaign = () => ({
    name: 'Spring win-back',
    audience: { inactiveDays: 60, regions: ['berlin'] },
    content: { sms: { text: 'Hi {{name}}, 20% off this spring.' } },
    startsAt: new Date(Date.now() + 30 * DAY).toISOString(),
    endsAt: new Date(Date.now() + 37 * DAY).toISOString(),
    windowStart: '09:00',
    windowEnd: '20:00',
    perMinute: 600,
    capCount: 2,
    capDays: 30,
  });

  it('lets only ops (and admin) declare an incident, and only marketing (and admin) launch a campaign', async () => {
    const declare = (caller: 'ops' | 'marketing' | 'admin' | 'anonymous') => system.as(caller).fetch('incident-service', '/incidents', { method: 'POST', body: incident });
    const refused = await declare('marketing');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ statusCode: 403, error: 'Forbidden', message: 'marketing has the role marketing; this needs ops or admin' });
    const anonymous = await declare('anonymous');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="prespond"');
    expect(await anonymous.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await declare('ops')).status).toBe(201);
    expect((await declare('admin')).status).toBe(201);

    const draft = await system.as('marketing').post('subscriber-service', '/campaigns', campaign());
    const schedule = (caller: 'ops' | 'marketing' | 'admin' | 'anonymous', id: string) =>
      system.as(caller).fetch('subscriber-service', `/campaigns/${id}/schedule`, { method: 'POST' });
    expect((await schedule('ops', draft.id)).status).toBe(403);
    expect((await schedule('anonymous', draft.id)).status).toBe(401);
    expect((await system.as('ops').fetch('subscriber-service', '/campaigns', { method: 'POST', body: campaign() })).status).toBe(403);
    expect((await system.get('subscriber-service', `/campaigns/${draft.id}`)).state).toBe('draft');
    expect((await schedule('marketing', draft.id)).status).toBe(200);
    const other = await system.post('subscriber-service', '/campaigns', campaign());
    expect((await schedule('admin', other.id)).status).toBe(200);

    // An unknown key is no key; X-Api-Key works like Authorization.
    const forged = await system.as('anonymous').fetch('incident-service', '/incidents', { headers: { authorization: `Bearer ${'f'.repeat(32)}` } });
    expect(forged.status).toBe(401);
    expect((await system.as('anonymous').fetch('incident-service', '/incidents', { headers: { 'x-api-key': system.keys.ops } })).status).toBe(200);
  });

  it('answers the public surfaces without a key: health, docs, the hold message, Twilio-signed webhooks', async () => {
    const anonymous = system.as('anonymous');
    for (const service of ['incident-service', 'subscriber-service', 'messenger-service'] as const) {
      expect((await anonymous.fetch(service, '/health/ready')).status).toBe(200);
      expect((await anonymous.fetch(service, '/docs')).status).toBe(200);
      expect((await anonymous.fetch(service, '/test/clock')).status).toBe(200);
    }
    const hold = await anonymous.fetch('messenger-service', '/hold-message?region=berlin');
    expect(hold.status).toBe(200);
    expect(((await hold.json()) as { text: string }).text).toEqual(expect.any(String));

    // A status callback signed as Twilio signs it passes; unsigned, the Twilio guard still refuses it.
    const url = system.url('messenger-service', '/webhooks/twilio/status');
    const params = { MessageSid: 'SM00000000000000000000000000000042', MessageStatus: 'delivered' };
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) };
    const signed = await anonymous.fetch('messenger-service', '/webhooks/twilio/status', { ...form, headers: { ...form.headers, 'x-twilio-signature': system.stack.infra.twilio.sign(url, params) } });
    expect(signed.status).toBe(204);
    expect((await anonymous.fetch('messenger-service', '/webhooks/twilio/status', form)).status).toBe(403);

    // …while what is behind a key stays there.
    expect((await anonymous.fetch('messenger-service', '/messages')).status).toBe(401);
    expect((await anonymous.fetch('subscriber-service', '/subscribers')).status).toBe(401);
  });

  it('records who made every change: the audit trail per service, the author on the timeline, the services by their own keys', async () => {
    const declared = await system.as('ops').post('incident-service', '/incidents', { ...incident, title: 'Audited outage' });
    await system.as('ops').post('incident-service', `/incidents/${declared.id}/updates`, { status: 'identified', message: 'Splicing the cable.' });
    await system.post('incident-service', `/incidents/${declared.id}/resolve`, { message: 'Everyone is back online.' });
    expect((await system.as('marketing').fetch('incident-service', '/incidents', { method: 'POST', body: incident })).status).toBe(403);

    const trail = await system.get('incident-service', '/audit?limit=3');
    expect(trail.items.map((e: any) => [e.actor, e.role, e.method, e.path, e.statusCode, e.targetId])).toEqual([
      ['admin', 'admin', 'POST', `/incidents/${declared.id}/resolve`, 200, declared.id],
      ['ops', 'ops', 'POST', `/incidents/${declared.id}/updates`, 201, declared.id],
      ['ops', 'ops', 'POST', '/incidents', 201, declared.id],
    ]);
    expect(Date.parse(trail.items[0].occurredAt)).not.toBeNaN();
    // Keyset pages, newest first; by actor too.
    const older = await system.get('incident-service', `/audit?limit=3&cursor=${trail.nextCursor}`);
    expect(older.items.length).toBeGreaterThan(0);
    expect(older.items.every((e: any) => Number(e.id) < Number(trail.items[2].id))).toBe(true);
    expect((await system.get('incident-service', '/audit?actor=marketing')).items).toEqual([]);
    expect((await system.as('ops').fetch('incident-service', '/audit')).status).toBe(403);

    // The timeline says who posted each entry, by the name of the key (from the principal, not the request).
    const report = await system.as('ops').get('incident-service', `/incidents/${declared.id}/report`);
    expect(report.timeline.map((u: any) => [u.sequence, u.postedBy, u.author])).toEqual([
      [1, 'person', 'ops'],
      [2, 'person', 'ops'],
      [3, 'person', 'admin'],
    ]);

    // subscriber-service asks the messenger for a preview with its own key, and the messenger records it by name.
    const ada = await system.post('subscriber-service', '/subscribers', {
      name: 'Ada', phone: '+4915112345678', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'], marketingConsent: true,
    });
    const draft = await system.as('marketing').post('subscriber-service', '/campaigns', campaign());
    const preview = await system.as('marketing').post('subscriber-service', `/campaigns/${draft.id}/preview`, { subscriberId: ada.id, channel: 'sms' });
    expect(preview.text).toBe('Hi Ada, 20% off this spring.');
    // Results ask the messenger for its figures with the same key (GET, so not on the trail).
    expect(await system.as('marketing').get('subscriber-service', `/campaigns/${draft.id}/results`)).toMatchObject({ campaignId: draft.id, state: 'draft' });
    const messengerTrail = await system.get('messenger-service', '/audit');
    expect(messengerTrail.items[0]).toMatchObject({ actor: 'subscriber-service', role: 'admin', method: 'POST', path: '/previews/messages', statusCode: 200 });
    const subscriberTrail = await system.get('subscriber-service', '/audit?limit=2');
    expect(subscriberTrail.items.map((e: any) => [e.actor, e.method, e.path, e.targetId])).toEqual([
      ['marketing', 'POST', `/campaigns/${draft.id}/preview`, draft.id],
      ['marketing', 'POST', '/campaigns', draft.id],
    ]);
  });
});
