import { RateLimiter } from './rate-limiter';

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
});
