import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { FollowUpPlanner } from './follow-up-planner';
import { FollowUpScheduler } from './follow-up-scheduler';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpsService } from './follow-ups.service';

/**
 * Follow-ups after a resolution: the planner records one when a resolution is delivered (it listens to the send
 * path), the scheduler asks, customers answer (inbound texts, routed here by keywords/, and signed email links), a
 * "still having trouble" goes out as incident.feedback through the messenger's outbox.
 */
@Module({
  imports: [DeliveryModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, FollowUpScheduler, FollowUpPlanner, FollowUpsRepository],
  exports: [FollowUpsService, FollowUpsRepository],
})
export class FollowUpsModule {}
