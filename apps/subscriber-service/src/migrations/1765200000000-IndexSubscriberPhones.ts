import { MigrationInterface, QueryRunner } from 'typeorm';

/** An SMS opt-out or opt-in arrives by phone number (sms.consent-changed): find her subscribers without a scan. */
export class IndexSubscriberPhones1765200000000 implements MigrationInterface {
  name = 'IndexSubscriberPhones1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX subscriber_phone_idx ON subscriber (phone) WHERE phone IS NOT NULL');
    await q.query('CREATE INDEX consent_record_purpose_idx ON consent_record (subscriber_id, purpose, recorded_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX consent_record_purpose_idx');
    await q.query('DROP INDEX subscriber_phone_idx');
  }
}
