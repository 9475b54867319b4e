import { Logger } from '@nestjs/common';
import { RetryLater } from '@prespond/kafka';

/**
 * Stops calling a provider that keeps failing: after `threshold` failures in a row it opens for `cooldownMs`, during
 * which calls fail at once with RetryLater (the event is parked for later without waiting on a dead server, so other
 * channels' messages keep flowing); then one call is let through, and a success closes it again.
 */
export class CircuitBreaker {
  private readonly logger = new Logger(CircuitBreaker.name);
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly name: string,
    private readonly threshold = 3,
    private readonly cooldownMs = 2_000,
    private readonly now = () => Date.now(),
    /** Which errors say the provider is down; others (a refusal about one recipient) do not count. */
    private readonly isOutage: (error: unknown) => boolean = () => true,
  ) {}

  get isOpen(): boolean {
    return this.now() < this.openUntil;
  }

  /** Throws RetryLater while open. */
  assertClosed(): void {
    if (this.isOpen) throw new RetryLater(`${this.name} is unavailable (circuit open after ${this.failures} failures)`);
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    this.assertClosed();
    try {
      const result = await call();
      if (this.failures >= this.threshold) this.logger.log(`${this.name} answers again: circuit closed`);
      this.failures = 0;
      return result;
    } catch (error) {
      if (!this.isOutage(error)) throw error;
      this.failures++;
      if (this.failures >= this.threshold) {
        if (this.failures === this.threshold) this.logger.warn(`${this.name} failed ${this.failures} times in a row: circuit open`);
        this.openUntil = this.now() + this.cooldownMs;
      }
      throw error;
    }
  }
}
