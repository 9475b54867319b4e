import { ClaimLeases } from './claim-leases';
import { MessagesRepository } from './messages.repository';

describe('ClaimLeases', () => {
  const LEASE = 60_000;
  let owned: Set<string>;
  let renewals: string[][];
  let databaseAway: boolean;
  let leases: ClaimLeases;

  beforeEach(() => {
    jest.useFakeTimers();
    owned = new Set();
    renewals = [];
    databaseAway = false;
    const messages = {
      renewClaims: async (_owner: string, ids: string[]) => {
        renewals.push(ids);
        if (databaseAway) throw new Error('connection refused');
        return new Set(ids.filter((id) => owned.has(id)));
      },
    } as unknown as MessagesRepository;
    leases = new ClaimLeases(messages, LEASE);
  });

  afterEach(() => {
    leases.forget(['a', 'b']);
    jest.useRealTimers();
  });

  it('lets a provider call start only while at least half the lease is left', async () => {
    owned = new Set(['a']);
    leases.hold(['a'], ClaimLeases.now());
    expect(leases.holds('a')).toBe(true);
    expect(leases.holds('b')).toBe(false);
    // The renewals fail (the database is away): past half the lease, calls stop, long before the lease runs out.
    databaseAway = true;
    await jest.advanceTimersByTimeAsync(LEASE / 2 - 1);
    expect(leases.holds('a')).toBe(true);
    await jest.advanceTimersByTimeAsync(2);
    expect(leases.holds('a')).toBe(false);
    expect(renewals.length).toBe(2);
  });

  it('renews held claims every quarter of the lease, and drops one another messenger took over', async () => {
    owned = new Set(['a', 'b']);
    leases.hold(['a', 'b'], ClaimLeases.now());
    await jest.advanceTimersByTimeAsync(LEASE / 4);
    expect(renewals).toEqual([['a', 'b']]);
    owned.delete('b'); // its lease ran out and another messenger claimed it
    await jest.advanceTimersByTimeAsync(LEASE / 4);
    await jest.advanceTimersByTimeAsync(LEASE / 4);
    // 'a' renewed each time, so still held three quarters of a lease later; 'b' dropped at once.
    expect(leases.holds('a')).toBe(true);
    expect(leases.holds('b')).toBe(false);
    expect(leases.size).toBe(1);
  });

  it('stops renewing what it forgot, and writes its own name on the claims', async () => {
    owned = new Set(['a']);
    leases.hold(['a'], ClaimLeases.now());
    leases.forget(['a']);
    await jest.advanceTimersByTimeAsync(LEASE);
    expect(renewals).toEqual([]);
    expect(leases.owner).toMatch(new RegExp(`:${process.pid}:[0-9a-f]{8}$`));
  });
});
