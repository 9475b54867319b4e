import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '../deploy/stack';
import { freePort, waitFor } from '@prespond/sandbox';
import { freshDatabase } from './support/infra';

const MINUTE = 60_000;

/**
 * The follow-up after a resolution, across the whole system: the messenger's clock is moved past the delay instead
 * of waiting for it; answers arrive as signed Twilio webhooks and through the signed email links.
 */
describe('follow-up after resolution, end to end', () => {
  let stack: Stack;
  let db: { url: string; drop: () => Promise<void> };
  const logs: string[] = [];

  const api = (service: 'incident-service' | 'subscriber-service' | 'messenger-service') => stack.services[service].url;
  /** Calls as admin (the run's key); webhooks and signed links below go without one, as Twilio and customers do. */
  const keyed = (): Record<string, string> => ({ authorization: `Bearer ${stack.keys.roles.admin}` });
  async function send(method: string, url: string, body: unknown): Promise<Response> {
    return fetch(url, { method, headers: { 'content-type': 'application/json', ...keyed() }, body: JSON.stringify(body) });
  }
  async function post(url: string, body: unknown): Promise<any> {
    const response = await send('POST', url, body);
    const json: any = await response.json(); // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const getJson = async (url: string): Promise<any> => (await fetch(url, { headers: keyed() })).json();
  const textsTo = (phone: string) => stack.infra.twilio.messages.filter((m) => m.to === phone).map((m) => m.body);
  const emailsTo = (email: string) => stack.infra.smtp.messages.filter((m) => m.to.includes(email));
  const followUps = async (incidentId: string): Promise<any[]> => getJson(`${api('messenger-service')}/follow-ups?incidentId=${incidentId}`); // eslint-disable-line @typescript-eslint/no-explicit-any

  /** A text from a customer, as Twilio posts it to the inbound-message webhook (signed unless `signature` is given). */
  async function inboundSms(from: string, body: string, options: { sid?: string; signature?: string } = {}): Promise<Response> {
    const url = `${api('messenger-service')}/webhooks/twilio/sms`;
    const params = { AccountSid: stack.infra.twilio.options.accountSid, From: from, To: '+15005550006', Body: body, MessageSid: options.sid ?? `SM${randomBytes(16).toString('hex')}` };
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': options.signature ?? stack.infra.twilio.sign(url, params) },
      body: new URLSearchParams(params),
    });
  }

  // The follow-up question waits for the end of her quiet hours, and this spec runs on the real clock at any hour:
  // at no moment is it daytime in Berlin, New York and Tokyo at once. So these customers have no quiet hours (the
  // quiet-hours int-spec covers them).
  const noQuietHours = { quietHoursStart: null, quietHoursEnd: null };
  const people = {
    ada: { name: 'Ada', email: 'ada@example.com', phone: '+4915112345601', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], ...noQuietHours },
    bob: { name: 'Bob', phone: '+12125550102', timeZone: 'America/New_York', components: ['internet'], regions: ['berlin'], channels: ['sms'], ...noQuietHours },
    chie: { name: 'Chie', email: 'chie@example.com', timeZone: 'Asia/Tokyo', components: ['internet'], regions: ['berlin'], channels: ['email'], ...noQuietHours },
  };

  beforeAll(async () => {
    db = await freshDatabase('e2e_followup');
    const ports = { incident: await freePort(), subscriber: await freePort(), messenger: await freePort() };
    stack = await startStack(ports, { DATABASE_URL: db.url }, (line) => logs.push(line), {
      TEST_CLOCK: 'true',
      FOLLOW_UP_DELAY_MINUTES: '60',
      FOLLOW_UP_INTERVAL_MS: '200',
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('asks after the delay, records answers, and a "2" reopens the incident for her alone', async () => {
    const ids: Record<string, string> = {};
    for (const [key, person] of Object.entries(people)) ids[key] = (await post(`${api('subscriber-service')}/subscribers`, person)).id;
    // Her quiet hours reach the messenger with her copy (subscriber.changed): wait until it has each one.
    for (const [key, person] of Object.entries(people)) {
      const preview = `${api('messenger-service')}/previews?subscriberId=${ids[key]}&channel=${person.channels[0]}`;
      await waitFor(async () => (await fetch(preview, { headers: keyed() })).ok, { description: `the messenger's copy of ${person.name}` });
    }

    const incident = await post(`${api('incident-service')}/incidents`, {
      title: 'Internet outage',
      message: 'A fibre cable was cut near the exchange.',
      severity: 'major',
      components: ['internet'],
      regions: ['berlin'],
    });
    const resolved = await post(`${api('incident-service')}/incidents/${incident.id}/resolve`, { message: 'Everyone is back online.' });
    const resolvedAt = Date.parse(resolved.resolvedAt);
    // Nobody has reopened it: a resolved incident takes no updates.
    expect((await send('POST', `${api('incident-service')}/incidents/${incident.id}/updates`, { message: 'Too early.' })).status).toBe(409);
    expect((await send('POST', `${api('incident-service')}/incidents/${incident.id}/reopened/resolve`, { message: 'Too early.' })).status).toBe(409);
    await waitFor(
      () => textsTo(people.ada.phone).length === 2 && emailsTo(people.ada.email).length === 2 && textsTo(people.bob.phone).length === 2 && emailsTo(people.chie.email).length === 2,
      { timeoutMs: 60_000, description: 'the declaration and the resolution for everyone' },
    );

    // One follow-up each, due an hour after the resolution: by text for Ada (she got the resolution by text too).
    const recorded = await waitFor(async () => {
      const list = await followUps(incident.id);
      return list.length === 3 && list.find((f) => f.subscriberId === ids.ada)?.channel === 'sms' && list;
    }, { description: 'three follow-ups recorded' });
    expect(Object.fromEntries(recorded.map((f) => [f.subscriberId, f.channel]))).toEqual({ [ids.ada]: 'sms', [ids.bob]: 'sms', [ids.chie]: 'email' });
    for (const f of recorded) expect(Date.parse(f.dueAt)).toBe(resolvedAt + 60 * MINUTE);

    // A minute before the delay: nothing is asked yet.
    await send('PUT', `${api('messenger-service')}/test/clock`, { now: new Date(resolvedAt + 59 * MINUTE).toISOString() });
    expect((await followUps(incident.id)).every((f) => f.askedAt === null)).toBe(true);
    expect(textsTo(people.ada.phone)).toHaveLength(2);
    expect(emailsTo(people.chie.email)).toHaveLength(2);

    // Past the delay: each is asked, once.
    await send('PUT', `${api('messenger-service')}/test/clock`, { now: new Date(resolvedAt + 61 * MINUTE).toISOString() });
    await waitFor(
      () => textsTo(people.ada.phone).length === 3 && textsTo(people.bob.phone).length === 3 && emailsTo(people.chie.email).length === 3,
      { description: 'the follow-up question for everyone' },
    );
    expect(textsTo(people.ada.phone)[2]).toMatch(
      /^Prespond: Is internet in berlin working for you again\? Reply 1 if yes, 2 if you still have trouble\.\nSettings: http:\/\/\S+\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/,
    );
    expect(emailsTo(people.ada.email)).toHaveLength(2); // asked on one channel only
    const question = emailsTo(people.chie.email)[2];
    expect(question.subject).toBe('Is internet in berlin working for you again?');

    // A forged webhook is refused before anything is recorded.
    expect((await inboundSms(people.ada.phone, '2', { signature: 'forged' })).status).toBe(403);

    // Ada: "2", and Twilio retries the same webhook. One acknowledgement, one reopening.
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const reply = await inboundSms(people.ada.phone, ' 2 ', { sid });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain('<Response/>');
    expect((await inboundSms(people.ada.phone, ' 2 ', { sid })).status).toBe(200);
    await waitFor(() => textsTo(people.ada.phone).length === 4, { description: "Ada's acknowledgement" });
    expect(textsTo(people.ada.phone)[3]).toBe('Prespond: Thanks for telling us. We are on it and will keep you posted about internet in berlin.');
    const reopened = await waitFor(async () => {
      const list = await getJson(`${api('incident-service')}/incidents/${incident.id}/reopened`);
      return list.length > 0 && list;
    }, { description: 'Ada listed under the reopened' });
    expect(reopened).toEqual([expect.objectContaining({ subscriberId: ids.ada, channel: 'sms', closedAt: null })]);

    // Bob: STOP is not an answer (it opts him out of texts, confirmed once); "1" is recorded and reopens nothing; a
    // later "2" is history and changes nothing.
    expect((await inboundSms(people.bob.phone, 'STOP')).status).toBe(200);
    expect((await followUps(incident.id)).find((f) => f.subscriberId === ids.bob).answer).toBeNull();
    await waitFor(() => textsTo(people.bob.phone).length === 4, { description: "Bob's STOP confirmation" });
    expect(textsTo(people.bob.phone)[3]).toContain("You're unsubscribed from Prespond texts");
    await inboundSms(people.bob.phone, '1');
    await inboundSms(people.bob.phone, '2');
    const bob = (await followUps(incident.id)).find((f) => f.subscriberId === ids.bob);
    expect(bob).toMatchObject({ answer: 'yes', acknowledgedAt: null });
    expect(bob.answers.map((a: { answer: string; counted: boolean }) => [a.answer, a.counted])).toEqual([['yes', true], ['trouble', false]]);

    // Chie: the links. A tampered one is refused; opening a good one records nothing (mail scanners open links
    // too); its page posts the answer.
    const yesLink = /Yes, it works: (\S+)/.exec(question.text ?? '')![1];
    const troubleLink = /No, I still have trouble: (\S+)/.exec(question.text ?? '')![1];
    const tampered = new URL(troubleLink);
    tampered.searchParams.set('signature', new URL(yesLink).searchParams.get('signature')!);
    expect((await fetch(tampered)).status).toBe(403);
    const forgedYes = new URL(yesLink);
    // Its first character changed (to another one: a signature may well begin with x).
    const signature = forgedYes.searchParams.get('signature')!;
    forgedYes.searchParams.set('signature', `${signature[0] === 'x' ? 'y' : 'x'}${signature.slice(1)}`);
    expect((await fetch(forgedYes)).status).toBe(403);
    const page = await fetch(yesLink);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect((await followUps(incident.id)).find((f) => f.subscriberId === ids.chie).answer).toBeNull();
    const form = new URL(yesLink);
    const answered = await fetch(`${form.origin}${form.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ answer: 'yes', signature: form.searchParams.get('signature')! }),
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('Glad it works again');
    expect((await followUps(incident.id)).find((f) => f.subscriberId === ids.chie).answer).toBe('yes');

    // Ops: an update to the resolved incident reaches Ada (on both her channels) and nobody else.
    const update = await send('POST', `${api('incident-service')}/incidents/${incident.id}/updates`, { status: 'identified', message: 'We are checking the line to your building.' });
    expect(update.status).toBe(201);
    expect(((await update.json()) as { status: string }).status).toBe('resolved');
    await waitFor(() => textsTo(people.ada.phone).length === 5 && emailsTo(people.ada.email).length === 3, { description: 'the update for Ada' });
    expect(textsTo(people.ada.phone)[4]).toContain('We are checking the line to your building.');

    // Ops close the reopening with a final word, again for Ada alone; after that the incident takes no updates.
    await post(`${api('incident-service')}/incidents/${incident.id}/reopened/resolve`, { message: 'Your line is repaired.' });
    await waitFor(() => textsTo(people.ada.phone).length === 6 && emailsTo(people.ada.email).length === 4, { description: 'the final word for Ada' });
    expect(textsTo(people.ada.phone)[5]).toContain('Fixed: internet in berlin. Your line is repaired.');
    expect((await getJson(`${api('incident-service')}/incidents/${incident.id}/reopened`))[0].closedAt).not.toBeNull();
    expect((await send('POST', `${api('incident-service')}/incidents/${incident.id}/updates`, { message: 'One more thing.' })).status).toBe(409);

    // Nothing was sent twice, and Bob (but for his STOP confirmation) and Chie heard nothing after their question.
    await waitFor(async () => (await followUps(incident.id)).every((f) => f.askedAt !== null), { description: 'every follow-up marked asked' });
    expect(textsTo(people.bob.phone)).toHaveLength(4);
    expect(emailsTo(people.chie.email)).toHaveLength(3);
    expect(stack.infra.twilio.messages).toHaveLength(6 + 4);
    expect(stack.infra.smtp.messages).toHaveLength(4 + 3);
    expect(await getJson(`${api('incident-service')}/incidents/${incident.id}/reopened`)).toHaveLength(1);

    // The incident report tells the same story: who was asked on which channel and how they answered.
    const report = await getJson(`${api('incident-service')}/incidents/${incident.id}/report`);
    expect(report.followUps).toEqual([
      { channel: 'email', planned: 1, asked: 1, worksAgain: 1, stillHavingTrouble: 0, noAnswer: 0 },
      { channel: 'sms', planned: 2, asked: 2, worksAgain: 1, stillHavingTrouble: 1, noAnswer: 0 },
    ]);
    expect(report.reopenedBy).toBe(1);
    // Its message counts are the incident's own messages (the questions are counted above): the declaration and the
    // resolution to everyone, then Ada's update and final word.
    const notified = (channel: string) => report.totals.channels.find((c: { channel: string }) => c.channel === channel).notified;
    expect(notified('sms')).toBe(2 + 2 + 1 + 1);
    expect(notified('email')).toBe(2 + 2 + 1 + 1);
  });

  it('documents the new endpoints in Swagger', async () => {
    expect(Object.keys((await getJson(`${api('incident-service')}/docs-json`)).paths)).toEqual(
      expect.arrayContaining(['/incidents/{id}/reopened', '/incidents/{id}/reopened/resolve']),
    );
    expect(Object.keys((await getJson(`${api('messenger-service')}/docs-json`)).paths)).toEqual(
      expect.arrayContaining(['/follow-ups', '/follow-ups/{id}/answer']),
    );
  });
});
