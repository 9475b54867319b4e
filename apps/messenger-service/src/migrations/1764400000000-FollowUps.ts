import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@prespond/kafka';

/**
 * Follow-ups after a resolution (one per incident × subscriber), every answer received, every inbound text (its
 * Twilio sid unique, so a retried webhook is recorded once), and an outbox for incident.feedback.
 */
export class FollowUps1764400000000 implements MigrationInterface {
  name = 'FollowUps1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        subscriber_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms', 'email')),
        address text NOT NULL,
        name text NOT NULL,
        locale text NOT NULL,
        incident_title text NOT NULL,
        affected text NOT NULL,
        resolved_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        asked_at timestamptz,
        answer text CHECK (answer IN ('yes', 'trouble')),
        answered_at timestamptz,
        acknowledged_at timestamptz,
        created_at timestamptz NOT NULL,
        UNIQUE (incident_id, subscriber_id)
      )`);
    await q.query('CREATE INDEX follow_up_due_idx ON follow_up (due_at) WHERE asked_at IS NULL');
    await q.query('CREATE INDEX follow_up_address_idx ON follow_up (address, asked_at)');
    await q.query(`
      CREATE TABLE follow_up_answer (
        id bigserial PRIMARY KEY,
        follow_up_id uuid NOT NULL REFERENCES follow_up (id),
        answer text NOT NULL CHECK (answer IN ('yes', 'trouble')),
        via text NOT NULL CHECK (via IN ('sms', 'email')),
        counted boolean NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX follow_up_answer_follow_up_idx ON follow_up_answer (follow_up_id)');
    await q.query(`
      CREATE TABLE inbound_sms (
        sid text PRIMARY KEY,
        from_number text NOT NULL,
        body text NOT NULL,
        handled_as text NOT NULL CHECK (handled_as IN ('follow-up-answer', 'unhandled')),
        follow_up_id uuid REFERENCES follow_up (id),
        received_at timestamptz NOT NULL
      )`);
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox_message');
    await q.query('DROP TABLE inbound_sms');
    await q.query('DROP TABLE follow_up_answer');
    await q.query('DROP TABLE follow_up');
  }
}
