import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SubscriberErasedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { consentChanges } from '../consent/consent-changes';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { toConsentRecordResponse } from '../consent/dto/consent-record.dto';
import { toSubscriberResponse } from '../subscribers/dto/subscriber.dto';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { SubscriberExport } from './dto/subscriber-export.dto';
import { MessengerRepository } from '../messenger/messenger.repository';
import { DataRightsRepository } from './data-rights.repository';

function subscriberErased(subscriberId: string, erasedAt: Date): OutgoingEvent {
  const event: SubscriberErasedEvent = {
    id: randomUUID(),
    type: 'subscriber.erased',
    version: 1,
    occurredAt: erasedAt.toISOString(),
    data: { subscriberId, erasedAt: erasedAt.toISOString() },
  };
  return { topic: Topics.SubscriberErased, key: subscriberId, value: event };
}

/** Her data rights: everything stored about her, in one document; and her erasure, here and (by event) in the messenger. */
@Injectable()
export class DataRightsService {
  constructor(
    private readonly rights: DataRightsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly consents: ConsentRecordsRepository,
    private readonly messenger: MessengerRepository,
    private readonly outbox: Outbox,
  ) {}

  async exportOf(id: string): Promise<SubscriberExport> {
    const subscriber = await this.subscribers.findById(id);
    if (!subscriber) throw new NotFoundException(`no subscriber ${id}`);
    const [consents, stored, messenger] = await Promise.all([this.consents.forSubscriber(id), this.rights.storedRows(id), this.messenger.subscriberExport(id)]);
    return {
      exportedAt: new Date().toISOString(),
      subscriber: toSubscriberResponse(subscriber),
      consentRecords: consents.map(toConsentRecordResponse),
      ...stored,
      messenger,
    };
  }

  /**
   * Erases her in one transaction (see DataRightsRepository.erase), records the end of her marketing consent (source
   * `erasure`) and publishes `subscriber.erased` through the outbox, which has the messenger scrub its side. Erasing
   * an erased subscriber changes nothing and publishes nothing (the first erasure's event is in the outbox for good).
   * Returns false if she was erased already.
   */
  async erase(id: string): Promise<boolean> {
    const now = new Date();
    const erased = await this.rights.transaction(async (manager) => {
      const subscriber = await this.rights.lockSubscriber(manager, id);
      if (!subscriber) throw new NotFoundException(`no subscriber ${id}`);
      if (subscriber.erasedAt) return false;
      await this.rights.erase(manager, id, now);
      const before = { marketingConsent: subscriber.marketingConsent, optedOutChannels: subscriber.optedOutChannels };
      const after = { marketingConsent: false, optedOutChannels: subscriber.optedOutChannels };
      await this.consents.record(manager, consentChanges(id, before, after, { source: 'erasure', wording: null, at: now }));
      await this.outbox.enqueue(manager, [subscriberErased(id, now)]);
      return true;
    });
    if (erased) this.outbox.notify();
    return erased;
  }
}
