import { Injectable, OnModuleInit } from '@nestjs/common';
import { NotificationRequestedEvent, OutgoingMessageEvent, Topics } from '@prespond/contracts';
import { BatchConsumers, BatchHandler, ConsumedEvent, handledInBatches } from '@prespond/kafka';
import { FollowUpPlanner } from '../follow-ups/follow-up-planner';
import { DeliveryService } from './delivery.service';

const TOPIC = handledInBatches(Topics.NotificationRequested);

/**
 * Kafka adapter of the send path, in batches (the fan-out of one incident is hundreds of thousands of requests):
 * incident notifications go through DeliveryService.deliverMany together; other message requests (reminders,
 * welcome-back, campaigns) and whatever deliverMany leaves go one by one. A delivered resolution schedules its
 * follow-up either way.
 */
@Injectable()
export class NotificationsConsumer implements BatchHandler<OutgoingMessageEvent>, OnModuleInit {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly followUps: FollowUpPlanner,
    private readonly consumers: BatchConsumers,
  ) {}

  onModuleInit(): void {
    this.consumers.register(TOPIC, this);
  }

  async handleBatch(events: ConsumedEvent<OutgoingMessageEvent>[]): Promise<ConsumedEvent<OutgoingMessageEvent>[]> {
    const { together, leftOver } = inOrder(events);
    const outcomes = await this.delivery.deliverMany(together.map((n) => n.event.data));
    await Promise.all(
      together.map(async (notification, i) => {
        if (outcomes[i] === undefined) {
          leftOver.push(notification);
          return;
        }
        try {
          await this.followUps.planAfterResolution(notification.event.data);
        } catch {
          leftOver.push(notification); // delivered already: `handleOne` finds it done and plans the follow-up
        }
      }),
    );
    return leftOver;
  }

  async handleOne(event: OutgoingMessageEvent): Promise<void> {
    if (event.type === 'message.requested') {
      await this.delivery.deliverMessage(event.data);
      return;
    }
    await this.delivery.deliver(event.data);
    await this.followUps.planAfterResolution(event.data);
  }
}

/**
 * Which events can go together without changing what she sees, in which order: the events of one subscriber are
 * in one partition, in order, and the leftovers are handled after the batch. So for each subscriber the batch takes
 * her incident notifications up to the first event that must go alone (a message request, or a second message to
 * the same address), and leaves that one and all of hers after it, in order.
 */
export function inOrder(events: ConsumedEvent<OutgoingMessageEvent>[]): {
  together: ConsumedEvent<NotificationRequestedEvent>[];
  leftOver: ConsumedEvent<OutgoingMessageEvent>[];
} {
  const together: ConsumedEvent<NotificationRequestedEvent>[] = [];
  const leftOver: ConsumedEvent<OutgoingMessageEvent>[] = [];
  const waiting = new Set<string>();
  const addresses = new Set<string>();
  for (const item of events) {
    const { event } = item;
    const subscriber = event.data.recipient.subscriberId ?? '';
    const address = `${event.data.channel}:${event.data.recipient.address}`;
    if (event.type === 'notification.requested' && !waiting.has(subscriber) && !addresses.has(address)) {
      together.push(item as ConsumedEvent<NotificationRequestedEvent>);
      addresses.add(address);
    } else {
      waiting.add(subscriber);
      leftOver.push(item);
    }
  }
  return { together, leftOver };
}
