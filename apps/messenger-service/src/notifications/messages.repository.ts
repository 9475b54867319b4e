import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { OutboundMessage } from '../providers/channel-provider';
import { MessageEntity, MessageStatus, STATUS_RANK } from './message.entity';

/** What a status callback says of one message at the provider. */
export interface StatusReport {
  providerId: string;
  status: MessageStatus;
  errorCode?: string;
}

/** STATUS_RANK of a message row's status, in SQL. */
const RANK_SQL = `CASE m.status ${Object.entries(STATUS_RANK).map(([status, rank]) => `WHEN '${status}' THEN ${rank}`).join(' ')} END`;

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

  /** `claim` for many at once, in one statement: the ids this call created (the others existed already). */
  async claimMany(messages: MessageEntity[]): Promise<Set<string>> {
    if (messages.length === 0) return new Set();
    const column = (pick: (m: MessageEntity) => unknown) => messages.map(pick);
    const rows: { id: string }[] = await this.repo.query(
      `INSERT INTO message (id, subscriber_id, channel, template, address, incident_id, update_id, update_sequence, update_created_at,
                            kind, campaign_id, urgency, time_zone, subject, body, status, attempts, created_at, status_at)
       SELECT *, 'pending', 0, $16, $16
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::int[], $9::timestamptz[],
                     $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::text[])
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        column((m) => m.id), column((m) => m.subscriberId), column((m) => m.channel), column((m) => m.template), column((m) => m.address),
        column((m) => m.incidentId), column((m) => m.updateId), column((m) => m.updateSequence), column((m) => m.updateCreatedAt),
        column((m) => m.kind), column((m) => m.campaignId), column((m) => m.urgency), column((m) => m.timeZone),
        column((m) => m.subject), column((m) => m.body), messages[0].createdAt,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Of these subscribers, those erased at her request (`isErased` for many). */
  async erasedAmong(subscriberIds: string[]): Promise<Set<string>> {
    if (subscriberIds.length === 0) return new Set();
    const rows: { subscriber_id: string }[] = await this.repo.query('SELECT subscriber_id FROM erased_subscriber WHERE subscriber_id = ANY($1::uuid[])', [subscriberIds]);
    return new Set(rows.map((r) => r.subscriber_id));
  }

  /** `recordAttempt` for many messages, in one statement. */
  async recordAttempts(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.repo.query('UPDATE message SET attempts = attempts + 1, attempted_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  }

  /**
   * `markAccepted` for many messages, in one statement, then the callbacks that came first are applied. Two
   * statements on purpose: the second one's snapshot is taken after the first committed, so a callback kept too late
   * for it finds the provider id recorded (see reportStatuses).
   */
  async markAcceptedMany(accepted: { id: string; providerId: string; status: MessageStatus }[]): Promise<void> {
    if (accepted.length === 0) return;
    await this.repo.query(
      `UPDATE message m SET provider_id = a.provider_id, status = a.status, sent_at = $4, status_at = $4
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS a (id, provider_id, status)
        WHERE m.id = a.id`,
      [accepted.map((a) => a.id), accepted.map((a) => a.providerId), accepted.map((a) => a.status), new Date()],
    );
    const [early]: [{ provider_id: string; status: MessageStatus; error_code: string | null }[], number] = await this.repo.query(
      'DELETE FROM early_status WHERE provider_id = ANY($1::text[]) RETURNING provider_id, status, error_code',
      [accepted.map((a) => a.providerId)],
    );
    await this.advanceStatuses(early.map((e) => ({ providerId: e.provider_id, status: e.status, errorCode: e.error_code ?? undefined })));
  }

  /**
   * Status callbacks for provider ids (many at once): each message moves forward (see advanceStatuses); a status
   * for an id no message has yet (its send is not recorded yet) is kept for the record to apply. Those are tried
   * again after being kept, so a record made in between is not missed: either the record sees the kept status or
   * the second try sees the record. Kept ones whose record never comes expire (expireEarlyStatuses).
   */
  async reportStatuses(reports: StatusReport[]): Promise<void> {
    const unknown = await this.advanceStatuses(reports);
    const early = furthestOf(reports).filter((r) => unknown.has(r.providerId));
    if (early.length === 0) return;
    await this.repo.query(
      `INSERT INTO early_status (provider_id, status, error_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [early.map((r) => r.providerId), early.map((r) => r.status), early.map((r) => r.errorCode ?? null)],
    );
    await this.advanceStatuses(early);
  }

  /**
   * Drops the kept callbacks (see reportStatuses) received before `before`: a record that comes later still gets its
   * status, from status reconciliation, which asks the provider. Answers how many were dropped.
   */
  async expireEarlyStatuses(before: Date): Promise<number> {
    const [, count]: [unknown[], number] = await this.repo.query('DELETE FROM early_status WHERE received_at < $1', [before]);
    return count;
  }

  /**
   * Moves each message to its reported status if that is a step forward (of several reports for one id, the furthest
   * counts), in one statement, so concurrent callbacks cannot move a message back. Answers the provider ids no
   * message has (yet).
   */
  async advanceStatuses(reports: StatusReport[]): Promise<Set<string>> {
    const list = furthestOf(reports);
    if (list.length === 0) return new Set();
    const unknown: { provider_id: string }[] = await this.repo.query(
      `WITH r AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS r (provider_id, status, error_code, rank)),
            moved AS (
              UPDATE message m SET status = r.status, status_at = $5, error_code = COALESCE(r.error_code, m.error_code)
                FROM r WHERE m.provider_id = r.provider_id AND (${RANK_SQL}) < r.rank)
       SELECT r.provider_id FROM r WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.provider_id = r.provider_id)`,
      [list.map((r) => r.providerId), list.map((r) => r.status), list.map((r) => r.errorCode ?? null), list.map((r) => STATUS_RANK[r.status]), new Date()],
    );
    return new Set(unknown.map((u) => u.provider_id));
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

  /**
   * Keeps a claimed message until `dueAt` (the end of her quiet hours), with exactly what is to be sent then. Also
   * moves a deferred one to a later time (she changed her quiet hours overnight).
   */
  async defer(id: string, dueAt: Date, outbound: OutboundMessage): Promise<void> {
    await this.repo.query(
      `UPDATE message SET status = 'deferred', due_at = $2, outbound = $3::jsonb, status_at = $4 WHERE id = $1 AND status IN ('pending', 'deferred')`,
      [id, dueAt, JSON.stringify(outbound), new Date()],
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.repo.manager.transaction(work);
  }

  /**
   * Deferred messages due by `now`, oldest due first, after `after` (keyset: a round walks them once, and one it could
   * not send stays for the next round), locked for the transaction and skipping any another transaction holds.
   */
  lockDue(manager: EntityManager, now: Date, after: { dueAt: Date; id: string } | null, limit: number): Promise<MessageEntity[]> {
    const query = manager
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where("m.status = 'deferred' AND m.dueAt <= :now", { now });
    if (after) query.andWhere('(m.dueAt, m.id) > (:afterDue, :afterId)', { afterDue: after.dueAt, afterId: after.id });
    return query.orderBy('m.dueAt', 'ASC').addOrderBy('m.id', 'ASC').limit(limit).setLock('pessimistic_write').setOnLocked('skip_locked').getMany();
  }

  /**
   * Of these deferred incident updates, marks `superseded` each that a newer update of the same incident has to the
   * same subscriber on the same channel (waiting too, or sent): she gets the newest status, not the backlog. Returns
   * the ids it marked.
   */
  async supersede(manager: EntityManager, ids: string[], now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    // An UPDATE through the query runner answers [rows, count].
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE message m
          SET status = 'superseded', status_at = $2,
              error_message = 'a newer update of this incident went to her on this channel instead'
        WHERE m.id = ANY($1::uuid[]) AND m.status = 'deferred' AND m.incident_id IS NOT NULL AND m.template LIKE 'incident.%'
          AND EXISTS (
            SELECT 1 FROM message n
             WHERE n.subscriber_id = m.subscriber_id AND n.incident_id = m.incident_id AND n.channel = m.channel
               -- waiting too, or with the provider: a newer one still pending may yet fail, and then she would get neither
               AND n.template LIKE 'incident.%' AND n.status IN ('deferred', 'queued', 'sending', 'sent', 'delivered', 'read')
               AND n.update_sequence > m.update_sequence)
        RETURNING m.id`,
      [ids, now],
    );
    return rows.map((r) => r.id);
  }

  async markAccepted(id: string, providerId: string, status: MessageStatus): Promise<void> {
    await this.markAcceptedMany([{ id, providerId, status }]);
  }

  async markFailed(id: string, errorCode: string, errorMessage: string): Promise<void> {
    await this.repo.update({ id }, { status: 'failed', errorCode, errorMessage, statusAt: new Date() });
  }

  list(filter: { subscriberId?: string; incidentId?: string }, limit: number): Promise<MessageEntity[]> {
    const where = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    return this.repo.find({ where, order: { createdAt: 'DESC' }, take: limit });
  }
}

/** Of several reports for one provider id, the furthest status. */
function furthestOf(reports: StatusReport[]): StatusReport[] {
  const furthest = new Map<string, StatusReport>();
  for (const r of reports) {
    const seen = furthest.get(r.providerId);
    if (!seen || STATUS_RANK[r.status] > STATUS_RANK[seen.status]) furthest.set(r.providerId, r);
  }
  return [...furthest.values()];
}
