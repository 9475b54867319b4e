import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SubscriberEntity } from '../subscribers/subscriber.entity';

/** What stands in for her name once she is erased (the column is NOT NULL, and lists show something). */
export const ERASED_NAME = '(erased)';

/** Her rows in subscriber-service's tables other than the profile and consent records, as stored (camelCase keys). */
export interface StoredRows {
  plans: Record<string, unknown>[];
  activity: Record<string, unknown>[];
  welcomeBacks: Record<string, unknown>[];
  campaignRecipients: Record<string, unknown>[];
  marketingContacts: Record<string, unknown>[];
  incidentFollows: Record<string, unknown>[];
  reopenings: Record<string, unknown>[];
  digestEntries: Record<string, unknown>[];
}

/**
 * One subscriber's data across subscriber-service's tables: read whole for her export, and erased in one transaction.
 * New tables holding a subscriber id belong here too (export and erasure), or her rights miss them.
 */
@Injectable()
export class DataRightsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  lockSubscriber(manager: EntityManager, id: string): Promise<SubscriberEntity | null> {
    return manager.findOne(SubscriberEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async storedRows(subscriberId: string): Promise<StoredRows> {
    const q = (sql: string) => this.dataSource.query(sql, [subscriberId]);
    const [plans, activity, welcomeBacks, campaignRecipients, marketingContacts, incidentFollows, reopenings, digestEntries] = await Promise.all([
      q(`SELECT p.id, p.name, p.type, p.renewal_date::text AS "renewalDate", p.state, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
                COALESCE((SELECT json_agg(json_build_object('renewalDate', r.renewal_date, 'offsetDays', r.offset_days, 'daysLeft', r.days_left,
                                                            'channels', r.channels, 'sentAt', r.sent_at) ORDER BY r.sent_at)
                            FROM renewal_reminder r WHERE r.plan_id = p.id), '[]') AS reminders
           FROM plan p WHERE p.subscriber_id = $1 ORDER BY p.created_at, p.id`),
      q(`SELECT id, type, occurred_at AS "occurredAt", received_at AS "receivedAt", source FROM activity WHERE subscriber_id = $1 ORDER BY occurred_at, id`),
      q(`SELECT id, activity_id AS "activityId", away_since AS "awaySince", returned_at AS "returnedAt", state, reason, fixed, channels,
                recorded_at AS "recordedAt", decided_at AS "decidedAt"
           FROM welcome_back WHERE subscriber_id = $1 ORDER BY returned_at`),
      q(`SELECT r.campaign_id AS "campaignId", c.name AS "campaignName", r.channels, r.opted_out AS "optedOut", r.planned_at AS "plannedAt"
           FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id WHERE r.subscriber_id = $1 ORDER BY r.planned_at`),
      q(`SELECT contact_id AS "contactId", source, campaign_id AS "campaignId", planned_at AS "plannedAt" FROM marketing_contact WHERE subscriber_id = $1 ORDER BY planned_at`),
      q(`SELECT incident_id AS "incidentId", channel, address, requested_at AS "requestedAt" FROM incident_follow WHERE subscriber_id = $1 ORDER BY requested_at`),
      q(`SELECT incident_id AS "incidentId", reported_at AS "reportedAt" FROM reopening WHERE subscriber_id = $1 ORDER BY reported_at`),
      q(`SELECT e.incident_id AS "incidentId", e.update_id AS "updateId", e.sequence, e.sent_at AS "sentAt",
                u."update"->>'message' AS message, u."update"->>'createdAt' AS "postedAt"
           FROM digest_entry e JOIN digest_update u ON u.update_id = e.update_id WHERE e.subscriber_id = $1 ORDER BY e.incident_id, e.sequence`),
    ]);
    return { plans, activity, welcomeBacks, campaignRecipients, marketingContacts, incidentFollows, reopenings, digestEntries };
  }

  /**
   * Erases her in the caller's transaction (her row locked). Gone: her name (a placeholder), email, phone, channels,
   * components and regions (so no fan-out, campaign, reminder or welcome-back plans anything for her), marketing
   * consent, her incident follows (their address is her number), her held digest entries, the free text of her
   * welcome-backs; her active plans are cancelled. Kept, because counts rely on them and they hold no contact data:
   * campaign recipients, marketing contacts, consent records, renewal reminders, activity, reopenings, sent digest
   * entries.
   */
  async erase(manager: EntityManager, subscriberId: string, now: Date): Promise<void> {
    const q = (sql: string, params: unknown[] = [subscriberId, now]) => manager.query(sql, params);
    await q(
      `UPDATE subscriber SET name = $3, email = NULL, phone = NULL, channels = '{}', components = '{}', regions = '{}',
              marketing_consent = false, erased_at = $2, updated_at = $2 WHERE id = $1`,
      [subscriberId, now, ERASED_NAME],
    );
    await q('DELETE FROM incident_follow WHERE subscriber_id = $1', [subscriberId]);
    await q('DELETE FROM digest_entry WHERE subscriber_id = $1 AND sent_at IS NULL', [subscriberId]);
    await q('DELETE FROM digest_state WHERE subscriber_id = $1', [subscriberId]);
    await q(
      `UPDATE welcome_back SET fixed = NULL,
              reason = CASE WHEN state = 'pending' THEN 'erased' ELSE reason END,
              decided_at = CASE WHEN state = 'pending' THEN $2 ELSE decided_at END,
              state = CASE WHEN state = 'pending' THEN 'skipped' ELSE state END
        WHERE subscriber_id = $1`,
    );
    await q(`UPDATE plan SET state = 'cancelled', updated_at = $2 WHERE subscriber_id = $1 AND state = 'active'`);
  }
}
