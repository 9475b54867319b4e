import { Inject, Injectable, Optional } from '@nestjs/common';
import { Twilio } from 'twilio';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../../../config/env';
import { ChannelProvider, OutboundMessage, SendCancelled, SendOptions, SendResult } from '../../channel-provider';
import { RateLimiter, TurnSource } from '../../rate-limiter';
import { SHARED_RATES } from '../../shared-rates';
import { senderFor, SmsSender } from '../../../config/sms-senders';
import { createTwilioClient } from './twilio-client';

/** Where Twilio posts delivery status changes (see status-callbacks/). */
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** What Twilio has of a text now: its status (Twilio's word, which may be one the messenger does not track) and error. */
export interface TextAtTwilio {
  status: string;
  /** Twilio's error code of a failed or undelivered text (30003 unreachable handset, 30005 unknown number…). */
  errorCode: string | null;
}

/**
 * SMS through Twilio's Messages API, from the configured senders (SMS_SENDERS): each recipient always from the same
 * number, and each number held to its rate.
 */
@Injectable()
export class TwilioSmsProvider implements ChannelProvider {
  readonly channel = 'sms' as const;
  private readonly client: Twilio;
  private readonly limiters: Map<string, RateLimiter>;

  /** `shared`: the messengers' shared rates (SharedRates); without it, each number's rate holds in this process only. */
  constructor(
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
    @Optional() @Inject(SHARED_RATES) shared?: TurnSource,
  ) {
    const { accountSid, authToken, apiUrl, senders } = config.twilio;
    this.client = createTwilioClient(accountSid, authToken, apiUrl);
    this.limiters = new Map(senders.map((s) => [s.from, new RateLimiter(s.perSecond, shared && { source: shared, key: `sms:${s.from}` })]));
  }

  /** The numbers texts go from, with their rates. */
  get senders(): readonly SmsSender[] {
    return this.config.twilio.senders;
  }

  async ping(): Promise<void> {
    await this.client.api.v2010.accounts(this.config.twilio.accountSid).fetch();
  }

  async findSent(message: OutboundMessage, since: Date): Promise<SendResult | undefined> {
    // Newest first; Twilio filters by date sent only, and a queued message has none yet, so compare creation here.
    const sent = await this.client.messages.list({ to: message.to, limit: 200 });
    const match = sent.find((m) => m.body === message.text && m.dateCreated >= since);
    return match && { outcome: 'accepted', providerId: match.sid, status: match.status };
  }

  /**
   * Asks Twilio what became of a text (status reconciliation, when its callbacks were lost): undefined when Twilio
   * does not know the sid (404). Anything else that goes wrong (429, 5xx, no answer) is thrown.
   */
  async lookUp(providerId: string): Promise<TextAtTwilio | undefined> {
    try {
      const text = await this.client.messages(providerId).fetch();
      return { status: text.status, errorCode: text.errorCode === null || text.errorCode === undefined ? null : String(text.errorCode) };
    } catch (error) {
      if (Number(error?.status) === 404) return undefined;
      throw error;
    }
  }

  async send(message: OutboundMessage, { guard, signal }: SendOptions = {}): Promise<SendResult> {
    const { from } = senderFor(message.to, this.senders);
    try {
      const created = await this.limiters.get(from)!.run(() => {
        guard?.();
        return this.client.messages.create({
          to: message.to,
          from,
          body: message.text,
          statusCallback: `${this.config.publicUrl}${TWILIO_STATUS_PATH}`,
        });
      }, signal);
      return { outcome: 'accepted', providerId: created.sid, status: created.status };
    } catch (error) {
      if (error instanceof SendCancelled) throw error;
      if (signal?.aborted && error === signal.reason) throw new SendCancelled('called off while waiting for the sender\'s rate');
      // Twilio refuses for good with a 4xx (invalid number 21211, unsubscribed 21610, not mobile 21614…), except 429.
      const status = Number(error?.status);
      if (status >= 400 && status < 500 && status !== 429) {
        return { outcome: 'failed', errorCode: String(error.code ?? status), errorMessage: String(error.message) };
      }
      throw error;
    }
  }
}
