import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FastRequest, FastRoutes, formFields } from './fast-routes';

describe('FastRoutes', () => {
  let server: Server;
  let base: string;
  const seen: FastRequest[] = [];

  beforeAll(async () => {
    const routes = new FastRoutes({ httpAdapter: undefined } as never);
    routes.add({
      method: 'POST',
      path: '/hooks/status',
      maxBodyBytes: 64,
      handle: async (request) => {
        seen.push(request);
        const fields = formFields(request);
        if (fields.boom) throw new Error('handler failed');
        return fields.ok === 'yes' ? { status: 204 } : { status: 403, message: 'not signed' };
      },
    });
    server = createServer(routes.inFrontOf((_request, response) => void response.writeHead(404).end('from the app')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const form = (body: string, path = '/hooks/status') =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

  it('answers its route itself, with the URL as sent (query included) and the form fields', async () => {
    const response = await form('ok=yes&MessageSid=SM1', '/hooks/status?attempt=2');
    expect(response.status).toBe(204);
    expect(seen.at(-1)?.url).toBe('/hooks/status?attempt=2');
    expect(formFields(seen.at(-1)!)).toEqual({ ok: 'yes', MessageSid: 'SM1' });
  });

  it('answers an error in Nest’s JSON shape', async () => {
    const response = await form('ok=no');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ statusCode: 403, message: 'not signed', error: 'Forbidden' });
  });

  it('refuses a body over the route’s limit with 413, before the handler', async () => {
    const before = seen.length;
    const response = await form(`ok=yes&pad=${'x'.repeat(100)}`);
    expect(response.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('answers 500 when the handler fails', async () => {
    expect((await form('boom=1')).status).toBe(500);
  });

  it('hands every other method and path to the app', async () => {
    expect(await (await fetch(`${base}/hooks/status`)).text()).toBe('from the app');
    expect(await (await form('ok=yes', '/hooks/other')).text()).toBe('from the app');
  });

  it('reads no fields from a body that is not a form', () => {
    expect(formFields({ url: '/', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":"yes"}') })).toEqual({});
  });
});
