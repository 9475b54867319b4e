import { Injectable, Logger } from '@nestjs/common';
import { IncidentChangedEvent } from '@prespond/contracts';
import { EventProducer } from '@prespond/kafka';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { cadenceDecision } from './cadence';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { FollowsRepository } from '../follows/follows.repository';
import { followerRequest } from './follower-request';
import { notificationId } from './notification-id';
import { notificationRequests } from './notification-requests';

/** What one incident change became. */
export interface FanoutResult {
  /** Notification requests published now (one per subscriber × channel). */
  requested: number;
  /** Subscribers for whom the update was held for a digest. */
  held: number;
  /** Subscribers whose cadence leaves this update out. */
  skipped: number;
}

/**
 * Turns one incident change into one `notification.requested` per affected subscriber and channel. Affected: she
 * uses one of the incident's components, in one of its regions (an incident with no regions touches every region).
 * Her cadence decides whether this change reaches her now, waits for her digest, or not at all (see cadence.ts).
 */
@Injectable()
export class FanoutService {
  private readonly logger = new Logger(FanoutService.name);

  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly producer: EventProducer,
    private readonly digestsHeld: DigestRepository,
    private readonly digests: DigestService,
    private readonly follows: FollowsRepository,
  ) {}

  /**
   * Publishes page by page; `onPage` runs after each page is on the broker (the consumer heartbeats there).
   * Safe to repeat: ids are deterministic and held digest entries are unique, so a redelivered incident event
   * requests the same notifications and holds nothing twice.
   */
  async planIncidentNotifications(event: IncidentChangedEvent, onPage: () => Promise<void> = async () => undefined): Promise<FanoutResult> {
    const { incident, update, previousStatus } = event.data;
    const change = { type: event.type, severity: incident.severity, status: update.status, previousStatus };
    const result: FanoutResult = { requested: 0, held: 0, skipped: 0 };
    for await (const page of this.subscribers.stream({ components: incident.components, regions: incident.regions })) {
      const toHold: SubscriberEntity[] = [];
      const requests = page.flatMap((subscriber) => {
        const decision = cadenceDecision(subscriber, change);
        if (decision === 'digest') toHold.push(subscriber);
        if (decision === 'skip') result.skipped++;
        if (decision !== 'now') return [];
        return notificationRequests(subscriber, { template: event.type, incident, update }, (channel) => notificationId(update.id, subscriber.id, channel));
      });
      await this.producer.send(requests);
      if (toHold.length > 0) await this.digestsHeld.hold(event, toHold.map((s) => s.id));
      result.requested += requests.length;
      result.held += toHold.length;
      await onPage();
    }
    // Followers (callers on hold who pressed 1) get every update by text whatever their profile says; same ids as
    // the matched fan-out, so never twice.
    for await (const page of this.follows.followers(incident.id)) {
      const requests = page.map((follower) => followerRequest(event, follower));
      await this.producer.send(requests);
      result.requested += requests.length;
      await onPage();
    }
    // Digests that are due at once (her first message about it, the resolution) need not wait for the next round.
    if (result.held > 0) await this.digests.flushDue(incident.id);
    this.logger.log(
      `${event.type} ${incident.id} #${update.sequence}: ${result.requested} notifications requested, ${result.held} held for digests, ${result.skipped} left out by cadence`,
    );
    return result;
  }
}
