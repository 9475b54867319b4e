import { MigrationInterface, QueryRunner } from 'typeorm';

/** A claim on a pending message is owned and expires (a lease): see ClaimLeases. */
export class ClaimLeases1766100000000 implements MigrationInterface {
  name = 'ClaimLeases1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE message DROP COLUMN lease_owner, DROP COLUMN lease_until');
  }
}
