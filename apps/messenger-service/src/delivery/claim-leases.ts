import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MessagesRepository } from './messages.repository';

/**
 * This messenger's claims on the messages it is sending: leases in the message log (`lease_owner`, `lease_until`).
 *
 * A claim is taken for `leaseMs` and renewed every quarter of it while the messenger works on the message (a chunk
 * of texts through a 1-per-second number outlasts any fixed timeout). Another messenger takes a pending message over
 * only once its lease has run out by the database's clock (MessagesRepository.claimMany), so a messenger that
 * crashed, hung or lost its partition cannot hold a message for ever, and two cannot both hold it.
 *
 * A provider call starts only while at least half the lease is left (`holds`), measured on this process's monotonic
 * clock from just before the statement that took or renewed it: that point is no later than the database's, so the
 * local view never outlives the real lease. Every provider call ends within PROVIDER_CALL_TIMEOUT_MS, well inside
 * that half, so no call is still under way when another messenger could take the message over; one that takes it
 * over after a crash finds the recorded attempt and asks the provider first (see EarlierAttempts).
 */
export class ClaimLeases {
  private readonly logger = new Logger(ClaimLeases.name);
  /** This process, for as long as it runs: the owner written on its claims. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Held message ids and when, on the monotonic clock, each lease runs out at the earliest. */
  private readonly held = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private renewing = false;

  constructor(
    private readonly messages: MessagesRepository,
    readonly leaseMs: number,
  ) {}

  /** The time to pass to `hold` for a claim statement about to be sent. */
  static now(): number {
    return performance.now();
  }

  /** Records claims taken by a statement sent at `since` (ClaimLeases.now()), and renews them until `release`d. */
  hold(ids: Iterable<string>, since: number): void {
    for (const id of ids) this.held.set(id, since + this.leaseMs);
    if (this.held.size > 0 && !this.timer) {
      this.timer = setInterval(() => void this.renew(), this.leaseMs / 4);
      this.timer.unref();
    }
  }

  /** Whether a provider call for this message may start now: held, with at least half the lease left. */
  holds(id: string): boolean {
    const until = this.held.get(id);
    return until !== undefined && until - performance.now() >= this.leaseMs / 2;
  }

  /** Stops renewing these claims (the messages are done with, or handed back). */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.held.delete(id);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** How many claims this messenger holds now. */
  get size(): number {
    return this.held.size;
  }

  /** One renewal of every held claim, in one statement; a claim no longer ours is dropped (and never sent by us). */
  private async renew(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    const since = performance.now();
    const ids = [...this.held.keys()];
    try {
      const kept = await this.messages.renewClaims(this.owner, ids, this.leaseMs);
      let lost = 0;
      for (const id of ids) {
        if (!this.held.has(id)) continue; // forgotten meanwhile
        if (kept.has(id)) this.held.set(id, since + this.leaseMs);
        else {
          this.held.delete(id);
          lost++;
        }
      }
      if (lost > 0) this.logger.warn(`${lost} claim(s) taken over by another messenger: not sent from here`);
    } catch (error) {
      // Not renewed: the claims run out on their own and `holds` stops the calls before that.
      this.logger.warn(`claims not renewed (${(error as Error).message})`);
    } finally {
      this.renewing = false;
    }
  }
}
