import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions asked for on the public status page, until confirmed (double opt-in): what she chose, the wording
 * she was shown, and the hash of the link's token or the texted code (never the secret itself).
 */
export class SelfSubscriptions1766000000000 implements MigrationInterface {
  name = 'SelfSubscriptions1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE self_subscription (
        id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('sms', 'email')),
        address text NOT NULL,
        name text NOT NULL,
        components text[] NOT NULL,
        regions text[] NOT NULL,
        cadence text,
        time_zone text NOT NULL,
        locale text NOT NULL,
        wording text NOT NULL,
        secret_hash text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        requested_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        subscriber_id uuid
      )`);
    await q.query('CREATE INDEX self_subscription_address ON self_subscription (channel, address, expires_at DESC)');
    await q.query('CREATE UNIQUE INDEX self_subscription_secret ON self_subscription (secret_hash) WHERE confirmed_at IS NULL AND channel = \'email\'');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE self_subscription');
  }
}
