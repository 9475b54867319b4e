import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { addressOn, IncidentChangedEvent, NotificationRequestedEvent, recipientFor, Topics } from '@prespond/contracts';
import { EventProducer, OutgoingEvent } from '@prespond/kafka';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { notificationId } from './notification-id';
import { ReopeningsRepository } from './reopenings.repository';

/**
 * Turns one incident change into one `notification.requested` per affected subscriber and channel. Affected: she
 * uses one of the incident's components, in one of its regions (an incident with no regions touches every region).
 */
@Injectable()
export class FanoutService {
  private readonly logger = new Logger(FanoutService.name);

  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly producer: EventProducer,
    private readonly reopenings: ReopeningsRepository,
  ) {}

  /**
   * Publishes page by page; `onPage` runs after each page is on the broker (the consumer heartbeats there).
   * Safe to repeat: ids are deterministic, so a redelivered incident event requests the same notifications.
   */
  async planIncidentNotifications(event: IncidentChangedEvent, onPage: () => Promise<void> = async () => undefined): Promise<number> {
    const { incident } = event.data;
    let planned = 0;
    // After the resolution, an update or final resolution is only for the customers who reopened the incident.
    const afterResolution = incident.resolvedAt !== null && Date.parse(event.data.update.createdAt) > Date.parse(incident.resolvedAt);
    const audience = afterResolution
      ? this.reopenings.subscribersWhoReopened(incident.id)
      : this.subscribers.stream({ components: incident.components, regions: incident.regions });
    for await (const page of audience) {
      const requests = page.flatMap((subscriber) => this.requestsFor(event, subscriber));
      await this.producer.send(requests);
      planned += requests.length;
      await onPage();
    }
    // Such an event exists only because someone reopened the incident: seeing nobody means our copy of the
    // reopenings (incident.feedback) is behind. Failing makes the consumer mechanism retry it later.
    if (afterResolution && planned === 0) throw new Error(`incident ${incident.id}: no reopening known yet for an update after its resolution`);
    this.logger.log(`${event.type} ${incident.id} #${event.data.update.sequence}: ${planned} notifications requested`);
    return planned;
  }

  private requestsFor(event: IncidentChangedEvent, subscriber: SubscriberEntity): OutgoingEvent[] {
    const { incident, update } = event.data;
    return subscriber.channels.flatMap((channel) => {
      const address = addressOn(subscriber, channel);
      if (!address) return [];
      const request: NotificationRequestedEvent = {
        id: randomUUID(),
        type: 'notification.requested',
        version: 1,
        occurredAt: new Date().toISOString(),
        data: {
          notificationId: notificationId(update.id, subscriber.id, channel),
          channel,
          template: event.type,
          recipient: recipientFor(subscriber, incident, address),
          incident,
          update,
        },
      };
      return [{ topic: Topics.NotificationRequested, key: subscriber.id, value: request }];
    });
  }
}
