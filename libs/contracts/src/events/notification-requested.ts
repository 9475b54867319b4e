import { z } from 'zod';
import { envelope } from '../envelope';
import { affectedTerms } from '../tags';
import { IncidentSnapshotSchema, IncidentUpdateSchema } from './incident-changed';

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who gets the message, with what the messenger needs to address and personalise it. */
export const RecipientSchema = z.object({
  subscriberId: z.string().uuid(),
  name: z.string().min(1),
  /** The address on this request's channel: E.164 phone for sms, email address for email. */
  address: z.string().min(3),
  /** IANA zone, e.g. `Europe/Berlin`: times in the message are shown in it. */
  timeZone: z.string().min(1),
  /** BCP 47 locale, e.g. `en` or `en-GB`. */
  locale: z.string().min(2),
  /** The customer's own components and regions that this incident touches, in her terms. */
  affectedComponents: z.array(z.string()),
  affectedRegions: z.array(z.string()),
});
export type Recipient = z.infer<typeof RecipientSchema>;

/** What a recipient is made from: a subscriber, as subscriber-service stores her or as others copy her. */
export interface RecipientSource {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string;
  locale: string;
  components: string[];
  regions: string[];
}

/** Her address on `channel`: the phone for sms, the email address for email (null if she has none). */
export function addressOn(subscriber: RecipientSource, channel: Channel): string | null {
  return channel === 'sms' ? subscriber.phone : subscriber.email;
}

/** The recipient of a message about `incident` to `address`, with the incident in her own terms. */
export function recipientFor(subscriber: RecipientSource, incident: { components: string[]; regions: string[] }, address: string): Recipient {
  const affected = affectedTerms(subscriber, incident);
  return {
    subscriberId: subscriber.id,
    name: subscriber.name,
    address,
    timeZone: subscriber.timeZone,
    locale: subscriber.locale,
    affectedComponents: affected.components,
    affectedRegions: affected.regions,
  };
}

/**
 * Send one traffic report to one subscriber on one channel. Version 1.
 * Topic `notification.requested`, key: subscriber id (one subscriber's messages stay in order).
 * `notificationId` is derived from (incident update, subscriber, channel) — for a digest, from the updates it
 * combines — so the same request planned twice has the same id and is sent once.
 */
export const NotificationRequestedV1 = envelope(
  'notification.requested',
  1,
  z.object({
    notificationId: z.string().uuid(),
    channel: z.enum(CHANNELS),
    /**
     * Which template family: the incident change that caused it, or `incident.digest` for several updates combined
     * into one message (a subscriber who asked for a digest at most every N hours).
     */
    template: z.enum(['incident.declared', 'incident.updated', 'incident.resolved', 'incident.digest']),
    recipient: RecipientSchema,
    incident: IncidentSnapshotSchema,
    /** The update the message is about; for a digest, the latest of those it combines. */
    update: IncidentUpdateSchema,
    /** A digest's earlier updates, oldest first (the latest is `update`). Added to version 1 as optional. */
    earlierUpdates: z.array(IncidentUpdateSchema).optional(),
  }),
);

export const NotificationRequestedSchema = NotificationRequestedV1;
export type NotificationRequestedEvent = z.infer<typeof NotificationRequestedSchema>;
export type NotificationTemplate = NotificationRequestedEvent['data']['template'];
