import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { SubscriberEntity } from '../subscribers/subscriber.entity';

/** The columns an import writes: the profile (never her id, last-seen, creation or erasure time). */
const UPSERT_COLUMNS = [
  'name', 'email', 'phone', 'time_zone', 'locale', 'components', 'regions', 'channels', 'cadence', 'digest_hours',
  'critical_override', 'marketing_consent', 'opted_out_channels', 'quiet_hours_start', 'quiet_hours_end', 'quiet_hours_incidents',
  'quiet_hours_critical', 'updated_at',
];

/** Subscribers written by a bulk import, a batch at a time. */
@Injectable()
export class SubscriberImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The subscribers with these external ids, locked until the transaction ends (an erasure or a PATCH waits). */
  lockByExternalIds(manager: EntityManager, externalIds: string[]): Promise<SubscriberEntity[]> {
    if (externalIds.length === 0) return Promise.resolve([]);
    return manager.find(SubscriberEntity, { where: { externalId: In(externalIds) }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Writes new and changed subscribers in one multi-row statement, matched on the external id. Returns each row's id
   * by external id: a subscriber created by a concurrent import in the meantime keeps her id (and gets this row).
   */
  async upsert(manager: EntityManager, subscribers: SubscriberEntity[]): Promise<Map<string, string>> {
    if (subscribers.length === 0) return new Map();
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(SubscriberEntity)
      .values(subscribers)
      .orUpdate(UPSERT_COLUMNS, ['external_id'])
      .returning('id, external_id')
      .execute();
    return new Map((result.raw as { id: string; external_id: string }[]).map((r) => [r.external_id, r.id]));
  }
}
