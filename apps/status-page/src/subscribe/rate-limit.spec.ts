import { SlidingWindowLimit } from './rate-limit';

describe('subscription requests per address and hour', () => {
  it('allows the limit within the window, refuses more, and allows again as old requests leave it', () => {
    const limit = new SlidingWindowLimit(3, 60_000);
    expect([0, 10, 20, 30].map((t) => limit.take('a', t))).toEqual([true, true, true, false]);
    expect(limit.take('b', 30)).toBe(true); // per key
    expect(limit.take('a', 60_001)).toBe(true); // the one at 0 has left the window
    expect(limit.take('a', 60_002)).toBe(false);
  });
});
