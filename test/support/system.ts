import { Role } from '@prespond/platform';
import { freePort } from '@prespond/sandbox';
import { ConsoleApp, ServiceName, SERVICES, Stack, StackOptions, startStack } from '../../deploy/stack';
import type { Caller } from './auth';
import { freshDatabase } from './infra';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The services' APIs as one caller sees them: every request carries that caller's key (none for `anonymous`).
 * `post`/`patch`/`put`/`get`/`delete` throw with the body on a non-2xx answer; `fetch` returns the answer as it is,
 * for specs that look at a status (401, 403, 409 …).
 */
export class ApiCaller {
  constructor(
    private readonly urlOf: (service: ServiceName, path: string) => string,
    /** The headers that say who calls (`authorization: Bearer …`), for specs that build their own requests. */
    readonly headers: Record<string, string>,
  ) {}

  /** POSTs JSON and returns the JSON answer; throws with the body on a non-2xx answer. */
  post(service: ServiceName, path: string, body: unknown = {}): Promise<any> {
    return this.send('POST', service, path, body);
  }

  patch(service: ServiceName, path: string, body: unknown): Promise<any> {
    return this.send('PATCH', service, path, body);
  }

  put(service: ServiceName, path: string, body: unknown): Promise<any> {
    return this.send('PUT', service, path, body);
  }

  async get(service: ServiceName, path: string): Promise<any> {
    const response = await this.fetch(service, path);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** Any request, with this caller's key; a JSON `body` (an object) is sent as JSON. The answer as it came. */
  fetch(service: ServiceName, path: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}): Promise<Response> {
    const json = init.body !== undefined && typeof init.body !== 'string' && !(init.body instanceof URLSearchParams);
    return fetch(this.urlOf(service, path), {
      ...init,
      headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>), ...this.headers },
      body: json ? JSON.stringify(init.body) : (init.body as RequestInit['body']),
    });
  }

  private async send(method: 'POST' | 'PATCH' | 'PUT', service: ServiceName, path: string, body: unknown): Promise<any> {
    const response = await this.fetch(service, path, { method, body: body ?? {} });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

/**
 * The whole system for an end-to-end spec (services in their own processes, as `npm start` runs them, on a fresh
 * database), with the calls specs make: the services' APIs, their clocks (TEST_CLOCK), and what reached the Twilio
 * sandbox and the SMTP inbox. Access control is on: `post`/`get`/`patch` call as admin; `as('ops')`,
 * `as('marketing')` or `as('anonymous')` call as a role or with no key; `keys` are the keys of the run.
 */
export class SystemUnderTest {
  private readonly admin: ApiCaller;

  private constructor(
    readonly stack: Stack,
    private readonly db: { url: string; drop: () => Promise<void> },
    /** Every line the services printed, for a failing spec to show. */
    readonly logs: string[],
  ) {
    this.admin = this.as('admin');
  }

  /** One key per role, made up for this run (names: `ops`, `marketing`, `admin`). */
  get keys(): Record<Role, string> {
    return this.stack.keys.roles as Record<Role, string>;
  }

  /** The APIs as `caller` sees them: `system.as('marketing').post('incident-service', '/incidents', …)`. */
  as(caller: Caller): ApiCaller {
    return new ApiCaller((service, path) => this.url(service, path), caller === 'anonymous' ? {} : { authorization: `Bearer ${this.keys[caller]}` });
  }

  /**
   * `serviceEnv` goes to every service (e.g. shorter intervals); the clock is always movable. `console` starts the web
   * console too, with its OIDC server (see `consoleApp`).
   */
  static async start(serviceEnv: NodeJS.ProcessEnv = {}, options: StackOptions = {}): Promise<SystemUnderTest> {
    const db = await freshDatabase('e2e');
    const logs: string[] = [];
    const ports = {
      incident: await freePort(),
      subscriber: await freePort(),
      messenger: await freePort(),
      ...(options.console ? { console: await freePort(), oidc: await freePort() } : {}),
      ...(options.statusPage ? { statusPage: await freePort() } : {}),
    };
    try {
      const stack = await startStack(ports, { DATABASE_URL: db.url }, (line) => logs.push(line), { TEST_CLOCK: 'true', ...serviceEnv }, {}, options);
      return new SystemUnderTest(stack, db, logs);
    } catch (error) {
      await db.drop();
      // What the services said is the only clue to why one did not start.
      throw new Error(`${(error as Error).message}\nlast service output:\n${logs.slice(-40).join('\n')}`);
    }
  }

  /** The web console, its OIDC server and its people (started with `{ console: true }`). */
  get consoleApp(): ConsoleApp {
    if (!this.stack.console) throw new Error('the console was not started: SystemUnderTest.start(env, { console: true })');
    return this.stack.console;
  }

  /** The public status page's address (started with `{ statusPage: true }`). */
  get statusPageUrl(): string {
    if (!this.stack.statusPage) throw new Error('the status page was not started: SystemUnderTest.start(env, { statusPage: true })');
    return this.stack.statusPage.url;
  }

  async stop(): Promise<void> {
    await this.stack.stop();
    await this.db.drop();
  }

  url(service: ServiceName, path = ''): string {
    return `${this.stack.services[service].url}${path}`;
  }

  /** POSTs JSON as admin and returns the JSON answer; throws with the body on a non-2xx answer. */
  post(service: ServiceName, path: string, body: unknown = {}): Promise<any> {
    return this.admin.post(service, path, body);
  }

  patch(service: ServiceName, path: string, body: unknown): Promise<any> {
    return this.admin.patch(service, path, body);
  }

  put(service: ServiceName, path: string, body: unknown): Promise<any> {
    return this.admin.put(service, path, body);
  }

  get(service: ServiceName, path: string): Promise<any> {
    return this.admin.get(service, path);
  }

  /** Any request as admin; the answer as it came (see ApiCaller.fetch). */
  fetch(service: ServiceName, path: string, init: Parameters<ApiCaller['fetch']>[2] = {}): Promise<Response> {
    return this.admin.fetch(service, path, init);
  }

  /** Moves the clock of the given services (all by default) to `iso`; it keeps running from there. */
  async setClock(iso: string, services: readonly ServiceName[] = SERVICES): Promise<void> {
    const urls = services.map((service) => [service, this.url(service, '/test/clock')]);
    // The status page follows the services' time (its history strips and "today").
    if (this.stack.statusPage && services.length === SERVICES.length) urls.push(['status-page', `${this.stack.statusPage.url}/test/clock`]);
    for (const [name, url] of urls) {
      const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) });
      if (!response.ok) throw new Error(`${name} did not take the clock: ${response.status}`);
    }
  }

  /** Bodies of the texts the sandbox took for this number, in order. */
  textsTo(phone: string): string[] {
    return this.stack.infra.twilio.messages.filter((m) => m.to === phone).map((m) => m.body);
  }

  emailsTo(address: string) {
    return this.stack.infra.smtp.messages.filter((m) => m.to.includes(address));
  }
}
