/**
 * At most `limit` requests per key in any `windowMs` (a sliding log per key, kept in memory: one replica's view; behind
 * several replicas each allows as much). Old entries are dropped as keys are seen, and keys idle for a window are
 * forgotten, so memory follows the number of recent senders.
 */
export class SlidingWindowLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a request of `key` at `now` if it is within the limit; false (and nothing recorded) when it is not. */
  take(key: string, now: number): boolean {
    const since = now - this.windowMs;
    const times = (this.seen.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      this.seen.set(key, times);
      return false;
    }
    times.push(now);
    this.seen.set(key, times);
    if (this.seen.size > 10_000) this.forgetIdle(since);
    return true;
  }

  private forgetIdle(since: number): void {
    for (const [key, times] of this.seen) if (times[times.length - 1] <= since) this.seen.delete(key);
  }
}
