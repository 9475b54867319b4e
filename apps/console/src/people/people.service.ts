import { Injectable } from '@nestjs/common';
import { Role, ROLES } from '@prespond/platform';
import { AccountsService } from '../accounts/accounts.service';
import { StaffAccount } from '../accounts/staff-account';
import { SessionService } from '../sessions/session.service';

/** Why an admin's change was refused (the page words it). */
export type PeopleRefusal = 'unknown' | 'last-admin' | 'self' | 'email-taken';

export type PeopleResult = { account: StaffAccount; invitationToken?: string } | { refused: PeopleRefusal };

/**
 * What admins do to accounts. A change of role, a disable, takes effect at once: the person's sessions end. The last
 * active admin can be neither demoted nor disabled, and nobody disables themselves (someone must be able to undo it).
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionService,
  ) {}

  list(): Promise<StaffAccount[]> {
    return this.accounts.list();
  }

  async invite(by: StaffAccount, person: { email: string; name: string; role: Role; how: 'password' | 'sso' }): Promise<PeopleResult> {
    const account = await this.accounts.create(by, person);
    if (!account) return { refused: 'email-taken' };
    return { account, invitationToken: person.how === 'password' ? await this.accounts.newInvitation(account.id) : undefined };
  }

  async setRole(by: StaffAccount, id: string, role: Role): Promise<PeopleResult> {
    if (!(ROLES as readonly string[]).includes(role)) return { refused: 'unknown' };
    const account = await this.accounts.byId(id);
    if (!account) return { refused: 'unknown' };
    if (account.role === role) return { account };
    if (account.role === 'admin' && !account.disabledAt && (await this.accounts.countActiveAdmins()) <= 1) return { refused: 'last-admin' };
    const updated = await this.accounts.setRole(id, role);
    if (id !== by.id) await this.sessions.endAllOf(id);
    return { account: updated ?? account };
  }

  async setDisabled(by: StaffAccount, id: string, disabled: boolean): Promise<PeopleResult> {
    const account = await this.accounts.byId(id);
    if (!account) return { refused: 'unknown' };
    if (disabled && id === by.id) return { refused: 'self' };
    if (disabled && account.role === 'admin' && !account.disabledAt && (await this.accounts.countActiveAdmins()) <= 1) return { refused: 'last-admin' };
    const updated = await this.accounts.setDisabled(id, disabled);
    if (disabled) await this.sessions.endAllOf(id);
    return { account: updated ?? account };
  }

  async unlock(id: string): Promise<PeopleResult> {
    const account = await this.accounts.unlock(id);
    return account ? { account } : { refused: 'unknown' };
  }

  async newInvitation(id: string): Promise<PeopleResult> {
    const account = await this.accounts.byId(id);
    if (!account) return { refused: 'unknown' };
    return { account, invitationToken: await this.accounts.newInvitation(id) };
  }
}
