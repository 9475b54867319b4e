import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { MessageEntity, MessageStatus, STATUS_RANK } from './message.entity';

/** The message log in messenger-service's schema. */
@Injectable()
export class MessagesRepository {
  private readonly repo: Repository<MessageEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(MessageEntity);
  }

  /**
   * Records the message as `pending` unless a row with its id exists. Returns true if this call created it:
   * the unique id is what makes a redelivered request send nothing.
   */
  async claim(message: MessageEntity): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().insert().values(message).orIgnore().returning('id').execute();
    return result.raw.length > 0;
  }

  /** She was erased at her request (see data-rights): nothing more is sent or logged for her. */
  async isErased(subscriberId: string): Promise<boolean> {
    const rows: unknown[] = await this.repo.query('SELECT 1 FROM erased_subscriber WHERE subscriber_id = $1', [subscriberId]);
    return rows.length > 0;
  }

  findById(id: string): Promise<MessageEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Records that a provider call is about to start (committed first, so a crash leaves a trace to recover from). */
  async recordAttempt(id: string): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1', attemptedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  async markAccepted(id: string, providerId: string, status: MessageStatus): Promise<void> {
    const now = new Date();
    await this.repo.update({ id }, { providerId, status, sentAt: now, statusAt: now });
  }

  async markFailed(id: string, errorCode: string, errorMessage: string): Promise<void> {
    await this.repo.update({ id }, { status: 'failed', errorCode, errorMessage, statusAt: new Date() });
  }

  /**
   * Moves the message with this provider id to `status` only if that is a step forward. Returns whether it moved.
   * One conditional UPDATE, so concurrent callbacks cannot move it back either.
   */
  async advanceStatus(providerId: string, status: MessageStatus, errorCode?: string): Promise<boolean> {
    const lower = (Object.keys(STATUS_RANK) as MessageStatus[]).filter((s) => STATUS_RANK[s] < STATUS_RANK[status]);
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ status, statusAt: new Date(), ...(errorCode ? { errorCode } : {}) })
      .where('provider_id = :providerId AND status IN (:...lower)', { providerId, lower })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  list(filter: { subscriberId?: string; incidentId?: string }, limit: number): Promise<MessageEntity[]> {
    const where = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    return this.repo.find({ where, order: { createdAt: 'DESC' }, take: limit });
  }
}
