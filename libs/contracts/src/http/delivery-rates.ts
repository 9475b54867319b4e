import { z } from 'zod';

/** One number texts go from. `type` null: the lone TWILIO_FROM (no SMS_SENDERS); `perSecond` null: no limit. */
export const SmsSenderRateSchema = z.object({
  from: z.string(),
  type: z.enum(['long-code', 'toll-free', 'short-code']).nullable(),
  perSecond: z.number().positive().nullable(),
});

/**
 * HTTP contract, not an event: messenger-service answers `GET /delivery/rates` with the rates its providers are held
 * to, and incident-service turns them into the delivery estimate ops see when they declare. `perSecond` null: no
 * limit (the SMS total is null when any sender is unlimited). Version 1.
 */
export const DeliveryRatesSchema = z.object({
  sms: z.object({ senders: z.array(SmsSenderRateSchema), perSecond: z.number().positive().nullable() }),
  email: z.object({ perSecond: z.number().positive().nullable() }),
});
export type DeliveryRates = z.infer<typeof DeliveryRatesSchema>;
