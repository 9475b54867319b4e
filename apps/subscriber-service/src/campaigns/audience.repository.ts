import { Injectable } from '@nestjs/common';
import { Channel } from '@prespond/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { audienceSql, AudienceScope, onChannelSql } from './audience';
import { inWindowSql } from './send-window';

/** One audience member, with what her messages need. */
export interface AudienceMember {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string;
  locale: string;
  channels: Channel[];
  optedOutChannels: Channel[];
}

/** Audience size and who would be reached where. */
export interface AudienceCount {
  /** Reachable on at least one of the campaign's channels. */
  size: number;
  /** Per channel: reachable there. */
  byChannel: Partial<Record<Channel, number>>;
  /** In the audience otherwise, but opted out of every campaign channel she chose: left out. */
  optedOut: number;
}

const MEMBER = [
  's.id AS id',
  's.name AS name',
  's.email AS email',
  's.phone AS phone',
  's.time_zone AS "timeZone"',
  's.locale AS locale',
  's.channels AS channels',
  's.opted_out_channels AS "optedOutChannels"',
];

/** A campaign's audience, counted, sampled and streamed in the database (see audienceSql); never loaded whole. */
@Injectable()
export class AudienceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async count(scope: AudienceScope, now: Date): Promise<AudienceCount> {
    const everyone = audienceSql(scope, now, false);
    const query = this.dataSource.createQueryBuilder().from('subscriber', 's').where(everyone.sql, everyone.params);
    const eligible = scope.channels.map((c) => onChannelSql(c, true));
    query.select(`count(*) FILTER (WHERE ${eligible.length ? eligible.join(' OR ') : 'FALSE'})::int`, 'size');
    query.addSelect(`count(*) FILTER (WHERE NOT (${eligible.length ? eligible.join(' OR ') : 'FALSE'}))::int`, 'optedOut');
    for (const channel of scope.channels) query.addSelect(`count(*) FILTER (WHERE ${onChannelSql(channel, true)})::int`, channel);
    const row = await query.getRawOne();
    return { size: row.size, optedOut: row.optedOut, byChannel: Object.fromEntries(scope.channels.map((c) => [c, row[c]])) };
  }

  /** The first `limit` of the audience (by id): who it is, at a glance. */
  sample(scope: AudienceScope, now: Date, limit: number): Promise<AudienceMember[]> {
    const audience = audienceSql(scope, now, true);
    return this.dataSource.createQueryBuilder().select(MEMBER).from('subscriber', 's').where(audience.sql, audience.params).orderBy('s.id').limit(limit).getRawMany();
  }

  /**
   * The next page (keyset: ids after `after`) of the campaign's audience not planned yet and inside their local send
   * window at `now`. Those outside their window stay unplanned and come in a later round.
   */
  nextPage(manager: EntityManager, campaignId: string, scope: AudienceScope, window: { start: string; end: string }, now: Date, after: string | null, limit: number): Promise<AudienceMember[]> {
    const audience = audienceSql(scope, now, false);
    const query = manager
      .createQueryBuilder()
      .select(MEMBER)
      .from('subscriber', 's')
      .where(audience.sql, { ...audience.params, now, campaignId })
      .andWhere(inWindowSql('s', window.start, window.end))
      .andWhere('NOT EXISTS (SELECT 1 FROM campaign_recipient r WHERE r.campaign_id = :campaignId AND r.subscriber_id = s.id)');
    if (after) query.andWhere('s.id > :after', { after });
    return query.orderBy('s.id').limit(limit).getRawMany();
  }

  /** Whether anyone of the audience (whatever her window) is still to be planned: if not, the campaign is complete. */
  async anyLeft(manager: EntityManager, campaignId: string, scope: AudienceScope, now: Date): Promise<boolean> {
    const audience = audienceSql(scope, now, false);
    const row = await manager
      .createQueryBuilder()
      .select('s.id', 'id')
      .from('subscriber', 's')
      .where(audience.sql, { ...audience.params, campaignId })
      .andWhere('NOT EXISTS (SELECT 1 FROM campaign_recipient r WHERE r.campaign_id = :campaignId AND r.subscriber_id = s.id)')
      .limit(1)
      .getRawOne();
    return !!row;
  }
}
