import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { quietHoursFromSnapshot } from './quiet-hours-copy';
import { SubscriberViewRepository } from './subscriber-view.repository';

/** Kafka adapter: keeps the messenger's copy of each subscriber, her quiet hours included. */
@Controller()
export class SubscriberViewConsumer {
  private readonly logger = new Logger(SubscriberViewConsumer.name);

  constructor(private readonly view: SubscriberViewRepository) {}

  @HandleEvent(Topics.SubscriberChanged)
  async updateViewOnSubscriberChanged(@Payload() event: SubscriberChangedEvent): Promise<void> {
    const subscriber = event.data.subscriber;
    const quiet = quietHoursFromSnapshot(subscriber);
    // Kept rather than dead-lettered: the rest of her copy is good, and the default span is the cautious reading.
    if (!quiet.valid) this.logger.warn(`subscriber ${subscriber.id}: quiet hours ${subscriber.quietHoursStart}–${subscriber.quietHoursEnd} make no sense; the defaults apply`);
    await this.view.upsertIfNewer(subscriber, quiet.settings);
  }
}
