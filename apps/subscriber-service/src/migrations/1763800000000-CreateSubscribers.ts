import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSubscribers1763800000000 implements MigrationInterface {
  name = 'CreateSubscribers1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscriber (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        email text,
        phone text,
        time_zone text NOT NULL,
        locale text NOT NULL,
        components text[] NOT NULL DEFAULT '{}',
        regions text[] NOT NULL DEFAULT '{}',
        channels text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // The fan-out finds affected subscribers by overlap (&&) on these arrays.
    await q.query('CREATE INDEX subscriber_components_idx ON subscriber USING gin (components)');
    await q.query('CREATE INDEX subscriber_regions_idx ON subscriber USING gin (regions)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE subscriber');
  }
}
