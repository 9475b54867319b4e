import { CALM_ANNOUNCEMENT } from '../apps/messenger-service/src/hold/announcement';
import { createTwilioClient } from '../apps/messenger-service/src/providers/sms/twilio/twilio-client';
import { startStack, Stack } from '../deploy/stack';
import { freePort, waitFor } from '@prespond/sandbox';
import { freshDatabase } from './support/infra';

/**
 * The whole path, as `npm start` runs it: three services in their own processes, a real Kafka broker, PostgreSQL,
 * the SMTP inbox and the Twilio sandbox. Messages are observed where they land: at the sandbox and the SMTP server.
 */
describe('traffic report, end to end', () => {
  let stack: Stack;
  let db: { url: string; drop: () => Promise<void> };
  const logs: string[] = [];

  const api = (service: 'incident-service' | 'subscriber-service' | 'messenger-service') => stack.services[service].url;
  /** Calls as admin (the run's key); webhooks and signed links below go without one, as Twilio and customers do. */
  const keyed = (): Record<string, string> => ({ authorization: `Bearer ${stack.keys.roles.admin}` });
  async function post(url: string, body: unknown): Promise<any> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...keyed() }, body: JSON.stringify(body) });
    const json: any = await response.json(); // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const getJson = async (url: string): Promise<any> => (await fetch(url, { headers: keyed() })).json();
  const textsTo = (phone: string) => stack.infra.twilio.messages.filter((m) => m.to === phone).map((m) => m.body);
  const emailsTo = (email: string) => stack.infra.smtp.messages.filter((m) => m.to.includes(email));
  const hold = async (region: string) => (await getJson(`${api('messenger-service')}/hold-message?region=${region}`)).text as string;

  const people = {
    ada: { name: 'Ada', email: 'ada@example.com', phone: '+4915112345601', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'] },
    bob: { name: 'Bob', phone: '+12125550102', timeZone: 'America/New_York', components: ['internet', 'tv'], regions: ['berlin'], channels: ['sms'] },
    chie: { name: 'Chie', email: 'chie@example.com', timeZone: 'Asia/Tokyo', components: ['internet'], regions: ['hamburg'], channels: ['email'] },
    dora: { name: 'Dora', email: 'dora@example.com', phone: '+4915112345604', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['munich'], channels: ['sms', 'email'] },
    emil: { name: 'Emil', email: 'emil@example.com', phone: '+4915112345605', timeZone: 'Europe/Berlin', components: ['tv'], regions: ['berlin'], channels: ['sms', 'email'] },
  };

  /** Waits until Ada, Bob and Chie each have `count` messages on each of their channels. */
  async function affectedReceived(count: number): Promise<void> {
    await waitFor(
      () =>
        textsTo(people.ada.phone).length === count &&
        emailsTo(people.ada.email).length === count &&
        textsTo(people.bob.phone).length === count &&
        emailsTo(people.chie.email).length === count,
      { timeoutMs: 60_000, description: `${count} message(s) for each affected channel` },
    );
  }

  beforeAll(async () => {
    db = await freshDatabase('e2e');
    const ports = { incident: await freePort(), subscriber: await freePort(), messenger: await freePort() };
    stack = await startStack(ports, { DATABASE_URL: db.url }, (line) => logs.push(line));
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('tells exactly the affected customers, in their own time zones, on every change, and callers on hold', async () => {
    for (const person of Object.values(people)) await post(`${api('subscriber-service')}/subscribers`, person);

    // Declared: internet in Berlin and Hamburg. Ada, Bob (Berlin) and Chie (Hamburg) are affected; Dora (Munich) and Emil (tv only) are not.
    const incident = await post(`${api('incident-service')}/incidents`, {
      title: 'Internet outage',
      message: 'A fibre cable was cut near the exchange.',
      severity: 'major',
      components: ['internet'],
      regions: ['berlin', 'hamburg'],
      eta: '2030-01-31T15:30:00Z',
      nextUpdateBy: '2030-01-31T14:00:00Z',
    });
    await affectedReceived(1);
    const [adaText] = textsTo(people.ada.phone);
    expect(adaText).toContain('A fibre cable was cut near the exchange.');
    expect(adaText).toMatch(/Expected fix: .*4:30\sPM GMT\+1/); // Berlin
    expect(adaText).toMatch(/Next update by .*3:00\sPM GMT\+1/);
    expect(textsTo(people.bob.phone)[0]).toMatch(/Expected fix: .*10:30\sAM EST/); // New York
    const chieEmail = emailsTo(people.chie.email)[0];
    expect(chieEmail.subject).toBe('We know about it: Internet outage');
    expect(chieEmail.text).toMatch(/Expected fix: Fri, Feb 1, 12:30\sAM GMT\+9/); // Tokyo, already the next day
    expect(chieEmail.html).toContain('A fibre cable was cut near the exchange.');

    // Any template previews for any subscriber, in her terms and zone (the messenger's copy of her arrives by event).
    const bob = (await getJson(`${api('subscriber-service')}/subscribers?region=berlin&component=tv`)).items.find((s: { name: string }) => s.name === 'Bob');
    const preview = await waitFor(async () => {
      const response = await fetch(`${api('messenger-service')}/previews?subscriberId=${bob.id}&channel=sms&template=incident.declared&incidentId=${incident.id}`, { headers: keyed() });
      return response.ok && ((await response.json()) as { text: string });
    }, { description: "a preview of Bob's text" });
    // The preview is the message; what was sent adds, at send time, the footer with his signed link.
    const [sentText, footer] = textsTo(people.bob.phone)[0].split('\n');
    expect(preview.text).toBe(sentText);
    expect(footer).toMatch(/^Settings: http:\/\/\S+\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/);
    const sample = await getJson(`${api('messenger-service')}/previews?subscriberId=${bob.id}&channel=email`);
    expect(sample.subject).toBe('Update: Sample incident');
    expect(sample.text).toContain('Hello Bob');
    expect((await fetch(`${api('messenger-service')}/previews?subscriberId=${bob.id}&channel=fax`, { headers: keyed() })).status).toBe(400);
    expect((await fetch(`${api('messenger-service')}/previews?subscriberId=${incident.id}&channel=sms`, { headers: keyed() })).status).toBe(404);

    await waitFor(async () => (await hold('berlin')).includes('problem with internet'), { description: 'the Berlin hold message' });
    expect(await hold('hamburg')).toContain('problem with internet in berlin and hamburg');
    expect(await hold('munich')).toBe(CALM_ANNOUNCEMENT);
    // The phone system's request, signed as Twilio signs it (the hold webhook refuses anything else; see hold-message.e2e-spec).
    const twimlUrl = `${api('messenger-service')}/hold-message/twiml?region=berlin`;
    const callParams = { CallSid: 'CA-traffic', From: '+4915112349999' };
    const twiml = await (
      await fetch(twimlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': stack.infra.twilio.sign(twimlUrl, callParams) },
        body: new URLSearchParams(callParams),
      })
    ).text();
    expect(twiml).toMatch(/<Say[^>]*>Thank you for calling\. We know about a problem with internet/);
    expect(twiml).toContain('<Redirect method="POST">twiml?region=berlin</Redirect>');

    // An update reaches the same three again.
    await post(`${api('incident-service')}/incidents/${incident.id}/updates`, {
      status: 'identified',
      message: 'The cable is being spliced.',
      eta: '2030-01-31T17:00:00Z',
      nextUpdateBy: '2030-01-31T15:00:00Z',
    });
    await affectedReceived(2);
    expect(textsTo(people.ada.phone)[1]).toMatch(/Update on internet in berlin: The cable is being spliced\..*Expected fix: .*6:00\sPM GMT\+1/);

    // Resolution: a last message each, and the hold message is calm again.
    await post(`${api('incident-service')}/incidents/${incident.id}/resolve`, { message: 'Everyone is back online.' });
    await affectedReceived(3);
    expect(textsTo(people.bob.phone)[2]).toContain('Fixed: internet in berlin. Everyone is back online.');
    expect(emailsTo(people.ada.email)[2].subject).toBe('Fixed: Internet outage');
    await waitFor(async () => (await hold('berlin')) === CALM_ANNOUNCEMENT, { description: 'the calm hold message' });
    expect(await hold('hamburg')).toBe(CALM_ANNOUNCEMENT);

    // Nobody else heard anything, and nobody heard anything twice.
    for (const bystander of [people.dora, people.emil]) {
      expect(textsTo(bystander.phone)).toHaveLength(0);
      expect(emailsTo(bystander.email)).toHaveLength(0);
    }
    expect(stack.infra.twilio.messages).toHaveLength(6);
    expect(stack.infra.smtp.messages).toHaveLength(6);

    // The captured texts read back through the twilio SDK itself.
    const { accountSid, authToken } = stack.infra.twilio.options;
    const listed = await createTwilioClient(accountSid, authToken, stack.infra.twilio.url).messages.list({ to: people.ada.phone });
    expect(listed.map((m) => m.body).sort()).toEqual(textsTo(people.ada.phone).sort());
    expect(listed.every((m) => m.sid.startsWith('SM'))).toBe(true);

    // The timeline is kept, and the message log knows what was sent to whom.
    const stored = await getJson(`${api('incident-service')}/incidents/${incident.id}`);
    expect(stored.timeline.map((u: { status: string }) => u.status)).toEqual(['investigating', 'identified', 'resolved']);
    const log = await getJson(`${api('messenger-service')}/messages?incidentId=${incident.id}`);
    expect(log).toHaveLength(12);
    await waitFor(
      async () => {
        const entries = await getJson(`${api('messenger-service')}/messages?incidentId=${incident.id}`);
        return entries.filter((m: { channel: string; status: string }) => m.channel === 'sms').every((m: { status: string }) => m.status === 'delivered');
      },
      { description: 'every text marked delivered by the status callbacks' },
    );
  });

  it('reports readiness of the database, Kafka and the providers', async () => {
    const messenger = await getJson(`${api('messenger-service')}/health/ready`);
    expect(messenger).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' }, twilio: { status: 'up' }, smtp: { status: 'up' } } });
    for (const service of ['incident-service', 'subscriber-service'] as const) {
      expect(await getJson(`${api(service)}/health/ready`)).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
      expect((await fetch(`${api(service)}/health/live`)).status).toBe(200);
    }
  });

  it('answers bad input with 400 naming the field and the reason', async () => {
    const response = await fetch(`${api('incident-service')}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...keyed() },
      body: JSON.stringify({ title: 'x', message: 'Something', severity: 'apocalyptic', components: [], eta: '2001-01-01T00:00:00Z' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string; reason: string }[] };
    const fields = body.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'severity', 'components', 'eta']));
    expect(body.errors.find((e) => e.field === 'eta')?.reason).toMatch(/in the future/);
  });
});
