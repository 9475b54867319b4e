/**
 * Writes each service's OpenAPI document, and the client types made from it, to libs/contracts/src/http/openapi/:
 *
 *   npm run openapi     <service>.json (the document /docs-json serves) and <service>.ts (openapi-typescript's types)
 *
 * No database, no broker: each app is created in preview mode (modules and routes, no provider instantiated) from a
 * config its own config function reads out of a dummy environment, with TEST_CLOCK off so the test-only routes stay
 * out. libs/contracts/src/http/openapi/openapi.spec.ts fails when the committed files drift from the code.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { openApiDocument, ServiceInfo } from '@prespond/platform';
import { AppModule as IncidentAppModule, INCIDENT_SERVICE_INFO } from '../apps/incident-service/src/app.module';
import { incidentServiceConfig } from '../apps/incident-service/src/config/env';
import { AppModule as MessengerAppModule, MESSENGER_SERVICE_INFO } from '../apps/messenger-service/src/app.module';
import { messengerServiceConfig } from '../apps/messenger-service/src/config/env';
import { AppModule as SubscriberAppModule, SUBSCRIBER_SERVICE_INFO } from '../apps/subscriber-service/src/app.module';
import { subscriberServiceConfig } from '../apps/subscriber-service/src/config/env';

const ROOT = join(__dirname, '..');

/** Where the documents and their types are committed. */
export const OPENAPI_DIR = join(ROOT, 'libs', 'contracts', 'src', 'http', 'openapi');

const OPENAPI_TYPESCRIPT = join(ROOT, 'node_modules', '.bin', 'openapi-typescript');

/** Never connected to (preview mode opens nothing); only there to pass each config's validation. */
const SECRET = 'openapi-document-only-000';
const DUMMY_ENV: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
  KAFKA_BROKERS: '127.0.0.1:1',
  API_KEYS: `a:admin:${SECRET}`,
  TEST_CLOCK: 'false',
};

interface DocumentedService {
  info: ServiceInfo;
  /** The app's root module, configured from the dummy environment (plus what this service requires). */
  module: () => DynamicModule;
}

const SERVICES: Record<string, DocumentedService> = {
  'incident-service': {
    info: INCIDENT_SERVICE_INFO,
    module: () => IncidentAppModule.forRoot(incidentServiceConfig({ ...DUMMY_ENV, MESSENGER_API_KEY: SECRET, SUBSCRIBER_API_KEY: SECRET })),
  },
  'subscriber-service': {
    info: SUBSCRIBER_SERVICE_INFO,
    module: () => SubscriberAppModule.forRoot(subscriberServiceConfig({ ...DUMMY_ENV, PREFERENCES_LINK_SECRET: SECRET, MESSENGER_API_KEY: SECRET })),
  },
  'messenger-service': {
    info: MESSENGER_SERVICE_INFO,
    module: () =>
      MessengerAppModule.forRoot(
        messengerServiceConfig({
          ...DUMMY_ENV,
          TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
          TWILIO_AUTH_TOKEN: SECRET,
          TWILIO_FROM: '+15005550006',
          LINK_SIGNING_SECRET: SECRET,
          PREFERENCES_LINK_SECRET: SECRET,
        }),
      ),
  },
};

/** The services whose documents are written, in the order they are written. */
export const DOCUMENTED_SERVICES = Object.keys(SERVICES);

/** The same value with every object's keys sorted, so the committed file changes only when the API does. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortedKeys(v)]));
}

/** A service's OpenAPI document as `/docs-json` serves it (keys sorted), from its app in preview mode. */
export async function serviceDocument(service: string): Promise<Record<string, unknown>> {
  const { info, module } = SERVICES[service];
  const app = await NestFactory.create(module(), { preview: true, logger: false, abortOnError: false });
  try {
    return sortedKeys(openApiDocument(app, info)) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** The committed text of a document: pretty-printed, keys sorted, a final newline. */
export function documentText(document: Record<string, unknown>): string {
  return `${JSON.stringify(sortedKeys(document), null, 2)}\n`;
}

/**
 * The TypeScript types openapi-typescript makes of a document file. Its CLI runs as a child process: the package is
 * ESM-only, which neither ts-node here nor jest (the spec) can `require`. `--default-non-nullable=false`: a property
 * with a default stays optional (by default openapi-typescript makes it required, which suits answers, but request
 * DTOs share their schemas, and a field the service defaults must not be required of the client).
 */
export async function typesFromDocument(documentPath: string): Promise<string> {
  const args = [documentPath, '--default-non-nullable=false'];
  const { stdout } = await promisify(execFile)(OPENAPI_TYPESCRIPT, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export const documentPath = (service: string): string => join(OPENAPI_DIR, `${service}.json`);
export const typesPath = (service: string): string => join(OPENAPI_DIR, `${service}.ts`);

async function main(): Promise<void> {
  mkdirSync(OPENAPI_DIR, { recursive: true });
  for (const service of DOCUMENTED_SERVICES) {
    writeFileSync(documentPath(service), documentText(await serviceDocument(service)));
    writeFileSync(typesPath(service), await typesFromDocument(documentPath(service)));
    console.log(`${service}: ${documentPath(service)} and ${typesPath(service)}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
