import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { FollowUpScheduler } from './follow-up-scheduler';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';

/**
 * Follow-ups after a resolution: the scheduler asks, customers answer (inbound texts, routed here by keywords/, and
 * signed email links), a "still having trouble" goes out as incident.feedback through the messenger's outbox. The
 * follow-ups themselves are recorded on the delivery path (FollowUpPlanner, in NotificationsModule).
 */
@Module({
  imports: [NotificationsModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, FollowUpScheduler],
  exports: [FollowUpsService],
})
export class FollowUpsModule {}
