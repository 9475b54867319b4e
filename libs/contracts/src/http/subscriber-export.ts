import { z } from 'zod';
import { instant } from '../envelope';
import { CHANNELS } from '../events/notification-requested';

/** One message the messenger sent (or tried to send) her, as its log holds it. */
export const ExportedMessageSchema = z.object({
  id: z.string().uuid(),
  channel: z.enum(CHANNELS),
  template: z.string(),
  /** `service` or `marketing`. */
  kind: z.string(),
  /** The address it went to; '' once she was erased. */
  address: z.string(),
  subject: z.string().nullable(),
  /** What it said (the SMS, or the email's plain-text part); '' once she was erased. */
  body: z.string(),
  incidentId: z.string().uuid().nullable(),
  campaignId: z.string().uuid().nullable(),
  status: z.string(),
  errorCode: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
  statusAt: instant,
});
export type ExportedMessage = z.infer<typeof ExportedMessageSchema>;

/** A text we received from her number (or answering one of her follow-ups). */
export const ExportedInboundTextSchema = z.object({
  sid: z.string(),
  fromNumber: z.string(),
  body: z.string(),
  handledAs: z.string(),
  followUpId: z.string().uuid().nullable(),
  receivedAt: instant,
});
export type ExportedInboundText = z.infer<typeof ExportedInboundTextSchema>;

/** "Is it working for you again?" after a resolution, and every answer she gave. */
export const ExportedFollowUpSchema = z.object({
  id: z.string().uuid(),
  incidentId: z.string().uuid(),
  channel: z.enum(CHANNELS),
  address: z.string(),
  incidentTitle: z.string(),
  affected: z.string(),
  dueAt: instant,
  askedAt: instant.nullable(),
  answer: z.enum(['yes', 'trouble']).nullable(),
  answeredAt: instant.nullable(),
  acknowledgedAt: instant.nullable(),
  answers: z.array(z.object({ answer: z.enum(['yes', 'trouble']), via: z.enum(CHANNELS), counted: z.boolean(), receivedAt: instant })),
});
export type ExportedFollowUp = z.infer<typeof ExportedFollowUpSchema>;

/**
 * HTTP contract, not an event: messenger-service answers `GET /subscribers/:id/export` with everything it keeps about
 * one subscriber, and subscriber-service checks the answer against it before putting it in her data export. Version 1.
 */
export const MessengerSubscriberExportSchema = z.object({
  subscriberId: z.string().uuid(),
  /** When the messenger scrubbed her (subscriber.erased); null if it has not. */
  erasedAt: instant.nullable(),
  /** The messenger's copy of her profile (from subscriber.changed); null if it has none (or she was erased). */
  profile: z
    .object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), timeZone: z.string(), locale: z.string(), updatedAt: instant })
    .nullable(),
  /** Newest first. */
  messages: z.array(ExportedMessageSchema),
  /** Oldest first. */
  inboundTexts: z.array(ExportedInboundTextSchema),
  followUps: z.array(ExportedFollowUpSchema),
});
export type MessengerSubscriberExport = z.infer<typeof MessengerSubscriberExportSchema>;
