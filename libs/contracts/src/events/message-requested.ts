import { z } from 'zod';
import { envelope } from '../envelope';
import { CHANNELS } from './notification-requested';

/**
 * Why a message is sent, which decides the rules it follows: `service` messages (renewal reminders) need no
 * marketing consent but respect a channel opt-out; `marketing` messages (welcome-back, campaigns) need marketing
 * consent and count toward the marketing frequency cap.
 */
export const MESSAGE_KINDS = ['service', 'marketing'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A template prop: plain values only, so every template's input can be logged, previewed and replayed. */
const propValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Whom a non-incident message goes to, with what the messenger needs to address and personalise it. */
export const MessageRecipientSchema = z.object({
  /**
   * Null only for an answer to someone who is not a subscriber (yet): the confirmation of a subscription she asked for
   * on the status page (with `reply`). Nullable since version 1's self-subscription; every other message has her id.
   */
  subscriberId: z.string().uuid().nullable(),
  name: z.string().min(1),
  /** The address on this request's channel: E.164 phone for sms, email address for email. */
  address: z.string().min(3),
  /** IANA zone: dates and times in the message are shown in it. */
  timeZone: z.string().min(1),
  /** BCP 47 locale, e.g. `en` or `en-GB`. */
  locale: z.string().min(2),
});
export type MessageRecipient = z.infer<typeof MessageRecipientSchema>;

/**
 * Send one message that is not an incident update (a renewal reminder, a welcome-back, a campaign message) to one
 * subscriber on one channel. Version 1. Topic `notification.requested` (beside `notification.requested` itself),
 * key: subscriber id. `messageId` is derived by the planner from what makes the message unique (plan + renewal date
 * + offset; return; campaign + subscriber), so the same message planned twice is sent once.
 */
export const MessageRequestedV1 = envelope(
  'message.requested',
  1,
  z.object({
    messageId: z.string().uuid(),
    channel: z.enum(CHANNELS),
    kind: z.enum(MESSAGE_KINDS),
    /** A named template of the messenger (`renewal.reminder`, `welcome-back`, `campaign`…), kept as files per locale. */
    template: z.string().min(1),
    recipient: MessageRecipientSchema,
    /** What the template shows, besides the recipient (dates as ISO strings: the messenger formats them in her zone). */
    props: z.record(propValue),
    /** The campaign it belongs to, for its results. */
    campaignId: z.string().uuid().nullable().optional(),
    /**
     * Handlebars sources written by marketing for a campaign (rendered with `props` and the recipient); when absent,
     * the named template's files are used.
     */
    content: z.object({ subject: z.string().min(1).optional(), text: z.string().min(1), html: z.string().min(1).optional() }).optional(),
    /**
     * An answer to something she just asked for (a fresh preference link she requested on the page): sent even on a
     * channel her copy says she opted out of, without the SMS footer. Optional: added to version 1 (absent: false).
     */
    reply: z.boolean().optional(),
  }),
);
export type MessageRequestedEvent = z.infer<typeof MessageRequestedV1>;
