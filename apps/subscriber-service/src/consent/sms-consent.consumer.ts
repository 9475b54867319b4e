import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SmsConsentChangedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { SmsConsentService } from './sms-consent.service';

/** Kafka adapter: a number opted out of SMS or back in (a keyword she texted, or Twilio's 21610). */
@Controller()
export class SmsConsentConsumer {
  constructor(private readonly smsConsent: SmsConsentService) {}

  @HandleEvent(Topics.SmsConsentChanged)
  async updateOptOutsOnSmsConsentChanged(@Payload() event: SmsConsentChangedEvent): Promise<void> {
    await this.smsConsent.apply(event);
  }
}
