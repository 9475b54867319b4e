import { freePort } from '@prespond/sandbox';
import { ServiceName, SERVICES, Stack, startStack } from '../../deploy/stack';
import { freshDatabase } from './infra';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The whole system for an end-to-end spec (services in their own processes, as `npm start` runs them, on a fresh
 * database), with the calls specs make: the services' APIs, their clocks (TEST_CLOCK), and what reached the Twilio
 * sandbox and the SMTP inbox.
 */
export class SystemUnderTest {
  private constructor(
    readonly stack: Stack,
    private readonly db: { url: string; drop: () => Promise<void> },
    /** Every line the services printed, for a failing spec to show. */
    readonly logs: string[],
  ) {}

  /** `serviceEnv` goes to every service (e.g. shorter intervals); the clock is always movable. */
  static async start(serviceEnv: NodeJS.ProcessEnv = {}): Promise<SystemUnderTest> {
    const db = await freshDatabase('e2e');
    const logs: string[] = [];
    const ports = { incident: await freePort(), subscriber: await freePort(), messenger: await freePort() };
    try {
      const stack = await startStack(ports, { DATABASE_URL: db.url }, (line) => logs.push(line), { TEST_CLOCK: 'true', ...serviceEnv });
      return new SystemUnderTest(stack, db, logs);
    } catch (error) {
      await db.drop();
      // What the services said is the only clue to why one did not start.
      throw new Error(`${(error as Error).message}\nlast service output:\n${logs.slice(-40).join('\n')}`);
    }
  }

  async stop(): Promise<void> {
    await this.stack.stop();
    await this.db.drop();
  }

  url(service: ServiceName, path = ''): string {
    return `${this.stack.services[service].url}${path}`;
  }

  /** POSTs JSON and returns the JSON answer; throws with the body on a non-2xx answer. */
  post(service: ServiceName, path: string, body: unknown = {}): Promise<any> {
    return this.send('POST', service, path, body);
  }

  patch(service: ServiceName, path: string, body: unknown): Promise<any> {
    return this.send('PATCH', service, path, body);
  }

  private async send(method: 'POST' | 'PATCH', service: ServiceName, path: string, body: unknown): Promise<any> {
    const response = await fetch(this.url(service, path), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async get(service: ServiceName, path: string): Promise<any> {
    const response = await fetch(this.url(service, path));
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** Moves the clock of the given services (all by default) to `iso`; it keeps running from there. */
  async setClock(iso: string, services: readonly ServiceName[] = SERVICES): Promise<void> {
    for (const service of services) {
      const response = await fetch(this.url(service, '/test/clock'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }) });
      if (!response.ok) throw new Error(`${service} did not take the clock: ${response.status}`);
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
