import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OutgoingMessageEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { FollowUpPlanner } from '../follow-ups/follow-up-planner';
import { DeliveryService } from './delivery.service';

/**
 * Kafka adapter: each notification request is delivered (a delivered resolution schedules its follow-up); each
 * other message request (reminders, welcome-back, campaigns) is delivered.
 */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly followUps: FollowUpPlanner,
  ) {}

  @HandleEvent(Topics.NotificationRequested)
  async deliverOnNotificationRequested(@Payload() event: OutgoingMessageEvent): Promise<void> {
    if (event.type === 'message.requested') {
      await this.delivery.deliverMessage(event.data);
      return;
    }
    await this.delivery.deliver(event.data);
    await this.followUps.planAfterResolution(event.data);
  }
}
