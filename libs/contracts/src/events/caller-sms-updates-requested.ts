import { z } from 'zod';
import { envelope, instant } from '../envelope';

/**
 * A caller on hold who is a known subscriber pressed 1 to get text updates about one incident. Version 1.
 * Topic `caller.sms-updates-requested`, key: subscriber id. The event `id` is derived from (call, incident), so the
 * same key press reported twice is the same event; consumers store the follow idempotently either way.
 */
export const CallerSmsUpdatesRequestedV1 = envelope(
  'caller.sms-updates-requested',
  1,
  z.object({
    subscriberId: z.string().uuid(),
    incidentId: z.string().uuid(),
    /** The number she called from (E.164): the updates go there, whatever channels her profile names. */
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164'),
    /** Twilio's CallSid, for tracing; null if Twilio did not send one. */
    callSid: z.string().nullable(),
    requestedAt: instant,
  }),
);
export const CallerSmsUpdatesRequestedSchema = CallerSmsUpdatesRequestedV1;
export type CallerSmsUpdatesRequestedEvent = z.infer<typeof CallerSmsUpdatesRequestedSchema>;
