import { randomBytes } from 'node:crypto';
import type { SmtpInbox, TwilioSandbox } from '@prespond/sandbox';
import { testAccessEnv } from './auth';
import { testKafkaBrokers } from './infra';

/**
 * The environment of a messenger-service that an integration spec starts in its own process: the run's API keys and
 * fresh link secrets, the shared broker, the spec's own database, and the Twilio sandbox and SMTP inbox it talks to
 * (without them, addresses where nothing answers: specs that never send). `overrides` come last.
 */
export function messengerTestEnv(parts: { databaseUrl: string; sandbox?: TwilioSandbox; inbox?: SmtpInbox }, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const secret = () => randomBytes(16).toString('hex');
  const { sandbox, inbox } = parts;
  return {
    ...testAccessEnv('messenger-service'),
    DATABASE_URL: parts.databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    TWILIO_ACCOUNT_SID: sandbox?.options.accountSid ?? `AC${'2'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: sandbox?.options.authToken ?? 'not-used-here',
    TWILIO_FROM: '+15005550006',
    TWILIO_API_URL: sandbox?.url ?? 'http://127.0.0.1:9',
    ...(inbox ? { SMTP_PORT: String(inbox.smtpPort) } : {}),
    LINK_SIGNING_SECRET: secret(),
    PREFERENCES_LINK_SECRET: secret(),
    ...overrides,
  };
}
