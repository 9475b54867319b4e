import { Injectable } from '@nestjs/common';
import { DataSource, In, Repository } from 'typeorm';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { IncidentFollowEntity } from './incident-follow.entity';

/** A follower of an incident: the subscriber, and the address her follow names. */
export interface IncidentFollower {
  subscriber: SubscriberEntity;
  follow: IncidentFollowEntity;
}

/** Incident follows in subscriber-service's schema. */
@Injectable()
export class FollowsRepository {
  private readonly repo: Repository<IncidentFollowEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(IncidentFollowEntity);
  }

  /** Stores the follow once: true if it is new, false if it was already there (a redelivery or a second key press). */
  async follow(row: IncidentFollowEntity): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .into(IncidentFollowEntity)
      .values(row)
      .orIgnore()
      .returning(['incidentId'])
      .execute();
    return result.raw.length > 0;
  }

  ofSubscriber(subscriberId: string): Promise<IncidentFollowEntity[]> {
    return this.repo.find({ where: { subscriberId }, order: { requestedAt: 'ASC', incidentId: 'ASC' } });
  }

  /**
   * Everyone following `incidentId`, page by page (keyset on subscriber and channel, like the fan-out), each follow
   * with its subscriber as she is now. A follow whose subscriber is gone is left out.
   */
  async *followers(incidentId: string, pageSize = 1000): AsyncGenerator<IncidentFollower[]> {
    let after: { subscriberId: string; channel: string } | undefined;
    for (;;) {
      const query = this.repo
        .createQueryBuilder('f')
        .where('f.incident_id = :incidentId', { incidentId })
        .orderBy('f.subscriber_id', 'ASC')
        .addOrderBy('f.channel', 'ASC')
        .limit(pageSize);
      if (after) query.andWhere('(f.subscriber_id, f.channel) > (:subscriberId, :channel)', after);
      const follows = await query.getMany();
      if (follows.length === 0) return;
      const subscribers = await this.dataSource.getRepository(SubscriberEntity).findBy({ id: In(follows.map((f) => f.subscriberId)) });
      const byId = new Map(subscribers.map((s) => [s.id, s]));
      yield follows.flatMap((follow) => {
        const subscriber = byId.get(follow.subscriberId);
        return subscriber ? [{ subscriber, follow }] : [];
      });
      if (follows.length < pageSize) return;
      const last = follows[follows.length - 1];
      after = { subscriberId: last.subscriberId, channel: last.channel };
    }
  }
}
