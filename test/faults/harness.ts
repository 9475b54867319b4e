import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { accessEnv, AccessKeys, accessKeys } from '../../deploy/access-keys';
import { ServiceName, ServiceProcess, SERVICES } from '../../deploy/stack';
import { freePort, KafkaBroker, SmtpInbox, TcpProxy, TwilioSandbox, TwilioSandboxOptions, waitFor } from '@prespond/sandbox';
import { createKafka } from '@prespond/kafka';
import { freshDatabase } from '../support/infra';

/** What a fault scenario saw, for the closing note. */
export interface FaultReport {
  scenario: string;
  expected: number;
  delivered: number;
  duplicated: number;
  lost: number;
  /** Seconds from the end of the fault until the last expected message arrived. */
  recoverySeconds: number;
}

export interface Seeded {
  phones: string[];
  emails: string[];
}

/**
 * The whole system in processes, as `npm start` runs it, with handles on every part a fault test breaks: its own
 * Kafka broker (restartable), PostgreSQL behind a cuttable proxy, an SMTP inbox that can go away and come back on
 * the same port, the Twilio sandbox (with injectable failures), and each service as a process it can kill.
 */
export class FaultHarness {
  readonly services = {} as Record<ServiceName, ServiceProcess>;
  /** Every email captured, across SMTP restarts. */
  readonly emails: { to: string; messageId?: string; subject: string }[] = [];
  readonly logs: string[] = [];
  private smtp?: SmtpInbox;
  private readonly instances: ServiceProcess[] = [];
  /** The API keys of this run (one per role, and the services' own), as the local stack makes them. */
  readonly keys: AccessKeys = accessKeys();

  private constructor(
    readonly kafka: KafkaBroker,
    private readonly db: { url: string; drop: () => Promise<void> },
    readonly pg: TcpProxy,
    readonly sandbox: TwilioSandbox,
    private readonly smtpPorts: { smtp: number; http: number },
    private readonly ports: Record<ServiceName, number>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `sandboxOptions`: how the Twilio sandbox behaves (e.g. a longer `callbackDelayMs`, so callbacks are in flight longer). */
  static async start(extraEnv: NodeJS.ProcessEnv = {}, sandboxOptions: Pick<TwilioSandboxOptions, 'callbackDelayMs' | 'rateLimits'> = {}): Promise<FaultHarness> {
    const kafka = await KafkaBroker.start({ onLog: () => undefined });
    const db = await freshDatabase('faults');
    const url = new URL(db.url);
    const pg = await TcpProxy.start(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${pg.port}`;
    const sandbox = await TwilioSandbox.start({ accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex'), ...sandboxOptions });
    const smtpPorts = { smtp: await freePort(), http: await freePort() };
    const ports = { 'incident-service': await freePort(), 'subscriber-service': await freePort(), 'messenger-service': await freePort() };
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: url.toString(),
      KAFKA_BROKERS: kafka.bootstrap,
      TWILIO_ACCOUNT_SID: sandbox.options.accountSid,
      TWILIO_AUTH_TOKEN: sandbox.options.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: sandbox.url,
      LINK_SIGNING_SECRET: randomBytes(32).toString('hex'),
      PREFERENCES_LINK_SECRET: randomBytes(32).toString('hex'),
      PREFERENCES_URL: `http://127.0.0.1:${ports['subscriber-service']}`,
      SMTP_PORT: String(smtpPorts.smtp),
      INCIDENT_SERVICE_PORT: String(ports['incident-service']),
      SUBSCRIBER_SERVICE_PORT: String(ports['subscriber-service']),
      MESSENGER_URL: `http://127.0.0.1:${ports['messenger-service']}`,
      SUBSCRIBER_URL: `http://127.0.0.1:${ports['subscriber-service']}`,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      // Outages in these tests last up to a minute: retry often enough to notice the end quickly.
      CONSUMER_RETRY_DELAY_MS: '500',
      CONSUMER_RETRY_MAX_DELAY_MS: '8000',
      ...extraEnv,
    };
    const harness = new FaultHarness(kafka, db, pg, sandbox, smtpPorts, ports, env);
    await harness.startSmtp();
    for (const name of SERVICES) harness.services[name] = harness.spawn(name, ports[name]);
    await Promise.all(SERVICES.map((name) => harness.services[name].ready()));
    return harness;
  }

  private spawn(name: ServiceName, port: number): ServiceProcess {
    const own = { ...this.env, ...accessEnv(this.keys, name) };
    const env = name === 'messenger-service' ? { ...own, MESSENGER_SERVICE_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } : own;
    const service = ServiceProcess.start(name, port, env, (line) => this.logs.push(line));
    this.instances.push(service);
    return service;
  }

  /** Starts (again) a service, on the same port; returns once it is ready. */
  async restart(name: ServiceName): Promise<ServiceProcess> {
    this.services[name] = this.spawn(name, this.ports[name]);
    await this.services[name].ready();
    return this.services[name];
  }

  /** A second messenger in the same consumer group, on its own port. */
  async startExtraMessenger(): Promise<ServiceProcess> {
    const extra = this.spawn('messenger-service', await freePort());
    await extra.ready();
    return extra;
  }

  /** Waits until the messengers' batch consumer group is stable with `count` members. */
  async messengersInGroup(count: number): Promise<void> {
    const admin = createKafka({ brokers: [this.kafka.bootstrap], clientId: 'fault-harness' }).admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const { groups } = await admin.describeGroups(['messenger-service.batches']);
          return groups[0].state === 'Stable' && groups[0].members.length === count;
        },
        { timeoutMs: 60_000, description: `${count} members in the messenger group` },
      );
    } finally {
      await admin.disconnect();
    }
  }

  async startSmtp(): Promise<void> {
    this.smtp = await SmtpInbox.start({ smtpPort: this.smtpPorts.smtp, httpPort: this.smtpPorts.http });
    const inbox = this.smtp;
    const push = inbox.messages.push.bind(inbox.messages);
    inbox.messages.push = (...mails) => {
      for (const mail of mails) this.emails.push({ to: mail.to[0], messageId: mail.messageId, subject: mail.subject });
      return push(...mails);
    };
  }

  async stopSmtp(): Promise<void> {
    await this.smtp?.stop();
    this.smtp = undefined;
  }

  get inbox(): SmtpInbox | undefined {
    return this.smtp;
  }

  /** Runs SQL against the services' database (through the proxy). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** `count` subscribers affected by the incident `declare` makes, alternately on sms and email. */
  async seed(count: number, extraPhones: string[] = []): Promise<Seeded> {
    const client = new Client({ connectionString: this.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO subscriber.subscriber (id, name, email, phone, time_zone, locale, components, regions, channels, created_at, updated_at)
         SELECT gen_random_uuid(), 'Customer ' || i,
                CASE WHEN i % 2 = 1 THEN 'c' || i || '@example.com' END,
                CASE WHEN i % 2 = 0 THEN '+4915' || lpad(i::text, 9, '0') END,
                'Europe/Berlin', 'en', '{internet}', '{berlin}',
                CASE WHEN i % 2 = 0 THEN '{sms}'::text[] ELSE '{email}'::text[] END, now(), now()
         FROM generate_series(1, $1) AS i`,
        [count],
      );
      for (const phone of extraPhones) {
        await client.query(
          `INSERT INTO subscriber.subscriber (id, name, phone, time_zone, locale, components, regions, channels, created_at, updated_at)
           VALUES (gen_random_uuid(), 'Test number', $1, 'Europe/Berlin', 'en', '{internet}', '{berlin}', '{sms}', now(), now())`,
          [phone],
        );
      }
    } finally {
      await client.end();
    }
    const phones = Array.from({ length: count }, (_, k) => k + 1).filter((i) => i % 2 === 0).map((i) => `+4915${String(i).padStart(9, '0')}`);
    const emails = Array.from({ length: count }, (_, k) => k + 1).filter((i) => i % 2 === 1).map((i) => `c${i}@example.com`);
    return { phones, emails };
  }

  /** Ops declare an incident on internet in berlin: everyone seeded is affected. */
  async declare(): Promise<string> {
    const response = await fetch(`${this.services['incident-service'].url}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.keys.roles.ops}` },
      body: JSON.stringify({ title: 'Outage', message: 'Internet is down in Berlin.', severity: 'critical', components: ['internet'], regions: ['berlin'] }),
    });
    if (response.status !== 201) throw new Error(`declare: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  /** Seeds `count` subscribers, declares the incident, and resolves once `outBeforeFault` messages are out. */
  async midFanout(count: number, outBeforeFault: number): Promise<Seeded> {
    const seeded = await this.seed(count);
    await this.declare();
    await waitFor(() => this.deliveredCount() >= outBeforeFault, { timeoutMs: 60_000, description: `${outBeforeFault} messages out` });
    return seeded;
  }

  /** How many messages reached each address (texts at the sandbox, emails at the SMTP server). */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.sandbox.messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    for (const m of this.emails) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    return counts;
  }

  deliveredCount(): number {
    return this.sandbox.messages.length + this.emails.length;
  }

  async waitForAll(seeded: Seeded, timeoutMs = 180_000): Promise<void> {
    const expected = [...seeded.phones, ...seeded.emails];
    await waitFor(
      () => {
        const counts = this.counts();
        return expected.every((a) => (counts.get(a) ?? 0) > 0);
      },
      { timeoutMs, intervalMs: 250, description: `all ${expected.length} notifications delivered` },
    );
  }

  report(scenario: string, seeded: Seeded, faultEndedAt: number): FaultReport {
    const counts = this.counts();
    const expected = [...seeded.phones, ...seeded.emails];
    const delivered = expected.filter((a) => (counts.get(a) ?? 0) > 0).length;
    const duplicated = expected.reduce((sum, a) => sum + Math.max(0, (counts.get(a) ?? 0) - 1), 0);
    const report = {
      scenario,
      expected: expected.length,
      delivered,
      duplicated,
      lost: expected.length - delivered,
      recoverySeconds: Math.round((Date.now() - faultEndedAt) / 100) / 10,
    };
    process.stderr.write(`\nFAULT REPORT ${JSON.stringify(report)}\n`);
    return report;
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((s) => s.stop()));
    await this.smtp?.stop();
    await this.sandbox.stop();
    await this.kafka.stop();
    await this.pg.stop();
    await this.db.drop();
  }
}
