import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock, Role } from '@prespond/platform';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { AccountsRepository } from './accounts.repository';
import { hashPassword, passwordMatches } from './passwords';
import { StaffAccount } from './staff-account';

/** Why a sign-in was refused. */
export type SignInRefusal =
  | { reason: 'wrong' }
  | { reason: 'locked'; until: Date }
  | { reason: 'disabled' }
  | { reason: 'not-invited'; email?: string }
  | { reason: 'unverified-email' };

export type SignInResult = { account: StaffAccount } | SignInRefusal;

/** What the OIDC provider says about the person who signed in there. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
}

/** Invitations to set a password are valid this long. */
export const INVITATION_DAYS = 7;

const invitationHash = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * Signing in, and the accounts admins manage. Wrong passwords slow the next answer down (from the second one) and
 * the SIGN_IN_LOCK_AFTER-th in a row locks the account for SIGN_IN_LOCK_MINUTES: a locked account refuses even the
 * right password until then (or until an admin unlocks it). An unknown email costs the same hashing time as a known one.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly clock: Clock,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** The first admin (CONSOLE_ADMIN_EMAIL) and the SSO people of the config, created when missing. */
  async ensureConfiguredAccounts(): Promise<void> {
    const now = this.clock.now();
    const first = this.config.firstAdmin;
    if (first) {
      const created = await this.accounts.create({ email: first.email, name: nameFromEmail(first.email), role: 'admin', passwordHash: await hashPassword(first.password), createdAt: now, createdBy: 'config' });
      if (created) this.logger.log(`created the first admin account from CONSOLE_ADMIN_EMAIL (${created.id})`);
    }
    for (const person of this.config.ssoAccounts) {
      const created = await this.accounts.create({ email: person.email, name: nameFromEmail(person.email), role: person.role, createdAt: now, createdBy: 'config' });
      if (created) this.logger.log(`let in an SSO account from CONSOLE_SSO_ACCOUNTS (${created.id}, ${person.role})`);
    }
  }

  async signInWithPassword(email: string, password: string): Promise<SignInResult> {
    const account = await this.accounts.byEmail(email.trim());
    const matches = await passwordMatches(account?.passwordHash ?? null, password);
    if (!account) return { reason: 'wrong' };
    const now = this.clock.now();
    if (account.disabledAt) return { reason: 'disabled' };
    if (account.lockedUntil && account.lockedUntil > now) return { reason: 'locked', until: account.lockedUntil };
    if (!matches) {
      const { lockAfter, lockMinutes } = this.config.signIn;
      const after = await this.accounts.recordFailure(account.id, lockAfter, new Date(now.getTime() + lockMinutes * 60_000));
      const failures = after?.failedSignIns ?? 1;
      if (after?.lockedUntil && after.lockedUntil > now) {
        this.logger.warn(`account ${account.id} locked after ${failures} wrong passwords in a row`);
        return { reason: 'locked', until: after.lockedUntil };
      }
      // Each wrong password in a row makes the next answer slower: 0.5 s, 1 s, 2 s … (at most 4 s).
      if (failures >= 2) await this.pause(Math.min(250 * 2 ** (failures - 1), 4_000));
      return { reason: 'wrong' };
    }
    return { account: (await this.accounts.recordSignIn(account.id, now)) ?? account };
  }

  /** Waits before answering a wrong password (a spec replaces it to read the delays). */
  protected pause(ms: number): Promise<void> {
    return sleep(ms);
  }

  /**
   * The account of a person the OIDC provider vouched for: the one bound to their subject, or the one invited with
   * their (verified) email, which is then bound to the subject. Nobody gets in without an account an admin made.
   */
  async signInWithOidc(identity: OidcIdentity): Promise<SignInResult> {
    let account = await this.accounts.bySubject(identity.issuer, identity.subject);
    if (!account) {
      if (!identity.email) return { reason: 'not-invited' };
      if (identity.emailVerified === false) return { reason: 'unverified-email' };
      const invited = await this.accounts.byEmail(identity.email);
      if (!invited || (invited.oidcSubject && invited.oidcIssuer === identity.issuer)) return { reason: 'not-invited', email: identity.email };
      account = (await this.accounts.bindSubject(invited.id, identity.issuer, identity.subject)) ?? undefined;
      if (!account) return { reason: 'not-invited', email: identity.email };
    }
    if (account.disabledAt) return { reason: 'disabled' };
    return { account: (await this.accounts.recordSignIn(account.id, this.clock.now())) ?? account };
  }

  /** The account whose invitation token this is, while valid. */
  byInvitation(token: string): Promise<StaffAccount | undefined> {
    return this.accounts.byInvitation(invitationHash(token), this.clock.now());
  }

  /** Sets the password of the invited account (the invitation is used up). */
  async acceptInvitation(account: StaffAccount, password: string): Promise<StaffAccount> {
    return (await this.accounts.setPassword(account.id, await hashPassword(password))) ?? account;
  }

  /** A new invitation token for the account (its hash is kept); answers the token, for the link. */
  async newInvitation(accountId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.accounts.setInvitation(accountId, invitationHash(token), new Date(this.clock.now().getTime() + INVITATION_DAYS * 86_400_000));
    return token;
  }

  list(): Promise<StaffAccount[]> {
    return this.accounts.list();
  }

  byId(id: string): Promise<StaffAccount | undefined> {
    return this.accounts.byId(id);
  }

  byEmail(email: string): Promise<StaffAccount | undefined> {
    return this.accounts.byEmail(email);
  }

  /** Creates an account; undefined when the email has one already. */
  create(by: StaffAccount, person: { email: string; name: string; role: Role }): Promise<StaffAccount | undefined> {
    return this.accounts.create({ ...person, email: person.email.toLowerCase(), createdAt: this.clock.now(), createdBy: by.email });
  }

  setRole(id: string, role: Role): Promise<StaffAccount | undefined> {
    return this.accounts.setRole(id, role);
  }

  setDisabled(id: string, disabled: boolean): Promise<StaffAccount | undefined> {
    return this.accounts.setDisabled(id, disabled ? this.clock.now() : null);
  }

  unlock(id: string): Promise<StaffAccount | undefined> {
    return this.accounts.unlock(id);
  }

  countActiveAdmins(): Promise<number> {
    return this.accounts.countActiveAdmins();
  }
}

/** "dana.lee@example.com" → "Dana Lee": a starting name an admin can change. */
export function nameFromEmail(email: string): string {
  return email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ');
}
