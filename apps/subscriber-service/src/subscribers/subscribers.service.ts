import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_QUIET_HOURS, DEFAULT_QUIET_HOURS_INCIDENTS, SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { badRequest, FieldError } from '@prespond/platform';
import { CreateSubscriberDto, ListSubscribersQuery, SubscriberPage, SubscriberResponse, toSubscriberResponse, UpdateSubscriberDto } from './dto/subscriber.dto';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { consentChanges } from '../consent/consent-changes';
import { ConsentRecordResponse, toConsentRecordResponse } from '../consent/dto/consent-record.dto';
import { SubscriberEntity } from './subscriber.entity';
import { SubscribersRepository } from './subscribers.repository';

/** Every channel she chose needs its address, and her quiet hours must make sense. */
function contactErrors(s: Pick<SubscriberEntity, 'channels' | 'email' | 'phone' | 'quietHoursStart' | 'quietHoursEnd'>): FieldError[] {
  const errors: FieldError[] = [];
  if (s.channels.includes('sms') && !s.phone) errors.push({ field: 'phone', reason: 'is required when channels include sms' });
  if (s.channels.includes('email') && !s.email) errors.push({ field: 'email', reason: 'is required when channels include email' });
  return [...errors, ...quietHoursErrors(s)];
}

/** Quiet hours have a start and an end, or neither. */
function quietHoursErrors(s: Pick<SubscriberEntity, 'quietHoursStart' | 'quietHoursEnd'>): FieldError[] {
  if ((s.quietHoursStart === null) === (s.quietHoursEnd === null)) return [];
  const missing = s.quietHoursStart === null ? 'quietHoursStart' : 'quietHoursEnd';
  return [{ field: missing, reason: 'quiet hours need both a start and an end (or neither, for none)' }];
}

/** `subscriber.changed` for the subscriber as she now is, keyed by her id (also published by consent/). */
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

/** Where a consent change came from, as the request says (default: the API). */
function consentContext(dto: { consentSource?: string; consentWording?: string }, at: Date) {
  return { source: dto.consentSource ?? 'api', wording: dto.consentWording ?? null, at };
}

/** Subscribers: every change is stored and published (subscriber.changed) in one transaction, through the outbox. */
@Injectable()
export class SubscribersService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly consents: ConsentRecordsRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Every opt-in and opt-out of hers, oldest first. */
  async consentRecords(id: string): Promise<ConsentRecordResponse[]> {
    await this.find(id);
    return (await this.consents.forSubscriber(id)).map(toConsentRecordResponse);
  }

  async create(dto: CreateSubscriberDto): Promise<SubscriberResponse> {
    const now = new Date();
    const subscriber = Object.assign(new SubscriberEntity(), {
      id: randomUUID(),
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
      quietHoursStart: dto.quietHoursStart !== undefined ? dto.quietHoursStart : DEFAULT_QUIET_HOURS.start,
      quietHoursEnd: dto.quietHoursEnd !== undefined ? dto.quietHoursEnd : DEFAULT_QUIET_HOURS.end,
      quietHoursIncidents: dto.quietHoursIncidents ?? DEFAULT_QUIET_HOURS_INCIDENTS,
      quietHoursCritical: dto.quietHoursCritical ?? false,
      lastSeenAt: null,
      createdAt: now,
      updatedAt: now,
    });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.subscribers.transaction(async (manager) => {
      await this.subscribers.insert(manager, subscriber);
      await this.consents.record(manager, consentChanges(subscriber.id, null, subscriber, consentContext(dto, now)));
      await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
    });
    this.outbox.notify();
    return toSubscriberResponse(subscriber);
  }

  async update(id: string, dto: UpdateSubscriberDto): Promise<SubscriberResponse> {
    const subscriber = await this.find(id);
    const before = { marketingConsent: subscriber.marketingConsent, optedOutChannels: [...subscriber.optedOutChannels] };
    const { consentSource: _source, consentWording: _wording, ...fields } = dto;
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const now = new Date();
    Object.assign(subscriber, changes, { updatedAt: now });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.subscribers.transaction(async (manager) => {
      await this.subscribers.save(manager, subscriber);
      await this.consents.record(manager, consentChanges(subscriber.id, before, subscriber, consentContext(dto, now)));
      await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
    });
    this.outbox.notify();
    return toSubscriberResponse(subscriber);
  }

  async get(id: string): Promise<SubscriberResponse> {
    return toSubscriberResponse(await this.find(id));
  }

  async list(query: ListSubscribersQuery): Promise<SubscriberPage> {
    const limit = query.limit ?? 100;
    const items = await this.subscribers.page(
      { components: query.component ? [query.component] : undefined, regions: query.region ? [query.region] : undefined },
      query.cursor,
      limit,
    );
    return { items: items.map(toSubscriberResponse), nextCursor: items.length === limit ? items[items.length - 1].id : null };
  }

  private async find(id: string): Promise<SubscriberEntity> {
    const subscriber = await this.subscribers.findById(id);
    if (!subscriber) throw new NotFoundException(`no subscriber ${id}`);
    return subscriber;
  }
}
