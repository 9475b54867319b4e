import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { ReopeningEntity } from './reopening.entity';

/** Who reopened which incident, in subscriber-service's schema. */
@Injectable()
export class ReopeningsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent: a redelivered event changes nothing. */
  async record(reopening: ReopeningEntity): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(ReopeningEntity).values(reopening).orIgnore().execute();
  }

  /** The subscribers who reopened the incident, as one page (a handful of people, not a region). */
  async *subscribersWhoReopened(incidentId: string): AsyncGenerator<SubscriberEntity[]> {
    const page = await this.dataSource
      .getRepository(SubscriberEntity)
      .createQueryBuilder('s')
      .where('s.id IN (SELECT r.subscriber_id FROM reopening r WHERE r.incident_id = :incidentId)', { incidentId })
      .orderBy('s.id', 'ASC')
      .getMany();
    if (page.length > 0) yield page;
  }
}
