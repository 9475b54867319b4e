import { Channel } from '@prespond/contracts';

/** One message to hand to a provider. */
export interface OutboundMessage {
  /** The notification id: stable across retries (used as the email Message-ID). */
  id: string;
  to: string;
  subject?: string;
  text: string;
  html?: string;
  /** Extra email headers (List-Unsubscribe, List-Unsubscribe-Post); SMS has none. */
  headers?: Record<string, string>;
}

/** What the provider said. `failed` is a permanent refusal (bad number, unsubscribed…): retrying will not help. */
export type SendResult =
  | { outcome: 'accepted'; providerId: string; status: string }
  | { outcome: 'failed'; errorCode: string; errorMessage: string };

/** A way to reach a customer: Twilio SMS, SMTP email… Transient failures are thrown; permanent ones returned. */
export interface ChannelProvider {
  readonly channel: Channel;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * After a crash between a send and its record: the message if the provider already has it (sent since `since`).
   * Providers that cannot be asked (SMTP) leave this out; their resend carries the same Message-ID instead.
   */
  findSent?(message: OutboundMessage, since: Date): Promise<SendResult | undefined>;
  /** Resolves when the provider answers (readiness). */
  ping(): Promise<void>;
}

/** Provider error codes that mean the recipient opted out of the channel: never send there again. */
export const OPTED_OUT_CODES = new Set(['21610']);

/** Injection token: every ChannelProvider, one per channel. */
export const CHANNEL_PROVIDERS = Symbol('CHANNEL_PROVIDERS');
