import { randomBytes, randomUUID } from 'node:crypto';
import { SmtpInbox, TwilioSandbox } from '@prespond/sandbox';
import { messengerTestEnv } from '../../../../test/support/messenger-env';
import { messengerServiceConfig } from '../config/env';
import { Slots } from '../delivery/slots';
import { OutboundMessage } from './channel-provider';
import { SmtpEmailProvider } from './email/smtp/smtp-email.provider';
import { TwilioSmsProvider } from './sms/twilio/twilio-sms.provider';

/** Runs `work` over `items` with `concurrency` calls in flight at once, as DeliveryService calls send() (Slots). */
function withConcurrency<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const slots = new Slots(concurrency);
  return Promise.allSettled(items.map((item) => slots.run(() => work(item))));
}

/** Messages per second between the first and the last acceptance: (n - 1) / (last - first). */
function measuredRate(acceptedAt: string[]): number {
  const times = acceptedAt.map((t) => Date.parse(t)).sort((a, b) => a - b);
  return (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
}

const texts = (count: number, run: string): OutboundMessage[] =>
  Array.from({ length: count }, (_, i) => ({ id: randomUUID(), to: `+4915${String(200_000_000 + i).padStart(9, '0')}`, text: `${run} #${i}` }));

/**
 * The providers' rate limits against the real Twilio sandbox and SMTP inbox: 50 sends in flight at once, and the
 * provider calls still arrive at the configured rate, which the sandbox enforces with 429s.
 */
describe('provider rate limits', () => {
  let sandbox: TwilioSandbox;
  let inbox: SmtpInbox;
  const providers: { onApplicationShutdown?: () => void }[] = [];

  beforeAll(async () => {
    sandbox = await TwilioSandbox.start({ accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex'), callbackDelayMs: 5 });
    inbox = await SmtpInbox.start();
  });

  afterAll(async () => {
    for (const provider of providers) provider.onApplicationShutdown?.();
    await sandbox?.stop();
    await inbox?.stop();
  });

  // Status callbacks go where nothing answers (port 9): they are not measured here, and must cost next to nothing.
  const config = (env: NodeJS.ProcessEnv) => messengerServiceConfig(messengerTestEnv({ databaseUrl: 'postgres://not-used', sandbox, inbox }, { PUBLIC_URL: 'http://127.0.0.1:9', ...env }));
  const smsProvider = (env: NodeJS.ProcessEnv) => new TwilioSmsProvider(config(env));
  const acceptedFrom = (from: string, run: string) => sandbox.messages.filter((m) => m.from === from && m.body.startsWith(run)).map((m) => m.accepted_at);

  it.each([
    ['+18005550100:toll-free', '+18005550100', 3, 30],
    ['89898:short-code', '89898', 100, 300],
  ])('holds %s to its rate with 50 sends in flight, so the sandbox enforcing it never answers 429', async (senders, from, perSecond, count) => {
    sandbox.limitRate(from, perSecond);
    const run = `run-${from}`;
    const refusedBefore = sandbox.tooManyRequests;
    const provider = smsProvider({ SMS_SENDERS: senders });
    // Not measured: the first calls open connections and compile the SDK's code paths, and would start the run late.
    for (const warmUp of texts(3, `warm-up-${from}`)) await provider.send(warmUp);

    const results = await withConcurrency(texts(count, run), 50, (m) => provider.send(m));

    expect(results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'accepted')).toHaveLength(count);
    expect(sandbox.tooManyRequests - refusedBefore).toBe(0);
    const accepted = acceptedFrom(from, run);
    expect(accepted).toHaveLength(count);
    const rate = measuredRate(accepted);
    console.log(`SMS ${senders}: ${count} texts, measured ${rate.toFixed(2)}/s (setting ${perSecond}/s), 429s: ${sandbox.tooManyRequests - refusedBefore}`);
    expect(rate).toBeGreaterThanOrEqual(perSecond * 0.95);
    expect(rate).toBeLessThanOrEqual(perSecond * 1.05);
  });

  it('spreads recipients over several senders, each held to its own rate at once', async () => {
    const senders = { '+15005550031': 5, '+15005550032': 10 };
    for (const [from, perSecond] of Object.entries(senders)) sandbox.limitRate(from, perSecond);
    const refusedBefore = sandbox.tooManyRequests;
    const provider = smsProvider({ SMS_SENDERS: '+15005550031:long-code:5,+15005550032:long-code:10' });

    await withConcurrency(texts(60, 'spread'), 50, (m) => provider.send(m));

    expect(sandbox.tooManyRequests - refusedBefore).toBe(0);
    for (const [from, perSecond] of Object.entries(senders)) {
      const accepted = acceptedFrom(from, 'spread');
      expect(accepted.length).toBeGreaterThan(10); // each sender had its share
      const rate = measuredRate(accepted);
      console.log(`SMS ${from} of two senders: ${accepted.length} texts, measured ${rate.toFixed(2)}/s (setting ${perSecond}/s)`);
      expect(rate).toBeGreaterThanOrEqual(perSecond * 0.95);
      expect(rate).toBeLessThanOrEqual(perSecond * 1.05);
    }
  });

  it('without a limit (SMS_SENDERS unset) sends as fast as it can, and the sandbox enforcing 3/s answers 429', async () => {
    const from = '+15005550006'; // TWILIO_FROM of messengerTestEnv
    sandbox.limitRate(from, 3);
    const refusedBefore = sandbox.tooManyRequests;
    const provider = smsProvider({});

    const results = await withConcurrency(texts(30, 'unlimited'), 50, (m) => provider.send(m));

    const refused = sandbox.tooManyRequests - refusedBefore;
    console.log(`SMS without limiter: 30 texts at 3/s enforced: ${refused} answered 429`);
    expect(refused).toBeGreaterThanOrEqual(25);
    // A 429 is thrown (retried later), never taken as a permanent refusal.
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(refused);
    expect(rejected[0].reason).toMatchObject({ status: 429, code: 20429 });
    sandbox.limitRate(from, undefined);
  });

  it('holds email to EMAIL_RATE_PER_SECOND with 50 sends in flight; unlimited, the same burst goes far faster', async () => {
    const emails = (run: string): OutboundMessage[] => Array.from({ length: 60 }, (_, i) => ({ id: randomUUID(), to: `${run}-${i}@example.com`, subject: run, text: `${run} #${i}` }));
    const receivedAt = (run: string) => inbox.messages.filter((m) => m.subject === run).map((m) => m.receivedAt);

    const limited = new SmtpEmailProvider(config({ EMAIL_RATE_PER_SECOND: '20' }));
    providers.push(limited);
    // The pool's first connection takes a while to open; it would make the first email late and the rate look higher.
    await limited.send({ id: randomUUID(), to: 'warm-up@example.com', subject: 'warm-up', text: 'warm-up' });
    const results = await withConcurrency(emails('limited'), 50, (m) => limited.send(m));
    expect(results.every((r) => r.status === 'fulfilled' && r.value.outcome === 'accepted')).toBe(true);
    expect(receivedAt('limited')).toHaveLength(60);
    const rate = measuredRate(receivedAt('limited'));

    const unlimited = new SmtpEmailProvider(config({}));
    providers.push(unlimited);
    await unlimited.send({ id: randomUUID(), to: 'warm-up@example.com', subject: 'warm-up', text: 'warm-up' });
    await withConcurrency(emails('unlimited'), 50, (m) => unlimited.send(m));
    const unlimitedRate = measuredRate(receivedAt('unlimited'));
    console.log(`email: 60 at 20/s measured ${rate.toFixed(2)}/s; unlimited ${unlimitedRate.toFixed(0)}/s`);

    expect(rate).toBeGreaterThanOrEqual(20 * 0.95);
    expect(rate).toBeLessThanOrEqual(20 * 1.05);
    expect(unlimitedRate).toBeGreaterThan(40);
  });
});
