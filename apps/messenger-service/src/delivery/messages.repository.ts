import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { OutboundMessage } from '../providers/channel-provider';
import { MessageEntity, MessageStatus, STATUS_RANK } from './message.entity';

/** What a claim statement answers (see MessagesRepository.claimMany). */
export interface Claims {
  /** Held by the claiming messenger now, with the text recorded and the last provider call's start (null: none yet). */
  held: Map<string, { body: string; attemptedAt: Date | null }>;
  /** Pending under another messenger's unexpired claim. */
  heldElsewhere: Set<string>;
}

/** What a status callback says of one message at the provider. */
export interface StatusReport {
  providerId: string;
  status: MessageStatus;
  errorCode?: string;
}

/** STATUS_RANK of a message row's status, in SQL. */
const RANK_SQL = `CASE m.status ${Object.entries(STATUS_RANK).map(([status, rank]) => `WHEN '${status}' THEN ${rank}`).join(' ')} END`;

/**
 * Locks the message rows `select` finds (it selects `m.id`) in id order, for the statement that updates them. In a
 * fan-out the acceptances (by id), the status callbacks (by provider id), the lease renewals and the attempts update
 * the same rows at once, and two statements that lock overlapping rows in different orders deadlock (PostgreSQL then
 * cancels one after a second). Every statement here that changes many message rows takes them in this order; the
 * claim inserts in it too.
 */
const LOCK_IN_ID_ORDER = (select: string) => `${select} ORDER BY m.id FOR UPDATE OF m`;

/** The message log in messenger-service's schema. */
@Injectable()
export class MessagesRepository {
  private readonly repo: Repository<MessageEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(MessageEntity);
  }

  /**
   * Claims messages for `owner` for `leaseMs` (see ClaimLeases), in one statement: a message not seen before is
   * recorded `pending`; a pending one is taken over only if its claim ran out (its holder crashed, or let it go) or is
   * `owner`'s own. Answers what `owner` now holds (with the text and the last attempt recorded, which a message
   * taken over is sent or looked up with) and which are pending under another messenger's live claim. The others
   * are done already (sent, refused, suppressed, deferred…).
   */
  async claimMany(messages: MessageEntity[], owner: string, leaseMs: number): Promise<Claims> {
    const claims: Claims = { held: new Map(), heldElsewhere: new Set() };
    if (messages.length === 0) return claims;
    const column = (pick: (m: MessageEntity) => unknown) => messages.map(pick);
    const rows: { id: string; body: string; attempted_at: Date | null }[] = await this.repo.query(
      `INSERT INTO message (id, subscriber_id, channel, template, address, incident_id, update_id, update_sequence, update_created_at,
                            kind, campaign_id, urgency, time_zone, subject, body, status, attempts, created_at, status_at, lease_owner, lease_until)
       SELECT *, 'pending', 0, $16, $16, $17, now() + $18::int * interval '1 millisecond'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::int[], $9::timestamptz[],
                     $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::text[])
        ORDER BY 1
       ON CONFLICT (id) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
        WHERE message.status = 'pending'
          AND (message.lease_until IS NULL OR message.lease_until < now() OR message.lease_owner = EXCLUDED.lease_owner)
       RETURNING id, body, attempted_at`,
      [
        column((m) => m.id), column((m) => m.subscriberId), column((m) => m.channel), column((m) => m.template), column((m) => m.address),
        column((m) => m.incidentId), column((m) => m.updateId), column((m) => m.updateSequence), column((m) => m.updateCreatedAt),
        column((m) => m.kind), column((m) => m.campaignId), column((m) => m.urgency), column((m) => m.timeZone),
        column((m) => m.subject), column((m) => m.body), messages[0].createdAt, owner, leaseMs,
      ],
    );
    for (const r of rows) claims.held.set(r.id, { body: r.body, attemptedAt: r.attempted_at });
    if (rows.length < messages.length) {
      const others = messages.map((m) => m.id).filter((id) => !claims.held.has(id));
      const pending: { id: string }[] = await this.repo.query(`SELECT id FROM message WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [others]);
      for (const r of pending) claims.heldElsewhere.add(r.id);
    }
    return claims;
  }

  /** Extends `owner`'s claims on these messages by `leaseMs`: answers those it still holds (see ClaimLeases). */
  async renewClaims(owner: string, ids: string[], leaseMs: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const [rows]: [{ id: string }[], number] = await this.repo.query(
      `WITH locked AS (${LOCK_IN_ID_ORDER('SELECT m.id FROM message m WHERE m.id = ANY($1::uuid[]) AND m.lease_owner = $2')})
       UPDATE message m SET lease_until = now() + $3::int * interval '1 millisecond' FROM locked WHERE m.id = locked.id RETURNING m.id`,
      [ids, owner, leaseMs],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Lets go of `owner`'s claims on pending messages it will not send after all (its partition was taken away, its
   * claim ran short), so another messenger can take them at once. Their attempt, recorded before the provider call
   * that did not happen, is taken back (`previousAttemptAt`): they are not looked for at the provider for nothing.
   */
  async releaseClaims(owner: string, released: { id: string; previousAttemptAt: Date | null }[]): Promise<void> {
    if (released.length === 0) return;
    await this.repo.query(
      `WITH r AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) AS r (id, previous)),
            locked AS (${LOCK_IN_ID_ORDER("SELECT m.id FROM message m JOIN r ON m.id = r.id WHERE m.lease_owner = $3 AND m.status = 'pending'")})
       UPDATE message m SET lease_owner = NULL, lease_until = NULL, attempts = GREATEST(m.attempts - 1, 0), attempted_at = r.previous
         FROM r, locked WHERE m.id = r.id AND m.id = locked.id`,
      [released.map((r) => r.id), released.map((r) => r.previousAttemptAt), owner],
    );
  }

  /** Of these subscribers, those erased at her request (`isErased` for many). */
  async erasedAmong(subscriberIds: string[]): Promise<Set<string>> {
    if (subscriberIds.length === 0) return new Set();
    const rows: { subscriber_id: string }[] = await this.repo.query('SELECT subscriber_id FROM erased_subscriber WHERE subscriber_id = ANY($1::uuid[])', [subscriberIds]);
    return new Set(rows.map((r) => r.subscriber_id));
  }

  /** Records that provider calls are about to start for these messages (committed first, so a crash leaves a trace to recover from). */
  async recordAttempts(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.repo.query(
      `WITH locked AS (${LOCK_IN_ID_ORDER('SELECT m.id FROM message m WHERE m.id = ANY($1::uuid[])')})
       UPDATE message m SET attempts = m.attempts + 1, attempted_at = now() FROM locked WHERE m.id = locked.id`,
      [ids],
    );
  }

  /**
   * `markAccepted` for many messages, in one statement, then the callbacks that came first are applied. Two
   * statements on purpose: the second one's snapshot is taken after the first committed, so a callback kept too late
   * for it finds the provider id recorded (see reportStatuses).
   */
  async markAcceptedMany(accepted: { id: string; providerId: string; status: MessageStatus }[]): Promise<void> {
    if (accepted.length === 0) return;
    await this.repo.query(
      `WITH a AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS a (id, provider_id, status)),
            locked AS (${LOCK_IN_ID_ORDER('SELECT m.id FROM message m JOIN a ON m.id = a.id')})
       UPDATE message m SET provider_id = a.provider_id, status = a.status, sent_at = $4, status_at = $4
         FROM a, locked WHERE m.id = a.id AND m.id = locked.id`,
      [accepted.map((a) => a.id), accepted.map((a) => a.providerId), accepted.map((a) => a.status), new Date()],
    );
    const [early]: [{ provider_id: string; status: MessageStatus; error_code: string | null }[], number] = await this.repo.query(
      `WITH doomed AS (SELECT provider_id FROM early_status WHERE provider_id = ANY($1::text[]) ORDER BY provider_id FOR UPDATE)
       DELETE FROM early_status e USING doomed WHERE e.provider_id = doomed.provider_id RETURNING e.provider_id, e.status, e.error_code`,
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
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS e (provider_id, status, error_code) ORDER BY provider_id ON CONFLICT DO NOTHING`,
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
            locked AS (${LOCK_IN_ID_ORDER('SELECT m.id FROM message m JOIN r ON m.provider_id = r.provider_id')}),
            moved AS (
              UPDATE message m SET status = r.status, status_at = $5, error_code = COALESCE(r.error_code, m.error_code)
                FROM r, locked WHERE m.id = locked.id AND m.provider_id = r.provider_id AND (${RANK_SQL}) < r.rank)
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
   * Of these incident updates (pending under a claim, or deferred), those a newer update of the same incident has
   * overtaken: to the same subscriber on the same channel, waiting too (for the end of her quiet hours) or with the
   * provider. A newer one still pending does not count: it may yet fail, and then she would get neither.
   */
  async overtakenAmong(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.repo.query(
      `SELECT m.id FROM message m
        WHERE m.id = ANY($1::uuid[]) AND m.incident_id IS NOT NULL AND m.update_sequence IS NOT NULL
          AND EXISTS (
            SELECT 1 FROM message n
             WHERE n.subscriber_id = m.subscriber_id AND n.incident_id = m.incident_id AND n.channel = m.channel
               AND n.template LIKE 'incident.%' AND n.status IN ('deferred', 'queued', 'sending', 'sent', 'delivered', 'read')
               AND n.update_sequence > m.update_sequence)`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Records these waiting messages `superseded` (see overtakenAmong): she gets the newest status, not the backlog. */
  async markSuperseded(ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.repo.query(
      `WITH locked AS (${LOCK_IN_ID_ORDER("SELECT m.id FROM message m WHERE m.id = ANY($1::uuid[]) AND m.status IN ('pending', 'deferred')")})
       UPDATE message m SET status = 'superseded', status_at = $2, error_message = 'a newer update of this incident went to her on this channel instead'
         FROM locked WHERE m.id = locked.id`,
      [ids, now],
    );
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
