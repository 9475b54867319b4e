import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { CampaignChannelDeliveries, Channel, FollowUpFigures } from '@prespond/contracts';
import { MessageEntity } from '../delivery/message.entity';

/** One (update, channel) group of an incident's messages, as the database adds it up. */
export interface DeliveryGroupRow {
  update_id: string | null;
  update_sequence: number | null;
  update_created_at: Date | null;
  channel: Channel;
  messages: number;
  notified: number;
  first_latency: number | null;
  last_latency: number | null;
  /** Messages per outcome; only outcomes that occur. */
  outcomes: Record<string, number>;
}

/** Where an incident's messages begin and the last of them was accepted or delivered (null: it has none). */
export interface TimelineSpan {
  origin: Date | null;
  last: Date | null;
}

/** One bucket of an incident's timeline on one channel (bucket n starts n × size after the origin). */
export interface DeliveryTimelineRow {
  channel: Channel;
  bucket: number;
  accepted: number;
  delivered: number;
}

/** The incident's own messages (its updates and digests of them), not the follow-up questions after it. */
const INCIDENT_MESSAGES = `incident_id = $1 AND template LIKE 'incident.%'`;

/** Where a page of the communication log ends: the next page starts after this message. */
export interface LogPosition {
  createdAt: Date;
  id: string;
}

/** Read-only figures from the message log, for reports. */
@Injectable()
export class ReportsRepository {
  private readonly messages: Repository<MessageEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.messages = dataSource.getRepository(MessageEntity);
  }

  /**
   * An incident's messages counted per update and channel, all in the database (an incident may reach a million
   * customers): first per outcome, then those folded into one row per (update, channel) with the outcomes as JSON.
   * Latency is provider acceptance (`sent_at`) minus the update's posting, in seconds to the millisecond. Only the
   * incident's own messages (its updates and digests of them); follow-up questions are counted by followUpsOf.
   */
  deliveriesOf(incidentId: string): Promise<DeliveryGroupRow[]> {
    return this.dataSource.query(
      `WITH per_outcome AS (
         SELECT update_id, update_sequence, channel,
                CASE WHEN status = 'failed' AND error_code = 'suppressed' THEN 'suppressed' ELSE status END AS outcome,
                count(*) AS messages, count(sent_at) AS notified,
                min(sent_at) AS first_sent, max(sent_at) AS last_sent, min(update_created_at) AS update_created_at
           FROM message
          WHERE incident_id = $1 AND template LIKE 'incident.%'
          GROUP BY update_id, update_sequence, channel, outcome
       )
       SELECT update_id, update_sequence, channel,
              min(update_created_at) AS update_created_at,
              sum(messages)::int AS messages,
              sum(notified)::int AS notified,
              round(EXTRACT(EPOCH FROM min(first_sent) - min(update_created_at))::numeric, 3)::float8 AS first_latency,
              round(EXTRACT(EPOCH FROM max(last_sent) - min(update_created_at))::numeric, 3)::float8 AS last_latency,
              jsonb_object_agg(outcome, messages) AS outcomes
         FROM per_outcome
        GROUP BY update_id, update_sequence, channel
        ORDER BY update_sequence NULLS FIRST, channel`,
      [incidentId],
    );
  }

  /**
   * Where an incident's timeline starts (the posting of its first update that had messages; the first message's
   * creation for messages older than update links) and the last acceptance or delivery in it.
   */
  async timelineSpanOf(incidentId: string): Promise<TimelineSpan> {
    const [row] = await this.dataSource.query(
      `SELECT min(coalesce(update_created_at, created_at)) AS origin,
              greatest(max(sent_at), max(status_at) FILTER (WHERE status IN ('delivered', 'read'))) AS last
         FROM message
        WHERE ${INCIDENT_MESSAGES}`,
      [incidentId],
    );
    return { origin: row?.origin ?? null, last: row?.last ?? null };
  }

  /**
   * An incident's acceptances (sent_at) and confirmed deliveries (status_at of delivered or read messages) counted per
   * bucket of `bucketSeconds` after `origin` and per channel, in the database: only buckets with something in them.
   */
  timelineOf(incidentId: string, origin: Date, bucketSeconds: number): Promise<DeliveryTimelineRow[]> {
    return this.dataSource.query(
      `WITH events AS (
         SELECT channel, sent_at AS at, 1 AS accepted, 0 AS delivered FROM message WHERE ${INCIDENT_MESSAGES} AND sent_at IS NOT NULL
         UNION ALL
         SELECT channel, status_at, 0, 1 FROM message WHERE ${INCIDENT_MESSAGES} AND status IN ('delivered', 'read')
       )
       SELECT channel,
              greatest(0, floor(EXTRACT(EPOCH FROM at - $2::timestamptz) / $3))::int AS bucket,
              sum(accepted)::int AS accepted,
              sum(delivered)::int AS delivered
         FROM events
        GROUP BY 1, 2
        ORDER BY 2, 1`,
      [incidentId, origin, bucketSeconds],
    );
  }

  /** An incident's follow-ups counted per channel: planned, asked, and how they were answered. */
  followUpsOf(incidentId: string): Promise<FollowUpFigures[]> {
    return this.dataSource.query(
      `SELECT channel,
              count(*)::int AS "planned",
              count(asked_at)::int AS "asked",
              (count(*) FILTER (WHERE answer = 'yes'))::int AS "worksAgain",
              (count(*) FILTER (WHERE answer = 'trouble'))::int AS "stillHavingTrouble",
              (count(*) FILTER (WHERE asked_at IS NOT NULL AND answer IS NULL))::int AS "noAnswer"
         FROM follow_up
        WHERE incident_id = $1
        GROUP BY channel
        ORDER BY channel`,
      [incidentId],
    );
  }

  /** A campaign's messages counted per channel, in the database (a campaign may reach a million customers). */
  campaignDeliveriesOf(campaignId: string): Promise<CampaignChannelDeliveries[]> {
    return this.dataSource.query(
      `SELECT channel,
              count(*)::int AS "messages",
              count(sent_at)::int AS "sent",
              (count(*) FILTER (WHERE status IN ('delivered', 'read')))::int AS "delivered",
              (count(*) FILTER (WHERE status IN ('failed', 'undelivered')))::int AS "failed",
              (count(*) FILTER (WHERE status = 'deferred'))::int AS "deferred"
         FROM message
        WHERE campaign_id = $1
        GROUP BY channel
        ORDER BY channel`,
      [campaignId],
    );
  }

  /** One page of what we sent a subscriber, newest first, after `after` (keyset: no offset scans on long logs). */
  communicationsOf(subscriberId: string, after: LogPosition | undefined, limit: number): Promise<MessageEntity[]> {
    const query = this.messages.createQueryBuilder('m').where('m.subscriberId = :subscriberId', { subscriberId });
    if (after) query.andWhere('(m.createdAt, m.id) < (:createdAt, :id)', { createdAt: after.createdAt, id: after.id });
    return query.orderBy('m.createdAt', 'DESC').addOrderBy('m.id', 'DESC').limit(limit).getMany();
  }
}
