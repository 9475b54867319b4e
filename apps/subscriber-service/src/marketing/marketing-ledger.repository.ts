import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Where a marketing contact came from. */
export type MarketingSource = 'welcome-back' | 'campaign';

/** One marketing contact with one subscriber: a welcome-back, or a campaign's message (on however many channels). */
export interface MarketingContact {
  /** Deterministic (campaign + subscriber; subscriber + return), so planning it again records nothing new. */
  contactId: string;
  subscriberId: string;
  source: MarketingSource;
  campaignId: string | null;
  plannedAt: Date;
}

/**
 * Every marketing contact planned for a subscriber (`marketing_contact`), written in the transaction that queues its
 * messages, so the frequency cap across welcome-back messages and campaigns counts exactly what went out.
 */
@Injectable()
export class MarketingLedgerRepository {
  /** Records the contacts; one already recorded is left as it is. */
  async record(manager: EntityManager, contacts: MarketingContact[]): Promise<void> {
    if (contacts.length === 0) return;
    await manager.query(
      `INSERT INTO marketing_contact (contact_id, subscriber_id, source, campaign_id, planned_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
      [
        contacts.map((c) => c.contactId),
        contacts.map((c) => c.subscriberId),
        contacts.map((c) => c.source),
        contacts.map((c) => c.campaignId),
        contacts.map((c) => c.plannedAt),
      ],
    );
  }

  /** How many marketing contacts each of these subscribers had since `since` (absent from the map: none). */
  async countsSince(manager: EntityManager, subscriberIds: string[], since: Date): Promise<Map<string, number>> {
    const rows: { subscriber_id: string; n: number }[] = await manager.query(
      `SELECT subscriber_id, count(*)::int AS n FROM marketing_contact
        WHERE subscriber_id = ANY($1::uuid[]) AND planned_at >= $2 GROUP BY subscriber_id`,
      [subscriberIds, since],
    );
    return new Map(rows.map((r) => [r.subscriber_id, r.n]));
  }

  /**
   * SQL condition "subscriber `alias` had fewer than `:capCount` marketing contacts since `:capSince`", for audience
   * queries that apply the cap without loading anyone.
   */
  static underCapSql(alias: string): string {
    return `(SELECT count(*) FROM marketing_contact m WHERE m.subscriber_id = ${alias}.id AND m.planned_at >= :capSince) < :capCount`;
  }
}
