import { randomUUID } from 'node:crypto';
import { addressOn, Channel, IncidentSnapshot, IncidentUpdate, NotificationRequestedEvent, NotificationTemplate, recipientFor, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { SubscriberEntity } from '../subscribers/subscriber.entity';

/** What one message to one subscriber is about. */
export interface PlannedMessage {
  template: NotificationTemplate;
  incident: IncidentSnapshot;
  update: IncidentUpdate;
  /** A digest's earlier updates, oldest first. */
  earlierUpdates?: IncidentUpdate[];
}

/**
 * One `notification.requested` per channel she chose, has an address on and has not opted out of, keyed by her id
 * (her messages stay in order). `idFor` gives each channel's deterministic notification id.
 */
export function notificationRequests(subscriber: SubscriberEntity, message: PlannedMessage, idFor: (channel: Channel) => string): OutgoingEvent[] {
  return subscriber.channels.flatMap((channel) => {
    if (subscriber.optedOutChannels?.includes(channel)) return [];
    const address = addressOn(subscriber, channel);
    if (!address) return [];
    return [
      notificationRequested({
        notificationId: idFor(channel),
        channel,
        template: message.template,
        recipient: recipientFor(subscriber, message.incident, address),
        incident: message.incident,
        update: message.update,
        ...(message.earlierUpdates ? { earlierUpdates: message.earlierUpdates } : {}),
      }),
    ];
  });
}

/** The `notification.requested` event for one message, keyed by its recipient's id. */
export function notificationRequested(data: NotificationRequestedEvent['data']): OutgoingEvent {
  const request: NotificationRequestedEvent = { id: randomUUID(), type: 'notification.requested', version: 1, occurredAt: new Date().toISOString(), data };
  return { topic: Topics.NotificationRequested, key: data.recipient.subscriberId, value: request };
}
