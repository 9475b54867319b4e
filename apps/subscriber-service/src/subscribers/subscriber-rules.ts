import { randomUUID } from 'node:crypto';
import { DEFAULT_QUIET_HOURS, DEFAULT_QUIET_HOURS_INCIDENTS, SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { FieldError } from '@prespond/platform';
import { CreateSubscriberDto, toSubscriberResponse } from './dto/subscriber.dto';
import { SubscriberEntity } from './subscriber.entity';

/**
 * The rules of a subscriber beyond one field's validators, and the event of her change: one place, shared by the API
 * (`POST`/`PATCH /subscribers`) and the bulk import, so a rule is never written twice.
 */

/** What a create request sets: the profile fields, each with the default of an omitted field. */
export type ProfileFields = Pick<
  SubscriberEntity,
  | 'externalId' | 'name' | 'email' | 'phone' | 'timeZone' | 'locale' | 'components' | 'regions' | 'channels' | 'cadence'
  | 'digestHours' | 'criticalOverride' | 'marketingConsent' | 'optedOutChannels'
  | 'quietHoursStart' | 'quietHoursEnd' | 'quietHoursIncidents' | 'quietHoursCritical'
>;

/** The profile a (validated) create request describes, omitted fields at their defaults. */
export function profileFrom(dto: CreateSubscriberDto): ProfileFields {
  return {
    externalId: dto.externalId ?? null,
    name: dto.name,
    email: dto.email ?? null,
    phone: dto.phone ?? null,
    timeZone: dto.timeZone,
    locale: dto.locale ?? 'en',
    components: dto.components,
    regions: dto.regions,
    channels: dto.channels,
    cadence: dto.cadence ?? null,
    digestHours: dto.digestHours ?? null,
    criticalOverride: dto.criticalOverride ?? false,
    marketingConsent: dto.marketingConsent ?? false,
    optedOutChannels: dto.optedOutChannels ?? [],
    // null means "no quiet hours", so only an omitted field takes the default
    quietHoursStart: dto.quietHoursStart !== undefined ? dto.quietHoursStart : DEFAULT_QUIET_HOURS.start,
    quietHoursEnd: dto.quietHoursEnd !== undefined ? dto.quietHoursEnd : DEFAULT_QUIET_HOURS.end,
    quietHoursIncidents: dto.quietHoursIncidents ?? DEFAULT_QUIET_HOURS_INCIDENTS,
    quietHoursCritical: dto.quietHoursCritical ?? false,
  };
}

/** Every channel she chose needs its address, and her quiet hours have a start and an end, or neither. */
export function contactErrors(s: Pick<SubscriberEntity, 'channels' | 'email' | 'phone'> & Partial<Pick<SubscriberEntity, 'quietHoursStart' | 'quietHoursEnd'>>): FieldError[] {
  const errors: FieldError[] = [];
  if (s.channels.includes('sms') && !s.phone) errors.push({ field: 'phone', reason: 'is required when channels include sms' });
  if (s.channels.includes('email') && !s.email) errors.push({ field: 'email', reason: 'is required when channels include email' });
  if (s.quietHoursStart !== undefined && s.quietHoursEnd !== undefined && (s.quietHoursStart === null) !== (s.quietHoursEnd === null)) {
    const missing = s.quietHoursStart === null ? 'quietHoursStart' : 'quietHoursEnd';
    errors.push({ field: missing, reason: 'quiet hours need both a start and an end (or neither, for none)' });
  }
  return errors;
}

/** `subscriber.changed` for the subscriber as she now is, keyed by her id. */
export function subscriberChanged(s: SubscriberEntity): OutgoingEvent {
  const { createdAt: _created, ...snapshot } = toSubscriberResponse(s);
  const event: SubscriberChangedEvent = {
    id: randomUUID(),
    type: 'subscriber.changed',
    version: 1,
    occurredAt: s.updatedAt.toISOString(),
    data: { subscriber: snapshot },
  };
  return { topic: Topics.SubscriberChanged, key: s.id, value: event };
}

/** Postgres' unique_violation on the external id: the id is another subscriber's. */
export function isExternalIdTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
  return e?.code === '23505' && (e.constraint ?? e.driverError?.constraint) === 'subscriber_external_id_idx';
}
