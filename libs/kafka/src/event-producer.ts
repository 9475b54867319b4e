import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { KAFKA } from './kafka.tokens';

/** One message for `EventProducer.send`: the value is JSON-encoded. */
export interface OutgoingEvent {
  topic: string;
  key: string;
  value: unknown;
  headers?: IHeaders;
}

/**
 * The service's one Kafka producer: idempotent, waits for all in-sync replicas. Connects lazily and reconnects
 * after a failure, so a broker that was down is picked up again by the next send.
 */
@Injectable()
export class EventProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(EventProducer.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 3 } });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Sends all events (grouped per topic in one request); throws if the broker did not take them all. */
  async send(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const e of events) {
      const value = typeof e.value === 'string' || Buffer.isBuffer(e.value) ? e.value : JSON.stringify(e.value);
      const list = byTopic.get(e.topic) ?? [];
      list.push({ key: e.key, value, headers: e.headers });
      byTopic.set(e.topic, list);
    }
    const producer = await this.connected();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    } catch (error) {
      this.logger.warn(`send failed, will reconnect on next send: ${error.message}`);
      this.producer = undefined;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}
