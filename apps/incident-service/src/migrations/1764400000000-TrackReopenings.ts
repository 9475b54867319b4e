import { MigrationInterface, QueryRunner } from 'typeorm';

/** Customers who answered the follow-up with "still having trouble": the incident is reopened for each of them. */
export class TrackReopenings1764400000000 implements MigrationInterface {
  name = 'TrackReopenings1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reopening (
        incident_id uuid NOT NULL REFERENCES incident (id),
        subscriber_id uuid NOT NULL,
        follow_up_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms', 'email')),
        reported_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by_update_id uuid REFERENCES incident_update (id),
        PRIMARY KEY (incident_id, subscriber_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reopening');
  }
}
