import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fresh preference link is asked for by email address or phone number: find her by either without a scan (the phone
 * index is IndexSubscriberPhones').
 */
export class IndexContacts1765500000000 implements MigrationInterface {
  name = 'IndexContacts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX subscriber_email_idx ON subscriber (email) WHERE email IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX subscriber_email_idx');
  }
}
