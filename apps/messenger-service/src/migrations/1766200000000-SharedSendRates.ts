import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sender rates shared by every messenger: the next free turn per sending number and SMTP server (see SharedRates). */
export class SharedSendRates1766200000000 implements MigrationInterface {
  name = 'SharedSendRates1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE send_rate (key text PRIMARY KEY, next_at timestamptz NOT NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE send_rate');
  }
}
