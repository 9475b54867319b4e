import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { Clock, ScheduledRounds } from '@prespond/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { KnownIncidentsRepository } from '../incidents/known-incidents.repository';
import { MarketingLedgerRepository } from '../marketing/marketing-ledger.repository';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { Absence, fixedInWords, welcomeBackRoute } from './away';
import { toWelcomeBackResponse, WelcomeBackResponse } from './dto/welcome-back.dto';
import { welcomeBackId } from './welcome-back-id';
import { welcomeBackMessages } from './welcome-back-messages';
import { WelcomeBack, WelcomeBacksRepository } from './welcome-backs.repository';

/** Any stable number: one welcome-back round at a time across replicas. */
const WELCOME_BACK_LOCK = 0x3e1c0b;
const BATCH = 200;

/**
 * Welcome-back messages: a customer who returns after a long absence hears she was missed, once per return. The
 * return is recorded with the activity that shows it (same transaction); a round (every `welcomeBackIntervalMs`, one
 * at a time by advisory lock) sends the pending ones of customers without an open incident, queuing the messages
 * (outbox), recording the marketing contact and marking it sent in one transaction: sent once, or not yet.
 */
@Injectable()
export class WelcomeBackService extends ScheduledRounds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly welcomeBacks: WelcomeBacksRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly incidents: KnownIncidentsRepository,
    private readonly ledger: MarketingLedgerRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {
    super('welcome-back round');
  }

  protected roundIntervalMs(): number {
    return this.config.welcomeBackIntervalMs ?? 0;
  }

  protected runRound(): Promise<unknown> {
    return this.sendDue();
  }

  /**
   * Records the welcome-back for this return (inside the activity's transaction): pending, or skipped with the reason
   * when she gave no marketing consent or cannot be reached on a channel she has not opted out of.
   */
  async planOnReturn(manager: EntityManager, subscriber: SubscriberEntity, activityId: string, absence: Absence): Promise<Pick<WelcomeBack, 'id' | 'state' | 'reason'>> {
    const route = welcomeBackRoute(subscriber);
    const reason = 'skipped' in route ? route.skipped : null;
    const planned = {
      id: welcomeBackId(subscriber.id, absence.awaySince),
      subscriberId: subscriber.id,
      activityId,
      awaySince: absence.awaySince,
      returnedAt: absence.returnedAt,
      state: reason ? ('skipped' as const) : ('pending' as const),
      reason,
      recordedAt: this.clock.now(),
    };
    await this.welcomeBacks.record(manager, planned);
    return { id: planned.id, state: planned.state, reason };
  }

  /** Sends every due welcome-back. Returns how many were decided (sent or skipped). */
  async sendDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const decided = await this.sendBatch();
      total += decided;
      if (decided < BATCH) break;
    }
    if (total > 0) this.logger.log(`${total} welcome-back(s) decided`);
    return total;
  }

  private async sendBatch(): Promise<number> {
    const now = this.clock.now();
    let queued = false;
    const decided = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [WELCOME_BACK_LOCK]);
      const due = await this.welcomeBacks.due(manager, BATCH);
      for (const welcomeBack of due) queued = (await this.sendOne(manager, welcomeBack, now)) || queued;
      return due.length;
    });
    if (queued) this.outbox.notify();
    return decided;
  }

  /** True if messages were queued. Consent and opt-outs are checked again: she may have changed them while it waited. */
  private async sendOne(manager: EntityManager, welcomeBack: WelcomeBack, now: Date): Promise<boolean> {
    const subscriber = await manager.findOneBy(SubscriberEntity, { id: welcomeBack.subscriberId });
    const route = subscriber ? welcomeBackRoute(subscriber) : { skipped: 'subscriber removed' };
    if (!subscriber || 'skipped' in route) {
      await this.welcomeBacks.markSkipped(manager, welcomeBack.id, 'skipped' in route ? route.skipped : 'subscriber removed', now);
      return false;
    }
    // What was fixed while she was away, or while the message waited for her open incident.
    const fixed = fixedInWords(subscriber, await this.incidents.resolvedTouchingBetween(subscriber, welcomeBack.awaySince, now));
    await this.outbox.enqueue(manager, welcomeBackMessages(subscriber, welcomeBack, route.channels, fixed, now));
    await this.ledger.record(manager, [{ contactId: welcomeBack.id, subscriberId: subscriber.id, source: 'welcome-back', campaignId: null, plannedAt: now }]);
    await this.welcomeBacks.markSent(manager, welcomeBack.id, route.channels, fixed, now);
    return true;
  }

  /** Her welcome-backs, newest first; a pending one names the open incidents it waits for. */
  async of(subscriberId: string): Promise<WelcomeBackResponse[]> {
    const subscriber = await this.subscribers.findById(subscriberId);
    if (!subscriber) throw new NotFoundException(`no subscriber ${subscriberId}`);
    const all = await this.welcomeBacks.ofSubscriber(subscriberId);
    const open = all.some((w) => w.state === 'pending') ? await this.incidents.openTouching(subscriber) : [];
    return all.map((w) => toWelcomeBackResponse(w, w.state === 'pending' ? open : []));
  }
}
