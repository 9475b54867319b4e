import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeferredMessagesRound } from './deferred-round';

/**
 * Quiet hours: the decision is one step of the delivery path (quietHoursDeferral, in DeliveryService); the round
 * that sends deferred messages when her quiet hours end lives here.
 */
@Module({
  imports: [NotificationsModule],
  providers: [DeferredMessagesRound],
})
export class QuietHoursModule {}
