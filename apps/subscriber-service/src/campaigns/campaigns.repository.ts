import { Injectable } from '@nestjs/common';
import { Channel } from '@prespond/contracts';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { CampaignEntity, CampaignState } from './campaign.entity';

/** One recipient as planned: where her messages went, and which campaign channels she had opted out of. */
export interface PlannedRecipient {
  subscriberId: string;
  channels: Channel[];
  optedOut: Channel[];
}

/** Per channel, from the recipients: targeted, skipped for an opt-out, and returned within the window. */
export interface RecipientFigures {
  channel: Channel;
  targeted: number;
  optedOut: number;
  returned: number;
}

/** Campaigns and their recipients (`campaign`, `campaign_recipient`). */
@Injectable()
export class CampaignsRepository {
  private readonly campaigns: Repository<CampaignEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.campaigns = dataSource.getRepository(CampaignEntity);
  }

  findById(id: string): Promise<CampaignEntity | null> {
    return this.campaigns.findOneBy({ id });
  }

  list(): Promise<CampaignEntity[]> {
    return this.campaigns.find({ order: { createdAt: 'DESC' } });
  }

  save(campaign: CampaignEntity): Promise<CampaignEntity> {
    return this.campaigns.save(campaign);
  }

  /**
   * Moves the campaign from one of `from` to `to`, atomically (a runner's batch holds the row while it plans, so a
   * pause waits for at most one batch and nothing is planned after it returns). Null: it was in none of `from`.
   */
  async transition(id: string, from: CampaignState[], to: CampaignState, now: Date): Promise<CampaignEntity | null> {
    // TypeORM answers an UPDATE with [returned rows, affected count].
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE campaign SET state = $3, updated_at = $4, completed_at = CASE WHEN $3 IN ('completed', 'cancelled') THEN $4 ELSE completed_at END
        WHERE id = $1 AND state = ANY($2::text[]) RETURNING id`,
      [id, from, to, now],
    );
    return rows.length > 0 ? this.findById(id) : null;
  }

  /** Scheduled campaigns whose start has come become running. */
  async startDue(now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE campaign SET state = 'running', updated_at = $1 WHERE state = 'scheduled' AND starts_at <= $1`, [now]);
  }

  async runningIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM campaign WHERE state = 'running' ORDER BY created_at`);
    return rows.map((r) => r.id);
  }

  /** The campaign, its row locked against state changes until this transaction ends. */
  async lockForPlanning(manager: EntityManager, id: string): Promise<CampaignEntity | null> {
    return manager.getRepository(CampaignEntity).createQueryBuilder('c').setLock('pessimistic_read').where('c.id = :id', { id }).getOne();
  }

  /** Recipients planned (with at least one message) since `since`: what the throttle has used this minute. */
  async plannedSince(manager: EntityManager, campaignId: string, since: Date): Promise<number> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM campaign_recipient WHERE campaign_id = $1 AND planned_at >= $2 AND cardinality(channels) > 0`,
      [campaignId, since],
    );
    return row.n;
  }

  /** Records the recipients; returns the ids newly recorded (one already planned, by anyone, is left out). */
  async recordRecipients(manager: EntityManager, campaignId: string, recipients: PlannedRecipient[], now: Date): Promise<Set<string>> {
    if (recipients.length === 0) return new Set();
    const rows: { subscriber_id: string }[] = await manager.query(
      `INSERT INTO campaign_recipient (campaign_id, subscriber_id, channels, opted_out, planned_at)
       SELECT $1, r.subscriber_id, string_to_array(r.channels, ',')::text[], string_to_array(r.opted_out, ',')::text[], $5
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS r (subscriber_id, channels, opted_out)
       ON CONFLICT DO NOTHING RETURNING subscriber_id`,
      [campaignId, recipients.map((r) => r.subscriberId), recipients.map((r) => r.channels.join(',')), recipients.map((r) => r.optedOut.join(',')), now],
    );
    return new Set(rows.map((r) => r.subscriber_id));
  }

  async complete(manager: EntityManager, campaignId: string, now: Date): Promise<void> {
    await manager.query(`UPDATE campaign SET state = 'completed', completed_at = $2, updated_at = $2 WHERE id = $1 AND state = 'running'`, [campaignId, now]);
  }

  /**
   * Per channel: recipients targeted there, skipped there for an opt-out, and returned (activity within
   * `returnWindowDays` after she was planned, from the activity area's `activity` table).
   */
  async recipientFigures(campaignId: string, channels: Channel[], returnWindowDays: number): Promise<RecipientFigures[]> {
    const returned = `count(*) FILTER (WHERE c = ANY(r.channels) AND EXISTS (SELECT 1 FROM activity a WHERE a.subscriber_id = r.subscriber_id
           AND a.occurred_at >= r.planned_at AND a.occurred_at < r.planned_at + make_interval(days => $3)))::int`;
    return this.dataSource.query(
      `SELECT c AS channel,
              (count(*) FILTER (WHERE c = ANY(r.channels)))::int AS targeted,
              (count(*) FILTER (WHERE c = ANY(r.opted_out)))::int AS "optedOut",
              ${returned} AS returned
         FROM unnest($2::text[]) AS c LEFT JOIN campaign_recipient r ON r.campaign_id = $1
        GROUP BY c ORDER BY c`,
      [campaignId, channels, returnWindowDays],
    );
  }
}
