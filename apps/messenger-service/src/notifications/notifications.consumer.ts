import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NotificationRequestedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { FollowUpPlanner } from '../follow-ups/follow-up-planner';
import { DeliveryService } from './delivery.service';

/** Kafka adapter: each notification request is delivered; a delivered resolution schedules its follow-up. */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly followUps: FollowUpPlanner,
  ) {}

  @HandleEvent(Topics.NotificationRequested)
  async deliverOnNotificationRequested(@Payload() event: NotificationRequestedEvent): Promise<void> {
    await this.delivery.deliver(event.data);
    await this.followUps.planAfterResolution(event.data);
  }
}
