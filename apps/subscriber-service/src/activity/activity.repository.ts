import { Injectable } from '@nestjs/common';
import { ActivityType } from '@prespond/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SubscriberEntity } from '../subscribers/subscriber.entity';

/** One activity of a customer, as stored. */
export interface Activity {
  id: string;
  subscriberId: string;
  type: ActivityType;
  occurredAt: Date;
  receivedAt: Date;
  source: string;
}

/**
 * Customers' activities (`activity`, read by campaign results too) and the last-seen time they move. Called inside
 * one transaction per activity that holds her subscriber row, so her activities are taken one at a time.
 */
@Injectable()
export class ActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Her row, locked until the transaction ends; null if there is no such subscriber. */
  lockSubscriber(manager: EntityManager, id: string): Promise<SubscriberEntity | null> {
    return manager.findOne(SubscriberEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Stores it; false if this activity id is already stored (a redelivery), which changes nothing. */
  async insert(manager: EntityManager, a: Activity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO activity (id, subscriber_id, type, occurred_at, received_at, source) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [a.id, a.subscriberId, a.type, a.occurredAt, a.receivedAt, a.source],
    );
    return rows.length > 0;
  }

  /** Moves her last-seen time to `at`, only forward. */
  async moveLastSeen(manager: EntityManager, subscriberId: string, at: Date): Promise<void> {
    await manager.query('UPDATE subscriber SET last_seen_at = $2 WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $2)', [subscriberId, at]);
  }

  /** Her latest activities, newest first. */
  recent(subscriberId: string, limit: number): Promise<Activity[]> {
    return this.dataSource.query(
      `SELECT id, subscriber_id AS "subscriberId", type, occurred_at AS "occurredAt", received_at AS "receivedAt", source
         FROM activity WHERE subscriber_id = $1 ORDER BY occurred_at DESC LIMIT $2`,
      [subscriberId, limit],
    );
  }
}
