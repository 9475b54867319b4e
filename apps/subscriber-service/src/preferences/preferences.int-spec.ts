import { INestApplication } from '@nestjs/common';
import { api } from '../../../../test/support/auth';
import { MessageRequestedEvent, parseEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { ManualClock, signLink } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';

const SECRET = 'preferences-int-spec-secret-0123';
const URL_BASE = 'https://prefs.example';
const NOW = new Date('2030-04-01T08:00:00Z');

/** The pages behind her signed links, in process against a real PostgreSQL (the producer records what would reach Kafka). */
describe('preference pages', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  const clock = new ManualClock(NOW);
  const token = (subscriberId: string, purpose: 'prefs' | 'unsub-marketing' | 'unsub-all' = 'prefs', expiresAt = new Date(NOW.getTime() + 86_400_000)) =>
    signLink(SECRET, { subscriberId, purpose, expiresAt });
  const form = (path: string, body: Record<string, string | string[]>) => api(app, 'anonymous').post(path).type('form').send(new URLSearchParams(Object.entries(body).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x]))).toString());
  const linkRequests = () => sent.filter((e) => e.topic === Topics.NotificationRequested).map((e) => parseEvent<MessageRequestedEvent>(Topics.NotificationRequested, e.value)).filter((e) => e.data.template === 'preferences.link');

  beforeAll(async () => {
    service = await startSubscriberApp('preferences', { sent, clock, config: { preferences: { url: URL_BASE, linkSecret: SECRET, linkTtlDays: 30 } } });
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  const create = async (body: object) =>
    (await api(app).post('/subscribers').send({ timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], marketingConsent: true, ...body }).expect(201)).body;
  const consents = async (id: string) => (await api(app).get(`/subscribers/${id}/consents`).expect(200)).body;

  it('shows her page, needs no key or cookie, and saves through the API path with consent records of source "page"', async () => {
    const ada = await create({ name: 'Ada', email: 'ada@example.com', phone: '+4915112345678', channels: ['sms'] });
    const page = await api(app, 'anonymous').get(`/preferences/${token(ada.id)}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.text).toContain(`action="${URL_BASE}/preferences/${token(ada.id)}"`);

    const choices = { channels: ['email', 'sms'], email: 'ada@example.com', phone: '+49 151 12345678', components: 'internet, TV', regions: 'berlin', cadence: 'milestones', quietHours: 'none', timeZone: 'Europe/Berlin', quietHoursIncidents: 'wait' };
    const saved = await form(`/preferences/${token(ada.id)}`, choices).expect(200);
    expect(saved.text).toContain('Saved.');
    const after = (await api(app).get(`/subscribers/${ada.id}`).expect(200)).body;
    expect(after).toMatchObject({ channels: ['email', 'sms'], optedOutChannels: [], components: ['internet', 'tv'], cadence: 'milestones', quietHoursStart: null, quietHoursEnd: null, quietHoursIncidents: 'wait', marketingConsent: false });
    // The box she left clear withdrew her marketing consent, recorded with the page's own words.
    expect((await consents(ada.id)).filter((c: { source: string }) => c.source === 'page')).toEqual([
      expect.objectContaining({ purpose: 'marketing', granted: false, wording: expect.stringContaining('Yes, send me offers and news') }),
    ]);
    await waitFor(() => sent.some((e) => e.topic === Topics.SubscriberChanged && e.key === ada.id && (e.value as { data: { subscriber: { cadence: string } } }).data.subscriber.cadence === 'milestones'), { description: 'subscriber.changed' });

    // Clearing the number while texts are ticked: 400, the form again with what she typed and the reason, nothing saved.
    const invalid = await form(`/preferences/${token(ada.id)}`, { ...choices, phone: '', components: 'internet' }).expect(400);
    expect(invalid.text).toContain('<span class="error" id="phone-error">Error: Enter your mobile number to get text messages, or clear &quot;Text messages (SMS)&quot;.</span>');
    expect((await api(app).get(`/subscribers/${ada.id}`).expect(200)).body.components).toEqual(['internet', 'tv']);
  });

  it('refuses a tampered (403), a foreign-purpose (403) and an expired (410) link, each offering a fresh one', async () => {
    const bo = await create({ name: 'Bo', email: 'bo@example.com', channels: ['email'] });
    const good = token(bo.id);
    const tampered = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [`/preferences/${tampered}`, `/preferences/${token(bo.id, 'unsub-marketing')}`]) {
      const refused = await api(app, 'anonymous').get(path).expect(403);
      expect(refused.text).toContain(`<form method="post" action="${URL_BASE}/preferences/link">`);
    }
    await form(`/preferences/${tampered}`, { channels: 'email' }).expect(403);
    const expired = await api(app, 'anonymous').get(`/preferences/${token(bo.id, 'prefs', new Date(NOW.getTime() - 1000))}`).expect(410);
    expect(expired.text).toContain('This link has expired');
  });

  it('sends a fresh link once per 10 minutes to a known contact, nothing to an unknown one, with the same answer', async () => {
    const cy = await create({ name: 'Cy', email: 'cy@example.com', phone: '+4915112345671', channels: ['sms', 'email'] });
    const known = await form('/preferences/link', { contact: 'cy@example.com' }).expect(200);
    const unknown = await form('/preferences/link', { contact: 'nobody@example.com' }).expect(200);
    expect(unknown.text).toBe(known.text);
    await form('/preferences/link', { contact: '+49 151 12345671' }).expect(200);
    await waitFor(() => linkRequests().filter((e) => e.data.recipient.subscriberId === cy.id).length === 2, { description: 'two requests queued' });
    const mine = linkRequests().filter((e) => e.data.recipient.subscriberId === cy.id);
    // By email and by text in the same window: one message id, so the messenger sends one.
    expect(new Set(mine.map((e) => e.data.messageId)).size).toBe(1);
    expect(mine.map((e) => [e.data.channel, e.data.recipient.address, e.data.kind, e.data.reply])).toEqual([['email', 'cy@example.com', 'service', true], ['sms', '+4915112345671', 'service', true]]);
    expect(linkRequests().some((e) => e.data.recipient.address === 'nobody@example.com')).toBe(false);
    clock.advance(10 * 60_000);
    await form('/preferences/link', { contact: 'cy@example.com' }).expect(200);
    await waitFor(() => new Set(linkRequests().filter((e) => e.data.recipient.subscriberId === cy.id).map((e) => e.data.messageId)).size === 2, { description: 'a new window, a new id' });
    await form('/preferences/link', { contact: 'neither' }).expect(400);
  });

  it('one-click: a POST withdraws at once and again harmlessly (also past its date); a GET only asks', async () => {
    const dee = await create({ name: 'Dee', email: 'dee@example.com', channels: ['email'] });
    const unsubscribe = token(dee.id, 'unsub-marketing');
    const asked = await api(app, 'anonymous').get(`/unsubscribe/${unsubscribe}`).expect(200);
    expect(asked.text).toContain(`<form method="post" action="${URL_BASE}/unsubscribe/${unsubscribe}">`);
    expect((await api(app).get(`/subscribers/${dee.id}`)).body.marketingConsent).toBe(true);
    for (let i = 0; i < 2; i++) await form(`/unsubscribe/${unsubscribe}`, { 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect((await api(app).get(`/subscribers/${dee.id}`)).body).toMatchObject({ marketingConsent: false, optedOutChannels: [] });
    expect((await consents(dee.id)).filter((c: { source: string }) => c.source === 'one-click')).toHaveLength(1);

    const eve = await create({ name: 'Eve', email: 'eve@example.com', channels: ['email'] });
    const old = token(eve.id, 'unsub-all', new Date(NOW.getTime() - 90 * 86_400_000));
    const done = await form(`/unsubscribe/${old}`, { 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect(done.text).toContain('You are unsubscribed from everything');
    expect(done.text).not.toContain('/preferences/'); // an old link does not open her settings
    expect((await api(app).get(`/subscribers/${eve.id}`)).body).toMatchObject({ marketingConsent: false, optedOutChannels: ['sms', 'email'] });
    await form(`/unsubscribe/${token(eve.id, 'prefs')}`, {}).expect(403);
  });
});
