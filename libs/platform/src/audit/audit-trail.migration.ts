import { QueryRunner } from 'typeorm';

/**
 * The `audit_entry` table, in the schema of the service whose migration runs it (each service has its own
 * `<timestamp>-AddAuditTrail` migration calling these, so the SQL is written once). Newest first by `id`, which is
 * also the keyset of `GET /audit`.
 */
export async function createAuditTrail(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor text NOT NULL,
      role text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      status_code int NOT NULL,
      target_id text
    )`);
  await q.query('CREATE INDEX audit_entry_actor ON audit_entry (actor, id)');
}

export async function dropAuditTrail(q: QueryRunner): Promise<void> {
  await q.query('DROP TABLE audit_entry');
}

/** The `via` column: the console key a person acted through (null for changes made with a key of one's own). */
export async function addAuditVia(q: QueryRunner): Promise<void> {
  await q.query('ALTER TABLE audit_entry ADD COLUMN via text');
}

export async function dropAuditVia(q: QueryRunner): Promise<void> {
  await q.query('ALTER TABLE audit_entry DROP COLUMN via');
}
