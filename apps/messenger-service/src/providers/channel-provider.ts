import { Channel } from '@prespond/contracts';

/** One message to hand to a provider. */
export interface OutboundMessage {
  /** The notification id: stable across retries (used as the email Message-ID). */
  id: string;
  to: string;
  subject?: string;
  text: string;
  html?: string;
}

/** What the provider said. `failed` is a permanent refusal (bad number, unsubscribed…): retrying will not help. */
export type SendResult =
  | { outcome: 'accepted'; providerId: string; status: string }
  | { outcome: 'failed'; errorCode: string; errorMessage: string };

/** A way to reach a customer: Twilio SMS, SMTP email… Transient failures are thrown; permanent ones returned. */
export interface ChannelProvider {
  readonly channel: Channel;
  send(message: OutboundMessage): Promise<SendResult>;
}

/** Injection token: every ChannelProvider, one per channel. */
export const CHANNEL_PROVIDERS = Symbol('CHANNEL_PROVIDERS');
