import { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages say whether they are service or marketing messages, and which campaign a marketing message belongs to. */
export class MessageKindAndCampaign1764500000000 implements MigrationInterface {
  name = 'MessageKindAndCampaign1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE message ADD COLUMN kind text NOT NULL DEFAULT 'service', ADD COLUMN campaign_id uuid`);
    // Campaign results count a campaign's messages by channel and status.
    await q.query('CREATE INDEX message_campaign_idx ON message (campaign_id, channel, status) WHERE campaign_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message DROP COLUMN kind, DROP COLUMN campaign_id');
  }
}
