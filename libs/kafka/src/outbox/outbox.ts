import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventProducer, OutgoingEvent } from '../event-producer';
import { OutboxMessage } from './outbox-message.entity';

/** Any stable number: the advisory lock that lets one relay publish at a time, so events keep their order. */
const RELAY_LOCK = 0x0b0c5;
const BATCH = 500;
const IDLE_POLL_MS = 250;
const MAX_BACKOFF_MS = 5_000;
const DRAIN_DEADLINE_MS = 5_000;

/**
 * The transactional outbox. `enqueue` writes events in the caller's transaction: a rolled-back change publishes
 * nothing, a committed one is published by the relay, even if Kafka was down at commit time (it retries with
 * backoff until the broker takes it). Publication is at-least-once: a crash after the broker took a batch and
 * before the rows were deleted publishes it again, so consumers must be idempotent (events carry unique ids).
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Outbox.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
  ) {}

  /** Adds events to the outbox inside the caller's transaction. */
  async enqueue(manager: EntityManager, events: OutgoingEvent[]): Promise<void> {
    await manager.insert(
      OutboxMessage,
      events.map((e) => ({ topic: e.topic, key: e.key, value: e.value as object })),
    );
  }

  /** Asks the relay to look now rather than at its next poll (call after committing). */
  notify(): void {
    this.wake?.();
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /**
   * On shutdown, before Kafka and the database are closed: stop polling and publish what is waiting, for up to
   * DRAIN_DEADLINE_MS. Whatever is left stays in the table and goes out at the next start; nothing is lost.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const deadline = Date.now() + DRAIN_DEADLINE_MS;
    try {
      while (Date.now() < deadline && (await this.relayOnce()) > 0);
    } catch (error) {
      this.logger.warn(`outbox not drained at shutdown (published at next start): ${error.message}`);
    }
  }

  /** Publishes one batch; returns how many events went out. Exposed for tests. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK]);
      if (!locked) return 0;
      const rows: OutboxMessage[] = await manager
        .getRepository(OutboxMessage)
        .createQueryBuilder('m')
        .orderBy('m.id', 'ASC')
        .limit(BATCH)
        .getMany();
      if (rows.length === 0) return 0;
      await this.producer.send(rows.map((r) => ({ topic: r.topic, key: r.key, value: r.value })));
      await manager.delete(OutboxMessage, rows.map((r) => r.id));
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let backoff = IDLE_POLL_MS;
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
        backoff = IDLE_POLL_MS;
      } catch (error) {
        this.logger.warn(`outbox relay failed, retrying in ${backoff} ms: ${error.message}`);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      if (published < BATCH) await this.sleep(IDLE_POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
