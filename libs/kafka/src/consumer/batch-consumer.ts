import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { KafkaSettings } from '../kafka-settings';
import { KAFKA, KAFKA_SETTINGS } from '../kafka.tokens';
import { ConsumedMessage } from './dead-letters';
import { EventHandling } from './handle-event';
import { HANDLED_TOPICS } from './headers';

/** One accepted event of a batch: the message as consumed and the event checked against its contract. */
export interface ConsumedEvent<T> {
  message: ConsumedMessage;
  partition: number;
  event: T;
}

/**
 * A handler of many events at once (the hot path: one database round trip per step for hundreds of events, not
 * one per event). What it does not finish is handled again one event at a time, with EventHandling's retries and
 * dead letters, so a batch is never worse than the events one by one.
 */
export interface BatchHandler<T> {
  /**
   * Handles the events together; resolves with those it did not finish (redelivery-safe: may have been half done).
   * `signal` is aborted when the partition is being taken away (a rebalance) or the service stops: work not yet
   * started should not be started (the chunk is not committed, and its events come again to whoever gets them).
   */
  handleBatch(events: ConsumedEvent<T>[], signal: AbortSignal): Promise<ConsumedEvent<T>[]>;
  /** One event alone (the slow path, and what a failed batch falls back to). */
  handleOne(event: T): Promise<void>;
}

/** Events taken into one handleBatch call; bounded so a chunk's offsets are committed every few seconds. */
export const BATCH_CHUNK = 200;
/**
 * A batch's first chunk, doubling up to BATCH_CHUNK: the first message of a fan-out goes out once 20 requests are
 * rendered and claimed, not 200 (each of the three partitions handled side by side would otherwise render and claim
 * a whole chunk before any provider call starts). Three more chunks per batch of a thousand is all it costs.
 */
export const FIRST_CHUNK = 20;

/** The sizes a batch of `length` events is cut into: FIRST_CHUNK, doubling, then BATCH_CHUNK each. */
export function chunkSizes(length: number): number[] {
  const sizes: number[] = [];
  for (let taken = 0, size = FIRST_CHUNK; taken < length; taken += size, size = Math.min(size * 2, BATCH_CHUNK)) sizes.push(Math.min(size, length - taken));
  return sizes;
}
const HEARTBEAT_EVERY_MS = 2_000;
const AUTO_COMMIT_INTERVAL_MS = 1_000;

/** Marks `topic` as handled in batches (its retry topic is then moved back by RetryMover). Call at module load. */
export function handledInBatches(topic: string): string {
  HANDLED_TOPICS.add(topic);
  return topic;
}

/**
 * The consumers for topics handled in batches (kafkajs `eachBatch`: @nestjs/microservices hands its handlers one
 * message at a time). Handlers register at bootstrap; `startService` starts one consumer for them all, in group
 * `<service group>.batches`, reading from the beginning the first time like the service's other consumer.
 *
 * Each fetched batch is cut into chunks (FIRST_CHUNK, doubling up to BATCH_CHUNK): a chunk's events are checked (a retry meant for another
 * service skipped, a malformed event dead-lettered), handled together, the leftovers one by one in offset order,
 * and only then is the chunk's last offset resolved. A crash or a rebalance mid-chunk redelivers the chunk, which
 * handlers must take calmly (they are idempotent).
 */
@Injectable()
export class BatchConsumers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(BatchConsumers.name);
  private readonly handlers = new Map<string, BatchHandler<unknown>>();
  private consumer?: Consumer;
  private stopping = false;
  /** The chunks being handled now: stopping aborts them all at once. */
  private readonly running = new Set<AbortController>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    private readonly handling: EventHandling,
  ) {}

  register<T>(topic: string, handler: BatchHandler<T>): void {
    if (!HANDLED_TOPICS.has(topic)) throw new Error(`${topic}: declare it with handledInBatches() at module load`);
    this.handlers.set(topic, handler as BatchHandler<unknown>);
  }

  /** Starts consuming the registered topics (nothing when none is registered). */
  async start(serviceGroup: string): Promise<void> {
    if (this.handlers.size === 0 || this.consumer) return;
    const topics = [...this.handlers.keys()];
    const consumer = this.kafka.consumer({
      groupId: `${serviceGroup}.batches`,
      sessionTimeout: this.settings.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: this.settings.rebalanceTimeoutMs ?? 60_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.logger.log(`consuming ${topics.join(', ')} in batches (group ${payload.groupId})`));
    consumer.on(consumer.events.CRASH, ({ payload }) => this.logger.error(`batch consumer crashed (${payload.error.message}); restart: ${payload.restart}`));
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: AUTO_COMMIT_INTERVAL_MS,
      eachBatchAutoResolve: false,
      // Partitions side by side; within one, in order.
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const handler = this.handlers.get(batch.topic)!;
        let start = 0;
        for (const size of chunkSizes(batch.messages.length)) {
          // Stopping or rebalanced away: the rest stays unresolved and is fetched again (here or by another member).
          if (this.stopping || !isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + size);
          start += size;
          const taken = new AbortController();
          const done = await this.withHeartbeat(heartbeat, taken, () => this.stopping || !isRunning() || isStale(), () =>
            this.handleChunk(batch.topic, batch.partition, chunk, handler, heartbeat, taken.signal),
          );
          // Taken away meanwhile: nothing more of it is resolved, and kafkajs rejoins the group at once.
          if (!done) return;
          resolveOffset(chunk[chunk.length - 1].offset);
          await commitOffsetsIfNecessary();
        }
      },
    });
  }

  /** Before Kafka closes: stop taking chunks, cut retry waits short (their events stay uncommitted), leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const chunk of this.running) chunk.abort();
    this.handling.beforeApplicationShutdown();
    await this.consumer?.disconnect().catch((error) => this.logger.warn(`batch consumer did not disconnect cleanly: ${error.message}`));
    this.consumer = undefined;
  }

  /** Resolves true once every event of the chunk is done with, false if it stopped because `signal` was aborted. */
  private async handleChunk(
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    handler: BatchHandler<unknown>,
    heartbeat: () => Promise<void>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const accepted: ConsumedEvent<unknown>[] = [];
    for (const raw of chunk) {
      const message = consumed(raw);
      if (this.handling.isForAnotherService(message)) continue;
      const event = await this.handling.accept(topic, partition, message);
      if (event !== undefined) accepted.push({ message, partition, event });
    }
    if (accepted.length === 0) return true;
    let leftOver: ConsumedEvent<unknown>[];
    try {
      leftOver = await handler.handleBatch(accepted, signal);
    } catch (error) {
      this.logger.warn(`${topic}[${partition}]: a batch of ${accepted.length} failed (${error.message}); handling them one by one`);
      leftOver = accepted;
    }
    if (signal.aborted) return false;
    leftOver.sort((a, b) => Number(a.message.offset) - Number(b.message.offset));
    for (const item of leftOver) {
      if (signal.aborted) return false;
      await this.handling.handleAccepted(topic, partition, item.message, heartbeat, () => handler.handleOne(item.event));
    }
    return true;
  }

  /**
   * Runs `work`, heartbeating every HEARTBEAT_EVERY_MS meanwhile; aborts `taken` when a heartbeat says the group is
   * rebalancing (kafkajs revokes every partition then) or `gone()` says the partition or the consumer is done.
   */
  private async withHeartbeat<T>(heartbeat: () => Promise<void>, taken: AbortController, gone: () => boolean, work: () => Promise<T>): Promise<T> {
    const abort = (why: string) => {
      if (taken.signal.aborted) return;
      this.logger.log(`a chunk stops: ${why}`);
      taken.abort();
    };
    this.running.add(taken);
    const timer = setInterval(() => {
      if (gone()) return abort('the partition was revoked or the consumer stops');
      heartbeat().catch((error) => {
        if (isRebalancing(error)) abort(`the group is rebalancing (${error.type})`);
      });
    }, HEARTBEAT_EVERY_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      this.running.delete(taken);
    }
  }
}

/** kafkajs's own test (not exported): the member must rejoin, and its partitions are revoked meanwhile. */
function isRebalancing(error: { type?: string }): boolean {
  return error?.type === 'REBALANCE_IN_PROGRESS' || error?.type === 'NOT_COORDINATOR_FOR_GROUP' || error?.type === 'ILLEGAL_GENERATION';
}

/** A kafkajs message as the consumer mechanism sees every message: value JSON-decoded (the text when not JSON). */
function consumed(raw: KafkaMessage): ConsumedMessage {
  const text = raw.value?.toString() ?? '';
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Left as text: the contract check dead-letters it with the reason.
  }
  return { key: raw.key, value, offset: raw.offset, headers: raw.headers as Record<string, unknown> };
}
