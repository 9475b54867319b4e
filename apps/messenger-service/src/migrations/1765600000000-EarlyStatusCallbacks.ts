import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status callbacks that arrive before their message's provider id is recorded (the send path records a batch's
 * answers together, and Twilio may call back within milliseconds): kept here until the record picks them up.
 */
export class EarlyStatusCallbacks1765600000000 implements MigrationInterface {
  name = 'EarlyStatusCallbacks1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE early_status (
        provider_id text NOT NULL,
        status text NOT NULL,
        error_code text,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, status)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE early_status');
  }
}
