import { z } from 'zod';
import { CADENCES } from '../cadence';
import { envelope, instant } from '../envelope';
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
  /** Orders the snapshots: a copy is only replaced by a newer one. */
  updatedAt: instant,
});
export type SubscriberSnapshot = z.infer<typeof SubscriberSnapshotSchema>;

/** A subscriber was created or changed. Version 1. Topic `subscriber.changed`, key: subscriber id. */
export const SubscriberChangedV1 = envelope('subscriber.changed', 1, z.object({ subscriber: SubscriberSnapshotSchema }));
export const SubscriberChangedSchema = SubscriberChangedV1;
export type SubscriberChangedEvent = z.infer<typeof SubscriberChangedSchema>;
