import { MigrationInterface, QueryRunner } from 'typeorm';

/** Callers on hold who pressed 1: each gets every later update of that incident by text. */
export class AddIncidentFollows1764200000000 implements MigrationInterface {
  name = 'AddIncidentFollows1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // The primary key makes a follow idempotent: the same request stored twice is one row.
    await q.query(`
      CREATE TABLE incident_follow (
        incident_id uuid NOT NULL,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        channel text NOT NULL,
        address text NOT NULL,
        requested_at timestamptz NOT NULL,
        PRIMARY KEY (incident_id, subscriber_id, channel)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE incident_follow');
  }
}
