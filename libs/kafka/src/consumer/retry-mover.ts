import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Consumer, IHeaders, Kafka } from 'kafkajs';
import { baseTopicOf, retryTopicOf } from '@prespond/contracts';
import { KafkaSettings } from '../kafka-settings';
import { KAFKA, KAFKA_SETTINGS } from '../kafka.tokens';
import { HANDLED_TOPICS, headerString, RetryHeaders } from './headers';

const HEARTBEAT_EVERY_MS = 2_000;

/**
 * The delay half of retries. A handler that failed for a passing reason parks the event on `<topic>.retry` with
 * a not-before time; this mover, a consumer of its own, waits until then and puts the event back on `<topic>`,
 * marked for this service, where the normal handler takes it in turn. Waiting here holds up nothing but the mover
 * (a Kafka fetcher waits for a whole fetch to be handled, so waiting inside the main consumer would stall every
 * partition). The offset is committed only after the event is back on its topic: a crash moves it twice at worst,
 * and handlers are idempotent.
 */
@Injectable()
export class RetryMover implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetryMover.name);
  private consumer?: Consumer;
  private stopping = false;
  private wake?: () => void;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topics = [...HANDLED_TOPICS].map(retryTopicOf);
    if (topics.length === 0) return;
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = this.kafka.consumer({
      groupId: `${this.settings.clientId}.retry-mover`,
      sessionTimeout: this.settings.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await producer.connect();
    await consumer.connect();
    consumer.on(consumer.events.STOP, () => void producer.disconnect().catch(() => undefined));
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: topics.length * 3,
      eachMessage: async ({ topic, message, heartbeat }) => {
        if (headerString(message.headers as Record<string, unknown>, RetryHeaders.for) !== this.settings.clientId) return;
        const notBefore = Number(headerString(message.headers as Record<string, unknown>, RetryHeaders.notBefore) ?? 0);
        await this.waitUntil(notBefore, heartbeat);
        const headers: IHeaders = { ...message.headers };
        delete headers[RetryHeaders.notBefore];
        await producer.send({ topic: baseTopicOf(topic), acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
      },
    });
  }

  /** Sleeps until `time`, heartbeating; on shutdown throws, so the event is not committed and is moved after restart. */
  private async waitUntil(time: number, heartbeat: () => Promise<void>): Promise<void> {
    while (Date.now() < time) {
      if (this.stopping) throw new Error('retry mover stopping; the event stays parked');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(time - Date.now(), HEARTBEAT_EVERY_MS));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      await heartbeat().catch(() => undefined);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.consumer?.disconnect().catch((error) => this.logger.warn(`retry mover did not stop cleanly: ${error.message}`));
  }
}
