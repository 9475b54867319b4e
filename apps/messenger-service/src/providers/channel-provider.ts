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

/**
 * Called right before the provider is called (after any wait for the rate): throws SendCancelled when the message
 * must not go after all (the messenger no longer holds its claim, or its partition was taken away meanwhile).
 */
export type SendGuard = () => void;

/** How one provider call may be called off before it is made. */
export interface SendOptions {
  guard?: SendGuard;
  signal?: AbortSignal;
}

/** Thrown by a SendGuard: the provider was not called, so the message can be handed on as never attempted. */
export class SendCancelled extends Error {
  constructor(reason: string) {
    super(`not sent: ${reason}`);
  }
}

/**
 * Longest a provider call may take (PROVIDER_CALL_TIMEOUT_MS): a call starts only while the claim has at least twice
 * as long to run (see ClaimLeases), so no other messenger can take the message over while the call is under way.
 */
export const PROVIDER_CALL_TIMEOUT_MS = 15_000;

/** A way to reach a customer: Twilio SMS, SMTP email… Transient failures are thrown; permanent ones returned. */
export interface ChannelProvider {
  readonly channel: Channel;
  /**
   * `guard` runs just before the call itself, once any wait for the rate is over; an aborted `signal` ends that wait
   * at once (throwing its reason).
   */
  send(message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
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
