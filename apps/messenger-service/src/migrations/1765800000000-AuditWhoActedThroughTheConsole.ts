import { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditVia, dropAuditVia } from '@prespond/platform';

/** The audit trail names the person who acted through the web console, and the console key they came through. */
export class AuditWhoActedThroughTheConsole1765800000000 implements MigrationInterface {
  name = 'AuditWhoActedThroughTheConsole1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await addAuditVia(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditVia(q);
  }
}
