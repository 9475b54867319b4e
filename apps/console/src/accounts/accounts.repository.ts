import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@prespond/platform';
import { StaffAccount } from './staff-account';

interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  invitation_expires_at: Date | null;
  failed_sign_ins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: Date;
  created_by: string;
  last_sign_in_at: Date | null;
}

const fromRow = (r: AccountRow): StaffAccount => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  oidcIssuer: r.oidc_issuer,
  oidcSubject: r.oidc_subject,
  invitationExpiresAt: r.invitation_expires_at,
  failedSignIns: r.failed_sign_ins,
  lockedUntil: r.locked_until,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastSignInAt: r.last_sign_in_at,
});

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  passwordHash?: string | null;
  invitationHash?: Buffer | null;
  invitationExpiresAt?: Date | null;
  createdAt: Date;
  createdBy: string;
}

/** Staff accounts (`staff_account`). Emails are kept lower-cased. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async one(sql: string, params: unknown[]): Promise<StaffAccount | undefined> {
    const result: AccountRow[] | [AccountRow[], number] = await this.dataSource.query(sql, params);
    // TypeORM answers an UPDATE … RETURNING as [rows, count], a SELECT or INSERT as rows.
    const rows = Array.isArray(result[0]) ? (result[0] as AccountRow[]) : (result as AccountRow[]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Creates the account; undefined when the email is taken already. */
  async create(account: NewAccount): Promise<StaffAccount | undefined> {
    return this.one(
      `INSERT INTO staff_account (id, email, name, role, password_hash, invitation_hash, invitation_expires_at, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (email) DO NOTHING RETURNING *`,
      [randomUUID(), account.email, account.name, account.role, account.passwordHash ?? null, account.invitationHash ?? null, account.invitationExpiresAt ?? null, account.createdAt, account.createdBy],
    );
  }

  byId(id: string): Promise<StaffAccount | undefined> {
    return this.one('SELECT * FROM staff_account WHERE id = $1', [id]);
  }

  byEmail(email: string): Promise<StaffAccount | undefined> {
    return this.one('SELECT * FROM staff_account WHERE email = $1', [email.toLowerCase()]);
  }

  bySubject(issuer: string, subject: string): Promise<StaffAccount | undefined> {
    return this.one('SELECT * FROM staff_account WHERE oidc_issuer = $1 AND oidc_subject = $2', [issuer, subject]);
  }

  /** The account whose invitation this is, while it is valid. */
  byInvitation(hash: Buffer, now: Date): Promise<StaffAccount | undefined> {
    return this.one('SELECT * FROM staff_account WHERE invitation_hash = $1 AND invitation_expires_at > $2 AND disabled_at IS NULL', [hash, now]);
  }

  async list(): Promise<StaffAccount[]> {
    const rows: AccountRow[] = await this.dataSource.query('SELECT * FROM staff_account ORDER BY disabled_at IS NOT NULL, lower(name), email');
    return rows.map(fromRow);
  }

  async countActiveAdmins(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM staff_account WHERE role = 'admin' AND disabled_at IS NULL`);
    return row.n;
  }

  /** Binds the OIDC subject to the account (the first SSO sign-in of an invited email). */
  bindSubject(id: string, issuer: string, subject: string): Promise<StaffAccount | undefined> {
    return this.one('UPDATE staff_account SET oidc_issuer = $2, oidc_subject = $3 WHERE id = $1 AND oidc_subject IS NULL RETURNING *', [id, issuer, subject]);
  }

  /** A wrong password: one more failure, and the lock when it reaches `lockAfter`. Atomic, so parallel guesses count. */
  recordFailure(id: string, lockAfter: number, lockUntil: Date): Promise<StaffAccount | undefined> {
    return this.one(
      `UPDATE staff_account SET failed_sign_ins = failed_sign_ins + 1,
         locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE locked_until END
       WHERE id = $1 RETURNING *`,
      [id, lockAfter, lockUntil],
    );
  }

  recordSignIn(id: string, at: Date): Promise<StaffAccount | undefined> {
    return this.one('UPDATE staff_account SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2 WHERE id = $1 RETURNING *', [id, at]);
  }

  setPassword(id: string, passwordHash: string): Promise<StaffAccount | undefined> {
    return this.one(
      'UPDATE staff_account SET password_hash = $2, invitation_hash = NULL, invitation_expires_at = NULL, failed_sign_ins = 0, locked_until = NULL WHERE id = $1 RETURNING *',
      [id, passwordHash],
    );
  }

  setInvitation(id: string, hash: Buffer, expiresAt: Date): Promise<StaffAccount | undefined> {
    return this.one('UPDATE staff_account SET invitation_hash = $2, invitation_expires_at = $3 WHERE id = $1 RETURNING *', [id, hash, expiresAt]);
  }

  setRole(id: string, role: Role): Promise<StaffAccount | undefined> {
    return this.one('UPDATE staff_account SET role = $2 WHERE id = $1 RETURNING *', [id, role]);
  }

  setDisabled(id: string, at: Date | null): Promise<StaffAccount | undefined> {
    return this.one('UPDATE staff_account SET disabled_at = $2 WHERE id = $1 RETURNING *', [id, at]);
  }

  unlock(id: string): Promise<StaffAccount | undefined> {
    return this.one('UPDATE staff_account SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1 RETURNING *', [id]);
  }
}
