import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { IncidentEntity } from './incident.entity';
import { IncidentUpdateEntity } from './incident-update.entity';

export type IncidentState = 'active' | 'resolved' | 'all';

/** Incidents and their timelines in incident-service's schema. */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Loads the incident and locks it until the transaction ends, so concurrent updates get distinct sequences. */
  findForUpdate(manager: EntityManager, id: string): Promise<IncidentEntity | null> {
    return manager.findOne(IncidentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(manager: EntityManager, incident: IncidentEntity, update: IncidentUpdateEntity): Promise<void> {
    await manager.save(IncidentEntity, incident);
    await manager.insert(IncidentUpdateEntity, update);
  }

  findWithTimeline(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.getRepository(IncidentEntity).findOne({ where: { id }, relations: { updates: true } });
  }

  list(state: IncidentState): Promise<IncidentEntity[]> {
    const where = state === 'active' ? { resolvedAt: IsNull() } : state === 'resolved' ? { resolvedAt: Not(IsNull()) } : {};
    return this.dataSource.getRepository(IncidentEntity).find({ where, relations: { updates: true }, order: { declaredAt: 'DESC' } });
  }
}
