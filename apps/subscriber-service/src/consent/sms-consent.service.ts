import { Injectable, Logger } from '@nestjs/common';
import { SmsConsentChangedEvent } from '@prespond/contracts';
import { Outbox } from '@prespond/kafka';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { subscriberChanged } from '../subscribers/subscriber-rules';
import { ConsentRecordEntity } from './consent-record.entity';
import { ConsentRecordsRepository } from './consent-records.repository';

/** What one sms.consent-changed did, summed over the subscribers with that phone. */
export interface SmsConsentOutcome {
  /** Her opt-outs changed (sms added or removed): recorded and published. */
  changed: number;
  /** Recorded, but her opt-outs were already so (a STOP from someone already opted out is still her word). */
  recorded: number;
  /** Older than (or as old as) her latest sms consent record: a redelivery, or overtaken by a later change. */
  stale: number;
}

/**
 * A number's SMS opt-out or opt-in, as the messenger saw it (a keyword, or Twilio's 21610), applied to every subscriber
 * with that phone: `sms` added to or removed from her opted-out channels, a consent record (source, wording, the time
 * of her text), and subscriber.changed through the outbox, in one transaction.
 *
 * Events are keyed by phone, so they arrive in order, except that a retried one can be overtaken. So each subscriber
 * takes a change only if it is newer than her latest sms consent record: a redelivery (same time) and an older change
 * arriving late (a STOP after the START that followed it) change nothing. For that, her text is recorded even when
 * her opt-outs already said so: the record is what later events compare with.
 */
@Injectable()
export class SmsConsentService {
  private readonly logger = new Logger(SmsConsentService.name);

  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly consents: ConsentRecordsRepository,
    private readonly outbox: Outbox,
  ) {}

  async apply(event: SmsConsentChangedEvent): Promise<SmsConsentOutcome> {
    const { phone, source, changedAt } = event.data;
    const at = new Date(changedAt);
    const optedIn = event.type === 'sms.opted-in';
    const outcome: SmsConsentOutcome = { changed: 0, recorded: 0, stale: 0 };
    await this.subscribers.transaction(async (manager) => {
      for (const subscriber of await this.subscribers.lockByPhone(manager, phone)) {
        const latest = await this.consents.latestAt(manager, subscriber.id, 'sms');
        if (latest && latest.getTime() >= at.getTime()) {
          outcome.stale++;
          continue;
        }
        const record = Object.assign(new ConsentRecordEntity(), {
          subscriberId: subscriber.id,
          purpose: 'sms',
          granted: optedIn,
          source,
          wording: wordingOf(event),
          recordedAt: at,
        });
        await this.consents.record(manager, [record]);
        if (!this.change(subscriber, optedIn)) {
          outcome.recorded++;
          continue;
        }
        await this.subscribers.save(manager, subscriber);
        await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
        outcome.changed++;
      }
    });
    if (outcome.changed > 0) this.outbox.notify();
    if (outcome.changed + outcome.recorded + outcome.stale === 0) this.logger.log(`${event.type} for a number no subscriber has; nothing to change`);
    return outcome;
  }

  /** Adds or removes sms from her opted-out channels; false if it already was so. */
  private change(subscriber: SubscriberEntity, optedIn: boolean): boolean {
    const has = subscriber.optedOutChannels.includes('sms');
    if (has === !optedIn) return false;
    subscriber.optedOutChannels = optedIn ? subscriber.optedOutChannels.filter((c) => c !== 'sms') : [...subscriber.optedOutChannels, 'sms'];
    subscriber.updatedAt = new Date();
    return true;
  }
}

/** The wording of the consent record: what she texted and what she was told, or what Twilio said. */
export function wordingOf(event: SmsConsentChangedEvent): string {
  const { text, confirmation, confirmedBy, providerError } = event.data;
  if (providerError) return `Twilio refused a text to this number: ${providerError.code} ${providerError.message}`;
  const answered = confirmation ? `; answered: "${confirmation}"` : confirmedBy === 'twilio' ? "; answered by Twilio's opt-out handling" : '';
  return `Texted "${text ?? ''}"${answered}`;
}
