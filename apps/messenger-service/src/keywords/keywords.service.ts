import { Inject, Injectable, Logger } from '@nestjs/common';
import { SmsConsentChange } from '@prespond/contracts';
import { Outbox } from '@prespond/kafka';
import { Clock } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { InboundSmsEntity } from '../follow-ups/follow-up.entity';
import { DeliveryService } from '../delivery/delivery.service';
import { SmsOptOutsService } from '../delivery/sms-opt-outs.service';
import { RenderedMessage, TemplateRenderer } from '../rendering/template-renderer';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { keywordAnswerId } from './keyword-ids';
import { InboundMeaning, SmsKeyword } from './keyword-parser';
import { InboundSmsRepository } from './inbound-sms.repository';

/** One text from a customer, as Twilio's inbound-message webhook gives it. */
export interface InboundSms {
  sid: string;
  from: string;
  body: string;
  /** Present when Twilio recognised an opt-out keyword itself (Advanced Opt-Out): STOP, START or HELP. */
  optOutType?: string;
}

type Keyword = Extract<InboundMeaning, { kind: 'keyword' }>;

/**
 * STOP, START and HELP. STOP suppresses the number for SMS in the same transaction that records her text (and publishes
 * sms.opted-out through the outbox); START lifts the suppression, whatever put it there (a 21610 too); HELP changes
 * nothing. Each is answered once: the answer's message id derives from her text's sid, and it goes through
 * DeliveryService like every message (logged, claimed once), marked `reply` so that the STOP confirmation reaches the
 * number that has just opted out.
 *
 * When Twilio recognised the keyword itself (`OptOutType` on the webhook), Twilio has already answered her (Advanced
 * Opt-Out sends its own confirmation, and blocks the number until START), so we send nothing of ours: she still gets
 * exactly one answer. We apply the change all the same, so our own suppression and the subscriber's opt-out match
 * what Twilio enforces.
 */
@Injectable()
export class KeywordsService {
  private readonly logger = new Logger(KeywordsService.name);

  constructor(
    private readonly inbound: InboundSmsRepository,
    private readonly smsOptOuts: SmsOptOutsService,
    private readonly delivery: DeliveryService,
    private readonly renderer: TemplateRenderer,
    private readonly subscribers: SubscriberViewRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {}

  /**
   * Applies a keyword once per sid; `duplicate` for a webhook Twilio retried. The answer is sent after the commit,
   * and again on a retry (its claim makes that a no-op once it went out), so a crash in between loses no answer.
   */
  async handle(sms: InboundSms, keyword: Keyword): Promise<'keyword' | 'duplicate'> {
    const now = this.clock.now();
    // Her own profile, if the number is one of our subscribers': the answer is logged as hers, in her language.
    const subscriber = await this.subscribers.findByPhone(sms.from);
    const answer = keyword.byTwilio ? null : this.answer(keyword.keyword, subscriber?.locale ?? 'en');
    const fresh = await this.inbound.transaction(async (manager) => {
      if (!(await this.inbound.record(manager, this.row(sms, keyword, now)))) return false;
      const change: SmsConsentChange = {
        phone: sms.from,
        source: 'keyword',
        text: sms.body,
        confirmation: answer?.text ?? null,
        confirmedBy: keyword.byTwilio ? 'twilio' : 'prespond',
        inboundSid: sms.sid,
        providerError: null,
        changedAt: now.toISOString(),
      };
      if (keyword.keyword === 'stop') await this.smsOptOuts.optOut(manager, sms.sid, change);
      if (keyword.keyword === 'start') await this.smsOptOuts.optIn(manager, sms.sid, change);
      return true;
    });
    if (fresh) {
      this.outbox.notify();
      this.logger.log(`text ${sms.sid}: ${keyword.word} (${keyword.keyword}${keyword.byTwilio ? ', answered by Twilio' : ''})`);
    }
    if (answer) {
      await this.delivery.send({
        message: {
          id: keywordAnswerId(sms.sid, keyword.keyword),
          channel: 'sms',
          template: `keyword.${keyword.keyword}`,
          subscriberId: subscriber?.id ?? null,
          address: sms.from,
          incidentId: null,
          reply: true,
        },
        rendered: answer,
      });
    }
    return fresh ? 'keyword' : 'duplicate';
  }

  private answer(keyword: SmsKeyword, locale: string): RenderedMessage {
    return this.renderer.renderNamed(`keyword.${keyword}`, 'sms', locale, { brand: this.config.brand, contact: this.config.supportContact });
  }

  private row(sms: InboundSms, keyword: Keyword, at: Date): InboundSmsEntity {
    return Object.assign(new InboundSmsEntity(), {
      sid: sms.sid,
      fromNumber: sms.from,
      body: sms.body,
      handledAs: 'keyword',
      followUpId: null,
      keyword: keyword.keyword,
      optOutType: keyword.byTwilio ? keyword.word : null,
      flagReason: null,
      reviewedAt: null,
      receivedAt: at,
    });
  }
}
