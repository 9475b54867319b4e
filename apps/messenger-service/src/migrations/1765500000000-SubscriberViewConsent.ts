import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The messenger's copy of each subscriber keeps her marketing consent and channel opt-outs, so a message queued
 * before she changed them is suppressed at send time. Null: not known yet (her copy predates these fields).
 */
export class SubscriberViewConsent1765500000000 implements MigrationInterface {
  name = 'SubscriberViewConsent1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subscriber_view ADD COLUMN marketing_consent boolean, ADD COLUMN opted_out_channels text[]');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE subscriber_view DROP COLUMN marketing_consent, DROP COLUMN opted_out_channels');
  }
}
