import { Channel } from '@prespond/contracts';
import { KnownIncidentsRepository } from '../incidents/known-incidents.repository';
import { MarketingLedgerRepository } from '../marketing/marketing-ledger.repository';
import { AudienceFilter } from './campaign.entity';

const DAY = 86_400_000;

/** A SQL condition on subscriber alias `s` with its named parameters (TypeORM query builder syntax). */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** What decides a campaign's audience besides its filter. */
export interface AudienceScope {
  filter: AudienceFilter;
  /** The channels the campaign has content for. */
  channels: Channel[];
  capCount: number;
  capDays: number;
}

/**
 * "She can be reached on `channel`": she chose it and has an address there; with `respectOptOut`, she has not opted
 * out of it either. `channel` comes from the closed CHANNELS list, never from free text.
 */
export function onChannelSql(channel: Channel, respectOptOut: boolean): string {
  const address = channel === 'sms' ? 's.phone' : 's.email';
  const optOut = respectOptOut ? ` AND NOT ('${channel}' = ANY(s.opted_out_channels))` : '';
  return `('${channel}' = ANY(s.channels) AND ${address} IS NOT NULL${optOut})`;
}

/**
 * The audience's conditions at `now`, apart: who the filter names and can be reached on one of the campaign's channels
 * (opt-outs aside), and each exclusion that always applies, as the condition she must meet to stay in. Kept apart so
 * the console can say how many each exclusion leaves out (AudienceRepository.count), counted with the very conditions
 * the runner applies (audienceSql joins them).
 */
export function audienceConditions(scope: AudienceScope, now: Date): {
  /** "She chose one of the campaign's channels and has an address there" (opt-outs aside). */
  onChannels: string;
  /** Each condition of the filter. */
  filter: string[];
  /** She gave marketing consent. */
  consent: string;
  /** No open incident touches her. */
  noOpenIncident: string;
  /** Fewer than capCount marketing contacts (of every kind) in the last capDays. */
  underCap: string;
  params: Record<string, unknown>;
} {
  const { filter } = scope;
  const filters: string[] = [];
  const params: Record<string, unknown> = { capSince: new Date(now.getTime() - scope.capDays * DAY), capCount: scope.capCount };
  const lastSeen = 'COALESCE(s.last_seen_at, s.created_at)';
  if (filter.inactiveDays !== undefined) {
    filters.push(`${lastSeen} <= :inactiveSince`);
    params.inactiveSince = new Date(now.getTime() - filter.inactiveDays * DAY);
  }
  if (filter.lastSeenBefore) {
    filters.push(`${lastSeen} < :lastSeenBefore`);
    params.lastSeenBefore = new Date(filter.lastSeenBefore);
  }
  if (filter.lastSeenAfter) {
    filters.push(`${lastSeen} > :lastSeenAfter`);
    params.lastSeenAfter = new Date(filter.lastSeenAfter);
  }
  if (filter.regions?.length) {
    filters.push('s.regions && ARRAY[:...regions]::text[]');
    params.regions = filter.regions;
  }
  if (filter.components?.length) {
    filters.push('s.components && ARRAY[:...components]::text[]');
    params.components = filter.components;
  }
  if (filter.plans?.length) {
    // Table `plan` belongs to the renewals area; only a campaign filtering on plans reads it.
    filters.push(`EXISTS (SELECT 1 FROM plan p WHERE p.subscriber_id = s.id AND p.type IN (:...plans) AND p.state <> 'cancelled')`);
    params.plans = filter.plans;
  }
  if (filter.hasChannel) filters.push(onChannelSql(filter.hasChannel, true));
  return {
    onChannels: scope.channels.length > 0 ? `(${scope.channels.map((c) => onChannelSql(c, false)).join(' OR ')})` : 'FALSE',
    filter: filters,
    consent: 's.marketing_consent',
    noOpenIncident: `NOT ${KnownIncidentsRepository.hasOpenIncidentSql('s')}`,
    underCap: MarketingLedgerRepository.underCapSql('s'),
    params,
  };
}

/**
 * The audience of a campaign at `now` as one SQL condition, so it is counted, sampled and streamed in the database
 * and never loaded: the filter, plus the exclusions that always apply (no marketing consent, an open incident
 * touching her, the frequency cap reached) and "reachable on one of the campaign's channels". With
 * `respectOptOut` false, those reachable only on channels they opted out of stay in (the runner records them as
 * opted out for the results); with it true they are left out (the audience size).
 * "Last seen" is `last_seen_at`, or `created_at` for a customer never seen.
 */
export function audienceSql(scope: AudienceScope, now: Date, respectOptOut: boolean): SqlCondition {
  const { onChannels, filter, consent, noOpenIncident, underCap, params } = audienceConditions(scope, now);
  return { sql: [consent, noOpenIncident, underCap, respectOptOut ? reachableSql(scope.channels) : onChannels, ...filter].join(' AND '), params };
}

/** "She can be reached on one of `channels`, opt-outs respected". */
export function reachableSql(channels: Channel[]): string {
  return channels.length > 0 ? `(${channels.map((c) => onChannelSql(c, true)).join(' OR ')})` : 'FALSE';
}
