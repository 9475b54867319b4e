import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscribers erased at their request (subscriber.erased): a tombstone per subscriber, so nothing arriving after the
 * erasure (a snapshot on another topic, a message planned just before it, a follow-up falling due) brings her data
 * back. And the indexes her data export and erasure read by.
 */
export class AddSubscriberErasures1765100000000 implements MigrationInterface {
  name = 'AddSubscriberErasures1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erased_subscriber (
        subscriber_id uuid PRIMARY KEY,
        erased_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX follow_up_subscriber_idx ON follow_up (subscriber_id)');
    await q.query('CREATE INDEX inbound_sms_from_idx ON inbound_sms (from_number)');
    await q.query('CREATE INDEX inbound_sms_follow_up_idx ON inbound_sms (follow_up_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inbound_sms_follow_up_idx');
    await q.query('DROP INDEX inbound_sms_from_idx');
    await q.query('DROP INDEX follow_up_subscriber_idx');
    await q.query('DROP TABLE erased_subscriber');
  }
}
