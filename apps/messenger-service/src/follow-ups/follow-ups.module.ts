import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { NotificationsModule } from '../notifications/notifications.module';
import { TwilioSignatureGuard } from '../status-callbacks/twilio-signature.guard';
import { FollowUpScheduler } from './follow-up-scheduler';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { InboundSmsController } from './inbound-sms.controller';

/**
 * Follow-ups after a resolution: the scheduler asks, customers answer (inbound SMS, signed email links), a
 * "still having trouble" goes out as incident.feedback through the messenger's outbox. The follow-ups themselves
 * are recorded on the delivery path (FollowUpPlanner, in NotificationsModule).
 */
@Module({
  imports: [NotificationsModule],
  controllers: [FollowUpsController, InboundSmsController],
  providers: [FollowUpsService, FollowUpScheduler, Outbox, TwilioSignatureGuard],
})
export class FollowUpsModule {}
