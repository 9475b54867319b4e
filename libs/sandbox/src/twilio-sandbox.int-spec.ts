import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio';
import { createTwilioClient } from '../../../apps/messenger-service/src/providers/sms/twilio/twilio-client';
import { TwilioSandbox } from './twilio-sandbox';
import { waitFor } from './wait';

/** The sandbox as the unmodified twilio SDK sees it. */
describe('Twilio sandbox', () => {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  let sandbox: TwilioSandbox;
  let receiver: Server;
  let callbackUrl: string;
  const received: { signature: string; params: Record<string, string> }[] = [];

  beforeAll(async () => {
    sandbox = await TwilioSandbox.start({ accountSid, authToken, callbackDelayMs: 5 });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ signature: String(req.headers['x-twilio-signature']), params: Object.fromEntries(new URLSearchParams(body)) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status`;
  });

  afterAll(async () => {
    await sandbox.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('creates, fetches and lists messages, and signs queued → sent → delivered callbacks', async () => {
    const client = createTwilioClient(accountSid, authToken, sandbox.url);
    const created = await client.messages.create({ to: '+4915112345678', from: '+15005550006', body: 'Hello', statusCallback: callbackUrl });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    expect(created.accountSid).toBe(accountSid);

    await waitFor(() => received.length === 3, { description: 'three status callbacks' });
    expect(received.map((r) => r.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
    for (const { signature, params } of received) expect(validateRequest(authToken, signature, callbackUrl, params)).toBe(true);
    expect(validateRequest('another-token', received[0].signature, callbackUrl, received[0].params)).toBe(false);

    expect((await client.messages(created.sid).fetch()).status).toBe('delivered');
    await client.messages.create({ to: '+4915112345679', from: '+15005550006', body: 'Other' });
    const listed = await client.messages.list({ to: '+4915112345678' });
    expect(listed.map((m) => m.sid)).toEqual([created.sid]);
    expect(await client.messages.list({ pageSize: 1 })).toHaveLength(2); // pages through next_page_uri
  });

  it('refuses wrong credentials as Twilio does', async () => {
    const client = createTwilioClient(accountSid, 'wrong-token', sandbox.url);
    await expect(client.messages.create({ to: '+4915112345678', from: '+15005550006', body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
  ])('fails Twilio test number %s with error %i', async (to, code) => {
    const client = createTwilioClient(accountSid, authToken, sandbox.url);
    await expect(client.messages.create({ to, from: '+15005550006', body: 'x' })).rejects.toMatchObject({ status: 400, code });
  });

  it('holds a sender to its rate limit with 429 / 20429 beyond a one-second burst, and stamps acceptance in ms', async () => {
    const client = createTwilioClient(accountSid, authToken, sandbox.url);
    const from = '+15005550020';
    sandbox.limitRate(from, 2);
    const before = sandbox.tooManyRequests;
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => client.messages.create({ to: `+49151123457${10 + i}`, from, body: 'burst' })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    for (const refused of outcomes.filter((o) => o.status === 'rejected')) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ status: 429, code: 20429, message: 'Too Many Requests' });
    }
    expect(sandbox.tooManyRequests - before).toBe(3);
    // Other senders are not limited; after half a second one more message fits.
    await client.messages.create({ to: '+4915112345720', from: '+15005550006', body: 'other sender' });
    await new Promise((r) => setTimeout(r, 550));
    await client.messages.create({ to: '+4915112345721', from, body: 'later' });
    await expect(client.messages.create({ to: '+4915112345722', from, body: 'too soon' })).rejects.toMatchObject({ status: 429 });
    sandbox.limitRate(from, undefined);
    await client.messages.create({ to: '+4915112345723', from, body: 'unlimited again' });

    const accepted = sandbox.messages.filter((m) => m.from === from);
    expect(accepted).toHaveLength(4);
    for (const m of accepted) expect(m.accepted_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The sandbox's own field stays out of Twilio's answers, and is in its plain view.
    const basic = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const raw = await (await fetch(`${sandbox.url}/2010-04-01/Accounts/${accountSid}/Messages/${accepted[0].sid}.json`, { headers: { authorization: basic } })).json();
    expect(raw).toMatchObject({ sid: accepted[0].sid, from });
    expect(raw).not.toHaveProperty('accepted_at');
    const plain = await (await fetch(`${sandbox.url}/sandbox/messages?to=${encodeURIComponent(accepted[0].to)}`)).json();
    expect(plain).toEqual([expect.objectContaining({ sid: accepted[0].sid, accepted_at: accepted[0].accepted_at })]);
  });
});
