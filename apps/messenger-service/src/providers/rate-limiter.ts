/** One caller waiting for its turn. */
interface Waiter {
  start: () => void;
  leave?: () => void;
}

/**
 * Holds the calls to one provider account or sending number to `perSecond`, however many callers wait: carriers
 * filter texts sent faster than a number's rate, Twilio answers 429, mail servers throttle. Calls start one every
 * 1000/perSecond ms, first come first served, each scheduled from the previous start (so the rate holds over a long
 * burst and never bursts above it); the calls themselves may overlap. null: no limit, calls run at once.
 *
 * A caller whose `signal` is aborted while it waits leaves the line at once and takes no turn (a chunk of texts whose
 * partition was taken away stops now, not one rate step per text). Bottleneck, used before, cannot take a queued job
 * back: an aborted chunk of 200 texts behind a 1-per-second number kept the number busy for 200 s.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private lastStart = -Infinity;
  private readonly line: Waiter[] = [];
  private timer?: NodeJS.Timeout;

  constructor(readonly perSecond: number | null) {
    this.intervalMs = perSecond === null ? 0 : 1000 / perSecond;
  }

  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.intervalMs > 0) await this.turn(signal);
    return call();
  }

  /** Resolves when the caller may start; rejects with the signal's reason if it is aborted first. */
  private turn(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { start: resolve };
      if (signal) {
        const abort = () => {
          const at = this.line.indexOf(waiter);
          if (at >= 0) this.line.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', abort, { once: true });
        waiter.leave = () => signal.removeEventListener('abort', abort);
      }
      this.line.push(waiter);
      this.next();
    });
  }

  /** Lets the first in line start as soon as its turn has come, and sets a timer for the one after. */
  private next(): void {
    if (this.timer || this.line.length === 0) return;
    const now = performance.now();
    const due = this.lastStart + this.intervalMs;
    if (due > now) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.next();
      }, due - now);
      return;
    }
    const waiter = this.line.shift()!;
    waiter.leave?.();
    // From the previous start when the line was busy (a late timer does not lower the rate), else from now.
    this.lastStart = Math.max(now, due);
    waiter.start();
    this.next();
  }
}
