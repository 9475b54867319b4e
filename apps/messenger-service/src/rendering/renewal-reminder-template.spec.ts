import { randomUUID } from 'node:crypto';
import { MessageRequestedEvent } from '@prespond/contracts';
import { MessengerServiceConfig } from '../config/env';
import { verifyLink } from '@prespond/platform';
import { TemplateRenderer } from './template-renderer';

const SECRET = 'renewal-spec-secret-0123456789';

/** The `renewal.reminder` template as subscriber-service's RenewalRemindersService fills it. */
describe('renewal.reminder template', () => {
  const renderer = new TemplateRenderer({
    brand: 'Acme',
    preferences: { url: 'https://acme.example', linkSecret: SECRET, linkTtlDays: 30, unsubscribeMailto: 'unsubscribe@acme.example' },
  } as MessengerServiceConfig);
  const SENT = new Date('2030-03-16T09:00:00Z');
  /** Rendered and finished as DeliveryService sends it: her signed preference link in place. */
  const sent = (data: MessageRequestedEvent['data']) =>
    renderer.finish(renderer.renderMessage(data), { channel: data.channel, subscriberId: data.recipient.subscriberId, kind: 'service', locale: 'en', reply: false }, SENT);
  const LINK = /https:\/\/acme\.example\/preferences\/([A-Za-z0-9_-]{44})/;

  // The renewal date travels as noon of that day in her zone (see renewalDayInstant).
  const reminder = (channel: 'sms' | 'email', timeZone: string, renewalDate: string, daysLeft: number): MessageRequestedEvent['data'] => ({
    messageId: randomUUID(),
    channel,
    kind: 'service',
    template: 'renewal.reminder',
    recipient: { subscriberId: randomUUID(), name: 'Aiko', address: channel === 'sms' ? '+819012345601' : 'aiko@example.com', timeZone, locale: 'en' },
    props: { planId: 'p1', planName: 'Fibre 500', planType: 'broadband', renewalDate, daysLeft, tomorrow: daysLeft === 1, offsetDays: daysLeft },
  });

  it('names the plan, the same calendar date in Tokyo and New York, the days left and her signed preference page (which lists her plans)', () => {
    const data = reminder('sms', 'Asia/Tokyo', '2030-04-15T03:00:00.000Z', 30);
    const text = sent(data).text;
    const token = text.match(LINK)![1];
    // The link is already in the text, so the footer only adds the STOP line.
    expect(text).toBe(`Acme: Your plan Fibre 500 renews in 30 days, on Monday, April 15, 2030. Your plans and settings: https://acme.example/preferences/${token}\nReply STOP to opt out`);
    expect(verifyLink(SECRET, token, SENT)).toMatchObject({ status: 'ok', link: { subscriberId: data.recipient.subscriberId, purpose: 'prefs' } });
    expect(renderer.renderMessage(reminder('sms', 'America/New_York', '2030-04-15T16:00:00.000Z', 7)).text).toContain('renews in 7 days, on Monday, April 15, 2030.');
  });

  it('says "tomorrow" the day before, and sends subject, text and html by email', () => {
    const email = sent(reminder('email', 'Asia/Tokyo', '2030-04-15T03:00:00.000Z', 1));
    expect(email.subject).toBe('Your plan Fibre 500 renews tomorrow');
    expect(email.text).toContain('Your plan Fibre 500 renews tomorrow, on Monday, April 15, 2030.');
    const token = email.text.match(LINK)![1];
    expect(email.text).toContain(`Your plans, their renewal dates and what we send you are on your own page:\nhttps://acme.example/preferences/${token}`);
    expect(email.html).toContain(`<a href="https://acme.example/preferences/${token}">See your plans and preferences</a>`);
    expect(email.text + email.html).not.toContain('self-service');
  });
});
