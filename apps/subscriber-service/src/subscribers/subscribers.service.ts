import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Outbox } from '@prespond/kafka';
import { badRequest, toCsv } from '@prespond/platform';
import {
  AUDIENCE_SAMPLE_DEFAULT,
  AudienceTagsResponse,
  IncidentAudienceMemberResponse,
  IncidentAudienceQuery,
  IncidentAudienceResponse,
  IncidentAudienceSampleQuery,
} from './dto/incident-audience.dto';
import { CreateSubscriberDto, ListSubscribersQuery, SubscriberPage, SubscriberResponse, toSubscriberResponse, UpdateSubscriberDto } from './dto/subscriber.dto';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { consentChanges } from '../consent/consent-changes';
import { ConsentRecordResponse, toConsentRecordResponse } from '../consent/dto/consent-record.dto';
import { SubscriberEntity } from './subscriber.entity';
import { readSearch } from './subscriber-search';
import { SubscribersRepository } from './subscribers.repository';
import { contactErrors, isExternalIdTaken, profileFrom, subscriberChanged } from './subscriber-rules';

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

  /** The same records as CSV (RFC 4180), oldest first, for her or a regulator to open in a spreadsheet. */
  async consentRecordsCsv(id: string): Promise<string> {
    const records = await this.consentRecords(id);
    return toCsv(
      ['recordedAt', 'purpose', 'granted', 'source', 'wording'],
      records.map((r) => [r.recordedAt, r.purpose, r.granted, r.source, r.wording]),
    );
  }

  async create(dto: CreateSubscriberDto): Promise<SubscriberResponse> {
    const now = new Date();
    const subscriber = Object.assign(new SubscriberEntity(), { id: randomUUID(), ...profileFrom(dto), lastSeenAt: null, erasedAt: null, createdAt: now, updatedAt: now });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.externalIdFree(() =>
      this.subscribers.transaction(async (manager) => {
        await this.subscribers.insert(manager, subscriber);
        await this.consents.record(manager, consentChanges(subscriber.id, null, subscriber, consentContext(dto, now)));
        await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
      }),
    );
    this.outbox.notify();
    return toSubscriberResponse(subscriber);
  }

  async update(id: string, dto: UpdateSubscriberDto): Promise<SubscriberResponse> {
    const subscriber = await this.find(id);
    // Her contact data is gone for good: an update must not bring it (or messages) back.
    if (subscriber.erasedAt) throw new ConflictException(`subscriber ${id} was erased at her request`);
    const before = { marketingConsent: subscriber.marketingConsent, optedOutChannels: [...subscriber.optedOutChannels] };
    const { consentSource: _source, consentWording: _wording, ...fields } = dto;
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const now = new Date();
    Object.assign(subscriber, changes, { updatedAt: now });
    const errors = contactErrors(subscriber);
    if (errors.length > 0) throw badRequest(errors);
    await this.externalIdFree(() =>
      this.subscribers.transaction(async (manager) => {
        await this.subscribers.save(manager, subscriber);
        await this.consents.record(manager, consentChanges(subscriber.id, before, subscriber, consentContext(dto, now)));
        await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
      }),
    );
    this.outbox.notify();
    return toSubscriberResponse(subscriber);
  }

  async get(id: string): Promise<SubscriberResponse> {
    return toSubscriberResponse(await this.find(id));
  }

  /** How many subscribers an incident on these components and regions reaches, and how many by SMS and by email. */
  incidentAudience(query: IncidentAudienceQuery): Promise<IncidentAudienceResponse> {
    return this.subscribers.countAudience({ components: query.components, regions: query.regions });
  }

  /** The first few subscribers (by id) such an incident reaches, with the channels it reaches each on. */
  incidentAudienceSample(query: IncidentAudienceSampleQuery): Promise<IncidentAudienceMemberResponse[]> {
    return this.subscribers.sampleAudience({ components: query.components, regions: query.regions }, query.limit ?? AUDIENCE_SAMPLE_DEFAULT);
  }

  /** The components and regions subscribers name as theirs, with how many do. */
  async audienceTags(): Promise<AudienceTagsResponse> {
    const [components, regions] = await Promise.all([this.subscribers.countTags('components'), this.subscribers.countTags('regions')]);
    return { components, regions };
  }

  async list(query: ListSubscribersQuery): Promise<SubscriberPage> {
    const limit = query.limit ?? 100;
    const items = await this.subscribers.page(
      { components: query.component ? [query.component] : undefined, regions: query.region ? [query.region] : undefined, search: query.search ? readSearch(query.search) : undefined },
      query.cursor,
      limit,
    );
    return { items: items.map(toSubscriberResponse), nextCursor: items.length === limit ? items[items.length - 1].id : null };
  }

  /** Runs the write; another subscriber's external id answers 409 naming the field. */
  private async externalIdFree(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (isExternalIdTaken(error)) throw new ConflictException({ statusCode: 409, error: 'Conflict', message: 'externalId: belongs to another subscriber', errors: [{ field: 'externalId', reason: 'belongs to another subscriber' }] });
      throw error;
    }
  }

  private async find(id: string): Promise<SubscriberEntity> {
    const subscriber = await this.subscribers.findById(id);
    if (!subscriber) throw new NotFoundException(`no subscriber ${id}`);
    return subscriber;
  }
}
