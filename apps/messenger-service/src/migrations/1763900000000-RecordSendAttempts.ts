import { MigrationInterface, QueryRunner } from 'typeorm';

/** Send attempts are recorded before the provider is called (crash recovery), and refused addresses are suppressed. */
export class RecordSendAttempts1763900000000 implements MigrationInterface {
  name = 'RecordSendAttempts1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message ADD COLUMN attempts int NOT NULL DEFAULT 0, ADD COLUMN attempted_at timestamptz');
    await q.query(`
      CREATE TABLE suppression (
        channel text NOT NULL,
        address text NOT NULL,
        reason text NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, address)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE suppression');
    await q.query('ALTER TABLE message DROP COLUMN attempts, DROP COLUMN attempted_at');
  }
}
