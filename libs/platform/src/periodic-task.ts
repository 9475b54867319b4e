import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A round of work every `intervalMs`, never two at once: a round that is still running when the next tick comes is
 * left to finish. A failed round is logged and the next one tries again. `stop` waits for the running round, so a
 * shutdown never cuts one off halfway.
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

/**
 * A service that works in rounds (the promise watchdog, digests, follow-ups, deferred messages, renewal reminders,
 * welcome-backs, campaigns): its rounds start once the app has booted and stop with it, a shutdown waiting for the
 * running round. An interval of 0 leaves them off (tests call the round themselves).
 */
export abstract class ScheduledRounds implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly periodic: PeriodicTask;

  protected constructor(roundName: string) {
    this.periodic = new PeriodicTask(roundName, this.logger);
  }

  /** How often a round runs, in milliseconds (0 or less: never by itself). */
  protected abstract roundIntervalMs(): number;

  /** One round of work. */
  protected abstract runRound(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.periodic.start(this.roundIntervalMs(), () => this.runRound());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }
}

/**
 * Takes the transaction-scoped advisory lock `key` (and `subkey`) if no one holds it: how a round runs on one replica
 * at a time. Released when the transaction ends; false means another replica is in its round.
 */
export async function tryRoundLock(manager: EntityManager, key: number, subkey?: string): Promise<boolean> {
  const [{ locked }] =
    subkey === undefined
      ? await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [key])
      : await manager.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [key, subkey]);
  return locked;
}
