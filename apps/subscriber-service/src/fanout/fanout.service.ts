import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { addressOn, IncidentChangedEvent, NotificationRequestedEvent, recipientFor, Topics } from '@prespond/contracts';
import { EventProducer, OutgoingEvent } from '@prespond/kafka';
import { FollowsRepository } from '../follows/follows.repository';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { followerRequest } from './follower-request';
import { notificationId } from './notification-id';

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
    private readonly follows: FollowsRepository,
  ) {}

  /**
   * Publishes page by page; `onPage` runs after each page is on the broker (the consumer heartbeats there).
   * Safe to repeat: ids are deterministic, so a redelivered incident event requests the same notifications.
   */
  async planIncidentNotifications(event: IncidentChangedEvent, onPage: () => Promise<void> = async () => undefined): Promise<number> {
    const { incident } = event.data;
    let planned = 0;
    for await (const page of this.subscribers.stream({ components: incident.components, regions: incident.regions })) {
      const requests = page.flatMap((subscriber) => this.requestsFor(event, subscriber));
      await this.producer.send(requests);
      planned += requests.length;
      await onPage();
    }
    // Followers (callers on hold who pressed 1) get a text whatever their profile says; same ids, so never twice.
    for await (const page of this.follows.followers(incident.id)) {
      const requests = page.map((follower) => followerRequest(event, follower));
      await this.producer.send(requests);
      planned += requests.length;
      await onPage();
    }
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
