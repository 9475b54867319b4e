import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each subscriber's quiet hours in her own zone (everyone starts with 21:00–08:00), what incident updates do in them,
 * and whether a critical incident may break them.
 */
export class AddQuietHours1765000000000 implements MigrationInterface {
  name = 'AddQuietHours1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber
        ADD COLUMN quiet_hours_start text DEFAULT '21:00',
        ADD COLUMN quiet_hours_end text DEFAULT '08:00',
        ADD COLUMN quiet_hours_incidents text NOT NULL DEFAULT 'send',
        ADD COLUMN quiet_hours_critical boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber
        DROP COLUMN quiet_hours_start, DROP COLUMN quiet_hours_end, DROP COLUMN quiet_hours_incidents, DROP COLUMN quiet_hours_critical`);
  }
}
