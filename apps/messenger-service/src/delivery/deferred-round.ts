import { Inject, Injectable } from '@nestjs/common';
import { Clock, ScheduledRounds, tryRoundLock } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { DeliveryResult, DeliveryService } from './delivery.service';
import { MessagesRepository } from './messages.repository';

/** What one round did: sent (or refused by the provider, or suppressed), superseded, deferred again, left for the next round. */
export interface DeferredRound {
  sent: number;
  superseded: number;
  deferredAgain: number;
  suppressed: number;
  failed: number;
  retryLater: number;
}

/** Any stable number: one deferred round at a time across replicas. */
const ROUND_LOCK = 0xdefe7;
const BATCH = 200;

/**
 * Sends deferred messages once their time has come, every `deferred.intervalMs`, one replica at a time (a
 * transaction-scoped advisory lock held for the round). Each batch goes through DeliveryService.sendDue, the send
 * path every message takes: the older of several waiting updates of one incident are superseded there, so she wakes
 * to its current status; suppressions and her quiet hours are looked at again; the attempt is recorded before the
 * call. A message that cannot go now (provider away) stays deferred and due, and the next round tries again; one
 * whose attempt was recorded before a crash is looked for at the provider first, as after a crash on the Kafka path.
 */
@Injectable()
export class DeferredMessagesRound extends ScheduledRounds {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly delivery: DeliveryService,
    private readonly clock: Clock,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {
    super('deferred round');
  }

  protected roundIntervalMs(): number {
    return this.config.deferred.intervalMs;
  }

  protected runRound(): Promise<unknown> {
    return this.round();
  }

  /** One round. Exposed for tests, which drive it with a manual clock. */
  async round(): Promise<DeferredRound> {
    const result: DeferredRound = { sent: 0, superseded: 0, deferredAgain: 0, suppressed: 0, failed: 0, retryLater: 0 };
    return this.messages.transaction(async (manager) => {
      const locked = await tryRoundLock(manager, ROUND_LOCK);
      if (!locked) return result;
      const now = this.clock.now();
      let after: { dueAt: Date; id: string } | null = null;
      for (;;) {
        const due = await this.messages.transaction((tx) => this.messages.lockDue(tx, now, after, BATCH));
        (await this.delivery.sendDue(due)).forEach((outcome, i) => this.count(outcome, result, due[i].id));
        if (due.length < BATCH) return result;
        const last = due[due.length - 1];
        after = { dueAt: last.dueAt!, id: last.id };
      }
    });
  }

  private count(outcome: DeliveryResult, result: DeferredRound, id: string): void {
    if (outcome instanceof Error) {
      result.retryLater++;
      this.logger.warn(`deferred message ${id} not sent yet (the next round tries again): ${outcome.message}`);
    } else if (outcome === 'SENT' || outcome === 'RECOVERED') result.sent++;
    else if (outcome === 'SUPERSEDED') result.superseded++;
    else if (outcome === 'DEFERRED') result.deferredAgain++;
    else if (outcome === 'SUPPRESSED') result.suppressed++;
    else if (outcome === 'FAILED') result.failed++;
  }
}
