/**
 * The real parts Prespond runs against in development and tests: a Kafka broker, PostgreSQL, an SMTP inbox,
 * a Twilio-compatible sandbox and an OpenID Connect provider (the console's sign-in), all on loopback. Used by
 * `npm start` (deploy/local-stack.ts) and by the tests.
 */
export * from './kafka-broker';
export * from './net';
export * from './oidc-sandbox';
export * from './owned-process';
export * from './postgres';
export * from './smtp-inbox';
export * from './tcp-proxy';
export * from './twilio-sandbox';
export * from './wait';
