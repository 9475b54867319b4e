import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled maintenance: the window as it stands, and its timeline (scheduled, each notice ahead of it, moved or
 * extended, started, completed, cancelled). The unique indexes make each notice (per schedule version and offset)
 * and each end of the window happen once, whatever replica or retry gets there.
 */
export class ScheduleMaintenance1766000000000 implements MigrationInterface {
  name = 'ScheduleMaintenance1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE maintenance (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        message text NOT NULL,
        state text NOT NULL CHECK (state IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
        components text[] NOT NULL,
        regions text[] NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        schedule_version int NOT NULL,
        notified_offset_minutes int,
        ever_notified boolean NOT NULL,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX maintenance_open ON maintenance (starts_at) WHERE state IN (\'scheduled\', \'in_progress\')');
    await q.query('CREATE INDEX maintenance_recent ON maintenance (ends_at DESC)');
    await q.query(`
      CREATE TABLE maintenance_entry (
        id uuid PRIMARY KEY,
        maintenance_id uuid NOT NULL REFERENCES maintenance (id),
        kind text NOT NULL CHECK (kind IN ('scheduled', 'notice', 'rescheduled', 'started', 'completed', 'cancelled')),
        message text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        schedule_version int NOT NULL,
        offset_minutes int,
        previous_starts_at timestamptz,
        previous_ends_at timestamptz,
        announce boolean NOT NULL,
        author text,
        created_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX maintenance_entry_of ON maintenance_entry (maintenance_id, created_at)');
    await q.query("CREATE UNIQUE INDEX maintenance_notice_once ON maintenance_entry (maintenance_id, schedule_version, offset_minutes) WHERE kind = 'notice'");
    await q.query("CREATE UNIQUE INDEX maintenance_end_once ON maintenance_entry (maintenance_id, kind) WHERE kind IN ('scheduled', 'started', 'completed', 'cancelled')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE maintenance_entry');
    await q.query('DROP TABLE maintenance');
  }
}
