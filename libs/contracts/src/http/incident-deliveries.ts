import { z } from 'zod';
import { instant } from '../envelope';
import { CHANNELS } from '../events/notification-requested';

/**
 * What became of a message, as the incident report counts it: the message statuses, plus `suppressed` (never sent:
 * the address had opted out of the channel, logged as failed with error code `suppressed`). `deferred`: waiting for
 * the end of her quiet hours; `superseded`: never sent, because a newer update of the incident went to her instead
 * when her quiet hours ended. Both added to version 1 (an older messenger's answer simply has none of them; deploy
 * incident-service first, since an older one refuses outcomes it does not know).
 */
export const DELIVERY_OUTCOMES = ['pending', 'deferred', 'superseded', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'suppressed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** The messages of one incident update on one channel. */
export const UpdateDeliveriesSchema = z.object({
  /** The incident update; null for messages logged before messages recorded their update. */
  updateId: z.string().uuid().nullable(),
  sequence: z.number().int().positive().nullable(),
  /** When the update was posted. */
  updateCreatedAt: instant.nullable(),
  channel: z.enum(CHANNELS),
  /** Messages planned for this update and channel (one per subscriber). */
  messages: z.number().int().nonnegative(),
  /** Of those, how many the provider accepted (Twilio took the text, the SMTP server took the mail). */
  notified: z.number().int().nonnegative(),
  /** Seconds from the update being posted to the first and the last provider acceptance; null if none accepted. */
  firstLatencySeconds: z.number().nullable(),
  lastLatencySeconds: z.number().nullable(),
  /** How many messages stand at each outcome now; outcomes with none are 0. */
  outcomes: z.record(z.enum(DELIVERY_OUTCOMES), z.number().int().nonnegative()),
});
export type UpdateDeliveries = z.infer<typeof UpdateDeliveriesSchema>;

/** The follow-ups of one incident on one channel ("is it working for you again?"). */
export const FollowUpFiguresSchema = z.object({
  channel: z.enum(CHANNELS),
  /** Follow-ups planned (one per customer who got the resolution; asked by text if she got it by text). */
  planned: z.number().int().nonnegative(),
  /** Of those, asked so far (the delay after the resolution has passed). */
  asked: z.number().int().nonnegative(),
  /** Answered "it works again" (1, or the email's yes link). */
  worksAgain: z.number().int().nonnegative(),
  /** Answered "still having trouble" (2, or the trouble link): the incident is reopened for them. */
  stillHavingTrouble: z.number().int().nonnegative(),
  /** Asked and not answered (yet). */
  noAnswer: z.number().int().nonnegative(),
});
export type FollowUpFigures = z.infer<typeof FollowUpFiguresSchema>;

/**
 * HTTP contract, not an event: messenger-service answers `GET /reports/incidents/:id/deliveries` with this, and
 * incident-service checks the answer against it before putting it in the incident report. Version 1.
 */
export const IncidentDeliveriesSchema = z.object({
  incidentId: z.string().uuid(),
  /** Ordered by update sequence (unknown first), then channel. */
  deliveries: z.array(UpdateDeliveriesSchema),
  /** Per channel; added to version 1, so an older messenger's answer without it reads as none. */
  followUps: z.array(FollowUpFiguresSchema).default([]),
});
export type IncidentDeliveries = z.infer<typeof IncidentDeliveriesSchema>;
