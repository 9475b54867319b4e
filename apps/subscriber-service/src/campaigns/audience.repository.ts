import { Injectable } from '@nestjs/common';
import { Channel } from '@prespond/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { audienceConditions, audienceSql, AudienceScope, onChannelSql, reachableSql } from './audience';
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

/**
 * Those the filter names who are left out, each counted once, under the first rule that leaves her out, in this
 * order (the order the runner's conditions are read in; opted out last, as the runner records it).
 */
export interface AudienceExclusions {
  /** No marketing consent. */
  noConsent: number;
  /** Consent, but an open incident touches her. */
  openIncident: number;
  /** Consent, no open incident, but at the frequency cap. */
  frequencyCap: number;
  /** Otherwise in, but opted out of every campaign channel she chose. */
  optedOut: number;
}

/** Audience size and who would be reached where. */
export interface AudienceCount {
  /** Reachable on at least one of the campaign's channels. */
  size: number;
  /** Per channel: reachable there. */
  byChannel: Partial<Record<Channel, number>>;
  /** In the audience otherwise, but opted out of every campaign channel she chose: left out. */
  optedOut: number;
  /** Named by the filter and with an address on a campaign channel she chose: size plus every exclusion. */
  matching: number;
  excluded: AudienceExclusions;
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

  /**
   * The audience's size, per channel, and those the filter names but the exclusions leave out, in one pass over the
   * filter's rows: each condition is evaluated once per row (in the inner query), then counted.
   */
  async count(scope: AudienceScope, now: Date): Promise<AudienceCount> {
    const { onChannels, filter, consent, noOpenIncident, underCap, params } = audienceConditions(scope, now);
    const query = this.dataSource
      .createQueryBuilder()
      .from((rows) => {
        rows.from('subscriber', 's').where([onChannels, ...filter].join(' AND '), params);
        rows.select(`${consent}`, 'consent').addSelect(`(${noOpenIncident})`, 'calm').addSelect(`(${underCap})`, 'under_cap').addSelect(reachableSql(scope.channels), 'reachable');
        for (const channel of scope.channels) rows.addSelect(onChannelSql(channel, true), `on_${channel}`);
        return rows;
      }, 'f');
    const inAudience = 'f.consent AND f.calm AND f.under_cap';
    query
      .select(`count(*)::int`, 'matching')
      .addSelect(`count(*) FILTER (WHERE ${inAudience} AND f.reachable)::int`, 'size')
      .addSelect(`count(*) FILTER (WHERE NOT f.consent)::int`, 'noConsent')
      .addSelect(`count(*) FILTER (WHERE f.consent AND NOT f.calm)::int`, 'openIncident')
      .addSelect(`count(*) FILTER (WHERE f.consent AND f.calm AND NOT f.under_cap)::int`, 'frequencyCap')
      .addSelect(`count(*) FILTER (WHERE ${inAudience} AND NOT f.reachable)::int`, 'optedOut');
    for (const channel of scope.channels) query.addSelect(`count(*) FILTER (WHERE ${inAudience} AND f.on_${channel})::int`, channel);
    const row = await query.getRawOne();
    return {
      size: row.size,
      optedOut: row.optedOut,
      byChannel: Object.fromEntries(scope.channels.map((c) => [c, row[c]])),
      matching: row.matching,
      excluded: { noConsent: row.noConsent, openIncident: row.openIncident, frequencyCap: row.frequencyCap, optedOut: row.optedOut },
    };
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
