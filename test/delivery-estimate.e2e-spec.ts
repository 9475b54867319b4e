import { waitFor } from '@prespond/sandbox';
import { parseSmsSenders, senderFor } from '../apps/messenger-service/src/config/sms-senders';
import { SystemUnderTest } from './support/system';

const SMS_SENDERS = '89898:short-code,+18005550100:toll-free';

/**
 * The delivery estimate end to end, as `npm start` runs the services: subscriber-service counts the audience, the
 * messenger tells its configured rates, and ops read how long the declaration takes to reach everyone, before and
 * when they declare; the texts then go from the sender each customer is kept on.
 */
describe('delivery estimate, end to end', () => {
  let system: SystemUnderTest;
  const senders = parseSmsSenders(SMS_SENDERS);

  beforeAll(async () => {
    system = await SystemUnderTest.start({ SMS_SENDERS, EMAIL_RATE_PER_SECOND: '20' });
    let n = 0;
    const subscriber = (overrides: object) => ({
      name: `Customer ${++n}`,
      email: `customer${n}@example.com`,
      phone: `+4915112346${String(n).padStart(3, '0')}`,
      timeZone: 'Europe/Berlin',
      components: ['internet'],
      regions: ['berlin'],
      channels: ['sms', 'email'],
      ...overrides,
    });
    const people = [
      ...Array.from({ length: 5 }, () => subscriber({})), // SMS and email
      subscriber({ channels: ['sms'] }),
      subscriber({ channels: ['sms'], email: undefined }),
      subscriber({ channels: ['email'], phone: undefined }),
      subscriber({ optedOutChannels: ['sms'] }), // email only now
      subscriber({ regions: ['munich'] }), // elsewhere
      subscriber({ components: ['tv'] }), // another component
    ];
    for (const person of people) await system.post('subscriber-service', '/subscribers', person);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const incident = { title: 'Internet outage', message: 'A fibre cable was cut near the exchange.', severity: 'major', components: ['internet'], regions: ['berlin'] };
  const estimate = {
    sms: { count: 7, perSecond: 103, seconds: 1 },
    email: { count: 7, perSecond: 20, seconds: 1 },
    text: '7 SMS at 103/s: under a second; 7 emails at 20/s: under a second',
  };

  it('tells ops the configured rates', async () => {
    expect(await system.as('ops').get('messenger-service', '/delivery/rates')).toEqual({
      sms: {
        senders: [
          { from: '89898', type: 'short-code', perSecond: 100 },
          { from: '+18005550100', type: 'toll-free', perSecond: 3 },
        ],
        perSecond: 103,
      },
      email: { perSecond: 20 },
    });
    expect((await system.as('marketing').fetch('messenger-service', '/delivery/rates')).status).toBe(403);
  });

  it('estimates before declaring, and answers the declaration with the same estimate', async () => {
    expect(await system.as('ops').get('incident-service', '/incidents/estimate?components=internet&regions=berlin')).toEqual(estimate);
    expect((await system.as('ops').get('incident-service', '/incidents/estimate?components=internet')).text).toBe('8 SMS at 103/s: under a second; 8 emails at 20/s: under a second');

    const declared = await system.as('ops').post('incident-service', '/incidents', incident);
    expect(declared).toMatchObject({ title: 'Internet outage', status: 'investigating', estimate });
  });

  it('sends what it estimated, each text from the sender its recipient is kept on', async () => {
    const texts = () => system.stack.infra.twilio.messages.filter((m) => m.body.includes('fibre cable'));
    const emails = () => system.stack.infra.smtp.messages.filter((m) => m.text.includes('fibre cable'));
    await waitFor(() => texts().length === estimate.sms.count && emails().length === estimate.email.count, { timeoutMs: 60_000, description: 'the declared texts and emails' });
    for (const text of texts()) expect(text.from).toBe(senderFor(text.to, senders).from);
    expect(system.stack.infra.twilio.tooManyRequests).toBe(0);
  });
});
