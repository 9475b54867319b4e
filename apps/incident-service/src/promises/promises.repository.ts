import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { PromiseEntity, PromiseState } from './promise.entity';

export interface PromiseStats {
  total: number;
  open: number;
  kept: number;
  keptByWatchdog: number;
  broken: number;
  /** Settled promises kept by a person or the watchdog, as a share of all settled; null before any settled. */
  keptRate: number | null;
}

/** Promises in incident-service's schema. */
@Injectable()
export class PromisesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(manager: EntityManager, promise: PromiseEntity): Promise<void> {
    await manager.insert(PromiseEntity, promise);
  }

  /** The incident's open promise, locked until the transaction ends. */
  findOpen(manager: EntityManager, incidentId: string): Promise<PromiseEntity | null> {
    return manager.findOne(PromiseEntity, { where: { incidentId, state: 'open' }, lock: { mode: 'pessimistic_write' } });
  }

  async settle(manager: EntityManager, id: string, state: Exclude<PromiseState, 'open'>, at: Date, byUpdateId: string | null): Promise<void> {
    await manager.update(PromiseEntity, { id }, { state, settledAt: at, settledByUpdateId: byUpdateId });
  }

  async markAlerted(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(PromiseEntity, { id }, { alertedAt: at });
  }

  /** Open promises due by `time`, oldest first. */
  openDueBy(manager: EntityManager, time: Date): Promise<PromiseEntity[]> {
    return manager.find(PromiseEntity, { where: { state: 'open', dueAt: LessThanOrEqual(time) }, order: { dueAt: 'ASC' } });
  }

  forIncident(incidentId: string): Promise<PromiseEntity[]> {
    return this.dataSource.getRepository(PromiseEntity).find({ where: { incidentId }, order: { createdAt: 'ASC' } });
  }

  async stats(incidentId?: string): Promise<PromiseStats> {
    const rows: { state: PromiseState; n: string }[] = await this.dataSource.query(
      `SELECT state, count(*) AS n FROM promise ${incidentId ? 'WHERE incident_id = $1' : ''} GROUP BY state`,
      incidentId ? [incidentId] : [],
    );
    const count = (state: PromiseState) => Number(rows.find((r) => r.state === state)?.n ?? 0);
    const [open, kept, keptByWatchdog, broken] = [count('open'), count('kept'), count('kept_by_watchdog'), count('broken')];
    const settled = kept + keptByWatchdog + broken;
    return { total: open + settled, open, kept, keptByWatchdog, broken, keptRate: settled ? (kept + keptByWatchdog) / settled : null };
  }
}
