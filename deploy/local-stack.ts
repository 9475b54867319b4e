/**
 * `npm start`: the whole of Prespond on this machine, no Docker needed. PostgreSQL (embedded unless DATABASE_URL is
 * set), a Kafka broker, the SMTP inbox, the Twilio sandbox, the three services, the console and the public status
 * page. Ctrl-C stops everything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { killAllOwned } from '@prespond/sandbox';
import { startStack, Stack } from './stack';

/**
 * Where the keys of this run are written, for `source .cache/dev-keys.env` before the README's curl lines
 * (DEV_KEYS_FILE moves it: the README's own test runs a second stack beside yours).
 */
const DEV_KEYS_FILE = process.env.DEV_KEYS_FILE || join(resolve(__dirname, '..'), '.cache', 'dev-keys.env');

/** A value as a shell word: single-quoted, so nothing in it is expanded. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Everything a client needs to talk to this run's parts as a client would: the people's API keys (one per role), the
 * sandbox's Twilio credentials and API URL (for the twilio SDK, or to sign a webhook), the public URL webhooks are
 * signed against, and the SMTP inbox. Written as shell assignments to DEV_KEYS_FILE; answers the lines to print.
 */
function writeDevKeys(stack: Stack, devSettings: Record<string, string>): string {
  const { infra, services } = stack;
  const values: [string, string, string?][] = [
    ...Object.entries(stack.keys.roles).map(([role, secret]): [string, string] => [`${role.toUpperCase()}_KEY`, secret!]),
    ...(stack.console
      ? ([
          ['CONSOLE_URL', stack.console.url, 'the web console'],
          ['CONSOLE_ADMIN_EMAIL', stack.console.admin.email, "the console's first admin (a password account)"],
          ['CONSOLE_ADMIN_PASSWORD', stack.console.admin.password, 'made up per run'],
        ] as [string, string, string][])
      : []),
    ...(stack.statusPage ? ([['STATUS_PAGE_URL', stack.statusPage.url, 'the public status page']] as [string, string, string][]) : []),
    ['TWILIO_ACCOUNT_SID', infra.twilio.options.accountSid, "the Twilio sandbox's account (made up per run)"],
    ['TWILIO_AUTH_TOKEN', infra.twilio.options.authToken, 'signs and checks its webhooks'],
    ['TWILIO_API_URL', infra.twilio.url, 'point the twilio SDK here (see README)'],
    ['PUBLIC_URL', services['messenger-service'].url, "the messenger's public URL: Twilio webhooks are signed against it"],
    ['SMTP_URL', `smtp://127.0.0.1:${infra.smtp.smtpPort}`, 'the SMTP inbox (any sender, no auth)'],
    ['SMTP_INBOX_URL', `${infra.smtp.httpUrl}/messages`, 'the emails it caught'],
    ...Object.entries(devSettings).map(([name, value]): [string, string, string] => [name, value, 'a setting of this dev stack']),
  ];
  const lines = values.map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  mkdirSync(join(DEV_KEYS_FILE, '..'), { recursive: true });
  writeFileSync(DEV_KEYS_FILE, `# What a client needs to talk to the running \`npm start\` (new values each run unless API_KEYS is set)\n${lines.join('\n')}\n`, { mode: 0o600 });
  const width = Math.max(...values.map(([name]) => name.length));
  return values.map(([name, value, note]) => `  ${name.padEnd(width)}  ${value}${note ? `   (${note})` : ''}`).join('\n');
}

const num = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

/**
 * Settings of the dev stack that differ from production, so the README's walkthrough can be tried at once (each
 * overridable from the environment): a follow-up question is asked as soon as the resolution reached her (instead of
 * an hour later), and the scheduler looks every 2 s.
 */
function devSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    FOLLOW_UP_DELAY_MINUTES: env.FOLLOW_UP_DELAY_MINUTES ?? '0',
    FOLLOW_UP_INTERVAL_MS: env.FOLLOW_UP_INTERVAL_MS ?? '2000',
  };
}

/**
 * The stack runs in its own process groups (see spawnOwned), so a terminal's Ctrl-C reaches only this process: it
 * stops the services first (each drains as it does alone), then Kafka, the sandboxes and PostgreSQL, and prints
 * `stopped.`. A second Ctrl-C (or SIGTERM), a second or more after the first, forces: every part is killed at once.
 */
/** Signals this close together are one (see onSignal); a second Ctrl-C after that forces. */
const SAME_SIGNAL_MS = 1_000;

class Supervisor {
  private stack?: Stack;
  private stopRequested = false;
  private firstSignalAt = 0;
  private stopping?: Promise<void>;

  constructor() {
    process.on('SIGINT', (signal) => this.onSignal(signal));
    process.on('SIGTERM', (signal) => this.onSignal(signal));
  }

  private onSignal(signal: NodeJS.Signals): void {
    // One Ctrl-C arrives twice: the terminal signals the whole foreground group, and npm forwards what it got to us.
    if (this.stopRequested && Date.now() - this.firstSignalAt < SAME_SIGNAL_MS) return;
    if (this.stopRequested) {
      console.log(`${signal} again: forcing the stop (killing every part at once)`);
      killAllOwned();
      process.exit(130);
    }
    this.stopRequested = true;
    this.firstSignalAt = Date.now();
    if (this.stack) void this.stop();
    else console.log(`${signal}: stopping once what is starting has started (again to force)…`);
  }

  /** Keeps `stack` to stop on a signal; a signal that came during start-up stops it now. */
  started(stack: Stack): boolean {
    this.stack = stack;
    if (this.stopRequested) void this.stop();
    return !this.stopRequested;
  }

  private stop(): Promise<void> {
    this.stopping ??= (async () => {
      console.log('stopping… (Ctrl-C again to force)');
      // Keep the event loop alive while servers close: some of them stop holding it before they are done.
      const keepAlive = setInterval(() => undefined, 1000);
      await this.stack!.stop();
      clearInterval(keepAlive);
      console.log('stopped.');
      process.exit(0);
    })();
    return this.stopping;
  }
}

async function main(): Promise<void> {
  const supervisor = new Supervisor();
  const env = process.env;
  const ports = {
    kafka: num(env.KAFKA_PORT, 9092),
    smtp: num(env.SMTP_PORT, 1025),
    smtpHttp: num(env.SMTP_HTTP_PORT, 1080),
    twilio: num(env.TWILIO_SANDBOX_PORT, 3090),
    incident: num(env.INCIDENT_SERVICE_PORT, 3001),
    subscriber: num(env.SUBSCRIBER_SERVICE_PORT, 3002),
    messenger: num(env.MESSENGER_SERVICE_PORT, 3003),
    console: num(env.CONSOLE_PORT, 3000),
    oidc: num(env.OIDC_SANDBOX_PORT, 3004),
    statusPage: num(env.STATUS_PAGE_PORT, 3005),
  };
  const log = (line: string) => console.log(line);
  const settings = devSettings(env);
  const stack: Stack = await startStack(ports, env, log, settings, {}, { console: true, statusPage: true });
  if (!supervisor.started(stack)) return;
  const { infra, services } = stack;
  const clientLines = writeDevKeys(stack, settings);
  const web = stack.console!;
  const people = web.ssoPeople.map((p) => `    ${p.email.padEnd(30)} ${p.password}   (${p.role})`).join('\n');
  console.log(`
Prespond is running.
  Console             ${web.url}
    sign in as the admin (password):      ${web.admin.email}   ${web.admin.password}
    or "Sign in with the dev OIDC server" (${web.oidc.issuer}) as:
${people}
  Status page         ${stack.statusPage!.url}   (public: feeds /history.atom, JSON /api/v2/summary.json, banner /embed/banner.js)
  incident-service    ${services['incident-service'].url}   (API docs: /docs)
  subscriber-service  ${services['subscriber-service'].url}   (API docs: /docs)
  messenger-service   ${services['messenger-service'].url}   (API docs: /docs; hold message: /hold-message?region=…)
  Kafka               ${infra.kafka.bootstrap}
  PostgreSQL          ${infra.databaseUrl.replace(/:[^:@/]+@/, ':***@')}${infra.postgres.embedded ? ' (embedded)' : ''}
  SMTP inbox          smtp://127.0.0.1:${infra.smtp.smtpPort}   captured emails: ${infra.smtp.httpUrl}/messages
  Twilio sandbox      ${infra.twilio.url}   captured texts: ${infra.twilio.url}/sandbox/messages
For clients (API keys ${env.API_KEYS ? 'from API_KEYS' : 'made up for this run'}; \`source ${relative(process.cwd(), DEV_KEYS_FILE)}\` to use them with curl):
${clientLines}
Dev settings: follow-up questions are asked ${settings.FOLLOW_UP_DELAY_MINUTES} minutes after a resolution reached her (production: 60;
  set FOLLOW_UP_DELAY_MINUTES before \`npm start\` to change it).
Press Ctrl-C to stop.
`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
