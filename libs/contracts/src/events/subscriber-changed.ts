import { z } from 'zod';
import { CADENCES } from '../cadence';
import { envelope, instant } from '../envelope';
import { QUIET_HOURS_INCIDENT_CHOICES } from '../quiet-hours';
import { CHANNELS } from './notification-requested';

/** A subscriber as other services may keep a copy of her (the messenger, for previews and callers on hold). */
export const SubscriberSnapshotSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  locale: z.string(),
  components: z.array(z.string()),
  regions: z.array(z.string()),
  channels: z.array(z.enum(CHANNELS)),
  /** Her update cadence (null: by severity), digest window and critical override. Optional: added to version 1. */
  cadence: z.enum(CADENCES).nullable().optional(),
  digestHours: z.number().int().positive().nullable().optional(),
  criticalOverride: z.boolean().optional(),
  /** Her marketing consent and the channels she opted out of (nothing is sent there). Optional: added to version 1. */
  marketingConsent: z.boolean().optional(),
  optedOutChannels: z.array(z.enum(CHANNELS)).optional(),
  /**
   * Her quiet hours, local `HH:MM` in `timeZone` (both null: none), what incident updates do in them, and whether a
   * critical incident may break them. Optional: added to version 1 (absent: the defaults, 21:00–08:00, send, no).
   */
  quietHoursStart: z.string().nullable().optional(),
  quietHoursEnd: z.string().nullable().optional(),
  quietHoursIncidents: z.enum(QUIET_HOURS_INCIDENT_CHOICES).optional(),
  quietHoursCritical: z.boolean().optional(),
  /** Orders the snapshots: a copy is only replaced by a newer one. */
  updatedAt: instant,
});
export type SubscriberSnapshot = z.infer<typeof SubscriberSnapshotSchema>;

/** A subscriber was created or changed. Version 1. Topic `subscriber.changed`, key: subscriber id. */
export const SubscriberChangedV1 = envelope('subscriber.changed', 1, z.object({ subscriber: SubscriberSnapshotSchema }));
export const SubscriberChangedSchema = SubscriberChangedV1;
export type SubscriberChangedEvent = z.infer<typeof SubscriberChangedSchema>;
