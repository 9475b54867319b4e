import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { InboundSmsEntity } from '../follow-ups/follow-up.entity';

/** Where a page of inbound texts ended: its last text's time and sid. */
export interface InboundPosition {
  receivedAt: Date;
  sid: string;
}

/** Inbound texts as keywords and ops see them (follow-up answers are recorded by FollowUpsRepository). */
@Injectable()
export class InboundSmsRepository {
  private readonly repo: Repository<InboundSmsEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(InboundSmsEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Records a text once per sid; false if Twilio already delivered this one (a retried webhook). */
  async record(manager: EntityManager, sms: InboundSmsEntity): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(InboundSmsEntity).values(sms).orIgnore().returning('sid').execute();
    return result.raw.length > 0;
  }

  findBySid(sid: string): Promise<InboundSmsEntity | null> {
    return this.repo.findOneBy({ sid });
  }

  /** One page, newest first, after `after` (keyset: no offset scans however many texts there are). */
  page(filter: { flagged?: boolean; reviewed?: boolean }, after: InboundPosition | undefined, limit: number): Promise<InboundSmsEntity[]> {
    const query = this.repo.createQueryBuilder('s');
    if (filter.flagged !== undefined) query.andWhere(filter.flagged ? 's.flag_reason IS NOT NULL' : 's.flag_reason IS NULL');
    if (filter.reviewed !== undefined) query.andWhere(filter.reviewed ? 's.reviewed_at IS NOT NULL' : 's.reviewed_at IS NULL');
    if (after) query.andWhere('(s.received_at, s.sid) < (:receivedAt, :sid)', { receivedAt: after.receivedAt, sid: after.sid });
    return query.orderBy('s.received_at', 'DESC').addOrderBy('s.sid', 'DESC').limit(limit).getMany();
  }

  /** Marks a flagged text reviewed; the first review's time stays. Undefined if there is no flagged text with this sid. */
  async markReviewed(sid: string, at: Date): Promise<InboundSmsEntity | undefined> {
    await this.repo
      .createQueryBuilder()
      .update()
      .set({ reviewedAt: at })
      .where('sid = :sid AND flag_reason IS NOT NULL AND reviewed_at IS NULL', { sid })
      .execute();
    return (await this.repo.findOneBy({ sid })) ?? undefined;
  }
}
