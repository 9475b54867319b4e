import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@prespond/kafka';

export class CreateIncidents1763800000000 implements MigrationInterface {
  name = 'CreateIncidents1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        status text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
        severity text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
        components text[] NOT NULL,
        regions text[] NOT NULL,
        declared_at timestamptz NOT NULL,
        resolved_at timestamptz,
        updated_at timestamptz NOT NULL,
        last_sequence int NOT NULL
      )`);
    await q.query(`CREATE INDEX incident_active_idx ON incident (declared_at DESC) WHERE resolved_at IS NULL`);
    await q.query(`
      CREATE TABLE incident_update (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        sequence int NOT NULL,
        status text NOT NULL,
        message text NOT NULL,
        eta timestamptz,
        next_update_by timestamptz,
        created_at timestamptz NOT NULL,
        UNIQUE (incident_id, sequence)
      )`);
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox_message');
    await q.query('DROP TABLE incident_update');
    await q.query('DROP TABLE incident');
  }
}
