import { z } from 'zod';
import { envelope, instant } from '../envelope';

/** What a customer did that shows she is around: she logged in, bought something, or called us. */
export const ACTIVITY_TYPES = ['login', 'purchase', 'call'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * A customer was active (a login, a purchase, a call), reported by the system that saw it. Version 1.
 * Topic `activity.recorded`, key: subscriber id. `activityId` is the reporter's own id of the activity: the same
 * activity reported twice (redelivered, or sent again) is stored once. subscriber-service moves her last-seen time
 * forward with it and, after a long absence, plans a welcome-back message.
 */
export const ActivityRecordedV1 = envelope(
  'activity.recorded',
  1,
  z.object({
    activityId: z.string().uuid(),
    subscriberId: z.string().uuid(),
    type: z.enum(ACTIVITY_TYPES),
    /** When she was active (not when it was reported): a late report never moves her last-seen time back. */
    occurredAt: instant,
    /** Which system saw it, e.g. `web-shop`, `call-center`. */
    source: z.string().min(1).max(100),
  }),
);
export const ActivityRecordedSchema = ActivityRecordedV1;
export type ActivityRecordedEvent = z.infer<typeof ActivityRecordedSchema>;
