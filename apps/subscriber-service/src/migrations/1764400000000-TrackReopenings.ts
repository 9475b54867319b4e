import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who reopened which incident (from incident.feedback): updates after a resolution go to them only. */
export class TrackReopenings1764400000000 implements MigrationInterface {
  name = 'TrackReopenings1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reopening (
        incident_id uuid NOT NULL,
        subscriber_id uuid NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (incident_id, subscriber_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reopening');
  }
}
