import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { SelfSubscriptionsController } from './self-subscriptions.controller';
import { SelfSubscriptionsService } from './self-subscriptions.service';

@Module({
  // The subscribers' repository, consent records and outbox SubscribersModule provides.
  imports: [SubscribersModule],
  controllers: [SelfSubscriptionsController],
  providers: [SelfSubscriptionsService],
})
export class SelfSubscriptionsModule {}
