import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ReopeningEntity } from './reopening.entity';

/** Reopenings in incident-service's schema. */
@Injectable()
export class ReopeningsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the reopening unless it is known (a redelivered event). Returns whether this call recorded it. */
  async record(reopening: ReopeningEntity): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ReopeningEntity)
      .values(reopening)
      .orIgnore()
      .returning('incident_id')
      .execute();
    return result.raw.length > 0;
  }

  async hasOpen(manager: EntityManager, incidentId: string): Promise<boolean> {
    return (await manager.count(ReopeningEntity, { where: { incidentId, closedAt: IsNull() } })) > 0;
  }

  /** Closes every open reopening of the incident with the final resolution `updateId`; returns how many. */
  async closeOpen(manager: EntityManager, incidentId: string, updateId: string, at: Date): Promise<number> {
    const result = await manager.update(ReopeningEntity, { incidentId, closedAt: IsNull() }, { closedAt: at, closedByUpdateId: updateId });
    return result.affected ?? 0;
  }

  count(incidentId: string): Promise<number> {
    return this.dataSource.getRepository(ReopeningEntity).count({ where: { incidentId } });
  }

  list(incidentId: string): Promise<ReopeningEntity[]> {
    return this.dataSource.getRepository(ReopeningEntity).find({ where: { incidentId }, order: { reportedAt: 'ASC' } });
  }
}
