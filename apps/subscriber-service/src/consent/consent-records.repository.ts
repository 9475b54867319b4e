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

  forSubscriber(subscriberId: string): Promise<ConsentRecordEntity[]> {
    return this.dataSource.getRepository(ConsentRecordEntity).find({ where: { subscriberId }, order: { recordedAt: 'ASC', id: 'ASC' } });
  }
}
