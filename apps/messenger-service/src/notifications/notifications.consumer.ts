import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NotificationRequestedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { DeliveryService } from './delivery.service';

/** Kafka adapter: each notification request is delivered. */
@Controller()
export class NotificationsConsumer {
  constructor(private readonly delivery: DeliveryService) {}

  @HandleEvent(Topics.NotificationRequested)
  async deliverOnNotificationRequested(@Payload() event: NotificationRequestedEvent): Promise<void> {
    await this.delivery.deliver(event.data);
  }
}
