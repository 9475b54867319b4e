import { MigrationInterface, QueryRunner } from 'typeorm';

/** Scheduled maintenance as the on-hold announcement needs it: callers hear of a window while it runs. */
export class HoldMaintenance1766000000000 implements MigrationInterface {
  name = 'HoldMaintenance1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hold_maintenance (
        maintenance_id uuid PRIMARY KEY,
        title text NOT NULL,
        state text NOT NULL,
        components text[] NOT NULL,
        regions text[] NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE hold_maintenance');
  }
}
