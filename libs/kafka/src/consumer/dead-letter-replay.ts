import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterTopicOf } from '@prespond/contracts';
import { RetryHeaders } from './headers';

/** One dead-lettered event, as `dlq list` shows it. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: string | null;
  reason: string;
  originalTopic: string;
  originalOffset: string;
  /** The service that could not handle it. */
  service: string;
  at: string;
  /** Already sent back to its topic by `dlq replay`. */
  replayed: boolean;
  value: string;
}

/** The consumer group that remembers how far each dead-letter topic has been replayed. */
export function replayGroupOf(topic: string): string {
  return `prespond.dlq-replay.${topic}`;
}

const text = (value: unknown) => (value == null ? '' : Buffer.isBuffer(value) ? value.toString() : String(value));

/** Offsets to read up to: the end of each partition now (later arrivals wait for the next run). */
async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

async function committedOffsets(kafka: Kafka, topic: string, groupId: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((result?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset === '-1' ? 0 : p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topic` from `from` (per partition) up to its current end, calling `each` in order; resolves when done.
 * `groupId` commits progress when `commit` is set, so a later read starts where this one stopped.
 */
async function readToEnd(
  kafka: Kafka,
  topic: string,
  groupId: string,
  commit: boolean,
  each: (partition: number, message: KafkaMessage) => Promise<void>,
): Promise<void> {
  const ends = await endOffsets(kafka, topic);
  const start = await committedOffsets(kafka, topic, groupId);
  const pending = new Set([...ends].filter(([p, end]) => end > (start.get(p) ?? 0n)).map(([p]) => p));
  if (pending.size === 0) return;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition) ?? 0n;
            if (BigInt(message.offset) >= end) return;
            await each(partition, message);
            if (commit) await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
            if (BigInt(message.offset) + 1n >= end) {
              pending.delete(partition);
              if (pending.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Every event in `<topic>.dlq`, oldest first per partition, with why it is there and whether it was replayed. */
export async function listDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const dlq = deadLetterTopicOf(topic);
  const replayedUpTo = await committedOffsets(kafka, dlq, replayGroupOf(topic));
  const letters: DeadLetter[] = [];
  await readToEnd(kafka, dlq, `prespond.dlq-list.${randomUUID()}`, false, async (partition, message) => {
    const headers = message.headers ?? {};
    letters.push({
      partition,
      offset: message.offset,
      key: message.key ? message.key.toString() : null,
      reason: text(headers['dlq-reason']),
      originalTopic: text(headers['dlq-original-topic']),
      originalOffset: text(headers['dlq-original-offset']),
      service: text(headers['dlq-service']),
      at: text(headers['dlq-at']),
      replayed: BigInt(message.offset) < (replayedUpTo.get(partition) ?? 0n),
      value: text(message.value),
    });
  });
  return letters;
}

/**
 * Sends every not-yet-replayed event in `<topic>.dlq` back to `topic`, unchanged (same key, value and headers, less
 * the dead-letter and retry headers), and remembers how far it got: replaying twice sends nothing twice.
 * Returns how many were replayed. Run it after the fix that makes them acceptable is deployed.
 */
export async function replayDeadLetters(kafka: Kafka, topic: string): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let replayed = 0;
  try {
    await readToEnd(kafka, deadLetterTopicOf(topic), replayGroupOf(topic), true, async (partition, message) => {
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        if (!name.startsWith('dlq-') && !(Object.values(RetryHeaders) as string[]).includes(name)) headers[name] = value;
      }
      headers['x-replayed-from'] = `${deadLetterTopicOf(topic)}/${partition}/${message.offset}`;
      await producer.send({ topic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
      replayed++;
    });
  } finally {
    await producer.disconnect();
  }
  return replayed;
}
