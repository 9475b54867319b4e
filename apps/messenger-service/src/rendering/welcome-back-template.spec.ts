import { randomUUID } from 'node:crypto';
import { MessageRequestedEvent } from '@prespond/contracts';
import { MessengerServiceConfig } from '../config/env';
import { TemplateRenderer } from './template-renderer';

const renderer = new TemplateRenderer({ brand: 'Acme' } as MessengerServiceConfig);

function welcomeBack(channel: 'sms' | 'email', fixed: string | null): MessageRequestedEvent['data'] {
  return {
    messageId: randomUUID(),
    channel,
    kind: 'marketing',
    template: 'welcome-back',
    recipient: { subscriberId: randomUUID(), name: 'Ada', address: channel === 'sms' ? '+4915112345678' : 'ada@example.com', timeZone: 'Europe/Berlin', locale: 'en' },
    props: { away: 'about 2 months', awayDays: 61, fixed, awaySince: '2030-01-01T09:00:00.000Z', returnedAt: '2030-03-03T09:00:00.000Z' },
  };
}

describe('the welcome-back template', () => {
  it('greets her by name, says how long she was away, and what was fixed meanwhile', () => {
    const sms = renderer.renderMessage(welcomeBack('sms', 'internet in berlin'));
    expect(sms.text).toBe(
      'Acme: Welcome back, Ada! It has been about 2 months since we last saw you, and we missed you. While you were away, the problem with internet in berlin was fixed.',
    );
    const email = renderer.renderMessage(welcomeBack('email', 'internet in berlin'));
    expect(email.subject).toBe('Welcome back, Ada');
    expect(email.text).toContain('While you were away, the problem with internet in berlin was fixed.');
    expect(email.html).toContain('the problem with <strong>internet in berlin</strong> was fixed');
  });

  it('leaves the sentence out when nothing was fixed', () => {
    const sms = renderer.renderMessage(welcomeBack('sms', null));
    expect(sms.text).toBe('Acme: Welcome back, Ada! It has been about 2 months since we last saw you, and we missed you.');
    const email = renderer.renderMessage(welcomeBack('email', null));
    expect(email.text).not.toContain('While you were away');
    expect(email.html).not.toContain('While you were away');
  });
});
