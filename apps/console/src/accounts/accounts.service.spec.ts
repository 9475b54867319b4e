import { ManualClock } from '@prespond/platform';
import { ConsoleConfig } from '../config/env';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { hashPassword } from './passwords';
import { StaffAccount } from './staff-account';

/** Accounts kept in memory, with the repository's locking rule (the SQL does the same in one statement). */
class MemoryAccounts {
  constructor(readonly account: StaffAccount) {}
  async byEmail(email: string) {
    return email === this.account.email ? { ...this.account } : undefined;
  }
  async recordFailure(_id: string, lockAfter: number, lockUntil: Date) {
    this.account.failedSignIns += 1;
    if (this.account.failedSignIns >= lockAfter) this.account.lockedUntil = lockUntil;
    return { ...this.account };
  }
  async recordSignIn(_id: string, at: Date) {
    Object.assign(this.account, { failedSignIns: 0, lockedUntil: null, lastSignInAt: at });
    return { ...this.account };
  }
}

class Recorded extends AccountsService {
  readonly pauses: number[] = [];
  protected override async pause(ms: number): Promise<void> {
    this.pauses.push(ms);
  }
}

describe('signing in with a password', () => {
  const clock = new ManualClock(new Date('2026-12-02T10:00:00Z'));
  const config = { signIn: { lockAfter: 5, lockMinutes: 15 } } as ConsoleConfig;
  let accounts: MemoryAccounts;
  let service: Recorded;

  beforeAll(async () => {
    const account: StaffAccount = {
      id: 'a1', email: 'lena@example.com', name: 'Lena', role: 'ops', passwordHash: await hashPassword('a long and private phrase'),
      oidcIssuer: null, oidcSubject: null, invitationExpiresAt: null, failedSignIns: 0, lockedUntil: null, disabledAt: null,
      createdAt: clock.now(), createdBy: 'config', lastSignInAt: null,
    };
    accounts = new MemoryAccounts(account);
    service = new Recorded(accounts as unknown as AccountsRepository, clock, config);
  });

  it('answers each wrong password more slowly from the second on, then locks the account at the fifth', async () => {
    const answers = [];
    for (let attempt = 1; attempt <= 5; attempt++) answers.push(await service.signInWithPassword('lena@example.com', `guess ${attempt}`));
    expect(answers.map((a) => ('reason' in a ? a.reason : 'signed in'))).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked']);
    expect(service.pauses).toEqual([500, 1_000, 2_000]);
    expect(answers[4]).toEqual({ reason: 'locked', until: new Date('2026-12-02T10:15:00Z') });
  });

  it('refuses even the right password while locked, and lets her in once the lock has passed', async () => {
    expect(await service.signInWithPassword('lena@example.com', 'a long and private phrase')).toEqual({ reason: 'locked', until: new Date('2026-12-02T10:15:00Z') });
    clock.advance(15 * 60_000);
    const after = await service.signInWithPassword('lena@example.com', 'a long and private phrase');
    expect('account' in after && after.account.failedSignIns).toBe(0);
  });

  it('answers an unknown email like a wrong password', async () => {
    expect(await service.signInWithPassword('nobody@example.com', 'whatever it is')).toEqual({ reason: 'wrong' });
  });
});
