import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentRecordEntity } from './consent-record.entity';

/** The consent records in subscriber-service's schema: written with the change they record, never edited. */
@Injectable()
export class ConsentRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, records: ConsentRecordEntity[]): Promise<void> {
    if (records.length > 0) await manager.insert(ConsentRecordEntity, records);
  }

  /** When her latest record for `purpose` was made (in the caller's transaction), or null if she has none. */
  async latestAt(manager: EntityManager, subscriberId: string, purpose: ConsentRecordEntity['purpose']): Promise<Date | null> {
    const [row] = await manager.query('SELECT max(recorded_at) AS at FROM consent_record WHERE subscriber_id = $1 AND purpose = $2', [subscriberId, purpose]);
    return row?.at ?? null;
  }

  forSubscriber(subscriberId: string): Promise<ConsentRecordEntity[]> {
    return this.dataSource.getRepository(ConsentRecordEntity).find({ where: { subscriberId }, order: { recordedAt: 'ASC', id: 'ASC' } });
  }
}
