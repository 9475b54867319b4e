import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TwilioSignatureGuard } from '../status-callbacks/twilio-signature.guard';
import { SubscribersViewModule } from '../subscribers/subscribers.module';
import { InboundSmsController } from './inbound-sms.controller';
import { InboundSmsRepository } from './inbound-sms.repository';
import { InboundSmsReviewController } from './inbound-sms-review.controller';
import { InboundSmsService } from './inbound-sms.service';
import { KeywordsService } from './keywords.service';

/**
 * Inbound texts: the signed Twilio webhook, SMS keywords (STOP/START/HELP: suppression, sms.consent-changed, one
 * answer each), texts flagged for review, and the follow-up answers handed to FollowUpsModule.
 */
@Module({
  imports: [DeliveryModule, FollowUpsModule, SubscribersViewModule],
  controllers: [InboundSmsController, InboundSmsReviewController],
  providers: [InboundSmsService, KeywordsService, InboundSmsRepository, TwilioSignatureGuard],
})
export class KeywordsModule {}
