import { startStack, Stack } from '../deploy/stack';
import { freePort, waitFor } from '@prespond/sandbox';
import { freshDatabase } from './support/infra';

/**
 * Callers on hold, end to end: the phone system (played here by signed webhooks, as Twilio signs them) fetches the
 * hold TwiML with the caller's number; a known subscriber hears her own announcement and presses 1; the next
 * incident updates reach her by text at the Twilio sandbox, exactly once.
 */
describe('personalised hold message, end to end', () => {
  let stack: Stack;
  let db: { url: string; drop: () => Promise<void> };
  const logs: string[] = [];

  const api = (service: 'incident-service' | 'subscriber-service' | 'messenger-service') => stack.services[service].url;
  /** Calls as admin (the run's key); webhooks and signed links below go without one, as Twilio and customers do. */
  const keyed = (): Record<string, string> => ({ authorization: `Bearer ${stack.keys.roles.admin}` });
  async function send(method: string, url: string, body: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...keyed() }, body: JSON.stringify(body) });
    const json: any = await response.json(); // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
  const post = (url: string, body: unknown) => send('POST', url, body);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const getJson = async (url: string): Promise<any> => (await fetch(url, { headers: keyed() })).json();
  const textsTo = (phone: string) => stack.infra.twilio.messages.filter((m) => m.to === phone).map((m) => m.body);

  /** A webhook as Twilio sends it: form-encoded call parameters, signed for the URL with its query. */
  async function twilioPost(path: string, params: Record<string, string>, signature?: string): Promise<{ status: number; body: string }> {
    const url = `${api('messenger-service')}${path}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? stack.infra.twilio.sign(url, params) },
      body: new URLSearchParams(params),
    });
    return { status: response.status, body: await response.text() };
  }
  const call = (from: string, callSid: string) => ({ AccountSid: stack.infra.twilio.options.accountSid, CallSid: callSid, From: from, To: '+15005550006', CallStatus: 'queued' });
  const sayOf = (twiml: string) => /<Say[^>]*>([^<]*)<\/Say>/.exec(twiml)?.[1];

  const people = {
    // Ada takes no texts by her profile: only pressing 1 gets her any.
    ada: { name: 'Ada', email: 'ada@example.com', phone: '+4915112345601', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['email'] },
    // Bob is texted by his profile and presses 1 as well: he must still get each update once.
    bob: { name: 'Bob', phone: '+12125550102', timeZone: 'America/New_York', components: ['internet', 'tv'], regions: ['berlin'], channels: ['sms'] },
    // Emil is known, but the incident does not touch him.
    emil: { name: 'Emil', phone: '+4915112345605', timeZone: 'Europe/Berlin', components: ['tv'], regions: ['berlin'], channels: ['sms'] },
  };

  beforeAll(async () => {
    db = await freshDatabase('e2e_hold');
    const ports = { incident: await freePort(), subscriber: await freePort(), messenger: await freePort() };
    stack = await startStack(ports, { DATABASE_URL: db.url }, (line) => logs.push(line), { TEST_CLOCK: 'true' });
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('names her service and the ETA in her zone, subscribes her when she presses 1, and texts her each update once', async () => {
    const ids: Record<string, string> = {};
    for (const [key, person] of Object.entries(people)) ids[key] = (await post(`${api('subscriber-service')}/subscribers`, person)).id;
    // 11:00 in Berlin, 05:00 in New York: the ETA below is "today" for both.
    await send('PUT', `${api('messenger-service')}/test/clock`, { now: '2030-01-31T10:00:00Z' });
    const incident = await post(`${api('incident-service')}/incidents`, {
      title: 'Internet outage',
      message: 'A fibre cable was cut near the exchange.',
      severity: 'major',
      components: ['internet'],
      regions: ['berlin', 'hamburg'],
      eta: '2030-01-31T15:30:00Z',
      nextUpdateBy: '2030-01-31T14:00:00Z',
    });
    await waitFor(() => textsTo(people.bob.phone).length === 1, { timeoutMs: 60_000, description: "Bob's first text" });

    // Ada calls: her service, her region, the ETA in Berlin time, and the offer inside a <Gather>. No name read aloud.
    const ada = await waitFor(async () => {
      const response = await twilioPost('/hold-message/twiml?region=berlin', call(people.ada.phone, 'CA-ada-1'));
      return response.body.includes('<Gather') && response;
    }, { description: "Ada's own hold message (her copy and the incident reach the messenger by events)" });
    expect(ada.status).toBe(200);
    expect(sayOf(ada.body)).toContain('We know about a problem with your internet in berlin, and we are working on it.');
    expect(sayOf(ada.body)).toContain('We expect it fixed by 4:30 PM today.');
    expect(sayOf(ada.body)).toContain('press 1');
    expect(ada.body).not.toContain('Ada');
    const gatherPath = `/hold-message/gather?incidentId=${incident.id}&region=berlin`;
    expect(ada.body).toContain(`<Gather numDigits="1" action="${api('messenger-service')}${gatherPath.replace('&', '&amp;')}"`);
    expect(ada.body).toContain('<Redirect method="POST">twiml?region=berlin</Redirect>');
    // The sandbox plays the phone system for people trying it (README): the same TwiML, signed by the sandbox.
    const viaSandbox = await fetch(`${stack.infra.twilio.url}/sandbox/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${api('messenger-service')}/hold-message/twiml?region=berlin`, params: { From: people.ada.phone } }),
    });
    expect(viaSandbox.status).toBe(200);
    expect(sayOf(await viaSandbox.text())).toBe(sayOf(ada.body));
    // Bob hears the same incident at New York time.
    const bob = await waitFor(async () => {
      const response = await twilioPost('/hold-message/twiml?region=berlin', call(people.bob.phone, 'CA-bob-1'));
      return response.body.includes('<Gather') && response;
    }, { description: "Bob's own hold message" });
    expect(sayOf(bob.body)).toContain('We expect it fixed by 10:30 AM today.');

    // An unknown caller, and a known one the incident does not touch, hear the regional announcement, without <Gather>.
    const regional = (await getJson(`${api('messenger-service')}/hold-message?region=berlin`)).text;
    for (const from of ['+4915112349999', people.emil.phone, 'anonymous']) {
      const heard = await twilioPost('/hold-message/twiml?region=berlin', call(from, 'CA-other'));
      expect(heard.status).toBe(200);
      expect(sayOf(heard.body)).toBe(regional);
      expect(heard.body).not.toContain('<Gather');
    }

    // Unsigned, forged, signed for another URL, or with parameters changed after signing: 403, before anything runs.
    const adaCall = call(people.ada.phone, 'CA-ada-1');
    expect((await twilioPost('/hold-message/twiml?region=berlin', adaCall, '')).status).toBe(403);
    expect((await twilioPost('/hold-message/twiml?region=berlin', adaCall, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    expect((await twilioPost('/hold-message/twiml?region=hamburg', adaCall, stack.infra.twilio.sign(`${api('messenger-service')}/hold-message/twiml?region=berlin`, adaCall))).status).toBe(403);
    const press1 = { ...adaCall, Digits: '1' };
    const forged = stack.infra.twilio.sign(`${api('messenger-service')}${gatherPath}`, { ...press1, From: '+4915112349999' });
    expect((await twilioPost(gatherPath, press1, forged)).status).toBe(403);
    expect((await twilioPost(gatherPath, press1, '')).status).toBe(403);

    // Another key: back to the loop, nothing requested.
    const other = await twilioPost(gatherPath, { ...adaCall, Digits: '2' });
    expect(other.status).toBe(200);
    expect(sayOf(other.body)).toBeUndefined();
    expect(other.body).toContain('<Redirect method="POST">twiml?region=berlin</Redirect>');

    // 1: confirmed, and back to the loop. Pressed twice, and by Bob too.
    const confirmed = await twilioPost(gatherPath, press1);
    expect(confirmed.status).toBe(200);
    expect(sayOf(confirmed.body)).toContain('You will get text updates at the number you are calling from.');
    expect(confirmed.body).toContain(`<Redirect method="POST">twiml?region=berlin&amp;following=${incident.id}</Redirect>`);
    // Back in the loop she is reminded, not asked again.
    const reminded = await twilioPost(`/hold-message/twiml?region=berlin&following=${incident.id}`, adaCall);
    expect(sayOf(reminded.body)).toContain('We will text you updates about your internet.');
    expect(reminded.body).not.toContain('<Gather');
    expect(reminded.body).toContain(`<Redirect method="POST">twiml?region=berlin&amp;following=${incident.id}</Redirect>`);
    expect((await twilioPost(gatherPath, { ...call(people.ada.phone, 'CA-ada-2'), Digits: '1' })).status).toBe(200);
    expect((await twilioPost(gatherPath, { ...call(people.bob.phone, 'CA-bob-1'), Digits: '1' })).status).toBe(200);
    for (const key of ['ada', 'bob']) {
      await waitFor(async () => (await getJson(`${api('subscriber-service')}/subscribers/${ids[key]}/follows`)).length === 1, { description: `${key}'s follow stored` });
    }
    const [follow] = await getJson(`${api('subscriber-service')}/subscribers/${ids.ada}/follows`);
    expect(follow).toMatchObject({ incidentId: incident.id, channel: 'sms', address: people.ada.phone });
    expect(await getJson(`${api('subscriber-service')}/subscribers/${ids.emil}/follows`)).toEqual([]);

    // The next update reaches Ada by text; Bob, matched and following, gets it once.
    await post(`${api('incident-service')}/incidents/${incident.id}/updates`, { status: 'identified', message: 'The cable is being spliced.', eta: '2030-01-31T17:00:00Z' });
    await waitFor(() => textsTo(people.ada.phone).length === 1 && textsTo(people.bob.phone).length === 2, { timeoutMs: 60_000, description: 'the update by text' });
    expect(textsTo(people.ada.phone)[0]).toMatch(/Update on internet in berlin: The cable is being spliced\..*Expected fix: .*6:00\sPM GMT\+1/);
    // The resolution too. One subscriber's requests are keyed alike and handled in order, so once it has arrived any
    // duplicate of the update would have been sent already.
    await post(`${api('incident-service')}/incidents/${incident.id}/resolve`, { message: 'Everyone is back online.' });
    await waitFor(() => textsTo(people.ada.phone).length === 2 && textsTo(people.bob.phone).length === 3, { timeoutMs: 60_000, description: 'the resolution by text' });
    expect(textsTo(people.ada.phone)[1]).toContain('Fixed: internet in berlin. Everyone is back online.');
    expect(textsTo(people.ada.phone)).toHaveLength(2);
    expect(textsTo(people.bob.phone)).toHaveLength(3);
    expect(textsTo(people.emil.phone)).toHaveLength(0);
    expect(stack.infra.smtp.messages.filter((m) => m.to.includes(people.ada.email))).toHaveLength(3);
  });
});
