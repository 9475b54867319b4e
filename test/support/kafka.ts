import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { waitFor } from '@prespond/sandbox';
import { uniqueId } from './infra';

export interface ReadMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function decode(message: KafkaMessage): ReadMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = value?.toString() ?? '';
  return { key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers };
}

/**
 * Reads `topic` from the beginning in a throw-away consumer group until `done(messages)` holds, then returns
 * everything read. Fails after `timeoutMs`.
 */
export async function readTopicUntil(
  brokers: string[],
  topic: string,
  done: (messages: ReadMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<ReadMessage[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-reader-${uniqueId()}` });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(decode(message)) });
    await waitFor(() => done(messages), { timeoutMs, description: `messages on ${topic}` });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/** Produces raw messages (value sent as given when a string, else JSON). */
export async function produce(brokers: string[], topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-producer', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: messages.map((m) => ({ key: m.key, value: typeof m.value === 'string' ? m.value : JSON.stringify(m.value) })),
    });
  } finally {
    await producer.disconnect();
  }
}
