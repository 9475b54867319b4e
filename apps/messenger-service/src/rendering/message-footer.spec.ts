import { randomUUID } from 'node:crypto';
import { MessageRequestedEvent } from '@prespond/contracts';
import { verifyLink } from '@prespond/platform';
import { MessengerServiceConfig } from '../config/env';
import { FooterContext, TemplateRenderer } from './template-renderer';
import { redactLinks } from './message-links';

const SECRET = 'footer-spec-secret-0123456789';
const SENT = new Date('2030-04-01T08:00:00Z');
const renderer = new TemplateRenderer({
  brand: 'Acme',
  preferences: { url: 'https://prefs.acme.example', linkSecret: SECRET, linkTtlDays: 30, unsubscribeMailto: 'unsubscribe@acme.example' },
} as MessengerServiceConfig);
const subscriberId = randomUUID();
const context = (over: Partial<FooterContext> = {}): FooterContext => ({ channel: 'email', subscriberId, kind: 'service', locale: 'en', reply: false, ...over });
const tokenOf = (url: string) => url.match(/\/(?:preferences|unsubscribe)\/([A-Za-z0-9_-]{44})/)![1];
const verified = (url: string) => verifyLink(SECRET, tokenOf(url), SENT);

function campaign(channel: 'sms' | 'email', content: MessageRequestedEvent['data']['content']): MessageRequestedEvent['data'] {
  return {
    messageId: randomUUID(), channel, kind: 'marketing', template: 'campaign', campaignId: randomUUID(),
    recipient: { subscriberId, name: 'Ada', address: channel === 'sms' ? '+4915112345678' : 'ada@example.com', timeZone: 'Europe/Berlin', locale: 'en' },
    props: {}, content,
  };
}

/** What every message gets when it is sent, whatever template or campaign source it came from (TemplateRenderer.finish). */
describe('message footer and links', () => {
  it('gives a marketing email both list headers (one-click https and mailto) and a visible preferences link in text and html', () => {
    const rendered = renderer.renderMessage(campaign('email', { subject: 'Spring offer', text: 'Hi {{name}}, 20% off.', html: '<html><body><p>Hi {{name}}, 20% off.</p></body></html>' }));
    const email = renderer.finish(rendered, context({ kind: 'marketing' }), SENT);
    const [, https, mailto] = email.headers!['List-Unsubscribe'].match(/^<(https:[^>]+)>, <(mailto:[^>]+)>$/)!;
    expect(https).toMatch(/^https:\/\/prefs\.acme\.example\/unsubscribe\/[A-Za-z0-9_-]{44}$/);
    expect(verified(https)).toMatchObject({ status: 'ok', link: { subscriberId, purpose: 'unsub-marketing', expiresAt: new Date('2030-05-01T08:00:00Z') } });
    expect(mailto).toBe(`mailto:unsubscribe@acme.example?subject=unsubscribe%20${tokenOf(https)}`);
    expect(email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    const prefs = email.text.match(/Manage your preferences \/ unsubscribe: (\S+)/)![1];
    expect(verified(prefs)).toMatchObject({ status: 'ok', link: { subscriberId, purpose: 'prefs' } });
    expect(email.text.startsWith('Hi Ada, 20% off.\n\n--\n')).toBe(true);
    expect(email.html).toContain(`<a href="${prefs}" style="color: #0b57d0; text-decoration: underline;">Manage your preferences / unsubscribe</a>`);
    expect(email.html).toContain(`<a href="${https}"`);
    // In the body, before it closes.
    expect(email.html!.indexOf('Manage your preferences')).toBeLessThan(email.html!.indexOf('</body>'));
  });

  it('derives a plain-text part when an email came with html only', () => {
    const email = renderer.finish({ subject: 'S', text: '', html: '<p>Hello <b>Ada</b>,</p><p>see <a href="https://acme.example/x">our offer</a> &amp; more.</p>' }, context(), SENT);
    expect(email.text).toMatch(/^Hello Ada,\nsee our offer \(https:\/\/acme\.example\/x\) & more\.\n\n--\n/);
    expect(email.text).toContain('Manage your preferences / unsubscribe: https://prefs.acme.example/preferences/');
  });

  it('gives a service email a List-Unsubscribe to her preference page only: no one-click that would stop her incident updates', () => {
    const email = renderer.finish({ subject: 'S', text: 'Update.' }, context(), SENT);
    expect(email.headers).toEqual({ 'List-Unsubscribe': expect.stringMatching(/^<https:\/\/prefs\.acme\.example\/preferences\/[A-Za-z0-9_-]{44}>$/) });
    expect(email.text).not.toContain('Unsubscribe from offers');
    expect(email.html).toBeUndefined();
  });

  it('ends an SMS with her short settings link and how to stop; an answer to her own text gets none', () => {
    const rendered = renderer.renderMessage(campaign('sms', { text: 'Spring offer for {{name}}.' }));
    const sms = renderer.finish(rendered, context({ channel: 'sms', kind: 'marketing' }), SENT);
    const [body, footer] = sms.text.split('\n');
    expect(body).toBe('Spring offer for Ada.');
    expect(footer).toMatch(/^Settings: https:\/\/prefs\.acme\.example\/preferences\/[A-Za-z0-9_-]{44} - Reply STOP to opt out$/);
    expect(verified(footer.split(' ')[1])).toMatchObject({ status: 'ok', link: { purpose: 'prefs' } });
    expect(sms.headers).toBeUndefined();
    expect(renderer.finish({ text: 'You will get no more texts from Acme.' }, context({ channel: 'sms', reply: true }), SENT)).toEqual({ text: 'You will get no more texts from Acme.' });
  });

  it('puts her link wherever a template or campaign source asks for {{preferencesUrl}}, once more as the link of the SMS footer', () => {
    const rendered = renderer.renderMessage(campaign('sms', { text: 'Choose your offers: {{preferencesUrl}}' }));
    const sms = renderer.finish(rendered, context({ channel: 'sms', kind: 'marketing' }), SENT);
    expect(sms.text).toMatch(/^Choose your offers: https:\/\/prefs\.acme\.example\/preferences\/[A-Za-z0-9_-]{44}\nReply STOP to opt out$/);
    expect(sms.text).not.toContain('__PRESPOND');
  });

  it('is the same when sent again from the same moment (a retry finds the same text at the provider)', () => {
    const rendered = { subject: 'S', text: 'T', html: '<p>T</p>' };
    expect(renderer.finish(rendered, context({ kind: 'marketing' }), SENT)).toEqual(renderer.finish(rendered, context({ kind: 'marketing' }), SENT));
  });
});

describe('previews', () => {
  it('show a stand-in of her link, never a working one', () => {
    const rendered = renderer.renderMessage(campaign('sms', { text: 'Choose: {{preferencesUrl}}' }));
    expect(renderer.forPreview(rendered)).toEqual({ text: `Choose: https://prefs.acme.example/preferences/PREVIEW${'-'.repeat(37)}` });
  });
});

describe('the message log', () => {
  it('blanks her signed links (they open her settings) and keeps everything else', () => {
    const token = 'FkxhCTW6TpypnxUBjsMbPms2FKoBUsuiGlPfJDwWX9ii';
    const text = `Fixed.\nSettings: https://prefs.acme.example/preferences/${token} - Reply STOP\n<https://prefs.acme.example/unsubscribe/${token}>`;
    expect(redactLinks(text)).toBe('Fixed.\nSettings: https://prefs.acme.example/preferences/(signed link) - Reply STOP\n<https://prefs.acme.example/unsubscribe/(signed link)>');
    expect(redactLinks(null)).toBeNull();
    expect(redactLinks('Call us at https://acme.example/preferences')).toBe('Call us at https://acme.example/preferences');
  });
});
