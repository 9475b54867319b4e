import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Subscribing from the public status page, as a browser without JavaScript posts its forms: double opt-in by a link
 * (email) or a code (text), one confirmation per address however often it is asked for, nothing else before she
 * confirms, her consent recorded with the wording she was shown, and the next incident on her services after it.
 */
describe('self-subscription from the status page, end to end', () => {
  let system: SystemUnderTest;
  const form = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return fetch(`${system.statusPageUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.statusPageUrl, ...headers }, body });
  };
  const subscription = (extra: Record<string, string | string[]>) => ({
    name: 'Ada', components: 'internet', regions: 'berlin', cadence: '', timeZone: 'Europe/Berlin', consent: 'yes', ...extra,
  });
  const incident = (title: string) => system.post('incident-service', '/incidents', { title, message: `${title}: we are on it.`, severity: 'major', components: ['internet'], regions: ['berlin'] });
  // A customer of old, on the same component: when she has the incident, the fan-out has passed everyone.
  const control = { name: 'Cleo', phone: '+4915112390000', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'], quietHoursStart: null, quietHoursEnd: null };

  beforeAll(async () => {
    // Seven subscription requests per network address and hour: the specs below send six before they try more.
    system = await SystemUnderTest.start({ STATUS_SUBSCRIBE_PER_HOUR: '7' }, { statusPage: true });
    await system.post('subscriber-service', '/subscribers', control);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('email: one confirmation however often asked, nothing before confirming, the next incident after; the consent recorded', async () => {
    const address = 'ada.self@example.com';
    const asked = await form('/subscribe', subscription({ channel: 'email', email: address }));
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Check your email');
    expect((await form('/subscribe', subscription({ channel: 'email', email: address }))).status).toBe(200); // asked again
    await waitFor(() => system.emailsTo(address).length === 1, { description: 'the confirmation email' });
    const confirmation = system.emailsTo(address)[0];
    expect(confirmation.subject).toBe('Confirm your Prespond status updates');
    expect(confirmation.text).not.toContain('unsubscribe'); // she is nobody's subscriber yet: nothing to manage

    // An incident before she confirms: her old neighbour hears of it, she does not.
    await incident('Outage before confirming');
    await waitFor(() => system.textsTo(control.phone).length === 1, { description: 'the first incident to the old customer' });
    const link = /(http:\/\/\S+\/subscribe\/confirm\?token=[\w-]+)/.exec(confirmation.text)![1];
    // Opening the link changes nothing (mail scanners open links): it shows a button.
    const page = await fetch(link);
    expect(await page.text()).toContain('Confirm my subscription');
    const token = new URL(link).searchParams.get('token')!;
    const done = await form('/subscribe/confirm', { token });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are subscribed');
    expect(system.emailsTo(address)).toHaveLength(1);

    // Her consent, with the words she was shown.
    const [subscriber] = (await system.get('subscriber-service', `/subscribers?search=${encodeURIComponent(address)}`)).items;
    expect(subscriber).toMatchObject({ name: 'Ada', email: address, channels: ['email'], components: ['internet'], regions: ['berlin'], timeZone: 'Europe/Berlin' });
    const consents = await system.get('subscriber-service', `/subscribers/${subscriber.id}/consents`);
    expect(consents).toEqual(
      expect.arrayContaining([expect.objectContaining({ purpose: 'email', granted: true, source: 'status-page', wording: expect.stringContaining('I want Prespond to send me status updates') })]),
    );

    // The next incident reaches her, once, with the usual way out.
    await incident('Outage after confirming');
    await waitFor(() => system.emailsTo(address).length === 2, { description: 'the incident email' });
    expect(system.emailsTo(address)[1].text).toContain('Outage after confirming');
    expect(system.emailsTo(address)[1].text).toMatch(/unsubscribe/i);
    // Confirming again changes nothing.
    expect((await form('/subscribe/confirm', { token })).status).toBe(200);
    await waitFor(() => system.textsTo(control.phone).length === 2, { description: 'the second incident to the old customer' });
    expect(system.emailsTo(address)).toHaveLength(2);
  });

  it('text: a code, a wrong one refused, the right one subscribes; an unconfirmed request never gets an incident', async () => {
    const phone = '+4915112390001';
    const asked = await form('/subscribe', subscription({ name: 'Bo', channel: 'sms', phone: '+49 151 1239 0001' }));
    expect(asked.status).toBe(200);
    const codePage = await asked.text();
    expect(codePage).toContain('Enter your code');
    const request = /name="request" value="([0-9a-f-]{36})"/.exec(codePage)![1];
    const expiresAt = /name="expiresAt" value="([^"]+)"/.exec(codePage)![1];
    await waitFor(() => system.textsTo(phone).length === 1, { description: 'the code by text' });
    const code = /your code is (\d{6})/.exec(system.textsTo(phone)[0])![1];

    // Someone who never confirms: asked by email, and nothing more.
    const stranger = 'not.me@example.com';
    await form('/subscribe', subscription({ name: 'Eve', channel: 'email', email: stranger }));
    await waitFor(() => system.emailsTo(stranger).length === 1, { description: 'the unconfirmed request\'s one email' });

    const wrong = await form('/subscribe/code', { request, expiresAt, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('is not the code we texted you (4 more tries)');
    const done = await form('/subscribe/code', { request, expiresAt, code });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('We will tell you by text');

    const before = system.textsTo(control.phone).length;
    await incident('Outage for the texters');
    await waitFor(() => system.textsTo(phone).length === 2 && system.textsTo(control.phone).length === before + 1, { description: 'the incident by text' });
    expect(system.textsTo(phone)[1]).toContain('Outage for the texters');
    expect(system.textsTo(phone)[1]).toContain('Reply STOP to opt out');
    expect(system.emailsTo(stranger)).toHaveLength(1);
  });

  it('refuses bad input with the reasons by field, and a form posted from another site', async () => {
    const bad = await form('/subscribe', { name: '', channel: '', components: [], regions: 'berlin', timeZone: 'Europe/Berlin' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('Your first name: tell us what to call you');
    expect(html).toContain('How should we tell you: choose email or text');
    expect(html).toContain('Which services: choose at least one');
    expect(html).toContain('The consent box: must be ticked to subscribe');
    const badPhone = await form('/subscribe', subscription({ channel: 'sms', phone: '12345' }));
    expect(await badPhone.text()).toContain('Mobile number: must be a valid phone number');
    const foreign = await form('/subscribe', subscription({ channel: 'email', email: 'x@example.com' }), { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('limits the requests from one network address, so nobody can make the page send codes by the thousand', async () => {
    // Six requests so far from this address (the 403 above was refused before counting): the seventh is taken.
    expect((await form('/subscribe', subscription({ channel: 'sms', phone: '+4915112390008' }))).status).toBe(200);
    const refused = await form('/subscribe', subscription({ channel: 'sms', phone: '+4915112390009' }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(await refused.text()).toContain('Too many requests');
    await waitFor(() => system.textsTo('+4915112390008').length === 1, { description: 'the code of the request that was taken' });
    expect(system.textsTo('+4915112390009')).toEqual([]);
  });
});
