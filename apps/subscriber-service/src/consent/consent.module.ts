import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { ConsentRecordsRepository } from './consent-records.repository';
import { SmsConsentConsumer } from './sms-consent.consumer';
import { SmsConsentService } from './sms-consent.service';

/** Consent changes that arrive as events (sms.consent-changed, from the messenger's keywords and provider errors). */
@Module({
  imports: [SubscribersModule],
  controllers: [SmsConsentConsumer],
  providers: [SmsConsentService, ConsentRecordsRepository],
})
export class ConsentModule {}
