import { KafkaBroker, PostgresServer } from '../../libs/sandbox/src';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__PRESPOND_INFRA__ as { postgres: PostgresServer; kafka: KafkaBroker } | undefined;
  await infra?.kafka.stop();
  await infra?.postgres.stop();
}
