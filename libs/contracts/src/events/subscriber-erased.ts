import { z } from 'zod';
import { envelope, instant } from '../envelope';

/**
 * A subscriber was erased at her request (data rights): subscriber-service has removed her contact data and free
 * text, and every service that keeps anything about her must scrub it too — the messenger her message bodies,
 * subjects and addresses, her inbound texts and her copy in `subscriber_view` — while the rows that counts rely on
 * stay. Version 1. Topic `subscriber.erased`, key: subscriber id. Carries no contact data itself (it lives on in the
 * topic's retention). Handling it again must be harmless: consumers scrub what is still there.
 */
export const SubscriberErasedV1 = envelope(
  'subscriber.erased',
  1,
  z.object({
    subscriberId: z.string().uuid(),
    erasedAt: instant,
  }),
);
export const SubscriberErasedSchema = SubscriberErasedV1;
export type SubscriberErasedEvent = z.infer<typeof SubscriberErasedSchema>;
