import { randomUUID } from 'node:crypto';
import { MessageRequestedEvent } from '@prespond/contracts';
import { MessengerServiceConfig } from '../config/env';
import { TemplateRenderer } from './template-renderer';

/** The `renewal.reminder` template as subscriber-service's RenewalRemindersService fills it. */
describe('renewal.reminder template', () => {
  const renderer = new TemplateRenderer({ brand: 'Acme' } as MessengerServiceConfig);

  // The renewal date travels as noon of that day in her zone (see renewalDayInstant).
  const reminder = (channel: 'sms' | 'email', timeZone: string, renewalDate: string, daysLeft: number): MessageRequestedEvent['data'] => ({
    messageId: randomUUID(),
    channel,
    kind: 'service',
    template: 'renewal.reminder',
    recipient: { subscriberId: randomUUID(), name: 'Aiko', address: channel === 'sms' ? '+819012345601' : 'aiko@example.com', timeZone, locale: 'en' },
    props: { planId: 'p1', planName: 'Fibre 500', planType: 'broadband', renewalDate, daysLeft, tomorrow: daysLeft === 1, offsetDays: daysLeft, selfServiceUrl: 'https://acme.example/self-service/plans/p1' },
  });

  it('names the plan, the same calendar date in Tokyo and New York, the days left and the self-service link', () => {
    expect(renderer.renderMessage(reminder('sms', 'Asia/Tokyo', '2030-04-15T03:00:00.000Z', 30)).text).toBe(
      'Acme: Your plan Fibre 500 renews in 30 days, on Monday, April 15, 2030. Review or change it: https://acme.example/self-service/plans/p1',
    );
    expect(renderer.renderMessage(reminder('sms', 'America/New_York', '2030-04-15T16:00:00.000Z', 7)).text).toContain('renews in 7 days, on Monday, April 15, 2030.');
  });

  it('says "tomorrow" the day before, and sends subject, text and html by email', () => {
    const email = renderer.renderMessage(reminder('email', 'Asia/Tokyo', '2030-04-15T03:00:00.000Z', 1));
    expect(email.subject).toBe('Your plan Fibre 500 renews tomorrow');
    expect(email.text).toContain('Your plan Fibre 500 renews tomorrow, on Monday, April 15, 2030.');
    expect(email.text).toContain('https://acme.example/self-service/plans/p1');
    expect(email.html).toContain('<a href="https://acme.example/self-service/plans/p1">');
  });
});
