import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { SubscriberViewRepository } from './subscriber-view.repository';

/** Kafka adapter: keeps the messenger's copy of each subscriber. */
@Controller()
export class SubscriberViewConsumer {
  constructor(private readonly view: SubscriberViewRepository) {}

  @HandleEvent(Topics.SubscriberChanged)
  async updateViewOnSubscriberChanged(@Payload() event: SubscriberChangedEvent): Promise<void> {
    await this.view.upsertIfNewer(event.data.subscriber);
  }
}
