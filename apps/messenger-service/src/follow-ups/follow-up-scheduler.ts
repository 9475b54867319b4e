import { Inject, Injectable } from '@nestjs/common';
import { Clock, ScheduledRounds, tryRoundLock } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

/** What one scheduler round did. */
export interface FollowUpRound {
  asked: number;
  acknowledged: number;
}

/** Any stable number: one scheduler round at a time across replicas. */
const SCHEDULER_LOCK = 0xf011f;
const BATCH = 100;

/**
 * Asks due follow-ups and sends owed acknowledgements, every `followUps.intervalMs`, one replica at a time (a
 * transaction-scoped advisory lock). Even without the lock nothing goes out twice: each message id is derived from
 * the follow-up, and the messenger claims it before calling the provider. A send that fails for a passing reason is
 * left due and tried again next round.
 */
@Injectable()
export class FollowUpScheduler extends ScheduledRounds {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly service: FollowUpsService,
    private readonly clock: Clock,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {
    super('follow-up round');
  }

  protected roundIntervalMs(): number {
    return this.config.followUps.intervalMs;
  }

  protected runRound(): Promise<unknown> {
    return this.round();
  }

  /** One round. Exposed for tests, which drive it with a manual clock. */
  async round(): Promise<FollowUpRound> {
    return this.followUps.transaction(async (manager) => {
      const locked = await tryRoundLock(manager, SCHEDULER_LOCK);
      if (!locked) return { asked: 0, acknowledged: 0 };
      let asked = 0;
      for (const followUp of await this.followUps.due(manager, this.clock.now(), BATCH)) {
        if (await this.attempt(`follow-up ${followUp.id}`, () => this.service.ask(followUp))) asked++;
      }
      let acknowledged = 0;
      for (const followUp of await this.followUps.owedAcknowledgements(manager, BATCH)) {
        if (await this.attempt(`acknowledgement of ${followUp.id}`, () => this.service.acknowledge(followUp))) acknowledged++;
      }
      return { asked, acknowledged };
    });
  }

  private async attempt(what: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      this.logger.warn(`${what} not sent yet (next round retries): ${error.message}`);
      return false;
    }
  }
}
