import { epochMs, percentile, perSecond, summarize } from './measure';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks the value at the rank, as p50/p95/p99 are read', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('gives the only value of one, the first for p0 and nothing for none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('summarize sorts first and reports min and max', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ count: 4, p50Ms: 20, p95Ms: 40, p99Ms: 40, minMs: 10, maxMs: 40 });
    expect(summarize([])).toEqual({ count: 0 });
  });
});

describe('perSecond', () => {
  it('is per second, and undefined without a duration', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(5, 0)).toBeUndefined();
    expect(perSecond(5, undefined)).toBeUndefined();
  });
});

describe('epochMs', () => {
  it('reads ISO (ms), RFC 2822 (Twilio, seconds), Dates and numbers', () => {
    expect(epochMs('2030-01-31T14:00:00.123Z')).toBe(Date.UTC(2030, 0, 31, 14, 0, 0, 123));
    expect(epochMs('Thu, 31 Jan 2030 14:00:00 GMT')).toBe(Date.UTC(2030, 0, 31, 14));
    expect(epochMs(new Date(5))).toBe(5);
    expect(epochMs(42)).toBe(42);
    expect(epochMs('not a date')).toBeUndefined();
    expect(epochMs(undefined)).toBeUndefined();
  });
});
