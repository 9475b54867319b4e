import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each subscriber's update cadence, and the updates held for digest subscribers until their window ends. */
export class AddCadence1764100000000 implements MigrationInterface {
  name = 'AddCadence1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber
        ADD COLUMN cadence text,
        ADD COLUMN digest_hours int,
        ADD COLUMN critical_override boolean NOT NULL DEFAULT false`);
    // One row per incident update held for digests: the incident and the update as the event carried them.
    await q.query(`
      CREATE TABLE digest_update (
        update_id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        sequence int NOT NULL,
        type text NOT NULL,
        incident jsonb NOT NULL,
        "update" jsonb NOT NULL
      )`);
    // One row per (subscriber, update) held for her digest; sent_at is set when a digest carrying it is queued.
    // The key makes a redelivered incident event hold nothing twice, and a sent entry is never held again.
    await q.query(`
      CREATE TABLE digest_entry (
        subscriber_id uuid NOT NULL,
        update_id uuid NOT NULL REFERENCES digest_update (update_id),
        incident_id uuid NOT NULL,
        sequence int NOT NULL,
        sent_at timestamptz,
        PRIMARY KEY (subscriber_id, update_id)
      )`);
    await q.query('CREATE INDEX digest_entry_unsent_idx ON digest_entry (incident_id, subscriber_id) WHERE sent_at IS NULL');
    // When each subscriber last got a message about each incident through the digest path: her window starts there.
    await q.query(`
      CREATE TABLE digest_state (
        subscriber_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        last_sent_at timestamptz NOT NULL,
        PRIMARY KEY (subscriber_id, incident_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE digest_state');
    await q.query('DROP TABLE digest_entry');
    await q.query('DROP TABLE digest_update');
    await q.query('ALTER TABLE subscriber DROP COLUMN cadence, DROP COLUMN digest_hours, DROP COLUMN critical_override');
  }
}
