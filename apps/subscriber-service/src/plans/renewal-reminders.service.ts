import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Channel, MessageRequestedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { Clock, ScheduledRounds } from '@prespond/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { renewalReminderId } from './reminder-id';
import { DueReminder, dueReminder, renewalDayInstant } from './reminder-schedule';
import { ReminderCandidate, RenewalRemindersRepository } from './renewal-reminders.repository';

/** Any stable number: one reminder round at a time across replicas. */
const RENEWAL_LOCK = 0x7e4e3a1;
const BATCH = 500;

/**
 * Sends renewal reminders when they are due (see `dueReminder`): one `message.requested` (kind `service`, template
 * `renewal.reminder`) per channel she has and did not opt out of. Recording the reminder (unique per plan, renewal
 * date and offset) and queuing its messages (outbox) happen in one transaction, and the message ids are derived
 * from the same key, so each reminder goes out once across restarts, concurrent rounds and replicas.
 */
@Injectable()
export class RenewalRemindersService extends ScheduledRounds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reminders: RenewalRemindersRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {
    super('renewal reminder round');
  }

  protected roundIntervalMs(): number {
    return this.config.renewals?.intervalMs ?? 0;
  }

  protected runRound(): Promise<unknown> {
    return this.sendDue();
  }

  /** Queues every reminder due now. Returns how many reminders were queued. */
  async sendDue(): Promise<number> {
    let total = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await this.sendBatch(after);
      total += batch.queued;
      if (batch.lastPlanId === null) break;
      after = batch.lastPlanId;
    }
    if (total > 0) this.logger.log(`${total} renewal reminder(s) queued`);
    return total;
  }

  private async sendBatch(after: string | null): Promise<{ queued: number; lastPlanId: string | null }> {
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [RENEWAL_LOCK]);
      const candidates = await this.reminders.candidates(manager, now, after, BATCH);
      let queued = 0;
      for (const candidate of candidates) {
        if (await this.sendIfDue(manager, candidate, now)) queued++;
      }
      return { queued, lastPlanId: candidates.length === BATCH ? candidates[candidates.length - 1].planId : null };
    });
    if (result.queued > 0) this.outbox.notify();
    return result;
  }

  private async sendIfDue(manager: EntityManager, candidate: ReminderCandidate, now: Date): Promise<boolean> {
    const due = dueReminder({ ...candidate, timeZone: candidate.subscriber.timeZone }, now, this.window());
    if (!due || candidate.sentOffsets.includes(due.offsetDays)) return false;
    const messages = this.messages(candidate, due);
    const channels = messages.map((m) => (m.value as MessageRequestedEvent).data.channel);
    const recorded = await this.reminders.record(manager, candidate.planId, { renewalDate: candidate.renewalDate, offsetDays: due.offsetDays, daysLeft: due.daysLeft, channels }, now);
    if (!recorded) return false;
    await this.outbox.enqueue(manager, messages);
    return true;
  }

  /** One message per channel she chose, has an address on and has not opted out of; keyed by her id. */
  private messages(candidate: ReminderCandidate, due: DueReminder): OutgoingEvent[] {
    const { subscriber } = candidate;
    return subscriber.channels.flatMap((channel: Channel) => {
      const address = channel === 'sms' ? subscriber.phone : subscriber.email;
      if (subscriber.optedOutChannels.includes(channel) || !address) return [];
      const event: MessageRequestedEvent = {
        id: randomUUID(),
        type: 'message.requested',
        version: 1,
        occurredAt: this.clock.now().toISOString(),
        data: {
          messageId: renewalReminderId(candidate.planId, candidate.renewalDate, due.offsetDays, channel),
          channel,
          kind: 'service',
          template: 'renewal.reminder',
          recipient: { subscriberId: subscriber.id, name: subscriber.name, address, timeZone: subscriber.timeZone, locale: subscriber.locale },
          props: {
            planId: candidate.planId,
            planName: candidate.planName,
            planType: candidate.planType,
            renewalDate: renewalDayInstant(candidate.renewalDate, subscriber.timeZone),
            daysLeft: due.daysLeft,
            tomorrow: due.daysLeft === 1,
            offsetDays: due.offsetDays,
            // No link here: the messenger puts her signed preference link (which lists her plans) in when it sends.
          },
        },
      };
      return [{ topic: Topics.NotificationRequested, key: subscriber.id, value: event }];
    });
  }

  private window() {
    return { startHour: this.config.renewals?.windowStartHour ?? 9, endHour: this.config.renewals?.windowEndHour ?? 12 };
  }
}
