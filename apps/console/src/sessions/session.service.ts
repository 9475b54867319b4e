import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '@prespond/platform';
import { AccountsRepository } from '../accounts/accounts.repository';
import { StaffAccount } from '../accounts/staff-account';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { PendingSignIn, SessionsRepository } from './sessions.repository';

/** A visitor's session as a request sees it. */
export interface ConsoleSession {
  /** The cookie's value (never stored: the table keeps its hash). */
  token: string;
  csrfToken: string;
  /** The person signed in; undefined before sign-in. */
  account?: StaffAccount;
  createdAt: Date;
  pendingSignIn: PendingSignIn | null;
}

/** Why a presented session was not taken (the sign-in page says so). */
export type SessionEnd = 'idle' | 'max-age' | 'disabled';

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const newToken = () => randomBytes(32).toString('base64url');

/** Only this often is a session's last-seen time written: a busy page polls every few seconds. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Sessions kept in PostgreSQL by the hash of a random 256-bit token (the cookie). Every visitor has one (its CSRF token
 * protects the sign-in form too); signing in starts a new one (no fixation). A session ends after SESSION_IDLE_MINUTES
 * without a request or SESSION_MAX_HOURS after sign-in, when its account is disabled, and at sign-out.
 */
@Injectable()
export class SessionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accounts: AccountsRepository,
    private readonly clock: Clock,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private get idleMs(): number {
    return this.config.sessions.idleMinutes * 60_000;
  }

  private get maxMs(): number {
    return this.config.sessions.maxHours * 3_600_000;
  }

  /** The session of this token, or why it ended (undefined: unknown token, or an anonymous session that ended). */
  async resume(token: string): Promise<ConsoleSession | SessionEnd | undefined> {
    const idHash = hashOf(token);
    const row = await this.sessions.find(idHash);
    if (!row) return undefined;
    const now = this.clock.now();
    const ended: SessionEnd | undefined =
      now.getTime() - row.lastSeenAt.getTime() >= this.idleMs ? 'idle' : now.getTime() - row.createdAt.getTime() >= this.maxMs ? 'max-age' : undefined;
    const account = row.accountId ? await this.accounts.byId(row.accountId) : undefined;
    const end = ended ?? (row.accountId && (!account || account.disabledAt) ? 'disabled' : undefined);
    // An ended session is left for the sweeper, so every request still carrying its cookie is told the same reason.
    if (end) return row.accountId ? end : undefined;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(idHash, now);
    return { token, csrfToken: row.csrfToken, account, createdAt: row.createdAt, pendingSignIn: row.pendingSignIn };
  }

  /** A new session, signed in as `account` or anonymous. */
  async start(account?: StaffAccount): Promise<ConsoleSession> {
    const token = newToken();
    const now = this.clock.now();
    const session = { token, csrfToken: newToken(), account, createdAt: now, pendingSignIn: null };
    await this.sessions.insert(hashOf(token), { accountId: account?.id ?? null, csrfToken: session.csrfToken, createdAt: now, lastSeenAt: now, pendingSignIn: null });
    return session;
  }

  /** Signs in: the old session (anonymous) ends and a new one starts, with a new token and CSRF token. */
  async signIn(previous: ConsoleSession | undefined, account: StaffAccount): Promise<ConsoleSession> {
    if (previous) await this.sessions.delete(hashOf(previous.token));
    return this.start(account);
  }

  async end(session: ConsoleSession): Promise<void> {
    await this.sessions.delete(hashOf(session.token));
  }

  async endAllOf(accountId: string): Promise<void> {
    await this.sessions.deleteForAccount(accountId);
  }

  async setPendingSignIn(session: ConsoleSession, pending: PendingSignIn | null): Promise<void> {
    await this.sessions.setPendingSignIn(hashOf(session.token), pending);
    session.pendingSignIn = pending;
  }

  private async sweep(): Promise<void> {
    const now = this.clock.now().getTime();
    try {
      await this.sessions.deleteExpired(new Date(now - this.idleMs), new Date(now - this.maxMs));
    } catch (error) {
      this.logger.warn(`could not remove ended sessions: ${(error as Error).message}`);
    }
  }
}
