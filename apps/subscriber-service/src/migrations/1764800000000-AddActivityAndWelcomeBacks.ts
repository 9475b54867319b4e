import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every activity of a customer (a login, a purchase, a call) and the welcome-back planned for each return after a
 * long absence. Campaign results read `activity` too ("returned" after a message), so its columns are a contract.
 */
export class AddActivityAndWelcomeBacks1764800000000 implements MigrationInterface {
  name = 'AddActivityAndWelcomeBacks1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // The id is the reporter's: the same activity reported twice is one row.
    await q.query(`
      CREATE TABLE activity (
        id uuid PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        source text NOT NULL
      )`);
    await q.query('CREATE INDEX activity_subscriber_idx ON activity (subscriber_id, occurred_at)');
    // One per return: an absence is known by where it began (her last-seen time before the return).
    await q.query(`
      CREATE TABLE welcome_back (
        id uuid PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        activity_id uuid NOT NULL,
        away_since timestamptz NOT NULL,
        returned_at timestamptz NOT NULL,
        state text NOT NULL,
        reason text,
        fixed text,
        channels text[] NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL,
        decided_at timestamptz,
        UNIQUE (subscriber_id, away_since)
      )`);
    await q.query(`CREATE INDEX welcome_back_pending_idx ON welcome_back (returned_at) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE welcome_back');
    await q.query('DROP TABLE activity');
  }
}
