import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { FollowUpPlanner } from '../follow-ups/follow-up-planner';
import { FollowUpsRepository } from '../follow-ups/follow-ups.repository';
import { ProvidersModule } from '../providers/providers.module';
import { SubscribersViewModule } from '../subscribers/subscribers.module';
import { TemplateRenderer } from '../rendering/template-renderer';
import { DeliveryService } from './delivery.service';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { NotificationsConsumer } from './notifications.consumer';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { SuppressionsRepository } from './suppressions.repository';

@Module({
  // Quiet hours are one step of the delivery path; they read her settings from the messenger's copy of her.
  imports: [ProvidersModule, SubscribersViewModule],
  controllers: [MessagesController],
  // The follow-up after a resolution is recorded on the delivery path, so its planner and records live here. The
  // messenger's one outbox lives here too: a 21610 refusal publishes sms.consent-changed with its suppression.
  providers: [
    NotificationsConsumer,
    DeliveryService,
    MessagesRepository,
    SuppressionsRepository,
    SmsOptOutsService,
    Outbox,
    TemplateRenderer,
    FollowUpPlanner,
    FollowUpsRepository,
  ],
  exports: [MessagesRepository, TemplateRenderer, DeliveryService, FollowUpsRepository, SmsOptOutsService, Outbox],
})
export class NotificationsModule {}
