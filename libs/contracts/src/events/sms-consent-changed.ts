import { z } from 'zod';
import { envelope, instant } from '../envelope';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164');

/** Where an SMS opt-out or opt-in came from: a keyword she texted, or Twilio refusing a text (21610). */
export const SMS_CONSENT_SOURCES = ['keyword', 'provider-error'] as const;
export type SmsConsentSource = (typeof SMS_CONSENT_SOURCES)[number];

/**
 * What one change of a number's SMS consent says. The messenger has already applied it to its own suppression list
 * (in the same transaction as it published this); subscriber-service applies it to every subscriber with that phone
 * and keeps the consent record.
 */
const smsConsentChange = (sources: readonly [SmsConsentSource, ...SmsConsentSource[]]) =>
  z.object({
    /** The number (E.164) whose texts stop or resume. */
    phone: e164,
    source: z.enum(sources),
    /** Her text, exactly as received (source `keyword`); null for a provider error. */
    text: z.string().nullable(),
    /**
     * What she was told in answer. Null when Twilio answered her itself (its `OptOutType` was on the webhook: Advanced
     * Opt-Out sent its own confirmation, so we sent none) and for provider errors (nobody told her anything).
     */
    confirmation: z.string().nullable(),
    /** Who confirmed: us (`prespond`), Twilio's own opt-out handling (`twilio`), or nobody (`null`, a provider error). */
    confirmedBy: z.enum(['prespond', 'twilio']).nullable(),
    /** Twilio's MessageSid of her text (source `keyword`). */
    inboundSid: z.string().nullable(),
    /** The refusal that revealed the opt-out (source `provider-error`), and the message Twilio refused. */
    providerError: z.object({ code: z.string(), message: z.string(), messageId: z.string().uuid() }).nullable(),
    /** When the change happened (her text arrived, or Twilio refused): later changes of hers win over this one. */
    changedAt: instant,
  });

/**
 * A number opted out of SMS: she texted a STOP keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT,
 * or a keyword Twilio recognised), or Twilio refused a text with 21610 (she had opted out with Twilio directly).
 * Version 1. Topic `sms.consent-changed`, key: the phone number. The id derives from the inbound sid (or the refused
 * message), so a retried webhook publishes the same event; consumers compare `changedAt` with what they already know.
 */
export const SmsOptedOutV1 = envelope('sms.opted-out', 1, smsConsentChange(SMS_CONSENT_SOURCES));

/** A number opted back in to SMS: she texted START, UNSTOP or YES (or Twilio recognised one). Version 1, as above. */
export const SmsOptedInV1 = envelope('sms.opted-in', 1, smsConsentChange(['keyword']));

export const SmsConsentChangedSchema = z.discriminatedUnion('type', [SmsOptedOutV1, SmsOptedInV1]);
export type SmsConsentChangedEvent = z.infer<typeof SmsConsentChangedSchema>;
export type SmsConsentChange = SmsConsentChangedEvent['data'];
