import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { addressOn, affectedTerms, Channel, MaintenanceChangedEvent, MaintenanceChangeType, MessageRequestedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { SubscriberEntity } from '../subscribers/subscriber.entity';

/** Fixed namespace for maintenance message ids. Changing it would make every redelivered event look new. */
const MAINTENANCE_NAMESPACE = 'b3c5e1d2-7a4f-4c1e-9e8a-5d2f6a0b1c47';

/** The messenger's template (MESSAGE_TEMPLATES) for each maintenance change customers hear of; `scheduled` has none. */
export const MAINTENANCE_TEMPLATES: Partial<Record<MaintenanceChangeType, string>> = {
  'maintenance.notice-due': 'maintenance.upcoming',
  'maintenance.rescheduled': 'maintenance.rescheduled',
  'maintenance.started': 'maintenance.started',
  'maintenance.completed': 'maintenance.completed',
  'maintenance.cancelled': 'maintenance.cancelled',
};

/**
 * The id of one maintenance message: (timeline entry, subscriber, channel). The same entry always gives the same id,
 * so a maintenance event consumed twice sends each message once.
 */
export function maintenanceMessageId(entryId: string, subscriberId: string, channel: Channel): string {
  return uuidv5(`${entryId}:${subscriberId}:${channel}`, MAINTENANCE_NAMESPACE);
}

/** Whether she hears of this change: all of them, except the start when she asked to hear only how things end. */
export function hearsOf(subscriber: Pick<SubscriberEntity, 'cadence'>, type: MaintenanceChangeType): boolean {
  if (!MAINTENANCE_TEMPLATES[type]) return false;
  return !(type === 'maintenance.started' && subscriber.cadence === 'resolution-only');
}

/** "internet and tv in berlin", in her language. */
function affectedInWords(subscriber: SubscriberEntity, window: { components: string[]; regions: string[] }): string {
  const terms = affectedTerms(subscriber, window);
  const list = (items: string[]) => new Intl.ListFormat(subscriber.locale, { type: 'conjunction' }).format(items);
  const components = list(terms.components.length > 0 ? terms.components : window.components);
  return terms.regions.length > 0 ? `${components} in ${list(terms.regions)}` : components;
}

/**
 * One `message.requested` (kind `service`: no marketing consent needed, a channel opt-out respected, quiet hours
 * waited for) per channel she chose, has an address on and has not opted out of, keyed by her id. Times go as ISO
 * instants: the messenger shows them in her zone.
 */
export function maintenanceMessages(subscriber: SubscriberEntity, event: MaintenanceChangedEvent): OutgoingEvent[] {
  const template = MAINTENANCE_TEMPLATES[event.type];
  // A move or cancellation of a window nobody was told of is no news (see MaintenanceEntrySchema `announce`).
  if (!template || !event.data.entry.announce || !hearsOf(subscriber, event.type)) return [];
  const { maintenance, entry } = event.data;
  return subscriber.channels.flatMap((channel) => {
    const address = addressOn(subscriber, channel);
    if (subscriber.optedOutChannels?.includes(channel) || !address) return [];
    const request: MessageRequestedEvent = {
      id: randomUUID(),
      type: 'message.requested',
      version: 1,
      occurredAt: entry.createdAt,
      data: {
        messageId: maintenanceMessageId(entry.id, subscriber.id, channel),
        channel,
        kind: 'service',
        template,
        recipient: { subscriberId: subscriber.id, name: subscriber.name, address, timeZone: subscriber.timeZone, locale: subscriber.locale },
        props: {
          maintenanceId: maintenance.id,
          title: maintenance.title,
          description: maintenance.message,
          message: entry.message,
          affected: affectedInWords(subscriber, maintenance),
          startsAt: entry.startsAt,
          endsAt: entry.endsAt,
          previousStartsAt: entry.previousStartsAt,
          previousEndsAt: entry.previousEndsAt,
          moved: entry.previousStartsAt !== null && entry.previousStartsAt !== entry.startsAt,
          offsetMinutes: entry.offsetMinutes,
        },
      },
    };
    return [{ topic: Topics.NotificationRequested, key: subscriber.id, value: request }];
  });
}
