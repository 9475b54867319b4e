import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { PlanTypeEntity } from './plan-type.entity';
import { PlanEntity } from './plan.entity';

/** Plans and plan types in subscriber-service's schema. */
@Injectable()
export class PlansRepository {
  private readonly plans: Repository<PlanEntity>;
  private readonly types: Repository<PlanTypeEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.plans = dataSource.getRepository(PlanEntity);
    this.types = dataSource.getRepository(PlanTypeEntity);
  }

  findById(id: string): Promise<PlanEntity | null> {
    return this.plans.findOneBy({ id });
  }

  /** Her plans, next renewal first. */
  ofSubscriber(subscriberId: string): Promise<PlanEntity[]> {
    return this.plans.find({ where: { subscriberId }, order: { renewalDate: 'ASC', createdAt: 'ASC' } });
  }

  async insert(plan: PlanEntity): Promise<void> {
    await this.plans.insert(plan);
  }

  /**
   * Changes a plan under a row lock: the reminder round locks the plans it sends for, so a reminder is either queued
   * before a cancel, renewal or new date commits, or it sees the change.
   */
  async update(id: string, change: (plan: PlanEntity) => PlanEntity | Promise<PlanEntity>): Promise<PlanEntity | null> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const plan = await manager.getRepository(PlanEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!plan) return null;
      const changed = await change(plan);
      await manager.save(PlanEntity, changed);
      return changed;
    });
  }

  listTypes(): Promise<PlanTypeEntity[]> {
    return this.types.find({ order: { type: 'ASC' } });
  }

  /** Types that plans use but nobody configured (they get the default offsets). */
  async unconfiguredTypes(): Promise<string[]> {
    const rows: { type: string }[] = await this.dataSource.query(
      'SELECT DISTINCT p.type FROM plan p WHERE NOT EXISTS (SELECT 1 FROM plan_type t WHERE t.type = p.type) ORDER BY p.type',
    );
    return rows.map((r) => r.type);
  }

  async saveType(type: PlanTypeEntity): Promise<void> {
    await this.types.save(type);
  }
}
