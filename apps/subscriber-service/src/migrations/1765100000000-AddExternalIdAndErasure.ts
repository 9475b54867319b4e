import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subscriber's id in the customer's own system (bulk imports are idempotent by it) and when she was erased at her
 * request: her row stays (the counts of campaigns, consents and reminders refer to it) without her contact data.
 */
export class AddExternalIdAndErasure1765100000000 implements MigrationInterface {
  name = 'AddExternalIdAndErasure1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subscriber ADD COLUMN external_id text, ADD COLUMN erased_at timestamptz');
    // Unique, and a plain (not partial) index so an import can upsert with ON CONFLICT (external_id); NULLs do not clash.
    await q.query('CREATE UNIQUE INDEX subscriber_external_id_idx ON subscriber (external_id)');
    // Her data export and erasure read her campaign recipients, whose key starts with the campaign.
    await q.query('CREATE INDEX campaign_recipient_subscriber_idx ON campaign_recipient (subscriber_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX campaign_recipient_subscriber_idx');
    await q.query('ALTER TABLE subscriber DROP COLUMN external_id, DROP COLUMN erased_at');
  }
}
