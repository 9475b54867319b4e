import { MigrationInterface, QueryRunner } from 'typeorm';

/** A copy of each subscriber (from subscriber.changed) and the promised next update of open incidents. */
export class SubscriberViewAndPreview1764000000000 implements MigrationInterface {
  name = 'SubscriberViewAndPreview1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscriber_view (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        email text,
        phone text,
        time_zone text NOT NULL,
        locale text NOT NULL,
        components text[] NOT NULL,
        regions text[] NOT NULL,
        channels text[] NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX subscriber_view_phone_idx ON subscriber_view (phone)');
    await q.query('ALTER TABLE hold_incident ADD COLUMN next_update_by timestamptz, ADD COLUMN update_id uuid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE hold_incident DROP COLUMN next_update_by, DROP COLUMN update_id');
    await q.query('DROP TABLE subscriber_view');
  }
}
