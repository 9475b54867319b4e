import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutgoingMessageEvent, Topics } from '@prespond/contracts';
import { BatchConsumers, BatchHandler, ConsumedEvent, handledInBatches } from '@prespond/kafka';
import { TemplateRenderer } from '../rendering/template-renderer';
import { DeliveryListeners } from './delivery-listeners';
import { DeliveryService } from './delivery.service';
import { messageRequestToSend, MessageToSend, notificationToSend } from './outgoing-message';

const TOPIC = handledInBatches(Topics.NotificationRequested);

/**
 * Kafka adapter of the send path, in batches (the fan-out of one incident is hundreds of thousands of requests):
 * incident notifications and message requests (reminders, welcome-back, campaigns, maintenance) go through
 * DeliveryService.sendAll together; what it leaves (a transient failure, a second message to one address) goes again
 * one by one, with the consumer's retries. A delivered incident notification is told to the listeners (follow-ups).
 */
@Injectable()
export class NotificationsConsumer implements BatchHandler<OutgoingMessageEvent>, OnModuleInit {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly renderer: TemplateRenderer,
    private readonly listeners: DeliveryListeners,
    private readonly consumers: BatchConsumers,
  ) {}

  onModuleInit(): void {
    this.consumers.register(TOPIC, this);
  }

  async handleBatch(events: ConsumedEvent<OutgoingMessageEvent>[], signal?: AbortSignal): Promise<ConsumedEvent<OutgoingMessageEvent>[]> {
    const { together, leftOver } = inOrder(events);
    const results = await this.delivery.sendAll(together.map((e) => this.toSend(e.event)), { signal });
    await Promise.all(
      together.map(async (item, i) => {
        if (results[i] instanceof Error) return void leftOver.push(item);
        try {
          await this.afterDelivery(item.event);
        } catch {
          leftOver.push(item); // delivered already: `handleOne` finds it done and tells the listeners again
        }
      }),
    );
    return leftOver;
  }

  async handleOne(event: OutgoingMessageEvent): Promise<void> {
    await this.delivery.send(this.toSend(event));
    await this.afterDelivery(event);
  }

  private toSend(event: OutgoingMessageEvent): MessageToSend {
    return event.type === 'message.requested'
      ? messageRequestToSend(event.data, this.renderer, event.occurredAt)
      : notificationToSend(event.data, this.renderer, event.occurredAt);
  }

  private async afterDelivery(event: OutgoingMessageEvent): Promise<void> {
    if (event.type === 'notification.requested') await this.listeners.delivered(event.data);
  }
}

/**
 * Which events can go together without changing what she sees, in which order: the events of one recipient are in
 * one partition, in order, and the leftovers are handled after the batch. So for each recipient the batch takes her
 * events up to a second one to the same address (which must not overtake the first), and leaves that one and all of
 * hers after it, in order.
 */
export function inOrder(events: ConsumedEvent<OutgoingMessageEvent>[]): {
  together: ConsumedEvent<OutgoingMessageEvent>[];
  leftOver: ConsumedEvent<OutgoingMessageEvent>[];
} {
  const together: ConsumedEvent<OutgoingMessageEvent>[] = [];
  const leftOver: ConsumedEvent<OutgoingMessageEvent>[] = [];
  const waiting = new Set<string>();
  const addresses = new Set<string>();
  for (const item of events) {
    const { data } = item.event;
    const address = `${data.channel}:${data.recipient.address}`;
    const recipient = data.recipient.subscriberId ?? address;
    if (!waiting.has(recipient) && !addresses.has(address)) {
      together.push(item);
      addresses.add(address);
    } else {
      waiting.add(recipient);
      leftOver.push(item);
    }
  }
  return { together, leftOver };
}
