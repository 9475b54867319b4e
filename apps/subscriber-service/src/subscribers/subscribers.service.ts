import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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

@Injectable()
export class SubscribersService {
  constructor(private readonly subscribers: SubscribersRepository) {}

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
      createdAt: now,
      updatedAt: now,
    });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.subscribers.insert(subscriber);
    return toSubscriberResponse(subscriber);
  }

  async update(id: string, dto: UpdateSubscriberDto): Promise<SubscriberResponse> {
    const subscriber = await this.find(id);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
    Object.assign(subscriber, changes, { updatedAt: new Date() });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.subscribers.save(subscriber);
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
