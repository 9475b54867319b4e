import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { KafkaBroker, OidcSandbox, PostgresServer, signalOwned, SmtpInbox, spawnOwned, startPostgres, TwilioSandbox, waitFor } from '@prespond/sandbox';
import { Role } from '@prespond/platform';
import { accessEnv, AccessKeys, accessKeys } from './access-keys';

const ROOT = resolve(__dirname, '..');

export const SERVICES = ['incident-service', 'subscriber-service', 'messenger-service'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** Every app of the monorepo: the services, the web console and the public status page. */
export type AppName = ServiceName | 'console' | 'status-page';

export interface StackPorts {
  kafka?: number;
  smtp?: number;
  smtpHttp?: number;
  twilio?: number;
  incident: number;
  subscriber: number;
  messenger: number;
  /** The web console (started when StackOptions.console is set). */
  console?: number;
  /** The OIDC server the console signs people in with (idem). */
  oidc?: number;
  /** The public status page (started when StackOptions.statusPage is set). */
  statusPage?: number;
}

/** The real parts the services need, started on loopback. */
export interface Infrastructure {
  kafka: KafkaBroker;
  postgres: PostgresServer;
  databaseUrl: string;
  smtp: SmtpInbox;
  twilio: TwilioSandbox;
  /** Signs the answer links in follow-up emails (messenger-service). */
  linkSigningSecret: string;
  /** Signs her preference and unsubscribe links (messenger-service makes them, subscriber-service checks them). */
  preferencesLinkSecret: string;
  /** Stops Kafka, then the sandboxes, then PostgreSQL (the services that use them must be stopped first). */
  stop(): Promise<void>;
}

export interface StackLog {
  (line: string): void;
}

/** Starts Kafka, PostgreSQL (DATABASE_URL or embedded), the SMTP inbox and the Twilio sandbox. */
export async function startInfrastructure(ports: Partial<StackPorts>, env: NodeJS.ProcessEnv, log: StackLog): Promise<Infrastructure> {
  log(env.DATABASE_URL ? 'using PostgreSQL at DATABASE_URL…' : 'starting PostgreSQL…');
  const postgres = await startPostgres({ databaseUrl: env.DATABASE_URL });
  const database = 'prespond';
  let databaseUrl = postgres.url;
  if (postgres.embedded) {
    await postgres.createDatabase(database);
    databaseUrl = postgres.urlFor(database);
  }
  log('starting Kafka…');
  const kafka = await KafkaBroker.start({ port: ports.kafka, onLog: (line) => (/ (ERROR|FATAL) /.test(line) ? log(line) : undefined) });
  const smtp = await SmtpInbox.start({ smtpPort: ports.smtp, httpPort: ports.smtpHttp });
  // Sandbox credentials are made up per run: nothing secret is kept in code.
  const twilio = await TwilioSandbox.start({
    port: ports.twilio,
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  });
  return {
    kafka,
    postgres,
    databaseUrl,
    smtp,
    twilio,
    linkSigningSecret: randomBytes(32).toString('hex'),
    preferencesLinkSecret: randomBytes(32).toString('hex'),
    async stop() {
      log('stopping Kafka…');
      await kafka.stop();
      log('stopping the SMTP inbox and the Twilio sandbox…');
      await twilio.stop();
      await smtp.stop();
      if (postgres.embedded) log('stopping PostgreSQL…');
      await postgres.stop();
    },
  };
}

/** The environment each service gets in the local stack (see .env.example for what each variable means). */
export function serviceEnv(infra: Infrastructure, ports: StackPorts): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafka.bootstrap,
    HOST: '127.0.0.1',
    INCIDENT_SERVICE_PORT: String(ports.incident),
    SUBSCRIBER_SERVICE_PORT: String(ports.subscriber),
    MESSENGER_SERVICE_PORT: String(ports.messenger),
    PUBLIC_URL: `http://127.0.0.1:${ports.messenger}`,
    MESSENGER_URL: `http://127.0.0.1:${ports.messenger}`,
    SUBSCRIBER_URL: `http://127.0.0.1:${ports.subscriber}`,
    TWILIO_ACCOUNT_SID: infra.twilio.options.accountSid,
    TWILIO_AUTH_TOKEN: infra.twilio.options.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_URL: infra.twilio.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(infra.smtp.smtpPort),
    EMAIL_FROM: 'status@prespond.local',
    // Made up per run, like the sandbox credentials: links in emails of an earlier run stop working, which is fine locally.
    LINK_SIGNING_SECRET: infra.linkSigningSecret,
    PREFERENCES_LINK_SECRET: infra.preferencesLinkSecret,
    PREFERENCES_URL: `http://127.0.0.1:${ports.subscriber}`,
    // Where subscriptions from the status page are confirmed (the link in the confirmation email).
    STATUS_PAGE_URL: `http://127.0.0.1:${ports.statusPage ?? 3005}`,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
}

/** How the services are run (see ServiceProcess.start). */
export interface ServiceRun {
  compiled?: boolean;
  nodeArgs?: string[];
}

/** A service running as its own Node process, from source or built. */
export class ServiceProcess {
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: AppName,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  /**
   * From source (ts-node), or `compiled`: the build's `dist/apps/<name>/main.js`, as the image runs it (`npm run build`
   * first). `nodeArgs` go to node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
   */
  static start(name: AppName, port: number, env: NodeJS.ProcessEnv, log: StackLog, run: ServiceRun = {}): ServiceProcess {
    const main = run.compiled ? [join(ROOT, 'dist', 'apps', name, 'main.js')] : ['-r', 'ts-node/register', join(ROOT, 'apps', name, 'src', 'main.ts')];
    const args = [...(run.nodeArgs ?? []), ...main];
    // In a process group of its own (see spawnOwned): a terminal's Ctrl-C reaches the stack, which stops it in order.
    const child = spawnOwned(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach((line) => log(`[${name}] ${line}`)));
    }
    return new ServiceProcess(name, port, child);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The process id, for reading its memory and CPU time from /proc (npm run bench). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once the service reports itself ready (database, Kafka and its providers answer); fails at once if it exits. */
  async ready(timeoutMs = 120_000): Promise<void> {
    let exitCode: number | null | undefined;
    const exited = this.exited.then((code) => {
      exitCode = code;
      throw new Error(`${this.name} exited with code ${code} before it was ready`);
    });
    const ready = waitFor(
      async () => {
        if (exitCode !== undefined) return false;
        return (await fetch(`${this.url}/health/ready`)).ok;
      },
      { timeoutMs, intervalMs: 250, description: `${this.name} on ${this.url}` },
    );
    exited.catch(() => undefined);
    await Promise.race([ready, exited]);
  }

  /** Sends `signal` and resolves with the exit code once the process has gone. */
  async kill(signal: NodeJS.Signals): Promise<number | null> {
    signalOwned(this.child, signal);
    return this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    signalOwned(this.child, 'SIGTERM');
    const timer = setTimeout(() => signalOwned(this.child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A person who signs in to the console of a stack. */
export interface ConsolePerson {
  email: string;
  name: string;
  password: string;
  role: Role;
}

/** The web console of a stack, its OIDC server, and the people who can sign in. */
export interface ConsoleApp {
  process: ServiceProcess;
  url: string;
  oidc: OidcSandbox;
  /** A local account (password sign-in), the first admin. */
  admin: ConsolePerson;
  /** Users of the OIDC server let in from the start, one per role (sign in with the OIDC server). */
  ssoPeople: ConsolePerson[];
}

export interface Stack {
  infra: Infrastructure;
  /** The API keys of this run: one per role (to call the services with) and the services' own. */
  keys: AccessKeys;
  services: Record<ServiceName, ServiceProcess>;
  /** The console, when StackOptions.console was set. */
  console?: ConsoleApp;
  /** The public status page, when StackOptions.statusPage was set. */
  statusPage?: ServiceProcess;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Start the web console too, with an OIDC server (see startConsole). */
  console?: boolean;
  /** Start the public status page too. */
  statusPage?: boolean;
}

const password = () => randomBytes(12).toString('base64url'); // 16 characters

/**
 * The console with its own OIDC server (a real oidc-provider): an admin with a password, and one OIDC user per role,
 * all made up for the run. It acts for the person signed in with the console key of `keys`.
 */
async function startConsole(stack: Omit<Stack, 'stop' | 'console'>, ports: StackPorts, log: StackLog, extra: NodeJS.ProcessEnv, run: ServiceRun): Promise<ConsoleApp> {
  const port = ports.console ?? 3000;
  const url = `http://127.0.0.1:${port}`;
  const ssoPeople: ConsolePerson[] = [
    { email: 'olivia.ops@prespond.local', name: 'Olivia Ops', password: password(), role: 'ops' },
    { email: 'mia.marketing@prespond.local', name: 'Mia Marketing', password: password(), role: 'marketing' },
  ];
  const client = { clientId: 'prespond-console', clientSecret: randomBytes(24).toString('base64url'), redirectUris: [`${url}/sign-in/sso/callback`] };
  const oidc = await OidcSandbox.start({
    port: ports.oidc,
    users: ssoPeople.map((p) => ({ subject: `dev-${p.role}`, email: p.email, name: p.name, password: p.password })),
    clients: [client],
    onLog: (line) => log(`[oidc] ${line}`),
  });
  const admin: ConsolePerson = { email: 'admin@prespond.local', name: 'Admin', password: password(), role: 'admin' };
  log('starting console…');
  const process = ServiceProcess.start(
    'console',
    port,
    {
      DATABASE_URL: stack.infra.databaseUrl,
      HOST: '127.0.0.1',
      CONSOLE_PORT: String(port),
      CONSOLE_URL: url,
      INCIDENT_URL: stack.services['incident-service'].url,
      SUBSCRIBER_URL: stack.services['subscriber-service'].url,
      MESSENGER_URL: stack.services['messenger-service'].url,
      CONSOLE_API_KEY: stack.keys.console,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
      OIDC_DISPLAY_NAME: 'the dev OIDC server',
      CONSOLE_ADMIN_EMAIL: admin.email,
      CONSOLE_ADMIN_PASSWORD: admin.password,
      CONSOLE_SSO_ACCOUNTS: ssoPeople.map((p) => `${p.email}:${p.role}`).join(','),
      ...extra,
    },
    log,
    run,
  );
  try {
    await process.ready();
  } catch (error) {
    await process.stop();
    await oidc.stop();
    throw error;
  }
  return { process, url, oidc, admin, ssoPeople };
}

/** The public status page, reading incident-service's snapshot (often, so tests see changes quickly). */
async function startStatusPage(stack: Omit<Stack, 'stop' | 'console' | 'statusPage'>, ports: StackPorts, log: StackLog, extra: NodeJS.ProcessEnv, run: ServiceRun): Promise<ServiceProcess> {
  const port = ports.statusPage ?? 3005;
  log('starting the status page…');
  const page = ServiceProcess.start(
    'status-page',
    port,
    {
      HOST: '127.0.0.1',
      STATUS_PAGE_PORT: String(port),
      STATUS_PAGE_URL: `http://127.0.0.1:${port}`,
      INCIDENT_URL: stack.services['incident-service'].url,
      SUBSCRIBER_URL: stack.services['subscriber-service'].url,
      STATUS_REFRESH_MS: '500',
      ...extra,
    },
    log,
    run,
  );
  try {
    await page.ready();
  } catch (error) {
    await page.stop();
    throw error;
  }
  return page;
}

/**
 * The whole system: the real parts plus the three services, each in its own process. API keys are made up for the
 * run (the people's come from `env.API_KEYS` when set; see accessKeys). `serviceExtra` is added to every service's
 * environment (tests: `TEST_CLOCK`, shorter intervals); `run` says how (see ServiceProcess.start).
 */
export async function startStack(ports: StackPorts, env: NodeJS.ProcessEnv, log: StackLog, serviceExtra: NodeJS.ProcessEnv = {}, run: ServiceRun = {}, options: StackOptions = {}): Promise<Stack> {
  const keys = accessKeys(env.API_KEYS);
  const infra = await startInfrastructure(ports, env, log);
  const environment = serviceEnv(infra, ports);
  const portOf: Record<ServiceName, number> = {
    'incident-service': ports.incident,
    'subscriber-service': ports.subscriber,
    'messenger-service': ports.messenger,
  };
  const services = {} as Record<ServiceName, ServiceProcess>;
  try {
    for (const name of SERVICES) {
      log(`starting ${name}…`);
      services[name] = ServiceProcess.start(name, portOf[name], { ...environment, ...accessEnv(keys, name), ...serviceExtra }, log, run);
    }
    await Promise.all(SERVICES.map((name) => services[name].ready()));
  } catch (error) {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await infra.stop();
    throw error;
  }
  let consoleApp: ConsoleApp | undefined;
  let statusPage: ServiceProcess | undefined;
  try {
    if (options.console) consoleApp = await startConsole({ infra, keys, services }, ports, log, serviceExtra, run);
    if (options.statusPage) statusPage = await startStatusPage({ infra, keys, services }, ports, log, serviceExtra, run);
  } catch (error) {
    await consoleApp?.process.stop();
    await consoleApp?.oidc.stop();
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await infra.stop();
    throw error;
  }
  return {
    infra,
    keys,
    services,
    console: consoleApp,
    statusPage,
    async stop() {
      if (statusPage) {
        log('stopping the status page…');
        await statusPage.stop();
      }
      if (consoleApp) {
        log('stopping the console…');
        await consoleApp.process.stop();
        await consoleApp.oidc.stop();
      }
      log('stopping the services…');
      await Promise.all(Object.values(services).map((s) => s.stop()));
      await infra.stop();
    },
  };
}
