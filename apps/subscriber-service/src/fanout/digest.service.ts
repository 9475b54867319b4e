import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { Clock, ScheduledRounds } from '@prespond/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { DigestRepository, DueDigest } from './digest.repository';
import { digestNotificationId, notificationId } from './notification-id';
import { notificationRequests, PlannedMessage } from './notification-requests';

/** Any stable number: one digest flush at a time across replicas and the fan-out. */
const DIGEST_LOCK = 0xd16e5;
const BATCH = 500;

/**
 * Sends digest subscribers what was held for them, once it is due (see DigestRepository.due): one message per
 * channel combining the held updates. Queuing the requests (outbox) and marking the updates sent happen in one
 * transaction, so a crash sends a digest either whole or not yet, and never twice. Runs every `digest.intervalMs`
 * and right after a fan-out that held something.
 */
@Injectable()
export class DigestService extends ScheduledRounds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly digests: DigestRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {
    super('digest round');
  }

  protected roundIntervalMs(): number {
    return this.config.digestIntervalMs ?? 0;
  }

  protected runRound(): Promise<unknown> {
    return this.flushDue();
  }

  /** Queues every due digest (of one incident, if given). Returns how many subscribers got one. */
  async flushDue(incidentId?: string): Promise<number> {
    let total = 0;
    for (;;) {
      const flushed = await this.flushBatch(incidentId);
      total += flushed;
      if (flushed < BATCH) break;
    }
    if (total > 0) this.logger.log(`${total} digest(s) queued${incidentId ? ` for incident ${incidentId}` : ''}`);
    return total;
  }

  private async flushBatch(incidentId?: string): Promise<number> {
    const now = this.clock.now();
    const flushed = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DIGEST_LOCK]);
      const due = await this.digests.due(manager, now, BATCH, incidentId);
      for (const digest of due) await this.flushOne(manager, digest, now);
      return due.length;
    });
    if (flushed > 0) this.outbox.notify();
    return flushed;
  }

  private async flushOne(manager: EntityManager, due: DueDigest, now: Date): Promise<void> {
    const held = await this.digests.held(manager, due);
    const subscriber = await this.subscribers.findById(due.subscriberId);
    if (held.length === 0 || !subscriber) return;
    const latest = held[held.length - 1];
    const ids = held.map((h) => h.updateId);
    // One held update goes out as itself (same id as if sent at once); several become one digest.
    const message: PlannedMessage =
      held.length === 1
        ? { template: latest.type, incident: latest.incident, update: latest.update }
        : { template: 'incident.digest', incident: latest.incident, update: latest.update, earlierUpdates: held.slice(0, -1).map((h) => h.update) };
    const idFor = held.length === 1 ? (channel: 'sms' | 'email') => notificationId(latest.updateId, subscriber.id, channel) : (channel: 'sms' | 'email') => digestNotificationId(ids, subscriber.id, channel);
    await this.outbox.enqueue(manager, notificationRequests(subscriber, message, idFor));
    await this.digests.markSent(manager, due, ids, now);
  }
}
