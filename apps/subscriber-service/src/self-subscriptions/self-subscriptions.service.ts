import { ConflictException, GoneException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { MessageRequestedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { badRequest, Clock } from '@prespond/platform';
import { EntityManager } from 'typeorm';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { ConsentRecordEntity } from '../consent/consent-record.entity';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { contactErrors, profileFrom, subscriberChanged } from '../subscribers/subscriber-rules';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { RequestSelfSubscriptionDto, SelfSubscriptionConfirmedResponse, SelfSubscriptionRequestedResponse } from './dto/self-subscription.dto';
import { SelfSubscriptionEntity } from './self-subscription.entity';

/** Wrong codes a request takes before it is spent. */
export const MAX_CODE_ATTEMPTS = 5;
/** Any stable number: one request per address at a time (with the address's hash as the second key). */
const ADDRESS_LOCK = 0x5e1f5b;
/** Where the consent came from, in her consent records. */
const SOURCE = 'status-page';

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Subscriptions asked for on the public status page, with double opt-in: nothing is sent to the address but one
 * confirmation (a signed link by email, a 6-digit code by text) until she confirms, and nobody can subscribe someone
 * else (only the holder of the address gets the secret). Unconfirmed requests expire; an address gets at most one
 * confirmation per SELF_SUBSCRIPTION_EXPIRY_MINUTES however often it is asked for (the answer is the same either way,
 * so the page does not tell a stranger whether an address is known). Confirming creates the subscriber (or adds her
 * choices to the one she already is) and records her consent with the wording she was shown.
 */
@Injectable()
export class SelfSubscriptionsService {
  private readonly logger = new Logger(SelfSubscriptionsService.name);

  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly consents: ConsentRecordsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {}

  async request(dto: RequestSelfSubscriptionDto): Promise<SelfSubscriptionRequestedResponse> {
    const address = dto.channel === 'email' ? dto.email! : dto.phone!;
    const now = this.clock.now();
    const answer = await this.subscribers.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADDRESS_LOCK, `${dto.channel}:${address}`]);
      const pending = await manager
        .getRepository(SelfSubscriptionEntity)
        .createQueryBuilder('r')
        .where('r.channel = :channel AND r.address = :address AND r.expires_at > :now AND r.confirmed_at IS NULL', { channel: dto.channel, address, now })
        .orderBy('r.requested_at', 'DESC')
        .getOne();
      // One confirmation per address per window: a second request gets the first one's answer and sends nothing.
      if (pending) return { request: pending, sent: false };
      const secret = dto.channel === 'email' ? randomBytes(32).toString('base64url') : String(randomInt(0, 1_000_000)).padStart(6, '0');
      const request = Object.assign(new SelfSubscriptionEntity(), {
        id: randomUUID(),
        channel: dto.channel,
        address,
        name: dto.name.trim(),
        components: dto.components,
        regions: dto.regions,
        cadence: dto.cadence ?? null,
        timeZone: dto.timeZone,
        locale: dto.locale ?? 'en',
        wording: dto.consentWording,
        secretHash: sha256(secret),
        attempts: 0,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + this.config.selfSubscriptions.expiryMinutes * 60_000),
        confirmedAt: null,
        subscriberId: null,
      });
      await manager.insert(SelfSubscriptionEntity, request);
      await this.outbox.enqueue(manager, [this.confirmation(request, secret, now)]);
      return { request, sent: true };
    });
    if (answer.sent) {
      this.outbox.notify();
      this.logger.log(`self-subscription ${answer.request.id} by ${answer.request.channel}: confirmation queued`);
    }
    return { id: answer.request.id, channel: answer.request.channel, expiresAt: answer.request.expiresAt.toISOString() };
  }

  /** The link in her email. */
  async confirmByLink(token: string): Promise<SelfSubscriptionConfirmedResponse> {
    return this.subscribers.transaction(async (manager) => {
      const request = await manager.findOne(SelfSubscriptionEntity, { where: { secretHash: sha256(token), channel: 'email' }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new NotFoundException('This confirmation link is not one of ours, or it was replaced by a newer one.');
      return this.confirm(manager, request);
    });
  }

  /** The code we texted her, with the request's id (the page keeps it). */
  async confirmByCode(id: string, code: string): Promise<SelfSubscriptionConfirmedResponse> {
    const outcome = await this.subscribers.transaction(async (manager) => {
      const request = await manager.findOne(SelfSubscriptionEntity, { where: { id, channel: 'sms' }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new NotFoundException(`no subscription request ${id}`);
      if (!request.confirmedAt && request.expiresAt > this.clock.now()) {
        if (request.attempts >= MAX_CODE_ATTEMPTS) throw new ConflictException('Too many wrong codes: ask for a new one when this request has expired.');
        if (request.secretHash !== sha256(code)) {
          await manager.increment(SelfSubscriptionEntity, { id }, 'attempts', 1);
          return { wrong: MAX_CODE_ATTEMPTS - request.attempts - 1 };
        }
      }
      return { confirmed: await this.confirm(manager, request) };
    });
    if (outcome.wrong !== undefined) {
      throw badRequest([{ field: 'code', reason: outcome.wrong > 0 ? `is not the code we texted you (${outcome.wrong} more tries)` : 'is not the code we texted you, and that was the last try' }]);
    }
    return outcome.confirmed!;
  }

  /**
   * Creates her subscription, or adds this channel, these components and regions (and her cadence) to the subscriber
   * she already is at this address. Confirming twice confirms once.
   */
  private async confirm(manager: EntityManager, request: SelfSubscriptionEntity): Promise<SelfSubscriptionConfirmedResponse> {
    const now = this.clock.now();
    if (request.confirmedAt && request.subscriberId) {
      return { subscriberId: request.subscriberId, channel: request.channel, components: request.components, regions: request.regions, created: false };
    }
    if (request.expiresAt <= now) throw new GoneException('This request has expired: please subscribe again on the status page.');
    const contact = request.channel === 'email' ? { email: request.address } : { phone: request.address };
    const [existing] = (await this.subscribers.findByContact(contact, 1)).filter((s) => !s.erasedAt);
    let subscriber: SubscriberEntity;
    if (existing) {
      subscriber = Object.assign(existing, {
        channels: [...new Set([...existing.channels, request.channel])],
        optedOutChannels: existing.optedOutChannels.filter((c) => c !== request.channel),
        components: [...new Set([...existing.components, ...request.components])],
        regions: [...new Set([...existing.regions, ...request.regions])],
        cadence: request.cadence ?? existing.cadence,
        updatedAt: new Date(),
      });
      await this.subscribers.save(manager, subscriber);
    } else {
      const profile = profileFrom({
        name: request.name,
        ...contact,
        timeZone: request.timeZone,
        locale: request.locale,
        components: request.components,
        regions: request.regions,
        channels: [request.channel],
        cadence: request.cadence ?? undefined,
        marketingConsent: false,
      });
      subscriber = Object.assign(new SubscriberEntity(), { id: randomUUID(), ...profile, lastSeenAt: null, erasedAt: null, createdAt: new Date(), updatedAt: new Date() });
      const errors = contactErrors(subscriber);
      if (errors.length > 0) throw badRequest(errors);
      await this.subscribers.insert(manager, subscriber);
    }
    const records = [record(subscriber.id, request.channel, true, request.wording, now)];
    // Not asked for marketing on the page: recorded as such for a new subscriber ("no" is an answer worth keeping).
    if (!existing) records.push(record(subscriber.id, 'marketing', false, null, now));
    await this.consents.record(manager, records);
    await this.outbox.enqueue(manager, [subscriberChanged(subscriber)]);
    await manager.update(SelfSubscriptionEntity, { id: request.id }, { confirmedAt: now, subscriberId: subscriber.id });
    this.outbox.notify();
    this.logger.log(`self-subscription ${request.id} confirmed: subscriber ${subscriber.id}${existing ? ' (existing)' : ''}`);
    return { subscriberId: subscriber.id, channel: request.channel, components: request.components, regions: request.regions, created: !existing };
  }

  /**
   * The one message before her confirmation: a link to the status page's confirmation page (email) or the code (sms).
   * An answer to what she just asked for (`reply`): sent at once, whatever the hour, to someone not yet a subscriber.
   */
  private confirmation(request: SelfSubscriptionEntity, secret: string, now: Date): OutgoingEvent {
    const event: MessageRequestedEvent = {
      id: randomUUID(),
      type: 'message.requested',
      version: 1,
      occurredAt: now.toISOString(),
      data: {
        messageId: request.id,
        channel: request.channel,
        kind: 'service',
        template: 'subscription.confirm',
        recipient: { subscriberId: null, name: request.name, address: request.address, timeZone: request.timeZone, locale: request.locale },
        props: {
          confirmUrl: request.channel === 'email' ? `${this.config.selfSubscriptions.statusPageUrl}/subscribe/confirm?token=${secret}` : null,
          code: request.channel === 'sms' ? secret : null,
          expiresAt: request.expiresAt.toISOString(),
          components: request.components.join(', '),
        },
        reply: true,
      },
    };
    return { topic: Topics.NotificationRequested, key: request.id, value: event };
  }
}

function record(subscriberId: string, purpose: ConsentRecordEntity['purpose'], granted: boolean, wording: string | null, at: Date): ConsentRecordEntity {
  return Object.assign(new ConsentRecordEntity(), { subscriberId, purpose, granted, source: SOURCE, wording, recordedAt: at });
}
