import { MigrationInterface, QueryRunner, DataSource } from 'typeorm';
import { freshDatabase } from '../../../test/support/infra';
import { migrate } from './database.module';

class CreateThing1700000000000 implements MigrationInterface {
  name = 'CreateThing1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE thing (id int PRIMARY KEY)');
    await q.query('SELECT pg_sleep(0.3)'); // long enough for the replicas to overlap
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE thing');
  }
}

describe('migrate', () => {
  it('runs each migration once when several replicas start together', async () => {
    const db = await freshDatabase('migrate');
    const replicas = [1, 2, 3].map(
      () =>
        new DataSource({
          type: 'postgres',
          url: db.url,
          schema: 'svc',
          migrations: [CreateThing1700000000000],
          migrationsTableName: 'migrations',
          extra: { options: '-c search_path=svc,public' },
        }),
    );
    try {
      await Promise.all(replicas.map((r) => r.initialize()));
      await Promise.all(replicas.map((r) => migrate(r, 'svc')));
      const applied = await replicas[0].query('SELECT name FROM svc.migrations');
      expect(applied).toEqual([{ name: 'CreateThing1700000000000' }]);
      expect(await replicas[0].query(`SELECT to_regclass('svc.thing') IS NOT NULL AS present`)).toEqual([{ present: true }]);
    } finally {
      await Promise.all(replicas.map((r) => (r.isInitialized ? r.destroy() : undefined)));
      await db.drop();
    }
  });
});
