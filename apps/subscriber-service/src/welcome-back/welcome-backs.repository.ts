import { Injectable } from '@nestjs/common';
import { Channel } from '@prespond/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { KnownIncidentsRepository } from '../incidents/known-incidents.repository';

/** pending: waits to be sent (her open incident first needs resolving); sent: queued; skipped: never sent, see reason. */
export type WelcomeBackState = 'pending' | 'sent' | 'skipped';

/** The welcome-back planned for one return after a long absence. */
export interface WelcomeBack {
  id: string;
  subscriberId: string;
  /** The activity that ended the absence. */
  activityId: string;
  awaySince: Date;
  returnedAt: Date;
  state: WelcomeBackState;
  /** Why it was skipped (no marketing consent, opted out…). */
  reason: string | null;
  /** What the message said was fixed while she was away ("internet in berlin"); null if nothing. */
  fixed: string | null;
  /** The channels it was queued on. */
  channels: Channel[];
  recordedAt: Date;
  /** When it was sent or skipped. */
  decidedAt: Date | null;
}

const COLUMNS = `w.id, w.subscriber_id AS "subscriberId", w.activity_id AS "activityId", w.away_since AS "awaySince",
  w.returned_at AS "returnedAt", w.state, w.reason, w.fixed, w.channels, w.recorded_at AS "recordedAt", w.decided_at AS "decidedAt"`;

/** Welcome-backs (`welcome_back`): one per (subscriber, absence), whatever happens to it. */
@Injectable()
export class WelcomeBacksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records it unless this return is already recorded; true if it was new. */
  async record(manager: EntityManager, w: Omit<WelcomeBack, 'fixed' | 'channels' | 'decidedAt'>): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO welcome_back (id, subscriber_id, activity_id, away_since, returned_at, state, reason, recorded_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $6 = 'skipped' THEN $8::timestamptz END)
       ON CONFLICT DO NOTHING RETURNING id`,
      [w.id, w.subscriberId, w.activityId, w.awaySince, w.returnedAt, w.state, w.reason, w.recordedAt],
    );
    return rows.length > 0;
  }

  /**
   * Pending welcome-backs of customers with no open incident touching them (the others wait), oldest return first,
   * locked for this transaction.
   */
  due(manager: EntityManager, limit: number): Promise<WelcomeBack[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM welcome_back w JOIN subscriber s ON s.id = w.subscriber_id
        WHERE w.state = 'pending' AND NOT ${KnownIncidentsRepository.hasOpenIncidentSql('s')}
        ORDER BY w.returned_at LIMIT $1 FOR UPDATE OF w SKIP LOCKED`,
      [limit],
    );
  }

  async markSent(manager: EntityManager, id: string, channels: Channel[], fixed: string | null, now: Date): Promise<void> {
    await manager.query(`UPDATE welcome_back SET state = 'sent', channels = $2, fixed = $3, decided_at = $4 WHERE id = $1`, [id, channels, fixed, now]);
  }

  async markSkipped(manager: EntityManager, id: string, reason: string, now: Date): Promise<void> {
    await manager.query(`UPDATE welcome_back SET state = 'skipped', reason = $2, decided_at = $3 WHERE id = $1`, [id, reason, now]);
  }

  /** Hers, newest return first. */
  ofSubscriber(subscriberId: string): Promise<WelcomeBack[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM welcome_back w WHERE w.subscriber_id = $1 ORDER BY w.returned_at DESC`, [subscriberId]);
  }
}
