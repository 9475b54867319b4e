import { Injectable } from '@nestjs/common';
import { DEFAULT_DIGEST_HOURS, IncidentChangedEvent, IncidentChangeType, IncidentSnapshot, IncidentUpdate } from '@prespond/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** One update held for a subscriber's digest, with the incident as it stood at that update. */
export interface HeldUpdate {
  updateId: string;
  sequence: number;
  type: IncidentChangeType;
  incident: IncidentSnapshot;
  update: IncidentUpdate;
}

/** A subscriber whose held updates about one incident are due to go out. */
export interface DueDigest {
  subscriberId: string;
  incidentId: string;
}

/** The updates held for digest subscribers (`digest_update`, `digest_entry`) and when each last got one (`digest_state`). */
@Injectable()
export class DigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Holds the update for these subscribers' digests. Idempotent: held or sent entries are not held again. */
  async hold(event: IncidentChangedEvent, subscriberIds: string[]): Promise<void> {
    const { incident, update } = event.data;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO digest_update (update_id, incident_id, sequence, type, incident, "update")
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (update_id) DO NOTHING`,
        [update.id, incident.id, update.sequence, event.type, JSON.stringify(incident), JSON.stringify(update)],
      );
      await manager.query(
        `INSERT INTO digest_entry (subscriber_id, update_id, incident_id, sequence)
         SELECT unnest($1::uuid[]), $2, $3, $4 ON CONFLICT DO NOTHING`,
        [subscriberIds, update.id, incident.id, update.sequence],
      );
    });
  }

  /**
   * Subscribers with held updates that are due: nothing sent to her about this incident yet (the first update goes
   * out at once), her window since the last one has passed, the resolution is among them, or she is no longer on a
   * digest cadence.
   */
  due(manager: EntityManager, now: Date, limit: number, incidentId?: string): Promise<DueDigest[]> {
    return manager.query(
      `SELECT e.subscriber_id AS "subscriberId", e.incident_id AS "incidentId"
         FROM digest_entry e
         JOIN digest_update u ON u.update_id = e.update_id
         JOIN subscriber s ON s.id = e.subscriber_id
         LEFT JOIN digest_state d ON d.subscriber_id = e.subscriber_id AND d.incident_id = e.incident_id
        WHERE e.sent_at IS NULL AND ($3::uuid IS NULL OR e.incident_id = $3::uuid)
        GROUP BY e.subscriber_id, e.incident_id, d.last_sent_at, s.cadence, s.digest_hours
       HAVING d.last_sent_at IS NULL
           OR s.cadence IS DISTINCT FROM 'digest'
           OR d.last_sent_at + make_interval(hours => COALESCE(s.digest_hours, ${DEFAULT_DIGEST_HOURS})) <= $1
           OR bool_or(u.type = 'incident.resolved')
        LIMIT $2`,
      [now, limit, incidentId ?? null],
    );
  }

  /** Her held updates about the incident, oldest first. */
  async held(manager: EntityManager, due: DueDigest): Promise<HeldUpdate[]> {
    const rows: { update_id: string; sequence: number; type: IncidentChangeType; incident: IncidentSnapshot; update: IncidentUpdate }[] =
      await manager.query(
        `SELECT u.update_id, u.sequence, u.type, u.incident, u."update"
           FROM digest_entry e JOIN digest_update u ON u.update_id = e.update_id
          WHERE e.subscriber_id = $1 AND e.incident_id = $2 AND e.sent_at IS NULL
          ORDER BY u.sequence
          FOR UPDATE OF e`,
        [due.subscriberId, due.incidentId],
      );
    return rows.map((r) => ({ updateId: r.update_id, sequence: r.sequence, type: r.type, incident: r.incident, update: r.update }));
  }

  /** Records that a digest carrying these updates was queued at `now`: her next window starts there. */
  async markSent(manager: EntityManager, due: DueDigest, updateIds: string[], now: Date): Promise<void> {
    await manager.query('UPDATE digest_entry SET sent_at = $3 WHERE subscriber_id = $1 AND update_id = ANY($2::uuid[])', [
      due.subscriberId,
      updateIds,
      now,
    ]);
    await manager.query(
      `INSERT INTO digest_state (subscriber_id, incident_id, last_sent_at) VALUES ($1, $2, $3)
       ON CONFLICT (subscriber_id, incident_id) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at`,
      [due.subscriberId, due.incidentId, now],
    );
  }
}
