/**
 * Latency per message: from the moment its request was on Kafka (the record's timestamp, set when it was produced)
 * to the provider's acceptance of that message (the sandbox's or the inbox's own clock, on this machine). Matched by
 * channel and address: in the bench every subscriber has her own phone number and email address.
 */
import { Kafka } from 'kafkajs';
import { Topics } from '@prespond/contracts';
import { summarize, LatencySummary } from './measure';

/** `sms:+15550001234` or `email:a@b`: how a request and an acceptance are matched. */
export const addressKey = (channel: string, address: string) => `${channel}:${address.toLowerCase()}`;

/** When each request of the topic was produced, by addressKey (the latest, if one address had several). */
export async function requestTimes(kafka: Kafka, expected: number, idleMs = 10_000): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `bench.request-times.${Date.now()}`, maxBytesPerPartition: 4 << 20 });
  await consumer.connect();
  let seen = 0;
  try {
    await consumer.subscribe({ topic: Topics.NotificationRequested, fromBeginning: true });
    await new Promise<void>((resolve) => {
      let timer = setTimeout(resolve, idleMs);
      void consumer.run({
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            seen++;
            const data = JSON.parse(message.value?.toString() ?? '{}')?.data;
            if (data?.channel && data?.recipient?.address) times.set(addressKey(data.channel, data.recipient.address), Number(message.timestamp));
          }
          clearTimeout(timer);
          if (seen >= expected) resolve();
          else timer = setTimeout(resolve, idleMs);
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return times;
}

/** An accepted message: where it went and when (epoch ms). */
export interface Accepted {
  channel: 'sms' | 'email';
  address: string;
  at: number;
}

/** From each accepted message's request on Kafka to its acceptance; `unmatched` acceptances had no request found. */
export function perMessageLatency(requested: Map<string, number>, accepted: Accepted[]): LatencySummary & { unmatched: number } {
  const latencies: number[] = [];
  let unmatched = 0;
  for (const a of accepted) {
    const at = requested.get(addressKey(a.channel, a.address));
    if (at === undefined) unmatched++;
    else latencies.push(a.at - at);
  }
  return { ...summarize(latencies), unmatched };
}
