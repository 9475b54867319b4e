/**
 * Where a limiter's turns come from when several messengers share a rate (see SharedRates): `reserve` books `count`
 * turns `intervalMs` apart under `key` for this process alone, and resolves with how long from now the first one is.
 */
export interface TurnSource {
  reserve(key: string, count: number, intervalMs: number): Promise<number>;
}

/** A limiter's shared rate: where to book turns, and under which key (e.g. `sms:+15005550006`). */
export interface SharedRate {
  source: TurnSource;
  key: string;
}

/** Longest stretch of turns booked at once: a quarter of a second's worth (at least one). */
const BLOCK_SECONDS = 0.25;

/** One caller waiting for its turn. */
interface Waiter {
  start: () => void;
  reject: (error: unknown) => void;
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

  /** Turns booked from the shared source and not used yet, as times on this process's monotonic clock. */
  private readonly booked: number[] = [];
  private booking = false;

  /**
   * `shared`: the rate holds for all messengers together. Turns are booked from the source in blocks of up to a
   * quarter of a second's worth, only while callers wait, and taken in order; a turn that has passed by more than one
   * interval unused is dropped (never made up for in a burst).
   */
  constructor(
    readonly perSecond: number | null,
    private readonly shared?: SharedRate,
  ) {
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
      const waiter: Waiter = { start: resolve, reject };
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

  /**
   * Lets the first in line start as soon as its turn has come, and sets a timer for the one after. A turn is due a
   * step after the last start (this process's own rate) or at the next turn booked from the shared rate (none left:
   * a block is booked, and this runs again when it is).
   */
  private next(): void {
    if (this.timer || this.line.length === 0) return;
    const now = performance.now();
    const due = this.shared ? this.bookedTurn(this.shared, now) : this.lastStart + this.intervalMs;
    if (due === undefined) return;
    if (due > now) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.next();
      }, due - now);
      return;
    }
    if (this.shared) this.booked.shift();
    // From when this turn was due if that is less than a step ago (a timer firing late does not lower the rate: the
    // next turn comes that much sooner), else from now (the line was empty: no catching up in a burst).
    else this.lastStart = now - due < this.intervalMs ? due : now;
    const waiter = this.line.shift()!;
    waiter.leave?.();
    waiter.start();
    this.next();
  }

  /** The next booked turn still worth taking; undefined while a block is being booked. */
  private bookedTurn(shared: SharedRate, now: number): number | undefined {
    while (this.booked.length > 0 && this.booked[0] < now - this.intervalMs) this.booked.shift();
    if (this.booked.length > 0) return this.booked[0];
    this.book(shared);
    return undefined;
  }

  /** Books as many turns as callers wait (at most a block); a failed booking fails those callers (retried later). */
  private book(shared: SharedRate): void {
    if (this.booking) return;
    this.booking = true;
    const count = Math.min(this.line.length, Math.max(1, Math.floor((this.perSecond ?? 1) * BLOCK_SECONDS)));
    shared.source
      .reserve(shared.key, count, this.intervalMs)
      .then((firstInMs) => {
        const at = performance.now() + Math.max(0, firstInMs);
        for (let i = 0; i < count; i++) this.booked.push(at + i * this.intervalMs);
      })
      .catch((error) => {
        for (const waiter of this.line.splice(0, count)) {
          waiter.leave?.();
          waiter.reject(error);
        }
      })
      .finally(() => {
        this.booking = false;
        this.next();
      });
  }
}
