import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** An OIDC sign-in under way: what the callback must match (state, nonce, PKCE verifier) and where to go after. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

export interface SessionRow {
  accountId: string | null;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  pendingSignIn: PendingSignIn | null;
}

/** `console_session`, keyed by the SHA-256 of the cookie's token (see SessionService). */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(idHash: Buffer, row: SessionRow): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO console_session (id_hash, account_id, csrf_token, created_at, last_seen_at, pending_sign_in) VALUES ($1, $2, $3, $4, $5, $6)',
      [idHash, row.accountId, row.csrfToken, row.createdAt, row.lastSeenAt, row.pendingSignIn ? JSON.stringify(row.pendingSignIn) : null],
    );
  }

  async find(idHash: Buffer): Promise<SessionRow | undefined> {
    const [r] = await this.dataSource.query('SELECT account_id, csrf_token, created_at, last_seen_at, pending_sign_in FROM console_session WHERE id_hash = $1', [idHash]);
    return r ? { accountId: r.account_id, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at, pendingSignIn: r.pending_sign_in } : undefined;
  }

  async touch(idHash: Buffer, at: Date): Promise<void> {
    await this.dataSource.query('UPDATE console_session SET last_seen_at = $2 WHERE id_hash = $1', [idHash, at]);
  }

  async setPendingSignIn(idHash: Buffer, pending: PendingSignIn | null): Promise<void> {
    await this.dataSource.query('UPDATE console_session SET pending_sign_in = $2 WHERE id_hash = $1', [idHash, pending ? JSON.stringify(pending) : null]);
  }

  async delete(idHash: Buffer): Promise<void> {
    await this.dataSource.query('DELETE FROM console_session WHERE id_hash = $1', [idHash]);
  }

  /** Ends every session of an account (disabled, re-roled or its password changed). */
  async deleteForAccount(accountId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM console_session WHERE account_id = $1', [accountId]);
  }

  /** Sessions idle since before `idleBefore` or signed in before `createdBefore` are over: removed. */
  async deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number> {
    const result = await this.dataSource.query('DELETE FROM console_session WHERE last_seen_at < $1 OR created_at < $2', [idleBefore, createdBefore]);
    return result[1] ?? 0;
  }
}
