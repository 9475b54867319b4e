import { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditVia, createAuditTrail } from '@prespond/platform';

/**
 * The console's own tables: staff accounts (local with an argon2 hash, or bound to the OIDC provider's subject),
 * sessions (kept by the SHA-256 of their cookie, so a copy of the table opens none), and the audit trail of what
 * admins change here (people, roles).
 */
export class StaffAccountsAndSessions1765800000000 implements MigrationInterface {
  name = 'StaffAccountsAndSessions1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_account (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ops', 'marketing', 'admin')),
        password_hash text,
        oidc_issuer text,
        oidc_subject text,
        invitation_hash bytea,
        invitation_expires_at timestamptz,
        failed_sign_ins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        last_sign_in_at timestamptz
      )`);
    await q.query('CREATE UNIQUE INDEX staff_account_email ON staff_account (email)');
    await q.query('CREATE UNIQUE INDEX staff_account_oidc ON staff_account (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX staff_account_invitation ON staff_account (invitation_hash) WHERE invitation_hash IS NOT NULL');
    await q.query(`
      CREATE TABLE console_session (
        id_hash bytea PRIMARY KEY,
        account_id uuid REFERENCES staff_account (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        pending_sign_in jsonb
      )`);
    await q.query('CREATE INDEX console_session_last_seen ON console_session (last_seen_at)');
    await q.query('CREATE INDEX console_session_account ON console_session (account_id)');
    await createAuditTrail(q);
    await addAuditVia(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_entry');
    await q.query('DROP TABLE console_session');
    await q.query('DROP TABLE staff_account');
  }
}
