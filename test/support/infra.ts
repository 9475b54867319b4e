import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The shared Kafka broker started by global-setup. */
export function testKafkaBrokers(): string[] {
  const bootstrap = process.env.PRESPOND_TEST_KAFKA;
  if (!bootstrap) throw new Error('PRESPOND_TEST_KAFKA is not set: run the tests through jest.config.js (npm test)');
  return [bootstrap];
}

function serverUrl(): string {
  const url = process.env.PRESPOND_TEST_POSTGRES_URL;
  if (!url) throw new Error('PRESPOND_TEST_POSTGRES_URL is not set: run the tests through jest.config.js (npm test)');
  return url;
}

/** A fresh database on the shared server, for one test file; `drop` removes it. */
export async function freshDatabase(prefix = 'test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A unique suffix, so each test file's consumer groups and topics do not meet another's. */
export function uniqueId(): string {
  return randomBytes(4).toString('hex');
}
