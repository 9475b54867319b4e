import Bottleneck from 'bottleneck';

/**
 * Holds the calls to one provider account or sending number to `perSecond`, however many callers wait: carriers
 * filter texts sent faster than a number's rate, Twilio answers 429, mail servers throttle. Calls start one every
 * 1000/perSecond ms (Bottleneck's minTime, scheduled from the previous start, so the rate holds over a long burst
 * and never bursts above it); the calls themselves may overlap. null: no limit, calls run at once.
 */
export class RateLimiter {
  private readonly bottleneck?: Bottleneck;

  constructor(readonly perSecond: number | null) {
    if (perSecond !== null) this.bottleneck = new Bottleneck({ minTime: 1000 / perSecond });
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    return this.bottleneck ? this.bottleneck.schedule(call) : call();
  }
}
