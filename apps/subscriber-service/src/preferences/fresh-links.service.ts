import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { v5 as uuidv5 } from 'uuid';
import { Channel, MessageRequestedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { Clock } from '@prespond/platform';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';

/** Fixed namespace of fresh-link message ids. Changing it would let a repeated request through the messenger's claim. */
const FRESH_LINK_NAMESPACE = '6d1f0c2e-8b3a-4f57-9e1d-2c4b7a9f0e63';

/** At most one fresh link per subscriber in each such window. */
export const FRESH_LINK_WINDOW_MS = 10 * 60_000;

/**
 * The message id of her fresh link in this 10-minute window: asking again within it queues the same id, which the
 * messenger's claim sends once (whatever the channel: one per subscriber).
 */
export function freshLinkMessageId(subscriberId: string, at: Date): string {
  return uuidv5(`preferences-link:${subscriberId}:${Math.floor(at.getTime() / FRESH_LINK_WINDOW_MS)}`, FRESH_LINK_NAMESPACE);
}

/** An email address or an E.164 number as she typed it (spaces and dashes allowed), or null if it is neither. */
export function parseContact(input: string): { email: string } | { phone: string } | null {
  const trimmed = input.trim();
  if (trimmed.includes('@')) return isEmail(trimmed) ? { email: trimmed.toLowerCase() } : null;
  const phone = trimmed.replace(/[\s\-().]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(phone) && isValidPhoneNumber(phone) ? { phone } : null;
}

/**
 * Fresh preference links, asked for on a refused page with an email address or a phone number. Whether or not we
 * know it, the caller answers the same: nothing here tells anyone who our customers are.
 */
@Injectable()
export class FreshLinksService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues `preferences.link` (kind service; the messenger puts her signed link in) to each subscriber with this
   * contact, on the channel of that contact. A number that texted STOP is not texted.
   */
  async request(contact: { email: string } | { phone: string }): Promise<number> {
    const channel: Channel = 'email' in contact ? 'email' : 'sms';
    const found = (await this.subscribers.findByContact(contact)).filter((s) => !(channel === 'sms' && s.optedOutChannels.includes('sms')));
    if (found.length === 0) return 0;
    const now = this.clock.now();
    const events = found.map((s) => this.linkMessage(s, channel, now));
    await this.subscribers.transaction((manager) => this.outbox.enqueue(manager, events));
    this.outbox.notify();
    return events.length;
  }

  private linkMessage(s: SubscriberEntity, channel: Channel, now: Date): OutgoingEvent {
    const event: MessageRequestedEvent = {
      id: freshLinkMessageId(s.id, now),
      type: 'message.requested',
      version: 1,
      occurredAt: now.toISOString(),
      data: {
        messageId: freshLinkMessageId(s.id, now),
        channel,
        kind: 'service',
        template: 'preferences.link',
        recipient: { subscriberId: s.id, name: s.name, address: (channel === 'email' ? s.email : s.phone)!, timeZone: s.timeZone, locale: s.locale },
        props: {},
        // She asked for it just now: it goes even to an address she unsubscribed, which is how she gets back.
        reply: true,
      },
    };
    return { topic: Topics.NotificationRequested, key: s.id, value: event };
  }
}
