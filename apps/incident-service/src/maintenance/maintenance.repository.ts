import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { MaintenanceListState } from './dto/maintenance.dto';
import { MaintenanceEntity } from './maintenance.entity';

const STATES_OF: Record<MaintenanceListState, MaintenanceEntity['state'][]> = {
  upcoming: ['scheduled'],
  active: ['in_progress'],
  open: ['scheduled', 'in_progress'],
  past: ['completed', 'cancelled'],
  all: ['scheduled', 'in_progress', 'completed', 'cancelled'],
};

/** Maintenance windows and their timelines in incident-service's schema. */
@Injectable()
export class MaintenanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Loads the window and locks it until the transaction ends: one change at a time. */
  findForUpdate(manager: EntityManager, id: string): Promise<MaintenanceEntity | null> {
    return manager.findOne(MaintenanceEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Open windows whose start is within `horizon` (a notice, the start or the end may be due), locked; windows another
   * replica holds are skipped (it is handling them).
   */
  openStartingBy(manager: EntityManager, horizon: Date): Promise<MaintenanceEntity[]> {
    return manager.find(MaintenanceEntity, {
      where: { state: In(['scheduled', 'in_progress']), startsAt: LessThanOrEqual(horizon) },
      order: { startsAt: 'ASC' },
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
  }

  findWithTimeline(id: string): Promise<MaintenanceEntity | null> {
    return this.dataSource.getRepository(MaintenanceEntity).findOne({ where: { id }, relations: { entries: true } });
  }

  list(state: MaintenanceListState): Promise<MaintenanceEntity[]> {
    return this.dataSource.getRepository(MaintenanceEntity).find({
      where: { state: In(STATES_OF[state]) },
      relations: { entries: true },
      order: { startsAt: 'DESC' },
    });
  }
}
