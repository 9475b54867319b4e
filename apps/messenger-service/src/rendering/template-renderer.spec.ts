import { randomUUID } from 'node:crypto';
import { MessageRequestedEvent, NotificationRequestedEvent } from '@prespond/contracts';
import { PermanentFailure } from '@prespond/kafka';
import { MessengerServiceConfig } from '../config/env';
import { TemplateRenderer } from './template-renderer';

const config = { brand: 'Acme' } as MessengerServiceConfig;

function request(timeZone: string, template: NotificationRequestedEvent['data']['template'] = 'incident.declared'): NotificationRequestedEvent['data'] {
  return {
    notificationId: randomUUID(),
    channel: 'sms',
    template,
    recipient: {
      subscriberId: randomUUID(),
      name: 'Ada',
      address: '+4915112345678',
      timeZone,
      locale: 'en',
      affectedComponents: ['internet'],
      affectedRegions: ['berlin'],
    },
    incident: {
      id: randomUUID(),
      title: 'Outage',
      status: 'identified',
      severity: 'major',
      components: ['internet', 'tv'],
      regions: ['berlin'],
      declaredAt: '2030-01-31T12:00:00Z',
      resolvedAt: null,
    },
    update: {
      id: randomUUID(),
      sequence: 1,
      status: 'identified',
      message: 'A cable was cut.',
      eta: '2030-01-31T15:30:00Z',
      nextUpdateBy: '2030-01-31T14:00:00Z',
      createdAt: '2030-01-31T12:00:00Z',
    },
  };
}

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer(config);

  it('writes the SMS in her terms, with ETA and next update in her own zone', () => {
    const berlin = renderer.render('sms', 'en', renderer.props(request('Europe/Berlin'))).text;
    expect(berlin).toContain('Acme: We know about a problem with internet in berlin.');
    expect(berlin).toContain('A cable was cut.');
    expect(berlin).toMatch(/Expected fix: .*4:30\sPM GMT\+1/);
    expect(berlin).toMatch(/Next update by .*3:00\sPM GMT\+1/);
    const newYork = renderer.render('sms', 'en', renderer.props(request('America/New_York'))).text;
    expect(newYork).toMatch(/Expected fix: .*10:30\sAM EST/);
  });

  it('renders email with subject, plain text and escaped HTML', () => {
    const props = renderer.props(request('Europe/Berlin'));
    props.message = 'Fibre <cut> & spliced';
    const email = renderer.render('email', 'en-GB', props);
    expect(email.subject).toBe('We know about it: Outage');
    expect(email.text).toContain('Fibre <cut> & spliced');
    expect(email.html).toContain('Fibre &lt;cut&gt; &amp; spliced');
  });

  it('says it is fixed when resolved, without an ETA', () => {
    const data = request('Europe/Berlin', 'incident.resolved');
    data.update = { ...data.update, status: 'resolved', eta: null, nextUpdateBy: null };
    const sms = renderer.render('sms', 'en', renderer.props(data)).text;
    expect(sms).toContain('Fixed: internet in berlin.');
    expect(sms).not.toContain('Expected fix');
  });

  it('combines a digest: the earlier updates with their times in her zone, then the latest with ETA and next update', () => {
    const data = request('Europe/Berlin', 'incident.digest');
    data.earlierUpdates = [
      { ...data.update, id: randomUUID(), sequence: 2, status: 'investigating', message: 'Still looking.', createdAt: '2030-01-31T12:10:00Z' },
      { ...data.update, id: randomUUID(), sequence: 3, message: 'Cause found.', createdAt: '2030-01-31T12:20:00Z' },
    ];
    data.update = { ...data.update, sequence: 4, message: 'Splicing now.', createdAt: '2030-01-31T12:30:00Z' };
    const sms = renderer.render('sms', 'en', renderer.props(data)).text;
    expect(sms).toMatch(/^Acme: Updates on internet in berlin: 1:10\sPM: Still looking\. 1:20\sPM: Cause found\. 1:30\sPM: Splicing now\./);
    expect(sms).toMatch(/Expected fix: .*4:30\sPM GMT\+1/);
    const email = renderer.render('email', 'en', renderer.props(data));
    expect(email.subject).toBe('Latest updates: Outage');
    expect(email.text).toMatch(/- 1:10\sPM: Still looking\. We are looking into it\./);
    expect(email.text).toMatch(/- 1:30\sPM: Splicing now\./);
    expect(email.html).toMatch(/<li>1:20\sPM: Cause found\./);
    data.recipient.locale = 'en-GB';
    expect(renderer.render('email', 'en-GB', renderer.props(data)).text).toContain('- 13:10: Still looking.');
  });

  it('says it is fixed when a digest ends with the resolution', () => {
    const data = request('Europe/Berlin', 'incident.digest');
    data.earlierUpdates = [{ ...data.update, id: randomUUID(), sequence: 5, message: 'Watching it.', createdAt: '2030-01-31T13:10:00Z' }];
    data.update = { ...data.update, sequence: 6, status: 'resolved', message: 'All back.', eta: null, nextUpdateBy: null, createdAt: '2030-01-31T13:15:00Z' };
    const sms = renderer.render('sms', 'en', renderer.props(data)).text;
    expect(sms).toMatch(/^Acme: Fixed: internet in berlin\. 2:10\sPM: Watching it\. 2:15\sPM: All back\.$/);
    expect(renderer.render('email', 'en', renderer.props(data)).subject).toBe('Fixed: Outage');
  });

  it('renders the follow-up question by SMS and, with both answer links, by email (escaped in HTML)', () => {
    const props = { brand: 'Acme', name: 'Ada', locale: 'en', title: 'Outage', affected: 'internet in berlin' };
    const sms = renderer.renderNamed('follow-up.question', 'sms', 'en', { ...props, yesUrl: null, troubleUrl: null });
    expect(sms).toEqual({ text: 'Acme: Is internet in berlin working for you again? Reply 1 if yes, 2 if you still have trouble.' });
    const links = { yesUrl: 'http://x/follow-ups/1/answer?answer=yes&signature=a', troubleUrl: 'http://x/follow-ups/1/answer?answer=trouble&signature=b' };
    const email = renderer.renderNamed('follow-up.question', 'email', 'en-GB', { ...props, ...links });
    expect(email.subject).toBe('Is internet in berlin working for you again?');
    expect(email.text).toContain(`Yes, it works: ${links.yesUrl}`);
    expect(email.text).toContain(`No, I still have trouble: ${links.troubleUrl}`);
    expect(email.html).toContain('href="http://x/follow-ups/1/answer?answer&#x3D;yes&amp;signature&#x3D;a"');
  });

  it('renders the acknowledgement of "still having trouble"', () => {
    const props = { brand: 'Acme', name: 'Ada', locale: 'en', title: 'Outage', affected: 'internet in berlin' };
    expect(renderer.renderNamed('follow-up.acknowledgement', 'sms', 'en', props).text).toBe(
      'Acme: Thanks for telling us. We are on it and will keep you posted about internet in berlin.',
    );
    expect(renderer.renderNamed('follow-up.acknowledgement', 'email', 'en', props).subject).toBe('We are on it: Outage');
  });

  describe('messages other than incident updates', () => {
    const message = (overrides: Partial<MessageRequestedEvent['data']> = {}): MessageRequestedEvent['data'] => ({
      messageId: randomUUID(),
      channel: 'email',
      kind: 'marketing',
      template: 'campaign',
      recipient: { subscriberId: randomUUID(), name: 'Ada <3', address: 'ada@example.com', timeZone: 'Asia/Tokyo', locale: 'en-GB' },
      props: { offer: '20% off', until: '2030-01-31T20:00:00Z' },
      ...overrides,
    });

    it('renders the sources marketing wrote, with dates in her zone and language, escaped only in HTML', () => {
      const rendered = renderer.renderMessage(
        message({ content: { subject: '{{brand}}: {{offer}}', text: 'Hi {{name}}, {{offer}} until {{localDate until}}.', html: '<p>Hi {{name}}</p>' } }),
      );
      expect(rendered.subject).toBe('Acme: 20% off');
      expect(rendered.text).toBe('Hi Ada <3, 20% off until Friday, 1 February 2030.'); // already the next day in Tokyo
      expect(rendered.html).toBe('<p>Hi Ada &lt;3</p>');
    });

    it('refuses for good a template that does not exist or does not compile', () => {
      expect(() => renderer.renderMessage(message({ template: 'no-such-template' }))).toThrow(PermanentFailure);
      expect(() => renderer.renderMessage(message({ content: { text: 'Hi {{#if name}}' } }))).toThrow(PermanentFailure);
    });
  });
});
