import { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTrail, dropAuditTrail } from '@prespond/platform';

/**
 * Who made each change: the audit trail of every API change (`audit_entry`), and on each timeline entry the person
 * (API key name) who posted it, beside the kind of poster that `posted_by` already says.
 */
export class AddAuditTrail1765300000000 implements MigrationInterface {
  name = 'AddAuditTrail1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditTrail(q);
    await q.query('ALTER TABLE incident_update ADD COLUMN author text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE incident_update DROP COLUMN author');
    await dropAuditTrail(q);
  }
}
