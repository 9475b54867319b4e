import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans a subscriber holds (with the date they renew), the reminder offsets of each plan type, and every renewal
 * reminder queued: unique per (plan, renewal date, offset), so a reminder goes out once across restarts and replicas.
 */
export class AddPlansAndRenewalReminders1764700000000 implements MigrationInterface {
  name = 'AddPlansAndRenewalReminders1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plan (
        id uuid PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        name text NOT NULL,
        type text NOT NULL,
        renewal_date date NOT NULL,
        state text NOT NULL,
        scheduled_from timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX plan_subscriber_idx ON plan (subscriber_id)');
    // The reminder round only looks at active plans renewing within the longest offset.
    await q.query(`CREATE INDEX plan_active_renewal_idx ON plan (renewal_date) WHERE state = 'active'`);
    await q.query(`
      CREATE TABLE plan_type (
        type text PRIMARY KEY,
        offsets_days int[] NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE renewal_reminder (
        plan_id uuid NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
        renewal_date date NOT NULL,
        offset_days int NOT NULL,
        days_left int NOT NULL,
        channels text[] NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (plan_id, renewal_date, offset_days)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE renewal_reminder');
    await q.query('DROP TABLE plan_type');
    await q.query('DROP TABLE plan');
  }
}
