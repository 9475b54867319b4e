import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A text whose status callbacks may have been lost, claimed for one look at Twilio. */
export interface TextToCheck {
  /** The message id (never her number or the text: only this and the sid are logged). */
  id: string;
  providerId: string;
  sentAt: Date;
  /** Looks at Twilio so far, before this one. */
  checks: number;
}

/** What becomes of a claimed text after its look: when it is due again (null: never), and whether it was looked at. */
export interface NextCheck {
  id: string;
  at: Date | null;
  looked: boolean;
}

/** The texts still waiting for a status, in the order they are due (see the migration ReconcileLostStatusCallbacks). */
const WAITING = `channel = 'sms' AND provider_id IS NOT NULL AND status IN ('queued', 'sending', 'sent')
                 AND next_status_check_at IS DISTINCT FROM 'infinity'`;
const DUE_KEY = 'COALESCE(next_status_check_at, sent_at)';

/** The reconciliation's view of the message log: which texts are due for a look, and when each is due next. */
@Injectable()
export class StatusReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Claims up to `limit` due texts, oldest due first: never looked at and sent before `firstLookBefore`, or due again
   * by `now` (their backoff is over, or the lease of a replica that died while looking has run out). Claiming moves
   * them to `leaseUntil` in one committed statement, rows another replica is claiming at that moment skipped (`FOR
   * UPDATE SKIP LOCKED`), so each text is claimed by one replica until the lease runs out.
   */
  async claimDue(now: Date, firstLookBefore: Date, leaseUntil: Date, limit: number): Promise<TextToCheck[]> {
    // An UPDATE through the query runner answers [rows, count].
    const [rows]: [{ id: string; provider_id: string; sent_at: Date; status_checks: number }[], number] = await this.dataSource.query(
      `UPDATE message m SET next_status_check_at = $3
         FROM (SELECT id FROM message
                WHERE ${WAITING} AND ${DUE_KEY} <= $1
                  AND (next_status_check_at IS NOT NULL OR sent_at <= $2)
                ORDER BY ${DUE_KEY}, id
                LIMIT $4
                FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id
        RETURNING m.id, m.provider_id, m.sent_at, m.status_checks`,
      [now, firstLookBefore, leaseUntil, limit],
    );
    return rows
      .map((r) => ({ id: r.id, providerId: r.provider_id, sentAt: r.sent_at, checks: r.status_checks }))
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  }

  /** Sets when each claimed text is due again (never: 'infinity'), counting a look for those looked at. */
  async scheduleNext(next: NextCheck[]): Promise<void> {
    if (next.length === 0) return;
    await this.dataSource.query(
      `UPDATE message m SET next_status_check_at = COALESCE(n.at, 'infinity'), status_checks = m.status_checks + CASE WHEN n.looked THEN 1 ELSE 0 END
         FROM unnest($1::uuid[], $2::timestamptz[], $3::boolean[]) AS n (id, at, looked)
        WHERE m.id = n.id`,
      [next.map((n) => n.id), next.map((n) => n.at), next.map((n) => n.looked)],
    );
  }
}
