import { z } from 'zod';
import { envelope } from '../envelope';
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

/**
 * Send one traffic report to one subscriber on one channel. Version 1.
 * Topic `notification.requested`, key: subscriber id (one subscriber's messages stay in order).
 * `notificationId` is derived from (incident update, subscriber, channel), so the same request planned twice has
 * the same id and is sent once.
 */
export const NotificationRequestedV1 = envelope(
  'notification.requested',
  1,
  z.object({
    notificationId: z.string().uuid(),
    channel: z.enum(CHANNELS),
    /** Which template family: the incident change that caused it. */
    template: z.enum(['incident.declared', 'incident.updated', 'incident.resolved']),
    recipient: RecipientSchema,
    incident: IncidentSnapshotSchema,
    update: IncidentUpdateSchema,
  }),
);

export const NotificationRequestedSchema = NotificationRequestedV1;
export type NotificationRequestedEvent = z.infer<typeof NotificationRequestedSchema>;
export type NotificationTemplate = NotificationRequestedEvent['data']['template'];
