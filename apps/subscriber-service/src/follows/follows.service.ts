import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CallerSmsUpdatesRequestedEvent } from '@prespond/contracts';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { FollowResponse, toFollowResponse } from './dto/follow.dto';
import { IncidentFollowEntity } from './incident-follow.entity';
import { FollowsRepository } from './follows.repository';

export type FollowOutcome = 'followed' | 'already-following' | 'skipped';

/** Follows: a subscriber who asked for an incident's updates on a channel gets them from the fan-out. */
@Injectable()
export class FollowsService {
  private readonly logger = new Logger(FollowsService.name);

  constructor(
    private readonly follows: FollowsRepository,
    private readonly subscribers: SubscribersRepository,
  ) {}

  /** Idempotent: the same request (redelivered, or pressed twice) stores one follow. */
  async followBySms(event: CallerSmsUpdatesRequestedEvent): Promise<FollowOutcome> {
    const { subscriberId, incidentId, phone, requestedAt } = event.data;
    if (!(await this.subscribers.findById(subscriberId))) {
      // The messenger only knows subscribers from our own events, so this is a subscriber removed since: nothing to do.
      this.logger.warn(`follow of ${incidentId} for unknown subscriber ${subscriberId} skipped`);
      return 'skipped';
    }
    const row = Object.assign(new IncidentFollowEntity(), { incidentId, subscriberId, channel: 'sms', address: phone, requestedAt: new Date(requestedAt) });
    return (await this.follows.follow(row)) ? 'followed' : 'already-following';
  }

  /** The incidents she follows, oldest request first. */
  async followsOf(subscriberId: string): Promise<FollowResponse[]> {
    if (!(await this.subscribers.findById(subscriberId))) throw new NotFoundException(`no subscriber ${subscriberId}`);
    return (await this.follows.ofSubscriber(subscriberId)).map(toFollowResponse);
  }
}
