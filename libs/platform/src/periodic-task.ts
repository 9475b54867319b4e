import { Logger } from '@nestjs/common';

/**
 * A round of work every `intervalMs`, never two at once: a round that is still running when the next tick comes is
 * left to finish. A failed round is logged and the next one tries again. `stop` waits for the running round, so a
 * shutdown never cuts one off halfway. Used by the schedulers (promise watchdog, digests, follow-ups).
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  /** Starts the rounds; an interval of 0 or less leaves them off. */
  start(intervalMs: number, round: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= round()
        .catch((error) => this.logger.warn(`${this.name} failed (the next round tries again): ${error?.message ?? error}`))
        .finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
