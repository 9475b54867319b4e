import { backoff, DEFAULT_RETRY_POLICY } from './failures';

describe('backoff', () => {
  it('doubles from the base, up to the cap', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4].map((n) => backoff(1000, n, 5000, middle))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('jitters within ±20 %', () => {
    expect(backoff(1000, 1, 5000, () => 0)).toBe(800);
    expect(backoff(1000, 1, 5000, () => 1)).toBe(1200);
  });

  it('gives a poison event up after about half an hour by default', () => {
    const { retryAttempts, retryDelayMs, maxDelayMs } = DEFAULT_RETRY_POLICY;
    const total = Array.from({ length: retryAttempts }, (_, i) => backoff(retryDelayMs, i + 1, maxDelayMs, () => 0.5)).reduce((a, b) => a + b, 0);
    expect(total / 60_000).toBeGreaterThan(20);
    expect(total / 60_000).toBeLessThan(40);
  });
});
