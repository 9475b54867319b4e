import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marketing campaigns (audience filter, content per channel, schedule, throttle, frequency cap, lifecycle) and their
 * recipients: one row per (campaign, subscriber), written in the transaction that queues her messages, so a crash or a
 * second runner never plans her twice.
 */
export class AddCampaigns1764900000000 implements MigrationInterface {
  name = 'AddCampaigns1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        state text NOT NULL,
        audience jsonb NOT NULL,
        content jsonb NOT NULL,
        starts_at timestamptz,
        ends_at timestamptz,
        window_start text NOT NULL,
        window_end text NOT NULL,
        per_minute int NOT NULL,
        cap_count int NOT NULL,
        cap_days int NOT NULL,
        return_window_days int NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await q.query('CREATE INDEX campaign_state_idx ON campaign (state)');
    // channels: where her messages were queued; opted_out: campaign channels she chose but opted out of (results).
    await q.query(`
      CREATE TABLE campaign_recipient (
        campaign_id uuid NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
        subscriber_id uuid NOT NULL,
        channels text[] NOT NULL,
        opted_out text[] NOT NULL,
        planned_at timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, subscriber_id)
      )`);
    // The throttle counts the current minute's recipients.
    await q.query('CREATE INDEX campaign_recipient_planned_idx ON campaign_recipient (campaign_id, planned_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE campaign_recipient');
    await q.query('DROP TABLE campaign');
  }
}
