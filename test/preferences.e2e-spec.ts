import { signLink } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DAY = 86_400_000;
const START = '2030-04-01T08:00:00Z'; // 10:00 in Berlin

/**
 * Her preference centre and one-click unsubscribe, end to end (services in their own processes, as `npm start` runs
 * them): every message carries her signed link, a page change and a one-click POST taken from the List-Unsubscribe
 * header of the email she got apply to the very next campaign, a tampered or expired link is refused with a way to ask
 * for a fresh one, and asking for one sends exactly one message to a known address and none to an unknown one.
 */
describe('preference centre and one-click unsubscribe, end to end', () => {
  let system: SystemUnderTest;

  beforeAll(async () => {
    system = await SystemUnderTest.start({ CAMPAIGN_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** A form post as a browser or a mail client makes it: urlencoded, no cookies, no API key. */
  async function postForm(url: string, form: Record<string, string | string[]>): Promise<{ status: number; body: string }> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, credentials: 'omit', redirect: 'manual' });
    return { status: response.status, body: await response.text() };
  }
  async function getPage(url: string): Promise<{ status: number; body: string }> {
    const response = await fetch(url, { credentials: 'omit', redirect: 'manual' });
    return { status: response.status, body: await response.text() };
  }
  const emailsOf = (subject: string) => system.stack.infra.smtp.messages.filter((m) => m.subject === subject);
  const textsOf = (start: string) => system.stack.infra.twilio.messages.filter((m) => m.body.startsWith(start));
  const prefsBase = () => system.url('subscriber-service', '/preferences/');
  const linkIn = (text: string) => text.match(/https?:\/\/\S+\/preferences\/[A-Za-z0-9_-]{44}/)![0];

  async function campaign(name: string, subject: string) {
    const now = Date.parse(START);
    const created = await system.post('subscriber-service', '/campaigns', {
      name,
      audience: { regions: ['north'] },
      content: { sms: { text: `${subject} for {{name}}.` }, email: { subject, text: `Hi {{name}}, ${subject.toLowerCase()}.`, html: `<html><body><p>Hi {{name}}, ${subject.toLowerCase()}.</p></body></html>` } },
      startsAt: START, endsAt: new Date(now + 7 * DAY).toISOString(), windowStart: '09:00', windowEnd: '20:00', perMinute: 100, capCount: 10, capDays: 30,
    });
    await system.post('subscriber-service', `/campaigns/${created.id}/schedule`);
    await waitFor(async () => (await system.get('subscriber-service', `/campaigns/${created.id}`)).state === 'completed', { timeoutMs: 60_000, description: `${name} completed` });
    return created;
  }

  it('carries her link in every message; a page change and a one-click POST apply to the next campaign; bad links are refused and a fresh one is sent once', async () => {
    await system.setClock(START);
    const base = { timeZone: 'Europe/Berlin', components: ['internet'], regions: ['north'], marketingConsent: true, consentSource: 'signup form' };
    const ada = await system.post('subscriber-service', '/subscribers', { ...base, name: 'Ada', email: 'ada@example.com', phone: '+4915199991001', channels: ['email'] });
    const bo = await system.post('subscriber-service', '/subscribers', { ...base, name: 'Bo', email: 'bo@example.com', channels: ['email'] });
    const cy = await system.post('subscriber-service', '/subscribers', { ...base, name: 'Cy', email: 'cy@example.com', phone: '+4915199991003', channels: ['sms'] });

    // Campaign 1 reaches all three: Ada and Bo by email, Cy by text.
    await campaign('First', 'Offer one');
    await waitFor(() => emailsOf('Offer one').length === 2 && textsOf('Offer one').length === 1, { description: 'campaign 1 received' });
    const [cyText] = textsOf('Offer one');
    expect(cyText.to).toBe(cy.phone);
    expect(cyText.body).toMatch(new RegExp(`^Offer one for Cy\\.\\nSettings: ${prefsBase().replace(/[.:/]/g, '\\$&')}[A-Za-z0-9_-]{44} - Reply STOP to opt out$`));

    // Ada's mail client finds the one-click URL in the header and POSTs to it: no cookie, no key, just the body RFC 8058 says.
    const adaMail = emailsOf('Offer one').find((m) => m.to.includes('ada@example.com'))!;
    const [, oneClickUrl, mailto] = adaMail.headers['list-unsubscribe'].match(/^<(https?:[^>]+)>, <(mailto:[^>]+)>$/)!;
    expect(mailto).toMatch(/^mailto:unsubscribe@prespond\.local\?subject=unsubscribe%20[A-Za-z0-9_-]{44}$/);
    expect(adaMail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    for (let i = 0; i < 2; i++) {
      const answer = await postForm(oneClickUrl, { 'List-Unsubscribe': 'One-Click' });
      expect(answer.status).toBe(200); // and again: the same, harmlessly
      expect(answer.body).toContain('You are unsubscribed from offers and news');
    }
    expect((await system.get('subscriber-service', `/subscribers/${ada.id}`)).marketingConsent).toBe(false);
    const adaConsents = await system.get('subscriber-service', `/subscribers/${ada.id}/consents`);
    expect(adaConsents.filter((c: any) => c.source === 'one-click')).toEqual([
      expect.objectContaining({ purpose: 'marketing', granted: false, wording: expect.stringContaining('List-Unsubscribe=One-Click') }),
    ]);

    // Bo's mail scanner fetches his unsubscribe link: a page with a button, and nothing changes.
    const boMail = emailsOf('Offer one').find((m) => m.to.includes('bo@example.com'))!;
    const boUnsubscribe = boMail.headers['list-unsubscribe'].match(/^<(https?:[^>]+)>/)![1];
    const scanned = await getPage(boUnsubscribe);
    expect(scanned.status).toBe(200);
    expect(scanned.body).toContain(`<form method="post" action="${boUnsubscribe}">`);
    expect((await system.get('subscriber-service', `/subscribers/${bo.id}`)).marketingConsent).toBe(true);

    // Cy opens the short link of her text and moves from text messages to email.
    const cyLink = linkIn(cyText.body);
    const page = await getPage(cyLink);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain(`<form method="post" action="${cyLink}" novalidate>`);
    const cyForm = { channels: 'email', email: 'cy@example.com', phone: '+4915199991003', components: 'internet', regions: 'north', cadence: '', digestHours: '', quietHours: 'on', quietHoursStart: '21:00', quietHoursEnd: '08:00', timeZone: 'Europe/Berlin', quietHoursIncidents: 'send', marketingConsent: 'on' };
    const invalid = await postForm(cyLink, { ...cyForm, email: 'cy@' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('<span class="error" id="email-error">Error: Enter an email address like name@example.com, or leave it empty.</span>');
    const saved = await postForm(cyLink, cyForm);
    expect(saved.status).toBe(200);
    expect(saved.body).toContain('Saved.');
    expect(await system.get('subscriber-service', `/subscribers/${cy.id}`)).toMatchObject({ channels: ['email'], optedOutChannels: ['sms'] });
    const cyConsents = await system.get('subscriber-service', `/subscribers/${cy.id}/consents`);
    expect(cyConsents.filter((c: any) => c.source === 'page')).toEqual([expect.objectContaining({ purpose: 'sms', granted: false, wording: expect.stringContaining('How should we reach you?') })]);

    // A tampered and an expired link are refused, each with the form that asks for a fresh one; nothing is shown or changed.
    const token = cyLink.slice(-44);
    const tampered = `${prefsBase()}${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const refused = await getPage(tampered);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('This link does not work');
    expect(refused.body).toContain(`<form method="post" action="${prefsBase()}link">`);
    expect(refused.body).not.toContain('cy@example.com');
    expect((await postForm(tampered, { ...cyForm, channels: 'sms' })).status).toBe(403);
    expect((await postForm(`${tampered}/unsubscribe-all`, {})).status).toBe(403);
    const expiredToken = signLink(system.stack.infra.preferencesLinkSecret, { subscriberId: cy.id, purpose: 'prefs', expiresAt: new Date(Date.parse(START) - 1000) });
    const expired = await getPage(`${prefsBase()}${expiredToken}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).toContain('Send me a fresh link');
    expect((await system.get('subscriber-service', `/subscribers/${cy.id}`)).channels).toEqual(['email']);

    // Asking for a fresh link: the same answer for a known and an unknown address; twice for Cy (one is sent).
    const known = await postForm(`${prefsBase()}link`, { contact: ' Cy@Example.com ' });
    const unknown = await postForm(`${prefsBase()}link`, { contact: 'nobody@example.com' });
    const again = await postForm(`${prefsBase()}link`, { contact: 'cy@example.com' });
    expect(known).toEqual(unknown);
    expect(again).toEqual(known);
    expect(known.status).toBe(200);
    expect((await postForm(`${prefsBase()}link`, { contact: 'not a contact' })).status).toBe(400);

    // Campaign 2: Ada unsubscribed by one-click, Bo did not (only a scanner looked), Cy now by email only.
    await campaign('Second', 'Offer two');
    await waitFor(() => emailsOf('Offer two').length === 2, { description: 'campaign 2 received' });
    expect(emailsOf('Offer two').flatMap((m) => m.to).sort()).toEqual(['bo@example.com', 'cy@example.com']);
    expect(textsOf('Offer two')).toHaveLength(0);
    // Cy's messages are one partition in order: her fresh links were handled before her campaign email arrived.
    const freshLinks = system.emailsTo('cy@example.com').filter((m) => m.subject.startsWith('Your link to manage'));
    expect(freshLinks).toHaveLength(1);
    expect(system.emailsTo('nobody@example.com')).toHaveLength(0);
    const fresh = await getPage(linkIn(freshLinks[0].text));
    expect(fresh.status).toBe(200);
    expect(fresh.body).toContain('Your preferences');

    // Every email has a text part and a visible preferences link; marketing ones both list headers, service ones a page link.
    const emails = system.stack.infra.smtp.messages;
    expect(emails).toHaveLength(5);
    for (const email of emails) {
      expect(email.text).toContain(`Manage your preferences / unsubscribe: ${prefsBase()}`);
      expect(email.html).toMatch(/<a href="[^"]+\/preferences\/[A-Za-z0-9_-]{44}"[^>]*>Manage your preferences \/ unsubscribe<\/a>/);
      if (email.subject.startsWith('Offer')) {
        expect(email.headers['list-unsubscribe']).toMatch(/^<https?:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_-]{44}>, <mailto:[^>]+>$/);
        expect(email.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      } else {
        expect(email.headers['list-unsubscribe']).toMatch(/^<https?:\/\/[^>]+\/preferences\/[A-Za-z0-9_-]{44}>$/);
        expect(email.headers['list-unsubscribe-post']).toBeUndefined();
      }
    }
    for (const sms of system.stack.infra.twilio.messages) expect(sms.body).toMatch(/\nSettings: \S+\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/);

    // Unsubscribe from everything, from the page: every channel opted out, marketing withdrawn.
    const all = await postForm(`${linkIn(freshLinks[0].text)}/unsubscribe-all`, {});
    expect(all.status).toBe(200);
    expect(all.body).toContain('You are unsubscribed from everything');
    expect(await system.get('subscriber-service', `/subscribers/${cy.id}`)).toMatchObject({ marketingConsent: false, optedOutChannels: ['sms', 'email'] });
  }, 180_000);
});
