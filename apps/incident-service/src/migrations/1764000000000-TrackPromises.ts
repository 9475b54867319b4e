import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrackPromises1764000000000 implements MigrationInterface {
  name = 'TrackPromises1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE promise (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        update_id uuid NOT NULL REFERENCES incident_update (id),
        due_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'kept', 'kept_by_watchdog', 'broken')),
        alerted_at timestamptz,
        settled_at timestamptz,
        settled_by_update_id uuid,
        created_at timestamptz NOT NULL
      )`);
    // At most one open promise per incident: each update replaces the last one.
    await q.query(`CREATE UNIQUE INDEX promise_one_open_idx ON promise (incident_id) WHERE state = 'open'`);
    await q.query(`CREATE INDEX promise_open_due_idx ON promise (due_at) WHERE state = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE promise');
  }
}
