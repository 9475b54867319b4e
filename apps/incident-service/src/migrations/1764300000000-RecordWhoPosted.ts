import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who posted each timeline entry (a person, or the promise watchdog's holding update); null on older entries. */
export class RecordWhoPosted1764300000000 implements MigrationInterface {
  name = 'RecordWhoPosted1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE incident_update ADD COLUMN posted_by text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE incident_update DROP COLUMN posted_by');
  }
}
