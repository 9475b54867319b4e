import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each message remembers the incident update it reports (id, sequence, when it was posted), so the incident report
 * can count per update and measure how long customers waited. Rows written before this have nulls.
 */
export class LinkMessagesToUpdates1764300000000 implements MigrationInterface {
  name = 'LinkMessagesToUpdates1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message ADD COLUMN update_id uuid, ADD COLUMN update_sequence int, ADD COLUMN update_created_at timestamptz');
    // The report groups one incident's messages by update and channel; the communication log pages by (created_at, id).
    await q.query('CREATE INDEX message_incident_update_idx ON message (incident_id, update_sequence, channel)');
    await q.query('CREATE INDEX message_subscriber_page_idx ON message (subscriber_id, created_at DESC, id DESC)');
    await q.query('DROP INDEX message_subscriber_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX message_subscriber_idx ON message (subscriber_id, created_at DESC)');
    await q.query('DROP INDEX message_subscriber_page_idx');
    await q.query('DROP INDEX message_incident_update_idx');
    await q.query('ALTER TABLE message DROP COLUMN update_id, DROP COLUMN update_sequence, DROP COLUMN update_created_at');
  }
}
