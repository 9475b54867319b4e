import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status reconciliation (status-reconciliation/): a text Twilio took whose status callbacks were lost (the messenger
 * was down; Twilio does not send a failed callback again) is looked up at Twilio. Each text remembers how often it was
 * looked up and when it is next due (`next_status_check_at`: null until the first look, which is due a while after
 * `sent_at`; moved forward when a replica claims it, and after each answer with backoff; 'infinity': never again).
 *
 * The index holds only the texts still waiting for a status (queued/sending/sent, not given up), so however large
 * the message log grows the round reads a small index in due order. Texts not due yet (sent within the reconciliation
 * delay, still waiting for their callbacks) are in it too; a round that finds fewer due texts than it wants reads past
 * them, which are few: callbacks take them out within seconds.
 */
export class ReconcileLostStatusCallbacks1765700000000 implements MigrationInterface {
  name = 'ReconcileLostStatusCallbacks1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message ADD COLUMN status_checks int NOT NULL DEFAULT 0, ADD COLUMN next_status_check_at timestamptz');
    await q.query(`
      CREATE INDEX message_status_check_idx ON message ((COALESCE(next_status_check_at, sent_at)), id)
       WHERE channel = 'sms' AND provider_id IS NOT NULL AND status IN ('queued', 'sending', 'sent')
         AND next_status_check_at IS DISTINCT FROM 'infinity'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX message_status_check_idx');
    await q.query('ALTER TABLE message DROP COLUMN status_checks, DROP COLUMN next_status_check_at');
  }
}
