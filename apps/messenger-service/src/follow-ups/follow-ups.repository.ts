import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, LessThanOrEqual, Raw, Repository } from 'typeorm';
import { FollowUpAnswer, FollowUpAnswerEntity, FollowUpEntity, InboundSmsEntity } from './follow-up.entity';

/** "Not a subscriber erased at her request" (table erased_subscriber, see data-rights). */
const notErased = Raw((column) => `${column} NOT IN (SELECT subscriber_id FROM erased_subscriber)`);

/** How long a due question counts as being asked (see latestAskedBySms). */
const IN_FLIGHT_MS = 5 * 60_000;

/** Follow-ups, their answers and inbound texts in messenger-service's schema. */
@Injectable()
export class FollowUpsRepository {
  private readonly repo: Repository<FollowUpEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(FollowUpEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Records the follow-up unless it exists. A resolution that reached her by SMS makes an existing, not yet asked
   * email follow-up an SMS one (the email and the text of one resolution arrive in either order).
   */
  async recordDue(f: FollowUpEntity): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO follow_up (id, incident_id, subscriber_id, channel, address, name, locale, incident_title, affected, resolved_at, due_at, created_at, time_zone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET channel = EXCLUDED.channel, address = EXCLUDED.address
       WHERE follow_up.channel = 'email' AND EXCLUDED.channel = 'sms' AND follow_up.asked_at IS NULL`,
      [f.id, f.incidentId, f.subscriberId, f.channel, f.address, f.name, f.locale, f.incidentTitle, f.affected, f.resolvedAt, f.dueAt, f.createdAt, f.timeZone],
    );
  }

  findById(id: string): Promise<FollowUpEntity | null> {
    return this.repo.findOneBy({ id });
  }

  list(incidentId: string): Promise<FollowUpEntity[]> {
    return this.repo.find({ where: { incidentId }, order: { createdAt: 'ASC' } });
  }

  answers(followUpIds: string[]): Promise<FollowUpAnswerEntity[]> {
    if (followUpIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(FollowUpAnswerEntity)
      .createQueryBuilder('a')
      .where('a.follow_up_id IN (:...followUpIds)', { followUpIds })
      .orderBy('a.id', 'ASC')
      .getMany();
  }

  /**
   * Follow-ups whose question is due by `now` and not yet asked, oldest first. Those of erased subscribers are never
   * asked (nor counted as asked: the report's figures stay as they were at her erasure).
   */
  due(manager: EntityManager, now: Date, limit: number): Promise<FollowUpEntity[]> {
    return manager.find(FollowUpEntity, { where: { askedAt: IsNull(), dueAt: LessThanOrEqual(now), subscriberId: notErased }, order: { dueAt: 'ASC' }, take: limit });
  }

  /** "Still having trouble" answers whose acknowledgement has not gone out yet (not to erased subscribers). */
  owedAcknowledgements(manager: EntityManager, limit: number): Promise<FollowUpEntity[]> {
    return manager.find(FollowUpEntity, { where: { answer: 'trouble', acknowledgedAt: IsNull(), subscriberId: notErased }, order: { answeredAt: 'ASC' }, take: limit });
  }

  async markAsked(id: string, at: Date): Promise<void> {
    await this.repo.update({ id, askedAt: IsNull() }, { askedAt: at });
  }

  async markAcknowledged(id: string, at: Date): Promise<void> {
    await this.repo.update({ id, acknowledgedAt: IsNull() }, { acknowledgedAt: at });
  }

  /** The follow-up last asked by SMS to this number: the one a "1" or "2" from it answers. */
  latestAskedBySms(manager: EntityManager, phone: string, now: Date): Promise<FollowUpEntity | null> {
    // Asked by `now`: a question held for her quiet hours is marked asked at their end, and cannot be answered before.
    // Or being asked right now (due in the last few minutes, not marked yet): the mark is written once the provider has
    // taken the text, and her reply can come back before it. A question due longer ago and still unasked (the provider
    // was away) has not reached her: her "1" answers the one she has.
    const inFlightSince = new Date(now.getTime() - IN_FLIGHT_MS);
    return manager
      .getRepository(FollowUpEntity)
      .createQueryBuilder('f')
      .where("f.channel = 'sms' AND f.address = :phone", { phone })
      .andWhere('(f.asked_at <= :now OR (f.asked_at IS NULL AND f.due_at <= :now AND f.due_at > :inFlightSince))', { now, inFlightSince })
      .orderBy('COALESCE(f.asked_at, f.due_at)', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Locks the follow-up until the transaction ends, so two answers arriving together cannot both count. */
  findForUpdate(manager: EntityManager, id: string): Promise<FollowUpEntity | null> {
    return manager.findOne(FollowUpEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async addAnswer(manager: EntityManager, followUpId: string, answer: FollowUpAnswer, via: FollowUpAnswerEntity['via'], counted: boolean, at: Date): Promise<void> {
    await manager.insert(FollowUpAnswerEntity, { followUpId, answer, via, counted, receivedAt: at });
    if (counted) await manager.update(FollowUpEntity, { id: followUpId }, { answer, answeredAt: at });
  }

  /** Records an inbound text once per sid; false if Twilio already delivered this one (a retried webhook). */
  async recordInbound(manager: EntityManager, sms: InboundSmsEntity): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(InboundSmsEntity).values(sms).orIgnore().returning('sid').execute();
    return result.raw.length > 0;
  }

  inbound(from: string): Promise<InboundSmsEntity[]> {
    return this.dataSource.getRepository(InboundSmsEntity).find({ where: { fromNumber: from }, order: { receivedAt: 'ASC' } });
  }
}
