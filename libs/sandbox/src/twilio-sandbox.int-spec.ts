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
});
