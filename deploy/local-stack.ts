/**
 * `npm start`: the whole of Prespond on this machine, no Docker needed. PostgreSQL (embedded unless DATABASE_URL is
 * set), a Kafka broker, the SMTP inbox, the Twilio sandbox and the three services. Ctrl-C stops everything.
 */
import { startStack, Stack } from './stack';

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
  console.log(`
Prespond is running.
  incident-service    ${services['incident-service'].url}   (API docs: /docs)
  subscriber-service  ${services['subscriber-service'].url}   (API docs: /docs)
  messenger-service   ${services['messenger-service'].url}   (API docs: /docs; hold message: /hold-message?region=…)
  Kafka               ${infra.kafka.bootstrap}
  PostgreSQL          ${infra.databaseUrl.replace(/:[^:@/]+@/, ':***@')}${infra.postgres.embedded ? ' (embedded)' : ''}
  SMTP inbox          smtp://127.0.0.1:${infra.smtp.smtpPort}   captured emails: ${infra.smtp.httpUrl}/messages
  Twilio sandbox      ${infra.twilio.url}   captured texts: ${infra.twilio.url}/sandbox/messages
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
