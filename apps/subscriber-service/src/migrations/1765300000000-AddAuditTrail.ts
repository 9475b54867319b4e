import { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTrail, dropAuditTrail } from '@prespond/platform';

/** Who made each change: the audit trail of every API change (`audit_entry`, read by admin at GET /audit). */
export class AddAuditTrail1765300000000 implements MigrationInterface {
  name = 'AddAuditTrail1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditTrail(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTrail(q);
  }
}
