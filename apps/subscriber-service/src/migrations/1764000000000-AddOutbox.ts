import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@prespond/kafka';

/** Subscriber changes are published (subscriber.changed) through an outbox of the service's own. */
export class AddOutbox1764000000000 implements MigrationInterface {
  name = 'AddOutbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox_message');
  }
}
