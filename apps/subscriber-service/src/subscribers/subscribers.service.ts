import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { badRequest, FieldError } from '@prespond/platform';
import { CreateSubscriberDto, ListSubscribersQuery, SubscriberPage, SubscriberResponse, toSubscriberResponse, UpdateSubscriberDto } from './dto/subscriber.dto';
import { SubscriberEntity } from './subscriber.entity';
import { SubscribersRepository } from './subscribers.repository';

/** Every channel she chose needs its address. */
function contactErrors(s: Pick<SubscriberEntity, 'channels' | 'email' | 'phone'>): FieldError[] {
  const errors: FieldError[] = [];
  if (s.channels.includes('sms') && !s.phone) errors.push({ field: 'phone', reason: 'is required when channels include sms' });
  if (s.channels.includes('email') && !s.email) errors.push({ field: 'email', reason: 'is required when channels include email' });
  return errors;
}

/** `subscriber.changed` for the subscriber as she now is, keyed by her id. */
function subscriberChanged(s: SubscriberEntity): OutgoingEvent {
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

/** Subscribers: every change is stored and published (subscriber.changed) in one transaction, through the outbox. */
@Injectable()
export class SubscribersService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly outbox: Outbox,
  ) {}

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
      createdAt: now,
      updatedAt: now,
    });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.subscribers.transaction(async (manager) => {
      await this.subscribers.insert(manager, subscriber);
      await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
    });
    this.outbox.notify();
    return toSubscriberResponse(subscriber);
  }

  async update(id: string, dto: UpdateSubscriberDto): Promise<SubscriberResponse> {
    const subscriber = await this.find(id);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
    Object.assign(subscriber, changes, { updatedAt: new Date() });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.subscribers.transaction(async (manager) => {
      await this.subscribers.save(manager, subscriber);
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
