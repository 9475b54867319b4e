import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What renewal reminders, welcome-back messages and campaigns need to know about a subscriber: her marketing consent
 * and channel opt-outs (with a record of every change), when she was last seen, which incidents there are, and every
 * marketing contact planned for her (the frequency cap counts them).
 */
export class ConsentActivityAndIncidents1764600000000 implements MigrationInterface {
  name = 'ConsentActivityAndIncidents1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subscriber
        ADD COLUMN marketing_consent boolean NOT NULL DEFAULT false,
        ADD COLUMN opted_out_channels text[] NOT NULL DEFAULT '{}',
        ADD COLUMN last_seen_at timestamptz`);
    await q.query('CREATE INDEX subscriber_last_seen_idx ON subscriber (last_seen_at)');
    // Every opt-in and opt-out, with where it came from and when: the current state is on the subscriber row.
    await q.query(`
      CREATE TABLE consent_record (
        id bigserial PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        granted boolean NOT NULL,
        source text NOT NULL,
        wording text,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX consent_record_subscriber_idx ON consent_record (subscriber_id, recorded_at)');
    // The incidents as the fan-out saw them (newest sequence wins): who has an open incident, what was resolved when.
    await q.query(`
      CREATE TABLE known_incident (
        id uuid PRIMARY KEY,
        sequence int NOT NULL,
        title text NOT NULL,
        severity text NOT NULL,
        components text[] NOT NULL,
        regions text[] NOT NULL,
        declared_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await q.query('CREATE INDEX known_incident_open_idx ON known_incident (resolved_at)');
    // Every marketing contact planned for a subscriber (a welcome-back, a campaign's message on however many
    // channels): the frequency cap counts these.
    await q.query(`
      CREATE TABLE marketing_contact (
        contact_id uuid PRIMARY KEY,
        subscriber_id uuid NOT NULL,
        source text NOT NULL,
        campaign_id uuid,
        planned_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX marketing_contact_subscriber_idx ON marketing_contact (subscriber_id, planned_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE marketing_contact');
    await q.query('DROP TABLE known_incident');
    await q.query('DROP TABLE consent_record');
    await q.query('ALTER TABLE subscriber DROP COLUMN marketing_consent, DROP COLUMN opted_out_channels, DROP COLUMN last_seen_at');
  }
}
