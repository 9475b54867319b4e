import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessagesAndHold1763800000000 implements MigrationInterface {
  name = 'CreateMessagesAndHold1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE message (
        id uuid PRIMARY KEY,
        subscriber_id uuid NOT NULL,
        channel text NOT NULL,
        template text NOT NULL,
        address text NOT NULL,
        incident_id uuid,
        subject text,
        body text NOT NULL,
        provider_id text,
        status text NOT NULL,
        error_code text,
        error_message text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        status_at timestamptz NOT NULL
      )`);
    await q.query('CREATE UNIQUE INDEX message_provider_id_idx ON message (provider_id) WHERE provider_id IS NOT NULL');
    await q.query('CREATE INDEX message_subscriber_idx ON message (subscriber_id, created_at DESC)');
    await q.query('CREATE INDEX message_incident_idx ON message (incident_id, created_at DESC)');
    await q.query(`
      CREATE TABLE hold_incident (
        incident_id uuid PRIMARY KEY,
        sequence int NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        severity text NOT NULL,
        components text[] NOT NULL,
        regions text[] NOT NULL,
        message text NOT NULL,
        eta timestamptz,
        declared_at timestamptz NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE hold_incident');
    await q.query('DROP TABLE message');
  }
}
