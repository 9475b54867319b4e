import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMS keywords (STOP/START/HELP) and texts kept for review: an inbound text records the keyword it was (and Twilio's
 * OptOutType, if Twilio recognised it), or why it was flagged and when ops reviewed it. Keyword answers may go to a
 * number that is nobody's in our copy of the subscribers, so a message no longer needs a subscriber.
 */
export class SmsKeywordsAndFlaggedTexts1765200000000 implements MigrationInterface {
  name = 'SmsKeywordsAndFlaggedTexts1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inbound_sms
        ADD COLUMN keyword text CHECK (keyword IN ('stop', 'start', 'help')),
        ADD COLUMN opt_out_type text,
        ADD COLUMN flag_reason text,
        ADD COLUMN reviewed_at timestamptz`);
    await q.query('ALTER TABLE inbound_sms DROP CONSTRAINT inbound_sms_handled_as_check');
    await q.query(`ALTER TABLE inbound_sms ADD CONSTRAINT inbound_sms_handled_as_check CHECK (handled_as IN ('follow-up-answer', 'unhandled', 'keyword', 'flagged'))`);
    // Ops page through the flagged texts newest first (keyset on received_at, sid); the rest is history.
    await q.query('CREATE INDEX inbound_sms_flagged_idx ON inbound_sms (received_at DESC, sid DESC) WHERE flag_reason IS NOT NULL');
    await q.query('CREATE INDEX inbound_sms_received_idx ON inbound_sms (received_at DESC, sid DESC)');
    await q.query('ALTER TABLE message ALTER COLUMN subscriber_id DROP NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM message WHERE subscriber_id IS NULL');
    await q.query('ALTER TABLE message ALTER COLUMN subscriber_id SET NOT NULL');
    await q.query('DROP INDEX inbound_sms_received_idx');
    await q.query('DROP INDEX inbound_sms_flagged_idx');
    await q.query(`UPDATE inbound_sms SET handled_as = 'unhandled' WHERE handled_as IN ('keyword', 'flagged')`);
    await q.query('ALTER TABLE inbound_sms DROP CONSTRAINT inbound_sms_handled_as_check');
    await q.query(`ALTER TABLE inbound_sms ADD CONSTRAINT inbound_sms_handled_as_check CHECK (handled_as IN ('follow-up-answer', 'unhandled'))`);
    await q.query('ALTER TABLE inbound_sms DROP COLUMN keyword, DROP COLUMN opt_out_type, DROP COLUMN flag_reason, DROP COLUMN reviewed_at');
  }
}
