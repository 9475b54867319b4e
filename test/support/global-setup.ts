// Loaded by Jest outside the test sandbox, where the @prespond/* aliases do not apply.
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS } from '../../libs/contracts/src/topics';
import { ensureTopics } from '../../libs/kafka/src/kafka-settings';
import { KafkaBroker, startPostgres } from '../../libs/sandbox/src';

/**
 * Starts the real parts shared by the whole test run, once: a Kafka broker and PostgreSQL (DATABASE_URL when set,
 * otherwise embedded). Test files read where they are from the environment (see test/support/infra.ts).
 */
export default async function globalSetup(): Promise<void> {
  const kafka = await KafkaBroker.start({ onLog: (line) => (/ (ERROR|FATAL) /.test(line) ? console.error(line) : undefined) });
  const postgres = await startPostgres({ databaseUrl: process.env.DATABASE_URL }).catch(async (error) => {
    await kafka.stop();
    throw error;
  });
  // Every spec finds the topics there, whichever runs first (services create them at start; in-process apps do not).
  await ensureTopics(new Kafka({ brokers: [kafka.bootstrap], clientId: 'test-setup', logLevel: logLevel.NOTHING }), ALL_TOPICS);
  process.env.PRESPOND_TEST_POSTGRES_URL = postgres.url;
  process.env.PRESPOND_TEST_KAFKA = kafka.bootstrap;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  (globalThis as Record<string, unknown>).__PRESPOND_INFRA__ = { postgres, kafka };
}
