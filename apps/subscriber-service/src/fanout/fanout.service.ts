import { Injectable, Logger } from '@nestjs/common';
import { IncidentChangedEvent } from '@prespond/contracts';
import { EventProducer } from '@prespond/kafka';
import { FollowsRepository } from '../follows/follows.repository';
import { KnownIncidentsRepository } from '../incidents/known-incidents.repository';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { cadenceDecision } from './cadence';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { followerRequest } from './follower-request';
import { notificationId } from './notification-id';
import { notificationRequests } from './notification-requests';
import { ReopeningsRepository } from './reopenings.repository';

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
 * Callers who pressed 1 on hold get every update by text; after the resolution, only the customers who reopened
 * the incident hear more.
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
    private readonly reopenings: ReopeningsRepository,
    private readonly knownIncidents: KnownIncidentsRepository,
  ) {}

  /**
   * Publishes page by page; `onPage` runs after each page is on the broker (the consumer heartbeats there).
   * Safe to repeat: ids are deterministic and held digest entries are unique, so a redelivered incident event
   * requests the same notifications and holds nothing twice.
   */
  async planIncidentNotifications(event: IncidentChangedEvent, onPage: () => Promise<void> = async () => undefined): Promise<FanoutResult> {
    const { incident, update } = event.data;
    await this.knownIncidents.record(event);
    const afterResolution = incident.resolvedAt !== null && Date.parse(update.createdAt) > Date.parse(incident.resolvedAt);
    const result = afterResolution ? await this.planForReopened(event, onPage) : await this.planForAffected(event, onPage);
    this.logger.log(
      `${event.type} ${incident.id} #${update.sequence}: ${result.requested} notifications requested, ${result.held} held for digests, ${result.skipped} left out by cadence`,
    );
    return result;
  }

  /** Everyone the incident touches, at her cadence, and the callers who followed it from the hold line. */
  private async planForAffected(event: IncidentChangedEvent, onPage: () => Promise<void>): Promise<FanoutResult> {
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
    // Followers get every update by text whatever their profile says; same ids as the matched fan-out, so never twice.
    for await (const page of this.follows.followers(incident.id)) {
      const requests = page.filter(({ subscriber, follow }) => !subscriber.optedOutChannels?.includes(follow.channel)).map((follower) => followerRequest(event, follower));
      await this.producer.send(requests);
      result.requested += requests.length;
      await onPage();
    }
    // Digests that are due at once (her first message about it, the resolution) need not wait for the next round.
    if (result.held > 0) await this.digests.flushDue(incident.id);
    return result;
  }

  /** An update or final word after the resolution: only for the customers who said it still does not work. */
  private async planForReopened(event: IncidentChangedEvent, onPage: () => Promise<void>): Promise<FanoutResult> {
    const { incident, update } = event.data;
    const result: FanoutResult = { requested: 0, held: 0, skipped: 0 };
    for await (const page of this.reopenings.subscribersWhoReopened(incident.id)) {
      const requests = page.flatMap((subscriber) =>
        notificationRequests(subscriber, { template: event.type, incident, update }, (channel) => notificationId(update.id, subscriber.id, channel)),
      );
      await this.producer.send(requests);
      result.requested += requests.length;
      await onPage();
    }
    // Such an event exists only because someone reopened the incident: seeing nobody means our copy of the
    // reopenings (incident.feedback) is behind. Failing makes the consumer mechanism retry it later.
    if (result.requested === 0) throw new Error(`incident ${incident.id}: no reopening known yet for an update after its resolution`);
    return result;
  }
}
