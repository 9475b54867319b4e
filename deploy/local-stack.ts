/**
 * `npm start`: the whole of Prespond on this machine, no Docker needed. PostgreSQL (embedded unless DATABASE_URL is
 * set), a Kafka broker, the SMTP inbox, the Twilio sandbox and the three services. Ctrl-C stops everything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AccessKeys } from './access-keys';
import { startStack, Stack } from './stack';

/** Where the keys of this run are written, for `source .cache/dev-keys.env` before the README's curl lines. */
const DEV_KEYS_FILE = join(resolve(__dirname, '..'), '.cache', 'dev-keys.env');

/** OPS_KEY, MARKETING_KEY, ADMIN_KEY: one key per role, as shell assignments. */
function writeDevKeys(keys: AccessKeys): string {
  const lines = Object.entries(keys.roles).map(([role, secret]) => `export ${role.toUpperCase()}_KEY='${secret!.replace(/'/g, `'\\''`)}'`);
  mkdirSync(join(DEV_KEYS_FILE, '..'), { recursive: true });
  writeFileSync(DEV_KEYS_FILE, `# API keys of the running \`npm start\` (new ones each run unless API_KEYS is set)\n${lines.join('\n')}\n`, { mode: 0o600 });
  return lines.map((l) => `  ${l.replace(/^export /, '')}`).join('\n');
}

const num = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

async function main(): Promise<void> {
  const env = process.env;
  const ports = {
    kafka: num(env.KAFKA_PORT, 9092),
    smtp: num(env.SMTP_PORT, 1025),
    smtpHttp: num(env.SMTP_HTTP_PORT, 1080),
    twilio: num(env.TWILIO_SANDBOX_PORT, 3090),
    incident: num(env.INCIDENT_SERVICE_PORT, 3001),
    subscriber: num(env.SUBSCRIBER_SERVICE_PORT, 3002),
    messenger: num(env.MESSENGER_SERVICE_PORT, 3003),
  };
  const log = (line: string) => console.log(line);
  const stack: Stack = await startStack(ports, env, log);
  const { infra, services } = stack;
  const keyLines = writeDevKeys(stack.keys);
  console.log(`
Prespond is running.
  incident-service    ${services['incident-service'].url}   (API docs: /docs)
  subscriber-service  ${services['subscriber-service'].url}   (API docs: /docs)
  messenger-service   ${services['messenger-service'].url}   (API docs: /docs; hold message: /hold-message?region=…)
  Kafka               ${infra.kafka.bootstrap}
  PostgreSQL          ${infra.databaseUrl.replace(/:[^:@/]+@/, ':***@')}${infra.postgres.embedded ? ' (embedded)' : ''}
  SMTP inbox          smtp://127.0.0.1:${infra.smtp.smtpPort}   captured emails: ${infra.smtp.httpUrl}/messages
  Twilio sandbox      ${infra.twilio.url}   captured texts: ${infra.twilio.url}/sandbox/messages
API keys (${process.env.API_KEYS ? 'from API_KEYS' : 'made up for this run'}; \`source .cache/dev-keys.env\` to use them with curl):
${keyLines}
Press Ctrl-C to stop.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    // Keep the event loop alive while servers close: some of them stop holding it before they are done.
    const keepAlive = setInterval(() => undefined, 1000);
    await stack.stop();
    clearInterval(keepAlive);
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
