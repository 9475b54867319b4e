import { Injectable, Logger } from '@nestjs/common';
import { SmsConsentChange, SmsConsentChangedEvent, Topics } from '@prespond/contracts';
import { Outbox, OutgoingEvent } from '@prespond/kafka';
import { v5 as uuidv5 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { SuppressionsRepository } from './suppressions.repository';

/** Fixed namespace for sms.consent-changed event ids. Changing it would make every change look new to consumers. */
const SMS_CONSENT_NAMESPACE = '3f0c8a52-9d7e-4b61-a2f4-5c1e0b9d7a13';

/**
 * The event id of one consent change: derived from what caused it (the inbound text's sid, or the refused message),
 * so a Twilio webhook retried or a refusal recorded twice is the same event.
 */
export function smsConsentEventId(cause: string, type: SmsConsentChangedEvent['type']): string {
  return uuidv5(`${cause}:${type}`, SMS_CONSENT_NAMESPACE);
}

/**
 * A number's SMS consent, on the messenger's side: its suppression (what DeliveryService checks before every send)
 * and `sms.consent-changed` for subscriber-service, which keeps the subscriber's opt-outs and consent records. Both are
 * written in one transaction (the outbox), so there is never a suppression subscriber-service does not hear about,
 * nor an event about a change that was rolled back.
 */
@Injectable()
export class SmsOptOutsService {
  private readonly logger = new Logger(SmsOptOutsService.name);

  constructor(
    private readonly suppressions: SuppressionsRepository,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
  ) {}

  /** In the caller's transaction: no more texts to `change.phone`, and sms.opted-out. */
  async optOut(manager: EntityManager, cause: string, change: SmsConsentChange): Promise<void> {
    await this.suppressions.suppressIn(manager, 'sms', change.phone, change.text ? `texted "${change.text.trim()}"` : 'opted out', change.source);
    await this.outbox.enqueue(manager, [event('sms.opted-out', cause, change)]);
  }

  /** In the caller's transaction: texts to `change.phone` resume (whatever suppressed it, a 21610 too), and sms.opted-in. */
  async optIn(manager: EntityManager, cause: string, change: SmsConsentChange): Promise<void> {
    await this.suppressions.liftIn(manager, 'sms', change.phone);
    await this.outbox.enqueue(manager, [event('sms.opted-in', cause, change)]);
  }

  /**
   * Twilio refused a text because the number opted out with Twilio (21610): suppressed, and published once (only
   * when it was not suppressed yet; a suppressed number is not sent to, so a second refusal is rare anyway).
   */
  async optedOutAtProvider(phone: string, refused: { messageId: string; code: string; message: string }, at: Date): Promise<void> {
    const published = await this.dataSource.transaction(async (manager) => {
      if (!(await this.suppressions.suppressIn(manager, 'sms', phone, refused.message, `provider:${refused.code}`))) return false;
      const change: SmsConsentChange = {
        phone,
        source: 'provider-error',
        text: null,
        confirmation: null,
        confirmedBy: null,
        inboundSid: null,
        providerError: refused,
        changedAt: at.toISOString(),
      };
      await this.outbox.enqueue(manager, [event('sms.opted-out', refused.messageId, change)]);
      return true;
    });
    if (published) {
      this.outbox.notify();
      this.logger.log(`${phone} suppressed for SMS: Twilio refused message ${refused.messageId} with ${refused.code}`);
    }
  }
}

function event(type: SmsConsentChangedEvent['type'], cause: string, data: SmsConsentChange): OutgoingEvent {
  const value = { id: smsConsentEventId(cause, type), type, version: 1, occurredAt: data.changedAt, data } as SmsConsentChangedEvent;
  return { topic: Topics.SmsConsentChanged, key: data.phone, value };
}
