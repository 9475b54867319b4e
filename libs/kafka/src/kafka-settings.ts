import { Kafka, logLevel } from 'kafkajs';
import { RetryPolicy } from './consumer/failures';
import { kafkaLogCreator } from './kafka-logging';

/** How a service reaches Kafka. Built by each app's config from its environment. */
export interface KafkaSettings {
  brokers: string[];
  /** Names this service in broker logs and metrics. */
  clientId: string;
  /** Overrides of DEFAULT_RETRY_POLICY for the service's consumers. */
  retry?: Partial<RetryPolicy>;
  /** Consumer session timeout (default 30 s); handlers heartbeat, so it bounds silence, not handler time. */
  sessionTimeoutMs?: number;
  /**
   * How long a rebalance waits for the members to rejoin (default 60 s). A member still busy with a batch by then is
   * dropped from the group and its partitions handed on: the batch consumer stops its chunk as a rebalance begins,
   * and the messenger's claims (leases) keep a message from being sent by both.
   */
  rebalanceTimeoutMs?: number;
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.ERROR,
    logCreator: kafkaLogCreator(`kafkajs ${settings.clientId}`),
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/** Creates the topics that do not exist yet (idempotent; safe when several services start together). */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin
        .createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) })
        .catch((error) => {
          // Another service created the same topic in the meantime.
          if (!String(error?.message ?? error).includes('already exists')) throw error;
        });
    }
  } finally {
    await admin.disconnect();
  }
}
