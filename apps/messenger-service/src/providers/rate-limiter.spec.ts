import { RateLimiter, TurnSource } from './rate-limiter';

/** SharedRates' booking, in memory: one next-free time per key, on the same clock as the limiters. */
class MemoryTurns implements TurnSource {
  private readonly next = new Map<string, number>();
  bookings = 0;
  async reserve(key: string, count: number, intervalMs: number): Promise<number> {
    this.bookings++;
    const now = performance.now();
    const first = Math.max(this.next.get(key) ?? now, now);
    this.next.set(key, first + count * intervalMs);
    return first - now;
  }
}

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts calls one every 1000/perSecond ms, in order, from the previous start', async () => {
    const limiter = new RateLimiter(4);
    const started: [number, number][] = [];
    const t0 = performance.now();
    const calls = [0, 1, 2, 3, 4].map((i) => limiter.run(async () => void started.push([i, performance.now() - t0])));
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all(calls);
    expect(started).toEqual([[0, 0], [1, 250], [2, 500], [3, 750], [4, 1000]]);
  });

  it('lets a caller whose signal is aborted leave the line at once, without taking a turn', async () => {
    const limiter = new RateLimiter(1);
    const started: string[] = [];
    const gone = new AbortController();
    const first = limiter.run(async () => void started.push('first'));
    const waiting = [1, 2, 3].map((i) => limiter.run(async () => void started.push(`aborted ${i}`), gone.signal));
    const last = limiter.run(async () => void started.push('last'));
    await jest.advanceTimersByTimeAsync(10);
    gone.abort(new Error('partition revoked'));
    for (const w of waiting) await expect(w).rejects.toThrow('partition revoked');
    // The next caller starts one step after the first: the three that left took no turn.
    await jest.advanceTimersByTimeAsync(990);
    await Promise.all([first, last]);
    expect(started).toEqual(['first', 'last']);
    await expect(limiter.run(async () => 'never', gone.signal)).rejects.toThrow('partition revoked');
  });

  it('does not hold calls back without a limit', async () => {
    const limiter = new RateLimiter(null);
    const results = await Promise.all([1, 2, 3].map((i) => limiter.run(async () => i)));
    expect(results).toEqual([1, 2, 3]);
  });

  it('keeps one rate for several limiters sharing it: turns booked in blocks never overlap', async () => {
    const turns = new MemoryTurns();
    const limiters = [1, 2, 3].map(() => new RateLimiter(10, { source: turns, key: 'sms:+15005550006' }));
    const starts: number[] = [];
    const t0 = performance.now();
    const calls = limiters.flatMap((limiter) => Array.from({ length: 20 }, () => limiter.run(async () => void starts.push(performance.now() - t0))));
    await jest.advanceTimersByTimeAsync(6_100);
    await Promise.all(calls);
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(60);
    // 60 calls at 10/s together: the last starts 5.9 s after the first, never two within 100 ms.
    expect(starts[59] - starts[0]).toBeCloseTo(5_900, -1);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(99.9);
    // Blocks of a quarter second's worth (2 turns at 10/s): about 30 bookings, not one per call.
    expect(turns.bookings).toBeLessThanOrEqual(33);
  });

  it('fails the callers a booking was for when the shared source cannot be reached, and goes on with the next', async () => {
    let down = true;
    const source: TurnSource = { reserve: async () => (down ? Promise.reject(new Error('database unreachable')) : 0) };
    const limiter = new RateLimiter(1, { source, key: 'email' });
    await expect(limiter.run(async () => 'sent')).rejects.toThrow('database unreachable');
    down = false;
    await expect(limiter.run(async () => 'sent')).resolves.toBe('sent');
  });
});
