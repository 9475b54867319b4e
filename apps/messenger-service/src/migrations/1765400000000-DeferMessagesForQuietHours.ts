import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quiet hours. The copy of each subscriber keeps her quiet hours (copies made before this get the defaults,
 * 21:00–08:00, incident updates at once, no critical override, as subscriber-service gave everyone). A message that
 * must wait is kept as `deferred` with when it is due and the message exactly as it was to be sent; each message
 * says how it stands towards quiet hours (`urgency`) and the zone its request gave her, so the deferred round can
 * check again with her settings of the morning. Follow-ups remember her zone for their question.
 */
export class DeferMessagesForQuietHours1765400000000 implements MigrationInterface {
  name = 'DeferMessagesForQuietHours1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber_view
        ADD COLUMN quiet_hours_start text DEFAULT '21:00',
        ADD COLUMN quiet_hours_end text DEFAULT '08:00',
        ADD COLUMN quiet_hours_incidents text NOT NULL DEFAULT 'send',
        ADD COLUMN quiet_hours_critical boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE message
        ADD COLUMN urgency text,
        ADD COLUMN time_zone text,
        ADD COLUMN due_at timestamptz,
        ADD COLUMN outbound jsonb`);
    // The deferred round reads due messages in order; only deferred rows are indexed, so the index stays small.
    await q.query(`CREATE INDEX message_deferred_due_idx ON message (due_at, id) WHERE status = 'deferred'`);
    // Superseding looks for a newer update of the same incident to the same subscriber on the same channel.
    await q.query('CREATE INDEX message_subscriber_incident_idx ON message (subscriber_id, incident_id, channel, update_sequence) WHERE incident_id IS NOT NULL');
    await q.query('ALTER TABLE follow_up ADD COLUMN time_zone text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE follow_up DROP COLUMN time_zone');
    await q.query('DROP INDEX message_subscriber_incident_idx');
    await q.query('DROP INDEX message_deferred_due_idx');
    await q.query('ALTER TABLE message DROP COLUMN urgency, DROP COLUMN time_zone, DROP COLUMN due_at, DROP COLUMN outbound');
    await q.query(`
      ALTER TABLE subscriber_view
        DROP COLUMN quiet_hours_start, DROP COLUMN quiet_hours_end, DROP COLUMN quiet_hours_incidents, DROP COLUMN quiet_hours_critical`);
  }
}
